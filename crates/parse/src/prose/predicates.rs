//! Defection statements in a sentence: the predicate phrases of the lexicon, each classified
//! as a completed defection, an attempt, a failure, a not-defector statement (exile,
//! deportation, exchange, permission, explicit denial), a label or a list heading, with the
//! grammar that changes their meaning: negation, attempt phrases, bare infinitives, time
//! clauses that only refer back, and nouns that need a possessor.

use std::ops::Range;

use super::lexicon::{Lexicon, TermKind};
use super::names::Name;
use super::text::{Token, TokenKind};

/// What a predicate says about its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Claim {
    /// A label (`defector X`): a defector, but no event.
    Label,
    /// An attempt or intention that the sentence does not show succeeding.
    Attempt,
    /// A completed defection.
    Defected,
    /// The attempt failed (`was caught`).
    Failed,
    /// Not a defector (exiled, deported, exchanged, permitted to leave, explicitly denied).
    NotDefector,
    /// Went back after defecting (`re-defected`).
    Returned,
}

/// How the subject of a predicate is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A verb phrase: its subject stands before it.
    Verb,
    /// A noun with a possessor (`X's defection`, `his escape`).
    Possessed,
    /// A label noun (`defector`): the name next to it.
    Label,
    /// A list heading word (`exiles`): the items after a colon.
    ListHeading,
    /// An exchange: the names on both sides.
    Exchange,
    /// Repeats the defection of an earlier sentence (`followed`; `so did X` names its
    /// subject after it).
    Anaphoric,
    /// Every person named after the phrase in the sentence (`did not apply to X; Y; or Z`).
    Forward,
    /// The list of people right after the phrase (`granted asylum to cipher clerk X`).
    Recipient,
}

/// One predicate found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicate {
    /// Its tokens.
    pub tokens: Range<usize>,
    /// What it says.
    pub claim: Claim,
    /// How its subject is found.
    pub shape: Shape,
    /// Whether a negation governs it (`did not defect`, `not asking … for asylum`).
    pub negated: bool,
    /// The phrase as written (a not-defector reason, an outcome cue).
    pub phrase: String,
}

/// The predicates of the sentence `range`, in order, without overlaps.
pub fn find_predicates(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    lexicon: &Lexicon,
    names: &[Name],
) -> Vec<Predicate> {
    const KINDS: [TermKind; 12] = [
        TermKind::Denial,
        TermKind::Grant,
        TermKind::Returned,
        TermKind::NotDefector,
        TermKind::Exchange,
        TermKind::Failed,
        TermKind::Defect,
        TermKind::Move,
        TermKind::Noun,
        TermKind::Label,
        TermKind::ListLabel,
        TermKind::Anaphoric,
    ];
    let mut out = Vec::new();
    let mut k = range.start;
    while k < range.end {
        let best = KINDS
            .iter()
            .filter_map(|&kind| {
                lexicon
                    .match_at(kind, tokens, k, range.end)
                    .map(|end| (kind, end))
            })
            .max_by_key(|(kind, end)| {
                (
                    *end,
                    std::cmp::Reverse(KINDS.iter().position(|x| x == kind)),
                )
            });
        let Some((mut kind, end)) = best else {
            k += 1;
            continue;
        };
        // `his 1979 escape`, `Krivitsky's flight`: a word that is both a verb and a noun is a
        // noun after a determiner, a possessive or a year.
        if kind == TermKind::Move
            && lexicon.match_at(TermKind::Noun, tokens, k, range.end) == Some(end)
            && k > range.start
            && {
                let before = &tokens[k - 1];
                before.kind == TokenKind::Possessive
                    || before.kind == TokenKind::Number
                    || matches!(
                        before.folded.as_str(),
                        "his"
                            | "her"
                            | "their"
                            | "its"
                            | "the"
                            | "a"
                            | "an"
                            | "this"
                            | "that"
                            | "my"
                            | "our"
                    )
            }
        {
            kind = TermKind::Noun;
        }
        if let Some(p) = classify(text, tokens, k..end, kind, range.clone(), lexicon, names) {
            out.push(p);
        }
        k = end;
    }
    out
}

fn classify(
    text: &str,
    tokens: &[Token],
    hit: Range<usize>,
    kind: TermKind,
    sentence: Range<usize>,
    lexicon: &Lexicon,
    names: &[Name],
) -> Option<Predicate> {
    let phrase = text[tokens[hit.start].start..tokens[hit.end - 1].end].to_owned();
    let first = &tokens[hit.start];
    // A label or noun written capitalised mid-sentence is a title (`Soviet Defectors`).
    if matches!(kind, TermKind::Label | TermKind::Noun | TermKind::ListLabel)
        && first.capitalised
        && hit.start > sentence.start
        && !super::names::is_title_case(text, tokens, sentence.clone(), lexicon)
    {
        return None;
    }
    let (claim, shape) = match kind {
        TermKind::Denial => (Claim::NotDefector, Shape::Forward),
        TermKind::Grant => (Claim::Defected, Shape::Recipient),
        TermKind::Returned => (Claim::Returned, Shape::Verb),
        TermKind::NotDefector => (Claim::NotDefector, Shape::Verb),
        TermKind::Exchange => (Claim::NotDefector, Shape::Exchange),
        TermKind::Failed => (Claim::Failed, Shape::Verb),
        TermKind::Label => (Claim::Label, Shape::Label),
        TermKind::ListLabel => (Claim::Label, Shape::ListHeading),
        TermKind::Anaphoric => (Claim::Defected, Shape::Anaphoric),
        TermKind::Noun => (Claim::Defected, Shape::Possessed),
        _ => (Claim::Defected, Shape::Verb),
    };
    let mut predicate = Predicate {
        tokens: hit.clone(),
        claim,
        shape,
        negated: negated(tokens, hit.start, sentence.start, lexicon),
        phrase,
    };
    if kind == TermKind::Denial {
        return Some(predicate);
    }
    if matches!(kind, TermKind::Defect | TermKind::Move | TermKind::Noun) {
        if kind == TermKind::Move
            && hit.len() == 1
            && !has_complement(text, tokens, hit.end, sentence.end, lexicon)
        {
            // `made Comaneci flee`: some verbs leave the country even without a destination
            // (kept for someone the document shows defecting); `he escaped after being
            // captured` may be any escape (from captivity, a camp).
            let alone = lexicon.is(TermKind::MoveAlone, &first.folded);
            if in_time_clause(text, tokens, &predicate, sentence.start, lexicon) && !alone {
                return None;
            }
            predicate
                .phrase
                .push_str(if alone { WEAK_ALONE } else { WEAK_CONTEXT });
            return Some(predicate);
        }
        let attempt = attempt_before(tokens, hit.start, sentence.start, lexicon);
        if attempt {
            predicate.claim = Claim::Attempt;
        } else if bare_infinitive(tokens, hit.start, sentence.start, lexicon, names) {
            return None;
        }
        if kind == TermKind::Noun && !attempt {
            let before = hit.start.checked_sub(1).map(|b| &tokens[b]);
            // `the act of defecting`, `That '75 defection`: no statement about anyone.
            if before.is_some_and(|b| b.folded == "of") {
                return None;
            }
        }
        if kind != TermKind::Noun
            && hit.start > sentence.start
            && tokens[hit.start - 1].folded == "of"
            && tokens[hit.start].text(text).ends_with("ing")
        {
            return None;
        }
    }
    if kind == TermKind::NotDefector
        && (hit.end..(hit.end + 3).min(sentence.end)).any(|k| {
            lexicon
                .match_at(TermKind::NotAbroad, tokens, k, sentence.end)
                .is_some()
        })
    {
        return None;
    }
    if predicate.negated && matches!(predicate.claim, Claim::Defected | Claim::Attempt) {
        predicate.claim = Claim::NotDefector;
    }
    Some(predicate)
}

/// The mark of a movement verb without destination that leaves the country by itself
/// (`flee`): kept for someone the document shows defecting.
pub const WEAK_ALONE: &str = " (no destination)";
/// The mark of a movement verb without destination that needs other defection statements in
/// its paragraph (`escaped in 1980`, beside `had defected in 1976`).
pub const WEAK_CONTEXT: &str = " (no destination; context)";

/// True when the predicate is marked weak (a movement verb without a destination).
pub fn is_weak(p: &Predicate) -> bool {
    p.phrase.ends_with(WEAK_ALONE) || p.phrase.ends_with(WEAK_CONTEXT)
}

/// A destination or origin within four words after a movement verb (`fled in 1928 to France`,
/// `flee her homeland`).
fn has_complement(
    text: &str,
    tokens: &[Token],
    from: usize,
    limit: usize,
    lexicon: &Lexicon,
) -> bool {
    let mut seen = 0;
    let mut k = from;
    while k < limit && seen < 5 {
        let t = &tokens[k];
        if t.kind == TokenKind::Punct && !t.is_punct(text, &['\'', '’']) {
            return false;
        }
        if lexicon.is(TermKind::Complement, &t.folded) {
            return true;
        }
        if t.is_wordlike() {
            seen += 1;
        }
        k += 1;
    }
    false
}

/// A negation right before the predicate (`did not defect`, `not asking`, `never returned`).
fn negated(tokens: &[Token], at: usize, floor: usize, lexicon: &Lexicon) -> bool {
    let from = at.saturating_sub(3).max(floor);
    (from..at).any(|k| lexicon.is(TermKind::Negation, &tokens[k].folded))
}

/// An attempt phrase before the predicate in the same clause (`tried to defect`, `made up
/// his mind to try a bold defection`, `was preparing to defect`).
fn attempt_before(tokens: &[Token], at: usize, floor: usize, lexicon: &Lexicon) -> bool {
    let mut k = at;
    let mut words = 0;
    while k > floor && words < 9 {
        k -= 1;
        let t = &tokens[k];
        if t.kind == TokenKind::Punct {
            return false;
        }
        if lexicon
            .match_at(TermKind::Attempt, tokens, k, at + 1)
            .is_some()
        {
            return true;
        }
        words += 1;
    }
    false
}

/// `to defect` with no subject of its own, no attempt phrase and no `the first … to`: an
/// infinitive that states nothing (`sought in 1972 to leave`, `a way to escape`).
fn bare_infinitive(
    tokens: &[Token],
    at: usize,
    floor: usize,
    lexicon: &Lexicon,
    names: &[Name],
) -> bool {
    if at == floor || tokens[at - 1].folded != "to" {
        return false;
    }
    let before_to = at.checked_sub(2).filter(|b| *b >= floor);
    // `drove Comaneci to flee`, `forced him to defect`: the object does it.
    if before_to.is_some_and(|b| {
        names.iter().any(|n| n.tokens.end == b + 1 && !n.possessive)
            || matches!(tokens[b].folded.as_str(), "him" | "her" | "them")
    }) {
        return false;
    }
    // `the first … to defect`, `the only … to escape`.
    let from = at.saturating_sub(12).max(floor);
    !(from..at).any(|k| lexicon.is(TermKind::Ordinal, &tokens[k].folded))
}

/// True when the predicate sits in a time clause that only refers back to a defection
/// (`after his defection`, `until he escaped`): a temporal word before it in its clause.
pub fn in_time_clause(
    text: &str,
    tokens: &[Token],
    p: &Predicate,
    floor: usize,
    lexicon: &Lexicon,
) -> bool {
    let mut k = p.tokens.start;
    let mut words = 0;
    while k > floor && words < 4 {
        k -= 1;
        let t = &tokens[k];
        if t.kind == TokenKind::Punct && !t.is_punct(text, &['\'', '’']) {
            return false;
        }
        if lexicon.is(TermKind::Temporal, &t.folded) {
            return true;
        }
        if t.is_wordlike() {
            words += 1;
        }
    }
    false
}
