//! Who a predicate is about: the subject before a verb (through relative pronouns,
//! appositions and coordinated lists), the possessor of a noun, the name next to a label, the
//! items of a list heading, both sides of an exchange, companions (`together with X`), and a
//! subject named only in the next sentence (`a young man decides to try … Peter Fechter, 18, …`).

use std::ops::Range;

use super::lexicon::{Lexicon, TermKind};
use super::names::{Evidence, Name};
use super::predicates::{Predicate, Shape};
use super::text::{Token, TokenKind, in_ranges};

/// A sentence with its names, as the subject finder reads it.
pub struct Sentence<'a> {
    /// The paragraph text.
    pub text: &'a str,
    /// The paragraph tokens.
    pub tokens: &'a [Token],
    /// The sentence's token range.
    pub range: Range<usize>,
    /// Its names, in order.
    pub names: &'a [Name],
    /// Token ranges inside quotation marks.
    pub quotes: &'a [Range<usize>],
    /// The lexicon.
    pub lexicon: &'a Lexicon,
    /// Every word the document writes in lower case (folded): such words are no surnames.
    pub lower_words: &'a rustc_hash::FxHashSet<String>,
}

/// Who a predicate is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agent {
    /// A name of the sentence (index into its names).
    Name(usize),
    /// A pronoun at this token (`he`, `she`, `they`, `I`).
    Pronoun(usize),
    /// A description (`a young man`, `the top young chess player and his father`): the
    /// subject of the next sentence names them.
    Description,
}

/// The subjects of a predicate, with the year tokens of list items when each item has its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subjects {
    /// The agents, in text order.
    pub agents: Vec<(Agent, Option<Range<usize>>)>,
    /// Whether the subject is negative (`Neither X nor Y`, `nobody`).
    pub negative: bool,
    /// Whether the agents are one coordinated subject (`X and Y defected`, `X, together with
    /// Y`): they did it together.
    pub together: bool,
}

const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];
const DETERMINERS: &[&str] = &["his", "her", "their", "its", "the", "a", "an", "our", "my"];
const COPULAS: &[&str] = &[
    "was", "is", "were", "are", "became", "becomes", "remains", "remained", "be", "been",
];

impl Sentence<'_> {
    /// The name whose last token is `last` (names are in text order and never overlap).
    fn name_ending_at(&self, last: usize) -> Option<usize> {
        self.names
            .binary_search_by_key(&(last + 1), |n| n.tokens.end)
            .ok()
    }

    /// The name that starts, with or without its prefix, at token `first`.
    fn name_starting_at(&self, first: usize) -> Option<usize> {
        let n = self.names.partition_point(|n| n.tokens.end <= first);
        self.names
            .get(n)
            .filter(|name| name.tokens.start == first || name.prefix_start == first)
            .map(|_| n)
    }

    fn in_quotes(&self, at: usize) -> bool {
        in_ranges(self.quotes, at)
    }

    fn word(&self, at: usize) -> &str {
        self.tokens.get(at).map_or("", |t| t.folded.as_str())
    }

    fn is_punct(&self, at: usize, chars: &[char]) -> bool {
        self.tokens
            .get(at)
            .is_some_and(|t| t.is_punct(self.text, chars))
    }

    /// True when name `n` can be the subject of a predicate at token `at`: not excluded, and a
    /// weak name only when it looks like a surname.
    pub fn can_be_subject(&self, n: usize, at: usize) -> bool {
        !self.is_excluded(n, at)
            && (self.names[n].evidence != Evidence::Weak || subject_like(self, n))
    }

    /// True when name `n` can be the antecedent of `who`: not possessive or quoted, and a
    /// weak name only when it looks like a surname (`said Lev Alburt, …, who had defected`).
    pub fn can_be_antecedent(&self, n: usize) -> bool {
        let name = &self.names[n];
        !name.possessive
            && !name.quoted
            && (name.evidence != Evidence::Weak || subject_like(self, n))
    }

    /// The token after name `n`, past honours (`CBE`) and bracketed notes (`(1926–2008)[1]`).
    pub fn after_name(&self, n: usize) -> usize {
        let mut k = self.names[n].tokens.end;
        loop {
            let Some(t) = self.tokens.get(k).filter(|_| k < self.range.end) else {
                return k;
            };
            if t.is_punct(self.text, &['(', '[']) {
                match self.matching_close(k) {
                    Some(close)
                        if self
                            .tokens
                            .get(close + 1)
                            .is_some_and(|n| !n.is_punct(self.text, &['.'])) =>
                    {
                        k = close + 1;
                        continue;
                    }
                    _ => return k,
                }
            }
            let raw = t.text(self.text);
            if t.kind == TokenKind::Word && raw.len() > 1 && raw.chars().all(|c| c.is_uppercase()) {
                k += 1;
                continue;
            }
            return k;
        }
    }

    fn matching_close(&self, open: usize) -> Option<usize> {
        let mut depth = 0;
        for k in open..self.range.end {
            if self.is_punct(k, &['(', '[']) {
                depth += 1;
            } else if self.is_punct(k, &[')', ']']) {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
        }
        None
    }

    /// True when the name cannot be a subject: after a preposition, a speech verb, a relation
    /// (`daughter of`), a title cue (`the book`), an alias cue, or possessive, or quoted while
    /// the predicate is not.
    pub fn is_excluded(&self, name: usize, predicate_at: usize) -> bool {
        let n = &self.names[name];
        if n.possessive || (n.quoted && !self.in_quotes(predicate_at)) {
            return true;
        }
        let start = n.prefix_start;
        let before = |k: usize| start.checked_sub(k).filter(|b| *b >= self.range.start);
        let Some(b1) = before(1) else {
            return false;
        };
        let lex = self.lexicon;
        let prev = &self.tokens[b1];
        if lex.is(TermKind::Preposition, &prev.folded) || lex.is(TermKind::Speech, &prev.folded) {
            return true;
        }
        if (0..=3).any(|k| {
            before(k + 1).is_some_and(|b| {
                lex.match_at(TermKind::Alias, self.tokens, b, start)
                    .is_some_and(|e| e == start)
            })
        }) {
            return true;
        }
        // `the book Ivan Grozny Returns`, `entitled “Olga Remembers”`.
        let cue_at = if self.tokens[b1].kind == TokenKind::Punct {
            before(2)
        } else {
            Some(b1)
        };
        if cue_at.is_some_and(|b| lex.is(TermKind::TitleCue, &self.tokens[b].folded)) {
            return true;
        }
        // `the daughter of X`.
        if prev.folded == "of"
            && before(2).is_some_and(|b| lex.is(TermKind::Relation, &self.tokens[b].folded))
        {
            return true;
        }
        false
    }
}

/// The subjects of predicate `p` in sentence `s`.
pub fn subjects(s: &Sentence<'_>, p: &Predicate) -> Subjects {
    let mut found = match p.shape {
        Shape::Label => label_subjects(s, p),
        Shape::ListHeading => list_items(s, p.tokens.end).unwrap_or_default(),
        Shape::Possessed => possessor(s, p),
        Shape::Exchange => {
            let mut both = verb_subjects(s, p.tokens.start);
            both.agents.extend(forward_names(s, p.tokens.end, true));
            both.negative = false;
            both
        }
        Shape::Forward => Subjects {
            agents: all_names_after(s, p.tokens.end, true),
            ..Subjects::default()
        },
        Shape::Recipient => Subjects {
            agents: forward_names(s, p.tokens.end, true),
            ..Subjects::default()
        },
        // `and so did Anna Karpova`: the subject follows.
        Shape::Anaphoric if s.word(p.tokens.start) == "so" => Subjects {
            agents: forward_names(s, p.tokens.end, true),
            ..Subjects::default()
        },
        Shape::Verb | Shape::Anaphoric => verb_subjects(s, p.tokens.start),
    };
    if matches!(p.shape, Shape::Verb | Shape::Anaphoric | Shape::Possessed) {
        let with = companions(s, p);
        found.together |= !with.is_empty();
        found.agents.extend(with);
        if p.shape != Shape::Possessed {
            found.agents.extend(gapped_items(s, p.tokens.end));
        }
    }
    found
}

/// The subject of a verb starting at token `at`: the nearest name or pronoun before it that
/// can be a subject, followed back through `who`, appositions and coordination.
fn verb_subjects(s: &Sentence<'_>, at: usize) -> Subjects {
    let mut k = at;
    let mut out = Subjects::default();
    let floor = s.range.start;
    let mut steps = 0;
    let mut skipped_name = false;
    while k > floor && steps < 40 {
        k -= 1;
        steps += 1;
        if s.is_punct(k, &[';', ':']) && !s.in_quotes(k) {
            break;
        }
        if s.lexicon.is(TermKind::NegativeSubject, s.word(k))
            && s.word(k) != "nor"
            && s.word(k) != "neither"
        {
            out.negative = true;
            return out;
        }
        if s.word(k) == "who" {
            match relative_antecedent(s, k) {
                Some(agent) => out.agents.push((agent, None)),
                // `Among other KGB officers who defected … were X, …; and Y`.
                None if s.word(s.range.start) == "among" => {
                    if let Some(copula) =
                        (at..s.range.end).find(|&c| matches!(s.word(c), "was" | "were"))
                    {
                        out.agents = all_names_after(s, copula + 1, false);
                        return out;
                    }
                }
                None => {}
            }
            return out;
        }
        if let Some(n) = s.name_ending_at(k) {
            if !s.can_be_subject(n, at) {
                skipped_name = true;
                k = s.names[n].prefix_start;
                continue;
            }
            let first = s.names[n].prefix_start;
            out.agents.push((Agent::Name(n), None));
            extend_list_back(s, first, &mut out);
            out.together = out.agents.len() > 1;
            comparison(s, first, at, &mut out);
            return out;
        }
        if s.tokens[k].kind == TokenKind::Word && SUBJECT_PRONOUNS.contains(&s.word(k)) {
            if s.word(k) == "i" && !s.in_quotes(k) && !s.tokens[k].capitalised {
                continue;
            }
            out.agents.push((Agent::Pronoun(k), None));
            extend_list_back(s, k, &mut out);
            return out;
        }
    }
    if let Some(members) = example_members(s, at) {
        out.agents = members;
    } else if !skipped_name && described_subject(s, at) {
        out.agents.push((Agent::Description, None));
    }
    out
}

/// `a few older players were permitted to play, veterans like X, Y and Z`: the members a
/// group subject is given by, after `such as`, `like`, `including` in the same sentence.
fn example_members(s: &Sentence<'_>, at: usize) -> Option<Vec<(Agent, Option<Range<usize>>)>> {
    let intro = (at..s.range.end).find_map(|k| {
        s.lexicon
            .match_at(TermKind::ExampleIntro, s.tokens, k, s.range.end)
    })?;
    let members = forward_names(s, intro, true);
    (!members.is_empty()).then_some(members)
}

/// A weak name (no given name, not named in full elsewhere) becomes a subject only when it
/// looks like a name: at most three words, none of them written in lower case elsewhere in
/// the document (`Defections arise …`), and a lone word opening the sentence only before a
/// comma (`Zador, who defected …`).
pub fn subject_like(s: &Sentence<'_>, n: usize) -> bool {
    let name = &s.names[n];
    if name.tokens.len() > 3 {
        return false;
    }
    if s.tokens[name.tokens.clone()]
        .iter()
        .any(|t| t.kind == TokenKind::Word && s.lower_words.contains(&t.folded))
    {
        return false;
    }
    let lone_opener = name.tokens.len() == 1 && name.prefix_start == s.range.start;
    !lone_opener || s.is_punct(name.tokens.end, &[','])
}

/// `as Karolyi had done …, by defecting`: a comparison names a second subject, the one of
/// the main clause before it.
fn comparison(s: &Sentence<'_>, first: usize, at: usize, out: &mut Subjects) {
    if first == s.range.start || !matches!(s.word(first - 1), "as" | "like") {
        return;
    }
    let mut k = first - 1;
    while k > s.range.start {
        k -= 1;
        if s.is_punct(k, &[';', ':', '.']) {
            return;
        }
        if let Some(n) = s.name_ending_at(k)
            && s.can_be_subject(n, at)
        {
            out.agents.insert(0, (Agent::Name(n), None));
            return;
        }
        if s.tokens[k].kind == TokenKind::Word && SUBJECT_PRONOUNS.contains(&s.word(k)) {
            out.agents.insert(0, (Agent::Pronoun(k), None));
            return;
        }
    }
}

/// The antecedent of `who` at token `k`: the name right before it, or the name a description
/// before it stands in apposition to (`Viktor Korchnoi, the grandmaster who …`), or the
/// subject of a copula (`X was a policeman of East Germany who …`); `None` for a generic
/// relative (`hockey stars who defected`).
fn relative_antecedent(s: &Sentence<'_>, k: usize) -> Option<Agent> {
    let floor = s.range.start;
    let j = skip_back_apposition(s, k)?;
    if let Some(n) = s.name_ending_at(j)
        && s.can_be_antecedent(n)
    {
        return Some(Agent::Name(n));
    }
    // A description between the antecedent and `who`: in apposition to a name, or the
    // predicate noun of a copula.
    let mut d = j;
    for _ in 0..14 {
        let t = &s.tokens[d];
        if t.is_punct(s.text, &[',']) {
            let b = skip_back_apposition(s, d + 1)?;
            return s
                .name_ending_at(b)
                .filter(|n| s.can_be_antecedent(*n))
                .map(Agent::Name);
        }
        if COPULAS.contains(&t.folded.as_str()) {
            return copula_subject(s, d);
        }
        if t.is_punct(s.text, &[';', ':', '.', '(', ')', '"', '“', '”']) {
            return None;
        }
        if let Some(n) = s.name_ending_at(d) {
            if !s.names[n].possessive {
                return None;
            }
            d = s.names[n].prefix_start;
        }
        if d == floor {
            return None;
        }
        d -= 1;
    }
    None
}

/// The token before `at`, skipping one comma, a parenthesis and an age (`X (…), 33, who`).
fn skip_back_apposition(s: &Sentence<'_>, at: usize) -> Option<usize> {
    let floor = s.range.start;
    let mut j = at;
    loop {
        if j == floor {
            return None;
        }
        j -= 1;
        if s.is_punct(j, &[',']) {
            continue;
        }
        if s.is_punct(j, &[')']) {
            j = matching_open(s, j)?;
            continue;
        }
        if s.tokens[j].kind == TokenKind::Number && j > floor && s.is_punct(j - 1, &[',']) {
            continue;
        }
        return Some(j);
    }
}

/// The subject of the copula at token `j`, skipping aliases and parentheses.
fn copula_subject(s: &Sentence<'_>, j: usize) -> Option<Agent> {
    let mut k = j;
    while k > s.range.start {
        k -= 1;
        if let Some(n) = s.name_ending_at(k) {
            if !s.can_be_subject(n, j) {
                k = s.names[n].prefix_start;
                continue;
            }
            return Some(Agent::Name(n));
        }
        if s.is_punct(k, &[';', ':']) {
            return None;
        }
        if s.tokens[k].kind == TokenKind::Word && SUBJECT_PRONOUNS.contains(&s.word(k)) {
            return Some(Agent::Pronoun(k));
        }
    }
    None
}

fn matching_open(s: &Sentence<'_>, close: usize) -> Option<usize> {
    let mut depth = 0;
    let mut k = close + 1;
    while k > s.range.start {
        k -= 1;
        if s.is_punct(k, &[')', ']']) {
            depth += 1;
        } else if s.is_punct(k, &['(', '[']) {
            depth -= 1;
            if depth == 0 {
                return Some(k);
            }
        }
    }
    None
}

/// Adds the names coordinated before the subject starting at token `first`
/// (`Peter Stastny, his brother, Anton, and his pregnant wife`, `Neither Pavel nor Valeri`).
fn extend_list_back(s: &Sentence<'_>, first: usize, out: &mut Subjects) {
    let mut before = Vec::new();
    collect_list_back(s, first, out, &mut before);
    before.reverse();
    out.agents.splice(0..0, before);
}

/// The list members before token `first`, nearest first (see [`extend_list_back`]).
fn collect_list_back(
    s: &Sentence<'_>,
    first: usize,
    out: &mut Subjects,
    before: &mut Vec<(Agent, Option<Range<usize>>)>,
) {
    let mut k = first;
    let mut description = 0;
    while k > s.range.start {
        let j = k - 1;
        let word = s.word(j);
        if s.is_punct(j, &[',']) || matches!(word, "and" | "or" | "nor" | "both") {
            description = 0;
            k = j;
            continue;
        }
        if word == "neither" {
            out.negative = true;
            return;
        }
        if s.tokens[j].kind == TokenKind::Number && s.is_punct(j + 1, &[',']) {
            k = j;
            continue;
        }
        if let Some(n) = s.name_ending_at(j) {
            if !s.can_be_subject(n, first) || !separated(s, s.names[n].tokens.end, first) {
                return;
            }
            before.push((Agent::Name(n), None));
            k = s.names[n].prefix_start;
            description = 0;
            continue;
        }
        // `his brother`, `the cellist`: a short lower-case description that opens with a
        // determiner.
        if s.tokens[j].kind == TokenKind::Word && !s.tokens[j].capitalised && description == 0 {
            let mut d = j;
            while d > s.range.start
                && d + 4 > j
                && s.tokens[d - 1].kind == TokenKind::Word
                && !s.tokens[d - 1].capitalised
            {
                if DETERMINERS.contains(&s.word(d)) {
                    break;
                }
                d -= 1;
            }
            if DETERMINERS.contains(&s.word(d)) {
                description = 1;
                k = d;
                continue;
            }
        }
        return;
    }
}

/// True when only list separators and short descriptions stand between two list members.
fn separated(s: &Sentence<'_>, from: usize, to: usize) -> bool {
    (from..to).any(|k| s.is_punct(k, &[',']) || matches!(s.word(k), "and" | "or" | "nor"))
}

/// The names of a list that starts at token `from`: names separated by commas, `and`, `or`,
/// with short descriptions and ages between them, until the list closes after its `and`.
pub fn forward_names(
    s: &Sentence<'_>,
    from: usize,
    allow_prepositions: bool,
) -> Vec<(Agent, Option<Range<usize>>)> {
    let mut out = Vec::new();
    let mut k = from;
    let mut closing = false;
    let mut gap = 0;
    while k < s.range.end {
        if let Some(n) = s.name_starting_at(k) {
            if s.names[n].possessive || (s.names[n].quoted && !s.in_quotes(from)) {
                k = s.names[n].tokens.end + 1;
                gap += 1;
                continue;
            }
            if !allow_prepositions && s.is_excluded(n, from) && out.is_empty() && gap > 3 {
                return out;
            }
            out.push((Agent::Name(n), None));
            k = s.names[n].tokens.end;
            gap = 0;
            if closing {
                return out;
            }
            // A list goes on only at a comma or a conjunction (`X in Washington` ends it).
            let next = s.tokens.get(k).filter(|_| k < s.range.end);
            if !next.is_some_and(|t| {
                t.is_punct(s.text, &[',']) || matches!(t.folded.as_str(), "and" | "or" | "nor")
            }) {
                return out;
            }
            continue;
        }
        let t = &s.tokens[k];
        if t.is_punct(s.text, &['.', ';', ':', '(', ')']) {
            return out;
        }
        if matches!(t.folded.as_str(), "and" | "or" | "nor") && !out.is_empty() {
            closing = true;
        } else if t.kind == TokenKind::Word && !t.capitalised
            || t.kind == TokenKind::Number
            || t.is_punct(s.text, &[','])
        {
            gap += 1;
            if gap > 6 {
                return out;
            }
        } else if !out.is_empty() || gap > 6 {
            return out;
        }
        k += 1;
    }
    out
}

/// The subjects of a label: the name right after it (`defector Walter Krivitsky`, `a key
/// defector, Igor Gouzenko,`), the list after `were` (`Among the defectors were …`), a list
/// after a few words and a comma (`With earlier defectors at his side, novelist X, Y and
/// Z,`), or the name it is said of (`X, a Soviet defector`, `X was a defector`, `X (defector)`).
fn label_subjects(s: &Sentence<'_>, p: &Predicate) -> Subjects {
    let end = p.tokens.end;
    let mut out = Subjects::default();
    if s.is_punct(end, &[':']) {
        return list_items(s, end).unwrap_or_default();
    }
    // Right after the label, or after its comma.
    let right = if s.is_punct(end, &[',']) {
        end + 1
    } else {
        end
    };
    if let Some(n) = s.name_starting_at(right) {
        out.agents.push((Agent::Name(n), None));
        if s.word(p.tokens.start) == "defectors" {
            let more = forward_names(s, s.names[n].tokens.end, true);
            out.agents.extend(more);
        }
        return out;
    }
    // `Among … defectors … were X, Y; Z`, `defectors include X, Y and Z`.
    if let Some(copula) = (end..(end + 8).min(s.range.end)).find(|&k| {
        matches!(
            s.word(k),
            "was" | "were" | "include" | "included" | "includes" | "including" | "are"
        )
    }) {
        let all = all_names_after(s, copula + 1, false);
        if !all.is_empty() {
            out.agents = all;
            return out;
        }
    }
    // `defectors at his side, novelist X, Y and Z, …`.
    if let Some(comma) = (end..(end + 6).min(s.range.end)).find(|&k| s.is_punct(k, &[','])) {
        let items = forward_names(s, comma + 1, false);
        if !items.is_empty() && items.len() > 1 {
            out.agents = items;
            return out;
        }
    }
    if let Some(agent) = label_left(s, p.tokens.start) {
        out.agents.push((agent, None));
    }
    out
}

/// Every name after token `from` to the end of the sentence that can be a subject.
/// A `;`-item that states a defection of its own (`…; X, however, fled to Vienna`) is no
/// part of a list before it.
fn all_names_after(
    s: &Sentence<'_>,
    from: usize,
    denial: bool,
) -> Vec<(Agent, Option<Range<usize>>)> {
    (0..s.names.len())
        .filter(|&n| {
            s.names[n].tokens.start >= from && !s.is_excluded(n, from) && !s.names[n].quoted
        })
        .filter(|&n| !denial || !item_defects(s, s.names[n].tokens.start))
        .map(|n| (Agent::Name(n), None))
        .collect()
}

/// True when the `;`-item holding token `at` holds a defection predicate.
fn item_defects(s: &Sentence<'_>, at: usize) -> bool {
    let start = (s.range.start..at)
        .rev()
        .find(|&k| s.is_punct(k, &[';']))
        .map_or(s.range.start, |k| k + 1);
    let end = (at..s.range.end)
        .find(|&k| s.is_punct(k, &[';']))
        .unwrap_or(s.range.end);
    if (start..at).any(|k| {
        s.lexicon
            .match_at(TermKind::Denial, s.tokens, k, end)
            .is_some()
    }) {
        return false;
    }
    (start..end).any(|k| {
        [TermKind::Defect, TermKind::Move]
            .iter()
            .any(|&kind| s.lexicon.match_at(kind, s.tokens, k, end).is_some())
    })
}

/// The name a label is said of, before it: `X, a … defector`, `X … was a … defector`,
/// `X (defector)`.
fn label_left(s: &Sentence<'_>, at: usize) -> Option<Agent> {
    let mut k = at;
    let mut copula = false;
    let mut steps = 0;
    while k > s.range.start && steps < 14 {
        k -= 1;
        steps += 1;
        if s.is_punct(k, &[')', ']']) {
            k = matching_open(s, k)?;
            copula = true;
            continue;
        }
        if s.is_punct(k, &['(', '[']) {
            copula = true;
            continue;
        }
        if let Some(n) = s.name_ending_at(k) {
            if !s.can_be_subject(n, at) {
                k = s.names[n].prefix_start;
                continue;
            }
            // `X, a … defector`, `X (…) was a … defector`, `X (defector)`: a comma, copula
            // or parenthesis right after the name.
            let after = s.after_name(n);
            let attached = s.is_punct(after, &[',', '(']) || COPULAS.contains(&s.word(after));
            return (copula && attached).then_some(Agent::Name(n));
        }
        let t = &s.tokens[k];
        if t.is_punct(s.text, &[',']) || COPULAS.contains(&t.folded.as_str()) {
            copula = true;
            continue;
        }
        if t.is_punct(s.text, &[';', ':', '.', '"', '“', '”']) {
            return None;
        }
        if t.kind == TokenKind::Word && SUBJECT_PRONOUNS.contains(&t.folded.as_str()) {
            return copula.then_some(Agent::Pronoun(k));
        }
    }
    None
}

/// The items of a list after a heading word and a colon, split at `;` (or at `,` when the
/// list has no `;`): the first name of each item, with the item's tokens for its year.
fn list_items(s: &Sentence<'_>, from: usize) -> Option<Subjects> {
    let colon = (from..(from + 8).min(s.range.end)).find(|&k| s.is_punct(k, &[':']))?;
    let start = colon + 1;
    let has_semicolons = (start..s.range.end).any(|k| s.is_punct(k, &[';']));
    let separator: &[char] = if has_semicolons { &[';'] } else { &[','] };
    let mut out = Subjects::default();
    let mut item_start = start;
    for k in start..=s.range.end {
        let at_end = k == s.range.end || s.is_punct(k, separator) || s.is_punct(k, &['.']);
        if !at_end {
            continue;
        }
        if let Some(n) = s
            .names
            .iter()
            .position(|n| n.tokens.start >= item_start && n.tokens.end <= k && !n.possessive)
        {
            out.agents.push((Agent::Name(n), Some(item_start..k)));
        }
        item_start = k + 1;
    }
    Some(out)
}

/// The possessor of a defection noun: `X's defection`, `his 1979 escape`, `the defection of X`.
fn possessor(s: &Sentence<'_>, p: &Predicate) -> Subjects {
    let mut out = Subjects::default();
    let mut k = p.tokens.start;
    // Skip a year and adjectives between the possessor and the noun.
    let mut steps = 0;
    while k > s.range.start && steps < 4 {
        k -= 1;
        steps += 1;
        let t = &s.tokens[k];
        if t.kind == TokenKind::Possessive {
            if let Some(n) = s.name_ending_at(k - 1) {
                out.agents.push((Agent::Name(n), None));
            }
            return out;
        }
        if matches!(t.folded.as_str(), "his" | "her" | "their") {
            out.agents.push((Agent::Pronoun(k), None));
            return out;
        }
        // `Grigori Bessedovsky, whose scandalous defection …`.
        if t.folded == "whose" {
            out.agents
                .extend(relative_antecedent(s, k).map(|a| (a, None)));
            return out;
        }
        if t.kind == TokenKind::Punct && !t.is_punct(s.text, &['\'', '’']) {
            break;
        }
        if matches!(t.folded.as_str(), "the" | "a" | "an" | "that" | "this") {
            break;
        }
    }
    if s.word(p.tokens.end) == "of"
        && let Some(n) = s.name_starting_at(p.tokens.end + 1)
    {
        out.agents.push((Agent::Name(n), None));
        return out;
    }
    // An attempt noun (`try a bold defection`) takes the verb's subject.
    if p.claim == super::predicates::Claim::Attempt {
        return verb_subjects(s, p.tokens.start);
    }
    out
}

/// `together with X`, `along with X`: companions of the subject share the predicate.
fn companions(s: &Sentence<'_>, p: &Predicate) -> Vec<(Agent, Option<Range<usize>>)> {
    let mut out = Vec::new();
    let limit = (p.tokens.end + 14).min(s.range.end);
    let from = p.tokens.start.saturating_sub(14).max(s.range.start);
    for k in from..limit {
        if let Some(end) = s.lexicon.match_at(TermKind::Companion, s.tokens, k, limit) {
            let named = forward_names(s, end, true);
            if named.first().is_some_and(
                |(a, _)| matches!(a, Agent::Name(n) if s.names[*n].tokens.start <= end + 1),
            ) {
                out.extend(named.into_iter().take(1));
            }
        }
    }
    out
}

/// `…, in 1970 – Natalia Makarova, and in 1974 – Mikhail Baryshnikov`: gapped items after a
/// predicate, each with its own year.
fn gapped_items(s: &Sentence<'_>, from: usize) -> Vec<(Agent, Option<Range<usize>>)> {
    let mut out = Vec::new();
    let mut k = from;
    while k + 3 < s.range.end {
        let item_start = k;
        while k < s.range.end && (s.is_punct(k, &[',']) || matches!(s.word(k), "and")) {
            k += 1;
        }
        if k == item_start || !matches!(s.word(k), "in" | "by") {
            break;
        }
        let year = k + 1;
        if s.tokens
            .get(year)
            .is_none_or(|t| t.kind != TokenKind::Number)
            || !s.is_punct(year + 1, &['–', '—', '-'])
        {
            break;
        }
        let Some(n) = s.name_starting_at(year + 2) else {
            break;
        };
        out.push((Agent::Name(n), Some(year..year + 1)));
        k = s.names[n].tokens.end;
    }
    out
}

/// True when the clause before token `at` has a description for subject (`a young man`,
/// `the top young chess player and his father`) rather than a name or pronoun.
fn described_subject(s: &Sentence<'_>, at: usize) -> bool {
    let from = (s.range.start..at)
        .rev()
        .find(|&k| s.is_punct(k, &[';', ':']))
        .map_or(s.range.start, |k| k + 1);
    (from..at).any(|k| {
        let w = s.word(k);
        matches!(
            w,
            "man"
                | "woman"
                | "boy"
                | "girl"
                | "person"
                | "player"
                | "father"
                | "mother"
                | "son"
                | "daughter"
                | "couple"
        ) || s.lexicon.is(TermKind::Role, w) && !s.tokens[k].capitalised
    })
}
