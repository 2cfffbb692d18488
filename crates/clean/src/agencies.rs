//! Agencies (`agencies.csv`): spellings → canonical agency and the state it served, found in
//! the agency, profession and notes text of a mention.

use std::sync::LazyLock;

use defectors_model::AgencyRow;
use regex::Regex;

use crate::CleanError;

/// A matched agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyMatch {
    /// Canonical agency (`NKVD`).
    pub canonical: String,
    /// The state it served.
    pub country: String,
    /// The spelling found in the text.
    pub alias: String,
}

/// Agency spellings, longest first so that `Soviet military intelligence` wins over a part.
#[derive(Debug, Clone, Default)]
pub struct AgencyIndex {
    rows: Vec<(Regex, AgencyRow)>,
}

static BY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bby\s+(?:the\s+)?$").expect("valid regex"));
static OTHER_PERSON_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:[\p{Ll}-]+\s+){0,2}\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+").expect("valid regex")
});
static ASSASSIN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+(?:assassin|agents? (?:who|that))").expect("valid regex")
});

impl AgencyIndex {
    /// Builds the index. All-capital spellings match case-sensitively (`UB` is no `ub`),
    /// others case-insensitively; all on word boundaries.
    ///
    /// # Panics
    ///
    /// When a spelling's pattern cannot be built (see [`AgencyIndex::try_new`]).
    pub fn new(rows: &[AgencyRow]) -> Self {
        Self::try_new(rows).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`AgencyIndex::new`]; a spelling whose pattern cannot be built (too long for the
    /// regex size limit) is an error naming `agencies.csv` and the row's line (row `i` of
    /// `rows` is line `i + 2`).
    pub fn try_new(rows: &[AgencyRow]) -> Result<Self, CleanError> {
        let mut rows: Vec<(usize, &AgencyRow)> = rows.iter().enumerate().collect();
        rows.sort_by_key(|(_, r)| std::cmp::Reverse(r.alias.chars().count()));
        let rows = rows
            .into_iter()
            .map(|(i, r)| {
                let escaped = regex::escape(&r.alias);
                let case = if r.alias.chars().any(char::is_lowercase) {
                    "(?i)"
                } else {
                    ""
                };
                // Group 1 is the spelling itself, without the boundary characters around it.
                Regex::new(&format!(
                    r"{case}(?:^|[^\p{{L}}])({escaped})(?:$|[^\p{{L}}])"
                ))
                .map(|re| (re, r.clone()))
                .map_err(|e| CleanError::from_regex("agencies.csv", "alias", i, &r.alias, e))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { rows })
    }

    /// The first agency named in `text` (longest spelling first).
    pub fn find(&self, text: &str) -> Option<AgencyMatch> {
        self.rows.iter().find_map(|(re, row)| {
            re.is_match(text).then(|| AgencyMatch {
                canonical: row.canonical.clone(),
                country: row.country.clone(),
                alias: row.alias.clone(),
            })
        })
    }

    /// Like [`AgencyIndex::find`] for notes about the person, skipping agencies that act on
    /// the person (`assassinated by the NKVD`, `a KGB assassination attempt`) or belong to
    /// someone else the notes name (`husband of KGB agent Anna Sokolova`).
    pub fn find_in_notes(&self, text: &str) -> Option<AgencyMatch> {
        self.rows.iter().find_map(|(re, row)| {
            re.captures_iter(text)
                .filter_map(|caps| caps.get(1))
                .find(|alias| {
                    // The text before the spelling keeps the boundary character (`by the `),
                    // the text after starts with it; both are cut at character boundaries.
                    let after = &text[alias.end()..];
                    !BY_BEFORE.is_match(&text[..alias.start()])
                        && !ASSASSIN_AFTER.is_match(after)
                        && !OTHER_PERSON_AFTER.is_match(after)
                })
                .map(|_| AgencyMatch {
                    canonical: row.canonical.clone(),
                    country: row.country.clone(),
                    alias: row.alias.clone(),
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> AgencyIndex {
        let row = |a: &str, c: &str, country: &str| AgencyRow {
            alias: a.into(),
            canonical: c.into(),
            country: country.into(),
        };
        AgencyIndex::new(&[
            row("NKVD", "NKVD", "USSR"),
            row("People's Commissariat of Internal Affairs", "NKVD", "USSR"),
            row("KGB", "KGB", "USSR"),
            row("Soviet military intelligence", "GRU", "USSR"),
            row("UB", "UB", "Poland"),
            row("Sigurimi", "Sigurimi", "Albania"),
        ])
    }

    #[test]
    fn spellings_and_boundaries() {
        let idx = index();
        assert_eq!(
            idx.find("NKVD intelligence officer").unwrap().canonical,
            "NKVD"
        );
        assert_eq!(
            idx.find("a clerk for Soviet military intelligence (GRU)")
                .unwrap()
                .canonical,
            "GRU"
        );
        assert_eq!(
            idx.find("UB, lieutenant colonel").unwrap().country,
            "Poland"
        );
        assert_eq!(
            idx.find("Chief of the Sigurimi service").unwrap().canonical,
            "Sigurimi"
        );
        assert_eq!(idx.find("Pub owner"), None, "word boundaries");
        assert_eq!(idx.find("club member"), None, "acronyms are case-sensitive");
    }

    #[test]
    fn notes_skip_agencies_acting_on_the_person() {
        let idx = index();
        assert_eq!(
            idx.find_in_notes("Naval officer; later allegedly killed by the KGB"),
            None
        );
        assert_eq!(
            idx.find_in_notes("survived a KGB assassination attempt"),
            None
        );
        assert_eq!(
            idx.find_in_notes("Husband of undercover KGB agent Anna Sokolova; defected"),
            None
        );
        assert_eq!(
            idx.find_in_notes("Deputy head of the NKVD in Istanbul")
                .unwrap()
                .canonical,
            "NKVD"
        );
    }
}
