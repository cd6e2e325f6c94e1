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

vendored="$work/vendor/github.com/FerretDB/FerretDB/internal"
replace_line() { # <file under vendored> <whole line, found exactly once> <what it becomes (may be several lines)>
  local file="$vendored/$1"
  if [ "$(grep -cxF -- "$2" "$file")" != 1 ]; then
    echo "ferretdb: $file no longer has the line this script patches ($2); check the FerretDB version" >&2
    exit 1
  fi
  awk -v line="$2" -v with="$3" '$0 == line { print with; next } { print }' "$file" > "$file.patched" && mv "$file.patched" "$file"
}

# FerretDB v1.24's SQLite backend creates the `_id` index on `_ferretdb_sjson->"_id"` but looks documents up
# by `_ferretdb_sjson->'$._id'`. SQLite matches index expressions by their text, so every find, update and
# delete by _id scanned the whole collection (85 ms per write at 50 000 documents). Both spellings extract
# the same value; making the lookup use the index's spelling lets SQLite use the index that every existing
# database already has, so no data migration is needed.
replace_line backends/sqlite/metadata/metadata.go "	IDColumn = DefaultColumn + \"->'\$._id'\"" '	IDColumn = DefaultColumn + `->"_id"`'

# FerretDB v1 reads a document and writes it back in separate transactions, so concurrent updates of one
# document lost changes; tools/ferretdb/patches/collection_lock.go adds a per-collection lock, taken at the top
# of each command that reads and then writes.
cp "$src/patches/collection_lock.go" "$vendored/handler/"
lock='	defer lockCollection(params.DB, params.Collection)()'
for patch in \
  'msg_update.go|func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {' \
  'msg_findandmodify.go|func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {' \
  'msg_delete.go|	db, err := h.b.Database(params.DB)'; do
  replace_line "handler/${patch%%|*}" "${patch#*|}" "${patch#*|}\\n$lock" # awk reads \n as a line break
done

# FerretDB v1 answered an update that broke a unique index with InternalError (code 1), where MongoDB answers
# E11000 duplicate key: the SQLite backend's UpdateAll did not translate the constraint failure as InsertAll does.
# Translated the same way, the handler's existing mapping gives 11000 for update and findAndModify alike.
replace_line backends/sqlite/collection.go '			r, err := tx.ExecContext(ctx, q, string(b), arg)' '			r, err := tx.ExecContext(ctx, q, string(b), arg)
			if se := (*sqlite3.Error)(nil); errors.As(err, &se) && se.Code() == sqlite3lib.SQLITE_CONSTRAINT_UNIQUE {
				return backends.NewError(backends.ErrorCodeInsertDuplicateID, err)
			}'

mkdir -p "$root/.bin"
tmp="$bin.tmp.$$"
(cd "$work" && go build -mod=vendor -trimpath -o "$tmp" .)
mv -f "$tmp" "$bin"
rm -rf "$work"
echo "ferretdb: built $bin"
