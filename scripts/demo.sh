#!/usr/bin/env bash
# npm run demo: installs what is missing, then plays the demo scenario (scripts/demo.ts).
# `npm run demo -- --exit` (or CI=true) exits after the scenario instead of serving until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -x /usr/local/go/bin/go ] && export PATH="$PATH:/usr/local/go/bin"
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
if [ -z "${MONGODB_URI:-}" ]; then bash scripts/build-ferretdb.sh; fi
exec node_modules/.bin/tsx scripts/demo.ts "$@"
