#!/usr/bin/env bash
# Screenshots an HTML report with headless Chromium, so a person can look at it as a PNG.
#
#   Assets/Scripts/screenshot.sh Output/forgetting/index.html shot.png [width] [height]
#
# Defaults: 1280 wide (a laptop), 2400 tall (most of a report). Needs Debian's `chromium`
# (sudo apt-get install chromium); nothing else in LifeLong does.
set -euo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 PAGE.html OUT.png [width] [height]" >&2; exit 2; fi
page=$1 out=$2 width=${3:-1280} height=${4:-2400}
[ -f "$page" ] || { echo "screenshot: no such page: $page" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "screenshot: needs Chromium (sudo apt-get install chromium)" >&2; exit 1; }
sandbox=""; [ "$(id -u)" -eq 0 ] && sandbox="--no-sandbox"    # Chromium refuses to run as root with its sandbox
abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
outabs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
"$browser" --headless=new $sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$width,$height" --screenshot="$outabs" "file://$abs" >/dev/null 2>&1
[ -s "$outabs" ] || { echo "screenshot: Chromium wrote nothing" >&2; exit 1; }
echo "$outabs"
