//! Lists of people written one per line (`Petr Nedved 1989`, `Peter Almasy - went to …`):
//! a run of at least three such lines, possibly with short sub-headings ending in `:`, under a
//! lead that speaks of defection (a heading or one of the paragraphs right before the list).
//! Each item is a labelled defector with the year written right after the name.

use super::claims::ClaimRec;
use super::document::{Document, Paragraph};
use super::lexicon::{Lexicon, TermKind};
use super::predicates::Claim;
use super::text::TokenKind;

/// The smallest run of item lines that makes a list.
const MIN_ITEMS: usize = 3;
/// How many paragraphs before a list may hold its lead.
const LEAD_PARAGRAPHS: usize = 4;

/// What a one-line paragraph is, for list detection.
enum Line {
    /// An item: the name index of the first sentence and the token of its year, if any.
    Item(usize, Option<usize>),
    /// A short heading ending in `:` (`Lesser-known players:`).
    SubHeading,
    /// Anything else.
    Other,
}

fn classify(p: &Paragraph<'_>) -> Line {
    let Some(first) = p.sentences.first() else {
        return Line::Other;
    };
    let words = p.tokens.iter().filter(|t| t.is_wordlike()).count();
    if p.tokens.last().is_some_and(|t| t.is_punct(&p.text, &[':'])) && words <= 6 {
        return Line::SubHeading;
    }
    let bullet = usize::from(
        p.tokens
            .first()
            .is_some_and(|t| t.is_punct(&p.text, &['-', '*', '•', '–'])),
    );
    let Some(n) = p.names[0]
        .iter()
        .position(|n| n.prefix_start == first.start + bullet)
    else {
        return Line::Other;
    };
    let name = &p.names[0][n];
    let long_enough = name.tokens.len() >= 2;
    if !long_enough || name.possessive || p.persons[0][n].is_none() {
        return Line::Other;
    }
    let after = name.tokens.end;
    let next = p.tokens.get(after);
    let year = next
        .filter(|t| t.kind == TokenKind::Number && t.text(&p.text).len() == 4)
        .map(|_| after);
    let follows = match next {
        None => true,
        Some(_) if year.is_some() => true,
        Some(t) => t.is_punct(&p.text, &['(', '-', '–', '—', ',']),
    };
    if follows
        && (p.sentences.len() == 1
            || next.is_some_and(|t| t.is_punct(&p.text, &['-', '–', '—']))
            || year.is_some())
    {
        Line::Item(n, year)
    } else {
        Line::Other
    }
}

/// True when a paragraph speaks of defection (a predicate, label or list heading word).
fn speaks_of_defection(p: &Paragraph<'_>, lexicon: &Lexicon) -> bool {
    (0..p.tokens.len()).any(|k| {
        [
            TermKind::Defect,
            TermKind::Label,
            TermKind::ListLabel,
            TermKind::Move,
        ]
        .iter()
        .any(|&kind| {
            lexicon
                .match_at(kind, &p.tokens, k, p.tokens.len())
                .is_some()
        })
    })
}

/// The claims of every list of the document.
pub fn list_claims(doc: &Document<'_>, lexicon: &Lexicon) -> Vec<ClaimRec> {
    let kinds: Vec<Line> = doc.paragraphs.iter().map(classify).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < kinds.len() {
        if !matches!(kinds[i], Line::Item(..)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut items = Vec::new();
        while i < kinds.len() {
            match kinds[i] {
                Line::Item(n, year) => items.push((i, n, year)),
                Line::SubHeading => {}
                Line::Other => break,
            }
            i += 1;
        }
        let lead = doc.paragraphs[start.saturating_sub(LEAD_PARAGRAPHS)..start]
            .iter()
            .any(|p| speaks_of_defection(p, lexicon));
        if items.len() < MIN_ITEMS || !lead {
            continue;
        }
        for (pi, n, year) in items {
            let p = &doc.paragraphs[pi];
            let Some(person) = p.persons[0][n] else {
                continue;
            };
            let year = year.map(|k| {
                let raw = p.tokens[k].text(&p.text).to_owned();
                let y: i32 = raw.parse().unwrap_or_default();
                (raw, y, y)
            });
            out.push(ClaimRec {
                person,
                paragraph: pi,
                sentence: 0,
                anchor: p.names[0][n].tokens.start,
                claim: Claim::Label,
                weak: false,
                needs_context: false,
                year,
                year_blocked: true,
                role: None,
                place: None,
                phrase: "an item of a list of defectors".to_owned(),
                reason: None,
                together: Vec::new(),
                together_count: 0,
            });
        }
    }
    out
}
