// Time of the first `new Engine()` (embedded packs, lexicons, detector data) in Node, each
// run in a fresh process (the default engine is built once per module instance), plus the
// size of the optimised module (`gzip -9`). Prints the minimum and the median of RUNS processes:
//   node bench/init.mjs [RUNS]
// Needs pkg/ built (./build.sh).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === '--once') {
  const { Engine } = await import('../js/node.js');
  const started = performance.now();
  new Engine();
  console.log((performance.now() - started).toFixed(2));
} else {
  const runs = Number(process.argv[2] || 9);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--once'], { encoding: 'utf8' });
    times.push(Number(out.trim()));
  }
  times.sort((a, b) => a - b);
  const file = path.join(here, '../pkg/web/ungxu_wasm_bg.wasm');
  const result = {
    runs,
    node_new_engine_min_ms: times[0],
    node_new_engine_median_ms: times[Math.floor(runs / 2)],
    wasm_bytes: fs.statSync(file).size,
    wasm_gzip9_bytes: Number(execFileSync('sh', ['-c', 'gzip -9c "$0" | wc -c', file], { encoding: 'utf8' }).trim()),
  };
  console.log(JSON.stringify(result, null, 2));
}
