//! Person values: every value any mention gives for a field of a person, the one chosen and
//! why, and whether the values agree, are compatible (a point inside a range, a route that
//! fits another, two spellings of one name) or conflict. `conflicts` is the view of the
//! fields whose values conflict.
//!
//! Choice rule for a field whose values conflict, in order: the value supported by the most
//! sources; then a value given by a mention of the person's own over one read from a
//! companion's row; then the value of the source with the highest priority (manifest
//! `priority`, else by format); then the tie rule of the field (the earliest year, the latest
//! attempt, the most precise date, or the first mention in source and line order).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use compact_str::CompactString;
use rayon::prelude::*;

use crate::Priorities;

/// The mentions stating one value: indexes of the resolved mentions, in mention id order
/// (held inline up to four, the most a value of a person has but for a few).
pub type ValueMentions = smallvec::SmallVec<[u32; 4]>;

/// One value of one field of one person, with the mentions that state it. The person and
/// the mentions are indexes (a person has about a dozen rows, and a mention stands in one per
/// field); the mentions' sources are the value's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonValue {
    /// The person: its index in [`crate::Resolution::people`].
    pub person: u32,
    /// The field of `people` (`year`, `destination_final`, `status`, …).
    pub field: Field,
    /// The value as the mentions state it (cleaned; a year range as `1990–1991`, a route as
    /// `Spain → United States`), held inline up to 24 bytes.
    pub value: Option<CompactString>,
    /// The mentions stating it, as indexes of the mentions given to [`crate::resolve`], in
    /// the order of their ids (`source:line:n`).
    pub mentions: ValueMentions,
    /// Whether this value is the one in `people`.
    pub chosen: bool,
    /// Why the chosen value was chosen (the same on every row of the field).
    pub rule: ChoiceRule,
    /// Whether the field's values agree, are compatible or conflict (the same on every row
    /// of the field).
    pub agreement: Agreement,
}

// A build holds every value row until its table is written: 12.2M rows at a million people.
const _: () = assert!(std::mem::size_of::<PersonValue>() <= 56);

/// Rows of every person (value rows, events), in person id order, each person's in its own
/// order. They are held per person and never gathered into one vector: at a million people
/// (12M value rows) the gathered copy would add a gigabyte to the peak memory of the build,
/// and gathering the events held them twice at the peak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerPerson<T> {
    per_person: Vec<Vec<T>>,
}

/// The value rows of every person, each person's by field and value.
pub type ValueRows = PerPerson<PersonValue>;

impl<T> Default for PerPerson<T> {
    fn default() -> Self {
        Self {
            per_person: Vec::new(),
        }
    }
}

impl<T> PerPerson<T> {
    /// The rows of each person, in person id order.
    pub fn new(per_person: Vec<Vec<T>>) -> Self {
        Self { per_person }
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.per_person.iter().flatten()
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.per_person.iter().map(Vec::len).sum()
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.per_person.iter().all(Vec::is_empty)
    }

    /// The rows of each person, in person id order.
    pub fn into_per_person(self) -> Vec<Vec<T>> {
        self.per_person
    }
}

defectors_model::closed_set! {
    /// A field of `people` that a person's mentions give values for (`person_values.field`).
    pub enum Field {
        /// The display name.
        Name = "name",
        /// Defector, not a defector, disputed, companion or unsupported.
        Status = "status",
        /// The state defected from.
        Origin = "origin",
        /// The birthplace as written.
        Birthplace = "birthplace",
        /// The agency.
        Agency = "agency",
        /// The date of birth.
        Born = "born",
        /// The date of death.
        Died = "died",
        /// The year of the chosen event.
        Year = "year",
        /// How the chosen event ended.
        Outcome = "outcome",
        /// The profession category.
        ProfessionCategory = "profession_category",
        /// The profession phrase.
        Profession = "profession",
        /// The first country of refuge.
        DestinationFirst = "destination_first",
        /// The last country of refuge.
        DestinationFinal = "destination_final",
        /// The countries of the journey.
        DestinationPath = "destination_path",
    }
}

defectors_model::closed_set! {
    /// Whether the values a person's sources give for a field fit together.
    pub enum Agreement {
        /// Every mention gives the same value.
        Agree = "agree",
        /// The values differ but fit together: a point inside a range, a route that extends
        /// another, spellings of one name, phrases of one category.
        Compatible = "compatible",
        /// The values cannot all be true; one was chosen by the rule.
        Conflict = "conflict",
    }
}

defectors_model::closed_set! {
    /// Why a value was chosen (`person_values.rule`, `conflicts.rule`).
    pub enum ChoiceRule {
        /// Every mention gives this value.
        Only = "the only value",
        /// Compatible values: the most precise one, which lies inside every other.
        MostPrecise = "most precise, inside every other value",
        /// Compatible routes merged into one path (first refuge, last settlement).
        MergedRoute = "routes merged into one path",
        /// The most common full name in Latin script (a suffix any mention has is kept).
        DisplayName = "most common full name",
        /// The most common phrase of the chosen profession category.
        CategoryPhrase = "most common phrase of the chosen category",
        /// The route of the mentions that give the chosen final destination.
        FollowsFinal = "route ending at the chosen final destination",
        /// The value more sources give than any other.
        Majority = "majority of sources",
        /// Tied, but given by a mention of the person's own, not read from a companion's row.
        OwnMention = "own mention before a companion's row",
        /// Tied, and given by the source of highest priority.
        SourcePriority = "source priority",
        /// Tied years: the earliest.
        EarliestYear = "earliest year",
        /// Tied outcomes: that of the latest attempt.
        LatestAttempt = "latest attempt",
        /// Tied dates: the most precise (a full date over a year).
        MostPreciseDate = "most precise date",
        /// Tied otherwise: the value of the earliest mention.
        EarliestMention = "earliest mention",
        /// Status only: some sources call the person a defector, others say the term does not
        /// apply; no value is chosen and the person is `disputed`.
        Disputed = "disputed: sources disagree",
        /// Status only: known by a given name alone, as someone's companion; not counted.
        GivenNameOnly = "companion known by a given name only",
        /// Status only: listed by a persons table alone, with no dated entry; not counted.
        PersonsTableOnly = "persons table only, no dated entry",
    }
}

/// A value of a field as one mention gives it.
#[derive(Debug, Clone)]
pub(crate) struct Claim<'a> {
    /// The value, borrowed from the mention where it is written there.
    pub value: Cow<'a, str>,
    /// Index of the mention.
    pub mention: usize,
    /// The mention's source id (borrowed from the mention: a shared counted text would be
    /// counted up and down from every thread, millions of times at a million people).
    pub source: &'a str,
    /// From a mention of the person's own (not a companion named in someone's notes).
    pub primary: bool,
    /// (source, line, index in line): the mention's place, for the first-mention tie.
    pub order: (&'a str, u32, u32),
    /// Latest year of the mention, for the latest-attempt tie.
    pub year: Option<i32>,
}

/// How a field breaks a tie between conflicting values.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tie {
    SmallestYear,
    LatestAttempt,
    MostPreciseDate,
    FirstMention,
}

/// The values of one field of one person and the decision on them.
#[derive(Debug, Clone)]
pub(crate) struct FieldValues<'a> {
    pub field: Field,
    pub claims: Vec<Claim<'a>>,
    pub chosen: Option<String>,
    pub rule: ChoiceRule,
    pub agreement: Agreement,
}

impl<'a> FieldValues<'a> {
    /// A field whose value was decided by a rule of its own (name, route, profession phrase):
    /// `agree` when every claim gives the same value, else `compatible`.
    pub fn decided(
        field: Field,
        claims: Vec<Claim<'a>>,
        chosen: Option<String>,
        rule: ChoiceRule,
    ) -> Self {
        let distinct = distinct_values(&claims);
        let agree = distinct.len() <= 1 && distinct.iter().all(|v| Some(*v) == chosen.as_deref());
        let (rule, agreement) = if agree {
            (ChoiceRule::Only, Agreement::Agree)
        } else {
            (rule, Agreement::Compatible)
        };
        FieldValues {
            field,
            claims,
            chosen,
            rule,
            agreement,
        }
    }

    /// Chooses among the claims: one value agrees; values whose spans nest (years, dates)
    /// are compatible and the most precise wins; otherwise they conflict and the vote of
    /// the module doc decides.
    pub fn choose(field: Field, claims: Vec<Claim<'a>>, priorities: &Priorities, tie: Tie) -> Self {
        let distinct = distinct_values(&claims);
        let (chosen, rule, agreement) = if distinct.len() <= 1 {
            let only = distinct.first().map(|v| (*v).to_owned());
            (only, ChoiceRule::Only, Agreement::Agree)
        } else if let Some(inner) = innermost(&distinct) {
            (Some(inner), ChoiceRule::MostPrecise, Agreement::Compatible)
        } else {
            let (value, rule) = vote(&claims, priorities, tie);
            (Some(value), rule, Agreement::Conflict)
        };
        FieldValues {
            field,
            claims,
            chosen,
            rule,
            agreement,
        }
    }

    /// Turns the field into one row per distinct value, of person `person`; `id_ranks` are the
    /// ranks of all mentions' ids (equal ids, equal ranks; see [`id_ranks`]), which order each
    /// value's mentions by id.
    pub fn rows(&self, person: u32, id_ranks: &[u32]) -> Vec<PersonValue> {
        // (value, mention) in claim order, sorted by value (stable: a value's mentions stay in
        // claim order); most fields of most people have one claim or one value.
        let mut claims: Vec<(&str, u32)> = self
            .claims
            .iter()
            .map(|c| {
                let mention = u32::try_from(c.mention).expect("fewer than 2^32 mentions");
                (c.value.as_ref(), mention)
            })
            .collect();
        claims.sort_by_key(|&(value, _)| value);
        claims
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| {
                let value = run[0].0;
                let mut mentions: ValueMentions = run.iter().map(|&(_, m)| m).collect();
                mentions.sort_unstable_by_key(|&m| id_ranks[m as usize]);
                mentions.dedup_by_key(|m| id_ranks[*m as usize]);
                PersonValue {
                    person,
                    field: self.field,
                    value: Some(CompactString::from(value)),
                    mentions,
                    chosen: self.chosen.as_deref() == Some(value),
                    rule: self.rule,
                    agreement: self.agreement,
                }
            })
            .collect()
    }
}

/// Each id's rank among the distinct ids in text order (equal ids share a rank): ordering
/// mentions by rank orders them by id without holding their ids.
pub(crate) fn id_ranks<S: AsRef<str> + Sync>(ids: &[S]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..u32::try_from(ids.len()).expect("fewer than 2^32 ids")).collect();
    order.par_sort_unstable_by(|&a, &b| ids[a as usize].as_ref().cmp(ids[b as usize].as_ref()));
    let mut ranks = vec![0u32; ids.len()];
    let mut rank = 0;
    for (k, pair) in order.windows(2).enumerate() {
        if ids[pair[0] as usize].as_ref() != ids[pair[1] as usize].as_ref() {
            rank += 1;
        }
        ranks[order[k + 1] as usize] = rank;
    }
    ranks
}

/// The span of a year, year range or date value as (first, last) `yyyymmdd` numbers.
fn span(value: &str) -> Option<(i64, i64)> {
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let k = i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day());
        return Some((k, k));
    }
    let (a, b) = value.split_once('–').unwrap_or((value, value));
    let (a, b): (i64, i64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    Some((a * 10_000 + 101, b * 10_000 + 1231))
}

/// The distinct values of `claims`, sorted.
fn distinct_values<'c>(claims: &'c [Claim]) -> Vec<&'c str> {
    sorted_distinct(claims.iter().map(|c| c.value.as_ref()).collect())
}

/// The distinct items of `items`, sorted.
pub(crate) fn sorted_distinct<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort_unstable();
    items.dedup();
    items
}

/// The value whose span lies inside every other value's span, if the values are all spans
/// and one such value exists (`1990` inside `1990–1991`; `1937-09-01` inside `1937`).
fn innermost(values: &[&str]) -> Option<String> {
    let spans: Vec<(&str, (i64, i64))> = values
        .iter()
        .map(|v| span(v).map(|s| (*v, s)))
        .collect::<Option<_>>()?;
    spans
        .iter()
        .find(|(_, (lo, hi))| spans.iter().all(|(_, (l, h))| l <= lo && hi <= h))
        .map(|(v, _)| (*v).to_owned())
}

/// The vote between conflicting values (module doc); returns the value and the rule that
/// decided.
fn vote(claims: &[Claim], priorities: &Priorities, tie: Tie) -> (String, ChoiceRule) {
    let mut by_value: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in claims {
        by_value
            .entry(c.value.as_ref())
            .or_default()
            .insert(c.source);
    }
    let most = by_value.values().map(BTreeSet::len).max().unwrap_or(0);
    let mut leaders: Vec<&str> = by_value
        .iter()
        .filter(|(_, s)| s.len() == most)
        .map(|(v, _)| *v)
        .collect();
    if leaders.len() == 1 {
        return (leaders[0].to_owned(), ChoiceRule::Majority);
    }
    let primary = |v: &str| claims.iter().any(|c| c.value == v && c.primary);
    if leaders.iter().any(|v| primary(v)) && leaders.iter().any(|v| !primary(v)) {
        leaders.retain(|v| primary(v));
        if leaders.len() == 1 {
            return (leaders[0].to_owned(), ChoiceRule::OwnMention);
        }
    }
    let priority = |v: &str| {
        by_value[v]
            .iter()
            .map(|s| priorities.get(*s).copied().unwrap_or(0))
            .max()
            .unwrap_or(0)
    };
    let top = leaders.iter().map(|v| priority(v)).max().unwrap_or(0);
    leaders.retain(|v| priority(v) == top);
    if leaders.len() == 1 {
        return (leaders[0].to_owned(), ChoiceRule::SourcePriority);
    }
    break_tie(claims, &leaders, tie)
}

/// The field's own tie rule between values equally supported.
fn break_tie(claims: &[Claim], leaders: &[&str], tie: Tie) -> (String, ChoiceRule) {
    let tied = || {
        claims
            .iter()
            .filter(|c| leaders.contains(&c.value.as_ref()))
    };
    let (pick, rule) = match tie {
        Tie::SmallestYear => (
            leaders
                .iter()
                .min_by_key(|v| span(v).map_or(i64::MAX, |s| s.0))
                .map(|v| (*v).to_owned()),
            ChoiceRule::EarliestYear,
        ),
        Tie::LatestAttempt => (
            tied()
                .max_by_key(|c| (c.year, std::cmp::Reverse(c.order)))
                .map(|c| c.value.to_string()),
            ChoiceRule::LatestAttempt,
        ),
        Tie::MostPreciseDate => (
            leaders
                .iter()
                .max_by_key(|v| (v.len(), std::cmp::Reverse(**v)))
                .map(|v| (*v).to_owned()),
            ChoiceRule::MostPreciseDate,
        ),
        Tie::FirstMention => (
            tied().min_by_key(|c| c.order).map(|c| c.value.to_string()),
            ChoiceRule::EarliestMention,
        ),
    };
    (pick.unwrap_or_else(|| leaders[0].to_owned()), rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim<'a>(value: &str, source: &'a str, line: u32) -> Claim<'a> {
        Claim {
            value: Cow::Owned(value.to_owned()),
            mention: line as usize,
            source,
            primary: true,
            order: (source, line, 0),
            year: None,
        }
    }

    fn choose<'a>(values: &[(&str, &'a str)], tie: Tie) -> FieldValues<'a> {
        let claims = values
            .iter()
            .enumerate()
            .map(|(i, (v, s))| claim(v, s, i as u32))
            .collect();
        FieldValues::choose(Field::Year, claims, &Priorities::new(), tie)
    }

    #[test]
    fn a_point_inside_a_range_is_compatible_and_the_point_is_chosen() {
        let f = choose(&[("1990", "a"), ("1990–1991", "a")], Tie::SmallestYear);
        assert_eq!(f.chosen.as_deref(), Some("1990"));
        assert_eq!(f.agreement, Agreement::Compatible);
        let f = choose(
            &[("1977", "a"), ("1977–1978", "b"), ("1976–1979", "c")],
            Tie::SmallestYear,
        );
        assert_eq!(f.chosen.as_deref(), Some("1977"));
        assert_eq!(f.agreement, Agreement::Compatible);
    }

    #[test]
    fn overlapping_ranges_and_distinct_points_conflict() {
        let f = choose(
            &[("1953", "a"), ("1954", "b"), ("1954", "c")],
            Tie::SmallestYear,
        );
        assert_eq!(
            (f.chosen.as_deref(), f.rule, f.agreement),
            (Some("1954"), ChoiceRule::Majority, Agreement::Conflict)
        );
        let f = choose(&[("1990–1992", "a"), ("1991–1993", "b")], Tie::SmallestYear);
        assert_eq!(f.agreement, Agreement::Conflict);
        assert_eq!(f.rule, ChoiceRule::EarliestYear);
    }

    #[test]
    fn a_date_inside_a_year_agrees_and_another_year_conflicts() {
        let f = choose(&[("1937-09-01", "a"), ("1937", "b")], Tie::MostPreciseDate);
        assert_eq!(f.chosen.as_deref(), Some("1937-09-01"));
        assert_eq!(f.agreement, Agreement::Compatible);
        let f = choose(&[("1937-09-01", "a"), ("1938", "a")], Tie::MostPreciseDate);
        assert_eq!(f.agreement, Agreement::Conflict);
        assert_eq!(f.chosen.as_deref(), Some("1937-09-01"));
        assert_eq!(f.rule, ChoiceRule::MostPreciseDate);
    }

    #[test]
    fn id_ranks_follow_the_text_order_and_share_a_rank_for_equal_ids() {
        assert_eq!(
            id_ranks(&["s:10:0", "s:9:0", "s:10:0", "t:1:0"]),
            [0, 1, 0, 2]
        );
        assert_eq!(id_ranks::<&str>(&[]), Vec::<u32>::new());
    }

    #[test]
    fn rows_list_every_value_with_its_mentions() {
        let f = choose(
            &[("1953", "a"), ("1954", "b"), ("1954", "c")],
            Tie::SmallestYear,
        );
        let rows = f.rows(0, &id_ranks(&["m0", "m1", "m2"]));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].mentions.as_slice(), [1, 2]);
        assert!(rows[1].chosen && !rows[0].chosen);
    }
}
