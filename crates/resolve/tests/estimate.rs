//! Expectation–maximisation of the context weights, on pairs built for the test.

use defectors_resolve::estimate::{Field, Level, Weights, estimate};
use defectors_resolve::params::EM_MIN_PAIRS;
use defectors_resolve::{Evidence, EvidenceWeights};

/// A pair with name weights `names` (split over given name and surname) and one year level.
fn pair(names: f64, year: Level) -> Evidence {
    let mut e = Evidence {
        weights: EvidenceWeights {
            given: names / 2.0,
            surname: names / 2.0,
            ..EvidenceWeights::default()
        },
        surname_agrees: true,
        ..Evidence::default()
    };
    e.context[Field::Year as usize] = Some(year);
    e.reweigh(&Weights::priors());
    e
}

/// A corpus whose sources disagree on years by one as often as they agree: 1,500 pairs of
/// one person (strong names), half a year apart; 3,000 namesakes decades apart.
fn noisy_years() -> Vec<Evidence> {
    let mut pairs = Vec::new();
    for i in 0..1500 {
        let year = if i % 2 == 0 {
            Level::YearSame
        } else {
            Level::YearNear
        };
        pairs.push(pair(14.0, year));
    }
    for i in 0..3000 {
        let year = if i % 20 == 0 {
            Level::YearNear
        } else {
            Level::YearVeryFar
        };
        pairs.push(pair(-4.0, year));
    }
    pairs
}

#[test]
fn too_few_pairs_keep_the_priors() {
    let pairs: Vec<Evidence> = noisy_years().into_iter().take(EM_MIN_PAIRS - 1).collect();
    assert_eq!(estimate(pairs.iter()), Weights::priors());
}

#[test]
fn a_level_common_among_matches_gains_weight() {
    let pairs = noisy_years();
    let estimated = estimate(pairs.iter());
    let prior = Weights::priors();
    assert!(
        estimated.weight(Level::YearNear) > prior.weight(Level::YearNear) + 1.0,
        "one year apart: prior {:.2}, estimated {:.2}",
        prior.weight(Level::YearNear),
        estimated.weight(Level::YearNear)
    );
    assert!(estimated.weight(Level::YearVeryFar) < prior.weight(Level::YearVeryFar));
    // Levels never compared stay at their (normalised) priors: profession is untouched.
    let (m, u) = estimated.m_u(Level::ProfessionSame);
    assert!((m - 0.8).abs() < 1e-9 && (u - 0.2).abs() < 1e-9, "{m} {u}");
}

#[test]
fn reweighing_replaces_only_the_context_weights() {
    let mut e = pair(14.0, Level::YearNear);
    let fixed = e.fixed_weight();
    let pairs = noisy_years();
    let estimated = estimate(pairs.iter());
    e.reweigh(&estimated);
    assert!((e.fixed_weight() - fixed).abs() < 1e-9);
    assert!((e.weights.year - estimated.weight(Level::YearNear)).abs() < 1e-9);
}

#[test]
fn only_pairs_that_can_link_or_be_a_near_miss_matter_once_weighed() {
    use defectors_resolve::{CannotLink, PairLevels};
    let weights = Weights::priors();
    let matters = |e: &Evidence| PairLevels::of(e).may_matter(&weights);
    // A strong pair, and a weak one still at or above the near-miss threshold.
    assert!(matters(&pair(14.0, Level::YearSame)));
    assert!(matters(&pair(0.5, Level::YearSame)));
    // Namesakes decades apart score below it.
    assert!(!matters(&pair(-4.0, Level::YearVeryFar)));
    // Surnames that do not agree never link.
    let mut other_surname = pair(14.0, Level::YearSame);
    other_surname.surname_agrees = false;
    assert!(!matters(&other_surname));
    // A constrained pair matters only where it would otherwise have linked (a total of
    // 2 + 4.2 for the year is below the link threshold of 8; 14 + 4.2 is above).
    let mut constrained = pair(2.0, Level::YearSame);
    constrained.cannot_link = Some(CannotLink::GivenNames);
    assert!(!matters(&constrained));
    constrained = pair(14.0, Level::YearSame);
    constrained.cannot_link = Some(CannotLink::GivenNames);
    assert!(matters(&constrained));
}
