#!/usr/bin/env bash
# Builds .bin/ferretdb (the embedded MongoDB-wire server, tools/ferretdb) with the machine's Go.
# Skips the build when the binary is newer than every source file of the tool.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/.bin/ferretdb"
src="$root/tools/ferretdb"

if [ -x "$bin" ] && [ -z "$(find "$src" -type f -newer "$bin" -print -quit)" ]; then
  echo "ferretdb: up to date ($bin)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "ferretdb: Go is needed to build tools/ferretdb (install Go 1.24 or newer, or set MONGODB_URI to a MongoDB server)" >&2
  exit 1
fi

echo "ferretdb: building $bin (first build fetches modules and takes a minute or two)"
mkdir -p "$root/.bin"
tmp="$bin.tmp.$$"
(cd "$src" && go build -trimpath -o "$tmp" .)
mv -f "$tmp" "$bin"
echo "ferretdb: built $bin"
