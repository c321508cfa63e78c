// Every case of tests/cases/ gives, through the WebAssembly binding, the answer Rust gives
// (tests/cases/golden.jsonl, written by core/tests/golden.rs): byte for byte through the JSON
// entry points, and field for field through the typed API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Engine, UngxuError } from '../js/node.js';
import { repoRoot, snakeize } from './helpers.mjs';

const goldenLines = fs
  .readFileSync(path.join(repoRoot, 'tests/cases/golden.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());
const golden = new Map(
  goldenLines.map((line) => {
    const { case: name } = JSON.parse(line);
    // The answer exactly as Rust wrote it: `{"case":"…","answer":<answer>}`.
    const start = line.indexOf('"answer":') + '"answer":'.length;
    return [name, line.slice(start, line.lastIndexOf('}'))];
  }),
);
const readCase = (name) => JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/cases', name), 'utf8'));
const caseNames = (dir) =>
  fs.readdirSync(path.join(repoRoot, 'tests/cases', dir)).filter((f) => f.endsWith('.json')).sort().map((f) => `${dir}/${f}`);

const engine = new Engine();
// The learned span scorer is not in the module: cases with `"engine": {"span_model": true}`
// load the model file, as a page or a Node service would.
const spanModel = fs.readFileSync(path.join(repoRoot, 'spec/models/spans-vi.bin'));
const withModel = engine.withSpanModel(new Uint8Array(spanModel));

test('withSpanModel refuses bytes that are not a model, naming the offset and field', () => {
  assert.throws(() => engine.withSpanModel(new TextEncoder().encode('NOTAMODEL')), (e) => {
    assert.ok(e instanceof UngxuError);
    assert.equal(e.code, 'pack');
    assert.equal(e.path, 'span_model@0 magic');
    return true;
  });
  assert.throws(() => engine.withSpanModel('spans-vi.bin'), (e) => e instanceof UngxuError && e.code === 'input');
});
function caseEngine(c) {
  if (!c.engine) return engine;
  assert.deepEqual(Object.keys(c.engine), ['span_model'], 'engine options the runner does not know');
  return c.engine.span_model ? withModel : engine;
}

test('golden.jsonl covers every case file', () => {
  const names = [...caseNames('posts'), ...caseNames('events')];
  assert.ok(names.length >= 100, `only ${names.length} cases`);
  assert.deepEqual([...golden.keys()].sort(), names.sort());
});

// The typed options equivalent to a JSON check request.
function optionsOf(request) {
  const a = request.post.author || {};
  return {
    id: request.post.id,
    asOf: request.as_of,
    author: { displayName: a.display_name, verified: a.verified, official: a.official },
    role: a.role,
    links: request.post.links,
    audience: request.post.audience,
    rawEvidence: request.raw_evidence,
    checkerRole: request.checker_role,
    lexiconOnly: request.lexicon_only,
  };
}

// Drops undefined values, which JSON never has.
const defined = (o) => JSON.parse(JSON.stringify(o));

for (const name of caseNames('posts')) {
  test(name, () => {
    const c = readCase(name);
    const { request } = c;
    const engine = caseEngine(c);
    const want = golden.get(name);
    const have = engine.checkJson(JSON.stringify(request));
    assert.equal(have, want, 'checkJson differs from Rust byte for byte');
    assert.deepEqual(JSON.parse(have), JSON.parse(want));

    const expected = JSON.parse(want);
    const opts = optionsOf(request);
    opts.author = defined(opts.author);
    if (expected.ok) {
      const report = engine.check(request.post.text, opts);
      assert.deepEqual(snakeize(report), expected.report);
      for (const f of report.findings) {
        for (const s of f.spans) {
          assert.equal(typeof s.utf16Start, 'number');
          assert.ok(s.utf16Start <= s.utf16End && s.utf16End <= request.post.text.length);
        }
      }
    } else {
      assert.throws(() => engine.check(request.post.text, opts), (e) => {
        assert.ok(e instanceof UngxuError);
        assert.equal(e.code, expected.error.code);
        assert.equal(e.path, expected.error.field || '');
        assert.equal(e.detail, expected.error.message);
        return true;
      });
    }
  });
}

// As core/tests/golden.rs: overlays are named overlay-1.toml, then overlay.toml.
function eventsOf(c) {
  if (c.events) return c.events;
  return fs
    .readFileSync(path.join(repoRoot, c.events_file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

for (const name of caseNames('events')) {
  test(name, () => {
    const c = readCase(name);
    const overlays = (c.overlays || []).map((text, i) => ({ name: i === 0 ? 'overlay-1.toml' : 'overlay.toml', text }));
    const want = golden.get(name);
    const expected = JSON.parse(want);
    const events = eventsOf(c);
    let eng;
    try {
      eng = overlays.length ? Engine.fromPacks([], overlays) : engine;
    } catch (e) {
      assert.ok(e instanceof UngxuError, String(e));
      assert.equal(expected.ok, false);
      assert.equal(e.code, expected.error.code);
      assert.equal(e.path, expected.error.field || '');
      assert.equal(e.detail, expected.error.message);
      return;
    }
    const have = eng.checkEventsJson(JSON.stringify({ events, as_of: c.as_of }));
    assert.equal(have, want, 'checkEventsJson differs from Rust byte for byte');
    if (expected.ok) {
      assert.deepEqual(snakeize(eng.checkEvents(events, c.as_of)), expected.report);
    } else {
      assert.throws(() => eng.checkEvents(events, c.as_of), (e) => e instanceof UngxuError && e.code === expected.error.code && e.path === (expected.error.field || ''));
    }
  });
}
