//! Person names in running text: runs of capitalised words (with initials, particles,
//! nicknames in quotes and hyphenated parts), stripped of titles, roles and nationality
//! adjectives, and kept when they look like a person: a known given name, a surname the
//! document names in full elsewhere, a role or title before, an age or role in apposition.
//! Organisations, places, quoted titles and all-capital acronyms are not people.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use super::lexicon::{Lexicon, TermKind};
use super::text::{Token, TokenKind, in_ranges};

/// A name found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Token range of the name itself.
    pub tokens: Range<usize>,
    /// First token of the role, title or nationality words before the name (the name's own
    /// first token when there are none).
    pub prefix_start: usize,
    /// The folded family name (the last word that is not a suffix); `None` for a lone given
    /// name.
    pub surname: Option<String>,
    /// The canonical given name, when the first word is a known one.
    pub given: Option<String>,
    /// `m` or `f`, from the given name.
    pub gender: Option<char>,
    /// The folded first word of a name of two or more words that is no known given name.
    pub forename: Option<String>,
    /// The surname a lone given name shares with the next name (`Ivan` of `Ivan and
    /// Yevdokia Sokolov`), as written.
    pub shared_surname: Option<String>,
    /// Whether a possessive `'s` follows.
    pub possessive: bool,
    /// Whether the name stands inside quotation marks.
    pub quoted: bool,
    /// How sure we are that this is a person.
    pub evidence: Evidence,
}

/// Why a run of capitalised words is taken for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Nothing yet: only a subject position in a defection statement can make it a person.
    Weak,
    /// The document names this surname in full elsewhere.
    Registered,
    /// A role, title or label before it, or an age or role in apposition after it.
    Context,
    /// A lone known given name (`Anton`).
    GivenOnly,
    /// A known given name followed by a surname.
    Full,
}

/// Surnames the document names in full (with a given name or a role), folded → the full
/// name's folded given name.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    surnames: HashMap<String, Vec<String>>,
}

impl Registry {
    /// Records the surnames of the strong names of a sentence.
    pub fn learn(&mut self, names: &[Name]) {
        for n in names {
            if n.evidence >= Evidence::Context
                && n.evidence != Evidence::GivenOnly
                && let Some(s) = &n.surname
            {
                let givens = self.surnames.entry(s.clone()).or_default();
                let given = n.given.clone().unwrap_or_default();
                if !givens.contains(&given) {
                    givens.push(given);
                }
            }
        }
    }

    /// True when the folded surname is named in full somewhere in the document.
    pub fn knows(&self, surname: &str) -> bool {
        self.surnames.contains_key(surname)
    }
}

/// Particles that may stand inside a name in lower case (`Ludwig van Beethoven`).
const PARTICLES: &[&str] = &[
    "von", "van", "de", "der", "den", "di", "da", "du", "la", "le", "dos", "del", "bin", "ibn",
    "al", "ter", "zu",
];

/// Suffixes that end a name without being the surname.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii"];

fn is_name_word(t: &Token, text: &str) -> bool {
    if t.kind != TokenKind::Word || !t.capitalised {
        return false;
    }
    let raw = t.text(text);
    // Initials (`F.`), and words with a lower-case letter; all-capital acronyms are not names.
    is_initial(t, text) || raw.chars().any(char::is_lowercase)
}

/// An initial: one letter and a period (`F.`).
fn is_initial(t: &Token, text: &str) -> bool {
    let raw = t.text(text);
    raw.ends_with('.') && raw.chars().filter(|c| c.is_alphabetic()).count() == 1
}

fn is_particle(t: &Token) -> bool {
    t.kind == TokenKind::Word && !t.capitalised && PARTICLES.contains(&t.folded.as_str())
}

/// True when the sentence is written in title case (a headline).
///
/// Only English words of four letters or more count: names and places are capitalised in any
/// sentence (`Viktor Andriyovych Kravchenko (11 October 1905 …) was a Soviet defector`).
pub fn is_title_case(text: &str, tokens: &[Token], range: Range<usize>, lexicon: &Lexicon) -> bool {
    let words: Vec<&Token> = tokens[range]
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.text(text).chars().count() > 3)
        .filter(|t| lexicon.is_english_word(&t.folded))
        .collect();
    words.len() >= 3 && words.iter().filter(|t| t.capitalised).count() * 10 >= words.len() * 8
}

/// The names of one sentence, in order.
pub fn find_names(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    lexicon: &Lexicon,
    registry: &Registry,
    in_quotes: &[Range<usize>],
) -> Vec<Name> {
    let title_case = is_title_case(text, tokens, range.clone(), lexicon);
    let mut names = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if !is_name_word(&tokens[i], text) {
            i += 1;
            continue;
        }
        let run_end = run_end(text, tokens, i, range.end);
        if let Some(name) = names_in_run(text, tokens, i..run_end, lexicon, registry, title_case) {
            let quoted = in_ranges(in_quotes, name.tokens.start);
            names.push(Name { quoted, ..name });
        }
        i = run_end.max(i + 1);
    }
    for name in &mut names {
        if name.evidence == Evidence::Weak
            && has_context(text, tokens, name, range.clone(), lexicon)
        {
            name.evidence = Evidence::Context;
        }
    }
    names.retain(|n| {
        n.evidence != Evidence::Weak || !common_word(text, tokens, n, range.start, lexicon)
    });
    share_surnames(text, tokens, &mut names);
    names
}

/// The end of the run of name words starting at token `start`. A run never crosses a line
/// break: a mention belongs to one line.
fn run_end(text: &str, tokens: &[Token], start: usize, limit: usize) -> usize {
    let mut j = start;
    while j < limit {
        let t = &tokens[j];
        if j > start && breaks_line(&text[tokens[j - 1].end..t.start]) {
            break;
        }
        if is_name_word(t, text) {
            j += 1;
            if tokens
                .get(j)
                .is_some_and(|n| n.kind == TokenKind::Possessive)
            {
                break;
            }
        } else if j > start
            && is_particle(t)
            && tokens.get(j + 1).is_some_and(|n| is_name_word(n, text))
        {
            j += 1;
        } else if j > start
            && t.is_punct(text, &['"', '“', '‘', '\''])
            && tokens.get(j + 1).is_some_and(|n| is_name_word(n, text))
            && tokens
                .get(j + 2)
                .is_some_and(|q| q.is_punct(text, &['"', '”', '’', '\'']))
            && tokens.get(j + 3).is_some_and(|n| is_name_word(n, text))
        {
            // A nickname in quotes inside a name: `Jaroslav "Jarda" Krupicka`.
            j += 3;
        } else {
            break;
        }
    }
    j
}

/// Whether the gap between two tokens holds a line break.
fn breaks_line(gap: &str) -> bool {
    gap.contains(['\n', '\r', '\u{2028}', '\u{2029}'])
}

/// The names inside one run of capitalised words (usually one; none for an organisation).
fn names_in_run(
    text: &str,
    tokens: &[Token],
    run: Range<usize>,
    lexicon: &Lexicon,
    registry: &Registry,
    title_case: bool,
) -> Option<Name> {
    let mut first = run.start;
    // Titles, roles, nationality adjectives and function words before the name are no part of it.
    while first < run.end {
        let t = &tokens[first];
        let given = lexicon.given(&t.folded).is_some();
        let name_follows = first + 1 < run.end && tokens[first + 1].kind == TokenKind::Word;
        let strip = !is_initial(t, text)
            && (lexicon.is(TermKind::NotName, &t.folded) && !(given && name_follows))
            || is_demonym(lexicon, &t.folded)
            || (!given
                && (lexicon.is(TermKind::Title, &t.folded)
                    || lexicon.is(TermKind::Role, &t.folded)));
        if !strip {
            break;
        }
        first += 1;
    }
    if first == run.end {
        return None;
    }
    let words = &tokens[first..run.end];
    if words
        .iter()
        .any(|t| lexicon.is(TermKind::OrgWord, &t.folded))
    {
        return None;
    }
    let joined: String = words
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.folded.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if lexicon.is_place(&joined) || words.iter().all(|t| lexicon.is_place(&t.folded)) {
        return None;
    }
    // Trim leading words until a known given name (`Calling Simas Kudirka` → `Simas Kudirka`),
    // or, with no given name, leading English words (`Calling Kudirka` → `Kudirka`).
    let given_at = words
        .iter()
        .position(|t| lexicon.given(&t.folded).is_some());
    let mut start = first;
    if let Some(g) = given_at
        && g > 0
        && first + g + 1 < run.end
    {
        start = first + g;
    } else if given_at.is_none() {
        // An initial is no English word, though `A.`, `I.` and `M.` fold to one.
        while start + 1 < run.end
            && !is_initial(&tokens[start], text)
            && lexicon.is_english_word(&tokens[start].folded)
        {
            start += 1;
        }
    }
    let mut end = run.end;
    let mut given = lexicon.given(&tokens[start].folded);
    // Family name first, as Hungarian writes it (`Pápasi Ödön`): two words, the second a
    // known given name, the first neither a given name nor an English word.
    let inverted = given.is_none()
        && end - start == 2
        && tokens[start + 1].kind == TokenKind::Word
        && !lexicon.is_english_word(&tokens[start].folded)
        && lexicon.given(&tokens[start + 1].folded).is_some();
    if inverted {
        given = lexicon.given(&tokens[start + 1].folded);
    }
    if title_case && !inverted {
        // In a headline every word is capitalised: keep a given name and one surname, or a
        // surname the document names in full.
        if given.is_some() {
            end = end.min(start + 2);
        } else {
            let known = (start..end).find(|&k| registry.knows(&tokens[k].folded))?;
            start = known;
            end = known + 1;
        }
    }
    let name_tokens: Vec<&Token> = tokens[start..end]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    let surname = if inverted {
        Some(tokens[start].folded.clone())
    } else {
        name_tokens
            .iter()
            .rev()
            .find(|t| {
                !SUFFIXES.contains(&t.folded.as_str())
                    && t.text(text).chars().filter(|c| c.is_alphabetic()).count() > 1
            })
            .map(|t| t.folded.clone())
    };
    let lone = name_tokens.len() == 1;
    let evidence = match (given, lone) {
        (Some(_), true) => Evidence::GivenOnly,
        (Some(_), false) => Evidence::Full,
        (None, _) if surname.as_deref().is_some_and(|s| registry.knows(s)) => Evidence::Registered,
        (None, _) => Evidence::Weak,
    };
    if evidence == Evidence::Weak && name_tokens.len() > 3 {
        return None;
    }
    // The role, title or nationality words right before the name belong to its prefix.
    let mut prefix_start = start;
    while prefix_start > run.start && {
        let t = &tokens[prefix_start - 1];
        is_demonym(lexicon, &t.folded)
            || lexicon.is(TermKind::Title, &t.folded)
            || lexicon.is(TermKind::Role, &t.folded)
    } {
        prefix_start -= 1;
    }
    Some(Name {
        tokens: start..end,
        prefix_start,
        surname: if evidence == Evidence::GivenOnly {
            None
        } else {
            surname
        },
        given: given.map(|g| g.canonical.clone()),
        gender: given.map(|g| g.gender),
        forename: (given.is_none() && name_tokens.len() >= 2)
            .then(|| name_tokens[0].folded.clone()),
        shared_surname: None,
        possessive: tokens
            .get(end)
            .is_some_and(|t| t.kind == TokenKind::Possessive),
        quoted: false,
        evidence,
    })
}

/// `Ivan and Yevdokia Sokolov`: a lone given name, `and`, then a full name: the couple shares
/// the surname.
fn share_surnames(text: &str, tokens: &[Token], names: &mut [Name]) {
    for i in 1..names.len() {
        let (before, after) = names.split_at_mut(i);
        let (a, b) = (&mut before[i - 1], &after[0]);
        let joined = b.tokens.start == a.tokens.end + 1 && tokens[a.tokens.end].folded == "and";
        if a.evidence == Evidence::GivenOnly
            && b.evidence == Evidence::Full
            && joined
            && b.shared_surname.is_none()
        {
            let last = &tokens[b.tokens.end - 1];
            a.surname = b.surname.clone();
            a.shared_surname = Some(last.text(text).to_owned());
            a.evidence = Evidence::Full;
        }
    }
}

/// A weak name that is no name: English words only (`Whether`, `Vigilant`), or a word after
/// an article (`the Vigilant`, `a Bereitschaftspolizist`).
fn common_word(text: &str, tokens: &[Token], name: &Name, floor: usize, lexicon: &Lexicon) -> bool {
    let all_english = tokens[name.tokens.clone()]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .all(|t| lexicon.is_english_word(&t.folded));
    let after_article = name.prefix_start > floor
        && matches!(
            tokens[name.prefix_start - 1].folded.as_str(),
            "a" | "an" | "the"
        )
        && !tokens[name.prefix_start - 1].capitalised;
    let _ = text;
    all_english || after_article
}

/// A nationality adjective or its plural (`Soviet`, `Czechs`).
pub fn is_demonym(lexicon: &Lexicon, folded: &str) -> bool {
    lexicon.is(TermKind::Demonym, folded)
        || folded
            .strip_suffix('s')
            .is_some_and(|singular| lexicon.is(TermKind::Demonym, singular))
}

/// A role, title or label right before the name, or an age or role in apposition after it
/// (`defector Walter Krivitsky`, `Mogilny, 20,`, `Kudirka, a sailor`).
fn has_context(
    text: &str,
    tokens: &[Token],
    name: &Name,
    range: Range<usize>,
    lexicon: &Lexicon,
) -> bool {
    if name.prefix_start < name.tokens.start {
        return true;
    }
    let before = name
        .tokens
        .start
        .checked_sub(1)
        .filter(|b| *b >= range.start)
        .map(|b| &tokens[b]);
    if before.is_some_and(|b| {
        b.kind == TokenKind::Word
            && !b.capitalised
            && (lexicon.is(TermKind::Role, &b.folded)
                || lexicon.is(TermKind::Label, &b.folded)
                || lexicon.is(TermKind::Title, &b.folded))
    }) {
        return true;
    }
    let after = name.tokens.end;
    if !tokens.get(after).is_some_and(|t| t.is_punct(text, &[','])) {
        return false;
    }
    // A headword written surname first: `Orlov, Alexander` (and nothing else).
    let inverted = tokens
        .get(after + 1)
        .is_some_and(|t| t.capitalised && lexicon.given(&t.folded).is_some())
        && (after + 2 == range.end
            || tokens
                .get(after + 2)
                .is_some_and(|t| t.is_punct(text, &[')', ';', '.'])));
    if inverted {
        return true;
    }
    let next = tokens.get(after + 1);
    let age = next.is_some_and(|t| t.kind == TokenKind::Number && t.text(text).len() <= 3)
        && tokens
            .get(after + 2)
            .is_some_and(|t| t.is_punct(text, &[',', ')', '.']));
    let role = next.is_some_and(|t| matches!(t.folded.as_str(), "a" | "an" | "the"))
        && (after + 2..(after + 6).min(range.end)).any(|k| {
            let t = &tokens[k];
            t.kind == TokenKind::Word
                && (lexicon.is(TermKind::Role, &t.folded) || lexicon.is(TermKind::Label, &t.folded))
        });
    age || role
}
