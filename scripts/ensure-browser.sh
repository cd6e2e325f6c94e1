#!/usr/bin/env bash
# Makes sure the dashboard's browser tests can run: Debian's Chromium (playwright-core drives it; it never
# downloads a browser) and a CJK font, so the Chinese pages render in screenshots. Installs them with apt-get
# when missing (as root, or with sudo). CHROMIUM_PATH points the tests at another Chromium.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$browser" ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]} for the browser tests"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  "${as_root[@]}" apt-get update >/dev/null 2>&1 && "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
}
