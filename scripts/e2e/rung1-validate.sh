#!/usr/bin/env bash
# Rung 1: every synthesized stack passes `terraform init` and `terraform validate` with the real providers, installed
# from the local mirror only. Runs on a fresh synth in a temporary directory: the project's cdktf.out is untouched,
# and no backend is initialised, so no state file is created anywhere.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_env

work="$(mktemp -d /tmp/mcp-gateway-rung1.XXXXXX)"
trap 'rm -rf "$work"' EXIT
e2e_synth "$work/cdktf.out"
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
    const result = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const d of result.diagnostics) {
      const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
      console.log(`  ${d.severity}: ${d.summary}${where}${d.detail ? ": " + d.detail.split("\n")[0] : ""}`);
    }
    console.log(`${process.argv[2]}: ${result.valid ? "valid" : "INVALID"}, ${result.error_count} error(s), ${result.warning_count} warning(s)`);
    process.exit(result.valid ? 0 : 1);
  ' "$work/$stack.validate.json" "$stack"; then
    cat "$work/$stack.validate.err" >&2
    failures=$((failures + 1))
  fi
  sed -n 's/^- \(Installed\|Using\) \(.*\)$/  provider: \2/p' "$work/$stack.init.log"
done

stray="$(find "$work" -name '*.tfstate' | head -n1)"
[ -z "$stray" ] || e2e_fail "validation created a state file: $stray"
[ "$failures" -eq 0 ] || e2e_fail "$failures stack(s) did not validate"
echo "rung 1: all stacks valid"
