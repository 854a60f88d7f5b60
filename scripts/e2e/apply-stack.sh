#!/usr/bin/env bash
# Runs Terraform on one synthesized stack directory with the providers from the local mirror.
#
#   scripts/e2e/apply-stack.sh apply   DIR    init, apply -auto-approve
#   scripts/e2e/apply-stack.sh replan  DIR    plan -detailed-exitcode; fails unless the plan is empty
#   scripts/e2e/apply-stack.sh destroy DIR    destroy -auto-approve
#
# DIR is a cdktf.out/stacks/<stack> directory (or a copy of one); its local backend paths resolve from there, so run
# it on a copy inside a temporary directory when the state must not land in the project.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_env

action="${1:-}"
dir="${2:-}"
[ -n "$action" ] && [ -f "$dir/cdk.tf.json" ] || { echo "usage: $0 apply|replan|destroy STACK_DIR" >&2; exit 2; }
limit="${E2E_TERRAFORM_TIMEOUT:-1200}"

tf() { timeout "$limit" terraform -chdir="$dir" "$@" -input=false -no-color; }

case "$action" in
  apply)
    tf init >"$dir/init.log" 2>&1 || { cat "$dir/init.log" >&2; e2e_fail "terraform init failed in $dir"; }
    tf apply -auto-approve || e2e_fail "terraform apply failed in $dir"
    ;;
  replan)
    rc=0
    tf plan -detailed-exitcode || rc=$?
    case "$rc" in
      0) echo "second plan: no changes" ;;
      2) e2e_fail "the second plan is not empty: applying the stack again would change the resources above" ;;
      *) e2e_fail "terraform plan failed in $dir" ;;
    esac
    ;;
  destroy)
    tf destroy -auto-approve || e2e_fail "terraform destroy failed in $dir"
    ;;
  *) echo "usage: $0 apply|replan|destroy STACK_DIR" >&2; exit 2 ;;
esac
