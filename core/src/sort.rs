//! Stable sorting through one instantiation of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparison, so each call site with
//! its own closure compiles its own copy of the sort (about 4 KB of WebAssembly each, and the
//! engine had 22). [`sort_by`] and [`sort_by_key`] sort the positions `0..n` instead, with the
//! comparison behind a `dyn` reference, so every caller shares one copy; the elements are then
//! moved into that order (up to 24 positions are sorted on the stack, so short slices cost no
//! allocation). The result is exactly `slice::sort_by`'s: the positions are sorted
//! stably, so equal elements keep their order. Used where the slices are short (the matches
//! and findings of one post) or sorted once (the events of a log).

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`: the same order as `v.sort_by(cmp)`.
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mut small = [0usize; SMALL];
    let mut large = Vec::new();
    {
        let v: &[T] = v;
        let mut by = |a: usize, b: usize| match (v.get(a), v.get(b)) {
            (Some(a), Some(b)) => cmp(a, b),
            _ => Ordering::Equal,
        };
        match small.get_mut(..n) {
            Some(order) => sort_small(order, &mut by),
            None => large = sorted_positions(n, &mut by),
        }
    }
    let order = if large.is_empty() {
        small.get_mut(..n).unwrap_or_default()
    } else {
        &mut large[..]
    };
    // Often already in order (the matches of a post come mostly sorted).
    if order.iter().enumerate().any(|(i, &o)| i != o) {
        permute(v, order);
    }
}

/// Up to this many elements, the positions are sorted on the stack (insertion sort: no
/// allocation; the matches and findings of a post are usually this few).
const SMALL: usize = 24;

/// `order` (of length n <= [`SMALL`]) becomes `0..n` sorted stably by `cmp`.
fn sort_small(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    for i in 0..order.len() {
        if let Some(o) = order.get_mut(i) {
            *o = i;
        }
        let mut j = i;
        while j > 0 {
            match (order.get(j - 1), order.get(j)) {
                (Some(&a), Some(&b)) if cmp(a, b) == Ordering::Greater => order.swap(j - 1, j),
                _ => break,
            }
            j -= 1;
        }
    }
}

/// Sorts `v` stably by `key`: the same order as `v.sort_by_key(key)`.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// `0..n` sorted stably by `cmp` on positions. Not generic: the one copy of the sort.
fn sorted_positions(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Reorders `v` so that its `i`-th element is the one that was at `order[i]` (`order` is a
/// permutation of `0..v.len()`), following each cycle of the permutation with swaps; a
/// position is marked done by pointing it at itself.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..v.len() {
        let mut at = start;
        // Invariant: `v[at]` holds the element that was at `start`.
        while let Some(slot) = order.get_mut(at) {
            let from = std::mem::replace(slot, at);
            if from == start || from >= v.len() {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, ties included (the second
        /// field tells equal keys apart).
        #[test]
        fn sorts_as_the_standard_library_does(keys in proptest::collection::vec(0u8..6, 0..64)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|e| e.0);
            let mut by_key = items.clone();
            sort_by_key(&mut by_key, |e| e.0);
            prop_assert_eq!(&by_key, &expected);
            let mut reversed = items.clone();
            reversed.sort_by_key(|e| std::cmp::Reverse(e.0));
            let mut by = items;
            sort_by(&mut by, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(by, reversed);
        }
    }

    #[test]
    fn moves_owned_elements() {
        let mut v: Vec<String> = ["c", "a", "b", "a"].iter().map(|s| s.to_string()).collect();
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["a", "a", "b", "c"]);
        let mut empty: Vec<String> = Vec::new();
        sort_by_key(&mut empty, |s| s.len());
        assert!(empty.is_empty());
    }
}
