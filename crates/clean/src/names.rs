//! Names: Unicode NFC, Cyrillic → Latin, a display form, and matching keys robust to English
//! spelling variants (y/i, -iy/-y/-ii, kh/h, ks/x, ye/e, ts/tz, w/v, ou/u) with given names
//! mapped to their canonical form through `given_names.csv`.

use rustc_hash::FxHashMap;

use compact_str::CompactString;
use defectors_model::GivenName;
use iuliia::Schema;
use iuliia::schemas::wikipedia::Wikipedia;
use unicode_normalization::UnicodeNormalization;

/// Given-name spellings (ASCII-folded, lower case) → (canonical, gender).
#[derive(Debug, Clone, Default)]
pub struct GivenNameIndex {
    by_spelling: FxHashMap<String, (String, char)>,
}

impl GivenNameIndex {
    /// Builds the index from the `given_names` rows.
    pub fn new(rows: &[GivenName]) -> Self {
        let mut by_spelling =
            FxHashMap::with_capacity_and_hasher(rows.len() * 2, Default::default());
        for row in rows {
            let gender = row.gender.chars().next().unwrap_or('?');
            let entry = (row.canonical.to_lowercase(), gender);
            by_spelling.insert(fold(&to_latin(&row.name)), entry.clone());
            by_spelling.insert(fold(&row.name), entry);
        }
        Self { by_spelling }
    }

    /// The canonical form and gender of a given name, if known.
    pub fn lookup(&self, word: &str) -> Option<&(String, char)> {
        self.by_spelling.get(&fold(word))
    }
}

/// What a name is made of, with its matching keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    /// The name in Latin script, NFC (transliterated when written in Cyrillic).
    pub latin: CompactString,
    /// A display form in common English spelling.
    pub display: CompactString,
    /// The given name as written (Latin script), if any.
    pub given: Option<CompactString>,
    /// The canonical given name (lower case) or, for an unknown one, its spelling key.
    pub given_key: Option<CompactString>,
    /// A patronymic or middle name or initials between given name and surname.
    pub middle: Option<CompactString>,
    /// The surname as written (Latin script); a double surname joined by `-`.
    pub surname: Option<CompactString>,
    /// Spelling keys of the surname and, for a double surname, of each part.
    pub surname_keys: Vec<CompactString>,
    /// The surname key with a gendered ending made masculine (`petrova` → `petrov`), so
    /// that the two forms are recognised as one family name.
    pub family_key: Option<CompactString>,
    /// `Jr.` or `Sr.` and the like.
    pub suffix: Option<CompactString>,
    /// `m`/`f` from the given name, else from the surname's ending.
    pub gender: Option<char>,
    /// `m`/`f` of the surname's form (`Sokolov` m, `Sokolova` f), where the ending tells.
    pub surname_gender: Option<char>,
}

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];
const PATRONYMIC_ENDINGS: &[&str] = &[
    "ovich", "evich", "ovitch", "evitch", "ovych", "ievich", "ich", "ovna", "evna", "ichna",
    "ivna", "yevna",
];

/// True when the text holds Cyrillic letters.
pub fn has_cyrillic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// The text in Latin script: Cyrillic transliterated with the English Wikipedia scheme
/// (ё → yo, -ий → -y), then any leftover Cyrillic letter folded; Latin text is kept (NFC).
pub fn to_latin(text: &str) -> String {
    // ASCII is already NFC and has no Cyrillic.
    if text.is_ascii() {
        return text.to_owned();
    }
    to_latin_any(text)
}

/// [`to_latin`] without its shortcut for ASCII.
fn to_latin_any(text: &str) -> String {
    let text: String = text.nfc().collect();
    if !has_cyrillic(&text) {
        return text;
    }
    let latin = Wikipedia::transliterate(&text);
    if has_cyrillic(&latin) {
        latin
            .chars()
            .map(|c| {
                if ('\u{0400}'..='\u{04FF}').contains(&c) {
                    any_ascii::any_ascii_char(c).to_owned()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        latin
    }
}

/// ASCII, lower case, letters only: the base of every key (`Novotná` → `novotna`).
pub fn fold(text: &str) -> String {
    // any_ascii leaves ASCII as it is.
    if text.is_ascii() {
        return text
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    fold_any(text)
}

/// [`fold`] without its shortcut for ASCII.
fn fold_any(text: &str) -> String {
    any_ascii::any_ascii(text)
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect()
}

/// A spelling key for one name word: equal for common English spelling variants
/// (Ilyin/Iljin, Gorkiy/Gorky, Kharin/Harin, Souslov/Suslov, Gross/Gros).
pub fn spelling_key(word: &str) -> String {
    let mut s = fold(&to_latin(word));
    for (from, to) in [
        ("tch", "ch"),
        ("sch", "sh"),
        ("sz", "sh"),
        ("cz", "ch"),
        ("kh", "h"),
        ("x", "ks"),
        ("tz", "ts"),
        ("ph", "f"),
        ("ck", "k"),
        ("w", "v"),
        ("ou", "u"),
        ("j", "y"),
        ("y", "i"),
    ] {
        s = s.replace(from, to);
    }
    if let Some(rest) = s.strip_prefix("ie") {
        s = format!("e{rest}");
    }
    // An `i` between vowels is a glide written or not (Zuyeva / Zueva).
    let chars: Vec<char> = s.chars().collect();
    let vowel = |c: char| "aeiou".contains(c);
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let glide =
            c == 'i' && i > 0 && i + 1 < chars.len() && vowel(chars[i - 1]) && vowel(chars[i + 1]);
        if !glide {
            out.push(c);
        }
    }
    // `iu`/`ia` after a consonant (Lyubin / Liubin / Lubin are one spelling family).
    let out = out.replace("iu", "u").replace("ia", "a");
    let mut collapsed = String::with_capacity(out.len());
    for c in out.chars() {
        if !collapsed.ends_with(c) {
            collapsed.push(c);
        }
    }
    collapsed
}

/// The key of a surname's family: a feminine ending made masculine (`petrova` → `petrov`,
/// `-skaya` → `-ski`, `-ska` → `-ski`).
pub fn family_key(surname_key: &str) -> String {
    for (feminine, masculine) in [
        ("skaa", "ski"),
        ("ska", "ski"),
        ("ova", "ov"),
        ("eva", "ev"),
        ("ina", "in"),
    ] {
        if let Some(stem) = surname_key.strip_suffix(feminine)
            && stem.len() >= 2
        {
            return format!("{stem}{masculine}");
        }
    }
    surname_key.to_owned()
}

/// `m` or `f` from a surname's ending, where the ending tells (`-ova` f, `-ov` m).
pub fn surname_gender(surname: &str) -> Option<char> {
    let s = fold(&to_latin(surname));
    const FEMININE: &[&str] = &["ova", "eva", "ina", "skaya", "skaia", "ska", "aya"];
    const MASCULINE: &[&str] = &["ov", "ev", "in", "sky", "ski", "skiy", "skii", "iy"];
    if FEMININE.iter().any(|e| s.ends_with(e)) {
        Some('f')
    } else if MASCULINE.iter().any(|e| s.ends_with(e)) {
        Some('m')
    } else {
        None
    }
}

fn is_initial(token: &str) -> bool {
    let stem = token.trim_end_matches('.');
    stem.chars().count() == 1 && stem.chars().all(char::is_uppercase)
}

/// Splits a name into given name, middle, surname and suffix, with keys.
pub fn analyse_name(surface: &str, given_names: &GivenNameIndex) -> NameParts {
    let latin: String = to_latin(surface)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Suffix, with or without a comma (`Volin, Jr.`).
    let mut body = latin.trim().to_owned();
    let mut suffix = None;
    for s in SUFFIXES {
        for sep in [", ", " "] {
            if let Some(rest) = body.strip_suffix(&format!("{sep}{s}")) {
                suffix = Some((*s).trim_end_matches('.').to_owned() + ".");
                body = rest.trim().to_owned();
            }
        }
        if suffix.is_some() {
            break;
        }
    }
    if suffix.as_deref().is_some_and(|s| s.starts_with('I')) {
        suffix = suffix.map(|s| s.trim_end_matches('.').to_owned());
    }
    // A double surname written with a spaced dash (`Ivanov - Gross`) is one surname.
    let body = body.replace(" - ", "-").replace(" – ", "-");
    let tokens: Vec<&str> = body.split_whitespace().collect();
    let mut parts = NameParts {
        latin: CompactString::from(&latin),
        suffix: suffix.map(CompactString::from),
        ..NameParts::default()
    };
    match tokens.as_slice() {
        [] => {}
        [only] => {
            if given_names.lookup(only).is_some() {
                parts.given = Some(CompactString::from(*only));
            } else {
                parts.surname = Some(CompactString::from(*only));
            }
        }
        // Surname first (Hungarian order, `Tocsos Zoltán`): two words, only the second a
        // known given name.
        [first, last]
            if !is_initial(first)
                && given_names.lookup(first).is_none()
                && given_names.lookup(last).is_some() =>
        {
            parts.given = Some(CompactString::from(*last));
            parts.surname = Some(CompactString::from(*first));
        }
        [first, middle @ .., last] => {
            if !is_initial(first) {
                parts.given = Some(CompactString::from(*first));
            }
            let middle: Vec<&str> = if is_initial(first) {
                std::iter::once(*first)
                    .chain(middle.iter().copied())
                    .collect()
            } else {
                middle.to_vec()
            };
            if !middle.is_empty() {
                parts.middle = Some(middle.join(" ").into());
            }
            parts.surname = Some(CompactString::from(*last));
        }
    }
    if let Some(given) = &parts.given {
        match given_names.lookup(given) {
            Some((canonical, gender)) => {
                parts.given_key = Some(fold(canonical).into());
                parts.gender = matches!(gender, 'm' | 'f').then_some(*gender);
            }
            None => parts.given_key = Some(spelling_key(given).into()),
        }
    }
    if let Some(surname) = &parts.surname {
        let whole = spelling_key(surname);
        // A surname without letters or digits (`—`, `???`) has no key: an empty key would
        // make all such names one surname.
        if whole.is_empty() {
            parts.display = display_name(&parts).into();
            return parts;
        }
        let mut keys: Vec<CompactString> = vec![CompactString::from(&whole)];
        if surname.contains('-') {
            keys.extend(
                surname
                    .split('-')
                    .map(spelling_key)
                    .filter(|k| !k.is_empty())
                    .map(CompactString::from),
            );
        }
        keys.dedup();
        parts.family_key = Some(family_key(&whole).into());
        parts.surname_keys = keys;
        parts.surname_gender = surname_gender(surname);
        if parts.gender.is_none() {
            parts.gender = parts.surname_gender;
        }
    }
    parts.display = display_name(&parts).into();
    parts
}

/// `Given Middle Surname Suffix`, with a patronymic kept and single spaces.
fn display_name(parts: &NameParts) -> String {
    let mut words: Vec<&str> = Vec::new();
    words.extend(parts.given.as_deref());
    words.extend(parts.middle.as_deref());
    words.extend(parts.surname.as_deref());
    words.extend(parts.suffix.as_deref());
    words.join(" ")
}

/// True when a middle word is a patronymic (`Tihonovitch`, `Pavlovna`).
pub fn is_patronymic(word: &str) -> bool {
    let f = fold(word);
    PATRONYMIC_ENDINGS.iter().any(|e| f.ends_with(e)) && f.len() > 5
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_ascii_shortcuts_change_nothing(text in "[ -~]{0,32}") {
            proptest::prop_assert_eq!(fold(&text), fold_any(&text));
            proptest::prop_assert_eq!(to_latin(&text), to_latin_any(&text));
        }
    }

    fn index() -> GivenNameIndex {
        let rows: Vec<GivenName> = [
            ("Pyotr", "Pyotr", "m"),
            ("Peter", "Pyotr", "m"),
            ("Piotr", "Pyotr", "m"),
            ("Пётр", "Pyotr", "m"),
            ("Evdokia", "Evdokia", "f"),
            ("Yevdokia", "Evdokia", "f"),
            ("Fyodor", "Fyodor", "m"),
            ("Feodor", "Fyodor", "m"),
            ("Oleg", "Oleg", "m"),
            ("Ignas", "Ignaty", "m"),
        ]
        .iter()
        .map(|(n, c, g)| GivenName {
            name: (*n).into(),
            canonical: (*c).into(),
            gender: (*g).into(),
        })
        .collect();
        GivenNameIndex::new(&rows)
    }

    #[test]
    fn surname_first_is_read_when_only_the_second_word_is_a_given_name() {
        let idx = index();
        let n = analyse_name("Sokolov Pyotr", &idx);
        assert_eq!(
            (n.given.as_deref(), n.surname.as_deref()),
            (Some("Pyotr"), Some("Sokolov"))
        );
        // Both known (`Oleg Fyodor`), or the first known: the written order stands.
        let n = analyse_name("Oleg Fyodor", &idx);
        assert_eq!(n.given.as_deref(), Some("Oleg"));
        let n = analyse_name("Pyotr Sokolov", &idx);
        assert_eq!(n.surname.as_deref(), Some("Sokolov"));
    }

    #[test]
    fn spelling_variants_share_a_key() {
        let same = [
            ("Zhuryabin", "Zhuriabin"),
            ("Gorkiy", "Gorky"),
            ("Kharlamov", "Harlamov"),
            ("Lyubin", "Liubin"),
            ("Zuyeva", "Zueva"),
            ("Souslenko", "Suslenko"),
            ("Taximov", "Taksimov"),
            ("Gross", "Gros"),
            ("Yevdokimov", "Evdokimov"),
            ("Ostrowski", "Ostrovsky"),
            ("Schwartz", "Shvarts"),
            ("Tchervin", "Chervin"),
            ("Журябин", "Zhuryabin"),
        ];
        for (a, b) in same {
            assert_eq!(spelling_key(a), spelling_key(b), "{a} / {b}");
        }
        assert_ne!(spelling_key("Sokolov"), spelling_key("Popov"));
    }

    #[test]
    fn gendered_surnames_share_a_family_key() {
        for (a, b) in [
            ("Sokolova", "Sokolov"),
            ("Lesnevskaya", "Lesnevsky"),
            ("Ostrowska", "Ostrowski"),
            ("Beloglazova", "Beloglazov"),
        ] {
            assert_eq!(
                family_key(&spelling_key(a)),
                family_key(&spelling_key(b)),
                "{a} / {b}"
            );
            assert_ne!(spelling_key(a), spelling_key(b));
        }
        assert_eq!(surname_gender("Sokolova"), Some('f'));
        assert_eq!(surname_gender("Sokolov"), Some('m'));
        assert_eq!(surname_gender("Vrzáňová"), Some('f'));
        assert_eq!(surname_gender("Horvath"), None);
    }

    #[test]
    fn given_name_variants_share_the_canonical_key() {
        let idx = index();
        for (a, b) in [
            ("Pyotr Zhuryabin", "Peter Zhuriabin"),
            ("Piotr Zhuryabin", "Пётр Журябин"),
            ("Yevdokia Sokolova", "Evdokia Sokolova"),
            ("Fyodor Volin", "Feodor Volin"),
        ] {
            let (x, y) = (analyse_name(a, &idx), analyse_name(b, &idx));
            assert_eq!(x.given_key, y.given_key, "{a} / {b}");
            assert_eq!(x.surname_keys, y.surname_keys, "{a} / {b}");
        }
    }

    #[test]
    fn cyrillic_is_transliterated_and_kept_readable() {
        let idx = index();
        let n = analyse_name("Олег Протопопов", &idx);
        assert_eq!(n.latin, "Oleg Protopopov");
        assert_eq!(n.display, "Oleg Protopopov");
        assert_eq!(to_latin("Пётр Фёдоров"), "Pyotr Fyodorov");
        assert_eq!(to_latin("Юрий"), "Yury");
    }

    #[test]
    fn suffix_patronymic_initials_and_double_surnames() {
        let idx = index();
        let n = analyse_name("Feodor Volin, Jr.", &idx);
        assert_eq!(n.suffix.as_deref(), Some("Jr."));
        assert_eq!(n.surname.as_deref(), Some("Volin"));
        assert_eq!(n.display, "Feodor Volin Jr.");
        let n = analyse_name("Valeri Tihonovitch Zorin", &idx);
        assert_eq!(n.middle.as_deref(), Some("Tihonovitch"));
        assert!(is_patronymic("Tihonovitch"));
        let n = analyse_name("G. M. Zorin", &idx);
        assert_eq!(n.given, None);
        assert_eq!(n.middle.as_deref(), Some("G. M."));
        let n = analyse_name("Игнас Иванов - Гросс", &idx);
        assert_eq!(n.surname.as_deref(), Some("Ivanov-Gross"));
        assert_eq!(
            n.surname_keys,
            [
                spelling_key("Ivanov-Gross"),
                spelling_key("Ivanov"),
                spelling_key("Gross")
            ]
        );
        assert_eq!(n.given_key.as_deref(), Some("ignaty"));
    }

    #[test]
    fn a_lone_word_is_a_given_name_or_a_surname() {
        let idx = index();
        assert_eq!(analyse_name("Oleg", &idx).given.as_deref(), Some("Oleg"));
        assert_eq!(
            analyse_name("Zorin", &idx).surname.as_deref(),
            Some("Zorin")
        );
    }
}
