//! The `clean` stage: turns the raw fields of each mention into normalised values, using the
//! curated reference tables, and keeps for each value the raw text it came from.
//!
//! Pure: mentions and reference rows in, cleaned mentions and diagnostics out; no I/O.

mod agencies;
mod error;
mod names;
mod outcome;
pub mod phrases;
mod places;
mod professions;
mod skeleton;

use std::collections::HashMap;

use compact_str::CompactString;

use rayon::prelude::*;

use defectors_model::{Diagnostic, Mention, Reference, Section};

pub use agencies::{AgencyIndex, AgencyMatch};
pub use error::CleanError;
pub use names::{
    GivenNameIndex, NameParts, analyse_name, family_key, fold, has_cyrillic, is_patronymic,
    spelling_key, surname_gender, to_latin,
};
pub use outcome::{Outcome, death_year_of, outcome_of};
pub use places::{Destinations, PlaceIndex, Stop, first_refuge, last_refuge};
pub use professions::{ProfessionIndex, ProfessionMatch};
pub use skeleton::{skeletons, skeletons_meet};

/// Compiles every regular expression the cleaners use (about 20 ms of CPU), in parallel on
/// rayon's pool (see `defectors_parse::compile_patterns`).
pub fn compile_patterns() {
    let modules = [
        agencies::PATTERNS,
        outcome::PATTERNS,
        places::PATTERNS,
        professions::PATTERNS,
    ];
    defectors_parse::compile_all(&modules);
}

/// The first and last year the dataset is about; other years are kept with a warning.
pub const YEARS: (i32, i32) = (1917, 1991);

/// The normalised values of one mention, each with the raw text it came from. Its short
/// texts (countries, agencies) are held inline up to 24 bytes and the names of its rules and
/// fields are static words: a build holds the cleaned values of every mention until the
/// mentions table is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanedMention {
    /// Name parts and matching keys.
    pub name: NameParts,
    /// Profession category (one of the contract's), when a phrase gives one.
    pub profession_category: Option<defectors_model::ProfessionCategory>,
    /// `field: phrase` the category came from.
    pub profession_from: Option<CompactString>,
    /// Canonical agency.
    pub agency: Option<CompactString>,
    /// `field: spelling` the agency came from.
    pub agency_from: Option<CompactString>,
    /// The stops of the path with their kind (transit, posting, refuge).
    pub destination_stops: Vec<Stop>,
    /// The field the destinations were read from.
    pub destination_from: Option<&'static str>,
    /// Country of the birthplace (as of the defection year).
    pub birthplace_country: Option<CompactString>,
    /// The state defected from.
    pub origin: Option<CompactString>,
    /// Which rule gave the origin (`agency`, `birthplace`, `source scope`, `companion`).
    pub origin_rule: Option<&'static str>,
    /// How the defection ended.
    pub outcome: Outcome,
    /// `field: phrase` the outcome came from (none for the default `defected`).
    pub outcome_from: Option<CompactString>,
    /// The year of death a table or timeline note states (`killed in 1938`), if any.
    pub died_year: Option<i32>,
}

impl CleanedMention {
    /// Countries in travel order (transit included): the countries of
    /// [`CleanedMention::destination_stops`], a country repeated by the next stop once. This
    /// and the first and final destination are read from the stops, not held beside them: a
    /// build holds the cleaned values of every mention.
    pub fn destination_path(&self) -> impl Iterator<Item = &str> + '_ {
        places::path_countries(&self.destination_stops)
    }

    /// The first country of refuge of [`CleanedMention::destination_stops`] (see
    /// [`first_refuge`]).
    pub fn destination_first(&self) -> Option<&str> {
        places::first_refuge(&self.destination_stops)
    }

    /// The last country of refuge of [`CleanedMention::destination_stops`] (see
    /// [`last_refuge`]).
    pub fn destination_final(&self) -> Option<&str> {
        places::last_refuge(&self.destination_stops)
    }
}

/// The reference tables, indexed for lookups.
#[derive(Debug, Clone, Default)]
pub struct Cleaner {
    /// Given names.
    pub given_names: GivenNameIndex,
    /// Places and countries.
    pub places: PlaceIndex,
    /// Agencies.
    pub agencies: AgencyIndex,
    /// Professions.
    pub professions: ProfessionIndex,
}

impl Cleaner {
    /// Indexes the reference tables.
    ///
    /// # Panics
    ///
    /// When a row of `agencies.csv` or `professions.csv` cannot be made a pattern; callers
    /// reading tables they do not control use [`Cleaner::try_new`].
    pub fn new(reference: &Reference) -> Self {
        Self::try_new(reference).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Indexes the reference tables; a spelling or phrase too long to become a pattern is a
    /// [`CleanError`] naming its table file and line.
    pub fn try_new(reference: &Reference) -> Result<Self, CleanError> {
        Ok(Self {
            given_names: GivenNameIndex::new(&reference.given_names),
            places: PlaceIndex::new(&reference.places, &reference.countries),
            agencies: AgencyIndex::try_new(&reference.agencies)?,
            professions: ProfessionIndex::try_new(&reference.professions)?,
        })
    }

    /// Cleans one mention; `scope` is the state its source is about, if it has one.
    pub fn clean(&self, m: &Mention, scope: Option<&str>) -> (CleanedMention, Vec<Diagnostic>) {
        self.clean_with(m, scope, None)
    }

    /// Like [`Cleaner::clean`]; `fallback_origin` (state, rule) is used when no rule of the
    /// mention's own gives an origin (a companion takes the row subject's).
    pub fn clean_with(
        &self,
        m: &Mention,
        scope: Option<&str>,
        fallback_origin: Option<(&str, &'static str)>,
    ) -> (CleanedMention, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let source = m.provenance.source_id.as_str();
        let line = m.provenance.line;
        let year = m.year.map(|y| y.min);
        let warn = |code: &str, message: String| Diagnostic::warning(source, line, code, message);

        if let Some(y) = m.year
            && (y.min < YEARS.0 || y.max > YEARS.1)
        {
            diagnostics.push(warn(
                "clean.year_out_of_range",
                format!(
                    "{}: year {} lies outside {}–{}; kept",
                    m.surface_name,
                    m.raw.year().unwrap_or_default(),
                    YEARS.0,
                    YEARS.1
                ),
            ));
        }

        let name = analyse_name(&m.surface_name, &self.given_names);

        // Agency: the agency field, then the profession, then the notes.
        let agency = [
            ("agency_raw", m.raw.agency()),
            ("profession_raw", m.raw.profession()),
        ]
        .into_iter()
        .find_map(|(field, text)| text.and_then(|t| self.agencies.find(t)).map(|a| (field, a)))
        .or_else(|| {
            m.raw
                .notes()
                .and_then(|t| self.agencies.find_in_notes(t))
                .map(|a| ("notes_raw", a))
        });
        if let (Some(raw), None) = (m.raw.agency(), &agency) {
            diagnostics.push(warn(
                "clean.unknown_agency",
                format!("{}: agency `{raw}` is not in agencies.csv", m.surface_name),
            ));
        }

        let profession = m.raw.profession().and_then(|p| {
            let found = self.professions.categorise(p, agency.is_some());
            if found.is_none() {
                diagnostics.push(warn(
                    "clean.unknown_profession",
                    format!(
                        "{}: profession `{p}` matches no phrase of professions.csv",
                        m.surface_name
                    ),
                ));
            }
            found
        });
        let profession = profession.or_else(|| {
            agency.as_ref().map(|_| ProfessionMatch {
                category: defectors_model::ProfessionCategory::Intelligence,
                phrase: "(agency)".to_owned(),
            })
        });

        let birthplace_state = m
            .raw
            .birthplace()
            .and_then(|b| self.places.eastern_bloc_state_of_birthplace(b, year));
        let birthplace_country = m.raw.birthplace().and_then(|b| {
            let found = self.places.country_of(b, year);
            if found.is_none() {
                diagnostics.push(warn(
                    "clean.unknown_place",
                    format!("{}: birthplace `{b}` is not in places.csv", m.surface_name),
                ));
            }
            found
        });

        // Origin: the agency's state, else an Eastern Bloc birthplace, else the source's scope.
        let (origin, origin_rule) = if let Some((_, a)) = &agency {
            (Some(a.country.clone()), Some("agency"))
        } else if let Some(state) = birthplace_state {
            (Some(state), Some("birthplace"))
        } else if let Some(scope) = scope {
            (Some(scope.to_owned()), Some("source scope"))
        } else if let Some((state, rule)) = fallback_origin {
            (Some(state.to_owned()), Some(rule))
        } else {
            (None, None)
        };

        // Destinations: the destination field, else narrative notes (tables).
        let (mut destinations, destination_from) = match (m.raw.destination(), m.raw.notes()) {
            (Some(d), _) => (
                self.places
                    .parse_destination_field(d, year, origin.as_deref()),
                Some("destination_raw"),
            ),
            (None, Some(notes)) if m.provenance.section == Section::Table => (
                self.places.parse_narrative(notes, year, origin.as_deref()),
                Some("notes_raw"),
            ),
            _ => (Destinations::default(), None),
        };
        let destination_from = destination_from
            .filter(|_| !destinations.path.is_empty())
            .or(Some("profession_raw"));
        // A posting named in the role (`NKVD resident in Spain`) starts the journey.
        if let Some(role) = m.raw.profession() {
            for stop in self.places.postings(role, year, origin.as_deref()) {
                if !destinations.path.iter().any(|s| s.country == stop.country) {
                    destinations.path.insert(0, stop);
                }
            }
        }
        if !destinations.unknown.is_empty() {
            diagnostics.push(warn(
                "clean.unknown_place",
                format!(
                    "{}: place(s) not in places.csv: {}",
                    m.surface_name,
                    destinations
                        .unknown
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }

        let outcome = m
            .raw
            .outcome()
            .and_then(outcome_of)
            .map(|(o, phrase)| (o, format!("outcome_raw: {phrase}")))
            .or_else(|| {
                m.raw
                    .notes()
                    .and_then(outcome::outcome_of_subject)
                    .map(|(o, phrase)| (o, format!("notes_raw: {phrase}")))
            })
            .or_else(|| {
                m.attempt.then(|| {
                    let phrase = m.raw.outcome().unwrap_or("an attempt");
                    (Outcome::Failed, format!("attempt only: {phrase}"))
                })
            });

        let cleaned = CleanedMention {
            name,
            profession_category: profession.as_ref().map(|p| p.category),
            profession_from: profession
                .map(|p| compact_str::format_compact!("profession_raw: {}", p.phrase)),
            agency: agency
                .as_ref()
                .map(|(_, a)| CompactString::from(&a.canonical)),
            agency_from: agency
                .map(|(field, a)| compact_str::format_compact!("{field}: {}", a.alias)),
            destination_stops: destinations.path.clone(),
            destination_from: destination_from.filter(|_| !destinations.path.is_empty()),
            birthplace_country: birthplace_country.map(CompactString::from),
            origin: origin.map(|o| CompactString::from(self.places.state_as_of(&o, year))),
            origin_rule,
            outcome: outcome.as_ref().map_or(Outcome::Defected, |(o, _)| *o),
            outcome_from: outcome.map(|(_, from)| CompactString::from(from)),
            died_year: m
                .raw
                .notes()
                .filter(|_| m.provenance.section != Section::Prose)
                .and_then(outcome::death_year_of),
        };
        (cleaned, diagnostics)
    }

    /// Cleans every mention. `scopes` maps a source id to the state the source is about.
    /// A companion named in a table row (same source, line and context) without an origin
    /// of its own takes the origin of the row's subject.
    pub fn clean_all(
        &self,
        mentions: &[Mention],
        scopes: &HashMap<String, String>,
    ) -> (Vec<CleanedMention>, Vec<Diagnostic>) {
        let scope_of = |m: &Mention| {
            scopes
                .get(m.provenance.source_id.as_str())
                .map(String::as_str)
        };
        // Each mention on its own (in parallel); its origin is lent to companions on its row.
        // The cleaned records and their diagnostics are two vectors from the start: a vector
        // of pairs, split afterwards, held both copies at once (about 1 GB at a million people).
        let (mut cleaned, mut found): (Vec<CleanedMention>, Vec<Vec<Diagnostic>>) = mentions
            .par_iter()
            .map(|m| self.clean_with(m, scope_of(m), None))
            .unzip();
        let mut row_origin: HashMap<(&str, u32), String> = HashMap::new();
        for (m, c) in mentions.iter().zip(&cleaned) {
            if let Some(origin) = &c.origin {
                row_origin
                    .entry((m.provenance.source_id.as_str(), m.provenance.line))
                    .or_insert_with(|| origin.to_string());
            }
        }
        // Only a mention with no origin of its own, on a row that gives one, is cleaned again.
        cleaned
            .par_iter_mut()
            .zip(&mut found)
            .zip(mentions)
            .filter(|((c, _), _)| c.origin.is_none())
            .for_each(|((c, d), m)| {
                let key = (m.provenance.source_id.as_str(), m.provenance.line);
                if let Some(origin) = row_origin.get(&key) {
                    (*c, *d) = self.clean_with(m, scope_of(m), Some((origin, "companion")));
                }
            });
        let mut diagnostics = Vec::new();
        for ((m, c), d) in mentions.iter().zip(&cleaned).zip(found) {
            diagnostics.extend(d);
            if c.origin.is_none() {
                diagnostics.push(Diagnostic::warning(
                    &m.provenance.source_id,
                    m.provenance.line,
                    "clean.no_origin",
                    format!(
                        "{}: no agency, Eastern Bloc birthplace or source scope gives the state defected from",
                        m.surface_name
                    ),
                ));
            }
        }
        (cleaned, diagnostics)
    }
}
