//! Places → countries (`places.csv`, `countries.csv`), and destination paths read from a
//! destination field (`France → USA`, `USA via India`, `via Vienna to USA`) or from narrative
//! notes (`Defected to France via Iran and India`, `… to Finland and then to the UK`).

use compact_str::CompactString;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use defectors_model::{CountryRow, PlaceRow};
use defectors_parse::Pattern;

use crate::names::fold;

/// Place names and countries, with historical states and Eastern Bloc membership.
#[derive(Debug, Clone, Default)]
pub struct PlaceIndex {
    places: HashMap<String, Vec<PlaceRow>>,
    countries: HashMap<String, CountryRow>,
}

/// One stop of a destination path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The country.
    pub country: CompactString,
    /// The place as written.
    pub written: CompactString,
    /// Passed through (`via`, `through`) rather than a refuge.
    pub transit: bool,
    /// Where the person was posted or on tour when they defected (`stationed in`, `resident
    /// in`, `a tour of`): the start of the journey, a refuge only when nothing follows.
    pub posting: bool,
}

impl Stop {
    /// A refuge: neither passed through nor a posting.
    pub fn is_refuge(&self) -> bool {
        !self.transit && !self.posting
    }
}

/// A destination path with the places that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Destinations {
    /// Countries in travel order, transit included.
    pub path: Vec<Stop>,
    /// Capitalised phrases in place position that `places.csv` does not know.
    pub unknown: Vec<String>,
}

impl Destinations {
    /// The first country that is a refuge (not transit, not in the Eastern Bloc, not a
    /// posting), else the last posting (a person who stayed where they were posted).
    pub fn first(&self) -> Option<&str> {
        first_refuge(&self.path)
    }

    /// The last refuge country, else the last posting.
    pub fn last(&self) -> Option<&str> {
        last_refuge(&self.path)
    }

    /// The path as country names, consecutive repeats removed.
    pub fn countries(&self) -> Vec<CompactString> {
        path_countries(&self.path)
            .map(CompactString::from)
            .collect()
    }
}

/// The countries of a path of stops in order, a country repeated by the next stop once.
pub fn path_countries(path: &[Stop]) -> impl Iterator<Item = &str> {
    path.iter()
        .enumerate()
        .filter(|&(i, stop)| i == 0 || path[i - 1].country != stop.country)
        .map(|(_, stop)| stop.country.as_str())
}

/// The first refuge of a path of stops, else its last posting (see [`Destinations::first`]).
pub fn first_refuge(path: &[Stop]) -> Option<&str> {
    path.iter()
        .find(|s| s.is_refuge())
        .or_else(|| path.iter().rev().find(|s| s.posting && !s.transit))
        .map(|s| s.country.as_str())
}

/// The last refuge of a path of stops, else its last posting (see [`Destinations::last`]).
pub fn last_refuge(path: &[Stop]) -> Option<&str> {
    path.iter()
        .rev()
        .find(|s| s.is_refuge())
        .or_else(|| path.iter().rev().find(|s| s.posting && !s.transit))
        .map(|s| s.country.as_str())
}

fn key(name: &str) -> String {
    let name = name.trim().trim_end_matches(['.', ',']);
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    fold(name)
}

impl PlaceIndex {
    /// Builds the index from the reference rows.
    pub fn new(places: &[PlaceRow], countries: &[CountryRow]) -> Self {
        let mut by_name: HashMap<String, Vec<PlaceRow>> = HashMap::new();
        for row in places {
            by_name.entry(key(&row.name)).or_default().push(row.clone());
        }
        Self {
            places: by_name,
            countries: countries
                .iter()
                .map(|c| (c.name.clone(), c.clone()))
                .collect(),
        }
    }

    /// True when the table knows `country` as a country.
    pub fn is_country(&self, country: &str) -> bool {
        self.countries.contains_key(country)
    }

    /// The country of a place in a given year (the row whose years hold it, else one without
    /// years). `Ottawa, Canada` is tried whole, then part by part.
    pub fn country_of(&self, place: &str, year: Option<i32>) -> Option<String> {
        let whole = key(place);
        let mut candidates = vec![whole];
        candidates.extend(place.split(',').map(key));
        for k in candidates {
            if let Some(rows) = self.places.get(&k) {
                let fits = |r: &&PlaceRow| match year {
                    Some(y) => {
                        r.from_year.is_none_or(|f| f <= y) && r.to_year.is_none_or(|t| y <= t)
                    }
                    None => r.from_year.is_none() && r.to_year.is_none(),
                };
                if let Some(row) = rows.iter().find(fits).or_else(|| rows.first()) {
                    return Some(row.country.clone());
                }
            }
        }
        None
    }

    /// True when `country` was in the Eastern Bloc in `year` (any year when unknown).
    pub fn is_eastern_bloc(&self, country: &str, year: Option<i32>) -> bool {
        let Some(row) = self.countries.get(country) else {
            return false;
        };
        let Some(from) = row.eastern_bloc_from else {
            return false;
        };
        year.is_none_or(|y| from <= y && row.eastern_bloc_to.is_none_or(|t| y <= t))
    }

    /// True when `country` was ever in the Eastern Bloc (the states this dataset is about).
    pub fn is_eastern_bloc_state(&self, country: &str) -> bool {
        self.countries
            .get(country)
            .is_some_and(|c| c.eastern_bloc_from.is_some())
    }

    /// The Eastern Bloc state a birthplace stood for in `year`: the written state is tried
    /// first (`Poland, Russian Empire` → the Russian Empire's successor, the USSR), then the
    /// whole text, then the other parts. `None` when none is an Eastern Bloc state
    /// (`Austria-Hungary`): a birthplace alone is no origin.
    pub fn eastern_bloc_state_of_birthplace(
        &self,
        birthplace: &str,
        year: Option<i32>,
    ) -> Option<String> {
        let parts: Vec<&str> = birthplace.split(',').map(str::trim).collect();
        let mut candidates: Vec<&str> = Vec::new();
        candidates.extend(parts.last());
        candidates.push(birthplace);
        candidates.extend(parts.iter().rev().skip(1));
        candidates.into_iter().find_map(|c| {
            let country = self.country_of(c, year)?;
            let state = self.state_of(&country, year);
            self.is_eastern_bloc_state(&state).then_some(state)
        })
    }

    /// The state a person from `country` defected from in `year`: the country itself, or
    /// the state it was part of then (`Ukraine` 1944 → `USSR`).
    pub fn state_of(&self, country: &str, year: Option<i32>) -> String {
        if let Some(row) = self.countries.get(country)
            && let Some(part_of) = &row.part_of
        {
            let within = year.is_none_or(|y| {
                row.part_of_from.is_none_or(|f| f <= y) && row.part_of_to.is_none_or(|t| y <= t)
            });
            if within {
                return part_of.clone();
            }
        }
        country.to_owned()
    }

    /// The state as it was in `year`: its `predecessor` when the year began before the state
    /// was `founded` (`USSR` 1921 → `Soviet Russia`), else the state itself.
    pub fn state_as_of(&self, state: &str, year: Option<i32>) -> String {
        let row = self.countries.get(state);
        let before = |founded: NaiveDate| {
            year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
                .is_some_and(|start| start < founded)
        };
        match row.and_then(|r| Some((r.founded?, r.predecessor.as_ref()?))) {
            Some((founded, predecessor)) if before(founded) => predecessor.clone(),
            _ => state.to_owned(),
        }
    }

    /// Reads a destination field: hops separated by `→`, `->`, ` then `, ` to `; within a
    /// hop, places after `via` are transit. Lower-case words (`via hunger strike`) are no place.
    pub fn parse_destination_field(
        &self,
        text: &str,
        year: Option<i32>,
        origin: Option<&str>,
    ) -> Destinations {
        let mut out = Destinations::default();
        let normalised = text.replace("->", "→");
        for hop in HOP_SEPARATOR.split(&normalised) {
            let hop = hop.trim();
            if hop.is_empty() {
                continue;
            }
            let mut pieces = hop.splitn(2, "via ");
            let main = pieces.next().unwrap_or_default().trim();
            let via = pieces.next();
            if let Some(via) = via {
                for place in LIST_SEPARATOR.split(via) {
                    self.push_place(&mut out, place, true, year, origin);
                }
            }
            if !main.is_empty() {
                self.push_place(&mut out, main, false, year, origin);
            }
        }
        out
    }

    /// Reads destinations from narrative text (a table's notes): places after motion verbs
    /// (`defected to/in`, `fled to`, `escaped … to`, `crossed … into`, `settled in`, `ended
    /// up in`, `now lives in`), transit after `via`/`through`, postings after `stationed in`,
    /// `resident in`, `a tour of`; never after `from`, `born in`, `died in`, in clauses about
    /// something else (`where`, `after`, …, until the next motion verb), or in a clause
    /// without a motion verb unless it continues the journey (`; then to Pakistan`). The
    /// place of death (`apparent suicide in the United States`, `died in Munich`) is where
    /// the person last lived: it ends the journey.
    pub fn parse_narrative(
        &self,
        text: &str,
        year: Option<i32>,
        origin: Option<&str>,
    ) -> Destinations {
        let mut out = Destinations::default();
        for (s, e) in defectors_parse::split_sentences(text) {
            let mut moving = false;
            for clause in text[s..e].split(';') {
                let scopes = motion_scopes(clause, moving);
                moving = !scopes.is_empty();
                for scope in scopes {
                    self.read_scope(&mut out, scope, year, origin);
                }
            }
        }
        if let Some(caps) = DEATH_PLACE.captures_iter(text).last() {
            let place = caps.get(1).expect("group").as_str();
            self.push_stop(&mut out, place, Role::Refuge, year, origin);
        }
        out
    }

    /// The places of one stretch of text about a journey (see [`PlaceIndex::parse_narrative`]).
    fn read_scope(
        &self,
        out: &mut Destinations,
        scope: &str,
        year: Option<i32>,
        origin: Option<&str>,
    ) {
        for caps in TOUR.captures_iter(scope) {
            let place = caps.get(1).expect("group").as_str();
            self.push_stop(out, place, Role::Posting, year, origin);
        }
        for caps in PLACE_PHRASE.captures_iter(scope) {
            let prep = caps.get(1).expect("group").as_str().to_lowercase();
            let place = caps.get(2).expect("group");
            let before = &scope[..caps.get(0).expect("match").start()];
            if NOT_A_JOURNEY.is_match(before) || prep == "from" {
                continue;
            }
            let phrase = place.as_str().trim_end_matches([',', '.']);
            // `Italian intelligence` is no place; `Japan in 1979` is one.
            let adjective =
                defectors_parse::is_adjective_before_noun(phrase, &scope[place.end()..])
                    && self.country_of(phrase, year).is_none();
            if adjective
                || NOT_PLACE_WORDS
                    .iter()
                    .any(|w| phrase.split_whitespace().any(|p| p == *w))
            {
                continue;
            }
            let role = if POSTING.is_match(before) {
                Role::Posting
            } else if prep == "via" || prep == "through" {
                Role::Transit
            } else {
                Role::Refuge
            };
            if role != Role::Transit {
                self.push_stop(out, phrase, role, year, origin);
                continue;
            }
            // `to X via Y`: Y was passed before X.
            let insert_at = (prep == "via")
                .then(|| out.path.iter().rposition(|s| !s.transit))
                .flatten();
            let before = out.path.len();
            for part in LIST_SEPARATOR.split(phrase) {
                self.push_stop(out, part, Role::Transit, year, origin);
            }
            if let Some(at) = insert_at {
                let added: Vec<Stop> = out.path.drain(before..).collect();
                out.path.splice(at..at, added);
            }
        }
    }

    /// Postings a text names (`NKVD resident in Spain`, `stationed in Vienna`): where the
    /// person was when they defected, read from any field (a role, a profession).
    pub fn postings(&self, text: &str, year: Option<i32>, origin: Option<&str>) -> Vec<Stop> {
        let mut out = Destinations::default();
        for caps in POSTING_PHRASE
            .captures_iter(text)
            .chain(TOUR.captures_iter(text))
        {
            let place = caps.get(1).expect("group").as_str();
            self.push_stop(&mut out, place, Role::Posting, year, origin);
        }
        out.path
    }

    fn push_place(
        &self,
        out: &mut Destinations,
        place: &str,
        transit: bool,
        year: Option<i32>,
        origin: Option<&str>,
    ) {
        let role = if transit { Role::Transit } else { Role::Refuge };
        self.push_stop(out, place, role, year, origin);
    }

    /// Adds a place as a stop; the same country twice in a row is one stop (a posting stays
    /// a posting: `a tour of Germany to the Weimar Republic`).
    fn push_stop(
        &self,
        out: &mut Destinations,
        place: &str,
        role: Role,
        year: Option<i32>,
        origin: Option<&str>,
    ) {
        let place = place.trim().trim_end_matches([',', '.', ')']).trim();
        let place = place.strip_prefix("the ").unwrap_or(place);
        if place.is_empty() || !place.chars().next().is_some_and(char::is_uppercase) {
            return;
        }
        match self.country_of(place, year) {
            Some(country) => {
                // A place inside the state defected from is where the journey started.
                let home = origin.is_some_and(|o| self.state_of(&country, year) == o);
                if home {
                    return;
                }
                let bloc = self.is_eastern_bloc(&self.state_of(&country, year), year);
                let transit = role == Role::Transit || bloc;
                let posting = role == Role::Posting;
                if let Some(last) = out.path.last_mut()
                    && last.country == country
                {
                    last.transit &= transit;
                    last.posting |= posting;
                    return;
                }
                out.path.push(Stop {
                    country: country.into(),
                    written: place.into(),
                    transit,
                    posting,
                });
            }
            None => out.unknown.push(place.to_owned()),
        }
    }
}

/// The kind of a stop as one text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Refuge,
    Transit,
    Posting,
}

/// The stretches of a clause that describe a journey: from each motion verb to the next
/// clause stop (`where`, `after`, …); a clause opening with `then`/`later` goes on with the
/// journey of the clause before when `continues`.
fn motion_scopes(clause: &str, continues: bool) -> Vec<&str> {
    let mut scopes = Vec::new();
    let cut = |text: &str| CLAUSE_STOP.find(text).map_or(text.len(), |m| m.start());
    let first_verb = MOTION_VERB.find(clause).map_or(clause.len(), |m| m.start());
    if continues && CONTINUATION.is_match(clause) {
        let head = &clause[..first_verb];
        scopes.push(&head[..cut(head)]);
    }
    let mut from = 0;
    while let Some(verb) = MOTION_VERB.find_at(clause, from) {
        let rest = &clause[verb.start()..];
        let stop = cut(&rest[verb.len()..]) + verb.len();
        scopes.push(&rest[..stop]);
        from = verb.start() + stop;
    }
    scopes
}

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[
    &HOP_SEPARATOR,
    &LIST_SEPARATOR,
    &MOTION_VERB,
    &CLAUSE_STOP,
    &PLACE_PHRASE,
    &POSTING,
    &NOT_A_JOURNEY,
    &POSTING_PHRASE,
    &TOUR,
    &DEATH_PLACE,
    &CONTINUATION,
];

static HOP_SEPARATOR: LazyLock<Pattern> =
    LazyLock::new(|| defectors_parse::pattern(r"\s*→\s*|\s+then\s+|\s+to\s+|^to\s+"));
static LIST_SEPARATOR: LazyLock<Pattern> =
    LazyLock::new(|| defectors_parse::pattern(r"\s+and\s+|\s*,\s*(?:and\s+)?"));
static MOTION_VERB: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i)\b(?:defected|defect|fled|flee|escaped|crossed|flew|flown|sailed|swam|went to|went over|went on to|moved|emigrated|immigrated|settled|arrived|sought|asylum|offered (?:himself|herself|themselves)|contacted|exfiltrated|recalled|ended up|now lives|now living|now resides|resides|resided)\b",
    )
});
static CLAUSE_STOP: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i),?\s+(?:where|after|before|which|who|to avoid|to evade|for debriefing)\b",
    )
});
static PLACE_PHRASE: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i:\b(to|in|into|at|via|through|then|later|from|recalled from))\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+(?:of\s+|and\s+)?\p{Lu}[\p{L}\p{M}.'’-]*)*(?:,\s+\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*)*)?)",
    )
});
/// Words right before a place that make it a posting (where the person was sent or worked).
static POSTING: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i)\b(?:stationed|serving|working|resident|posted|assigned|a mission|on mission|on duty|on tour|on a tour|based)\s*$",
    )
});
/// Words right before a place that make it no stop of the journey.
static NOT_A_JOURNEY: LazyLock<Pattern> =
    LazyLock::new(|| defectors_parse::pattern(r"(?i)\b(?:born|died|buried|of)\s*$"));
/// A posting named in any text: `resident in Spain`, `stationed at Vienna`.
static POSTING_PHRASE: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i:\b(?:stationed|serving|working|resident|posted|assigned|based)\s+(?:in|at|to))\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*)*)",
    )
});
/// A tour or visit abroad: `during a tour of Germany`, `on a visit to London`.
static TOUR: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i:\b(?:tour|tournament|visit|trip|mission|festival|competition)\s+(?:of|to|in))\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*)*)",
    )
});
/// The place of death: `died in Munich`, `apparent suicide in the United States`, `was
/// assassinated in Mexico City` (a year is no place: `killed in 1938`).
static DEATH_PLACE: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(&format!(
        r"(?i:\b(?:{})\s+(?:in|at))\s+(?:the\s+)?(\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*(?:\s+\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*)*(?:,\s+\p{{Lu}}[\p{{L}}\p{{M}}.'’-]*)?)",
        crate::outcome::DEATH_WORDS
    ))
});
/// A clause that goes on with the journey of the clause before (`; then to Pakistan`).
static CONTINUATION: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i)^\s*(?:and\s+)?(?:then|later|afterwards|subsequently|eventually)\b",
    )
});

/// Capitalised words that make a phrase an organisation or event, not a place.
const NOT_PLACE_WORDS: &[&str] = &[
    "Embassy",
    "Consulate",
    "Agency",
    "Ministry",
    "Office",
    "Radio",
    "Party",
    "Championships",
    "Championship",
    "Cup",
    "Olympics",
    "Revolution",
    "Express",
    "CIA",
    "FBI",
    "KGB",
    "NKVD",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> PlaceIndex {
        let place = |name: &str, country: &str, from: Option<i32>, to: Option<i32>| PlaceRow {
            name: name.into(),
            country: country.into(),
            from_year: from,
            to_year: to,
        };
        let country = |name: &str, bloc: Option<(i32, i32)>, part: Option<&str>| CountryRow {
            name: name.into(),
            eastern_bloc_from: bloc.map(|b| b.0),
            eastern_bloc_to: bloc.map(|b| b.1),
            part_of: part.map(Into::into),
            part_of_from: part.map(|_| 1922),
            part_of_to: part.map(|_| 1991),
            founded: None,
            predecessor: None,
        };
        PlaceIndex::new(
            &[
                place("France", "France", None, None),
                place("Paris", "France", None, None),
                place("French Republic", "France", None, None),
                place("USA", "United States", None, None),
                place("United States", "United States", None, None),
                place("India", "India", None, None),
                place("Iran", "Iran", None, None),
                place("Vienna", "Austria", None, None),
                place("Israel", "Israel", None, None),
                place("Munich", "West Germany", Some(1949), Some(1990)),
                place("Munich", "Germany", None, Some(1948)),
                place("Finland", "Finland", None, None),
                place("United Kingdom", "United Kingdom", None, None),
                place("Karelia", "USSR", None, None),
                place("East Berlin", "East Germany", None, None),
                place("Ottawa", "Canada", None, None),
                place("Le Bourget airport", "France", None, None),
                place("Ukraine", "Ukraine", None, None),
                place("Japan", "Japan", None, None),
            ],
            &[
                country("USSR", Some((1922, 1991)), None),
                country("East Germany", Some((1949, 1990)), None),
                country("Ukraine", None, Some("USSR")),
                country("France", None, None),
            ],
        )
    }

    fn path(d: &Destinations) -> Vec<(String, bool)> {
        d.path
            .iter()
            .map(|s| (s.country.to_string(), s.transit))
            .collect()
    }

    #[test]
    fn destination_fields() {
        let idx = index();
        let d = idx.parse_destination_field("France → USA", Some(1922), Some("USSR"));
        assert_eq!(d.countries(), ["France", "United States"]);
        assert_eq!(
            (d.first(), d.last()),
            (Some("France"), Some("United States"))
        );
        let d = idx.parse_destination_field("USA via India", Some(1967), Some("USSR"));
        assert_eq!(
            path(&d),
            [("India".into(), true), ("United States".into(), false)]
        );
        let d = idx.parse_destination_field("via Vienna to USA", Some(1981), Some("USSR"));
        assert_eq!(
            path(&d),
            [("Austria".into(), true), ("United States".into(), false)]
        );
        let d = idx.parse_destination_field("Israel via hunger strike", Some(1974), Some("USSR"));
        assert_eq!(d.countries(), ["Israel"]);
        assert!(d.unknown.is_empty(), "a lower-case phrase is no place");
        let d = idx.parse_destination_field("Le Bourget airport, Paris", Some(1961), Some("USSR"));
        assert_eq!(d.countries(), ["France"]);
        let d = idx.parse_destination_field("Atlantis", Some(1961), None);
        assert_eq!(d.unknown, ["Atlantis"]);
    }

    #[test]
    fn historical_countries_depend_on_the_year() {
        let idx = index();
        assert_eq!(
            idx.country_of("Munich", Some(1973)).as_deref(),
            Some("West Germany")
        );
        assert_eq!(
            idx.country_of("Munich", Some(1938)).as_deref(),
            Some("Germany")
        );
        assert_eq!(idx.state_of("Ukraine", Some(1944)), "USSR");
        assert_eq!(idx.state_of("Ukraine", Some(1995)), "Ukraine");
        assert_eq!(
            idx.eastern_bloc_state_of_birthplace("Ottawa, Ukraine", Some(1950))
                .as_deref(),
            Some("USSR")
        );
        assert_eq!(
            idx.eastern_bloc_state_of_birthplace("Paris", Some(1950)),
            None
        );
        assert!(idx.is_eastern_bloc("East Germany", Some(1953)));
        assert!(!idx.is_eastern_bloc("France", Some(1953)));
    }

    fn roles(d: &Destinations) -> Vec<(String, &'static str)> {
        d.path
            .iter()
            .map(|s| {
                let role = match (s.transit, s.posting) {
                    (true, _) => "transit",
                    (false, true) => "posting",
                    (false, false) => "refuge",
                };
                (s.country.to_string(), role)
            })
            .collect()
    }

    #[test]
    fn narrative_routes_go_on_past_other_clauses() {
        let idx = index();
        let read = |text: &str| idx.parse_narrative(text, Some(1951), Some("USSR"));
        // A second motion verb after an `after …` clause.
        let d = read("Defected to France after serving as a diplomat and later settled in the USA");
        assert_eq!(d.countries(), ["France", "United States"]);
        // A clause that continues the journey without a verb of its own.
        let d = read("Defected in Paris; then to Israel in 1950 where he was given refuge");
        assert_eq!(d.countries(), ["France", "Israel"]);
        assert_eq!((d.first(), d.last()), (Some("France"), Some("Israel")));
        // A clause without a motion verb that does not continue is not read.
        let d = read("Defected in Paris; a street in Israel bears his name");
        assert_eq!(d.countries(), ["France"]);
        let d = read(
            "Fled to evade religious persecution. Defected in Paris, France; then to Israel in 1950 where he was given refuge and citizenship. In honour of his new home, Israel; he designed a tower in Paris.",
        );
        assert_eq!(d.countries(), ["France", "Israel"]);
        // Settlement verbs.
        let d = read("Defected in Finland and now resides in the United Kingdom");
        assert_eq!(d.countries(), ["Finland", "United Kingdom"]);
    }

    #[test]
    fn the_place_of_death_ends_the_journey() {
        let idx = index();
        let read = |text: &str| idx.parse_narrative(text, Some(1937), Some("USSR"));
        let d = read(
            "Defected in Paris after the assassination of a friend; apparent suicide in the United States in 1941",
        );
        assert_eq!(d.countries(), ["France", "United States"]);
        assert_eq!(
            read("Defected to France; killed in 1938").countries(),
            ["France"]
        );
    }

    #[test]
    fn a_place_ending_like_an_adjective_is_still_a_place() {
        let idx = index();
        let read = |text: &str| idx.parse_narrative(text, Some(1979), Some("USSR"));
        let d = read("defected in Japan in 1979 and now resides in the United States");
        assert_eq!(d.countries(), ["Japan", "United States"]);
        let d = read("Defected in Paris; then to Japan in 1950 where he was given refuge");
        assert_eq!(d.countries(), ["France", "Japan"]);
        // An adjective no place table knows stays no place.
        let d = read("defected to Italian intelligence in Paris");
        assert_eq!(d.countries(), ["France"]);
    }

    #[test]
    fn postings_and_tours_are_where_the_journey_starts() {
        let idx = index();
        let d = idx.parse_narrative(
            "Defected during a tour of France to the French Republic, then fled to the USA",
            Some(1924),
            Some("USSR"),
        );
        assert_eq!(
            roles(&d),
            [
                ("France".into(), "posting"),
                ("United States".into(), "refuge")
            ]
        );
        assert_eq!(d.first(), Some("United States"));
        let stops = idx.postings("NKVD resident in France", Some(1938), Some("USSR"));
        assert_eq!(stops.len(), 1);
        assert!(stops[0].posting && stops[0].country == "France");
        assert!(idx.postings("born in France", Some(1938), None).is_empty());
    }

    #[test]
    fn narrative_notes() {
        let idx = index();
        let d = idx.parse_narrative(
            "Defected to France via Iran and India",
            Some(1928),
            Some("USSR"),
        );
        assert_eq!(
            path(&d),
            [
                ("Iran".into(), true),
                ("India".into(), true),
                ("France".into(), false)
            ]
        );
        let d = idx.parse_narrative(
            "Fled from the USSR with her husband through Karelia to Finland and then to the United Kingdom. She wrote a book in Paris.",
            Some(1932),
            Some("USSR"),
        );
        assert_eq!(d.countries(), ["Finland", "United Kingdom"]);
        let d = idx.parse_narrative(
            "Fled while stationed in France to avoid execution",
            Some(1938),
            Some("USSR"),
        );
        assert_eq!(
            d.countries(),
            ["France"],
            "a posting is where the journey starts"
        );
        assert!(d.path[0].posting);
        assert_eq!(
            d.first(),
            Some("France"),
            "a posting alone is where they stayed"
        );
        // The place of death ends the journey (see `the_place_of_death_ends_the_journey`).
        let d = idx.parse_narrative("Defected in Paris after the assassination; apparent suicide in the United States in 1941", Some(1937), Some("USSR"));
        assert_eq!(d.countries(), ["France", "United States"]);
        let d = idx.parse_narrative("Defected on a mission in East Berlin; he went on to reveal in Radio Free Europe broadcasts", Some(1953), Some("Poland"));
        assert_eq!(path(&d), [("East Germany".into(), true)]);
        assert!(d.unknown.is_empty());
        let d = idx.parse_narrative(
            "Was recalled from Paris, refused to return to the USSR",
            Some(1939),
            Some("USSR"),
        );
        assert_eq!(d.countries(), ["France"]);
    }
}
