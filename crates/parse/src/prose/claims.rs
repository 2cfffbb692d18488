//! Claims: what each defection statement says about each person it names, with the year,
//! role, place and phrase it gives; then one row per person per line, with the status the
//! whole document supports (an attempt the document shows succeeding is a defection; an
//! attempt it never shows succeeding is a failed attempt).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use rayon::prelude::*;

use super::dates::{YearMention, has_relative_time, years_in};
use super::document::{Document, Paragraph};
use super::fields::{agency_phrase, appositive_role, place_after, role_before, who_clause_reason};
use super::lexicon::Lexicon;
use super::predicates::{
    Claim, Predicate, Shape, WEAK_CONTEXT, find_predicates, in_time_clause, is_weak,
};
use super::subjects::{Agent, Sentence, subjects};
use super::text::TokenKind;
use crate::fields::MAX_TOGETHER;

/// What one statement says about one person.
#[derive(Debug, Clone)]
pub struct ClaimRec {
    /// The person (document identity).
    pub person: usize,
    /// Paragraph index.
    pub paragraph: usize,
    /// Sentence index in the paragraph.
    pub sentence: usize,
    /// The token the person is named at for this claim (the name, or the antecedent of a
    /// pronoun), used for the row's line.
    pub anchor: usize,
    /// What the statement says.
    pub claim: Claim,
    /// A movement verb without a destination (kept only if the document shows a defection).
    pub weak: bool,
    /// A weak claim that stands only beside another defection statement of its paragraph.
    pub needs_context: bool,
    /// The year, as written with its range.
    pub year: Option<(String, i32, i32)>,
    /// Whether the sentence forbids borrowing a year from its neighbours.
    pub year_blocked: bool,
    /// The role phrase.
    pub role: Option<String>,
    /// The place of defection.
    pub place: Option<String>,
    /// The predicate as written.
    pub phrase: String,
    /// Why the person is not a defector, when the claim says so.
    pub reason: Option<String>,
    /// Other persons of the same statement (at most [`MAX_TOGETHER`]).
    pub together: Vec<usize>,
    /// How many other persons the statement names.
    pub together_count: usize,
}

/// A person an agent stands for: (person, token it is named at, list item range, name index).
type Named = (usize, usize, Option<Range<usize>>, Option<usize>);

/// A sentence's usable year and the persons it speaks of.
type SentenceYear = (Option<(String, i32, i32)>, HashSet<usize>);

/// Every claim of the document.
pub fn claims(doc: &Document<'_>, lexicon: &Lexicon) -> Vec<ClaimRec> {
    let by_paragraph: Vec<Vec<ClaimRec>> = (0..doc.paragraphs.len())
        .into_par_iter()
        .map(|pi| paragraph_claims(doc, pi, lexicon))
        .collect();
    let mut out: Vec<ClaimRec> = by_paragraph.into_iter().flatten().collect();
    out.extend(super::lists::list_claims(doc, lexicon));
    out
}

/// The claims of paragraph `pi`, in sentence order.
fn paragraph_claims(doc: &Document<'_>, pi: usize, lexicon: &Lexicon) -> Vec<ClaimRec> {
    let p = &doc.paragraphs[pi];
    let mut out = Vec::new();
    let mut previous: Option<(usize, Claim)> = None;
    for si in 0..p.sentences.len() {
        let s = p.sentence(si, lexicon, &doc.lower_words);
        let predicates = find_predicates(&p.text, &p.tokens, s.range.clone(), lexicon, s.names);
        let years = years_in(&p.text, &p.tokens, s.range.clone(), lexicon);
        let blocked = !years.is_empty() || has_relative_time(&p.tokens, s.range.clone(), lexicon);
        let before = out.len();
        for pred in &predicates {
            sentence_claims(
                doc,
                pi,
                si,
                &s,
                pred,
                &predicates,
                &years,
                blocked,
                &mut out,
            );
        }
        if predicates.is_empty()
            && let Some((ps, claim)) = previous
            && ps + 1 == si
        {
            continuation(doc, pi, si, &s, claim, blocked, &mut out);
        }
        if out.len() > before {
            previous = out.last().map(|c| (si, c.claim));
        }
    }
    settle_weak(&mut out, 0);
    borrow_years(p, lexicon, &mut out);
    out
}

/// The claims of one predicate of a sentence.
#[allow(clippy::too_many_arguments)]
fn sentence_claims(
    doc: &Document<'_>,
    pi: usize,
    si: usize,
    s: &Sentence<'_>,
    pred: &Predicate,
    all: &[Predicate],
    years: &[YearMention],
    blocked: bool,
    out: &mut Vec<ClaimRec>,
) {
    let p = &doc.paragraphs[pi];
    if in_time_clause(&p.text, &p.tokens, pred, s.range.start, s.lexicon)
        && !states_details(s, pred, years)
    {
        return;
    }
    let found = subjects(s, pred);
    let mut persons: Vec<Named> = Vec::new();
    let mut seen: HashSet<usize> = HashSet::default();
    for (agent, item) in &found.agents {
        for (person, anchor, name) in agent_persons(doc, pi, si, agent) {
            if seen.insert(person) {
                persons.push((person, anchor, item.clone(), name));
            }
        }
    }
    let claim = if found.negative && matches!(pred.claim, Claim::Defected | Claim::Attempt) {
        Claim::NotDefector
    } else {
        pred.claim
    };
    if found.negative && claim != Claim::NotDefector {
        return;
    }
    let ids: Vec<usize> = persons.iter().map(|(id, ..)| *id).collect();
    let firsts = group_firsts(s);
    for (person, anchor, item, name) in &persons {
        let year = match item {
            Some(range) => years
                .iter()
                .find(|y| !y.excluded && range.contains(&y.tokens.start))
                .map(|y| (y.raw.clone(), y.min, y.max)),
            None => pick_year(s, pred, all, years),
        };
        // A list member without a role of its own takes the role before the list
        // (`ballet dancers A, B and C`).
        let role = name.and_then(|n| role_of(s, n).or_else(|| role_of(s, firsts[n])));
        out.push(ClaimRec {
            person: *person,
            paragraph: pi,
            sentence: si,
            anchor: *anchor,
            claim,
            weak: is_weak(pred),
            needs_context: pred.phrase.ends_with(WEAK_CONTEXT),
            year,
            year_blocked: blocked || item.is_some(),
            role,
            place: matches!(pred.shape, Shape::Verb | Shape::Possessed)
                .then(|| place_of(s, pred))
                .flatten(),
            phrase: if claim == Claim::Returned {
                clause_around(s, pred)
            } else {
                clean_phrase(&pred.phrase)
            },
            reason: (claim == Claim::NotDefector).then(|| reason_of(s, pred, *name)),
            together: if found.together {
                ids.iter()
                    .copied()
                    .filter(|i| i != person)
                    .take(MAX_TOGETHER)
                    .collect()
            } else {
                Vec::new()
            },
            together_count: if found.together { ids.len() - 1 } else { 0 },
        });
    }
}

/// The comma- or semicolon-delimited clause around a predicate (`After a year Petrenko
/// re-defected to the Soviet Union`).
fn clause_around(s: &Sentence<'_>, pred: &Predicate) -> String {
    let stop = |k: usize| s.tokens[k].is_punct(s.text, &[',', ';', '(', ')', '.']);
    let from = (s.range.start..pred.tokens.start)
        .rev()
        .find(|&k| stop(k))
        .map_or(s.range.start, |k| k + 1);
    let to = (pred.tokens.end..s.range.end)
        .find(|&k| stop(k))
        .unwrap_or(s.range.end);
    crate::fields::collapse_spaces(&s.text[s.tokens[from].start..s.tokens[to - 1].end])
}

fn clean_phrase(phrase: &str) -> String {
    phrase
        .trim_end_matches(WEAK_CONTEXT)
        .trim_end_matches(super::predicates::WEAK_ALONE)
        .to_owned()
}

/// A time clause (`after she defected …`) still states the defection when it gives its own
/// destination, origin or year.
fn states_details(s: &Sentence<'_>, pred: &Predicate, years: &[YearMention]) -> bool {
    let end = (pred.tokens.end..s.range.end)
        .find(|&k| s.tokens[k].is_punct(s.text, &[',', ';', '.']))
        .unwrap_or(s.range.end);
    let complement = (pred.tokens.end..end).any(|k| {
        matches!(
            s.tokens[k].folded.as_str(),
            "to" | "from" | "into" | "across"
        )
    });
    complement
        || years
            .iter()
            .any(|y| !y.excluded && y.tokens.start >= pred.tokens.end && y.tokens.start < end)
}

/// The persons an agent stands for, with the token they are named at and the name index.
fn agent_persons(
    doc: &Document<'_>,
    pi: usize,
    si: usize,
    agent: &Agent,
) -> Vec<(usize, usize, Option<usize>)> {
    let p = &doc.paragraphs[pi];
    match agent {
        Agent::Name(n) => p.persons[si][*n]
            .map(|id| (id, p.names[si][*n].tokens.start, Some(*n)))
            .into_iter()
            .collect(),
        // A pronoun nothing before it names points to the subject of the next sentence
        // (`… a young man decides to try his luck: he wants to cross … Peter Fechter, 18, …`).
        Agent::Pronoun(k) => match p.pronouns.get(k) {
            Some(ids) => ids
                .iter()
                .filter_map(|id| anchor_of(p, *id, *k).map(|a| (*id, a, None)))
                .collect(),
            None if !names_before(p, *k) => next_sentence_subjects(doc, pi, si),
            None => Vec::new(),
        },
        Agent::Description => next_sentence_subjects(doc, pi, si),
    }
}

/// True when the paragraph names a person before token `k`.
fn names_before(p: &Paragraph<'_>, k: usize) -> bool {
    p.names.iter().zip(&p.persons).any(|(names, ids)| {
        names
            .iter()
            .zip(ids)
            .any(|(n, id)| id.is_some() && n.tokens.start < k)
    })
}

/// The token where a pronoun's person is named: the last mention before the pronoun in the
/// paragraph, else the first after.
fn anchor_of(p: &Paragraph<'_>, person: usize, pronoun: usize) -> Option<usize> {
    let at = p.named_at.get(&person)?;
    let before = at.partition_point(|&k| k < pronoun);
    before
        .checked_sub(1)
        .map(|i| at[i])
        .or_else(|| at.first().copied())
}

/// A description subject (`a young man decides to try …`) is named by the subject of the
/// next sentence (`Peter Fechter, 18, is …`).
fn next_sentence_subjects(
    doc: &Document<'_>,
    pi: usize,
    si: usize,
) -> Vec<(usize, usize, Option<usize>)> {
    let p = &doc.paragraphs[pi];
    if si + 1 >= p.sentences.len() {
        return Vec::new();
    }
    let lexicon_free = |n: usize| p.names[si + 1][n].possessive || p.names[si + 1][n].quoted;
    // The next sentence must open with the name, or with a short introduction and a comma
    // (`According to Alburt, Gata Kamsky, 14, and …`).
    let next = p.sentences[si + 1].clone();
    let opens = |start: usize| {
        start == next.start
            || (p.tokens[start - 1].is_punct(&p.text, &[','])
                && start - next.start <= 7
                && !(next.start..start - 1).any(|k| p.tokens[k].is_punct(&p.text, &[',', ';'])))
    };
    let Some(first) = (0..p.names[si + 1].len()).find(|&n| {
        !lexicon_free(n) && p.persons[si + 1][n].is_some() && opens(p.names[si + 1][n].prefix_start)
    }) else {
        return Vec::new();
    };
    let mut out = vec![first];
    let names = &p.names[si + 1];
    // The rest of the subject list: `Gata Kamsky, 14, and his father, Rustam Kamsky`.
    let mut k = names[first].tokens.end;
    let end = p.sentences[si + 1].end;
    let mut closing = false;
    while k < end {
        if let Some(n) = names.iter().position(|x| x.tokens.start == k) {
            out.push(n);
            if closing {
                break;
            }
            k = names[n].tokens.end;
            continue;
        }
        let t = &p.tokens[k];
        if t.folded == "and" {
            closing = true;
        } else if !(t.is_punct(&p.text, &[','])
            || t.kind == TokenKind::Number
            || (t.kind == TokenKind::Word && !t.capitalised && k - names[first].tokens.end < 8))
        {
            break;
        }
        k += 1;
    }
    out.into_iter()
        .filter_map(|n| p.persons[si + 1][n].map(|id| (id, names[n].tokens.start, None)))
        .collect()
}

/// The year of a predicate in its sentence: the nearest usable year after it (before the next
/// predicate or `;`), else the nearest before it in its clause.
fn pick_year(
    s: &Sentence<'_>,
    pred: &Predicate,
    all: &[Predicate],
    years: &[YearMention],
) -> Option<(String, i32, i32)> {
    let next_pred = all
        .iter()
        .map(|q| q.tokens.start)
        .filter(|&k| k > pred.tokens.start)
        .min()
        .unwrap_or(s.range.end);
    let clause_end = (pred.tokens.end..s.range.end)
        .find(|&k| s.tokens[k].is_punct(s.text, &[';']))
        .unwrap_or(s.range.end)
        .min(next_pred);
    // `…, in 1970 – Natalia Makarova`: the year of a gapped item belongs to that item.
    let gapped = |y: &YearMention| {
        s.tokens
            .get(y.tokens.end)
            .is_some_and(|t| t.is_punct(s.text, &['–', '—', '-']))
            && s.names.iter().any(|n| n.prefix_start == y.tokens.end + 1)
    };
    let clause_start = (s.range.start..pred.tokens.start)
        .rev()
        .find(|&k| s.tokens[k].is_punct(s.text, &[';']))
        .map_or(s.range.start, |k| k + 1);
    let prev_pred_end = all
        .iter()
        .map(|q| q.tokens.end)
        .filter(|&k| k <= pred.tokens.start)
        .max()
        .unwrap_or(s.range.start)
        .max(clause_start);
    let usable = |y: &&YearMention| !y.excluded && !gapped(y);
    let after = years
        .iter()
        .filter(usable)
        .filter(|y| y.tokens.start >= pred.tokens.end && y.tokens.start < clause_end)
        .filter(|y| y.tokens.start - pred.tokens.end <= 20)
        .min_by_key(|y| y.tokens.start);
    let before = || {
        years
            .iter()
            .filter(usable)
            .filter(|y| y.tokens.end <= pred.tokens.start && y.tokens.start >= prev_pred_end)
            .max_by_key(|y| y.tokens.start)
    };
    after.or_else(before).map(|y| (y.raw.clone(), y.min, y.max))
}

/// A movement verb without destination that needs context (`escaped in 1980`) stands when
/// its paragraph has another defection statement, and is dropped otherwise.
fn settle_weak(claims: &mut Vec<ClaimRec>, start: usize) {
    let context = claims[start..]
        .iter()
        .any(|c| c.claim == Claim::Defected && !c.weak);
    let mut i = start;
    while i < claims.len() {
        if claims[i].weak && claims[i].needs_context {
            if context {
                claims[i].weak = false;
                claims[i].needs_context = false;
            } else {
                claims.remove(i);
                continue;
            }
        }
        i += 1;
    }
}

/// Years borrowed from a neighbouring sentence (at most two away, the nearest before first)
/// that speaks of the same person or of nobody, when the claim's own sentence has no date.
/// Decades are never borrowed.
fn borrow_years(p: &Paragraph<'_>, lexicon: &Lexicon, claims: &mut [ClaimRec]) {
    if claims.iter().all(|c| c.year.is_some() || c.year_blocked) {
        return;
    }
    let neighbours: Vec<SentenceYear> = (0..p.sentences.len())
        .map(|si| {
            let range = p.sentences[si].clone();
            let year = years_in(&p.text, &p.tokens, range.clone(), lexicon)
                .into_iter()
                .find(|y| !y.excluded && y.min == y.max)
                .map(|y| (y.raw, y.min, y.max));
            let persons: HashSet<usize> = p.persons[si]
                .iter()
                .flatten()
                .copied()
                .chain(
                    p.pronouns
                        .range(range.clone())
                        .flat_map(|(_, ids)| ids.iter().copied()),
                )
                .collect();
            (year, persons)
        })
        .collect();
    for c in claims.iter_mut() {
        if c.year.is_some() || c.year_blocked {
            continue;
        }
        let order = [
            c.sentence.checked_sub(1),
            c.sentence.checked_sub(2),
            Some(c.sentence + 1),
            Some(c.sentence + 2),
        ];
        c.year = order
            .into_iter()
            .flatten()
            .filter_map(|si| neighbours.get(si))
            .find(|(year, persons)| {
                year.is_some() && (persons.is_empty() || persons.contains(&c.person))
            })
            .and_then(|(year, _)| year.clone());
    }
}

/// `Bohumil Ebermann and Vladimir Martinec were available too`: a sentence with no
/// predicate that ends in `too` or `as well` repeats the claim of the sentence before for the
/// people it names.
fn continuation(
    doc: &Document<'_>,
    pi: usize,
    si: usize,
    s: &Sentence<'_>,
    claim: Claim,
    blocked: bool,
    out: &mut Vec<ClaimRec>,
) {
    let too = s.range.clone().find(|&k| {
        s.tokens[k].folded == "too"
            || (s.tokens[k].folded == "well" && k > 0 && s.tokens[k - 1].folded == "as")
    });
    let Some(too) = too else {
        return;
    };
    let p = &doc.paragraphs[pi];
    for (n, name) in s.names.iter().enumerate() {
        if name.tokens.start > too || s.is_excluded(n, name.tokens.start) {
            continue;
        }
        let Some(person) = p.persons[si][n] else {
            continue;
        };
        out.push(ClaimRec {
            person,
            paragraph: pi,
            sentence: si,
            anchor: name.tokens.start,
            claim,
            weak: false,
            needs_context: false,
            year: None,
            year_blocked: blocked,
            role: role_of(s, n),
            place: None,
            phrase: "too".to_owned(),
            reason: (claim == Claim::NotDefector).then(|| "as the sentence before".to_owned()),
            together: Vec::new(),
            together_count: 0,
        });
    }
}

/// For each name of the sentence, the first name of the list it belongs to (names joined
/// only by commas, `and`, `or`), in one pass.
fn group_firsts(s: &Sentence<'_>) -> Vec<usize> {
    let mut firsts: Vec<usize> = Vec::with_capacity(s.names.len());
    for n in 0..s.names.len() {
        let joined = n > 0 && {
            let prev = &s.names[n - 1];
            let between = prev.tokens.end..s.names[n].prefix_start;
            !prev.possessive
                && !between.is_empty()
                && between.clone().all(|k| {
                    s.tokens[k].is_punct(s.text, &[','])
                        || matches!(s.tokens[k].folded.as_str(), "and" | "or")
                })
        };
        firsts.push(if joined { firsts[n - 1] } else { n });
    }
    firsts
}

/// The role phrase of name `n`: before it, or in apposition after it.
fn role_of(s: &Sentence<'_>, n: usize) -> Option<String> {
    let name = &s.names[n];
    let sentence_start = s.tokens[s.range.start].start;
    let sentence_end = s.tokens[s.range.end - 1].end;
    let text = &s.text[sentence_start..sentence_end];
    let start = s.tokens[name.tokens.start].start - sentence_start;
    let end = s.tokens[name.tokens.end - 1].end - sentence_start;
    // A role is read from at most ten words before the name, so only the names just before
    // it can stand in the way.
    let others: Vec<(usize, usize)> = s.names[n.saturating_sub(10)..n]
        .iter()
        .filter(|o| !o.possessive)
        .map(|o| {
            (
                s.tokens[o.tokens.start].start - sentence_start,
                s.tokens[o.tokens.end - 1].end - sentence_start,
            )
        })
        .collect();
    role_before(text, start, &others)
        .or_else(|| appositive_role(&text[end..]))
        .filter(|r| !r.is_empty())
}

/// The agency of a role phrase.
pub fn agency_of(role: Option<&str>) -> Option<String> {
    role.and_then(agency_phrase)
}

fn place_of(s: &Sentence<'_>, pred: &Predicate) -> Option<String> {
    let from = s.tokens[pred.tokens.end - 1].end;
    let to = s.tokens[s.range.end - 1].end;
    let phrase_start = s.tokens[pred.tokens.start].start;
    // Patterns that hold their own place (`crossed into West Berlin`) read from their start.
    place_after(&s.text[from..to]).or_else(|| place_after(&s.text[phrase_start..from]))
}

/// Why a not-defector claim holds: the `who` clause after a `did not apply to` list, else the
/// predicate as written.
fn reason_of(s: &Sentence<'_>, pred: &Predicate, name: Option<usize>) -> String {
    let apply = pred.phrase.to_lowercase().contains("apply");
    if apply && let Some(n) = name {
        let cue_end = s.tokens[pred.tokens.end - 1].end;
        let sentence_end = s.tokens[s.range.end - 1].end;
        let person_end = s.tokens[s.names[n].tokens.end - 1].end;
        if person_end > cue_end
            && let Some(reason) =
                who_clause_reason(&s.text[cue_end..sentence_end], person_end - cue_end)
        {
            return reason;
        }
    }
    clean_phrase(&pred.phrase)
}

/// Every row: one per person per line.
pub fn persons_by_line(
    claims: &[ClaimRec],
    doc: &Document<'_>,
) -> HashMap<(usize, u32, usize), Vec<usize>> {
    let mut rows: HashMap<(usize, u32, usize), Vec<usize>> = HashMap::default();
    for (i, c) in claims.iter().enumerate() {
        let p = &doc.paragraphs[c.paragraph];
        let (line, _) = p.locate(p.tokens[c.anchor].start);
        rows.entry((c.paragraph, line, c.person))
            .or_default()
            .push(i);
    }
    rows
}
