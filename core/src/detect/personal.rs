//! Vietnamese personal data in a post: mobile and landline numbers, 12-digit citizen
//! identity numbers (CCCD), old 9-digit identity card numbers (CMND, only with a context
//! word), bank account numbers (only next to a bank name or an account word), e-mail
//! addresses and street addresses.
//!
//! Every list — phone prefixes, the 63 province codes, banks, context words, units that make
//! a number a price — lives in `spec/detectors/personal.toml`.
//!
//! # How numbers are read
//!
//! Digit runs joined by exactly one space, dot or dash form a *chain* (`0912 345 678`,
//! `001.234.567.890`, `84-912-345-678`; `+84`, `(+84)` are recognised in front). Inside a
//! chain the detector tries, from each group, the spans whose digit count fits a kind
//! (10 for a mobile, 11 for a landline, 12 for a CCCD, 9 for a CMND, 8–19 for an account),
//! checks the grouping, the prefix or province code and the context words around, and keeps
//! the best reading. Two readings are separated only by a space: a dot or dash means the
//! number goes on (`1.500.000.000`). A chain touching a letter, a slash, `#`, `@`, `=`, a
//! decimal comma, a unit (`đ`, `k`, `tr`, `%`, …) or lying inside a URL is never personal
//! data. Each group is tried at most 19 digits far, so the scan is linear.

use super::linkscan;
use crate::detect::patterns::invalid;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::patterns::{
    check_confidences, data_error, fold, mask_digits, nearest, parse_json_data, token_at, tokens,
    DetectorDataError, DetectorDataErrorKind, DetectorMeta, FoldedText, PhraseEntry, PhraseHit,
    PhraseSet, SignalKind, SignalMatch, Token,
};

const FILE: &str = "personal.toml";

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// The content of `spec/detectors/personal.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalData {
    /// File header.
    pub detector: DetectorMeta,
    /// What makes a number a quantity.
    pub numbers: NumbersData,
    /// Phone numbers.
    pub phone: PhoneData,
    /// 12-digit citizen identity numbers.
    pub citizen_id: CitizenIdData,
    /// Old 9-digit identity card numbers.
    pub legacy_id: LegacyIdData,
    /// Bank account numbers.
    pub bank_account: BankAccountData,
    /// E-mail addresses.
    pub email: EmailData,
    /// Street addresses.
    pub address: AddressData,
}

/// Words that make a number a quantity, and phrases that make it an order or tax number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumbersData {
    /// Units, currencies, `%`: a number followed by one is never personal data.
    pub unit_words: Vec<String>,
    /// Phrases (order number, tax code, …) that, shortly before a number, rule it out.
    pub negative_context: Vec<PhraseEntry>,
    /// How far (characters) before a number a negative phrase counts.
    pub negative_window_chars: usize,
}

/// Phone numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneData {
    /// Confidence of a mobile number with a valid prefix.
    pub confidence: f64,
    /// Confidence with a context word nearby.
    pub context_confidence: f64,
    /// Confidence of `84…` written without `+` or separators.
    pub bare_country_code_confidence: f64,
    /// Whether to report landlines.
    pub landline: bool,
    /// Confidence of a landline number.
    pub landline_confidence: f64,
    /// Confidence of a landline number with a context word nearby.
    pub landline_context_confidence: f64,
    /// How far (characters) a context word may be from the number.
    pub context_window_chars: usize,
    /// Context words ("sđt", "liên hệ", "zalo", …).
    pub context: Vec<PhraseEntry>,
    /// Where the prefix list comes from.
    pub prefix_note: String,
    /// Where the landline rule comes from.
    pub landline_note: String,
    /// Leading digits of 11-digit landline numbers (`02`).
    pub landline_prefixes: Vec<String>,
    /// Valid first three digits of 10-digit mobile numbers.
    pub mobile_prefixes: Vec<MobilePrefix>,
}

/// One mobile prefix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MobilePrefix {
    /// Three digits, starting with `0`.
    pub prefix: String,
    /// The network operator.
    pub carrier: String,
    /// The 11-digit prefix it replaced in the 2018 renumbering, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub former: Option<String>,
    /// Anything a reviewer should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// 12-digit citizen identity numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitizenIdData {
    /// Confidence with a valid province code only.
    pub confidence: f64,
    /// Confidence with a context word nearby.
    pub context_confidence: f64,
    /// How far (characters) a context word may be from the number.
    pub context_window_chars: usize,
    /// Context words ("cccd", "căn cước", …).
    pub context: Vec<PhraseEntry>,
    /// The legal source of the province codes.
    pub source: String,
    /// How sure we are of the source (`confirmed` or `reported`).
    pub confidence_of_source: String,
    /// The structure of the number.
    pub note: String,
    /// Meaning of the fourth digit.
    pub century_sex: Vec<CenturySex>,
    /// The province codes (first three digits).
    pub provinces: Vec<Province>,
}

/// Meaning of one value of the fourth digit of a citizen identity number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CenturySex {
    /// The digit, 0–9.
    pub digit: u8,
    /// The century of birth.
    pub century: String,
    /// `male` or `female`.
    pub sex: String,
}

/// A province code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    /// Three digits.
    pub code: String,
    /// The province's name.
    pub name: String,
}

/// Old 9-digit identity card numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacyIdData {
    /// Confidence (a context word is always required).
    pub confidence: f64,
    /// How far (characters) the context word may be from the number.
    pub context_window_chars: usize,
    /// Context words ("cmnd", "chứng minh", …).
    pub context: Vec<PhraseEntry>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Bank account numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankAccountData {
    /// Fewest digits.
    pub min_digits: usize,
    /// Most digits.
    pub max_digits: usize,
    /// Confidence next to a bank name.
    pub bank_confidence: f64,
    /// Confidence next to an account word ("stk", "số tài khoản").
    pub account_word_confidence: f64,
    /// How far (characters) the bank name or account word may be.
    pub context_window_chars: usize,
    /// Account words.
    pub account_words: Vec<PhraseEntry>,
    /// About the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Bank names and abbreviations.
    pub banks: Vec<PhraseEntry>,
}

/// E-mail addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailData {
    /// Confidence.
    pub confidence: f64,
}

/// Street addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressData {
    /// Confidence of a house number with a street or lane.
    pub confidence: f64,
    /// Confidence with an administrative unit or a third component.
    pub with_admin_confidence: f64,
    /// Words before a house number ("số", "số nhà").
    pub house_words: Vec<PhraseEntry>,
    /// Lane words ("ngõ", "ngách", "hẻm", "kiệt").
    pub lane_words: Vec<PhraseEntry>,
    /// Street words ("đường", "phố").
    pub street_words: Vec<PhraseEntry>,
    /// Locality words ("tổ", "thôn", "xóm", "ấp").
    pub locality_words: Vec<PhraseEntry>,
    /// Administrative units ("phường", "xã", "quận", "huyện", "tỉnh", "tp").
    pub admin_words: Vec<PhraseEntry>,
    /// Most characters between two components.
    pub max_gap_chars: usize,
}

// ---------------------------------------------------------------------------------------------
// Compiled detector
// ---------------------------------------------------------------------------------------------

/// Indices of the context lists in the shared context matcher.
const CTX_PHONE: usize = 0;
const CTX_CITIZEN: usize = 1;
const CTX_LEGACY: usize = 2;
const CTX_BANK: usize = 3;
const CTX_ACCOUNT: usize = 4;
const CTX_NEGATIVE: usize = 5;

/// Indices of the address word lists.
const ADDR_HOUSE: usize = 0;
const ADDR_LANE: usize = 1;
const ADDR_STREET: usize = 2;
// 3: locality words (handled with streets and admin units).
const ADDR_ADMIN: usize = 4;

/// The compiled personal-data detector. Immutable, `Send + Sync`; build once.
#[derive(Debug, Clone)]
pub struct PersonalDetector {
    data: PersonalData,
    mobile: HashSet<String>,
    provinces: HashMap<String, usize>,
    units: HashSet<String>,
    context: PhraseSet,
    address_words: PhraseSet,
}

/// How a number reading was recognised.
#[derive(Debug, Clone)]
struct Reading {
    kind: SignalKind,
    start_group: usize,
    end_group: usize,
    confidence: f64,
    masked: String,
    detail: Option<String>,
    context: Option<Range<usize>>,
    via_folding: bool,
    /// Distance to the supporting context word (None: no context).
    ctx_distance: Option<usize>,
    priority: u8,
}

/// A run of digits joined by single separators.
#[derive(Debug, Default)]
struct Chain {
    /// Byte ranges of the digit groups.
    groups: Vec<Range<usize>>,
    /// Separator after each group but the last (`b' '`, `b'.'`, `b'-'`, `b')'`).
    seps: Vec<u8>,
    /// Start of the chain including a leading `+`, `(+` or `(`.
    lead: usize,
    /// A `+` precedes the first group.
    plus: bool,
}

impl PersonalDetector {
    /// Compiles the detector from the text of `personal.toml`.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<PersonalDetector, DetectorDataError> {
        Self::compile(super::patterns::parse_data(FILE, text)?, text)
    }

    /// Compiles the detector from the same data written as JSON.
    pub fn from_json(text: &str) -> Result<PersonalDetector, DetectorDataError> {
        Self::compile(parse_json_data(FILE, text)?, text)
    }

    fn compile(data: PersonalData, text: &str) -> Result<PersonalDetector, DetectorDataError> {
        data.detector.check(FILE, text, "personal")?;
        let err = |field: String, kind| data_error(FILE, text, field, kind);
        let inv = |field: &str, msg: &str| invalid(FILE, text, field, msg);

        check_confidences(
            FILE,
            text,
            &[
                ("phone.confidence", data.phone.confidence),
                ("phone.context_confidence", data.phone.context_confidence),
                (
                    "phone.bare_country_code_confidence",
                    data.phone.bare_country_code_confidence,
                ),
                ("phone.landline_confidence", data.phone.landline_confidence),
                (
                    "phone.landline_context_confidence",
                    data.phone.landline_context_confidence,
                ),
                ("citizen_id.confidence", data.citizen_id.confidence),
                (
                    "citizen_id.context_confidence",
                    data.citizen_id.context_confidence,
                ),
                ("legacy_id.confidence", data.legacy_id.confidence),
                (
                    "bank_account.bank_confidence",
                    data.bank_account.bank_confidence,
                ),
                (
                    "bank_account.account_word_confidence",
                    data.bank_account.account_word_confidence,
                ),
                ("email.confidence", data.email.confidence),
                ("address.confidence", data.address.confidence),
                (
                    "address.with_admin_confidence",
                    data.address.with_admin_confidence,
                ),
            ],
        )?;
        for (field, w) in [
            (
                "numbers.negative_window_chars",
                data.numbers.negative_window_chars,
            ),
            (
                "phone.context_window_chars",
                data.phone.context_window_chars,
            ),
            (
                "citizen_id.context_window_chars",
                data.citizen_id.context_window_chars,
            ),
            (
                "legacy_id.context_window_chars",
                data.legacy_id.context_window_chars,
            ),
            (
                "bank_account.context_window_chars",
                data.bank_account.context_window_chars,
            ),
            ("address.max_gap_chars", data.address.max_gap_chars),
        ] {
            if w > 200 {
                return Err(inv(field, "a window must be at most 200 characters"));
            }
        }

        let mut mobile = HashSet::new();
        if data.phone.mobile_prefixes.is_empty() {
            return Err(err(
                "phone.mobile_prefixes".into(),
                DetectorDataErrorKind::Empty,
            ));
        }
        for (i, p) in data.phone.mobile_prefixes.iter().enumerate() {
            let field = format!("phone.mobile_prefixes[{i}].prefix");
            if p.prefix.len() != 3
                || !p.prefix.starts_with('0')
                || !p.prefix.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(inv(
                    &field,
                    "a mobile prefix is three digits starting with 0",
                ));
            }
            if !mobile.insert(p.prefix.clone()) {
                return Err(err(
                    field,
                    DetectorDataErrorKind::Duplicate(p.prefix.clone()),
                ));
            }
        }
        for (i, p) in data.phone.landline_prefixes.iter().enumerate() {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(inv(
                    &format!("phone.landline_prefixes[{i}]"),
                    "a landline prefix is 1 to 4 digits",
                ));
            }
        }

        let mut provinces = HashMap::new();
        if data.citizen_id.provinces.is_empty() {
            return Err(err(
                "citizen_id.provinces".into(),
                DetectorDataErrorKind::Empty,
            ));
        }
        for (i, p) in data.citizen_id.provinces.iter().enumerate() {
            let field = format!("citizen_id.provinces[{i}].code");
            if p.code.len() != 3 || !p.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(inv(&field, "a province code is three digits"));
            }
            if p.name.trim().is_empty() {
                return Err(err(
                    format!("citizen_id.provinces[{i}].name"),
                    DetectorDataErrorKind::Empty,
                ));
            }
            if provinces.insert(p.code.clone(), i).is_some() {
                return Err(err(field, DetectorDataErrorKind::Duplicate(p.code.clone())));
            }
        }
        let mut digits_seen = [false; 10];
        for (i, c) in data.citizen_id.century_sex.iter().enumerate() {
            let field = format!("citizen_id.century_sex[{i}].digit");
            let Some(seen) = digits_seen.get_mut(usize::from(c.digit)) else {
                return Err(inv(&field, "the digit must be 0–9"));
            };
            if *seen {
                return Err(err(
                    field,
                    DetectorDataErrorKind::Duplicate(c.digit.to_string()),
                ));
            }
            *seen = true;
        }

        let b = &data.bank_account;
        if b.min_digits < 6 || b.min_digits > b.max_digits || b.max_digits > 19 {
            return Err(inv(
                "bank_account.min_digits",
                "need 6 <= min_digits <= max_digits <= 19",
            ));
        }

        let mut units = HashSet::new();
        for (i, u) in data.numbers.unit_words.iter().enumerate() {
            let f = fold(u.trim());
            if f.is_empty() {
                return Err(err(
                    format!("numbers.unit_words[{i}]"),
                    DetectorDataErrorKind::Empty,
                ));
            }
            units.insert(f);
        }

        let context = PhraseSet::build_lists(
            FILE,
            text,
            &[
                ("phone.context", &data.phone.context),
                ("citizen_id.context", &data.citizen_id.context),
                ("legacy_id.context", &data.legacy_id.context),
                ("bank_account.banks", &data.bank_account.banks),
                (
                    "bank_account.account_words",
                    &data.bank_account.account_words,
                ),
                ("numbers.negative_context", &data.numbers.negative_context),
            ],
        )?;
        let a = &data.address;
        for (field, list) in [
            ("address.house_words", &a.house_words),
            ("address.lane_words", &a.lane_words),
            ("address.street_words", &a.street_words),
            ("address.admin_words", &a.admin_words),
        ] {
            if list.is_empty() {
                return Err(err(field.into(), DetectorDataErrorKind::Empty));
            }
        }
        let address_words = PhraseSet::build_lists(
            FILE,
            text,
            &[
                ("address.house_words", &a.house_words),
                ("address.lane_words", &a.lane_words),
                ("address.street_words", &a.street_words),
                ("address.locality_words", &a.locality_words),
                ("address.admin_words", &a.admin_words),
            ],
        )?;

        Ok(PersonalDetector {
            data,
            mobile,
            provinces,
            units,
            context,
            address_words,
        })
    }

    /// The data the detector was compiled from.
    pub fn data(&self) -> &PersonalData {
        &self.data
    }

    /// The province of a three-digit citizen-id code, if the code is valid.
    pub fn province(&self, code: &str) -> Option<&str> {
        let i = *self.provinces.get(code)?;
        self.data
            .citizen_id
            .provinces
            .get(i)
            .map(|p| p.name.as_str())
    }

    /// True when `prefix` (three digits, e.g. `091`) is a valid mobile prefix.
    pub fn is_mobile_prefix(&self, prefix: &str) -> bool {
        self.mobile.contains(prefix)
    }

    /// Finds personal data in a post. Matches are sorted by start and do not overlap within
    /// a kind.
    ///
    /// ```
    /// use ungxu::detect::patterns::{SignalKind, PERSONAL_TOML};
    /// use ungxu::detect::personal::PersonalDetector;
    /// let d = PersonalDetector::from_toml(PERSONAL_TOML).unwrap();
    /// let text = "CCCD của tôi 001 234 567 845, giá 150.000đ";
    /// let found = d.detect(text);
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].kind, SignalKind::CitizenId);
    /// assert_eq!(found[0].masked, "001*******45");
    /// assert_eq!(&text[found[0].range.clone()], "001 234 567 845");
    /// ```
    pub fn detect(&self, text: &str) -> Vec<SignalMatch> {
        self.detect_folded(&FoldedText::new(text))
    }

    /// [`detect`](Self::detect) on a text already folded (shared between detectors).
    pub fn detect_folded(&self, ft: &FoldedText<'_>) -> Vec<SignalMatch> {
        self.detect_with_phrases(ft, None, None)
    }

    /// The context-word and address-word lists, for a scan shared with other detectors.
    pub(crate) fn phrase_sets(&self) -> (&PhraseSet, &PhraseSet) {
        (&self.context, &self.address_words)
    }

    /// [`detect_folded`](Self::detect_folded) with the hits of the two
    /// [`phrase_sets`](Self::phrase_sets) already found (`None`: find them when needed).
    pub(crate) fn detect_with_phrases(
        &self,
        ft: &FoldedText<'_>,
        context: Option<Vec<PhraseHit>>,
        address: Option<Vec<PhraseHit>>,
    ) -> Vec<SignalMatch> {
        let text = ft.original();
        let chains = chains(text);
        // Context words only matter next to numbers.
        let contexts = match context {
            _ if chains.is_empty() => Vec::new(),
            Some(hits) => hits,
            None => self.context.find(ft),
        };
        let mut by_list: [Vec<PhraseHit>; 6] = Default::default();
        for h in contexts {
            if let Some(v) = by_list.get_mut(h.list) {
                v.push(h);
            }
        }
        // Cheap prefilters: most posts have no URL, no '@' and no digit.
        let folded = ft.folded();
        let urls: Vec<Range<usize>> = if folded.contains("://") || folded.contains("www.") {
            linkscan::scheme_urls(text)
        } else {
            Vec::new()
        };
        let mut out = Vec::new();

        let emails: Vec<Range<usize>> = if text.contains('@') {
            linkscan::emails(text)
                .into_iter()
                .filter(|r| email_boundaries(text, r))
                .collect()
        } else {
            Vec::new()
        };
        for r in &emails {
            let Some(s) = text.get(r.clone()) else {
                continue;
            };
            out.push(SignalMatch::new(
                SignalKind::Email,
                r.clone(),
                self.data.email.confidence,
                mask_email(s),
            ));
        }

        for chain in chains {
            self.read_chain(text, &chain, &by_list, &urls, &emails, &mut out);
        }
        self.addresses(ft, address, &mut out);
        crate::sort::sort_by_key(&mut out, |m| (m.range.start, m.range.end));
        out
    }

    // -----------------------------------------------------------------------------------------
    // Numbers
    // -----------------------------------------------------------------------------------------

    fn read_chain(
        &self,
        text: &str,
        chain: &Chain,
        ctx: &[Vec<PhraseHit>; 6],
        urls: &[Range<usize>],
        emails: &[Range<usize>],
        out: &mut Vec<SignalMatch>,
    ) {
        let n = chain.groups.len();
        let Some(last) = chain.groups.last() else {
            return;
        };
        let whole = chain.lead..last.end;
        if inside_any(urls, &whole) || inside_any(emails, &whole) {
            return;
        }
        let has_bank_ctx = ctx.get(CTX_BANK).is_some_and(|v| !v.is_empty())
            || ctx.get(CTX_ACCOUNT).is_some_and(|v| !v.is_empty());
        let start_ok = self.start_ok(text, chain.lead);
        let end_ok = self.end_ok(text, last.end);
        let mut i = 0;
        while i < n {
            // A reading starts at the chain's start or after a space.
            let starts_clean = if i == 0 {
                start_ok
            } else {
                chain.seps.get(i - 1).is_some_and(|&s| s == b' ')
            };
            if !starts_clean {
                i += 1;
                continue;
            }
            let mut best: Option<Reading> = None;
            let mut digits = String::new();
            let mut min_group = usize::MAX;
            for j in i..n {
                let Some(g) = chain.groups.get(j) else {
                    break;
                };
                digits.push_str(text.get(g.clone()).unwrap_or(""));
                min_group = min_group.min(g.len());
                if digits.len() > 19 {
                    break;
                }
                let ends_clean = if j + 1 == n {
                    end_ok
                } else {
                    chain.seps.get(j).is_some_and(|&s| s == b' ')
                };
                if !ends_clean {
                    continue;
                }
                // Only 9–12 digits can be anything without a bank context (cheap filter for
                // long runs of short groups).
                let len = digits.len();
                let bank_possible = has_bank_ctx
                    && (self.data.bank_account.min_digits..=self.data.bank_account.max_digits)
                        .contains(&len);
                if !(9..=12).contains(&len) && !bank_possible {
                    continue;
                }
                // Phones and ids are never split into one-digit groups.
                if j > i && min_group < 2 && !bank_possible {
                    continue;
                }
                for r in self.readings(text, chain, i, j, &digits, ctx) {
                    if better(&r, best.as_ref()) {
                        best = Some(r);
                    }
                }
            }
            match best {
                Some(r) => {
                    let start = if r.start_group == 0 {
                        chain.lead
                    } else {
                        chain.groups.get(r.start_group).map_or(0, |g| g.start)
                    };
                    let end = chain.groups.get(r.end_group).map_or(start, |g| g.end);
                    let next = r.end_group + 1;
                    let mut m = SignalMatch::new(r.kind, start..end, r.confidence, r.masked)
                        .with_context(r.context)
                        .folded(r.via_folding);
                    m.detail = r.detail;
                    out.push(m);
                    i = next;
                }
                None => i += 1,
            }
        }
    }

    /// Every valid reading of groups `i..=j` (their digits concatenated in `digits`).
    fn readings(
        &self,
        text: &str,
        chain: &Chain,
        i: usize,
        j: usize,
        digits: &str,
        ctx: &[Vec<PhraseHit>; 6],
    ) -> Vec<Reading> {
        let mut out = Vec::new();
        let groups = chain.groups.get(i..=j).unwrap_or(&[]);
        let seps = chain.seps.get(i..j).unwrap_or(&[]);
        let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        let start = if i == 0 {
            chain.lead
        } else {
            groups.first().map_or(0, |g| g.start)
        };
        let end = groups.last().map_or(start, |g| g.end);
        let span = start..end;

        // An order, tax or tracking number: nothing here is personal data.
        let neg_window = self.data.numbers.negative_window_chars;
        if let Some(neg) = ctx.get(CTX_NEGATIVE) {
            let idx = neg.partition_point(|h| h.range.start < span.start);
            let before = neg.get(..idx).unwrap_or(&[]);
            if before.iter().rev().take(4).any(|h| {
                h.range.end <= span.start
                    && char_distance(text, h.range.end, span.start) <= neg_window
            }) {
                return out;
            }
        }

        let find_ctx = |list: usize, window: usize| -> Option<&PhraseHit> {
            let hits = ctx.get(list)?;
            let h = nearest(hits, |h| &h.range, &span, window.saturating_mul(4))?;
            let d = if h.range.end <= span.start {
                char_distance(text, h.range.end, span.start)
            } else {
                char_distance(text, span.end, h.range.start)
            };
            (d <= window).then_some(h)
        };
        let dist = |h: &PhraseHit| super::patterns::distance(&h.range, &span);
        let only_spaces = seps.iter().all(|&s| s == b' ');
        let has_paren = seps.contains(&b')');

        // Phones.
        let phone = self.phone_reading(chain, i, digits, &lens);
        if let Some((national, bare, landline)) = phone {
            let pd = &self.data.phone;
            let c = find_ctx(CTX_PHONE, pd.context_window_chars);
            let conf = match (landline, c.is_some(), bare) {
                (false, true, _) => pd.context_confidence,
                (false, false, true) => pd.bare_country_code_confidence,
                (false, false, false) => pd.confidence,
                (true, true, _) => pd.landline_context_confidence,
                (true, false, _) => pd.landline_confidence,
            };
            if !landline || pd.landline {
                let carrier = if landline {
                    None
                } else {
                    national.get(..3).and_then(|p| {
                        pd.mobile_prefixes
                            .iter()
                            .find(|m| m.prefix == p)
                            .map(|m| m.carrier.clone())
                    })
                };
                out.push(Reading {
                    kind: if landline {
                        SignalKind::Landline
                    } else {
                        SignalKind::Phone
                    },
                    start_group: i,
                    end_group: j,
                    confidence: weighted(conf, c),
                    masked: mask_digits(&national, 2, 2),
                    detail: carrier,
                    context: c.map(|h| h.range.clone()),
                    via_folding: c.is_some_and(|h| !h.exact),
                    ctx_distance: c.map(dist),
                    priority: if landline { 3 } else { 1 },
                });
            }
        }
        if has_paren {
            return out;
        }

        // Citizen identity numbers: 12 digits, grouped evenly, a valid province code.
        if digits.len() == 12 && even_groups(&lens, &[12, 3, 4, 6]) {
            if let Some(name) = digits.get(..3).and_then(|code| self.province(code)) {
                let cd = &self.data.citizen_id;
                let c = find_ctx(CTX_CITIZEN, cd.context_window_chars);
                let conf = if c.is_some() {
                    cd.context_confidence
                } else {
                    cd.confidence
                };
                out.push(Reading {
                    kind: SignalKind::CitizenId,
                    start_group: i,
                    end_group: j,
                    confidence: weighted(conf, c),
                    masked: mask_digits(digits, 3, 2),
                    detail: Some(format!("province code: {name}")),
                    context: c.map(|h| h.range.clone()),
                    via_folding: c.is_some_and(|h| !h.exact),
                    ctx_distance: c.map(dist),
                    priority: 0,
                });
            }
        }

        // Old identity card numbers: 9 digits, only with a context word.
        if digits.len() == 9 && even_groups(&lens, &[9, 3]) {
            let ld = &self.data.legacy_id;
            if let Some(c) = find_ctx(CTX_LEGACY, ld.context_window_chars) {
                out.push(Reading {
                    kind: SignalKind::LegacyId,
                    start_group: i,
                    end_group: j,
                    confidence: weighted(ld.confidence, Some(c)),
                    masked: mask_digits(digits, 2, 2),
                    detail: None,
                    context: Some(c.range.clone()),
                    via_folding: !c.exact,
                    ctx_distance: Some(dist(c)),
                    priority: 4,
                });
            }
        }

        // Bank accounts: only spaces inside, next to a bank name or an account word.
        let bd = &self.data.bank_account;
        if (bd.min_digits..=bd.max_digits).contains(&digits.len()) && only_spaces && !chain.plus {
            let bank = find_ctx(CTX_BANK, bd.context_window_chars);
            let word = find_ctx(CTX_ACCOUNT, bd.context_window_chars);
            let pick = match (bank, word) {
                (Some(b), Some(w)) => Some(if dist(w) <= dist(b) {
                    (w, true)
                } else {
                    (b, false)
                }),
                (Some(b), None) => Some((b, false)),
                (None, Some(w)) => Some((w, true)),
                (None, None) => None,
            };
            if let Some((c, is_word)) = pick {
                let conf = if is_word {
                    bd.account_word_confidence
                } else {
                    bd.bank_confidence
                };
                let detail = bank
                    .and_then(|b| text.get(b.range.clone()))
                    .map(|s| format!("bank: {s}"));
                out.push(Reading {
                    kind: SignalKind::BankAccount,
                    start_group: i,
                    end_group: j,
                    confidence: weighted(conf, Some(c)),
                    masked: mask_digits(digits, 0, 2),
                    detail,
                    context: Some(c.range.clone()),
                    via_folding: !c.exact,
                    ctx_distance: Some(dist(c)),
                    priority: 2,
                });
            }
        }
        out
    }

    /// A phone reading of groups starting at `i`: (national digits, bare `84`, landline).
    fn phone_reading(
        &self,
        chain: &Chain,
        i: usize,
        digits: &str,
        lens: &[usize],
    ) -> Option<(String, bool, bool)> {
        let intl = digits.starts_with("84") && (digits.len() == 11 || digits.len() == 12);
        let (national, rest_lens, bare) = if intl {
            // `+84…` must start the chain; bare `84` only counts with separators or exactly
            // 11 digits. The rest must not be split inside the `84`.
            if chain.plus && i != 0 {
                return None;
            }
            let rest = digits.get(2..)?;
            let national = if rest.starts_with('0') {
                rest.to_string()
            } else {
                format!("0{rest}")
            };
            let first = *lens.first()?;
            let rest_lens: Vec<usize> = if first == 2 {
                lens.get(1..)?.to_vec()
            } else if first > 2 {
                let mut v = vec![first - 2];
                v.extend_from_slice(lens.get(1..)?);
                v
            } else {
                return None;
            };
            (national, rest_lens, !chain.plus && lens.len() == 1)
        } else {
            if chain.plus && i == 0 {
                return None;
            }
            (digits.to_string(), lens.to_vec(), false)
        };
        // Groups of at least two digits (one group is fine), at most six groups.
        if rest_lens.len() > 6 || (rest_lens.len() > 1 && rest_lens.iter().any(|&l| l < 2)) {
            return None;
        }
        if national.len() == 10 && self.mobile.contains(national.get(..3)?) {
            return Some((national, bare, false));
        }
        if national.len() == 11
            && self
                .data
                .phone
                .landline_prefixes
                .iter()
                .any(|p| national.starts_with(p.as_str()))
        {
            return Some((national, bare, true));
        }
        None
    }

    /// May a number start at byte `lead`?
    fn start_ok(&self, text: &str, lead: usize) -> bool {
        let before = text.get(..lead).unwrap_or("");
        let mut it = before.chars().rev();
        let Some(p) = it.next() else {
            return true;
        };
        if p.is_alphanumeric() || "/\\#@_=&?%$€£¥".contains(p) {
            return false;
        }
        // `17/06`, `10:30`, `1,5`: punctuation right after a digit continues a number.
        if !p.is_whitespace() && it.next().is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
        true
    }

    /// May a number end at byte `end`?
    fn end_ok(&self, text: &str, end: usize) -> bool {
        let after = text.get(end..).unwrap_or("");
        let mut it = after.chars();
        let Some(n) = it.next() else {
            return true;
        };
        if n.is_alphanumeric() || "/\\@_=&%$€£¥".contains(n) {
            return false;
        }
        if !n.is_whitespace() && it.clone().next().is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
        // `150.000 đ`, `2.500.000 VND`: a unit word after one space.
        if n == ' ' || n == '\u{a0}' {
            let word: String = it
                .take_while(|c| {
                    c.is_alphabetic()
                        || "$%€£¥".contains(*c)
                        || unicode_normalization::char::is_combining_mark(*c)
                })
                .take(12)
                .collect();
            if !word.is_empty() && self.units.contains(&fold(&word)) {
                return false;
            }
        }
        true
    }

    // -----------------------------------------------------------------------------------------
    // Addresses
    // -----------------------------------------------------------------------------------------

    fn addresses(
        &self,
        ft: &FoldedText<'_>,
        hits: Option<Vec<PhraseHit>>,
        out: &mut Vec<SignalMatch>,
    ) {
        // Every address has a digit and an address word.
        if !ft.original().bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let hits = hits.unwrap_or_else(|| self.address_words.find(ft));
        if hits.is_empty() {
            return;
        }
        let toks = tokens(ft);
        if toks.is_empty() {
            return;
        }
        // The longest address word starting at each token: (list, last token, exact).
        let mut word_at: Vec<Option<(usize, usize, bool)>> = vec![None; toks.len()];
        for h in hits {
            let k = token_at(&toks, h.folded.start);
            let Some(t) = toks.get(k) else {
                continue;
            };
            if t.folded.start != h.folded.start {
                continue;
            }
            let last = token_at(&toks, h.folded.end.saturating_sub(1));
            if let Some(slot) = word_at.get_mut(k) {
                if slot.is_none_or(|(_, l, _)| last > l) {
                    *slot = Some((h.list, last, h.exact));
                }
            }
        }
        let a = &self.data.address;
        let mut k = 0;
        while k < toks.len() {
            let mut comps: Vec<Component> = Vec::new();
            let mut pos = k;
            while comps.len() < 8 {
                let Some(c) = self.component(ft, &toks, &word_at, pos) else {
                    break;
                };
                if let Some(prev) = comps.last() {
                    let g = toks
                        .get(prev.last)
                        .zip(toks.get(c.first))
                        .map_or("", |(p, q)| super::patterns::gap(ft, p, q));
                    if !address_gap(g, a.max_gap_chars) {
                        break;
                    }
                }
                pos = c.last + 1;
                comps.push(c);
            }
            let has_house = comps.iter().any(|c| c.house);
            if comps.len() >= 2 && has_house {
                let (Some(first), Some(last)) = (comps.first(), comps.last()) else {
                    k += 1;
                    continue;
                };
                let start = toks.get(first.first).map_or(0, |t| t.original.start);
                let end = toks.get(last.last).map_or(start, |t| t.original.end);
                let with_admin = comps.len() >= 3 || comps.iter().any(|c| c.list == ADDR_ADMIN);
                let conf = if with_admin {
                    a.with_admin_confidence
                } else {
                    a.confidence
                };
                let folded_only = comps.iter().any(|c| !c.exact);
                let conf = if folded_only { conf * 0.8 } else { conf };
                let masked = mask_address(ft.original(), start..end, &comps, &toks);
                out.push(
                    SignalMatch::new(SignalKind::Address, start..end, conf, masked)
                        .folded(folded_only),
                );
            }
            // Components parse the same wherever the walk starts, so a chain without a
            // house number has no suffix with one: skip it whole (keeps the walk linear).
            k = if comps.is_empty() {
                k + 1
            } else {
                pos.max(k + 1)
            };
        }
    }

    /// One address component starting at token `k`.
    fn component(
        &self,
        ft: &FoldedText<'_>,
        toks: &[Token],
        word_at: &[Option<(usize, usize, bool)>],
        k: usize,
    ) -> Option<Component> {
        let tok = toks.get(k)?;
        if let Some((list, last, exact)) = word_at.get(k).copied().flatten() {
            let next = last + 1;
            let arg = toks.get(next);
            let arg_gap = arg.map_or("", |t| {
                super::patterns::gap(ft, toks.get(last).unwrap_or(tok), t)
            });
            let joined = matches!(arg_gap, " " | "." | ". " | ": " | ":");
            match list {
                ADDR_HOUSE | ADDR_LANE => {
                    // "số 12", "số nhà 5A", "ngõ 34", "ngách 12/4".
                    if joined && arg.is_some_and(|t| house_number(t.text(ft))) {
                        let mut end = number_tail(ft, toks, next);
                        let numbers = (next..=end).collect();
                        // "kiệt 23 Hùng Vương", "số 12 Lê Lợi": the street's name may follow
                        // without a street word.
                        let spaced = toks
                            .get(end)
                            .zip(toks.get(end + 1))
                            .is_some_and(|(p, q)| super::patterns::gap(ft, p, q) == " ");
                        if spaced {
                            if let Some(e) = name_run(ft, toks, word_at, end + 1) {
                                end = e;
                            }
                        }
                        return Some(Component {
                            first: k,
                            last: end,
                            list,
                            house: true,
                            exact,
                            numbers,
                        });
                    }
                    if list == ADDR_LANE && joined {
                        if let Some(end) = name_run(ft, toks, word_at, next) {
                            return Some(Component::plain(k, end, list, exact));
                        }
                    }
                    None
                }
                _ => {
                    // "đường Lê Lợi", "phố Huế", "phường 7", "tổ 5", "tp. HCM", "đường số 3".
                    if !joined {
                        return None;
                    }
                    let t = arg?;
                    if t.is_numeric(ft) {
                        let end = number_tail(ft, toks, next);
                        return Some(Component::plain(k, end, list, exact));
                    }
                    if word_at
                        .get(next)
                        .copied()
                        .flatten()
                        .is_some_and(|w| w.0 == ADDR_HOUSE)
                    {
                        let (_, hl, _) = word_at.get(next).copied().flatten()?;
                        let n = toks.get(hl + 1)?;
                        if n.is_numeric(ft) {
                            return Some(Component::plain(k, hl + 1, list, exact));
                        }
                        return None;
                    }
                    let end = name_run(ft, toks, word_at, next)?;
                    Some(Component::plain(k, end, list, exact))
                }
            }
        } else if house_number(tok.text(ft)) {
            // "123 đường Lê Lợi", "12/3 hẻm 45": a bare house number before a street or lane.
            let end = number_tail(ft, toks, k);
            let next = toks.get(end + 1)?;
            if super::patterns::gap(ft, toks.get(end)?, next) != " " {
                return None;
            }
            let (list, _, _) = word_at.get(end + 1).copied().flatten()?;
            if list != ADDR_STREET && list != ADDR_LANE {
                return None;
            }
            // The street itself must parse, or this is just "2 đường".
            self.component(ft, toks, word_at, end + 1)?;
            Some(Component {
                first: k,
                last: end,
                list: ADDR_HOUSE,
                house: true,
                exact: true,
                numbers: (k..=end).collect(),
            })
        } else {
            None
        }
    }
}

/// One part of an address (house number, lane, street, locality, administrative unit).
#[derive(Debug)]
struct Component {
    first: usize,
    last: usize,
    list: usize,
    /// Carries a house or lane number.
    house: bool,
    exact: bool,
    /// Tokens whose digits are masked.
    numbers: Vec<usize>,
}

impl Component {
    fn plain(first: usize, last: usize, list: usize, exact: bool) -> Component {
        Component {
            first,
            last,
            list,
            house: false,
            exact,
            numbers: Vec::new(),
        }
    }
}

/// A house number token: 1–5 digits, optionally one or two letters (`12`, `5a`, `12bis` no).
fn house_number(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let rest = t.get(digits..).unwrap_or("");
    (1..=5).contains(&digits) && rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_lowercase())
}

/// Extends a house number over `/3`, `-5` continuations (`12/3/4`); returns the last token.
fn number_tail(ft: &FoldedText<'_>, toks: &[Token], k: usize) -> usize {
    let mut end = k;
    for _ in 0..4 {
        let (Some(cur), Some(next)) = (toks.get(end), toks.get(end + 1)) else {
            break;
        };
        let g = super::patterns::gap(ft, cur, next);
        if (g == "/" || g == "-") && house_number(next.text(ft)) {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// A name of 1–5 capitalised words (or all-caps abbreviations) starting at token `k`, not
/// running into the next address word. Returns the last token.
fn name_run(
    ft: &FoldedText<'_>,
    toks: &[Token],
    word_at: &[Option<(usize, usize, bool)>],
    k: usize,
) -> Option<usize> {
    let mut last = None;
    for idx in k..k + 5 {
        let t = toks.get(idx)?;
        // An address word inside a name starts the next component ("Lê Lợi Phường 7"), but
        // a name may begin with one ("phường Phố Huế").
        if !t.is_capitalised(ft) || (idx > k && word_at.get(idx).copied().flatten().is_some()) {
            break;
        }
        if idx > k {
            let prev = toks.get(idx - 1)?;
            if super::patterns::gap(ft, prev, t) != " " {
                break;
            }
        }
        last = Some(idx);
        if toks.get(idx + 1).is_none() {
            break;
        }
    }
    last
}

/// Two components may be separated by spaces, a comma, a dash or a period, briefly.
fn address_gap(g: &str, max: usize) -> bool {
    !g.is_empty()
        && g.chars().count() <= max
        && g.chars()
            .all(|c| c == ' ' || c == ',' || c == '-' || c == '.' || c == '–')
}

fn mask_address(text: &str, span: Range<usize>, comps: &[Component], toks: &[Token]) -> String {
    let mut mask: Vec<Range<usize>> = Vec::new();
    for c in comps {
        for &n in &c.numbers {
            if let Some(t) = toks.get(n) {
                mask.push(t.original.clone());
            }
        }
    }
    let Some(s) = text.get(span.clone()) else {
        return String::new();
    };
    s.char_indices()
        .map(|(i, c)| {
            let at = span.start + i;
            if c.is_ascii_digit() && mask.iter().any(|r| r.contains(&at)) {
                '*'
            } else {
                c
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Finds every chain of digit groups joined by one space, dot or dash. `O(n)`.
fn chains(text: &str) -> Vec<Chain> {
    let bytes = text.as_bytes();
    let mut out: Vec<Chain> = Vec::new();
    let mut cur: Option<Chain> = None;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let group = start..i;
        let joined = cur.as_ref().and_then(|c| {
            let prev = c.groups.last()?;
            let gap = text.get(prev.end..start)?;
            let paren84 = c.groups.len() == 1
                && text.get(prev.clone()) == Some("84")
                && text.get(..c.lead).is_some()
                && text.get(c.lead..c.lead + 1) == Some("(");
            match gap {
                " " | "\u{a0}" => Some(b' '),
                "." => Some(b'.'),
                "-" => Some(b'-'),
                ")" | ") " | ")-" | ")." if paren84 => Some(b')'),
                _ => None,
            }
        });
        match (joined, cur.as_mut()) {
            (Some(sep), Some(c)) => {
                c.seps.push(sep);
                c.groups.push(group);
            }
            _ => {
                if let Some(c) = cur.take() {
                    out.push(c);
                }
                let before = text.get(..start).unwrap_or("");
                let (lead, plus) = if before.ends_with("(+") {
                    (start - 2, true)
                } else if before.ends_with('+')
                    || (before.ends_with('(') && text.get(start..start + 3) == Some("84)"))
                {
                    (start - 1, true)
                } else {
                    (start, false)
                };
                cur = Some(Chain {
                    groups: vec![group],
                    seps: Vec::new(),
                    lead,
                    plus,
                });
            }
        }
    }
    if let Some(c) = cur {
        out.push(c);
    }
    out
}

/// All groups have the same length, one of `allowed` (a single group of the full length is
/// listed as its own length).
fn even_groups(lens: &[usize], allowed: &[usize]) -> bool {
    let Some(&first) = lens.first() else {
        return false;
    };
    lens.iter().all(|&l| l == first) && allowed.contains(&first)
}

/// Is `r` better than the best reading so far? Context beats no context; closer context
/// wins; then the kind's priority; then the longer reading.
fn better(r: &Reading, best: Option<&Reading>) -> bool {
    let Some(b) = best else {
        return true;
    };
    let key = |x: &Reading| {
        (
            x.ctx_distance.is_none(),
            x.ctx_distance.unwrap_or(0),
            x.priority,
            std::cmp::Reverse(x.end_group),
        )
    };
    key(r) < key(b)
}

/// Confidence scaled down when the context word only matched without diacritics.
fn weighted(conf: f64, ctx: Option<&PhraseHit>) -> f64 {
    match ctx {
        Some(h) if !h.exact => conf * 0.9 * h.weight.max(0.1),
        Some(h) => conf * h.weight.max(0.1),
        None => conf,
    }
}

/// Characters between two byte offsets (`a <= b`), capped at 1000.
fn char_distance(text: &str, a: usize, b: usize) -> usize {
    if b <= a {
        return 0;
    }
    match text.get(a..b) {
        Some(s) => s.chars().take(1000).count(),
        None => b - a,
    }
}

fn inside_any(ranges: &[Range<usize>], r: &Range<usize>) -> bool {
    let i = ranges.partition_point(|x| x.end <= r.start);
    ranges
        .get(i)
        .is_some_and(|x| x.start <= r.start && r.end <= x.end)
}

/// The e-mail must not be glued to a word or a URL path.
fn email_boundaries(text: &str, r: &Range<usize>) -> bool {
    let before = text.get(..r.start).unwrap_or("");
    !before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '/')
}

/// `nguyenvana@gmail.com` → `n***@gmail.com`.
fn mask_email(s: &str) -> String {
    match s.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::patterns::PERSONAL_TOML;

    fn d() -> PersonalDetector {
        PersonalDetector::from_toml(PERSONAL_TOML).unwrap()
    }

    fn kinds(text: &str) -> Vec<(SignalKind, String)> {
        d().detect(text)
            .into_iter()
            .map(|m| (m.kind, text[m.range].to_string()))
            .collect()
    }

    #[test]
    fn data_has_63_provinces_and_known_codes() {
        let d = d();
        assert_eq!(d.data().citizen_id.provinces.len(), 63);
        assert_eq!(d.province("001"), Some("Hà Nội"));
        assert_eq!(d.province("079"), Some("TP Hồ Chí Minh"));
        assert_eq!(d.province("037"), Some("Ninh Bình"));
        assert_eq!(d.province("003"), None);
        assert!(d.is_mobile_prefix("091"));
        assert!(!d.is_mobile_prefix("095"));
    }

    #[test]
    fn chains_join_single_separators() {
        let c = chains("a 0912 345.678-9, (+84) 912 x");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].groups.len(), 4);
        assert!(c[1].plus);
        assert_eq!(c[1].seps, vec![b')']);
    }

    #[test]
    fn two_phones_separated_by_a_space() {
        let k = kinds("gọi 0912345678 0987654321");
        assert_eq!(k.len(), 2, "{k:?}");
        assert!(k.iter().all(|(k, _)| *k == SignalKind::Phone));
    }

    #[test]
    fn landline_is_lower_confidence() {
        let m = d().detect("Tổng đài 024 3825 1234");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, SignalKind::Landline);
        assert!(m[0].confidence < 0.9);
    }

    #[test]
    fn address_components() {
        let k = kinds("Nhà em ở số 12 ngõ 34 phố Huế, phường Phố Huế, quận Hai Bà Trưng nhé");
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(
            k[0].1,
            "số 12 ngõ 34 phố Huế, phường Phố Huế, quận Hai Bà Trưng"
        );
        let m = d().detect("123 đường Lê Lợi, Quận 1");
        assert_eq!(m[0].masked, "*** đường Lê Lợi, Quận 1");
        assert!(kinds("có 3 xã và 2 huyện bị lũ").is_empty());
        assert!(kinds("đi 2 đường khác nhau").is_empty());
    }

    #[test]
    fn email_masked() {
        let m = d().detect("mail: nguyenvana@gmail.com.");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].masked, "n***@gmail.com");
    }
}
