//! `cargo xtask gen-synthetic --people N --seed S --out DIR`: a corpus in the three formats
//! with its truth, for measuring entity resolution.
//!
//! Each invented person gets a given name (spelling variants from `given_names.csv`), a
//! surname built from syllables (Latin and Cyrillic spellings of the same word, gendered
//! endings), a year, a profession, a birthplace and destinations. Each person appears in one
//! to four places: a table row, a timeline entry (some as couples sharing a masculine surname),
//! a persons row (half of them in Cyrillic), a prose sentence. Each surface form is drawn from
//! a mix of conventions (see [`crate::conventions`]): the generator's English spelling with
//! small variants (y/i, kh/h, -sky/-ski, ks/x), nine transliteration schemes, surname first,
//! initials, patronymics, given-name equivalents, dropped diacritics, typing slips; about 3% of
//! people are namesakes of another, decades apart. Noise: year ±1, missing fields.
//! `truth.csv` lists every mention the parsers should find with its person and the phenomenon
//! its surface form shows.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::conventions::{self, Phenomenon, SCHEMES};

/// SplitMix64: a small, deterministic generator (no dependency, same numbers everywhere).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SYLLABLES: &[(&str, &str)] = &[
    ("ko", "ко"),
    ("va", "ва"),
    ("la", "ла"),
    ("mi", "ми"),
    ("ro", "ро"),
    ("ze", "зе"),
    ("ni", "ни"),
    ("bo", "бо"),
    ("du", "ду"),
    ("sha", "ша"),
    ("zhu", "жу"),
    ("kha", "ха"),
    ("te", "те"),
    ("po", "по"),
    ("ra", "ра"),
    ("lu", "лу"),
    ("go", "го"),
    ("de", "де"),
    ("mo", "мо"),
    ("sa", "са"),
    ("ba", "ба"),
    ("vo", "во"),
    ("gri", "гри"),
    ("sto", "сто"),
    ("kra", "кра"),
    ("pe", "пе"),
    ("tu", "ту"),
    ("fe", "фе"),
    ("chi", "чи"),
    ("zo", "зо"),
    ("ly", "лы"),
    ("nu", "ну"),
    ("ka", "ка"),
    ("ma", "ма"),
    ("do", "до"),
    ("ri", "ри"),
];

/// (masculine Latin, feminine Latin, masculine Cyrillic, feminine Cyrillic)
const ENDINGS: &[(&str, &str, &str, &str)] = &[
    ("ov", "ova", "ов", "ова"),
    ("in", "ina", "ин", "ина"),
    ("sky", "skaya", "ский", "ская"),
    ("enko", "enko", "енко", "енко"),
    ("ev", "eva", "ев", "ева"),
];

const PROFESSIONS: &[&str] = &[
    "ballet dancer",
    "KGB officer",
    "chess player",
    "diplomat",
    "pilot",
    "writer",
    "violinist",
    "figure skater",
    "physicist",
    "NKVD agent",
    "GRU officer",
    "painter",
    "film director",
    "football player",
    "composer",
    "naval officer",
    "journalist",
    "sculptor",
];
const DESTINATIONS: &[&str] = &[
    "France",
    "USA",
    "UK",
    "West Germany",
    "Canada",
    "Austria",
    "Switzerland",
    "Sweden",
    "Israel",
    "Italy",
    "Japan",
    "Australia",
    "Netherlands",
];
const BIRTHPLACES: &[&str] = &[
    "Russia",
    "Ukraine",
    "Latvia",
    "Georgia",
    "Belarus",
    "Lithuania",
];

/// A given name: its Latin spellings (first is the canonical form) and a Cyrillic spelling.
#[derive(Clone)]
struct Given {
    latin: Vec<String>,
    cyrillic: Option<String>,
    female: bool,
}

fn read_given_names(root: &Path) -> Result<Vec<Given>, String> {
    let path = root.join("data/reference/given_names.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut by_canonical: BTreeMap<String, Given> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        if cols.len() < 4 {
            continue;
        }
        let (name, canonical, gender, script) = (cols[0], cols[1], cols[2], cols[3]);
        // Only plain-ASCII Latin spellings, so every spelling is typeable in any source.
        let entry = by_canonical
            .entry(canonical.to_owned())
            .or_insert_with(|| Given {
                latin: vec![canonical.to_owned()],
                cyrillic: None,
                female: gender == "f",
            });
        if script == "cyrillic" {
            entry.cyrillic.get_or_insert_with(|| name.to_owned());
        } else if name != canonical && name.is_ascii() {
            entry.latin.push(name.to_owned());
        }
    }
    Ok(by_canonical
        .into_values()
        .filter(|g| g.latin[0].is_ascii() && g.cyrillic.is_some())
        .collect())
}

struct Person {
    given: Given,
    stem: (String, String),
    ending: usize,
    year: i32,
    profession: &'static str,
    birthplace: &'static str,
    destinations: Vec<&'static str>,
    born: (u32, u32, i32),
    spouse: Option<usize>,
    /// A namesake of another person (same name, decades apart).
    namesake: bool,
}

impl Person {
    fn surname(&self, feminine: bool) -> String {
        let e = ENDINGS[self.ending];
        let mut s = format!("{}{}", self.stem.0, if feminine { e.1 } else { e.0 });
        s[..1].make_ascii_uppercase();
        s
    }

    fn surname_cyrillic(&self, feminine: bool) -> String {
        let e = ENDINGS[self.ending];
        let s = format!("{}{}", self.stem.1, if feminine { e.3 } else { e.2 });
        let mut chars = s.chars();
        let first = chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default();
        first + chars.as_str()
    }
}

/// Spelling noise within the variants the sources show (y/i, kh/h, -sky/-ski, ks/x) and a
/// rare typo (two letters swapped).
fn vary_surname(rng: &mut Rng, surname: &str) -> String {
    if !rng.chance(0.3) {
        return surname.to_owned();
    }
    let variants: [(&str, &str); 5] = [
        ("sky", "ski"),
        ("kh", "h"),
        ("ly", "li"),
        ("y", "i"),
        ("ks", "x"),
    ];
    for (from, to) in variants {
        if surname.contains(from) && rng.chance(0.6) {
            return surname.replacen(from, to, 1);
        }
    }
    if rng.chance(0.1) && surname.len() > 5 {
        let mut chars: Vec<char> = surname.chars().collect();
        let i = 2 + rng.below(chars.len() - 4);
        chars.swap(i, i + 1);
        return chars.into_iter().collect();
    }
    surname.to_owned()
}

/// The layouts a surface form is written in (surname-first order only in a table's name cell).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Table,
    Running,
}

/// A surface form of a person's name drawn from the mix of conventions, with its label.
fn surface(rng: &mut Rng, p: &Person, layout: Layout, fathers: &[Given]) -> (String, Phenomenon) {
    let female = p.given.female;
    let given = given_spelling(rng, &p.given);
    let surname = vary_surname(rng, &p.surname(female));
    let plain = (format!("{given} {surname}"), Phenomenon::Plain);
    if p.namesake {
        return (plain.0, Phenomenon::Namesake);
    }
    let cyr_given = p.given.cyrillic.as_deref().unwrap_or(&p.given.latin[0]);
    let canonical = &p.given.latin[0];
    match rng.below(100) {
        0..=44 => plain,
        45..=64 => {
            let scheme = *rng.pick(&SCHEMES);
            let (g, s) = (
                scheme.write(cyr_given),
                scheme.write(&p.surname_cyrillic(female)),
            );
            if scheme.has_diacritics() && rng.chance(0.4) {
                let name = format!(
                    "{} {}",
                    conventions::drop_diacritics(&g),
                    conventions::drop_diacritics(&s)
                );
                return (name, Phenomenon::NoDiacritics);
            }
            (format!("{g} {s}"), Phenomenon::Scheme(scheme))
        }
        65..=69 if layout == Layout::Table => {
            (format!("{surname} {canonical}"), Phenomenon::SurnameFirst)
        }
        70..=76 => {
            let initial: String = canonical.chars().take(1).collect();
            (format!("{initial}. {surname}"), Phenomenon::Initial)
        }
        77..=83 => {
            let father = &rng.pick(fathers).latin[0];
            let middle = conventions::patronymic(father, female);
            (
                format!("{canonical} {middle} {surname}"),
                Phenomenon::Patronymic,
            )
        }
        84..=91 if p.given.latin.len() > 1 => {
            let other = rng.pick(&p.given.latin[1..]).clone();
            (format!("{other} {surname}"), Phenomenon::GivenEquivalent)
        }
        92..=99 => {
            let slipped = conventions::slip(rng, &p.surname(female));
            (format!("{canonical} {slipped}"), Phenomenon::Slip)
        }
        _ => plain,
    }
}

fn given_spelling(rng: &mut Rng, g: &Given) -> String {
    if g.latin.len() > 1 && rng.chance(0.3) {
        rng.pick(&g.latin[1..]).clone()
    } else {
        g.latin[0].clone()
    }
}

fn noisy_year(rng: &mut Rng, year: i32) -> i32 {
    if rng.chance(0.15) {
        year + if rng.chance(0.5) { 1 } else { -1 }
    } else {
        year
    }
}

/// Writes the corpus to `out`: three documents, `sources.toml`, `truth.csv`.
pub fn generate(root: &Path, people_count: usize, seed: u64, out: &Path) -> Result<(), String> {
    let given_names = read_given_names(root)?;
    let (males, females): (Vec<Given>, Vec<Given>) =
        given_names.into_iter().partition(|g| !g.female);
    let mut rng = Rng::new(seed);
    let mut people: Vec<Person> = Vec::with_capacity(people_count);
    while people.len() < people_count {
        let female = rng.chance(0.4);
        let syllables = 2 + rng.below(2);
        let mut stem = (String::new(), String::new());
        for _ in 0..syllables {
            let s = rng.pick(SYLLABLES);
            stem.0.push_str(s.0);
            stem.1.push_str(s.1);
        }
        let mut person = Person {
            given: rng.pick(if female { &females } else { &males }).clone(),
            stem,
            ending: rng.below(ENDINGS.len()),
            year: 1920 + rng.below(71) as i32,
            profession: rng.pick::<&'static str>(PROFESSIONS),
            birthplace: rng.pick::<&'static str>(BIRTHPLACES),
            destinations: (0..1 + rng.below(2))
                .map(|_| *rng.pick(DESTINATIONS))
                .collect(),
            born: (1 + rng.below(28) as u32, 1 + rng.below(12) as u32, 0),
            spouse: None,
            namesake: false,
        };
        person.born.2 = birth_year(&mut rng, person.year);
        people.push(person);
        // One in ten defects with a spouse: same stem and ending, other gender, same year.
        if people.len() < people_count && rng.chance(0.1) {
            let i = people.len() - 1;
            let wife_female = !female;
            let mut spouse = Person {
                given: rng
                    .pick(if wife_female { &females } else { &males })
                    .clone(),
                stem: people[i].stem.clone(),
                ending: people[i].ending,
                year: people[i].year,
                profession: people[i].profession,
                birthplace: people[i].birthplace,
                destinations: people[i].destinations.clone(),
                born: (1 + rng.below(28) as u32, 1 + rng.below(12) as u32, 0),
                spouse: Some(i),
                namesake: false,
            };
            spouse.born.2 = birth_year(&mut rng, spouse.year);
            people.push(spouse);
            let j = people.len() - 1;
            people[i].spouse = Some(j);
        }
    }

    add_namesakes(&mut rng, &mut people);
    let fathers = males.clone();

    let mut table = String::from(
        "Synthetic list of defectors\n| Defector | Profession/Prominence | Birthplace | Year | Notes |\n|---|---|---|---|---|\n",
    );
    let mut timeline = String::from("Synthetic timeline\n\n");
    let mut persons = String::from("    Persons\n\n    Name Born / Since / At Died Languages\n");
    let mut prose = String::new();
    let mut truth = String::from("source_id,line,surface_name,person,phenomenon\n");
    let (mut table_lines, mut timeline_lines, mut persons_lines, mut prose_lines) = (
        LineCounter::default(),
        LineCounter::default(),
        LineCounter::default(),
        LineCounter::default(),
    );

    // Table rows.
    for (i, p) in people.iter().enumerate() {
        if !rng.chance(0.7) {
            continue;
        }
        let (name, phenomenon) = surface(&mut rng, p, Layout::Table, &fathers);
        let profession = if rng.chance(0.8) { p.profession } else { "" };
        let year = if rng.chance(0.95) {
            noisy_year(&mut rng, p.year).to_string()
        } else {
            String::new()
        };
        let line = table_lines.next_line(&table);
        let _ = writeln!(
            table,
            "| {name} | {profession} | {} | {year} | Defected to {} |",
            p.birthplace, p.destinations[0]
        );
        let _ = writeln!(
            truth,
            "synthetic-table,{line},{name},{i},{}",
            phenomenon.label()
        );
    }
    // Timeline entries by decade; couples share one entry.
    let mut order: Vec<usize> = (0..people.len()).collect();
    order.sort_by_key(|&i| (people[i].year, i));
    let mut decade = 0;
    for &i in &order {
        let p = &people[i];
        if p.spouse.is_some_and(|s| s < i) || !rng.chance(0.6) {
            continue;
        }
        if p.year / 10 * 10 != decade {
            decade = p.year / 10 * 10;
            let _ = writeln!(timeline, "{decade}s\n");
        }
        let route = p.destinations.join(" → ");
        let year = noisy_year(&mut rng, p.year);
        let line = timeline_lines.next_line(&timeline);
        match p.spouse {
            Some(s) => {
                let (a, b) = (
                    given_spelling(&mut rng, &p.given),
                    given_spelling(&mut rng, &people[s].given),
                );
                let surname = vary_surname(&mut rng, &p.surname(false));
                let _ = writeln!(
                    timeline,
                    "{year} – {a} and {b} {surname}, {}s ({route})\n",
                    p.profession
                );
                let label = |q: &Person| {
                    if q.namesake {
                        Phenomenon::Namesake
                    } else {
                        Phenomenon::Plain
                    }
                    .label()
                };
                let _ = writeln!(
                    truth,
                    "synthetic-timeline,{line},{a} {surname},{i},{}",
                    label(p)
                );
                let _ = writeln!(
                    truth,
                    "synthetic-timeline,{line},{b} {surname},{s},{}",
                    label(&people[s])
                );
            }
            None => {
                let (name, phenomenon) = surface(&mut rng, p, Layout::Running, &fathers);
                let _ = writeln!(timeline, "{year} – {name}, {} ({route})\n", p.profession);
                let _ = writeln!(
                    truth,
                    "synthetic-timeline,{line},{name},{i},{}",
                    phenomenon.label()
                );
            }
        }
    }
    // Persons rows (in the timeline document), half in Cyrillic.
    let mut index = 0;
    for (i, p) in people.iter().enumerate() {
        if !rng.chance(0.3) {
            continue;
        }
        index += 1;
        let female = p.given.female;
        let (name, phenomenon) = if rng.chance(0.5) {
            let name = format!(
                "{} {}",
                p.given.cyrillic.as_deref().unwrap_or(&p.given.latin[0]),
                p.surname_cyrillic(female)
            );
            (name, Phenomenon::Cyrillic)
        } else {
            let name = format!("{} {}", p.given.latin[0], p.surname(female));
            (name, Phenomenon::Plain)
        };
        let phenomenon = if p.namesake {
            Phenomenon::Namesake
        } else {
            phenomenon
        };
        let (d, m, y) = p.born;
        let born = if rng.chance(0.05) {
            "00.00.1900".to_owned()
        } else {
            format!("{d:02}.{m:02}.{y}")
        };
        // Most persons tables give a date of death for those who have died.
        let died_year = y + 45 + rng.below(50) as i32;
        let died = if died_year <= 2024 && died_year > p.year && rng.chance(0.6) {
            format!(
                "{:02}.{:02}.{died_year}",
                1 + rng.below(28),
                1 + rng.below(12)
            )
        } else {
            String::new()
        };
        persons.push_str(&format!("    {index}{name}{name}{born}{died}ru\n"));
        let line = timeline_lines.next_line(&timeline) + persons_lines.next_line(&persons) - 2;
        let _ = writeln!(
            truth,
            "synthetic-timeline,{line},{name},{i},{}",
            phenomenon.label()
        );
    }
    persons.push_str("    Tags\n");
    timeline.push_str(&persons);
    // Prose: one paragraph (line) per sentence.
    for (i, p) in people.iter().enumerate() {
        if !rng.chance(0.4) {
            continue;
        }
        let (name, phenomenon) = surface(&mut rng, p, Layout::Running, &fathers);
        let year = noisy_year(&mut rng, p.year);
        let line = prose_lines.next_line(&prose);
        let dest = match p.destinations[0] {
            "USA" => "the United States",
            "UK" => "Britain",
            other => other,
        };
        if rng.chance(0.5) {
            let _ = writeln!(
                prose,
                "The {} {name} defected to {dest} in {year}.\n",
                p.profession
            );
        } else {
            let _ = writeln!(
                prose,
                "In {year} {} {name} sought asylum in {dest}.\n",
                p.profession
            );
        }
        let _ = writeln!(
            truth,
            "synthetic-prose,{line},{name},{i},{}",
            phenomenon.label()
        );
    }

    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let write = |name: &str, text: &str| {
        std::fs::write(out.join(name), text)
            .map_err(|e| format!("{}: {e}", out.join(name).display()))
    };
    write("synthetic-table.txt", &table)?;
    write("synthetic-timeline.txt", &timeline)?;
    write("synthetic-prose.txt", &prose)?;
    write("truth.csv", &truth)?;
    write(
        "sources.toml",
        &format!(
            "# Synthetic corpus: {people_count} people, seed {seed}.\n\n\
             [[source]]\nid = \"synthetic-table\"\npath = \"synthetic-table.txt\"\nformat = \"wikitable\"\nscope = \"USSR\"\n\n\
             [[source]]\nid = \"synthetic-timeline\"\npath = \"synthetic-timeline.txt\"\nformat = \"timeline\"\nscope = \"USSR\"\n\n\
             [[source]]\nid = \"synthetic-prose\"\npath = \"synthetic-prose.txt\"\nformat = \"prose\"\nscope = \"USSR\"\n"
        ),
    )?;
    eprintln!(
        "wrote {people_count} people, {} truth mentions to {}",
        truth.lines().count() - 1,
        out.display()
    );
    Ok(())
}

/// Adds namesakes: for about 3% of people, another person with the same given name and
/// surname, 20 to 40 years apart, with another profession, birthplace and destinations.
fn add_namesakes(rng: &mut Rng, people: &mut Vec<Person>) {
    let count = people.len() * 3 / 100;
    for _ in 0..count {
        let original = rng.below(people.len());
        let o = &people[original];
        let gap = 20 + rng.below(21) as i32;
        let year = if o.year - gap >= 1920 {
            o.year - gap
        } else {
            o.year + gap
        };
        let mut namesake = Person {
            given: o.given.clone(),
            stem: o.stem.clone(),
            ending: o.ending,
            year: year.min(1990),
            profession: rng.pick::<&'static str>(PROFESSIONS),
            birthplace: rng.pick::<&'static str>(BIRTHPLACES),
            destinations: vec![*rng.pick(DESTINATIONS)],
            born: (1 + rng.below(28) as u32, 1 + rng.below(12) as u32, 0),
            spouse: None,
            namesake: true,
        };
        namesake.born.2 = birth_year(rng, namesake.year);
        people.push(namesake);
    }
}

/// The line number a row appended to a growing text gets (`text.lines().count() + 1`),
/// counting only what was appended since the last call: the texts hold a million rows.
#[derive(Default)]
struct LineCounter {
    seen: usize,
    newlines: u32,
}

impl LineCounter {
    fn next_line(&mut self, text: &str) -> u32 {
        let appended = &text.as_bytes()[self.seen..];
        self.newlines += appended.iter().filter(|&&b| b == b'\n').count() as u32;
        self.seen = text.len();
        let unfinished = u32::from(!text.is_empty() && !text.ends_with('\n'));
        self.newlines + unfinished + 1
    }
}

/// A birth year for someone who defected in `year`: 18 to 60 years before.
fn birth_year(rng: &mut Rng, year: i32) -> i32 {
    year - 18 - rng.below(43) as i32
}
