#!/usr/bin/env bash
# Instruction counts (callgrind) of the WebAssembly module in Node, which unlike timings do not
# depend on the load of a shared machine: the first `new Engine()` (JIT compilation of what it
# runs included), and, given the comments file that bench/vihos.mjs writes, two more passes of
# checkPost (JSON requests) over those comments. Node runs with --single-threaded, so V8 compiles
# on the main thread; repeated runs agree within ~0.5% (new Engine()). With V8's default tiering
# the two passes also hold whatever optimising compilation falls in them, which moves from one
# build to the next; the last line therefore counts a pass with every function compiled by
# TurboFan on first call (--no-liftoff): the steady-state cost, within ~2% from run to run.
#   bash bench/instructions.sh [PKG_NODE_DIR] [COMMENTS.json]
# Defaults: pkg/node (./build.sh) and ../target/vihos-bench-comments.json when it exists.
# Needs valgrind.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=$(cd "${1:-$here/../pkg/node}" && pwd)
comments=${2:-$here/../../target/vihos-bench-comments.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/run.cjs" <<EOF
const { WasmEngine } = require('$pkg/ungxu_wasm.js');
const [engines, passes, file] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const engine = engines > 0 ? new WasmEngine() : null;
if (passes > 0) {
  const requests = JSON.parse(require('fs').readFileSync(file, 'utf8'))
    .map((c) => JSON.stringify({ post: { text: c }, as_of: '2025-06-01' }));
  for (let p = 0; p < passes; p++) for (const r of requests) engine.checkPost(r);
}
EOF
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null node --single-threaded $flags "$work/run.cjs" "$@" 2>&1 \
    | sed -n 's/.*Collected : //p'
}
flags=""
load=$(count 0 0)
engine=$(count 1 0)
echo "new Engine(): $((engine - load)) instructions (module load alone: $load)"
if [ -f "$comments" ]; then
  once=$(count 1 1 "$comments")
  thrice=$(count 1 3 "$comments")
  echo "checkPost (JSON) over $(basename "$comments"), two passes: $((thrice - once)) instructions"
  flags=--no-liftoff
  once=$(count 1 1 "$comments")
  thrice=$(count 1 3 "$comments")
  echo "checkPost (JSON), one pass, all TurboFan (--no-liftoff): $(((thrice - once) / 2)) instructions"
fi
