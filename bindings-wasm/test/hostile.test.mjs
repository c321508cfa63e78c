// The hostile-input catalogue (tests/hostile/cases.json) through the Node build: the JSON
// entry points (checkJson, checkManyJson, checkEventsJson; text built as the Rust test builds
// it), the typed `check` for plain-text posts, and Engine.fromPacks for packs. Every case gives
// a report or an UngxuError; a wasm trap would be an `internal` UngxuError and fails the case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine, UngxuError, init } from '../js/node.js';
import { repoRoot } from './helpers.mjs';

await init();
const catalogue = JSON.parse(readFileSync(path.join(repoRoot, 'tests/hostile/cases.json'), 'utf8'));
const cases = catalogue.cases.filter((c) => (c.only ?? ['node']).includes('node'));
const defaultEngine = new Engine();

function numbered(template, i) {
  const letters = [...String(i)].map((d) => String.fromCharCode(97 + Number(d))).join(' ');
  return template.replaceAll('{i}', String(i)).replaceAll('{a}', letters);
}

function part(p) {
  if (typeof p === 'string') return p;
  if ('repeat' in p) {
    const one = part(p.repeat);
    if (one.includes('{i}') || one.includes('{a}')) {
      const out = [];
      for (let i = 0; i < p.times; i++) out.push(numbered(one, i));
      return out.join('');
    }
    return one.repeat(p.times);
  }
  if ('char' in p) return String.fromCharCode(parseInt(p.char, 16)); // lone surrogates stay
  if ('bytes' in p) return Buffer.from(p.bytes, 'hex').toString('utf8'); // lossy, as a JS caller decodes
  throw new Error(`unknown part ${JSON.stringify(p)}`);
}
const text = (parts) => parts.map(part).join('');

// A JS string as JSON text with lone surrogates left raw (JSON.stringify escapes them, which
// Rust refuses), as when a JS caller hands its own string to the JSON API.
const LONE_ESCAPE = /\\u(d[89a-f][0-9a-f]{2})/g;
const jsonString = (s) => JSON.stringify(s).replace(LONE_ESCAPE, (_m, h) => String.fromCharCode(parseInt(h, 16)));

function emit(v) {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if ('$text' in v) return jsonString(text(v.$text));
    if ('$raw' in v) return text(v.$raw);
    if ('$array' in v) {
      const one = emit(v.$array);
      const out = [];
      for (let i = 0; i < v.times; i++) out.push(numbered(one, i));
      return `[${out.join(',')}]`;
    }
    if ('$nest' in v) {
      return v.key === undefined ? '['.repeat(v.$nest) + ']'.repeat(v.$nest) : `{"${v.key}":`.repeat(v.$nest) + '{}' + '}'.repeat(v.$nest);
    }
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${emit(x)}`).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map(emit).join(',')}]`;
  return JSON.stringify(v);
}

function engineOf(request) {
  const limits = {};
  if (request.input_limits) limits.inputLimits = request.input_limits;
  if (request.pack_limits) limits.packLimits = request.pack_limits;
  return Engine.fromPacks(request.packs ?? [], request.overlays ?? [], limits);
}

/** The answer as the JSON API's tagged object (`{ok, report | results | error}` or `{engine: true}`). */
function run(c) {
  if (c.call === 'engine') {
    // The request as objects, lone surrogates kept, through the typed constructor.
    const request = JSON.parse(emit(c.request));
    try {
      engineOf(request).free();
      return { engine: true };
    } catch (e) {
      if (!(e instanceof UngxuError)) throw e;
      return { ok: false, error: { code: e.code, field: e.path, message: e.detail } };
    }
  }
  const engine = c.engine ? engineOf(JSON.parse(emit(c.engine))) : defaultEngine;
  const request = emit(c.request);
  const call = { check_post: 'checkJson', check_many: 'checkManyJson', check_events: 'checkEventsJson' }[c.call];
  const answer = JSON.parse(engine[call](request));
  if (engine !== defaultEngine) engine.free();
  return answer;
}

function checkAnswer(expect, answer) {
  if (expect.error) {
    assert.equal(answer.ok, false, `expected an error: ${JSON.stringify(answer).slice(0, 300)}`);
    const got = answer.error;
    assert.equal(got.code, expect.error.code, got.message);
    const field = got.field ?? '';
    if (expect.error.field !== undefined) assert.equal(field, expect.error.field, got.message);
    if (expect.error.field_prefix !== undefined) assert.ok(field.startsWith(expect.error.field_prefix), `${field}: ${got.message}`);
    for (const m of expect.error.message ?? []) assert.ok(got.message.includes(m), `${m} not in ${got.message}`);
    return;
  }
  if (expect.report) {
    assert.equal(answer.ok, true, `expected a report: ${JSON.stringify(answer).slice(0, 300)}`);
    const r = answer.report;
    const n = (r.findings ?? []).length;
    if (expect.report.verdict !== undefined) assert.equal(r.verdict, expect.report.verdict);
    if (expect.report.findings !== undefined) assert.equal(n, expect.report.findings);
    if (expect.report.min_findings !== undefined) assert.ok(n >= expect.report.min_findings, `${n} findings`);
    if (expect.report.max_findings !== undefined) assert.ok(n <= expect.report.max_findings, `${n} findings`);
    for (const [k, v] of Object.entries(expect.report.summary ?? {})) assert.equal(r.summary[k], v, k);
    return;
  }
  if (expect.results) {
    assert.equal(answer.results.length, expect.results.length);
    expect.results.forEach((e, i) => checkAnswer(e, answer.results[i]));
    return;
  }
  if (expect.results_count !== undefined) {
    assert.equal(answer.ok, true);
    assert.equal(answer.results.length, expect.results_count);
    return;
  }
  assert.deepEqual(answer, { engine: true });
}

test('the catalogue has at least 30 cases for Node', () => {
  assert.ok(cases.length >= 30, `${cases.length} cases`);
});

for (const c of cases) {
  test(`hostile: ${c.id}`, () => {
    checkAnswer(c.expect_node ?? c.expect, run(c));
    // Plain-text posts also through the typed API: the same outcome, as a Report or an UngxuError.
    const post = c.request.post;
    if (c.call === 'check_post' && !c.engine && post && Object.keys(post).length === 1 && typeof c.request.as_of === 'string') {
      const t = typeof post.text === 'string' ? post.text : post.text && post.text.$text ? text(post.text.$text) : null;
      if (t === null) return;
      const expect = c.expect_node ?? c.expect;
      try {
        const report = defaultEngine.check(t, { asOf: c.request.as_of });
        assert.ok(expect.report, `typed check gave a report, expected ${JSON.stringify(expect)}`);
        checkAnswer(expect, { ok: true, report: { ...report, findings: report.findings } });
      } catch (e) {
        if (!(e instanceof UngxuError)) throw e;
        checkAnswer(expect, { ok: false, error: { code: e.code, field: e.path, message: e.detail } });
      }
    }
  });
}
