#!/usr/bin/env bash
# Installs or locates everything the end-to-end rungs need, cached under ~/.cache/mcp-gateway-cdktf (override with
# MCP_GATEWAY_CACHE). Idempotent: a second run only checks what is there.
#
#   scripts/toolchain.sh                 everything
#   scripts/toolchain.sh rung1 rung4     only what those rungs need
#   scripts/toolchain.sh terraform aws   single components (see `usage`)
#
# Every component prints one line: what it found or built, where, and how long it took. Anything that cannot be had
# stops the script with a message saying how to provide it.
#
# MCP_GATEWAY_PREBUILT_TOOLS=DIR offers prebuilt binaries (today: the AWS provider stand-in, see docs/testing.md, "The
# toolchain, offline"); each is used only if its sha256 is the one recorded in scripts/e2e/lib.sh. Unset, the
# toolchain builds what it needs.
set -euo pipefail
source "$(dirname "$0")/e2e/lib.sh"

usage() {
  cat <<USAGE
usage: scripts/toolchain.sh [rung1a|rung1b|rung1|rung2|rung3|rung4|all|COMPONENT...]
components: terraform aws-provider keycloak-provider docker-provider cli-config trivy python keycloak-server postgres java
USAGE
}

report() { printf '  %-18s %-8s %s (%ss)\n' "$1" "$2" "$3" "$4"; }

# go_module_dir MODULE@VERSION [H1_SUM]: downloads a module zip through the Go proxy and prints its unpacked directory.
# With H1_SUM the checksum database is bypassed for that module (it has no entry for it) and the zip must match the
# pinned hash instead.
go_module_dir() {
  local scratch="$E2E_BUILD/go-download" module="${1%@*}" pinned="${2:-}"
  mkdir -p "$scratch"
  [ -f "$scratch/go.mod" ] || (cd "$scratch" && go mod init example.com/mcp-gateway-download >/dev/null 2>&1)
  local json
  if [ -n "$pinned" ]; then
    json="$(cd "$scratch" && GONOSUMDB="$module" GOFLAGS=-mod=mod timeout 1800 go mod download -json "$1" || true)"
  else
    json="$(cd "$scratch" && GOFLAGS=-mod=mod timeout 1800 go mod download -json "$1" || true)"
  fi
  local zip sum
  zip="$(printf '%s' "$json" | sed -n 's/^\s*"Zip": "\(.*\)",\{0,1\}$/\1/p')"
  sum="$(printf '%s' "$json" | sed -n 's/^\s*"Sum": "\(.*\)",\{0,1\}$/\1/p')"
  if [ -z "$zip" ] || [ ! -f "$zip" ]; then
    printf '%s\n' "$json" >&2
    return 1
  fi
  if [ -n "$pinned" ] && [ "$sum" != "$pinned" ]; then
    e2e_log "$1 has hash $sum, expected $pinned"
    return 1
  fi
  # Unpack into a writable directory: the module cache is read-only and a fork's go.mod may name another path.
  local dest="$E2E_BUILD/src/${1//[\/@]/_}"
  if [ ! -f "$dest/.unpacked" ]; then
    rm -rf "$dest" && mkdir -p "$dest"
    # Every entry of a module zip starts with "<module>@<version>/".
    (cd "$dest" && python3 -c '
import os, sys, zipfile
archive, prefix = zipfile.ZipFile(sys.argv[1]), sys.argv[2] + "/"
for entry in archive.infolist():
    if not entry.filename.startswith(prefix) or entry.filename.endswith("/"):
        continue
    name = entry.filename[len(prefix):]
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as target:
        target.write(archive.read(entry))
' "$zip" "$1")
    touch "$dest/.unpacked"
  fi
  printf '%s\n' "$dest"
}

install_terraform() {
  local start=$SECONDS candidate version
  for candidate in "$(command -v terraform || true)" "$E2E_BIN/terraform"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    version="$(e2e_terraform_version "$candidate")"
    if [ -n "$version" ] && e2e_version_at_least "$version" "$E2E_TERRAFORM_MIN"; then
      report terraform found "$candidate $version" $((SECONDS - start))
      return
    fi
    e2e_log "terraform $version at $candidate is older than $E2E_TERRAFORM_MIN (ephemeral resources, write-only attributes)"
  done
  command -v go >/dev/null || e2e_fail "no terraform >= $E2E_TERRAFORM_MIN and no Go toolchain to build one"
  # A versioned `go install` ignores Terraform's replace directives, and the module zip omits its nested modules
  # (backends, internal/legacy), so build inside the unpacked module with each nested module put back in place.
  local src nested path dir
  src="$(go_module_dir "github.com/hashicorp/terraform@$E2E_TERRAFORM_BUILD_VERSION")" ||
    e2e_fail "the Go proxy did not serve github.com/hashicorp/terraform@$E2E_TERRAFORM_BUILD_VERSION"
  for nested in $(sed -n 's#^replace \(github.com/hashicorp/terraform/[^ ]*\) => \./\(.*\)$#\1=\2#p' "$src/go.mod"); do
    path="${nested%%=*}"
    dir="$(go_module_dir "$path@$E2E_TERRAFORM_NESTED_PSEUDO")" || e2e_fail "the Go proxy did not serve $path@$E2E_TERRAFORM_NESTED_PSEUDO"
    mkdir -p "$src/${nested#*=}" && cp -r "$dir/." "$src/${nested#*=}/"
  done
  # v1.11.4 turns off post-quantum key exchange with `godebug tlskyber=0`, a setting Go 1.26 no longer knows; its
  # successor tlsmlkem=0 keeps that behaviour.
  sed -i 's/^godebug tlskyber=0$/godebug tlsmlkem=0/' "$src/go.mod"
  mkdir -p "$E2E_BIN"
  # version.dev=no is what Terraform's release build sets; without it the binary calls itself 1.11.4-dev.
  (cd "$src" && GOFLAGS=-mod=mod nice -n 19 go build -trimpath \
    -ldflags='-s -w -X github.com/hashicorp/terraform/version.dev=no' -o "$E2E_BIN/terraform" .) ||
    e2e_fail "building Terraform $E2E_TERRAFORM_BUILD_VERSION failed"
  report terraform built "$E2E_BIN/terraform $(e2e_terraform_version "$E2E_BIN/terraform")" $((SECONDS - start))
}

install_aws_provider() {
  local start=$SECONDS target
  target="$(e2e_provider_binary registry.terraform.io/hashicorp/aws "$E2E_AWS_PROVIDER_VERSION")"
  if [ -x "$target" ]; then
    report aws-provider found "$target" $((SECONDS - start))
    return
  fi
  mkdir -p "$E2E_BUILD" "$(dirname "$target")"
  # One build at a time even when several rungs or checkouts run the toolchain concurrently.
  exec {lock}>"$E2E_BUILD/aws-provider.lock"
  if [ -n "${MCP_GATEWAY_PREBUILT_TOOLS:-}" ]; then
    flock --timeout 600 "$lock" || e2e_fail "timed out waiting for another aws provider installation"
    [ -x "$target" ] || unpack_prebuilt_aws_provider "$target"
    flock --unlock "$lock"
    report aws-provider unpacked "$target (STAND-IN, prebuilt: $MCP_GATEWAY_PREBUILT_TOOLS/$E2E_AWS_PROVIDER_PREBUILT_ARCHIVE, sha256 checked)" $((SECONDS - start))
    return
  fi
  e2e_log "building a STAND-IN for hashicorp/aws $E2E_AWS_PROVIDER_VERSION from $E2E_AWS_PROVIDER_MODULE@$E2E_AWS_PROVIDER_MODULE_VERSION: its content is upstream 6.13.0, not $E2E_AWS_PROVIDER_VERSION (see docs/testing.md, "The toolchain, offline") (30-60 min cold on 2 cores)"
  flock --timeout 5400 "$lock" || e2e_fail "timed out waiting for another aws provider build"
  if [ ! -x "$target" ]; then
    local src
    src="$(go_module_dir "$E2E_AWS_PROVIDER_MODULE@$E2E_AWS_PROVIDER_MODULE_VERSION" "$E2E_AWS_PROVIDER_MODULE_SUM")" ||
      e2e_fail "the Go proxy did not serve $E2E_AWS_PROVIDER_MODULE@$E2E_AWS_PROVIDER_MODULE_VERSION"
    mkdir -p "$(dirname "$target")"
    # go.mod has a replace (terraform-plugin-log), which only applies when building inside the module.
    (cd "$src" && GOFLAGS=-mod=mod nice -n 19 go build -trimpath -ldflags='-s -w' -o "$target.partial" .) ||
      e2e_fail "building the aws provider failed"
    mv "$target.partial" "$target"
  fi
  flock --unlock "$lock"
  report aws-provider built "$target" $((SECONDS - start))
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# listed_sha256 SUMS_FILE NAME: the hash a SHA256SUMS-style file lists for NAME (empty when it lists none).
listed_sha256() { sed -n "s/^\([0-9a-f]\{64\}\) [ *]\{0,1\}$2\$/\1/p" "$1" | head -n1; }

# unpack_prebuilt_aws_provider TARGET: installs the stand-in from the archive in $MCP_GATEWAY_PREBUILT_TOOLS. The
# archive and the unpacked binary must have the sha256 recorded in scripts/e2e/lib.sh; the directory's SHA256SUMS.xz
# and SHA256SUMS must list those same values. Any difference stops here: nothing unverified reaches the mirror, and
# nothing falls back to a build the caller did not ask for.
unpack_prebuilt_aws_provider() {
  local target="$1" dir="$MCP_GATEWAY_PREBUILT_TOOLS" archive actual listed sums
  local unset_hint="unset MCP_GATEWAY_PREBUILT_TOOLS to build the provider from the Go module proxy instead (20-50 min)"
  [ -d "$dir" ] || e2e_fail "MCP_GATEWAY_PREBUILT_TOOLS=$dir is not a directory; $unset_hint"
  archive="$dir/$E2E_AWS_PROVIDER_PREBUILT_ARCHIVE"
  [ -f "$archive" ] || e2e_fail "MCP_GATEWAY_PREBUILT_TOOLS=$dir holds no $E2E_AWS_PROVIDER_PREBUILT_ARCHIVE; $unset_hint"
  for sums in "SHA256SUMS.xz $E2E_AWS_PROVIDER_PREBUILT_ARCHIVE $E2E_AWS_PROVIDER_PREBUILT_ARCHIVE_SHA256" \
    "SHA256SUMS $(basename "$target") $E2E_AWS_PROVIDER_PREBUILT_BINARY_SHA256"; do
    set -- $sums
    [ -f "$dir/$1" ] || e2e_fail "$dir has no $1 (the prebuilt tools' checksum list); $unset_hint"
    listed="$(listed_sha256 "$dir/$1" "$2")"
    [ "$listed" = "$3" ] || e2e_fail "$dir/$1 lists sha256 '${listed:-nothing}' for $2, but the project records $3
  (E2E_AWS_PROVIDER_PREBUILT_* in scripts/e2e/lib.sh): the prebuilt tools are not the ones this project was checked
  against. Refusing them; $unset_hint, or record the new hashes on purpose after checking their provenance."
  done
  actual="$(sha256_of "$archive")"
  [ "$actual" = "$E2E_AWS_PROVIDER_PREBUILT_ARCHIVE_SHA256" ] || e2e_fail "$archive has sha256 $actual, but the project
  records $E2E_AWS_PROVIDER_PREBUILT_ARCHIVE_SHA256 (scripts/e2e/lib.sh). Refusing it; $unset_hint."
  xz -dc "$archive" >"$target.partial" || { rm -f "$target.partial"; e2e_fail "unpacking $archive failed"; }
  actual="$(sha256_of "$target.partial")"
  if [ "$actual" != "$E2E_AWS_PROVIDER_PREBUILT_BINARY_SHA256" ]; then
    rm -f "$target.partial"
    e2e_fail "$archive unpacks to a binary with sha256 $actual, but the project records
  $E2E_AWS_PROVIDER_PREBUILT_BINARY_SHA256 (scripts/e2e/lib.sh). Refusing it; $unset_hint."
  fi
  chmod +x "$target.partial"
  mv "$target.partial" "$target"
}

install_keycloak_provider() {
  local start=$SECONDS target
  target="$(e2e_provider_binary registry.terraform.io/keycloak/keycloak "$E2E_KEYCLOAK_PROVIDER_VERSION")"
  if [ -x "$target" ]; then
    report keycloak-provider found "$target" $((SECONDS - start))
    return
  fi
  e2e_fail "keycloak/keycloak $E2E_KEYCLOAK_PROVIDER_VERSION is not in the mirror, and the Go module proxy refuses
  github.com/keycloak/terraform-provider-keycloak at every version (commit $E2E_KEYCLOAK_PROVIDER_COMMIT included).
  Provide it from a machine that reaches the Terraform registry:
    mkdir m && cd m && printf 'terraform {\n  required_providers {\n    keycloak = { source = \"keycloak/keycloak\", version = \"$E2E_KEYCLOAK_PROVIDER_VERSION\" }\n  }\n}\n' > main.tf
    terraform providers mirror -platform=linux_amd64 ../keycloak-mirror
  then unpack ../keycloak-mirror/registry.terraform.io/keycloak/keycloak/terraform-provider-keycloak_${E2E_KEYCLOAK_PROVIDER_VERSION}_linux_amd64.zip
  so that this file exists: $target"
}

install_docker_provider() {
  local start=$SECONDS target
  target="$(e2e_provider_binary registry.terraform.io/kreuzwerker/docker "$E2E_DOCKER_PROVIDER_VERSION")"
  if [ -x "$target" ]; then
    report docker-provider found "$target" $((SECONDS - start))
    return
  fi
  local module answer
  for module in github.com/kreuzwerker/terraform-provider-docker github.com/terraform-providers/terraform-provider-docker; do
    if answer="$(cd /tmp && timeout 120 go list -m "$module@$E2E_DOCKER_PROVIDER_COMMIT" 2>&1)"; then
      local src
      src="$(go_module_dir "$module@$E2E_DOCKER_PROVIDER_COMMIT")" || e2e_fail "downloading $module failed"
      mkdir -p "$(dirname "$target")"
      (cd "$src" && GOFLAGS=-mod=mod nice -n 19 go build -trimpath -ldflags='-s -w' -o "$target" .) ||
        e2e_fail "building the docker provider failed"
      report docker-provider built "$target" $((SECONDS - start))
      return
    fi
  done
  e2e_fail "kreuzwerker/docker $E2E_DOCKER_PROVIDER_VERSION is not in the mirror and the Go module proxy refuses commit
  $E2E_DOCKER_PROVIDER_COMMIT (last answer: ${answer##*$'\n'}). Provide it like the keycloak provider
  (terraform providers mirror on a connected machine) at: $target"
}

# A CLI configuration that installs providers from the local mirror only (no `direct` block): exactly those present.
write_cli_config() {
  local start=$SECONDS includes="" binary source
  while IFS= read -r binary; do
    source="${binary#"$E2E_MIRROR"/}"
    source="${source%/*/linux_amd64/*}"
    includes="$includes\"$source\", "
  done < <(find "$E2E_MIRROR" -path '*/linux_amd64/terraform-provider-*' -type f -perm -u+x 2>/dev/null | grep -v '\.partial$' | sort)
  [ -n "$includes" ] || e2e_fail "the provider mirror $E2E_MIRROR holds no provider"
  mkdir -p "$E2E_CACHE"
  cat >"$E2E_TF_CLI_CONFIG.tmp" <<CONFIG
provider_installation {
  filesystem_mirror {
    path    = "$E2E_MIRROR"
    include = [${includes%, }]
  }
}
CONFIG
  mv "$E2E_TF_CLI_CONFIG.tmp" "$E2E_TF_CLI_CONFIG"
  report cli-config wrote "$E2E_TF_CLI_CONFIG: ${includes%, }" $((SECONDS - start))
}

install_trivy() {
  local start=$SECONDS
  if [ -x "$E2E_BIN/trivy" ] && "$E2E_BIN/trivy" --version 2>/dev/null | grep -q "${E2E_TRIVY_VERSION#v}"; then
    report trivy found "$E2E_BIN/trivy ${E2E_TRIVY_VERSION}" $((SECONDS - start))
    return
  fi
  command -v go >/dev/null || e2e_fail "trivy needs a Go toolchain to build"
  # The proxy lists no trivy versions, so a versioned `go install` is refused: pin it as a tool of a scratch module.
  local scratch="$E2E_BUILD/trivy-$E2E_TRIVY_VERSION"
  mkdir -p "$scratch" "$E2E_BIN"
  # One build at a time: concurrent runs share the scratch module.
  exec {lock}>"$E2E_BUILD/trivy.lock"
  flock --timeout 3600 "$lock" || e2e_fail "timed out waiting for another trivy build"
  if [ -x "$E2E_BIN/trivy" ] && "$E2E_BIN/trivy" --version 2>/dev/null | grep -q "${E2E_TRIVY_VERSION#v}"; then
    flock --unlock "$lock"
    report trivy found "$E2E_BIN/trivy ${E2E_TRIVY_VERSION} (built by a concurrent run)" $((SECONDS - start))
    return
  fi
  (
    cd "$scratch"
    [ -f go.mod ] || go mod init example.com/mcp-gateway-trivy >/dev/null 2>&1
    timeout 1800 go get -tool "github.com/aquasecurity/trivy/cmd/trivy@$E2E_TRIVY_VERSION"
    # trivy uses encoding/json/v2, which Go still ships behind an experiment flag (as trivy's own release build sets).
    GOEXPERIMENT=jsonv2 GOBIN="$E2E_BIN" nice -n 19 go install -trimpath \
      -ldflags="-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=${E2E_TRIVY_VERSION#v}" \
      github.com/aquasecurity/trivy/cmd/trivy
  ) || e2e_fail "building trivy $E2E_TRIVY_VERSION failed"
  flock --unlock "$lock"
  report trivy built "$E2E_BIN/trivy $("$E2E_BIN/trivy" --version | head -n1)" $((SECONDS - start))
}

install_python_tools() {
  local start=$SECONDS
  if [ -x "$E2E_VENV/bin/checkov" ] && [ -x "$E2E_VENV/bin/moto_server" ] &&
    [ "$("$E2E_VENV/bin/pip" freeze 2>/dev/null | grep -ciE "^(checkov==$E2E_CHECKOV_VERSION|moto==$E2E_MOTO_VERSION)$")" = 2 ]; then
    report python found "$E2E_VENV (checkov $E2E_CHECKOV_VERSION, moto $E2E_MOTO_VERSION, boto3)" $((SECONDS - start))
    return
  fi
  python3 -m venv "$E2E_VENV" || e2e_fail "python3 -m venv failed (apt-get install python3-venv)"
  timeout 1800 "$E2E_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "checkov==$E2E_CHECKOV_VERSION" "moto[server]==$E2E_MOTO_VERSION" boto3 ||
    e2e_fail "pip install of checkov and moto failed"
  report python installed "$E2E_VENV (checkov $E2E_CHECKOV_VERSION, moto $E2E_MOTO_VERSION, boto3)" $((SECONDS - start))
}

locate_java() {
  local start=$SECONDS java_home="${JAVA_HOME:-$E2E_JAVA_HOME_DEFAULT}"
  [ -x "$java_home/bin/java" ] || e2e_fail "no Java at $java_home (set JAVA_HOME to a JDK >= 21; Keycloak 26 needs it)"
  local major
  major="$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [ "${major:-0}" -ge 21 ] || e2e_fail "Java at $java_home is $major; Keycloak 26 needs >= 21"
  report java found "$java_home (Java $major)" $((SECONDS - start))
}

locate_postgres() {
  local start=$SECONDS bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    e2e_log "installing PostgreSQL from Debian"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) ||
      e2e_fail "apt-get install postgresql failed"
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
  fi
  report postgres found "$bin ($("$bin/postgres" --version))" $((SECONDS - start))
}

install_keycloak_server() {
  local start=$SECONDS
  if [ -f "$E2E_KEYCLOAK_HOME/.built" ]; then
    report keycloak-server found "$E2E_KEYCLOAK_HOME" $((SECONDS - start))
    return
  fi
  locate_java >/dev/null
  local downloads="$E2E_CACHE/downloads" archive
  archive="$downloads/keycloak-quarkus-dist-$E2E_KEYCLOAK_VERSION.tar.gz"
  mkdir -p "$downloads"
  if [ ! -f "$archive" ]; then
    timeout 1800 mvn -q -B -Dstyle.color=never dependency:copy \
      "-Dartifact=org.keycloak:keycloak-quarkus-dist:$E2E_KEYCLOAK_VERSION:tar.gz" "-DoutputDirectory=$downloads" ||
      e2e_fail "mvn dependency:copy of org.keycloak:keycloak-quarkus-dist:$E2E_KEYCLOAK_VERSION failed"
  fi
  rm -rf "$E2E_KEYCLOAK_HOME" "$E2E_KEYCLOAK_HOME.tmp" && mkdir -p "$E2E_KEYCLOAK_HOME.tmp"
  tar -xzf "$archive" -C "$E2E_KEYCLOAK_HOME.tmp" --strip-components=1
  # Build-time options fixed once, so each test run can use `start --optimized` and skip the augmentation.
  JAVA_HOME="${JAVA_HOME:-$E2E_JAVA_HOME_DEFAULT}" timeout 900 "$E2E_KEYCLOAK_HOME.tmp/bin/kc.sh" build \
    --db=postgres --health-enabled=true >"$E2E_CACHE/keycloak-build.log" 2>&1 ||
    { tail -n 20 "$E2E_CACHE/keycloak-build.log" >&2; e2e_fail "kc.sh build failed"; }
  touch "$E2E_KEYCLOAK_HOME.tmp/.built"
  mv "$E2E_KEYCLOAK_HOME.tmp" "$E2E_KEYCLOAK_HOME"
  report keycloak-server installed "$E2E_KEYCLOAK_HOME" $((SECONDS - start))
}

components_for() {
  case "$1" in
    rung1a) echo terraform aws-provider cli-config ;;
    rung1b | rung1) echo terraform aws-provider keycloak-provider cli-config ;;
    rung2) echo terraform keycloak-provider cli-config java postgres keycloak-server ;;
    rung3) echo terraform aws-provider cli-config python ;;
    rung4) echo trivy python ;;
    all) echo terraform aws-provider keycloak-provider cli-config trivy python java postgres keycloak-server ;;
    terraform | aws-provider | keycloak-provider | docker-provider | cli-config | trivy | python | java | postgres | keycloak-server) echo "$1" ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
}

main() {
  local requested=() component seen=" " total=$SECONDS
  [ $# -gt 0 ] || set -- all
  for component in "$@"; do
    for c in $(components_for "$component"); do
      [[ "$seen" == *" $c "* ]] || { requested+=("$c"); seen="$seen$c "; }
    done
  done
  # The CLI configuration lists what the mirror holds, so it is written after every provider step.
  local ordered=()
  for c in "${requested[@]}"; do [ "$c" = cli-config ] || ordered+=("$c"); done
  [[ "$seen" == *" cli-config "* ]] && ordered+=(cli-config)
  echo "toolchain (cache: $E2E_CACHE):"
  for c in "${ordered[@]}"; do
    case "$c" in
      terraform) install_terraform ;;
      aws-provider) install_aws_provider ;;
      keycloak-provider) install_keycloak_provider ;;
      docker-provider) install_docker_provider ;;
      cli-config) write_cli_config ;;
      trivy) install_trivy ;;
      python) install_python_tools ;;
      java) locate_java ;;
      postgres) locate_postgres ;;
      keycloak-server) install_keycloak_server ;;
    esac
  done
  echo "toolchain ready in $((SECONDS - total))s"
}

main "$@"
