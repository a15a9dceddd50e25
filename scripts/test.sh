#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and HTTP integration tests (SQLite, and PostgreSQL
# when ORKA_TEST_POSTGRES_URL is set; mail against aiosmtpd on loopback), the wasm build, schemathesis against the API, and the
# browser tests in headless Chromium.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
ensure_chromium
ensure_mailsink
say "formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --features app/ssr -- -D warnings
build_release
say "unit and integration tests"
cargo test --workspace --no-fail-fast
say "the API under generated hostile input (schemathesis)"
bash scripts/schemathesis.sh
say "browser tests (headless Chromium, phone viewport)"
(cd end2end && npx playwright test)
