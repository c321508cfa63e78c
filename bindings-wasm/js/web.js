// Browser and bundler entry point: `await init()` fetches and compiles ungxu's .wasm next to
// the generated glue (pkg/web/), then `new Engine()`.
import initWasm, { WasmEngine } from '../pkg/web/ungxu_wasm.js';
import { setBindings } from './engine.js';

export { Engine, UngxuError, camelize } from './engine.js';

let loading = null;

/**
 * Loads the WebAssembly module once; later calls return the same promise. `input` may be a
 * URL, a Response, bytes or a WebAssembly.Module (default: the .wasm beside the glue).
 */
export function init(input) {
  if (!loading) {
    loading = initWasm(input === undefined ? undefined : { module_or_path: input }).then(() => {
      setBindings({ WasmEngine });
    });
  }
  return loading;
}

export default init;
