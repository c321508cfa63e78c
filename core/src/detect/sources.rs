//! Links and sources: every URL or bare domain in a post with its byte range and a class —
//! official state domain, licensed press, URL shortener, suspicious lookalike, or unknown —
//! and a low-confidence *sensational / unsourced claim* signal for human review.
//!
//! Domain lists, lookalike patterns and sensational phrases live in
//! `spec/detectors/sources.toml`. Domain lists match on label boundaries: `gov.vn` matches
//! `mic.gov.vn`, never `evilgov.vn`.

use super::linkscan::LinkPattern;
use crate::detect::patterns::invalid;
use serde::{Deserialize, Serialize};
use std::ops::Range;

use super::patterns::{
    check_confidences, data_error, disjoint, parse_json_data, DetectorDataError,
    DetectorDataErrorKind, DetectorMeta, FoldedText, PhraseEntry, PhraseHit, PhraseSet, SignalKind,
    SignalMatch,
};

const FILE: &str = "sources.toml";

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// The content of `spec/detectors/sources.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesData {
    /// File header.
    pub detector: DetectorMeta,
    /// Domain lists.
    pub links: LinkLists,
    /// Lookalike patterns.
    #[serde(default)]
    pub suspicious: Vec<SuspiciousPattern>,
    /// Confidence of each link class.
    pub confidence: LinkConfidence,
    /// Sensational phrases.
    pub sensational: SensationalData,
}

/// Domain lists (each entry matches the domain and its subdomains).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkLists {
    /// TLDs accepted for bare domains written without a scheme or `www.`.
    pub bare_tlds: Vec<String>,
    /// Official state domains.
    pub official: Vec<String>,
    /// Licensed press outlets.
    pub press: Vec<String>,
    /// URL shorteners.
    pub shorteners: Vec<String>,
}

/// How a lookalike pattern is compared with a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternMatch {
    /// Anywhere in the host.
    Contains,
    /// A suffix of the host on a label boundary.
    Suffix,
    /// One whole label of the host.
    Label,
}

/// A scam / fake-news lookalike pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspiciousPattern {
    /// The text compared with the host (lower case).
    pub pattern: String,
    /// How it is compared.
    #[serde(rename = "match")]
    pub how: PatternMatch,
    /// What it catches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Confidence per link class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkConfidence {
    /// Official.
    pub official: f64,
    /// Press.
    pub press: f64,
    /// Shortener.
    pub shortener: f64,
    /// Suspicious.
    pub suspicious: f64,
    /// Unknown.
    pub unknown: f64,
}

/// Sensational framing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensationalData {
    /// Phrases ("tin nóng", "chia sẻ gấp", …).
    pub phrases: Vec<PhraseEntry>,
    /// Confidence when the post links no official or press source (at most 0.4).
    pub unsourced_confidence: f64,
    /// Confidence when it does (at most 0.4).
    pub sourced_confidence: f64,
    /// Multiplier for phrases matched only without diacritics.
    pub folded_factor: f64,
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------

/// The class of a link's host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkClass {
    /// An official state domain.
    Official,
    /// A licensed press outlet.
    Press,
    /// A URL shortener.
    Shortener,
    /// Matches a lookalike / scam pattern.
    Suspicious,
    /// Anything else.
    Unknown,
}

impl LinkClass {
    /// The signal kind reported for a link of this class.
    pub fn signal_kind(self) -> SignalKind {
        match self {
            LinkClass::Official => SignalKind::OfficialLink,
            LinkClass::Press => SignalKind::PressLink,
            LinkClass::Shortener => SignalKind::ShortenerLink,
            LinkClass::Suspicious => SignalKind::SuspiciousLink,
            LinkClass::Unknown => SignalKind::UnknownLink,
        }
    }

    /// True for official and press sources.
    pub fn is_reliable(self) -> bool {
        matches!(self, LinkClass::Official | LinkClass::Press)
    }
}

/// A URL or bare domain in a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Byte range of the whole link in the post.
    pub range: Range<usize>,
    /// The host, lower case, without port, user or trailing dot.
    pub host: String,
    /// Its class.
    pub class: LinkClass,
    /// The list entry or pattern that decided the class (none for unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// The compiled sources detector. Immutable, `Send + Sync`; build once.
#[derive(Debug, Clone)]
pub struct SourcesDetector {
    data: SourcesData,
    url: LinkPattern,
    sensational: PhraseSet,
}

impl SourcesDetector {
    /// Compiles the detector from the text of `sources.toml`.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<SourcesDetector, DetectorDataError> {
        Self::compile(super::patterns::parse_data(FILE, text)?, text)
    }

    /// Compiles the detector from the same data written as JSON.
    pub fn from_json(text: &str) -> Result<SourcesDetector, DetectorDataError> {
        Self::compile(parse_json_data(FILE, text)?, text)
    }

    fn compile(mut data: SourcesData, text: &str) -> Result<SourcesDetector, DetectorDataError> {
        data.detector.check(FILE, text, "sources")?;
        let inv = |field: &str, msg: &str| invalid(FILE, text, field, msg);
        let c = &data.confidence;
        check_confidences(
            FILE,
            text,
            &[
                ("confidence.official", c.official),
                ("confidence.press", c.press),
                ("confidence.shortener", c.shortener),
                ("confidence.suspicious", c.suspicious),
                ("confidence.unknown", c.unknown),
                ("sensational.folded_factor", data.sensational.folded_factor),
            ],
        )?;
        for (field, v) in [
            (
                "sensational.unsourced_confidence",
                data.sensational.unsourced_confidence,
            ),
            (
                "sensational.sourced_confidence",
                data.sensational.sourced_confidence,
            ),
        ] {
            if !(0.0..=0.4).contains(&v) {
                return Err(inv(
                    field,
                    "a sensational signal is for review only: at most 0.4",
                ));
            }
        }
        let l = &mut data.links;
        for (field, list) in [
            ("links.official", &mut l.official),
            ("links.press", &mut l.press),
            ("links.shorteners", &mut l.shorteners),
            ("links.bare_tlds", &mut l.bare_tlds),
        ] {
            for (i, d) in list.iter_mut().enumerate() {
                let norm = d.trim().trim_matches('.').to_ascii_lowercase();
                let ok = !norm.is_empty()
                    && norm.split('.').all(|lab| {
                        !lab.is_empty()
                            && lab.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    });
                if !ok || (field == "links.bare_tlds" && norm.contains('.')) {
                    return Err(inv(
                        &format!("{field}[{i}]"),
                        "expected a domain of ASCII letters, digits and hyphens",
                    ));
                }
                *d = norm;
            }
        }
        if l.bare_tlds.is_empty() {
            return Err(data_error(
                FILE,
                text,
                "links.bare_tlds",
                DetectorDataErrorKind::Empty,
            ));
        }
        for (i, p) in data.suspicious.iter_mut().enumerate() {
            p.pattern = p.pattern.trim().to_ascii_lowercase();
            if p.pattern.is_empty() {
                return Err(data_error(
                    FILE,
                    text,
                    format!("suspicious[{i}].pattern"),
                    DetectorDataErrorKind::Empty,
                ));
            }
        }
        let url = LinkPattern::new(&data.links.bare_tlds);
        let sensational =
            PhraseSet::build(FILE, text, "sensational.phrases", &data.sensational.phrases)?;
        Ok(SourcesDetector {
            data,
            url,
            sensational,
        })
    }

    /// The data the detector was compiled from.
    pub fn data(&self) -> &SourcesData {
        &self.data
    }

    /// Classifies a host (lower case, no port). Returns the class and the deciding rule.
    ///
    /// ```
    /// use ungxu::detect::patterns::SOURCES_TOML;
    /// use ungxu::detect::sources::{LinkClass, SourcesDetector};
    /// let d = SourcesDetector::from_toml(SOURCES_TOML).unwrap();
    /// assert_eq!(d.classify_host("mic.gov.vn").0, LinkClass::Official);
    /// assert_eq!(d.classify_host("evilgov.vn").0, LinkClass::Unknown);
    /// assert_eq!(d.classify_host("dichvucong-gov.vn").0, LinkClass::Suspicious);
    /// ```
    pub fn classify_host(&self, host: &str) -> (LinkClass, Option<String>) {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let l = &self.data.links;
        for (class, list) in [
            (LinkClass::Official, &l.official),
            (LinkClass::Press, &l.press),
            (LinkClass::Shortener, &l.shorteners),
        ] {
            // The longest matching entry decides (most specific).
            if let Some(d) = list
                .iter()
                .filter(|d| label_suffix(&host, d))
                .max_by_key(|d| d.len())
            {
                return (class, Some(d.clone()));
            }
        }
        for p in &self.data.suspicious {
            let hit = match p.how {
                PatternMatch::Contains => host.contains(p.pattern.as_str()),
                PatternMatch::Suffix => label_suffix(&host, &p.pattern),
                PatternMatch::Label => host.split('.').any(|lab| lab == p.pattern),
            };
            if hit {
                return (LinkClass::Suspicious, Some(p.pattern.clone()));
            }
        }
        (LinkClass::Unknown, None)
    }

    /// Every link of a post, in order.
    ///
    /// ```
    /// use ungxu::detect::patterns::SOURCES_TOML;
    /// use ungxu::detect::sources::{LinkClass, SourcesDetector};
    /// let d = SourcesDetector::from_toml(SOURCES_TOML).unwrap();
    /// let text = "Xem https://vnexpress.net/abc-123.html và bit.ly/3xYz.";
    /// let links = d.links(text);
    /// assert_eq!(links.len(), 2);
    /// assert_eq!(links[0].class, LinkClass::Press);
    /// assert_eq!(&text[links[1].range.clone()], "bit.ly/3xYz");
    /// assert_eq!(links[1].class, LinkClass::Shortener);
    /// ```
    pub fn links(&self, text: &str) -> Vec<Link> {
        let mut out = Vec::new();
        // Every link the pattern accepts has a dot in its host.
        if !text.contains('.') {
            return out;
        }
        for m in self.url.find(text) {
            let Some(raw) = text.get(m.clone()) else {
                continue;
            };
            // A bare domain that is part of an e-mail address or glued to a word. (A scheme
            // is unambiguous: "AMEN.https://…" still holds a link.)
            let before = text.get(..m.start).unwrap_or("");
            if !raw.contains("://")
                && before
                    .chars()
                    .next_back()
                    .is_some_and(|c| c == '@' || c == '.' || c.is_alphanumeric())
            {
                continue;
            }
            let trimmed = trim_trailing(raw);
            if trimmed.is_empty() {
                continue;
            }
            let range = m.start..m.start + trimmed.len();
            let Some(host) = host_of(trimmed) else {
                continue;
            };
            // A bare "word.tld" followed by '@' is an e-mail's local part.
            if text.get(range.end..).is_some_and(|a| a.starts_with('@')) {
                continue;
            }
            let (class, rule) = self.classify_host(&host);
            out.push(Link {
                range,
                host,
                class,
                rule,
            });
        }
        out
    }

    /// Links as signal matches, plus the sensational-framing signal.
    pub fn detect(&self, text: &str) -> Vec<SignalMatch> {
        let links = self.links(text);
        self.detect_with_links(&FoldedText::new(text), &links)
    }

    /// [`detect`](Self::detect) on a folded text whose links are already known.
    pub fn detect_with_links(&self, ft: &FoldedText<'_>, links: &[Link]) -> Vec<SignalMatch> {
        self.detect_with_phrases(ft, links, None)
    }

    /// The sensational phrases, for a scan shared with other detectors.
    pub(crate) fn sensational(&self) -> &PhraseSet {
        &self.sensational
    }

    /// [`detect_with_links`](Self::detect_with_links) with the hits of
    /// [`sensational`](Self::sensational) already found (`None`: find them).
    pub(crate) fn detect_with_phrases(
        &self,
        ft: &FoldedText<'_>,
        links: &[Link],
        sensational: Option<Vec<PhraseHit>>,
    ) -> Vec<SignalMatch> {
        let c = &self.data.confidence;
        let mut out: Vec<SignalMatch> = links
            .iter()
            .map(|l| {
                let conf = match l.class {
                    LinkClass::Official => c.official,
                    LinkClass::Press => c.press,
                    LinkClass::Shortener => c.shortener,
                    LinkClass::Suspicious => c.suspicious,
                    LinkClass::Unknown => c.unknown,
                };
                let m =
                    SignalMatch::new(l.class.signal_kind(), l.range.clone(), conf, l.host.clone());
                match &l.rule {
                    Some(r) => m.with_detail(format!("matched `{r}`")),
                    None => m,
                }
            })
            .collect();
        let reliable: Vec<&Link> = links.iter().filter(|l| l.class.is_reliable()).collect();
        let s = &self.data.sensational;
        let sensational = match sensational {
            Some(hits) => disjoint(hits),
            None => self.sensational.find_disjoint(ft),
        };
        for h in sensational {
            let (kind, conf, detail, context) = match reliable.first() {
                None => (
                    SignalKind::SensationalUnsourced,
                    s.unsourced_confidence,
                    "unsourced".to_string(),
                    None,
                ),
                Some(l) => (
                    SignalKind::Sensational,
                    s.sourced_confidence,
                    format!("sourced: {}", l.host),
                    Some(l.range.clone()),
                ),
            };
            let conf = if h.exact {
                conf
            } else {
                conf * s.folded_factor
            };
            let masked = ft.original().get(h.range.clone()).unwrap_or("").to_string();
            out.push(
                SignalMatch::new(kind, h.range, conf * h.weight, masked)
                    .with_detail(detail)
                    .with_context(context)
                    .folded(!h.exact),
            );
        }
        crate::sort::sort_by_key(&mut out, |m| (m.range.start, m.range.end));
        out
    }
}

/// `host == suffix` or `host` ends with `.suffix`.
pub fn label_suffix(host: &str, suffix: &str) -> bool {
    host == suffix
        || host
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// Drops trailing punctuation that ends a sentence rather than the URL.
fn trim_trailing(s: &str) -> &str {
    let mut t = s;
    loop {
        let Some(c) = t.chars().next_back() else {
            return t;
        };
        let strip = matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '…' | '»' | '”' | '’'
        ) || (c == ')' && !t.contains('('))
            || (c == ']' && !t.contains('['))
            || (c == '}' && !t.contains('{'));
        if !strip {
            return t;
        }
        t = t.get(..t.len() - c.len_utf8()).unwrap_or("");
    }
}

/// The host of a URL or bare domain, lower case, without user, port or trailing dot.
pub fn host_of(url: &str) -> Option<String> {
    let rest = match url.find("://") {
        Some(i) => url.get(i + 3..)?,
        None => url,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let mut host = rest.get(..end)?;
    if let Some(at) = host.rfind('@') {
        host = host.get(at + 1..)?;
    }
    if let Some(colon) = host.rfind(':') {
        if host
            .get(colon + 1..)
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            host = host.get(..colon)?;
        }
    }
    let host = host.trim_end_matches('.').to_lowercase();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::patterns::SOURCES_TOML;

    fn d() -> SourcesDetector {
        SourcesDetector::from_toml(SOURCES_TOML).unwrap()
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://User@Sub.Gov.VN:8080/x?y").as_deref(),
            Some("sub.gov.vn")
        );
        assert_eq!(host_of("www.vtv.vn/abc").as_deref(), Some("www.vtv.vn"));
        assert_eq!(host_of("http://localhost"), None);
    }

    #[test]
    fn label_boundaries() {
        assert!(label_suffix("x.gov.vn", "gov.vn"));
        assert!(label_suffix("gov.vn", "gov.vn"));
        assert!(!label_suffix("evilgov.vn", "gov.vn"));
    }

    #[test]
    fn no_links_in_emails_or_decimals() {
        let d = d();
        assert!(d.links("mail a@gmail.com").is_empty());
        assert!(d.links("giá 1.5 triệu, phiên bản 2.0").is_empty());
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_the_link() {
        let text = "(nguồn: tuoitre.vn/abc).";
        let l = d().links(text);
        assert_eq!(&text[l[0].range.clone()], "tuoitre.vn/abc");
    }
}
