//! The m and u of the context comparisons, estimated from the corpus by
//! expectation–maximisation (as splink and fastLink do), starting from the priors of
//! `params.rs`.
//!
//! Only the context levels (years, age, profession, agency, destination, birth year) are
//! estimated: each field's levels partition the pairs where the field is compared. The name
//! levels stay at their priors: the surname weight follows term frequency, and most name
//! disagreements are hard constraints rather than levels.

use std::sync::LazyLock;

use rayon::prelude::*;

use crate::compare::Evidence;
use crate::params::{self, weight};

/// A context field compared between two mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Years of defection, or the age one side's year gives the other's birth date.
    Year,
    /// Profession category.
    Profession,
    /// Agency.
    Agency,
    /// First destination.
    Destination,
    /// Birth year.
    Birth,
}

impl Field {
    /// Every field, in slot order.
    pub const ALL: [Field; 5] = [
        Field::Year,
        Field::Profession,
        Field::Agency,
        Field::Destination,
        Field::Birth,
    ];
}

/// The outcome of one context comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Year ranges overlap.
    YearSame,
    /// One year apart.
    YearNear,
    /// Two or three years apart.
    YearClose,
    /// Four to ten years apart.
    YearFar,
    /// More than ten years apart.
    YearVeryFar,
    /// No years compared; the age at defection is typical.
    AgeTypical,
    /// No years compared; the age at defection is possible, not typical.
    AgeAtypical,
    /// Profession categories agree.
    ProfessionSame,
    /// Profession categories differ.
    ProfessionDifferent,
    /// Agencies agree.
    AgencySame,
    /// Agencies differ.
    AgencyDifferent,
    /// First destinations agree.
    DestinationSame,
    /// First destinations differ.
    DestinationDifferent,
    /// Birth years agree.
    BirthSame,
    /// Birth years differ.
    BirthDifferent,
}

impl Level {
    /// Every level, in table order.
    pub const ALL: [Level; 15] = [
        Level::YearSame,
        Level::YearNear,
        Level::YearClose,
        Level::YearFar,
        Level::YearVeryFar,
        Level::AgeTypical,
        Level::AgeAtypical,
        Level::ProfessionSame,
        Level::ProfessionDifferent,
        Level::AgencySame,
        Level::AgencyDifferent,
        Level::DestinationSame,
        Level::DestinationDifferent,
        Level::BirthSame,
        Level::BirthDifferent,
    ];

    /// The prior (m, u) from `params.rs`.
    pub fn prior(self) -> (f64, f64) {
        match self {
            Level::YearSame => params::YEAR_SAME,
            Level::YearNear => params::YEAR_NEAR,
            Level::YearClose => params::YEAR_CLOSE,
            Level::YearFar => params::YEAR_FAR,
            Level::YearVeryFar => params::YEAR_VERY_FAR,
            Level::AgeTypical => params::AGE_TYPICAL,
            Level::AgeAtypical => params::AGE_ATYPICAL,
            Level::ProfessionSame => params::PROFESSION_SAME,
            Level::ProfessionDifferent => params::PROFESSION_DIFFERENT,
            Level::AgencySame => params::AGENCY_SAME,
            Level::AgencyDifferent => params::AGENCY_DIFFERENT,
            Level::DestinationSame => params::DESTINATION_SAME,
            Level::DestinationDifferent => params::DESTINATION_DIFFERENT,
            Level::BirthSame => params::BIRTH_SAME,
            Level::BirthDifferent => params::BIRTH_DIFFERENT,
        }
    }

    /// `log2(m / u)` of the prior.
    pub fn prior_weight(self) -> f64 {
        static PRIORS: LazyLock<Weights> = LazyLock::new(Weights::priors);
        PRIORS.weight(self)
    }

    /// The field it is a level of. Age and years share the year slot: a pair has one or
    /// the other.
    pub fn field(self) -> Field {
        match self {
            Level::YearSame
            | Level::YearNear
            | Level::YearClose
            | Level::YearFar
            | Level::YearVeryFar
            | Level::AgeTypical
            | Level::AgeAtypical => Field::Year,
            Level::ProfessionSame | Level::ProfessionDifferent => Field::Profession,
            Level::AgencySame | Level::AgencyDifferent => Field::Agency,
            Level::DestinationSame | Level::DestinationDifferent => Field::Destination,
            Level::BirthSame | Level::BirthDifferent => Field::Birth,
        }
    }

    /// Whether the level compares years (rather than an age from a birth date): the two
    /// groups are estimated as separate partitions.
    fn group(self) -> u8 {
        match self {
            Level::AgeTypical | Level::AgeAtypical => 1,
            _ => 0,
        }
    }
}

/// The (m, u) of every context level.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    m_u: [(f64, f64); Level::ALL.len()],
    /// `log2(m / u)` of each level, computed once.
    log2: [f64; Level::ALL.len()],
}

impl Default for Weights {
    fn default() -> Self {
        Self::priors()
    }
}

impl Weights {
    /// The priors of `params.rs`.
    pub fn priors() -> Self {
        Self::new(Level::ALL.map(Level::prior))
    }

    /// The weights of these (m, u), level by level in [`Level::ALL`] order.
    fn new(m_u: [(f64, f64); Level::ALL.len()]) -> Self {
        Self {
            m_u,
            log2: m_u.map(|(m, u)| weight(m, u)),
        }
    }

    /// `(m, u)` of a level.
    pub fn m_u(&self, level: Level) -> (f64, f64) {
        self.m_u[level as usize]
    }

    /// `log2(m / u)` of a level.
    pub fn weight(&self, level: Level) -> f64 {
        self.log2[level as usize]
    }
}

/// What expectation–maximisation reads of one scored pair, in 16 bytes: resolution keeps
/// this for every candidate pair, and a whole [`Evidence`] only for the pairs that can matter
/// once the weights are known.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairLevels {
    /// The weight no context level accounts for ([`Evidence::fixed_weight`]).
    fixed: f64,
    /// The context level of each field compared.
    context: [Option<Level>; Field::ALL.len()],
    /// Whether a hard constraint keeps the pair apart.
    constrained: bool,
    /// Whether the surnames agree at any level.
    surname_agrees: bool,
    /// Whether the pair links under the prior weights.
    links_at_prior: bool,
}

// Held for every candidate pair: keep it at 16 bytes.
const _: () = assert!(std::mem::size_of::<PairLevels>() == 16);

impl PairLevels {
    /// The levels of a pair scored with the prior weights.
    pub fn of(e: &Evidence) -> Self {
        Self {
            fixed: e.fixed_weight(),
            context: e.context,
            constrained: e.cannot_link.is_some(),
            surname_agrees: e.surname_agrees,
            links_at_prior: e.links_at(params::LINK_THRESHOLD),
        }
    }

    fn levels(&self) -> impl Iterator<Item = Level> + '_ {
        self.context.iter().flatten().copied()
    }

    /// The pair's total weight under `weights` (up to rounding: summed in another order than
    /// [`Evidence::total`]).
    pub fn total(&self, weights: &Weights) -> f64 {
        self.fixed + self.levels().map(|l| weights.weight(l)).sum::<f64>()
    }

    /// Whether, under `weights`, the pair can be a link, a near miss or a `cannot_link` row
    /// of `match_evidence` (see [`crate::resolve`]): its surnames agree and its total reaches
    /// `NEAR_MISS_THRESHOLD`, or `LINK_THRESHOLD` where a hard constraint keeps it apart. A
    /// margin allows for rounding ([`PairLevels::total`] is summed in another order than
    /// [`Evidence::total`], which decides).
    pub fn may_matter(&self, weights: &Weights) -> bool {
        let row = params::evidence_row_threshold(self.constrained);
        // An unconstrained pair may also be a link.
        let threshold = if self.constrained {
            row
        } else {
            row.min(params::LINK_THRESHOLD)
        };
        self.surname_agrees && self.total(weights) >= threshold - 1e-9
    }
}

/// Estimates the context weights from scored candidate pairs by expectation–maximisation
/// (see [`estimate_levels`]).
pub fn estimate<'a>(pairs: impl Iterator<Item = &'a Evidence>) -> Weights {
    let levels: Vec<PairLevels> = pairs.map(PairLevels::of).collect();
    estimate_levels(&levels)
}

/// Estimates the context weights from the levels of scored candidate pairs by
/// expectation–maximisation.
///
/// Pairs a hard constraint keeps apart count as non-matches. Each level's m and u start at
/// its prior and are smoothed towards it by `EM_PRIOR_PAIRS` pseudo-pairs. With fewer than
/// `EM_MIN_PAIRS` pairs there is too little to estimate from, and the priors are returned.
/// Pairs of the same levels are counted once and iterated over as one (see [`Pattern`]).
pub fn estimate_levels(pairs: &[PairLevels]) -> Weights {
    let batches: Vec<&[PairLevels]> = pairs.chunks(COUNT_BATCH).collect();
    estimate_level_batches(&batches)
}

/// [`estimate_levels`] of the pairs of every batch.
pub fn estimate_level_batches<B: AsRef<[PairLevels]> + Sync>(batches: &[B]) -> Weights {
    let pairs: usize = batches.iter().map(|b| b.as_ref().len()).sum();
    if pairs < params::EM_MIN_PAIRS {
        return Weights::priors();
    }
    let patterns = Pattern::count(batches);
    let priors = Weights::priors();
    let mut current = priors.clone();
    let mut match_share = initial_match_share(&patterns);
    for _ in 0..params::EM_ITERATIONS {
        let prior_odds = weight(match_share, 1.0 - match_share);
        let tally = Tally::of(&patterns, &current, prior_odds);
        match_share = tally.match_share();
        let next = tally.weights(&priors);
        let settled = Level::ALL.iter().all(|&l| {
            let (a, b) = (current.m_u(l), next.m_u(l));
            (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6
        });
        current = next;
        if settled {
            break;
        }
    }
    current
}

/// One distinct [`PairLevels`] and how many pairs have it: at a million people, 31 million
/// candidate pairs fall into far fewer patterns, which each iteration reads instead.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    levels: PairLevels,
    pairs: u64,
}

/// [`PairLevels`] as a hashable key (its weight by its bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct PatternKey {
    fixed: u64,
    context: [Option<Level>; Field::ALL.len()],
    flags: [bool; 3],
}

impl PatternKey {
    fn of(e: &PairLevels) -> Self {
        Self {
            fixed: e.fixed.to_bits(),
            context: e.context,
            flags: [e.constrained, e.surname_agrees, e.links_at_prior],
        }
    }

    /// The levels this is the key of.
    fn levels(self) -> PairLevels {
        let [constrained, surname_agrees, links_at_prior] = self.flags;
        PairLevels {
            fixed: f64::from_bits(self.fixed),
            context: self.context,
            constrained,
            surname_agrees,
            links_at_prior,
        }
    }
}

impl Pattern {
    /// The distinct patterns of `pairs` with their counts, in a fixed order (by key), so
    /// that the sums of an iteration do not depend on the number of threads.
    fn count<B: AsRef<[PairLevels]> + Sync>(batches: &[B]) -> Vec<Pattern> {
        type Counts = rustc_hash::FxHashMap<PatternKey, u64>;
        let counts = batches
            .par_iter()
            .fold(Counts::default, |mut counts, batch| {
                for e in batch.as_ref() {
                    *counts.entry(PatternKey::of(e)).or_insert(0) += 1;
                }
                counts
            })
            .reduce(Counts::default, |a, b| {
                let (mut a, b) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (key, n) in b {
                    *a.entry(key).or_insert(0) += n;
                }
                a
            });
        let mut counts: Vec<(PatternKey, u64)> = counts.into_iter().collect();
        counts.par_sort_unstable_by_key(|&(key, _)| key);
        counts
            .into_iter()
            .map(|(key, pairs)| Pattern {
                levels: key.levels(),
                pairs,
            })
            .collect()
    }
}

/// The share of pairs that link under the priors (the starting guess of the match share).
fn initial_match_share(patterns: &[Pattern]) -> f64 {
    let count = |keep: fn(&Pattern) -> bool| -> u64 {
        patterns.iter().filter(|p| keep(p)).map(|p| p.pairs).sum()
    };
    let links = count(|p| p.levels.links_at_prior);
    let pairs = count(|_| true);
    (links as f64 / pairs.max(1) as f64).clamp(0.01, 0.99)
}

/// The probability that a pair is one person, under `weights` and the prior odds of a
/// match (`log2` of the match share's odds).
fn posterior(e: &PairLevels, weights: &Weights, prior_odds: f64) -> f64 {
    if e.constrained {
        return 0.0;
    }
    let context: f64 = e.levels().map(|l| weights.weight(l)).sum();
    let log_odds = prior_odds + e.fixed + context;
    1.0 / (1.0 + (-log_odds).exp2())
}

/// Expected counts of each level among matches and non-matches.
#[derive(Debug, Default)]
struct Tally {
    matched: [f64; Level::ALL.len()],
    unmatched: [f64; Level::ALL.len()],
    pairs: f64,
    matches: f64,
}

/// Pairs counted per task when the patterns are gathered (see [`Pattern::count`]).
const COUNT_BATCH: usize = 1 << 16;

impl Tally {
    /// The expected counts of the pairs of `patterns` under `weights` and the prior odds of
    /// a match. The posteriors are computed in parallel and added in the patterns' order.
    fn of(patterns: &[Pattern], weights: &Weights, prior_odds: f64) -> Self {
        let posteriors: Vec<f64> = patterns
            .par_iter()
            .map(|p| posterior(&p.levels, weights, prior_odds))
            .collect();
        let mut tally = Tally::default();
        for (pattern, &p) in patterns.iter().zip(&posteriors) {
            tally.add(pattern, p);
        }
        tally
    }

    fn add(&mut self, pattern: &Pattern, p: f64) {
        let n = pattern.pairs as f64;
        self.pairs += n;
        self.matches += p * n;
        for l in pattern.levels.levels() {
            self.matched[l as usize] += p * n;
            self.unmatched[l as usize] += (1.0 - p) * n;
        }
    }

    fn match_share(&self) -> f64 {
        (self.matches / self.pairs.max(1.0)).clamp(0.001, 0.999)
    }

    /// m and u per level: each partition (a field's levels, years and ages apart) sums to
    /// one, smoothed towards the normalised priors.
    fn weights(&self, priors: &Weights) -> Weights {
        let mut m_u = priors.m_u;
        for field in Field::ALL {
            for group in [0, 1] {
                let levels: Vec<Level> = Level::ALL
                    .into_iter()
                    .filter(|l| l.field() == field && l.group() == group)
                    .collect();
                let share = |counts: &[f64; Level::ALL.len()], prior: &dyn Fn(Level) -> f64| {
                    let total: f64 = levels.iter().map(|&l| counts[l as usize]).sum();
                    let prior_total: f64 = levels.iter().map(|&l| prior(l)).sum();
                    let n = params::EM_PRIOR_PAIRS;
                    levels
                        .iter()
                        .map(|&l| {
                            let p = prior(l) / prior_total;
                            (l, (counts[l as usize] + n * p) / (total + n))
                        })
                        .collect::<Vec<_>>()
                };
                let m = share(&self.matched, &|l| priors.m_u(l).0);
                let u = share(&self.unmatched, &|l| priors.m_u(l).1);
                for ((l, m), (_, u)) in m.into_iter().zip(u) {
                    m_u[l as usize] = (m.max(1e-6), u.max(1e-6));
                }
            }
        }
        Weights::new(m_u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(fixed: f64, year: Option<Level>, constrained: bool) -> PairLevels {
        PairLevels {
            fixed,
            context: [year, None, None, None, None],
            constrained,
            surname_agrees: true,
            links_at_prior: fixed > 8.0,
        }
    }

    /// Pairs of the same levels are one pattern with their count, whatever the batches they
    /// were counted in; the patterns come in the order of their keys.
    #[test]
    fn patterns_count_the_pairs_of_each_distinct_levels() {
        let (a, b, c) = (
            levels(10.5, Some(Level::YearSame), false),
            levels(10.5, Some(Level::YearFar), false),
            levels(10.5, Some(Level::YearSame), true),
        );
        let mut pairs = vec![a; COUNT_BATCH + 3];
        pairs.extend([b, c, b]);
        // Counted across batches: a pattern split over two counts once.
        let (first, rest) = pairs.split_at(COUNT_BATCH + 1);
        let patterns = Pattern::count(&[first, rest]);
        let counts: Vec<(PairLevels, u64)> = patterns.iter().map(|p| (p.levels, p.pairs)).collect();
        assert_eq!(counts, [(a, COUNT_BATCH as u64 + 3), (c, 1), (b, 2)]);
        assert_eq!(initial_match_share(&patterns), 0.99);
    }
}
