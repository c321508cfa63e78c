//! Names of the normalisation steps and a small set of them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One step of the normaliser. A [`StepSet`] records which steps changed a range of text, so
/// a report can say what was needed to make a term match ("the text was written with
/// Cyrillic look-alike letters and a zero-width space").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Canonical composition (Unicode NFC): decomposed input such as `e` + U+0301 became `é`.
    Nfc,
    /// The tone mark was moved to the canonical vowel (`hòa` became `hoà`).
    TonePlacement,
    /// Upper-case letters were lower-cased (`Đ` became `đ`).
    Lowercase,
    /// Zero-width, bidirectional-control, variation-selector, tag or control characters inside
    /// a word were removed.
    InvisibleRemoved,
    /// A look-alike letter (Cyrillic, Greek, full-width, mathematical, circled…) was replaced
    /// by the Latin letter it imitates.
    Confusable,
    /// A digit or symbol standing for a letter inside a word (`ng0`, `d1t`, `ch@`) was read as
    /// that letter.
    Leet,
    /// Separators inside a word (`đ.m`, `d-m`, `v_c_l`) were removed.
    Separator,
    /// Stretched letters (`nguuuu`) were collapsed.
    Stretch,
    /// Tones, vowel marks and the stroke of `đ` were removed (the folded view).
    Folded,
    /// More than [`MAX_MARKS_PER_LETTER`](super::MAX_MARKS_PER_LETTER) combining marks on one
    /// letter: the excess was dropped.
    MarksTrimmed,
}

impl Step {
    /// Every step, in the order the normaliser applies them.
    pub const ALL: [Step; 10] = [
        Step::InvisibleRemoved,
        Step::MarksTrimmed,
        Step::Confusable,
        Step::Lowercase,
        Step::Nfc,
        Step::Separator,
        Step::Leet,
        Step::Stretch,
        Step::TonePlacement,
        Step::Folded,
    ];

    /// The stable snake_case name used in reports, e.g. `"tone_placement"`.
    ///
    /// ```
    /// use ungxu::text::Step;
    /// assert_eq!(Step::TonePlacement.name(), "tone_placement");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Step::Nfc => "nfc",
            Step::TonePlacement => "tone_placement",
            Step::Lowercase => "lowercase",
            Step::InvisibleRemoved => "invisible_removed",
            Step::Confusable => "confusable",
            Step::Leet => "leet",
            Step::Separator => "separator",
            Step::Stretch => "stretch",
            Step::Folded => "folded",
            Step::MarksTrimmed => "marks_trimmed",
        }
    }

    /// The step with this [`name`](Step::name), if any.
    pub fn from_name(name: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.name() == name)
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of [`Step`]s (a 16-bit bitset). Serialises as a list of step names in the order of
/// [`Step::ALL`].
///
/// ```
/// use ungxu::text::{Step, StepSet};
/// let mut s = StepSet::EMPTY;
/// s.insert(Step::Leet);
/// s |= StepSet::from(Step::Nfc);
/// assert!(s.contains(Step::Leet));
/// assert_eq!(s.names().collect::<Vec<_>>(), ["nfc", "leet"]);
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"["nfc","leet"]"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StepSet(u16);

impl StepSet {
    /// No step.
    pub const EMPTY: StepSet = StepSet(0);

    /// Whether the set holds no step.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `step` is in the set.
    pub const fn contains(self, step: Step) -> bool {
        self.0 & step.bit() != 0
    }

    /// Adds `step`.
    pub fn insert(&mut self, step: Step) {
        self.0 |= step.bit();
    }

    /// The union of two sets.
    #[must_use]
    pub const fn union(self, other: StepSet) -> StepSet {
        StepSet(self.0 | other.0)
    }

    /// The steps in the set, in the order of [`Step::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Step> {
        Step::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// The names of the steps in the set, in the order of [`Step::ALL`].
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        self.iter().map(Step::name)
    }
}

impl From<Step> for StepSet {
    fn from(step: Step) -> StepSet {
        StepSet(step.bit())
    }
}

impl std::ops::BitOr for StepSet {
    type Output = StepSet;
    fn bitor(self, rhs: StepSet) -> StepSet {
        self.union(rhs)
    }
}

impl std::ops::BitOrAssign for StepSet {
    fn bitor_assign(&mut self, rhs: StepSet) {
        self.0 |= rhs.0;
    }
}

impl FromIterator<Step> for StepSet {
    fn from_iter<I: IntoIterator<Item = Step>>(iter: I) -> StepSet {
        let mut s = StepSet::EMPTY;
        for step in iter {
            s.insert(step);
        }
        s
    }
}

impl fmt::Display for StepSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl Serialize for StepSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.names())
    }
}

impl<'de> Deserialize<'de> for StepSet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<StepSet, D::Error> {
        let names = Vec::<String>::deserialize(deserializer)?;
        names
            .iter()
            .map(|n| {
                Step::from_name(n)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown step `{n}`")))
            })
            .collect()
    }
}
