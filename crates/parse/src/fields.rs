//! Small field readers shared by the parsers: agency acronyms, outcome phrases, clauses.

use std::sync::LazyLock;

use crate::Pattern;
use defectors_model::Diagnostic;

/// All-capitals words that name places or blocs, not agencies.
const NOT_AGENCIES: &[&str] = &[
    "US", "USA", "UK", "USSR", "UN", "GDR", "FRG", "EU", "NATO", "II", "III", "IV",
];

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[&ACRONYM, &OUTCOME_CUE, &FOOTNOTE];

static ACRONYM: LazyLock<Pattern> = LazyLock::new(|| crate::pattern(r"\b\p{Lu}{2,6}\b"));

static OUTCOME_CUE: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(
        r"(?i)\b(failed|unsuccessful|was caught|were caught|was captured|was arrested|forcibly (?:brought|returned|taken)|brought back|re-?defected|returned|went back|repatriated)\b",
    )
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

/// A footnote marker: `[1]`, `[a]`, `[note 3]`, `[citation needed]`.
static FOOTNOTE: LazyLock<Pattern> =
    LazyLock::new(|| crate::pattern(r"\[(?:[0-9]+|[a-z]|note [0-9]+|citation needed)\]"));

/// Removes footnote markers such as `[1]` or `[note 3]`, and collapses runs of spaces.
pub fn strip_footnotes(text: &str) -> String {
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

/// The most names one mention lists in `together_with`: a list of thousands of people would
/// otherwise store every name once for each other person (quadratic memory).
pub const MAX_TOGETHER: usize = 50;

/// The warning for a line that names `count` people together, when each mention can list
/// only [`MAX_TOGETHER`] of the others; `None` for a shorter list.
pub fn long_list_warning(
    source_id: &str,
    line: u32,
    code: &str,
    count: usize,
) -> Option<Diagnostic> {
    (count > MAX_TOGETHER + 1).then(|| {
        Diagnostic::warning(
            source_id,
            line,
            code,
            format!(
                "the line names {count} people together; each mention lists only the first \
                 {MAX_TOGETHER} of the others as defecting with it"
            ),
        )
    })
}

/// A mention's context up to this many characters is kept whole.
pub const CONTEXT_MAX_CHARS: usize = 1000;

/// Characters kept on each side of the name when a longer context is cut.
const CONTEXT_SIDE_CHARS: usize = 150;

/// The most characters a cut context keeps (a very long name is cut too).
const CONTEXT_WINDOW_CHARS: usize = 300;

/// The context a mention keeps of `text` (its row, entry or sentence), where `name` stands.
///
/// A text of at most [`CONTEXT_MAX_CHARS`] characters is kept whole. A longer one is cut to
/// the first place `name` is written with up to 150 characters on each side (300 at most in
/// all), on character boundaries, with `…` at each cut end; a name not written literally is
/// looked up by its first word, else the text's start is kept.
pub fn context_for(text: &str, name: &str) -> String {
    if text.chars().nth(CONTEXT_MAX_CHARS).is_none() {
        return text.to_owned();
    }
    let start = text
        .find(name)
        .or_else(|| name.split_whitespace().next().and_then(|w| text.find(w)))
        .unwrap_or(0);
    let end = (start + name.len()).min(text.len());
    context_around(text, start, end)
}

/// The context of the name at bytes `start..end` of `text`, cut as [`context_for`] says.
pub fn context_around(text: &str, start: usize, end: usize) -> String {
    if text.chars().nth(CONTEXT_MAX_CHARS).is_none() {
        return text.to_owned();
    }
    let boundary = |at: usize| text.is_char_boundary(at).then_some(at);
    let start = boundary(start.min(text.len())).unwrap_or(0);
    let end = boundary(end.min(text.len())).unwrap_or(start).max(start);
    let lo = text[..start]
        .char_indices()
        .rev()
        .nth(CONTEXT_SIDE_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = |from: usize, n: usize| {
        text[from..]
            .char_indices()
            .nth(n)
            .map_or(text.len(), |(i, _)| from + i)
    };
    let hi = after(end, CONTEXT_SIDE_CHARS).min(after(lo, CONTEXT_WINDOW_CHARS));
    let mut out = String::new();
    if lo > 0 {
        out.push('…');
    }
    out.push_str(text[lo..hi].trim());
    if hi < text.len() {
        out.push('…');
    }
    out
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
    fn long_contexts_are_cut_around_the_name() {
        let short = "Ivan Sokolov, pilot";
        assert_eq!(context_for(short, "Ivan Sokolov"), short);
        let long = format!("{}Ivan Sokolov{}", "ä ".repeat(600), " ö".repeat(600));
        let cut = context_for(&long, "Ivan Sokolov");
        assert!(cut.starts_with('…') && cut.ends_with('…'));
        assert!(cut.contains("Ivan Sokolov"));
        assert!(cut.chars().count() <= 302);
        let head = context_for(&format!("Ivan Sokolov{}", " ö".repeat(600)), "Ivan Sokolov");
        assert!(head.starts_with("Ivan Sokolov") && head.ends_with('…'));
    }

    #[test]
    fn footnotes() {
        assert_eq!(strip_footnotes("1945[3]  Berlin[a]"), "1945 Berlin");
    }
}
