//! Outcome cues: did the defection fail, was it reversed, or did it stand?

use std::sync::LazyLock;

use defectors_parse::Pattern;

defectors_model::closed_set! {
    /// How a defection ended.
    pub enum Outcome {
        /// The person left and stayed (the default).
        Defected = "defected",
        /// The attempt failed (caught, arrested, brought back).
        Failed = "failed",
        /// The person went back (re-defected, returned).
        Returned = "returned",
    }
}

/// The patterns of this module, compiled ahead by [`crate::compile_patterns`].
pub(crate) static PATTERNS: &[&LazyLock<Pattern>] = &[&FAILED, &RETURNED, &WHO_CLAUSE, &DEATH];

static FAILED: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i)\b(?:failed (?:defection|attempt|escape|to (?:defect|escape|flee))|unsuccessful (?:defection|attempt|escape)|(?:was|were) (?:caught|captured|arrested)|forcibly (?:brought|returned|taken) back|forcibly brought|brought back)\b",
    )
});
static RETURNED: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(
        r"(?i)\b(?:re-?defected|redefected|went back|returned|repatriated)\b(\s+\w+)?",
    )
});

/// Words after `returned` that make it about an object (`returned his medal`), not the person.
const OBJECT_AFTER_RETURNED: &[&str] = &["his", "her", "their", "the", "a", "an", "it", "them"];

/// The outcome a text states, with the phrase that says so.
pub fn outcome_of(text: &str) -> Option<(Outcome, String)> {
    if let Some(m) = FAILED.find(text) {
        return Some((Outcome::Failed, m.as_str().to_owned()));
    }
    for caps in RETURNED.captures_iter(text) {
        let next = caps.get(1).map(|m| m.as_str().trim().to_lowercase());
        let whole = caps.get(0).expect("match");
        let cue = whole.as_str();
        let is_returned_word = cue.to_lowercase().starts_with("returned");
        if is_returned_word
            && next
                .as_deref()
                .is_some_and(|n| OBJECT_AFTER_RETURNED.contains(&n))
        {
            continue;
        }
        return Some((Outcome::Returned, cue.trim().to_owned()));
    }
    None
}

/// A relative clause about someone else: `who was caught`.
static WHO_CLAUSE: LazyLock<Pattern> =
    LazyLock::new(|| defectors_parse::pattern(r"\bwho\b[^.;,]*"));

/// Like [`outcome_of`] for notes about a person: a cue inside a relative clause about
/// someone else (`with friend X who was caught`) is not the person's outcome.
pub fn outcome_of_subject(text: &str) -> Option<(Outcome, String)> {
    let without = WHO_CLAUSE.replace_all(text, "");
    outcome_of(&without)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues() {
        let o = |t: &str| outcome_of(t).map(|(o, _)| o);
        assert_eq!(
            o("failed defection: she was forcibly brought back"),
            Some(Outcome::Failed)
        );
        assert_eq!(
            o("who was caught and jailed for three years"),
            Some(Outcome::Failed)
        );
        assert_eq!(
            o("contacted the consulate, was arrested by the police"),
            Some(Outcome::Failed)
        );
        assert_eq!(
            o("slipped away and re-defected to the Soviet Union"),
            Some(Outcome::Returned)
        );
        assert_eq!(o("later returned"), Some(Outcome::Returned));
        assert_eq!(
            o("defected to USA, “returned” after 3 months"),
            Some(Outcome::Returned)
        );
        assert_eq!(o("returned his medal to the embassy"), None);
        assert_eq!(o("tried and failed to set up a liaison"), None);
        assert_eq!(o("refused to return to the USSR"), None);
        assert_eq!(o("deprived of citizenship in 1978"), None);
        assert_eq!(
            outcome_of_subject("Defected with friend X who was caught and jailed"),
            None
        );
        assert!(
            outcome_of_subject("contacted the consulate, was arrested by the police").is_some()
        );
    }
}

/// Words that say a person died (`died`, `killed`, `apparent suicide`), as a regex alternation;
/// the place after one of them ends a route (see `PlaceIndex::parse_narrative`).
pub(crate) const DEATH_WORDS: &str = "died|suicide|killed|murdered|assassinated|executed|shot dead";

/// A death and its year: `killed in 1938`, `died in exile in 1941`.
static DEATH: LazyLock<Pattern> = LazyLock::new(|| {
    defectors_parse::pattern(&format!(
        r"(?i)\b(?:{DEATH_WORDS}|poisoned)\b[^.;()0-9]{{0,40}}?\b(1[89][0-9][0-9]|20[0-9][0-9])\b"
    ))
});

/// The year of death a note states (`killed in 1938`, `died in exile in 1941`), if any.
pub fn death_year_of(text: &str) -> Option<i32> {
    DEATH.captures(text)?.get(1)?.as_str().parse().ok()
}

#[cfg(test)]
mod death_tests {
    use super::death_year_of;

    #[test]
    fn a_death_year_is_read_after_a_death_verb_only() {
        assert_eq!(death_year_of("Switzerland; killed in 1938"), Some(1938));
        assert_eq!(
            death_year_of("died under mysterious circumstances in 1941"),
            Some(1941)
        );
        assert_eq!(death_year_of("defected in 1961; later wrote a book"), None);
        assert_eq!(
            death_year_of("apparent suicide in the United States in 1941"),
            Some(1941)
        );
        assert_eq!(death_year_of("killed by the NKVD; defected 1937"), None);
    }
}
