# Starts PostgreSQL and Keycloak on 127.0.0.1 for rung 2, and stops both on exit. Sourced, after lib.sh.
#
# Keycloak runs in production mode (`start --optimized`, built by the toolchain with --db=postgres
# --health-enabled=true) against PostgreSQL, the engine the deployment uses, so the realm is applied to the same
# server configuration users run, not to start-dev's relaxed defaults. The only differences from a deployment:
# plain HTTP on loopback (TLS ends at the load balancer there too), a lax hostname check for the loopback URL, and a
# local cache instead of a cluster (no JGroups discovery on the test machine's network).
#
# The caller stops both with kc_harness_stop, from its EXIT trap.
# Keycloak bootstraps, as a deployment's task definition does, an admin service account (KC_BOOTSTRAP_ADMIN_CLIENT_ID/
# SECRET, the client Terraform logs in as), and also an admin user for the assertions.
# After kc_harness_start these are exported (the Keycloak Terraform provider reads the KEYCLOAK_* ones):
#   KEYCLOAK_URL, KEYCLOAK_CLIENT_ID, KEYCLOAK_REALM, KEYCLOAK_USER, KEYCLOAK_PASSWORD, KEYCLOAK_MANAGEMENT_URL,
#   KEYCLOAK_BOOTSTRAP_CLIENT_ID (E2E_KEYCLOAK_BOOTSTRAP_CLIENT_ID, default mcp-gateway-terraform), KEYCLOAK_BOOTSTRAP_CLIENT_SECRET

kc_harness_dir=""
kc_harness_keycloak_pid=""

kc_harness_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

kc_harness_stop() {
  [ -n "$kc_harness_dir" ] || return 0
  if [ -n "$kc_harness_keycloak_pid" ] && kill -0 "$kc_harness_keycloak_pid" 2>/dev/null; then
    kill "$kc_harness_keycloak_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$kc_harness_keycloak_pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$kc_harness_keycloak_pid" 2>/dev/null || true
  fi
  if [ -f "$kc_harness_dir/pg/postmaster.pid" ]; then
    kc_harness_as_postgres "$E2E_PG_BIN/pg_ctl" -D "$kc_harness_dir/pg" -m fast -t 60 stop >/dev/null 2>&1 || true
  fi
  if [ -n "${E2E_KEEP_LOGS:-}" ]; then
    e2e_log "harness logs kept in $kc_harness_dir"
  else
    rm -rf "$kc_harness_dir"
  fi
  kc_harness_dir=""
}

kc_harness_start() {
  E2E_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [ -x "$E2E_PG_BIN/initdb" ] || e2e_fail "PostgreSQL server binaries not found (scripts/toolchain.sh postgres)"
  [ -f "$E2E_KEYCLOAK_HOME/.built" ] || e2e_fail "Keycloak $E2E_KEYCLOAK_VERSION not installed (scripts/toolchain.sh keycloak-server)"
  kc_harness_dir="$(mktemp -d /tmp/mcp-gateway-keycloak.XXXXXX)"
  chmod 755 "$kc_harness_dir"

  local pg_port db_password
  pg_port="$(e2e_free_port)"
  db_password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  mkdir -p "$kc_harness_dir/pg" "$kc_harness_dir/pg-socket"
  printf '%s\n' "$db_password" >"$kc_harness_dir/pg-password"
  chmod 600 "$kc_harness_dir/pg-password"
  [ "$(id -u)" = 0 ] && chown postgres: "$kc_harness_dir/pg" "$kc_harness_dir/pg-socket" "$kc_harness_dir/pg-password"
  kc_harness_as_postgres "$E2E_PG_BIN/initdb" -D "$kc_harness_dir/pg" -U keycloak --auth=scram-sha-256 \
    --pwfile="$kc_harness_dir/pg-password" --encoding=UTF8 --no-sync >"$kc_harness_dir/initdb.log" 2>&1 ||
    { cat "$kc_harness_dir/initdb.log" >&2; e2e_fail "initdb failed"; }
  kc_harness_as_postgres "$E2E_PG_BIN/pg_ctl" -D "$kc_harness_dir/pg" -l "$kc_harness_dir/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $kc_harness_dir/pg-socket -c fsync=off" start >/dev/null ||
    { cat "$kc_harness_dir/pg/server.log" >&2; e2e_fail "PostgreSQL did not start"; }
  PGPASSWORD="$db_password" "$E2E_PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U keycloak -d postgres -q \
    -c "CREATE DATABASE keycloak" >/dev/null || e2e_fail "creating the keycloak database failed"

  local http_port management_port admin_password client_secret client_id="${E2E_KEYCLOAK_BOOTSTRAP_CLIENT_ID:-mcp-gateway-terraform}"
  http_port="$(e2e_free_port)"
  management_port="$(e2e_free_port)"
  admin_password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  client_secret="$(head -c 36 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  e2e_log "starting Keycloak $E2E_KEYCLOAK_VERSION on 127.0.0.1:$http_port (PostgreSQL on 127.0.0.1:$pg_port)"
  (
    export JAVA_HOME="${JAVA_HOME:-$E2E_JAVA_HOME_DEFAULT}"
    export KC_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/keycloak"
    export KC_DB_USERNAME=keycloak KC_DB_PASSWORD="$db_password"
    export KC_BOOTSTRAP_ADMIN_USERNAME=e2e-admin KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password"
    export KC_BOOTSTRAP_ADMIN_CLIENT_ID="$client_id" KC_BOOTSTRAP_ADMIN_CLIENT_SECRET="$client_secret"
    exec "$E2E_KEYCLOAK_HOME/bin/kc.sh" start --optimized \
      --http-enabled=true --http-host=127.0.0.1 --http-port="$http_port" \
      --http-management-host=127.0.0.1 --http-management-port="$management_port" \
      --hostname-strict=false --cache=local
  ) >"$kc_harness_dir/keycloak.log" 2>&1 &
  kc_harness_keycloak_pid=$!

  export KEYCLOAK_URL="http://127.0.0.1:$http_port"
  export KEYCLOAK_MANAGEMENT_URL="http://127.0.0.1:$management_port"
  export KEYCLOAK_CLIENT_ID=admin-cli KEYCLOAK_REALM=master KEYCLOAK_USER=e2e-admin KEYCLOAK_PASSWORD="$admin_password"
  export KEYCLOAK_BOOTSTRAP_CLIENT_ID="$client_id" KEYCLOAK_BOOTSTRAP_CLIENT_SECRET="$client_secret"
  local started=$SECONDS
  until curl -fsS -o /dev/null --max-time 5 "$KEYCLOAK_MANAGEMENT_URL/health/ready" 2>/dev/null; do
    if ! kill -0 "$kc_harness_keycloak_pid" 2>/dev/null; then
      tail -n 40 "$kc_harness_dir/keycloak.log" >&2
      e2e_fail "Keycloak exited during startup"
    fi
    if [ $((SECONDS - started)) -ge 240 ]; then
      tail -n 40 "$kc_harness_dir/keycloak.log" >&2
      e2e_fail "Keycloak was not ready within 240 s"
    fi
    sleep 2
  done
  e2e_log "Keycloak ready in $((SECONDS - started))s"
}
