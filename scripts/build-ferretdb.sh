#!/usr/bin/env bash
# Builds .bin/ferretdb (the embedded MongoDB-wire server, tools/ferretdb) with the machine's Go.
# Skips the build when the binary is newer than every source file of the tool and than this script.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/.bin/ferretdb"
src="$root/tools/ferretdb"
work="$root/.bin/ferretdb-build"

if [ -x "$bin" ] && [ -z "$(find "$src" "${BASH_SOURCE[0]}" -type f -newer "$bin" -print -quit)" ]; then
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
rm -rf "$work"
mkdir -p "$work"
cp "$src/go.mod" "$src/go.sum" "$src"/*.go "$work/"
(cd "$work" && go mod vendor)

# FerretDB v1.24's SQLite backend creates the `_id` index on `_ferretdb_sjson->"_id"` but looks documents up
# by `_ferretdb_sjson->'$._id'`. SQLite matches index expressions by their text, so every find, update and
# delete by _id scanned the whole collection (85 ms per write at 50 000 documents). Both spellings extract
# the same value; making the lookup use the index's spelling lets SQLite use the index that every existing
# database already has, so no data migration is needed.
metadata="$work/vendor/github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata/metadata.go"
original="IDColumn = DefaultColumn + \"->'\$._id'\""
if ! grep -qF "$original" "$metadata"; then
  echo "ferretdb: $metadata no longer has the line this script fixes ($original); check the FerretDB version" >&2
  exit 1
fi
sed -i "s|IDColumn = DefaultColumn + \"->'\\\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$metadata"
grep -qF 'IDColumn = DefaultColumn + `->"_id"`' "$metadata" || { echo "ferretdb: patching $metadata failed" >&2; exit 1; }

mkdir -p "$root/.bin"
tmp="$bin.tmp.$$"
(cd "$work" && go build -mod=vendor -trimpath -o "$tmp" .)
mv -f "$tmp" "$bin"
rm -rf "$work"
echo "ferretdb: built $bin"
