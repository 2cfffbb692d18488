//! The `prose` format: encyclopedia or essay text that names defectors inside sentences.
//!
//! A person is a run of capitalised words that starts with a known given name (from the
//! `given_names` reference table) or stands right after a role word (`officer Ivan Sokolov`),
//! in a sentence that speaks of defection (or says the term does not apply). Organisations,
//! titles in quotes or after "book"/"entitled", possessives ("Stalin's daughter") and objects of
//! "by"/"of"/"from" are not people. For each person the extractor reads, from the same
//! sentence: the role phrase before the name or in an appositive after it (a plural role
//! before a list applies to each item), the agency in it, the year of the defection (skipping
//! years of death, books, "since …"), the place of defection or asylum, an outcome cue, and
//! whether the sentence says the person is not a defector, with the reason.

use std::collections::HashMap;
use std::sync::LazyLock;

use defectors_model::{GivenName, Mention, ParsedDocument, Provenance, RawFields, Section, Status};
use regex::Regex;

use crate::fields::{agency_acronym, collapse_spaces, next_index_in_line};
use crate::years::parse_year_range;

/// Given names to recognise people by, keyed by lower-case spelling.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    given: HashMap<String, String>,
}

impl Lexicon {
    /// Builds the lexicon from the rows of the `given_names` reference table.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a GivenName>) -> Self {
        Self {
            given: names
                .into_iter()
                .map(|n| (n.name.to_lowercase(), n.canonical.clone()))
                .collect(),
        }
    }

    /// True when `word` is a known given name (any spelling).
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given.contains_key(&word.to_lowercase())
    }
}

/// Words that name a role or profession and may stand right before a person's name.
const ROLE_NOUNS: &[&str] = &[
    "officer",
    "officers",
    "agent",
    "agents",
    "clerk",
    "diplomat",
    "diplomats",
    "captain",
    "colonel",
    "general",
    "major",
    "lieutenant",
    "spy",
    "dancer",
    "dancers",
    "ballerina",
    "pianist",
    "violinist",
    "cellist",
    "conductor",
    "composer",
    "singer",
    "musician",
    "writer",
    "author",
    "poet",
    "novelist",
    "journalist",
    "director",
    "actor",
    "actress",
    "scientist",
    "physicist",
    "chemist",
    "engineer",
    "pilot",
    "dissident",
    "grandmaster",
    "player",
    "skater",
    "skaters",
    "champion",
    "athlete",
    "gymnast",
    "swimmer",
    "chief",
    "head",
    "resident",
    "official",
    "defector",
    "defectors",
    "sailor",
    "seaman",
    "painter",
    "sculptor",
    "artist",
    "choreographer",
    "scholar",
    "professor",
    "priest",
    "cardinal",
    "bishop",
    "commander",
    "student",
    "translator",
    "cipher",
    "employee",
    "secretary",
    "minister",
    "ambassador",
];

/// Words that end a role phrase when walking back from a name.
const ROLE_STOPS: &[&str] = &[
    "were",
    "was",
    "is",
    "are",
    "be",
    "been",
    "and",
    "or",
    "but",
    "when",
    "who",
    "whom",
    "which",
    "that",
    "in",
    "on",
    "at",
    "to",
    "by",
    "with",
    "for",
    "from",
    "among",
    "as",
    "than",
    "the",
    "a",
    "an",
    "another",
    "such",
    "other",
    "include",
    "included",
    "including",
    "after",
    "before",
    "while",
    "where",
    "whose",
    "his",
    "her",
    "their",
    "its",
    "also",
    "then",
];

/// Capitalised words that make a run an organisation, a place or a title, not a person.
const NOT_PERSON_WORDS: &[&str] = &[
    "Union",
    "States",
    "Kingdom",
    "Committee",
    "Council",
    "Party",
    "Agency",
    "Department",
    "Ministry",
    "Office",
    "Service",
    "Services",
    "Bureau",
    "Institute",
    "University",
    "Company",
    "Republic",
    "Nations",
    "Radio",
    "Church",
    "Army",
    "Navy",
    "Affairs",
    "Commissariat",
    "Theatre",
    "Theater",
    "Ballet",
    "Academy",
    "Embassy",
    "Consulate",
    "War",
    "Revolution",
    "Street",
    "Square",
    "Airport",
    "Island",
    "Sea",
    "River",
    "Mountains",
    "Europe",
    "Empire",
    "Affair",
    "Prize",
    "Games",
    "Olympics",
    "Championship",
    "Championships",
    "Cup",
];

static DEFECTION_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:defect\w*|re-?defect\w*|asylum|fled|flee\w*|escap\w*|turned (?:himself|herself|themselves) over|offered (?:himself|herself|themselves)|refused to return|non-?returnees?|stayed in the west|went over to)")
        .expect("valid regex")
});
static DEFECTION_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:defected|defection|sought (?:\w+ )?asylum|asked for (?:\w+ )?asylum|fled|escaped|turned (?:himself|herself|themselves) over|offered (?:himself|herself|themselves)|went over|crossed over)\b")
        .expect("valid regex")
});
static NEGATION_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:did|does|do) not|didn't|doesn't|don't)\s+apply\s+to\b|\bnot\s+(?:considered|regarded as|counted as|called)\s+(?:a\s+)?defectors?\b|\b(?:was|were|is|are) not (?:a )?defectors?\b")
        .expect("valid regex")
});
static OUTCOME_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:re-?defected|redefected|returned to (?:the Soviet Union|the USSR|Moscow|his homeland|her homeland)|went back to|was (?:forcibly )?(?:returned|repatriated|brought back)|failed (?:attempt|defection)|was caught|was captured|was arrested)\b")
        .expect("valid regex")
});
static EXCLUDED_YEAR_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:died|death|dead|killed|murdered|executed|published|publishing|appeared|book|wrote|writing|written|since|until|born|birth|retired|released|collaborated)\b")
        .expect("valid regex")
});
static PLACE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:to|in|at|into)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*)*(?:,\s+\p{Lu}[\p{L}\p{M}'’-]+)?)")
        .expect("valid regex")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(1[6-9]\d\d|20\d\d)\b").expect("valid regex"));
static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S+").expect("valid regex"));

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Jr", "Sr", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Col", "Lt", "Capt", "Maj", "Sgt", "No",
    "vs", "etc", "e.g", "i.e", "Inc", "Ltd", "Co", "Prof", "Rev", "approx", "ca", "c",
];

/// Words that start a sentence after an abbreviation with inner periods (`… the U.S. He …`).
const SENTENCE_STARTERS: &[&str] = &[
    "He", "She", "It", "They", "The", "This", "That", "In", "On", "At", "But", "And", "When",
    "After", "Before", "Among", "Another", "Often", "For", "However", "His", "Her", "Their",
];

/// Parses a whole `prose` document: every paragraph (run of non-blank lines).
pub fn parse_prose(source_id: &str, text: &str, lexicon: &Lexicon) -> ParsedDocument {
    let lines: Vec<(u32, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l))
        .collect();
    let mut doc = ParsedDocument::default();
    extract_from_lines(source_id, &lines, lexicon, &mut doc);
    doc
}

/// Runs the extractor over the given lines (grouped into paragraphs at blank lines or gaps in
/// the line numbers), appending mentions to `doc`. Timeline documents use this for their essay.
pub fn extract_from_lines(
    source_id: &str,
    lines: &[(u32, &str)],
    lexicon: &Lexicon,
    doc: &mut ParsedDocument,
) {
    let mut paragraph: Vec<(u32, &str)> = Vec::new();
    let mut extractor = Extractor {
        source_id,
        lexicon,
        doc,
    };
    for &(line_no, line) in lines {
        let contiguous = paragraph
            .last()
            .is_none_or(|(last, _)| *last + 1 == line_no);
        if line.trim().is_empty() || !contiguous {
            extractor.paragraph(&paragraph);
            paragraph.clear();
        }
        if !line.trim().is_empty() {
            paragraph.push((line_no, line));
        }
    }
    extractor.paragraph(&paragraph);
}

struct Extractor<'a> {
    source_id: &'a str,
    lexicon: &'a Lexicon,
    doc: &'a mut ParsedDocument,
}

/// A person found in a sentence, with byte spans in the paragraph text.
#[derive(Debug, Clone)]
struct Found {
    /// The name as it will be recorded (a shared surname carried to a lone given name).
    name: String,
    start: usize,
    end: usize,
    /// Index of the first person of the list this one belongs to (itself if none).
    group: usize,
    /// Whether this person and the next share a surname (`Ivan and Maria Sokolov`).
    couple_with_next: bool,
}

impl Extractor<'_> {
    fn paragraph(&mut self, lines: &[(u32, &str)]) {
        if lines.is_empty() {
            return;
        }
        // Join the lines with spaces, remembering where each starts.
        let mut text = String::new();
        let mut starts: Vec<(usize, u32)> = Vec::new();
        for (line_no, line) in lines {
            if !text.is_empty() {
                text.push(' ');
            }
            starts.push((text.len(), *line_no));
            text.push_str(line);
        }
        let first_mention = self.doc.mentions.len();
        for (s, e) in split_sentences(&text) {
            self.sentence(&text, s, e, &starts);
        }
        self.attach_outcomes(&text, first_mention);
    }

    fn sentence(&mut self, text: &str, s: usize, e: usize, starts: &[(usize, u32)]) {
        let sentence = &text[s..e];
        let negation = NEGATION_CUE.find(sentence);
        if negation.is_none() && !DEFECTION_CUE.is_match(sentence) {
            return;
        }
        let people = find_people(sentence, self.lexicon);
        if people.is_empty() {
            return;
        }
        let prefix_end = people[0].start;
        for (k, person) in people.iter().enumerate() {
            // The stretch of text that belongs to this person's group: from the end of the
            // group's last member to the start of the next group.
            let group_last = people
                .iter()
                .enumerate()
                .filter(|(_, p)| p.group == person.group)
                .map(|(j, _)| j)
                .max()
                .unwrap_or(k);
            let tail_start = people[group_last].end;
            let tail_end = people
                .get(group_last + 1)
                .map_or(sentence.len(), |p| p.start);
            let tail = &sentence[tail_start..tail_end];
            let prefix = &sentence[..prefix_end];
            let under_negation = negation.is_some_and(|cue| person.start >= cue.end());
            // The defection must be said of this person: in the text before the first name
            // (`Among the defectors were …`) or in the person's own stretch.
            if !under_negation
                && !DEFECTION_CUE.is_match(prefix)
                && !DEFECTION_CUE.is_match(tail)
                && !inherits_defection(
                    &sentence[people[k.saturating_sub(1)].end.min(person.start)..person.start],
                )
            {
                continue;
            }

            let group_first = &people[person.group];
            let role = role_before(sentence, group_first.start, &people)
                .or_else(|| appositive_role(tail))
                .filter(|r| !r.is_empty());
            let agency = role.as_deref().and_then(agency_phrase);
            let year = defection_year(tail).or_else(|| defection_year(prefix));
            let place = defection_place(tail).or_else(|| defection_place(prefix));

            let (status, reason) = match negation {
                // A `;`-item of the negation list that says the person defected is no exception
                // (`…; X, however, fled to Vienna`).
                Some(cue)
                    if under_negation
                        && !item_after(sentence, person.end)
                            .is_some_and(|item| DEFECTION_VERB.is_match(item)) =>
                {
                    (
                        Status::NotDefector,
                        negation_reason(&sentence[cue.end()..], person.end - cue.end()),
                    )
                }
                _ => (Status::Defector, None),
            };
            let together: Vec<String> = people
                .iter()
                .enumerate()
                .filter(|(j, p)| {
                    *j != k
                        && p.group == person.group
                        && (people[*j.min(&k)].couple_with_next && j.abs_diff(k) == 1)
                })
                .map(|(_, p)| p.name.clone())
                .collect();

            let abs_start = s + person.start;
            let (line, line_offset) = locate(starts, abs_start);
            let char_start = text[line_offset..abs_start].chars().count() as u32;
            let char_end = char_start + text[abs_start..s + person.end].chars().count() as u32;
            let index_in_line = next_index_in_line(&self.doc.mentions, self.source_id, line);
            self.doc.mentions.push(Mention {
                provenance: Provenance {
                    source_id: self.source_id.to_owned(),
                    line,
                    section: Section::Prose,
                    heading: None,
                    context: collapse_spaces(sentence),
                },
                index_in_line,
                surface_name: person.name.clone(),
                status,
                raw: RawFields {
                    year: year.clone(),
                    profession: role.clone(),
                    agency,
                    destination: place,
                    status_reason: reason,
                    ..RawFields::default()
                },
                year: year.as_deref().and_then(parse_year_range),
                born: None,
                died: None,
                together_with: together,
                char_span: Some((char_start, char_end)),
                companion: false,
            });
        }
    }

    /// Sentences with an outcome cue (`re-defected`, `was arrested`) give it to the people
    /// they name, by full name or by a surname already mentioned in the paragraph.
    fn attach_outcomes(&mut self, text: &str, first_mention: usize) {
        for (s, e) in split_sentences(text) {
            let sentence = &text[s..e];
            let Some(cue) = OUTCOME_CUE.find(sentence) else {
                continue;
            };
            let clause = clause_around(sentence, cue.start(), cue.end());
            for mention in self.doc.mentions[first_mention..].iter_mut().rev() {
                let surname = mention
                    .surface_name
                    .split_whitespace()
                    .last()
                    .unwrap_or_default()
                    .to_owned();
                if surname.is_empty() || !contains_word(sentence, &surname) {
                    continue;
                }
                if mention.raw.outcome.is_none() {
                    mention.raw.outcome = Some(clause.clone());
                }
                break;
            }
        }
    }
}

/// The (line, byte offset of the line start) of byte `at` of a paragraph.
fn locate(starts: &[(usize, u32)], at: usize) -> (u32, usize) {
    starts
        .iter()
        .rev()
        .find(|(start, _)| *start <= at)
        .map_or((starts[0].1, 0), |(start, line)| (*line, *start))
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The comma- or semicolon-delimited clause of `sentence` around bytes `start..end`.
fn clause_around(sentence: &str, start: usize, end: usize) -> String {
    let from = sentence[..start]
        .rfind([',', ';', '('])
        .map_or(0, |i| i + 1);
    let to = sentence[end..]
        .find([',', ';', ')'])
        .map_or(sentence.len(), |i| end + i);
    collapse_spaces(sentence[from..to].trim_end_matches('.'))
}

/// Byte spans of the sentences of `text`. A period ends a sentence unless it closes an
/// initial (`G.`), a known abbreviation (`Jr.`), or an abbreviation with inner periods
/// (`U.S.`, `D.C.`) that is not followed by a typical sentence opener.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let tokens: Vec<regex::Match<'_>> = TOKEN.find_iter(text).collect();
    for (i, token) in tokens.iter().enumerate() {
        let word = token.as_str().trim_end_matches(['"', '”', '’', ')']);
        if !(word.ends_with('.') || word.ends_with('!') || word.ends_with('?')) {
            continue;
        }
        let Some(next) = tokens.get(i + 1) else {
            continue;
        };
        let next_word = next.as_str().trim_start_matches(['"', '“', '(', '‘']);
        if !next_word.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if word.ends_with('.') {
            let stem = word
                .trim_end_matches('.')
                .trim_start_matches(['(', '"', '“']);
            let is_initial = stem.chars().count() == 1 && stem.chars().all(char::is_uppercase);
            let is_abbreviation = ABBREVIATIONS.contains(&stem);
            let inner_periods = stem.contains('.');
            let next_clean = next_word.trim_end_matches([',', ';', ':']);
            if is_initial || is_abbreviation {
                continue;
            }
            if inner_periods && !SENTENCE_STARTERS.contains(&next_clean) {
                continue;
            }
        }
        out.push((start, token.end()));
        start = next.start();
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// One word of a sentence with its byte span, stripped of surrounding punctuation.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// Punctuation right after the word that ends a name run (`,` `;` `:` `)` `.`).
    breaks_after: bool,
    /// Punctuation right before the word (`(` or an opening quote).
    opens: bool,
    possessive: bool,
}

fn words(sentence: &str) -> Vec<Word<'_>> {
    TOKEN
        .find_iter(sentence)
        .map(|m| {
            let raw = m.as_str();
            let lead = raw.len() - raw.trim_start_matches(['(', '“', '"', '‘', '[']).len();
            let mut core = &raw[lead..];
            let mut breaks_after = false;
            loop {
                let trimmed =
                    core.trim_end_matches([',', ';', ':', ')', '”', '"', '’', ']', '!', '?']);
                if trimmed.len() != core.len() {
                    breaks_after = true;
                    core = trimmed;
                    continue;
                }
                // A final period ends a run unless the word is an initial (`V.`) or `Jr.`.
                if let Some(stem) = core.strip_suffix('.') {
                    let initial = stem.chars().count() == 1 && stem.chars().all(char::is_uppercase);
                    if !initial && stem != "Jr" && stem != "Sr" {
                        breaks_after = true;
                        core = stem;
                        continue;
                    }
                }
                break;
            }
            let possessive = core.ends_with("'s") || core.ends_with("’s");
            let text = core.trim_end_matches("'s").trim_end_matches("’s");
            Word {
                text,
                start: m.start() + lead,
                end: m.start() + lead + text.len(),
                breaks_after: breaks_after || possessive,
                opens: lead > 0,
                possessive,
            }
        })
        .collect()
}

fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        && !word.chars().all(|c| c.is_uppercase() || c == '.')
}

fn is_initial(word: &str) -> bool {
    let stem = word.trim_end_matches('.');
    word.ends_with('.') && stem.chars().count() == 1 && stem.chars().all(char::is_uppercase)
}

/// The people a sentence names, in order.
fn find_people(sentence: &str, lexicon: &Lexicon) -> Vec<Found> {
    let words = words(sentence);
    let quoted = quoted_spans(sentence);
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // A run of capitalised words (and initials) not broken by punctuation.
        let mut j = i;
        while j < words.len()
            && (is_capitalised(words[j].text) || (j > i && is_initial(words[j].text)))
            && (j == i || !words[j].opens)
        {
            j += 1;
            if words[j - 1].breaks_after {
                break;
            }
        }
        if j == i {
            i += 1;
            continue;
        }
        let run = &words[i..j];
        let next = j;
        // Trim leading words until a given name (`When Yury Nosenko` → `Yury Nosenko`).
        let given_at = run.iter().position(|w| lexicon.is_given_name(w.text));
        let name_words: Option<&[Word<'_>]> = match given_at {
            Some(g) if run.len() - g >= 2 => Some(&run[g..]),
            Some(g) if run.len() - g == 1 => None,
            _ => {
                // No known given name: accept 2–3 words right after a role word, which may
                // open the run at the start of a sentence (`Pilot Grigol Tsereteli`).
                if is_role_word(run[0].text) && (3..=4).contains(&run.len()) {
                    Some(&run[1..])
                } else {
                    let after_role = i > 0 && is_role_word(words[i - 1].text);
                    (after_role && (2..=3).contains(&run.len())).then_some(run)
                }
            }
        };
        // `Ivan and Maria Sokolov`: a lone given name, `and`, then a full name.
        if let (Some(g), true) = (given_at, run.len() == 1 || given_at == Some(run.len() - 1)) {
            let lone = &run[g];
            if !lone.breaks_after
                && words.get(next).is_some_and(|w| w.text == "and")
                && words
                    .get(next + 1)
                    .is_some_and(|w| lexicon.is_given_name(w.text))
            {
                let mut k = next + 1;
                while k < words.len()
                    && is_capitalised(words[k].text)
                    && (k == next + 1 || !words[k].opens)
                {
                    k += 1;
                    if words[k - 1].breaks_after {
                        break;
                    }
                }
                if k - (next + 1) >= 2 && !excluded(&words, next + 1, k, &quoted) {
                    let surname = words[k - 1].text;
                    let group = found.len();
                    found.push(Found {
                        name: format!("{} {surname}", lone.text),
                        start: lone.start,
                        end: lone.end,
                        group,
                        couple_with_next: true,
                    });
                    found.push(Found {
                        name: join_words(&words[next + 1..k]),
                        start: words[next + 1].start,
                        end: words[k - 1].end,
                        group,
                        couple_with_next: false,
                    });
                    i = k;
                    continue;
                }
            }
        }
        if let Some(name) = name_words {
            let a = name[0].start;
            let first_idx = i + (run.len() - name.len());
            if !excluded(&words, first_idx, j, &quoted) {
                let group = list_group(&found, sentence, a);
                found.push(Found {
                    name: join_words(name),
                    start: a,
                    end: name[name.len() - 1].end,
                    group,
                    couple_with_next: false,
                });
            }
        }
        i = j.max(i + 1);
    }
    found
}

fn join_words(words: &[Word<'_>]) -> String {
    words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

fn is_role_word(word: &str) -> bool {
    ROLE_NOUNS.contains(&word.to_lowercase().as_str())
}

/// Byte spans inside quotation marks.
fn quoted_spans(sentence: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in sentence.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(o) = open.take() {
                    spans.push((o, i));
                }
            }
            '"' => match open.take() {
                Some(o) => spans.push((o, i)),
                None => open = Some(i),
            },
            _ => {}
        }
    }
    spans
}

/// True when the run `words[a..b]` is not a person: an organisation or place, a possessive
/// ("Stalin's daughter"), a quoted title, a title after "book"/"entitled", or the object of
/// "by"/"of"/"from"/"against"/"under" or of a verb of killing.
fn excluded(words: &[Word<'_>], a: usize, b: usize, quoted: &[(usize, usize)]) -> bool {
    let run = &words[a..b];
    if run.iter().any(|w| NOT_PERSON_WORDS.contains(&w.text)) {
        return true;
    }
    if run.last().is_some_and(|w| w.possessive) {
        return true;
    }
    let start = run[0].start;
    if quoted.iter().any(|(s, e)| *s <= start && start <= *e) {
        return true;
    }
    let before: Vec<String> = words[a.saturating_sub(3)..a]
        .iter()
        .map(|w| w.text.to_lowercase())
        .collect();
    let title_cue = [
        "book",
        "entitled",
        "titled",
        "wrote",
        "published",
        "memoir",
        "novel",
    ];
    if before.iter().any(|w| title_cue.contains(&w.as_str())) {
        return true;
    }
    let object_cue = [
        "by",
        "from",
        "against",
        "under",
        "assassinate",
        "assassinated",
        "kill",
        "killed",
        "murder",
        "murdered",
        "kidnap",
        "kidnapped",
        "poisoned",
        "executed",
        "named",
    ];
    if before
        .last()
        .is_some_and(|w| object_cue.contains(&w.as_str()))
    {
        return true;
    }
    // `daughter of X`, `victim of X`: a relative or victim, not the subject.
    let relation = [
        "daughter",
        "son",
        "wife",
        "husband",
        "widow",
        "father",
        "mother",
        "brother",
        "sister",
        "child",
        "children",
        "grandson",
        "granddaughter",
        "niece",
        "nephew",
        "victim",
        "murder",
        "assassination",
        "killing",
        "death",
        "funeral",
        "friend",
    ];
    if let [.., relative, of] = before.as_slice()
        && of == "of"
        && relation.contains(&relative.as_str())
    {
        return true;
    }
    false
}

/// The group a new person joins: the previous person's group when only list separators
/// (`,` `and` `or`) stand between them, else a new group (its own index).
fn list_group(found: &[Found], sentence: &str, start: usize) -> usize {
    if let Some(prev) = found.last() {
        let between = sentence[prev.end..start].trim();
        let only_separators = between
            .split(|c: char| c == ',' || c.is_whitespace())
            .all(|w| w.is_empty() || w == "and");
        if only_separators && !between.is_empty() {
            return prev.group;
        }
    }
    found.len()
}

/// The role phrase right before the name at byte `start`: lower-case words, acronyms,
/// capitalised adjectives and parenthesised expansions, back to a stop word, a year or a
/// clause boundary (one comma right before the name is allowed: `Another NKVD officer, X`).
fn role_before(sentence: &str, start: usize, people: &[Found]) -> Option<String> {
    let before = &sentence[..start];
    let mut end = before.trim_end().len();
    if before[..end].ends_with(',') {
        end -= 1;
    }
    let region = &before[..end];
    let mut begin = end;
    let mut depth = 0;
    let mut words_taken = 0;
    let mut cursor = end;
    while cursor > 0 && words_taken < 10 {
        let slice = &region[..cursor];
        let trimmed = slice.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let word_start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = &trimmed[word_start..];
        let opens = word.matches('(').count();
        let closes = word.matches(')').count();
        if depth == 0 && closes == 0 {
            let bare = word
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’');
            let lower = bare.to_lowercase();
            let ends_clause = word.ends_with([',', ';', ':', '.', '—', '–']) && cursor != end;
            let is_year = bare.chars().all(|c| c.is_ascii_digit()) && !bare.is_empty();
            let in_person = people
                .iter()
                .any(|p| p.start <= word_start && word_start < p.end);
            if bare.is_empty()
                || ends_clause
                || is_year
                || in_person
                || ROLE_STOPS.contains(&lower.as_str())
                || word.starts_with(['“', '"'])
            {
                break;
            }
        }
        depth += closes as i32 - opens as i32;
        begin = word_start;
        cursor = word_start;
        words_taken += 1;
    }
    let mut role = region[begin..end].trim();
    // A preposition or article alone before the name is no role (`that of X`).
    while let Some(rest) = ["of ", "to ", "the ", "a ", "an "]
        .iter()
        .find_map(|w| role.strip_prefix(w))
    {
        role = rest.trim_start();
    }
    if matches!(role, "of" | "to" | "the" | "a" | "an") {
        return None;
    }
    let has_role_word = role
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| {
            !w.is_empty()
                && (w.chars().next().is_some_and(char::is_lowercase) || agency_acronym(w).is_some())
        });
    (has_role_word && depth == 0).then(|| role.to_owned())
}

/// An appositive role right after the name: `, a KGB officer posing as …,` → the phrase up
/// to the next comma, semicolon or relative pronoun, without its article.
fn appositive_role(tail: &str) -> Option<String> {
    let rest = tail.strip_prefix(',')?.trim_start();
    let rest = ["a ", "an ", "the "]
        .iter()
        .find_map(|a| rest.strip_prefix(a))?;
    let mut end = rest.len();
    let mut depth = 0i32;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' | ';' if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let phrase = &rest[..end];
    let phrase = [" who ", " whose ", " which "]
        .iter()
        .filter_map(|w| phrase.find(w))
        .min()
        .map_or(phrase, |i| &phrase[..i]);
    let phrase = phrase.trim();
    (!phrase.is_empty()).then(|| phrase.to_owned())
}

/// The agency in a role phrase: an acronym, with its spelled-out form in parentheses when the
/// text gives one (`NKVD (People's Commissariat of Internal Affairs)`).
fn agency_phrase(role: &str) -> Option<String> {
    let acronym = agency_acronym(role)?;
    let at = role.find(&acronym)?;
    let after = &role[at + acronym.len()..];
    if let Some(rest) = after.strip_prefix(" (")
        && let Some(close) = rest.find(')')
    {
        return Some(format!("{acronym} ({})", &rest[..close]));
    }
    Some(acronym)
}

/// The year of the defection in `text`: the first year whose own clause does not speak of
/// death, a book, or a span of time (`since 1974`).
fn defection_year(text: &str) -> Option<String> {
    YEAR.find_iter(text)
        .find(|m| {
            let before = &text[..m.start()];
            let clause_start = [",", ";", " and ", "("]
                .iter()
                .filter_map(|sep| before.rfind(sep).map(|i| i + sep.len()))
                .max()
                .unwrap_or(0);
            !EXCLUDED_YEAR_CONTEXT.is_match(&text[clause_start..m.start()])
        })
        .map(|m| m.as_str().to_owned())
}

/// The place of defection in `text`: the first capitalised place after a defection verb
/// (`defected to X`, `sought asylum in X`, `turned himself over to … in X`), skipping
/// acronyms (`the CIA`), adjectives (`Canadian authorities`) and `the West`.
fn defection_place(text: &str) -> Option<String> {
    let verb = DEFECTION_VERB.find(text)?;
    let after = &text[verb.end()..];
    let limit = after.find([';', '.']).unwrap_or(after.len());
    let after = &after[..limit];
    for caps in PLACE_AFTER.captures_iter(after) {
        let place = caps.get(1).expect("group");
        let value = place.as_str().trim_end_matches(',');
        let first = value.split_whitespace().next().unwrap_or_default();
        // `Canadian authorities`: a nationality adjective before a noun is no place.
        let adjective = ["an", "ese", "ish", "ic"]
            .iter()
            .any(|e| value.ends_with(e))
            && value.split_whitespace().count() == 1
            && after[place.end()..]
                .strip_prefix(' ')
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_lowercase);
        if adjective
            || first.chars().all(|c| c.is_uppercase())
            || value == "West"
            || value == "East"
        {
            continue;
        }
        return Some(value.to_owned());
    }
    None
}

/// True when the text between the previous person and this one carries a defection on to
/// this one (`X defected, and so did Y`), unless a contrast follows it (`…, while Y stayed`).
fn inherits_defection(lead_in: &str) -> bool {
    static CONTRAST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:while|whereas|but|although|though|however|unlike)\b")
            .expect("valid regex")
    });
    match DEFECTION_CUE.find_iter(lead_in).last() {
        Some(cue) => !CONTRAST.is_match(&lead_in[cue.end()..]),
        None => false,
    }
}

/// The rest of the `;`-item that holds byte `at` of `sentence`.
fn item_after(sentence: &str, at: usize) -> Option<&str> {
    let rest = sentence.get(at..)?;
    Some(rest.split(';').next().unwrap_or(rest))
}

/// The reason a negation sentence gives for the person ending at byte `person_end` of `rest`
/// (the text after the cue): the `who …` clause of the person's `;`-item.
fn negation_reason(rest: &str, person_end: usize) -> Option<String> {
    let mut item_start = 0;
    for item in rest.split(';') {
        let item_end = item_start + item.len();
        if person_end <= item_end {
            let who = item.find(" who ")?;
            let reason = item[who + " who ".len()..]
                .trim()
                .trim_end_matches(['.', ')'])
                .trim();
            let reason = ["were ", "was ", "had been ", "is ", "are "]
                .iter()
                .find_map(|v| reason.strip_prefix(v))
                .unwrap_or(reason);
            return Some(collapse_spaces(reason));
        }
        item_start = item_end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn years_skip_death_books_and_spans() {
        assert_eq!(
            defection_year(" sought asylum in France in 1937, wrote a book, and died in 1941."),
            Some("1937".to_owned())
        );
        assert_eq!(
            defection_year(", who had worked for them since 1974 and escaped in 1985."),
            Some("1985".to_owned())
        );
        assert_eq!(defection_year(" published Memoirs in 1956."), None);
    }

    #[test]
    fn places_skip_organisations_and_adjectives() {
        assert_eq!(
            defection_place(
                " turned himself over to Canadian authorities in Ottawa, Canada, in 1945."
            ),
            Some("Ottawa, Canada".to_owned())
        );
        assert_eq!(
            defection_place(" offered himself to the CIA in Geneva in 1962"),
            Some("Geneva".to_owned())
        );
        assert_eq!(
            defection_place(" defected to the United States in 1961"),
            Some("United States".to_owned())
        );
        assert_eq!(defection_place(" escaped to the West in 1985"), None);
        assert_eq!(
            defection_place(" whose defection from the embassy in Paris became a symbol"),
            Some("Paris".to_owned())
        );
    }

    #[test]
    fn appositives() {
        assert_eq!(
            appositive_role(", a KGB officer posing as a journalist, defected"),
            Some("KGB officer posing as a journalist".to_owned())
        );
        assert_eq!(
            appositive_role(", a KGB officer who was working in Iran"),
            Some("KGB officer".to_owned())
        );
        assert_eq!(appositive_role(" defected"), None);
    }

    #[test]
    fn agency_with_spelled_out_form() {
        assert_eq!(
            agency_phrase("NKVD (People's Commissariat of Internal Affairs) officer").as_deref(),
            Some("NKVD (People's Commissariat of Internal Affairs)")
        );
        assert_eq!(
            agency_phrase("cipher clerk for Soviet military intelligence (GRU)").as_deref(),
            Some("GRU")
        );
    }
}
