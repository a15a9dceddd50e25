#!/usr/bin/env bash
# Hostile input at scale: schemathesis generates requests from /api/v1/openapi.json (examples,
# boundary values, invalid and random input, stateful sequences) for every operation, signed in
# as each demo persona, against the release build on a fresh SQLite file. It fails on any 5xx,
# and on any status, content type or body its operation does not document.
# Usage: scripts/schemathesis.sh [examples per operation]   (scripts/test.sh runs it)
source "$(dirname "$0")/lib.sh"
ensure_schemathesis
examples=${1:-25}
# The limits are off: the run is to reach the handlers, not the limiter (whose 429 the
# document names on every operation it guards).
start_demo --limit-sign-in 0 --limit-sign-in-all 0 --limit-shared-links 0 \
  --limit-feedback-per-hour 0 --limit-person-writes 0
for persona in employee manager coordinator sicklisted; do
  say "schemathesis as the demo $persona"
  cookie=$(demo_cookie "$persona")
  api() { curl -fs -H "Cookie: $cookie" "$base/api/v1/$1"; }
  # A case and a person this persona may reach where there are any (the coordinator's first
  # case, one's own), so that the generated requests get past the lookup.
  first() { python3 -c 'import json,sys; d=json.load(sys.stdin); d=(d.get("items") or [{}])[0] if "items" in d else d; print(d.get("id",""))' 2>/dev/null || true; }
  ORKA_CASE=$(api rehab/cases | first || true)
  [ -n "$ORKA_CASE" ] || ORKA_CASE=$(api me/rehab | first || true)
  ORKA_PERSON=$(api people | first || true)
  export ORKA_CASE="${ORKA_CASE:-00000000-0000-0000-0000-000000000000}" ORKA_PERSON="${ORKA_PERSON:-00000000-0000-0000-0000-000000000000}"
  target/schemathesis/bin/schemathesis --config-file scripts/schemathesis.toml run "$base/api/v1/openapi.json" --header "Cookie: $cookie" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --workers 2 --seed 20261206 --no-color \
    --generation-database none --report-dir "$dir/report"
done
if grep -q "panicked" "$dir/server.log"; then
  echo "the server panicked during the run:"; grep -A3 panicked "$dir/server.log"; exit 1
fi
echo "schemathesis: every persona passed"
