#!/usr/bin/env bash
# `npm run ops` against a stack deployed to the emulator (rung 3 runs it after `cdktf deploy certs app`, before destroy):
# status, logs, credentials and rollback, each with assertions on its output and exit code.
#
#   scripts/e2e/ops-check.sh PROJECT_DIR
#
# PROJECT_DIR is where `cdktf deploy` ran: the CLI reads the outputs with `terraform output -json` in
# PROJECT_DIR/cdktf.out/stacks/{app,certs} (its default), so terraform must be on PATH. AWS_ENDPOINT_URL must name the
# emulator, with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY set as for the deploy. It changes the emulator's state the
# way AWS itself would (a log line, a deployed broken revision, tasks reported running) and leaves the stack
# destroyable; the second `cdktf diff` must run before it (the rollback changes the registry's task definition).
set -euo pipefail

project="$(readlink -f "${1:?usage: ops-check.sh PROJECT_DIR}")"
here="$(cd "$(dirname "$0")" && pwd)"
[ -n "${AWS_ENDPOINT_URL:-}" ] || { echo "ops-check: AWS_ENDPOINT_URL must name the emulator" >&2; exit 2; }
export CI=true NODE_PATH="$project/node_modules" AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
work="$(mktemp -d /tmp/mcp-gateway-ops-check.XXXXXX)"
trap 'rm -rf "$work"' EXIT

fail() { echo "ops-check: FAIL: $*" >&2; exit 1; }
ops() { (cd "$project" && node --import tsx src/ops/main.ts "$@"); }
emulator() { node "$here/ops-emulator.js" "$@"; }
# ops_run NAME ARGS...: runs the CLI, keeps stdout/stderr in $work/NAME.{out,err} and its exit code in $work/NAME.rc.
ops_run() {
  local name="$1"
  shift
  local rc=0
  ops "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  echo "$rc" >"$work/$name.rc"
}
show() { sed 's/^/    /' "$work/$1.out" "$work/$1.err" >&2; }
expect_rc() { [ "$(cat "$work/$1.rc")" = "$2" ] || { show "$1"; fail "$1: exit code $(cat "$work/$1.rc"), expected $2"; }; }
expect_out() { grep -qE -- "$2" "$work/$1.out" || { show "$1"; fail "$1: stdout lacks /$2/"; }; }
expect_no_out() { ! grep -qE -- "$2" "$work/$1.out" || { show "$1"; fail "$1: stdout has /$2/"; }; }

read -r cluster services < <(terraform -chdir="$project/cdktf.out/stacks/app" output -json | node -e '
  const outputs = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(outputs.ecs_cluster_name.value, Object.entries(outputs.ecs_service_names.value).map(([name, ecs]) => `${name}=${ecs}`).join(","));
')
[ -n "$services" ] || fail "the app stack's outputs name no services"
ecs_name() { tr ',' '\n' <<<"$services" | sed -n "s/^$1=//p"; }
registry="$(ecs_name registry)"
[ -n "$registry" ] || fail "no registry service in ecs_service_names ($services)"

echo "ops-check: status before the emulator reports tasks running"
# Services without all their tasks are listed as problems: a warning while the rollout is young (exit 0), an error once
# it has been stuck for 15 minutes (exit 3). moto reports no task running unless MOTO_ECS_SERVICE_RUNNING is set.
ops_run status-pending status
grep -qx "[03]" "$work/status-pending.rc" || { show status-pending; fail "status: exit code $(cat "$work/status-pending.rc"), expected 0 or 3"; }
for entry in ${services//,/ }; do
  name="${entry%%=*}"
  read -r running desired < <(awk -v name="$name" '$1 == name { print $2, $3; exit }' "$work/status-pending.out")
  [ -n "${desired:-}" ] || { show status-pending; fail "status lists no row for service $name"; }
  if [ "$running" -lt "$desired" ]; then expect_out status-pending "^[✗!] service $name: $running of $desired tasks running"; fi
done
expect_out status-pending "^(Aurora|RDS for) PostgreSQL +[a-z0-9-]+ +available"
expect_out status-pending "^registry +[a-z0-9.-]+ +ISSUED"
grep -q "^… reading services" "$work/status-pending.err" || { show status-pending; fail "status: no plain progress line with CI=true"; }

echo "ops-check: status once the tasks run"
# shellcheck disable=SC2046
emulator settle "$cluster" $(tr ',' '\n' <<<"$services" | sed 's/^[^=]*=//')
# moto never marks its deployments COMPLETED, so a rollout-in-progress warning may remain; no service error may.
ops_run status-running status
expect_no_out status-running "^✗ service "
expect_no_out status-running "tasks running"
for entry in ${services//,/ }; do expect_out status-running "^${entry%%=*} +([0-9]+) +\\1 +0 "; done

echo "ops-check: logs"
marker="ops-check-marker-$RANDOM$RANDOM"
emulator log "$cluster" "$registry" "ERROR $marker"
ops_run logs-one logs registry --since 5m
expect_rc logs-one 0
expect_out logs-one "^[0-9T:.-]+Z registry +main/01234567 +ERROR $marker$"
ops_run logs-all logs all --since 5m --filter "$marker"
expect_rc logs-all 0
expect_out logs-all "registry .*$marker"
ops_run logs-none logs all --since 5m --filter "no-such-$marker"
expect_rc logs-none 0
expect_no_out logs-none "$marker"
ops_run logs-unknown logs no-such-service
expect_rc logs-unknown 2

echo "ops-check: credentials (values hidden unless asked)"
ops_run credentials credentials
expect_rc credentials 0
expect_out credentials "output: +secret_key_secret_arn"
expect_out credentials "secret: +arn:aws:secretsmanager:"
expect_no_out credentials "^  value:"

echo "ops-check: rollback after a broken release"
good_image="$(emulator image "$cluster" "$registry")"
bad_revision="$(emulator bad-revision "$cluster" "$registry")"
[ "$(emulator image "$cluster" "$registry")" != "$good_image" ] || fail "the broken release did not change the image"
ops_run rollback-dry rollback registry --dry-run
expect_rc rollback-dry 0
expect_out rollback-dry "$bad_revision → "
[ "$(emulator revision "$cluster" "$registry")" = "$bad_revision" ] || fail "rollback --dry-run changed the service"
emulator settle "$cluster" "$registry"
ops_run rollback rollback registry --timeout 5m
expect_rc rollback 0
expect_out rollback "deregistered: its definition is registered again"
grep -q "steady on" "$work/rollback.err" || { show rollback; fail "rollback: no steady-state line"; }
[ "$(emulator image "$cluster" "$registry")" = "$good_image" ] || fail "after rollback the registry runs $(emulator image "$cluster" "$registry"), not $good_image"
[ "$(emulator revision "$cluster" "$registry")" != "$bad_revision" ] || fail "rollback left the service on $bad_revision"

echo "ops-check: status, logs, credentials and rollback behave against the emulator"
