// Types of the npm package `ungxu`. Objects are the JSON API's answers with camelCase field
// names (spec/schema/report.schema.json and ledger.schema.json describe the snake_case JSON).

/** Loads the WebAssembly module (browsers: fetches the .wasm; Node: already loaded). */
export default function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
export function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Renames snake_case fields of a JSON API answer to camelCase. */
export function camelize<T = unknown>(value: unknown): T;

export type ErrorCode = 'input' | 'pack' | 'not_found' | 'init' | 'internal';

/** A bad request, a bad pack, an unknown rule: thrown by every Engine method. */
export class UngxuError extends Error {
  constructor(code: ErrorCode, message: string, path?: string);
  readonly name: 'UngxuError';
  readonly code: ErrorCode;
  /** The field or pack location at fault (`post.author.role`, `events[2].time`,
   *  `overlay.toml:3:1: rules[0].roles`); empty when unknown. */
  readonly path: string;
  /** The message without the path. */
  readonly detail: string;
}

/** The recommended moderation action, weakest first. */
export type Action = 'allow' | 'notice' | 'review' | 'restrict' | 'remove';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
/** `confirmed`: read in the official text; `reported`: from secondary summaries. */
export type CitationConfidence = 'confirmed' | 'reported';
/** Role ids of the default packs; overlays may add others. */
export type RoleId =
  | 'individual'
  | 'organization'
  | 'civil_servant'
  | 'state_agency'
  | 'press_agency'
  | 'sns_provider'
  | 'dic'
  | (string & {});
/** A date `YYYY-MM-DD`, or a Date (its UTC calendar day). */
export type DateInput = string | Date;
/** An RFC 3339 date-time with its offset (`2025-03-15T12:00:00+07:00`), or a Date. */
export type InstantInput = string | Date;

/** A range of the original text, end exclusive, given three ways. */
export interface Span {
  /** UTF-8 bytes (Rust). */
  byteStart: number;
  byteEnd: number;
  /** Unicode scalar values (Python). */
  charStart: number;
  charEnd: number;
  /** UTF-16 code units: `text.slice(span.utf16Start, span.utf16End)`. */
  utf16Start: number;
  utf16End: number;
}

/** Where a rule, obligation or parameter comes from. */
export interface Citation {
  /** Instrument id, e.g. `qd-874-2021`. */
  instrument: string;
  /** Article, or numbered section of a letter. */
  article: string;
  /** Clause (khoản), if any. */
  clause?: string | null;
  /** Point (điểm), if any. */
  point?: string | null;
  /** The Vietnamese wording of the source. */
  excerptVi: string;
  /** What it says, in English. */
  summaryEn: string;
  confidence: CitationConfidence;
  /** Anything a reviewer should know. */
  note?: string | null;
}

/** One rule a post may break, with the evidence. */
export interface Finding {
  /** The rule most specific to the author's role. */
  ruleId: string;
  /** Other rules in force for this role that the same evidence touches. */
  relatedRules?: string[];
  category: string;
  /** Finer label, e.g. `phone`, `gambling`, `region`. */
  subcategory?: string;
  severity: Severity;
  /** 0 to 1. */
  confidence: number;
  /** What to do, after the pack's confidence caps. */
  action: Action;
  /** e.g. `lexicon`, `personal.phone`, `sources.unsourced`. */
  detector: string;
  /** The lexicon term or pattern that matched. */
  term?: string;
  /** Where in the original text (may be empty for findings about the author or post). */
  spans: Span[];
  /** Normalisation steps needed to match (`folded`, `separator`, …). */
  normalization?: string[];
  /** For the learned span scorer (`model.spans`): the features that contributed most. */
  features?: string[];
  /** The evidence; personal data masked unless `rawEvidence`. */
  evidence: string;
  evidenceMasked: boolean;
  citation: Citation;
  messageVi: string;
  messageEn: string;
}

export interface PackRef {
  id: string;
  version: string;
}

/** A duty of the checker's role triggered by the findings. */
export interface Duty {
  ruleId: string;
  titleEn: string;
  /** e.g. `qd-874-2021 Art. 7.2`. */
  source: string;
}

/** The result of checking one post. */
export interface Report {
  /** The post's id, when given. */
  id?: string;
  packs: PackRef[];
  /** `YYYY-MM-DD`. */
  asOf: string;
  role: string;
  /** The strongest action of all findings; `allow` when there are none. */
  verdict: Action;
  /** The highest severity, when there are findings. */
  severity?: Severity;
  /** Sorted by position, then rule id. */
  findings: Finding[];
  /** Duties of `checkerRole` because of these findings. */
  duties?: Duty[];
}

export interface Author {
  role?: RoleId;
  displayName?: string;
  verified?: boolean;
  official?: boolean;
}

/** Options of `Engine.check`. */
export interface CheckOptions {
  /** The author's role when `author.role` is not given (default `individual`). */
  role?: RoleId;
  /** The day whose rules apply (default: today, UTC). */
  asOf?: DateInput;
  author?: Author;
  /** Links attached to the post besides those in the text. */
  links?: string[];
  audience?: 'general' | 'children';
  /** Show personal data unmasked in evidence. */
  rawEvidence?: boolean;
  /** The checker's own role, to list its duties (e.g. `sns_provider`). */
  checkerRole?: RoleId;
  /** On an engine with the learned span scorer, run without it for this check. */
  lexiconOnly?: boolean;
  /** Echoed in the report. */
  id?: string;
}

/** One post of `Engine.checkMany`: its text and options of its own. */
export interface PostInput extends Omit<CheckOptions, 'asOf' | 'rawEvidence' | 'checkerRole' | 'lexiconOnly'> {
  text: string;
}

export interface RulesOptions {
  /** Only rules binding this role (and what it inherits). */
  role?: RoleId;
  /** Only rules in force on this day. */
  asOf?: DateInput;
}

/** A pack or lexicon as text; the name's extension (`.toml`, `.json`) picks the format. */
export interface PackText {
  name: string;
  text: string;
}

/** A change an overlay made to a rule. */
export interface AppliedOverride {
  pack: string;
  reason: string;
  changes: string[];
}

/** A rule of the loaded packs. */
export interface Rule {
  id: string;
  kind: 'principle' | 'prohibition' | 'obligation' | 'recommendation';
  titleEn: string;
  roles: string[];
  category: string;
  severity: Severity;
  action: Action;
  /** `YYYY-MM-DD`. */
  validFrom: string;
  validTo?: string;
  citation: Citation;
  /** Rules this one implements (e.g. a provincial letter's rule implementing Art. 4). */
  implements?: string[];
  /** The pack that defined it. */
  pack: string;
  overrides?: AppliedOverride[];
}

/** A role and what it inherits. */
export interface Role {
  id: string;
  nameVi: string;
  nameEn: string;
  parent?: string;
  note?: string;
  /** Itself, then every role it inherits from. */
  lineage: string[];
}

/** An account event as in spec/schema/events.schema.json (snake_case, like the JSON-lines logs). */
export interface AccountEvent {
  id: string;
  /** RFC 3339 with an offset. */
  time: string;
  kind: string;
  actor: { id: string; role: RoleId };
  to?: { id: string; role: RoleId };
  account?: string;
  post?: string;
  breach?: string;
  request?: string;
  [field: string]: unknown;
}

export interface EventRef {
  id: string;
  kind: string;
  time: string;
}

export interface PartyRef {
  id: string;
  role: string;
}

export interface SubjectRef {
  field: 'account' | 'post' | 'breach' | 'request' | (string & {});
  id: string;
}

export type DutyState = 'pending' | 'met' | 'late' | 'overdue';
export type Basis = 'statutory' | 'policy_default';

/** A duty an event started, and where it stands. */
export interface DutyStatus {
  status: DutyState;
  obligation: string;
  titleEn: string;
  rule?: string | null;
  bound: PartyRef;
  subject?: SubjectRef | null;
  trigger: EventRef;
  due?: string | null;
  deadlineHours?: number | null;
  basis?: Basis | null;
  fulfilledBy?: EventRef | null;
  lateBySeconds?: number | null;
  overdueBySeconds?: number | null;
  lock?: 'temporary' | 'permanent' | null;
  grounds?: string[];
  source: string;
}

/** A rule the log shows broken. */
export interface Breach {
  check: 'unauthenticated_post' | 'child_account_without_guardian' | 'shared_without_consent' | (string & {});
  rule: string;
  relatedRules?: string[];
  event: EventRef;
  actor: PartyRef;
  bound?: PartyRef | null;
  subject?: SubjectRef | null;
  parameter?: string | null;
  parameterValue?: number | null;
  source: string;
  messageEn: string;
}

export interface Deadline {
  hours: number;
  basis: Basis;
  citation: Citation;
}

/** An obligation or rule cited by a ledger report. */
export interface LedgerSource {
  kind: 'obligation' | 'rule';
  titleEn: string;
  pack: string;
  citation: Citation;
  deadline?: Deadline | null;
  overrides?: AppliedOverride[];
}

export interface LedgerSummary {
  events: number;
  pending: number;
  met: number;
  late: number;
  overdue: number;
  breaches: number;
}

/** Every duty a log started and every breach it shows, at a point in time. */
export interface LedgerReport {
  packs: PackRef[];
  asOf: string;
  summary: LedgerSummary;
  duties: DutyStatus[];
  breaches: Breach[];
  /** By obligation or rule id (ids are kept as they are, not camelCased). */
  sources: Record<string, LedgerSource>;
}

/** A compiled rule engine: build once, reuse for every check. */
export class Engine {
  /** The embedded default packs (national + Ninh Bình + lexicons). */
  constructor();
  /** Your own base packs (none: the embedded default) and overlays on top. */
  static fromPacks(packs?: PackText[], overlays?: PackText[], limits?: EngineLimits): Engine;
  /**
   * This engine also running the learned span scorer read from the bytes of
   * `ungxu/models/spans-vi.bin` (not embedded in the module). Throws UngxuError `pack` when
   * the bytes are not a model.
   */
  withSpanModel(model: Uint8Array): Engine;
  check(text: string, options?: CheckOptions): Report;
  checkMany(posts: Array<string | PostInput>, options?: Pick<CheckOptions, 'asOf' | 'rawEvidence' | 'checkerRole' | 'lexiconOnly' | 'role'>): Array<Report | UngxuError>;
  checkEvents(events: AccountEvent[], asOf: InstantInput): LedgerReport;
  rules(options?: RulesOptions): Rule[];
  rule(id: string): Rule;
  roles(): Role[];
  /** The JSON API: a check request in JSON, the answer in JSON, byte for byte as Rust's. */
  checkJson(request: string): string;
  checkManyJson(request: string): string;
  checkEventsJson(request: string): string;
  /** Frees the engine's wasm memory now. */
  free(): void;
}

/** Limits of the core (`InputLimits`, `PackLimits`); every field optional, sizes in bytes. */
export interface EngineLimits {
  inputLimits?: { maxTextBytes?: number; maxLinks?: number; maxEvents?: number };
  packLimits?: {
    maxSourceBytes?: number;
    maxTotalBytes?: number;
    maxRules?: number;
    maxObligations?: number;
    maxItems?: number;
    maxTerms?: number;
    maxTermBytes?: number;
  };
}
