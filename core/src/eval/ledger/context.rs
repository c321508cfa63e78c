//! What the ledger needs from a compiled pack, indexed once: which obligations each event
//! kind triggers, who they bind (with role inheritance), the lock thresholds, and the rules
//! and parameters of the computed checks.

use crate::error::InputError;
use crate::eval::events::{Event, EventKind, Party, Requester, SubjectField};
use crate::model::{in_window, Date};
use crate::pack::RulePack;
use std::collections::HashMap;

/// Index of `violation_recorded` in [`EventKind::NAMES`].
pub(crate) const VIOLATION: usize = 12;
/// Index of `account_authenticated`.
pub(crate) const AUTHENTICATED: usize = 1;
/// Index of `user_complaint_received`.
pub(crate) const COMPLAINT: usize = 10;
const KINDS: usize = EventKind::NAMES.len();

/// Rule and parameter ids of the computed checks (see [`super::BreachKind`]). They are looked
/// up in the pack; a check whose rule is missing, disabled or out of force does not run.
pub(crate) mod ids {
    /// Only authenticated accounts may post (Decree 147).
    pub const AUTH_RULE: &str = "nd147.27";
    /// Whether authentication is required (value 1).
    pub const AUTH_PARAM: &str = "authentication.required";
    /// Under-16 accounts belong to a guardian (Decree 147 Art. 27.3.a).
    pub const GUARDIAN_RULE: &str = "nd147.27.3.a";
    /// The age below which a guardian is required.
    pub const GUARDIAN_PARAM: &str = "account.guardian_required_under.age";
    /// Rules against sharing personal data without consent, most general first.
    pub const CONSENT_RULES: [&str; 3] = ["nd13.11", "bvdlcn.consent", "qd874.7.5"];
    /// Prefix of the lock window parameters `lock.temporary.violations_<N>d`.
    pub const WINDOW_PREFIX: &str = "lock.temporary.violations_";
    /// Earlier temporary locks after which the next lock is permanent.
    pub const PERMANENT_PARAM: &str = "lock.permanent.prior_temporary_locks";
}

/// A fast hasher for small keys built by the library itself (interned ids, role names of the
/// pack); the multiply-rotate scheme of `rustc-hash` 2.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let tail = chunks
            .remainder()
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        self.add(tail);
        self.add(bytes.len() as u64);
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

impl Fx {
    fn add(&mut self, i: u64) {
        self.0 = self.0.wrapping_add(i).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

/// A `HashMap` with [`Fx`].
pub(crate) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fx>>;

/// Which party of an event a duty binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Slot {
    Actor,
    To,
}

pub(crate) fn party(e: &Event, slot: Slot) -> Option<&Party> {
    match slot {
        Slot::Actor => Some(&e.actor),
        Slot::To => e.to.as_deref(),
    }
}

/// An obligation as the ledger uses it.
pub(crate) struct Ob {
    /// Index of its role, `None` if the pack lacks it (then it binds nobody).
    role: Option<usize>,
    /// Kinds that fulfil it.
    pub fulfil: Vec<usize>,
    valid_from: Date,
    valid_to: Option<Date>,
    /// Deadline in seconds.
    pub deadline: Option<i64>,
}

/// One lock-threshold window: `threshold` violations within `seconds`.
pub(crate) struct Window {
    pub param: usize,
    pub seconds: i64,
}

/// The pack, indexed for event evaluation.
pub(crate) struct Context {
    role_ix: FxMap<String, usize>,
    /// `inherits[a][b]`: role `a` is `b` or inherits from it.
    inherits: Vec<Vec<bool>>,
    pub obs: Vec<Ob>,
    by_trigger: Vec<Vec<usize>>,
    pub fulfil_kind: [bool; KINDS],
    /// For each fulfilling kind, the subject fields (`None`: any subject) that duties it
    /// can fulfil are keyed by.
    pub fulfil_fields: Vec<Vec<Option<SubjectField>>>,
    /// Obligations triggered by `violation_recorded`: lock duties, due at thresholds.
    pub lock_obs: Vec<usize>,
    pub windows: Vec<Window>,
    /// Index of [`ids::PERMANENT_PARAM`].
    pub permanent_param: Option<usize>,
    /// Index of [`ids::AUTH_PARAM`].
    pub auth_param: Option<usize>,
    /// Index of [`ids::GUARDIAN_PARAM`].
    pub guardian_param: Option<usize>,
}

impl Context {
    pub fn new(pack: &RulePack) -> Context {
        let roles = pack.roles();
        let role_ix: FxMap<String, usize> = roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.role.id.clone(), i))
            .collect();
        let inherits = roles
            .iter()
            .map(|r| {
                let mut row = vec![false; roles.len()];
                for anc in &r.lineage {
                    if let Some(&j) = role_ix.get(anc) {
                        row[j] = true;
                    }
                }
                row
            })
            .collect();
        let mut by_trigger = vec![Vec::new(); KINDS];
        let mut fulfil_kind = [false; KINDS];
        let mut fulfil_fields: Vec<Vec<Option<SubjectField>>> = vec![Vec::new(); KINDS];
        let mut lock_obs = Vec::new();
        let obs = pack
            .obligations()
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let o = &o.item;
                let fulfil: Vec<usize> = o
                    .fulfilled_by
                    .iter()
                    .filter_map(|k| EventKind::index_of(k))
                    .collect();
                match EventKind::index_of(&o.trigger) {
                    Some(VIOLATION) => lock_obs.push(i),
                    Some(k) => {
                        by_trigger[k].push(i);
                        // A fulfilment must carry the trigger's subject id: file it there.
                        let field = EventKind::subject_field(k);
                        for &f in &fulfil {
                            fulfil_kind[f] = true;
                            if !fulfil_fields[f].contains(&field) {
                                fulfil_fields[f].push(field);
                            }
                        }
                    }
                    None => {}
                }
                Ob {
                    role: role_ix.get(&o.role).copied(),
                    fulfil,
                    valid_from: o.valid_from,
                    valid_to: o.valid_to,
                    deadline: o.deadline.as_ref().map(|d| i64::from(d.hours) * 3600),
                }
            })
            .collect();
        let mut windows: Vec<Window> = pack
            .parameters()
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let days: i64 = p
                    .item
                    .id
                    .strip_prefix(ids::WINDOW_PREFIX)?
                    .strip_suffix('d')?
                    .parse()
                    .ok()?;
                (1..=36_500).contains(&days).then_some(Window {
                    param: i,
                    seconds: days * 86_400,
                })
            })
            .collect();
        crate::sort::sort_by_key(&mut windows, |w| (w.seconds, w.param));
        let param_ix = |id: &str| pack.parameters().iter().position(|p| p.item.id == id);
        Context {
            permanent_param: param_ix(ids::PERMANENT_PARAM),
            auth_param: param_ix(ids::AUTH_PARAM),
            guardian_param: param_ix(ids::GUARDIAN_PARAM),
            role_ix,
            inherits,
            obs,
            by_trigger,
            fulfil_kind,
            fulfil_fields,
            lock_obs,
            windows,
        }
    }

    /// Whether a party of `role` is bound by obligation `ob` (role inheritance included).
    fn binds(&self, ob: usize, role: &str) -> bool {
        match (self.role_ix.get(role), self.obs[ob].role) {
            (Some(&r), Some(o)) => self.inherits[r][o],
            _ => false,
        }
    }

    fn in_force(&self, ob: usize, date: Option<Date>) -> bool {
        let o = &self.obs[ob];
        date.is_some_and(|d| in_window(d, o.valid_from, o.valid_to))
    }

    /// Checks what needs the pack: every role named exists, every rule named exists.
    pub fn check_event(&self, pack: &RulePack, e: &Event) -> Result<(), InputError> {
        e.validate()?;
        for (field, p) in [
            ("actor", Some(&e.actor)),
            ("to", e.to.as_deref()),
            ("from", e.from.as_deref()),
        ] {
            if let Some(p) = p {
                if !self.role_ix.contains_key(&p.role) {
                    return Err(InputError::new(
                        format!("{field}.role"),
                        format!(
                            "unknown role `{}` (the packs define: {})",
                            p.role,
                            pack.roles()
                                .iter()
                                .map(|r| r.role.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
        }
        if let EventKind::TakedownRequested { rule: Some(r), .. }
        | EventKind::ViolationRecorded { rule: Some(r), .. } = &e.kind
        {
            if pack.rule(r).is_none() {
                return Err(InputError::new(
                    "rule",
                    format!("no rule `{r}` in the packs"),
                ));
            }
        }
        Ok(())
    }

    /// Duties of generic obligations (not lock duties) that event `e` starts: for each, the
    /// obligation, the party bound and the subject key.
    pub fn triggered<'e>(&self, e: &'e Event) -> Vec<Trigger<'e>> {
        let (kind, slots): (usize, &[Slot]) = match &e.kind {
            EventKind::TakedownRequested { requested_by, .. } => (
                if *requested_by == Requester::UserComplaint {
                    COMPLAINT
                } else {
                    e.kind.index()
                },
                &[Slot::To],
            ),
            EventKind::AccountRegistered { .. } => (e.kind.index(), &[Slot::To, Slot::Actor]),
            EventKind::ViolationRecorded { .. } => return Vec::new(),
            k => (k.index(), &[Slot::Actor]),
        };
        let obs = &self.by_trigger[kind];
        if obs.is_empty() {
            return Vec::new();
        }
        let date = e.time.vietnam_date();
        let key = EventKind::subject_field(kind).and_then(|f| e.subject(f).map(|v| (f, v)));
        let mut out = Vec::new();
        for &ob in obs {
            if !self.in_force(ob, date) {
                continue;
            }
            let bound = slots
                .iter()
                .copied()
                .find(|&s| party(e, s).is_some_and(|p| self.binds(ob, &p.role)));
            if let Some(slot) = bound {
                out.push(Trigger { ob, slot, key });
            }
        }
        out
    }

    /// The fulfilment kinds event `e` counts as, with the party acting in each.
    pub fn fulfils(&self, e: &Event) -> impl Iterator<Item = (usize, Slot)> {
        let k = e.kind.index();
        let own = self.fulfil_kind[k].then_some((k, Slot::Actor));
        // Authenticated at registration: counts as the provider's authentication.
        let at_registration = match &e.kind {
            EventKind::AccountRegistered { authentication, .. }
                if *authentication != crate::eval::events::Authentication::None
                    && self.fulfil_kind[AUTHENTICATED]
                    && e.to.is_some() =>
            {
                Some((AUTHENTICATED, Slot::To))
            }
            _ => None,
        };
        own.into_iter().chain(at_registration)
    }

    /// Lock duties a violation can start: those in force on its date binding its provider.
    pub fn lock_obs_for(&self, e: &Event, date: Option<Date>) -> Vec<usize> {
        let provider = lock_provider(e);
        self.lock_obs
            .iter()
            .copied()
            .filter(|&ob| self.in_force(ob, date) && self.binds(ob, &provider.role))
            .collect()
    }
}

/// The provider a violation is held against: `to` if an authority recorded it, else the
/// recording actor.
pub(crate) fn lock_provider(e: &Event) -> &Party {
    e.to.as_deref().unwrap_or(&e.actor)
}

pub(crate) fn lock_slot(e: &Event) -> Slot {
    if e.to.is_some() {
        Slot::To
    } else {
        Slot::Actor
    }
}

/// A duty an event starts.
pub(crate) struct Trigger<'e> {
    pub ob: usize,
    pub slot: Slot,
    /// The subject field and id a fulfilment must carry; `None`: any.
    pub key: Option<(SubjectField, &'e str)>,
}

/// The value of the parameter at index `ix`, if it is in force on `date`.
pub(crate) fn param_value(pack: &RulePack, ix: usize, date: Option<Date>) -> Option<i64> {
    let p = pack.parameters().get(ix)?;
    let d = date?;
    if !in_window(d, p.item.valid_from, p.item.valid_to) {
        return None;
    }
    p.item.value
}

/// A rule, if it is in the pack and in force on `date`.
pub(crate) fn rule_in_force<'p>(
    pack: &'p RulePack,
    id: &str,
    date: Option<Date>,
) -> Option<&'p crate::pack::Entry<crate::model::Rule>> {
    let r = pack.rule(id)?;
    let d = date?;
    in_window(d, r.item.valid_from, r.item.valid_to).then_some(r)
}

/// Whether a party of `role` is bound by `rule` (with inheritance).
pub(crate) fn rule_binds(pack: &RulePack, rule: &crate::model::Rule, role: &str) -> bool {
    pack.binds(rule, role)
}
