#!/usr/bin/env bash
# Rung 4: trivy (built-in checks, no download) and checkov scan every synthesized stack of the default configuration
# and of the lean profile (config/examples/lean.yaml); any finding not suppressed
# with a justification in security/suppressions.yaml fails the rung.
#
# Both scan cdk.tf.json, what Terraform applies. cdktf's HCL rendering (`synth --hcl`) is no alternative: it garbles
# JSON strings that contain references (IAM and KMS policies, dashboards), and trivy then skips the whole file.
# Known scanner defects, handled here:
# - checkov's terraform_json parser crashes on terraform.required_version (checkov issue #7454) and on `moved` blocks,
#   and then reports the stack as clean: checkov scans a copy without those (a moved block only renames a state address;
#   it configures nothing a check could judge), and a parse error counts as a finding.
# - trivy v0.74 does not read some nested blocks written as Terraform JSON (seen: an ECS cluster's `setting`, an HTTP
#   listener's `default_action.redirect`), so it reports those settings as missing. Such findings are suppressed as
#   scanner errors, each named in security/suppressions.yaml; checkov reads the same blocks correctly.
# - A file either scanner cannot parse fails the rung instead of passing unscanned.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_env

suppressions="${E2E_SUPPRESSIONS:-$E2E_ROOT/security/suppressions.yaml}"
work="$(mktemp -d /tmp/mcp-gateway-rung4.XXXXXX)"
trap 'rm -rf "$work"' EXIT
reports=()
# scan_configuration LABEL [CONFIG]: synthesizes CONFIG (the built-in example configuration when absent) and scans its
# stacks, naming them LABEL-STACK in the report.
scan_configuration() {
  local label="$1" outdir="$work/$1/cdktf.out" stack source_json scan_dir rc
  mkdir -p "$work/$label"
  if [ -n "${2:-}" ]; then MCP_GATEWAY_CONFIG="$2" e2e_synth "$outdir"; else e2e_synth "$outdir"; fi
  for stack in $(e2e_stacks "$outdir"); do
    source_json="$outdir/stacks/$stack/cdk.tf.json"
    scan_dir="$work/$label/scan/$stack"
    mkdir -p "$scan_dir"
    node -e '
      const fs = require("fs");
      const stack = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      if (stack.terraform && "required_version" in stack.terraform) {
        delete stack.terraform.required_version;
        console.error("  (checkov copy without terraform.required_version, checkov issue #7454)");
      }
      if ("moved" in stack) {
        delete stack.moved;
        console.error("  (checkov copy without its moved blocks, which its terraform_json parser cannot read)");
      }
      fs.writeFileSync(process.argv[2], JSON.stringify(stack, null, 2) + "\n");
    ' "$source_json" "$scan_dir/cdk.tf.json"

    timeout 600 trivy config --skip-check-update --format json --output "$work/$label/trivy-$stack.json" \
      "$outdir/stacks/$stack" 2>"$work/$label/trivy-$stack.log" ||
      { cat "$work/$label/trivy-$stack.log" >&2; e2e_fail "trivy could not scan $label $stack"; }
    if grep -q "Error parsing file" "$work/$label/trivy-$stack.log"; then
      grep "Error parsing file" "$work/$label/trivy-$stack.log" >&2
      e2e_fail "trivy could not parse $label $stack"
    fi
    # Exit code 1 means failed checks, which the gate evaluates; anything else is checkov failing to run.
    rc=0
    timeout 600 checkov --directory "$scan_dir" --framework terraform_json --output json --quiet --compact \
      --skip-download >"$work/$label/checkov-$stack.json" 2>"$work/$label/checkov-$stack.err" || rc=$?
    [ "$rc" -le 1 ] || { cat "$work/$label/checkov-$stack.err" >&2; e2e_fail "checkov could not scan $label $stack (exit $rc)"; }
    reports+=(--report "trivy:$label-$stack:$work/$label/trivy-$stack.json:$source_json")
    reports+=(--report "checkov:$label-$stack:$work/$label/checkov-$stack.json:$scan_dir/cdk.tf.json")
  done
}

# The default configuration, and the lean profile, whose choices (a NAT instance, one load balancer, a PostgreSQL
# instance, no flow logs) bring resources the default does not have. One gate over both: a suppression is stale only
# when it matches nothing in either.
scan_configuration default
scan_configuration lean "$E2E_ROOT/config/examples/lean.yaml"

echo "trivy $(trivy --version | sed -n 's/^Version: //p'), checkov $(checkov --version)"
node "$E2E_ROOT/scripts/e2e/scan-gate.js" --suppressions "$suppressions" "${reports[@]}"
echo "rung 4: no unsuppressed finding"
