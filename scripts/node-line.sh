#!/usr/bin/env bash
# Prints the bin directory of a Node.js release installed from the npm registry's `node` package (it ships the
# binary), cached under ~/.cache/mcp-gateway-cdktf/node/<version> (MCP_GATEWAY_CACHE overrides the cache root).
#   PATH="$(bash scripts/node-line.sh 22)":$PATH npm test
# The lines CI tests are pinned here: the current LTS lines, 22 and 24.
set -euo pipefail
declare -A pinned=([22]=22.23.3 [24]=24.21.0)
line="${1:?usage: scripts/node-line.sh 22|24}"
version="${pinned[$line]:-}"
[ -n "$version" ] || { echo "no pinned Node.js $line (pinned: ${!pinned[*]})" >&2; exit 2; }
dir="${MCP_GATEWAY_CACHE:-$HOME/.cache/mcp-gateway-cdktf}/node/$version"
if ! "$dir/node_modules/.bin/node" --version >/dev/null 2>&1; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save "node@$version" >&2
fi
[ "$("$dir/node_modules/.bin/node" --version)" = "v$version" ] || { echo "Node.js $version did not install in $dir" >&2; exit 1; }
printf '%s\n' "$dir/node_modules/.bin"
