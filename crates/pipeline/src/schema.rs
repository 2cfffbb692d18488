//! The tables the pipeline writes from its records, each column declared once: name,
//! nullability, meaning and how its value is read from the record (see
//! [`defectors_model::schema`]). The aggregates' columns are declared in `defectors-stats`.
//! Writers, CSV mirrors, `datapackage.json` and the README tables all read these.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;
use defectors_clean::{CleanedMention, Outcome};
use defectors_model::schema::{Column, ColumnSpec, Getter as G, Keys};
use defectors_model::{Diagnostic, Mention, ProfessionCategory, Section, Severity, Status};
use defectors_resolve::{
    Agreement, ChoiceRule, Decision, Event, EventKind, KeyTable, PairEvidence, Person, PersonValue,
    Thousandths,
};

use rayon::prelude::*;

use crate::table::Table;

type C<R> = Column<R>;

/// A text cell borrowed from a record.
fn text(s: &str) -> Option<Cow<'_, str>> {
    Some(Cow::Borrowed(s))
}

/// An optional text cell borrowed from a record.
fn maybe<S: AsRef<str>>(s: &Option<S>) -> Option<Cow<'_, str>> {
    s.as_ref().map(|s| Cow::Borrowed(s.as_ref()))
}

/// One row of `mentions`: a mention, its person and its cleaned values.
pub struct MentionRow<'a> {
    /// The mention as parsed.
    pub mention: &'a Mention,
    /// The id of the person it was resolved to.
    pub person_id: &'a str,
    /// Its cleaned values.
    pub cleaned: &'a CleanedMention,
}

/// One row of `match_evidence`: a scored pair with the ids of its mentions and people.
pub struct EvidenceRow<'a> {
    /// The pair and its weights.
    pub pair: &'a PairEvidence,
    /// Mention ids of the pair.
    pub mentions: (&'a str, &'a str),
    /// Person ids of the pair.
    pub people: (&'a str, &'a str),
    /// The texts of the keys the pair's reason names.
    pub keys: &'a KeyTable,
}

/// The ids that value and event rows are written with, by index: of each resolved mention,
/// of its source, and of each person.
pub struct RowIds<'a> {
    /// Each mention's id (`source:line:n`).
    pub mentions: &'a [String],
    /// Each mention's source id.
    pub sources: &'a [Arc<str>],
    /// Each person's id, by person index (see [`defectors_resolve::Linked::person_ids`]).
    pub people: &'a [CompactString],
}

/// One row of `person_values` or `conflicts`: a value and the ids its mentions are written
/// as.
pub struct ValueRow<'a> {
    /// The value.
    pub value: &'a PersonValue,
    /// The ids of all mentions and people.
    pub ids: &'a RowIds<'a>,
}

impl ValueRow<'_> {
    /// The id of the value's person.
    fn person_id(&self) -> &str {
        &self.ids.people[self.value.person as usize]
    }

    /// The ids of the value's mentions, in their order.
    fn mention_ids(&self) -> Vec<&str> {
        let ids = self.ids.mentions;
        self.value
            .mentions
            .iter()
            .map(|&i| ids[i as usize].as_str())
            .collect()
    }

    /// The sources of the value's mentions, sorted, each once.
    fn source_ids(&self) -> Vec<&str> {
        let sources = self.ids.sources;
        let mut ids: Vec<&str> = self
            .value
            .mentions
            .iter()
            .map(|&i| &*sources[i as usize])
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// One row of `events`: an event and the ids its mentions are written as.
pub struct EventRow<'a> {
    /// The event.
    pub event: &'a Event,
    /// The ids of all mentions.
    pub ids: &'a RowIds<'a>,
}

impl EventRow<'_> {
    /// The ids of the event's mentions, in mention order.
    fn mention_ids(&self) -> Vec<&str> {
        let ids = self.ids.mentions;
        self.event
            .members
            .iter()
            .map(|&i| ids[i].as_str())
            .collect()
    }
}

/// Everything about a table but its rows: what `datapackage.json` and the README say of it.
#[derive(Debug, Clone)]
pub struct TableSchema {
    /// File stem of the table.
    pub name: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// The columns in order.
    pub columns: Vec<ColumnSpec>,
    /// Primary and foreign keys.
    pub keys: Keys,
}

/// `mentions`: one row per person mention found in a source.
pub const MENTIONS: (&str, &str) = ("mentions", "one row per person mention found in a source");
/// `mentions` keys: every mention belongs to a row of `people`.
pub const MENTION_KEYS: Keys = Keys {
    primary: &["mention_id"],
    foreign: &[(&["person_id"], "people", &["person_id"])],
};

/// The columns of `mentions`, in order: what the source says, then the cleaned values.
pub fn mention_columns<'a>() -> Vec<C<MentionRow<'a>>> {
    let mut columns = mention_source_columns();
    columns.extend(mention_cleaned_columns());
    columns
}

fn mention_source_columns<'a>() -> Vec<C<MentionRow<'a>>> {
    vec![
        C::required(
            "mention_id",
            "`{source_id}:{line}:{n}`: the source, the 1-based line, and the mention's position among the mentions of that line.",
            G::String(|r| Some(r.mention.mention_id().into())),
        ),
        C::required(
            "source_id",
            "Id of the source document in the manifest.",
            G::String(|r| text(&r.mention.provenance.source_id)),
        ),
        C::required(
            "line",
            "1-based line of the raw file the name stands on (for a persons row split over two lines, the line with the name).",
            G::UInt32(|r| Some(r.mention.provenance.line)),
        ),
        C::required(
            "section",
            "Block kind the mention was read from.",
            G::Category(
                |r| Some(r.mention.provenance.section.as_str()),
                Section::NAMES,
            ),
        ),
        C::required(
            "surface_name",
            "The name of one person exactly as written (a couple is split into one mention each; a shared surname is carried to each given name).",
            G::String(|r| text(&r.mention.surface_name)),
        ),
        C::required(
            "person_id",
            "The resolved person (a row of `people`, whatever its status).",
            G::String(|r| text(r.person_id)),
        ),
        C::required(
            "status",
            "What this source says: `defector`, or `not_defector` where it says the term does not apply to the person (never `disputed`, which is a person's status).",
            G::Category(|r| Some(r.mention.status.as_str()), Status::NAMES),
        ),
        C::optional(
            "year_raw",
            "The year text as written (e.g. `1979/1980`).",
            G::String(|r| r.mention.raw.year().map(Cow::Borrowed)),
        ),
        C::optional(
            "profession_raw",
            "The profession, role or prominence phrase as written; for a couple, the part that belongs to this person.",
            G::String(|r| r.mention.raw.profession().map(Cow::Borrowed)),
        ),
        C::optional(
            "agency_raw",
            "An intelligence or security agency named for the person, as written (e.g. `NKVD`).",
            G::String(|r| r.mention.raw.agency().map(Cow::Borrowed)),
        ),
        C::optional(
            "destination_raw",
            "Where the person defected to, as written (e.g. `France → USA`); tables give destinations in their notes, so see notes_raw there.",
            G::String(|r| r.mention.raw.destination().map(Cow::Borrowed)),
        ),
        C::optional(
            "birthplace_raw",
            "Where the person was born or is said to be from, as written.",
            G::String(|r| r.mention.raw.birthplace().map(Cow::Borrowed)),
        ),
        C::optional(
            "year_min",
            "Earliest year year_raw allows.",
            G::Int32(|r| r.mention.year.map(|y| y.min)),
        ),
        C::optional(
            "year_max",
            "Latest year year_raw allows (equal to year_min for a single year).",
            G::Int32(|r| r.mention.year.map(|y| y.max)),
        ),
        C::optional(
            "born",
            "Date of birth, where the source gives a real one (placeholder dates such as 00.00.1900 are null).",
            G::Date(|r| r.mention.born),
        ),
        C::optional(
            "died",
            "Date of death, where the source gives one.",
            G::Date(|r| r.mention.died),
        ),
        C::required(
            "context",
            "The source text the mention was read from: the table row, the entry line or the sentence (at most about 1,000 characters around the name).",
            G::String(|r| text(&r.mention.provenance.context)),
        ),
        C::optional(
            "heading",
            "The heading the entry stands under (e.g. a decade heading), where the block has headings.",
            G::String(|r| maybe(&r.mention.provenance.heading)),
        ),
        C::optional(
            "alias_raw",
            "Another name or spelling the source gives for the same person (e.g. a birth name in parentheses).",
            G::String(|r| r.mention.raw.alias().map(Cow::Borrowed)),
        ),
        C::optional(
            "notes_raw",
            "Notes and commentary about the person that are none of the fields above (a table's Notes cell, commentary in parentheses or after a dash).",
            G::String(|r| r.mention.raw.notes().map(Cow::Borrowed)),
        ),
        C::optional(
            "outcome_raw",
            "A phrase saying the defection failed or was reversed (e.g. `later returned`), as written.",
            G::String(|r| r.mention.raw.outcome().map(Cow::Borrowed)),
        ),
        C::required(
            "together_with",
            "Surface names of the other people the source says defected together with this person.",
            G::StringList(|r| r.mention.together_with.iter().map(|n| n.as_str()).collect()),
        ),
        C::optional(
            "status_reason",
            "Why the source says the person is not a defector (e.g. `forcibly exiled`), for status not_defector.",
            G::String(|r| r.mention.raw.status_reason().map(Cow::Borrowed)),
        ),
        C::optional(
            "char_start",
            "For a name read from running text: 0-based offset of the name in its line, in Unicode scalar values.",
            G::UInt32(|r| r.mention.char_span.map(|c| c.0)),
        ),
        C::optional(
            "char_end",
            "For a name read from running text: offset just after the name in its line (end exclusive).",
            G::UInt32(|r| r.mention.char_span.map(|c| c.1)),
        ),
        C::required(
            "companion",
            "True for a person only named in another person's row or entry (`escaped with his wife X`): the year and places of that row describe the shared escape.",
            G::Boolean(|r| Some(r.mention.companion)),
        ),
    ]
}

fn mention_cleaned_columns<'a>() -> Vec<C<MentionRow<'a>>> {
    vec![
        C::required(
            "name_latin",
            "The name in Latin script, Unicode NFC (Cyrillic transliterated with the English Wikipedia scheme: Пётр → Pyotr).",
            G::String(|r| text(&r.cleaned.name.latin)),
        ),
        C::required(
            "name_display",
            "Display form: given name, middle names, surname, suffix, in Latin script.",
            G::String(|r| text(&r.cleaned.name.display)),
        ),
        C::optional(
            "given_key",
            "Canonical given name from given_names.csv, ASCII lower case (Peter, Piotr, Пётр → pyotr), or a spelling key for an unknown one.",
            G::String(|r| maybe(&r.cleaned.name.given_key)),
        ),
        C::optional(
            "family_key",
            "Spelling key of the surname with a feminine ending made masculine (petrova → petrov): one family name across spellings and genders.",
            G::String(|r| maybe(&r.cleaned.name.family_key)),
        ),
        C::required(
            "surname_keys",
            "Spelling keys of the surname (and of each part of a double surname), robust to y/i, kh/h, ks/x, ts/tz, w/v, ou/u.",
            G::StringList(|r| {
                r.cleaned
                    .name
                    .surname_keys
                    .iter()
                    .map(|k| k.as_str())
                    .collect()
            }),
        ),
        C::optional(
            "gender",
            "`m` or `f`, from the given name, else from the surname's ending.",
            G::String(|r| r.cleaned.name.gender.map(|g| g.to_string().into())),
        ),
        C::optional(
            "name_suffix",
            "Generational suffix (`Jr.`).",
            G::String(|r| maybe(&r.cleaned.name.suffix)),
        ),
        C::optional(
            "profession_category",
            "Category of profession_raw via professions.csv; an agency makes it intelligence unless the phrase says diplomat or pilot; null when no profession is given.",
            G::Category(
                |r| {
                    r.cleaned
                        .profession_category
                        .map(ProfessionCategory::as_str)
                },
                ProfessionCategory::NAMES,
            ),
        ),
        C::optional(
            "profession_from",
            "The field and the professions.csv phrase the category came from.",
            G::String(|r| maybe(&r.cleaned.profession_from)),
        ),
        C::optional(
            "agency",
            "Canonical agency (agencies.csv) named in agency_raw, profession_raw or notes_raw.",
            G::String(|r| maybe(&r.cleaned.agency)),
        ),
        C::optional(
            "agency_from",
            "The field and the spelling the agency was found in.",
            G::String(|r| maybe(&r.cleaned.agency_from)),
        ),
        C::required(
            "destination_path",
            "Countries of the journey in order (transit and Eastern Bloc places included), from destination_raw or a table's notes.",
            G::StringList(|r| r.cleaned.destination_path().collect()),
        ),
        C::optional(
            "destination_first",
            "First country of refuge on the path (not transit, not in the Eastern Bloc).",
            G::String(|r| r.cleaned.destination_first().map(Cow::Borrowed)),
        ),
        C::optional(
            "destination_final",
            "Last country of refuge on the path.",
            G::String(|r| r.cleaned.destination_final().map(Cow::Borrowed)),
        ),
        C::optional(
            "destination_from",
            "The field the destinations were read from.",
            G::String(|r| r.cleaned.destination_from.map(Cow::Borrowed)),
        ),
        C::optional(
            "birthplace_country",
            "Country of birthplace_raw (places.csv), as of the defection year.",
            G::String(|r| maybe(&r.cleaned.birthplace_country)),
        ),
        C::optional(
            "origin",
            "The state defected from: the agency's state, else an Eastern Bloc birthplace's state, else the source's scope, else a companion's.",
            G::String(|r| maybe(&r.cleaned.origin)),
        ),
        C::optional(
            "origin_rule",
            "Which rule gave the origin: agency, birthplace, source scope or companion.",
            G::String(|r| r.cleaned.origin_rule.map(Cow::Borrowed)),
        ),
        C::required(
            "outcome",
            "How the defection ended, from outcome cues in outcome_raw or notes_raw.",
            G::Category(|r| Some(r.cleaned.outcome.as_str()), Outcome::NAMES),
        ),
        C::optional(
            "outcome_from",
            "The field and phrase the outcome came from (empty for the default `defected`).",
            G::String(|r| maybe(&r.cleaned.outcome_from)),
        ),
    ]
}

/// `people`: one row per resolved person.
pub const PEOPLE: (&str, &str) = (
    "people",
    "one row per resolved person, whatever the sources say of their status (aggregates count status defector)",
);
/// `people` keys.
pub const PEOPLE_KEYS: Keys = Keys {
    primary: &["person_id"],
    foreign: &[],
};

/// The columns of `people`, in order.
pub fn people_columns() -> Vec<C<Person>> {
    vec![
        C::required(
            "person_id",
            "Stable id: the slug of the display name (a repeated slug gets -2, -3 in order of first mention id).",
            G::String(|p| text(&p.person_id)),
        ),
        C::required(
            "status",
            "`defector`; `not_defector` where every source that mentions the person says the term does not apply; `disputed` where sources say both (see conflicts); `companion` for someone known only by a given name from another person's row (`her son Andrei`); `unsupported` for someone only a persons table lists, with no dated entry. Aggregates and headline figures count `defector` only.",
            G::Category(|p| Some(p.status.as_str()), Status::NAMES),
        ),
        C::required(
            "name",
            "Display name: the most common full Latin spelling among the person's mentions.",
            G::String(|p| text(&p.name)),
        ),
        C::required(
            "name_variants",
            "Every name the sources write for the person (Cyrillic included), sorted.",
            G::StringList(|p| p.name_variants.iter().map(|s| s.as_str()).collect()),
        ),
        C::optional(
            "origin",
            "State defected from (best-supported cleaned origin).",
            G::String(|p| maybe(&p.origin)),
        ),
        C::optional(
            "birthplace",
            "Birthplace as written (best-supported).",
            G::String(|p| maybe(&p.birthplace)),
        ),
        C::optional(
            "profession",
            "Profession phrase as written, the most common one of the chosen category.",
            G::String(|p| maybe(&p.profession)),
        ),
        C::optional(
            "profession_category",
            "Profession category (best-supported); null when no source gives a profession.",
            G::Category(
                |p| p.profession_category.map(ProfessionCategory::as_str),
                ProfessionCategory::NAMES,
            ),
        ),
        C::optional(
            "agency",
            "Canonical agency (best-supported).",
            G::String(|p| maybe(&p.agency)),
        ),
        C::optional(
            "year",
            "Best-supported year of defection (see conflicts for the rule).",
            G::Int32(|p| p.year),
        ),
        C::optional(
            "year_min",
            "Earliest year any source allows.",
            G::Int32(|p| p.year_min),
        ),
        C::optional(
            "year_max",
            "Latest year any source allows.",
            G::Int32(|p| p.year_max),
        ),
        C::optional(
            "decade",
            "Decade of year (1970 for 1974).",
            G::Int32(|p| p.decade),
        ),
        C::optional(
            "destination_first",
            "Country where the person defected or first found refuge (best-supported).",
            G::String(|p| maybe(&p.destination_first)),
        ),
        C::optional(
            "destination_final",
            "Country the person settled in (best-supported).",
            G::String(|p| maybe(&p.destination_final)),
        ),
        C::required(
            "destination_path",
            "Countries of the journey, from the longest path among mentions that give the chosen final destination.",
            G::StringList(|p| p.destination_path.iter().map(|s| s.as_str()).collect()),
        ),
        C::required(
            "outcome",
            "How the chosen event ended (see `events`): `defected`, `failed`, `returned`. The contract makes it required: a person with no defection or attempt (not a defector, exiled, listed only; no chosen defection event in `events`) has `defected`, which says nothing.",
            G::Category(
                |p| Some(p.outcome.unwrap_or(Outcome::Defected).as_str()),
                Outcome::NAMES,
            ),
        ),
        C::optional("born", "Date of birth.", G::Date(|p| p.born)),
        C::optional(
            "died",
            "Date of death, when the chosen value is a full date (a year of death alone, `killed in 1938`, is in `person_values`).",
            G::Date(|p| p.died),
        ),
        C::required(
            "sources",
            "Ids of the sources that mention the person.",
            G::StringList(|p| p.sources.iter().map(|s| s.as_str()).collect()),
        ),
        C::required(
            "n_sources",
            "Number of sources.",
            G::UInt32(|p| Some(p.sources.len() as u32)),
        ),
        C::required(
            "n_mentions",
            "Number of mentions.",
            G::UInt32(|p| Some(p.n_mentions)),
        ),
    ]
}

/// `conflicts`: the rows of `person_values` whose field's values conflict.
pub const CONFLICTS: (&str, &str) = (
    "conflicts",
    "one row per value of a field whose values conflict (a view of person_values), for every person",
);
/// `conflicts` keys.
pub const CONFLICT_KEYS: Keys = Keys {
    primary: &["person_id", "field", "value"],
    foreign: &[(&["person_id"], "people", &["person_id"])],
};

/// `person_values`: every value any mention gives for a field of a person.
pub const PERSON_VALUES: (&str, &str) = (
    "person_values",
    "one row per (person, field, value): every value any mention states, with the mentions, whether it was chosen and why",
);
/// `person_values` keys.
pub const PERSON_VALUE_KEYS: Keys = Keys {
    primary: &["person_id", "field", "value"],
    foreign: &[(&["person_id"], "people", &["person_id"])],
};

/// The columns `conflicts` and `person_values` share, in order.
fn value_columns<'a>() -> Vec<C<ValueRow<'a>>> {
    vec![
        C::required(
            "person_id",
            "The person (a row of `people`).",
            G::String(|c| text(c.person_id())),
        ),
        C::required(
            "field",
            "The field of `people`: name, status, origin, birthplace, profession, profession_category, agency, year, outcome, destination_first, destination_final, destination_path, born, died (year_min, year_max and decade derive from the year's event; sources and counts from the mentions).",
            G::String(|c| text(c.value.field.as_str())),
        ),
        C::optional(
            "value",
            "One value of the field as the mentions state it, cleaned (a year range `1990–1991`; a date `1937-09-01` or a year; a route `Spain → United States`).",
            G::String(|c| maybe(&c.value.value)),
        ),
        C::required(
            "source_ids",
            "The sources giving this value.",
            G::StringList(|c| c.source_ids()),
        ),
        C::required(
            "chosen",
            "Whether this value is the one in `people` (no value of a disputed status is).",
            G::Boolean(|c| Some(c.value.chosen)),
        ),
        C::required(
            "rule",
            "Why the chosen value was chosen (the same on every row of the field).",
            G::Category(|c| Some(c.value.rule.as_str()), ChoiceRule::NAMES),
        ),
    ]
}

/// The columns of `conflicts`, in order.
pub fn conflict_columns<'a>() -> Vec<C<ValueRow<'a>>> {
    value_columns()
}

/// The columns of `person_values`, in order: those of `conflicts`, the mentions and the
/// agreement.
pub fn person_value_columns<'a>() -> Vec<C<ValueRow<'a>>> {
    let mut columns = value_columns();
    columns.insert(
        3,
        C::required(
            "mention_ids",
            "The mentions stating this value (`source:line:n`, rows of `mentions`).",
            G::StringList(|c| c.mention_ids()),
        ),
    );
    columns.push(C::required(
        "agreement",
        "Whether the field's values agree (one value), are compatible (a point inside a range, a route that extends another, spellings of one name) or conflict (then the field's rows are also in `conflicts`).",
        G::Category(|c| Some(c.value.agreement.as_str()), Agreement::NAMES),
    ));
    columns
}

/// `events`: what happened to each person.
pub const EVENTS: (&str, &str) = (
    "events",
    "one row per event of a person: a defection, a failed attempt, a return, an exile",
);
/// `events` keys.
pub const EVENT_KEYS: Keys = Keys {
    primary: &["event_id"],
    foreign: &[(&["person_id"], "people", &["person_id"])],
};

/// The columns of `events`, in order.
pub fn event_columns<'a>() -> Vec<C<EventRow<'a>>> {
    vec![
        C::required(
            "event_id",
            "`{person_id}:{n}`, n counting the person's events in year order from 1.",
            G::String(|e| text(&e.event.event_id)),
        ),
        C::required(
            "person_id",
            "The person (a row of `people`).",
            G::String(|e| text(&e.event.person_id)),
        ),
        C::required(
            "kind",
            "`defected`, `attempt_failed`, `returned` (a defection after which the person went back) or `exiled` (sent abroad; the source says the term does not apply).",
            G::Category(|e| Some(e.event.kind.as_str()), EventKind::NAMES),
        ),
        C::optional(
            "year_min",
            "Earliest year any of its mentions allows.",
            G::Int32(|e| e.event.year_min),
        ),
        C::optional(
            "year_max",
            "Latest year any of its mentions allows.",
            G::Int32(|e| e.event.year_max),
        ),
        C::optional(
            "from_state",
            "The state left (the most common origin of its mentions).",
            G::String(|e| maybe(&e.event.from_state)),
        ),
        C::optional(
            "place",
            "The first country of its route: where the person defected or was caught.",
            G::String(|e| maybe(&e.event.place)),
        ),
        C::required(
            "route",
            "The countries of its route, merged from its mentions.",
            G::StringList(|e| e.event.route.iter().map(|s| s.as_str()).collect()),
        ),
        C::required(
            "mention_ids",
            "The mentions telling it.",
            G::StringList(|e| e.mention_ids()),
        ),
        C::required(
            "chosen",
            "Whether this event gives the person's year, outcome and route: the defection, else the last failed attempt, else the exile.",
            G::Boolean(|e| Some(e.event.chosen)),
        ),
    ]
}

/// `match_evidence`: the weights behind resolution's decisions.
pub const MATCH_EVIDENCE: (&str, &str) = (
    "match_evidence",
    "one row per scored pair of mentions kept as evidence: the links that formed each person, override pairs, and between different people the near misses and the constrained pairs that would otherwise have linked",
);
/// `match_evidence` keys.
pub const EVIDENCE_KEYS: Keys = Keys {
    primary: &["mention_a", "mention_b"],
    foreign: &[
        (&["mention_a"], "mentions", &["mention_id"]),
        (&["mention_b"], "mentions", &["mention_id"]),
        (&["person_a"], "people", &["person_id"]),
        (&["person_b"], "people", &["person_id"]),
    ],
};

/// The columns of `match_evidence`, in order.
pub fn evidence_columns<'a>() -> Vec<C<EvidenceRow<'a>>> {
    fn weight(w: Thousandths) -> Option<f64> {
        Some(w.value())
    }
    vec![
        C::required(
            "mention_a",
            "First mention id.",
            G::String(|r| text(r.mentions.0)),
        ),
        C::required(
            "mention_b",
            "Second mention id.",
            G::String(|r| text(r.mentions.1)),
        ),
        C::required(
            "person_a",
            "Person of the first mention.",
            G::String(|r| text(r.people.0)),
        ),
        C::required(
            "person_b",
            "Person of the second mention.",
            G::String(|r| text(r.people.1)),
        ),
        C::required(
            "decision",
            "What resolution did with the pair.",
            G::Category(|r| Some(r.pair.decision.as_str()), Decision::NAMES),
        ),
        C::required(
            "score",
            "Total Fellegi–Sunter weight (log2 likelihood ratio); a link needs at least 8 and agreeing surnames.",
            G::Float64(|r| weight(r.pair.weights.total)),
        ),
        C::required(
            "w_given",
            "Weight of the given-name comparison.",
            G::Float64(|r| weight(r.pair.weights.given)),
        ),
        C::required(
            "w_surname",
            "Weight of the surname comparison (term-frequency aware).",
            G::Float64(|r| weight(r.pair.weights.surname)),
        ),
        C::required(
            "w_year",
            "Weight of the year comparison; where one side has no year, of the age at defection that the other side's year and this side's birth date give (typical 18–65, or merely possible).",
            G::Float64(|r| weight(r.pair.weights.year)),
        ),
        C::required(
            "w_profession",
            "Weight of the profession-category comparison.",
            G::Float64(|r| weight(r.pair.weights.profession)),
        ),
        C::required(
            "w_agency",
            "Weight of the agency comparison.",
            G::Float64(|r| weight(r.pair.weights.agency)),
        ),
        C::required(
            "w_destination",
            "Weight of the first-destination comparison.",
            G::Float64(|r| weight(r.pair.weights.destination)),
        ),
        C::required(
            "w_birth",
            "Weight of the birth-year comparison.",
            G::Float64(|r| weight(r.pair.weights.birth)),
        ),
        C::required(
            "w_partner",
            "Weight of being named together with the same partner.",
            G::Float64(|r| weight(r.pair.weights.partner)),
        ),
        C::optional(
            "cannot_link",
            "The hard constraint that forbids the pair, if any.",
            G::String(|r| r.pair.cannot_link.map(|c| Cow::Owned(c.describe(r.keys)))),
        ),
    ]
}

/// `diagnostics`: problems found while reading the sources.
pub const DIAGNOSTICS: (&str, &str) = (
    "diagnostics",
    "one row per problem found while reading the sources (codes in the README)",
);
/// `diagnostics` keys.
pub const DIAGNOSTIC_KEYS: Keys = Keys {
    primary: &["diagnostic_id"],
    foreign: &[],
};

/// One row of `diagnostics`: its 1-based position and the diagnostic.
pub type DiagnosticRow<'a> = (u32, &'a Diagnostic);

/// The columns of `diagnostics`, in order.
pub fn diagnostic_columns<'a>() -> Vec<C<DiagnosticRow<'a>>> {
    vec![
        C::required(
            "diagnostic_id",
            "1-based position of the diagnostic in this table (sorted by source and line).",
            G::UInt32(|r| Some(r.0)),
        ),
        C::optional(
            "source_id",
            "Id of the source the problem was found in, if any.",
            G::String(|r| maybe(&r.1.source_id)),
        ),
        C::optional(
            "line",
            "1-based line of the raw file, if the problem belongs to one.",
            G::UInt32(|r| r.1.line),
        ),
        C::required(
            "severity",
            "`warning` (data kept or recovered) or `error`.",
            G::Category(|r| Some(r.1.severity.as_str()), Severity::NAMES),
        ),
        C::required(
            "code",
            "Stable dotted code of the problem (e.g. `table.shifted_row`; the README lists them).",
            G::String(|r| text(&r.1.code)),
        ),
        C::required(
            "message",
            "What was found and what was done about it.",
            G::String(|r| text(&r.1.message)),
        ),
    ]
}

/// The `mentions` table.
pub fn mentions_table(rows: &[MentionRow]) -> Table {
    Table::from_rows(MENTIONS, &mention_columns(), rows, MENTION_KEYS)
}

/// The `people` table: every resolved person, sorted by person_id.
pub fn people_table(people: &[&Person]) -> Table {
    Table::from_rows(PEOPLE, &people_columns(), people, PEOPLE_KEYS)
}

/// The `conflicts` table.
pub fn conflicts_table(conflicts: &[&PersonValue], ids: &RowIds) -> Table {
    let rows = value_rows(conflicts, ids);
    Table::from_rows(CONFLICTS, &conflict_columns(), &rows, CONFLICT_KEYS)
}

/// The `person_values` table.
pub fn person_values_table(values: &[&PersonValue], ids: &RowIds) -> Table {
    let rows = value_rows(values, ids);
    Table::from_rows(
        PERSON_VALUES,
        &person_value_columns(),
        &rows,
        PERSON_VALUE_KEYS,
    )
}

/// `values` with the ids their mentions are written as.
fn value_rows<'a>(values: &[&'a PersonValue], ids: &'a RowIds<'a>) -> Vec<ValueRow<'a>> {
    values
        .iter()
        .map(|&value| ValueRow { value, ids })
        .collect()
}

/// The `events` table.
pub fn events_table(events: &[&Event], ids: &RowIds) -> Table {
    let rows: Vec<EventRow> = events
        .iter()
        .map(|&event| EventRow { event, ids })
        .collect();
    Table::from_rows(EVENTS, &event_columns(), &rows, EVENT_KEYS)
}

/// The `match_evidence` table of `pairs`, with the ids of their `mentions` (the resolved
/// mentions, by index), `person`, the person id of each mention, and the `keys` their
/// reasons name.
pub fn match_evidence_table(
    pairs: &[PairEvidence],
    mentions: &[Mention],
    person: &[&str],
    keys: &KeyTable,
) -> Table {
    // The ids of these rows only: the ids of all mentions need not be held while the
    // evidence rows are.
    let ids: Vec<(String, String)> = pairs
        .par_iter()
        .map(|pair| {
            let id = |i: u32| mentions[i as usize].mention_id();
            (id(pair.a), id(pair.b))
        })
        .collect();
    let rows: Vec<EvidenceRow> = pairs
        .iter()
        .zip(&ids)
        .map(|(pair, (a, b))| EvidenceRow {
            pair,
            mentions: (a, b),
            people: (person[pair.a as usize], person[pair.b as usize]),
            keys,
        })
        .collect();
    Table::from_rows(MATCH_EVIDENCE, &evidence_columns(), &rows, EVIDENCE_KEYS)
}

/// The `diagnostics` table.
pub fn diagnostics_table(diagnostics: &[Diagnostic]) -> Table {
    let rows: Vec<DiagnosticRow> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| (i as u32 + 1, d))
        .collect();
    Table::from_rows(DIAGNOSTICS, &diagnostic_columns(), &rows, DIAGNOSTIC_KEYS)
}

fn specs<R>(columns: &[Column<R>]) -> Vec<ColumnSpec> {
    columns.iter().map(Column::spec).collect()
}

/// Every table of an output folder, in writing order, without rows.
pub fn all_tables() -> Vec<TableSchema> {
    let schema = |(name, row): (&'static str, &'static str), columns, keys| TableSchema {
        name,
        row,
        columns,
        keys,
    };
    let mut tables = vec![
        schema(MENTIONS, specs(&mention_columns()), MENTION_KEYS),
        schema(PEOPLE, specs(&people_columns()), PEOPLE_KEYS),
        schema(CONFLICTS, specs(&conflict_columns()), CONFLICT_KEYS),
        schema(MATCH_EVIDENCE, specs(&evidence_columns()), EVIDENCE_KEYS),
        schema(DIAGNOSTICS, specs(&diagnostic_columns()), DIAGNOSTIC_KEYS),
    ];
    tables.extend(
        defectors_stats::aggregates::SCHEMAS
            .iter()
            .map(|a| schema((a.name, a.row), (a.columns)(), a.keys)),
    );
    tables
}

/// The columns a built table has, by table name (empty for an unknown table).
pub fn columns_of(table: &str) -> Vec<ColumnSpec> {
    all_tables()
        .into_iter()
        .find(|t| t.name == table)
        .map(|t| t.columns)
        .unwrap_or_default()
}
