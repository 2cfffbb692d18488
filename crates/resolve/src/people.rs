//! People from clusters of mentions: the best-supported value of each field, and a conflict
//! row for every field on which the sources disagree.
//!
//! Choice rule, in order: the value supported by the most sources; then a value given by a
//! mention of the person's own over one read from a companion's row; then the value of the
//! source with the highest priority (manifest `priority`, else by format: wikitable 3, prose 2,
//! timeline 1); then the earliest (the smallest year; for other fields the value of the first
//! mention in source and line order). Two fields differ: `outcome` ties go to the mention
//! with the latest year (the last attempt), and `status` is `defector` whenever any source
//! names the person a defector (the dataset counts the notable defectors named in the
//! sources; the other claim is kept as a conflict).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use defectors_clean::{CleanedMention, Outcome, Stop, first_refuge, last_refuge};
use defectors_model::{Mention, ProfessionCategory, Status};

use crate::Priorities;
use crate::routes::merge_routes;

/// One resolved person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Stable slug of the display name.
    pub person_id: String,
    /// Display name.
    pub name: String,
    /// Every name the sources write for the person.
    pub name_variants: Vec<String>,
    /// State defected from.
    pub origin: Option<String>,
    /// Birthplace as written.
    pub birthplace: Option<String>,
    /// Profession phrase as written.
    pub profession: Option<String>,
    /// Profession category (null when no source gives a profession).
    pub profession_category: Option<ProfessionCategory>,
    /// Canonical agency.
    pub agency: Option<String>,
    /// Best-supported year.
    pub year: Option<i32>,
    /// Earliest year any source allows.
    pub year_min: Option<i32>,
    /// Latest year any source allows.
    pub year_max: Option<i32>,
    /// Decade of `year`.
    pub decade: Option<i32>,
    /// First country of refuge.
    pub destination_first: Option<String>,
    /// Last country of refuge.
    pub destination_final: Option<String>,
    /// Countries of the journey.
    pub destination_path: Vec<String>,
    /// How the defection ended (best-supported).
    pub outcome: Outcome,
    /// Date of birth.
    pub born: Option<NaiveDate>,
    /// Date of death.
    pub died: Option<NaiveDate>,
    /// Source ids.
    pub sources: Vec<String>,
    /// Number of mentions.
    pub n_mentions: u32,
    /// Chosen status; only `defector` people are written to `people`.
    pub status: Status,
    /// Mention indexes.
    pub members: Vec<usize>,
}

/// One value of one field for one person, with the sources that give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The person.
    pub person_id: String,
    /// The field (`year`, `destination_first`, `status`, …).
    pub field: String,
    /// The value (null for `no value`).
    pub value: Option<String>,
    /// Sources giving this value.
    pub source_ids: Vec<String>,
    /// Whether this value was chosen.
    pub chosen: bool,
    /// Why the chosen value was chosen (the same on every row of the field).
    pub rule: ChoiceRule,
}

defectors_model::closed_set! {
    /// Why a value was chosen where sources disagree (`conflicts.rule`).
    pub enum ChoiceRule {
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
        /// Tied otherwise: the value of the earliest mention.
        EarliestMention = "earliest mention",
        /// Status only: some sources call the person a defector, others say the term does not
        /// apply; no value is chosen and the person is `disputed`.
        Disputed = "disputed: sources disagree",
    }
}

/// A value of a field as one mention gives it.
struct Claim {
    value: String,
    source: String,
    /// From a mention of the person's own (not a companion named in someone's notes).
    primary: bool,
    order: (String, u32, u32),
    year: Option<i32>,
}

/// The chosen value of a field and its conflict rows.
struct Choice {
    value: Option<String>,
    conflicts: Vec<(String, Vec<String>, bool)>,
    rule: ChoiceRule,
}

fn choose(claims: &[Claim], priorities: &Priorities, tie: Tie) -> Choice {
    let mut by_value: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in claims {
        by_value.entry(&c.value).or_default().insert(&c.source);
    }
    if by_value.len() <= 1 {
        return Choice {
            value: by_value.keys().next().map(|v| (*v).to_owned()),
            conflicts: Vec::new(),
            rule: ChoiceRule::Majority,
        };
    }
    let priority = |v: &str| {
        by_value[v]
            .iter()
            .map(|s| priorities.get(*s).copied().unwrap_or(0))
            .max()
            .unwrap_or(0)
    };
    let most = by_value.values().map(BTreeSet::len).max().unwrap_or(0);
    let mut leaders: Vec<&str> = by_value
        .iter()
        .filter(|(_, s)| s.len() == most)
        .map(|(v, _)| *v)
        .collect();
    let rule;
    if leaders.len() == 1 {
        rule = ChoiceRule::Majority;
    } else {
        // A value a mention of the person's own gives beats one read from a companion's row.
        let primary = |v: &str| claims.iter().any(|c| c.value == v && c.primary);
        if leaders.iter().any(|v| primary(v)) && leaders.iter().any(|v| !primary(v)) {
            leaders.retain(|v| primary(v));
        }
        let top = leaders.iter().map(|v| priority(v)).max().unwrap_or(0);
        let by_primary = leaders.len() == 1;
        leaders.retain(|v| priority(v) == top);
        if by_primary {
            rule = ChoiceRule::OwnMention;
        } else if leaders.len() == 1 {
            rule = ChoiceRule::SourcePriority;
        } else {
            let pick = match tie {
                Tie::SmallestYear => leaders
                    .iter()
                    .min_by_key(|v| v.parse::<i32>().unwrap_or(i32::MAX))
                    .copied(),
                Tie::LatestAttempt => claims
                    .iter()
                    .filter(|c| leaders.contains(&c.value.as_str()))
                    .max_by_key(|c| (c.year, std::cmp::Reverse(c.order.clone())))
                    .map(|c| c.value.as_str()),
                Tie::FirstMention => claims
                    .iter()
                    .filter(|c| leaders.contains(&c.value.as_str()))
                    .min_by_key(|c| c.order.clone())
                    .map(|c| c.value.as_str()),
            };
            leaders = pick.into_iter().collect();
            rule = match tie {
                Tie::SmallestYear => ChoiceRule::EarliestYear,
                Tie::LatestAttempt => ChoiceRule::LatestAttempt,
                Tie::FirstMention => ChoiceRule::EarliestMention,
            };
        }
    }
    let chosen = leaders[0].to_owned();
    Choice {
        conflicts: by_value
            .iter()
            .map(|(v, s)| {
                (
                    (*v).to_owned(),
                    s.iter().map(|x| (*x).to_owned()).collect(),
                    *v == chosen,
                )
            })
            .collect(),
        value: Some(chosen),
        rule,
    }
}

#[derive(Clone, Copy)]
enum Tie {
    SmallestYear,
    LatestAttempt,
    FirstMention,
}

/// Builds the people of the clusters, their ids (see [`assign_ids`]) and the conflicts.
pub fn build_people(
    groups: &[Vec<usize>],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    priorities: &Priorities,
) -> (Vec<Person>, Vec<usize>, Vec<Conflict>) {
    let mut people = Vec::with_capacity(groups.len());
    let mut pending_conflicts: Vec<Vec<(String, Choice)>> = Vec::new();
    for group in groups {
        let (person, choices) = build_person(group, mentions, cleaned, priorities);
        people.push(person);
        pending_conflicts.push(choices);
    }
    assign_ids(&mut people, mentions);
    let mut person_of_mention = vec![0; mentions.len()];
    for (p, person) in people.iter().enumerate() {
        for &m in &person.members {
            person_of_mention[m] = p;
        }
    }
    let mut conflicts = Vec::new();
    for (person, choices) in people.iter().zip(pending_conflicts) {
        for (field, choice) in choices {
            for (value, sources, chosen) in choice.conflicts {
                conflicts.push(Conflict {
                    person_id: person.person_id.clone(),
                    field: field.clone(),
                    value: (value != NONE).then_some(value),
                    source_ids: sources,
                    chosen,
                    rule: choice.rule,
                });
            }
        }
    }
    conflicts.sort_by(|a, b| {
        (&a.person_id, &a.field, &a.value).cmp(&(&b.person_id, &b.field, &b.value))
    });
    (people, person_of_mention, conflicts)
}

const NONE: &str = "\u{0}none";

/// The id of a person whose name has no letter or digit to slug.
const FALLBACK_SLUG: &str = "person";

/// Gives every person a unique, non-empty id that does not depend on hash order: the slug of
/// the display name (`person` when the slug is empty). People sharing a slug are taken in
/// order of their first mention id; the first keeps the slug, the others get the smallest
/// `-2`, `-3`, … that no person's own slug and no id given before already is, so two
/// `Ivan Sokolov` next to an `Ivan Sokolov 2` are `ivan-sokolov`, `ivan-sokolov-3` and
/// `ivan-sokolov-2`.
fn assign_ids(people: &mut [Person], mentions: &[Mention]) {
    let bases: Vec<String> = people
        .iter()
        .map(|p| {
            let s = slug(&p.name);
            if s.is_empty() {
                FALLBACK_SLUG.to_owned()
            } else {
                s
            }
        })
        .collect();
    let firsts: Vec<String> = people
        .iter()
        .map(|p| {
            p.members
                .iter()
                .map(|&i| mentions[i].mention_id())
                .min()
                .unwrap_or_default()
        })
        .collect();
    let mut order: Vec<usize> = (0..people.len()).collect();
    order.sort_by(|&a, &b| (&bases[a], &firsts[a], a).cmp(&(&bases[b], &firsts[b], b)));
    // Every slug belongs first to the people named so; suffixes avoid all of them.
    let mut taken: HashSet<String> = bases.iter().cloned().collect();
    // The next suffix to try per slug (a slug's first person has none).
    let mut next: HashMap<&str, u64> = HashMap::new();
    for &i in &order {
        let base = bases[i].as_str();
        let Some(n) = next.get_mut(base) else {
            next.insert(base, 2);
            people[i].person_id = base.to_owned();
            continue;
        };
        let id = (*n..)
            .map(|k| (k, format!("{base}-{k}")))
            .find(|(_, id)| !taken.contains(id))
            .expect("an unused suffix");
        *n = id.0 + 1;
        taken.insert(id.1.clone());
        people[i].person_id = id.1;
    }
}

fn build_person(
    group: &[usize],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    priorities: &Priorities,
) -> (Person, Vec<(String, Choice)>) {
    let claim = |i: usize, value: String| Claim {
        value,
        source: mentions[i].provenance.source_id.clone(),
        primary: !mentions[i].companion,
        order: (
            mentions[i].provenance.source_id.clone(),
            mentions[i].provenance.line,
            mentions[i].index_in_line,
        ),
        year: mentions[i].year.map(|y| y.max),
    };
    let field = |get: &dyn Fn(usize) -> Option<String>| -> Vec<Claim> {
        group
            .iter()
            .filter_map(|&i| get(i).map(|v| claim(i, v)))
            .collect()
    };
    let mut choices: Vec<(String, Choice)> = Vec::new();
    let mut pick = |name: &str, claims: Vec<Claim>, tie: Tie| -> Option<String> {
        let choice = choose(&claims, priorities, tie);
        let value = choice.value.clone();
        if !choice.conflicts.is_empty() {
            choices.push((name.to_owned(), choice));
        }
        value
    };

    let year_text = |i: usize| {
        mentions[i].year.map(|y| {
            if y.min == y.max {
                y.min.to_string()
            } else {
                format!("{}–{}", y.min, y.max)
            }
        })
    };
    let year_value = pick("year", field(&year_text), Tie::SmallestYear);
    let year = year_value
        .as_deref()
        .and_then(|v| v.split('–').next())
        .and_then(|v| v.parse::<i32>().ok());
    let year_min = group
        .iter()
        .filter_map(|&i| mentions[i].year.map(|y| y.min))
        .min();
    let year_max = group
        .iter()
        .filter_map(|&i| mentions[i].year.map(|y| y.max))
        .max();

    let profession_category = pick(
        "profession_category",
        field(&|i| {
            cleaned[i]
                .profession_category
                .map(|c| c.as_str().to_owned())
        }),
        Tie::FirstMention,
    )
    .and_then(|c| ProfessionCategory::from_name(&c));
    let agency = pick(
        "agency",
        field(&|i| cleaned[i].agency.clone()),
        Tie::FirstMention,
    );
    let (destination_first, destination_final, merged_path) =
        match merged_route(group, mentions, cleaned, priorities) {
            Some(stops) => (
                first_refuge(&stops).map(str::to_owned),
                last_refuge(&stops).map(str::to_owned),
                Some(route_countries(&stops)),
            ),
            None => (
                pick(
                    "destination_first",
                    field(&|i| cleaned[i].destination_first.clone()),
                    Tie::FirstMention,
                ),
                pick(
                    "destination_final",
                    field(&|i| cleaned[i].destination_final.clone()),
                    Tie::FirstMention,
                ),
                None,
            ),
        };
    let origin = pick(
        "origin",
        field(&|i| cleaned[i].origin.clone()),
        Tie::FirstMention,
    );
    let birthplace = pick(
        "birthplace",
        field(&|i| mentions[i].raw.birthplace.clone()),
        Tie::FirstMention,
    );
    let born = pick(
        "born",
        field(&|i| mentions[i].born.map(|d| d.to_string())),
        Tie::FirstMention,
    );
    let died = pick(
        "died",
        field(&|i| mentions[i].died.map(|d| d.to_string())),
        Tie::FirstMention,
    );
    let outcome = pick(
        "outcome",
        field(&|i| Some(cleaned[i].outcome.as_str().to_owned())),
        Tie::LatestAttempt,
    )
    .and_then(|o| Outcome::from_name(&o))
    .unwrap_or(Outcome::Defected);

    // Status: any source naming the person a defector keeps them.
    let status_claims = field(&|i| Some(mentions[i].status.as_str().to_owned()));
    let mut status_choice = choose(&status_claims, priorities, Tie::FirstMention);
    let any_defector = group
        .iter()
        .any(|&i| mentions[i].status == Status::Defector);
    let any_not_defector = group
        .iter()
        .any(|&i| mentions[i].status == Status::NotDefector);
    let status = match (any_defector, any_not_defector) {
        (true, true) => Status::Disputed,
        (true, false) => Status::Defector,
        _ => Status::NotDefector,
    };
    if !status_choice.conflicts.is_empty() {
        status_choice.rule = ChoiceRule::Disputed;
        for c in &mut status_choice.conflicts {
            c.2 = false;
        }
        choices.push(("status".to_owned(), status_choice));
    }

    // Profession phrase: the most common raw phrase of the chosen category.
    let profession = {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in group {
            if let (Some(p), true) = (
                mentions[i].raw.profession.as_deref(),
                cleaned[i].profession_category == profession_category,
            ) {
                *counts.entry(p).or_insert(0) += 1;
            }
        }
        counts
            .iter()
            .max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p)))
            .map(|(p, _)| (*p).to_owned())
    };
    let destination_path = merged_path.unwrap_or_else(|| {
        group
            .iter()
            .filter(|&&i| {
                cleaned[i].destination_final == destination_final
                    && !cleaned[i].destination_path.is_empty()
            })
            .max_by_key(|&&i| (cleaned[i].destination_path.len(), std::cmp::Reverse(i)))
            .map(|&i| cleaned[i].destination_path.clone())
            .unwrap_or_default()
    });

    let name = display_name(group, mentions, cleaned, priorities);
    let mut variants: BTreeSet<String> = BTreeSet::new();
    for &i in group {
        variants.insert(mentions[i].surface_name.clone());
    }
    let sources: BTreeSet<String> = group
        .iter()
        .map(|&i| mentions[i].provenance.source_id.clone())
        .collect();
    let person = Person {
        person_id: String::new(),
        name,
        name_variants: variants.into_iter().collect(),
        origin,
        birthplace,
        profession,
        profession_category,
        agency,
        year,
        year_min,
        year_max,
        decade: year.map(|y| y.div_euclid(10) * 10),
        destination_first,
        destination_final,
        destination_path,
        outcome,
        born: born.and_then(|d| d.parse().ok()),
        died: died.and_then(|d| d.parse().ok()),
        sources: sources.into_iter().collect(),
        n_mentions: group.len() as u32,
        status,
        members: group.to_vec(),
    };
    (person, choices)
}

/// The person's routes merged into one (see [`crate::routes`]), taken in source priority
/// order; `None` when they are incompatible.
fn merged_route(
    group: &[usize],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    priorities: &Priorities,
) -> Option<Vec<Stop>> {
    let mut order: Vec<usize> = group.to_vec();
    order.sort_by_key(|&i| {
        let p = &mentions[i].provenance;
        let priority = priorities.get(&p.source_id).copied().unwrap_or(0);
        (
            std::cmp::Reverse(priority),
            p.source_id.clone(),
            p.line,
            mentions[i].index_in_line,
        )
    });
    let routes: Vec<&[Stop]> = order
        .iter()
        .map(|&i| cleaned[i].destination_stops.as_slice())
        .collect();
    merge_routes(&routes)
}

/// The countries of a route, in order.
fn route_countries(stops: &[Stop]) -> Vec<String> {
    stops.iter().map(|s| s.country.clone()).collect()
}

/// The display name: the most common full (given + surname) Latin display form; ties go to
/// a surname form that fits the person's gender, then to source priority, then to the first.
fn display_name(
    group: &[usize],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    priorities: &Priorities,
) -> String {
    let mut genders: BTreeMap<char, usize> = BTreeMap::new();
    for &i in group {
        if cleaned[i].name.given_key.is_some()
            && let Some(g) = cleaned[i].name.gender
        {
            *genders.entry(g).or_insert(0) += 1;
        }
    }
    let gender = genders.iter().max_by_key(|(_, n)| **n).map(|(g, _)| *g);
    let full: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&i| cleaned[i].name.given.is_some() && cleaned[i].name.surname.is_some())
        .collect();
    let pool = if full.is_empty() {
        group.to_vec()
    } else {
        full
    };
    let mut counts: BTreeMap<&str, (usize, bool, u32, std::cmp::Reverse<usize>)> = BTreeMap::new();
    for &i in &pool {
        let display = cleaned[i].name.display.as_str();
        let fits =
            cleaned[i].name.surname_gender.is_none() || cleaned[i].name.surname_gender == gender;
        let priority = priorities
            .get(&mentions[i].provenance.source_id)
            .copied()
            .unwrap_or(0);
        let entry = counts
            .entry(display)
            .or_insert((0, fits, priority, std::cmp::Reverse(i)));
        entry.0 += 1;
        entry.2 = entry.2.max(priority);
    }
    counts
        .iter()
        .max_by_key(|(name, key)| (**key, std::cmp::Reverse(**name)))
        .map(|(name, _)| (*name).to_owned())
        .unwrap_or_default()
}

/// A lower-case ASCII slug (`Géza Füster` → `geza-fuster`).
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}
