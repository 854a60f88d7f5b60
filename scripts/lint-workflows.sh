#!/usr/bin/env bash
# Lints .github/workflows with actionlint (and, when shellcheck is installed, the shell in `run:` steps).
# Uses actionlint from PATH, else the copy cached in ~/.cache/mcp-gateway-cdktf/bin, else installs that copy from the
# Go module proxy (needs Go >= 1.24; takes about a minute once).
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=v1.7.12
CACHE_BIN="${XDG_CACHE_HOME:-$HOME/.cache}/mcp-gateway-cdktf/bin"

if command -v actionlint >/dev/null 2>&1; then
  actionlint=$(command -v actionlint)
elif [ -x "$CACHE_BIN/actionlint" ]; then
  actionlint="$CACHE_BIN/actionlint"
elif command -v go >/dev/null 2>&1; then
  echo "Installing actionlint $ACTIONLINT_VERSION into $CACHE_BIN" >&2
  mkdir -p "$CACHE_BIN"
  GOBIN="$CACHE_BIN" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  actionlint="$CACHE_BIN/actionlint"
else
  echo "actionlint is not installed and Go is not available to build it; install Go, or put actionlint $ACTIONLINT_VERSION on PATH" >&2
  exit 1
fi

command -v shellcheck >/dev/null 2>&1 || echo "shellcheck not found: run: scripts are not checked (apt-get install shellcheck)" >&2
echo "$("$actionlint" -version | head -n 1) on .github/workflows" >&2
"$actionlint" -color=false
