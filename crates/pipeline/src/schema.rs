//! The columns of every output table, each with its type and meaning, defined once here.
//! The writers, the CSV mirrors and the documentation all read these specs.

use defectors_clean::CleanedMention;
use defectors_model::{Diagnostic, Mention};
use defectors_resolve::{Conflict, PairEvidence, Person};

use crate::table::{ColumnSpec, ColumnType, Table, Values};

const fn col(
    name: &'static str,
    ty: ColumnType,
    nullable: bool,
    description: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        name,
        ty,
        nullable,
        description,
    }
}

use ColumnType::{Boolean, Date, Float64, Int32, String as Str, StringList, UInt32};

/// Columns of `mentions`: one row per person mention found in a source.
pub const MENTIONS: &[ColumnSpec] = &[
    col(
        "mention_id",
        Str,
        false,
        "`{source_id}:{line}:{n}`: the source, the 1-based line, and the mention's position among the mentions of that line.",
    ),
    col(
        "source_id",
        Str,
        false,
        "Id of the source document in the manifest.",
    ),
    col(
        "line",
        UInt32,
        false,
        "1-based line of the raw file the name stands on.",
    ),
    col(
        "section",
        Str,
        false,
        "Block kind the mention was read from: table, timeline, chronology, persons or prose.",
    ),
    col(
        "surface_name",
        Str,
        false,
        "The name of one person exactly as written (a couple is split into one mention each; a shared surname is carried to each given name).",
    ),
    col(
        "person_id",
        Str,
        false,
        "The person the mention belongs to. Until entity resolution lands this is a slug of the name as written, so spellings of one person are not yet merged.",
    ),
    col(
        "status",
        Str,
        false,
        "`defector`, or `not_defector` where the source says the term does not apply to the person.",
    ),
    col(
        "year_raw",
        Str,
        true,
        "The year text as written (e.g. `1979/1980`).",
    ),
    col(
        "profession_raw",
        Str,
        true,
        "The profession, role or prominence phrase as written; for a couple, the part that belongs to this person.",
    ),
    col(
        "agency_raw",
        Str,
        true,
        "An intelligence or security agency named for the person, as written (e.g. `NKVD`).",
    ),
    col(
        "destination_raw",
        Str,
        true,
        "Where the person defected to, as written (e.g. `France → USA`); tables give destinations in their notes, so see notes_raw there.",
    ),
    col(
        "birthplace_raw",
        Str,
        true,
        "Where the person was born or is said to be from, as written.",
    ),
    col("year_min", Int32, true, "Earliest year year_raw allows."),
    col(
        "year_max",
        Int32,
        true,
        "Latest year year_raw allows (equal to year_min for a single year).",
    ),
    col(
        "born",
        Date,
        true,
        "Date of birth, where the source gives a real one (placeholder dates such as 00.00.1900 are null).",
    ),
    col(
        "died",
        Date,
        true,
        "Date of death, where the source gives one.",
    ),
    col(
        "context",
        Str,
        false,
        "The source text the mention was read from: the table row, the entry line, or the sentence.",
    ),
    col(
        "heading",
        Str,
        true,
        "The heading the entry stands under (e.g. a decade heading), where the block has headings.",
    ),
    col(
        "alias_raw",
        Str,
        true,
        "Another name or spelling the source gives for the same person (e.g. a birth name in parentheses).",
    ),
    col(
        "notes_raw",
        Str,
        true,
        "Notes and commentary about the person that are none of the fields above (a table's Notes cell, commentary in parentheses or after a dash).",
    ),
    col(
        "outcome_raw",
        Str,
        true,
        "A phrase saying the defection failed or was reversed (e.g. `later returned`), as written.",
    ),
    col(
        "together_with",
        StringList,
        false,
        "Surface names of the other people the source says defected together with this person.",
    ),
    col(
        "status_reason",
        Str,
        true,
        "Why the source says the person is not a defector (e.g. `forcibly exiled`), for status not_defector.",
    ),
    col(
        "char_start",
        UInt32,
        true,
        "For a name read from running text: 0-based character offset of the name in its line.",
    ),
    col(
        "char_end",
        UInt32,
        true,
        "For a name read from running text: character offset just after the name in its line.",
    ),
    col(
        "companion",
        Boolean,
        false,
        "True for a person only named in another person's row (`escaped with his wife X`): the row's year and places describe that escape.",
    ),
    col(
        "name_latin",
        Str,
        false,
        "The name in Latin script, Unicode NFC (Cyrillic transliterated with the English Wikipedia scheme).",
    ),
    col(
        "name_display",
        Str,
        false,
        "Display form: given name, middle names, surname, suffix, in Latin script.",
    ),
    col(
        "given_key",
        Str,
        true,
        "Canonical given name from given_names.csv (lower case), or a spelling key for an unknown one.",
    ),
    col(
        "family_key",
        Str,
        true,
        "Spelling key of the surname with a feminine ending made masculine (petrova → petrov): one family name across spellings and genders.",
    ),
    col(
        "surname_keys",
        StringList,
        false,
        "Spelling keys of the surname (and of each part of a double surname), robust to y/i, kh/h, ks/x, ts/tz, w/v, ou/u.",
    ),
    col(
        "gender",
        Str,
        true,
        "`m` or `f`, from the given name, else from the surname's ending.",
    ),
    col("name_suffix", Str, true, "Generational suffix (`Jr.`)."),
    col(
        "profession_category",
        Str,
        true,
        "Category of profession_raw (contract list), via professions.csv; an agency makes it intelligence unless the phrase says diplomat or pilot.",
    ),
    col(
        "profession_from",
        Str,
        true,
        "The field and the professions.csv phrase the category came from.",
    ),
    col(
        "agency",
        Str,
        true,
        "Canonical agency (agencies.csv) named in agency_raw, profession_raw or notes_raw.",
    ),
    col(
        "agency_from",
        Str,
        true,
        "The field and the spelling the agency was found in.",
    ),
    col(
        "destination_path",
        StringList,
        false,
        "Countries of the journey in order (transit and Eastern Bloc places included), from destination_raw or a table's notes.",
    ),
    col(
        "destination_first",
        Str,
        true,
        "First country of refuge on the path (not transit, not in the Eastern Bloc).",
    ),
    col(
        "destination_final",
        Str,
        true,
        "Last country of refuge on the path.",
    ),
    col(
        "destination_from",
        Str,
        true,
        "The field the destinations were read from.",
    ),
    col(
        "birthplace_country",
        Str,
        true,
        "Country of birthplace_raw (places.csv), as of the defection year.",
    ),
    col(
        "origin",
        Str,
        true,
        "The state defected from: the agency's state, else an Eastern Bloc birthplace's state, else the source's scope, else a companion's.",
    ),
    col(
        "origin_rule",
        Str,
        true,
        "Which rule gave the origin: agency, birthplace, source scope or companion.",
    ),
    col(
        "outcome",
        Str,
        false,
        "`defected`, `failed` or `returned`, from outcome cues in outcome_raw or notes_raw.",
    ),
    col(
        "outcome_from",
        Str,
        true,
        "The field and phrase the outcome came from (empty for the default `defected`).",
    ),
];

/// Columns of `diagnostics`: problems found while reading the sources.
pub const DIAGNOSTICS: &[ColumnSpec] = &[
    col(
        "source_id",
        Str,
        true,
        "Id of the source the problem was found in, if any.",
    ),
    col(
        "line",
        UInt32,
        true,
        "1-based line of the raw file, if the problem belongs to one.",
    ),
    col(
        "severity",
        Str,
        false,
        "`warning` (data kept or recovered) or `error`.",
    ),
    col(
        "code",
        Str,
        false,
        "Stable dotted code of the problem (e.g. `table.shifted_row`).",
    ),
    col(
        "message",
        Str,
        false,
        "What was found and what was done about it.",
    ),
];

/// The `mentions` table: each mention with the person id it was given and its cleaned values.
pub fn mentions_table(mentions: &[(Mention, String)], cleaned: &[CleanedMention]) -> Table {
    assert_eq!(
        mentions.len(),
        cleaned.len(),
        "one cleaned record per mention"
    );
    let c = |f: &dyn Fn(&CleanedMention) -> Option<String>| {
        Values::String(cleaned.iter().map(f).collect())
    };
    let s = |f: &dyn Fn(&Mention) -> Option<String>| {
        Values::String(mentions.iter().map(|(m, _)| f(m)).collect())
    };
    Table::new(
        "mentions",
        MENTIONS,
        vec![
            s(&|m| Some(m.mention_id())),
            s(&|m| Some(m.provenance.source_id.clone())),
            Values::UInt32(
                mentions
                    .iter()
                    .map(|(m, _)| Some(m.provenance.line))
                    .collect(),
            ),
            s(&|m| Some(m.provenance.section.as_str().to_owned())),
            s(&|m| Some(m.surface_name.clone())),
            Values::String(mentions.iter().map(|(_, id)| Some(id.clone())).collect()),
            s(&|m| Some(m.status.as_str().to_owned())),
            s(&|m| m.raw.year.clone()),
            s(&|m| m.raw.profession.clone()),
            s(&|m| m.raw.agency.clone()),
            s(&|m| m.raw.destination.clone()),
            s(&|m| m.raw.birthplace.clone()),
            Values::Int32(
                mentions
                    .iter()
                    .map(|(m, _)| m.year.map(|y| y.min))
                    .collect(),
            ),
            Values::Int32(
                mentions
                    .iter()
                    .map(|(m, _)| m.year.map(|y| y.max))
                    .collect(),
            ),
            Values::Date(mentions.iter().map(|(m, _)| m.born).collect()),
            Values::Date(mentions.iter().map(|(m, _)| m.died).collect()),
            s(&|m| Some(m.provenance.context.clone())),
            s(&|m| m.provenance.heading.clone()),
            s(&|m| m.raw.alias.clone()),
            s(&|m| m.raw.notes.clone()),
            s(&|m| m.raw.outcome.clone()),
            Values::StringList(
                mentions
                    .iter()
                    .map(|(m, _)| m.together_with.clone())
                    .collect(),
            ),
            s(&|m| m.raw.status_reason.clone()),
            Values::UInt32(
                mentions
                    .iter()
                    .map(|(m, _)| m.char_span.map(|c| c.0))
                    .collect(),
            ),
            Values::UInt32(
                mentions
                    .iter()
                    .map(|(m, _)| m.char_span.map(|c| c.1))
                    .collect(),
            ),
            Values::Boolean(mentions.iter().map(|(m, _)| Some(m.companion)).collect()),
            c(&|x| Some(x.name.latin.clone())),
            c(&|x| Some(x.name.display.clone())),
            c(&|x| x.name.given_key.clone()),
            c(&|x| x.name.family_key.clone()),
            Values::StringList(
                cleaned
                    .iter()
                    .map(|x| x.name.surname_keys.clone())
                    .collect(),
            ),
            c(&|x| x.name.gender.map(|g| g.to_string())),
            c(&|x| x.name.suffix.clone()),
            c(&|x| x.profession_category.clone()),
            c(&|x| x.profession_from.clone()),
            c(&|x| x.agency.clone()),
            c(&|x| x.agency_from.clone()),
            Values::StringList(cleaned.iter().map(|x| x.destination_path.clone()).collect()),
            c(&|x| x.destination_first.clone()),
            c(&|x| x.destination_final.clone()),
            c(&|x| x.destination_from.clone()),
            c(&|x| x.birthplace_country.clone()),
            c(&|x| x.origin.clone()),
            c(&|x| x.origin_rule.clone()),
            c(&|x| Some(x.outcome.as_str().to_owned())),
            c(&|x| x.outcome_from.clone()),
        ],
    )
}

/// The `diagnostics` table.
pub fn diagnostics_table(diagnostics: &[Diagnostic]) -> Table {
    Table::new(
        "diagnostics",
        DIAGNOSTICS,
        vec![
            Values::String(diagnostics.iter().map(|d| d.source_id.clone()).collect()),
            Values::UInt32(diagnostics.iter().map(|d| d.line).collect()),
            Values::String(
                diagnostics
                    .iter()
                    .map(|d| Some(d.severity.as_str().to_owned()))
                    .collect(),
            ),
            Values::String(diagnostics.iter().map(|d| Some(d.code.clone())).collect()),
            Values::String(
                diagnostics
                    .iter()
                    .map(|d| Some(d.message.clone()))
                    .collect(),
            ),
        ],
    )
}

/// Columns of `people`: one row per resolved person whose chosen status is defector.
pub const PEOPLE: &[ColumnSpec] = &[
    col(
        "person_id",
        Str,
        false,
        "Stable slug of the display name (a repeated slug gets -2, -3 in order of first mention id).",
    ),
    col(
        "name",
        Str,
        false,
        "Display name: the most common full Latin spelling among the person's mentions.",
    ),
    col(
        "name_variants",
        StringList,
        false,
        "Every name the sources write for the person (Cyrillic included), sorted.",
    ),
    col(
        "origin",
        Str,
        true,
        "State defected from (best-supported cleaned origin).",
    ),
    col(
        "birthplace",
        Str,
        true,
        "Birthplace as written (best-supported).",
    ),
    col(
        "profession",
        Str,
        true,
        "Profession phrase as written, the most common one of the chosen category.",
    ),
    col(
        "profession_category",
        Str,
        false,
        "Profession category (contract list); `other` when no source gives one.",
    ),
    col("agency", Str, true, "Canonical agency (best-supported)."),
    col(
        "year",
        Int32,
        true,
        "Best-supported year of defection (see conflicts for the rule).",
    ),
    col("year_min", Int32, true, "Earliest year any source allows."),
    col("year_max", Int32, true, "Latest year any source allows."),
    col("decade", Int32, true, "Decade of year (1970 for 1974)."),
    col(
        "destination_first",
        Str,
        true,
        "Country where the person defected or first found refuge (best-supported).",
    ),
    col(
        "destination_final",
        Str,
        true,
        "Country the person settled in (best-supported).",
    ),
    col(
        "destination_path",
        StringList,
        false,
        "Countries of the journey, from the longest path among mentions that give the chosen final destination.",
    ),
    col(
        "outcome",
        Str,
        false,
        "`defected`, `failed` or `returned` (best-supported; ties go to the latest attempt).",
    ),
    col("born", Date, true, "Date of birth."),
    col("died", Date, true, "Date of death."),
    col(
        "sources",
        StringList,
        false,
        "Ids of the sources that mention the person.",
    ),
    col("n_sources", UInt32, false, "Number of sources."),
    col("n_mentions", UInt32, false, "Number of mentions."),
];

/// Columns of `conflicts`: one row per value of a field the sources disagree on.
pub const CONFLICTS: &[ColumnSpec] = &[
    col("person_id", Str, false, "The person (see people)."),
    col(
        "field",
        Str,
        false,
        "The field the sources disagree on (year, profession_category, agency, destination_first, destination_final, origin, birthplace, born, died, outcome, status).",
    ),
    col("value", Str, true, "One value of the field."),
    col(
        "source_ids",
        StringList,
        false,
        "The sources giving this value.",
    ),
    col(
        "chosen",
        Boolean,
        false,
        "Whether this value was chosen for people.",
    ),
    col(
        "rule",
        Str,
        false,
        "Why the chosen value won: majority of sources, source priority, earliest year/mention, latest attempt, or for status: named as a defector by a source.",
    ),
];

/// Columns of `match_evidence`, weight by weight: the links that formed each person, override
/// pairs, and between different people the near misses and constrained pairs.
pub const MATCH_EVIDENCE: &[ColumnSpec] = &[
    col("mention_a", Str, false, "First mention id."),
    col("mention_b", Str, false, "Second mention id."),
    col("person_a", Str, false, "Person of the first mention."),
    col("person_b", Str, false, "Person of the second mention."),
    col(
        "decision",
        Str,
        false,
        "`merged`, `near_miss`, `cannot_link`, or `override: must link` / `override: cannot link`.",
    ),
    col(
        "score",
        Float64,
        false,
        "Total Fellegi–Sunter weight (log2 likelihood ratio); a link needs at least 8 and agreeing surnames.",
    ),
    col(
        "w_given",
        Float64,
        false,
        "Weight of the given-name comparison.",
    ),
    col(
        "w_surname",
        Float64,
        false,
        "Weight of the surname comparison (term-frequency aware).",
    ),
    col("w_year", Float64, false, "Weight of the year comparison."),
    col(
        "w_profession",
        Float64,
        false,
        "Weight of the profession-category comparison.",
    ),
    col(
        "w_agency",
        Float64,
        false,
        "Weight of the agency comparison.",
    ),
    col(
        "w_destination",
        Float64,
        false,
        "Weight of the first-destination comparison.",
    ),
    col(
        "w_birth",
        Float64,
        false,
        "Weight of the birth-year comparison.",
    ),
    col(
        "w_partner",
        Float64,
        false,
        "Weight of being named together with the same partner.",
    ),
    col(
        "cannot_link",
        Str,
        true,
        "The hard constraint that forbids the pair, if any.",
    ),
];

/// The `people` table: the people whose chosen status is defector, sorted by person_id.
pub fn people_table(people: &[&Person]) -> Table {
    let s = |f: &dyn Fn(&Person) -> Option<String>| {
        Values::String(people.iter().map(|p| f(p)).collect())
    };
    let i =
        |f: &dyn Fn(&Person) -> Option<i32>| Values::Int32(people.iter().map(|p| f(p)).collect());
    Table::new(
        "people",
        PEOPLE,
        vec![
            s(&|p| Some(p.person_id.clone())),
            s(&|p| Some(p.name.clone())),
            Values::StringList(people.iter().map(|p| p.name_variants.clone()).collect()),
            s(&|p| p.origin.clone()),
            s(&|p| p.birthplace.clone()),
            s(&|p| p.profession.clone()),
            s(&|p| Some(p.profession_category.clone())),
            s(&|p| p.agency.clone()),
            i(&|p| p.year),
            i(&|p| p.year_min),
            i(&|p| p.year_max),
            i(&|p| p.decade),
            s(&|p| p.destination_first.clone()),
            s(&|p| p.destination_final.clone()),
            Values::StringList(people.iter().map(|p| p.destination_path.clone()).collect()),
            s(&|p| Some(p.outcome.clone())),
            Values::Date(people.iter().map(|p| p.born).collect()),
            Values::Date(people.iter().map(|p| p.died).collect()),
            Values::StringList(people.iter().map(|p| p.sources.clone()).collect()),
            Values::UInt32(
                people
                    .iter()
                    .map(|p| Some(p.sources.len() as u32))
                    .collect(),
            ),
            Values::UInt32(people.iter().map(|p| Some(p.n_mentions)).collect()),
        ],
    )
}

/// The `conflicts` table.
pub fn conflicts_table(conflicts: &[&Conflict]) -> Table {
    Table::new(
        "conflicts",
        CONFLICTS,
        vec![
            Values::String(
                conflicts
                    .iter()
                    .map(|c| Some(c.person_id.clone()))
                    .collect(),
            ),
            Values::String(conflicts.iter().map(|c| Some(c.field.clone())).collect()),
            Values::String(conflicts.iter().map(|c| c.value.clone()).collect()),
            Values::StringList(conflicts.iter().map(|c| c.source_ids.clone()).collect()),
            Values::Boolean(conflicts.iter().map(|c| Some(c.chosen)).collect()),
            Values::String(conflicts.iter().map(|c| Some(c.rule.clone())).collect()),
        ],
    )
}

/// The `match_evidence` table; `ids` are the mention ids, `person` the person id per mention.
pub fn match_evidence_table(pairs: &[PairEvidence], ids: &[String], person: &[String]) -> Table {
    let f = |get: &dyn Fn(&PairEvidence) -> f64| {
        Values::Float64(
            pairs
                .iter()
                .map(|p| Some((get(p) * 1000.0).round() / 1000.0))
                .collect(),
        )
    };
    Table::new(
        "match_evidence",
        MATCH_EVIDENCE,
        vec![
            Values::String(pairs.iter().map(|p| Some(ids[p.a].clone())).collect()),
            Values::String(pairs.iter().map(|p| Some(ids[p.b].clone())).collect()),
            Values::String(pairs.iter().map(|p| Some(person[p.a].clone())).collect()),
            Values::String(pairs.iter().map(|p| Some(person[p.b].clone())).collect()),
            Values::String(pairs.iter().map(|p| Some(p.decision.clone())).collect()),
            f(&|p| p.evidence.total()),
            f(&|p| p.evidence.given),
            f(&|p| p.evidence.surname),
            f(&|p| p.evidence.year),
            f(&|p| p.evidence.profession),
            f(&|p| p.evidence.agency),
            f(&|p| p.evidence.destination),
            f(&|p| p.evidence.birth),
            f(&|p| p.evidence.partner),
            Values::String(
                pairs
                    .iter()
                    .map(|p| p.evidence.cannot_link.clone())
                    .collect(),
            ),
        ],
    )
}

/// Columns of `by_decade`.
pub const BY_DECADE: &[ColumnSpec] = &[
    col(
        "decade",
        Int32,
        true,
        "Decade of the chosen year (1970 for 1970–1979); null for people without a year.",
    ),
    col("defectors", UInt32, false, "Number of people."),
    col(
        "share",
        Float64,
        false,
        "defectors / number of people in `people`.",
    ),
];

/// Columns of `by_agency`.
pub const BY_AGENCY: &[ColumnSpec] = &[
    col(
        "agency",
        Str,
        true,
        "Canonical agency; null for people without one.",
    ),
    col("defectors", UInt32, false, "Number of people."),
    col(
        "share",
        Float64,
        false,
        "defectors / number of people in `people`.",
    ),
];

/// Columns of `by_profession`.
pub const BY_PROFESSION: &[ColumnSpec] = &[
    col(
        "profession_category",
        Str,
        false,
        "Profession category (contract list).",
    ),
    col("defectors", UInt32, false, "Number of people."),
    col(
        "share",
        Float64,
        false,
        "defectors / number of people in `people`.",
    ),
];

/// Columns of `by_destination`.
pub const BY_DESTINATION: &[ColumnSpec] = &[
    col("destination", Str, false, "Country."),
    col(
        "as_first",
        UInt32,
        false,
        "People whose first destination (first refuge) is this country.",
    ),
    col(
        "as_final",
        UInt32,
        false,
        "People whose final destination is this country.",
    ),
    col(
        "defectors",
        UInt32,
        false,
        "People with this country as first or final destination (counted once).",
    ),
    col(
        "share",
        Float64,
        false,
        "defectors / number of people in `people`.",
    ),
];

/// Columns of `by_origin`.
pub const BY_ORIGIN: &[ColumnSpec] = &[
    col(
        "origin",
        Str,
        true,
        "State defected from; null where no rule gives one.",
    ),
    col("defectors", UInt32, false, "Number of people."),
    col(
        "share",
        Float64,
        false,
        "defectors / number of people in `people`.",
    ),
];

/// Columns of `source_coverage`.
pub const SOURCE_COVERAGE: &[ColumnSpec] = &[
    col(
        "sources",
        Str,
        false,
        "A combination of source ids, joined with ` + `.",
    ),
    col(
        "n_sources",
        UInt32,
        false,
        "Number of sources in the combination.",
    ),
    col(
        "defectors",
        UInt32,
        false,
        "People named by exactly this combination of sources.",
    ),
    col(
        "share",
        Float64,
        false,
        "defectors / number of people in `people`.",
    ),
];

/// Columns of `decade_by_profession` (one per category of the contract, then the total).
pub fn decade_by_profession_specs() -> Vec<ColumnSpec> {
    let mut specs = vec![col(
        "decade",
        Int32,
        true,
        "Decade of the chosen year; null for people without a year.",
    )];
    for category in defectors_stats::CATEGORIES {
        specs.push(col(
            category,
            UInt32,
            false,
            "People of this profession category in the decade.",
        ));
    }
    specs.push(col("defectors", UInt32, false, "All people of the decade."));
    specs
}
