//! Pair comparison: the Fellegi–Sunter weights of two mentions' features.

use std::sync::LazyLock;

use crate::estimate::{Field, Level, Weights};
use crate::features::Features;
use crate::keys::{Key, KeyTable};
use crate::params::*;

/// Sets the weight of agreeing on each surname spelling key in `keys` from how many of the
/// mentions hold it: `log2(m / u)` with the key's `u` (see [`u`]).
pub(crate) fn weigh_surname_keys(features: &[Features], keys: &mut KeyTable) {
    let mut counts = vec![0usize; keys.len()];
    for f in features {
        for &k in f.surname_keys.keys() {
            counts[KeyTable::slot(k)] += 1;
        }
    }
    let total = features.len().max(1);
    keys.weigh_surnames(&counts, |n| weight(SURNAME_SAME_M, u(n, total)));
}

/// `u` of agreeing on a key `n` of `total` mentions hold: its frequency, smoothed towards
/// `SURNAME_U_PRIOR` with `SURNAME_PRIOR_WEIGHT` pseudo-mentions (a small corpus says little
/// about how common a surname is).
fn u(n: usize, total: usize) -> f64 {
    let smoothed =
        (n as f64 + SURNAME_PRIOR_WEIGHT * SURNAME_U_PRIOR) / (total as f64 + SURNAME_PRIOR_WEIGHT);
    smoothed.max(SURNAME_U_FLOOR)
}

/// The weight each comparison of a pair gives (the `match_evidence` weight columns).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EvidenceWeights {
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
}

impl EvidenceWeights {
    /// The sum of the weights.
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
}

/// A pair's weights as `match_evidence` writes them: the total and each comparison's
/// weight rounded to thousandths, held as whole thousandths (4 bytes where an `f64` takes 8:
/// the rows of millions of pairs are held until their table is written).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundedWeights {
    /// The total weight ([`EvidenceWeights::total`]).
    pub total: Thousandths,
    /// Given name weight.
    pub given: Thousandths,
    /// Surname weight.
    pub surname: Thousandths,
    /// Year weight.
    pub year: Thousandths,
    /// Profession category weight.
    pub profession: Thousandths,
    /// Agency weight.
    pub agency: Thousandths,
    /// First destination weight.
    pub destination: Thousandths,
    /// Birth year weight.
    pub birth: Thousandths,
    /// Same-partner weight.
    pub partner: Thousandths,
}

impl RoundedWeights {
    /// The weights of `w`, each (and their unrounded total) rounded to thousandths.
    pub fn of(w: &EvidenceWeights) -> Self {
        let t = Thousandths::of;
        Self {
            total: t(w.total()),
            given: t(w.given),
            surname: t(w.surname),
            year: t(w.year),
            profession: t(w.profession),
            agency: t(w.agency),
            destination: t(w.destination),
            birth: t(w.birth),
            partner: t(w.partner),
        }
    }
}

/// A weight rounded to thousandths, as a whole number of thousandths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Thousandths(i32);

impl Thousandths {
    /// `w` rounded to thousandths (half away from zero).
    pub fn of(w: f64) -> Self {
        let thousandths = (w * 1000.0).round();
        debug_assert!(thousandths.abs() < f64::from(i32::MAX), "a weight of {w}");
        Self(thousandths as i32)
    }

    /// The rounded weight: the same `f64` as `(w * 1000.0).round() / 1000.0`.
    pub fn value(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

/// The weights of one pair, comparison by comparison, and what else comparing them found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// The weights.
    pub weights: EvidenceWeights,
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
    /// The reason in words, for the pair of mentions `a` and `b` it was found for (their
    /// keys in `keys`).
    pub fn describe(self, a: &Features, b: &Features, keys: &KeyTable) -> String {
        self.named(a, b).describe(keys)
    }

    /// The reason with the values of `a` and `b` that its words name.
    pub fn named(self, a: &Features, b: &Features) -> NamedCannotLink {
        type N = NamedCannotLink;
        match self {
            Self::Suffix => N::Suffix(a.suffix, b.suffix),
            Self::Gender => N::Gender(a.gender, b.gender),
            Self::GivenNames => N::GivenNames(a.given_folded, b.given_folded),
            Self::Initial => {
                let (named, initial) = if a.given_key.is_some() {
                    (a, b)
                } else {
                    (b, a)
                };
                N::Initial(initial.given_initial, named.given_key)
            }
            Self::SameLine
            | Self::DiedBefore { .. }
            | Self::ImpossibleAge { .. }
            | Self::YearsApart(_) => N::Unnamed(self),
        }
    }
}

/// A [`CannotLink`] reason with the values of the two mentions that its words name, as
/// keys: 12 bytes, put in words only when its `match_evidence` row is written (millions of
/// rows at a million people, each of which held its words before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedCannotLink {
    /// See [`CannotLink::Suffix`]: each side's suffix.
    Suffix(Option<Key>, Option<Key>),
    /// See [`CannotLink::Gender`]: each side's gender.
    Gender(Option<char>, Option<char>),
    /// See [`CannotLink::GivenNames`]: each side's folded given name.
    GivenNames(Option<Key>, Option<Key>),
    /// See [`CannotLink::Initial`]: the initial and the given name it does not fit.
    Initial(Option<char>, Option<Key>),
    /// A reason whose words name no value of either mention (a line, years).
    Unnamed(CannotLink),
}

impl NamedCannotLink {
    /// The reason in words, its keys read from `keys`.
    pub fn describe(&self, keys: &KeyTable) -> String {
        let or = |v: &Option<Key>, none: &str| v.map_or(none, |k| keys.text(k)).to_owned();
        match self {
            Self::Suffix(a, b) => format!("suffix {} vs {}", or(a, "none"), or(b, "none")),
            Self::Gender(a, b) => format!("gender {} vs {}", a.unwrap_or('?'), b.unwrap_or('?')),
            Self::GivenNames(a, b) => {
                format!("different given names ({} / {})", or(a, "?"), or(b, "?"))
            }
            Self::Initial(initial, named) => format!(
                "initial {} does not fit {}",
                initial.unwrap_or('?'),
                or(named, "?")
            ),
            Self::Unnamed(CannotLink::DiedBefore { death, year }) => {
                format!("died {death}, before {year}")
            }
            Self::Unnamed(CannotLink::ImpossibleAge { birth, year }) => {
                format!("born {birth}, would be {} in {year}", year - birth)
            }
            Self::Unnamed(CannotLink::YearsApart(gap)) => {
                format!("years {gap} apart and nothing but the name agrees")
            }
            Self::Unnamed(CannotLink::SameLine) => "named separately on the same line".to_owned(),
            // `CannotLink::named` names these; left unnamed, their values are unknown.
            Self::Unnamed(CannotLink::Suffix) => Self::Suffix(None, None).describe(keys),
            Self::Unnamed(CannotLink::Gender) => Self::Gender(None, None).describe(keys),
            Self::Unnamed(CannotLink::GivenNames) => Self::GivenNames(None, None).describe(keys),
            Self::Unnamed(CannotLink::Initial) => Self::Initial(None, None).describe(keys),
        }
    }
}

impl Evidence {
    /// The total weight.
    pub fn total(&self) -> f64 {
        self.weights.total()
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
            Field::Year => &self.weights.year,
            Field::Profession => &self.weights.profession,
            Field::Agency => &self.weights.agency,
            Field::Destination => &self.weights.destination,
            Field::Birth => &self.weights.birth,
        }
    }

    fn field_weight_mut(&mut self, field: Field) -> &mut f64 {
        match field {
            Field::Year => &mut self.weights.year,
            Field::Profession => &mut self.weights.profession,
            Field::Agency => &mut self.weights.agency,
            Field::Destination => &mut self.weights.destination,
            Field::Birth => &mut self.weights.birth,
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

/// Whether two sets of keys (skeletons or spellings) are one typing slip apart (an edit of
/// one letter or a swap of two neighbours, on keys of at least `SLIP_MIN_LEN` letters).
fn one_slip_apart(a: &[Key], b: &[Key], keys: &KeyTable) -> bool {
    a.iter().any(|&x| {
        b.iter().any(|&y| {
            let (x, y) = (keys.text(x), keys.text(y));
            x.len().min(y.len()) >= SLIP_MIN_LEN && within_one_slip(x, y)
        })
    })
}

/// Whether the optimal string alignment distance of two texts (`strsim::osa_distance`) is
/// at most 1. Pairs of ASCII texts, nearly all of them, are checked in one pass over their
/// bytes; `strsim` would fill its whole table of distances.
fn within_one_slip(x: &str, y: &str) -> bool {
    if !(x.is_ascii() && y.is_ascii()) {
        return strsim::osa_distance(x, y) <= 1;
    }
    let (a, b) = if x.len() <= y.len() {
        (x.as_bytes(), y.as_bytes())
    } else {
        (y.as_bytes(), x.as_bytes())
    };
    let same = a.iter().zip(b).take_while(|(p, q)| p == q).count();
    if a.len() == b.len() {
        // Equal, one letter replaced, or two neighbours swapped (checked in that order: the
        // later checks read past the first difference, which the earlier rule out is the end).
        let next = same + 1;
        let replaced = || a[next..] == b[next..];
        let swapped = || {
            next < a.len()
                && a[same] == b[next]
                && a[next] == b[same]
                && a[next + 1..] == b[next + 1..]
        };
        same == a.len() || replaced() || swapped()
    } else {
        // One letter inserted.
        b.len() == a.len() + 1 && a[same..] == b[same + 1..]
    }
}

/// Jaro–Winkler similarity of two texts (`strsim::jaro_winkler`), compared byte by byte when
/// both are ASCII: the same figure, without decoding the characters again at every step.
fn jaro_winkler(x: &str, y: &str) -> f64 {
    if x.is_ascii() && y.is_ascii() {
        strsim::generic_jaro_winkler(&Bytes(x.as_bytes()), &Bytes(y.as_bytes()))
    } else {
        strsim::jaro_winkler(x, y)
    }
}

/// The bytes of a text, as `strsim`'s generic measures read a sequence.
struct Bytes<'a>(&'a [u8]);

impl<'a> IntoIterator for &Bytes<'a> {
    type Item = &'a u8;
    type IntoIter = std::slice::Iter<'a, u8>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Asks the processor to load the bytes of `f` that a comparison reads (all of them; its
/// keys are inline). A hint only: nothing is read, and without x86-64 it does nothing.
pub(crate) fn prefetch(f: &Features) {
    let start: *const u8 = (f as *const Features).cast();
    for offset in (0..std::mem::size_of::<Features>()).step_by(64) {
        prefetch_line(start.wrapping_add(offset));
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

/// Compares two mentions (their keys in `keys`).
pub fn compare(a: &Features, b: &Features, keys: &KeyTable) -> Evidence {
    if swapped(a, b) {
        return compare_swapped(a, b);
    }
    let mut e = Evidence::default();
    // Hard constraints first.
    // Two mentions of one line are two people (a couple: `Ivan and Maria Sokolov`,
    // masculine and feminine forms named together).
    if a.source == b.source && a.line == b.line {
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
        (Some(x), Some(y)) if x == y => e.weights.given = Fixed::GivenSame.weight(),
        // One name in two transliterations (`Wassilij` / `Vasily`).
        (Some(_), Some(_)) if given_skeletons_meet => e.weights.given = Fixed::GivenSame.weight(),
        (Some(_), Some(_)) => {
            let close = match (a.given_folded, b.given_folded) {
                (Some(x), Some(y)) => jaro_winkler(keys.text(x), keys.text(y)) >= GIVEN_CLOSE_JW,
                _ => false,
            };
            if close {
                e.weights.given = Fixed::GivenClose.weight();
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
                if keys.text(*g).starts_with(i) {
                    e.weights.given = Fixed::GivenInitial.weight();
                } else {
                    e.cannot_link = Some(CannotLink::Initial);
                }
            }
        }
        (None, None) => {}
    }

    compare_surnames(&mut e, a, b, keys);
    compare_context(&mut e, a, b);
    e
}

/// The surname levels: a shared spelling key (term-frequency weighted), the same family or
/// phonetic skeleton, one slip apart, close by Jaro–Winkler, or different.
fn compare_surnames(e: &mut Evidence, a: &Features, b: &Features, keys: &KeyTable) {
    let shared = a.surname_keys.shared(&b.surname_keys);
    let skeletons_meet = a.surname_skeletons.meets(&b.surname_skeletons);
    if let Some(key) = shared {
        e.weights.surname = keys.surname_weight(key);
        e.surname_agrees = true;
    } else if (a.family_key.is_some() && a.family_key == b.family_key) || skeletons_meet {
        e.weights.surname = Fixed::SurnameFamily.weight();
        e.surname_agrees = true;
    } else if one_slip_apart(a.surname_skeletons.keys(), b.surname_skeletons.keys(), keys)
        || one_slip_apart(
            a.surname_folded.as_slice(),
            b.surname_folded.as_slice(),
            keys,
        )
    {
        e.weights.surname = Fixed::SurnameSlip.weight();
        e.surname_agrees = true;
    } else if let (Some(x), Some(y)) = (a.family_key, b.family_key) {
        let phonetic = a.dm_codes.meets(&b.dm_codes);
        let similarity = jaro_winkler(keys.text(x), keys.text(y));
        if similarity >= SURNAME_CLOSE_JW || (phonetic && similarity >= SURNAME_PHONETIC_JW) {
            e.weights.surname = Fixed::SurnameClose.weight();
            e.surname_agrees = true;
        } else {
            e.weights.surname = Fixed::SurnameDifferent.weight();
        }
    }
}

/// A pair whose names are written in opposite orders: the name agrees as given name and
/// surname at the skeleton level; the rest is compared as usual.
fn compare_swapped(a: &Features, b: &Features) -> Evidence {
    let mut e = Evidence::default();
    if a.source == b.source && a.line == b.line {
        e.cannot_link = Some(CannotLink::SameLine);
    }
    e.weights.given = Fixed::GivenSame.weight();
    e.weights.surname = Fixed::SurnameFamily.weight();
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
            e.weights.year = e.weights.year.max(0.0);
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
    if a.partner_families.meets(&b.partner_families) {
        e.weights.partner = Fixed::PartnerSame.weight();
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
    let other_evidence = e.weights.birth > 0.0 || e.weights.partner > 0.0;
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

    /// Texts over three letters, so that near misses are common.
    fn short_text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex("[abc]{0,7}").expect("a valid pattern")
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// `y` is `x` with a few letters from `at` replaced by `patch`: mostly near misses.
        /// Each pair is also compared with `é` for `c` (texts that are not ASCII).
        #[test]
        fn slips_and_similarity_are_strsims(
            x in short_text(),
            patch in short_text(),
            (at, cut) in (0usize..8, 0usize..3),
        ) {
            let chars: Vec<char> = x.chars().collect();
            let at = at.min(chars.len());
            let end = (at + cut).min(chars.len());
            let head: String = chars[..at].iter().collect();
            let tail: String = chars[end..].iter().collect();
            let y = format!("{head}{}{tail}", patch.chars().take(2).collect::<String>());
            let accented = |t: &str| t.replace('c', "é");
            let pairs = [(x.clone(), y.clone()), (x.clone(), patch.clone()), (accented(&x), accented(&y))];
            for (x, y) in &pairs {
                let osa = strsim::osa_distance(x, y);
                proptest::prop_assert_eq!(within_one_slip(x, y), osa <= 1, "{} / {}", x, y);
                proptest::prop_assert_eq!(jaro_winkler(x, y), strsim::jaro_winkler(x, y));
            }
        }
    }

    proptest::proptest! {
        /// A weight kept in thousandths reads back as the weight rounded to thousandths.
        #[test]
        fn thousandths_are_the_rounded_weight(w in -100_000.0f64..100_000.0) {
            proptest::prop_assert_eq!(
                Thousandths::of(w).value().to_bits(),
                ((w * 1000.0).round() / 1000.0).to_bits()
            );
        }
    }

    #[test]
    fn slips_are_one_edit_or_one_swap() {
        for (x, y, slip) in [
            ("sokolov", "sokolov", true),
            ("sokolov", "sokoloff", false),
            ("sokolov", "sokolv", true),
            ("sokolov", "sokloov", true),
            ("sokolov", "osklov", false),
            ("acx", "bax", false),
            ("ab", "ba", true),
            ("", "a", true),
            ("", "ab", false),
        ] {
            assert_eq!(within_one_slip(x, y), slip, "{x} / {y}");
            assert_eq!(within_one_slip(y, x), slip, "{y} / {x}");
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
