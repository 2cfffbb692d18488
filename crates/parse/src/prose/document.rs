//! A prose document read for extraction: paragraphs with their tokens, sentences, quotes and
//! names; one identity per person across the document (a surname alone refers to the person
//! last named in full with it); and the persons each subject pronoun refers to.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use rayon::prelude::*;

use super::lexicon::{Lexicon, TermKind};
use super::names::{Evidence, Name, Registry, find_names};
use super::subjects::{Sentence, subject_like};
use super::text::{Token, TokenKind, in_ranges, sentences, tokenize};

/// A paragraph: contiguous non-blank lines joined by spaces.
pub struct Paragraph<'a> {
    /// The joined text.
    pub text: String,
    /// (byte offset in `text`, line number, line text) of each line.
    pub lines: Vec<(usize, u32, &'a str)>,
    /// Tokens of `text`.
    pub tokens: Vec<Token>,
    /// Sentences as token ranges.
    pub sentences: Vec<Range<usize>>,
    /// Token ranges inside quotation marks.
    pub quotes: Vec<Range<usize>>,
    /// Names per sentence.
    pub names: Vec<Vec<Name>>,
    /// Person id per name, per sentence (`None` for an alias).
    pub persons: Vec<Vec<Option<usize>>>,
    /// Persons each subject pronoun refers to, by token.
    pub pronouns: BTreeMap<usize, Vec<usize>>,
    /// The tokens where each person is named in the paragraph, in order.
    pub named_at: HashMap<usize, Vec<usize>>,
    /// Each person's fullest name in the paragraph (most words; the last of equals), as
    /// (sentence, name index).
    pub fullest: HashMap<usize, (usize, usize)>,
}

impl<'a> Paragraph<'a> {
    fn new(lines: &[(u32, &'a str)]) -> Self {
        let mut text = String::new();
        let mut starts = Vec::new();
        for (line_no, line) in lines {
            if !text.is_empty() {
                // Lines are joined by a line break, which every rule reads as a space but
                // a name never crosses (a mention belongs to one line).
                text.push('\n');
            }
            starts.push((text.len(), *line_no, *line));
            text.push_str(line);
        }
        let tokens = tokenize(&text);
        let sentences = sentences(&text, &tokens);
        let quotes = quote_ranges(&text, &tokens);
        Self {
            text,
            lines: starts,
            tokens,
            sentences,
            quotes,
            names: Vec::new(),
            persons: Vec::new(),
            pronouns: BTreeMap::new(),
            named_at: HashMap::default(),
            fullest: HashMap::default(),
        }
    }

    /// The (line number, byte offset of the line start) of byte `at`.
    pub fn locate(&self, at: usize) -> (u32, usize) {
        self.lines
            .iter()
            .rev()
            .find(|(start, _, _)| *start <= at)
            .map_or((self.lines[0].1, 0), |(start, line, _)| (*line, *start))
    }

    /// The names of each sentence, `registry` giving the surnames named in full elsewhere.
    fn find_names(&self, lexicon: &Lexicon, registry: &Registry) -> Vec<Vec<Name>> {
        self.sentences
            .iter()
            .map(|s| {
                let range = s.clone();
                find_names(
                    &self.text,
                    &self.tokens,
                    range,
                    lexicon,
                    registry,
                    &self.quotes,
                )
            })
            .collect()
    }

    /// The sentence `i` as the subject finder reads it.
    pub fn sentence<'s>(
        &'s self,
        i: usize,
        lexicon: &'s Lexicon,
        lower_words: &'s HashSet<String>,
    ) -> Sentence<'s> {
        Sentence {
            text: &self.text,
            tokens: &self.tokens,
            range: self.sentences[i].clone(),
            names: &self.names[i],
            quotes: &self.quotes,
            lexicon,
            lower_words,
        }
    }
}

/// Token ranges between matching quotation marks (`“…”`, `"…"`, ``` ``…`` ```).
fn quote_ranges(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut k = 0;
    while k < tokens.len() {
        let t = &tokens[k];
        let mark = t.kind == TokenKind::Punct && t.is_punct(text, &['“', '”', '"', '`', '«', '»']);
        if !mark {
            k += 1;
            continue;
        }
        let c = t.text(text).chars().next().unwrap_or(' ');
        // A run of backticks (or of the same mark) is one mark.
        let mut end = k + 1;
        while tokens
            .get(end)
            .is_some_and(|n| n.start == tokens[end - 1].end && n.text(text).starts_with(c))
        {
            end += 1;
        }
        let opening = matches!(c, '“' | '«') || (matches!(c, '"' | '`') && open.is_none());
        match (opening, open) {
            (true, None) => open = Some(end),
            (false, Some(o)) | (true, Some(o)) if matches!(c, '”' | '»' | '"' | '`') => {
                out.push(o..k);
                open = None;
            }
            _ => {}
        }
        k = end;
    }
    if let Some(o) = open {
        out.push(o..tokens.len());
    }
    out
}

/// Splits numbered lines into paragraphs at blank lines and at gaps in the numbering.
pub fn paragraphs<'a>(lines: &[(u32, &'a str)]) -> Vec<Paragraph<'a>> {
    let mut groups: Vec<&[(u32, &str)]> = Vec::new();
    let mut start = 0;
    for (i, &(line_no, line)) in lines.iter().enumerate() {
        let blank = line.trim().is_empty();
        let contiguous = i == start || lines[i - 1].0 + 1 == line_no;
        if (blank || !contiguous) && i > start {
            groups.push(&lines[start..i]);
            start = i;
        }
        if blank {
            start = i + 1;
        }
    }
    if start < lines.len() {
        groups.push(&lines[start..]);
    }
    groups.into_par_iter().map(Paragraph::new).collect()
}

/// A person of the document.
#[derive(Debug, Clone)]
struct PersonEntry {
    given: Option<String>,
    /// The first word of a name of two or more words that is no known given name
    /// (`Gata` of `Gata Kamsky`): another first word is another person.
    forename: Option<String>,
    gender: Option<char>,
    last_seen: usize,
}

/// The persons of a document.
#[derive(Debug, Clone, Default)]
pub struct Persons {
    list: Vec<PersonEntry>,
    clock: usize,
    /// The entries of each surname (an entry's surname never changes).
    by_surname: HashMap<String, Vec<usize>>,
    /// The entries without a surname, by given name (set when they are made, never changed).
    by_lone_given: HashMap<String, Vec<usize>>,
}

impl Persons {
    /// The person a name refers to: the same surname and given name, a surname alone for the
    /// person last named with it, a given name alone for the person last named with it.
    fn resolve(&mut self, name: &Name) -> usize {
        self.clock += 1;
        let clock = self.clock;
        let given = name.given.as_ref().map(|g| super::text::fold(g));
        let forename = name.forename.clone();
        let found = match (&name.surname, &given) {
            (Some(s), Some(g)) => self
                .latest(s, |p| p.given.as_ref() == Some(g))
                .or_else(|| self.latest(s, |p| p.given.is_none() && p.forename.is_none())),
            (Some(s), None) if forename.is_some() => self
                .latest(s, |p| p.forename == forename)
                .or_else(|| self.latest(s, |p| p.given.is_none() && p.forename.is_none())),
            (Some(s), None) => self.latest(s, |_| true),
            (None, Some(g)) => latest_of(&self.list, self.by_lone_given.get(g), |_| true),
            (None, None) => None,
        };
        let id = found.unwrap_or_else(|| {
            let id = self.list.len();
            self.list.push(PersonEntry {
                given: given.clone(),
                forename: forename.clone(),
                gender: name.gender,
                last_seen: clock,
            });
            match (&name.surname, &given) {
                (Some(s), _) => self.by_surname.entry(s.clone()).or_default().push(id),
                (None, Some(g)) => self.by_lone_given.entry(g.clone()).or_default().push(id),
                (None, None) => {}
            }
            id
        });
        let entry = &mut self.list[id];
        entry.last_seen = clock;
        if entry.given.is_none() && given.is_some() {
            entry.given = given;
        }
        if entry.forename.is_none() && forename.is_some() && entry.given.is_none() {
            entry.forename = forename;
        }
        if entry.gender.is_none() {
            entry.gender = name.gender;
        }
        id
    }

    /// The entry of surname `surname` that `keep` accepts and was named last.
    fn latest(&self, surname: &str, keep: impl Fn(&PersonEntry) -> bool) -> Option<usize> {
        latest_of(&self.list, self.by_surname.get(surname), keep)
    }

    /// The person's gender, when a given name tells it.
    pub fn gender(&self, id: usize) -> Option<char> {
        self.list[id].gender
    }
}

/// Of the entries `ids`, the one `keep` accepts that was named last.
fn latest_of(
    list: &[PersonEntry],
    ids: Option<&Vec<usize>>,
    keep: impl Fn(&PersonEntry) -> bool,
) -> Option<usize> {
    ids.into_iter()
        .flatten()
        .copied()
        .filter(|&i| keep(&list[i]))
        .max_by_key(|&i| list[i].last_seen)
}

/// A whole document read for extraction.
pub struct Document<'a> {
    /// Its paragraphs.
    pub paragraphs: Vec<Paragraph<'a>>,
    /// Words it writes in lower case (folded).
    pub lower_words: HashSet<String>,
}

impl<'a> Document<'a> {
    /// Reads the paragraphs: names (twice: the second pass knows the surnames named in full),
    /// person identities, and pronoun references.
    pub fn read(lines: &[(u32, &'a str)], lexicon: &Lexicon) -> Self {
        let mut paragraphs = paragraphs(lines);
        let lower_words: HashSet<String> = paragraphs
            .iter()
            .flat_map(|p| p.tokens.iter())
            .filter(|t| t.kind == TokenKind::Word && !t.capitalised)
            .map(|t| t.folded.clone())
            .collect();
        let mut registry = Registry::default();
        for names in paragraphs
            .par_iter()
            .map(|p| p.find_names(lexicon, &Registry::default()))
            .collect::<Vec<_>>()
            .iter()
            .flatten()
        {
            registry.learn(names);
        }
        paragraphs
            .par_iter_mut()
            .for_each(|p| p.names = p.find_names(lexicon, &registry));
        let mut persons = Persons::default();
        for p in &mut paragraphs {
            assign_persons(p, &mut persons, lexicon, &lower_words);
        }
        Self {
            paragraphs,
            lower_words,
        }
    }
}

/// Gives every name of a paragraph its person and every subject pronoun its referents.
fn assign_persons(
    p: &mut Paragraph<'_>,
    persons: &mut Persons,
    lexicon: &Lexicon,
    lower_words: &HashSet<String>,
) {
    let mut ids = Vec::with_capacity(p.sentences.len());
    for (i, names) in p.names.iter().enumerate() {
        let s = Sentence {
            text: &p.text,
            tokens: &p.tokens,
            range: p.sentences[i].clone(),
            names,
            quotes: &p.quotes,
            lexicon,
            lower_words,
        };
        let opens = open_parens(&s);
        let name_ends: HashSet<usize> = names.iter().map(|o| o.tokens.end).collect();
        let row: Vec<Option<usize>> = (0..names.len())
            .map(|n| {
                let alias = is_alias(&s, n, &opens, &name_ends);
                (!alias).then(|| persons.resolve(&names[n]))
            })
            .collect();
        ids.push(row);
    }
    p.persons = ids;
    p.named_at = HashMap::default();
    p.fullest = HashMap::default();
    let mut words_of_fullest: HashMap<usize, usize> = HashMap::default();
    for (si, (names, ids)) in p.names.iter().zip(&p.persons).enumerate() {
        for (ni, (name, id)) in names.iter().zip(ids).enumerate() {
            if let Some(id) = id {
                p.named_at.entry(*id).or_default().push(name.tokens.start);
                let words = written_words(&p.text, &p.tokens, name);
                if words >= words_of_fullest.get(id).copied().unwrap_or(0) {
                    words_of_fullest.insert(*id, words);
                    p.fullest.insert(*id, (si, ni));
                }
            }
        }
    }
    p.pronouns = resolve_pronouns(p, persons, lexicon, lower_words);
}

/// For each token of the sentence (indexed from the sentence start), the token index of the
/// innermost parenthesis still open before it, in one pass.
fn open_parens(s: &Sentence<'_>) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(s.range.len());
    for k in s.range.clone() {
        out.push(stack.last().copied());
        let t = &s.tokens[k];
        if t.is_punct(s.text, &['(']) {
            stack.push(k);
        } else if t.is_punct(s.text, &[')']) {
            stack.pop();
        }
    }
    out
}

/// True for a name that is another name of the person before it: after `also known as`,
/// `born`, or in parentheses right after a name (`opens` from [`open_parens`], `name_ends`
/// the token ends of the sentence's names).
pub fn is_alias(
    s: &Sentence<'_>,
    n: usize,
    opens: &[Option<usize>],
    name_ends: &HashSet<usize>,
) -> bool {
    let name = &s.names[n];
    let start = name.prefix_start;
    let alias_cue = (1..=4).any(|k| {
        start
            .checked_sub(k)
            .filter(|b| *b >= s.range.start)
            .is_some_and(|b| s.lexicon.match_at(TermKind::Alias, s.tokens, b, start) == Some(start))
    });
    if alias_cue {
        return true;
    }
    // `Golitsyn (…; Russian: Голицын)`: a name inside parentheses that open right after a name.
    let open = start
        .checked_sub(s.range.start)
        .and_then(|i| opens.get(i).copied().flatten());
    open.is_some_and(|k| k > s.range.start && name_ends.contains(&k))
}

/// A referent for pronouns: who, where, and how prominent.
#[derive(Debug, Clone)]
struct Referent {
    persons: Vec<usize>,
    sentence: usize,
    token: usize,
    salience: u8,
    /// A name with a given name, a role or a full mention elsewhere (not a weak guess).
    strong: bool,
}

/// The referents of a paragraph so far, with what pronoun resolution asks of them kept up to
/// date as they are added, so that each pronoun costs the same however long the paragraph.
#[derive(Default)]
struct Referents {
    all: Vec<Referent>,
    /// How often each person was named or referred to so far (its topic weight).
    topic: HashMap<usize, usize>,
    /// The latest single-person referent in a main or subordinate clause, by (strong, gender).
    latest: HashMap<(bool, Option<char>), usize>,
}

impl Referents {
    fn push(&mut self, r: Referent, persons: &Persons) {
        for id in &r.persons {
            *self.topic.entry(*id).or_default() += 1;
        }
        if r.persons.len() == 1 && r.salience > 0 {
            let gender = persons.gender(r.persons[0]);
            self.latest.insert((r.strong, gender), self.all.len());
        }
        self.all.push(r);
    }

    /// The referents of sentence `sentence` (they are added in sentence order).
    fn of_sentence(&self, sentence: usize) -> &[Referent] {
        let start = self.all.partition_point(|r| r.sentence < sentence);
        let end = self.all.partition_point(|r| r.sentence <= sentence);
        &self.all[start..end]
    }

    /// The latest single-person referent whose gender fits, strong ones first.
    fn latest_fitting(&self, gender: Option<char>) -> Option<&Referent> {
        let pick = |strong: bool| {
            let exact = gender.and_then(|g| self.latest.get(&(strong, Some(g))));
            let unknown = self.latest.get(&(strong, None));
            let any = if gender.is_none() {
                self.latest
                    .iter()
                    .filter(|((s, _), _)| *s == strong)
                    .map(|(_, i)| i)
                    .max()
            } else {
                None
            };
            exact.into_iter().chain(unknown).chain(any).max().copied()
        };
        pick(true).or_else(|| pick(false)).map(|i| &self.all[i])
    }
}

const SUBORDINATORS: &[&str] = &[
    "as", "because", "although", "though", "if", "whereas", "that", "which", "who", "whose", "whom",
];

/// 2 for a main clause, 1 inside a subordinate clause, by the words since the last boundary.
fn salience(s: &Sentence<'_>, at: usize) -> u8 {
    let mut k = at;
    while k > s.range.start {
        k -= 1;
        let t = &s.tokens[k];
        if t.is_punct(s.text, &[',', ';', ':', '(', ')']) {
            return 2;
        }
        if SUBORDINATORS.contains(&t.folded.as_str()) || s.lexicon.is(TermKind::Temporal, &t.folded)
        {
            return 1;
        }
    }
    2
}

/// The number of words of a name as written (with a surname it shares with a partner).
fn written_words(text: &str, tokens: &[Token], name: &Name) -> usize {
    let written = &text[tokens[name.tokens.start].start..tokens[name.tokens.end - 1].end];
    written.split_whitespace().count()
        + name
            .shared_surname
            .as_ref()
            .map_or(0, |s| s.split_whitespace().count())
}

/// Resolves `he`, `she`, `they` and a quoted `I` to persons of the paragraph.
fn resolve_pronouns(
    p: &Paragraph<'_>,
    persons: &Persons,
    lexicon: &Lexicon,
    lower_words: &HashSet<String>,
) -> BTreeMap<usize, Vec<usize>> {
    let mut referents = Referents::default();
    let mut out = BTreeMap::new();
    for i in 0..p.sentences.len() {
        let s = p.sentence(i, lexicon, lower_words);
        let name_at: HashMap<usize, usize> = s
            .names
            .iter()
            .enumerate()
            .map(|(n, name)| (name.tokens.start, n))
            .rev()
            .collect();
        for k in s.range.clone() {
            if let Some(&n) = name_at.get(&k)
                && let Some(id) = p.persons[i][n]
                && !s.names[n].quoted
                && (s.names[n].evidence != Evidence::Weak || subject_like(&s, n))
            {
                let sal = if s.names[n].possessive || s.is_excluded(n, k) {
                    0
                } else {
                    salience(&s, s.names[n].prefix_start)
                };
                let referent = Referent {
                    persons: vec![id],
                    sentence: i,
                    token: k,
                    salience: sal,
                    strong: s.names[n].evidence != Evidence::Weak,
                };
                referents.push(referent, persons);
                continue;
            }
            let word = p.tokens[k].folded.as_str();
            if p.tokens[k].kind != TokenKind::Word {
                continue;
            }
            let quoted = in_ranges(&p.quotes, k);
            let found = match word {
                "he" | "his" => by_gender(&referents, persons, i, Some('m')),
                "she" | "her" => by_gender(&referents, persons, i, Some('f')),
                "they" | "their" => plural(&referents, i),
                "i" | "we" if quoted => speaker(&s, p, i, k, &referents),
                _ => continue,
            };
            let possessive = matches!(word, "his" | "her" | "their");
            let found = if found.is_empty() && matches!(word, "he" | "she") {
                forward(&s, p, i, k, persons, if word == "he" { 'm' } else { 'f' })
            } else {
                found
            };
            if !found.is_empty() {
                if !possessive {
                    let referent = Referent {
                        persons: found.clone(),
                        sentence: i,
                        token: k,
                        salience: salience(&s, k),
                        strong: true,
                    };
                    referents.push(referent, persons);
                }
                out.insert(k, found);
            }
        }
    }
    out
}

fn by_gender(
    referents: &Referents,
    persons: &Persons,
    sentence: usize,
    gender: Option<char>,
) -> Vec<usize> {
    let fits = |r: &&Referent| {
        r.persons.len() == 1
            && persons
                .gender(r.persons[0])
                .is_none_or(|g| Some(g) == gender)
    };
    // The pronoun's own sentence first, then the one before: a main-clause subject first, a
    // name the document is sure of before a guess, the paragraph's topic (the person named
    // most so far), then the earliest name.
    let rank = |r: &&Referent| {
        (
            r.salience,
            r.strong,
            referents.topic.get(&r.persons[0]).copied().unwrap_or(0),
            std::cmp::Reverse(r.token),
        )
    };
    let in_sentence = |back: usize| {
        let target = sentence.checked_sub(back)?;
        referents
            .of_sentence(target)
            .iter()
            .filter(fits)
            .filter(|r| r.salience > 0)
            .max_by_key(rank)
    };
    in_sentence(0)
        .or_else(|| in_sentence(1))
        .or_else(|| referents.latest_fitting(gender))
        .map(|r| r.persons.clone())
        .unwrap_or_default()
}

/// `they`: the persons of the latest sentence that names two or more.
fn plural(referents: &Referents, sentence: usize) -> Vec<usize> {
    for back in 0..=1 {
        let Some(target) = sentence.checked_sub(back) else {
            break;
        };
        let mut ids: Vec<usize> = referents
            .of_sentence(target)
            .iter()
            .filter(|r| r.salience > 0)
            .flat_map(|r| r.persons.iter().copied())
            .collect();
        ids.dedup();
        let distinct: HashSet<usize> = ids.iter().copied().collect();
        if distinct.len() >= 2 {
            let mut seen = HashSet::default();
            ids.retain(|id| seen.insert(*id));
            return ids;
        }
    }
    Vec::new()
}

/// A quoted `I`: the speaker named after the quote (`…,” said X`), else the person last named.
fn speaker(
    s: &Sentence<'_>,
    p: &Paragraph<'_>,
    sentence: usize,
    k: usize,
    referents: &Referents,
) -> Vec<usize> {
    let quote_end = s
        .quotes
        .iter()
        .find(|q| q.contains(&k))
        .map_or(k, |q| q.end);
    for (n, name) in s.names.iter().enumerate() {
        if name.tokens.start > quote_end
            && let Some(id) = p.persons[sentence][n]
        {
            let before = name.prefix_start.checked_sub(1).map(|b| &s.tokens[b]);
            let after = s.tokens.get(name.tokens.end);
            if before.is_some_and(|t| s.lexicon.is(TermKind::Speech, &t.folded))
                || after.is_some_and(|t| s.lexicon.is(TermKind::Speech, &t.folded))
            {
                return vec![id];
            }
        }
    }
    referents
        .all
        .iter()
        .rev()
        .find(|r| r.persons.len() == 1)
        .map(|r| r.persons.clone())
        .unwrap_or_default()
}

/// A pronoun with no antecedent before it: the first fitting name after it in its sentence
/// (`After she defected …, Martina Navratilova went on …`).
fn forward(
    s: &Sentence<'_>,
    p: &Paragraph<'_>,
    sentence: usize,
    k: usize,
    persons: &Persons,
    gender: char,
) -> Vec<usize> {
    for (n, name) in s.names.iter().enumerate() {
        if name.tokens.start > k
            && !s.is_excluded(n, k)
            && let Some(id) = p.persons[sentence][n]
            && persons.gender(id).is_none_or(|g| g == gender)
        {
            return vec![id];
        }
    }
    Vec::new()
}
