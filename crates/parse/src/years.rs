//! Years as written in the sources: `1924`, `1979/1980`, `1990–1991`, `1956–57`.

use std::sync::LazyLock;

use crate::Pattern;
use defectors_model::YearRange;

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[&YEAR_EXPR];

static YEAR_EXPR: LazyLock<Pattern> = LazyLock::new(|| {
    crate::pattern(r"\b(1[5-9][0-9][0-9]|20[0-9][0-9])(?:\s*[/–—-]\s*([0-9]{4}|[0-9]{2})\b)?")
});

/// Parses the first year expression of `text`: a single year, a `/` alternative or a range.
///
/// A two-digit second part takes the century of the first (`1956–57` is 1956..=1957).
/// Returns `None` when the text holds no year, or when a range runs backwards.
pub fn parse_year_range(text: &str) -> Option<YearRange> {
    let caps = YEAR_EXPR.captures(text)?;
    let first: i32 = caps[1].parse().ok()?;
    let Some(second) = caps.get(2) else {
        return Some(YearRange::single(first));
    };
    let second: i32 = match second.as_str().len() {
        2 => first / 100 * 100 + second.as_str().parse::<i32>().ok()?,
        _ => second.as_str().parse().ok()?,
    };
    (second >= first).then_some(YearRange {
        min: first,
        max: second,
    })
}

/// True when `text` is nothing but a year expression (a table's Year cell).
pub fn is_year_cell(text: &str) -> bool {
    let text = text.trim();
    YEAR_EXPR
        .find(text)
        .is_some_and(|m| m.start() == 0 && m.end() == text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_forms() {
        let cases = [
            ("1924", Some((1924, 1924))),
            ("1979/1980", Some((1979, 1980))),
            ("1990–1991", Some((1990, 1991))),
            ("1990 - 1991", Some((1990, 1991))),
            ("1956–57", Some((1956, 1957))),
            ("in 1945, later 1950", Some((1945, 1945))),
            ("1980/1979", None),
            ("no year", None),
            ("12345", None),
            // Years are ASCII digits: another script's digits are no year, and the next
            // year in the text is still found.
            ("19٥٠, then 1950", Some((1950, 1950))),
        ];
        for (text, want) in cases {
            let got = parse_year_range(text).map(|r| (r.min, r.max));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn year_cells() {
        assert!(is_year_cell(" 1945 "));
        assert!(is_year_cell("1979/1980"));
        assert!(!is_year_cell("Russia"));
        assert!(!is_year_cell("1945 in Berlin"));
    }
}
