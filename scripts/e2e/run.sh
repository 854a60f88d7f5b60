#!/usr/bin/env bash
# `npm run test:e2e`: the ladder. For each selected rung, the toolchain it needs (scripts/toolchain.sh), then the rung.
# A rung that cannot run fails; nothing is skipped. Prints the wall time of each step and exits non-zero if any failed.
#
#   npm run test:e2e                      rungs 1 2 3 4
#   npm run test:e2e -- --rung 1 --rung 4 only those (E2E_RUNGS="1 4" does the same)
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

rungs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rung) rungs+=("${2:-}"); shift 2 ;;
    --rung=*) rungs+=("${1#--rung=}"); shift ;;
    -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (use --rung N)" >&2; exit 2 ;;
  esac
done
[ ${#rungs[@]} -gt 0 ] || read -r -a rungs <<<"${E2E_RUNGS:-1 2 3 4}"

declare -A scripts=([1]=rung1-validate.sh [2]=rung2-keycloak.sh [3]=rung3-emulator.sh [4]=rung4-scan.sh)
declare -A titles=(
  [1]="terraform init + validate, real providers"
  [2]="realm on a real Keycloak"
  [3]="cdktf deploy certs app on an AWS emulator"
  [4]="trivy + checkov"
)
for rung in "${rungs[@]}"; do
  [ -n "${scripts[$rung]:-}" ] || { echo "no rung $rung (rungs are 1 2 3 4)" >&2; exit 2; }
done

summary=()
failed=0
for rung in "${rungs[@]}"; do
  echo "=== rung $rung: ${titles[$rung]}"
  start=$SECONDS
  if "$root/scripts/toolchain.sh" "rung$rung"; then
    toolchain=$((SECONDS - start))
    start=$SECONDS
    if "$root/scripts/e2e/${scripts[$rung]}"; then result=passed; else result=FAILED; fi
  else
    toolchain=$((SECONDS - start))
    start=$SECONDS
    result="FAILED (toolchain)"
  fi
  [ "$result" = passed ] || failed=$((failed + 1))
  summary+=("$(printf 'rung %s %-20s toolchain %5ss  rung %5ss  %s' "$rung" "$result" "$toolchain" "$((SECONDS - start))" "${titles[$rung]}")")
done

echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "e2e: $(( ${#rungs[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
