#!/usr/bin/env bash
# Proves the exit path to CDK Terrain: the app synthesizes with cdktn (the community fork of cdktf, rename-only) to
# the same Terraform JSON as with cdktf, apart from cdktf's "//" metadata, for every shipped configuration.
#
# It works on two temporary copies of the sources. The cdktn copy depends on `cdktf` aliased to `npm:cdktn`, so the
# code and the prebuilt @cdktf/provider-* bindings (which import "cdktf") all run on cdktn; its CLI runs on Node 22
# from npm's `node` package. The installed toolchain and npm's download cache live in ~/.cache/mcp-gateway-cdktf;
# the project's own node_modules are only read.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CDKTN_VERSION=0.24.0
NODE_VERSION=22.23.3
# cdktn 0.24 declares constructs >=10.6.0 <10.8.0 as its peer.
CONSTRUCTS_VERSION=10.6.0
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/mcp-gateway-cdktf"
TOOLCHAIN="$CACHE/cdktn-toolchain"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

manifest=$(node - "$ROOT/package.json" "$CDKTN_VERSION" "$NODE_VERSION" "$CONSTRUCTS_VERSION" <<'EOF'
const [packageJson, cdktn, node, constructs] = process.argv.slice(2);
const project = require(packageJson);
const dependencies = { ...project.dependencies, cdktf: `npm:cdktn@${cdktn}`, constructs };
const providers = Object.keys(dependencies).filter((name) => name.startsWith("@cdktf/provider-"));
console.log(JSON.stringify({
  name: "mcp-gateway-cdktf-on-cdktn",
  private: true,
  dependencies,
  devDependencies: { "cdktn-cli": cdktn, node, tsx: project.devDependencies.tsx },
  // The prebuilt providers peer-depend on cdktf ^0.21; point them at the aliased cdktn instead of a second copy.
  overrides: Object.fromEntries(providers.map((name) => [name, { cdktf: "$cdktf" }])),
}, null, 2));
EOF
)
if [ ! -f "$TOOLCHAIN/package.json" ] || [ "$(cat "$TOOLCHAIN/package.json")" != "$manifest" ] || [ ! -d "$TOOLCHAIN/node_modules" ]; then
  echo "Installing cdktn $CDKTN_VERSION, cdktn-cli and Node $NODE_VERSION into $TOOLCHAIN" >&2
  rm -rf "$TOOLCHAIN"
  mkdir -p "$TOOLCHAIN"
  printf '%s' "$manifest" > "$TOOLCHAIN/package.json"
  (cd "$TOOLCHAIN" && npm install --no-audit --no-fund --loglevel=error --cache "$CACHE/npm")
fi

copy_sources() {
  mkdir -p "$1"
  # .gen/ holds the committed Keycloak provider bindings the app imports.
  cp -R "$ROOT/main.ts" "$ROOT/src" "$ROOT/config" "$ROOT/.gen" "$ROOT/cdktf.json" "$ROOT/tsconfig.json" "$1/"
  ln -s "$2" "$1/node_modules"
  mkdir "$1/out"
}
copy_sources "$WORK/cdktf" "$ROOT/node_modules"
copy_sources "$WORK/cdktn" "$TOOLCHAIN/node_modules"

export CHECKPOINT_DISABLE=1
echo "cdktf: $(cd "$WORK/cdktf" && node --version) + cdktf-cli $(cd "$WORK/cdktf" && npx --no-install cdktf --version 2>/dev/null)" >&2
echo "cdktn: $(cd "$WORK/cdktn" && PATH="$TOOLCHAIN/node_modules/.bin:$PATH" node --version) + cdktn-cli $(cd "$WORK/cdktn" && PATH="$TOOLCHAIN/node_modules/.bin:$PATH" cdktn --version 2>/dev/null)" >&2

configs=(config/example.yaml config/examples/*.yaml)
status=0
for config in "${configs[@]}"; do
  name=$(basename "$config" .yaml)
  (cd "$WORK/cdktf" && MCP_GATEWAY_CONFIG="$config" npx --no-install cdktf synth --output "out/$name" >"$WORK/$name.cdktf.log" 2>&1) ||
    { echo "cdktf synth failed for $config:" >&2; cat "$WORK/$name.cdktf.log" >&2; exit 1; }
  (cd "$WORK/cdktn" && PATH="$TOOLCHAIN/node_modules/.bin:$PATH" MCP_GATEWAY_CONFIG="$config" cdktn synth --output "out/$name" >"$WORK/$name.cdktn.log" 2>&1) ||
    { echo "cdktn synth failed for $config:" >&2; cat "$WORK/$name.cdktn.log" >&2; exit 1; }
  node - "$WORK/cdktf/out/$name" "$WORK/cdktn/out/$name" "$config" <<'EOF' || status=1
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { isDeepStrictEqual } = require("node:util");
const [cdktfOut, cdktnOut, config] = process.argv.slice(2);
const read = (directory, path) => JSON.parse(readFileSync(join(directory, path), "utf8"));
const strip = (value) =>
  Array.isArray(value) ? value.map(strip)
  : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== "//").map(([key, inner]) => [key, strip(inner)]))
  : value;
const stacksOf = (manifest) =>
  Object.fromEntries(Object.values(manifest.stacks).map((stack) => [stack.name, { dependencies: stack.dependencies, workingDirectory: stack.workingDirectory }]));
const cdktfManifest = read(cdktfOut, "manifest.json");
const cdktnManifest = read(cdktnOut, "manifest.json");
let same = isDeepStrictEqual(stacksOf(cdktfManifest), stacksOf(cdktnManifest));
if (!same) console.error(`${config}: manifests differ in stacks or their dependencies`);
for (const stack of Object.values(cdktfManifest.stacks)) {
  const a = strip(read(cdktfOut, stack.synthesizedStackPath));
  const b = strip(read(cdktnOut, stack.synthesizedStackPath));
  const identical = isDeepStrictEqual(a, b);
  same &&= identical;
  const resources = Object.values(a.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
  console.log(`${identical ? "identical" : "DIFFERENT"}  ${config}  stack ${stack.name} (${resources} resources)`);
}
process.exit(same ? 0 : 1);
EOF
done

if [ "$status" -ne 0 ]; then
  echo "cdktn output differs from cdktf output (beyond the // metadata); see above" >&2
  exit 1
fi
echo "cdktn $CDKTN_VERSION synthesizes every configuration exactly as cdktf does, apart from metadata." >&2
