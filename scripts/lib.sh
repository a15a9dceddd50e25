# Shared by the scripts: install what is missing, then build. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CARGO_LEPTOS_VERSION=0.3.10
SCHEMATHESIS_VERSION=4.32.5
AIOSMTPD_VERSION=1.4.6
LIGHTHOUSE_VERSION=13.5.0

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  say "installing Debian packages: $*"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_build_tools() {
  command -v cargo >/dev/null || { echo "Rust is needed: install it with rustup (https://rustup.rs)"; exit 1; }
  command -v npm >/dev/null || apt_install nodejs npm
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
    # Newer releases need a newer rustc than this project's toolchain.
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes a while, once)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi
  local wb
  wb=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb"; then
    # Must match the library version exactly; its own lockfile cannot be used offline.
    say "installing wasm-bindgen-cli $wb"
    cargo install wasm-bindgen-cli --version "$wb"
  fi
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || ! cmp -s end2end/package-lock.json end2end/node_modules/.package-lock.json.orka 2>/dev/null; then
    say "installing npm packages (wasm-opt, Playwright, axe-core)"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.orka)
  fi
  # cargo-leptos takes wasm-opt from PATH: npm's binaryen first (an old system wasm-opt breaks hydration).
  export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
}

# Schemathesis in a virtual environment of its own under target/, pinned.
ensure_schemathesis() {
  local venv="$ROOT/target/schemathesis"
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION\$"; then
    say "installing schemathesis $SCHEMATHESIS_VERSION"
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

# A real SMTP server for the mail tests (it stores what it accepts), in its own environment.
ensure_mailsink() {
  local venv="$ROOT/target/mailsink"
  if ! "$venv/bin/python" -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$AIOSMTPD_VERSION')" 2>/dev/null; then
    say "installing aiosmtpd $AIOSMTPD_VERSION"
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
  fi
  export ORKA_TEST_AIOSMTPD="$venv/bin/python"
}

ensure_chromium() {
  command -v chromium >/dev/null || apt_install chromium
}

# Lighthouse from npm in a directory of its own under target/, pinned (scripts/lighthouse.sh).
ensure_lighthouse() {
  local dir="$ROOT/target/lighthouse"
  if ! "$dir/node_modules/.bin/lighthouse" --version 2>/dev/null | grep -qx "$LIGHTHOUSE_VERSION"; then
    say "installing lighthouse $LIGHTHOUSE_VERSION"
    mkdir -p "$dir"
    (cd "$dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION")
  fi
}

# A fresh demo of the release build on a port the kernel says is free (a random one once met
# another listener), stopped and its files removed on exit. Sets `dir` and `base`; arguments
# go to `orka serve`. The server's output is in "$dir/server.log".
start_demo() {
  [ -x target/release/orka ] || build_release
  dir=$(mktemp -d)
  trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  ORKA_LOG=warn target/release/orka serve --demo --addr "127.0.0.1:$port" \
    --database-url "sqlite://$dir/orka.db?mode=rwc" "$@" >"$dir/server.log" 2>&1 &
  for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
  curl -fs "$base/readyz" >/dev/null || { echo "the server did not start:"; cat "$dir/server.log"; exit 1; }
}

# The session cookie of a demo persona on the demo started by start_demo.
demo_cookie() {
  local cookie
  cookie=$(curl -s -o /dev/null -D - -X POST -d "persona=$1" "$base/auth/demo" | sed -n 's/^set-cookie: \([^;]*\).*/\1/Ip')
  [ -n "$cookie" ] || { echo "could not sign in as $1" >&2; exit 1; }
  echo "$cookie"
}

build_release() {
  # Also when a script that starts the demo runs alone: cargo-leptos needs the tools on PATH.
  ensure_build_tools
  say "building Orka (release)"
  cargo leptos build --release
  node scripts/precompress.mjs target/site
}
