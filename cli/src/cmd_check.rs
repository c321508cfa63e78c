//! `ungxu check`: one post (argument, file or stdin) or a JSON-lines batch.

use crate::cmd_rules::Failure;
use clap::{Args, ValueEnum};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::time::Instant;
use ungxu::eval::{CheckOptions, Post};
use ungxu::model::Date;
use ungxu::report::Report;
use ungxu::Engine;

/// How `check` prints reports.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// The text with the evidence marked, then each finding with its citation.
    Pretty,
    /// One pretty-printed JSON report.
    Json,
    /// One compact JSON report per line.
    Jsonl,
    /// EU DSA statements of reasons for the findings that restrict or remove content, one
    /// JSON array per post.
    Dsa,
}

/// Arguments of `ungxu check`.
#[derive(Args)]
pub struct CheckArgs {
    /// The post's text. Without it (and without --file/--jsonl) the text is read from stdin.
    text: Option<String>,
    /// Read the post's text from this file.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    file: Option<String>,
    /// Batch mode: one JSON post per line ({"id":…, "text":…, "author":{"role":…}}); `-` for stdin.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["text", "file"])]
    jsonl: Option<String>,
    /// The author's role (for --jsonl: the role of lines that give none).
    #[arg(long, default_value = "individual")]
    role: String,
    /// The date whose rules apply (YYYY-MM-DD). Default: today (UTC).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Output format (default: pretty for one post, jsonl for --jsonl).
    #[arg(long, value_enum)]
    format: Option<CheckFormat>,
    /// Show personal data in evidence unmasked.
    #[arg(long)]
    raw_evidence: bool,
    /// The role of whoever checks (e.g. sns_provider), to list its own duties.
    #[arg(long, value_name = "ROLE")]
    checker_role: Option<String>,
    /// Exit with code 1 when anything is found (for scripts and CI gates).
    #[arg(long)]
    fail_on_findings: bool,
}

/// Today's date in UTC: the CLI's default; the library itself never reads the clock.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_days_since_epoch((secs / 86_400) as i64)
        .unwrap_or_else(|| "1970-01-01".parse().expect("valid date"))
}

pub fn parse_as_of(s: Option<&str>) -> Result<Date, Failure> {
    match s {
        Some(s) => s
            .parse()
            .map_err(|e| Failure::Usage(format!("--as-of: {e}"))),
        None => Ok(today()),
    }
}

/// Runs `ungxu check`. Exit 0: checked; 1: findings and `--fail-on-findings`; 2: bad input.
pub fn run(engine: &Engine, args: &CheckArgs) -> Result<(), Failure> {
    let opts = CheckOptions {
        as_of: parse_as_of(args.as_of.as_deref())?,
        raw_evidence: args.raw_evidence,
        checker_role: args.checker_role.clone(),
        lexicon_only: false,
    };
    if let Some(path) = &args.jsonl {
        return batch(engine, args, &opts, path);
    }
    let text = match (&args.text, &args.file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => std::fs::read_to_string(f)
            .map_err(|e| Failure::Usage(format!("{f}: cannot read: {e}")))?,
        (None, None) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Failure::Usage(format!("stdin: {e}")))?;
            s
        }
    };
    let post = Post::new(text).by(args.role.clone());
    let report = engine
        .check_post(&post, &opts)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    match args.format.unwrap_or(CheckFormat::Pretty) {
        CheckFormat::Pretty => print!(
            "{}",
            pretty(engine, &post.text, &report, std::io::stdout().is_terminal())
        ),
        CheckFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| Failure::Usage(e.to_string()))?
        ),
        CheckFormat::Jsonl => println!("{}", report.to_json()),
        CheckFormat::Dsa => println!(
            "{}",
            serde_json::to_string_pretty(&ungxu::report::statements_of_reasons(engine, &report))
                .map_err(|e| Failure::Usage(e.to_string()))?
        ),
    }
    if args.fail_on_findings && !report.findings.is_empty() {
        Err(Failure::Quiet(1))
    } else {
        Ok(())
    }
}

fn parse_line(line: &str, default_role: &str) -> Result<Post, String> {
    let mut value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    if let Some(obj) = value.as_object_mut() {
        let author = obj.entry("author").or_insert_with(|| serde_json::json!({}));
        if let Some(a) = author.as_object_mut() {
            a.entry("role")
                .or_insert_with(|| serde_json::Value::String(default_role.to_string()));
        }
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let msg = e.into_inner().to_string();
        if path == "." {
            msg
        } else {
            format!("{path}: {msg}")
        }
    })
}

fn batch(
    engine: &Engine,
    args: &CheckArgs,
    opts: &CheckOptions,
    path: &str,
) -> Result<(), Failure> {
    let reader: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(path)
            .map_err(|e| Failure::Usage(format!("{path}: cannot read: {e}")))?;
        Box::new(std::io::BufReader::new(f))
    };
    let format = args.format.unwrap_or(CheckFormat::Jsonl);
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut n, mut bytes, mut flagged, mut bad) = (0usize, 0usize, 0usize, 0usize);
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Failure::Usage(format!("{path}: line {}: {e}", i + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        bytes += line.len();
        let result = parse_line(&line, &args.role).and_then(|post| {
            engine
                .check_post(&post, opts)
                .map(|r| (post, r))
                .map_err(|e| e.to_string())
        });
        let written = match result {
            Ok((post, report)) => {
                if !report.findings.is_empty() {
                    flagged += 1;
                }
                match format {
                    CheckFormat::Pretty => {
                        let head = post
                            .id
                            .as_deref()
                            .map(|id| format!("── {id}\n"))
                            .unwrap_or_default();
                        write!(out, "{head}{}", pretty(engine, &post.text, &report, false))
                    }
                    CheckFormat::Json => writeln!(
                        out,
                        "{}",
                        serde_json::to_string_pretty(&report).unwrap_or_default()
                    ),
                    CheckFormat::Jsonl => writeln!(out, "{}", report.to_json()),
                    CheckFormat::Dsa => writeln!(
                        out,
                        "{}",
                        serde_json::to_string(&ungxu::report::statements_of_reasons(
                            engine, &report
                        ))
                        .unwrap_or_default()
                    ),
                }
            }
            Err(message) => {
                bad += 1;
                let id = serde_json::from_str::<serde_json::Value>(&line)
                    .ok()
                    .and_then(|v| v.get("id").cloned())
                    .unwrap_or(serde_json::Value::Null);
                eprintln!("{path}: line {}: {message}", i + 1);
                writeln!(
                    out,
                    "{}",
                    serde_json::json!({"id": id, "error": {"line": i + 1, "message": message}})
                )
            }
        };
        written.map_err(|e| Failure::Usage(format!("stdout: {e}")))?;
        if progress && n % 1000 == 0 {
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            eprint!(
                "\r{n} posts, {flagged} flagged · {:.0} posts/s · {:.1} MB/s",
                n as f64 / secs,
                bytes as f64 / secs / 1e6
            );
        }
    }
    out.flush()
        .map_err(|e| Failure::Usage(format!("stdout: {e}")))?;
    if progress && n >= 1000 {
        eprintln!();
    }
    if bad > 0 {
        return Err(Failure::Quiet(2));
    }
    if args.fail_on_findings && flagged > 0 {
        return Err(Failure::Quiet(1));
    }
    Ok(())
}

/// The text with evidence marked ⟦…⟧ and numbered, then each finding with its source.
pub fn pretty(engine: &Engine, text: &str, report: &Report, color: bool) -> String {
    let (bold, red, dim, reset) = if color {
        ("\x1b[1m", "\x1b[31m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let mut out = String::new();
    out.push_str(&format!(
        "{bold}verdict: {}{reset}{} · role {} · as of {}\n",
        name(&report.verdict),
        report
            .severity
            .map(|s| format!(" (severity {})", name(&s)))
            .unwrap_or_default(),
        report.role,
        report.as_of
    ));
    // Mark every span; overlapping spans are merged into one mark listing all findings.
    let mut marks: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (i, f) in report.findings.iter().enumerate() {
        for s in &f.spans {
            marks.push((s.byte_start, s.byte_end, vec![i + 1]));
        }
    }
    marks.sort();
    let mut merged: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for m in marks {
        match merged.last_mut() {
            Some(last) if m.0 < last.1 => {
                last.1 = last.1.max(m.1);
                for n in m.2 {
                    if !last.2.contains(&n) {
                        last.2.push(n);
                    }
                }
            }
            _ => merged.push(m),
        }
    }
    let mut marked = String::new();
    let mut at = 0;
    for (s, e, ns) in &merged {
        if *s < at || !text.is_char_boundary(*s) || !text.is_char_boundary(*e) {
            continue;
        }
        marked.push_str(&text[at..*s]);
        let tags: Vec<String> = ns.iter().map(|n| n.to_string()).collect();
        marked.push_str(&format!(
            "{red}⟦{}⟧{}{reset}",
            &text[*s..*e],
            tags.join(",")
        ));
        at = *e;
    }
    marked.push_str(&text[at..]);
    out.push_str("text: ");
    out.push_str(&marked.replace('\n', "\n      "));
    out.push('\n');
    for (i, f) in report.findings.iter().enumerate() {
        out.push_str(&format!(
            "{bold}[{}] {}{reset} — {} · severity {} · confidence {:.2} → {}\n",
            i + 1,
            f.rule_id,
            f.category,
            name(&f.severity),
            f.confidence,
            name(&f.action)
        ));
        let span = f
            .spans
            .first()
            .map(|s| format!(" at chars {}..{}", s.char_start, s.char_end))
            .unwrap_or_default();
        out.push_str(&format!(
            "    evidence “{}”{}{} by {}{}\n",
            f.evidence,
            if f.evidence_masked { " (masked)" } else { "" },
            span,
            f.detector,
            f.term
                .as_ref()
                .map(|t| format!(", term “{t}”"))
                .unwrap_or_default()
        ));
        if !f.normalization.is_empty() {
            out.push_str(&format!(
                "    matched after: {}\n",
                f.normalization.join(", ")
            ));
        }
        let c = &f.citation;
        let number = engine
            .pack()
            .instrument(&c.instrument)
            .map(|i| i.item.number.clone())
            .unwrap_or_else(|| c.instrument.clone());
        out.push_str(&format!(
            "    {number} {} ({}):\n",
            c.reference(),
            name(&c.confidence)
        ));
        out.push_str(&format!(
            "    {dim}│ {}{reset}\n",
            c.excerpt_vi.replace('\n', " ")
        ));
        out.push_str(&format!("    → {}\n", c.summary_en));
        if !f.related_rules.is_empty() {
            out.push_str(&format!("    also: {}\n", f.related_rules.join(", ")));
        }
    }
    for d in &report.duties {
        out.push_str(&format!(
            "duty: {} — {} ({})\n",
            d.rule_id, d.title_en, d.source
        ));
    }
    out
}

fn name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_string))
        .unwrap_or_default()
}
