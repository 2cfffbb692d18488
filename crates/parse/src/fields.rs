//! Small field readers shared by the parsers: agency acronyms, outcome phrases, clauses.

use std::sync::LazyLock;

use regex::Regex;

/// All-capitals words that name places or blocs, not agencies.
const NOT_AGENCIES: &[&str] = &[
    "US", "USA", "UK", "USSR", "UN", "GDR", "FRG", "EU", "NATO", "II", "III", "IV",
];

static ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\p{Lu}{2,6}\b").expect("valid regex"));

static OUTCOME_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(failed|unsuccessful|was caught|were caught|was captured|was arrested|forcibly (?:brought|returned|taken)|brought back|re-?defected|returned|went back|repatriated)\b",
    )
    .expect("valid regex")
});

/// The first all-capitals word of `text` that can name an agency (`NKVD`, `KGB`, `UB`).
///
/// This is only the raw spelling; the `clean` stage maps it to a canonical agency.
pub fn agency_acronym(text: &str) -> Option<String> {
    ACRONYM
        .find_iter(text)
        .map(|m| m.as_str())
        .find(|word| !NOT_AGENCIES.contains(word))
        .map(str::to_owned)
}

/// True when `text` says how a defection ended otherwise than plainly (failed, returned).
pub fn has_outcome_cue(text: &str) -> bool {
    OUTCOME_CUE.is_match(text)
}

/// Splits `text` at the top-level occurrences of `sep` (not inside parentheses or quotes).
pub fn split_top_level<'a>(text: &'a str, sep: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_quote = false;
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().expect("inside text");
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '“' => in_quote = true,
            '”' => in_quote = false,
            '"' => in_quote = !in_quote,
            _ => {}
        }
        if depth == 0 && !in_quote && rest.starts_with(sep) {
            parts.push(&text[start..i]);
            i += sep.len();
            start = i;
            continue;
        }
        i += c.len_utf8();
    }
    parts.push(&text[start..]);
    parts
}

/// Removes footnote markers such as `[1]` or `[note 3]`, and collapses runs of spaces.
pub fn strip_footnotes(text: &str) -> String {
    static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\[(?:\d+|[a-z]|note \d+|citation needed)\]").expect("valid regex")
    });
    collapse_spaces(&FOOTNOTE.replace_all(text, ""))
}

/// Collapses every run of white space to one space and trims the ends.
pub fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The position the next mention of `line` takes: the number of mentions of that line at
/// the end of `mentions` (a parser pushes the mentions of a line together).
pub fn next_index_in_line(
    mentions: &[defectors_model::Mention],
    source_id: &str,
    line: u32,
) -> u32 {
    mentions
        .iter()
        .rev()
        .take_while(|m| m.provenance.line == line && m.provenance.source_id == source_id)
        .count() as u32
}

/// `None` for an empty or blank string, the trimmed string otherwise.
pub fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies() {
        assert_eq!(
            agency_acronym("NKVD intelligence officer").as_deref(),
            Some("NKVD")
        );
        assert_eq!(
            agency_acronym("UB, lieutenant colonel").as_deref(),
            Some("UB")
        );
        assert_eq!(agency_acronym("pilot (USA)"), None);
        assert_eq!(agency_acronym("hijacked MiG-25"), None);
        assert_eq!(agency_acronym("Choreographer"), None);
    }

    #[test]
    fn outcome_cues() {
        assert!(has_outcome_cue(
            "failed defection: she was forcibly brought back"
        ));
        assert!(has_outcome_cue("later returned"));
        assert!(has_outcome_cue("“returned” after 3 months"));
        assert!(has_outcome_cue("who was caught and jailed"));
        assert!(!has_outcome_cue("deprived of citizenship in 1978"));
        assert!(!has_outcome_cue(
            "tried already in 1917, finally succeeded in 1928"
        ));
    }

    #[test]
    fn top_level_split() {
        assert_eq!(
            split_top_level("a (b, c), d “e, f”, g", ", "),
            ["a (b, c)", "d “e, f”", "g"]
        );
    }

    #[test]
    fn footnotes() {
        assert_eq!(strip_footnotes("1945[3]  Berlin[a]"), "1945 Berlin");
    }
}
