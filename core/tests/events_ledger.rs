//! The ledger's contract beyond the conformance cases: errors, repeats, extremes, the
//! example story through the public API.

use ungxu::eval::events::{parse_event, parse_jsonl, Event, EventKind, Party, Timestamp};
use ungxu::eval::ledger::{BreachKind, Ledger, Status};
use ungxu::Engine;

fn t(s: &str) -> Timestamp {
    s.parse().expect("valid time")
}

fn compromised(id: &str, time: &str, role: &str) -> Event {
    Event::new(
        id,
        t(time),
        Party::new("holder", role),
        EventKind::AccountCompromised,
    )
    .account("acc")
}

const STORY: &str = include_str!("../../examples/events.jsonl");

#[test]
fn engine_and_ledger_are_thread_safe() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Engine>();
    send_sync::<Ledger>();
    send_sync::<ungxu::eval::ledger::LedgerReport>();
}

#[test]
fn repeated_ids() {
    let engine = Engine::default();
    let mut ledger = engine.ledger();
    let e = compromised("e1", "2025-03-01T08:00:00+07:00", "individual");
    assert!(ledger.apply(e.clone()).unwrap());
    assert!(
        !ledger.apply(e.clone()).unwrap(),
        "an identical repeat is ignored"
    );
    let other = e.clone().account("other");
    let err = ledger.apply(other.clone()).unwrap_err();
    assert_eq!(err.field, "id");
    assert!(err.message.contains("e1"), "{err}");
    assert_eq!(
        ledger.len(),
        1,
        "a rejected event leaves the ledger unchanged"
    );

    // The same instant written in another offset is different content.
    let mut utc = e.clone();
    utc.time = t("2025-03-01T01:00:00Z");
    assert!(ledger.apply(utc).is_err());

    let err = engine
        .check_events(
            &[e.clone(), e.clone(), other],
            t("2025-03-02T00:00:00+07:00"),
        )
        .unwrap_err();
    assert_eq!(err.field, "event 3: id");
    assert!(err.message.contains("event 1"), "{err}");
}

#[test]
fn errors_name_the_event_or_line() {
    let engine = Engine::default();
    let good = compromised("e1", "2025-03-01T08:00:00+07:00", "individual");
    let bad = compromised("e2", "2025-03-01T08:00:00+07:00", "citizen");
    let err = engine
        .check_events(&[good.clone(), bad.clone()], t("2025-03-02T00:00:00+07:00"))
        .unwrap_err();
    assert_eq!(err.field, "event 2: actor.role");
    assert!(err.message.contains("unknown role `citizen`"), "{err}");

    let mut ledger = engine.ledger();
    assert_eq!(ledger.apply(bad.clone()).unwrap_err().field, "actor.role");

    let jsonl = format!(
        "{}\n\n{}\n",
        serde_json::to_string(&good).unwrap(),
        serde_json::to_string(&bad).unwrap()
    );
    let err = engine
        .check_events_jsonl(&jsonl, t("2025-03-02T00:00:00+07:00"))
        .unwrap_err();
    assert_eq!(err.field, "line 3: actor.role", "{err}");
    let err = ledger.apply_jsonl(&jsonl).unwrap_err();
    assert_eq!(err.field, "line 3: actor.role", "{err}");

    // A rule named by a violation must exist.
    let v = parse_event(r#"{"id":"v","time":"2025-03-01T08:00:00+07:00","kind":"violation_recorded","actor":{"id":"vn","role":"sns_provider"},"account":"a","rule":"no.such.rule"}"#).unwrap();
    assert_eq!(ledger.apply(v).unwrap_err().field, "rule");

    // An event built in Rust with a missing field is caught too.
    let no_account = Event::new(
        "x",
        t("2025-03-01T08:00:00+07:00"),
        Party::new("a", "individual"),
        EventKind::AccountCompromised,
    );
    assert_eq!(ledger.apply(no_account).unwrap_err().field, "account");
    // Only the good first line of the JSONL log went in.
    assert_eq!(ledger.len(), 1);
}

#[test]
fn fractional_lateness_rounds_up() {
    let engine = Engine::default();
    let events = [
        compromised("e1", "2025-03-01T08:00:00+07:00", "individual"),
        Event::new(
            "e2",
            t("2025-03-02T08:00:00.25+07:00"),
            Party::new("holder", "individual"),
            EventKind::CompromiseReported,
        )
        .account("acc")
        .to(Party::new("vn", "sns_provider")),
    ];
    let r = engine
        .check_events(&events, t("2025-03-03T00:00:00+07:00"))
        .unwrap();
    assert_eq!(r.duties[0].status, Status::Late);
    assert_eq!(r.duties[0].late_by_seconds, Some(1));
    let r = engine
        .check_events(&events[..1], t("2025-03-02T08:00:00.000000001+07:00"))
        .unwrap();
    assert_eq!(r.duties[0].status, Status::Overdue);
    assert_eq!(r.duties[0].overdue_by_seconds, Some(1));
}

#[test]
fn extremes_do_not_panic() {
    let engine = Engine::default();
    let events = [
        compromised("late", "9999-12-31T23:59:59+07:00", "state_agency"),
        compromised("later", "9999-12-31T23:59:59-12:00", "state_agency"),
        compromised("early", "0001-01-01T00:00:00+14:00", "individual"),
    ];
    for as_of in ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"] {
        let r = engine.check_events(&events, t(as_of)).unwrap();
        let _ = r.to_json();
    }
    let r = engine
        .check_events(&events, t("9999-12-31T23:59:59-23:59"))
        .unwrap();
    // 9999-12-31T23:59:59+07:00 is in force for the Code; its due time lies past year 9999.
    assert!(r.duties.iter().any(|d| d.trigger.id == "late"));
    assert!(r.to_json().contains("10000-01-01T23:59:59+07:00"));
}

#[test]
fn the_example_story() {
    let engine = Engine::default();
    let events = parse_jsonl(STORY).unwrap();
    let as_of = t("2025-03-15T12:00:00+07:00");
    let r = engine.check_events(&events, as_of).unwrap();
    let s = r.summary;
    assert_eq!(
        (s.events, s.overdue, s.late, s.pending, s.met, s.breaches),
        (64, 4, 6, 5, 18, 3)
    );
    let status = |ob: &str, trigger: &str| {
        r.duties
            .iter()
            .find(|d| d.obligation == ob && d.trigger.id == trigger)
            .map(|d| d.status)
    };
    // Decree 27's 3 hours in December 2024, not Decree 147.
    assert_eq!(
        status("ob.takedown.provider.nd27", "legacy-1"),
        Some(Status::Late)
    );
    assert_eq!(status("ob.takedown.provider.nd147", "legacy-1"), None);
    assert_eq!(
        status("ob.takedown.provider.nd147", "hijack-5"),
        Some(Status::Met)
    );
    // The district's page: both the organisation's and the state agency's duty.
    assert_eq!(
        status("ob.account_impersonation.notify.state_agency", "hijack-8"),
        Some(Status::Overdue)
    );
    // The newsroom is an organisation, not a state agency.
    assert_eq!(
        status("ob.account_impersonation.notify.state_agency", "news-3"),
        None
    );
    let permanent = r
        .duties
        .iter()
        .find(|d| d.trigger.id == "troll-v16")
        .unwrap();
    assert_eq!(permanent.status, Status::Pending);
    assert_eq!(
        permanent.lock,
        Some(ungxu::eval::events::LockKind::Permanent)
    );
    let checks: Vec<BreachKind> = r.breaches.iter().map(|b| b.check).collect();
    assert_eq!(
        checks,
        [
            BreachKind::ChildAccountWithoutGuardian,
            BreachKind::UnauthenticatedPost,
            BreachKind::SharedWithoutConsent
        ]
    );
    // Every item's source is in the sources table.
    for d in &r.duties {
        assert!(r.sources.contains_key(&d.obligation), "{}", d.obligation);
    }
    for b in &r.breaches {
        assert!(r.sources.contains_key(&b.rule), "{}", b.rule);
    }

    // Streaming the same log gives the same bytes, whatever the order.
    let mut ledger = engine.ledger();
    for e in events.iter().rev() {
        ledger.apply(e.clone()).unwrap();
    }
    assert_eq!(ledger.report(as_of).to_json(), r.to_json());
    let mut ledger = engine.ledger();
    assert_eq!(ledger.apply_jsonl(STORY).unwrap(), 64);
    assert_eq!(ledger.report(as_of).to_json(), r.to_json());

    // And the report round-trips through JSON.
    let back: ungxu::eval::ledger::LedgerReport = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(back, r);
}

#[test]
fn an_empty_log() {
    let engine = Engine::default();
    let r = engine
        .check_events(&[], t("2025-03-15T12:00:00+07:00"))
        .unwrap();
    assert!(r.duties.is_empty() && r.breaches.is_empty() && r.sources.is_empty());
    assert_eq!(
        r.to_json(),
        engine
            .ledger()
            .report(t("2025-03-15T12:00:00+07:00"))
            .to_json()
    );
}
