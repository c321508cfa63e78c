//! Layering pack files into one validated [`RulePack`].

use super::error::{PackError, PackErrorKind};
use super::limits::{over, PackLimits};
use super::load::{error_at, parse_pack, PackSource};
use super::locate::{line_col, locate, Format, KeyPath};
use crate::model::{
    in_window, Basis, Category, Citation, Date, Instrument, Obligation, PackFile, PackMeta,
    Parameter, Policy, Role, Rule, EVENT_KINDS,
};
use once_cell::sync::Lazy;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The embedded default packs, parsed once per process (immutable once built): loading them
/// with an overlay re-reads only the overlay.
static PARSED_DEFAULT_PACKS: Lazy<Vec<Option<(PackFile, Format)>>> = Lazy::new(|| {
    super::DEFAULT_PACKS
        .iter()
        .map(|s| parse_pack(s).ok())
        .collect()
});

/// [`parse_pack`], from the parsed copy when `source` is one of the embedded default packs.
fn parse_or_reuse(source: &PackSource<'_>) -> Result<(PackFile, Format), super::PackErrors> {
    let embedded = super::DEFAULT_PACKS
        .iter()
        .position(|d| d.name == source.name && d.text == source.text);
    match embedded.and_then(|k| PARSED_DEFAULT_PACKS.get(k)) {
        Some(Some(parsed)) => Ok(parsed.clone()),
        _ => parse_pack(source),
    }
}

/// A change an overlay made to an item, kept so readers can see why an item differs from the law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedOverride {
    /// The overlay pack that made it.
    pub pack: String,
    /// The overlay's reason.
    pub reason: String,
    /// What changed, e.g. `severity: medium -> high`.
    pub changes: Vec<String>,
}

/// An item of the compiled pack with the pack that defined it and any overrides applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry<T> {
    /// The item as in force after overrides.
    #[serde(flatten)]
    pub item: T,
    /// Id of the pack that defined it.
    pub pack: String,
    /// Overrides applied by overlays, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<AppliedOverride>,
}

/// An item an overlay switched off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disabled {
    /// Id of the rule or obligation.
    pub target: String,
    /// The overlay that switched it off.
    pub pack: String,
    /// Why.
    pub reason: String,
}

/// A role with its ancestors resolved (itself first, then parent, grandparent, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedRole {
    /// The role as written.
    #[serde(flatten)]
    pub role: Role,
    /// Itself and every role it inherits from, nearest first.
    pub lineage: Vec<String>,
}

/// A validated, layered set of packs: everything the engine evaluates against.
///
/// Immutable once built; every query is a read.
#[derive(Debug, Clone)]
pub struct RulePack {
    packs: Vec<PackMeta>,
    instruments: Vec<Entry<Instrument>>,
    roles: Vec<ResolvedRole>,
    categories: Vec<Entry<Category>>,
    rules: Vec<Entry<Rule>>,
    obligations: Vec<Entry<Obligation>>,
    parameters: Vec<Entry<Parameter>>,
    disabled: Vec<Disabled>,
    policy: Policy,
    rule_index: HashMap<String, usize>,
    role_index: HashMap<String, usize>,
    /// Each rule's citation, shared by the findings that cite it.
    rule_citations: Vec<Arc<Citation>>,
    /// The indices of the rules of each category, in pack order.
    category_rules: HashMap<String, Vec<usize>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Ns {
    Instrument,
    Role,
    Category,
    Item,
}

impl Ns {
    fn name(self) -> &'static str {
        match self {
            Ns::Instrument => "instrument",
            Ns::Role => "role",
            Ns::Category => "category",
            Ns::Item => "rule/obligation/parameter",
        }
    }
}

#[derive(Clone)]
struct Origin {
    file: usize,
    path: KeyPath,
}

/// Items of a pack file that have an id.
trait HasId {
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn id(&self) -> &str {
                &self.id
            }
        }
    )*};
}

has_id!(Instrument, Category, Rule, Obligation, Parameter);

enum ItemRef {
    Rule(usize),
    Obligation(usize),
    Parameter(usize),
}

/// Errors located and reported one by one; the rest are counted.
const MAX_REPORTED_ERRORS: usize = 100;

fn limit_error(source: &PackSource<'_>, path: String, message: String) -> PackError {
    PackError {
        file: source.name.to_string(),
        path,
        line: None,
        column: None,
        kind: PackErrorKind::Limit(message),
    }
}

/// Every source and all of them together within the byte limits, before anything is parsed.
fn check_sizes(sources: &[PackSource<'_>], limits: &PackLimits) -> Result<(), super::PackErrors> {
    let mut total = 0usize;
    for s in sources {
        let err = if s.text.len() > limits.max_source_bytes {
            let what = format!("{} bytes", s.text.len());
            Some(over(what, limits.max_source_bytes, "max_source_bytes"))
        } else {
            total = total.saturating_add(s.text.len());
            (total > limits.max_total_bytes).then(|| {
                let what = format!("{total} bytes of packs up to this one");
                over(what, limits.max_total_bytes, "max_total_bytes")
            })
        };
        if let Some(message) = err {
            return Err(super::PackErrors(vec![limit_error(
                s,
                String::new(),
                message,
            )]));
        }
    }
    Ok(())
}

/// The item counts within the limits, before any validation (which is where the work is).
/// The error names the first item over the limit, located in its file.
fn check_counts(
    sources: &[PackSource<'_>],
    files: &[(PackFile, Format)],
    limits: &PackLimits,
) -> Result<(), super::PackErrors> {
    let classes = [
        (limits.max_rules, "max_rules", "rules"),
        (limits.max_obligations, "max_obligations", "obligations"),
        (
            limits.max_items,
            "max_items",
            "instruments, roles, categories, parameters, overrides and disables",
        ),
    ];
    let mut totals = [0usize; 3];
    for (source, (pf, format)) in sources.iter().zip(files) {
        let sections = [
            ("rules", pf.rules.len(), 0),
            ("obligations", pf.obligations.len(), 1),
            ("instruments", pf.instruments.len(), 2),
            ("roles", pf.roles.len(), 2),
            ("categories", pf.categories.len(), 2),
            ("parameters", pf.parameters.len(), 2),
            ("overrides", pf.overrides.len(), 2),
            ("disable", pf.disable.len(), 2),
        ];
        for (section, n, class) in sections {
            let (max, name, noun) = classes[class];
            let before = totals[class];
            totals[class] = before.saturating_add(n);
            if totals[class] > max {
                let path = KeyPath::default()
                    .key(section)
                    .index(max.saturating_sub(before));
                let what = format!("{} {noun} loaded with this pack", totals[class]);
                let kind = PackErrorKind::Limit(over(what, max, name));
                return Err(super::PackErrors(vec![error_at(
                    source, *format, &path, None, kind,
                )]));
            }
        }
    }
    Ok(())
}

struct Builder<'s> {
    sources: &'s [PackSource<'s>],
    formats: Vec<Format>,
    errors: Vec<(usize, KeyPath, PackErrorKind)>,
    origins: HashMap<(Ns, String), Origin>,
    pack: RulePack,
    items: HashMap<String, ItemRef>,
    disabled_ids: BTreeSet<String>,
}

impl RulePack {
    /// Loads, layers and validates pack sources in order: a base pack first, then overlays,
    /// each naming a pack beneath it in `extends`. Returns every error found, or the pack.
    ///
    /// ```
    /// use ungxu::pack::{PackSource, RulePack};
    /// let base = r#"
    /// [pack]
    /// id = "mini"
    /// version = "1"
    /// title = "Minimal"
    ///
    /// [[roles]]
    /// id = "individual"
    /// name_vi = "cá nhân"
    /// name_en = "individual"
    /// "#;
    /// let pack = RulePack::load(&[PackSource::new("mini.toml", base)]).unwrap();
    /// assert_eq!(pack.roles().len(), 1);
    ///
    /// let broken = "[pack]\nid = \"x\"\nversion = \"1\"\ntitle = \"t\"\ncolour = \"red\"\n";
    /// let err = RulePack::load(&[PackSource::new("x.toml", broken)]).unwrap_err();
    /// assert!(err.to_string().starts_with("x.toml:5:1"), "{err}");
    /// ```
    pub fn load(sources: &[PackSource<'_>]) -> Result<RulePack, super::PackErrors> {
        RulePack::load_with_limits(sources, &PackLimits::default())
    }

    /// [`RulePack::load`] within `limits`: a source too large is refused before it is
    /// parsed, too many items after parsing and before validation (see [`PackLimits`]).
    ///
    /// ```
    /// use ungxu::pack::{PackLimits, PackSource, RulePack};
    /// let pack = "[pack]\nid = \"p\"\nversion = \"1\"\ntitle = \"t\"\n";
    /// let tiny = PackLimits { max_source_bytes: 10, ..PackLimits::default() };
    /// let err = RulePack::load_with_limits(&[PackSource::new("p.toml", pack)], &tiny).unwrap_err();
    /// assert_eq!(err.to_string(), "p.toml: 42 bytes, over the limit of 10 \
    ///     (PackLimits::max_source_bytes; the caller can raise it)");
    /// ```
    pub fn load_with_limits(
        sources: &[PackSource<'_>],
        limits: &PackLimits,
    ) -> Result<RulePack, super::PackErrors> {
        check_sizes(sources, limits)?;
        let mut files = Vec::with_capacity(sources.len());
        let mut shape_errors = Vec::new();
        for s in sources {
            match parse_or_reuse(s) {
                Ok(f) => files.push(f),
                Err(e) => shape_errors.extend(e.0),
            }
        }
        if !shape_errors.is_empty() {
            return Err(super::PackErrors(shape_errors));
        }
        check_counts(sources, &files, limits)?;
        let (files, formats): (Vec<PackFile>, Vec<Format>) = files.into_iter().unzip();
        let mut b = Builder {
            sources,
            formats,
            errors: Vec::new(),
            origins: HashMap::new(),
            pack: RulePack::empty(),
            items: HashMap::new(),
            disabled_ids: BTreeSet::new(),
        };
        for (i, file) in files.into_iter().enumerate() {
            b.add_file(i, file);
        }
        b.resolve_roles();
        b.finish()
    }

    fn empty() -> RulePack {
        RulePack {
            packs: Vec::new(),
            instruments: Vec::new(),
            roles: Vec::new(),
            categories: Vec::new(),
            rules: Vec::new(),
            obligations: Vec::new(),
            parameters: Vec::new(),
            disabled: Vec::new(),
            policy: Policy::default(),
            rule_index: HashMap::new(),
            role_index: HashMap::new(),
            rule_citations: Vec::new(),
            category_rules: HashMap::new(),
        }
    }

    /// The packs, base first.
    pub fn packs(&self) -> &[PackMeta] {
        &self.packs
    }
    /// Instruments, in pack order.
    pub fn instruments(&self) -> &[Entry<Instrument>] {
        &self.instruments
    }
    /// Finds an instrument by id.
    pub fn instrument(&self, id: &str) -> Option<&Entry<Instrument>> {
        self.instruments.iter().find(|i| i.item.id == id)
    }
    /// Roles with their lineage.
    pub fn roles(&self) -> &[ResolvedRole] {
        &self.roles
    }
    /// Finds a role by id.
    pub fn role(&self, id: &str) -> Option<&ResolvedRole> {
        self.role_index.get(id).map(|&i| &self.roles[i])
    }
    /// Categories.
    pub fn categories(&self) -> &[Entry<Category>] {
        &self.categories
    }
    /// Finds a category by id.
    pub fn category(&self, id: &str) -> Option<&Entry<Category>> {
        self.categories.iter().find(|c| c.item.id == id)
    }
    /// Every rule in force in the pack (disabled ones excluded), whatever its dates.
    pub fn rules(&self) -> &[Entry<Rule>] {
        &self.rules
    }
    /// Finds a rule by id.
    pub fn rule(&self, id: &str) -> Option<&Entry<Rule>> {
        self.rule_index.get(id).map(|&i| &self.rules[i])
    }
    /// Obligations (disabled ones excluded).
    pub fn obligations(&self) -> &[Entry<Obligation>] {
        &self.obligations
    }
    /// Finds an obligation by id.
    pub fn obligation(&self, id: &str) -> Option<&Entry<Obligation>> {
        self.obligations.iter().find(|o| o.item.id == id)
    }
    /// Dated parameters.
    pub fn parameters(&self) -> &[Entry<Parameter>] {
        &self.parameters
    }
    /// Finds a parameter by id.
    pub fn parameter(&self, id: &str) -> Option<&Entry<Parameter>> {
        self.parameters.iter().find(|p| p.item.id == id)
    }
    /// How findings become actions (the policy of the topmost pack that sets one).
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Items switched off by overlays.
    pub fn disabled(&self) -> &[Disabled] {
        &self.disabled
    }

    /// Whether a rule binds `role` directly or through a role it inherits from.
    pub fn binds(&self, rule: &Rule, role: &str) -> bool {
        self.role(role)
            .is_some_and(|r| r.lineage.iter().any(|anc| rule.roles.contains(anc)))
    }

    /// The indices in [`RulePack::rules`] of the rules of a category, in pack order.
    pub(crate) fn rules_in_category(&self, category: &str) -> &[usize] {
        self.category_rules.get(category).map_or(&[], Vec::as_slice)
    }

    /// The citation of the rule at `index` of [`RulePack::rules`], shared.
    pub(crate) fn rule_citation(&self, index: usize) -> Option<&Arc<Citation>> {
        self.rule_citations.get(index)
    }

    /// Rules binding `role` (with inheritance; all roles when `None`) in force on `as_of`
    /// (any date when `None`), in pack order.
    pub fn rules_for<'a>(
        &'a self,
        role: Option<&'a str>,
        as_of: Option<Date>,
    ) -> impl Iterator<Item = &'a Entry<Rule>> + 'a {
        self.rules.iter().filter(move |e| {
            role.is_none_or(|r| self.binds(&e.item, r))
                && as_of.is_none_or(|d| in_window(d, e.item.valid_from, e.item.valid_to))
        })
    }
}

impl<'s> Builder<'s> {
    fn err(&mut self, file: usize, path: KeyPath, kind: PackErrorKind) {
        self.errors.push((file, path, kind));
    }

    fn where_is(&self, o: &Origin) -> String {
        let src = &self.sources[o.file];
        match locate(src.text, self.formats[o.file], &o.path.key("id")) {
            Some(off) => {
                let (l, c) = line_col(src.text, off);
                format!("{}:{l}:{c}", src.name)
            }
            None => src.name.to_string(),
        }
    }

    /// Registers an id; false (with an error) when it is taken.
    fn claim(&mut self, ns: Ns, id: &str, file: usize, path: KeyPath) -> bool {
        if id.trim().is_empty() {
            self.err(file, path.key("id"), PackErrorKind::Empty { field: "id" });
            return false;
        }
        let key = (ns, id.to_string());
        if let Some(first) = self.origins.get(&key).cloned() {
            let kind = if first.file == file {
                PackErrorKind::DuplicateId {
                    what: ns.name(),
                    id: id.to_string(),
                    first: self.where_is(&first),
                }
            } else {
                PackErrorKind::IdReuse {
                    id: id.to_string(),
                    pack: self.pack_id_of(first.file),
                }
            };
            self.err(file, path.key("id"), kind);
            return false;
        }
        self.origins.insert(key, Origin { file, path });
        true
    }

    /// Claims the ids of one section's items; those whose id is free become entries.
    fn claim_all<T: Clone + HasId>(
        &mut self,
        ns: Ns,
        section: &str,
        items: &[T],
        file: usize,
        pack_id: &str,
    ) -> Vec<Entry<T>> {
        let mut out = Vec::with_capacity(items.len());
        for (i, x) in items.iter().enumerate() {
            let path = KeyPath::default().key(section).index(i);
            if self.claim(ns, x.id(), file, path) {
                out.push(Entry {
                    item: x.clone(),
                    pack: pack_id.to_string(),
                    overrides: vec![],
                });
            }
        }
        out
    }

    fn pack_id_of(&self, file: usize) -> String {
        self.pack
            .packs
            .get(file)
            .map_or_else(|| self.sources[file].name.to_string(), |p| p.id.clone())
    }

    fn exists(&self, ns: Ns, id: &str) -> bool {
        self.origins.contains_key(&(ns, id.to_string()))
    }

    fn check_ref(&mut self, ns: Ns, id: &str, file: usize, path: KeyPath) {
        if !self.exists(ns, id) {
            let what = match ns {
                Ns::Item => "rule",
                other => other.name(),
            };
            self.err(
                file,
                path,
                PackErrorKind::MissingReference {
                    what,
                    id: id.to_string(),
                },
            );
        }
    }

    fn non_empty(&mut self, value: &str, field: &'static str, file: usize, path: &KeyPath) {
        if value.trim().is_empty() {
            self.err(file, path.key(field), PackErrorKind::Empty { field });
        }
    }

    fn check_window(&mut self, from: Date, to: Option<Date>, file: usize, path: &KeyPath) {
        if let Some(to) = to {
            if to < from {
                self.err(
                    file,
                    path.key("valid_to"),
                    PackErrorKind::DateOrder {
                        from: from.to_string(),
                        to: to.to_string(),
                    },
                );
            }
        }
    }

    fn check_citation(
        &mut self,
        c: &Citation,
        window: Option<(Date, Option<Date>)>,
        file: usize,
        path: KeyPath,
    ) {
        self.non_empty(&c.article, "article", file, &path);
        self.non_empty(&c.excerpt_vi, "excerpt_vi", file, &path);
        self.non_empty(&c.summary_en, "summary_en", file, &path);
        let Some(inst) = self
            .pack
            .instruments
            .iter()
            .find(|i| i.item.id == c.instrument)
        else {
            self.check_ref(Ns::Instrument, &c.instrument, file, path.key("instrument"));
            return;
        };
        // An item cannot apply on a day its source is not in force.
        if let Some((from, to)) = window {
            let (ifrom, ito) = (inst.item.valid_from, inst.item.valid_to);
            let inside = from >= ifrom
                && match ito {
                    None => true,
                    Some(ito) => to.is_some_and(|t| t <= ito),
                };
            if !inside {
                let window = match ito {
                    Some(t) => format!("from {ifrom} to {t}"),
                    None => format!("from {ifrom}"),
                };
                let instrument = inst.item.id.clone();
                self.err(
                    file,
                    path.key("instrument"),
                    PackErrorKind::OutsideInstrument {
                        item_from: from.to_string(),
                        instrument,
                        window,
                    },
                );
            }
        }
    }

    fn add_file(&mut self, file: usize, pf: PackFile) {
        let root = KeyPath::default();
        let meta_path = root.key("pack");
        self.non_empty(&pf.pack.id, "id", file, &meta_path);
        self.non_empty(&pf.pack.version, "version", file, &meta_path);
        self.non_empty(&pf.pack.title, "title", file, &meta_path);
        let loaded: Vec<String> = self.pack.packs.iter().map(|p| p.id.clone()).collect();
        if loaded.contains(&pf.pack.id) {
            self.err(
                file,
                meta_path.key("id"),
                PackErrorKind::Invalid(format!("pack `{}` is loaded twice", pf.pack.id)),
            );
        }
        match &pf.pack.extends {
            Some(base) if !loaded.contains(base) => self.err(
                file,
                meta_path.key("extends"),
                PackErrorKind::MissingBase {
                    pack: pf.pack.id.clone(),
                    extends: base.clone(),
                    loaded: if loaded.is_empty() {
                        "nothing".into()
                    } else {
                        loaded.join(", ")
                    },
                },
            ),
            None if file > 0 => self.err(
                file,
                meta_path,
                PackErrorKind::Invalid(format!(
                    "a second base pack after `{}`: an overlay must say which pack it extends (`extends = \"{}\"`)",
                    loaded.join(", "),
                    loaded.last().cloned().unwrap_or_default()
                )),
            ),
            _ => {}
        }
        let pack_id = pf.pack.id.clone();
        self.pack.packs.push(pf.pack.clone());

        // Ids first, so references inside one file may point forwards.
        let instruments = self.claim_all(
            Ns::Instrument,
            "instruments",
            &pf.instruments,
            file,
            &pack_id,
        );
        self.pack.instruments.extend(instruments);
        for (i, x) in pf.roles.iter().enumerate() {
            if self.claim(Ns::Role, &x.id, file, root.key("roles").index(i)) {
                self.pack.roles.push(ResolvedRole {
                    role: x.clone(),
                    lineage: vec![],
                });
            }
        }
        let categories = self.claim_all(Ns::Category, "categories", &pf.categories, file, &pack_id);
        self.pack.categories.extend(categories);
        for e in self.claim_all(Ns::Item, "rules", &pf.rules, file, &pack_id) {
            let at = ItemRef::Rule(self.pack.rules.len());
            self.items.insert(e.item.id.clone(), at);
            self.pack.rules.push(e);
        }
        for e in self.claim_all(Ns::Item, "obligations", &pf.obligations, file, &pack_id) {
            let at = ItemRef::Obligation(self.pack.obligations.len());
            self.items.insert(e.item.id.clone(), at);
            self.pack.obligations.push(e);
        }
        for e in self.claim_all(Ns::Item, "parameters", &pf.parameters, file, &pack_id) {
            let at = ItemRef::Parameter(self.pack.parameters.len());
            self.items.insert(e.item.id.clone(), at);
            self.pack.parameters.push(e);
        }

        self.validate_contents(file, &pf);
        self.apply_overrides(file, &pack_id, &pf);
        if let Some(policy) = &pf.policy {
            self.check_policy(file, policy);
            self.pack.policy = policy.clone();
        }
    }

    fn validate_contents(&mut self, file: usize, pf: &PackFile) {
        let root = KeyPath::default();
        for (i, x) in pf.instruments.iter().enumerate() {
            let p = root.key("instruments").index(i);
            self.non_empty(&x.number, "number", file, &p);
            self.non_empty(&x.title_vi, "title_vi", file, &p);
            self.non_empty(&x.title_en, "title_en", file, &p);
            self.non_empty(&x.issuer, "issuer", file, &p);
            self.check_window(x.valid_from, x.valid_to, file, &p);
            if let Some(s) = &x.succeeded_by {
                self.check_ref(Ns::Instrument, s, file, p.key("succeeded_by"));
            }
        }
        for (i, x) in pf.roles.iter().enumerate() {
            let p = root.key("roles").index(i);
            self.non_empty(&x.name_vi, "name_vi", file, &p);
            self.non_empty(&x.name_en, "name_en", file, &p);
            if let Some(parent) = &x.parent {
                self.check_ref(Ns::Role, parent, file, p.key("parent"));
            }
        }
        for (i, x) in pf.categories.iter().enumerate() {
            let p = root.key("categories").index(i);
            self.non_empty(&x.name_vi, "name_vi", file, &p);
            self.non_empty(&x.name_en, "name_en", file, &p);
        }
        for (i, x) in pf.rules.iter().enumerate() {
            let p = root.key("rules").index(i);
            self.non_empty(&x.title_en, "title_en", file, &p);
            if x.roles.is_empty() {
                self.err(
                    file,
                    p.key("roles"),
                    PackErrorKind::Empty { field: "roles" },
                );
            }
            for (j, r) in x.roles.iter().enumerate() {
                self.check_ref(Ns::Role, r, file, p.key("roles").index(j));
            }
            self.check_ref(Ns::Category, &x.category, file, p.key("category"));
            self.check_window(x.valid_from, x.valid_to, file, &p);
            self.check_citation(
                &x.citation,
                Some((x.valid_from, x.valid_to)),
                file,
                p.key("citation"),
            );
            for (j, r) in x.implements.iter().enumerate() {
                if !matches!(self.items.get(r), Some(ItemRef::Rule(_))) {
                    self.check_missing_rule(r, file, p.key("implements").index(j));
                }
            }
        }
        for (i, x) in pf.obligations.iter().enumerate() {
            let p = root.key("obligations").index(i);
            self.non_empty(&x.title_en, "title_en", file, &p);
            self.check_ref(Ns::Role, &x.role, file, p.key("role"));
            self.check_event_kind(&x.trigger, file, p.key("trigger"));
            if x.fulfilled_by.is_empty() {
                self.err(
                    file,
                    p.key("fulfilled_by"),
                    PackErrorKind::Empty {
                        field: "fulfilled_by",
                    },
                );
            }
            for (j, k) in x.fulfilled_by.iter().enumerate() {
                self.check_event_kind(k, file, p.key("fulfilled_by").index(j));
            }
            if let Some(r) = &x.rule {
                if !matches!(self.items.get(r), Some(ItemRef::Rule(_))) {
                    self.check_missing_rule(r, file, p.key("rule"));
                }
            }
            self.check_window(x.valid_from, x.valid_to, file, &p);
            self.check_citation(
                &x.citation,
                Some((x.valid_from, x.valid_to)),
                file,
                p.key("citation"),
            );
            if let Some(d) = &x.deadline {
                if d.hours == 0 {
                    self.err(
                        file,
                        p.key("deadline").key("hours"),
                        PackErrorKind::Invalid("a deadline of 0 hours cannot be met".into()),
                    );
                }
                self.check_citation(&d.citation, None, file, p.key("deadline").key("citation"));
            }
        }
        for (i, x) in pf.parameters.iter().enumerate() {
            let p = root.key("parameters").index(i);
            self.non_empty(&x.title_en, "title_en", file, &p);
            self.non_empty(&x.unit, "unit", file, &p);
            if x.value.is_none() && x.min.is_none() && x.max.is_none() {
                self.err(
                    file,
                    p.clone(),
                    PackErrorKind::Invalid("a parameter needs `value` or `min`/`max`".into()),
                );
            }
            if let (Some(lo), Some(hi)) = (x.min, x.max) {
                if lo > hi {
                    self.err(
                        file,
                        p.key("max"),
                        PackErrorKind::Invalid(format!("max {hi} is below min {lo}")),
                    );
                }
            }
            for (j, r) in x.binds.iter().enumerate() {
                self.check_ref(Ns::Role, r, file, p.key("binds").index(j));
            }
            self.check_window(x.valid_from, x.valid_to, file, &p);
            self.check_citation(
                &x.citation,
                Some((x.valid_from, x.valid_to)),
                file,
                p.key("citation"),
            );
        }
    }

    fn check_policy(&mut self, file: usize, policy: &Policy) {
        let p = KeyPath::default().key("policy");
        let unit = |x: f64| (0.0..=1.0).contains(&x);
        if !unit(policy.min_confidence) {
            self.err(
                file,
                p.key("min_confidence"),
                PackErrorKind::Invalid("must lie between 0 and 1".into()),
            );
        }
        for (i, c) in policy.confidence_caps.iter().enumerate() {
            if !unit(c.below) {
                self.err(
                    file,
                    p.key("confidence_caps").index(i).key("below"),
                    PackErrorKind::Invalid("must lie between 0 and 1".into()),
                );
            }
        }
        for (i, c) in policy.children_audience_escalates.iter().enumerate() {
            self.check_ref(
                Ns::Category,
                c,
                file,
                p.key("children_audience_escalates").index(i),
            );
        }
        for (i, d) in policy.duties.iter().enumerate() {
            let dp = p.key("duties").index(i);
            for (j, c) in d.when_categories.iter().enumerate() {
                self.check_ref(Ns::Category, c, file, dp.key("when_categories").index(j));
            }
            for (j, c) in d.duty_categories.iter().enumerate() {
                self.check_ref(Ns::Category, c, file, dp.key("duty_categories").index(j));
            }
        }
    }

    fn check_missing_rule(&mut self, id: &str, file: usize, path: KeyPath) {
        self.err(
            file,
            path,
            PackErrorKind::MissingReference {
                what: "rule",
                id: id.to_string(),
            },
        );
    }

    fn check_event_kind(&mut self, kind: &str, file: usize, path: KeyPath) {
        if !EVENT_KINDS.contains(&kind) {
            self.err(
                file,
                path,
                PackErrorKind::MissingReference {
                    what: "event kind",
                    id: kind.to_string(),
                },
            );
        }
    }

    fn defined_beneath(&self, target: &str, file: usize) -> Option<bool> {
        self.origins
            .get(&(Ns::Item, target.to_string()))
            .map(|o| o.file < file)
    }

    fn apply_overrides(&mut self, file: usize, pack_id: &str, pf: &PackFile) {
        let root = KeyPath::default();
        for (i, d) in pf.disable.iter().enumerate() {
            let p = root.key("disable").index(i);
            self.non_empty(&d.reason, "reason", file, &p);
            if !self.target_ok(&d.target, file, &p) {
                continue;
            }
            if matches!(self.items.get(&d.target), Some(ItemRef::Parameter(_))) {
                self.err(
                    file,
                    p.key("target"),
                    PackErrorKind::Invalid(format!(
                        "parameter `{}` cannot be disabled; override its value instead",
                        d.target
                    )),
                );
                continue;
            }
            self.disabled_ids.insert(d.target.clone());
            self.pack.disabled.push(Disabled {
                target: d.target.clone(),
                pack: pack_id.to_string(),
                reason: d.reason.clone(),
            });
        }
        for (i, o) in pf.overrides.iter().enumerate() {
            let p = root.key("overrides").index(i);
            self.non_empty(&o.reason, "reason", file, &p);
            if !self.target_ok(&o.target, file, &p) {
                continue;
            }
            let mut changes = Vec::new();
            let mut problems = Vec::new();
            match self.items.get(&o.target) {
                Some(ItemRef::Rule(ix)) => {
                    let rule = &mut self.pack.rules[*ix].item;
                    if let Some(s) = o.severity {
                        changes.push(
                            format!("severity: {:?} -> {:?}", rule.severity, s).to_lowercase(),
                        );
                        rule.severity = s;
                    }
                    if let Some(a) = o.action {
                        changes
                            .push(format!("action: {:?} -> {:?}", rule.action, a).to_lowercase());
                        rule.action = a;
                    }
                    if o.deadline_hours.is_some() || o.value.is_some() {
                        problems.push((
                            "target",
                            format!(
                                "`{}` is a rule: only `severity` and `action` can be overridden",
                                o.target
                            ),
                        ));
                    }
                }
                Some(ItemRef::Obligation(ix)) => {
                    let ob = &mut self.pack.obligations[*ix].item;
                    if o.severity.is_some() || o.action.is_some() || o.value.is_some() {
                        problems.push((
                            "target",
                            format!(
                                "`{}` is an obligation: only `deadline_hours` can be overridden",
                                o.target
                            ),
                        ));
                    }
                    if let Some(h) = o.deadline_hours {
                        match &mut ob.deadline {
                            None => problems.push((
                                "deadline_hours",
                                format!("obligation `{}` has no deadline to override", o.target),
                            )),
                            Some(d) if d.basis == Basis::Statutory && h > d.hours => problems.push((
                                "deadline_hours",
                                format!(
                                    "the {} h deadline of `{}` is statutory: an overlay may shorten it, not extend it to {h} h",
                                    d.hours, o.target
                                ),
                            )),
                            Some(_) if h == 0 => problems.push((
                                "deadline_hours",
                                "a deadline of 0 hours cannot be met".to_string(),
                            )),
                            Some(d) => {
                                changes.push(format!("deadline: {} h -> {h} h", d.hours));
                                d.hours = h;
                            }
                        }
                    }
                }
                Some(ItemRef::Parameter(ix)) => {
                    let par = &mut self.pack.parameters[*ix].item;
                    if o.severity.is_some() || o.action.is_some() || o.deadline_hours.is_some() {
                        problems.push((
                            "target",
                            format!(
                                "`{}` is a parameter: only `value` can be overridden",
                                o.target
                            ),
                        ));
                    }
                    if let Some(v) = o.value {
                        if par.basis == Basis::Statutory {
                            problems.push((
                                "value",
                                format!("parameter `{}` is statutory; only policy defaults can be changed", o.target),
                            ));
                        } else {
                            changes.push(format!(
                                "value: {} -> {v}",
                                par.value.map_or("none".to_string(), |x| x.to_string())
                            ));
                            par.value = Some(v);
                        }
                    }
                }
                None => {}
            }
            let had_problems = !problems.is_empty();
            for (field, msg) in problems {
                self.err(file, p.key(field), PackErrorKind::Invalid(msg));
            }
            if changes.is_empty() {
                if !had_problems {
                    self.err(
                        file,
                        p.clone(),
                        PackErrorKind::Invalid(format!(
                            "override of `{}` changes nothing",
                            o.target
                        )),
                    );
                }
                continue;
            }
            let applied = AppliedOverride {
                pack: pack_id.to_string(),
                reason: o.reason.clone(),
                changes,
            };
            match self.items.get(&o.target) {
                Some(ItemRef::Rule(ix)) => self.pack.rules[*ix].overrides.push(applied),
                Some(ItemRef::Obligation(ix)) => self.pack.obligations[*ix].overrides.push(applied),
                Some(ItemRef::Parameter(ix)) => self.pack.parameters[*ix].overrides.push(applied),
                None => {}
            }
        }
    }

    /// The target of an override or disable must exist beneath this overlay and be live.
    fn target_ok(&mut self, target: &str, file: usize, p: &KeyPath) -> bool {
        match self.defined_beneath(target, file) {
            None => {
                self.err(
                    file,
                    p.key("target"),
                    PackErrorKind::MissingReference {
                        what: "rule, obligation or parameter",
                        id: target.to_string(),
                    },
                );
                false
            }
            Some(false) => {
                self.err(
                    file,
                    p.key("target"),
                    PackErrorKind::Invalid(format!(
                        "`{target}` is defined in this same pack: edit it there instead"
                    )),
                );
                false
            }
            Some(true) if self.disabled_ids.contains(target) => {
                self.err(
                    file,
                    p.key("target"),
                    PackErrorKind::Invalid(format!("`{target}` is already disabled")),
                );
                false
            }
            Some(true) => true,
        }
    }

    fn resolve_roles(&mut self) {
        let parents: HashMap<String, Option<String>> = self
            .pack
            .roles
            .iter()
            .map(|r| (r.role.id.clone(), r.role.parent.clone()))
            .collect();
        let mut cycles_seen: BTreeSet<String> = BTreeSet::new();
        for i in 0..self.pack.roles.len() {
            let id = self.pack.roles[i].role.id.clone();
            let mut lineage = vec![id.clone()];
            let mut cur = parents.get(&id).cloned().flatten();
            while let Some(p) = cur {
                if let Some(pos) = lineage.iter().position(|x| *x == p) {
                    let mut cycle: Vec<String> = lineage[pos..].to_vec();
                    cycle.push(p.clone());
                    let key = {
                        let mut k = cycle[..cycle.len() - 1].to_vec();
                        k.sort();
                        k.join(",")
                    };
                    if cycles_seen.insert(key) && pos == 0 {
                        let origin = self.origins[&(Ns::Role, id.clone())].clone();
                        self.err(
                            origin.file,
                            origin.path.key("parent"),
                            PackErrorKind::RoleCycle { cycle },
                        );
                    }
                    break;
                }
                lineage.push(p.clone());
                cur = parents.get(&p).cloned().flatten();
            }
            self.pack.roles[i].lineage = lineage;
        }
        self.pack.role_index = self
            .pack
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.role.id.clone(), i))
            .collect();
    }

    fn finish(mut self) -> Result<RulePack, super::PackErrors> {
        if !self.errors.is_empty() {
            // Locating an error scans its file: only the first ones are located, so a hostile
            // pack with thousands of errors costs no more than one with a hundred.
            let more = self.errors.len().saturating_sub(MAX_REPORTED_ERRORS);
            let mut errs: Vec<PackError> = self
                .errors
                .iter()
                .take(MAX_REPORTED_ERRORS)
                .map(|(file, path, kind)| {
                    error_at(
                        &self.sources[*file],
                        self.formats[*file],
                        path,
                        None,
                        kind.clone(),
                    )
                })
                .collect();
            if more > 0 {
                let (file, _, _) = &self.errors[MAX_REPORTED_ERRORS];
                errs.push(PackError {
                    file: self.sources[*file].name.to_string(),
                    path: String::new(),
                    line: None,
                    column: None,
                    kind: PackErrorKind::Invalid(format!("… and {more} more errors")),
                });
            }
            return Err(super::PackErrors(errs));
        }
        let disabled = &self.disabled_ids;
        self.pack.rules.retain(|r| !disabled.contains(&r.item.id));
        self.pack
            .obligations
            .retain(|o| !disabled.contains(&o.item.id));
        self.pack.rule_index = self
            .pack
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.item.id.clone(), i))
            .collect();
        self.pack.rule_citations = self
            .pack
            .rules
            .iter()
            .map(|r| Arc::new(r.item.citation.clone()))
            .collect();
        let mut category_rules: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in self.pack.rules.iter().enumerate() {
            category_rules
                .entry(r.item.category.clone())
                .or_default()
                .push(i);
        }
        self.pack.category_rules = category_rules;
        Ok(self.pack)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_default_pack_is_the_pack_parsed_anew() {
        for source in &super::super::DEFAULT_PACKS {
            let reused = parse_or_reuse(source).unwrap();
            assert_eq!(reused, parse_pack(source).unwrap(), "{}", source.name);
        }
        // The same text under another name is parsed, not reused (errors quote the name).
        let renamed = PackSource::new("elsewhere.json", super::super::DEFAULT_PACKS[0].text);
        assert_eq!(
            parse_or_reuse(&renamed).unwrap(),
            parse_pack(&renamed).unwrap()
        );
    }
}
