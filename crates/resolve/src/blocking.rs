//! Blocking: the candidate pairs of mentions that resolution compares (never all pairs).
//!
//! Each mention has a few dozen blocking keys (name spellings, phonetic codes and skeletons,
//! alone or with the given name). Keys are kept as 64-bit hashes (a collision only adds a
//! candidate pair) in one array sorted by hash, so a block is a run of that array; each
//! mention gathers its partners from its own blocks, so no pair is held twice.

use std::ops::Range;

use defectors_model::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::features::Features;
use crate::keys::{Key, KeyTable};
use crate::params;

/// Two mention indexes, the smaller first: 8 bytes, 30 million pairs at a million people.
pub(crate) type Pair = (u32, u32);

/// The pair of mentions `a` and `b` (the smaller first is the caller's to give).
pub(crate) fn pair(a: usize, b: usize) -> Pair {
    let index = |i: usize| u32::try_from(i).expect("fewer than 2^32 mentions");
    (index(a), index(b))
}

/// The mention indexes of `pair`.
pub(crate) fn mentions_of((a, b): Pair) -> (usize, usize) {
    (a as usize, b as usize)
}

/// A blocking key shared by more mentions than `params::MAX_BLOCK`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LargeBlock {
    /// The key (`s:sokolov|ivan`).
    pub key: String,
    /// How many mentions share it.
    pub size: usize,
}

/// Every (key hash, mention) [`Entry`], sorted: the members of a block are one run, in
/// mention order.
struct Blocks {
    entries: Vec<Entry>,
}

/// A blocking key's hash and a mention that has the key, ordered by hash, then mention.
/// Packed to 12 bytes: 52M entries at a million people.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
struct Entry {
    hash: u64,
    mention: u32,
}

const _: () = assert!(std::mem::size_of::<Entry>() == 12);

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (*self, *other);
        (a.hash, a.mention).cmp(&(b.hash, b.mention))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Blocks {
    /// The sorted entries of every blocking key of `features`. They are gathered a chunk of
    /// mentions at a time: a vector of hashes per mention held 840 MB at a million people,
    /// next to the entries built from it.
    fn new(features: &[Features], table: &KeyTable) -> Self {
        let chunks: Vec<Vec<Entry>> = features
            .par_chunks(PAIR_CHUNK)
            .enumerate()
            .map(|(chunk, members)| {
                let (mut entries, mut hashes) = (Vec::new(), Vec::with_capacity(48));
                for (i, f) in (chunk * PAIR_CHUNK..).zip(members) {
                    blocking_hashes(f, table, &mut hashes);
                    let i = u32::try_from(i).expect("fewer than 2^32 mentions");
                    entries.extend(hashes.iter().map(|&hash| Entry { hash, mention: i }));
                }
                entries.shrink_to_fit();
                entries
            })
            .collect();
        let mut entries = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
        for chunk in chunks {
            entries.extend_from_slice(&chunk);
        }
        entries.par_sort_unstable();
        Self { entries }
    }

    /// The mention of every entry, in entry order: all that pairing reads once the blocks
    /// are known, a third of the entries' size.
    fn into_members(self) -> Vec<u32> {
        self.entries.par_iter().map(|e| e.mention).collect()
    }

    /// Calls `each` with (mention, (start, end)) for each member of each block of at most
    /// its cap (see [`block_cap`]) but the last, among the blocks of `entries[segment]` (whole
    /// blocks): `entries[start..end]` are the block's later members. In entry order.
    fn each_partner_span(&self, segment: Range<usize>, each: &mut dyn FnMut(usize, (u32, u32))) {
        let mut start = segment.start;
        for run in self.entries[segment].chunk_by(|a, b| a.hash == b.hash) {
            let end = start + run.len();
            if run.len() <= block_cap(run[0].hash) {
                for (j, e) in run.iter().enumerate().take(run.len() - 1) {
                    each(e.mention as usize, ((start + j + 1) as u32, end as u32));
                }
            }
            start = end;
        }
    }

    /// The partner spans of [`Blocks::each_partner_span`] grouped by mention, a few
    /// segments of whole blocks in parallel.
    fn partner_spans(&self, mentions: usize) -> ByMention<(u32, u32)> {
        let n = self.entries.len();
        let mut bounds: Vec<usize> = (0..=GROUP_PARTS)
            .map(|part| {
                // The first entry of a block at or after the part's share.
                let mut at = n * part / GROUP_PARTS;
                while at > 0 && at < n && self.entries[at - 1].hash == self.entries[at].hash {
                    at += 1;
                }
                at
            })
            .collect();
        bounds.dedup();
        let segments: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
        ByMention::group(mentions, &segments, |segment, each| {
            self.each_partner_span(segment.clone(), each)
        })
    }

    /// The blocks larger than their cap (see [`block_cap`]): their key hash and members.
    fn large(&self) -> Vec<(u64, Vec<u32>)> {
        self.entries
            .chunk_by(|a, b| a.hash == b.hash)
            .filter(|run| run.len() > block_cap(run[0].hash))
            .map(|run| (run[0].hash, run.iter().map(|e| e.mention).collect()))
            .collect()
    }
}

/// Pairs of mentions that share a blocking key (see [`each_blocking_key`]). A block of at
/// most its cap (see [`KeyKind::cap`]) pairs all its members; a larger one is compared by
/// sorted neighbourhood (each member with its next neighbours, see [`KeyKind::window`]), so
/// the pairs of a mention are bounded by its number of keys whatever the size of the corpus;
/// the large blocks of keys with a given name are returned to be reported. Pairs are sorted,
/// in chunks of [`PAIR_CHUNK`] first mentions: one vector of 30 million pairs at a million
/// people was a fresh 500 MB allocation next to the chunks it was gathered from, where the
/// chunks' memory can be reused as they are dropped.
pub(crate) fn candidate_pairs(
    features: &[Features],
    table: &KeyTable,
) -> (Vec<Vec<Pair>>, Vec<LargeBlock>) {
    let blocks = Blocks::new(features, table);
    let (large_blocks, spans) = (blocks.large(), blocks.partner_spans(features.len()));
    // The entries are dropped before the large blocks are windowed: at a million people they
    // were held with everything built from them, and that was the build's peak memory.
    let members = blocks.into_members();
    let (windowed, large) = large_block_pairs(features, table, large_blocks);
    let chunks = pairs_by_chunk(features.len(), |a, partners| {
        partners.extend(
            spans
                .of(a)
                .flat_map(|(from, to)| &members[from as usize..to as usize])
                .map(|&b| b as usize),
        );
        partners.extend(windowed.of(a).map(|b| b as usize));
    });
    drop((spans, members, windowed));
    (chunks, large)
}

/// Mentions per task when the pairs are gathered.
const PAIR_CHUNK: usize = 4096;

/// The pairs (a, b) of every mention `a` with each partner `b` that `partners` adds (repeats
/// removed), sorted, as one vector per [`PAIR_CHUNK`] mentions. Each vector is sized to fit,
/// so that the pairs are never held with a doubling vector's spare room (about 30 million
/// pairs at a million people).
fn pairs_by_chunk(
    mentions: usize,
    partners: impl Fn(usize, &mut Vec<usize>) + Sync,
) -> Vec<Vec<Pair>> {
    (0..mentions.div_ceil(PAIR_CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let (mut pairs, mut found) = (Vec::new(), Vec::new());
            for a in chunk * PAIR_CHUNK..((chunk + 1) * PAIR_CHUNK).min(mentions) {
                found.clear();
                partners(a, &mut found);
                found.sort_unstable();
                found.dedup();
                pairs.extend(found.iter().map(|&b| pair(a, b)));
            }
            pairs.shrink_to_fit();
            pairs
        })
        .collect()
}

/// Parts the grouping by mention of [`ByMention`] is split into, grouped in parallel.
const GROUP_PARTS: usize = 4;

/// Items grouped by mention: one counting sort (two passes) per part of the input, the
/// parts in parallel. A mention's items are those of each part in turn: 4 or 8 bytes an
/// item, where a list of (mention, item) pairs would take twice that and a sort.
struct ByMention<T> {
    /// Per part: where each mention's items start in its items (one more than the mentions).
    parts: Vec<(Vec<usize>, Vec<T>)>,
}

impl<T: Copy + Default + Send> ByMention<T> {
    /// Groups the items that `emit(part, each)` gives `each` as (mention, item), for each of
    /// `parts`, by mention: `emit` is called twice per part.
    fn group<P: Sync>(
        mentions: usize,
        parts: &[P],
        emit: impl Fn(&P, &mut dyn FnMut(usize, T)) + Sync,
    ) -> Self {
        let parts = parts
            .par_iter()
            .map(|part| {
                let mut offsets = vec![0usize; mentions + 1];
                emit(part, &mut |m, _| offsets[m + 1] += 1);
                for m in 0..mentions {
                    offsets[m + 1] += offsets[m];
                }
                let mut items = vec![T::default(); offsets[mentions]];
                let mut next = offsets.clone();
                emit(part, &mut |m, item| {
                    items[next[m]] = item;
                    next[m] += 1;
                });
                (offsets, items)
            })
            .collect();
        Self { parts }
    }

    /// The items of mention `m`, part by part, each part's in the order given.
    fn of(&self, m: usize) -> impl Iterator<Item = T> + '_ {
        self.parts
            .iter()
            .flat_map(move |(offsets, items)| items[offsets[m]..offsets[m + 1]].iter().copied())
    }
}

/// The pairs of `large_blocks`, the blocks larger than their cap as (key hash, members) (each
/// member with its next `window - 1` neighbours in its kind's [`Neighbourhoods`] order),
/// grouped by their first mention, and the large blocks of keys with a given name, by key.
fn large_block_pairs(
    features: &[Features],
    table: &KeyTable,
    large_blocks: Vec<(u64, Vec<u32>)>,
) -> (Neighbours, Vec<LargeBlock>) {
    let mut large: Vec<LargeBlock> = large_blocks
        .iter()
        .filter(|(hash, _)| KeyKind::of_hash(*hash) == KeyKind::Named)
        .map(|(hash, members)| LargeBlock {
            key: blocking_key_text(&features[members[0] as usize], table, *hash)
                .unwrap_or_default(),
            size: members.len(),
        })
        .collect();
    large.sort_by(|a, b| a.key.cmp(&b.key));
    if large_blocks.is_empty() {
        return (group_neighbours(features.len(), &[]), large);
    }
    let order = Neighbourhoods::new(features, table);
    let windows: Vec<(usize, Vec<u32>)> = distinct_windows(large_blocks)
        .into_par_iter()
        .map(|(kind, mut members)| {
            members.sort_unstable_by_key(|&m| order.rank(kind, m as usize));
            (kind.window(), members)
        })
        .collect();
    drop(order);
    (group_neighbours(features.len(), &windows), large)
}

/// The large blocks (key hash, members in mention order) that give pairs no other one
/// gives: of the blocks with the same members, sorted in the same order, only the one of the
/// widest window is kept. At a million people the keys of one surname with a letter deleted
/// often hold the same mentions.
fn distinct_windows(mut blocks: Vec<(u64, Vec<u32>)>) -> Vec<(KeyKind, Vec<u32>)> {
    let order_and_window = |hash: u64| {
        let kind = KeyKind::of_hash(hash);
        (kind == KeyKind::Named, std::cmp::Reverse(kind.window()))
    };
    blocks.par_sort_unstable_by(|(a, x), (b, y)| {
        let (a, b) = (order_and_window(*a), order_and_window(*b));
        (a.0, x, a.1).cmp(&(b.0, y, b.1))
    });
    blocks.dedup_by(|later, kept| {
        order_and_window(later.0).0 == order_and_window(kept.0).0 && later.1 == kept.1
    });
    blocks
        .into_iter()
        .map(|(hash, members)| (KeyKind::of_hash(hash), members))
        .collect()
}

/// The pairs of the large blocks as each mention's later partners (each larger than the
/// mention, in block order, with repeats): 4 bytes a pair, where a list of pairs took 16 and a
/// doubling vector more (at a million people, tens of millions of pairs before their
/// repeats are removed).
type Neighbours = ByMention<u32>;

/// Groups the pairs of each (window, members in order) block, every member with its next
/// `window - 1` members, by their smaller mention; a few runs of blocks in parallel.
fn group_neighbours(mentions: usize, windows: &[(usize, Vec<u32>)]) -> Neighbours {
    let runs: Vec<&[(usize, Vec<u32>)]> = windows
        .chunks(windows.len().div_ceil(GROUP_PARTS).max(1))
        .collect();
    ByMention::group(mentions, &runs, |run, each| each_window_pair(run, each))
}

/// Calls `each(a, b)` for every pair of a member with one of its next `window - 1` members,
/// `a` the smaller mention.
fn each_window_pair(windows: &[(usize, Vec<u32>)], mut each: impl FnMut(usize, u32)) {
    for (window, members) in windows {
        for (i, &x) in members.iter().enumerate() {
            for &y in members.iter().skip(i + 1).take(window - 1) {
                each(x.min(y) as usize, x.max(y));
            }
        }
    }
}

/// Each mention's rank in the two sorted-neighbourhood orders, so that a large block sorts
/// its members by a number.
///
/// - **Name order**, for a block of a key with a given name: mentions that could be one person
///   sit together (given name, surname, year, birth year, agency, profession, destination),
///   then source, line and input index, so that identical mentions are neighbours and the
///   order is total and deterministic.
/// - **Year order**, for a block of a surname alone or a coarse key: year and birth year
///   first, then as the name order. The pairs such a block exists to find are the ones the
///   keys with a given name miss (another form of the given name, a slip in the surname), so
///   their strongest remaining agreement is the year.
struct Neighbourhoods {
    /// Rank in name order.
    by_name: Vec<u32>,
    /// Rank in year order.
    by_year: Vec<u32>,
}

impl Neighbourhoods {
    /// Both orders, sorted on integer keys: each text field is replaced by its rank among the
    /// field's distinct values, which keeps the order of the texts.
    fn new(features: &[Features], table: &KeyTable) -> Self {
        // Each field's ranks are one thread's work: the fields are ranked side by side.
        let field = |key: fn(&Features) -> Option<Key>| {
            move || text_ranks(features.iter().map(|f| key(f).map(|k| table.text(k))))
        };
        let surnames = || {
            let joined: Vec<String> = features
                .iter()
                .map(|f| table.texts(&f.surname_keys).collect::<Vec<_>>().join("\0"))
                .collect();
            text_ranks(joined.iter().map(|k| Some(k.as_str())))
        };
        let ((given, family), (surnames, (agency, (destination, source)))) = rayon::join(
            || rayon::join(field(|f| f.given_key), field(|f| f.family_key)),
            || {
                rayon::join(surnames, || {
                    rayon::join(field(|f| f.agency), || {
                        rayon::join(field(|f| f.destination), field(|f| Some(f.source)))
                    })
                })
            },
        );
        let name_key = |i: usize| {
            let f = &features[i];
            (
                (given[i], f.given_initial, family[i], surnames[i]),
                (
                    f.year,
                    f.birth_year,
                    agency[i],
                    f.profession,
                    destination[i],
                ),
                (source[i], f.line, f.index),
            )
        };
        let by_name = ranks(features.len(), name_key);
        let by_year = ranks(features.len(), |i| {
            ((features[i].year, features[i].birth_year), name_key(i))
        });
        Self { by_name, by_year }
    }

    /// The rank of mention `m` in the order of blocks of `kind`: name order for keys with a
    /// given name, year order for the others.
    fn rank(&self, kind: KeyKind, m: usize) -> u32 {
        match kind {
            KeyKind::Named => self.by_name[m],
            KeyKind::Surname | KeyKind::Coarse => self.by_year[m],
        }
    }
}

/// Each value's rank among the distinct values, `None` first (ranks keep the order of the
/// texts).
fn text_ranks<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Vec<u32> {
    let values: Vec<Option<&str>> = values.collect();
    let distinct: rustc_hash::FxHashSet<&str> = values.iter().flatten().copied().collect();
    let mut distinct: Vec<&str> = distinct.into_iter().collect();
    distinct.par_sort_unstable();
    let rank: rustc_hash::FxHashMap<&str, u32> = distinct
        .iter()
        .enumerate()
        .map(|(r, &v)| (v, r as u32 + 1))
        .collect();
    values.iter().map(|v| v.map_or(0, |v| rank[v])).collect()
}

/// The rank of each of `n` items in the order of their keys.
fn ranks<K: Ord + Send>(n: usize, key: impl Fn(usize) -> K + Sync) -> Vec<u32> {
    let mut keyed: Vec<(K, u32)> = (0..n).into_par_iter().map(|i| (key(i), i as u32)).collect();
    keyed.par_sort_unstable();
    let mut rank = vec![0u32; n];
    for (r, (_, i)) in keyed.iter().enumerate() {
        rank[*i as usize] = r as u32;
    }
    rank
}

/// How much a blocking key says, which sets the largest block it pairs in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    /// A surname spelling or family key with the given name (`s:sokolov|ivan`).
    Named = 0,
    /// A surname alone, without a given name (`s:sokolov`, `k:SKLF`).
    Surname = 1,
    /// A coarse key: a phonetic code, a skeleton with a letter deleted, or given name and
    /// surname in either order (`d:`, `x:`, `y:`, `o:`).
    Coarse = 2,
}

impl KeyKind {
    /// The kind of a key from its prefix and whether it has a given name.
    fn of(key: &str) -> Self {
        match key.split_once(':').map(|(prefix, _)| prefix) {
            Some("f" | "s") if key.contains('|') => Self::Named,
            Some("f" | "s" | "k") => Self::Surname,
            _ => Self::Coarse,
        }
    }

    /// The kind encoded in the low bits of a key hash (see [`key_hash`]).
    fn of_hash(hash: u64) -> Self {
        match hash & 3 {
            0 => Self::Named,
            1 => Self::Surname,
            _ => Self::Coarse,
        }
    }

    /// The most members a block of this kind pairs in full.
    fn cap(self) -> usize {
        match self {
            Self::Named => params::MAX_BLOCK,
            Self::Surname => params::MAX_SURNAME_BLOCK,
            Self::Coarse => params::MAX_COARSE_BLOCK,
        }
    }

    /// How many neighbours (itself included) each member of a block larger than the cap is
    /// paired with.
    fn window(self) -> usize {
        match self {
            Self::Named => params::BLOCK_WINDOW,
            Self::Surname => self.cap(),
            Self::Coarse => params::COARSE_WINDOW,
        }
    }
}

/// The 64-bit hash of a blocking key; its two lowest bits hold the key's [`KeyKind`].
fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key) & !3 | KeyKind::of(key) as u64
}

/// The most members the block of `hash` pairs in full (see [`KeyKind::cap`]).
fn block_cap(hash: u64) -> usize {
    KeyKind::of_hash(hash).cap()
}

/// Sets `hashes` to the hashes of a mention's blocking keys, sorted and without repeats.
fn blocking_hashes(f: &Features, table: &KeyTable, hashes: &mut Vec<u64>) {
    hashes.clear();
    each_blocking_key(f, table, &mut |key| {
        hashes.push(key_hash(key));
    });
    hashes.sort_unstable();
    hashes.dedup();
}

/// The text of the blocking key of `f` whose hash is `hash`.
fn blocking_key_text(f: &Features, table: &KeyTable, hash: u64) -> Option<String> {
    let mut found = None;
    each_blocking_key(f, table, &mut |key| {
        if found.is_none() && key_hash(key) == hash {
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
fn each_blocking_key(f: &Features, table: &KeyTable, emit: &mut dyn FnMut(&str)) {
    let mut buffer = String::with_capacity(64);
    let mut key = |parts: &[&str]| {
        buffer.clear();
        parts.iter().for_each(|p| buffer.push_str(p));
        emit(&buffer);
    };
    let given = f.given_key.map_or("", |k| table.text(k));
    if let Some(family) = f.family_key.map(|k| table.text(k)) {
        key(&["f:", family]);
        key(&["f:", family, "|", given]);
    }
    for k in table.texts(&f.surname_keys) {
        key(&["s:", k]);
        key(&["s:", k, "|", given]);
    }
    for c in table.texts(&f.dm_codes) {
        key(&["d:", c, "|", given]);
    }
    skeleton_keys(f, table, &mut key);
}

/// Blocking keys from the phonetic skeletons: each surname skeleton; the first one whole and
/// with each letter deleted, with the given name's first sound (so a typing slip meets its
/// original: a dropped or added letter meets the whole, a changed or swapped one meets at the
/// deletion of that letter); and given name and surname in either order.
fn skeleton_keys(f: &Features, table: &KeyTable, key: &mut dyn FnMut(&[&str])) {
    for k in table.texts(&f.surname_skeletons) {
        key(&["k:", k]);
    }
    let text = |k: Option<Key>| k.map(|k| table.text(k));
    let given = text(f.given_skeletons.first());
    let surname = text(f.surname_skeletons.first());
    let mut initial = [0u8; 4];
    let initial: &str = given
        .and_then(|g| g.chars().next())
        .or(f.given_initial.map(|c| c.to_ascii_uppercase()))
        .map_or("", |c| c.encode_utf8(&mut initial));
    // On the skeleton and on the spelling: the skeleton folds letter groups, so a slip in
    // one (`Babain` / `Baain` → `BABAIN` / `BAIN`) can be two apart in the other.
    if let Some(surname) = surname {
        deletion_keys("x:", surname, initial, key);
    }
    if let Some(spelling) = text(f.surname_folded) {
        deletion_keys("y:", spelling, initial, key);
    }
    if let (Some(g), Some(s)) = (given, surname) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_pairs_are_each_mentions_sorted_partners_without_repeats() {
        let mentions = PAIR_CHUNK + 3;
        let chunks = pairs_by_chunk(mentions, |a, partners| {
            partners.extend([a + 2, a + 1, a + 2].into_iter().filter(|&b| b < mentions));
        });
        assert_eq!(chunks.len(), 2);
        let pairs: Vec<Pair> = chunks.concat();
        let expected: Vec<Pair> = (0..mentions)
            .flat_map(|a| [(a, a + 1), (a, a + 2)])
            .filter(|&(_, b)| b < mentions)
            .map(|(a, b)| pair(a, b))
            .collect();
        assert_eq!(pairs, expected);
    }

    /// Of the large blocks with the same members in the same order, only the widest window
    /// is kept; other members, or the other order, make another block.
    #[test]
    fn large_blocks_with_the_same_members_are_windowed_once() {
        let (five, other) = (vec![1, 2, 3, 4, 5], vec![1, 2, 3, 4, 6]);
        let blocks = vec![
            (key_hash("x:ABC|A"), five.clone()),
            (key_hash("s:abc|a"), five.clone()),
            (key_hash("k:ABC"), five.clone()),
            (key_hash("x:ABD|A"), five.clone()),
            (key_hash("y:ABD|A"), other.clone()),
        ];
        let kept = distinct_windows(blocks);
        assert_eq!(
            kept,
            [
                (KeyKind::Surname, five.clone()),
                (KeyKind::Coarse, other),
                (KeyKind::Named, five),
            ]
        );
    }

    #[test]
    fn neighbours_pair_each_member_with_its_next_in_block_order_under_the_smaller_mention() {
        let windows = [(2, vec![5, 1, 3]), (3, vec![0, 4, 1])];
        let n = group_neighbours(6, &windows);
        let of: Vec<Vec<u32>> = (0..6).map(|a| n.of(a).collect()).collect();
        assert_eq!(of, [&[4, 1][..], &[5, 3, 4], &[], &[], &[], &[]]);
    }
}
