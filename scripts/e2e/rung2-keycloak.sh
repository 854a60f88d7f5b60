#!/usr/bin/env bash
# Rung 2: the deployment's Keycloak configuration on a real Keycloak. Starts PostgreSQL and Keycloak on 127.0.0.1
# (bootstrapped with Terraform's admin client, as the task definition does), synthesizes the realm test stack (the app
# stack's code path), applies it with Terraform and the real keycloak/keycloak provider, asserts through Keycloak's
# own HTTP APIs (__tests__/e2e/keycloak-realm.e2e.ts), rotates the client secrets and asserts again, requires an
# empty second plan, destroys, and checks the realm is gone.
#
# E2E_REALM_FRESH_APPLIES=N (default 1) applies the stack to an empty state N times in a row, destroying in between,
# before the run above: a race between realm resources shows up as a failed fresh apply.
#
# E2E_REALM_APP names the program that synthesizes the realm test stack: it must write the stack into $CDKTF_OUTDIR
# (cdktf's App does so by itself) and the ExpectedRealm model (__tests__/e2e/expected-realm.ts) as JSON into
# $E2E_EXPECTED_REALM. It reads the server's URL and Terraform's client from KEYCLOAK_URL and
# KEYCLOAK_BOOTSTRAP_CLIENT_ID. The stack's variables are filled in here: keycloak_terraform_client_secret with the
# bootstrapped client's secret, every other sensitive variable (passwords, client secrets) with a fresh random value.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/keycloak-harness.sh"
e2e_env

realm_app="${E2E_REALM_APP:-$E2E_ROOT/__tests__/e2e/keycloak-realm-app.ts}"
[ -f "$realm_app" ] || e2e_fail "rung 2 needs the realm test stack program $realm_app (E2E_REALM_APP): it synthesizes
  the project's Keycloak realm constructs into a stack aimed at the local Keycloak and writes the expected model"

work="$(mktemp -d /tmp/mcp-gateway-rung2.XXXXXX)"
trap 'kc_harness_stop; rm -rf "$work"' EXIT
kc_harness_start

export E2E_EXPECTED_REALM="$work/expected-realm.json"
(cd "$E2E_ROOT" && CDKTF_OUTDIR="$work/cdktf.out" node --import tsx "$realm_app") || e2e_fail "synthesizing the realm test stack failed"
[ -f "$E2E_EXPECTED_REALM" ] || e2e_fail "$realm_app did not write the expected realm to \$E2E_EXPECTED_REALM"
realm="$(node -p 'require(process.argv[1]).realm' "$E2E_EXPECTED_REALM")"
stacks=("$work"/cdktf.out/stacks/*)
[ -d "${stacks[0]}" ] || e2e_fail "$realm_app synthesized no stack"

# Variables reach Terraform through TF_VAR_*, never on a command line or in a file.
random_value() { printf 'E2e-%s-7q' "$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"; }
variables=()
while IFS= read -r variable; do
  variables+=("$variable")
  if [ "$variable" = keycloak_terraform_client_secret ]; then
    export "TF_VAR_$variable=$KEYCLOAK_BOOTSTRAP_CLIENT_SECRET"
  else
    export "TF_VAR_$variable=$(random_value)"
  fi
done < <(node -e '
  const fs = require("fs");
  for (const dir of process.argv.slice(1)) {
    const variables = JSON.parse(fs.readFileSync(dir + "/cdk.tf.json", "utf8")).variable ?? {};
    for (const [name, spec] of Object.entries(variables)) {
      if ("default" in spec) continue;
      if (!spec.sensitive) { console.error(`variable ${name} has no default and is not a password: rung 2 cannot fill it`); process.exit(1); }
      console.log(name);
    }
  }
' "${stacks[@]}") || e2e_fail "the realm test stack declares variables rung 2 cannot fill"

# Terraform logs in as the bootstrapped client only: the harness admin's KEYCLOAK_USER/PASSWORD (which the provider
# would read from the environment) are for the assertions.
terraform_stack() { env -u KEYCLOAK_USER -u KEYCLOAK_PASSWORD -u KEYCLOAK_CLIENT_ID -u KEYCLOAK_CLIENT_SECRET "$E2E_ROOT/scripts/e2e/apply-stack.sh" "$@"; }
apply_all() { for stack in "${stacks[@]}"; do terraform_stack apply "$stack"; done; }
destroy_all() { for ((index = ${#stacks[@]} - 1; index >= 0; index--)); do terraform_stack destroy "${stacks[$index]}"; done; }
assert_realm() {
  (cd "$E2E_ROOT" && npx --no-install jest --config jest.e2e.config.js --runTestsByPath __tests__/e2e/keycloak-realm.e2e.ts) ||
    e2e_fail "the realm on the server is not what the model says ($1)"
}

fresh="${E2E_REALM_FRESH_APPLIES:-1}"
for ((run = 1; run < fresh; run++)); do
  started=$SECONDS
  apply_all >"$work/fresh-apply.log" 2>&1 || { tail -n 60 "$work/fresh-apply.log" >&2; e2e_fail "fresh apply $run of $fresh failed"; }
  destroy_all >"$work/fresh-destroy.log" 2>&1 || { tail -n 60 "$work/fresh-destroy.log" >&2; e2e_fail "destroy after fresh apply $run failed"; }
  e2e_log "fresh apply $run of $fresh: applied and destroyed in $((SECONDS - started))s"
done
started=$SECONDS
apply_all
e2e_log "fresh apply $fresh of $fresh: applied in $((SECONDS - started))s"
assert_realm "after the first apply"

# One rotation of the client secrets: new values, a new version; Keycloak must hold the new ones and refuse the old.
for variable in "${variables[@]}"; do
  case "$variable" in
    keycloak_client_secret_*)
      previous="TF_VAR_$variable"
      export "E2E_PREVIOUS_TF_VAR_$variable=${!previous}"
      export "TF_VAR_$variable=$(random_value)"
      ;;
  esac
done
export TF_VAR_keycloak_client_secret_version=2
apply_all
assert_realm "after rotating the client secrets"
for stack in "${stacks[@]}"; do terraform_stack replan "$stack"; done
destroy_all

admin_token="$(curl -fsS --max-time 15 -d grant_type=password -d client_id=admin-cli \
  --data-urlencode "username=$KEYCLOAK_USER" --data-urlencode "password=$KEYCLOAK_PASSWORD" \
  "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))')"
status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 15 -H "authorization: Bearer $admin_token" "$KEYCLOAK_URL/admin/realms/$realm")"
[ "$status" = 404 ] || e2e_fail "after destroy, GET /admin/realms/$realm answered $status instead of 404"
echo "rung 2: realm $realm applied, verified through Keycloak's APIs, re-planned empty and destroyed"
