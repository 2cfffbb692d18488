//! Every parameter of the resolution, in one place.
//!
//! Weights are Fellegi–Sunter log-likelihood ratios, `log2(m / u)`: `m` is the probability of
//! the comparison outcome when two mentions are the same person, `u` when they are not. They
//! were set by hand for documents of this genre (a few sources, spelling variants, year noise)
//! and checked on synthetic corpora (`cargo xtask eval-er`). They are priors: on a corpus of
//! at least `EM_MIN_PAIRS` candidate pairs the context levels are re-estimated from the data
//! (see `estimate.rs`).

/// `log2(m / u)`.
pub fn weight(m: f64, u: f64) -> f64 {
    (m / u).log2()
}

/// Given names: same canonical name (variants via given_names.csv).
pub const GIVEN_SAME: (f64, f64) = (0.92, 0.03);
/// Given names: unknown spellings that are close (Jaro-Winkler ≥ `GIVEN_CLOSE_JW`).
pub const GIVEN_CLOSE: (f64, f64) = (0.05, 0.01);
/// Jaro-Winkler similarity above which two unknown given names count as spelling variants.
pub const GIVEN_CLOSE_JW: f64 = 0.88;
/// Given names: one is an initial matching the other.
pub const GIVEN_INITIAL: (f64, f64) = (0.03, 0.04);

/// Surnames: a shared spelling key. `u` is the key's frequency among all mentions (term
/// frequency), floored at `SURNAME_U_FLOOR`, so a common surname weighs less.
pub const SURNAME_SAME_M: f64 = 0.88;
/// Prior frequency of a surname (before the corpus says otherwise).
pub const SURNAME_U_PRIOR: f64 = 0.001;
/// How many mentions the prior counts as.
pub const SURNAME_PRIOR_WEIGHT: f64 = 1000.0;
/// Smallest `u` for a surname agreement (caps the weight of a unique surname).
pub const SURNAME_U_FLOOR: f64 = 0.0005;
/// Surnames: same family key, other gendered form (Sokolov / Sokolova).
pub const SURNAME_FAMILY: (f64, f64) = (0.06, 0.002);
/// Surnames: Jaro-Winkler ≥ `SURNAME_CLOSE_JW`, or a shared Daitch–Mokotoff code with
/// Jaro-Winkler ≥ `SURNAME_PHONETIC_JW` (a shared code alone joins Vlasov and Beluzov).
pub const SURNAME_CLOSE: (f64, f64) = (0.05, 0.01);
/// Jaro-Winkler similarity above which two surname keys count as close.
pub const SURNAME_CLOSE_JW: f64 = 0.93;
/// Jaro-Winkler similarity a phonetic agreement also needs.
pub const SURNAME_PHONETIC_JW: f64 = 0.85;
/// Mentions of their own more than this many years apart, with nothing but the name in
/// common, are namesakes (two people).
pub const NAMESAKE_YEARS: i32 = 10;
/// The youngest age at which a person defects on their own (a child taken along is named as
/// a companion, which this does not bind).
pub const MIN_AGE: i32 = 12;
/// The oldest age at which a person defects.
pub const MAX_AGE: i32 = 95;
/// The ages at which most people defect (working age): a yearless row with a birth date fits
/// a dated mention better when the age falls here.
pub const TYPICAL_AGE: std::ops::RangeInclusive<i32> = 18..=65;
/// Birth date on one side, year of defection on the other, no years compared: a typical age.
pub const AGE_TYPICAL: (f64, f64) = (0.9, 0.45);
/// As `AGE_TYPICAL`, an age possible but not typical (a namesake decades apart is often one).
pub const AGE_ATYPICAL: (f64, f64) = (0.1, 0.55);
/// A mention without a year is ambiguous when two namesakes both link to it within this many
/// points of its best link.
pub const AMBIGUITY_MARGIN: f64 = 2.0;
/// Shortest skeleton or spelling on which a one-letter slip counts as a near agreement (shorter
/// skeletons are too often other names one letter apart).
pub const SLIP_MIN_LEN: usize = 5;
/// Surnames: phonetic skeletons one typing slip apart (see `SLIP_MIN_LEN`): rarer between two
/// people than a Jaro–Winkler closeness, since the skeleton already absorbs spelling schemes.
pub const SURNAME_SLIP: (f64, f64) = (0.08, 0.004);
/// Surnames: no agreement at all.
pub const SURNAME_DIFFERENT: (f64, f64) = (0.01, 0.97);

/// Years: ranges overlap.
pub const YEAR_SAME: (f64, f64) = (0.75, 0.04);
/// Years: one year apart.
pub const YEAR_NEAR: (f64, f64) = (0.15, 0.08);
/// Years: two or three years apart.
pub const YEAR_CLOSE: (f64, f64) = (0.06, 0.15);
/// Years: four to ten years apart.
pub const YEAR_FAR: (f64, f64) = (0.01, 0.5);
/// Years: more than ten years apart.
pub const YEAR_VERY_FAR: (f64, f64) = (0.003, 0.4);

/// Profession categories agree / differ.
pub const PROFESSION_SAME: (f64, f64) = (0.8, 0.2);
/// Profession categories differ (sources often describe one person differently).
pub const PROFESSION_DIFFERENT: (f64, f64) = (0.2, 0.8);
/// Agencies agree.
pub const AGENCY_SAME: (f64, f64) = (0.8, 0.15);
/// Agencies differ (NKVD / KGB are one lineage but differ as values).
pub const AGENCY_DIFFERENT: (f64, f64) = (0.2, 0.85);
/// First destinations agree.
pub const DESTINATION_SAME: (f64, f64) = (0.7, 0.1);
/// First destinations differ.
pub const DESTINATION_DIFFERENT: (f64, f64) = (0.3, 0.9);
/// Birth years agree.
pub const BIRTH_SAME: (f64, f64) = (0.95, 0.02);
/// Birth years differ.
pub const BIRTH_DIFFERENT: (f64, f64) = (0.05, 0.98);
/// Named together with a partner of the same family name in both mentions.
pub const PARTNER_SAME: (f64, f64) = (0.3, 0.005);

/// A pair scoring at least this is a link. Same given name and a rare surname (≈ 13) link
/// unless the years are far apart; a bare surname links with a matching year.
pub const LINK_THRESHOLD: f64 = 8.0;
/// A pair scoring at least this (and below the link threshold) is kept as a near miss.
pub const NEAR_MISS_THRESHOLD: f64 = 0.0;
/// The least total a pair of mentions of different people, with agreeing surnames, needs to
/// be a `match_evidence` row: a near miss, or, where a hard constraint keeps the pair apart
/// (`constrained`), a `cannot_link` row only if it would otherwise have linked.
pub fn evidence_row_threshold(constrained: bool) -> f64 {
    if constrained {
        LINK_THRESHOLD
    } else {
        NEAR_MISS_THRESHOLD
    }
}
/// When two clusters merge, every pair across them must score at least this (no chaining of
/// weak links into one big cluster).
pub const CLUSTER_MIN_PAIR: f64 = 2.0;
/// A block of at most this many mentions pairs all its members; a larger one (a key shared
/// by that many mentions, e.g. one name repeated hundreds of times) is compared by sorted
/// neighbourhood instead, with a `resolve.large_block` warning, so that its cost stays linear
/// and its identical mentions still merge.
pub const MAX_BLOCK: usize = 400;
/// A block of a surname alone (no given name in its key: `f:`, `s:`, `k:`) pairs all its
/// members up to this size; in a larger one each member is paired with its next
/// `MAX_SURNAME_BLOCK - 1` in year order, without a warning (the keys with the given name
/// still pair its namesakes in full). Such a block exists to find the mentions whose given
/// names differ in form, whose strongest remaining agreement is the year. Without the cap the
/// pairs of a corpus grow with the square of how often a surname recurs (2 per mention at
/// 10k synthetic people, 12 at 100k, 102 at 1M).
pub const MAX_SURNAME_BLOCK: usize = 8;
/// As `MAX_SURNAME_BLOCK`, for the coarse keys: Daitch–Mokotoff codes (`d:`), skeletons with a
/// letter deleted (`x:`, `y:`, which carry only the given name's initial) and given name and
/// surname in either order (`o:`): a larger block is windowed by `COARSE_WINDOW`.
pub const MAX_COARSE_BLOCK: usize = 4;
/// In a coarse block larger than `MAX_COARSE_BLOCK`, each member is paired with its next
/// `COARSE_WINDOW - 1` in year order: its nearest neighbour on each side. These keys are many
/// per mention (a slip of one letter shares several of them with its original), so each gives
/// another chance to meet, and in a dense corpus their wider windows mostly paired namesakes
/// one or two letters apart (at 1M synthetic people, a window of 4 gave 31.5M candidate pairs
/// and precision 0.85; a window of 2, 20.3M and 0.93, recall 0.973 → 0.971).
pub const COARSE_WINDOW: usize = 2;
/// In a block of a key with a given name larger than `MAX_BLOCK`, each mention is paired with
/// the next `BLOCK_WINDOW - 1` mentions in name-and-year order.
pub const BLOCK_WINDOW: usize = 20;

/// Fewest candidate pairs from which the context weights are estimated (see
/// `estimate::estimate`); below it the priors above are used as they are.
pub const EM_MIN_PAIRS: usize = 2_000;
/// Most expectation–maximisation rounds (it usually settles in fewer).
pub const EM_ITERATIONS: usize = 25;
/// How many pairs the prior of each context level counts as when it is estimated.
pub const EM_PRIOR_PAIRS: f64 = 50.0;
