//! Professions (`professions.csv`): keywords and phrases → one category of the contract.

use std::sync::LazyLock;

use defectors_model::{ProfessionCategory, ProfessionRow};
use defectors_parse::Pattern;

use crate::CleanError;
use crate::phrases::{Boundary, PhraseSet};

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[&COVER];

static COVER: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i)\b(?:posing as|under cover of|working under cover|in the guise of)\b",
    )
});

/// A matched profession category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfessionMatch {
    /// The category.
    pub category: ProfessionCategory,
    /// The phrase of the table that matched.
    pub phrase: String,
}

/// Profession phrases with their categories.
#[derive(Debug, Clone, Default)]
pub struct ProfessionIndex {
    rows: Vec<ProfessionRow>,
    phrases: PhraseSet,
}

/// Categories a named agency does not override (`KGB diplomat` stays diplomacy).
const OVER_AGENCY: &[ProfessionCategory] = &[ProfessionCategory::Diplomacy];
/// Phrases that keep their category even with an agency (`pilot`).
const OVER_AGENCY_PHRASES: &[&str] = &["pilot"];

impl ProfessionIndex {
    /// Builds the index; phrases match case-insensitively on word boundaries.
    ///
    /// # Panics
    ///
    /// When a phrase is too long (see [`ProfessionIndex::try_new`]).
    pub fn new(rows: &[ProfessionRow]) -> Self {
        Self::try_new(rows).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`ProfessionIndex::new`]; a phrase longer than
    /// [`crate::phrases::MAX_PHRASE_CHARS`] is an error naming `professions.csv` and the row's
    /// line (row `i` of `rows` is line `i + 2`).
    pub fn try_new(rows: &[ProfessionRow]) -> Result<Self, CleanError> {
        for (i, r) in rows.iter().enumerate() {
            CleanError::check_length("professions.csv", "phrase", i, &r.phrase)?;
        }
        let phrases = rows.iter().map(|r| (r.phrase.as_str(), true)).collect();
        Ok(Self {
            rows: rows.to_vec(),
            phrases: PhraseSet::new(phrases, Boundary::WordOrPlural),
        })
    }

    /// The category of a profession phrase: the phrase of the table that starts earliest in
    /// the text (the longest on a tie), so `chess player, medical doctor` is sports_chess.
    /// With an agency the category is intelligence, unless the phrase says diplomat or pilot.
    pub fn categorise(&self, text: &str, has_agency: bool) -> Option<ProfessionMatch> {
        // A cover (`KGB officer posing as a trade official`) is not the profession.
        let text = COVER.find(text).map_or(text, |m| &text[..m.start()]);
        // The first occurrence of each phrase (`find_all` orders by start).
        let mut seen = vec![false; self.rows.len()];
        let mut matches: Vec<(usize, usize, &ProfessionRow)> = self
            .phrases
            .find_all(text)
            .into_iter()
            .filter(|f| !std::mem::replace(&mut seen[f.phrase], true))
            .map(|f| (f.start, f.end - f.start, &self.rows[f.phrase]))
            .collect();
        matches.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let keeps = |row: &ProfessionRow| {
            OVER_AGENCY.contains(&row.category)
                || OVER_AGENCY_PHRASES.contains(&row.phrase.as_str())
        };
        if has_agency {
            if let Some((_, _, row)) = matches.iter().find(|(_, _, row)| keeps(row)) {
                return Some(ProfessionMatch {
                    category: row.category,
                    phrase: row.phrase.clone(),
                });
            }
            return Some(ProfessionMatch {
                category: ProfessionCategory::Intelligence,
                phrase: matches
                    .iter()
                    .find(|(_, _, r)| r.category == ProfessionCategory::Intelligence)
                    .map_or_else(|| "(agency)".to_owned(), |(_, _, r)| r.phrase.clone()),
            });
        }
        matches.first().map(|(_, _, row)| ProfessionMatch {
            category: row.category,
            phrase: row.phrase.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> ProfessionIndex {
        let rows: Vec<ProfessionRow> = [
            ("chess player", "sports_chess"),
            ("doctor", "science_academia"),
            ("theater director", "film_theatre"),
            ("director", "other"),
            ("diplomat", "diplomacy"),
            ("pilot", "military"),
            ("captain", "military"),
            ("writer", "literature"),
            ("agent", "intelligence"),
            ("dancer", "ballet_dance"),
        ]
        .iter()
        .map(|(p, c)| ProfessionRow {
            phrase: (*p).into(),
            category: ProfessionCategory::from_name(c).expect("a category"),
        })
        .collect();
        ProfessionIndex::new(&rows)
    }

    #[test]
    fn categories() {
        let idx = index();
        let cat = |t: &str, a: bool| idx.categorise(t, a).map(|m| m.category.as_str());
        assert_eq!(
            cat("Chess player, medical doctor", false),
            Some("sports_chess")
        );
        assert_eq!(cat("theater director", false), Some("film_theatre"));
        assert_eq!(
            cat("Director of the London department", false),
            Some("other")
        );
        assert_eq!(
            cat("ballet dancers", false),
            Some("ballet_dance"),
            "plurals"
        );
        assert_eq!(cat("KGB captain", true), Some("intelligence"));
        assert_eq!(cat("KGB agent, writer", true), Some("intelligence"));
        assert_eq!(cat("Soviet diplomat", true), Some("diplomacy"));
        assert_eq!(cat("pilot", true), Some("military"));
        assert_eq!(cat("NKVD", true), Some("intelligence"));
        assert_eq!(
            cat("KGB agent posing as a diplomat", true),
            Some("intelligence")
        );
        assert_eq!(cat("juggler", false), None);
    }
}
