#!/usr/bin/env bash
# Load benchmark: check-in submissions per second and p99 latency against the release build with
# SQLite, side by side in the same run with a bare axum handler (same request, no work behind it).
# Usage: scripts/bench.sh [seconds] [connections]
source "$(dirname "$0")/lib.sh"
ensure_build_tools
command -v wrk >/dev/null || apt_install wrk
secs=${1:-15}
conns=${2:-64}
build_release
cargo build --release -p server --example bare_axum --no-default-features --features ssr
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT
# One person makes every request here: their write limit is off, this measures the write path.
ORKA_LOG=warn target/release/orka serve --demo --limit-person-writes 0 --addr 127.0.0.1:3900 --database-url "sqlite://$dir/orka.db?mode=rwc" &
target/release/examples/bare_axum 127.0.0.1:3901 &
for _ in $(seq 50); do curl -fs http://127.0.0.1:3900/readyz >/dev/null && break; sleep 0.2; done
cookie=$(curl -s -o /dev/null -D - -X POST -d persona=employee http://127.0.0.1:3900/auth/demo | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip')
export ORKA_COOKIE="$cookie" ORKA_WEEK=$(TZ=Europe/Stockholm date +%G-W%V)
status=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'content-type: application/json' -H "cookie: $cookie" \
  -d '{"stress":3,"work_ability":7,"who5":[3,3,2,4,3]}' "http://127.0.0.1:3900/api/v1/checkins/$ORKA_WEEK")
[ "$status" = 200 ] || { echo "a check-in did not succeed before the run (HTTP $status)"; exit 1; }
say "warm-up"
wrk -t2 -c"$conns" -d3s -s bench/checkin.lua http://127.0.0.1:3900 >/dev/null
say "Orka: PUT /api/v1/checkins/$ORKA_WEEK, ${secs}s, $conns connections"
orka=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/checkin.lua http://127.0.0.1:3900 | grep RESULT)
echo "$orka"
say "bare axum handler, same request"
bare=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/checkin.lua http://127.0.0.1:3901 | grep RESULT)
echo "$bare"
o=$(sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$orka"); b=$(sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$bare")
awk -v o="$o" -v b="$b" 'BEGIN { printf "ratio orka/bare: %.2f\n", o / b }'
