// The typed JavaScript API of ungxu, shared by the browser (web.js) and Node (node.js) entry
// points. It builds the JSON requests of ungxu's JSON API, calls the wasm module and turns the
// tagged answers into camelCase objects or a thrown UngxuError. No rule logic lives here.

let bindings = null;

/** Called once by web.js / node.js with the wasm-bindgen module. @internal */
export function setBindings(module) {
  bindings = module;
}

/** An error of the ungxu API: a bad request, a bad pack, an unknown rule. */
export class UngxuError extends Error {
  /**
   * @param {string} code `input`, `pack`, `not_found`, `init` or `internal`
   * @param {string} message what is wrong
   * @param {string} [path] the field or pack location at fault (`post.author.role`,
   *   `events[2].time`, `overlay.toml:3:1: rules[0].roles`), empty when unknown
   */
  constructor(code, message, path = '') {
    super(path ? `${path}: ${message}` : message);
    this.name = 'UngxuError';
    this.code = code;
    this.path = path;
    this.detail = message;
  }
}

function wasm() {
  if (!bindings) {
    throw new UngxuError('init', 'the WebAssembly module is not loaded yet: `await init()` first');
  }
  return bindings;
}

// Calls into wasm; a trap (which should never happen) becomes a typed error.
function guarded(call) {
  try {
    return call();
  } catch (e) {
    if (e instanceof UngxuError) throw e;
    throw new UngxuError('internal', `the WebAssembly module failed: ${e && e.message ? e.message : e}`);
  }
}

// JS strings are UTF-16 and may hold lone surrogates, which JSON text escapes as `\udXXX` and
// Rust rejects. Each becomes U+FFFD, also one UTF-16 unit, so offsets into the caller's string
// stay right.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function wellFormed(s) {
  return typeof s.toWellFormed === 'function' ? s.toWellFormed() : s.replace(LONE_SURROGATE, '\uFFFD');
}
function requestJson(value) {
  return JSON.stringify(value, (_key, v) => (typeof v === 'string' ? wellFormed(v) : v));
}

// `maxTextBytes` -> `max_text_bytes` (keys already in snake_case stay as they are).
function snakeKeys(object) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

const SNAKE = /_([a-z0-9])/g;
function camelKey(key) {
  return key.replace(SNAKE, (_m, c) => c.toUpperCase());
}
// Object keys that are ids, not field names: their keys are kept as they are.
const ID_KEYED = new Set(['sources']);

/**
 * Renames the fields of an answer from the JSON API's snake_case to camelCase
 * (`utf16_start` -> `utf16Start`); values, and the ids keying `sources`, are unchanged.
 */
export function camelize(value, idKeyed = false) {
  if (Array.isArray(value)) return value.map((v) => camelize(v));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[idKeyed ? k : camelKey(k)] = camelize(v, !idKeyed && ID_KEYED.has(k));
  }
  return out;
}

/**
 * The answer's `key`, camelCased field by field (the ledger's `sources` are keyed by ids, which
 * stay as they are), or the thrown error.
 */
function answer(json, key) {
  return camelize(camelAnswer(json, key));
}

/** The answer's `key` from an answer the core wrote in camelCase, or the thrown error. */
function camelAnswer(json, key) {
  const parsed = JSON.parse(json);
  if (!parsed.ok) {
    const e = parsed.error || {};
    throw new UngxuError(e.code || 'internal', e.message || 'unknown error', e.field || '');
  }
  return parsed[key];
}

function isoDate(asOf, what) {
  if (asOf === undefined || asOf === null) return new Date().toISOString().slice(0, 10);
  if (asOf instanceof Date) {
    if (Number.isNaN(asOf.getTime())) throw new UngxuError('input', 'not a valid date', what);
    return asOf.toISOString().slice(0, 10);
  }
  return asOf;
}

function instant(asOf) {
  if (asOf instanceof Date) {
    if (Number.isNaN(asOf.getTime())) throw new UngxuError('input', 'not a valid date', 'as_of');
    return asOf.toISOString();
  }
  return asOf;
}

// The JSON post of the core API from a text and the typed options.
function postOf(text, options) {
  const post = { text };
  if (options.id !== undefined) post.id = options.id;
  const author = {};
  const a = options.author || {};
  // As in Python: `author.role` wins, `role` is the default for an author who gives none.
  if (a.role !== undefined) author.role = a.role;
  else if (options.role !== undefined) author.role = options.role;
  if (a.displayName !== undefined) author.display_name = a.displayName;
  if (a.verified !== undefined) author.verified = a.verified;
  if (a.official !== undefined) author.official = a.official;
  if (Object.keys(author).length) post.author = author;
  if (options.links !== undefined) post.links = options.links;
  if (options.audience !== undefined) post.audience = options.audience;
  return post;
}

function checkRequest(options) {
  const request = { as_of: isoDate(options.asOf, 'as_of') };
  if (options.rawEvidence !== undefined) request.raw_evidence = options.rawEvidence;
  if (options.checkerRole !== undefined) request.checker_role = options.checkerRole;
  if (options.lexiconOnly !== undefined) request.lexicon_only = options.lexiconOnly;
  return request;
}

/** A compiled rule engine. Build it once and reuse it: building takes milliseconds. */
export class Engine {
  #inner;

  /** The engine of the embedded default packs (national + Ninh Bình + lexicons). */
  constructor(inner) {
    this.#inner = inner instanceof wasm().WasmEngine ? inner : guarded(() => new (wasm().WasmEngine)());
  }

  /**
   * An engine from your own packs (base first; none means the embedded default) and overlays,
   * each `{name, text}`; the name's extension (`.toml`, `.json`) picks the format.
   * `limits` (optional): `{inputLimits, packLimits}`, the core's InputLimits and PackLimits
   * (`{maxTextBytes: 4194304}`; missing fields keep the defaults).
   */
  static fromPacks(packs = [], overlays = [], limits = {}) {
    const request = { packs, overlays };
    if (limits.inputLimits) request.input_limits = snakeKeys(limits.inputLimits);
    if (limits.packLimits) request.pack_limits = snakeKeys(limits.packLimits);
    let inner;
    try {
      inner = wasm().WasmEngine.fromRequest(requestJson(request));
    } catch (e) {
      if (typeof e === 'string') answer(e, 'engine');
      throw new UngxuError('internal', String(e && e.message ? e.message : e));
    }
    return new Engine(inner);
  }

  /**
   * This engine also running the learned span scorer, read from `model` (a Uint8Array of
   * `spec/models/spans-vi.bin`, shipped in the package as `ungxu/models/spans-vi.bin`): it
   * finds more than the lexicon, explains each span by its features, and is slower. Throws
   * UngxuError (code `pack`, path `span_model@OFFSET FIELD`) when the bytes are not a model.
   */
  withSpanModel(model) {
    if (!(model instanceof Uint8Array)) {
      throw new UngxuError('input', 'expected the model file as a Uint8Array', 'span_model');
    }
    let inner;
    try {
      inner = this.#inner.withSpanModel(model);
    } catch (e) {
      if (typeof e === 'string') answer(e, 'engine');
      throw new UngxuError('internal', String(e && e.message ? e.message : e));
    }
    return new Engine(inner);
  }

  /** Checks one post and returns its report; throws UngxuError on bad options. */
  check(text, options = {}) {
    const request = checkRequest(options);
    request.post = postOf(text, options);
    return camelAnswer(guarded(() => this.#inner.checkPostCamel(requestJson(request))), 'report');
  }

  /**
   * Checks many posts (texts, or `{text, ...options}` objects) under the same options; one
   * Report or UngxuError per post, in order.
   */
  checkMany(posts, options = {}) {
    const request = checkRequest(options);
    request.posts = posts.map((p) => (typeof p === 'string' ? postOf(p, options) : postOf(p.text, { ...options, ...p })));
    const json = guarded(() => this.#inner.checkManyCamel(requestJson(request)));
    // Error objects' `field` becomes `path`, as in UngxuError.
    return camelAnswer(json, 'results').map((r) => (r.ok ? r.report : new UngxuError(r.error.code, r.error.message, r.error.field || '')));
  }

  /**
   * Applies account events (objects as in spec/schema/events.schema.json, snake_case as in
   * the JSON-lines logs) and returns the obligation ledger at `asOf` (RFC 3339 with an
   * offset, or a Date).
   */
  checkEvents(events, asOf) {
    const request = requestJson({ events, as_of: instant(asOf) });
    // Renamed here rather than by the core's camelCase writer, unlike the other answers: a
    // second writer for the ledger measured +4.2 KB gzipped in the module.
    return answer(guarded(() => this.#inner.checkEvents(request)), 'report');
  }

  /** The rules, optionally only those binding `role` (with what it inherits) in force on `asOf`. */
  rules(options = {}) {
    const request = {};
    if (options.role !== undefined) request.role = options.role;
    if (options.asOf !== undefined) request.as_of = isoDate(options.asOf, 'as_of');
    return camelAnswer(guarded(() => this.#inner.rulesCamel(requestJson(request))), 'rules');
  }

  /** One rule by id; throws UngxuError with code `not_found` when there is none. */
  rule(id) {
    return camelAnswer(guarded(() => this.#inner.ruleCamel(wellFormed(String(id)))), 'rule');
  }

  /** The roles of the packs, each with what it inherits. */
  roles() {
    return camelAnswer(guarded(() => this.#inner.rolesCamel()), 'roles');
  }

  /** The JSON API itself: a check request in JSON, the answer in JSON, byte for byte as Rust's. */
  checkJson(request) {
    return guarded(() => this.#inner.checkPost(request));
  }

  /** The JSON API for many posts (`{"posts": [...], "as_of": ...}`). */
  checkManyJson(request) {
    return guarded(() => this.#inner.checkMany(request));
  }

  /** The JSON API for an event log (`{"events": [...], "as_of": ...}`). */
  checkEventsJson(request) {
    return guarded(() => this.#inner.checkEvents(request));
  }

  /** Frees the wasm memory of this engine now rather than at garbage collection. */
  free() {
    this.#inner.free();
  }
}
