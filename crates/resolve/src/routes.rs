//! One journey from the partial routes the sources give (`France → USA`, `defected in Paris`,
//! `stationed in Spain`): routes that fit together are merged, not voted on.
//!
//! Rule. Each mention's route is its stops in order. The merged route holds every country
//! any route names; a country's kind (refuge, transit, posting) is the one most routes give
//! it (ties: refuge, then posting, then transit). Order: every route's own order is kept; a
//! country no route orders against another comes first when it is a posting or transit (a
//! posting is where the person was when they left). Routes are **incompatible** when two of
//! them order countries both ways, or when two refuges end up with nothing ordering them
//! (`Japan` in one source, `Manchukuo` in another): then no route is merged and the
//! destination fields are chosen by the general choice rule, as a conflict.

use std::collections::{BTreeMap, BTreeSet};

use defectors_clean::Stop;

/// Merges routes given in priority order (the first route's order of appearance breaks
/// ties). `None` when they are incompatible (see the module doc).
pub fn merge_routes(routes: &[&[Stop]]) -> Option<Vec<Stop>> {
    let routes: Vec<Vec<&Stop>> = routes
        .iter()
        .map(|r| dedup_countries(r))
        .filter(|r| !r.is_empty())
        .collect();
    let mut appearance: Vec<&str> = Vec::new();
    for stop in routes.iter().flatten() {
        if !appearance.contains(&stop.country.as_str()) {
            appearance.push(&stop.country);
        }
    }
    let kinds: BTreeMap<&str, Kind> = appearance
        .iter()
        .map(|c| (*c, majority_kind(&routes, c)))
        .collect();
    let mut after: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for route in &routes {
        for pair in route.windows(2) {
            after
                .entry(pair[0].country.as_str())
                .or_default()
                .insert(pair[1].country.as_str());
        }
    }
    let order = topological_order(&appearance, &after, &kinds)?;
    let refuges: Vec<&str> = order
        .iter()
        .copied()
        .filter(|c| kinds[c] == Kind::Refuge)
        .collect();
    if refuges.windows(2).any(|w| !reaches(&after, w[0], w[1])) {
        return None;
    }
    Some(
        order
            .iter()
            .map(|c| {
                let written = routes
                    .iter()
                    .flatten()
                    .find(|s| s.country == *c)
                    .map(|s| s.written.clone())
                    .unwrap_or_default();
                Stop {
                    country: (*c).into(),
                    written,
                    transit: kinds[c] == Kind::Transit,
                    posting: kinds[c] == Kind::Posting,
                }
            })
            .collect(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Posting,
    Transit,
    Refuge,
}

fn kind_of(stop: &Stop) -> Kind {
    if stop.transit {
        Kind::Transit
    } else if stop.posting {
        Kind::Posting
    } else {
        Kind::Refuge
    }
}

/// The route with a country's repeats removed (the first visit kept).
fn dedup_countries(route: &[Stop]) -> Vec<&Stop> {
    let mut out: Vec<&Stop> = Vec::new();
    for stop in route {
        if !out.iter().any(|s| s.country == stop.country) {
            out.push(stop);
        }
    }
    out
}

/// The kind most routes give a country; ties: refuge, then posting, then transit.
fn majority_kind(routes: &[Vec<&Stop>], country: &str) -> Kind {
    let mut votes: BTreeMap<Kind, usize> = BTreeMap::new();
    for stop in routes.iter().flatten().filter(|s| s.country == country) {
        *votes.entry(kind_of(stop)).or_insert(0) += 1;
    }
    let rank = |k: Kind| match k {
        Kind::Refuge => 2,
        Kind::Posting => 1,
        Kind::Transit => 0,
    };
    votes
        .iter()
        .max_by_key(|(k, n)| (**n, rank(**k)))
        .map_or(Kind::Refuge, |(k, _)| *k)
}

/// Kahn's order of the countries; among those free to go next, postings and transit first,
/// then the order of appearance. `None` on a cycle (two routes ordering countries both ways).
fn topological_order<'a>(
    appearance: &[&'a str],
    after: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    kinds: &BTreeMap<&str, Kind>,
) -> Option<Vec<&'a str>> {
    let mut incoming: BTreeMap<&str, usize> = appearance.iter().map(|c| (*c, 0)).collect();
    for next in after.values().flatten() {
        *incoming.entry(next).or_insert(0) += 1;
    }
    let mut order = Vec::with_capacity(appearance.len());
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while order.len() < appearance.len() {
        let next = appearance
            .iter()
            .enumerate()
            .filter(|(_, c)| !done.contains(**c) && incoming[**c] == 0)
            .min_by_key(|(i, c)| (kinds[**c] == Kind::Refuge, *i))
            .map(|(_, c)| *c)?;
        done.insert(next);
        order.push(next);
        for n in after.get(next).into_iter().flatten() {
            *incoming.get_mut(n).expect("a known country") -= 1;
        }
    }
    Some(order)
}

/// True when some route leads from `from` to `to`.
fn reaches(after: &BTreeMap<&str, BTreeSet<&str>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    while let Some(c) = stack.pop() {
        if c == to {
            return true;
        }
        if seen.insert(c) {
            stack.extend(after.get(c).into_iter().flatten().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A route from `A>B` notation: `A` refuge, `~A` transit, `@A` posting.
    fn route(text: &str) -> Vec<Stop> {
        text.split('>')
            .map(|s| {
                let (transit, posting) = (s.starts_with('~'), s.starts_with('@'));
                let country = compact_str::CompactString::from(s.trim_start_matches(['~', '@']));
                Stop {
                    written: country.clone(),
                    country,
                    transit,
                    posting,
                }
            })
            .collect()
    }

    fn merged(routes: &[&str]) -> Option<String> {
        let owned: Vec<Vec<Stop>> = routes.iter().map(|r| route(r)).collect();
        let refs: Vec<&[Stop]> = owned.iter().map(Vec::as_slice).collect();
        merge_routes(&refs).map(|stops| {
            stops
                .iter()
                .map(|s| match (s.transit, s.posting) {
                    (true, _) => format!("~{}", s.country),
                    (_, true) => format!("@{}", s.country),
                    _ => s.country.to_string(),
                })
                .collect::<Vec<_>>()
                .join(">")
        })
    }

    #[test]
    fn routes_that_fit_together_merge() {
        // A prefix and the whole route.
        assert_eq!(
            merged(&["Finland>Usa", "Usa"]).as_deref(),
            Some("Finland>Usa")
        );
        assert_eq!(
            merged(&["Austria", "Austria>Usa"]).as_deref(),
            Some("Austria>Usa")
        );
        // A posting two sources give outweighs one source calling it a refuge.
        assert_eq!(
            merged(&["@Spain", "Spain>Usa", "@Spain>Usa"]).as_deref(),
            Some("@Spain>Usa")
        );
        // A tour place no route orders goes first.
        assert_eq!(
            merged(&["@Germany", "France>Usa"]).as_deref(),
            Some("@Germany>France>Usa")
        );
        // Transit kept in its place.
        assert_eq!(
            merged(&["~Iran>~India>France", "France"]).as_deref(),
            Some("~Iran>~India>France")
        );
    }

    #[test]
    fn incompatible_routes_do_not_merge() {
        // Two refuges nothing orders.
        assert_eq!(merged(&["Japan", "Manchukuo"]), None);
        // Opposite orders.
        assert_eq!(merged(&["France>Usa", "Usa>France"]), None);
        // One route alone always stands.
        assert_eq!(merged(&["Usa>France"]).as_deref(), Some("Usa>France"));
        assert_eq!(merged(&[]).as_deref(), Some(""));
    }
}
