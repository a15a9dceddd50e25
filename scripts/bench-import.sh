#!/usr/bin/env bash
# Organisation import benchmark: a generated organisation of N people (default 10,000) in
# 5 administrations × 20 units × 5 work groups, imported with the release build into a fresh
# SQLite file, then again (nothing to change), then with a tenth of the people moved.
# Usage: scripts/bench-import.sh [people]
source "$(dirname "$0")/lib.sh"
ensure_build_tools
people=${1:-10000}
build_release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export ORKA_DATABASE_URL="sqlite://$dir/orka.db?mode=rwc" ORKA_LOG=warn
target/release/orka employer add --slug bench --name "Benchmark kommun" >/dev/null
generate() { # $1: which tenth of the people moves to the next work group
  awk -v n="$people" -v moved="$1" 'BEGIN {
    print "subject,name,email,unit,manages,roles"
    for (i = 0; i < n; i++) {
      g = i % 500; if (moved >= 0 && i % 10 == moved) g = (g + 1) % 500
      unit = sprintf("Förvaltning %d/Enhet %d/Grupp %d", int(g / 100), int(g / 5) % 20, g % 5)
      manages = (i < 500) ? unit : ""
      roles = (i % 1000 == 0) ? "coordinator" : ""
      printf "u-%06d,Person %d,person%d@example.se,%s,%s,%s\n", i, i, i, unit, manages, roles
    }
  }'
}
generate -1 >"$dir/org.csv"
generate 3 >"$dir/moved.csv"
run() {
  say "$1"
  local start end
  start=$(date +%s.%N)
  target/release/orka import-org --employer bench "$2"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f s\n", e - s }'
}
run "first import of $people people" "$dir/org.csv"
run "the same file again" "$dir/org.csv"
run "a tenth of the people moved" "$dir/moved.csv"
