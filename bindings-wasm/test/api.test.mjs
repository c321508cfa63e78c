// The typed API: errors, offsets after emoji, lone surrogates, arbitrary input never trapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, UngxuError, init } from '../js/node.js';

await init();
const engine = new Engine();
const AS_OF = '2025-06-01';

function throwsUngxu(fn, code, path) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof UngxuError, `not an UngxuError: ${e}`);
    assert.equal(e.code, code);
    if (path !== undefined) assert.equal(e.path, path);
    assert.ok(e.message.length > 0);
    return true;
  });
}

test('an insult and a phone number are found, with UTF-16 spans after emoji', () => {
  const text = '😡😡 đồ óc chó, gọi 0912 345 678';
  const report = engine.check(text, { asOf: AS_OF });
  assert.equal(report.verdict !== 'allow', true);
  const insult = report.findings.find((f) => f.category === 'insult');
  assert.ok(insult, JSON.stringify(report.findings.map((f) => f.ruleId)));
  const [span] = insult.spans;
  assert.equal(text.slice(span.utf16Start, span.utf16End), insult.evidence);
  assert.equal(span.utf16Start - span.charStart, 2, 'each emoji is two UTF-16 units, one scalar');
  assert.ok(span.byteStart > span.charStart);
  assert.ok(insult.citation.excerptVi.length > 0 && insult.citation.summaryEn.length > 0);
  const phone = report.findings.find((f) => f.subcategory === 'phone');
  assert.ok(phone, 'phone number found');
  assert.equal(phone.evidenceMasked, true);
  assert.notEqual(phone.evidence, '0912 345 678');
  const raw = engine.check(text, { asOf: AS_OF, rawEvidence: true }).findings.find((f) => f.subcategory === 'phone');
  assert.equal(raw.evidence, text.slice(raw.spans[0].utf16Start, raw.spans[0].utf16End));
});

test('the role changes the rule', () => {
  // An unsourced sensational claim: Art. 4.4 for an individual, Art. 5.1 for a civil servant.
  const text = 'Tin nóng: mai cắt điện toàn tỉnh, chia sẻ gấp!';
  const individual = engine.check(text, { asOf: AS_OF, role: 'individual' });
  const civil = engine.check(text, { asOf: AS_OF, role: 'civil_servant' });
  assert.equal(individual.role, 'individual');
  assert.equal(civil.role, 'civil_servant');
  assert.deepEqual(individual.findings.map((f) => f.ruleId), ['qd874.4.4']);
  assert.deepEqual(civil.findings.map((f) => f.ruleId), ['qd874.5.1']);
});

test('author.role wins over role, as in Python', () => {
  const r = engine.check('chào bạn', { asOf: AS_OF, role: 'individual', author: { role: 'civil_servant' } });
  assert.equal(r.role, 'civil_servant');
  assert.equal(engine.check('chào bạn', { asOf: AS_OF, role: 'state_agency' }).role, 'state_agency');
});

test('asOf accepts a Date and defaults to today', () => {
  const r = engine.check('chào bạn', { asOf: new Date('2025-03-04T10:00:00Z') });
  assert.equal(r.asOf, '2025-03-04');
  assert.equal(engine.check('chào bạn').asOf, new Date().toISOString().slice(0, 10));
});

test('bad input throws UngxuError naming the field', () => {
  throwsUngxu(() => engine.check('x', { asOf: AS_OF, role: 'alien' }), 'input', 'post.author.role');
  throwsUngxu(() => engine.check('x', { asOf: '2025-13-40' }), 'input', 'as_of');
  throwsUngxu(() => engine.check('x', { asOf: new Date('nonsense') }), 'input', 'as_of');
  throwsUngxu(() => engine.check(42, { asOf: AS_OF }), 'input', 'post.text');
  throwsUngxu(() => engine.check('x', { asOf: AS_OF, checkerRole: 'alien' }), 'input', 'checker_role');
  throwsUngxu(() => engine.rule('no.such.rule'), 'not_found', 'id');
  throwsUngxu(() => engine.rules({ role: 'alien' }), 'input', 'role');
  throwsUngxu(
    () => engine.checkEvents([{ id: 'e1', time: '2025-03-01T09:00:00', kind: 'account_compromised', actor: { id: 'a', role: 'individual' }, account: 'x' }], '2025-03-03T00:00:00+07:00'),
    'input',
    'events[0].time',
  );
  throwsUngxu(() => Engine.fromPacks([], [{ name: 'bad.toml', text: '[pack]\nid = 1\n' }]), 'pack');
  try {
    Engine.fromPacks([], [{ name: 'bad.toml', text: '[pack]\nid = 1\n' }]);
  } catch (e) {
    assert.match(e.path, /^bad\.toml:2/);
  }
  const answer = JSON.parse(engine.checkJson('not json'));
  assert.equal(answer.ok, false);
  assert.equal(answer.error.code, 'input');
});

test('rules, rule, roles', () => {
  const roles = engine.roles().map((r) => r.id);
  for (const id of ['individual', 'civil_servant', 'state_agency', 'press_agency', 'organization']) {
    assert.ok(roles.includes(id), id);
  }
  const all = engine.rules();
  const forDic = engine.rules({ role: 'dic', asOf: '2025-01-01' });
  assert.ok(forDic.length > 0 && forDic.length < all.length);
  const rule = engine.rule('qd874.4.6.insult');
  assert.equal(rule.id, 'qd874.4.6.insult');
  assert.ok(rule.citation.excerptVi.includes('xúc phạm'));
  assert.ok(rule.titleEn.length > 0);
});

test('checkMany answers each post in order, errors included', () => {
  const results = engine.checkMany(['chào bạn', { text: 'đồ óc chó', role: 'alien' }, { text: 'đồ óc chó', id: 'p3' }], { asOf: AS_OF });
  assert.equal(results.length, 3);
  assert.equal(results[0].verdict, 'allow');
  assert.ok(results[1] instanceof UngxuError);
  assert.equal(results[1].path, 'posts[1].author.role');
  assert.equal(results[2].id, 'p3');
  assert.ok(results[2].findings.length > 0);
});

test('overlays change the answer; ledger sources keep their ids', () => {
  const overlay = {
    name: 'mine.toml',
    text: '[pack]\nid = "mine"\nversion = "1"\ntitle = "t"\nextends = "vn-ninh-binh-2021"\n\n[[overrides]]\ntarget = "qd874.4.6.insult"\naction = "remove"\nreason = "our terms"\n',
  };
  const mine = Engine.fromPacks([], [overlay]);
  const rule = mine.rule('qd874.4.6.insult');
  assert.equal(rule.action, 'remove');
  assert.equal(rule.overrides[0].pack, 'mine');
  assert.equal(engine.rule('qd874.4.6.insult').overrides, undefined);
  assert.deepEqual(mine.check('đồ óc chó', { asOf: AS_OF }).packs.map((p) => p.id).slice(-1), ['mine']);
  const ledger = engine.checkEvents(
    [{ id: 'e1', time: '2025-03-01T09:00:00+07:00', kind: 'account_compromised', actor: { id: 'ubnd', role: 'state_agency' }, account: 'page' }],
    new Date('2025-03-02T17:00:00Z'),
  );
  assert.equal(ledger.summary.overdue, 2);
  const ids = Object.keys(ledger.sources);
  assert.ok(ids.some((k) => k.includes('_')), `ids with underscores kept: ${ids}`);
  for (const d of ledger.duties) assert.ok(d.obligation in ledger.sources, d.obligation);
});

test('lone surrogates are checked, not rejected, and offsets still index the string', () => {
  const text = '\uD800 đồ óc chó \uDC00 😀 \uDBFF';
  const report = engine.check(text, { asOf: AS_OF });
  const insult = report.findings.find((f) => f.category === 'insult');
  assert.ok(insult);
  const s = insult.spans[0];
  assert.equal(text.slice(s.utf16Start, s.utf16End), insult.evidence);
  // A raw lone surrogate inside JSON text given to the JSON entry point.
  const answer = JSON.parse(engine.checkJson(`{"post":{"text":"\uDC00 đồ óc chó"},"as_of":"${AS_OF}"}`));
  assert.equal(answer.ok, true);
  // An escaped one is an input error, not a trap.
  const escaped = JSON.parse(engine.checkJson(`{"post":{"text":"\\ud800 x"},"as_of":"${AS_OF}"}`));
  assert.equal(escaped.ok, false);
  assert.equal(escaped.error.code, 'input');
  throwsUngxu(() => engine.rule('\uD800'), 'not_found', 'id');
});

test('arbitrary strings never trap and every span lies inside the text', () => {
  const pieces = ['đ', 'ồ', 'o\u0301', ' ', 'óc chó', '\uD83D', '\uDE00', '😀', '\u200B', '0912', ' 345 ', '678', 'http://x.vn', '@', '\u0000', 'đm', 'ngu', '.', '\n', 'Ǆ', '𝐚'];
  let seed = 7;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let i = 0; i < 400; i++) {
    let text = '';
    const len = rand(40);
    for (let j = 0; j < len; j++) text += pieces[rand(pieces.length)];
    const report = engine.check(text, { asOf: AS_OF, rawEvidence: true });
    for (const f of report.findings) {
      for (const s of f.spans) {
        assert.ok(0 <= s.utf16Start && s.utf16Start <= s.utf16End && s.utf16End <= text.length, JSON.stringify({ text, s }));
      }
    }
  }
});

test('before init in a browser-like load, Engine says so', async () => {
  const { setBindings, Engine: Bare } = await import(`../js/engine.js?fresh=${Date.now()}`);
  assert.equal(typeof setBindings, 'function');
  // A fresh copy of the module has its own UngxuError class.
  assert.throws(() => new Bare(), (e) => e.name === 'UngxuError' && e.code === 'init');
});
