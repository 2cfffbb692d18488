//! The fields read for a person in a sentence: the role phrase before the name or in
//! apposition after it, the agency in it, the place after the predicate, and the reason a
//! not-defector statement gives.

use std::sync::LazyLock;

use crate::Pattern;

use crate::fields::{agency_acronym, collapse_spaces};

/// Words that end a role phrase when walking back from a name.
const ROLE_STOPS: &[&str] = &[
    "were",
    "was",
    "is",
    "are",
    "be",
    "been",
    "and",
    "or",
    "but",
    "when",
    "who",
    "whom",
    "which",
    "that",
    "in",
    "on",
    "at",
    "to",
    "by",
    "with",
    "for",
    "from",
    "among",
    "as",
    "than",
    "the",
    "a",
    "an",
    "another",
    "such",
    "other",
    "include",
    "included",
    "including",
    "after",
    "before",
    "while",
    "where",
    "whose",
    "his",
    "her",
    "their",
    "its",
    "also",
    "then",
    "like",
    "of",
];

/// The role phrase right before the name at byte `start` of `sentence`: lower-case words,
/// acronyms, capitalised adjectives and parenthesised expansions, back to a stop word, a year
/// or a clause boundary (one comma right before the name is allowed: `Another NKVD officer, X`).
/// `people` are the byte spans of the other names, which end a role.
pub fn role_before(sentence: &str, start: usize, people: &[(usize, usize)]) -> Option<String> {
    let before = &sentence[..start];
    let mut end = before.trim_end().len();
    if before[..end].ends_with(',') {
        end -= 1;
    }
    let region = &before[..end];
    let mut begin = end;
    let mut depth = 0;
    let mut words_taken = 0;
    let mut cursor = end;
    while cursor > 0 && words_taken < 10 {
        let trimmed = region[..cursor].trim_end();
        if trimmed.is_empty() {
            break;
        }
        let word_start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &trimmed[word_start..];
        let opens = word.matches('(').count();
        let closes = word.matches(')').count();
        if depth == 0 && closes == 0 {
            let bare = word
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’');
            let lower = bare.to_lowercase();
            let ends_clause = word.ends_with([',', ';', ':', '.', '—', '–']) && cursor != end;
            let is_year = !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit());
            let in_person = people
                .iter()
                .any(|(s, e)| *s <= word_start && word_start < *e);
            if bare.is_empty()
                || ends_clause
                || is_year
                || in_person
                || ROLE_STOPS.contains(&lower.as_str())
                || word.starts_with(['“', '"'])
            {
                break;
            }
        }
        depth += closes as i32 - opens as i32;
        begin = word_start;
        cursor = word_start;
        words_taken += 1;
    }
    let mut role = region[begin..end].trim();
    while let Some(rest) = ["of ", "to ", "the ", "a ", "an "]
        .iter()
        .find_map(|w| role.strip_prefix(w))
    {
        role = rest.trim_start();
    }
    let has_role_word = role
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| {
            !w.is_empty()
                && (w.chars().next().is_some_and(char::is_lowercase) || agency_acronym(w).is_some())
        });
    (has_role_word && depth == 0 && !role.is_empty()).then(|| role.to_owned())
}

/// An appositive role right after a name: `, a KGB officer posing as …,` → the phrase up
/// to the next comma, semicolon or relative pronoun, without its article.
pub fn appositive_role(tail: &str) -> Option<String> {
    let rest = tail.strip_prefix(',')?.trim_start();
    let rest = ["a ", "an ", "the "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))?;
    let mut end = rest.len();
    let mut depth = 0i32;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' | ';' if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let phrase = &rest[..end];
    let phrase = [" who ", " whose ", " which "]
        .iter()
        .filter_map(|w| phrase.find(w))
        .min()
        .map_or(phrase, |i| &phrase[..i]);
    let phrase = phrase.trim();
    (!phrase.is_empty()).then(|| phrase.to_owned())
}

/// The agency in a role phrase: an acronym, with its spelled-out form in parentheses when the
/// text gives one (`NKVD (People's Commissariat of Internal Affairs)`).
pub fn agency_phrase(role: &str) -> Option<String> {
    let acronym = agency_acronym(role)?;
    let at = role.find(&acronym)?;
    let after = &role[at + acronym.len()..];
    if let Some(rest) = after.strip_prefix(" (")
        && let Some(close) = rest.find(')')
    {
        return Some(format!("{acronym} ({})", &rest[..close]));
    }
    Some(acronym)
}

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[&PLACE_AFTER, &SETTLED_IN];

static PLACE_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(
        r"\b(?:to|in|at|into|via|through)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*)*(?:,\s+\p{Lu}[\p{L}\p{M}'’-]+)?)",
    )
});

static SETTLED_IN: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(
        r"(?i:\b(?:ended up|settled|now resides|resides|resided|now lives|now living|lived|later moved|moved|emigrated|went on|then went|later went)\s+(?:in|to|into))\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*)*)",
    )
});

/// Where the person went on to live, in the text after their name up to the end of its
/// clause (`… and later settled in the United States`, `a KGB officer now living in
/// Britain`): the places after settlement verbs, in order.
pub fn settled_places(after: &str) -> Vec<String> {
    let limit = after.find(';').unwrap_or(after.len());
    SETTLED_IN
        .captures_iter(&after[..limit])
        .map(|c| {
            c.get(1)
                .expect("group")
                .as_str()
                .trim_end_matches(['.', ','])
                .to_owned()
        })
        .collect()
}

/// The place of defection in `after` (the text right after the predicate, up to the end of
/// its clause): the first capitalised place after `to`, `in`, `at`, `into`, skipping acronyms
/// (`the CIA`), adjectives (`Canadian authorities`) and `the West`.
pub fn place_after(after: &str) -> Option<String> {
    let limit = after.find([';', '.']).unwrap_or(after.len());
    let after = &after[..limit];
    for caps in PLACE_AFTER.captures_iter(after) {
        let place = caps.get(1).expect("group");
        let value = place.as_str().trim_end_matches(',');
        let first = value.split_whitespace().next().unwrap_or_default();
        let adjective = is_adjective_before_noun(value, &after[place.end()..]);
        if adjective
            || first.chars().all(|c| c.is_uppercase() || c == '.')
            || value == "West"
            || value == "East"
        {
            continue;
        }
        return Some(value.to_owned());
    }
    None
}

/// Lower-case words that follow a place, never a nationality adjective's noun (`Japan in
/// 1979`, `Japan and`, `Pakistan where`).
const AFTER_A_PLACE: &[&str] = &[
    "in", "on", "at", "and", "or", "where", "when", "while", "during", "after", "before", "for",
    "with", "from", "to", "as", "by", "then", "until", "since", "via", "through", "but", "which",
    "who", "of",
];

/// `Canadian authorities`, `Italian intelligence`: one capitalised word with a nationality
/// ending before a lower-case noun (a word that is no preposition or conjunction).
pub fn is_adjective_before_noun(phrase: &str, after: &str) -> bool {
    let next = after
        .strip_prefix(' ')
        .and_then(|rest| rest.split(|c: char| !c.is_alphabetic()).next())
        .unwrap_or_default();
    ["an", "ese", "ish", "ic"]
        .iter()
        .any(|e| phrase.ends_with(e))
        && phrase.split_whitespace().count() == 1
        && next.chars().next().is_some_and(char::is_lowercase)
        && !AFTER_A_PLACE.contains(&next)
}

/// The reason a not-defector list gives for the person ending at byte `person_end` of `rest`
/// (the text after the cue): the `who …` clause of the person's `;`-item.
pub fn who_clause_reason(rest: &str, person_end: usize) -> Option<String> {
    let mut item_start = 0;
    for item in rest.split(';') {
        let item_end = item_start + item.len();
        if person_end <= item_end {
            let who = item.find(" who ")?;
            let reason = item[who + " who ".len()..]
                .trim()
                .trim_end_matches(['.', ')'])
                .trim();
            let reason = ["were ", "was ", "had been ", "is ", "are "]
                .iter()
                .find_map(|v| reason.strip_prefix(v))
                .unwrap_or(reason);
            return Some(collapse_spaces(reason));
        }
        item_start = item_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_skip_organisations_and_adjectives() {
        assert_eq!(
            place_after(" over to Canadian authorities in Ottawa, Canada, in 1945."),
            Some("Ottawa, Canada".to_owned())
        );
        assert_eq!(
            place_after(" to the CIA in Geneva in 1962"),
            Some("Geneva".to_owned())
        );
        assert_eq!(
            place_after(" to the United States in 1961"),
            Some("United States".to_owned())
        );
        assert_eq!(place_after(" to the West in 1985"), None);
        assert_eq!(
            place_after(" in Japan in 1979 and now resides in the United States"),
            Some("Japan".to_owned())
        );
        assert_eq!(
            place_after(" to Italian intelligence in Rome"),
            Some("Rome".to_owned())
        );
    }

    #[test]
    fn appositives() {
        assert_eq!(
            appositive_role(", a KGB officer posing as a journalist, defected"),
            Some("KGB officer posing as a journalist".to_owned())
        );
        assert_eq!(
            appositive_role(", a KGB officer who was working in Iran"),
            Some("KGB officer".to_owned())
        );
        assert_eq!(appositive_role(" defected"), None);
    }

    #[test]
    fn agency_with_spelled_out_form() {
        assert_eq!(
            agency_phrase("NKVD (People's Commissariat of Internal Affairs) officer").as_deref(),
            Some("NKVD (People's Commissariat of Internal Affairs)")
        );
        assert_eq!(
            agency_phrase("cipher clerk for Soviet military intelligence (GRU)").as_deref(),
            Some("GRU")
        );
    }
}
