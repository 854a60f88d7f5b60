#!/usr/bin/env bash
# `npm run test:e2e`: the ladder. For each selected rung, the toolchain it needs (scripts/toolchain.sh), then the rung.
# A rung that cannot run fails; nothing is skipped. Prints the wall time of each step and exits non-zero if any failed.
#
#   npm run test:e2e                        rungs 1a 1b 2 3 4
#   npm run test:e2e -- --rung 1a --rung 4  only those (E2E_RUNGS="1a 4" does the same); --rung 1 means 1a and 1b
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

rungs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rung) rungs+=("${2:-}"); shift 2 ;;
    --rung=*) rungs+=("${1#--rung=}"); shift ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (use --rung N)" >&2; exit 2 ;;
  esac
done
[ ${#rungs[@]} -gt 0 ] || read -r -a rungs <<<"${E2E_RUNGS:-1a 1b 2 3 4}"
expanded=()
for rung in "${rungs[@]}"; do
  if [ "$rung" = 1 ]; then expanded+=(1a 1b); else expanded+=("$rung"); fi
done
rungs=("${expanded[@]}")

declare -A scripts=([1a]="rung1-validate.sh 1a" [1b]="rung1-validate.sh 1b" [2]=rung2-keycloak.sh [3]=rung3-emulator.sh [4]=rung4-scan.sh)
declare -A titles=(
  [1a]="terraform init + validate, real AWS provider, all but the keycloak provider's blocks"
  [1b]="terraform init + validate, real AWS and keycloak providers, everything"
  [2]="realm on a real Keycloak"
  [3]="cdktf deploy certs app on an AWS emulator"
  [4]="trivy + checkov"
)
for rung in "${rungs[@]}"; do
  [ -n "${scripts[$rung]:-}" ] || { echo "no rung $rung (rungs are 1a 1b 2 3 4; 1 means 1a and 1b)" >&2; exit 2; }
done

summary=()
failed=0
for rung in "${rungs[@]}"; do
  echo "=== rung $rung: ${titles[$rung]}"
  start=$SECONDS
  if "$root/scripts/toolchain.sh" "rung$rung"; then
    toolchain=$((SECONDS - start))
    start=$SECONDS
    read -r -a command <<<"${scripts[$rung]}"
    if "$root/scripts/e2e/${command[0]}" "${command[@]:1}"; then result=passed; else result=FAILED; fi
  else
    toolchain=$((SECONDS - start))
    start=$SECONDS
    result="FAILED (toolchain)"
  fi
  [ "$result" = passed ] || failed=$((failed + 1))
  summary+=("$(printf 'rung %-2s %-20s toolchain %5ss  rung %5ss  %s' "$rung" "$result" "$toolchain" "$((SECONDS - start))" "${titles[$rung]}")")
done

echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "e2e: $(( ${#rungs[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
