#!/usr/bin/env bash
# Does a flood of sign-in starts slow check-ins for people already signed in? Check-in latency
# alone and under a flood of demo sign-ins from one address, with the default limits and with
# the sign-in limits off, on the release build with SQLite; and, as the floor, under a flood of
# the same size of GET /healthz, which does no work at all (what answering requests costs).
# Usage: scripts/bench-flood.sh [seconds] [flood connections]
source "$(dirname "$0")/lib.sh"
ensure_build_tools
command -v wrk >/dev/null || apt_install wrk
secs=${1:-10}
flood=${2:-32}
build_release
dir=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT
# The check-in load comes from one person, far above a person's write limit: that limit is off
# in both servers, so only the sign-in limits differ.
common=(serve --demo --limit-person-writes 0)
ORKA_LOG=warn target/release/orka "${common[@]}" --addr 127.0.0.1:3910 --database-url "sqlite://$dir/limited.db?mode=rwc" &
ORKA_LOG=warn target/release/orka "${common[@]}" --limit-sign-in 0 --limit-sign-in-all 0 \
  --addr 127.0.0.1:3911 --database-url "sqlite://$dir/open.db?mode=rwc" &
export ORKA_WEEK=$(TZ=Europe/Stockholm date +%G-W%V)
run() { # port label database [flood script]
  local base="http://127.0.0.1:$1"
  for _ in $(seq 50); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
  ORKA_COOKIE=$(curl -s -o /dev/null -D - -X POST -d persona=employee "$base/auth/demo" | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip')
  export ORKA_COOKIE
  wrk -t1 -c8 -d3s -s bench/checkin.lua "$base" >/dev/null
  alone=$(wrk -t1 -c8 -d"${secs}s" --latency -s bench/checkin.lua "$base" | grep RESULT)
  if [ -n "${4:-}" ]; then
    wrk -t1 -c"$flood" -d"$((secs + 2))s" -s "$4" "$base" >"$dir/flood-$1" &
  else
    wrk -t1 -c"$flood" -d"$((secs + 2))s" "$base/healthz" | sed -n 's/^Requests\/sec: *\([0-9]*\).*/FLOOD rps=\1 (healthz)/p' >"$dir/flood-$1" &
  fi
  local f=$!
  sleep 1
  under=$(wrk -t1 -c8 -d"${secs}s" --latency -s bench/checkin.lua "$base" | grep RESULT)
  wait "$f"
  echo "$2 | check-ins alone: $alone"
  echo "$2 | check-ins under flood: $under | $(grep FLOOD "$dir/flood-$1") | sessions: $(sqlite3 "$dir/$3.db" 'select count(*) from sessions' 2>/dev/null || echo '?')"
  p99() { sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$1"; }
  awk -v a="$(p99 "$alone")" -v u="$(p99 "$under")" -v l="$2" 'BEGIN { printf "%s | p99 under flood / alone: %.2f\n", l, u / a }'
}
say "default limits (sign-in: 60 a minute per address, 1200 from all)"
run 3910 limited limited bench/flood.lua
say "sign-in limits off"
run 3911 "no limits" open bench/flood.lua
say "the floor: a flood of GET /healthz"
run 3910 healthz limited
