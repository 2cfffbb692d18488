//! One phonetic skeleton for every way a Slavic name is written: the spellings that the
//! transliteration schemes of English, German, French, Polish, Czech, ISO 9, BGN/PCGN and the
//! Ukrainian and Bulgarian national schemes give one sound map to one symbol
//! (`data/reference/skeleton.csv`: `ch`/`tsch`/`tch`/`cz`/`č` → C, `sh`/`sch`/`sz`/`š` → S,
//! `kh`/`h`/`g` → H, `-off`/`-ow`/`-ov` → OV, …), a glide before a vowel is dropped
//! (`ya`/`ja`/`ia`/`â` → A) and a feminine ending made masculine. Cyrillic is transliterated
//! first, so it meets its Latin spellings. A spelling several schemes read differently (`ch`
//! is ч in English, х in German, ш in French) gives one key per reading.
//!
//! The table is compiled in (it is data, edited like the other reference tables; a rebuild
//! picks up a change).

use std::collections::HashMap;
use std::sync::LazyLock;

/// The most keys one word gets (readings of its first ambiguous spellings).
const MAX_KEYS: usize = 6;

/// The rules: spelling (lower case, `$` = word end) → its readings, longest spellings first.
struct Rules {
    rules: Vec<(String, bool, Vec<String>)>,
    /// The indexes in `rules` of the spellings starting with each ASCII character, in
    /// `rules`' order (most words are ASCII: an array is looked up without hashing).
    by_ascii: Vec<Vec<usize>>,
    /// As `by_ascii`, for the other first letters.
    by_first: HashMap<char, Vec<usize>>,
}

static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::parse(SKELETON_CSV));

/// `data/reference/skeleton.csv`.
const SKELETON_CSV: &str = include_str!("../../../data/reference/skeleton.csv");

impl Rules {
    fn parse(text: &str) -> Self {
        let mut rules: Vec<(String, bool, Vec<String>)> = Vec::new();
        for line in text.lines().skip(1) {
            let mut cols = line.splitn(3, ',');
            let (Some(spelling), Some(sound)) = (cols.next(), cols.next()) else {
                continue;
            };
            let (spelling, at_end) = match spelling.strip_suffix('$') {
                Some(s) => (s.to_owned(), true),
                None => (spelling.to_owned(), false),
            };
            match rules
                .iter_mut()
                .find(|(s, end, _)| *s == spelling && *end == at_end)
            {
                Some((_, _, readings)) => readings.push(sound.to_owned()),
                None => rules.push((spelling, at_end, vec![sound.to_owned()])),
            }
        }
        rules.sort_by_key(|(s, end, _)| (std::cmp::Reverse(s.chars().count()), !*end));
        let mut by_ascii: Vec<Vec<usize>> = vec![Vec::new(); 128];
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, (spelling, _, _)) in rules.iter().enumerate() {
            match spelling.chars().next() {
                Some(first) if first.is_ascii() => by_ascii[first as usize].push(i),
                Some(first) => by_first.entry(first).or_default().push(i),
                None => {}
            }
        }
        Rules {
            rules,
            by_ascii,
            by_first,
        }
    }

    /// The readings of the longest rule matching at the start of `rest`, and its length.
    fn at(&self, rest: &str) -> Option<(usize, &[String])> {
        let first = rest.chars().next()?;
        let candidates = if first.is_ascii() {
            &self.by_ascii[first as usize]
        } else {
            self.by_first.get(&first)?
        };
        candidates
            .iter()
            .map(|&i| &self.rules[i])
            .find(|(s, end, _)| rest.starts_with(s.as_str()) && (!end || rest.len() == s.len()))
            .map(|(s, _, readings)| (s.len(), readings.as_slice()))
    }
}

/// The skeleton keys of one name word (one per reading of its first ambiguous spellings, at
/// most [`MAX_KEYS`]), sorted, without repeats; empty for a word with no letter.
pub fn skeletons(word: &str) -> Vec<String> {
    let latin = prepare(word);
    let mut keys: Vec<String> = vec![String::new()];
    let mut rest = latin.as_str();
    while let Some(c) = rest.chars().next() {
        let Some((len, readings)) = RULES.at(rest) else {
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let branch = keys.len() * readings.len() <= MAX_KEYS;
        match readings {
            [one, ..] if !branch || readings.len() == 1 => {
                keys.iter_mut().for_each(|k| k.push_str(one));
            }
            _ => {
                keys = keys
                    .iter()
                    .flat_map(|k| readings.iter().map(move |r| format!("{k}{r}")))
                    .collect();
            }
        }
        rest = &rest[len..];
    }
    let mut keys: Vec<String> = keys
        .iter()
        .map(|k| normalise(k))
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The word in lower-case Latin letters: Cyrillic transliterated, letters the rules know kept
/// (`č`, `ł`, `ë`, …), any other letter folded to ASCII (`á` → `a`), other characters dropped
/// except the apostrophe marks of a soft sign.
fn prepare(word: &str) -> String {
    let latin = crate::names::to_latin(word).to_lowercase();
    let mut out = String::with_capacity(latin.len());
    for c in latin.chars() {
        if c.is_ascii_lowercase() || RULES.at(c.encode_utf8(&mut [0; 4])).is_some() {
            out.push(c);
        } else if c.is_alphabetic() {
            out.extend(
                any_ascii::any_ascii_char(c)
                    .chars()
                    .filter(char::is_ascii_alphabetic)
                    .map(|a| a.to_ascii_lowercase()),
            );
        }
    }
    out
}

/// A key with doubled letters collapsed, glides dropped and a feminine ending made masculine
/// (see [`collapse`], [`drop_glides`], [`masculine`]). Keys are the readings of
/// `skeleton.csv`, ASCII capitals: they are done in one buffer of bytes, with the same result
/// as the functions on text.
fn normalise(key: &str) -> String {
    if !key.is_ascii() {
        return masculine(&collapse(&drop_glides(&collapse(key))));
    }
    let mut bytes = key.as_bytes().to_vec();
    bytes.dedup();
    let vowel = |b: Option<&u8>| b.is_some_and(|b| b"AEOU".contains(b));
    let mut kept = 0;
    for i in 0..bytes.len() {
        if !(bytes[i] == b'I' && vowel(bytes.get(i + 1))) {
            bytes[kept] = bytes[i];
            kept += 1;
        }
    }
    bytes.truncate(kept);
    bytes.dedup();
    let collapsed = String::from_utf8(bytes).expect("ASCII in, ASCII out");
    masculine(&collapsed)
}

/// Drops a glide `I` before a vowel (`IA` → `A`: я written ya, ja, ia, â).
fn drop_glides(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let vowel = |c: char| "AEOU".contains(c);
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| !(c == 'I' && chars.get(i + 1).is_some_and(|&n| vowel(n))))
        .map(|(_, &c)| c)
        .collect()
}

/// Collapses a letter written twice (`SS` → `S`, `II` → `I`).
fn collapse(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// A feminine ending made masculine (`OVA` → `OV`, `INA` → `IN`, `ZKA` → `ZKI`), and `EV`
/// written `OV` (ё after a hushing consonant is `e` in English, `o` elsewhere: Gorbachev,
/// Gorbatschow).
fn masculine(key: &str) -> String {
    for (feminine, masculine) in [
        ("ZKA", "ZKI"),
        ("OVA", "OV"),
        ("EVA", "OV"),
        ("INA", "IN"),
        ("EV", "OV"),
    ] {
        if let Some(stem) = key.strip_suffix(feminine)
            && stem.len() >= 2
        {
            return format!("{stem}{masculine}");
        }
    }
    key.to_owned()
}

/// Whether two words share a skeleton key.
pub fn skeletons_meet(a: &[String], b: &[String]) -> bool {
    a.iter().any(|k| b.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spelling sets of one name, one set per line: every spelling must share a key with the
    /// first.
    const SPELLING_SETS: &str = include_str!("../tests/data/skeleton_sets.txt");

    #[test]
    fn every_spelling_of_a_set_meets_the_first() {
        let mut failures = Vec::new();
        for line in SPELLING_SETS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let words: Vec<&str> = line.split(',').map(str::trim).collect();
            let first = skeletons(words[0]);
            for w in &words[1..] {
                if !skeletons_meet(&first, &skeletons(w)) {
                    failures.push(format!("{} {first:?} / {w} {:?}", words[0], skeletons(w)));
                }
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [
            ("Zorin", "Lapin"),
            ("Sokolov", "Sobolev"),
            ("Dubrov", "Kotov"),
            ("Kuzmin", "Kuzichkin"),
        ] {
            assert!(!skeletons_meet(&skeletons(a), &skeletons(b)), "{a} / {b}");
        }
    }

    #[test]
    fn keys_are_bounded() {
        assert!(skeletons("Chichachjov Chjuch").len() <= MAX_KEYS);
        assert!(skeletons("—").is_empty());
    }

    proptest::proptest! {
        /// The byte path of `normalise` gives what the text functions give.
        #[test]
        fn normalise_is_the_text_functions(key in "[AEIOUNVZK]{0,12}") {
            let by_text = masculine(&collapse(&drop_glides(&collapse(&key))));
            proptest::prop_assert_eq!(normalise(&key), by_text);
        }
    }
}
