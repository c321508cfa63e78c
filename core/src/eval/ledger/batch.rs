//! The batch evaluation: validate, drop repeats, keep what happened by `as_of`, sort by
//! time then id, and sweep once. Written independently of the [`super::Ledger`]'s indexes so
//! that the property tests compare two implementations, not one with itself.

use super::context::{lock_provider, party, Context, Slot};
use super::lock::{LockCycle, LockDuty};
use super::{
    build_report, event_breaches, unauthenticated_post, BreachSeed, DutySeed, LedgerReport,
};
use crate::error::InputError;
use crate::eval::events::{Authentication, Event, EventKind, SubjectField, Timestamp};
use crate::pack::RulePack;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

const SUBJECT_FIELDS: [SubjectField; 6] = [
    SubjectField::Account,
    SubjectField::Post,
    SubjectField::Breach,
    SubjectField::Request,
    SubjectField::Comment,
    SubjectField::Period,
];

/// Open duties waiting for a fulfilment: (kind, party id, subject field, subject id).
type OpenKey<'a> = (usize, &'a str, Option<SubjectField>, &'a str);

#[derive(Default)]
struct Account {
    registered: Option<u32>,
    authenticated: bool,
}

pub(crate) fn check(
    pack: &RulePack,
    events: &[Event],
    as_of: Timestamp,
) -> Result<LedgerReport, InputError> {
    let ctx = Context::new(pack);
    let at = |i: usize, e: InputError| {
        InputError::new(format!("event {}: {}", i + 1, e.field), e.message)
    };
    if events.len() >= u32::MAX as usize {
        return Err(InputError::new("events", "too many events"));
    }
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(events.len());
    let mut keep: Vec<u32> = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        match first.entry(e.id.as_str()) {
            Entry::Occupied(o) => {
                let j = *o.get();
                if events.get(j) != Some(e) {
                    return Err(at(
                        i,
                        InputError::new(
                            "id",
                            format!(
                                "event id `{}` repeats event {} with different content",
                                e.id,
                                j + 1
                            ),
                        ),
                    ));
                }
            }
            Entry::Vacant(v) => {
                ctx.check_event(pack, e).map_err(|err| at(i, err))?;
                v.insert(i);
                if e.time.cmp_instant(&as_of).is_le() {
                    keep.push(i as u32);
                }
            }
        }
    }
    let ev = |i: u32| &events[i as usize];
    crate::sort::sort_by(&mut keep, |&a, &b| {
        let (a, b) = (ev(a), ev(b));
        (a.time.instant(), &a.id).cmp(&(b.time.instant(), &b.id))
    });

    let mut duties: Vec<DutySeed> = Vec::new();
    let mut open: HashMap<OpenKey<'_>, Vec<usize>> = HashMap::new();
    let mut cycles: HashMap<(&str, &str), LockCycle> = HashMap::new();
    let mut lock_duties: Vec<LockDuty> = Vec::new();
    let mut accounts: HashMap<&str, Account> = HashMap::new();
    let mut breaches: Vec<BreachSeed> = Vec::new();

    let mut start = 0;
    while start < keep.len() {
        let instant = ev(keep[start]).time.instant();
        let end = keep[start..]
            .iter()
            .position(|&i| ev(i).time.instant() != instant)
            .map_or(keep.len(), |n| start + n);
        let group = &keep[start..end];

        // Phase 1: what starts or records something at this instant.
        for &ix in group {
            let e = ev(ix);
            for tr in ctx.triggered(e) {
                let Some(p) = party(e, tr.slot) else { continue };
                let d = duties.len();
                duties.push(DutySeed {
                    ob: tr.ob,
                    trigger: ix,
                    slot: tr.slot,
                    fulfilled: None,
                    lock: None,
                    grounds: Vec::new(),
                });
                let (field, subject) = match tr.key {
                    Some((f, v)) => (Some(f), v),
                    None => (None, ""),
                };
                for &k in &ctx.obs[tr.ob].fulfil {
                    open.entry((k, p.id.as_str(), field, subject))
                        .or_default()
                        .push(d);
                }
            }
            match &e.kind {
                EventKind::ViolationRecorded { .. } => {
                    let key = (
                        lock_provider(e).id.as_str(),
                        e.account.as_deref().unwrap_or(""),
                    );
                    cycles
                        .entry(key)
                        .or_default()
                        .violation(&ctx, pack, ix, e, &mut lock_duties);
                }
                EventKind::AccountRegistered { authentication, .. } => {
                    let a = accounts
                        .entry(e.account.as_deref().unwrap_or(""))
                        .or_default();
                    if a.registered.is_none() {
                        a.registered = Some(ix);
                    }
                    if *authentication != Authentication::None {
                        a.authenticated = true;
                    }
                }
                EventKind::AccountAuthenticated { .. } => {
                    accounts
                        .entry(e.account.as_deref().unwrap_or(""))
                        .or_default()
                        .authenticated = true;
                }
                _ => {}
            }
            if let Some(b) = event_breaches(&ctx, pack, ix, e) {
                breaches.push(b);
            }
        }

        // Phase 2: what fulfils, locks or posts at this instant.
        for &ix in group {
            let e = ev(ix);
            for (k, slot) in ctx.fulfils(e) {
                let Some(p) = party(e, slot) else { continue };
                let keys = std::iter::once((None, "")).chain(
                    SUBJECT_FIELDS
                        .iter()
                        .filter_map(|&f| e.subject(f).map(|v| (Some(f), v))),
                );
                for (field, subject) in keys {
                    if let Some(list) = open.remove(&(k, p.id.as_str(), field, subject)) {
                        for d in list {
                            if let Some(duty) = duties.get_mut(d) {
                                duty.fulfilled.get_or_insert(ix);
                            }
                        }
                    }
                }
            }
            match &e.kind {
                EventKind::AccountLocked { lock, .. } => {
                    let key = (e.actor.id.as_str(), e.account.as_deref().unwrap_or(""));
                    cycles
                        .entry(key)
                        .or_default()
                        .lock(ix, *lock, &mut lock_duties);
                }
                EventKind::ContentPosted => {
                    let a = accounts.get(e.account.as_deref().unwrap_or(""));
                    if let Some(Account {
                        registered: Some(reg),
                        authenticated: false,
                    }) = a
                    {
                        if let Some(b) = unauthenticated_post(&ctx, pack, ix, e, *reg) {
                            breaches.push(b);
                        }
                    }
                }
                _ => {}
            }
        }
        start = end;
    }

    for d in lock_duties {
        let slot = events
            .get(d.trigger as usize)
            .map_or(Slot::Actor, super::context::lock_slot);
        duties.push(DutySeed::from_lock(d, slot));
    }
    Ok(build_report(
        pack,
        &ctx,
        events,
        keep.len(),
        duties,
        breaches,
        as_of,
    ))
}
