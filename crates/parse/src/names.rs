//! Person names as lists: "A and B Surname", "X and Y", "A/B", "A + the Xs", "…, etc.".
//!
//! Nothing here knows any particular person: the rules look at capitalisation and at the
//! words that join names.

use std::sync::LazyLock;

use crate::Pattern;

/// Name particles that may stand lower-case inside a name (`Ludwig van Beethoven`).
const PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin", "ibn",
    "al", "el", "y", "zu",
];

/// Generational suffixes that follow a name, with or without a comma (`Volin, Jr.`).
const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// Words that end a list without naming anyone (`…, etc.`).
const LIST_TAILS: &[&str] = &["etc.", "etc", "and others", "others", "et al."];

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[&LIST_SEPARATOR, &FAMILY_GROUP];

static LIST_SEPARATOR: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"\s+and\s+|\s*&\s*|\s+\+\s+|\s*/\s*|\s*,\s*|\s*;\s*"));

static FAMILY_GROUP: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"^(?:the|The)\s+(\p{Lu}[\p{L}'’-]+?)s$"));

/// True for a token that can stand in a name: capitalised word, initial, particle or suffix.
pub fn is_name_token(token: &str) -> bool {
    let token = token.trim_matches(|c: char| c == ',' || c == '"' || c == '“' || c == '”');
    if token.is_empty() {
        return false;
    }
    if SUFFIXES.contains(&token) || PARTICLES.contains(&token) {
        return true;
    }
    let first = token.chars().next().expect("non-empty token");
    if !is_capital(first) {
        return false;
    }
    // Letters (with their marks), apostrophes, hyphens, and a final period for initials
    // (`V.`); no digits.
    token.chars().all(|c| {
        c.is_alphabetic()
            || unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '\'' | '’' | '-' | '.' | '\u{200c}' | '\u{200d}')
    })
}

/// True for a letter that can begin a name: a capital, or a letter of a script that writes
/// names without capitals (Georgian, Arabic, Hebrew, Chinese…).
pub fn is_capital(c: char) -> bool {
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()) || is_georgian(c)
}

/// True for a letter of the Georgian alphabet as written today (Mkhedruli, all lower case).
fn is_georgian(c: char) -> bool {
    matches!(c, '\u{10d0}'..='\u{10ff}' | '\u{1c90}'..='\u{1cbf}')
}

/// True when `text` reads as one person's name: 1–6 name tokens, at least one capitalised.
pub fn looks_like_name(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    (1..=6).contains(&tokens.len())
        && tokens.iter().all(|t| is_name_token(t))
        && tokens
            .iter()
            .any(|t| t.chars().next().is_some_and(is_capital) && !SUFFIXES.contains(t))
        && !tokens.iter().all(|t| is_acronym(t))
}

/// True for an all-capitals token of two or more letters (`KGB`, `USA`).
pub fn is_acronym(token: &str) -> bool {
    token.chars().count() >= 2 && token.chars().all(|c| c.is_uppercase())
}

/// The people a name list denotes, one surface name each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameList {
    /// One name per person, in the order written; a shared surname is carried to each.
    pub names: Vec<String>,
    /// Family groups written as `the Xs`, each read as a couple of two people named `X`.
    pub family_groups: Vec<String>,
    /// Whether the list ended with `etc.` or similar (more people than it names).
    pub open_ended: bool,
}

/// Splits a list of names (`A and B Surname`, `X and Y`, `A/B, C/D, etc.`, `A + the Xs`).
///
/// Returns `None` when some item of the list is not a name (the text is not a name list).
pub fn split_name_list(text: &str) -> Option<NameList> {
    let text = text.trim().trim_end_matches([',', ';']).trim();
    if text.is_empty() {
        return None;
    }
    let mut items: Vec<String> = Vec::new();
    for piece in LIST_SEPARATOR.split(text) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        // A suffix split off by a comma belongs to the name before it (`Volin, Jr.`).
        if let (true, Some(last)) = (SUFFIXES.contains(&piece), items.last_mut()) {
            last.push_str(", ");
            last.push_str(piece);
            continue;
        }
        items.push(piece.to_owned());
    }
    let mut list = NameList::default();
    let mut people: Vec<(String, bool)> = Vec::new(); // (name, is a family-group member)
    for item in items {
        if LIST_TAILS.contains(&item.as_str()) {
            list.open_ended = true;
            continue;
        }
        if let Some(caps) = FAMILY_GROUP.captures(&item) {
            list.family_groups.push(item.clone());
            people.push((caps[1].to_owned(), true));
            people.push((caps[1].to_owned(), true));
            continue;
        }
        if !looks_like_name(&item) {
            return None;
        }
        people.push((item, false));
    }
    if people.is_empty() {
        return None;
    }
    share_trailing_surname(&mut people);
    list.names = people.into_iter().map(|(name, _)| name).collect();
    Some(list)
}

/// In `A and B Surname`, a lone given name before the full name takes its surname.
///
/// Only single-token items directly before the last full name take it, and only when that
/// name has two or more tokens; lists of surnames alone (`X and Y`) stay as they are.
fn share_trailing_surname(people: &mut [(String, bool)]) {
    let Some((last, false)) = people.last() else {
        return;
    };
    let tokens: Vec<&str> = last.split_whitespace().collect();
    if tokens.len() < 2 {
        return;
    }
    let surname = surname_of(&tokens);
    let n = people.len();
    for (name, family) in people[..n - 1].iter_mut().rev() {
        if *family || name.split_whitespace().count() != 1 {
            break;
        }
        *name = format!("{name} {surname}");
    }
}

/// The surname of a tokenised full name: the last word with any particles before it.
fn surname_of(tokens: &[&str]) -> String {
    let mut end = tokens.len();
    // Keep a suffix with the surname it follows (`Shostakovich Jr.`).
    if end > 2 && SUFFIXES.contains(&tokens[end - 1].trim_start_matches(',')) {
        end -= 1;
    }
    let mut start = end - 1;
    while start > 1 && PARTICLES.contains(&tokens[start - 1]) {
        start -= 1;
    }
    tokens[start..end].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        split_name_list(text).map(|l| l.names).unwrap_or_default()
    }

    #[test]
    fn shared_surname_is_carried_to_the_given_name() {
        assert_eq!(
            names("Ivan and Maria Sokolov"),
            ["Ivan Sokolov", "Maria Sokolov"]
        );
        assert_eq!(
            names("Ivan, Olga and Maria Sokolov"),
            ["Ivan Sokolov", "Olga Sokolov", "Maria Sokolov"]
        );
        assert_eq!(
            names("Ivan and Maria van Dyke"),
            ["Ivan van Dyke", "Maria van Dyke"]
        );
    }

    #[test]
    fn two_full_names_stay_apart() {
        assert_eq!(
            names("Anna Karpova and Boris Lenski"),
            ["Anna Karpova", "Boris Lenski"]
        );
        assert_eq!(
            names("Pavel Volin and Pavel Volin Jr."),
            ["Pavel Volin", "Pavel Volin Jr."]
        );
    }

    #[test]
    fn surnames_only_stay_surnames() {
        assert_eq!(names("Karpova and Lenski"), ["Karpova", "Lenski"]);
    }

    #[test]
    fn slash_pairs_and_etc() {
        let list = split_name_list("Ivanova/Zorin, Sidorova/Kuznetsov, etc.").unwrap();
        assert_eq!(list.names, ["Ivanova", "Zorin", "Sidorova", "Kuznetsov"]);
        assert!(list.open_ended);
    }

    #[test]
    fn plus_family_group() {
        let list = split_name_list("Boris Lenski + the Volins").unwrap();
        assert_eq!(list.names, ["Boris Lenski", "Volin", "Volin"]);
        assert_eq!(list.family_groups, ["the Volins"]);
    }

    #[test]
    fn comma_suffix_stays_with_its_name() {
        assert_eq!(names("Pavel Volin, Jr."), ["Pavel Volin, Jr."]);
    }

    #[test]
    fn descriptions_are_not_name_lists() {
        assert_eq!(split_name_list("jazz and pop singer"), None);
        assert_eq!(split_name_list("mass exodus of skaters"), None);
        assert_eq!(split_name_list("KGB"), None);
        assert_eq!(split_name_list("MiG-25"), None);
    }

    #[test]
    fn name_tokens() {
        assert!(looks_like_name("G. M. Zorin"));
        assert!(looks_like_name("Наталия Макарова"));
        assert!(looks_like_name("Nasreddin Murat-Khan"));
        assert!(!looks_like_name("Chess player"));
        assert!(!looks_like_name("1945"));
    }

    #[test]
    fn names_in_scripts_without_capitals() {
        assert!(looks_like_name("გრიგოლ რობაქიძე"));
        assert!(looks_like_name("محمد علي"));
        assert!(looks_like_name("דוד בן-גוריון"));
        assert!(!looks_like_name("🙂"));
        assert!(!looks_like_name("42"));
        assert!(!looks_like_name("writer"));
    }
}
