# Shared by scripts/toolchain.sh and the e2e rungs: where the toolchain lives and how to find it.
# Everything is cached under one directory outside the repository; nothing here is ever committed.

E2E_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_CACHE="${MCP_GATEWAY_CACHE:-$HOME/.cache/mcp-gateway-cdktf}"
E2E_BIN="$E2E_CACHE/bin"
E2E_VENV="$E2E_CACHE/venv"
E2E_MIRROR="$E2E_CACHE/providers"
E2E_TF_CLI_CONFIG="$E2E_CACHE/toolchain.tfrc"
E2E_BUILD="$E2E_CACHE/build"

# Terraform >= 1.11 is required: the stacks use ephemeral resources and write-only attributes.
E2E_TERRAFORM_MIN="1.11.0"
E2E_TERRAFORM_BUILD_VERSION="v1.11.4"
# The v1.11.4 tag's commit; the proxy serves Terraform's nested modules (backends, legacy) only as pseudo-versions of it.
E2E_TERRAFORM_NESTED_PSEUDO="v0.0.0-20250409131005-35645b8fca68"

E2E_AWS_PROVIDER_VERSION="6.25.0"
# hashicorp/terraform-provider-aws is not served by the Go proxy; upbound's fork is. At this commit (6.25.0's release
# day) its content is upstream 6.13.0: it is mirrored under 6.25.0 only as a stand-in (docs/testing.md, "The toolchain").
E2E_AWS_PROVIDER_MODULE="github.com/upbound/terraform-provider-aws"
E2E_AWS_PROVIDER_MODULE_VERSION="v0.0.0-20251204202605-7049bcc1808e"
# The checksum database has no entry for the fork, so the zip's hash is pinned here instead.
E2E_AWS_PROVIDER_MODULE_SUM="h1:8vCgYjBCQ7Mn391mft3hRk8eAomY48L7PS6Trdg9QwI="
# A prebuilt copy of that same build (same module, `go build -trimpath -ldflags='-s -w'`, go1.26.8 linux/amd64), taken
# from the directory named by MCP_GATEWAY_PREBUILT_TOOLS when it is set. Both hashes are recorded here, in the project:
# an archive or binary that differs is refused, whatever the directory's own SHA256SUMS files say.
E2E_AWS_PROVIDER_PREBUILT_ARCHIVE="terraform-provider-aws_v6.25.0-standin_linux_amd64.xz"
E2E_AWS_PROVIDER_PREBUILT_ARCHIVE_SHA256="b7e55ddf54c83926117a00970de637b450b70b4acc416fb9b1acc53aacedb1c0"
E2E_AWS_PROVIDER_PREBUILT_BINARY_SHA256="691a76b74f0d8a630374019c6442b5e4336fe3a9754859b7b4586c36fef50033"
E2E_KEYCLOAK_PROVIDER_VERSION="5.9.0"
E2E_KEYCLOAK_PROVIDER_COMMIT="f1724f757eb5f25d8263866776da8ecd8734831b"
E2E_DOCKER_PROVIDER_VERSION="3.6.2"
E2E_DOCKER_PROVIDER_COMMIT="2f20f8c3ce8290fcd03d96e69c7bc6338897a479"

E2E_TRIVY_VERSION="v0.74.0"
E2E_CHECKOV_VERSION="3.3.30"
E2E_MOTO_VERSION="5.2.5"
E2E_KEYCLOAK_VERSION="26.7.3"
E2E_KEYCLOAK_HOME="$E2E_CACHE/keycloak-$E2E_KEYCLOAK_VERSION"
E2E_JAVA_HOME_DEFAULT="/usr/lib/jvm/temurin-25-jdk-amd64"

e2e_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
e2e_fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# provider_binary HOST/NAMESPACE/TYPE VERSION: the binary's path in the filesystem mirror.
e2e_provider_binary() {
  local source="$1" version="$2"
  printf '%s/%s/%s/linux_amd64/terraform-provider-%s_v%s' "$E2E_MIRROR" "$source" "$version" "${source##*/}" "$version"
}

e2e_version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

e2e_terraform_version() {
  "$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p'
}

# Puts the cached tools first on PATH and selects the mirror-only CLI configuration.
e2e_env() {
  export PATH="$E2E_BIN:$E2E_VENV/bin:$PATH"
  export TF_CLI_CONFIG_FILE="$E2E_TF_CLI_CONFIG"
  export CHECKPOINT_DISABLE=1
  export TF_IN_AUTOMATION=1
  export JAVA_HOME="${JAVA_HOME:-$E2E_JAVA_HOME_DEFAULT}"
  unset TF_PLUGIN_CACHE_DIR
}

# A free TCP port on 127.0.0.1 (the kernel picks it; the tiny race with other processes is accepted in tests).
e2e_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# e2e_wait_http URL SECONDS: polls until the URL answers 2xx, at most SECONDS. Local servers start in about a second,
# so it asks often rather than sleeping long between attempts.
e2e_wait_http() {
  local url="$1" deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null --max-time 5 "$url"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.25
  done
}

# Synthesizes the stacks with the real cdktf CLI into DIR (never into the project's cdktf.out).
e2e_synth() {
  local outdir="$1"
  (cd "$E2E_ROOT" && npx --no-install cdktf synth --output "$outdir" >"$outdir.synth.log" 2>&1) ||
    { cat "$outdir.synth.log" >&2; e2e_fail "cdktf synth failed"; }
}

# e2e_state_file OUTDIR STACK: the state file a synthesized stack's local backend writes, resolved from the stack's
# directory as Terraform resolves it. The one place the rungs learn where state lives, whatever path the stacks choose.
e2e_state_file() {
  node -e '
    const path = require("path");
    const [outdir, stack] = process.argv.slice(1);
    const directory = path.resolve(outdir, "stacks", stack);
    const local = require(path.join(directory, "cdk.tf.json")).terraform?.backend?.local;
    if (!local) { console.error(`stack ${stack} has no local backend`); process.exit(1); }
    console.log(path.resolve(directory, local.path ?? "terraform.tfstate"));
  ' "$1" "$2"
}

e2e_stacks() {
  local outdir="$1"
  ls "$outdir/stacks"
}

# e2e_require_providers OUTDIR: every provider the synthesized stacks require must be in the mirror, at that version.
e2e_require_providers() {
  local missing
  missing="$(node -e '
    const fs = require("fs"), path = require("path");
    const [outdir, mirror] = process.argv.slice(1);
    const missing = new Set();
    for (const stack of fs.readdirSync(path.join(outdir, "stacks"))) {
      const file = path.join(outdir, "stacks", stack, "cdk.tf.json");
      if (!fs.existsSync(file)) continue;
      const required = JSON.parse(fs.readFileSync(file, "utf8")).terraform?.required_providers ?? {};
      for (const [name, { source, version }] of Object.entries(required)) {
        const parts = (source ?? name).split("/");
        const [host, namespace, type] = parts.length === 3 ? parts : parts.length === 2 ? ["registry.terraform.io", ...parts] : ["registry.terraform.io", "hashicorp", parts[0]];
        const binary = path.join(mirror, host, namespace, type, version, "linux_amd64", `terraform-provider-${type}_v${version}`);
        if (!fs.existsSync(binary)) missing.add(`${host}/${namespace}/${type} ${version} (stack ${stack}; expected ${binary})`);
      }
    }
    console.log([...missing].join("\n"));
  ' "$1" "$E2E_MIRROR")"
  [ -z "$missing" ] || e2e_fail "providers missing from the mirror (scripts/toolchain.sh says how to provide each):
$missing"
}
