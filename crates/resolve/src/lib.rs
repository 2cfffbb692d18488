//! The `resolve` stage: groups mentions into people, and records the evidence for each merge
//! and near miss, and the values sources disagree on.
//!
//! Steps: features per mention → candidate pairs by blocking on several name keys (never all
//! pairs) → Fellegi–Sunter weights per pair (`params.rs`) → constrained clustering (a merge
//! must hold for every pair across the two clusters, so weak links do not chain) → overrides
//! (cannot-links during clustering, must-links last) → people with chosen values and
//! conflicts. Pure and deterministic: same input, same output.

mod blocking;
mod compare;
pub mod estimate;
mod events;
mod features;
mod keys;
pub mod params;
mod people;
pub mod routes;
mod values;

use std::collections::{HashMap, HashSet};

use defectors_clean::CleanedMention;
use defectors_model::{Diagnostic, Mention, Severity};
use rayon::prelude::*;
use rphonetic::DaitchMokotoffSoundex;
use rustc_hash::FxHashSet;

use blocking::{Pair, candidate_pairs, large_block_warning, mentions_of, pair};

pub use compare::{
    CannotLink, Evidence, EvidenceWeights, NamedCannotLink, RoundedWeights, Thousandths, compare,
};
pub use estimate::{PairLevels, Weights};
pub use events::{Event, EventKind, mention_event};
pub use features::{Features, features};
pub use keys::{Key, KeySet, KeyTable};
pub use people::{PeopleChunk, Person, shared_source_ids};
pub use values::{Agreement, ChoiceRule, Field, PerPerson, PersonValue, ValueMentions, ValueRows};

/// The surname keys blocking compares, for finding a person by any spelling: the family key
/// (`f:`), each surname spelling key (`s:`) and the Daitch–Mokotoff codes of the family key
/// (`dm:`).
#[derive(Default)]
pub struct NameKeys {
    dm: DaitchMokotoffSoundex,
}

impl NameKeys {
    /// The exact keys (family and spelling keys) of a name's surname.
    pub fn spelling(
        &self,
        family_key: Option<&str>,
        surname_keys: &[impl AsRef<str>],
    ) -> Vec<String> {
        let mut keys: Vec<String> = surname_keys
            .iter()
            .map(|k| format!("s:{}", k.as_ref()))
            .collect();
        keys.extend(
            family_key
                .filter(|k| !k.is_empty())
                .map(|k| format!("f:{k}")),
        );
        keys
    }

    /// The phonetic keys (Daitch–Mokotoff codes) of a name's family key.
    pub fn phonetic(&self, family_key: Option<&str>) -> Vec<String> {
        family_key
            .filter(|k| !k.is_empty())
            .map(|k| self.dm.inner_soundex(k, true))
            .unwrap_or_default()
            .into_iter()
            .map(|code| format!("dm:{code}"))
            .collect()
    }
}

/// A curated decision about two mentions (`data/reference/overrides.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// `true` for must-link, `false` for cannot-link.
    pub must_link: bool,
    /// A mention id (`source:line:n`) or `Name@source`.
    pub a: String,
    /// Likewise.
    pub b: String,
    /// Why.
    pub reason: String,
    /// 1-based line in the overrides file (for warnings).
    pub line: u32,
}

/// One compared pair, as written to `match_evidence`. Millions are held at a million people
/// (about 7.6M), so it keeps only what the table writes: 4-byte mention indexes and the
/// weights, not the whole [`Evidence`].
#[derive(Debug, Clone, PartialEq)]
pub struct PairEvidence {
    /// Index of the first mention.
    pub a: u32,
    /// Index of the second mention.
    pub b: u32,
    /// The weights, as `match_evidence` writes them.
    pub weights: RoundedWeights,
    /// Why the pair can never be one person, put in words by [`NamedCannotLink::describe`]
    /// with the keys of its resolution.
    pub cannot_link: Option<NamedCannotLink>,
    /// What resolution did with the pair (see [`resolve`] for which pairs are kept).
    pub decision: Decision,
}

// Millions of rows at a million people are held until their table is written.
const _: () = assert!(std::mem::size_of::<PairEvidence>() <= 64);

defectors_model::closed_set! {
    /// What resolution did with a pair of mentions (`match_evidence.decision`).
    pub enum Decision {
        /// The link that joined two clusters into one person.
        Merged = "merged",
        /// Scored high enough to look alike, but below the link threshold.
        NearMiss = "near_miss",
        /// Scored high enough to link, but a hard constraint forbids it.
        CannotLink = "cannot_link",
        /// Linked by a `must_link` row of overrides.csv.
        OverrideMustLink = "override: must link",
        /// Kept apart by a `cannot_link` row of overrides.csv.
        OverrideCannotLink = "override: cannot link",
    }
}

/// Everything resolution produces.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// For each mention, the index of its person in `people`.
    pub person_of_mention: Vec<usize>,
    /// Every person, those whose chosen status is not `defector` included (see `Person::status`),
    /// in person id order.
    pub people: Vec<Person>,
    /// Every value any mention gives for a field of a person (see [`PersonValue`]), sorted
    /// by person, field and value.
    pub values: ValueRows,
    /// The events of every person, in person then year order, held per person.
    pub events: PerPerson<Event>,
    /// The links that formed each person, override pairs, near misses and constrained pairs,
    /// sorted by mention pair (the rule is on [`resolve`]).
    pub evidence: Vec<PairEvidence>,
    /// The texts of the keys that the evidence's reasons name (see
    /// [`NamedCannotLink::describe`]).
    pub keys: KeyTable,
    /// Stale overrides (`resolve.stale_override`), blocks compared by sorted neighbourhood
    /// (`resolve.large_block`).
    pub diagnostics: Vec<Diagnostic>,
    /// How many candidate pairs blocking gave and were compared (a measure of the work, which
    /// grows linearly with the mentions).
    pub compared_pairs: usize,
}

/// Mentions linked into people whose fields are not built yet: each mention's person, the
/// people's ids, the match evidence and the diagnostics of linking. People are numbered in
/// id order; [`Linked::people`] builds them a range at a time, so that a caller can write
/// their value rows and events away instead of holding them all.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    /// For each mention, the index of its person.
    pub person_of_mention: Vec<usize>,
    /// The links that formed each person, override pairs, near misses and constrained pairs,
    /// sorted by mention pair (the rule is on [`resolve`]).
    pub evidence: Vec<PairEvidence>,
    /// The texts of the keys that the evidence's reasons name (see
    /// [`NamedCannotLink::describe`]).
    pub keys: KeyTable,
    /// Stale overrides (`resolve.stale_override`), blocks compared by sorted neighbourhood
    /// (`resolve.large_block`).
    pub diagnostics: Vec<Diagnostic>,
    /// How many candidate pairs blocking gave and were compared.
    pub compared_pairs: usize,
    roster: people::Roster,
    id_ranks: Vec<u32>,
    priorities: Priorities,
}

impl Linked {
    /// Each person's id, sorted.
    pub fn person_ids(&self) -> &[compact_str::CompactString] {
        &self.roster.ids
    }

    /// The number of people.
    pub fn people_count(&self) -> usize {
        self.roster.len()
    }

    /// The people of `range` (indexes in id order) of `mentions` and their `cleaned` values
    /// (those given to [`link`]), with their value rows and events.
    pub fn people(
        &self,
        range: std::ops::Range<usize>,
        mentions: &[Mention],
        cleaned: &[CleanedMention],
    ) -> PeopleChunk {
        let inputs = (mentions, cleaned, &self.priorities);
        self.roster.people(range, inputs, &self.id_ranks)
    }

    /// A `persons.unsupported` warning for every mention of a person only a persons table
    /// lists; `people` are all the people, in id order.
    pub fn unsupported_warnings(&self, people: &[Person], mentions: &[Mention]) -> Vec<Diagnostic> {
        self.roster.unsupported_warnings(people, mentions)
    }
}

/// Source priorities for choosing between disagreeing values (higher wins a tie).
pub type Priorities = HashMap<String, u32>;

/// Resolves the mentions into people.
///
/// `Resolution::evidence` holds, sorted by mention pair: the links that formed each cluster
/// (`merged`: the pair whose link joined two clusters, so a person of `k` mentions has at
/// most `k - 1` of them), the override pairs that were scored, and, between mentions of
/// different people, the near misses (scored at least `NEAR_MISS_THRESHOLD` with agreeing
/// surnames) and the pairs a hard constraint kept apart that would otherwise have linked
/// (`cannot_link`: agreeing surnames and at least `LINK_THRESHOLD`). Other pairs inside one
/// person (they agree, but their link was not needed) are not kept, nor constrained pairs
/// that would not have linked anyway.
pub fn resolve(
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    overrides: &[Override],
    priorities: &Priorities,
) -> Resolution {
    let linked = link(mentions, cleaned, overrides, priorities);
    let chunk = linked.people(0..linked.people_count(), mentions, cleaned);
    let mut diagnostics = linked.diagnostics.clone();
    diagnostics.extend(linked.unsupported_warnings(&chunk.people, mentions));
    Resolution {
        person_of_mention: linked.person_of_mention,
        people: chunk.people,
        values: ValueRows::new(chunk.values),
        events: PerPerson::new(chunk.events),
        evidence: linked.evidence,
        keys: linked.keys,
        diagnostics,
        compared_pairs: linked.compared_pairs,
    }
}

/// Links the mentions into people (see [`resolve`]) without building the people's fields.
pub fn link(
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    overrides: &[Override],
    priorities: &Priorities,
) -> Linked {
    assert_eq!(
        mentions.len(),
        cleaned.len(),
        "one cleaned record per mention"
    );
    let mut diagnostics = Vec::new();
    let (must, cannot) = match_overrides(overrides, mentions, cleaned, &mut diagnostics);
    // The features and scored pairs are dropped inside `link_groups`, before the people are
    // named.
    // The mention ids are ranked on whichever core clustering, which is sequential, leaves.
    let (links, id_ranks) = rayon::join(
        || link_groups(mentions, cleaned, &must, &cannot, &mut diagnostics),
        || people::mention_id_ranks(mentions),
    );
    let roster = people::Roster::new(links.groups, (mentions, cleaned), &id_ranks, priorities);
    Linked {
        person_of_mention: roster.person_of_mention(mentions.len()),
        evidence: links.evidence,
        keys: links.keys,
        diagnostics,
        compared_pairs: links.compared_pairs,
        roster,
        id_ranks,
        priorities: priorities.clone(),
    }
}

/// What [`link_groups`] gives.
struct Links {
    /// The mentions of each person, in no particular order.
    groups: Vec<Vec<usize>>,
    /// The `match_evidence` rows.
    evidence: Vec<PairEvidence>,
    /// The texts of the keys the rows' reasons name.
    keys: KeyTable,
    /// The number of pairs compared.
    compared_pairs: usize,
}

/// Features, candidate pairs, estimated weights and constrained clustering: the groups of
/// mentions that are one person each, the `match_evidence` rows and the number of pairs
/// compared.
fn link_groups(
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    must: &[Pair],
    cannot: &HashSet<Pair>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Links {
    let (features, keys) = features(mentions, cleaned);
    let (pairs, large_blocks) = candidate_pairs(&features, &keys);
    diagnostics.extend(large_blocks.iter().map(large_block_warning));
    let compared_pairs = pairs.iter().map(Vec::len).sum();
    let (weights, scored) = score(&features, &keys, pairs, must, cannot);
    let (mut clusters, merges) = cluster(&features, &keys, &scored, &weights, must, cannot);
    let evidence = evidence_rows(&features, &scored, &mut clusters, &merges, must, cannot);
    Links {
        groups: clusters.groups(),
        evidence,
        keys,
        compared_pairs,
    }
}

/// Compares every candidate pair, estimates the context weights from their levels, and
/// returns the weights and the pairs that can matter to clustering or `match_evidence`,
/// reweighed (see [`PairLevels::may_matter`]), and the override pairs.
///
/// Only the 16-byte [`PairLevels`] of every pair are held; a dropped pair that clustering
/// looks at again is compared again. The kept pairs are compared a second time, which costs
/// less than holding a whole [`Evidence`] for every pair.
fn score(
    features: &[Features],
    keys: &KeyTable,
    pairs: Vec<Vec<Pair>>,
    must: &[Pair],
    cannot: &HashSet<Pair>,
) -> (Weights, Scored) {
    let compare_pair = |&p: &Pair| {
        let (a, b) = mentions_of(p);
        compare(&features[a], &features[b], keys)
    };
    // Levels chunk by chunk, like the pairs: no 500 MB vector at a million people.
    let levels: Vec<Vec<PairLevels>> = pairs
        .par_iter()
        .map(|chunk| compare_chunk(features, chunk, |pair| PairLevels::of(&compare_pair(pair))))
        .collect();
    let weights = estimate::estimate_level_batches(&levels);
    let kept: Vec<Vec<Pair>> = pairs
        .into_par_iter()
        .zip(levels)
        .map(|(pairs, levels)| {
            pairs
                .into_iter()
                .zip(levels)
                .filter(|(pair, l)| {
                    l.may_matter(&weights)
                        || must.binary_search(pair).is_ok()
                        || cannot.contains(pair)
                })
                .map(|(pair, _)| pair)
                .collect()
        })
        .collect();
    let kept = kept.concat();
    let evidence = compare_all(features, &kept, |pair| {
        let mut e = compare_pair(pair);
        e.reweigh(&weights);
        e
    });
    (weights, Scored::new(kept, evidence))
}

/// How many pairs ahead [`compare_into`] loads a pair's second mention.
const PREFETCH_AHEAD: usize = 16;

/// `score` of every pair, in pair order, in parallel by chunks. Pairs are sorted by their
/// first mention, so the second is a random access into `features`: it is prefetched a few
/// pairs ahead (see [`compare::prefetch`]).
fn compare_all<T: Send + Clone + Default>(
    features: &[Features],
    pairs: &[Pair],
    score: impl Fn(&Pair) -> T + Sync,
) -> Vec<T> {
    const CHUNK: usize = 4096;
    let mut out = vec![T::default(); pairs.len()];
    out.par_chunks_mut(CHUNK)
        .zip(pairs.par_chunks(CHUNK))
        .for_each(|(out, chunk)| compare_into(features, chunk, out, &score));
    out
}

/// `score` of every pair of `pairs`, in order, on this thread.
fn compare_chunk<T: Clone + Default>(
    features: &[Features],
    pairs: &[Pair],
    score: impl Fn(&Pair) -> T,
) -> Vec<T> {
    let mut out = vec![T::default(); pairs.len()];
    compare_into(features, pairs, &mut out, &score);
    out
}

/// Sets each slot of `out` to `score` of its pair, prefetching the second mention of the
/// pairs a few ahead.
fn compare_into<T>(
    features: &[Features],
    pairs: &[Pair],
    out: &mut [T],
    score: &impl Fn(&Pair) -> T,
) {
    let ahead = |i: usize| {
        if let Some(&(_, b)) = pairs.get(i) {
            compare::prefetch(&features[b as usize]);
        }
    };
    (0..PREFETCH_AHEAD).for_each(ahead);
    for (i, (slot, pair)) in out.iter_mut().zip(pairs).enumerate() {
        ahead(i + PREFETCH_AHEAD);
        *slot = score(pair);
    }
}

/// The scored candidate pairs, sorted by pair, with their evidence. The pairs are a vector
/// of their own, so that looking one up reads 8 bytes a step, and the pairs of each first
/// mention start at `starts[a]`, so that a lookup searches only those.
struct Scored {
    pairs: Vec<Pair>,
    evidence: Vec<Evidence>,
    /// Where the pairs of each first mention start in `pairs` (one more than the largest).
    starts: Vec<u32>,
}

impl Scored {
    /// `pairs` must be sorted by pair, without repeats (as [`candidate_pairs`] gives them),
    /// and `evidence` hold the evidence of each.
    fn new(pairs: Vec<Pair>, evidence: Vec<Evidence>) -> Self {
        debug_assert!(pairs.windows(2).all(|w| w[0] < w[1]));
        debug_assert_eq!(pairs.len(), evidence.len());
        let first_mentions = pairs.last().map_or(0, |&(a, _)| a as usize + 1);
        let mut starts = Vec::with_capacity(first_mentions + 1);
        for (i, &(a, _)) in pairs.iter().enumerate() {
            let at = u32::try_from(i).expect("fewer than 2^32 scored pairs");
            starts.resize(a as usize + 1, at);
        }
        starts.push(u32::try_from(pairs.len()).expect("fewer than 2^32 scored pairs"));
        Self {
            pairs,
            evidence,
            starts,
        }
    }

    /// The evidence of `pair`, if it was scored.
    fn get(&self, pair: &Pair) -> Option<&Evidence> {
        let first = pair.0 as usize;
        let from = *self.starts.get(first)? as usize;
        let to = self.starts.get(first + 1).map_or(from, |&to| to as usize);
        let run = &self.pairs[from..to];
        run.binary_search(pair)
            .ok()
            .map(|i| &self.evidence[from + i])
    }

    /// Every scored pair, in parallel.
    fn par_iter(&self) -> impl IndexedParallelIterator<Item = (&Pair, &Evidence)> {
        self.pairs.par_iter().zip(&self.evidence)
    }
}

impl Resolution {
    /// The conflicts: the values of the fields whose values conflict (a view of `values`).
    pub fn conflicts(&self) -> impl Iterator<Item = &PersonValue> {
        self.values
            .iter()
            .filter(|v| v.agreement == Agreement::Conflict)
    }
}

/// Constrained clustering, strongest links first: two clusters merge only when every pair
/// across them may be one person. Must-links are applied last. Returns the clusters and the
/// pairs whose link (or must-link) joined two clusters.
fn cluster(
    features: &[Features],
    keys: &KeyTable,
    scored: &Scored,
    weights: &Weights,
    must: &[Pair],
    cannot: &HashSet<Pair>,
) -> (Clusters, FxHashSet<Pair>) {
    let ambiguous = ambiguous_yearless(features, keys, scored);
    let links_ambiguous = |&p: &Pair, e: &Evidence| {
        let (a, b) = mentions_of(p);
        (ambiguous.contains(&a) || ambiguous.contains(&b)) && e.weights.birth <= 0.0
    };
    // Each link with its score, computed once for the sort.
    let mut links: Vec<(f64, Pair)> = scored
        .par_iter()
        .filter(|(pair, e)| {
            e.links_at(params::LINK_THRESHOLD)
                && !cannot.contains(pair)
                && !links_ambiguous(pair, e)
        })
        .map(|(&pair, e)| (e.total(), pair))
        .collect();
    // Pairs are distinct, so the order is total and an unstable sort gives the one order.
    links.par_sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut clusters = Clusters::new(features.len());
    let mut merges = FxHashSet::default();
    for (_, link) in links {
        let (a, b) = mentions_of(link);
        let (ca, cb) = (clusters.find(a), clusters.find(b));
        if ca == cb {
            continue;
        }
        let fits = clusters.members(ca).iter().all(|&x| {
            clusters.members(cb).iter().all(|&y| {
                let (x, y) = (x.min(y), x.max(y));
                let pair = pair(x, y);
                if cannot.contains(&pair) {
                    return false;
                }
                let e = scored.get(&pair).cloned().unwrap_or_else(|| {
                    let mut e = compare(&features[x], &features[y], keys);
                    e.reweigh(weights);
                    e
                });
                e.cannot_link.is_none() && e.total() >= params::CLUSTER_MIN_PAIR
            })
        });
        if fits {
            clusters.union(ca, cb);
            merges.insert(link);
        }
    }
    for &link in must {
        let (a, b) = mentions_of(link);
        let (ca, cb) = (clusters.find(a), clusters.find(b));
        if ca != cb {
            clusters.union(ca, cb);
            merges.insert(link);
        }
    }
    (clusters, merges)
}

/// Mentions without a year (a persons-table row) whose best links reach two namesakes
/// (mentions that cannot be one person for their years), both within `AMBIGUITY_MARGIN` of
/// the best score: which one they belong to is unknown, so they link only where a birth year
/// agrees.
fn ambiguous_yearless(features: &[Features], keys: &KeyTable, scored: &Scored) -> HashSet<usize> {
    // (yearless mention, dated partner, score) of every link, gathered in parallel and
    // grouped by the yearless mention.
    let mut links: Vec<(usize, usize, f64)> = scored
        .par_iter()
        .filter(|(_, e)| e.links_at(params::LINK_THRESHOLD))
        .flat_map_iter(|(&p, e)| {
            let (a, b) = mentions_of(p);
            [(a, b), (b, a)]
                .into_iter()
                .filter(|&(x, y)| features[x].year.is_none() && features[y].year.is_some())
                .map(move |(x, y)| (x, y, e.total()))
        })
        .collect();
    links.par_sort_unstable_by_key(|&(x, y, _)| (x, y));
    let partners: Vec<(usize, Vec<(usize, f64)>)> = links
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| (run[0].0, run.iter().map(|&(_, y, s)| (y, s)).collect()))
        .collect();
    partners
        .into_par_iter()
        .map(|(x, ps)| {
            let best = ps.iter().map(|p| p.1).fold(f64::MIN, f64::max);
            let close: Vec<usize> = ps
                .iter()
                .filter(|p| p.1 >= best - params::AMBIGUITY_MARGIN)
                .map(|p| p.0)
                .collect();
            (x, close)
        })
        .filter(|(_, ps)| {
            ps.iter().enumerate().any(|(i, &p)| {
                ps[i + 1..].iter().any(|&q| {
                    let (p, q) = (p.min(q), p.max(q));
                    let e = scored
                        .get(&pair(p, q))
                        .cloned()
                        .unwrap_or_else(|| compare(&features[p], &features[q], keys));
                    e.cannot_link.is_some()
                })
            })
        })
        .map(|(x, _)| x)
        .collect()
}

/// The `match_evidence` rows of the scored pairs (the rule is documented on [`resolve`]):
/// O(mentions) merged rows, whatever the size of a person. Pairs are looked at in parallel;
/// the rows stay in pair order.
fn evidence_rows(
    features: &[Features],
    scored: &Scored,
    clusters: &mut Clusters,
    merges: &FxHashSet<Pair>,
    must: &[Pair],
    cannot: &HashSet<Pair>,
) -> Vec<PairEvidence> {
    let must: HashSet<&Pair> = must.iter().collect();
    let cluster_of: Vec<usize> = (0..features.len()).map(|i| clusters.find(i)).collect();
    let decide = |pair: &Pair, e: &Evidence| {
        let (a, b) = mentions_of(*pair);
        if must.contains(pair) {
            Some(Decision::OverrideMustLink)
        } else if cannot.contains(pair) {
            Some(Decision::OverrideCannotLink)
        } else if merges.contains(pair) {
            Some(Decision::Merged)
        } else if cluster_of[a] == cluster_of[b] {
            // Agrees with the person's other mentions, but its link was not needed.
            None
        } else {
            let constrained = e.cannot_link.is_some();
            let kept = e.surname_agrees && e.total() >= params::evidence_row_threshold(constrained);
            let decision = if constrained {
                // Only where the constraint is all that kept the pair apart.
                Decision::CannotLink
            } else {
                Decision::NearMiss
            };
            kept.then_some(decision)
        }
    };
    // Decided first, then built into a vector of the exact size: a filtered parallel collect
    // holds its pieces and the gathered vector together (about 2 GB at a million people).
    let decided: Vec<(u32, Decision)> = scored
        .par_iter()
        .enumerate()
        .filter_map(|(i, (pair, e))| {
            let i = u32::try_from(i).expect("fewer than 2^32 scored pairs");
            Some((i, decide(pair, e)?))
        })
        .collect();
    decided
        .par_iter()
        .map(|&(i, decision)| {
            let ((a, b), e) = (scored.pairs[i as usize], &scored.evidence[i as usize]);
            PairEvidence {
                a,
                b,
                weights: RoundedWeights::of(&e.weights),
                cannot_link: e
                    .cannot_link
                    .map(|reason| reason.named(&features[a as usize], &features[b as usize])),
                decision,
            }
        })
        .collect()
}

/// Finds the mentions an override names; a reference that matches nothing is stale.
fn match_overrides(
    overrides: &[Override],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Pair>, HashSet<Pair>) {
    let find = |reference: &str| -> Vec<usize> {
        if let Some((name, source)) = reference.rsplit_once('@') {
            let name = name.trim();
            mentions
                .iter()
                .enumerate()
                .filter(|(i, m)| {
                    m.provenance.source_id == source.trim()
                        && (m.surface_name == name || cleaned[*i].name.display == name)
                })
                .map(|(i, _)| i)
                .collect()
        } else {
            mentions
                .iter()
                .position(|m| m.mention_id() == reference.trim())
                .into_iter()
                .collect()
        }
    };
    let mut must = Vec::new();
    let mut cannot = HashSet::new();
    for o in overrides {
        let (xs, ys) = (find(&o.a), find(&o.b));
        if xs.is_empty() || ys.is_empty() {
            diagnostics.push(Diagnostic {
                source_id: None,
                line: Some(o.line),
                severity: Severity::Warning,
                code: "resolve.stale_override".to_owned(),
                message: format!(
                    "overrides.csv line {}: `{}` / `{}` matches no mention; the override does nothing",
                    o.line, o.a, o.b
                ),
            });
            continue;
        }
        for &x in &xs {
            for &y in &ys {
                if x == y {
                    continue;
                }
                let pair = pair(x.min(y), x.max(y));
                if o.must_link {
                    must.push(pair);
                } else {
                    cannot.insert(pair);
                }
            }
        }
    }
    must.sort_unstable();
    (must, cannot)
}

/// Union-find with member lists.
struct Clusters {
    parent: Vec<usize>,
    /// The sorted members of each root's cluster; empty for a cluster of one (no allocation
    /// for each of millions of mentions).
    members: Vec<Vec<usize>>,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
            members: (0..n).map(|_| Vec::new()).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// The members of root `root`'s cluster.
    fn members(&self, root: usize) -> &[usize] {
        match &self.members[root] {
            // A root is its own parent: the member list of a cluster of one.
            one if one.is_empty() => std::slice::from_ref(&self.parent[root]),
            members => members,
        }
    }

    fn union(&mut self, a: usize, b: usize) {
        let (keep, gone) = if a < b { (a, b) } else { (b, a) };
        self.parent[gone] = keep;
        let mut members = self.take_members(keep);
        members.extend(self.take_members(gone));
        members.sort_unstable();
        self.members[keep] = members;
    }

    /// The members of root `root`, taken out.
    fn take_members(&mut self, root: usize) -> Vec<usize> {
        match std::mem::take(&mut self.members[root]) {
            one if one.is_empty() => vec![root],
            members => members,
        }
    }

    /// The clusters as sorted member lists, ordered by their first member; the member lists
    /// are taken out.
    fn groups(&mut self) -> Vec<Vec<usize>> {
        let n = self.parent.len();
        let mut out = Vec::new();
        for i in 0..n {
            if self.find(i) == i {
                out.push(self.take_members(i));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lookup finds exactly the scored pairs, whichever mentions have none, and gives each
    /// its own evidence.
    #[test]
    fn scored_pairs_are_found_by_their_first_mention() {
        let pairs: Vec<Pair> = vec![(0, 3), (0, 5), (2, 3), (2, 4), (2, 9), (6, 7)];
        let evidence = (0..pairs.len())
            .map(|i| Evidence {
                weights: EvidenceWeights {
                    given: i as f64,
                    ..EvidenceWeights::default()
                },
                ..Evidence::default()
            })
            .collect();
        let scored = Scored::new(pairs.clone(), evidence);
        for a in 0..10 {
            for b in 0..10 {
                let found = scored.get(&(a, b)).map(|e| e.weights.given as usize);
                assert_eq!(found, pairs.iter().position(|&p| p == (a, b)), "({a}, {b})");
            }
        }
        let none = Scored::new(Vec::new(), Vec::new());
        assert!(none.get(&(0, 1)).is_none());
    }
}
