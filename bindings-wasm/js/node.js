// Node entry point: the module is compiled synchronously on import (pkg/node/, wasm-bindgen's
// `nodejs` target), so `init()` is only there to keep code portable between Node and browsers.
import { createRequire } from 'node:module';
import { setBindings } from './engine.js';

export { Engine, UngxuError, camelize } from './engine.js';

const require = createRequire(import.meta.url);
const { WasmEngine } = require('../pkg/node/ungxu_wasm.js');
setBindings({ WasmEngine });

/** Resolves at once: in Node the module is loaded on import. */
export function init() {
  return Promise.resolve();
}

export default init;
