#!/usr/bin/env bash
# Rung 1: the synthesized stacks pass `terraform init` and `terraform validate` with the real providers, installed
# from the local mirror only. Two parts, because the keycloak provider cannot be obtained everywhere:
#
#   rung1-validate.sh 1a   certs and app with every resource of the AWS provider: the app stack without the keycloak
#                          provider's blocks (scripts/e2e/without-provider.js says what it removed). Runs in CI.
#   rung1-validate.sh 1b   certs and the full app stack, keycloak provider included. Runs where the mirror holds
#                          keycloak/keycloak; anywhere else it fails and says how to provide it.
#
# Both synthesize the built-in example configuration (E2E_VALIDATE_CONFIG overrides) in a temporary directory: the
# project's cdktf.out is untouched, and no backend is initialised, so no state file is created anywhere. Each prints,
# per stack, how many resources, data sources and ephemeral resources it validated and with which providers.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_env

part="${1:-}"
case "$part" in
  1a | 1b) ;;
  *) echo "usage: $0 1a|1b" >&2; exit 2 ;;
esac

work="$(mktemp -d /tmp/mcp-gateway-rung1.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export MCP_GATEWAY_CONFIG="$(readlink -f "${E2E_VALIDATE_CONFIG:-$E2E_ROOT/config/example.yaml}")"
e2e_synth "$work/cdktf.out"
if [ "$part" = 1a ]; then
  for stack in $(e2e_stacks "$work/cdktf.out"); do
    pruned="$(node "$E2E_ROOT/scripts/e2e/without-provider.js" "$work/cdktf.out/stacks/$stack/cdk.tf.json" keycloak)"
    node -e '
      const { removed, dependsOnEdgesRemoved, replaceTriggersRemoved } = JSON.parse(process.argv[1]);
      const total = Object.values(removed).reduce((a, b) => a + b, 0);
      if (total > 0) console.log(`${process.argv[2]}: left out for rung 1b: ${Object.entries(removed).map(([k, n]) => `${n} keycloak ${k} block(s)`).join(", ")} (and ${dependsOnEdgesRemoved} depends_on, ${replaceTriggersRemoved} replace_triggered_by entries naming them)`);
    ' "$pruned" "$stack"
  done
fi
e2e_require_providers "$work/cdktf.out"

failures=0
for stack in $(e2e_stacks "$work/cdktf.out"); do
  dir="$work/cdktf.out/stacks/$stack"
  if ! timeout 600 terraform -chdir="$dir" init -backend=false -input=false -no-color >"$work/$stack.init.log" 2>&1; then
    cat "$work/$stack.init.log" >&2
    e2e_log "$stack: terraform init failed"
    failures=$((failures + 1))
    continue
  fi
  timeout 600 terraform -chdir="$dir" validate -json -no-color >"$work/$stack.validate.json" 2>"$work/$stack.validate.err" || true
  if ! node -e '
    const fs = require("fs");
    const [resultFile, stackFile, stack] = process.argv.slice(1);
    const result = JSON.parse(fs.readFileSync(resultFile, "utf8"));
    for (const d of result.diagnostics) {
      const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
      console.log(`  ${d.severity}: ${d.summary}${where}${d.detail ? ": " + d.detail.split("\n")[0] : ""}`);
    }
    const json = JSON.parse(fs.readFileSync(stackFile, "utf8"));
    const count = (kind) => Object.values(json[kind] ?? {}).reduce((n, blocks) => n + Object.keys(blocks).length, 0);
    const providers = Object.entries(json.terraform?.required_providers ?? {}).map(([, p]) => `${p.source} ${p.version}`);
    const covered = `${count("resource")} resources, ${count("data")} data sources, ${count("ephemeral")} ephemeral resources; providers: ${providers.join(", ")}`;
    console.log(`${stack}: ${result.valid ? "valid" : "INVALID"}, ${result.error_count} error(s), ${result.warning_count} warning(s); ${covered}`);
    process.exit(result.valid && count("resource") > 0 ? 0 : 1);
  ' "$work/$stack.validate.json" "$dir/cdk.tf.json" "$stack"; then
    cat "$work/$stack.validate.err" >&2
    failures=$((failures + 1))
  fi
  sed -n 's/^- \(Installed\|Using\) \(.*\)$/  provider: \2/p' "$work/$stack.init.log"
done

stray="$(find "$work" -name '*.tfstate' | head -n1)"
[ -z "$stray" ] || e2e_fail "validation created a state file: $stray"
[ "$failures" -eq 0 ] || e2e_fail "$failures stack(s) did not validate"
case "$part" in
  1a) echo "rung 1a: certs and app valid with every AWS provider resource (keycloak provider's blocks left to rung 1b)" ;;
  1b) echo "rung 1b: certs and the full app stack valid, keycloak provider included" ;;
esac
