//! `ungxu roles`, `ungxu rules`, `ungxu rule ID`.

use crate::table;
use clap::{Args, ValueEnum};
use ungxu::model::{Citation, Date};
use ungxu::Engine;

/// How a command failed, which picks the exit code.
pub enum Failure {
    /// The input was read and has problems (exit 1).
    Found(String),
    /// Bad arguments or unreadable input (exit 2).
    Usage(String),
    /// Exit with this code; what needed saying was already printed.
    Quiet(u8),
}

/// Output formats for listings.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON for programs.
    Json,
}

/// Arguments of `ungxu rules`.
#[derive(Args)]
pub struct RulesArgs {
    /// Only rules binding this role, including those it inherits (e.g. civil_servant).
    #[arg(long)]
    role: Option<String>,
    /// Only rules in force on this date (YYYY-MM-DD).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> Result<(), Failure> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Failure::Usage(e.to_string()))?;
    println!("{s}");
    Ok(())
}

/// `ungxu roles`.
pub fn roles(engine: &Engine, format: OutputFormat) -> Result<(), Failure> {
    let roles = engine.pack().roles();
    if format == OutputFormat::Json {
        return json(roles);
    }
    let mut rows = vec![vec![
        "ROLE".to_string(),
        "VIETNAMESE".into(),
        "ENGLISH".into(),
        "INHERITS FROM".into(),
    ]];
    for r in roles {
        rows.push(vec![
            r.role.id.clone(),
            r.role.name_vi.clone(),
            r.role.name_en.clone(),
            r.lineage[1..].join(" > "),
        ]);
    }
    print!("{}", table::render(&rows));
    Ok(())
}

fn short_ref(c: &Citation) -> String {
    format!("{} {}", c.instrument, c.reference())
}

fn window(from: Date, to: Option<Date>) -> String {
    match to {
        Some(t) => format!("{from}..{t}"),
        None => format!("{from}.."),
    }
}

/// `ungxu rules`.
pub fn rules(engine: &Engine, args: &RulesArgs) -> Result<(), Failure> {
    let as_of = match &args.as_of {
        Some(s) => Some(
            s.parse::<Date>()
                .map_err(|e| Failure::Usage(format!("--as-of: {e}")))?,
        ),
        None => None,
    };
    if let Some(role) = &args.role {
        if engine.pack().role(role).is_none() {
            return Err(Failure::Usage(format!(
                "--role: {}",
                ungxu::api::unknown_role_message(engine, role)
            )));
        }
    }
    let rules: Vec<_> = engine
        .pack()
        .rules_for(args.role.as_deref(), as_of)
        .collect();
    if args.format == OutputFormat::Json {
        return json(&rules);
    }
    let mut rows = vec![vec![
        "RULE".to_string(),
        "KIND".into(),
        "ROLES".into(),
        "CATEGORY".into(),
        "SEVERITY".into(),
        "ACTION".into(),
        "IN FORCE".into(),
        "SOURCE".into(),
        "CONF.".into(),
        "TITLE".into(),
    ]];
    for e in &rules {
        let r = &e.item;
        rows.push(vec![
            r.id.clone(),
            lower(&r.kind),
            r.roles.join(","),
            r.category.clone(),
            lower(&r.severity),
            lower(&r.action),
            window(r.valid_from, r.valid_to),
            short_ref(&r.citation),
            lower(&r.citation.confidence),
            r.title_en.clone(),
        ]);
    }
    print!("{}", table::render(&rows));
    eprintln!("{} rules", rules.len());
    Ok(())
}

fn lower<T: std::fmt::Debug>(v: &T) -> String {
    let s = format!("{v:?}");
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn print_citation(label: &str, c: &Citation) {
    println!(
        "{label}: {} {} ({})",
        c.instrument,
        c.reference(),
        lower(&c.confidence)
    );
    for line in c.excerpt_vi.lines() {
        println!("  │ {line}");
    }
    println!("  → {}", c.summary_en);
    if let Some(n) = &c.note {
        println!("  note: {n}");
    }
}

/// `ungxu rule ID`.
pub fn rule(engine: &Engine, id: &str, format: OutputFormat) -> Result<(), Failure> {
    let pack = engine.pack();
    if let Some(e) = pack.rule(id) {
        if format == OutputFormat::Json {
            return json(e);
        }
        let r = &e.item;
        println!("rule {}  ({} pack)", r.id, e.pack);
        println!("title:     {}", r.title_en);
        println!("kind:      {}", lower(&r.kind));
        let roles: Vec<String> = r
            .roles
            .iter()
            .map(|x| {
                let heirs: Vec<&str> = pack
                    .roles()
                    .iter()
                    .filter(|rr| rr.role.id != *x && rr.lineage.contains(x))
                    .map(|rr| rr.role.id.as_str())
                    .collect();
                if heirs.is_empty() {
                    x.clone()
                } else {
                    format!("{x} (and {})", heirs.join(", "))
                }
            })
            .collect();
        println!("binds:     {}", roles.join("; "));
        let cat = pack.category(&r.category);
        println!(
            "category:  {}{}",
            r.category,
            cat.map_or(String::new(), |c| format!(
                " — {} / {} ({})",
                c.item.name_vi,
                c.item.name_en,
                lower(&c.item.detection)
            ))
        );
        println!("severity:  {}", lower(&r.severity));
        println!("action:    {}", lower(&r.action));
        println!("in force:  {}", window(r.valid_from, r.valid_to));
        if !r.implements.is_empty() {
            println!("restates:  {}", r.implements.join(", "));
        }
        for o in &e.overrides {
            println!(
                "override:  {} by {} — {}",
                o.changes.join(", "),
                o.pack,
                o.reason
            );
        }
        print_citation("source", &r.citation);
        let obligations: Vec<_> = pack
            .obligations()
            .iter()
            .filter(|o| o.item.rule.as_deref() == Some(id))
            .collect();
        for o in obligations {
            println!(
                "obligation: {} — {} ({} when {})",
                o.item.id, o.item.title_en, o.item.role, o.item.trigger
            );
        }
        return Ok(());
    }
    if let Some(e) = pack.obligation(id) {
        if format == OutputFormat::Json {
            return json(e);
        }
        let o = &e.item;
        println!("obligation {}  ({} pack)", o.id, e.pack);
        println!("title:     {}", o.title_en);
        println!("who:       {}", o.role);
        println!("trigger:   {}", o.trigger);
        println!("fulfilled: {}", o.fulfilled_by.join(" or "));
        println!("in force:  {}", window(o.valid_from, o.valid_to));
        match &o.deadline {
            Some(d) => {
                println!("deadline:  {} h ({})", d.hours, lower(&d.basis));
                print_citation("deadline source", &d.citation);
            }
            None => println!("deadline:  none set by the source"),
        }
        for ov in &e.overrides {
            println!(
                "override:  {} by {} — {}",
                ov.changes.join(", "),
                ov.pack,
                ov.reason
            );
        }
        print_citation("source", &o.citation);
        return Ok(());
    }
    if let Some(e) = pack.parameter(id) {
        if format == OutputFormat::Json {
            return json(e);
        }
        let p = &e.item;
        println!("parameter {}  ({} pack)", p.id, e.pack);
        println!("title:     {}", p.title_en);
        let value = match (p.value, p.min, p.max) {
            (Some(v), _, _) => v.to_string(),
            (None, lo, hi) => format!(
                "{}..{}",
                lo.map_or(String::new(), |x| x.to_string()),
                hi.map_or(String::new(), |x| x.to_string())
            ),
        };
        println!("value:     {value} {} ({})", p.unit, lower(&p.basis));
        println!("binds:     {}", p.binds.join(", "));
        println!("in force:  {}", window(p.valid_from, p.valid_to));
        if let Some(n) = &p.note {
            println!("note:      {n}");
        }
        print_citation("source", &p.citation);
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "no rule, obligation or parameter `{id}` (see `ungxu rules`)"
    )))
}
