//! The incremental [`Ledger`]: indexes filled one event at a time, in any order, from which
//! a report for any point in time is worked out.
//!
//! What `apply` files, each in `O(log n)` amortised:
//!
//! - every event, and its id in a hash table (to spot repeats) that keeps no copy of the id;
//! - each duty of a generic obligation it starts (which obligations, and whom they bind,
//!   depends only on the event itself);
//! - each fulfilment it can count as, under (kind, acting party, subject) with its time;
//! - violations and locks under (provider, account), in time order;
//! - per account, its earliest registration and earliest authentication;
//! - posts, and the breaches an event shows on its own.
//!
//! `report(as_of)` then looks up the earliest fulfilment of each duty, replays each
//! (provider, account)'s violations and locks up to `as_of`, and judges each post against
//! its account's registration and authentication times. Every one of these depends only on
//! the set of events, never on the order they arrived in.

use super::context::{self, party, Context, FxMap, Slot};
use super::lock::{LockCycle, LockDuty};
use super::{
    build_report, event_breaches, unauthenticated_post, BreachSeed, DutySeed, LedgerReport,
};
use crate::error::InputError;
use crate::eval::events::{at_line, jsonl_lines, Authentication, Event, EventKind, Timestamp};
use crate::Engine;
use hashbrown::HashTable;
use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher;

type Sym = u32;
type Instant = (i64, u32);

/// Interned strings (party, account and subject ids) in one arena, so indexes hold small
/// keys and interning allocates nothing per string.
#[derive(Debug, Default)]
struct Interner {
    hasher: RandomState,
    table: HashTable<Sym>,
    /// (start, end, hash) of each string in `arena`.
    spans: Vec<(u32, u32, u64)>,
    arena: String,
}

impl Interner {
    fn text(&self, s: Sym) -> &str {
        self.spans
            .get(s as usize)
            .and_then(|&(a, b, _)| self.arena.get(a as usize..b as usize))
            .unwrap_or("")
    }

    fn find(&self, s: &str) -> Option<Sym> {
        let h = self.hasher.hash_one(s);
        self.table.find(h, |&x| self.text(x) == s).copied()
    }

    fn intern(&mut self, s: &str) -> Sym {
        let h = self.hasher.hash_one(s);
        if let Some(&x) = self.table.find(h, |&x| self.text(x) == s) {
            return x;
        }
        let x = self.spans.len() as Sym;
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        self.spans.push((start, self.arena.len() as u32, h));
        let spans = &self.spans;
        self.table
            .insert_unique(h, x, |&y| spans.get(y as usize).map_or(0, |sp| sp.2));
        x
    }
}

/// Event ids, indexed without copies: the table holds event indices and compares ids in
/// place.
#[derive(Debug, Default)]
struct IdIndex {
    hasher: RandomState,
    table: HashTable<u32>,
    hashes: Vec<u64>,
}

impl IdIndex {
    fn find(&self, events: &[Event], id: &str) -> Option<u32> {
        let h = self.hasher.hash_one(id);
        self.table
            .find(h, |&i| events.get(i as usize).is_some_and(|e| e.id == id))
            .copied()
    }

    /// Files event `ix` (whose id is not filed yet).
    fn insert(&mut self, id: &str, ix: u32) {
        let h = self.hasher.hash_one(id);
        self.hashes.push(h);
        let hashes = &self.hashes;
        self.table
            .insert_unique(h, ix, |&i| hashes.get(i as usize).copied().unwrap_or(0));
    }
}

/// The events that may fulfil duties under one key: for each instant only the one with the
/// smallest id, since no other can ever be the earliest (by time, then id).
#[derive(Debug)]
enum Times {
    One(Instant, u32),
    Many(BTreeMap<Instant, u32>),
}

impl Times {
    /// Files event `ev` (id `id`, not necessarily stored yet) at `t`.
    fn insert(&mut self, t: Instant, ev: u32, id: &str, events: &[Event]) {
        let keep = |old: u32| id < id_of(events, old);
        match self {
            Times::One(t0, e0) if *t0 == t => {
                if keep(*e0) {
                    *e0 = ev;
                }
            }
            Times::One(t0, e0) => {
                *self = Times::Many(BTreeMap::from([(*t0, *e0), (t, ev)]));
            }
            Times::Many(map) => {
                map.entry(t)
                    .and_modify(|old| {
                        if keep(*old) {
                            *old = ev;
                        }
                    })
                    .or_insert(ev);
            }
        }
    }

    /// The earliest event at or after `t` (by time, then id).
    fn first_from(&self, t: Instant) -> Option<(Instant, u32)> {
        match self {
            Times::One(t0, e0) => (*t0 >= t).then_some((*t0, *e0)),
            Times::Many(map) => map.range(t..).next().map(|(&t, &e)| (t, e)),
        }
    }
}

fn id_of(events: &[Event], i: u32) -> &str {
    events.get(i as usize).map_or("", |e| e.id.as_str())
}

/// One (provider, account)'s violations (class 0) and locks (class 1) in time order.
type LockEntries = BTreeSet<(Instant, u8, u32)>;

/// Where a fulfilment is filed: its kind, acting party and (field, id) of its subject
/// (`ANY_FIELD` and id 0 for "any subject").
type FulfilKey = (u8, Sym, u8, Sym);

const ANY_FIELD: u8 = u8::MAX;

/// A duty of a generic obligation, filed when its trigger arrived.
#[derive(Debug, Clone, Copy)]
struct Instance {
    trigger: u32,
    ob: u32,
    slot: Slot,
    party: Sym,
    field: u8,
    subject: Sym,
}

/// What the log says about one account's registration and authentication.
#[derive(Debug, Default, Clone, Copy)]
struct AccountState {
    /// The earliest registration (by time, then id).
    registered: Option<(Instant, u32)>,
    /// The earliest time it was authenticated.
    authenticated: Option<Instant>,
}

/// [`Context`] is not `Debug`; this keeps `Ledger: Debug` without exposing it.
struct ContextBox(Context);

impl std::fmt::Debug for ContextBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Context")
    }
}

/// An incremental obligation ledger: apply events one at a time, in any order, and ask for
/// the report at any point in time. Gives exactly the answers of [`Engine::check_events`] on
/// the same events.
///
/// ```
/// use ungxu::eval::events::parse_event;
/// use ungxu::eval::ledger::Status;
/// let engine = ungxu::Engine::default();
/// let mut ledger = engine.ledger();
/// // The notice arrives before the event it answers: order does not matter.
/// ledger.apply(parse_event(r#"{"id":"e2","time":"2025-03-01T20:00:00+07:00","kind":"compromise_reported","actor":{"id":"lan","role":"individual"},"to":{"id":"vietnet","role":"sns_provider"},"account":"lan-fb"}"#).unwrap()).unwrap();
/// ledger.apply(parse_event(r#"{"id":"e1","time":"2025-03-01T08:00:00+07:00","kind":"account_compromised","actor":{"id":"lan","role":"individual"},"account":"lan-fb"}"#).unwrap()).unwrap();
///
/// let noon = ledger.report("2025-03-01T12:00:00+07:00".parse().unwrap());
/// assert_eq!(noon.duties[0].status, Status::Pending); // the notice lies in the future
/// let later = ledger.report("2025-03-04T00:00:00+07:00".parse().unwrap());
/// assert_eq!(later.duties[0].status, Status::Met);
/// assert_eq!(later.duties[0].basis, Some(ungxu::model::Basis::PolicyDefault));
/// ```
#[derive(Debug)]
pub struct Ledger {
    engine: Engine,
    ctx: ContextBox,
    events: Vec<Event>,
    ids: IdIndex,
    syms: Interner,
    instances: Vec<Instance>,
    fulfil: FxMap<FulfilKey, Times>,
    locks: FxMap<(Sym, Sym), LockEntries>,
    accounts: FxMap<Sym, AccountState>,
    /// Posts, judged at report time against their account (only accounts the log registered
    /// matter, and those are interned by their registration).
    posts: Vec<u32>,
    breaches: Vec<BreachSeed>,
}

impl Ledger {
    /// An empty ledger over the engine's packs.
    pub fn new(engine: &Engine) -> Ledger {
        Ledger {
            engine: engine.clone(),
            ctx: ContextBox(Context::new(engine.pack())),
            events: Vec::new(),
            ids: IdIndex::default(),
            syms: Interner::default(),
            instances: Vec::new(),
            fulfil: FxMap::default(),
            locks: FxMap::default(),
            accounts: FxMap::default(),
            posts: Vec::new(),
            breaches: Vec::new(),
        }
    }

    /// Number of distinct events applied.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event has been applied.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The events applied, in the order they arrived (repeats once).
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Adds one event. Returns `Ok(false)` when an identical event with the same id was
    /// already applied (it is ignored), `Ok(true)` otherwise.
    ///
    /// Errors name the field (`actor.role`, `id`, …); the ledger is unchanged by an error.
    pub fn apply(&mut self, event: Event) -> Result<bool, InputError> {
        if let Some(prev) = self.ids.find(&self.events, &event.id) {
            return if self.events.get(prev as usize) == Some(&event) {
                Ok(false)
            } else {
                Err(InputError::new(
                    "id",
                    format!(
                        "event id `{}` was already used for different content",
                        event.id
                    ),
                ))
            };
        }
        let pack = self.engine.pack();
        let ctx = &self.ctx.0;
        ctx.check_event(pack, &event)?;
        if self.events.len() >= u32::MAX as usize {
            return Err(InputError::new("id", "too many events for one ledger"));
        }
        let ix = self.events.len() as u32;
        let t = event.time.instant();

        for tr in ctx.triggered(&event) {
            let Some(p) = party(&event, tr.slot) else {
                continue;
            };
            let party_sym = self.syms.intern(&p.id);
            let (field, subject) = match tr.key {
                Some((f, v)) => (f as u8, self.syms.intern(v)),
                None => (ANY_FIELD, 0),
            };
            self.instances.push(Instance {
                trigger: ix,
                ob: tr.ob as u32,
                slot: tr.slot,
                party: party_sym,
                field,
                subject,
            });
        }
        for (kind, slot) in ctx.fulfils(&event) {
            let Some(p) = party(&event, slot) else {
                continue;
            };
            let party_sym = self.syms.intern(&p.id);
            for &field in ctx.fulfil_fields.get(kind).map_or(&[][..], Vec::as_slice) {
                let (code, subject) = match field {
                    None => (ANY_FIELD, 0),
                    Some(f) => match event.subject(f) {
                        Some(v) => (f as u8, self.syms.intern(v)),
                        None => continue,
                    },
                };
                let events = &self.events;
                self.fulfil
                    .entry((kind as u8, party_sym, code, subject))
                    .and_modify(|times| times.insert(t, ix, &event.id, events))
                    .or_insert(Times::One(t, ix));
            }
        }
        let account = event.account.as_deref().unwrap_or("");
        match &event.kind {
            EventKind::ViolationRecorded { .. } | EventKind::AccountLocked { .. } => {
                let (provider, class) = match &event.kind {
                    EventKind::ViolationRecorded { .. } => (context::lock_provider(&event), 0),
                    _ => (&event.actor, 1),
                };
                let key = (self.syms.intern(&provider.id), self.syms.intern(account));
                self.locks.entry(key).or_default().insert((t, class, ix));
            }
            EventKind::AccountRegistered { authentication, .. } => {
                let a = self.syms.intern(account);
                let st = self.accounts.entry(a).or_default();
                let earlier = match st.registered {
                    None => true,
                    Some((t0, e0)) => (t, event.id.as_str()) < (t0, id_of(&self.events, e0)),
                };
                if earlier {
                    st.registered = Some((t, ix));
                }
                if *authentication != Authentication::None {
                    st.authenticated = Some(st.authenticated.map_or(t, |a| a.min(t)));
                }
            }
            EventKind::AccountAuthenticated { .. } => {
                let a = self.syms.intern(account);
                let st = self.accounts.entry(a).or_default();
                st.authenticated = Some(st.authenticated.map_or(t, |a| a.min(t)));
            }
            EventKind::ContentPosted => self.posts.push(ix),
            _ => {}
        }
        if let Some(b) = event_breaches(ctx, pack, ix, &event) {
            self.breaches.push(b);
        }
        self.ids.insert(&event.id, ix);
        self.events.push(event);
        Ok(true)
    }

    /// Applies every event of a JSON-lines log; errors name the line. Stops at the first
    /// error (the events before it stay applied). Returns how many were new.
    pub fn apply_jsonl(&mut self, jsonl: &str) -> Result<usize, InputError> {
        let mut n = 0;
        for r in jsonl_lines(jsonl) {
            let (line, e) = r?;
            if self.apply(e).map_err(|e| at_line(line, e))? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Every duty and breach as of `as_of`: the same report [`Engine::check_events`] gives
    /// for the events applied.
    pub fn report(&self, as_of: Timestamp) -> LedgerReport {
        let pack = self.engine.pack();
        let ctx = &self.ctx.0;
        let events = &self.events;
        let limit = as_of.instant();
        let seen = |i: u32| {
            events
                .get(i as usize)
                .is_some_and(|e| e.time.instant() <= limit)
        };

        let mut duties: Vec<DutySeed> = Vec::new();
        for inst in &self.instances {
            let Some(trigger) = events.get(inst.trigger as usize) else {
                continue;
            };
            let t = trigger.time.instant();
            if t > limit {
                continue;
            }
            let mut best: Option<(Instant, u32)> = None;
            for &kind in &ctx.obs[inst.ob as usize].fulfil {
                let key = (kind as u8, inst.party, inst.field, inst.subject);
                let Some(times) = self.fulfil.get(&key) else {
                    continue;
                };
                if let Some(c) = times.first_from(t) {
                    let better = match best {
                        None => true,
                        Some(b) => (c.0, id_of(events, c.1)) < (b.0, id_of(events, b.1)),
                    };
                    if better {
                        best = Some(c);
                    }
                }
            }
            duties.push(DutySeed {
                ob: inst.ob as usize,
                trigger: inst.trigger,
                slot: inst.slot,
                fulfilled: best.filter(|b| b.0 <= limit).map(|b| b.1),
                lock: None,
                grounds: Vec::new(),
            });
        }

        let mut run: Vec<(u8, u32)> = Vec::new();
        for entries in self.locks.values() {
            let mut cycle = LockCycle::default();
            let mut out: Vec<LockDuty> = Vec::new();
            let mut run_at: Option<Instant> = None;
            // Replays one instant: violations before locks, each in id order.
            let flush =
                |run: &mut Vec<(u8, u32)>, cycle: &mut LockCycle, out: &mut Vec<LockDuty>| {
                    crate::sort::sort_by(run, |a, b| {
                        (a.0, id_of(events, a.1)).cmp(&(b.0, id_of(events, b.1)))
                    });
                    for &(class, i) in run.iter() {
                        let Some(e) = events.get(i as usize) else {
                            continue;
                        };
                        match (&e.kind, class) {
                            (EventKind::ViolationRecorded { .. }, 0) => {
                                cycle.violation(ctx, pack, i, e, out)
                            }
                            (EventKind::AccountLocked { lock, .. }, _) => cycle.lock(i, *lock, out),
                            _ => {}
                        }
                    }
                    run.clear();
                };
            for &(t, class, i) in entries.range(..=(limit, u8::MAX, u32::MAX)) {
                if run_at != Some(t) {
                    flush(&mut run, &mut cycle, &mut out);
                    run_at = Some(t);
                }
                run.push((class, i));
            }
            flush(&mut run, &mut cycle, &mut out);
            for d in out {
                let slot = events
                    .get(d.trigger as usize)
                    .map_or(Slot::Actor, context::lock_slot);
                duties.push(DutySeed::from_lock(d, slot));
            }
        }

        let mut breaches: Vec<BreachSeed> = self
            .breaches
            .iter()
            .filter(|b| seen(b.event))
            .cloned()
            .collect();
        for &ix in &self.posts {
            let Some(post) = events.get(ix as usize) else {
                continue;
            };
            let t = post.time.instant();
            if t > limit {
                continue;
            }
            let account = self.syms.find(post.account.as_deref().unwrap_or(""));
            let Some(st) = account.and_then(|a| self.accounts.get(&a)) else {
                continue;
            };
            let Some((reg_t, reg)) = st.registered else {
                continue;
            };
            if reg_t > t || st.authenticated.is_some_and(|a| a <= t) {
                continue;
            }
            if let Some(b) = unauthenticated_post(ctx, pack, ix, post, reg) {
                breaches.push(b);
            }
        }

        let counted = events.iter().filter(|e| e.time.instant() <= limit).count();
        build_report(
            pack,
            ctx,
            events.as_slice(),
            counted,
            duties,
            breaches,
            as_of,
        )
    }
}
