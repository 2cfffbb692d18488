//! Every diagnostic code the stages emit, with its meaning: the README's code table is
//! generated from this list, and a test checks that the code emits no other.

/// A diagnostic code and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiagnosticCode {
    /// The stable dotted code (`table.shifted_row`).
    pub code: &'static str,
    /// What was found and what was done about it.
    pub meaning: &'static str,
}

const fn code(code: &'static str, meaning: &'static str) -> DiagnosticCode {
    DiagnosticCode { code, meaning }
}

/// Every diagnostic code, sorted.
pub const DIAGNOSTIC_CODES: &[DiagnosticCode] = &[
    code("clean.no_origin", "no rule gives the state defected from"),
    code(
        "clean.unknown_agency",
        "an agency spelling not in agencies.csv",
    ),
    code(
        "clean.unknown_place",
        "a birthplace or destination not in places.csv (the message names it)",
    ),
    code(
        "clean.unknown_profession",
        "a profession phrase matching no phrase of professions.csv",
    ),
    code("clean.year_out_of_range", "a year outside 1917–1991 (kept)"),
    code(
        "manifest.duplicate_source",
        "a source has the same content (sha256) as an earlier one: its people count twice",
    ),
    code(
        "persons.empty_row",
        "a persons row has a date but no name; skipped",
    ),
    code(
        "persons.long_name",
        "a persons name too long to search for its second spelling; kept as written",
    ),
    code(
        "persons.name_mismatch",
        "a persons row writes its two copies of the name differently",
    ),
    code("persons.no_name", "a persons row has no name; skipped"),
    code(
        "persons.split_row",
        "a persons row split over two lines, read as one",
    ),
    code(
        "persons.unknown_date",
        "a date that is not a calendar date (e.g. `00.00.1900`), left empty",
    ),
    code(
        "persons.unsupported",
        "a person only a persons table lists, with no dated entry or defection statement of any source: kept with status `unsupported`, not counted",
    ),
    code(
        "prose.long_list",
        "a sentence names more people together than `together_with` keeps (50); the list is cut",
    ),
    code(
        "reference.empty",
        "`given_names.csv` has no rows: running text finds only people named with other evidence",
    ),
    code(
        "reference.missing",
        "no reference folder: running text was read without the given-names table",
    ),
    code(
        "resolve.large_block",
        "more than 400 mentions share a blocking key: they were compared with their 20 nearest in a sorted order, not all with all",
    ),
    code(
        "resolve.stale_override",
        "an overrides.csv row that matches no mention: it does nothing",
    ),
    code("table.bad_year", "a year cell holds no year"),
    code(
        "table.cell_type",
        "the year column holds something that is not a year",
    ),
    code(
        "table.column_count",
        "a table row has more cells than the header; the extra ones were joined into the last column",
    ),
    code(
        "table.long_list",
        "a table row names more co-defectors than `together_with` keeps (50); the list is cut",
    ),
    code(
        "table.missing_pipe",
        "a table row without a leading pipe, read as a row",
    ),
    code(
        "table.no_name",
        "a row without a name, or a name cell that does not read as a name",
    ),
    code(
        "table.odd_name",
        "a row without a name, or a name cell that does not read as a name",
    ),
    code(
        "table.realign_cap",
        "a short row with too many ways to realign its cells; realigned in order",
    ),
    code(
        "table.shifted_row",
        "a table row has fewer cells than the header; cells were realigned by their type (a year, a known birthplace, …)",
    ),
    code(
        "table.text_in_table",
        "a line of text inside a table, read on past it",
    ),
    code(
        "timeline.bad_year",
        "an entry year outside 1500–2099; the entry is read without a year",
    ),
    code(
        "timeline.family_group",
        "`the Xs` read as a couple of two people named X",
    ),
    code(
        "timeline.heading_mismatch",
        "an entry's year lies outside the decade of the heading it stands under; the entry's year is kept",
    ),
    code(
        "timeline.implausible_year",
        "an entry year outside the plausible defection years; kept",
    ),
    code(
        "timeline.long_list",
        "an entry names more people together than `together_with` keeps (50); the list is cut",
    ),
    code("timeline.no_names", "a dated entry names no person"),
    code(
        "timeline.open_list",
        "a list ends with `etc.`: it stands for more people than it names",
    ),
];
