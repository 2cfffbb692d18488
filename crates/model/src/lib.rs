//! The records every stage of `defectors` shares.
//!
//! This crate holds plain data: no parsing, no I/O, no knowledge of any document format.
//! Parsers produce [`Mention`]s and [`Diagnostic`]s; later stages read them.

use std::fmt;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub mod diagnostics;
mod raw_fields;
pub mod schema;

pub use raw_fields::{RawFieldValues, RawFields};

/// Declares an enum whose values have one fixed output spelling each, with `ALL`, `NAMES`
/// (the spellings, in order), `as_str`, `from_name` and `Display`.
#[macro_export]
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $spelling:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The spelling of every value, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($spelling),+];

            /// The output spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $spelling),+
                }
            }

            /// The value with this output spelling, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The layout of a source document, as named in the manifest's `format` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A pipe table with a name column (`| Defector | Profession | Birthplace | Year | Notes |`).
    Wikitable,
    /// Dated entries (`YEAR – Name, descriptor (place)`) under headings, plus a persons table.
    Timeline,
    /// Running encyclopedia or essay text.
    Prose,
}

impl SourceFormat {
    /// Every format the pipeline knows, in manifest spelling.
    pub const ALL: [SourceFormat; 3] = [Self::Wikitable, Self::Timeline, Self::Prose];

    /// The manifest spelling of the format.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wikitable => "wikitable",
            Self::Timeline => "timeline",
            Self::Prose => "prose",
        }
    }

    /// Parses the manifest spelling; `None` for an unknown format.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

closed_set! {
    /// The kind of block inside a document that a mention was read from.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Section {
        /// A row of a pipe table (or a co-defector named in its notes).
        Table = "table",
        /// A dated entry under a decade heading.
        Timeline = "timeline",
        /// A dated entry of a separate chronology list.
        Chronology = "chronology",
        /// A row of a persons table (name, born, died).
        Persons = "persons",
        /// A sentence of running text.
        Prose = "prose",
    }
}

closed_set! {
    /// Whether a source counts the person as a defector; for a resolved person, whether the
    /// sources do.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        /// Named as a defector (the default for lists of defectors).
        Defector = "defector",
        /// The source says the term does not apply to the person.
        NotDefector = "not_defector",
        /// A resolved person some sources call a defector and others say is not one
        /// (never a mention's status).
        Disputed = "disputed",
        /// A resolved person known only by a given name, as someone's companion (`her son
        /// Andrei`): listed, not counted until a source gives a surname (never a mention's
        /// status).
        Companion = "companion",
        /// A resolved person only a persons table lists, with no dated entry or defection
        /// statement of any source: listed, not counted (never a mention's status).
        Unsupported = "unsupported",
    }
}

/// A year or an inclusive range of years, as parsed from text such as `1979/1980`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearRange {
    /// The earliest year the text allows.
    pub min: i32,
    /// The latest year the text allows (equal to `min` for a single year).
    pub max: i32,
}

impl YearRange {
    /// A single year.
    pub fn single(year: i32) -> Self {
        Self {
            min: year,
            max: year,
        }
    }
}

/// Where a mention was read: the source, the 1-based line, the block and the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The manifest id of the source document.
    pub source_id: CompactString,
    /// The 1-based line of the raw file the name stands on.
    pub line: u32,
    /// The kind of block the line belongs to.
    pub section: Section,
    /// The heading the block stands under (e.g. `1950s`), where the block has headings.
    pub heading: Option<CompactString>,
    /// The source text the mention was read from: the row, the entry or the sentence.
    pub context: String,
}

/// One person mention found in a source, with its raw fields exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where the mention was read.
    pub provenance: Provenance,
    /// The position of the mention among the mentions of its line (0-based).
    pub index_in_line: u32,
    /// The name of one person as written (couples are split into one mention each).
    pub surface_name: CompactString,
    /// Whether the source counts the person as a defector.
    pub status: Status,
    /// The raw fields read for this person.
    pub raw: RawFields,
    /// The year or range parsed from `raw.year()`.
    pub year: Option<YearRange>,
    /// Date of birth, where the source gives one.
    pub born: Option<NaiveDate>,
    /// Date of death, where the source gives one.
    pub died: Option<NaiveDate>,
    /// Names of the other people the source says defected together with this one.
    pub together_with: Vec<CompactString>,
    /// For a name read from running text: its character offsets in the line (0-based start,
    /// exclusive end, counted in Unicode scalar values).
    pub char_span: Option<(u32, u32)>,
    /// Whether the person is only named in another person's notes (`escaped with his wife X`),
    /// so the row's fields describe someone else's defection.
    pub companion: bool,
    /// Whether the source states only an attempt or intention (`tried to defect`, `was
    /// preparing to defect`) and the document never shows it succeeding: a failed attempt.
    /// The phrase is in `raw.outcome()`.
    pub attempt: bool,
}

impl Mention {
    /// The contract's mention id: `{source_id}:{line}:{n}`.
    pub fn mention_id(&self) -> String {
        let (mut line, mut n) = (itoa::Buffer::new(), itoa::Buffer::new());
        let (line, n) = (
            line.format(self.provenance.line),
            n.format(self.index_in_line),
        );
        let source = self.provenance.source_id.as_str();
        let mut id = String::with_capacity(source.len() + line.len() + n.len() + 2);
        for part in [source, ":", line, ":", n] {
            id.push_str(part);
        }
        id
    }
}

closed_set! {
    /// How serious a diagnostic is.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Severity {
        /// Something was odd but the data was recovered or kept; `--strict` fails on it.
        Warning = "warning",
        /// Something could not be read at all.
        Error = "error",
    }
}

/// A problem found in the data, tied to a source and line where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The manifest id of the source, if the problem belongs to one.
    pub source_id: Option<String>,
    /// The 1-based line of the raw file, if the problem belongs to one.
    pub line: Option<u32>,
    /// How serious the problem is.
    pub severity: Severity,
    /// A stable dotted code such as `table.shifted_row`.
    pub code: String,
    /// What happened and what was done about it, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// A warning about one line of one source.
    pub fn warning(source_id: &str, line: u32, code: &str, message: impl Into<String>) -> Self {
        Self {
            source_id: Some(source_id.to_owned()),
            line: Some(line),
            severity: Severity::Warning,
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Everything a parser found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedDocument {
    /// The person mentions, in document order.
    pub mentions: Vec<Mention>,
    /// The problems found while reading, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One row of the `given_names` reference table: a spelling of a given name and the name it
/// is a variant of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenName {
    /// The spelling (`Pyotr`, `Piotr`, `Пётр`).
    pub name: String,
    /// The canonical form all variants share (`Pyotr`).
    pub canonical: String,
    /// `m` or `f`.
    pub gender: String,
}

/// One row of `places.csv`: a place name as written and the country it lies in, for the years
/// given (a city's country can change: Munich lies in West Germany 1949–1990).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceRow {
    /// The place as written (`Le Bourget airport`, `USA`, `Ukraine`).
    pub name: String,
    /// The country (a name from `countries.csv`).
    pub country: String,
    /// First year the row holds (inclusive); `None` for always before.
    pub from_year: Option<i32>,
    /// Last year the row holds (inclusive); `None` for always after.
    pub to_year: Option<i32>,
}

/// One row of `countries.csv`: a country or historical state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRow {
    /// English short name (`West Germany`, `USSR`, `Manchukuo`).
    pub name: String,
    /// First year of Eastern Bloc membership, if it was a member.
    pub eastern_bloc_from: Option<i32>,
    /// Last year of Eastern Bloc membership.
    pub eastern_bloc_to: Option<i32>,
    /// The state a person from here defected from, when this was part of (or preceded) it:
    /// `Ukraine` → `USSR`.
    pub part_of: Option<String>,
    /// First year of `part_of`.
    pub part_of_from: Option<i32>,
    /// Last year of `part_of`.
    pub part_of_to: Option<i32>,
    /// The date the state came into being (`USSR`: 1922-12-30).
    pub founded: Option<NaiveDate>,
    /// The state a defection before `founded` was from (`Soviet Russia`).
    pub predecessor: Option<String>,
}

/// One row of `agencies.csv`: a spelling of an agency and the canonical agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRow {
    /// The spelling as written (`NKVD`, `People's Commissariat of Internal Affairs`, `Chekist`).
    pub alias: String,
    /// The canonical agency (`NKVD`).
    pub canonical: String,
    /// The state the agency served.
    pub country: String,
}

/// One row of `professions.csv`: a keyword or phrase and the category it signals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfessionRow {
    /// Lower-case keyword or phrase matched on word boundaries (`chess player`, `cellist`).
    pub phrase: String,
    /// The category it signals.
    pub category: ProfessionCategory,
}

closed_set! {
    /// The profession categories of the contract, in its order.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ProfessionCategory {
        /// Intelligence and security services.
        Intelligence = "intelligence",
        /// Diplomats.
        Diplomacy = "diplomacy",
        /// Armed forces (pilots, sailors, officers).
        Military = "military",
        /// Politicians and officials.
        Politics = "politics",
        /// Ballet and dance.
        BalletDance = "ballet_dance",
        /// Musicians, singers, conductors.
        Music = "music",
        /// Film and theatre.
        FilmTheatre = "film_theatre",
        /// Writers and journalists.
        Literature = "literature",
        /// Painters, sculptors, visual artists.
        VisualArt = "visual_art",
        /// Chess.
        SportsChess = "sports_chess",
        /// Other sports.
        SportsOther = "sports_other",
        /// Scientists and academics.
        ScienceAcademia = "science_academia",
        /// Clergy.
        Religion = "religion",
        /// A profession given that fits no other category.
        Other = "other",
    }
}

/// One row of `prose_lexicon.csv`: a word or phrase of a kind the prose extractor reads
/// (a defection predicate, an attempt phrase, a role noun, a word that is never a name, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProseTerm {
    /// The kind (`defect`, `attempt`, `role`, `not_name`, …; see `data/reference/README.md`).
    pub kind: String,
    /// The word or phrase pattern (`asked|sought … asylum`).
    pub phrase: String,
}

/// Every reference table the stages use, as rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reference {
    /// `given_names.csv`.
    pub given_names: Vec<GivenName>,
    /// `places.csv`.
    pub places: Vec<PlaceRow>,
    /// `countries.csv`.
    pub countries: Vec<CountryRow>,
    /// `agencies.csv`.
    pub agencies: Vec<AgencyRow>,
    /// `professions.csv`.
    pub professions: Vec<ProfessionRow>,
    /// `prose_lexicon.csv`.
    pub prose_terms: Vec<ProseTerm>,
    /// `english_words.txt`: lower-case English words (no surname is taken from these alone).
    pub english_words: Vec<String>,
}
