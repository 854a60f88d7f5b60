#!/usr/bin/env bash
# Rung 3: `cdktf deploy certs app` against moto, an AWS emulator on 127.0.0.1, with the local backend, so the certs ->
# app hand-off travels through real state files. Then: assertions through the emulator's APIs
# (scripts/e2e/emulator_check.py), an empty second plan for each stack, destroy refused with `deletionProtection: true`
# (state unchanged), `npm run ops` against the deployment (scripts/e2e/ops-check.sh), `cdktf destroy app certs`, and a
# check that nothing is left. Then the same for the lean profile's infrastructure choices
# (config/examples/emulator-lean.yaml; E2E_LEAN_CHOICES=0 skips it), and for the production profile's
# (config/examples/emulator-production.yaml; E2E_PRODUCTION_CHOICES=0 skips it). E2E_EMULATOR_CONFIG with both set to 0
# runs the rung for one profile alone. With E2E_EXISTING_VPC=1 it then deploys the
# emulator profile again into a VPC it creates in the emulator first (network.existing; scripts/e2e/existing_vpc.py),
# checks that VPC is untouched, and destroys again.
#
# Runs in a copy of the project in a temporary directory, so neither the project's cdktf.out nor any state file of a
# real deployment in the project directory is touched. The configuration is the emulator profile
# (E2E_EMULATOR_CONFIG, default config/examples/emulator.yaml) with its `emulator.endpoint` replaced by a free port
# the kernel picks for this run, so runs on one machine never talk to each other's emulator.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_env

profile="$(readlink -f "${E2E_EMULATOR_CONFIG:-$E2E_ROOT/config/examples/emulator.yaml}")"
work="$(mktemp -d /tmp/mcp-gateway-rung3.XXXXXX)"
port="$(e2e_free_port)"
endpoint="http://127.0.0.1:$port"
# for_this_run SOURCE TARGET: the profile SOURCE as given, but pointing at this run's emulator; prints its hosted zone
# and region.
for_this_run() {
  node -e '
    const fs = require("fs"), { parse, stringify } = require("yaml");
    const [source, target, endpoint] = process.argv.slice(1);
    const config = parse(fs.readFileSync(source, "utf8"));
    if (!config.emulator?.endpoint) { console.error(`${source} sets no emulator.endpoint`); process.exit(1); }
    config.emulator.endpoint = endpoint;
    fs.writeFileSync(target, stringify(config));
    console.log(config.domains.hostedZone ?? config.domains.baseDomain, config.region);
  ' "$1" "$2" "$endpoint" || e2e_fail "cannot read the emulator profile $1"
}
read -r zone region < <(for_this_run "$profile" "$work/emulator-profile.yaml")
moto_pid=""
cleanup() {
  if [ -n "$moto_pid" ] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  if [ -n "${E2E_KEEP_LOGS:-}" ]; then e2e_log "rung 3 work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if curl -s -o /dev/null --max-time 2 "$endpoint"; then
  e2e_fail "something took the free port $port before moto could; run the rung again"
fi
e2e_log "starting the emulator (moto) on 127.0.0.1:$port"
# moto reads CloudWatch requests in the JSON protocol of the JavaScript SDK (npm run ops) only with a model that declares
# it (emulator_check.py, cloudwatch_json_model says why); that model lives in the HOME moto_server is given.
"$E2E_VENV/bin/python" "$E2E_ROOT/scripts/e2e/emulator_check.py" cloudwatch-json-model "$work/moto-home" ||
  e2e_fail "cannot write the CloudWatch model for moto"
# moto's server answers a request the SDK re-sends after a lost answer with that answer (emulator_server.py says
# why); every request that reaches moto is recorded, so the rung can report re-sent requests (amz-sdk-request attempt).
HOME="$work/moto-home" MOTO_ACM_VALIDATION_WAIT=0 MOTO_IAM_LOAD_MANAGED_POLICIES=true \
  MOTO_ENABLE_RECORDING=true MOTO_RECORDER_FILEPATH="$work/moto-requests.jsonl" \
  "$E2E_VENV/bin/python" "$E2E_ROOT/scripts/e2e/emulator_server.py" "$port" "$work/emulator-replays.log" >"$work/moto.log" 2>&1 &
moto_pid=$!
e2e_wait_http "$endpoint/moto-api/" 60 || { cat "$work/moto.log" >&2; e2e_fail "the emulator (moto) did not start"; }

# The JavaScript SDK (npm run ops) reads AWS_REGION, the CLI and boto3 AWS_DEFAULT_REGION.
export AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=emulator AWS_SECRET_ACCESS_KEY=emulator AWS_DEFAULT_REGION="$region" AWS_REGION="$region"
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN
check() { "$E2E_VENV/bin/python" "$E2E_ROOT/scripts/e2e/emulator_check.py" "$@"; }
existing_vpc() { "$E2E_VENV/bin/python" "$E2E_ROOT/scripts/e2e/existing_vpc.py" "$@"; }
check create-zone "$zone"

# A copy of the project: tracked and untracked-but-not-ignored files, plus generated bindings if present.
mkdir -p "$work/project"
# node_modules is linked, never copied: where it is itself a symlink, .gitignore's `node_modules/` does not match it.
(cd "$E2E_ROOT" && git ls-files -z -co --exclude-standard -- . ':(exclude)node_modules' | tar --null -T - -cf - | tar -xf - -C "$work/project")
[ -d "$E2E_ROOT/.gen" ] && cp -r "$E2E_ROOT/.gen" "$work/project/.gen"
ln -sfn "$(readlink -f "$E2E_ROOT/node_modules")" "$work/project/node_modules"
cp "$work/emulator-profile.yaml" "$work/project/emulator-profile.yaml"
export MCP_GATEWAY_CONFIG="$work/project/emulator-profile.yaml"

cdktf() {
  local log="$work/cdktf-$1-$(date +%s%N).log"
  if ! (cd "$work/project" && timeout "${E2E_CDKTF_TIMEOUT:-2400}" npx --no-install cdktf "$@" >"$log" 2>&1); then
    tail -n 80 "$log" >&2
    return 1
  fi
  printf '%s\n' "$log"
}

# deploy_stacks WHAT: `cdktf deploy certs app` of the profile MCP_GATEWAY_CONFIG names; sets deploy_log, certs_state
# and app_state.
deploy_stacks() {
  e2e_log "cdktf deploy certs app ($1)"
  if ! deploy_log="$(cdktf deploy certs app --auto-approve --skip-provider-lock)"; then
    [ -d "$work/project/cdktf.out/stacks" ] && e2e_require_providers "$work/project/cdktf.out"
    e2e_fail "cdktf deploy certs app failed ($1)"
  fi
  grep -E "Apply complete!" "$deploy_log" | sed 's/^/  /' || true
  certs_state="$(e2e_state_file "$work/project/cdktf.out" certs)" && app_state="$(e2e_state_file "$work/project/cdktf.out" app)" ||
    e2e_fail "cannot tell where the stacks keep their state"
}

# verify_deployed WHAT: every synthesized resource is in the emulator as the state records it (emulator_check.py).
verify_deployed() {
  check deployed --state certs="$certs_state" --state app="$app_state" \
    --synth certs="$work/project/cdktf.out/stacks/certs/cdk.tf.json" --synth app="$work/project/cdktf.out/stacks/app/cdk.tf.json" ||
    e2e_fail "the emulator does not hold what the stacks declare ($1)"
}

deploy_stacks "emulator profile"
verify_deployed "emulator profile"

# second_plan_empty: the second plan must be empty: `terraform plan` on the stacks `cdktf deploy` just synthesized and
# applied (what `cdktf diff` runs, without synthesizing again). Where it is not, the same plan is read as JSON: it
# passes only if every change follows from a difference between moto and AWS listed in emulator_check.py
# (EMULATOR_DEVIATIONS).
second_plan_empty() {
  local stack stack_dir rc
  for stack in certs app; do
    stack_dir="$work/project/cdktf.out/stacks/$stack"
    rc=0
    timeout 600 terraform -chdir="$stack_dir" plan -input=false -no-color -lock=false -detailed-exitcode \
      -out=second.tfplan >"$work/second-plan-$stack.log" 2>&1 || rc=$?
    case "$rc" in
      0) echo "  second plan $stack: no changes"; continue ;;
      2) ;;
      *) tail -n 40 "$work/second-plan-$stack.log" >&2; e2e_fail "the second terraform plan of $stack failed ($1)" ;;
    esac
    terraform -chdir="$stack_dir" show -json second.tfplan >"$work/second-plan-$stack.json"
    echo "  second plan $stack is not empty; every change must follow from a known emulator deviation:"
    check second-plan "$work/second-plan-$stack.json" || e2e_fail "the second plan of $stack is not empty ($1)"
  done
}
second_plan_empty "emulator profile"

# Destroy protection: the same profile with `deletionProtection: true`, synthesized next to cdktf.out (so the stacks'
# relative state paths name the same files), must make `terraform apply -destroy` (what `cdktf destroy --auto-approve`
# runs) fail at the plan on lifecycle.prevent_destroy, for every protected resource in the state and for nothing else,
# with both state files byte-identical afterwards. Only the app stack holds stateful resources; `cdktf destroy app
# certs` stops there.
e2e_log "destroy with deletionProtection: true (must be refused, state unchanged)"
protected_started=$SECONDS
node -e '
  const fs = require("fs"), { parse, stringify } = require("yaml");
  const [source, target] = process.argv.slice(1);
  fs.writeFileSync(target, stringify({ ...parse(fs.readFileSync(source, "utf8")), deletionProtection: true }));
' "$MCP_GATEWAY_CONFIG" "$work/project/protected-profile.yaml"
(cd "$work/project" && MCP_GATEWAY_CONFIG="$work/project/protected-profile.yaml" \
  timeout 600 npx --no-install cdktf synth --output cdktf.protected.out >"$work/protected-synth.log" 2>&1) ||
  { tail -n 40 "$work/protected-synth.log" >&2; e2e_fail "cdktf synth with deletionProtection: true failed"; }
protected_app="$work/project/cdktf.protected.out/stacks/app"
[ "$(e2e_state_file "$work/project/cdktf.protected.out" app)" = "$app_state" ] &&
  [ "$(e2e_state_file "$work/project/cdktf.protected.out" certs)" = "$certs_state" ] ||
  e2e_fail "the protected synthesis does not use the deployed stacks' state files"
state_sums_before="$(sha256sum "$certs_state" "$app_state")"
timeout 300 terraform -chdir="$protected_app" init -input=false -no-color >"$work/protected-init.log" 2>&1 ||
  { tail -n 40 "$work/protected-init.log" >&2; e2e_fail "terraform init of the protected app stack failed"; }
rc=0
timeout 900 terraform -chdir="$protected_app" apply -destroy -auto-approve -input=false -no-color \
  >"$work/protected-destroy.log" 2>&1 || rc=$?
[ "$rc" -ne 0 ] || e2e_fail "destroy with deletionProtection: true succeeded (the emulator has lost the app stack)"
node "$E2E_ROOT/scripts/e2e/destroy-refusal.js" --log "$work/protected-destroy.log" \
  --synth "$protected_app/cdk.tf.json" --state "$app_state" ||
  { tail -n 60 "$work/protected-destroy.log" >&2; e2e_fail "destroy with deletionProtection: true failed, but not (only) because of prevent_destroy"; }
state_sums_after="$(sha256sum "$certs_state" "$app_state")"
[ "$state_sums_after" = "$state_sums_before" ] ||
  e2e_fail "the refused destroy changed state: before
$state_sums_before
after
$state_sums_after"
echo "  both state files byte-identical after the refused destroy (sha256); $((SECONDS - protected_started)) s"
rm -rf "$work/project/cdktf.protected.out"

# Day-2 commands against the deployment; after the second plan, because the rollback changes the registry's task
# definition in the emulator. They change nothing destroy depends on, so a failure is reported at the end of the rung,
# after destroy (and the optional existing VPC) have been proven too.
e2e_log "npm run ops against the emulator (status, logs, credentials, rollback)"
ops_started=$SECONDS
ops_failed=""
bash "$E2E_ROOT/scripts/e2e/ops-check.sh" "$work/project" || ops_failed=1
echo "  ops checks: $((SECONDS - ops_started)) s${ops_failed:+, FAILED (above); the rung fails after destroy}"

# destroy_stacks: `cdktf destroy app certs` of whatever `cdktf deploy` last applied.
destroy_stacks() {
  local app_dir="$work/project/cdktf.out/stacks/app"
  # moto lacks DeleteFileSystemPolicy. AWS deletes a file system's policy with the file system, so Terraform forgets
  # the policy first and the destroy removes it with the file system; the `destroyed` check confirms nothing is left.
  for address in $(terraform -chdir="$app_dir" state list 2>/dev/null | grep '^aws_efs_file_system_policy\.' || true); do
    terraform -chdir="$app_dir" state rm -lock=false "$address" >/dev/null || e2e_fail "terraform state rm $address failed"
    echo "  $address: left to the file system's deletion (moto lacks DeleteFileSystemPolicy)"
  done
  e2e_log "cdktf destroy app certs"
  cdktf destroy app certs --auto-approve --skip-provider-lock >/dev/null || e2e_fail "cdktf destroy app certs failed"
}

destroy_stacks
check destroyed --zone "$zone" || e2e_fail "destroy left resources in the emulator"
echo "rung 3: deployed certs and app to the emulator, verified, second plan empty but for listed emulator deviations, destroy refused with protection on, destroyed${ops_failed:+ (but npm run ops failed)}"
emulator_profile="$MCP_GATEWAY_CONFIG"

# another_profile WHAT FILE: the profile FILE (under config/examples) deployed next, under its own name prefix, on the
# same emulator: verified, second plan, destroyed.
another_profile() {
  e2e_log "$1: cdktf deploy certs app (config/examples/$2)"
  local started=$SECONDS
  for_this_run "$E2E_ROOT/config/examples/$2" "$work/project/${2%.yaml}-profile.yaml" >/dev/null
  export MCP_GATEWAY_CONFIG="$work/project/${2%.yaml}-profile.yaml"
  # Another name prefix is another state file: Terraform must initialise the stacks afresh, not migrate the first's.
  rm -rf "$work/project/cdktf.out"
  deploy_stacks "$1"
  verify_deployed "$1"
  second_plan_empty "$1"
  destroy_stacks
  check destroyed --zone "$zone" || e2e_fail "destroy left resources in the emulator ($1)"
  echo "rung 3, $1: deployed, verified, second plan empty but for listed emulator deviations, destroyed; $((SECONDS - started)) s"
}

# The lean profile's infrastructure choices (config/examples/emulator-lean.yaml: a NAT instance, one shared load
# balancer, Keycloak's database on a PostgreSQL instance behind RDS Proxy, Spot tasks). E2E_LEAN_CHOICES=0 leaves
# them out.
if [ "${E2E_LEAN_CHOICES:-1}" = 1 ]; then another_profile "lean choices" emulator-lean.yaml; fi
# The production profile's (config/examples/emulator-production.yaml: three zones with a NAT gateway each, the web
# ACL and access log bucket, Aurora with a reader behind RDS Proxy, two tasks per service, the alarm e-mail).
# E2E_PRODUCTION_CHOICES=0 leaves them out.
if [ "${E2E_PRODUCTION_CHOICES:-1}" = 1 ]; then another_profile "production choices" emulator-production.yaml; fi

# Optional (docs/testing.md, "Proving it for real"): a whole second deployment of the emulator profile, about as long as the
# first, into a VPC created for it.
if [ "${E2E_EXISTING_VPC:-0}" = 1 ]; then
  e2e_log "existing VPC: create one in the emulator, then cdktf deploy certs app into it"
  existing_started=$SECONDS
  vpc_record="$work/existing-vpc.json"
  existing_vpc create "$emulator_profile" "$work/project/existing-vpc-profile.yaml" "$vpc_record" >/dev/null ||
    e2e_fail "could not create the existing VPC in the emulator"
  export MCP_GATEWAY_CONFIG="$work/project/existing-vpc-profile.yaml"
  rm -rf "$work/project/cdktf.out"
  deploy_stacks "into the existing VPC"
  verify_deployed "existing VPC"
  existing_vpc check "$vpc_record" || e2e_fail "the deployment changed the existing VPC or put nothing in it"
  destroy_stacks
  existing_vpc delete "$vpc_record" || e2e_fail "could not delete the existing VPC"
  check destroyed --zone "$zone" || e2e_fail "destroy left resources in the emulator (existing VPC)"
  echo "rung 3, existing VPC: deployed into a VPC created first, VPC untouched, destroyed; $((SECONDS - existing_started)) s"
fi

check retries "$work/moto-requests.jsonl" "$work/emulator-replays.log" || e2e_log "could not read the emulator's request recording (a report only)"
[ -z "$ops_failed" ] || e2e_fail "npm run ops against the emulator failed (scripts/e2e/ops-check.sh, above)"
echo "rung 3: npm run ops checked against the emulator"
