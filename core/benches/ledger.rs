//! One million account events through the incremental ledger (apply each, then one full
//! report), and the same log through the batch check. Target: under 2 s on one core.
//!
//! `cargo bench -p ungxu --bench ledger`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use ungxu::eval::events::{
    Authentication, Event, EventKind, LockKind, Party, Requester, Timestamp,
};
use ungxu::Engine;

const N: usize = 1_000_000;
/// 2025-01-01T00:00:00+07:00.
const START: i64 = 1_735_664_400;

/// A platform's year: registrations, posts, takedown requests and removals, violations and
/// locks, compromised accounts and their notices, comments to agencies, data requests.
fn log(n: usize) -> Vec<Event> {
    let providers = [
        Party::new("vietnet", "sns_provider"),
        Party::new("zalo", "sns_provider"),
    ];
    let dic = Party::new("so-tttt", "dic");
    let agency = Party::new("ubnd", "provincial_body");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let accounts = (n / 5).max(1) as u64;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let r = rnd();
        let secs = START + (i as i64) * 30 + (r % 20) as i64;
        let time = Timestamp::from_unix(secs, 0, 7 * 3600).expect("in range");
        let acc = format!("acc{}", r % accounts);
        let user = Party::new(format!("u{}", r % accounts), "individual");
        let p = providers[(r >> 20) as usize % 2].clone();
        let post = format!("p{}", (r >> 8) % (n as u64 / 2).max(1));
        let id = format!("e{i}");
        let e = match r % 100 {
            0..=9 => Event::new(
                id,
                time,
                user,
                EventKind::AccountRegistered {
                    authentication: if r % 3 == 0 {
                        Authentication::None
                    } else {
                        Authentication::MobileNumber
                    },
                    age: Some((r % 60) as u8 + 10),
                    guardian: None,
                },
            )
            .account(acc)
            .to(p),
            10..=14 => Event::new(
                id,
                time,
                p,
                EventKind::AccountAuthenticated {
                    method: Authentication::IdNumber,
                },
            )
            .account(acc),
            15..=54 => Event::new(id, time, user, EventKind::ContentPosted)
                .account(acc)
                .post(post),
            55..=59 => Event::new(
                id,
                time,
                dic.clone(),
                EventKind::TakedownRequested {
                    requested_by: Requester::ProvincialDepartment,
                    rule: None,
                },
            )
            .post(post)
            .to(p),
            60..=64 => Event::new(id, time, p, EventKind::ContentRemoved).post(post),
            65..=79 => Event::new(
                id,
                time,
                p,
                EventKind::ViolationRecorded {
                    rule: None,
                    national_security: false,
                },
            )
            .account(format!("acc{}", r % 500)),
            80..=82 => Event::new(
                id,
                time,
                p,
                EventKind::AccountLocked {
                    lock: LockKind::Temporary,
                    days: Some(7),
                },
            )
            .account(format!("acc{}", r % 500)),
            83..=85 => Event::new(id, time, user, EventKind::AccountCompromised).account(acc),
            86..=88 => Event::new(id, time, user, EventKind::CompromiseReported)
                .account(acc)
                .to(p),
            89..=93 => Event::new(
                id,
                time,
                agency.clone(),
                EventKind::CommentReceived {
                    comment: format!("c{}", r % 50_000),
                },
            ),
            94..=96 => Event::new(
                id,
                time,
                agency.clone(),
                EventKind::CommentAnswered {
                    comment: format!("c{}", r % 50_000),
                },
            ),
            97 => Event::new(
                id,
                time,
                p,
                EventKind::DataSubjectRequestReceived {
                    request: format!("r{}", r % 10_000),
                },
            ),
            98 => Event::new(
                id,
                time,
                p,
                EventKind::DataSubjectRequestAnswered {
                    request: format!("r{}", r % 10_000),
                },
            ),
            _ => Event::new(
                id,
                time,
                user,
                EventKind::PersonalDataShared {
                    consent: r % 2 == 0,
                },
            )
            .to(Party::new("adco", "organization")),
        };
        out.push(e);
    }
    out
}

fn ledger(c: &mut Criterion) {
    let engine = Engine::default();
    let events = log(N);
    let as_of =
        Timestamp::from_unix(START + (N as i64) * 30 + 86_400, 0, 7 * 3600).expect("in range");

    // Three timed passes first (the best is reported), so the figure shows up even without
    // criterion's statistics. On a shared machine wall time includes waiting for a core;
    // on Linux the thread's own CPU time is shown too.
    for pass in 1..=3 {
        let owned = events.clone();
        let (wall0, cpu0) = (std::time::Instant::now(), thread_cpu());
        let mut l = engine.ledger();
        for e in owned {
            l.apply(e).expect("valid");
        }
        let (wall1, cpu1) = (std::time::Instant::now(), thread_cpu());
        let report = l.report(as_of);
        let (wall2, cpu2) = (std::time::Instant::now(), thread_cpu());
        let cpu = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => format!(" (cpu {:.2} s)", b - a),
            _ => String::new(),
        };
        eprintln!(
            "ledger pass {pass}: {N} events applied in {:.2} s{}, report ({} duties, {} breaches) in {:.2} s{}; total {:.2} s{}",
            (wall1 - wall0).as_secs_f64(),
            cpu(cpu0, cpu1),
            report.duties.len(),
            report.breaches.len(),
            (wall2 - wall1).as_secs_f64(),
            cpu(cpu1, cpu2),
            (wall2 - wall0).as_secs_f64(),
            cpu(cpu0, cpu2),
        );
        drop((l, report));
    }

    let mut g = c.benchmark_group("ledger");
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("apply_1m", |b| {
        b.iter_batched(
            || events.clone(),
            |evs| {
                let mut l = engine.ledger();
                for e in evs {
                    l.apply(e).expect("valid");
                }
                l
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("apply_1m_then_report", |b| {
        b.iter_batched(
            || events.clone(),
            |evs| {
                let mut l = engine.ledger();
                for e in evs {
                    l.apply(e).expect("valid");
                }
                let report = l.report(as_of);
                // Returned, so that freeing them is not timed.
                (l, black_box(report))
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("check_events_1m", |b| {
        b.iter(|| black_box(engine.check_events(&events, as_of).expect("valid")))
    });
    g.finish();
}

/// Seconds this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`).
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

criterion_group!(benches, ledger);
criterion_main!(benches);
