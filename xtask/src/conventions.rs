//! How other languages and eras write a Russian name, for the synthetic corpus: the
//! transliteration schemes of English, German, French, Polish, Czech, ISO 9, BGN/PCGN, the
//! Ukrainian and Bulgarian national schemes, and the other phenomena a surface form shows
//! (surname first, initials, patronymics, given-name equivalents, dropped diacritics, typing
//! slips). Each mention's surface form is drawn from this mix and labelled with what it shows,
//! so `eval-er` can score every phenomenon on its own.

use crate::synthetic::Rng;

/// What a surface form shows (the `phenomenon` column of `truth.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phenomenon {
    /// The generator's own English spelling, with its small variants.
    Plain,
    /// Transliterated from Cyrillic by a scheme.
    Scheme(Scheme),
    /// Written in Cyrillic.
    Cyrillic,
    /// Surname before given name (Hungarian order).
    SurnameFirst,
    /// Given name as an initial.
    Initial,
    /// With a patronymic between given name and surname.
    Patronymic,
    /// The given name in another language's form (`Theodore` for `Fyodor`).
    GivenEquivalent,
    /// A scheme with diacritics, the diacritics dropped.
    NoDiacritics,
    /// One typing slip in the surname (a letter dropped, doubled, swapped or replaced).
    Slip,
    /// Another person with the same name, decades apart.
    Namesake,
}

impl Phenomenon {
    /// The label written to `truth.csv`.
    pub fn label(self) -> String {
        match self {
            Phenomenon::Plain => "plain".into(),
            Phenomenon::Scheme(s) => format!("scheme:{}", s.name()),
            Phenomenon::Cyrillic => "cyrillic".into(),
            Phenomenon::SurnameFirst => "surname_first".into(),
            Phenomenon::Initial => "initial".into(),
            Phenomenon::Patronymic => "patronymic".into(),
            Phenomenon::GivenEquivalent => "given_equivalent".into(),
            Phenomenon::NoDiacritics => "no_diacritics".into(),
            Phenomenon::Slip => "slip".into(),
            Phenomenon::Namesake => "namesake".into(),
        }
    }
}

/// A transliteration scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scheme {
    English,
    German,
    French,
    Polish,
    Czech,
    Iso9,
    BgnPcgn,
    Ukrainian,
    Bulgarian,
}

/// Every scheme, for drawing one.
pub const SCHEMES: [Scheme; 9] = [
    Scheme::English,
    Scheme::German,
    Scheme::French,
    Scheme::Polish,
    Scheme::Czech,
    Scheme::Iso9,
    Scheme::BgnPcgn,
    Scheme::Ukrainian,
    Scheme::Bulgarian,
];

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::English => "english",
            Scheme::German => "german",
            Scheme::French => "french",
            Scheme::Polish => "polish",
            Scheme::Czech => "czech",
            Scheme::Iso9 => "iso9",
            Scheme::BgnPcgn => "bgn_pcgn",
            Scheme::Ukrainian => "ukrainian",
            Scheme::Bulgarian => "bulgarian",
        }
    }

    /// Whether the scheme writes diacritics.
    pub fn has_diacritics(self) -> bool {
        matches!(
            self,
            Scheme::Polish | Scheme::Czech | Scheme::Iso9 | Scheme::BgnPcgn
        )
    }

    /// The Latin letters for one Cyrillic letter (lower case), by the scheme's table.
    fn letter(self, c: char) -> &'static str {
        use Scheme::*;
        match (c, self) {
            ('а', _) => "a",
            ('б', _) => "b",
            ('в', German | Polish) => "w",
            ('в', _) => "v",
            ('г', Ukrainian) => "h",
            ('г', _) => "g",
            ('д', _) => "d",
            ('е', _) => "e",
            ('ё', English) => "yo",
            ('ё', German | Czech) => "jo",
            ('ё', French | Polish) => "io",
            ('ё', _) => "ë",
            ('ж', German) => "sch",
            ('ж', French) => "j",
            ('ж', Polish) => "ż",
            ('ж', Czech | Iso9) => "ž",
            ('ж', _) => "zh",
            ('з', German) => "s",
            ('з', _) => "z",
            ('и', Ukrainian) => "y",
            ('и', _) => "i",
            ('й', German | Polish | Czech | Iso9) => "j",
            ('й', French) => "ï",
            ('й', Ukrainian) => "i",
            ('й', _) => "y",
            ('к', _) => "k",
            ('л', _) => "l",
            ('м', _) => "m",
            ('н', _) => "n",
            ('о', _) => "o",
            ('п', _) => "p",
            ('р', _) => "r",
            ('с', _) => "s",
            ('т', _) => "t",
            ('у', French) => "ou",
            ('у', _) => "u",
            ('ф', _) => "f",
            ('х', German | Polish | Czech) => "ch",
            ('х', Iso9 | Bulgarian) => "h",
            ('х', _) => "kh",
            ('ц', German) => "z",
            ('ц', Polish | Czech | Iso9) => "c",
            ('ц', _) => "ts",
            ('ч', German) => "tsch",
            ('ч', French) => "tch",
            ('ч', Polish) => "cz",
            ('ч', Czech | Iso9) => "č",
            ('ч', _) => "ch",
            ('ш', German) => "sch",
            ('ш', French) => "ch",
            ('ш', Polish) => "sz",
            ('ш', Czech | Iso9) => "š",
            ('ш', _) => "sh",
            ('щ', German) => "schtsch",
            ('щ', French) => "chtch",
            ('щ', Polish) => "szcz",
            ('щ', Czech) => "šč",
            ('щ', Iso9) => "ŝ",
            ('щ', Bulgarian) => "sht",
            ('щ', _) => "shch",
            ('ъ', Bulgarian) => "a",
            ('ъ', _) => "",
            ('ы', _) => "y",
            ('ь', BgnPcgn) => "'",
            ('ь', _) => "",
            ('э', Iso9) => "è",
            ('э', _) => "e",
            ('ю', English | BgnPcgn | Bulgarian) => "yu",
            ('ю', French) => "iou",
            ('ю', Ukrainian) => "iu",
            ('ю', Iso9) => "û",
            ('ю', _) => "ju",
            ('я', English | BgnPcgn | Bulgarian) => "ya",
            ('я', French | Ukrainian) => "ia",
            ('я', Iso9) => "â",
            ('я', _) => "ja",
            ('і', _) => "i",
            ('є', _) => "ye",
            _ => "",
        }
    }

    /// One word written by the scheme: letter by letter, with the scheme's rules for endings
    /// (`-ов` German/Polish `-ow`, French `-off`; `-ий` `-ij`/`-i`/`-iy`) and for a vowel-led
    /// `е` (`ye`/`je`/`ie`), and `s` doubled between vowels in German and French.
    pub fn write(self, cyrillic: &str) -> String {
        let lower: Vec<char> = cyrillic.to_lowercase().chars().collect();
        let vowel = |c: char| "аеёиоуыэюяі".contains(c);
        let mut out = String::new();
        let n = lower.len();
        let mut i = 0;
        while i < n {
            let c = lower[i];
            let rest: String = lower[i..].iter().collect();
            if let Some(ending) = self.ending(&rest) {
                out.push_str(ending);
                break;
            }
            let after_vowel = i == 0 || vowel(lower[i - 1]) || "ъь".contains(lower[i - 1]);
            let written = match c {
                'е' if after_vowel && self != Scheme::Iso9 => match self {
                    Scheme::English | Scheme::BgnPcgn | Scheme::Ukrainian => "ye",
                    Scheme::German | Scheme::Polish | Scheme::Czech => "je",
                    Scheme::French => "ie",
                    _ => "e",
                },
                'с' if matches!(self, Scheme::German | Scheme::French)
                    && i > 0
                    && i + 1 < n
                    && vowel(lower[i - 1])
                    && vowel(lower[i + 1]) =>
                {
                    "ss"
                }
                _ => self.letter(c),
            };
            out.push_str(written);
            i += 1;
        }
        capitalise(&out)
    }

    /// The scheme's spelling of a word ending, when `rest` is one.
    fn ending(self, rest: &str) -> Option<&'static str> {
        use Scheme::*;
        Some(match (rest, self) {
            ("ов", German | Polish) => "ow",
            ("ов", French) => "off",
            ("ев", German | Polish) => "ew",
            ("ев", French) => "eff",
            ("ий", German | Polish | Czech | Iso9) => "ij",
            ("ий", French) => "i",
            ("ий", BgnPcgn | English) => "iy",
            ("ий", Ukrainian) => "yi",
            _ => return None,
        })
    }
}

/// Upper-cases the first letter.
pub fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// The word with diacritics dropped, as a typist without them writes it.
pub fn drop_diacritics(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'č' => 'c',
            'Č' => 'C',
            'š' | 'ŝ' => 's',
            'Š' | 'Ŝ' => 'S',
            'ž' | 'ż' => 'z',
            'Ž' | 'Ż' => 'Z',
            'ł' => 'l',
            'Ł' => 'L',
            'ë' | 'è' => 'e',
            'Ë' | 'È' => 'E',
            'â' => 'a',
            'Â' => 'A',
            'û' => 'u',
            'Û' => 'U',
            'ï' => 'i',
            other => other,
        })
        .collect::<String>()
        .replace('\'', "")
}

/// One typing slip in a word (never its first letter): a letter dropped, doubled, swapped with
/// the next, or replaced by a neighbour on the keyboard.
pub fn slip(rng: &mut Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 {
        return word.to_owned();
    }
    let i = 1 + rng.below(chars.len() - 2);
    match rng.below(4) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        2 => chars.swap(i, i + 1),
        _ => {
            const ROW: &str = "qwertyuiopasdfghjklzxcvbnm";
            let pos = ROW.find(chars[i]).unwrap_or(0);
            chars[i] = ROW.chars().nth((pos + 1) % ROW.len()).unwrap_or('e');
        }
    }
    chars.into_iter().collect()
}

/// A patronymic from a father's given name (`Roman` → `Romanovich`, `Romanovna`).
pub fn patronymic(father: &str, female: bool) -> String {
    let stem = father.trim_end_matches(['y', 'i', 'j']);
    let soft = father.ends_with(['y', 'i', 'j']);
    match (soft, female) {
        (true, false) => format!("{stem}evich"),
        (true, true) => format!("{stem}evna"),
        (false, false) => format!("{stem}ovich"),
        (false, true) => format!("{stem}ovna"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_write_one_name_their_own_way() {
        let w = |s: Scheme, c: &str| s.write(c);
        assert_eq!(w(Scheme::English, "Ходров"), "Khodrov");
        assert_eq!(w(Scheme::German, "Ходров"), "Chodrow");
        assert_eq!(w(Scheme::French, "Ходров"), "Khodroff");
        assert_eq!(w(Scheme::Polish, "Чижев"), "Cziżew");
        assert_eq!(w(Scheme::French, "Чижев"), "Tchijeff");
        assert_eq!(w(Scheme::German, "Василий"), "Wassilij");
        assert_eq!(w(Scheme::Czech, "Шукшин"), "Šukšin");
        assert_eq!(w(Scheme::Iso9, "Юрий"), "Ûrij");
        assert_eq!(w(Scheme::English, "Евгений"), "Yevgeniy");
        assert_eq!(w(Scheme::Ukrainian, "Григорий"), "Hryhoryi");
        assert_eq!(drop_diacritics("Šukšin"), "Suksin");
    }

    #[test]
    fn patronymics() {
        assert_eq!(patronymic("Roman", false), "Romanovich");
        assert_eq!(patronymic("Sergey", true), "Sergeevna");
    }
}
