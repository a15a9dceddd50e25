#!/usr/bin/env bash
# Lighthouse (npm, pinned) in its mobile preset against Debian's Chromium: the sign-in, home,
# check-in and rehab pages of the release build on a fresh demo, signed in as the person each
# page is for. Prints performance, accessibility and best practices per page (with the largest
# contentful paint and total blocking time, simulated) and fails when one is below 95. Not part of CI (a minute or two, and scores vary a little between runs); the
# README has the figures. Usage: scripts/lighthouse.sh
source "$(dirname "$0")/lib.sh"
ensure_chromium
ensure_lighthouse
start_demo
headers_for() {
  local cookie
  cookie=$(demo_cookie "$1")
  printf '{"Cookie": "%s"}' "$cookie" >"$dir/$1.json"
  echo "$dir/$1.json"
}
failed=0
printf '%-10s %12s %14s %15s %8s %8s\n' page performance accessibility "best practices" "LCP s" "TBT ms"
for page in "signin:/signin:" "home:/:employee" "check-in:/checkin:employee" "rehab:/rehab:sicklisted"; do
  IFS=: read -r name path persona <<<"$page"
  extra=()
  [ -n "$persona" ] && extra=(--extra-headers="$(headers_for "$persona")")
  CHROME_PATH=$(command -v chromium) target/lighthouse/node_modules/.bin/lighthouse "$base$path" --quiet \
    --output=json --output-path="$dir/$name.report.json" --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" "${extra[@]}" >/dev/null 2>"$dir/$name.log" \
    || { echo "lighthouse failed on $path:"; cat "$dir/$name.log"; exit 1; }
  python3 - "$dir/$name.report.json" "$name" "$path" <<'PY' || failed=1
import json, sys
report, name, path = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
if not report["finalDisplayedUrl"].endswith(path):
    sys.exit(f"{name}: ended at {report['finalDisplayedUrl']}, not {path} (signed out?)")
scores = [round(report["categories"][c]["score"] * 100) for c in ("performance", "accessibility", "best-practices")]
audit = lambda a: report["audits"][a]["numericValue"]
lcp, tbt = audit("largest-contentful-paint") / 1000, audit("total-blocking-time")
print(f"{name:<10} {scores[0]:>12} {scores[1]:>14} {scores[2]:>15} {lcp:>8.1f} {tbt:>8.0f}")
sys.exit(1 if min(scores) < 95 else 0)
PY
done
[ "$failed" = 0 ] || { echo "lighthouse: a score is below 95"; exit 1; }
echo "lighthouse: every page at 95 or more"
