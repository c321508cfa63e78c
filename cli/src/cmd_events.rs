//! `ungxu events LOG.jsonl --as-of TIME`: every duty an account-event log started, and
//! whether it is pending, met, late or overdue; every breach the log shows.
//!
//! Exit codes: 0 nothing late, overdue or breached; 1 something is; 2 bad input (the error
//! names the line).

use crate::cmd_rules::Failure;
use clap::{Args, ValueEnum};
use std::io::BufRead;
use ungxu::eval::events::{human_duration, parse_event, Timestamp};
use ungxu::eval::ledger::{DutyStatus, LedgerReport, Status};
use ungxu::model::Basis;
use ungxu::Engine;

/// How `events` prints its report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventsFormat {
    /// Duties grouped by status, then breaches, each with its source.
    Table,
    /// The ledger report as pretty-printed JSON.
    Json,
}

/// Arguments of `ungxu events`.
#[derive(Args)]
pub struct EventsArgs {
    /// The log: one JSON event per line, in any order (`-` reads stdin).
    log: String,
    /// The point in time to evaluate at, RFC 3339 with an offset (e.g.
    /// 2025-03-15T12:00:00+07:00). Default: now.
    #[arg(long = "as-of", value_name = "TIME")]
    as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EventsFormat::Table)]
    format: EventsFormat,
}

/// The current time in Vietnam: the CLI's default; the library never reads the clock.
fn now_in_vietnam() -> Result<Timestamp, Failure> {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = i64::try_from(d.as_secs()).unwrap_or(0);
    let offset = i32::try_from(ungxu::eval::events::VIETNAM_OFFSET_SECONDS).unwrap_or(0);
    Timestamp::from_unix(secs, 0, offset)
        .ok_or_else(|| Failure::Usage("the clock is out of range; give --as-of".into()))
}

/// Runs `ungxu events`.
pub fn run(engine: &Engine, args: &EventsArgs) -> Result<(), Failure> {
    let as_of = match &args.as_of {
        Some(s) => s
            .parse::<Timestamp>()
            .map_err(|e| Failure::Usage(format!("--as-of: {e}")))?,
        None => now_in_vietnam()?,
    };
    let reader: Box<dyn BufRead> = if args.log == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(&args.log)
            .map_err(|e| Failure::Usage(format!("{}: cannot read: {e}", args.log)))?;
        Box::new(std::io::BufReader::new(f))
    };
    let mut ledger = engine.ledger();
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| Failure::Usage(format!("{}: line {n}: {e}", args.log)))?;
        if line.trim().is_empty() {
            continue;
        }
        let event = parse_event(line.trim())
            .map_err(|e| Failure::Usage(format!("{}: line {n}: {e}", args.log)))?;
        ledger
            .apply(event)
            .map_err(|e| Failure::Usage(format!("{}: line {n}: {e}", args.log)))?;
    }
    let report = ledger.report(as_of);
    match args.format {
        EventsFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| Failure::Usage(e.to_string()))?
        ),
        EventsFormat::Table => print!("{}", table(&report)),
    }
    let s = &report.summary;
    if s.late + s.overdue + s.breaches > 0 {
        Err(Failure::Quiet(1))
    } else {
        Ok(())
    }
}

fn deadline(d: &DutyStatus) -> String {
    match (d.deadline_hours, d.basis) {
        (Some(h), Some(Basis::Statutory)) => format!("{h}h law"),
        (Some(h), Some(Basis::PolicyDefault)) => format!("{h}h policy"),
        (Some(h), None) => format!("{h}h"),
        _ => "none".into(),
    }
}

fn subject(d: &DutyStatus) -> String {
    d.subject
        .as_ref()
        .map(|s| format!("{} {}", s.field.name(), s.id))
        .unwrap_or_default()
}

/// The report as text: a summary line, duties grouped by status (overdue first), breaches.
pub fn table(report: &LedgerReport) -> String {
    let s = &report.summary;
    let mut out = format!(
        "as of {} · {} events · packs {}\nduties: {} overdue · {} late · {} pending · {} met · breaches: {}\n",
        report.as_of,
        s.events,
        report
            .packs
            .iter()
            .map(|p| format!("{} {}", p.id, p.version))
            .collect::<Vec<_>>()
            .join(", "),
        s.overdue,
        s.late,
        s.pending,
        s.met,
        s.breaches
    );
    for status in [Status::Overdue, Status::Late, Status::Pending, Status::Met] {
        let duties: Vec<&DutyStatus> = report.with_status(status).collect();
        if duties.is_empty() {
            continue;
        }
        let by = match status {
            Status::Overdue => Some("OVERDUE BY"),
            Status::Late => Some("LATE BY"),
            Status::Pending | Status::Met => None,
        };
        let mut header = vec![status.name().to_uppercase(), "DUE".into()];
        header.extend(by.map(String::from));
        header.extend(
            [
                "DEADLINE",
                "OBLIGATION",
                "BOUND",
                "SUBJECT",
                "TRIGGER",
                "FULFILLED BY",
                "SOURCE",
            ]
            .map(String::from),
        );
        let mut rows = vec![header];
        for d in duties {
            let mut ob = d.obligation.clone();
            if let Some(l) = d.lock {
                ob.push_str(&format!(" ({} lock)", l.name()));
            }
            let mut row = vec![
                String::new(),
                d.due.map(|t| t.to_string()).unwrap_or_else(|| "-".into()),
            ];
            if by.is_some() {
                row.push(
                    d.late_by_seconds
                        .or(d.overdue_by_seconds)
                        .map(human_duration)
                        .unwrap_or_default(),
                );
            }
            row.extend([
                deadline(d),
                ob,
                d.bound.id.clone(),
                subject(d),
                format!("{} {}", d.trigger.id, d.trigger.kind),
                d.fulfilled_by
                    .as_ref()
                    .map(|f| format!("{} @ {}", f.id, f.time))
                    .unwrap_or_default(),
                d.source.clone(),
            ]);
            rows.push(row);
        }
        out.push('\n');
        out.push_str(&crate::table::render(&rows));
    }
    if !report.breaches.is_empty() {
        let mut rows = vec![vec![
            "BREACH".to_string(),
            "TIME".into(),
            "EVENT".into(),
            "RULE".into(),
            "ACTOR".into(),
            "BOUND".into(),
            "SOURCE".into(),
            "WHAT".into(),
        ]];
        for b in &report.breaches {
            rows.push(vec![
                b.check.name().to_string(),
                b.event.time.to_string(),
                b.event.id.clone(),
                b.rule.clone(),
                b.actor.id.clone(),
                b.bound.as_ref().map(|p| p.id.clone()).unwrap_or_default(),
                b.source.clone(),
                b.message_en.clone(),
            ]);
        }
        out.push('\n');
        out.push_str(&crate::table::render(&rows));
    }
    let notes: Vec<String> = report
        .with_status(Status::Overdue)
        .chain(report.with_status(Status::Pending))
        .filter(|d| d.basis == Some(Basis::PolicyDefault))
        .map(|d| d.obligation.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !notes.is_empty() {
        out.push_str(&format!(
            "\n\"policy\" deadlines stand in for the law's \"promptly\" and can be changed by an overlay ({}).\n",
            notes.join(", ")
        ));
    }
    out
}
