//! Property tests of the obligation ledger on random logs:
//!
//! - the incremental [`Ledger`], fed the events in any order with repeats and queried at any
//!   point, answers exactly what the batch [`Engine::check_events`] answers for the events
//!   applied so far;
//! - permuting the input does not change the batch report;
//! - the report only depends on the events at or before `as_of`.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use ungxu::eval::events::{
    Authentication, Event, EventKind, LockKind, Party, Requester, Timestamp,
};
use ungxu::eval::ledger::Ledger;
use ungxu::Engine;

/// 2024-12-20T00:00:00+07:00: five days before Decree 147, so logs cross it.
const START: i64 = 1_734_627_600;

const PARTIES: [(&str, &str); 9] = [
    ("vietnet", "sns_provider"),
    ("zalo", "sns_provider"),
    ("lan", "individual"),
    ("cb", "civil_servant"),
    ("shop", "organization"),
    ("ubnd", "provincial_body"),
    ("sttt", "dic"),
    ("bao", "press_agency"),
    ("bo", "state_agency"),
];

fn party(i: u8) -> Party {
    let (id, role) = PARTIES[i as usize % PARTIES.len()];
    Party::new(id, role)
}

fn provider(i: u8) -> Party {
    party(i % 2)
}

/// One random event seed: kind selector, three party/id selectors, time (hours from START,
/// then a sub-hour step that makes ties and one-second gaps), offset, flag.
type Seed = (u8, u8, u8, u8, u32, u8, bool, u8);

fn event(i: usize, s: Seed) -> Event {
    let (k, a, b, c, hours, sub, utc, flag) = s;
    let kind = match k % 50 {
        x @ 0..=25 => x as usize,
        26..=35 => 12, // violation_recorded, often enough to cross thresholds
        36..=40 => 13, // account_locked
        41..=45 => 8,  // content_posted
        _ => 0,        // account_registered
    };
    let secs = START + i64::from(hours) * 3600 + [0, 1, 1800, 3599][sub as usize % 4];
    let time = Timestamp::from_unix(secs, 0, if utc { 0 } else { 7 * 3600 }).expect("in range");
    let account = format!("acc{}", c % 3);
    let post = format!("p{}", b % 3);
    let thing = format!("x{}", c % 2);
    let actor = party(a);
    let auth = [
        Authentication::None,
        Authentication::MobileNumber,
        Authentication::IdNumber,
    ][flag as usize % 3];
    let id = format!("e{i:03}");
    let kind_value = match kind {
        0 => EventKind::AccountRegistered {
            authentication: auth,
            age: (flag % 4 != 0).then_some(flag % 30),
            guardian: (flag % 5 == 0).then(|| "parent".to_string()),
        },
        1 => EventKind::AccountAuthenticated {
            method: if flag % 2 == 0 {
                Authentication::MobileNumber
            } else {
                Authentication::IdNumber
            },
        },
        2 => EventKind::TermsAccepted,
        3 => EventKind::AccountCompromised,
        4 => EventKind::AccountImpersonated {
            impersonator: (flag % 2 == 0).then(|| "fake".to_string()),
        },
        5 => EventKind::CompromiseReported,
        6 => EventKind::ImpersonationReported { impersonator: None },
        7 => EventKind::AccountRecovered,
        8 => EventKind::ContentPosted,
        9 => EventKind::TakedownRequested {
            requested_by: [
                Requester::Ministry,
                Requester::Police,
                Requester::ProvincialDepartment,
                Requester::OtherAuthority,
                Requester::UserComplaint,
            ][flag as usize % 5],
            rule: None,
        },
        10 => EventKind::UserComplaintReceived,
        11 => EventKind::ContentRemoved,
        12 => EventKind::ViolationRecorded {
            rule: None,
            national_security: flag % 17 == 0,
        },
        13 => EventKind::AccountLocked {
            lock: if flag % 4 == 0 {
                LockKind::Permanent
            } else {
                LockKind::Temporary
            },
            days: None,
        },
        14 => EventKind::AccountUnlocked,
        15 => EventKind::PersonalDataShared {
            consent: flag % 2 == 0,
        },
        16 => EventKind::PersonalDataBreachDetected { breach: thing },
        17 => EventKind::PersonalDataBreachNotified { breach: thing },
        18 => EventKind::DataSubjectRequestReceived { request: thing },
        19 => EventKind::DataSubjectRequestAnswered { request: thing },
        20 => EventKind::CommentReceived { comment: thing },
        21 => EventKind::CommentAnswered { comment: thing },
        22 => EventKind::FakeNewsConfirmed,
        23 => EventKind::WarningPublished,
        24 => EventKind::ReportingPeriodEnded { period: thing },
        _ => EventKind::ReportSubmitted { period: thing },
    };
    // Providers act in the provider's kinds most of the time, so fulfilments match.
    let actor = match kind {
        1 | 11 | 13 | 14 if a % 4 != 0 => provider(b),
        12 if a % 3 != 0 => provider(b),
        _ => actor,
    };
    let mut e = Event::new(id, time, actor, kind_value);
    match kind {
        0 => e = e.account(account).to(provider(b)),
        1 | 3 | 4 | 7 | 13 | 14 => e = e.account(account),
        2 => {
            e = e.account(account);
            if flag % 2 == 0 {
                e = e.to(provider(b));
            }
        }
        5 | 6 => e = e.account(account).to(party(b)),
        8 => e = e.account(account).post(post),
        9 => {
            e = e.post(post).to(if b % 3 == 0 {
                party(b / 3)
            } else {
                provider(b)
            })
        }
        10 | 11 | 22 | 23 => e = e.post(post),
        12 => {
            e = e.account(account);
            if a % 3 == 0 {
                e = e.to(provider(b));
            }
        }
        15 => e = e.to(party(b)),
        17 | 25 if flag % 2 == 0 => e = e.to(party(b)),
        _ => {}
    }
    e
}

fn events(seeds: &[Seed]) -> Vec<Event> {
    seeds
        .iter()
        .enumerate()
        .map(|(i, &s)| event(i, s))
        .collect()
}

fn at(hours: u32) -> Timestamp {
    Timestamp::from_unix(START + i64::from(hours) * 3600, 0, 7 * 3600).expect("in range")
}

fn seeds(max: usize) -> impl Strategy<Value = Vec<Seed>> {
    prop::collection::vec(
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            // Some events share a few instants, so ties between ids matter.
            prop_oneof![3 => 0u32..1500, 1 => prop::sample::select(vec![130u32, 131, 400, 401, 900])],
            any::<u8>(),
            any::<bool>(),
            any::<u8>(),
        ),
        0..max,
    )
}

/// A denser log on one account: violations and locks, to exercise the thresholds.
fn lock_seeds(max: usize) -> impl Strategy<Value = Vec<Seed>> {
    prop::collection::vec(
        (
            prop_oneof![4 => Just(30u8), 1 => Just(38u8), 1 => Just(43u8)],
            1u8..3,
            Just(0u8),
            Just(0u8),
            prop_oneof![3 => 100u32..900, 1 => prop::sample::select(vec![200u32, 201, 300])],
            any::<u8>(),
            any::<bool>(),
            any::<u8>(),
        ),
        0..max,
    )
}

fn check_incremental(evs: &[Event], order: &[usize], repeats: &[usize], queries: &[(usize, u32)]) {
    let engine = Engine::default();
    let mut ledger = Ledger::new(&engine);
    let mut applied: Vec<Event> = Vec::new();
    let mut step = 0usize;
    let query = |ledger: &Ledger, applied: &[Event], step: usize| {
        for &(at_step, hours) in queries {
            if at_step % (order.len() + 1) == step {
                let as_of = at(hours);
                let batch = engine.check_events(applied, as_of).expect("valid log");
                let inc = ledger.report(as_of);
                assert_eq!(inc.to_json(), batch.to_json(), "step {step}, as_of {as_of}");
            }
        }
    };
    query(&ledger, &applied, step);
    for &i in order {
        let e = evs[i].clone();
        assert!(ledger.apply(e.clone()).expect("valid event"));
        applied.push(e);
        if repeats.contains(&i) {
            assert!(!ledger.apply(evs[i].clone()).expect("a repeat is fine"));
            applied.push(evs[i].clone());
        }
        step += 1;
        query(&ledger, &applied, step);
    }
}

fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut x = seed | 1;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn ledger_equals_batch(
        seeds in seeds(70),
        perm in any::<u64>(),
        repeats in prop::collection::vec(0usize..70, 0..5),
        queries in prop::collection::vec((0usize..80, 0u32..1600), 1..6),
    ) {
        let evs = events(&seeds);
        let order = permutation(evs.len(), perm);
        check_incremental(&evs, &order, &repeats, &queries);
    }

    #[test]
    fn ledger_equals_batch_on_lock_heavy_logs(
        seeds in lock_seeds(60),
        perm in any::<u64>(),
        queries in prop::collection::vec((0usize..70, 0u32..1600), 1..5),
    ) {
        let evs = events(&seeds);
        let order = permutation(evs.len(), perm);
        check_incremental(&evs, &order, &[], &queries);
    }

    #[test]
    fn permuting_the_log_changes_nothing(seeds in seeds(80), perm in any::<u64>(), hours in 0u32..1600) {
        let engine = Engine::default();
        let evs = events(&seeds);
        let shuffled: Vec<Event> = permutation(evs.len(), perm).into_iter().map(|i| evs[i].clone()).collect();
        let as_of = at(hours);
        let a = engine.check_events(&evs, as_of).expect("valid log");
        let b = engine.check_events(&shuffled, as_of).expect("valid log");
        prop_assert_eq!(a.to_json(), b.to_json());
    }

    #[test]
    fn only_events_up_to_as_of_count(seeds in lock_seeds(60), hours in 0u32..1600) {
        let engine = Engine::default();
        let evs = events(&seeds);
        let as_of = at(hours);
        let past: Vec<Event> = evs.iter().filter(|e| e.time.cmp_instant(&as_of).is_le()).cloned().collect();
        let a = engine.check_events(&evs, as_of).expect("valid log");
        let b = engine.check_events(&past, as_of).expect("valid log");
        prop_assert_eq!(a.to_json(), b.to_json());
    }

    #[test]
    fn events_round_trip_through_json(seeds in seeds(40)) {
        for e in events(&seeds) {
            let json = serde_json::to_string(&e).expect("serialises");
            let back = ungxu::eval::events::parse_event(&json).expect("parses back");
            prop_assert_eq!(back, e);
        }
    }
}

#[test]
fn random_logs_do_raise_duties_of_every_status() {
    // The generators above are only meaningful if they reach every outcome.
    let engine = Engine::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut locks = 0;
    let mut breaches = 0;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..60 {
        let s = seeds(70).new_tree(&mut runner).expect("tree").current();
        let l = lock_seeds(60)
            .new_tree(&mut runner)
            .expect("tree")
            .current();
        for evs in [events(&s), events(&l)] {
            let r = engine.check_events(&evs, at(1600)).expect("valid log");
            for d in &r.duties {
                seen.insert(d.status);
                if d.lock.is_some() {
                    locks += 1;
                }
            }
            breaches += r.breaches.len();
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(
        locks > 0 && breaches > 0,
        "locks {locks}, breaches {breaches}"
    );
}
