//! Whole-syllable search for the lexicon: a trie of syllable ids over a folded view.
//!
//! Lexicon terms match only on whole syllables, and every normalised term is syllables joined
//! by single spaces. So instead of running an automaton byte by byte, the text is split into
//! syllables (maximal runs of letters and digits), each syllable is looked up once in the
//! terms' vocabulary, and walks advance over syllable ids. The matcher falls back to an
//! overlapping Aho–Corasick search when a pattern has another shape.
//!
//! The detectors' short phrase lists do not use it: measured, Aho–Corasick with its
//! prefilter skips through a post faster than a lookup per syllable when the list is small.

use std::collections::HashMap;

type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// No syllable id, node or pattern.
const NONE: u32 = u32::MAX;
/// Patterns of more syllables than this use the overlapping search (the syllable scan keeps
/// one walk per syllable of the longest pattern).
pub(crate) const MAX_PATTERN_SYLLABLES: usize = 16;

/// Patterns as sequences of syllable ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct SyllableTrie {
    /// Every syllable of every pattern, numbered: those of at most 8 bytes (nearly all) by
    /// their bytes packed into a `u64` (no byte of a syllable is zero, so packing is
    /// one-to-one), which hashes and compares in a few instructions.
    short: U64Table,
    /// Longer syllables.
    long: FastMap<Box<[u8]>, u32>,
    /// The node reached from the root by each syllable id (`NONE` if no pattern starts
    /// with it).
    first: Vec<u32>,
    /// Whether each syllable id comes second or later in some pattern: only then can it
    /// extend a walk (most syllables of a post that are in the vocabulary cannot, and the
    /// lookups in `next` they would cost are cache misses).
    extends: Vec<bool>,
    /// `(node << 32) | syllable` → the node after it (node ≥ 1: the root's are in `first`).
    next: U64Table,
    /// The pattern that ends at each node (`NONE` if none); node 0 is the root.
    pattern_at: Vec<u32>,
}

/// A read-only map from non-zero `u64` keys to `u32`: open addressing with linear probing,
/// a multiplicative hash and at most half the slots used. Every post looks up each of its
/// syllables here, so a lookup is one multiplication and, almost always, one cache line —
/// measured at about a third of the scan's time with a general-purpose hash map.
#[derive(Debug, Clone, Default)]
struct U64Table {
    /// Key per slot; 0 marks an empty slot.
    keys: Vec<u64>,
    values: Vec<u32>,
    /// 64 − log2(slots).
    shift: u32,
}

impl U64Table {
    /// The table of `entries`; keys must be non-zero (a zero key is never found).
    fn new(entries: &FastMap<u64, u32>) -> U64Table {
        let slots = (entries.len() * 2).next_power_of_two().max(8);
        let mut table = U64Table {
            keys: vec![0; slots],
            values: vec![NONE; slots],
            shift: 64 - slots.trailing_zeros(),
        };
        // Sorted, so the layout (and any probe sequence) does not depend on map order.
        let mut sorted: Vec<(u64, u32)> = entries.iter().map(|(&k, &v)| (k, v)).collect();
        sorted.sort_unstable();
        for (key, value) in sorted {
            if key == 0 {
                continue;
            }
            let mut slot = table.slot(key);
            while table.keys[slot] != 0 {
                slot = (slot + 1) & (slots - 1);
            }
            table.keys[slot] = key;
            table.values[slot] = value;
        }
        table
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        if key == 0 {
            return None;
        }
        let mask = self.keys.len().wrapping_sub(1);
        let mut slot = self.slot(key) & mask;
        loop {
            let k = *self.keys.get(slot)?;
            if k == key {
                return self.values.get(slot).copied();
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// The bytes of a syllable of at most 8 bytes, little-endian in a `u64`.
#[inline]
fn pack_syllable(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 8 {
        return None;
    }
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    Some(u64::from_le_bytes(buf))
}

/// Whether the folded view's char at `i` is a letter or digit, and its length in bytes.
#[inline]
fn alnum_at(folded: &str, i: usize) -> (bool, usize) {
    match folded.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
        Some(_) => folded
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        None => (false, 1),
    }
}

/// Whether `pattern` is whole syllables (letters and digits) joined by single spaces, at most
/// [`MAX_PATTERN_SYLLABLES`] of them: the shape the trie takes.
fn is_syllables(pattern: &str) -> bool {
    pattern.split(' ').count() <= MAX_PATTERN_SYLLABLES
        && pattern
            .split(' ')
            .all(|s| !s.is_empty() && s.chars().all(char::is_alphanumeric))
}

impl SyllableTrie {
    /// The trie of `patterns`, or `None` when one of them is not whole syllables joined by
    /// single spaces.
    pub(crate) fn new<P: AsRef<str>>(patterns: &[P]) -> Option<SyllableTrie> {
        let mut trie = SyllableTrie {
            pattern_at: vec![NONE],
            ..SyllableTrie::default()
        };
        let mut short: FastMap<u64, u32> = FastMap::default();
        let mut next: FastMap<u64, u32> = FastMap::default();
        for (pid, pattern) in patterns.iter().enumerate() {
            let pattern = pattern.as_ref();
            let mut node = 0u32;
            if !is_syllables(pattern) {
                return None;
            }
            for (k, syllable) in pattern.split(' ').enumerate() {
                let fresh = (short.len() + trie.long.len()) as u32;
                let id = match pack_syllable(syllable.as_bytes()) {
                    Some(key) => *short.entry(key).or_insert(fresh),
                    None => *trie.long.entry(syllable.as_bytes().into()).or_insert(fresh),
                };
                if id as usize >= trie.first.len() {
                    trie.first.resize(id as usize + 1, NONE);
                    trie.extends.resize(id as usize + 1, false);
                }
                if k > 0 {
                    trie.extends[id as usize] = true;
                }
                let fresh_node = trie.pattern_at.len() as u32;
                let child = if k == 0 {
                    let slot = &mut trie.first[id as usize];
                    if *slot == NONE {
                        *slot = fresh_node;
                    }
                    *slot
                } else {
                    *next
                        .entry((u64::from(node) << 32) | u64::from(id))
                        .or_insert(fresh_node)
                };
                if child == fresh_node {
                    trie.pattern_at.push(NONE);
                }
                node = child;
            }
            trie.pattern_at[node as usize] = pid as u32;
        }
        trie.short = U64Table::new(&short);
        trie.next = U64Table::new(&next);
        Some(trie)
    }

    /// Calls `hit(start, end, pattern)` for every pattern occurring on whole syllables of
    /// the folded view, by end then start. One pass: each syllable advances the walks that
    /// reached the syllable before it (when exactly one space separates them) and starts
    /// its own.
    pub(crate) fn for_each_match(&self, folded: &str, mut hit: impl FnMut(usize, usize, usize)) {
        // (start of the walk, node reached) of the walks still alive.
        let mut walks = [(0u32, 0u32); MAX_PATTERN_SYLLABLES];
        let mut alive = 0usize;
        let mut prev_end = usize::MAX;
        let hay = folded.as_bytes();
        let mut i = 0usize;
        while i < hay.len() {
            let (alnum, len) = alnum_at(folded, i);
            if !alnum {
                i += len;
                continue;
            }
            // The syllable's bytes, packed as they are read (as `pack_syllable` packs them).
            let start = i;
            let mut key = 0u64;
            while let Some(&b) = hay.get(i) {
                // ASCII, nearly every byte, packed inline: sharing the multi-byte loop below
                // costs the scan about 20% more instructions (measured).
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    // Bytes past the eighth are not packed (the syllable is looked up by its
                    // bytes then).
                    key |= u64::from(b)
                        .checked_shl(8 * (i - start) as u32)
                        .unwrap_or(0);
                    i += 1;
                    continue;
                }
                let (alnum, len) = alnum_at(folded, i);
                if !alnum {
                    break;
                }
                for &b in hay.get(i..i + len).unwrap_or(&[]) {
                    key |= u64::from(b)
                        .checked_shl(8 * (i - start) as u32)
                        .unwrap_or(0);
                    i += 1;
                }
            }
            let id = if i - start <= 8 {
                self.short.get(key)
            } else {
                self.long.get(&hay[start..i]).copied()
            };
            let continues = prev_end.checked_add(1) == Some(start) && hay[prev_end] == b' ';
            prev_end = i;
            let Some(id) = id else {
                alive = 0;
                continue;
            };
            let mut kept = 0usize;
            if continues && self.extends.get(id as usize) == Some(&true) {
                for w in 0..alive {
                    let (from, node) = walks[w];
                    if let Some(child) = self.next.get((u64::from(node) << 32) | u64::from(id)) {
                        walks[kept] = (from, child);
                        kept += 1;
                    }
                }
            }
            if let Some(&first) = self.first.get(id as usize) {
                if first != NONE && kept < walks.len() {
                    walks[kept] = (start as u32, first);
                    kept += 1;
                }
            }
            alive = kept;
            // Longest first, as the overlapping search reports them.
            for &(from, node) in &walks[..alive] {
                let pattern = self.pattern_at[node as usize];
                if pattern != NONE {
                    hit(from as usize, i, pattern as usize);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_u64_table_finds_exactly_its_keys() {
        let mut entries: FastMap<u64, u32> = FastMap::default();
        for k in 1..=500u64 {
            entries.insert(k * 0x1_0000_0001, k as u32);
        }
        let table = U64Table::new(&entries);
        for k in 1..=500u64 {
            assert_eq!(table.get(k * 0x1_0000_0001), Some(k as u32));
            assert_eq!(table.get(k * 0x1_0000_0001 + 1), None);
        }
        assert_eq!(table.get(0), None);
        assert_eq!(U64Table::default().get(7), None);
    }

    #[test]
    fn a_phrase_continues_only_after_exactly_one_space() {
        let patterns: Vec<String> = ["do ngu", "ngu", "do"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let trie = SyllableTrie::new(&patterns).unwrap();
        let mut hits = Vec::new();
        trie.for_each_match("do ngu, do  ngu", |a, b, p| hits.push((a, b, p)));
        hits.sort_unstable();
        assert_eq!(
            hits,
            [(0, 2, 2), (0, 6, 0), (3, 6, 1), (8, 10, 2), (12, 15, 1)]
        );
    }
}
