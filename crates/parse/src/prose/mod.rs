//! The `prose` format: running text (encyclopedia entries, biographies, news reports,
//! obituaries, inline lists) that names defectors inside sentences.
//!
//! The stages, one module each:
//! - [`text`]: tokens and sentences (the crate's one sentence splitter);
//! - [`lexicon`]: given names and the phrases of `prose_lexicon.csv`, compiled;
//! - [`names`]: person names (runs of capitalised words kept when they look like a person);
//! - [`document`]: paragraphs, one identity per person, pronoun references;
//! - [`predicates`]: defection statements (completed, attempted, failed, denied, labels);
//! - [`subjects`]: who each statement is about;
//! - [`dates`]: years and which one a statement means;
//! - [`claims`] and [`lists`]: what is said of each person, and one-per-line lists;
//! - [`fields`]: role, agency, place and reason phrases.
//!
//! This module turns the claims into one mention per person per line: the name as first
//! written in full on that line, the status the document supports, and the year, role,
//! agency, place and outcome the statements give.

mod claims;
mod dates;
mod document;
mod fields;
pub(crate) use fields::PATTERNS;
mod lexicon;
mod lists;
mod names;
mod predicates;
mod subjects;
pub(crate) mod text;

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;

use defectors_model::{
    Mention, ParsedDocument, Provenance, RawFieldValues, Section, Status, YearRange,
};

pub use fields::is_adjective_before_noun;
pub use lexicon::{Lexicon, TermKind};
pub use text::{fold, split_sentences};

use claims::{ClaimRec, agency_of, claims, persons_by_line};
use document::{Document, Paragraph};
use predicates::Claim;

use crate::fields::{MAX_TOGETHER, collapse_spaces, context_around, long_list_warning};

/// Parses a whole `prose` document.
pub fn parse_prose(source_id: &str, text: &str, lexicon: &Lexicon) -> ParsedDocument {
    let lines: Vec<(u32, &str)> = crate::numbered_lines(text);
    let mut doc = ParsedDocument::default();
    extract_from_lines(source_id, &lines, lexicon, &mut doc);
    doc
}

/// Runs the extractor over the given numbered lines (grouped into paragraphs at blank lines
/// or gaps in the numbering), appending mentions to `doc`. Timeline documents use this for
/// their essay text.
pub fn extract_from_lines(
    source_id: &str,
    lines: &[(u32, &str)],
    lexicon: &Lexicon,
    doc: &mut ParsedDocument,
) {
    if lexicon.has_no_predicates() {
        return;
    }
    let document = Document::read(lines, lexicon);
    let found = claims(&document, lexicon);
    let completed: HashSet<usize> = found
        .iter()
        .filter(|c| c.claim == Claim::Defected && !c.weak)
        .map(|c| c.person)
        .collect();
    // A failure counts for someone the same or the previous paragraph shows trying.
    let tried: HashSet<(usize, usize)> = found
        .iter()
        .filter(|c| matches!(c.claim, Claim::Defected | Claim::Attempt) && !c.weak)
        .flat_map(|c| [(c.person, c.paragraph), (c.person, c.paragraph + 1)])
        .collect();
    let mut rows: Vec<((usize, u32, usize), Vec<usize>)> =
        persons_by_line(&found, &document).into_iter().collect();
    rows.sort();
    let mut mentions: Vec<(u32, u32, Mention)> = Vec::new();
    let mut long_lists: BTreeMap<u32, usize> = BTreeMap::new();
    for ((pi, line, person), indexes) in rows {
        let row: Vec<&ClaimRec> = indexes.iter().map(|&i| &found[i]).collect();
        let listed = row.iter().map(|c| c.together_count + 1).max().unwrap_or(0);
        if listed > MAX_TOGETHER + 1 {
            let most = long_lists.entry(line).or_default();
            *most = (*most).max(listed);
        }
        let Some(verdict) = verdict(
            &row,
            completed.contains(&person),
            tried.contains(&(person, pi)),
        ) else {
            continue;
        };
        let p = &document.paragraphs[pi];
        let Some((surface, start, end)) = surface(p, line, person) else {
            continue;
        };
        mentions.push(mention(
            source_id, p, line, surface, start, end, &row, &verdict, &document, &found,
        ));
    }
    for (line, count) in long_lists {
        doc.diagnostics
            .extend(long_list_warning(source_id, line, "prose.long_list", count));
    }
    mentions.sort_by_key(|(line, start, _)| (*line, *start));
    let mut last_line = None;
    let mut index = 0;
    for (line, _, mut m) in mentions {
        if last_line != Some(line) {
            index = crate::fields::next_index_in_line(&doc.mentions, source_id, line);
        }
        last_line = Some(line);
        m.index_in_line = index;
        index += 1;
        doc.mentions.push(m);
    }
}

/// What a row of claims comes to.
struct Verdict {
    status: Status,
    attempt: bool,
    /// The claims the year and fields are read from, strongest first.
    order: Vec<usize>,
}

/// The status of a row: a not-defector statement wins; a failure of an attempt the document
/// states makes a failed attempt; a completed defection or a label makes a defector; an
/// attempt alone is a defection when the document shows it succeeding, else a failed attempt.
/// A movement verb without destination, or a failure cue alone, counts only for someone the
/// document shows defecting or trying.
fn verdict(row: &[&ClaimRec], completed: bool, tried: bool) -> Option<Verdict> {
    let rank = |c: &ClaimRec| match (c.claim, c.weak) {
        (Claim::NotDefector, _) => 0,
        (Claim::Failed, _) => 1,
        (Claim::Defected, false) => 2,
        (Claim::Attempt, _) => 3,
        (Claim::Label, _) => 4,
        (Claim::Defected, true) => 5,
        (Claim::Returned, _) => 6,
    };
    let mut order: Vec<usize> = (0..row.len()).collect();
    order.sort_by_key(|&i| rank(row[i]));
    let has = |claim: Claim| row.iter().any(|c| c.claim == claim && !c.weak);
    if row.iter().all(|c| c.claim == Claim::Returned) && !completed {
        return None;
    }
    let (status, attempt) = if has(Claim::NotDefector) {
        (Status::NotDefector, false)
    } else if has(Claim::Failed) {
        if !tried {
            return None;
        }
        (Status::Defector, true)
    } else if has(Claim::Defected) || has(Claim::Label) {
        (Status::Defector, false)
    } else if has(Claim::Attempt) {
        (Status::Defector, !completed)
    } else if completed {
        (Status::Defector, false)
    } else {
        return None;
    };
    Some(Verdict {
        status,
        attempt,
        order,
    })
}

/// The surface name of a row: the first name of the person on that line written with two or
/// more words, else the first, with its byte span in the paragraph.
fn surface(p: &Paragraph<'_>, line: u32, person: usize) -> Option<(String, usize, usize)> {
    let mut first: Option<(String, usize, usize)> = None;
    let mut full: Option<(String, usize, usize)> = None;
    for (names, ids) in p.names.iter().zip(&p.persons) {
        for (name, id) in names.iter().zip(ids) {
            if *id != Some(person) || name.quoted {
                continue;
            }
            let start = p.tokens[name.tokens.start].start;
            let end = p.tokens[name.tokens.end - 1].end;
            if p.locate(start).0 != line {
                continue;
            }
            let written = written_name(p, name);
            let words = written.split_whitespace().count();
            if first.is_none() {
                first = Some((written.clone(), start, end));
            }
            if words >= 2 && full.is_none() {
                full = Some((written, start, end));
            }
        }
    }
    full.or(first)
}

/// Builds the mention of one row.
#[allow(clippy::too_many_arguments)]
fn mention(
    source_id: &str,
    p: &Paragraph<'_>,
    line: u32,
    surface: String,
    start: usize,
    end: usize,
    row: &[&ClaimRec],
    verdict: &Verdict,
    document: &Document<'_>,
    all: &[ClaimRec],
) -> (u32, u32, Mention) {
    let (_, line_start) = p.locate(start);
    let char_start = p.text[line_start..start].chars().count() as u32;
    let char_end = char_start + p.text[start..end].chars().count() as u32;
    let ordered: Vec<&ClaimRec> = verdict.order.iter().map(|&i| row[i]).collect();
    let main = ordered[0];
    let year = ordered
        .iter()
        .filter(|c| verdict.status != Status::NotDefector || c.claim == Claim::NotDefector)
        .find_map(|c| c.year.clone());
    let role = ordered.iter().find_map(|c| c.role.clone());
    let place = ordered
        .iter()
        .filter(|c| c.claim != Claim::NotDefector)
        .find_map(|c| c.place.clone());
    let outcome = ordered
        .iter()
        .find(|c| {
            matches!(c.claim, Claim::Failed | Claim::Returned)
                || (verdict.attempt && c.claim == Claim::Attempt)
        })
        .map(|c| c.phrase.clone());
    let sentence = &p.sentences[main.sentence];
    let (s_start, s_end) = (
        p.tokens[sentence.start].start,
        p.tokens[sentence.end - 1].end,
    );
    let place = route_with_settlement(p, place, (start, end), &main.together, s_end);
    // The name's place in the sentence, where the long sentence is cut around it.
    let (at, to) = if s_start <= start && end <= s_end {
        (start - s_start, end - s_start)
    } else {
        (0, 0)
    };
    let context = collapse_spaces(&context_around(&p.text[s_start..s_end], at, to));
    let together = together_names(main, document, all);
    let mention = Mention {
        provenance: Provenance {
            source_id: source_id.into(),
            line,
            section: Section::Prose,
            heading: None,
            context,
        },
        index_in_line: 0,
        surface_name: surface.into(),
        status: verdict.status,
        raw: RawFieldValues {
            year: year.as_ref().map(|(raw, _, _)| raw.into()),
            agency: agency_of(role.as_deref()).map(Into::into),
            profession: role.map(Into::into),
            destination: place.map(Into::into),
            outcome: outcome.map(Into::into),
            status_reason: (verdict.status == Status::NotDefector)
                .then(|| {
                    ordered
                        .iter()
                        .find(|c| c.claim == Claim::NotDefector)
                        .and_then(|c| c.reason.as_deref().map(Into::into))
                })
                .flatten(),
            ..RawFieldValues::default()
        }
        .into(),
        year: year.as_ref().map(|(_, min, max)| YearRange {
            min: *min,
            max: *max,
        }),
        born: None,
        died: None,
        together_with: together.into_iter().map(Into::into).collect(),
        char_span: Some((char_start, char_end)),
        companion: false,
        attempt: verdict.attempt,
    };
    (line, char_start, mention)
}

/// The place of defection followed by where the person settled (`Spain → United States`),
/// read after the name (byte span `name`) up to the name of a person outside the statement
/// (`together`) or the sentence end.
fn route_with_settlement(
    p: &Paragraph<'_>,
    place: Option<String>,
    name: (usize, usize),
    together: &[usize],
    sentence_end: usize,
) -> Option<String> {
    let name_end = name.1;
    if name_end >= sentence_end {
        return place;
    }
    let own = p
        .names
        .iter()
        .flatten()
        .zip(p.persons.iter().flatten())
        .find(|(n, _)| p.tokens[n.tokens.start].start == name.0)
        .and_then(|(_, id)| *id);
    let next_name = p
        .names
        .iter()
        .flatten()
        .zip(p.persons.iter().flatten())
        .filter(|(_, id)| id.is_none_or(|id| Some(id) != own && !together.contains(&id)))
        .map(|(n, _)| p.tokens[n.tokens.start].start)
        .filter(|&s| s > name_end && s < sentence_end)
        .min()
        .unwrap_or(sentence_end);
    let mut route: Vec<String> = place.into_iter().collect();
    for later in fields::settled_places(&p.text[name_end..next_name]) {
        if !route.contains(&later) {
            route.push(later);
        }
    }
    (!route.is_empty()).then(|| route.join(" → "))
}

/// A name as written, with the surname a couple shares (`Vladimir` → `Vladimir Petrov`).
fn written_name(p: &Paragraph<'_>, name: &names::Name) -> String {
    let text = &p.text[p.tokens[name.tokens.start].start..p.tokens[name.tokens.end - 1].end];
    match &name.shared_surname {
        Some(surname) => format!("{text} {surname}"),
        None => text.to_owned(),
    }
}

/// The names of the other persons of the row's main statement, as first written in full.
/// At most [`MAX_TOGETHER`] of them (a longer list is warned about by the caller).
fn together_names(main: &ClaimRec, document: &Document<'_>, _all: &[ClaimRec]) -> Vec<String> {
    let p = &document.paragraphs[main.paragraph];
    main.together
        .iter()
        .filter_map(|other| p.fullest.get(other))
        .map(|&(si, ni)| written_name(p, &p.names[si][ni]))
        .take(MAX_TOGETHER)
        .collect()
}

/// A readable account of how the extractor reads `text`: per sentence, the names (with their
/// evidence and person), the predicates with their subjects, and the pronoun references; then
/// the mentions. For developers tuning the lexicon (`cargo run -p defectors-parse --example
/// trace-prose FILE`).
pub fn trace(text: &str, lexicon: &Lexicon) -> String {
    use std::fmt::Write;
    let lines = crate::numbered_lines(text);
    let document = Document::read(&lines, lexicon);
    let mut out = String::new();
    for (pi, p) in document.paragraphs.iter().enumerate() {
        for si in 0..p.sentences.len() {
            let s = p.sentence(si, lexicon, &document.lower_words);
            let r = &p.sentences[si];
            let _ = writeln!(
                out,
                "[{pi}.{si}] {}",
                &p.text[p.tokens[r.start].start..p.tokens[r.end - 1].end]
            );
            for (n, name) in s.names.iter().enumerate() {
                let span =
                    &p.text[p.tokens[name.tokens.start].start..p.tokens[name.tokens.end - 1].end];
                let _ = writeln!(
                    out,
                    "    name {span:?} {:?} person {:?}{}{}",
                    name.evidence,
                    p.persons[si][n],
                    if name.possessive { " possessive" } else { "" },
                    if s.is_excluded(n, name.tokens.start) {
                        " excluded"
                    } else {
                        ""
                    },
                );
            }
            for pred in predicates::find_predicates(&p.text, &p.tokens, r.clone(), lexicon, s.names)
            {
                let found = subjects::subjects(&s, &pred);
                let _ = writeln!(
                    out,
                    "    predicate {:?} {:?} {:?} negated={} -> {:?}",
                    pred.phrase, pred.claim, pred.shape, pred.negated, found
                );
            }
            for (k, ids) in p.pronouns.range(r.clone()) {
                let _ = writeln!(
                    out,
                    "    pronoun {:?}@{k} -> persons {ids:?}",
                    p.tokens[*k].text(&p.text)
                );
            }
        }
    }
    let mut doc = ParsedDocument::default();
    extract_from_lines("trace", &lines, lexicon, &mut doc);
    for m in &doc.mentions {
        let _ = writeln!(
            out,
            "MENTION line {} {:?} {} year {:?} attempt {} role {:?} place {:?} reason {:?}",
            m.provenance.line,
            m.surface_name,
            m.status.as_str(),
            m.raw.year(),
            m.attempt,
            m.raw.profession(),
            m.raw.destination(),
            m.raw.status_reason()
        );
    }
    out
}
