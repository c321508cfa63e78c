// Time of `init()` and the first `new Engine()` in Debian's Chromium (the editor page's own
// figures), each in a fresh browser profile, with the flags the editor-page test uses (test/chromium.mjs).
// Prints the minimum and the median of RUNS launches:
//   node bench/chromium.mjs [RUNS]
// Needs pkg/ built (./build.sh) and playwright-core installed (npm ci).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../test/chromium.mjs';
import { serve } from '../www/serve.mjs';

const runs = Number(process.argv[2] || 4);
const server = await serve(0);
const inits = [];
const engines = [];
try {
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ungxu-chromium-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    try {
      const page = context.pages()[0] || (await context.newPage());
      await page.route('**/*', (r) => (r.request().url().startsWith(server.url) ? r.continue() : r.abort()));
      await page.goto(`${server.url}www/`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
      const t = await page.evaluate(() => ({ init: window.ungxuWasmInitMs, engine: window.ungxuEngineInitMs }));
      inits.push(t.init);
      engines.push(t.engine);
    } finally {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
const stats = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return { min: +s[0].toFixed(1), median: +s[Math.floor(s.length / 2)].toFixed(1) };
};
console.log(JSON.stringify({ runs, chromium_init_ms: stats(inits), chromium_new_engine_ms: stats(engines) }));
