//! Blocking: the candidate pairs of mentions that resolution compares (never all pairs).
//!
//! Each mention has a few dozen blocking keys (name spellings, phonetic codes and skeletons,
//! alone or with the given name). Keys are kept as 64-bit hashes (a collision only adds a
//! candidate pair) in one array sorted by hash, so a block is a run of that array; each
//! mention gathers its partners from its own blocks, so no pair is held twice.

use defectors_model::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::compare::Features;
use crate::params;

/// Two mention indexes, the smaller first.
pub(crate) type Pair = (usize, usize);

/// A blocking key shared by more mentions than `params::MAX_BLOCK`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LargeBlock {
    /// The key (`s:sokolov|ivan`).
    pub key: String,
    /// How many mentions share it.
    pub size: usize,
}

/// Every (key hash, mention) entry, sorted: the members of a block are one run, in mention
/// order.
struct Blocks {
    entries: Vec<(u64, u32)>,
}

impl Blocks {
    fn new(keys: &[Vec<u64>]) -> Self {
        let mut entries: Vec<(u64, u32)> = keys
            .iter()
            .enumerate()
            .flat_map(|(i, ks)| ks.iter().map(move |&k| (k, i as u32)))
            .collect();
        entries.par_sort_unstable();
        Self { entries }
    }

    /// For each member of each block of at most `MAX_BLOCK` mentions, the span of `entries`
    /// that holds the block's later members: (mention, start, end), sorted by mention.
    fn partner_spans(&self) -> Vec<(u32, u32, u32)> {
        let mut spans: Vec<(u32, u32, u32)> = Vec::new();
        let mut start = 0;
        for run in self.entries.chunk_by(|a, b| a.0 == b.0) {
            let end = start + run.len();
            if run.len() <= block_cap(run[0].0) {
                for (j, e) in run.iter().enumerate().take(run.len() - 1) {
                    spans.push((e.1, (start + j + 1) as u32, end as u32));
                }
            }
            start = end;
        }
        spans.par_sort_unstable();
        spans
    }

    /// The blocks larger than their cap (see [`block_cap`]): their key hash and members.
    fn large(&self) -> Vec<(u64, Vec<usize>)> {
        self.entries
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > block_cap(run[0].0))
            .map(|run| (run[0].0, run.iter().map(|e| e.1 as usize).collect()))
            .collect()
    }
}

/// Pairs of mentions that share a blocking key (see [`each_blocking_key`]). A block of at
/// most its cap (`MAX_BLOCK`; `MAX_SURNAME_BLOCK` for a surname alone) pairs all its members;
/// a larger one is compared by sorted neighbourhood (each member with the next
/// `BLOCK_WINDOW - 1` in [`neighbourhood_order`]), so its cost is linear; the large blocks of
/// keys with a given name are returned to be reported. Pairs are sorted.
pub(crate) fn candidate_pairs(features: &[Features]) -> (Vec<Pair>, Vec<LargeBlock>) {
    let keys: Vec<Vec<u64>> = features.par_iter().map(blocking_hashes).collect();
    let blocks = Blocks::new(&keys);
    drop(keys);
    let (windowed, large) = large_block_pairs(features, &blocks);
    let spans = blocks.partner_spans();
    let by_mention: Vec<&[(u32, u32, u32)]> = spans.chunk_by(|x, y| x.0 == y.0).collect();
    let mut pairs: Vec<Pair> = by_mention
        .into_par_iter()
        .flat_map_iter(|spans| {
            let a = spans[0].0 as usize;
            let mut partners: Vec<usize> = spans
                .iter()
                .flat_map(|&(_, from, to)| &blocks.entries[from as usize..to as usize])
                .map(|e| e.1 as usize)
                .collect();
            partners.sort_unstable();
            partners.dedup();
            partners.into_iter().map(move |b| (a, b))
        })
        .collect();
    if !windowed.is_empty() {
        pairs.extend(windowed);
        pairs.par_sort_unstable();
        pairs.dedup();
    }
    (pairs, large)
}

/// The pairs of the blocks larger than `MAX_BLOCK` (each member with its next
/// `BLOCK_WINDOW - 1` neighbours in [`neighbourhood_order`]), and those blocks, by key.
fn large_block_pairs(features: &[Features], blocks: &Blocks) -> (Vec<Pair>, Vec<LargeBlock>) {
    let mut pairs = Vec::new();
    let mut large = Vec::new();
    for (hash, mut members) in blocks.large() {
        if !is_surname_only(hash) {
            large.push(LargeBlock {
                key: blocking_key_text(&features[members[0]], hash).unwrap_or_default(),
                size: members.len(),
            });
        }
        members.sort_by(|&a, &b| neighbourhood_order(&features[a], &features[b]));
        for (i, &a) in members.iter().enumerate() {
            for &b in members.iter().skip(i + 1).take(params::BLOCK_WINDOW - 1) {
                pairs.push((a.min(b), a.max(b)));
            }
        }
    }
    large.sort_by(|a, b| a.key.cmp(&b.key));
    (pairs, large)
}

/// The 64-bit hash of a blocking key; its lowest bit says whether the key is a surname alone
/// (see [`is_surname_only`]).
fn key_hash(key: &str, surname_only: bool) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key) & !1 | u64::from(surname_only)
}

/// Whether the key of `hash` is a surname alone, without a given name.
fn is_surname_only(hash: u64) -> bool {
    hash & 1 == 1
}

/// The most members a block pairs in full: `MAX_SURNAME_BLOCK` for a surname alone, else
/// `MAX_BLOCK`.
fn block_cap(hash: u64) -> usize {
    if is_surname_only(hash) {
        params::MAX_SURNAME_BLOCK
    } else {
        params::MAX_BLOCK
    }
}

/// The hashes of a mention's blocking keys, sorted and without repeats.
fn blocking_hashes(f: &Features) -> Vec<u64> {
    let mut hashes = Vec::with_capacity(48);
    each_blocking_key(f, &mut |key, surname_only| {
        hashes.push(key_hash(key, surname_only));
    });
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// The text of the blocking key of `f` whose hash is `hash`.
fn blocking_key_text(f: &Features, hash: u64) -> Option<String> {
    let mut found = None;
    each_blocking_key(f, &mut |key, surname_only| {
        if found.is_none() && key_hash(key, surname_only) == hash {
            found = Some(key.to_owned());
        }
    });
    found
}

/// Calls `emit` with each blocking key of a mention (repeats possible), and whether it is a
/// surname alone: the family key
/// (`f:`) and each surname spelling key (`s:`), alone and with the given name; each
/// Daitch–Mokotoff code with the given name (`d:`, phonetic codes are coarse); and the
/// skeleton keys of [`skeleton_keys`]. Keys are built in one reused buffer.
fn each_blocking_key(f: &Features, emit: &mut dyn FnMut(&str, bool)) {
    let mut buffer = String::with_capacity(64);
    let mut key = |parts: &[&str]| {
        buffer.clear();
        parts.iter().for_each(|p| buffer.push_str(p));
        // A key of a surname alone has no `|` before a given name.
        emit(&buffer, !buffer.contains('|'));
    };
    let given = f.given_key.as_deref().unwrap_or_default();
    if let Some(family) = &f.family_key {
        key(&["f:", family]);
        key(&["f:", family, "|", given]);
    }
    for k in &f.surname_keys {
        key(&["s:", k]);
        key(&["s:", k, "|", given]);
    }
    for c in &f.dm_codes {
        key(&["d:", c, "|", given]);
    }
    skeleton_keys(f, &mut key);
}

/// Blocking keys from the phonetic skeletons: each surname skeleton; the first one whole and
/// with each letter deleted, with the given name's first sound (so a typing slip meets its
/// original: a dropped or added letter meets the whole, a changed or swapped one meets at the
/// deletion of that letter); and given name and surname in either order.
fn skeleton_keys(f: &Features, key: &mut dyn FnMut(&[&str])) {
    for k in &f.surname_skeletons {
        key(&["k:", k]);
    }
    let given = f.given_skeletons.first();
    let mut initial = [0u8; 4];
    let initial: &str = given
        .and_then(|g| g.chars().next())
        .or(f.given_initial.map(|c| c.to_ascii_uppercase()))
        .map_or("", |c| c.encode_utf8(&mut initial));
    // On the skeleton and on the spelling: the skeleton folds letter groups, so a slip in
    // one (`Babain` / `Baain` → `BABAIN` / `BAIN`) can be two apart in the other.
    if let Some(surname) = f.surname_skeletons.first() {
        deletion_keys("x:", surname, initial, key);
    }
    if let Some(spelling) = &f.surname_folded {
        deletion_keys("y:", spelling, initial, key);
    }
    if let (Some(g), Some(s)) = (given, f.surname_skeletons.first()) {
        let (lo, hi) = if g <= s { (g, s) } else { (s, g) };
        key(&["o:", lo, "|", hi]);
    }
}

/// `surname` whole and with each letter deleted, each with the given name's initial, under
/// `prefix`; none for a surname shorter than `SLIP_MIN_LEN` letters.
fn deletion_keys(prefix: &str, surname: &str, initial: &str, key: &mut dyn FnMut(&[&str])) {
    if surname.chars().count() < params::SLIP_MIN_LEN {
        return;
    }
    // The whole too: a letter dropped on one side is the other whole.
    key(&[prefix, surname, "|", initial]);
    for (start, c) in surname.char_indices() {
        let end = start + c.len_utf8();
        key(&[prefix, &surname[..start], &surname[end..], "|", initial]);
    }
}

/// The order of a large block's sorted neighbourhood: mentions that could be one person sit
/// together (given name, surname, year, birth year, agency, profession, destination), then
/// source, line and input index, so that identical mentions are neighbours and the order is
/// total and deterministic.
fn neighbourhood_order(a: &Features, b: &Features) -> std::cmp::Ordering {
    let key = |f: &Features| {
        (
            f.given_key.clone(),
            f.given_initial,
            f.family_key.clone(),
            f.surname_keys.clone(),
            f.year,
            f.birth_year,
            f.agency.clone(),
            f.profession,
            f.destination.clone(),
        )
    };
    key(a)
        .cmp(&key(b))
        .then_with(|| (&a.source_id, a.line, a.index).cmp(&(&b.source_id, b.line, b.index)))
}

/// The warning for a block compared by sorted neighbourhood.
pub(crate) fn large_block_warning(block: &LargeBlock) -> Diagnostic {
    let (kind, rest) = block.key.split_once(':').unwrap_or(("", &block.key));
    let kind = match kind {
        "f" => "family name key",
        "s" => "surname key",
        "d" => "phonetic surname code",
        _ => "key",
    };
    let what = match rest.split_once('|') {
        Some((name, "")) => format!("{kind} `{name}` without a given name"),
        Some((name, given)) => format!("{kind} `{name}` with given name `{given}`"),
        None => format!("{kind} `{rest}`"),
    };
    Diagnostic {
        source_id: None,
        line: None,
        severity: Severity::Warning,
        code: "resolve.large_block".to_owned(),
        message: format!(
            "{what} is shared by {} mentions (more than {}): each was compared with its {} nearest in name-and-year order instead of with all; the others join a person only through links in between",
            block.size,
            params::MAX_BLOCK,
            params::BLOCK_WINDOW - 1
        ),
    }
}
