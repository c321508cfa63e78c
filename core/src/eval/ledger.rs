//! The obligation ledger: which duties a log of account events started, and whether each is
//! pending, met, late or overdue at a point in time; and which rules the log shows broken.
//!
//! Two ways in, with the same answers:
//!
//! - [`Engine::check_events`] takes a whole log (a slice of [`Event`]s) and a point in time.
//! - [`Ledger`] takes events one at a time, in any order, and answers
//!   [`Ledger::report`] for any point in time: for services that stream events.
//!
//! # What is evaluated
//!
//! **Duties.** Each obligation of the pack names an event kind that starts it (`trigger`),
//! the role it binds, the kinds that fulfil it and a deadline in hours, either `statutory` or
//! a `policy_default` standing in for the law's "promptly" (an overlay may change it). An
//! event starts a duty when the obligation is in force on the event's date in Vietnam and
//! the party the event binds (see [`crate::eval::events`]) has the obligation's role or a
//! role inheriting from it. The duty is fulfilled by the earliest event (by time, then id)
//! of a fulfilling kind, at or after the trigger, whose actor is the bound party and which
//! carries the same subject id (account, post, comment, request, breach or period). At a
//! point in time `as_of` a duty is:
//!
//! - `met`: fulfilled at or before its due time (exactly at the due time is on time);
//! - `late`: fulfilled after its due time, by `late_by_seconds`;
//! - `overdue`: not fulfilled, and `as_of` is past the due time, by `overdue_by_seconds`;
//! - `pending`: not fulfilled, due at `due` (or with no deadline at all).
//!
//! **Lock duties.** Obligations triggered by `violation_recorded` are due only when the
//! violation thresholds of the pack's parameters are reached (see the `lock` module notes:
//! violations within windows since the last lock; after enough temporary locks, or for
//! national-security content, a permanent lock).
//!
//! **Breaches** (computed checks, each citing its rule): a post from an account that the log
//! shows registered and not authenticated, while Decree 147's authentication rule is in
//! force; an account registered for a child under the pack's guardian age with no guardian;
//! personal data given to a third party without consent.
//!
//! Only events at or before `as_of` count. Events may come in any order: they are taken in
//! order of time, then id. An event id seen twice with the same content counts once; with
//! different content it is an error.
//!
//! # Cost
//!
//! [`Ledger::apply`] is `O(log n)` amortised; [`Ledger::report`] and
//! [`Engine::check_events`] are `O(n log n)` in the number of events.

mod batch;
mod context;
mod incremental;
mod lock;

pub use incremental::Ledger;

use crate::error::InputError;
use crate::eval::events::{
    jsonl_lines, Event, EventKind, LockKind, Party, SubjectField, Timestamp,
};
use crate::model::{Basis, Citation, Deadline};
use crate::pack::RulePack;
use crate::report::PackRef;
use crate::Engine;
use context::{party, rule_binds, rule_in_force, Context, Slot};
use lock::LockDuty;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// Where a duty stands at the report's point in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not fulfilled yet, and not past its due time (or it has none).
    Pending,
    /// Fulfilled on time.
    Met,
    /// Fulfilled after its due time.
    Late,
    /// Not fulfilled, and past its due time.
    Overdue,
}

impl Status {
    /// `pending`, `met`, `late` or `overdue`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Met => "met",
            Status::Late => "late",
            Status::Overdue => "overdue",
        }
    }
}

/// An event, as reports refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct EventRef {
    /// The event's id.
    pub id: String,
    /// Its kind.
    pub kind: Cow<'static, str>,
    /// Its time, as written.
    pub time: Timestamp,
}

impl EventRef {
    fn of(e: &Event) -> EventRef {
        EventRef {
            id: e.id.clone(),
            kind: Cow::Borrowed(e.kind.name()),
            time: e.time,
        }
    }
}

/// A party, as reports refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct PartyRef {
    /// The party's id.
    pub id: String,
    /// Its role.
    pub role: String,
}

impl PartyRef {
    fn of(p: &Party) -> PartyRef {
        PartyRef {
            id: p.id.clone(),
            role: p.role.clone(),
        }
    }
}

/// What a duty or breach is about: one id in one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct SubjectRef {
    /// Which field: `account`, `post`, `breach`, `request`, `comment` or `period`.
    pub field: SubjectField,
    /// The id.
    pub id: String,
}

/// One duty an event started, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DutyStatus {
    /// Pending, met, late or overdue.
    pub status: Status,
    /// The obligation's id (its citation is in [`LedgerReport::sources`]).
    pub obligation: String,
    /// The obligation's title.
    pub title_en: String,
    /// Who must act.
    pub bound: PartyRef,
    /// What it is about, when the trigger kind has a subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectRef>,
    /// The event that started it.
    pub trigger: EventRef,
    /// Hours allowed, when the obligation has a deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_hours: Option<u32>,
    /// Whether the deadline is set by law or is a policy default for "promptly".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// When it falls due (in the trigger's UTC offset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Timestamp>,
    /// The event that fulfilled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fulfilled_by: Option<EventRef>,
    /// For `late`: seconds after the due time it was fulfilled (rounded up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_by_seconds: Option<i64>,
    /// For `overdue`: seconds past the due time at the report's point in time (rounded up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue_by_seconds: Option<i64>,
    /// For lock duties: the lock that is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<LockKind>,
    /// For lock duties: the events that made it due (violations counted, earlier locks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grounds: Vec<String>,
    /// The rule the obligation gives effect to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Short citation, e.g. `luat-anm-2018 Art. 26.2.b`.
    pub source: String,
}

/// Which computed check found a breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BreachKind {
    /// A post from an account the log shows registered and not authenticated, while
    /// authentication is required (Decree 147, from 25 Dec 2024).
    UnauthenticatedPost,
    /// An account registered for a child under the guardian age with no guardian.
    ChildAccountWithoutGuardian,
    /// Personal data given to a third party without the data subject's consent.
    SharedWithoutConsent,
}

impl BreachKind {
    /// The JSON name, e.g. `unauthenticated_post`.
    pub fn name(self) -> &'static str {
        match self {
            BreachKind::UnauthenticatedPost => "unauthenticated_post",
            BreachKind::ChildAccountWithoutGuardian => "child_account_without_guardian",
            BreachKind::SharedWithoutConsent => "shared_without_consent",
        }
    }
}

/// A rule the log shows broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Breach {
    /// Which check found it.
    pub check: BreachKind,
    /// The rule broken (its citation is in [`LedgerReport::sources`]).
    pub rule: String,
    /// Other rules in force that the same event breaks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_rules: Vec<String>,
    /// The event that shows it.
    pub event: EventRef,
    /// Who acted.
    pub actor: PartyRef,
    /// The party the rule binds, when it is not the actor (e.g. the provider that let an
    /// unauthenticated account post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<PartyRef>,
    /// What it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectRef>,
    /// The parameter whose figure was applied, e.g. `account.guardian_required_under.age`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Its value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_value: Option<i64>,
    /// Short citation of the rule.
    pub source: String,
    /// What was found, in English.
    pub message_en: String,
}

/// Whether a source is an obligation or a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An obligation of the pack.
    Obligation,
    /// A rule of the pack.
    Rule,
}

/// The full citation of an obligation or rule a report refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Source {
    /// Obligation or rule.
    pub kind: SourceKind,
    /// Its title.
    pub title_en: String,
    /// The pack that defines it.
    pub pack: String,
    /// Where it comes from.
    pub citation: Citation,
    /// For obligations: the deadline, with its basis and its own citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// Overlay changes, e.g. `deadline: 24 h -> 12 h`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
}

/// Counts by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LedgerSummary {
    /// Events counted (at or before `as_of`, duplicates once).
    pub events: usize,
    /// Duties pending.
    pub pending: usize,
    /// Duties met on time.
    pub met: usize,
    /// Duties met late.
    pub late: usize,
    /// Duties overdue.
    pub overdue: usize,
    /// Breaches found.
    pub breaches: usize,
}

/// Every duty a log started and every breach it shows, at a point in time.
///
/// Serialises deterministically: duties by trigger time, trigger id, obligation id and bound
/// party; breaches by event time, event id, check and rule; sources by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct LedgerReport {
    /// The packs in force, base first.
    pub packs: Vec<PackRef>,
    /// The point in time evaluated.
    pub as_of: Timestamp,
    /// Counts.
    pub summary: LedgerSummary,
    /// Every duty started at or before `as_of`.
    pub duties: Vec<DutyStatus>,
    /// Every breach shown at or before `as_of`.
    pub breaches: Vec<Breach>,
    /// The obligations and rules cited above, by id, with their full citations.
    pub sources: BTreeMap<String, Source>,
}

impl LedgerReport {
    /// Compact JSON, byte-identical for the same events (in any order), packs and `as_of`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Duties with this status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &DutyStatus> {
        self.duties.iter().filter(move |d| d.status == status)
    }
}

impl Engine {
    /// Evaluates a log of account events at `as_of`: every duty with its status, every
    /// breach. Events may be in any order; see [`crate::eval::ledger`] for the rules.
    ///
    /// Errors name the event (`event 3: actor.role`): an unknown role or rule, a missing or
    /// foreign field, or an id repeated with different content.
    ///
    /// ```
    /// use ungxu::eval::events::parse_jsonl;
    /// use ungxu::eval::ledger::Status;
    /// let log = r#"
    /// {"id":"e1","time":"2025-03-01T09:00:00+07:00","kind":"takedown_requested","requested_by":"provincial_department","actor":{"id":"sttt-nb","role":"dic"},"to":{"id":"vietnet","role":"sns_provider"},"post":"p1"}
    /// {"id":"e2","time":"2025-03-02T09:00:01+07:00","kind":"content_removed","actor":{"id":"vietnet","role":"sns_provider"},"post":"p1"}
    /// "#;
    /// let events = parse_jsonl(log).unwrap();
    /// let engine = ungxu::Engine::default();
    /// let report = engine.check_events(&events, "2025-03-05T00:00:00+07:00".parse().unwrap()).unwrap();
    /// let anm = report.duties.iter().find(|d| d.obligation == "ob.takedown.provider.anm").unwrap();
    /// assert_eq!(anm.status, Status::Late);
    /// assert_eq!(anm.late_by_seconds, Some(1));
    /// assert_eq!(anm.source, "luat-anm-2018 Art. 26.2.b");
    /// ```
    pub fn check_events(
        &self,
        events: &[Event],
        as_of: Timestamp,
    ) -> Result<LedgerReport, InputError> {
        batch::check(self.pack(), events, as_of)
    }

    /// [`Engine::check_events`] on a JSON-lines log; errors name the line.
    ///
    /// ```
    /// let log = r#"{"id":"e1","time":"2025-03-01T09:00:00+07:00","kind":"account_compromised","actor":{"id":"ubnd","role":"state_agency"},"account":"page"}"#;
    /// let engine = ungxu::Engine::default();
    /// let r = engine.check_events_jsonl(log, "2025-03-03T00:00:00+07:00".parse().unwrap()).unwrap();
    /// assert_eq!(r.summary.overdue, 2); // Art. 4.3 (organization) and Art. 6 (state agency)
    /// ```
    pub fn check_events_jsonl(
        &self,
        jsonl: &str,
        as_of: Timestamp,
    ) -> Result<LedgerReport, InputError> {
        let mut events = Vec::new();
        let mut lines = Vec::new();
        for r in jsonl_lines(jsonl) {
            let (line, e) = r?;
            events.push(e);
            lines.push(line);
        }
        batch::check(self.pack(), &events, as_of).map_err(|e| {
            // Re-address `event N: …` to the line it came from.
            match e.field.strip_prefix("event ").and_then(|rest| {
                let (n, field) = rest.split_once(": ")?;
                let n: usize = n.parse().ok()?;
                Some((lines.get(n.checked_sub(1)?).copied()?, field.to_string()))
            }) {
                Some((line, field)) => InputError::new(format!("line {line}: {field}"), e.message),
                None => e,
            }
        })
    }

    /// An empty [`Ledger`] over this engine's packs.
    pub fn ledger(&self) -> Ledger {
        Ledger::new(self)
    }
}

// ---------------------------------------------------------------------------------------
// What both evaluators produce, and how it becomes a report
// ---------------------------------------------------------------------------------------

/// A duty found, before its status is worked out.
#[derive(Debug, Clone)]
pub(crate) struct DutySeed {
    pub ob: usize,
    pub trigger: u32,
    pub slot: Slot,
    pub fulfilled: Option<u32>,
    pub lock: Option<LockKind>,
    pub grounds: Vec<u32>,
}

impl DutySeed {
    fn from_lock(d: LockDuty, slot: Slot) -> DutySeed {
        DutySeed {
            ob: d.ob,
            trigger: d.trigger,
            slot,
            fulfilled: d.fulfilled,
            lock: Some(d.lock),
            grounds: d.grounds,
        }
    }
}

/// A breach found, before it is written up.
#[derive(Debug, Clone)]
pub(crate) struct BreachSeed {
    pub check: BreachKind,
    pub event: u32,
    pub rule: String,
    pub related: Vec<String>,
    /// The bound party: an event and which of its parties.
    pub bound: Option<(u32, Slot)>,
    pub parameter: Option<(String, i64)>,
}

/// Checks run on one event alone: a child's account without a guardian, data shared
/// without consent.
pub(crate) fn event_breaches(
    ctx: &Context,
    pack: &RulePack,
    ix: u32,
    e: &Event,
) -> Option<BreachSeed> {
    let date = || e.time.vietnam_date();
    match &e.kind {
        EventKind::AccountRegistered {
            age: Some(age),
            guardian: None,
            ..
        } => {
            let date = date();
            let limit = ctx
                .guardian_param
                .and_then(|p| param_value_ix(pack, p, date))?;
            let rule = rule_in_force(pack, context::ids::GUARDIAN_RULE, date)?;
            (i64::from(*age) < limit).then(|| BreachSeed {
                check: BreachKind::ChildAccountWithoutGuardian,
                event: ix,
                rule: rule.item.id.clone(),
                related: Vec::new(),
                bound: Some((ix, Slot::To)),
                parameter: Some((context::ids::GUARDIAN_PARAM.to_string(), limit)),
            })
        }
        EventKind::PersonalDataShared { consent: false } => {
            let date = date();
            let rules: Vec<String> = context::ids::CONSENT_RULES
                .iter()
                .filter_map(|id| rule_in_force(pack, id, date))
                .filter(|r| rule_binds(pack, &r.item, &e.actor.role))
                .map(|r| r.item.id.clone())
                .collect();
            let (first, rest) = rules.split_first()?;
            Some(BreachSeed {
                check: BreachKind::SharedWithoutConsent,
                event: ix,
                rule: first.clone(),
                related: rest.to_vec(),
                bound: None,
                parameter: None,
            })
        }
        _ => None,
    }
}

/// A post from an account registered (by event `reg`) and not authenticated at the time.
pub(crate) fn unauthenticated_post(
    ctx: &Context,
    pack: &RulePack,
    ix: u32,
    post: &Event,
    reg: u32,
) -> Option<BreachSeed> {
    let date = post.time.vietnam_date();
    let required = ctx.auth_param.and_then(|p| param_value_ix(pack, p, date))?;
    if required == 0 {
        return None;
    }
    let rule = rule_in_force(pack, context::ids::AUTH_RULE, date)?;
    Some(BreachSeed {
        check: BreachKind::UnauthenticatedPost,
        event: ix,
        rule: rule.item.id.clone(),
        related: Vec::new(),
        bound: Some((reg, Slot::To)),
        parameter: Some((context::ids::AUTH_PARAM.to_string(), required)),
    })
}

fn param_value_ix(pack: &RulePack, ix: usize, date: Option<crate::model::Date>) -> Option<i64> {
    context::param_value(pack, ix, date)
}

/// Seconds from `earlier` to `later`, rounded up.
fn seconds_up(later: &Timestamp, earlier: &Timestamp) -> i64 {
    let s = later.seconds_since(earlier);
    if later.subsec_nanos() != earlier.subsec_nanos() {
        s.saturating_add(1)
    } else {
        s
    }
}

fn short_source(c: &Citation) -> String {
    format!("{} {}", c.instrument, c.reference())
}

/// Where the report builder finds events by index.
pub(crate) trait EventSource {
    /// The event at index `i`.
    fn event(&self, i: u32) -> Option<&Event>;
}

impl EventSource for [Event] {
    fn event(&self, i: u32) -> Option<&Event> {
        self.get(i as usize)
    }
}

/// Writes up what an evaluator found.
pub(crate) fn build_report<E: EventSource + ?Sized>(
    pack: &RulePack,
    ctx: &Context,
    events: &E,
    counted: usize,
    duties: Vec<DutySeed>,
    breaches: Vec<BreachSeed>,
    as_of: Timestamp,
) -> LedgerReport {
    let ev = |i: u32| events.event(i);
    let obligations = pack.obligations();
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    let mut summary = LedgerSummary {
        events: counted,
        ..LedgerSummary::default()
    };

    // Order first, on borrowed keys; then write up each duty once.
    type Key<'a> = ((i64, u32), &'a str, &'a str, &'a str, Option<LockKind>);
    let mut keyed: Vec<(Key<'_>, &Event, &Party, DutySeed)> = Vec::with_capacity(duties.len());
    for d in duties {
        let (Some(trigger), Some(entry)) = (ev(d.trigger), obligations.get(d.ob)) else {
            continue;
        };
        let Some(bound) = party(trigger, d.slot) else {
            continue;
        };
        let key = (
            trigger.time.instant(),
            trigger.id.as_str(),
            entry.item.id.as_str(),
            bound.id.as_str(),
            d.lock,
        );
        keyed.push((key, trigger, bound, d));
    }
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let mut short: Vec<Option<String>> = vec![None; obligations.len()];
    let mut out_duties: Vec<DutyStatus> = Vec::with_capacity(keyed.len());
    for (_, trigger, bound, d) in keyed {
        let Some(entry) = obligations.get(d.ob) else {
            continue;
        };
        let ob = &entry.item;
        let fulfilment = d.fulfilled.and_then(ev);
        let due = ctx.obs[d.ob].deadline.map(|s| trigger.time.plus_seconds(s));
        let (status, late_by, overdue_by) = match (fulfilment, due) {
            (Some(f), Some(due)) if f.time.cmp_instant(&due).is_gt() => {
                (Status::Late, Some(seconds_up(&f.time, &due)), None)
            }
            (Some(_), _) => (Status::Met, None, None),
            (None, Some(due)) if as_of.cmp_instant(&due).is_gt() => {
                (Status::Overdue, None, Some(seconds_up(&as_of, &due)))
            }
            (None, _) => (Status::Pending, None, None),
        };
        match status {
            Status::Pending => summary.pending += 1,
            Status::Met => summary.met += 1,
            Status::Late => summary.late += 1,
            Status::Overdue => summary.overdue += 1,
        }
        let source = match short.get_mut(d.ob) {
            Some(Some(s)) => s.clone(),
            Some(slot) => {
                sources.insert(
                    ob.id.clone(),
                    Source {
                        kind: SourceKind::Obligation,
                        title_en: ob.title_en.clone(),
                        pack: entry.pack.clone(),
                        citation: ob.citation.clone(),
                        deadline: ob.deadline.clone(),
                        overrides: entry
                            .overrides
                            .iter()
                            .flat_map(|o| {
                                o.changes
                                    .iter()
                                    .map(move |c| format!("{c} ({}: {})", o.pack, o.reason))
                            })
                            .collect(),
                    },
                );
                slot.insert(short_source(&ob.citation)).clone()
            }
            None => short_source(&ob.citation),
        };
        let subject = EventKind::subject_field(trigger.kind.index()).and_then(|f| {
            trigger.subject(f).map(|id| SubjectRef {
                field: f,
                id: id.to_string(),
            })
        });
        out_duties.push(DutyStatus {
            status,
            obligation: ob.id.clone(),
            title_en: ob.title_en.clone(),
            bound: PartyRef::of(bound),
            subject,
            trigger: EventRef::of(trigger),
            deadline_hours: ob.deadline.as_ref().map(|x| x.hours),
            basis: ob.deadline.as_ref().map(|x| x.basis),
            due,
            fulfilled_by: fulfilment.map(EventRef::of),
            late_by_seconds: late_by,
            overdue_by_seconds: overdue_by,
            lock: d.lock,
            grounds: d
                .grounds
                .iter()
                .filter_map(|&g| ev(g).map(|e| e.id.clone()))
                .collect(),
            rule: ob.rule.clone(),
            source,
        });
    }

    type BreachKey<'a> = ((i64, u32), &'a str, BreachKind, &'a str);
    let mut keyed: Vec<(BreachKey<'_>, &Event, &BreachSeed)> = breaches
        .iter()
        .filter_map(|b| {
            let e = ev(b.event)?;
            Some((
                (e.time.instant(), e.id.as_str(), b.check, b.rule.as_str()),
                e,
                b,
            ))
        })
        .collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out_breaches: Vec<Breach> = Vec::with_capacity(keyed.len());
    for (_, e, b) in keyed {
        let Some(rule) = pack.rule(&b.rule) else {
            continue;
        };
        for id in std::iter::once(&b.rule).chain(&b.related) {
            if sources.contains_key(id) {
                continue;
            }
            if let Some(r) = pack.rule(id) {
                sources.insert(
                    id.clone(),
                    Source {
                        kind: SourceKind::Rule,
                        title_en: r.item.title_en.clone(),
                        pack: r.pack.clone(),
                        citation: r.item.citation.clone(),
                        deadline: None,
                        overrides: Vec::new(),
                    },
                );
            }
        }
        let bound = b
            .bound
            .and_then(|(i, slot)| ev(i).and_then(|x| party(x, slot)))
            .map(PartyRef::of);
        let (subject, message_en) = match b.check {
            BreachKind::UnauthenticatedPost => (
                e.post.as_ref().map(|p| SubjectRef {
                    field: SubjectField::Post,
                    id: p.clone(),
                }),
                format!(
                    "account `{}` posted while not authenticated; only authenticated accounts may post",
                    e.account.as_deref().unwrap_or("?")
                ),
            ),
            BreachKind::ChildAccountWithoutGuardian => (
                e.account.as_ref().map(|a| SubjectRef {
                    field: SubjectField::Account,
                    id: a.clone(),
                }),
                format!(
                    "account `{}` was registered for a child aged {} (under {}) with no parent or guardian",
                    e.account.as_deref().unwrap_or("?"),
                    match &e.kind {
                        EventKind::AccountRegistered { age: Some(a), .. } => a.to_string(),
                        _ => "?".into(),
                    },
                    b.parameter.as_ref().map_or(0, |p| p.1)
                ),
            ),
            BreachKind::SharedWithoutConsent => (
                e.account.as_ref().map(|a| SubjectRef {
                    field: SubjectField::Account,
                    id: a.clone(),
                }),
                format!(
                    "personal data given to `{}` without the data subject's consent",
                    e.to.as_deref().map_or("?", |p| p.id.as_str())
                ),
            ),
        };
        summary.breaches += 1;
        out_breaches.push(Breach {
            check: b.check,
            rule: b.rule.clone(),
            related_rules: b.related.clone(),
            event: EventRef::of(e),
            actor: PartyRef::of(&e.actor),
            bound,
            subject,
            parameter: b.parameter.as_ref().map(|p| p.0.clone()),
            parameter_value: b.parameter.as_ref().map(|p| p.1),
            source: short_source(&rule.item.citation),
            message_en,
        });
    }

    LedgerReport {
        packs: pack
            .packs()
            .iter()
            .map(|p| PackRef {
                id: p.id.clone(),
                version: p.version.clone(),
            })
            .collect(),
        as_of,
        summary,
        duties: out_duties,
        breaches: out_breaches,
        sources,
    }
}
