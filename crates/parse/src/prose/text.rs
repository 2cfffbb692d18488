//! Tokens and sentences: the one tokenizer and sentence splitter of the crate.
//!
//! Offsets are byte offsets into the text and always fall on character boundaries, whatever
//! the text holds (non-breaking and thin spaces, line and paragraph separators, combining
//! marks, zero-width joiners, right-to-left script).

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner apostrophes, hyphens, or the periods of `U.S.` and initials).
    Word,
    /// Digits (`1961`, `2,000`).
    Number,
    /// The possessive ending `'s` / `’s` of the word before.
    Possessive,
    /// One punctuation character.
    Punct,
}

/// One token with its byte span in the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// Lower case, diacritics folded, final period dropped (`Światło` → `swiatlo`, `Mr.` → `mr`).
    pub folded: String,
    /// Whether the first character is upper case.
    pub capitalised: bool,
}

impl Token {
    /// The token's text in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// True for a word or number.
    pub fn is_wordlike(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }

    /// True for a punctuation token that is one of `chars`.
    pub fn is_punct(&self, text: &str, chars: &[char]) -> bool {
        self.kind == TokenKind::Punct
            && self
                .text(text)
                .chars()
                .next()
                .is_some_and(|c| chars.contains(&c))
    }
}

/// Lower case without diacritics (`Václav` → `vaclav`, `Łukasz` → `lukasz`).
pub fn fold(text: &str) -> String {
    // ASCII has no diacritics and none of the letters mapped below.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ł' => 'l',
            'đ' => 'd',
            'ø' => 'o',
            'ı' => 'i',
            'ß' => 's',
            '’' | 'ʼ' | '‘' => '\'',
            '‐' | '‑' => '-',
            c => c,
        })
        .collect()
}

/// True for characters that separate tokens (every Unicode space, and zero-width spaces).
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c) || c == '\u{200D}'
}

/// Abbreviations whose period belongs to the word (`Mr.`, `Jr.`, `Sept.`).
const ABBREVIATIONS: &[&str] = &[
    "jr", "sr", "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "maj", "sgt", "no",
    "vs", "etc", "inc", "ltd", "co", "prof", "rev", "approx", "ca", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "sen", "rep", "mt", "ft",
    "vol", "nos", "pp", "fig", "mme", "mlle",
];

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if is_space(c) {
            i += 1;
            continue;
        }
        let start = i;
        let kind = if is_word_char(c) {
            i = word_end(&chars, i);
            TokenKind::Word
        } else if c.is_ascii_digit() {
            i = number_end(&chars, i);
            TokenKind::Number
        } else if is_apostrophe(c)
            && chars.get(i + 1).is_some_and(|(_, s)| *s == 's')
            && chars.get(i + 2).is_none_or(|(_, n)| !is_word_char(*n))
            && tokens
                .last()
                .is_some_and(|t: &Token| t.end == chars[i].0 && t.kind == TokenKind::Word)
        {
            i += 2;
            TokenKind::Possessive
        } else {
            i += 1;
            TokenKind::Punct
        };
        let (s, e) = (byte_at(start), byte_at(i));
        let raw = &text[s..e];
        tokens.push(Token {
            start: s,
            end: e,
            kind,
            folded: fold(raw.trim_end_matches('.')),
            capitalised: raw.chars().next().is_some_and(char::is_uppercase),
        });
    }
    tokens
}

/// The end (char index) of the word starting at char `i`.
fn word_end(chars: &[(usize, char)], mut i: usize) -> usize {
    let start = i;
    loop {
        while i < chars.len() && (is_word_char(chars[i].1) || chars[i].1.is_ascii_digit()) {
            i += 1;
        }
        let next = chars.get(i).map(|(_, c)| *c);
        let after = chars.get(i + 1).map(|(_, c)| *c);
        let joins = match next {
            // `O'Keefe`, `d’Estaing`, but not the possessive `'s` at a word's end.
            Some(c) if is_apostrophe(c) => {
                after.is_some_and(is_word_char)
                    && !(after == Some('s')
                        && chars.get(i + 2).is_none_or(|(_, n)| !is_word_char(*n)))
            }
            Some('-' | '‐' | '‑') => after.is_some_and(is_word_char),
            _ => false,
        };
        if joins {
            i += 1;
            continue;
        }
        break;
    }
    if chars.get(i).is_some_and(|(_, c)| *c == '.') {
        let word: String = chars[start..i].iter().map(|(_, c)| *c).collect();
        let single_letter = word.chars().count() == 1;
        let dotted = word.contains('.');
        if single_letter || dotted || ABBREVIATIONS.contains(&fold(&word).as_str()) {
            i += 1;
            // `U.S.`, `D.C.`, `p.m.`: letter-period pairs continue the token.
            while i + 1 < chars.len()
                && chars[i].1.is_alphabetic()
                && chars[i + 1].1 == '.'
                && (single_letter || dotted)
            {
                i += 2;
            }
        }
    }
    i
}

/// The end (char index) of the number starting at char `i` (`1961`, `2,000`, `2.5`).
fn number_end(chars: &[(usize, char)], mut i: usize) -> usize {
    loop {
        while i < chars.len() && chars[i].1.is_ascii_digit() {
            i += 1;
        }
        let inner = matches!(chars.get(i).map(|(_, c)| *c), Some(',' | '.'))
            && chars.get(i + 1).is_some_and(|(_, c)| c.is_ascii_digit());
        if inner {
            i += 1;
            continue;
        }
        return i;
    }
}

/// Words that start a sentence after an abbreviation with inner periods (`… the U.S. He …`).
const SENTENCE_STARTERS: &[&str] = &[
    "he", "she", "it", "they", "the", "this", "that", "in", "on", "at", "but", "and", "when",
    "after", "before", "among", "another", "often", "for", "however", "his", "her", "their", "we",
    "i", "there", "then",
];

/// The sentences of a token list, as ranges of token indices.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with the quotes and brackets that close after it)
/// when the next token starts with a capital, a digit or an opening quote; a period that
/// belongs to an initial or a known abbreviation is part of its word and ends nothing, unless
/// an abbreviation with inner periods (`U.S.`) is followed by a typical sentence opener.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let terminal = t.is_punct(text, &['.', '!', '?', '…'])
            || (t.kind == TokenKind::Word
                && t.text(text).ends_with('.')
                && t.text(text).matches('.').count() >= 2
                && tokens.get(i + 1).is_some_and(|n| {
                    SENTENCE_STARTERS.contains(&n.folded.as_str()) && n.capitalised
                }));
        if !terminal {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while tokens
            .get(end)
            .is_some_and(|n| n.is_punct(text, &['"', '”', '’', '\'', ')', ']', '»', '.', '!', '?']))
        {
            end += 1;
        }
        let opens_next = tokens.get(end).is_some_and(|n| {
            n.capitalised
                || n.kind == TokenKind::Number
                || n.is_punct(text, &['"', '“', '‘', '(', '«', '['])
        });
        if opens_next || end == tokens.len() {
            out.push(start..end);
            start = end;
        }
        i = end;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

/// Whether index `k` lies in one of `ranges` (sorted, not overlapping).
pub fn in_ranges(ranges: &[Range<usize>], k: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= k);
    ranges.get(i).is_some_and(|r| r.contains(&k))
}

/// Byte spans of the sentences of `text` (see [`sentences`]).
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let tokens = tokenize(text);
    sentences(text, &tokens)
        .into_iter()
        .map(|r| (tokens[r.start].start, tokens[r.end - 1].end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn tokens_keep_names_initials_and_possessives_apart() {
        assert_eq!(
            words("O'Keefe's U.S. F. Kennedy, Jr. 1,300 Klaus-Peter “Jarda”"),
            [
                "O'Keefe",
                "'s",
                "U.S.",
                "F.",
                "Kennedy",
                ",",
                "Jr.",
                "1,300",
                "Klaus-Peter",
                "“",
                "Jarda",
                "”"
            ]
        );
        assert_eq!(words("War.Serving"), ["War", ".", "Serving"]);
        assert_eq!(words("the K.G.B. followed"), ["the", "K.G.B.", "followed"]);
        assert_eq!(
            words("(1899–1973)Among"),
            ["(", "1899", "–", "1973", ")", "Among"]
        );
    }

    #[test]
    fn every_space_separates_and_offsets_stay_on_char_boundaries() {
        let text = "KGB\u{a0}officer\u{2009}Ivan\u{202f}Sokolov\u{2028}fled\u{2029}é\u{301}";
        let tokens = tokenize(text);
        assert_eq!(
            words(text),
            ["KGB", "officer", "Ivan", "Sokolov", "fled", "é\u{301}"]
        );
        for t in &tokens {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Światło"), "swiatlo");
        assert_eq!(fold("Ştefan Ș"), "stefan s");
        assert_eq!(fold("Łukasz"), "lukasz");
    }

    #[test]
    fn sentences_survive_abbreviations_and_initials() {
        let text = "He fled to the U.S. in 1950. Then G. M. Ivanov, Jr. spoke in Washington, D.C. about it. He left. In the U.S. He stayed.";
        let got: Vec<&str> = split_sentences(text)
            .iter()
            .map(|(s, e)| &text[*s..*e])
            .collect();
        assert_eq!(
            got,
            [
                "He fled to the U.S. in 1950.",
                "Then G. M. Ivanov, Jr. spoke in Washington, D.C. about it.",
                "He left.",
                "In the U.S.",
                "He stayed."
            ]
        );
    }

    #[test]
    fn quotes_close_their_sentence() {
        let text = "He said “I won't go.” Then he ran. “Protect me!” he cried.";
        let got: Vec<&str> = split_sentences(text)
            .iter()
            .map(|(s, e)| &text[*s..*e])
            .collect();
        assert_eq!(
            got,
            [
                "He said “I won't go.”",
                "Then he ran.",
                "“Protect me!” he cried."
            ]
        );
    }
}
