//! `ungxu`: the command-line face of the ungxu library.
//!
//! Exit codes: 0 success; 1 the input was checked and has problems (`pack check` found
//! errors, `events` found late or overdue duties, `check --fail-on-findings` found something);
//! 2 usage or input errors (unreadable file, bad argument, an invalid line in a batch).

mod cmd_check;
mod cmd_eval;
mod cmd_events;
mod cmd_lexicon;
mod cmd_pack;
mod cmd_rules;
mod cmd_train;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use ungxu::pack::PackSource;
use ungxu::Engine;

#[derive(Parser)]
#[command(name = "ungxu", version, about = "Vietnam's Code of Conduct on Social Networks as data", long_about = None)]
struct Cli {
    /// Add an overlay pack (TOML or JSON) on top of the embedded default; repeatable.
    #[arg(long = "overlay", global = true, value_name = "FILE")]
    overlays: Vec<String>,
    /// Use these packs (base first) instead of the embedded default; repeatable.
    #[arg(long = "pack", global = true, value_name = "FILE")]
    packs: Vec<String>,
    /// Also run the learned span scorer (spec/models/spans-vi.bin) after the lexicon: it finds
    /// more, explains itself by features rather than terms, and is slower (off by default).
    #[arg(long = "span-model", global = true)]
    span_model: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the roles and what each inherits from.
    Roles {
        /// Output format.
        #[arg(long, value_enum, default_value_t = cmd_rules::OutputFormat::Table)]
        format: cmd_rules::OutputFormat,
    },
    /// List rules, optionally for one role (with the rules it inherits) and in force on a date.
    Rules(cmd_rules::RulesArgs),
    /// Show everything about one rule, obligation or parameter.
    Rule {
        /// Its id, e.g. qd874.4.5.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = cmd_rules::OutputFormat::Table)]
        format: cmd_rules::OutputFormat,
    },
    /// Check posts against the rules: a text, a file, stdin or a JSON-lines batch.
    Check(cmd_check::CheckArgs),
    /// Evaluate an account-event log: every duty and whether it is pending, met, late or overdue.
    Events(cmd_events::EventsArgs),
    /// Explain a rule: alias of `ungxu rule ID`.
    Explain {
        /// The rule, obligation or parameter id.
        id: String,
    },
    /// Measure detection against annotated data.
    Eval {
        #[command(subcommand)]
        command: EvalCommand,
    },
    /// Train a model: `ungxu train spans --train TRAIN.csv --dev DEV.csv --out FILE`.
    Train {
        #[command(subcommand)]
        command: cmd_train::TrainCommand,
    },
    /// Work with lexicons: `ungxu lexicon audit --words LIST`.
    Lexicon {
        #[command(subcommand)]
        command: cmd_lexicon::LexiconCommand,
    },
    /// Work with pack files.
    Pack {
        #[command(subcommand)]
        command: cmd_pack::PackCommand,
    },
    /// Print the rule book (Markdown) generated from the packs: spec/RULES.md.
    Rulebook,
    /// Print a JSON Schema: `pack` (the pack file format).
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: cmd_pack::SchemaKind,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Score span detection on a ViHOS CSV (mean per-comment character F1, precision, recall,
    /// comment-level precision and recall) and print the throughput.
    Vihos {
        /// The CSV file (e.g. ../shared/data/vihos/dev.csv).
        path: std::path::PathBuf,
    },
}

/// Reads the files named on the command line; errors name the file.
pub(crate) fn read_files(paths: &[String]) -> Result<Vec<(String, String)>, String> {
    paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|t| (p.clone(), t))
                .map_err(|e| format!("{p}: cannot read: {e}"))
        })
        .collect()
}

fn engine(cli: &Cli) -> Result<Engine, String> {
    let engine = packs_engine(cli)?;
    if cli.span_model {
        return engine.with_embedded_span_model().map_err(|e| e.to_string());
    }
    Ok(engine)
}

fn packs_engine(cli: &Cli) -> Result<Engine, String> {
    if cli.packs.is_empty() && cli.overlays.is_empty() {
        return Ok(Engine::default());
    }
    let packs = read_files(&cli.packs)?;
    let overlays = read_files(&cli.overlays)?;
    let to_sources = |v: &[(String, String)]| -> Vec<(String, String)> { v.to_vec() };
    let packs = to_sources(&packs);
    let overlays = to_sources(&overlays);
    let mut sources: Vec<PackSource<'_>> = Vec::new();
    if packs.is_empty() {
        sources.extend(ungxu::pack::DEFAULT_PACKS);
    }
    sources.extend(packs.iter().map(|(n, t)| PackSource::new(n, t)));
    sources.extend(overlays.iter().map(|(n, t)| PackSource::new(n, t)));
    Engine::from_packs(&sources).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Pack { command } => cmd_pack::run(command),
        Command::Schema { which } => cmd_pack::schema(*which),
        Command::Lexicon { command } => cmd_lexicon::run(command),
        other => match engine(&cli) {
            Err(e) => Err(cmd_rules::Failure::Usage(e)),
            Ok(engine) => match other {
                Command::Roles { format } => cmd_rules::roles(&engine, *format),
                Command::Rules(args) => cmd_rules::rules(&engine, args),
                Command::Rule { id, format } => cmd_rules::rule(&engine, id, *format),
                Command::Explain { id } => {
                    cmd_rules::rule(&engine, id, cmd_rules::OutputFormat::Table)
                }
                Command::Check(args) => cmd_check::run(&engine, args),
                Command::Eval {
                    command: EvalCommand::Vihos { path },
                } => cmd_eval::run_vihos(path, &engine)
                    .map(|report| print!("{report}"))
                    .map_err(cmd_rules::Failure::Usage),
                Command::Events(args) => cmd_events::run(&engine, args),
                Command::Train { command } => cmd_train::run(&engine, command)
                    .map(|summary| print!("{summary}"))
                    .map_err(cmd_rules::Failure::Usage),
                Command::Rulebook => {
                    print!("{}", ungxu::pack::render_rulebook(engine.pack()));
                    Ok(())
                }
                Command::Pack { .. } | Command::Schema { .. } | Command::Lexicon { .. } => {
                    unreachable!("handled above")
                }
            },
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(cmd_rules::Failure::Found(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(1)
        }
        Err(cmd_rules::Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(cmd_rules::Failure::Quiet(code)) => ExitCode::from(code),
    }
}
