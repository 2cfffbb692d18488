//! People from clusters of mentions: every field's values (see [`crate::values`] for the
//! choice rule and the agreement of values), the person's events (see [`crate::events`]), and
//! the status.
//!
//! `year`, `year_min`, `year_max` and `outcome` come from the mentions of the chosen event;
//! the route from every mention but those of other failed attempts; the other fields from
//! all mentions. `status` is `disputed` when some sources call the person a defector and
//! others say the term does not apply; `companion` for a person known only by a given name
//! from someone's row; `unsupported` for a person only a persons table lists; else the
//! status the mentions give.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use std::sync::Arc;

use chrono::NaiveDate;
use compact_str::CompactString;
use defectors_clean::{CleanedMention, Outcome, Stop, first_refuge, last_refuge};
use defectors_model::{Diagnostic, Mention, ProfessionCategory, Section, Status};
use rayon::prelude::*;

use crate::Priorities;
use crate::events::{Event, EventKind, group_events};
use crate::routes::merge_routes;
use crate::values::{
    Agreement, ChoiceRule, Claim, Field, FieldValues, PersonValue, Tie, id_ranks, sorted_distinct,
};

/// One resolved person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Stable slug of the display name.
    pub person_id: CompactString,
    /// Display name.
    pub name: CompactString,
    /// Every name the sources write for the person.
    pub name_variants: Vec<CompactString>,
    /// State defected from.
    pub origin: Option<CompactString>,
    /// Birthplace as written.
    pub birthplace: Option<CompactString>,
    /// Profession phrase as written.
    pub profession: Option<CompactString>,
    /// Profession category (null when no source gives a profession).
    pub profession_category: Option<ProfessionCategory>,
    /// Canonical agency.
    pub agency: Option<CompactString>,
    /// Best-supported year.
    pub year: Option<i32>,
    /// Earliest year any source allows.
    pub year_min: Option<i32>,
    /// Latest year any source allows.
    pub year_max: Option<i32>,
    /// Decade of `year`.
    pub decade: Option<i32>,
    /// First country of refuge.
    pub destination_first: Option<CompactString>,
    /// Last country of refuge.
    pub destination_final: Option<CompactString>,
    /// Countries of the journey.
    pub destination_path: Vec<CompactString>,
    /// How the chosen event ended; null when the person has no defection or attempt.
    pub outcome: Option<Outcome>,
    /// Date of birth.
    pub born: Option<NaiveDate>,
    /// Date of death.
    pub died: Option<NaiveDate>,
    /// Source ids.
    pub sources: Vec<CompactString>,
    /// Number of mentions.
    pub n_mentions: u32,
    /// Chosen status; only `defector` people are written to `people`.
    pub status: Status,
    /// Mention indexes.
    pub members: Vec<usize>,
}

/// The people of the clusters before their fields are built: their mentions, display names
/// and ids, all in person id order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Roster {
    /// Each person's mentions.
    pub groups: Vec<Vec<usize>>,
    /// Each person's display name.
    names: Vec<String>,
    /// Each person's id (see [`assign_ids`]), sorted.
    pub ids: Vec<CompactString>,
    /// For each cluster, in the order clustering gave them (the order of their warnings),
    /// the index of its person in id order.
    cluster_order: Vec<u32>,
}

impl Roster {
    /// The people of `groups` (clusters, in any order) with their names and ids, sorted by
    /// id; `id_ranks` are the ranks of the mentions' ids (see [`mention_id_ranks`]).
    pub fn new(
        groups: Vec<Vec<usize>>,
        (mentions, cleaned): (&[Mention], &[CleanedMention]),
        id_ranks: &[u32],
        priorities: &Priorities,
    ) -> Self {
        let names: Vec<String> = groups
            .par_iter()
            .map(|g| display_name(g, mentions, cleaned, priorities))
            .collect();
        let ids = assign_ids(&names, &groups, id_ranks);
        let mut order: Vec<usize> = (0..groups.len()).collect();
        // Ids are unique, so the order is total.
        order.par_sort_unstable_by(|&a, &b| ids[a].cmp(&ids[b]));
        let mut people: Vec<Option<(Vec<usize>, String, CompactString)>> = groups
            .into_iter()
            .zip(names)
            .zip(ids)
            .map(|((group, name), id)| Some((group, name, id)))
            .collect();
        let mut roster = Self {
            cluster_order: vec![0; order.len()],
            ..Self::default()
        };
        for (by_id, &p) in order.iter().enumerate() {
            let (group, name, id) = people[p].take().expect("each person once");
            roster.groups.push(group);
            roster.names.push(name);
            roster.ids.push(id);
            roster.cluster_order[p] = u32::try_from(by_id).expect("fewer than 2^32 people");
        }
        roster
    }

    /// The number of people.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// The index of each mention's person.
    pub fn person_of_mention(&self, mentions: usize) -> Vec<usize> {
        let mut person_of_mention = vec![0; mentions];
        for (p, group) in self.groups.iter().enumerate() {
            for &m in group {
                person_of_mention[m] = p;
            }
        }
        person_of_mention
    }

    /// The people of `range` (indexes in id order) with their value rows and events.
    pub fn people(
        &self,
        range: std::ops::Range<usize>,
        inputs: (&[Mention], &[CleanedMention], &Priorities),
        id_ranks: &[u32],
    ) -> PeopleChunk {
        let (mentions, cleaned, priorities) = inputs;
        let ctx = Ctx {
            mentions,
            cleaned,
            priorities,
        };
        let built: Vec<(Person, PersonRows)> = (range.clone())
            .into_par_iter()
            .map(|p| {
                let draft = ctx.person(&self.groups[p], self.names[p].clone());
                let mut person = draft.person;
                person.person_id = self.ids[p].clone();
                let rows = PersonRows::new(&draft.fields, draft.events, id_ranks);
                let rows = rows.numbered(&person, p);
                (person, rows)
            })
            .collect();
        let mut chunk = PeopleChunk {
            start: range.start,
            people: Vec::with_capacity(built.len()),
            values: Vec::with_capacity(built.len()),
            events: Vec::with_capacity(built.len()),
        };
        for (person, rows) in built {
            chunk.people.push(person);
            chunk.values.push(rows.values);
            chunk.events.push(rows.events);
        }
        chunk
    }

    /// A `persons.unsupported` warning for every mention of a person only a persons table
    /// lists, in the order of the clusters; `people` are all the people, in id order.
    pub fn unsupported_warnings(&self, people: &[Person], mentions: &[Mention]) -> Vec<Diagnostic> {
        self.cluster_order
            .iter()
            .map(|&p| &people[p as usize])
            .filter(|p| p.status == Status::Unsupported)
            .flat_map(|p| p.members.iter().map(move |&i| (p, &mentions[i])))
            .map(|(p, m)| {
                Diagnostic::warning(
                    &m.provenance.source_id,
                    m.provenance.line,
                    "persons.unsupported",
                    format!(
                        "{}: listed by the persons table only, with no dated entry or defection \
                         statement of any source; kept as `{}` (status unsupported), not counted",
                        m.surface_name, p.person_id
                    ),
                )
            })
            .collect()
    }
}

/// Some of the people, in id order, with their value rows and events.
#[derive(Debug, Clone, Default)]
pub struct PeopleChunk {
    /// The index of the first person among all people (in id order).
    pub start: usize,
    /// The people.
    pub people: Vec<Person>,
    /// Each person's value rows, by field and value.
    pub values: Vec<Vec<PersonValue>>,
    /// Each person's events, in year order.
    pub events: Vec<Vec<Event>>,
}

/// The rank of each mention's id among all mention ids: the order a value's mentions are
/// written in.
pub(crate) fn mention_id_ranks(mentions: &[Mention]) -> Vec<u32> {
    let ids: Vec<String> = mentions.par_iter().map(Mention::mention_id).collect();
    id_ranks(&ids)
}

/// A person's value rows (by field and value) and events (in year order).
struct PersonRows {
    values: Vec<PersonValue>,
    events: Vec<Event>,
}

impl PersonRows {
    fn new(fields: &[FieldValues], events: Vec<Event>, id_ranks: &[u32]) -> Self {
        let by_field: Vec<Vec<PersonValue>> =
            fields.iter().map(|field| field.rows(0, id_ranks)).collect();
        // Sized to fit: the rows of every person are held until their table is written.
        let mut values = Vec::with_capacity(by_field.iter().map(Vec::len).sum());
        values.extend(by_field.into_iter().flatten());
        values.sort_by(|a, b| (a.field.as_str(), &a.value).cmp(&(b.field.as_str(), &b.value)));
        Self { values, events }
    }

    /// The rows as those of `person`, the `p`th person, its events numbered.
    fn numbered(mut self, person: &Person, p: usize) -> Self {
        let p = u32::try_from(p).expect("fewer than 2^32 people");
        for value in &mut self.values {
            value.person = p;
        }
        self.events = std::mem::take(&mut self.events)
            .into_iter()
            .enumerate()
            .map(|(n, event)| numbered_event(event, person, n))
            .collect();
        self
    }
}

/// `event` as the `n`th (0-based) event of `person`, with its ids.
fn numbered_event(mut event: Event, person: &Person, n: usize) -> Event {
    event.person_id = person.person_id.clone();
    event.event_id = compact_str::format_compact!("{}:{}", person.person_id, n + 1);
    event
}

/// Each mention's source id, one allocation per source.
pub fn shared_source_ids(mentions: &[Mention]) -> Vec<Arc<str>> {
    let mut shared: HashMap<&str, Arc<str>> = HashMap::new();
    mentions
        .iter()
        .map(|m| {
            let id = m.provenance.source_id.as_str();
            shared.entry(id).or_insert_with(|| Arc::from(id)).clone()
        })
        .collect()
}

/// The id of a person whose name has no letter or digit to slug.
const FALLBACK_SLUG: &str = "person";

/// The id of each person of display `names` and mention `groups`: unique, non-empty and
/// independent of hash order. The slug of the display name (`person` when the slug is
/// empty). People sharing a slug are taken in order of their first mention id (the least of
/// their mentions' `id_ranks`, which follow the ids' text order); the first keeps the slug,
/// the others get the smallest `-2`, `-3`, … that no person's own slug and no id given before
/// already is, so two `Ivan Sokolov` next to an `Ivan Sokolov 2` are `ivan-sokolov`,
/// `ivan-sokolov-3` and `ivan-sokolov-2`.
fn assign_ids(names: &[String], groups: &[Vec<usize>], id_ranks: &[u32]) -> Vec<CompactString> {
    let bases: Vec<String> = names
        .par_iter()
        .map(|name| {
            let s = slug(name);
            if s.is_empty() {
                FALLBACK_SLUG.to_owned()
            } else {
                s
            }
        })
        .collect();
    let firsts: Vec<u32> = groups
        .par_iter()
        .map(|members| {
            members
                .iter()
                .map(|&i| id_ranks[i])
                .min()
                .unwrap_or_default()
        })
        .collect();
    let mut order: Vec<usize> = (0..names.len()).collect();
    // The index makes the order total, so an unstable sort gives the one order.
    order
        .par_sort_unstable_by(|&a, &b| (&bases[a], &firsts[a], a).cmp(&(&bases[b], &firsts[b], b)));
    // Every slug belongs first to the people named so; suffixes avoid all of them. The slugs
    // are sorted in `order`, so a slug's people are one run of it and whether a text is some
    // person's slug is a binary search. A suffixed id is never one of another slug's (its last
    // hyphen follows its own slug), so only the slugs need avoiding.
    let is_slug = |id: &str| {
        order
            .binary_search_by(|&j| bases[j].as_str().cmp(id))
            .is_ok()
    };
    let mut ids = vec![CompactString::default(); names.len()];
    let mut next_suffix = 2;
    for (n, &i) in order.iter().enumerate() {
        let base = bases[i].as_str();
        if n == 0 || bases[order[n - 1]] != base {
            ids[i] = base.into();
            next_suffix = 2;
            continue;
        }
        let (k, id) = (next_suffix..)
            .map(|k| (k, format!("{base}-{k}")))
            .find(|(_, id)| !is_slug(id))
            .expect("an unused suffix");
        next_suffix = k + 1;
        ids[i] = id.into();
    }
    ids
}

/// The inputs every field of a person is read from.
struct Ctx<'a> {
    mentions: &'a [Mention],
    cleaned: &'a [CleanedMention],
    priorities: &'a Priorities,
}

/// A person before ids are given: the person, its fields' values and its events.
struct Draft<'a> {
    person: Person,
    fields: Vec<FieldValues<'a>>,
    events: Vec<Event>,
}

/// The destination fields of a person and their values.
struct Route<'a> {
    first: Option<CompactString>,
    last: Option<CompactString>,
    path: Vec<CompactString>,
    fields: [FieldValues<'a>; 3],
}

impl<'a> Ctx<'a> {
    /// The claims of `members` for a field read by `get`.
    fn claims(
        &self,
        members: &[usize],
        get: impl Fn(usize) -> Option<Cow<'a, str>>,
    ) -> Vec<Claim<'a>> {
        members
            .iter()
            .filter_map(|&i| {
                let m: &'a Mention = &self.mentions[i];
                let source = m.provenance.source_id.as_str();
                get(i).map(|value| Claim {
                    value,
                    mention: i,
                    source,
                    primary: !m.companion,
                    order: (source, m.provenance.line, m.index_in_line),
                    year: m.year.map(|y| y.max),
                })
            })
            .collect()
    }

    /// Chooses a field of `members` by the rule of [`crate::values`].
    fn choose(
        &self,
        field: Field,
        members: &[usize],
        get: impl Fn(usize) -> Option<Cow<'a, str>>,
        tie: Tie,
    ) -> FieldValues<'a> {
        FieldValues::choose(field, self.claims(members, get), self.priorities, tie)
    }

    /// One person from a cluster (module doc).
    fn person(&self, group: &[usize], name: String) -> Draft<'a> {
        let (m, c) = (self.mentions, self.cleaned);
        let mut events = group_events(group, m, c);
        let chosen = events.iter().position(|e| e.chosen);
        let event_members: Vec<usize> =
            chosen.map_or(group.to_vec(), |e| events[e].members.clone());
        let route_members: Vec<usize> = group
            .iter()
            .copied()
            .filter(|i| {
                !events.iter().any(|e| {
                    !e.chosen && e.kind == EventKind::AttemptFailed && e.members.contains(i)
                })
            })
            .collect();

        let year = self.choose(
            Field::Year,
            &event_members,
            |i| m[i].year.map(year_text).map(Cow::Owned),
            Tie::SmallestYear,
        );
        let outcome = self.outcome(chosen.map(|e| &events[e]));
        if let (Some(e), Some(o)) = (chosen, outcome.chosen.as_deref()) {
            events[e].kind = event_kind_of(events[e].kind, o);
        }
        let route = self.route(&route_members);
        let origin = self.origin(group);
        for e in &mut events {
            self.describe_event(e, (group, &origin), (&route_members, &route));
        }
        let status = self.status(group);
        let mut fields = vec![
            self.name(group, name),
            status,
            origin,
            self.choose(
                Field::Birthplace,
                group,
                |i| m[i].raw.birthplace().map(Cow::Borrowed),
                Tie::FirstMention,
            ),
            self.choose(
                Field::Agency,
                group,
                |i| c[i].agency.as_deref().map(Cow::Borrowed),
                Tie::FirstMention,
            ),
            self.choose(
                Field::Born,
                group,
                |i| m[i].born.map(|d| Cow::Owned(d.to_string())),
                Tie::MostPreciseDate,
            ),
            self.choose(
                Field::Died,
                group,
                |i| self.death(i).map(Cow::Owned),
                Tie::MostPreciseDate,
            ),
            year,
            outcome,
        ];
        fields.extend(self.profession(group));
        fields.extend(route.fields.iter().cloned());
        let person = self.assemble(group, &event_members, &fields, route);
        Draft {
            person,
            fields,
            events,
        }
    }

    /// The person's record from the chosen values of its fields.
    fn assemble(
        &self,
        group: &[usize],
        event_members: &[usize],
        fields: &[FieldValues],
        route: Route,
    ) -> Person {
        let value = |field: Field| {
            fields
                .iter()
                .find(|f| f.field == field)
                .and_then(|f| f.chosen.clone())
        };
        let year = value(Field::Year)
            .as_deref()
            .and_then(|v| v.split('–').next())
            .and_then(|v| v.parse::<i32>().ok());
        let years = event_members.iter().filter_map(|&i| self.mentions[i].year);
        let date = |v: Option<String>| v.and_then(|d| d.parse::<NaiveDate>().ok());
        let status = value(Field::Status).and_then(|s| Status::from_name(&s));
        let sources = sorted_distinct(
            group
                .iter()
                .map(|&i| self.mentions[i].provenance.source_id.as_str())
                .collect(),
        );
        Person {
            person_id: CompactString::default(),
            name: value(Field::Name).unwrap_or_default().into(),
            name_variants: sorted_distinct(
                group
                    .iter()
                    .map(|&i| self.mentions[i].surface_name.clone())
                    .collect(),
            ),
            origin: value(Field::Origin).map(Into::into),
            birthplace: value(Field::Birthplace).map(Into::into),
            profession: value(Field::Profession).map(Into::into),
            profession_category: value(Field::ProfessionCategory)
                .and_then(|c| ProfessionCategory::from_name(&c)),
            agency: value(Field::Agency).map(Into::into),
            year,
            year_min: years.clone().map(|y| y.min).min(),
            year_max: years.map(|y| y.max).max(),
            decade: year.map(|y| y.div_euclid(10) * 10),
            destination_first: route.first,
            destination_final: route.last,
            destination_path: route.path,
            outcome: value(Field::Outcome).and_then(|o| Outcome::from_name(&o)),
            born: date(value(Field::Born)),
            died: date(value(Field::Died)),
            sources: sources.into_iter().map(CompactString::from).collect(),
            n_mentions: group.len() as u32,
            status: status.unwrap_or(Status::Disputed),
            members: group.to_vec(),
        }
    }

    /// The outcome of the chosen event (null for an exile or no event).
    fn outcome(&self, event: Option<&Event>) -> FieldValues<'a> {
        let members = event
            .filter(|e| e.kind != EventKind::Exiled)
            .map_or(&[][..], |e| e.members.as_slice());
        self.choose(
            Field::Outcome,
            members,
            |i| Some(Cow::Borrowed(self.cleaned[i].outcome.as_str())),
            Tie::LatestAttempt,
        )
    }

    /// The state defected from, chosen among `members`.
    fn origin(&self, members: &[usize]) -> FieldValues<'a> {
        self.choose(
            Field::Origin,
            members,
            |i| self.cleaned[i].origin.as_deref().map(Cow::Borrowed),
            Tie::FirstMention,
        )
    }

    /// An event's state, place and route, from its mentions. The person's origin and route
    /// are given with the mentions they were chosen from, and reused when those are the
    /// event's (a person of one event: most people).
    fn describe_event(
        &self,
        event: &mut Event,
        (origin_members, origin): (&[usize], &FieldValues),
        (route_members, route): (&[usize], &Route),
    ) {
        event.from_state = if event.members == origin_members {
            origin.chosen.as_deref().map(Into::into)
        } else {
            self.origin(&event.members).chosen.map(Into::into)
        };
        let path = if event.members == route_members {
            route.path.clone()
        } else {
            self.route(&event.members).path
        };
        event.place = path.first().cloned();
        event.route = path;
    }

    /// The year of death a mention states: a date, else a year read from its note.
    fn death(&self, i: usize) -> Option<String> {
        self.mentions[i]
            .died
            .map(|d| d.to_string())
            .or_else(|| self.cleaned[i].died_year.map(|y| y.to_string()))
    }

    /// The display name `chosen` (see [`display_name`]), its variants as values (spellings of
    /// one person are compatible).
    fn name(&self, group: &[usize], chosen: String) -> FieldValues<'a> {
        let claims = self.claims(group, |i| {
            Some(Cow::Borrowed(self.cleaned[i].name.display.as_str()))
        });
        FieldValues::decided(Field::Name, claims, Some(chosen), ChoiceRule::DisplayName)
    }

    /// The profession category (voted) and phrase (the most common of that category).
    fn profession(&self, group: &[usize]) -> [FieldValues<'a>; 2] {
        let (m, c) = (self.mentions, self.cleaned);
        let category = self.choose(
            Field::ProfessionCategory,
            group,
            |i| c[i].profession_category.map(|k| Cow::Borrowed(k.as_str())),
            Tie::FirstMention,
        );
        let of_category =
            |i: usize| c[i].profession_category.map(|k| k.as_str()) == category.chosen.as_deref();
        let phrases: Vec<&str> = group
            .iter()
            .filter(|&&i| of_category(i))
            .filter_map(|&i| m[i].raw.profession())
            .collect();
        let phrase = counted(phrases)
            .max_by_key(|(p, n)| (*n, std::cmp::Reverse(*p)))
            .map(|(p, _)| p.to_owned());
        let claims = self.claims(group, |i| m[i].raw.profession().map(Cow::Borrowed));
        let phrase = FieldValues::decided(
            Field::Profession,
            claims,
            phrase,
            ChoiceRule::CategoryPhrase,
        );
        [category, phrase]
    }

    /// The status (module doc), its claims being the mentions' statuses.
    fn status(&self, group: &[usize]) -> FieldValues<'a> {
        let m = self.mentions;
        let claims = self.claims(group, |i| Some(Cow::Borrowed(m[i].status.as_str())));
        let has = |s: Status| group.iter().any(|&i| m[i].status == s);
        let given_name_only = group
            .iter()
            .all(|&i| m[i].companion && self.cleaned[i].name.surname.is_none());
        let persons_only = group
            .iter()
            .all(|&i| m[i].provenance.section == Section::Persons && m[i].year.is_none());
        let (chosen, rule, agreement) = match (has(Status::Defector), has(Status::NotDefector)) {
            (true, true) => (None, ChoiceRule::Disputed, Agreement::Conflict),
            (true, false) if given_name_only => (
                Some(Status::Companion),
                ChoiceRule::GivenNameOnly,
                Agreement::Agree,
            ),
            (true, false) if persons_only => (
                Some(Status::Unsupported),
                ChoiceRule::PersonsTableOnly,
                Agreement::Agree,
            ),
            (true, false) => (Some(Status::Defector), ChoiceRule::Only, Agreement::Agree),
            _ => (
                Some(Status::NotDefector),
                ChoiceRule::Only,
                Agreement::Agree,
            ),
        };
        // A status the rule derives (companion, unsupported) replaces the mentions' value.
        let claims = match chosen {
            Some(s @ (Status::Companion | Status::Unsupported)) => claims
                .into_iter()
                .map(|c| Claim {
                    value: Cow::Borrowed(s.as_str()),
                    ..c
                })
                .collect(),
            _ => claims,
        };
        FieldValues {
            field: Field::Status,
            claims,
            chosen: chosen.map(|s| s.as_str().to_owned()),
            rule,
            agreement,
        }
    }

    /// The route of `members`: their partial routes merged (see [`crate::routes`]), else a
    /// vote on first and final destination with the path of the chosen final.
    fn route(&self, members: &[usize]) -> Route<'a> {
        let c = self.cleaned;
        let path_text = |i: usize| {
            (!c[i].destination_stops.is_empty())
                .then(|| Cow::Owned(c[i].destination_path().collect::<Vec<_>>().join(" → ")))
        };
        let claims_first = self.claims(members, |i| c[i].destination_first().map(Cow::Borrowed));
        let claims_final = self.claims(members, |i| c[i].destination_final().map(Cow::Borrowed));
        let claims_path = self.claims(members, path_text);
        if let Some(stops) = self.merged_route(members) {
            let first = first_refuge(&stops).map(str::to_owned);
            let last = last_refuge(&stops).map(str::to_owned);
            let path = route_countries(&stops);
            let joined = (!path.is_empty()).then(|| path.join(" → "));
            let rule = ChoiceRule::MergedRoute;
            return Route {
                fields: [
                    FieldValues::decided(
                        Field::DestinationFirst,
                        claims_first,
                        first.clone(),
                        rule,
                    ),
                    FieldValues::decided(Field::DestinationFinal, claims_final, last.clone(), rule),
                    FieldValues::decided(Field::DestinationPath, claims_path, joined, rule),
                ],
                first: first.map(Into::into),
                last: last.map(Into::into),
                path,
            };
        }
        let p = self.priorities;
        let first =
            FieldValues::choose(Field::DestinationFirst, claims_first, p, Tie::FirstMention);
        let last = FieldValues::choose(Field::DestinationFinal, claims_final, p, Tie::FirstMention);
        let path: Vec<CompactString> = members
            .iter()
            .filter(|&&i| {
                c[i].destination_final() == last.chosen.as_deref()
                    && !c[i].destination_stops.is_empty()
            })
            .max_by_key(|&&i| (c[i].destination_path().count(), std::cmp::Reverse(i)))
            .map(|&i| c[i].destination_path().map(CompactString::from).collect())
            .unwrap_or_default();
        let joined = (!path.is_empty()).then(|| path.join(" → "));
        let path_field = FieldValues {
            agreement: Agreement::Conflict,
            ..FieldValues::decided(
                Field::DestinationPath,
                claims_path,
                joined,
                ChoiceRule::FollowsFinal,
            )
        };
        Route {
            first: first.chosen.as_deref().map(Into::into),
            last: last.chosen.as_deref().map(Into::into),
            path,
            fields: [first, last, path_field],
        }
    }

    /// The routes of `members` merged into one, taken in source priority order; `None` when
    /// they are incompatible.
    fn merged_route(&self, members: &[usize]) -> Option<Vec<Stop>> {
        let mut order: Vec<usize> = members.to_vec();
        order.sort_by_key(|&i| {
            let p = &self.mentions[i].provenance;
            let priority = self
                .priorities
                .get(p.source_id.as_str())
                .copied()
                .unwrap_or(0);
            (
                std::cmp::Reverse(priority),
                p.source_id.clone(),
                p.line,
                self.mentions[i].index_in_line,
            )
        });
        let routes: Vec<&[Stop]> = order
            .iter()
            .map(|&i| self.cleaned[i].destination_stops.as_slice())
            .collect();
        merge_routes(&routes)
    }
}

/// A year or range as a value (`1990`, `1990–1991`).
fn year_text(y: defectors_model::YearRange) -> String {
    if y.min == y.max {
        y.min.to_string()
    } else {
        format!("{}–{}", y.min, y.max)
    }
}

/// The kind of the chosen event once its outcome is decided.
fn event_kind_of(kind: EventKind, outcome: &str) -> EventKind {
    match (kind, Outcome::from_name(outcome)) {
        (EventKind::Exiled, _) | (_, None) => kind,
        (_, Some(Outcome::Defected)) => EventKind::Defected,
        (_, Some(Outcome::Failed)) => EventKind::AttemptFailed,
        (_, Some(Outcome::Returned)) => EventKind::Returned,
    }
}

/// The countries of a route, in order.
fn route_countries(stops: &[Stop]) -> Vec<CompactString> {
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
    let genders: Vec<char> = group
        .iter()
        .filter(|&&i| cleaned[i].name.given_key.is_some())
        .filter_map(|&i| cleaned[i].name.gender)
        .collect();
    // Ties go to the last gender in sorted order, as `max_by_key` over a sorted map gave.
    let gender = counted(genders).max_by_key(|(_, n)| *n).map(|(g, _)| g);
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
    // Each display form's mentions in pool order (a stable sort); the form's gender fit and
    // its tie-breaking index come from its first mention, its priority is its best source's.
    let mut pool: Vec<(&str, usize)> = pool
        .iter()
        .map(|&i| (cleaned[i].name.display.as_str(), i))
        .collect();
    pool.sort_by_key(|&(display, _)| display);
    let name = pool
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let (display, first) = run[0];
            let fits = cleaned[first].name.surname_gender.is_none()
                || cleaned[first].name.surname_gender == gender;
            let priority = run
                .iter()
                .map(|&(_, i)| {
                    let source = mentions[i].provenance.source_id.as_str();
                    priorities.get(source).copied().unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            let key = (run.len(), fits, priority, std::cmp::Reverse(first));
            (display, key)
        })
        .max_by_key(|(name, key)| (*key, std::cmp::Reverse(*name)))
        .map(|(name, _)| name.to_owned())
        .unwrap_or_default();
    with_suffix(name, group, cleaned)
}

/// Each distinct item of `items` with how often it occurs, in sorted order.
fn counted<T: Ord + Copy>(mut items: Vec<T>) -> impl Iterator<Item = (T, usize)> {
    items.sort_unstable();
    let runs: Vec<(T, usize)> = items
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len()))
        .collect();
    runs.into_iter()
}

/// The name with the suffix (`Jr.`) any mention gives, when it has none: `Dmitri
/// Shostakovich Jr.` is not his father the composer.
fn with_suffix(name: String, group: &[usize], cleaned: &[CleanedMention]) -> String {
    let mut suffixes: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in group {
        if let Some(s) = cleaned[i].name.suffix.as_deref() {
            *suffixes.entry(s).or_insert(0) += 1;
        }
    }
    let suffix = suffixes
        .iter()
        .max_by_key(|(s, n)| (**n, std::cmp::Reverse(**s)));
    match suffix {
        Some((s, _)) if !name.split_whitespace().any(|w| w == *s) => format!("{name} {s}"),
        _ => name,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids as first written: every slug and every id given in one set, the next suffix
    /// per slug in a map.
    fn ids_with_a_set(names: &[String], firsts: &[u32]) -> Vec<String> {
        let bases: Vec<String> = names
            .iter()
            .map(|n| Some(slug(n)).filter(|s| !s.is_empty()))
            .map(|s| s.unwrap_or_else(|| FALLBACK_SLUG.to_owned()))
            .collect();
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|&a, &b| (&bases[a], firsts[a], a).cmp(&(&bases[b], firsts[b], b)));
        let mut taken: std::collections::HashSet<String> = bases.iter().cloned().collect();
        let mut next: HashMap<&str, u64> = HashMap::new();
        let mut ids = vec![String::new(); names.len()];
        for &i in &order {
            let base = bases[i].as_str();
            let Some(n) = next.get_mut(base) else {
                next.insert(base, 2);
                ids[i] = base.to_owned();
                continue;
            };
            let (k, id) = (*n..)
                .map(|k| (k, format!("{base}-{k}")))
                .find(|(_, id)| !taken.contains(id))
                .expect("an unused suffix");
            *n = k + 1;
            taken.insert(id.clone());
            ids[i] = id;
        }
        ids
    }

    proptest::proptest! {
        /// Names from a few words and numbers (so slugs repeat and some are another's
        /// suffixed id) get the ids of the set-based rule.
        #[test]
        fn ids_match_the_set_based_rule(
            names in proptest::collection::vec("(ivan|sokolov|a|-|2|3|10| ){0,4}", 0..40),
        ) {
            // Each person's first mention is its own, in order.
            let groups: Vec<Vec<usize>> = (0..names.len()).map(|i| vec![i]).collect();
            let ranks: Vec<u32> = (0..names.len() as u32).collect();
            let ids: Vec<String> = assign_ids(&names, &groups, &ranks)
                .into_iter()
                .map(String::from)
                .collect();
            proptest::prop_assert_eq!(ids, ids_with_a_set(&names, &ranks));
        }
    }
}
