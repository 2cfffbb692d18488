//! Agencies (`agencies.csv`): spellings → canonical agency and the state it served, found in
//! the agency, profession and notes text of a mention.

use std::sync::LazyLock;

use defectors_model::AgencyRow;
use defectors_parse::Pattern;

use crate::CleanError;
use crate::phrases::{Boundary, Found, PhraseSet};

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
    rows: Vec<AgencyRow>,
    phrases: PhraseSet,
}

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] =
    &[&BY_BEFORE, &OTHER_PERSON_AFTER, &ASSASSIN_AFTER];

static BY_BEFORE: LazyLock<Pattern> =
    LazyLock::new(|| defectors_parse::pattern(r"(?i)\bby\s+(?:the\s+)?$"));
static OTHER_PERSON_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(r"^\s+(?:[\p{Ll}-]+\s+){0,2}\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+")
});
static ASSASSIN_AFTER: LazyLock<Pattern> =
    LazyLock::new(|| defectors_parse::pattern(r"(?i)^\s+(?:assassin|agents? (?:who|that))"));

impl AgencyIndex {
    /// Builds the index. All-capital spellings match case-sensitively (`UB` is no `ub`),
    /// others case-insensitively; none with a letter right before or after.
    ///
    /// # Panics
    ///
    /// When a spelling is too long (see [`AgencyIndex::try_new`]).
    pub fn new(rows: &[AgencyRow]) -> Self {
        Self::try_new(rows).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`AgencyIndex::new`]; a spelling longer than [`crate::phrases::MAX_PHRASE_CHARS`]
    /// is an error naming `agencies.csv` and the row's line (row `i` of `rows` is line
    /// `i + 2`).
    pub fn try_new(rows: &[AgencyRow]) -> Result<Self, CleanError> {
        for (i, r) in rows.iter().enumerate() {
            CleanError::check_length("agencies.csv", "alias", i, &r.alias)?;
        }
        let mut rows: Vec<(usize, &AgencyRow)> = rows.iter().enumerate().collect();
        rows.sort_by_key(|(_, r)| std::cmp::Reverse(r.alias.chars().count()));
        let phrases = rows
            .iter()
            .map(|(_, r)| (r.alias.as_str(), r.alias.chars().any(char::is_lowercase)))
            .collect();
        Ok(Self {
            phrases: PhraseSet::new(phrases, Boundary::NoLetter),
            rows: rows.into_iter().map(|(_, r)| r.clone()).collect(),
        })
    }

    fn matched(&self, found: &Found) -> AgencyMatch {
        let row = &self.rows[found.phrase];
        AgencyMatch {
            canonical: row.canonical.clone(),
            country: row.country.clone(),
            alias: row.alias.clone(),
        }
    }

    /// The first agency named in `text` (longest spelling first).
    pub fn find(&self, text: &str) -> Option<AgencyMatch> {
        self.phrases
            .find_all(text)
            .iter()
            .min_by_key(|f| f.phrase)
            .map(|f| self.matched(f))
    }

    /// Like [`AgencyIndex::find`] for notes about the person, skipping agencies that act on
    /// the person (`assassinated by the NKVD`, `a KGB assassination attempt`) or belong to
    /// someone else the notes name (`husband of KGB agent Anna Sokolova`).
    pub fn find_in_notes(&self, text: &str) -> Option<AgencyMatch> {
        let mut found = self.phrases.find_all(text);
        // Longest spelling first, then in reading order.
        found.sort_by_key(|f| (f.phrase, f.start));
        found
            .iter()
            .find(|f| {
                let after = &text[f.end..];
                !BY_BEFORE.is_match(&text[..f.start])
                    && !ASSASSIN_AFTER.is_match(after)
                    && !OTHER_PERSON_AFTER.is_match(after)
            })
            .map(|f| self.matched(f))
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
