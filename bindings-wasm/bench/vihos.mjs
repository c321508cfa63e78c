// Node vs native time to check every comment of a ViHOS CSV (the same comments, the same
// date), best of several passes each:
//   node bench/vihos.mjs ../../shared/data/vihos/dev.csv [PASSES]
// Needs pkg/ built (./build.sh). Runs the native side with cargo (release).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../js/node.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const csv = process.argv[2];
const passes = Number(process.argv[3] || 5);
if (!csv) {
  console.error('usage: node bench/vihos.mjs VIHOS.csv [PASSES]');
  process.exit(2);
}
const commentsFile = path.join(repo, 'target/vihos-bench-comments.json');
const nativeOut = execFileSync(
  'cargo',
  ['run', '--quiet', '--release', '-p', 'ungxu-wasm', '--example', 'vihos_native', '--', path.resolve(csv), commentsFile, String(passes)],
  { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
const native = JSON.parse(nativeOut);
const comments = JSON.parse(fs.readFileSync(commentsFile, 'utf8'));

function bestMs(run) {
  let best = Infinity;
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const started = performance.now();
const engine = new Engine();
const engineMs = performance.now() - started;
const AS_OF = '2025-06-01';
let findings = 0;
const typed = bestMs(() => {
  findings = 0;
  for (const c of comments) findings += engine.check(c, { asOf: AS_OF }).findings.length;
});
const requests = comments.map((c) => JSON.stringify({ post: { text: c }, as_of: AS_OF }));
const json = bestMs(() => {
  for (const r of requests) engine.checkJson(r);
});
const many = bestMs(() => engine.checkMany(comments, { asOf: AS_OF }));

const ratio = (a, b) => (a / b).toFixed(2);
const result = {
  comments: comments.length,
  findings,
  node_new_engine_ms: +engineMs.toFixed(1),
  node_check_ms: +typed.toFixed(2),
  node_check_json_ms: +json.toFixed(2),
  node_check_many_ms: +many.toFixed(2),
  native_check_post_ms: native.native_check_post_ms,
  native_check_post_json_ms: native.native_check_post_json_ms,
  ratio_check_vs_native_check_post: +ratio(typed, native.native_check_post_ms),
  ratio_check_json_vs_native_check_post_json: +ratio(json, native.native_check_post_json_ms),
};
console.log(JSON.stringify(result, null, 2));
