// ungxu in Node (the WebAssembly package, bindings-wasm/pkg/node) against @2toad/profanity on
// the comments `ungxu-bench-peers corpus` wrote. Prints one JSON row a line for
// `ungxu-bench-peers table`. Run by ./scripts/bench-peers:
//   node bench/node/peers.mjs COMMENTS.json [RUNS]
// Each row is the best of RUNS passes after a warm-up; the contenders take turns in each round
// so a burst of load on the shared machine hits them alike.
import fs from 'node:fs';
import { Profanity } from '@2toad/profanity';
import { Engine } from '../../bindings-wasm/js/node.js';

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/node/peers.mjs COMMENTS.json [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg || 10);
const comments = JSON.parse(fs.readFileSync(file, 'utf8'));
const bytes = comments.reduce((n, c) => n + Buffer.byteLength(c, 'utf8'), 0);

const engine = new Engine();
const asOf = '2025-06-01'; // the date the Rust and Python rows use
// Its default options (English list, whole words): what a user gets without configuring it.
const profanity = new Profanity();

// Each pass returns how many comments were flagged (kept, so the work cannot be skipped).
const contenders = [
  {
    id: 'node.check_many',
    what: 'ungxu engine.checkMany(texts) (WebAssembly)',
    pass: () => engine.checkMany(comments, { asOf }).filter((r) => r.findings.length > 0).length,
  },
  {
    id: 'node.check',
    what: 'ungxu engine.check(text) for each (WebAssembly)',
    pass: () => comments.filter((c) => engine.check(c, { asOf }).findings.length > 0).length,
  },
  {
    id: 'node.2toad',
    what: '@2toad/profanity 3.3.0 exists(text) (default: English)',
    pass: () => comments.filter((c) => profanity.exists(c)).length,
  },
];

const best = contenders.map(() => Infinity);
const flagged = contenders.map((c) => c.pass()); // warm-up: JIT, lazily built regexes
for (let r = 0; r < runs; r++) {
  contenders.forEach((c, i) => {
    const started = performance.now();
    flagged[i] = c.pass();
    best[i] = Math.min(best[i], (performance.now() - started) / 1000);
  });
}
contenders.forEach((c, i) => {
  console.log(JSON.stringify({
    id: c.id, lang: `Node ${process.versions.node}`, what: c.what,
    posts: comments.length, bytes, seconds: best[i], flagged: flagged[i],
  }));
});
