//! Events: what happened to a person, as the mentions tell it. A person can have several
//! events: failed attempts, a defection (perhaps later reversed), an exile.
//!
//! Rule. Each mention states at most one event: its outcome (`defected`, `failed`,
//! `returned`) or, for a source saying the term does not apply because the person was
//! exiled, `exiled`; a persons-table row without a year states none. All defection mentions
//! of a person are one event (their years and outcomes are values of it). A failed attempt
//! whose years meet the defection's (or that has no year) is a disagreement about that event;
//! other failed attempts are events of their own, one per span of years. The **chosen event**
//! gives `people.year`, `year_min`, `year_max`, `outcome` and the route: the defection, else
//! the last failed attempt, else the exile.

use compact_str::CompactString;
use defectors_clean::{CleanedMention, Outcome};
use defectors_model::{Mention, Section, Status, YearRange};

defectors_model::closed_set! {
    /// What kind of event happened (`events.kind`).
    pub enum EventKind {
        /// The person left and stayed.
        Defected = "defected",
        /// An attempt to defect that failed (caught, brought back).
        AttemptFailed = "attempt_failed",
        /// A defection after which the person went back.
        Returned = "returned",
        /// The person was sent abroad by the state (the source says the term does not apply).
        Exiled = "exiled",
    }
}

/// One event of one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `{person_id}:{n}`, n counting the person's events in year order from 1.
    pub event_id: CompactString,
    /// The person.
    pub person_id: CompactString,
    /// What happened.
    pub kind: EventKind,
    /// Earliest year any of its mentions allows.
    pub year_min: Option<i32>,
    /// Latest year any of its mentions allows.
    pub year_max: Option<i32>,
    /// The state left (the most common origin of its mentions).
    pub from_state: Option<CompactString>,
    /// The first country of its route (where the person defected or was caught).
    pub place: Option<CompactString>,
    /// The countries of its route, merged from its mentions.
    pub route: Vec<CompactString>,
    /// Whether this event gives the person's year, outcome and route.
    pub chosen: bool,
    /// Indexes of its mentions (of the mentions given to [`crate::resolve`]), in order.
    pub members: Vec<usize>,
}

/// The kind of event a mention states, if any.
pub fn mention_event(m: &Mention, c: &CleanedMention) -> Option<EventKind> {
    match m.status {
        Status::NotDefector => m
            .raw
            .status_reason()
            .filter(|r| r.to_lowercase().contains("exile"))
            .map(|_| EventKind::Exiled),
        _ if m.provenance.section == Section::Persons && m.year.is_none() => None,
        _ => Some(match c.outcome {
            Outcome::Defected => EventKind::Defected,
            Outcome::Failed => EventKind::AttemptFailed,
            Outcome::Returned => EventKind::Returned,
        }),
    }
}

/// The events of one person's mentions (ids, state, place and route are filled in by the
/// caller), in year order, with the chosen one marked.
pub(crate) fn group_events(
    group: &[usize],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
) -> Vec<Event> {
    let kinds: Vec<(usize, EventKind)> = group
        .iter()
        .filter_map(|&i| mention_event(&mentions[i], &cleaned[i]).map(|k| (i, k)))
        .collect();
    let of = |wanted: &[EventKind]| -> Vec<usize> {
        kinds
            .iter()
            .filter(|(_, k)| wanted.contains(k))
            .map(|(i, _)| *i)
            .collect()
    };
    let mut defection = of(&[EventKind::Defected, EventKind::Returned]);
    let years = |ms: &[usize]| span_of(ms.iter().filter_map(|&i| mentions[i].year));
    let defection_years = years(&defection);
    let mut attempts: Vec<Vec<usize>> = Vec::new();
    for i in of(&[EventKind::AttemptFailed]) {
        let y = mentions[i].year;
        if !defection.is_empty() && meets(y, defection_years) {
            defection.push(i);
        } else if let Some(a) = attempts.iter_mut().find(|a| meets(y, years(a))) {
            a.push(i);
        } else {
            attempts.push(vec![i]);
        }
    }
    let mut events: Vec<Event> = Vec::new();
    let mut push = |kind: EventKind, mut members: Vec<usize>| {
        members.sort_unstable();
        let span = years(&members);
        events.push(Event {
            event_id: CompactString::default(),
            person_id: CompactString::default(),
            kind,
            year_min: span.map(|s| s.min),
            year_max: span.map(|s| s.max),
            from_state: None,
            place: None,
            route: Vec::new(),
            chosen: false,
            members,
        });
    };
    if !defection.is_empty() {
        push(EventKind::Defected, defection);
    }
    for a in attempts {
        push(EventKind::AttemptFailed, a);
    }
    let exiles = of(&[EventKind::Exiled]);
    if !exiles.is_empty() {
        push(EventKind::Exiled, exiles);
    }
    mark_chosen(&mut events);
    events.sort_by_key(|e| (e.year_min.is_none(), e.year_min, e.year_max, e.kind));
    events
}

/// Marks the chosen event (module doc): the defection, else the last failed attempt, else
/// the exile.
fn mark_chosen(events: &mut [Event]) {
    let pick = events
        .iter()
        .position(|e| e.kind == EventKind::Defected)
        .or_else(|| {
            events
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EventKind::AttemptFailed)
                .max_by_key(|(i, e)| (e.year_max, std::cmp::Reverse(*i)))
                .map(|(i, _)| i)
        })
        .or_else(|| (!events.is_empty()).then_some(0));
    if let Some(i) = pick {
        events[i].chosen = true;
    }
}

/// The smallest range holding every range given.
fn span_of(ranges: impl Iterator<Item = YearRange>) -> Option<YearRange> {
    ranges.reduce(|a, b| YearRange {
        min: a.min.min(b.min),
        max: a.max.max(b.max),
    })
}

/// Whether a mention's years meet an event's: either is unknown, or the ranges overlap.
fn meets(year: Option<YearRange>, event: Option<YearRange>) -> bool {
    match (year, event) {
        (Some(y), Some(e)) => y.min <= e.max && e.min <= y.max,
        _ => true,
    }
}
