#!/usr/bin/env bash
# Builds and starts Orka on http://127.0.0.1:3000 with an embedded SQLite database and demo data.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
build_release
say "Orka runs on http://127.0.0.1:3000 (demo sign-in; Ctrl-C stops it); its e-mail lands in target/demo-mail"
# No SMTP server on a demo machine: each mail (to occupational health) is written as a .eml file.
exec target/release/orka serve --demo --mail-dir "${ORKA_MAIL_DIR:-target/demo-mail}" "$@"
