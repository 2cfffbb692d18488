//! One test per prose rule, on paragraphs written for the test (invented people), and a
//! precision/recall measurement on a small gold corpus of such paragraphs.

use defectors_model::{GivenName, Mention, ParsedDocument, Status};
use defectors_parse::{Lexicon, parse_prose};
use defectors_test_support::prose_reference;

/// The shipped prose lexicon and English word list, with invented test people's given names.
fn lexicon() -> Lexicon {
    let names = [
        "Ivan", "Anna", "Boris", "Maria", "Pavel", "Olga", "Yevdokia", "Vladimir", "Joseph",
        "Nikolai", "Tatiana", "Sergei", "Elena",
    ];
    let given_names: Vec<GivenName> = names
        .iter()
        .map(|n| GivenName {
            name: (*n).to_owned(),
            canonical: (*n).to_owned(),
            gender: if n.ends_with('a') { "f" } else { "m" }.to_owned(),
        })
        .collect();
    Lexicon::from_reference(&prose_reference(given_names))
}

fn parse(text: &str) -> ParsedDocument {
    parse_prose("p", text, &lexicon())
}

fn names(doc: &ParsedDocument) -> Vec<&str> {
    doc.mentions
        .iter()
        .map(|m| m.surface_name.as_str())
        .collect()
}

fn one<'a>(doc: &'a ParsedDocument, name: &str) -> &'a Mention {
    doc.mentions
        .iter()
        .find(|m| m.surface_name == name)
        .unwrap_or_else(|| panic!("no mention of {name} in {:?}", names(doc)))
}

#[test]
fn abbreviations_and_initials_do_not_split_sentences() {
    let text = "Ivan Sokolov, a KGB officer stationed in Washington, D.C., defected to the U.S. in 1960 and later moved to Canada.";
    let doc = parse(text);
    let m = one(&doc, "Ivan Sokolov");
    assert_eq!(m.raw.year(), Some("1960"));
    assert_eq!(m.raw.agency(), Some("KGB"));
    assert_eq!(m.provenance.context, text, "one sentence");
}

#[test]
fn names_need_a_given_name_or_a_role_word() {
    let doc =
        parse("Pilot Grigol Tsereteli defected to Turkey in 1970. Unknown Person defected too.");
    assert_eq!(
        names(&doc),
        ["Grigol Tsereteli"],
        "role word rescues an unknown given name"
    );
    let doc = parse("Boris Lenski defected to Norway in 1961.");
    assert_eq!(names(&doc), ["Boris Lenski"]);
}

#[test]
fn organisations_places_and_titles_are_not_people() {
    let doc = parse(
        "Anna Karpova, a KGB agent, told the CIA and Radio Free Europe about it, defected in New York in 1975, and wrote the book Ivan Grozny Returns, then published “Olga Remembers”.",
    );
    assert_eq!(names(&doc), ["Anna Karpova"]);
}

#[test]
fn relatives_and_victims_are_not_people() {
    let doc = parse(
        "Among the defectors was Joseph Lenski's daughter, Maria Lenski, who fled in 1967. The son of Pavel Orlov defected as well. Agents assassinated Nikolai Petrenko before he could flee.",
    );
    assert_eq!(names(&doc), ["Maria Lenski"]);
    assert_eq!(
        one(&doc, "Maria Lenski").raw.profession(),
        Some("Joseph Lenski's daughter")
    );
}

#[test]
fn sentences_without_a_defection_cue_name_nobody() {
    let doc = parse("Ivan Sokolov was a famous painter. He lived in Moscow.");
    assert!(doc.mentions.is_empty());
}

#[test]
fn plural_role_before_a_list_applies_to_each() {
    let doc = parse(
        "Well-known defectors include ballet dancers Anna Karpova, Boris Lenski, and Olga Orlova; and pianist Pavel Smirnov.",
    );
    assert_eq!(
        names(&doc),
        [
            "Anna Karpova",
            "Boris Lenski",
            "Olga Orlova",
            "Pavel Smirnov"
        ]
    );
    for name in ["Anna Karpova", "Boris Lenski", "Olga Orlova"] {
        assert_eq!(one(&doc, name).raw.profession(), Some("ballet dancers"));
    }
    assert_eq!(one(&doc, "Pavel Smirnov").raw.profession(), Some("pianist"));
}

#[test]
fn year_of_the_defection_not_of_death_or_book() {
    let doc = parse(
        "GRU officer Boris Lenski sought asylum in Sweden in 1949, wrote the book Cold Rooms in 1952, and died in 1970.",
    );
    let m = one(&doc, "Boris Lenski");
    assert_eq!(m.raw.year(), Some("1949"));
    assert_eq!(m.raw.destination(), Some("Sweden"));
    let doc = parse(
        "Ivan Sokolov, a KGB colonel who had worked for the British since 1970, escaped to the West in 1982.",
    );
    assert_eq!(one(&doc, "Ivan Sokolov").raw.year(), Some("1982"));
}

#[test]
fn year_before_the_names_and_a_shared_surname() {
    let doc = parse(
        "In 1958 KGB agents Ivan and Yevdokia Sokolov defected in Canada and later published Memoirs in 1962.",
    );
    assert_eq!(names(&doc), ["Ivan Sokolov", "Yevdokia Sokolov"]);
    for m in &doc.mentions {
        assert_eq!(m.raw.year(), Some("1958"));
        assert_eq!(m.raw.destination(), Some("Canada"));
        assert_eq!(m.raw.profession(), Some("KGB agents"));
    }
    assert_eq!(doc.mentions[0].together_with, ["Yevdokia Sokolov"]);
}

#[test]
fn spelled_out_agency() {
    let doc = parse(
        "The first was MGB (Ministry of State Security) officer Sergei Volin, who fled to Austria in 1947.",
    );
    let m = one(&doc, "Sergei Volin");
    assert_eq!(m.raw.agency(), Some("MGB (Ministry of State Security)"));
    assert_eq!(m.raw.destination(), Some("Austria"));
}

#[test]
fn place_after_an_organisation_and_an_adjective() {
    let doc = parse(
        "Elena Marsh, a cipher clerk, turned herself over to Danish police in Copenhagen, Denmark, in 1966.",
    );
    assert_eq!(
        one(&doc, "Elena Marsh").raw.destination(),
        Some("Copenhagen, Denmark")
    );
    let doc =
        parse("When Pavel Orlov offered himself to the CIA in Rome in 1963, nobody believed him.");
    assert_eq!(one(&doc, "Pavel Orlov").raw.destination(), Some("Rome"));
}

#[test]
fn outcome_cue_reaches_the_person_by_surname() {
    let doc = parse(
        "KGB officer Nikolai Petrenko defected to France in 1980. After a year Petrenko re-defected to the Soviet Union.",
    );
    let m = one(&doc, "Nikolai Petrenko");
    assert_eq!(
        m.raw.outcome(),
        Some("After a year Petrenko re-defected to the Soviet Union")
    );
}

#[test]
fn people_the_term_does_not_apply_to() {
    let doc = parse(
        "Many fled. (The term did not apply to poet Ivan Sokolov, who was expelled; or the dissident Anna Karpova, who was exchanged for a spy.) Boris Lenski, however, defected in 1975.",
    );
    let sokolov = one(&doc, "Ivan Sokolov");
    assert_eq!(sokolov.status, Status::NotDefector);
    assert_eq!(sokolov.raw.status_reason(), Some("expelled"));
    let karpova = one(&doc, "Anna Karpova");
    assert_eq!(karpova.status, Status::NotDefector);
    assert_eq!(karpova.raw.status_reason(), Some("exchanged for a spy"));
    assert_eq!(one(&doc, "Boris Lenski").status, Status::Defector);
}

#[test]
fn character_offsets_point_at_the_name_in_its_line() {
    let text = "First line.\nThen the clerk Ivan Sokolov defected, and so did Anna Karpova.";
    let doc = parse(text);
    let line = text.lines().nth(1).unwrap();
    for m in &doc.mentions {
        assert_eq!(m.provenance.line, 2);
        let (a, b) = m.char_span.unwrap();
        let got: String = line
            .chars()
            .skip(a as usize)
            .take((b - a) as usize)
            .collect();
        assert_eq!(got, m.surface_name);
    }
    assert_eq!(doc.mentions.len(), 2);
}

/// Gold paragraphs: text and the (name, is_defector) pairs a reader finds in it.
const GOLD: &[(&str, &[(&str, bool)])] = &[
    (
        "Among the first to flee was NKVD officer Pavel Orlov, who sought asylum in France in 1937. His colleague Ivan Sokolov followed in 1938.",
        &[("Pavel Orlov", true), ("Ivan Sokolov", true)],
    ),
    (
        "In 1971 KGB officer Sergei Volin defected to Britain. The British expelled 105 Soviet officials. Volin later wrote Inside Moscow.",
        &[("Sergei Volin", true)],
    ),
    (
        "Ballet dancers Anna Karpova and Olga Orlova defected in Paris in 1961, while conductor Boris Lenski stayed at home.",
        &[("Anna Karpova", true), ("Olga Orlova", true)],
    ),
    (
        "The term did not apply to writer Nikolai Petrenko, who was deported; Elena Marsh, however, fled to Vienna in 1979.",
        &[("Nikolai Petrenko", false), ("Elena Marsh", true)],
    ),
    (
        "Radio Free Europe reported that Tatiana Volkova, a chess grandmaster, had defected in the Netherlands in 1976. Joseph Lenski's son, Pavel Lenski, escaped in 1980.",
        &[("Tatiana Volkova", true), ("Pavel Lenski", true)],
    ),
    (
        "The Soviet Union protested. The United States granted asylum to cipher clerk Maria Ivanova in Washington in 1954, but the State Department did not comment.",
        &[("Maria Ivanova", true)],
    ),
    (
        "When high-ranking GRU colonel Ivan Petrenko defected to the United States in 1985, the Kremlin named a commission under Sergei Voronin to study the case.",
        &[("Ivan Petrenko", true)],
    ),
];

#[test]
fn precision_and_recall_on_the_gold_paragraphs() {
    let (mut true_pos, mut false_pos, mut false_neg) = (0usize, 0usize, 0usize);
    for (text, gold) in GOLD {
        let doc = parse(text);
        let got: Vec<(&str, bool)> = doc
            .mentions
            .iter()
            .map(|m| (m.surface_name.as_str(), m.status == Status::Defector))
            .collect();
        for g in gold.iter() {
            if got.contains(g) {
                true_pos += 1;
            } else {
                false_neg += 1;
                eprintln!("missed {g:?} in: {text}");
            }
        }
        for g in &got {
            if !gold.contains(g) {
                false_pos += 1;
                eprintln!("spurious {g:?} in: {text}");
            }
        }
    }
    let precision = true_pos as f64 / (true_pos + false_pos) as f64;
    let recall = true_pos as f64 / (true_pos + false_neg) as f64;
    eprintln!(
        "prose gold corpus: {true_pos} found, {false_pos} spurious, {false_neg} missed; precision {precision:.3}, recall {recall:.3}"
    );
    assert!(precision >= 0.9, "precision {precision:.3}");
    assert!(recall >= 0.9, "recall {recall:.3}");
}

#[test]
fn an_initial_that_is_also_an_english_word_stays_in_the_name() {
    for initial in ["A.", "I.", "M.", "S."] {
        let doc = parse(&format!(
            "The chess player {initial} Dorutov defected to France in 1943."
        ));
        assert_eq!(names(&doc), [format!("{initial} Dorutov")], "{initial}");
    }
}
