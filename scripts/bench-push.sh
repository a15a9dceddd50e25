#!/usr/bin/env bash
# Push benchmarks. (1) Messages prepared per second on one core (aes128gcm encryption and the
# VAPID header): Orka against the Node `web-push` package, the same subscriptions, key and
# payload, in the same run, pinned to the same core. (2) A fan-out to 50,000 devices through
# the real worker to a push service on loopback that answers each push after 20 ms.
# Usage: scripts/bench-push.sh
source "$(dirname "$0")/lib.sh"
command -v node >/dev/null || apt_install nodejs npm
(cd bench && npm ci --no-audit --no-fund >/dev/null)
cargo bench -p service --bench push_prepare --bench push_fanout --no-run
out=$(mktemp --suffix .json)
trap 'rm -f "$out"' EXIT
say "Orka: messages prepared per second, one core"
rust=$(taskset -c 0 cargo bench -q -p service --bench push_prepare -- "$out" | tee /dev/stderr | grep RESULT)
say "Node web-push: the same messages, the same core"
node=$(taskset -c 0 node bench/push-node.mjs "$out" | tee /dev/stderr | grep RESULT)
r=$(sed 's/.*rust_per_sec=\([0-9]*\).*/\1/' <<<"$rust"); n=$(sed 's/.*node_per_sec=\([0-9]*\).*/\1/' <<<"$node")
echo "$rust"; echo "$node"
awk -v r="$r" -v n="$n" 'BEGIN { printf "ratio orka/node-web-push: %.2f\n", r / n }'
say "fan-out: 50,000 devices, 20 ms per push"
cargo bench -q -p service --bench push_fanout
