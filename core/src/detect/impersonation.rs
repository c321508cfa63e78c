//! Impersonation of a state body or a press outlet: an author's display name that claims one
//! ("Bộ Công an", "UBND xã …", "Báo Tuổi Trẻ", "VTV Official") on an account the platform has
//! not verified, and link domains that borrow an official or press name
//! (`chinhphu-vn.com`, `vnexpress-news.net`) without being on the official or press lists.
//!
//! Phrases and domain tokens live in `spec/detectors/impersonation.toml`.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::patterns::{
    check_confidences, data_error, fold, parse_json_data, tokens, DetectorDataError,
    DetectorDataErrorKind, DetectorMeta, FoldedText, PhraseEntry, PhraseSet, PhraseSpec,
    SignalKind, SignalMatch, Token,
};
use super::sources::{Link, LinkClass};

const FILE: &str = "impersonation.toml";

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// The content of `spec/detectors/impersonation.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpersonationData {
    /// File header.
    pub detector: DetectorMeta,
    /// Confidences.
    pub confidence: ImpersonationConfidence,
    /// Phrases in display names.
    pub names: Vec<NameClaim>,
    /// Tokens in link domains.
    pub domains: Vec<DomainToken>,
}

/// What a phrase or token claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImpersonationKind {
    /// A state body (ministry, department, people's committee, police, portal).
    StateBody,
    /// A press outlet (newspaper, radio, television, news agency).
    PressOutlet,
    /// "Official", "chính thức": a claim of officialness without naming a body.
    OfficialMarker,
}

impl ImpersonationKind {
    /// The signal kind reported for this claim.
    pub fn signal_kind(self) -> SignalKind {
        match self {
            ImpersonationKind::StateBody => SignalKind::ImpersonatesStateBody,
            ImpersonationKind::PressOutlet => SignalKind::ImpersonatesPress,
            ImpersonationKind::OfficialMarker => SignalKind::OfficialClaim,
        }
    }
}

/// Confidences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpersonationConfidence {
    /// A name claiming a state body.
    pub state_body: f64,
    /// A name claiming a press outlet.
    pub press_outlet: f64,
    /// A name with only an official marker.
    pub official_marker: f64,
    /// Added when a marker appears with a body or outlet.
    pub marker_bonus: f64,
    /// Upper bound.
    pub max: f64,
    /// Multiplier for phrases matched only without diacritics.
    pub folded_factor: f64,
    /// A link of unknown class whose domain borrows a name.
    pub domain_unknown: f64,
    /// A suspicious link whose domain borrows a name.
    pub domain_suspicious: f64,
}

/// A phrase that claims a body or outlet in a display name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameClaim {
    /// The phrase.
    pub phrase: String,
    /// What it claims.
    pub kind: ImpersonationKind,
    /// Also match without diacritics (default true).
    #[serde(default = "yes")]
    pub folded: bool,
    /// Syllables capitalised here must be capitalised in the name.
    #[serde(default)]
    pub capitalised: bool,
    /// The next word must be capitalised.
    #[serde(default)]
    pub next_capitalised: bool,
    /// Not when the next word is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes_next: Vec<String>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// A token in a link's domain that borrows an official or press name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainToken {
    /// The token (lower-case ASCII).
    pub token: String,
    /// What it claims.
    pub kind: ImpersonationKind,
    /// Also match inside a longer part.
    #[serde(default)]
    pub substring: bool,
}

// ---------------------------------------------------------------------------------------------
// Compiled detector
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct CompiledClaim {
    /// For each syllable of the phrase: must it be capitalised?
    caps: Vec<bool>,
    excludes_next: HashSet<String>,
}

/// The compiled impersonation detector. Immutable, `Send + Sync`; build once.
#[derive(Debug, Clone)]
pub struct ImpersonationDetector {
    data: ImpersonationData,
    phrases: PhraseSet,
    claims: Vec<CompiledClaim>,
}

impl ImpersonationDetector {
    /// Compiles the detector from the text of `impersonation.toml`.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<ImpersonationDetector, DetectorDataError> {
        Self::compile(super::patterns::parse_data(FILE, text)?, text)
    }

    /// Compiles the detector from the same data written as JSON.
    pub fn from_json(text: &str) -> Result<ImpersonationDetector, DetectorDataError> {
        Self::compile(parse_json_data(FILE, text)?, text)
    }

    fn compile(
        mut data: ImpersonationData,
        text: &str,
    ) -> Result<ImpersonationDetector, DetectorDataError> {
        data.detector.check(FILE, text, "impersonation")?;
        let c = &data.confidence;
        check_confidences(
            FILE,
            text,
            &[
                ("confidence.state_body", c.state_body),
                ("confidence.press_outlet", c.press_outlet),
                ("confidence.official_marker", c.official_marker),
                ("confidence.marker_bonus", c.marker_bonus),
                ("confidence.max", c.max),
                ("confidence.folded_factor", c.folded_factor),
                ("confidence.domain_unknown", c.domain_unknown),
                ("confidence.domain_suspicious", c.domain_suspicious),
            ],
        )?;
        if data.names.is_empty() {
            return Err(data_error(
                FILE,
                text,
                "names",
                DetectorDataErrorKind::Empty,
            ));
        }
        let entries: Vec<PhraseEntry> = data
            .names
            .iter()
            .map(|n| {
                PhraseEntry::Full(PhraseSpec {
                    phrase: n.phrase.clone(),
                    folded: n.folded,
                    weight: 1.0,
                    note: None,
                })
            })
            .collect();
        let phrases = PhraseSet::build(FILE, text, "names", &entries)?;
        let claims = data
            .names
            .iter()
            .map(|n| CompiledClaim {
                caps: n
                    .phrase
                    .split_whitespace()
                    .map(|w| n.capitalised && w.chars().next().is_some_and(char::is_uppercase))
                    .collect(),
                excludes_next: n.excludes_next.iter().map(|w| fold(w.trim())).collect(),
            })
            .collect();
        for (i, d) in data.domains.iter_mut().enumerate() {
            d.token = d.token.trim().to_ascii_lowercase();
            if d.token.is_empty() || !d.token.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(data_error(
                    FILE,
                    text,
                    format!("domains[{i}].token"),
                    DetectorDataErrorKind::Invalid(
                        "a domain token is ASCII letters and digits".into(),
                    ),
                ));
            }
        }
        Ok(ImpersonationDetector {
            data,
            phrases,
            claims,
        })
    }

    /// The data the detector was compiled from.
    pub fn data(&self) -> &ImpersonationData {
        &self.data
    }

    /// Checks an author's display name. Verified accounts never match. Ranges are byte
    /// ranges into `name`.
    ///
    /// ```
    /// use ungxu::detect::patterns::{SignalKind, IMPERSONATION_TOML};
    /// use ungxu::detect::impersonation::ImpersonationDetector;
    /// let d = ImpersonationDetector::from_toml(IMPERSONATION_TOML).unwrap();
    /// let name = "Tin tức Bộ Công an";
    /// let found = d.check_author(name, false);
    /// assert_eq!(found[0].kind, SignalKind::ImpersonatesStateBody);
    /// assert_eq!(&name[found[0].range.clone()], "Bộ");
    /// assert!(d.check_author(name, true).is_empty());
    /// assert!(d.check_author("Bộ sưu tập của Lan", false).is_empty());
    /// ```
    pub fn check_author(&self, name: &str, verified: bool) -> Vec<SignalMatch> {
        if verified {
            return Vec::new();
        }
        let ft = FoldedText::new(name);
        let toks = tokens(&ft);
        let c = &self.data.confidence;
        let mut claims: Vec<(ImpersonationKind, std::ops::Range<usize>, bool)> = Vec::new();
        for h in self.phrases.find_disjoint(&ft) {
            let (Some(spec), Some(compiled)) =
                (self.data.names.get(h.index), self.claims.get(h.index))
            else {
                continue;
            };
            let first = toks.partition_point(|t| t.folded.end <= h.folded.start);
            let last = toks.partition_point(|t| t.folded.end < h.folded.end);
            if !caps_ok(&ft, toks.get(first..=last).unwrap_or(&[]), &compiled.caps) {
                continue;
            }
            let next = toks.get(last + 1);
            if spec.next_capitalised && !next.is_some_and(|t| t.is_capitalised(&ft)) {
                continue;
            }
            if next.is_some_and(|t| compiled.excludes_next.contains(t.text(&ft))) {
                continue;
            }
            claims.push((spec.kind, h.range, h.exact));
        }
        let has_marker = claims
            .iter()
            .any(|(k, _, _)| *k == ImpersonationKind::OfficialMarker);
        let has_body = claims
            .iter()
            .any(|(k, _, _)| *k != ImpersonationKind::OfficialMarker);
        claims
            .into_iter()
            .filter(|(k, _, _)| *k != ImpersonationKind::OfficialMarker || !has_body)
            .map(|(kind, range, exact)| {
                let base = match kind {
                    ImpersonationKind::StateBody => c.state_body,
                    ImpersonationKind::PressOutlet => c.press_outlet,
                    ImpersonationKind::OfficialMarker => c.official_marker,
                };
                let bonus = if has_marker && kind != ImpersonationKind::OfficialMarker {
                    c.marker_bonus
                } else {
                    0.0
                };
                let mut conf = (base + bonus).min(c.max);
                if !exact {
                    conf *= c.folded_factor;
                }
                let masked = name.get(range.clone()).unwrap_or("").to_string();
                SignalMatch::new(kind.signal_kind(), range, conf, masked)
                    .with_detail("unverified account name")
                    .folded(!exact)
            })
            .collect()
    }

    /// The claim a host makes, if it borrows an official or press name: the kind and the
    /// token. Hosts are lower case; the last label (the TLD) is ignored.
    ///
    /// ```
    /// use ungxu::detect::patterns::IMPERSONATION_TOML;
    /// use ungxu::detect::impersonation::{ImpersonationDetector, ImpersonationKind};
    /// let d = ImpersonationDetector::from_toml(IMPERSONATION_TOML).unwrap();
    /// assert_eq!(d.check_domain("chinhphu-vn.com").map(|x| x.0), Some(ImpersonationKind::StateBody));
    /// assert_eq!(d.check_domain("vnexpress-news.net").map(|x| x.0), Some(ImpersonationKind::PressOutlet));
    /// assert_eq!(d.check_domain("whitehouse.gov"), None);
    /// assert_eq!(d.check_domain("example.com"), None);
    /// ```
    pub fn check_domain(&self, host: &str) -> Option<(ImpersonationKind, String)> {
        let host = host.to_ascii_lowercase();
        let labels: Vec<&str> = host.split('.').collect();
        let (_, rest) = labels.split_last()?;
        for d in &self.data.domains {
            let hit = rest.iter().flat_map(|l| l.split('-')).any(|part| {
                part == d.token
                    || (d.substring && part.contains(d.token.as_str()))
                    || part.strip_prefix(d.token.as_str()).is_some_and(|tail| {
                        !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit())
                    })
            });
            if hit {
                return Some((d.kind, d.token.clone()));
            }
        }
        None
    }

    /// Checks the links of a post: those not on the official or press lists whose domain
    /// borrows an official or press name. Ranges point into the post.
    pub fn check_links(&self, links: &[Link]) -> Vec<SignalMatch> {
        let c = &self.data.confidence;
        links
            .iter()
            .filter(|l| matches!(l.class, LinkClass::Unknown | LinkClass::Suspicious))
            .filter_map(|l| {
                let (kind, token) = self.check_domain(&l.host)?;
                let conf = if l.class == LinkClass::Suspicious {
                    c.domain_suspicious
                } else {
                    c.domain_unknown
                };
                Some(
                    SignalMatch::new(kind.signal_kind(), l.range.clone(), conf, l.host.clone())
                        .with_detail(format!("domain borrows `{token}`")),
                )
            })
            .collect()
    }
}

/// Every syllable that must be capitalised is.
fn caps_ok(ft: &FoldedText<'_>, toks: &[Token], caps: &[bool]) -> bool {
    caps.iter()
        .enumerate()
        .all(|(i, &must)| !must || toks.get(i).is_some_and(|t| t.is_capitalised(ft)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::patterns::IMPERSONATION_TOML;

    fn d() -> ImpersonationDetector {
        ImpersonationDetector::from_toml(IMPERSONATION_TOML).unwrap()
    }

    #[test]
    fn press_names() {
        let m = d().check_author("Báo Tuổi Trẻ Online", false);
        assert!(m.iter().all(|m| m.kind == SignalKind::ImpersonatesPress));
        assert!(d()
            .check_author("hội thanh niên tình nguyện", false)
            .is_empty());
        assert!(d().check_author("Hàng Đài Loan xách tay", false).is_empty());
    }

    #[test]
    fn marker_alone_and_with_body() {
        let m = d().check_author("Fanpage chính thức", false);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, SignalKind::OfficialClaim);
        let m = d().check_author("UBND xã Ninh Hải - Official", false);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, SignalKind::ImpersonatesStateBody);
        assert!(m[0].confidence > 0.7);
    }

    #[test]
    fn folded_names_still_match() {
        let m = d().check_author("Uy ban nhan dan phuong 5", false);
        assert_eq!(m.len(), 1);
        assert!(m[0].via_folding);
    }
}
