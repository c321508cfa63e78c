//! Account events: what happened to accounts, posts and personal data, as a log.
//!
//! An [`Event`] is one line of a log: an id, a [`Timestamp`] with its UTC offset, the
//! [`Party`] that acted, the account and post it concerns, and an [`EventKind`] with the
//! fields of that kind. The JSON form is flat, one object per line (JSONL):
//!
//! ```json
//! {"id":"e1","time":"2025-03-01T07:30:00+07:00","kind":"account_compromised",
//!  "actor":{"id":"ubnd-hoa-lu","role":"provincial_body"},"account":"page-hoa-lu"}
//! ```
//!
//! The kind names are those of [`crate::model::EVENT_KINDS`], which obligations in a pack
//! name as triggers and fulfilments. Each kind accepts some of the optional fields and
//! requires some (see [`EventKind`]); any other field is an error, and so is an unknown
//! kind or a time without an offset. [`parse_jsonl`] reads a log and names the line of
//! every error.
//!
//! Who is *bound* by a duty an event starts is part of each kind's meaning:
//!
//! - `takedown_requested`: the addressee `to` (a provider, or a page owner); the actor is the
//!   requesting authority. With `requested_by: "user_complaint"` it counts as a user
//!   complaint received by `to`.
//! - `account_registered`: the provider `to` for the provider's duties (authentication);
//!   the registering actor for any duty of the account holder.
//! - `violation_recorded`: the provider hosting the account — `to` when an authority records
//!   it, else the recording actor.
//! - every other kind: the actor (the account holder, the controller, the agency …).
//!
//! A fulfilment counts when its actor is the bound party and it concerns the same subject
//! (see [`SubjectField`]); `account_authenticated` and `account_locked` are therefore
//! recorded with the provider as actor.

mod time;

pub use time::{human_duration, TimeError, Timestamp, VIETNAM_OFFSET_SECONDS};

use crate::error::InputError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// Longest id (of an event, party, account, post …) accepted, in bytes.
pub const MAX_ID_BYTES: usize = 256;

/// Who did something, or whom an event is addressed to.
///
/// ```
/// let p: ungxu::eval::events::Party =
///     serde_json::from_str(r#"{"id":"vietnet","role":"sns_provider","attributes":{"cross_border":false}}"#).unwrap();
/// assert_eq!(p.role, "sns_provider");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The caller's id for the person, body or company.
    pub id: String,
    /// Role id from the pack (e.g. `individual`, `state_agency`, `sns_provider`, `dic`).
    pub role: String,
    /// Anything else the caller wants to keep with the party (name, `cross_border`, …).
    /// Carried through, never interpreted.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, serde_json::Value>,
}

impl Party {
    /// A party with no attributes.
    pub fn new(id: impl Into<String>, role: impl Into<String>) -> Party {
        Party {
            id: id.into(),
            role: role.into(),
            attributes: BTreeMap::new(),
        }
    }
}

/// How an account was authenticated (Decree 147 Art. 23).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Authentication {
    /// By a Vietnamese mobile number.
    MobileNumber,
    /// By a personal identification number.
    IdNumber,
    /// Not authenticated.
    None,
}

/// Who asked for a takedown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Requester {
    /// The Ministry (of Information and Communications, now of Science and Technology).
    Ministry,
    /// The police (the Ministry of Public Security's cybersecurity force, provincial police).
    Police,
    /// A provincial Department of Information and Communications.
    ProvincialDepartment,
    /// Another competent authority.
    OtherAuthority,
    /// A user's complaint to a page or group owner: the event then counts as a
    /// `user_complaint_received` by the addressee `to`.
    UserComplaint,
}

/// The strength of an account lock (Decree 147 Art. 35.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LockKind {
    /// For a number of days (7–30).
    Temporary,
    /// For good.
    Permanent,
}

impl LockKind {
    /// `temporary` or `permanent`.
    pub fn name(self) -> &'static str {
        match self {
            LockKind::Temporary => "temporary",
            LockKind::Permanent => "permanent",
        }
    }
}

/// Which id of an event a duty is about: a fulfilment must carry the same id in the same
/// field as the event that started the duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubjectField {
    /// `account`.
    Account,
    /// `post`.
    Post,
    /// `breach`.
    Breach,
    /// `request`.
    Request,
    /// `comment`.
    Comment,
    /// `period`.
    Period,
}

impl SubjectField {
    /// The JSON field name.
    pub fn name(self) -> &'static str {
        match self {
            SubjectField::Account => "account",
            SubjectField::Post => "post",
            SubjectField::Breach => "breach",
            SubjectField::Request => "request",
            SubjectField::Comment => "comment",
            SubjectField::Period => "period",
        }
    }
}

/// What happened, with the fields of that kind. The variants are in the order of
/// [`crate::model::EVENT_KINDS`] and carry its names (`account_registered`, …).
///
/// Fields every kind may carry sit on [`Event`]: `actor` (all), `to`, `from`, `account` and
/// `post` (some). In the list below, *requires* and *allows* name those shared fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// An account was opened. Requires `account` and `to` (the provider); the actor is the
    /// person or body registering (for a child, whoever did it).
    AccountRegistered {
        /// How it was authenticated at registration (`none` if not).
        authentication: Authentication,
        /// The account holder's age in years, when known.
        age: Option<u8>,
        /// Id of the parent or guardian who registered or supervises it, if any.
        guardian: Option<String>,
    },
    /// The provider (actor) authenticated an account. Requires `account`.
    AccountAuthenticated {
        /// How (`mobile_number` or `id_number`).
        method: Authentication,
    },
    /// The actor accepted the provider's terms. Requires `account`; allows `to`.
    TermsAccepted,
    /// The actor lost control of its account. Requires `account`.
    AccountCompromised,
    /// Someone impersonates the actor's account. Requires `account`.
    AccountImpersonated {
        /// Id of the impersonating account, if known.
        impersonator: Option<String>,
    },
    /// The actor reported the loss of its account to `to` (provider or authority).
    /// Requires `account` and `to`.
    CompromiseReported,
    /// The actor reported an impersonation to `to`. Requires `account` and `to`.
    ImpersonationReported {
        /// Id of the impersonating account, if known.
        impersonator: Option<String>,
    },
    /// The actor regained control of its account. Requires `account`.
    AccountRecovered,
    /// The actor posted. Requires `account` and `post`.
    ContentPosted,
    /// An authority (actor) asked `to` to take a post down. Requires `post` and `to`;
    /// allows `account`.
    TakedownRequested {
        /// Which kind of authority asked (or a user complaint).
        requested_by: Requester,
        /// Id of the pack rule the post breaks, if named.
        rule: Option<String>,
    },
    /// The actor (a page, group or account owner) received a user's complaint about a post.
    /// Requires `post`; allows `account`, `from`.
    UserComplaintReceived,
    /// The actor removed (or blocked) a post. Requires `post`; allows `account`.
    ContentRemoved,
    /// A violation by an account was recorded. Requires `account`; allows `post`, `to` (the
    /// provider, when an authority records it).
    ViolationRecorded {
        /// Id of the pack rule broken, if named.
        rule: Option<String>,
        /// Whether the content infringes national security (a permanent lock is due at once).
        national_security: bool,
    },
    /// The provider (actor) locked an account. Requires `account`.
    AccountLocked {
        /// Temporary or permanent.
        lock: LockKind,
        /// Length of a temporary lock in days, if known.
        days: Option<u32>,
    },
    /// The provider (actor) unlocked an account. Requires `account`.
    AccountUnlocked,
    /// The actor gave personal data to a third party `to`. Requires `to`; allows `account`
    /// (the data subject's).
    PersonalDataShared {
        /// Whether the data subject consented explicitly (silence is not consent).
        consent: bool,
    },
    /// The actor (a controller) detected a personal data breach.
    PersonalDataBreachDetected {
        /// The caller's id for the breach.
        breach: String,
    },
    /// The actor notified a breach to the authority; allows `to`.
    PersonalDataBreachNotified {
        /// The breach notified.
        breach: String,
    },
    /// The actor (a controller) received a data subject's request; allows `from`, `account`.
    DataSubjectRequestReceived {
        /// The caller's id for the request.
        request: String,
    },
    /// The actor answered a data subject's request; allows `account`.
    DataSubjectRequestAnswered {
        /// The request answered.
        request: String,
    },
    /// The actor (a state agency) received a comment within its remit; allows `post`, `from`.
    CommentReceived {
        /// The caller's id for the comment.
        comment: String,
    },
    /// The actor answered a comment; allows `post`.
    CommentAnswered {
        /// The comment answered.
        comment: String,
    },
    /// The actor (the provincial Department) confirmed that a post is fake news. Requires
    /// `post`.
    FakeNewsConfirmed,
    /// The actor published a warning about a fake-news post. Requires `post`.
    WarningPublished,
    /// A reporting period of the actor ended.
    ReportingPeriodEnded {
        /// The caller's id for the period, e.g. `2025-02`.
        period: String,
    },
    /// The actor submitted its report for a period; allows `to`.
    ReportSubmitted {
        /// The period reported on.
        period: String,
    },
}

/// Shared optional fields of [`Event`], by kind: (allowed, required).
struct Shape {
    to: Need,
    from: Need,
    account: Need,
    post: Need,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    No,
    May,
    Must,
}

impl EventKind {
    /// Every kind name, in the order of [`crate::model::EVENT_KINDS`].
    pub const NAMES: [&'static str; 26] = crate::model::EVENT_KINDS;

    /// Position in [`EventKind::NAMES`].
    pub fn index(&self) -> usize {
        match self {
            EventKind::AccountRegistered { .. } => 0,
            EventKind::AccountAuthenticated { .. } => 1,
            EventKind::TermsAccepted => 2,
            EventKind::AccountCompromised => 3,
            EventKind::AccountImpersonated { .. } => 4,
            EventKind::CompromiseReported => 5,
            EventKind::ImpersonationReported { .. } => 6,
            EventKind::AccountRecovered => 7,
            EventKind::ContentPosted => 8,
            EventKind::TakedownRequested { .. } => 9,
            EventKind::UserComplaintReceived => 10,
            EventKind::ContentRemoved => 11,
            EventKind::ViolationRecorded { .. } => 12,
            EventKind::AccountLocked { .. } => 13,
            EventKind::AccountUnlocked => 14,
            EventKind::PersonalDataShared { .. } => 15,
            EventKind::PersonalDataBreachDetected { .. } => 16,
            EventKind::PersonalDataBreachNotified { .. } => 17,
            EventKind::DataSubjectRequestReceived { .. } => 18,
            EventKind::DataSubjectRequestAnswered { .. } => 19,
            EventKind::CommentReceived { .. } => 20,
            EventKind::CommentAnswered { .. } => 21,
            EventKind::FakeNewsConfirmed => 22,
            EventKind::WarningPublished => 23,
            EventKind::ReportingPeriodEnded { .. } => 24,
            EventKind::ReportSubmitted { .. } => 25,
        }
    }

    /// The kind's name, e.g. `account_registered`.
    pub fn name(&self) -> &'static str {
        Self::NAMES[self.index()]
    }

    /// Position of a kind name in [`EventKind::NAMES`].
    pub fn index_of(name: &str) -> Option<usize> {
        Self::NAMES.iter().position(|n| *n == name)
    }

    /// The id a duty this kind starts is about (`None` for kinds whose duties concern the
    /// party alone).
    pub fn subject_field(index: usize) -> Option<SubjectField> {
        use SubjectField::*;
        Some(match index {
            0..=7 | 12..=14 => Account,
            8..=11 | 22 | 23 => Post,
            16 | 17 => Breach,
            18 | 19 => Request,
            20 | 21 => Comment,
            24 | 25 => Period,
            _ => return None,
        })
    }

    fn shape(index: usize) -> Shape {
        use Need::*;
        let s = |to, from, account, post| Shape {
            to,
            from,
            account,
            post,
        };
        match index {
            0 => s(Must, No, Must, No),
            1 => s(No, No, Must, No),
            2 => s(May, No, Must, No),
            3 | 4 | 7 | 13 | 14 => s(No, No, Must, No),
            5 | 6 => s(Must, No, Must, No),
            8 => s(No, No, Must, Must),
            9 => s(Must, No, May, Must),
            10 => s(No, May, May, Must),
            11 => s(No, No, May, Must),
            12 => s(May, No, Must, May),
            15 => s(Must, No, May, No),
            16 => s(No, No, No, No),
            17 => s(May, No, No, No),
            18 => s(No, May, May, No),
            19 => s(No, No, May, No),
            20 => s(No, May, No, May),
            21 => s(No, No, No, May),
            22 | 23 => s(No, No, No, Must),
            24 => s(No, No, No, No),
            _ => s(May, No, No, No),
        }
    }
}

/// One thing that happened. See the [module documentation](self) for the JSON form.
///
/// ```
/// use ungxu::eval::events::{Event, EventKind};
/// let line = r#"{"id":"e1","time":"2025-03-01T07:30:00+07:00","kind":"account_compromised",
///               "actor":{"id":"ubnd-hoa-lu","role":"provincial_body"},"account":"page-hoa-lu"}"#;
/// let e: Event = serde_json::from_str(line).unwrap();
/// assert_eq!(e.kind, EventKind::AccountCompromised);
/// assert_eq!(e.account.as_deref(), Some("page-hoa-lu"));
/// assert!(serde_json::to_string(&e).unwrap().contains(r#""kind":"account_compromised""#));
///
/// let bad = line.replace("+07:00", "");
/// assert!(serde_json::from_str::<Event>(&bad).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawEvent", into = "RawEvent")]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        title = "Event",
        description = "One account event, one line of a JSON-lines log. Which optional fields each kind requires or allows is documented with ungxu::eval::events::EventKind; a field of another kind is an error."
    )
)]
pub struct Event {
    /// The caller's id for the event; unique within a log.
    pub id: String,
    /// When it happened.
    pub time: Timestamp,
    /// Who acted (or to whom it happened).
    pub actor: Party,
    /// Whom it was addressed to, for kinds that have an addressee (boxed: most events have
    /// none, and a log holds many events).
    pub to: Option<Box<Party>>,
    /// Who it came from, for kinds received from someone (complaints, comments, requests).
    pub from: Option<Box<Party>>,
    /// The account concerned.
    pub account: Option<String>,
    /// The post concerned.
    pub post: Option<String>,
    /// What happened.
    pub kind: EventKind,
}

impl Event {
    /// An event of `kind` with no optional fields; set them with the builder methods.
    ///
    /// ```
    /// use ungxu::eval::events::{Event, EventKind, Party};
    /// let e = Event::new("e1", "2025-03-01T07:30:00+07:00".parse().unwrap(),
    ///                    Party::new("ubnd-hoa-lu", "provincial_body"), EventKind::AccountCompromised)
    ///     .account("page-hoa-lu");
    /// assert!(e.validate().is_ok());
    /// ```
    pub fn new(id: impl Into<String>, time: Timestamp, actor: Party, kind: EventKind) -> Event {
        Event {
            id: id.into(),
            time,
            actor,
            to: None,
            from: None,
            account: None,
            post: None,
            kind,
        }
    }

    /// Sets `account`.
    pub fn account(mut self, id: impl Into<String>) -> Event {
        self.account = Some(id.into());
        self
    }

    /// Sets `post`.
    pub fn post(mut self, id: impl Into<String>) -> Event {
        self.post = Some(id.into());
        self
    }

    /// Sets `to`.
    pub fn to(mut self, party: Party) -> Event {
        self.to = Some(Box::new(party));
        self
    }

    /// Sets `from`.
    pub fn from(mut self, party: Party) -> Event {
        self.from = Some(Box::new(party));
        self
    }

    /// The id this event carries in `field`, if any.
    pub fn subject(&self, field: SubjectField) -> Option<&str> {
        match (field, &self.kind) {
            (SubjectField::Account, _) => self.account.as_deref(),
            (SubjectField::Post, _) => self.post.as_deref(),
            (
                SubjectField::Breach,
                EventKind::PersonalDataBreachDetected { breach }
                | EventKind::PersonalDataBreachNotified { breach },
            ) => Some(breach),
            (
                SubjectField::Request,
                EventKind::DataSubjectRequestReceived { request }
                | EventKind::DataSubjectRequestAnswered { request },
            ) => Some(request),
            (
                SubjectField::Comment,
                EventKind::CommentReceived { comment } | EventKind::CommentAnswered { comment },
            ) => Some(comment),
            (
                SubjectField::Period,
                EventKind::ReportingPeriodEnded { period } | EventKind::ReportSubmitted { period },
            ) => Some(period),
            _ => None,
        }
    }

    /// Checks what can be checked without a pack: ids present and not too long, the fields
    /// of the kind present, no field of another kind. The error names the field.
    pub fn validate(&self) -> Result<(), InputError> {
        id_ok("id", &self.id)?;
        id_ok("actor.id", &self.actor.id)?;
        id_ok("actor.role", &self.actor.role)?;
        let shape = EventKind::shape(self.kind.index());
        let kind = self.kind.name();
        let need = |field: &str, need: Need, present: bool| -> Result<(), InputError> {
            match (need, present) {
                (Need::Must, false) => Err(InputError::new(
                    field,
                    format!("a `{kind}` event needs `{field}`"),
                )),
                (Need::No, true) => Err(InputError::new(
                    field,
                    format!("a `{kind}` event has no field `{field}`"),
                )),
                _ => Ok(()),
            }
        };
        need("to", shape.to, self.to.is_some())?;
        need("from", shape.from, self.from.is_some())?;
        need("account", shape.account, self.account.is_some())?;
        need("post", shape.post, self.post.is_some())?;
        for (id_field, role_field, p) in [
            ("to.id", "to.role", self.to.as_deref()),
            ("from.id", "from.role", self.from.as_deref()),
        ] {
            if let Some(p) = p {
                id_ok(id_field, &p.id)?;
                id_ok(role_field, &p.role)?;
            }
        }
        if let Some(a) = &self.account {
            id_ok("account", a)?;
        }
        if let Some(p) = &self.post {
            id_ok("post", p)?;
        }
        match &self.kind {
            EventKind::AccountRegistered {
                guardian: Some(g), ..
            } => id_ok("guardian", g)?,
            EventKind::AccountAuthenticated {
                method: Authentication::None,
            } => {
                return Err(InputError::new(
                    "method",
                    "an account cannot be authenticated by `none`",
                ))
            }
            EventKind::AccountImpersonated {
                impersonator: Some(i),
            }
            | EventKind::ImpersonationReported {
                impersonator: Some(i),
            } => id_ok("impersonator", i)?,
            EventKind::TakedownRequested { rule: Some(r), .. }
            | EventKind::ViolationRecorded { rule: Some(r), .. } => id_ok("rule", r)?,
            EventKind::AccountLocked {
                lock: LockKind::Permanent,
                days: Some(_),
            } => return Err(InputError::new("days", "a permanent lock has no length")),
            EventKind::AccountLocked { days: Some(0), .. } => {
                return Err(InputError::new("days", "a lock of 0 days is no lock"))
            }
            _ => {}
        }
        for f in [
            SubjectField::Breach,
            SubjectField::Request,
            SubjectField::Comment,
            SubjectField::Period,
        ] {
            if let Some(v) = self.subject(f) {
                id_ok(f.name(), v)?;
            }
        }
        Ok(())
    }
}

fn id_ok(field: &str, id: &str) -> Result<(), InputError> {
    if id.trim().is_empty() {
        return Err(InputError::new(field, "must not be empty"));
    }
    if id.len() > MAX_ID_BYTES {
        return Err(InputError::new(
            field,
            format!("longer than {MAX_ID_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// The JSON form of an [`Event`]: every field of every kind, flat. Used for (de)serialising
/// and for the JSON Schema; [`Event`] is the checked, typed form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(title = "Event"))]
pub struct RawEvent {
    /// The caller's id for the event; unique within a log.
    pub id: String,
    /// When it happened: RFC 3339 with an offset (Vietnam: `+07:00`).
    pub time: Timestamp,
    /// One of the event kinds (`account_registered`, `takedown_requested`, …).
    #[cfg_attr(feature = "schema", schemars(schema_with = "kind_schema"))]
    pub kind: String,
    /// Who acted, or to whom it happened.
    pub actor: Party,
    /// Whom it is addressed to (takedown requests, registrations, reports, data shared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Box<Party>>,
    /// Whom it came from (complaints, comments, data subject requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Box<Party>>,
    /// The account concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The post concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    /// `account_registered`: how the account was authenticated at registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication: Option<Authentication>,
    /// `account_registered`: the holder's age in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// `account_registered`: the parent or guardian's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian: Option<String>,
    /// `account_authenticated`: how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Authentication>,
    /// `account_impersonated`, `impersonation_reported`: the impersonating account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impersonator: Option<String>,
    /// `takedown_requested`: who asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<Requester>,
    /// `takedown_requested`, `violation_recorded`: the pack rule broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// `violation_recorded`: national-security content (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_security: Option<bool>,
    /// `account_locked`: temporary or permanent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<LockKind>,
    /// `account_locked`: days of a temporary lock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// `personal_data_shared`: whether the data subject consented explicitly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<bool>,
    /// `personal_data_breach_*`: the breach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach: Option<String>,
    /// `data_subject_request_*`: the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// `comment_*`: the comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `reporting_period_ended`, `report_submitted`: the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

#[cfg(feature = "schema")]
fn kind_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "enum": EventKind::NAMES,
        "description": "What happened."
    })
}

/// Takes a kind-specific field out of the raw event, recording that it was used.
struct Take<'a> {
    kind: &'a str,
}

impl Take<'_> {
    fn must<T>(&self, field: &str, v: Option<T>) -> Result<T, InputError> {
        v.ok_or_else(|| InputError::new(field, format!("a `{}` event needs `{field}`", self.kind)))
    }
}

impl TryFrom<RawEvent> for Event {
    type Error = InputError;

    fn try_from(mut r: RawEvent) -> Result<Event, InputError> {
        let index = EventKind::index_of(&r.kind).ok_or_else(|| {
            InputError::new(
                "kind",
                format!(
                    "unknown event kind `{}` (expected one of: {})",
                    r.kind.chars().take(64).collect::<String>(),
                    EventKind::NAMES.join(", ")
                ),
            )
        })?;
        let t = Take { kind: &r.kind };
        let kind = match index {
            0 => EventKind::AccountRegistered {
                authentication: t.must("authentication", r.authentication.take())?,
                age: r.age.take(),
                guardian: r.guardian.take(),
            },
            1 => EventKind::AccountAuthenticated {
                method: t.must("method", r.method.take())?,
            },
            2 => EventKind::TermsAccepted,
            3 => EventKind::AccountCompromised,
            4 => EventKind::AccountImpersonated {
                impersonator: r.impersonator.take(),
            },
            5 => EventKind::CompromiseReported,
            6 => EventKind::ImpersonationReported {
                impersonator: r.impersonator.take(),
            },
            7 => EventKind::AccountRecovered,
            8 => EventKind::ContentPosted,
            9 => EventKind::TakedownRequested {
                requested_by: t.must("requested_by", r.requested_by.take())?,
                rule: r.rule.take(),
            },
            10 => EventKind::UserComplaintReceived,
            11 => EventKind::ContentRemoved,
            12 => EventKind::ViolationRecorded {
                rule: r.rule.take(),
                national_security: r.national_security.take().unwrap_or(false),
            },
            13 => EventKind::AccountLocked {
                lock: t.must("lock", r.lock.take())?,
                days: r.days.take(),
            },
            14 => EventKind::AccountUnlocked,
            15 => EventKind::PersonalDataShared {
                consent: t.must("consent", r.consent.take())?,
            },
            16 => EventKind::PersonalDataBreachDetected {
                breach: t.must("breach", r.breach.take())?,
            },
            17 => EventKind::PersonalDataBreachNotified {
                breach: t.must("breach", r.breach.take())?,
            },
            18 => EventKind::DataSubjectRequestReceived {
                request: t.must("request", r.request.take())?,
            },
            19 => EventKind::DataSubjectRequestAnswered {
                request: t.must("request", r.request.take())?,
            },
            20 => EventKind::CommentReceived {
                comment: t.must("comment", r.comment.take())?,
            },
            21 => EventKind::CommentAnswered {
                comment: t.must("comment", r.comment.take())?,
            },
            22 => EventKind::FakeNewsConfirmed,
            23 => EventKind::WarningPublished,
            24 => EventKind::ReportingPeriodEnded {
                period: t.must("period", r.period.take())?,
            },
            _ => EventKind::ReportSubmitted {
                period: t.must("period", r.period.take())?,
            },
        };
        // Whatever kind-specific field is left belongs to another kind.
        let leftovers = [
            ("authentication", r.authentication.is_some()),
            ("age", r.age.is_some()),
            ("guardian", r.guardian.is_some()),
            ("method", r.method.is_some()),
            ("impersonator", r.impersonator.is_some()),
            ("requested_by", r.requested_by.is_some()),
            ("rule", r.rule.is_some()),
            ("national_security", r.national_security.is_some()),
            ("lock", r.lock.is_some()),
            ("days", r.days.is_some()),
            ("consent", r.consent.is_some()),
            ("breach", r.breach.is_some()),
            ("request", r.request.is_some()),
            ("comment", r.comment.is_some()),
            ("period", r.period.is_some()),
        ];
        if let Some((field, _)) = leftovers.iter().find(|(_, present)| *present) {
            return Err(InputError::new(
                *field,
                format!("a `{}` event has no field `{field}`", r.kind),
            ));
        }
        let event = Event {
            id: r.id,
            time: r.time,
            actor: r.actor,
            to: r.to,
            from: r.from,
            account: r.account,
            post: r.post,
            kind,
        };
        event.validate()?;
        Ok(event)
    }
}

impl From<Event> for RawEvent {
    fn from(e: Event) -> RawEvent {
        let mut r = RawEvent {
            id: e.id,
            time: e.time,
            kind: e.kind.name().to_string(),
            actor: e.actor,
            to: e.to,
            from: e.from,
            account: e.account,
            post: e.post,
            authentication: None,
            age: None,
            guardian: None,
            method: None,
            impersonator: None,
            requested_by: None,
            rule: None,
            national_security: None,
            lock: None,
            days: None,
            consent: None,
            breach: None,
            request: None,
            comment: None,
            period: None,
        };
        match e.kind {
            EventKind::AccountRegistered {
                authentication,
                age,
                guardian,
            } => {
                r.authentication = Some(authentication);
                r.age = age;
                r.guardian = guardian;
            }
            EventKind::AccountAuthenticated { method } => r.method = Some(method),
            EventKind::AccountImpersonated { impersonator }
            | EventKind::ImpersonationReported { impersonator } => r.impersonator = impersonator,
            EventKind::TakedownRequested { requested_by, rule } => {
                r.requested_by = Some(requested_by);
                r.rule = rule;
            }
            EventKind::ViolationRecorded {
                rule,
                national_security,
            } => {
                r.rule = rule;
                r.national_security = national_security.then_some(true);
            }
            EventKind::AccountLocked { lock, days } => {
                r.lock = Some(lock);
                r.days = days;
            }
            EventKind::PersonalDataShared { consent } => r.consent = Some(consent),
            EventKind::PersonalDataBreachDetected { breach }
            | EventKind::PersonalDataBreachNotified { breach } => r.breach = Some(breach),
            EventKind::DataSubjectRequestReceived { request }
            | EventKind::DataSubjectRequestAnswered { request } => r.request = Some(request),
            EventKind::CommentReceived { comment } | EventKind::CommentAnswered { comment } => {
                r.comment = Some(comment)
            }
            EventKind::ReportingPeriodEnded { period } | EventKind::ReportSubmitted { period } => {
                r.period = Some(period)
            }
            EventKind::TermsAccepted
            | EventKind::AccountCompromised
            | EventKind::CompromiseReported
            | EventKind::AccountRecovered
            | EventKind::ContentPosted
            | EventKind::UserComplaintReceived
            | EventKind::ContentRemoved
            | EventKind::AccountUnlocked
            | EventKind::FakeNewsConfirmed
            | EventKind::WarningPublished => {}
        }
        r
    }
}

/// Reads one JSON event; errors name the field (`kind`, `actor.role`, `time`, …).
///
/// ```
/// let e = ungxu::eval::events::parse_event(
///     r#"{"id":"e1","time":"2025-03-01T07:30:00+07:00","kind":"account_compromised",
///         "actor":{"id":"a","role":"individual"},"account":"acc"}"#).unwrap();
/// assert_eq!(e.id, "e1");
/// let err = ungxu::eval::events::parse_event(
///     r#"{"id":"e1","time":"2025-03-01T07:30:00+07:00","kind":"account_compromised",
///         "actor":{"id":"a","role":"individual"},"account":"acc","colour":"red"}"#).unwrap_err();
/// assert!(err.message.contains("unknown field `colour`"), "{err}");
/// ```
pub fn parse_event(json: &str) -> Result<Event, InputError> {
    if !json.trim_start().starts_with('{') {
        return Err(InputError::new("(event)", "an event must be a JSON object"));
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let raw: RawEvent = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut msg = inner.to_string();
        // serde_json appends " at line L column C"; keep it only for multi-line input.
        if !json.contains('\n') {
            if let Some(pos) = msg.rfind(" at line ") {
                msg.truncate(pos);
            }
        }
        // The path names the field, an unknown one included (`colour`, `actor.colour`).
        let field = if path == "." || path.is_empty() {
            String::from("(event)")
        } else {
            path
        };
        InputError::new(field, msg)
    })?;
    de.end()
        .map_err(|e| InputError::new("(event)", format!("trailing characters: {e}")))?;
    Event::try_from(raw)
}

/// Reads a JSON-lines log: one event per line; blank lines are skipped. Errors name the
/// line: field `line 3: actor.role`.
///
/// ```
/// let log = "{\"id\":\"e1\",\"time\":\"2025-03-01T07:30:00+07:00\",\"kind\":\"account_compromised\",\"actor\":{\"id\":\"a\",\"role\":\"individual\"},\"account\":\"acc\"}\n\n{\"id\":\"e2\",\"kind\":\"nope\"}\n";
/// let err = ungxu::eval::events::parse_jsonl(log).unwrap_err();
/// assert!(err.field.starts_with("line 3"), "{err}");
/// ```
pub fn parse_jsonl(text: &str) -> Result<Vec<Event>, InputError> {
    jsonl_lines(text).map(|r| r.map(|(_, e)| e)).collect()
}

/// Like [`parse_jsonl`], one line at a time, with its 1-based line number: for streaming a
/// log into a [`crate::eval::ledger::Ledger`].
pub fn jsonl_lines(text: &str) -> impl Iterator<Item = Result<(usize, Event), InputError>> + '_ {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim();
        if line.is_empty() {
            return None;
        }
        Some(
            parse_event(line)
                .map(|e| (i + 1, e))
                .map_err(|e| at_line(i + 1, e)),
        )
    })
}

/// Prefixes an error's field with `line N: `.
pub fn at_line(line: usize, e: InputError) -> InputError {
    InputError::new(format!("line {line}: {}", e.field), e.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip_and_are_unique() {
        for (i, name) in EventKind::NAMES.iter().enumerate() {
            assert_eq!(EventKind::index_of(name), Some(i), "{name} listed twice");
        }
        assert_eq!(EventKind::index_of("account_hacked"), None);
    }

    #[test]
    fn rejects_fields_of_other_kinds_and_missing_ones() {
        let base = r#""id":"e1","time":"2025-03-01T07:30:00+07:00","actor":{"id":"a","role":"individual"}"#;
        let err = parse_event(&format!(
            r#"{{{base},"kind":"content_posted","account":"x","post":"p","age":3}}"#
        ))
        .unwrap_err();
        assert_eq!(err.field, "age");
        let err = parse_event(&format!(
            r#"{{{base},"kind":"content_posted","account":"x"}}"#
        ))
        .unwrap_err();
        assert_eq!(err.field, "post");
        let err = parse_event(&format!(r#"{{{base},"kind":"takedown_requested","post":"p","to":{{"id":"v","role":"sns_provider"}}}}"#)).unwrap_err();
        assert_eq!(err.field, "requested_by");
        let err = parse_event(&format!(r#"{{{base},"kind":"account_compromised","account":"x","to":{{"id":"v","role":"sns_provider"}}}}"#)).unwrap_err();
        assert_eq!(err.field, "to");
        let err = parse_event(&format!(
            r#"{{{base},"kind":"account_compromised","account":"x","actor2":1}}"#
        ))
        .unwrap_err();
        assert!(err.message.contains("unknown field `actor2`"), "{err}");
        assert_eq!(err.field, "actor2");
        let err = parse_event(&format!(
            r#"{{{base},"kind":"account_compromised","account":""}}"#
        ))
        .unwrap_err();
        assert_eq!(err.field, "account");
        let err = parse_event(r#"{"id":"e1","time":"2025-03-01T07:30:00","actor":{"id":"a","role":"individual"},"kind":"account_compromised","account":"x"}"#).unwrap_err();
        assert_eq!(err.field, "time");
        assert!(err.message.contains("no UTC offset"), "{err}");
        let err = parse_event(r#"{"id":"e1","time":"2025-03-01T07:30:00+07:00","kind":"account_compromised","account":"x","actor":{"id":"a","role":"individual","x":1}}"#).unwrap_err();
        assert_eq!(err.field, "actor.x", "{err}");
        let err = parse_event("[1]").unwrap_err();
        assert_eq!(err.field, "(event)", "{err}");
        let err = parse_event(r#"{"id":"e1"} x"#).unwrap_err();
        assert_eq!(err.field, "(event)", "{err}");
    }

    #[test]
    fn round_trips_every_kind() {
        let lines = include_str!("../../../examples/events.jsonl");
        let events = parse_jsonl(lines).unwrap();
        let mut seen = [false; 26];
        for e in &events {
            seen[e.kind.index()] = true;
            let json = serde_json::to_string(e).unwrap();
            assert_eq!(&parse_event(&json).unwrap(), e, "{json}");
        }
        let missing: Vec<&str> = (0..26)
            .filter(|&i| !seen[i])
            .map(|i| EventKind::NAMES[i])
            .collect();
        assert!(
            missing.is_empty(),
            "examples/events.jsonl lacks {missing:?}"
        );
    }
}
