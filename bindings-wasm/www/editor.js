// The newsroom editor page: checks the draft as it is typed (debounced) and paints each
// finding's spans behind the textarea; the side panel explains each finding with its rule and
// the clause it cites. Everything runs in the page: the text never leaves the machine.
import init, { Engine } from '../js/web.js';

const ROLES = ['individual', 'civil_servant', 'state_agency', 'press_agency', 'organization'];
const DEBOUNCE_MS = 150;
const SEVERITY_RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

const STRINGS = {
  vi: {
    title: 'Kiểm tra bản thảo theo Bộ Quy tắc ứng xử trên mạng xã hội',
    role: 'Vai trò',
    asOf: 'Áp dụng ngày',
    findings: 'Phát hiện',
    none: 'Chưa thấy điều gì cần lưu ý.',
    note: 'Đây là gợi ý tự động; người biên tập quyết định. Văn bản không rời khỏi máy của bạn.',
    placeholder: 'Dán hoặc gõ bản thảo vào đây…',
    langButton: 'English',
    loading: 'Đang tải bộ quy tắc…',
    status: (n, chars, ms) => `${n} phát hiện · ${chars.toLocaleString('vi-VN')} ký tự · kiểm tra trong ${ms} ms`,
    error: 'Lỗi',
    severity: { info: 'thông tin', low: 'thấp', medium: 'trung bình', high: 'cao', critical: 'rất nghiêm trọng' },
    action: { allow: 'Cho phép', notice: 'Nhắc nhở', review: 'Cần xem xét', restrict: 'Hạn chế', remove: 'Gỡ bỏ' },
    recommended: 'Khuyến nghị',
    article: 'Điều',
    clause: 'khoản',
    point: 'điểm',
    related: 'Liên quan',
  },
  en: {
    title: 'Check a draft against the Code of Conduct on Social Networks',
    role: 'Role',
    asOf: 'Rules as of',
    findings: 'Findings',
    none: 'Nothing to flag yet.',
    note: 'Automatic suggestions; the editor decides. The text never leaves your machine.',
    placeholder: 'Paste or type the draft here…',
    langButton: 'Tiếng Việt',
    loading: 'Loading the rule packs…',
    status: (n, chars, ms) => `${n} finding${n === 1 ? '' : 's'} · ${chars.toLocaleString('en')} characters · checked in ${ms} ms`,
    error: 'Error',
    severity: { info: 'info', low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
    action: { allow: 'Allow', notice: 'Notice', review: 'Review', restrict: 'Restrict', remove: 'Remove' },
    recommended: 'Recommended',
    article: 'Art.',
    clause: 'cl.',
    point: 'pt.',
    related: 'Related',
  },
};

const $ = (id) => document.getElementById(id);
const draft = $('draft');
const layer = $('highlights');
const roleSelect = $('role');
const asOfInput = $('as-of');
const verdictBadge = $('verdict');
const list = $('findings');
const statusLine = $('status');

let lang = 'vi';
let engine = null;
let roles = [];
let lastReport = null;
let lastText = '';
let timer = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-') || k === 'lang') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function localDate(d = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Non-overlapping highlight ranges (UTF-16), each with the strongest severity covering it. */
function ranges(report) {
  const cuts = [];
  report.findings.forEach((f, index) => {
    for (const s of f.spans) {
      if (s.utf16End > s.utf16Start) cuts.push({ start: s.utf16Start, end: s.utf16End, severity: f.severity, index });
    }
  });
  cuts.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged = [];
  for (const c of cuts) {
    const last = merged[merged.length - 1];
    if (last && c.start < last.end) {
      last.end = Math.max(last.end, c.end);
      if (SEVERITY_RANK[c.severity] > SEVERITY_RANK[last.severity]) last.severity = c.severity;
      last.findings.push(c.index);
    } else {
      merged.push({ ...c, findings: [c.index] });
    }
  }
  return merged;
}

function paintHighlights(text, report) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const r of ranges(report)) {
    if (r.start > at) frag.append(text.slice(at, r.start));
    frag.append(el('mark', { 'data-severity': r.severity, 'data-findings': r.findings.join(' ') }, text.slice(r.start, r.end)));
    at = r.end;
  }
  // A trailing newline needs a character after it to take up its line, as in the textarea.
  frag.append(text.slice(at) + '\n ');
  layer.replaceChildren(frag);
  layer.scrollTop = draft.scrollTop;
}

function citationRef(c) {
  const s = STRINGS[lang];
  let ref = `${s.article} ${c.article}`;
  if (c.clause) ref += `, ${s.clause} ${c.clause}`;
  if (c.point) ref += `, ${s.point} ${c.point}`;
  return `${ref} — ${c.instrument}`;
}

function renderPanel(report) {
  const s = STRINGS[lang];
  list.replaceChildren(
    ...report.findings.map((f, index) =>
      el(
        'li',
        { class: 'finding', 'data-severity': f.severity, 'data-rule': f.ruleId, 'data-index': String(index) },
        el(
          'div',
          { class: 'head' },
          el('span', { class: 'rule' }, f.ruleId),
          el('span', { class: 'chip sev', 'data-severity': f.severity }, s.severity[f.severity]),
          el('span', { class: 'chip action' }, `${s.recommended}: ${s.action[f.action]}`),
        ),
        f.evidence ? el('div', { class: 'evidence' }, `“${f.evidence}”`) : null,
        el('p', { class: 'message' }, lang === 'vi' ? f.messageVi : f.messageEn),
        el('p', { class: 'source' }, citationRef(f.citation)),
        el('blockquote', { class: 'vi', lang: 'vi' }, f.citation.excerptVi),
        el('blockquote', { class: 'en', lang: 'en' }, f.citation.summaryEn),
        f.relatedRules && f.relatedRules.length ? el('p', { class: 'source' }, `${s.related}: ${f.relatedRules.join(', ')}`) : null,
      ),
    ),
  );
  $('empty').hidden = report.findings.length > 0;
  verdictBadge.dataset.verdict = report.verdict;
  verdictBadge.textContent = s.action[report.verdict];
}

function check() {
  timer = 0;
  if (!engine) return;
  const text = draft.value;
  const started = performance.now();
  try {
    const report = engine.check(text, { role: roleSelect.value, asOf: asOfInput.value || localDate() });
    const ms = Math.max(1, Math.round(performance.now() - started));
    lastReport = report;
    lastText = text;
    paintHighlights(text, report);
    renderPanel(report);
    statusLine.textContent = STRINGS[lang].status(report.findings.length, text.length, ms);
    document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
  } catch (e) {
    statusLine.textContent = `${STRINGS[lang].error}: ${e.message}`;
  }
}

/**
 * The last report's findings moved onto `text`, an edit of the text they were found in: spans
 * before the edit stay, spans after it shift by the edit's length, spans it touches are
 * dropped until the next check.
 */
function shiftedFindings(text) {
  if (!lastReport) return { findings: [] };
  if (text === lastText) return lastReport;
  const old = lastText;
  let prefix = 0;
  const max = Math.min(old.length, text.length);
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const delta = text.length - old.length;
  const editEnd = old.length - suffix;
  const findings = lastReport.findings.map((f) => ({
    ...f,
    spans: f.spans.flatMap((sp) => {
      if (sp.utf16End <= prefix) return [sp];
      if (sp.utf16Start >= editEnd) return [{ ...sp, utf16Start: sp.utf16Start + delta, utf16End: sp.utf16End + delta }];
      return [];
    }),
  }));
  return { findings };
}

function schedule() {
  // Until the next check, the last highlights follow the edit so they stay under their words.
  paintHighlights(draft.value, shiftedFindings(draft.value));
  clearTimeout(timer);
  timer = setTimeout(check, DEBOUNCE_MS);
}

function fillRoles() {
  const selected = roleSelect.value || 'press_agency';
  roleSelect.replaceChildren(
    ...roles.map((r) => el('option', { value: r.id, selected: r.id === selected }, lang === 'vi' ? r.nameVi : r.nameEn)),
  );
}

function applyLanguage() {
  const s = STRINGS[lang];
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = s[node.dataset.i18n];
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = s[node.dataset.i18nPlaceholder];
  $('lang').textContent = s.langButton;
  document.title = lang === 'vi' ? 'ungxu — Kiểm tra bản thảo' : 'ungxu — Check a draft';
  fillRoles();
  if (lastReport) {
    renderPanel(lastReport);
    check();
  }
}

function selectFinding(item) {
  const f = lastReport && lastReport.findings[Number(item.dataset.index)];
  if (!f || !f.spans.length) return;
  draft.focus();
  draft.setSelectionRange(f.spans[0].utf16Start, f.spans[0].utf16End);
  for (const m of layer.querySelectorAll('mark')) {
    m.classList.toggle('active', m.dataset.findings.split(' ').includes(item.dataset.index));
  }
}

async function main() {
  statusLine.textContent = STRINGS[lang].loading;
  asOfInput.value = localDate();
  let started = performance.now();
  await init();
  window.ungxuWasmInitMs = performance.now() - started;
  started = performance.now();
  engine = new Engine();
  window.ungxuEngineInitMs = performance.now() - started;
  roles = engine.roles().filter((r) => ROLES.includes(r.id)).sort((a, b) => ROLES.indexOf(a.id) - ROLES.indexOf(b.id));
  fillRoles();
  draft.addEventListener('input', schedule);
  draft.addEventListener('scroll', () => {
    layer.scrollTop = draft.scrollTop;
  });
  roleSelect.addEventListener('change', check);
  asOfInput.addEventListener('change', check);
  $('lang').addEventListener('click', () => {
    lang = lang === 'vi' ? 'en' : 'vi';
    applyLanguage();
  });
  list.addEventListener('click', (e) => {
    const item = e.target.closest('.finding');
    if (item) selectFinding(item);
  });
  new ResizeObserver(() => paintHighlights(draft.value, shiftedFindings(draft.value))).observe(draft);
  document.body.dataset.ready = 'true';
  check();
}

main().catch((e) => {
  statusLine.textContent = `${STRINGS[lang].error}: ${e.message}`;
});
