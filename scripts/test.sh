#!/usr/bin/env bash
# npm test: installs what is missing (node_modules, the FerretDB build, Chromium for the dashboard tests),
# then runs every test once.
# Extra arguments go to vitest, e.g. `npm test -- test/unit`.
set -euo pipefail
[ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
if [ -z "${MONGODB_URI:-}" ]; then bash scripts/build-ferretdb.sh; fi
bash scripts/ensure-browser.sh
exec node_modules/.bin/vitest run "$@"
