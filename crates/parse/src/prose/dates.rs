//! Years in running text: `1961`, `5 December 1953`, `December 5, 1953`, `'89`, `1990/91`,
//! `the 1970s`, and which of them a defection statement means. A year in a life span
//! (`(1915–1994)`, `(born 1942)`, `(* … ; † …)`), next to a word of birth, death, books or
//! spans (`died in 1941`, `published in 1946`, `from 1972 to 1979`), or in `1937 dollars` is
//! never a defection year.

use std::ops::Range;

use super::lexicon::{Lexicon, TermKind};
use super::text::{Token, TokenKind};

/// A year (or range) found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearMention {
    /// The token range it was read from.
    pub tokens: Range<usize>,
    /// The text as written (`1990/91`, `1970s`, `'89`).
    pub raw: String,
    /// Earliest year.
    pub min: i32,
    /// Latest year.
    pub max: i32,
    /// Whether the context says it is not a defection year (birth, death, book, span, …).
    pub excluded: bool,
}

fn four_digit_year(t: &Token, text: &str) -> Option<i32> {
    let raw = t.text(text);
    if t.kind != TokenKind::Number || raw.len() != 4 {
        return None;
    }
    raw.parse().ok().filter(|y| (1600..=2099).contains(y))
}

/// Every year of the sentence `range`, with its exclusion.
pub fn years_in(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    lexicon: &Lexicon,
) -> Vec<YearMention> {
    let parens = paren_spans(text, tokens, range.clone());
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let Some((mention, next)) = read_year(text, tokens, i, range.end) else {
            i += 1;
            continue;
        };
        let excluded = is_excluded(text, tokens, &mention, range.clone(), &parens, lexicon);
        out.push(YearMention {
            excluded,
            ..mention
        });
        i = next;
    }
    out
}

/// Reads a year expression at token `i`: `1961`, `1990/91`, `1990–1991`, `1970s`, `'89`.
fn read_year(text: &str, tokens: &[Token], i: usize, limit: usize) -> Option<(YearMention, usize)> {
    let t = &tokens[i];
    let make = |end: usize, min: i32, max: i32| {
        let raw = text[tokens[i].start..tokens[end - 1].end].to_owned();
        Some((
            YearMention {
                tokens: i..end,
                raw,
                min,
                max,
                excluded: false,
            },
            end,
        ))
    };
    if t.is_punct(text, &['\'', '’', '‘'])
        && let Some(n) = tokens.get(i + 1)
        && n.kind == TokenKind::Number
        && n.text(text).len() == 2
        && n.start == t.end
    {
        let y = 1900 + n.text(text).parse::<i32>().ok()?;
        return make(i + 2, y, y);
    }
    let year = four_digit_year(t, text)?;
    // `1970s`: the tokenizer reads `1970` then the word `s`.
    if year % 10 == 0
        && let Some(s) = tokens.get(i + 1)
        && s.start == t.end
        && s.folded == "s"
    {
        return make(i + 2, year, year + 9);
    }
    if i + 2 < limit
        && tokens[i + 1].is_punct(text, &['/', '–', '—', '-'])
        && let Some(second) = tokens.get(i + 2)
        && second.kind == TokenKind::Number
    {
        let raw = second.text(text);
        let max = match raw.len() {
            2 => year / 100 * 100 + raw.parse::<i32>().ok()?,
            4 => raw.parse().ok()?,
            _ => return make(i + 1, year, year),
        };
        if max >= year && max - year <= 10 {
            return make(i + 3, year, max);
        }
    }
    make(i + 1, year, year)
}

/// Token ranges inside parentheses, with whether each looks like a life span (two years,
/// or a birth or death mark).
fn paren_spans(text: &str, tokens: &[Token], range: Range<usize>) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for i in range {
        if tokens[i].is_punct(text, &['(', '[']) {
            open.push(i);
        } else if tokens[i].is_punct(text, &[')', ']'])
            && let Some(o) = open.pop()
        {
            let inner = &tokens[o + 1..i];
            let years = inner
                .iter()
                .filter(|t| four_digit_year(t, text).is_some())
                .count();
            let marks = inner.iter().any(|t| {
                matches!(
                    t.folded.as_str(),
                    "b" | "born" | "d" | "died" | "*" | "†" | "née"
                ) || t.is_punct(text, &['*', '†'])
            });
            let dash_span = years >= 2 && inner.iter().any(|t| t.is_punct(text, &['–', '—', '-']));
            out.push((o + 1..i, marks || dash_span));
        }
    }
    out
}

fn is_excluded(
    text: &str,
    tokens: &[Token],
    year: &YearMention,
    sentence: Range<usize>,
    parens: &[(Range<usize>, bool)],
    lexicon: &Lexicon,
) -> bool {
    let at = year.tokens.start;
    if parens.iter().any(|(r, span)| *span && r.contains(&at)) {
        return true;
    }
    // A year alone in parentheses after a title or a name: `Only One Year (1969)`.
    if parens
        .iter()
        .any(|(r, _)| r.contains(&at) && r.len() == year.tokens.len())
    {
        return true;
    }
    if tokens.get(year.tokens.end).is_some_and(|t| {
        matches!(
            t.folded.as_str(),
            "dollars" | "prices" | "roubles" | "rubles"
        )
    }) {
        return true;
    }
    // `from 1972 to 1979`: a span of time.
    let before = |k: usize| {
        at.checked_sub(k)
            .filter(|b| *b >= sentence.start)
            .map(|b| &tokens[b])
    };
    if before(1).is_some_and(|t| matches!(t.folded.as_str(), "from" | "between"))
        && tokens
            .get(year.tokens.end)
            .is_some_and(|t| matches!(t.folded.as_str(), "to" | "and" | "until" | "till"))
    {
        return true;
    }
    if before(1).is_some_and(|t| matches!(t.folded.as_str(), "to" | "and" | "until" | "till"))
        && before(3).is_some_and(|t| matches!(t.folded.as_str(), "from" | "between"))
    {
        return true;
    }
    // An excluding word in the same clause, within a few words before the year.
    let clause_start = (sentence.start..at)
        .rev()
        .find(|&k| tokens[k].is_punct(text, &[',', ';', '(', ':', '—']))
        .map_or(sentence.start, |k| k + 1);
    let window_start = clause_start.max(at.saturating_sub(6));
    (window_start..at).any(|k| {
        lexicon
            .match_at(TermKind::YearExcluder, tokens, k, at)
            .is_some()
    })
}

/// True when the sentence holds a relative date (`a year later`, `the following year`).
pub fn has_relative_time(tokens: &[Token], range: Range<usize>, lexicon: &Lexicon) -> bool {
    range.clone().any(|k| {
        lexicon
            .match_at(TermKind::RelativeTime, tokens, k, range.end)
            .is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;
    use defectors_model::ProseTerm;

    fn lexicon() -> Lexicon {
        let terms: Vec<ProseTerm> = ["born", "died", "published", "since", "from"]
            .iter()
            .map(|p| ProseTerm {
                kind: "year_excluder".to_owned(),
                phrase: (*p).to_owned(),
            })
            .collect();
        Lexicon::with_terms(&[], &terms)
    }

    fn years(text: &str) -> Vec<(String, bool)> {
        let tokens = tokenize(text);
        years_in(text, &tokens, 0..tokens.len(), &lexicon())
            .into_iter()
            .map(|y| (y.raw, y.excluded))
            .collect()
    }

    #[test]
    fn life_spans_deaths_books_and_spans_are_excluded() {
        assert_eq!(
            years("Hans Kellner (March 28, 1942 – June 20, 1998) escaped in 1961."),
            [
                ("1942".into(), true),
                ("1998".into(), true),
                ("1961".into(), false)
            ]
        );
        assert_eq!(
            years("He died in 1941, published it in 1946, and fled in 1938."),
            [
                ("1941".into(), true),
                ("1946".into(), true),
                ("1938".into(), false)
            ]
        );
        assert_eq!(
            years("From 1972 to 1979 he worked"),
            [("1972".into(), true), ("1979".into(), true)]
        );
        assert_eq!(
            years("worth more than $700 million in 1937 dollars"),
            [("1937".into(), true)]
        );
        assert_eq!(
            years("(* in Weßmar on August 24, 1947 ; † in Budapest)"),
            [("1947".into(), true)]
        );
    }

    #[test]
    fn year_forms() {
        let ranges = |text: &str| {
            let tokens = tokenize(text);
            years_in(text, &tokens, 0..tokens.len(), &lexicon())
                .into_iter()
                .map(|y| (y.min, y.max))
                .collect::<Vec<_>>()
        };
        assert_eq!(ranges("in the 1970s"), [(1970, 1979)]);
        assert_eq!(ranges("the 1990/91 season"), [(1990, 1991)]);
        assert_eq!(ranges("That '75 defection"), [(1975, 1975)]);
        assert_eq!(ranges("On 5 December 1953, he"), [(1953, 1953)]);
    }
}
