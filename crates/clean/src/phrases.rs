//! Finding the spellings of a reference table (agencies, professions) in a text with one
//! Aho–Corasick automaton, instead of one regex per row: one pass over the text, and nothing
//! to compile per row at start-up.
//!
//! A phrase matches where the table writes it, case-insensitively if asked. Case folding is
//! ASCII's; a phrase with letters outside ASCII is also found all in lower case and all in
//! capitals (`Sûreté`, `sûreté`, `SÛRETÉ`).

use aho_corasick::{AhoCorasick, MatchKind};

/// The longest phrase a reference table may hold, in characters.
pub const MAX_PHRASE_CHARS: usize = 500;

/// What must stand around a phrase for it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// A word boundary on each side (as regex `\b`), with an optional plural `s` after.
    WordOrPlural,
    /// No letter right before or right after.
    NoLetter,
}

/// One occurrence of a phrase in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The phrase's index, in the order the phrases were given.
    pub phrase: usize,
    /// Byte offsets of the occurrence (a plural `s` included).
    pub start: usize,
    /// End byte offset.
    pub end: usize,
}

/// The phrases of one table, ready to search for.
#[derive(Debug, Clone)]
pub struct PhraseSet {
    automaton: AhoCorasick,
    /// For each pattern of the automaton: its phrase and whether its case must match.
    patterns: Vec<(usize, bool)>,
    /// The text of each pattern (for the case check).
    forms: Vec<String>,
    boundary: Boundary,
}

impl Default for PhraseSet {
    fn default() -> Self {
        Self::new(Vec::<(&str, bool)>::new(), Boundary::NoLetter)
    }
}

impl PhraseSet {
    /// A set of `(phrase, case_insensitive)`; the caller checks lengths (see
    /// [`MAX_PHRASE_CHARS`]).
    pub fn new<S: AsRef<str>>(phrases: Vec<(S, bool)>, boundary: Boundary) -> Self {
        let mut texts: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (i, (phrase, insensitive)) in phrases.iter().enumerate() {
            let phrase = phrase.as_ref();
            if phrase.is_empty() {
                // An empty phrase would be found everywhere: it is found nowhere.
                continue;
            }
            let mut forms = vec![phrase.to_owned()];
            if *insensitive && !phrase.is_ascii() {
                forms.push(phrase.to_lowercase());
                forms.push(phrase.to_uppercase());
            }
            forms.sort();
            forms.dedup();
            for form in forms {
                texts.push(form);
                patterns.push((i, !*insensitive));
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .expect("literal phrases of bounded length always build");
        Self {
            automaton,
            patterns,
            forms: texts,
            boundary,
        }
    }

    /// Every occurrence whose case and boundaries hold, by start then phrase.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        let mut found: Vec<Found> = self
            .automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let (phrase, case_sensitive) = self.patterns[m.pattern().as_usize()];
                let form = self.forms[m.pattern().as_usize()].as_bytes();
                if case_sensitive && &text.as_bytes()[m.range()] != form {
                    return None;
                }
                let end = self.end_if_bounded(text, m.start(), m.end())?;
                Some(Found {
                    phrase,
                    start: m.start(),
                    end,
                })
            })
            .collect();
        found.sort_by_key(|f| (f.start, f.phrase, f.end));
        found.dedup_by_key(|f| (f.start, f.phrase));
        found
    }

    /// The end of an occurrence `start..end` when the boundary holds around it (after a
    /// plural `s`, if the boundary allows one and it fits), else `None`.
    fn end_if_bounded(&self, text: &str, start: usize, end: usize) -> Option<usize> {
        let before = text[..start].chars().next_back();
        let first = text[start..].chars().next();
        match self.boundary {
            Boundary::NoLetter => {
                let after = text[end..].chars().next();
                let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
                (!letter(before) && !letter(after)).then_some(end)
            }
            Boundary::WordOrPlural => {
                if word(before) == word(first) {
                    return None;
                }
                let last = text[..end].chars().next_back();
                let bounded =
                    |at: usize, last: Option<char>| word(last) != word(text[at..].chars().next());
                let plural = text[end..].starts_with(['s', 'S']);
                if plural && bounded(end + 1, Some('s')) {
                    Some(end + 1)
                } else {
                    bounded(end, last).then_some(end)
                }
            }
        }
    }
}

/// Whether `c` is a word character of regex's `\w`: a letter, mark, digit or connector.
fn word(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_alphanumeric()
            || unicode_normalization::char::is_combining_mark(c)
            || c == '_'
            || c == '\u{200c}'
            || c == '\u{200d}'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(set: &PhraseSet, text: &'t str) -> Vec<(usize, &'t str)> {
        set.find_all(text)
            .into_iter()
            .map(|f| (f.phrase, &text[f.start..f.end]))
            .collect()
    }

    #[test]
    fn words_end_on_boundaries_with_an_optional_plural() {
        let set = PhraseSet::new(
            vec![("pilot", true), ("chess player", true), ("agent", true)],
            Boundary::WordOrPlural,
        );
        assert_eq!(
            found(&set, "Test pilots and a Chess Player"),
            [(0, "pilots"), (1, "Chess Player")]
        );
        assert_eq!(found(&set, "autopilot, agentur, agents’"), [(2, "agents")]);
        assert_eq!(found(&set, "pilot_x pilot2 pilot"), [(0, "pilot")]);
    }

    #[test]
    fn letters_may_not_touch_a_spelling() {
        let set = PhraseSet::new(
            vec![("KGB", false), ("UB", false), ("Sûreté", true)],
            Boundary::NoLetter,
        );
        assert_eq!(
            found(&set, "(KGB) club UB-officer"),
            [(0, "KGB"), (1, "UB")]
        );
        assert_eq!(found(&set, "kgb, Pub"), []);
        assert_eq!(
            found(&set, "SÛRETÉ; sûreté2"),
            [(2, "SÛRETÉ"), (2, "sûreté")]
        );
    }

    #[test]
    fn overlapping_phrases_are_all_found_and_empty_ones_never() {
        let set = PhraseSet::new(
            vec![("", true), ("theater director", true), ("director", true)],
            Boundary::WordOrPlural,
        );
        assert_eq!(
            found(&set, "a theater director"),
            [(1, "theater director"), (2, "director")]
        );
    }
}
