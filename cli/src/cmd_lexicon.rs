//! `ungxu lexicon audit`: lexicon terms whose tone-less form spells innocent words of a word
//! list, and whether the data handles each.

use crate::cmd_rules::{Failure, OutputFormat};
use crate::table;
use clap::{Args, Subcommand};
use ungxu::detect::audit::{audit, Handling};
use ungxu::detect::Lexicon;

/// `ungxu lexicon …` subcommands.
#[derive(Subcommand)]
pub enum LexiconCommand {
    /// List collisions of the lexicons with a word list.
    Audit(AuditArgs),
}

/// Arguments of `ungxu lexicon audit`.
#[derive(Args)]
pub struct AuditArgs {
    /// A word list: one lower-case word or phrase a line, `#` comments
    /// (e.g. spec/lexicons/wordlist-slice.vi.txt).
    #[arg(long, value_name = "FILE")]
    words: String,
    /// Lexicon files to audit instead of the embedded default (repeatable).
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Exit 1 when a collision is not handled by the data.
    #[arg(long)]
    strict: bool,
}

/// Runs a `lexicon` subcommand.
pub fn run(cmd: &LexiconCommand) -> Result<(), Failure> {
    let LexiconCommand::Audit(args) = cmd;
    let words = std::fs::read_to_string(&args.words)
        .map_err(|e| Failure::Usage(format!("{}: cannot read: {e}", args.words)))?;
    let sources: Vec<(String, String)> = if args.lexicons.is_empty() {
        ungxu::engine::DEFAULT_LEXICONS
            .iter()
            .map(|s| (s.name.to_string(), s.text.to_string()))
            .collect()
    } else {
        crate::read_files(&args.lexicons).map_err(Failure::Usage)?
    };
    let lexicons = sources
        .iter()
        .map(|(name, text)| {
            Lexicon::from_toml_str(text).map_err(|e| Failure::Usage(format!("{name}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let found = audit(&lexicons, words.lines());
    let unhandled = found
        .iter()
        .filter(|c| c.handling == Handling::Unhandled)
        .count();
    if args.format == OutputFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&found).map_err(|e| Failure::Usage(e.to_string()))?
        );
    } else {
        let mut rows = vec![vec![
            "TERM".to_string(),
            "LEXICON".into(),
            "TONE-LESS".into(),
            "INNOCENT WORDS".into(),
            "HANDLED BY".into(),
        ]];
        for c in &found {
            let by = match &c.handling {
                Handling::NotFolded => "folded = false".to_string(),
                Handling::SafePhrases(p) => format!("safe: {}", p.join("; ")),
                Handling::Unhandled => "— (tones must agree)".to_string(),
            };
            rows.push(vec![
                c.term.clone(),
                c.lexicon.clone(),
                c.folded.clone(),
                c.words.join(", "),
                by,
            ]);
        }
        print!("{}", table::render(&rows));
        eprintln!(
            "{} collisions, {} handled by data, {unhandled} protected only by tone agreement",
            found.len(),
            found.len() - unhandled
        );
    }
    if args.strict && unhandled > 0 {
        return Err(Failure::Quiet(1));
    }
    Ok(())
}
