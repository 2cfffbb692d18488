//! Property tests of the phrase finder (agency spellings, profession phrases): any phrases in
//! any text, Unicode that trips byte offsets included, never panic, and every occurrence is
//! the phrase itself between boundaries that hold.

use defectors_clean::phrases::{Boundary, PhraseSet};
use proptest::prelude::*;

/// Pieces of phrases and texts, with the Unicode that breaks byte arithmetic.
const PIECES: &[&str] = &[
    "KGB", "kgb", "officer", "s", "S", "pilot", "Sûreté", "SÛRETÉ", "İ", "ß", "ǅ", " ", "\u{a0}",
    "\u{301}", "\u{200d}", "_", "-", "'", "2", "é", "Ж", "ж", "אב", "—", ".", "\n",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(PIECES).prop_map(str::to_owned),
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|pieces| pieces.concat())
}

fn boundary() -> impl Strategy<Value = Boundary> {
    prop_oneof![Just(Boundary::WordOrPlural), Just(Boundary::NoLetter)]
}

/// Whether `matched` is `phrase` as the finder may find it: in one of its forms (as written;
/// if case-insensitive, in any ASCII case, all lower-case or all capitals), with a plural `s`
/// where the boundary allows one.
fn is_occurrence(matched: &str, phrase: &str, insensitive: bool, boundary: Boundary) -> bool {
    let forms = if insensitive {
        vec![
            phrase.to_owned(),
            phrase.to_lowercase(),
            phrase.to_uppercase(),
        ]
    } else {
        vec![phrase.to_owned()]
    };
    forms.iter().any(|form| {
        let same = |text: &str| {
            if insensitive {
                text.eq_ignore_ascii_case(form)
            } else {
                text == form
            }
        };
        same(matched)
            || (boundary == Boundary::WordOrPlural
                && matched.len() == form.len() + 1
                && matched.is_char_boundary(form.len())
                && same(&matched[..form.len()])
                && matched[form.len()..].eq_ignore_ascii_case("s"))
    })
}

/// Phrases, and a text made of them and of other pieces (so that they occur in it).
fn phrases_and_text() -> impl Strategy<Value = (Vec<(String, bool)>, String)> {
    prop::collection::vec((text(), any::<bool>()), 1..6).prop_flat_map(|phrases| {
        let mut pieces: Vec<String> = PIECES.iter().map(|p| (*p).to_owned()).collect();
        pieces.extend(phrases.iter().map(|(p, _)| p.clone()));
        pieces.extend(phrases.iter().map(|(p, _)| p.to_uppercase()));
        let text = prop::collection::vec(prop::sample::select(pieces), 0..16)
            .prop_map(|pieces| pieces.concat());
        (Just(phrases), text)
    })
}

proptest! {
    #[test]
    fn occurrences_are_the_phrases_on_char_boundaries(
        (phrases, haystack) in phrases_and_text(),
        boundary in boundary(),
    ) {
        let set = PhraseSet::new(phrases.clone(), boundary);
        for found in set.find_all(&haystack) {
            prop_assert!(found.start < found.end && found.end <= haystack.len());
            prop_assert!(haystack.is_char_boundary(found.start));
            prop_assert!(haystack.is_char_boundary(found.end));
            let (phrase, insensitive) = &phrases[found.phrase];
            let matched = &haystack[found.start..found.end];
            prop_assert!(
                is_occurrence(matched, phrase, *insensitive, boundary),
                "{matched:?} for {phrase:?}"
            );
            let before = haystack[..found.start].chars().next_back();
            let after = haystack[found.end..].chars().next();
            let (first, last) = (matched.chars().next(), matched.chars().next_back());
            let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            match boundary {
                Boundary::NoLetter => prop_assert!(!letter(before) && !letter(after)),
                Boundary::WordOrPlural => {
                    // Marks and joiners are word characters too: checked on the rest only.
                    let plain = |c: Option<char>| c.is_none_or(|c| c.is_alphanumeric()
                        || c == '_' || c.is_whitespace() || c.is_ascii_punctuation());
                    if [before, first, last, after].into_iter().all(plain) {
                        prop_assert!(word(before) != word(first), "{before:?} {first:?}");
                        prop_assert!(word(last) != word(after), "{last:?} {after:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_phrase_standing_alone_is_found(
        (phrases, _) in phrases_and_text(),
        boundary in boundary(),
    ) {
        let set = PhraseSet::new(phrases.clone(), boundary);
        for (i, (phrase, _)) in phrases.iter().enumerate() {
            // `\b` needs a word character at each end of the phrase.
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let bounded = boundary == Boundary::NoLetter
                || (word(phrase.chars().next()) && word(phrase.chars().next_back()));
            if phrase.is_empty() || !bounded {
                continue;
            }
            let text = format!("( {phrase} )");
            prop_assert!(
                set.find_all(&text).iter().any(|f| f.phrase == i
                    && &text[f.start..f.end] == phrase),
                "{phrase:?} in {text:?}"
            );
        }
    }
}
