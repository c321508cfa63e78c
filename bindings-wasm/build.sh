#!/usr/bin/env sh
# Builds the npm package's WebAssembly: cargo (wasm-release profile) -> wasm-bindgen (web and
# nodejs glue) -> wasm-opt -Os --converge (npm `binaryen`). Run from anywhere; needs the rustup target
# wasm32-unknown-unknown, wasm-bindgen-cli of the pinned version and `npm ci` done here
# (scripts/test-wasm installs all three). wasm-opt is skipped when the module is unchanged.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
target_dir=${CARGO_TARGET_DIR:-$root/target}

# The learned span scorer ships next to the module, not in it (`engine.withSpanModel(bytes)`).
mkdir -p "$here/models"
cp "$root/spec/models/spans-vi.bin" "$here/models/spans-vi.bin"

cargo build --manifest-path "$root/Cargo.toml" -p ungxu-wasm --target wasm32-unknown-unknown \
  --profile wasm-release --quiet
raw="$target_dir/wasm32-unknown-unknown/wasm-release/ungxu_wasm.wasm"
# The stamp covers this script too, so a change of the wasm-opt flags rebuilds pkg/.
stamp=$(cat "$raw" "$here/build.sh" | sha256sum | cut -d' ' -f1)
pkg="$here/pkg"
if [ -f "$pkg/.source.sha256" ] && [ "$(cat "$pkg/.source.sha256")" = "$stamp" ] \
  && [ -f "$pkg/web/ungxu_wasm_bg.wasm" ] && [ -f "$pkg/node/ungxu_wasm_bg.wasm" ]; then
  echo "pkg/ is up to date with $raw"
  exit 0
fi

rm -rf "$pkg"
wasm-bindgen --target web --out-dir "$pkg/web" "$raw"
wasm-bindgen --target nodejs --out-dir "$pkg/node" "$raw"
# Both targets get the same module (only the glue differs), so it is optimised once.
# -Os rather than -Oz: smaller gzipped (binaryen's -Oz output is smaller raw, but compresses
# worse) and its checks take ~3% fewer instructions; --converge repeats the passes while they
# still shrink the module. Measured on one module: -Oz 565,523 bytes gzipped, -Os 562,873,
# -Os --converge 561,720 (-O3 566,814).
# -ocimfs=0 (--one-caller-inline-max-function-size): binaryen no longer inlines every function
# that has one caller, which had merged the engine build into a 40 KB function that V8 then
# compiled with TurboFan while `new Engine()` ran. Measured on 8433a80: 603,378 -> 557,160
# bytes gzipped (the raw module grows 1.76 -> 1.79 MB but compresses better); Node's first
# `new Engine()` 1,245.6 M -> 751.1 M instructions and checkPost after warm-up 674 M -> 551 M
# for four passes over the ViHOS dev comments (callgrind, node --single-threaded).
"$here/node_modules/.bin/wasm-opt" -Os --converge -ocimfs=0 --strip-debug --strip-producers \
  "$pkg/web/ungxu_wasm_bg.wasm" -o "$pkg/web/ungxu_wasm_bg.wasm"
cp "$pkg/web/ungxu_wasm_bg.wasm" "$pkg/node/ungxu_wasm_bg.wasm"
# The package is ESM ("type": "module"); the nodejs glue is CommonJS.
printf '{ "type": "commonjs" }\n' >"$pkg/node/package.json"
printf '%s\n' "$stamp" >"$pkg/.source.sha256"
gz=$(gzip -9c "$pkg/web/ungxu_wasm_bg.wasm" | wc -c)
echo "pkg/web/ungxu_wasm_bg.wasm: $(wc -c <"$pkg/web/ungxu_wasm_bg.wasm") bytes, $gz gzipped"
