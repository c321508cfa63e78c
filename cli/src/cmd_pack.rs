//! `ungxu pack check FILE...` and `ungxu schema`.

use crate::cmd_rules::Failure;
use clap::{Subcommand, ValueEnum};
use ungxu::pack::{parse_pack, PackSource, RulePack, DEFAULT_PACKS};

/// `ungxu pack …` subcommands.
#[derive(Subcommand)]
pub enum PackCommand {
    /// Validate pack files. Each overlay is checked on top of the embedded packs it extends;
    /// with --stack the files are layered in the order given. Exit 1 when any has errors.
    Check {
        /// Pack files (.toml or .json).
        #[arg(required = true)]
        files: Vec<String>,
        /// Layer the files on each other in order instead of checking each on its own.
        #[arg(long)]
        stack: bool,
    },
}

/// Which JSON Schema to print.
#[derive(Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// The rule pack file format.
    Pack,
    /// The report of `check` (one post).
    Report,
    /// A check request of the JSON API (`ungxu::api::check_post_json`).
    CheckRequest,
}

/// The embedded packs a file needs beneath it: those up to the one it extends.
fn defaults_beneath(extends: Option<&str>) -> Vec<PackSource<'static>> {
    let Some(ext) = extends else {
        return Vec::new();
    };
    let ids: Vec<String> = DEFAULT_PACKS
        .iter()
        .filter_map(|s| parse_pack(s).ok().map(|(p, _)| p.pack.id))
        .collect();
    match ids.iter().position(|id| id == ext) {
        Some(i) => DEFAULT_PACKS[..=i].to_vec(),
        None => Vec::new(),
    }
}

fn summary(p: &RulePack) -> String {
    format!(
        "{} rules, {} obligations, {} parameters, {} roles",
        p.rules().len(),
        p.obligations().len(),
        p.parameters().len(),
        p.roles().len()
    )
}

/// Runs a `pack` subcommand.
pub fn run(cmd: &PackCommand) -> Result<(), Failure> {
    let PackCommand::Check { files, stack } = cmd;
    let texts = crate::read_files(files).map_err(Failure::Usage)?;
    let mut failed = 0usize;
    let mut report = String::new();
    let groups: Vec<Vec<&(String, String)>> = if *stack {
        vec![texts.iter().collect()]
    } else {
        texts.iter().map(|t| vec![t]).collect()
    };
    for group in groups {
        let first = group[0];
        let first_src = PackSource::new(&first.0, &first.1);
        let extends = parse_pack(&first_src)
            .ok()
            .and_then(|(p, _)| p.pack.extends);
        let mut sources = defaults_beneath(extends.as_deref());
        sources.extend(group.iter().map(|(n, t)| PackSource::new(n, t)));
        let names: Vec<&str> = group.iter().map(|(n, _)| n.as_str()).collect();
        match RulePack::load(&sources) {
            Ok(p) => {
                report.push_str(&format!("{}: ok ({})\n", names.join(" + "), summary(&p)));
            }
            Err(errs) => {
                failed += 1;
                report.push_str(&format!("{errs}\n"));
            }
        }
    }
    if failed > 0 {
        eprint!("{report}");
        return Err(Failure::Found(format!(
            "{failed} of {} checked pack(s) have errors",
            if *stack { 1 } else { files.len() }
        )));
    }
    print!("{report}");
    Ok(())
}

/// Prints a JSON Schema.
pub fn schema(which: SchemaKind) -> Result<(), Failure> {
    let schema = match which {
        SchemaKind::Pack => schemars::schema_for!(ungxu::model::PackFile),
        SchemaKind::Report => schemars::schema_for!(ungxu::report::Report),
        SchemaKind::CheckRequest => schemars::schema_for!(ungxu::api::CheckRequest),
    };
    let s = serde_json::to_string_pretty(&schema).map_err(|e| Failure::Usage(e.to_string()))?;
    println!("{s}");
    Ok(())
}
