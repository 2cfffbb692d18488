//! Pair comparison: the features of a mention, and the Fellegi–Sunter weights of two.

use std::ops::Deref;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use defectors_clean::{CleanedMention, fold};
use defectors_model::{Mention, Status};
use rphonetic::DaitchMokotoffSoundex;

use crate::estimate::{Field, Level, Weights};
use crate::params::*;

/// What resolution compares about one mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Index of the mention in the input.
    pub index: usize,
    /// The mention id.
    pub mention_id: String,
    /// Source id.
    pub source_id: String,
    /// Line.
    pub line: u32,
    /// Canonical given name key.
    pub given_key: Option<String>,
    /// First letter of an initial-only given name (`I. P. Sokolov` → `i`).
    pub given_initial: Option<char>,
    /// Folded given name as written, for unknown spellings.
    pub given_folded: Option<String>,
    /// Surname spelling keys.
    pub surname_keys: KeySet,
    /// Family key.
    pub family_key: Option<String>,
    /// Folded surname as written, for typing slips the keys fold away (`Baain` → `bain`).
    pub surname_folded: Option<String>,
    /// Daitch–Mokotoff codes of the family key.
    pub dm_codes: KeySet,
    /// Phonetic skeleton keys of the surname (see `defectors_clean::skeletons`).
    pub surname_skeletons: KeySet,
    /// Phonetic skeleton keys of the given name.
    pub given_skeletons: KeySet,
    /// `m`/`f`.
    pub gender: Option<char>,
    /// `m`/`f` of the surname form.
    pub surname_gender: Option<char>,
    /// Generational suffix.
    pub suffix: Option<String>,
    /// Year range.
    pub year: Option<(i32, i32)>,
    /// Profession category.
    pub profession: Option<defectors_model::ProfessionCategory>,
    /// Agency.
    pub agency: Option<String>,
    /// First destination.
    pub destination: Option<String>,
    /// Birth year.
    pub birth_year: Option<i32>,
    /// Year of death.
    pub death_year: Option<i32>,
    /// Family keys of the people named together with this one.
    pub partner_families: Vec<String>,
    /// The source's status claim.
    pub status: Status,
    /// Named only in another person's row.
    pub companion: bool,
}

impl Features {
    /// The features of a mention and its cleaned values.
    pub fn new(index: usize, m: &Mention, c: &CleanedMention, dm: &DaitchMokotoffSoundex) -> Self {
        use chrono::Datelike;
        let given_initial = if c.name.given.is_none() {
            c.name
                .middle
                .as_deref()
                .and_then(|mid| mid.chars().next())
                .map(|ch| ch.to_ascii_lowercase())
        } else {
            None
        };
        let dm_codes = c
            .name
            .family_key
            .as_deref()
            .filter(|k| !k.is_empty())
            .map(|k| dm.inner_soundex(k, true))
            .unwrap_or_default();
        let partner_families = m
            .together_with
            .iter()
            .filter_map(|name| name.split_whitespace().last())
            .map(|surname| defectors_clean::family_key(&defectors_clean::spelling_key(surname)))
            .filter(|k| !k.is_empty())
            .collect();
        let skeletons =
            |w: Option<&str>| KeySet::new(w.map(defectors_clean::skeletons).unwrap_or_default());
        Self {
            surname_skeletons: skeletons(c.name.surname.as_deref()),
            given_skeletons: skeletons(c.name.given.as_deref()),
            index,
            mention_id: m.mention_id(),
            source_id: m.provenance.source_id.clone(),
            line: m.provenance.line,
            given_key: c.name.given_key.clone(),
            given_initial,
            given_folded: c.name.given.as_deref().map(fold),
            surname_keys: KeySet::new(c.name.surname_keys.clone()),
            family_key: c.name.family_key.clone(),
            surname_folded: c.name.surname.as_deref().map(fold),
            dm_codes: KeySet::new(dm_codes),
            gender: c.name.gender,
            surname_gender: c.name.surname_gender,
            suffix: c.name.suffix.clone(),
            year: m.year.map(|y| (y.min, y.max)),
            profession: c.profession_category,
            agency: c.agency.clone(),
            destination: c.destination_first.clone(),
            birth_year: m.born.map(|d| d.year()),
            death_year: m.died.map(|d| d.year()),
            partner_families,
            status: m.status,
            companion: m.companion,
        }
    }
}

/// A set of keys (spellings, skeletons or phonetic codes) with a hash of each, so that two
/// sets are compared on integers and a text is read only where two hashes agree. Reads as
/// the slice of its keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    keys: Vec<String>,
    hashes: Vec<u64>,
}

impl KeySet {
    /// The set of `keys`, in their order.
    pub fn new(keys: Vec<String>) -> Self {
        use std::hash::BuildHasher;
        let hashes = keys
            .iter()
            .map(|k| rustc_hash::FxBuildHasher.hash_one(k))
            .collect();
        Self { keys, hashes }
    }

    /// The first of these keys that `other` also holds.
    pub fn shared(&self, other: &KeySet) -> Option<&str> {
        self.hashes
            .iter()
            .zip(&self.keys)
            .find(|&(h, k)| {
                other
                    .hashes
                    .iter()
                    .zip(&other.keys)
                    .any(|(g, o)| g == h && o == k)
            })
            .map(|(_, k)| k.as_str())
    }

    /// Whether the two sets share a key.
    pub fn meets(&self, other: &KeySet) -> bool {
        self.shared(other).is_some()
    }
}

impl Deref for KeySet {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.keys
    }
}

impl<'a> IntoIterator for &'a KeySet {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter()
    }
}

/// Term frequencies of surname keys over all mentions (for the surname `u`).
#[derive(Debug, Clone, Default)]
pub struct SurnameFrequencies {
    /// The weight of agreeing on each key of the corpus (see [`SurnameFrequencies::same_weight`]).
    same_weights: FxHashMap<String, f64>,
    total: usize,
}

impl SurnameFrequencies {
    /// Counts the surname keys of all mentions and weighs an agreement on each.
    pub fn new(features: &[Features]) -> Self {
        let mut counts: FxHashMap<String, usize> = FxHashMap::default();
        for f in features {
            for k in &f.surname_keys {
                *counts.entry(k.clone()).or_insert(0) += 1;
            }
        }
        let total = features.len().max(1);
        let same_weights = counts
            .into_iter()
            .map(|(k, n)| (k, weight(SURNAME_SAME_M, u(n, total))))
            .collect();
        Self {
            same_weights,
            total,
        }
    }

    /// The weight of two mentions sharing the surname key `key`: `log2(m / u)` with the
    /// key's `u` (see [`u`]; a key the corpus lacks counts once).
    fn same_weight(&self, key: &str) -> f64 {
        self.same_weights
            .get(key)
            .copied()
            .unwrap_or_else(|| weight(SURNAME_SAME_M, u(1, self.total)))
    }
}

/// `u` of agreeing on a key `n` of `total` mentions hold: its frequency, smoothed towards
/// `SURNAME_U_PRIOR` with `SURNAME_PRIOR_WEIGHT` pseudo-mentions (a small corpus says little
/// about how common a surname is).
fn u(n: usize, total: usize) -> f64 {
    let smoothed =
        (n as f64 + SURNAME_PRIOR_WEIGHT * SURNAME_U_PRIOR) / (total as f64 + SURNAME_PRIOR_WEIGHT);
    smoothed.max(SURNAME_U_FLOOR)
}

/// The weights of one pair, comparison by comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// Given name weight.
    pub given: f64,
    /// Surname weight.
    pub surname: f64,
    /// Year weight.
    pub year: f64,
    /// Profession category weight.
    pub profession: f64,
    /// Agency weight.
    pub agency: f64,
    /// First destination weight.
    pub destination: f64,
    /// Birth year weight.
    pub birth: f64,
    /// Same-partner weight.
    pub partner: f64,
    /// Why the pair can never be one person, if it cannot ([`CannotLink::describe`] says it
    /// in words).
    pub cannot_link: Option<CannotLink>,
    /// Whether the surnames agree at any level (a link needs it).
    pub surname_agrees: bool,
    /// The level of each context field compared (slots in `Field::ALL` order), whose weight
    /// [`Evidence::reweigh`] can replace with an estimated one.
    pub context: [Option<Level>; Field::ALL.len()],
}

/// Why two mentions can never be one person. The reasons that name the mentions' own values
/// are put in words by [`CannotLink::describe`], from the two mentions' features: millions of
/// candidate pairs carry a reason, few are written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CannotLink {
    /// Named separately on one line (a couple, two forms of a name named together).
    SameLine,
    /// A generational suffix on one side that the other lacks or differs from.
    Suffix,
    /// Given names of different genders.
    Gender,
    /// Different given names, not close in spelling.
    GivenNames,
    /// An initial that does not fit the other side's given name.
    Initial,
    /// A defection in `year` after the death of one side.
    DiedBefore {
        /// Year of death.
        death: i32,
        /// Year of the other mention's defection.
        year: i32,
    },
    /// An age at defection outside what a person can be.
    ImpossibleAge {
        /// Year of birth.
        birth: i32,
        /// Year of the other mention's defection.
        year: i32,
    },
    /// This many years apart, with nothing but the name in common.
    YearsApart(i32),
}

impl CannotLink {
    /// The reason in words, for the pair of mentions `a` and `b` it was found for.
    pub fn describe(self, a: &Features, b: &Features) -> String {
        let or = |v: &Option<String>, none: &str| v.clone().unwrap_or_else(|| none.to_owned());
        match self {
            Self::SameLine => "named separately on the same line".to_owned(),
            Self::Suffix => format!(
                "suffix {} vs {}",
                or(&a.suffix, "none"),
                or(&b.suffix, "none")
            ),
            Self::Gender => format!(
                "gender {} vs {}",
                a.gender.unwrap_or('?'),
                b.gender.unwrap_or('?')
            ),
            Self::GivenNames => format!(
                "different given names ({} / {})",
                or(&a.given_folded, "?"),
                or(&b.given_folded, "?")
            ),
            Self::Initial => {
                let (named, initial) = if a.given_key.is_some() {
                    (a, b)
                } else {
                    (b, a)
                };
                format!(
                    "initial {} does not fit {}",
                    initial.given_initial.unwrap_or('?'),
                    or(&named.given_key, "?")
                )
            }
            Self::DiedBefore { death, year } => format!("died {death}, before {year}"),
            Self::ImpossibleAge { birth, year } => {
                format!("born {birth}, would be {} in {year}", year - birth)
            }
            Self::YearsApart(gap) => {
                format!("years {gap} apart and nothing but the name agrees")
            }
        }
    }
}

impl Evidence {
    /// The total weight.
    pub fn total(&self) -> f64 {
        self.given
            + self.surname
            + self.year
            + self.profession
            + self.agency
            + self.destination
            + self.birth
            + self.partner
    }

    /// The context levels compared.
    pub fn levels(&self) -> impl Iterator<Item = Level> + '_ {
        self.context.iter().flatten().copied()
    }

    /// The part of the total that no context level accounts for (names and partners).
    pub fn fixed_weight(&self) -> f64 {
        self.total()
            - self
                .levels()
                .map(|l| *self.field_weight(l.field()))
                .sum::<f64>()
    }

    /// Replaces the weight of every context level compared with its weight in `weights`.
    pub fn reweigh(&mut self, weights: &Weights) {
        for level in self.context.into_iter().flatten() {
            *self.field_weight_mut(level.field()) = weights.weight(level);
        }
    }

    /// Records a context level with its prior weight.
    fn set(&mut self, level: Level) {
        self.context[level.field() as usize] = Some(level);
        *self.field_weight_mut(level.field()) = level.prior_weight();
    }

    fn field_weight(&self, field: Field) -> &f64 {
        match field {
            Field::Year => &self.year,
            Field::Profession => &self.profession,
            Field::Agency => &self.agency,
            Field::Destination => &self.destination,
            Field::Birth => &self.birth,
        }
    }

    fn field_weight_mut(&mut self, field: Field) -> &mut f64 {
        match field {
            Field::Year => &mut self.year,
            Field::Profession => &mut self.profession,
            Field::Agency => &mut self.agency,
            Field::Destination => &mut self.destination,
            Field::Birth => &mut self.birth,
        }
    }

    /// True when the pair may be linked: no hard constraint, surnames agree, and the total
    /// reaches `threshold`.
    pub fn links_at(&self, threshold: f64) -> bool {
        self.cannot_link.is_none() && self.surname_agrees && self.total() >= threshold
    }
}

/// The name and partner levels, whose weights are fixed (never estimated).
#[derive(Debug, Clone, Copy)]
enum Fixed {
    GivenSame,
    GivenClose,
    GivenInitial,
    SurnameFamily,
    SurnameSlip,
    SurnameClose,
    SurnameDifferent,
    PartnerSame,
}

impl Fixed {
    /// Every fixed level, in declaration order.
    const ALL: [Fixed; 8] = [
        Fixed::GivenSame,
        Fixed::GivenClose,
        Fixed::GivenInitial,
        Fixed::SurnameFamily,
        Fixed::SurnameSlip,
        Fixed::SurnameClose,
        Fixed::SurnameDifferent,
        Fixed::PartnerSame,
    ];

    /// The (m, u) of `params.rs`.
    fn m_u(self) -> (f64, f64) {
        match self {
            Fixed::GivenSame => GIVEN_SAME,
            Fixed::GivenClose => GIVEN_CLOSE,
            Fixed::GivenInitial => GIVEN_INITIAL,
            Fixed::SurnameFamily => SURNAME_FAMILY,
            Fixed::SurnameSlip => SURNAME_SLIP,
            Fixed::SurnameClose => SURNAME_CLOSE,
            Fixed::SurnameDifferent => SURNAME_DIFFERENT,
            Fixed::PartnerSame => PARTNER_SAME,
        }
    }

    /// `log2(m / u)`, computed once per run rather than once per pair.
    fn weight(self) -> f64 {
        static WEIGHTS: LazyLock<[f64; Fixed::ALL.len()]> = LazyLock::new(|| {
            Fixed::ALL.map(|level| {
                let (m, u) = level.m_u();
                weight(m, u)
            })
        });
        WEIGHTS[self as usize]
    }
}

/// Whether one mention writes the other's name in the other order (`Tocsos Zoltan` /
/// `Zoltan Tocsos`): each one's given name meets the other's surname by skeleton.
fn swapped(a: &Features, b: &Features) -> bool {
    !a.given_skeletons.is_empty()
        && !b.given_skeletons.is_empty()
        && a.given_skeletons.meets(&b.surname_skeletons)
        && a.surname_skeletons.meets(&b.given_skeletons)
}

/// Whether two key sets (skeletons or spellings) are one typing slip apart (an edit of one
/// letter or a swap of two neighbours, on keys of at least `SLIP_MIN_LEN` letters).
fn one_slip_apart(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| {
        b.iter()
            .any(|y| x.len().min(y.len()) >= SLIP_MIN_LEN && strsim::osa_distance(x, y) <= 1)
    })
}

/// Asks the processor to load the memory a comparison reads of `f`: its own bytes
/// (`heap` false), or the key sets and texts they point to (`heap` true, once its own bytes
/// are loaded). A hint only: nothing is read, and without x86-64 it does nothing.
pub(crate) fn prefetch(f: &Features, heap: bool) {
    if heap {
        for keys in [&f.surname_keys, &f.surname_skeletons, &f.given_skeletons] {
            prefetch_line(keys.hashes.as_ptr().cast());
        }
        for text in [f.given_key.as_deref(), Some(f.source_id.as_str())]
            .into_iter()
            .flatten()
        {
            prefetch_line(text.as_ptr());
        }
    } else {
        let start: *const u8 = (f as *const Features).cast();
        for offset in (0..std::mem::size_of::<Features>()).step_by(64) {
            prefetch_line(start.wrapping_add(offset));
        }
    }
}

/// A prefetch hint for the cache line of `p`.
#[inline(always)]
fn prefetch_line(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it reads nothing and cannot fault, whatever `p` is.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Compares two mentions.
pub fn compare(a: &Features, b: &Features, tf: &SurnameFrequencies) -> Evidence {
    if swapped(a, b) {
        return compare_swapped(a, b);
    }
    let mut e = Evidence::default();
    // Hard constraints first.
    // Two mentions of one line are two people (a couple: `Ivan and Maria Sokolov`,
    // masculine and feminine forms named together).
    if a.source_id == b.source_id && a.line == b.line {
        e.cannot_link = Some(CannotLink::SameLine);
    }
    if a.suffix != b.suffix && (a.suffix.is_some() || b.suffix.is_some()) {
        e.cannot_link = Some(CannotLink::Suffix);
    }
    if let (Some(ga), Some(gb)) = (a.gender, b.gender)
        && ga != gb
        && a.given_key.is_some()
        && b.given_key.is_some()
    {
        e.cannot_link = Some(CannotLink::Gender);
    }

    // Given names.
    let given_skeletons_meet = a.given_skeletons.meets(&b.given_skeletons);
    match (&a.given_key, &b.given_key) {
        (Some(x), Some(y)) if x == y => e.given = Fixed::GivenSame.weight(),
        // One name in two transliterations (`Wassilij` / `Vasily`).
        (Some(_), Some(_)) if given_skeletons_meet => e.given = Fixed::GivenSame.weight(),
        (Some(_), Some(_)) => {
            let close = match (&a.given_folded, &b.given_folded) {
                (Some(x), Some(y)) => strsim::jaro_winkler(x, y) >= GIVEN_CLOSE_JW,
                _ => false,
            };
            if close {
                e.given = Fixed::GivenClose.weight();
            } else {
                e.cannot_link = Some(CannotLink::GivenNames);
            }
        }
        (Some(g), None) | (None, Some(g)) => {
            let initial = if a.given_key.is_some() {
                b.given_initial
            } else {
                a.given_initial
            };
            if let Some(i) = initial {
                if g.starts_with(i) {
                    e.given = Fixed::GivenInitial.weight();
                } else {
                    e.cannot_link = Some(CannotLink::Initial);
                }
            }
        }
        (None, None) => {}
    }

    compare_surnames(&mut e, a, b, tf);
    compare_context(&mut e, a, b);
    e
}

/// The surname levels: a shared spelling key (term-frequency weighted), the same family or
/// phonetic skeleton, one slip apart, close by Jaro–Winkler, or different.
fn compare_surnames(e: &mut Evidence, a: &Features, b: &Features, tf: &SurnameFrequencies) {
    let shared = a.surname_keys.shared(&b.surname_keys);
    let skeletons_meet = a.surname_skeletons.meets(&b.surname_skeletons);
    if let Some(key) = shared {
        e.surname = tf.same_weight(key);
        e.surname_agrees = true;
    } else if (a.family_key.is_some() && a.family_key == b.family_key) || skeletons_meet {
        e.surname = Fixed::SurnameFamily.weight();
        e.surname_agrees = true;
    } else if one_slip_apart(&a.surname_skeletons, &b.surname_skeletons)
        || one_slip_apart(a.surname_folded.as_slice(), b.surname_folded.as_slice())
    {
        e.surname = Fixed::SurnameSlip.weight();
        e.surname_agrees = true;
    } else if let (Some(x), Some(y)) = (&a.family_key, &b.family_key) {
        let phonetic = a.dm_codes.meets(&b.dm_codes);
        let similarity = strsim::jaro_winkler(x, y);
        if similarity >= SURNAME_CLOSE_JW || (phonetic && similarity >= SURNAME_PHONETIC_JW) {
            e.surname = Fixed::SurnameClose.weight();
            e.surname_agrees = true;
        } else {
            e.surname = Fixed::SurnameDifferent.weight();
        }
    }
}

/// A pair whose names are written in opposite orders: the name agrees as given name and
/// surname at the skeleton level; the rest is compared as usual.
fn compare_swapped(a: &Features, b: &Features) -> Evidence {
    let mut e = Evidence::default();
    if a.source_id == b.source_id && a.line == b.line {
        e.cannot_link = Some(CannotLink::SameLine);
    }
    e.given = Fixed::GivenSame.weight();
    e.surname = Fixed::SurnameFamily.weight();
    e.surname_agrees = true;
    compare_context(&mut e, a, b);
    e
}

/// Years, profession, agency, destination, birth year and partners.
fn compare_context(e: &mut Evidence, a: &Features, b: &Features) {
    let gap = year_gap(a, b);
    if let Some(gap) = gap {
        e.set(match gap {
            0 => Level::YearSame,
            1 => Level::YearNear,
            2 | 3 => Level::YearClose,
            4..=10 => Level::YearFar,
            _ => Level::YearVeryFar,
        });
        // A companion's year is the year of someone else's escape, perhaps another attempt of
        // theirs: it may confirm, never contradict (and says nothing of the corpus's years).
        if a.companion || b.companion {
            e.year = e.year.max(0.0);
            e.context[Field::Year as usize] = None;
        }
    }
    let levels = [
        agree(
            &a.profession,
            &b.profession,
            Level::ProfessionSame,
            Level::ProfessionDifferent,
        ),
        agree(
            &a.agency,
            &b.agency,
            Level::AgencySame,
            Level::AgencyDifferent,
        ),
        agree(
            &a.destination,
            &b.destination,
            Level::DestinationSame,
            Level::DestinationDifferent,
        ),
        agree(
            &a.birth_year,
            &b.birth_year,
            Level::BirthSame,
            Level::BirthDifferent,
        ),
    ];
    for level in levels.into_iter().flatten() {
        e.set(level);
    }
    if a.partner_families
        .iter()
        .any(|p| b.partner_families.contains(p))
    {
        e.partner = Fixed::PartnerSame.weight();
    }
    namesakes_apart(e, a, b, gap);
    dates_fit(e, a, b);
}

/// A birth date on one side and a year of defection on the other fit when the person would
/// have been between `MIN_AGE` and `MAX_AGE` and was still alive (a companion, a child taken
/// along, is exempt).
/// Where no years are compared (one side has none), the age is the year evidence: typical
/// (`TYPICAL_AGE`) or merely possible.
fn dates_fit(e: &mut Evidence, a: &Features, b: &Features) {
    for (dated, other) in [(a, b), (b, a)] {
        let Some((y0, y1)) = other.year else {
            continue;
        };
        if other.companion || dated.companion {
            continue;
        }
        if let Some(death) = dated.death_year
            && y0 > death
            && e.cannot_link.is_none()
        {
            e.cannot_link = Some(CannotLink::DiedBefore { death, year: y0 });
        }
        let Some(birth) = dated.birth_year else {
            continue;
        };
        let ages = y0 - birth..=y1 - birth;
        if !ages.clone().any(|age| (MIN_AGE..=MAX_AGE).contains(&age)) && e.cannot_link.is_none() {
            e.cannot_link = Some(CannotLink::ImpossibleAge { birth, year: y0 });
        }
        if dated.year.is_none() {
            let typical = ages.into_iter().any(|age| TYPICAL_AGE.contains(&age));
            e.set(if typical {
                Level::AgeTypical
            } else {
                Level::AgeAtypical
            });
        }
    }
}

/// Years between two mentions' ranges (0 when they overlap); `None` when one has none.
fn year_gap(a: &Features, b: &Features) -> Option<i32> {
    let ((a0, a1), (b0, b1)) = (a.year?, b.year?);
    Some(if a1 < b0 {
        b0 - a1
    } else if b1 < a0 {
        a0 - b1
    } else {
        0
    })
}

/// Namesakes: two mentions of their own (no companion) more than `NAMESAKE_YEARS` apart are
/// two people unless a birth year or a partner links them (a profession category or a
/// destination is shared by too many to tell namesakes apart).
fn namesakes_apart(e: &mut Evidence, a: &Features, b: &Features, gap: Option<i32>) {
    let far = gap.is_some_and(|g| g > NAMESAKE_YEARS) && !a.companion && !b.companion;
    let other_evidence = e.birth > 0.0 || e.partner > 0.0;
    if far && !other_evidence && e.cannot_link.is_none() {
        e.cannot_link = Some(CannotLink::YearsApart(gap.unwrap_or_default()));
    }
}

/// The level of a field both mentions give: `same` when equal, else `different`.
fn agree<T: PartialEq>(
    a: &Option<T>,
    b: &Option<T>,
    same: Level,
    different: Level,
) -> Option<Level> {
    match (a, b) {
        (Some(x), Some(y)) if x == y => Some(same),
        (Some(_), Some(_)) => Some(different),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(keys: &[&str]) -> KeySet {
        KeySet::new(keys.iter().map(|k| (*k).to_owned()).collect())
    }

    /// `shared` is the first key of the left set that the right one holds, as a scan of the
    /// texts finds it.
    #[test]
    fn key_sets_share_what_their_texts_share() {
        let sets = [
            set(&[]),
            set(&["SKLF"]),
            set(&["SKLF", "SKLV"]),
            set(&["SKLV", "SKLF"]),
            set(&["IVNV", "SKLV"]),
            set(&["sokolov", "sokolova"]),
        ];
        for a in &sets {
            for b in &sets {
                let by_text = a.iter().find(|k| b.contains(k)).map(String::as_str);
                assert_eq!(a.shared(b), by_text, "{a:?} / {b:?}");
                assert_eq!(a.meets(b), by_text.is_some());
            }
        }
    }

    #[test]
    fn fixed_weights_are_their_log_ratios() {
        for level in Fixed::ALL {
            let (m, u) = level.m_u();
            assert_eq!(level.weight(), weight(m, u), "{level:?}");
        }
    }
}
