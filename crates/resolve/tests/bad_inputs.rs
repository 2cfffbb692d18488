//! Hostile inputs (from an attack on `defectors build`): each ends with a correct result or a
//! warning, never a panic, a silent wrong result or a quadratic output. Inputs are inline.

use std::collections::HashSet;

use defectors_clean::Cleaner;
use defectors_model::{
    GivenName, Mention, Provenance, RawFields, Reference, Section, Status, YearRange,
};
use defectors_resolve::{Priorities, Resolution, params, resolve};

fn reference() -> Reference {
    Reference {
        given_names: vec![GivenName {
            name: "Ivan".into(),
            canonical: "Ivan".into(),
            gender: "m".into(),
        }],
        ..Reference::default()
    }
}

/// A timeline mention of `name` in `source` at `line` (position `n` on the line).
fn m(source: &str, line: u32, n: u32, name: &str, year: Option<i32>) -> Mention {
    Mention {
        provenance: Provenance {
            source_id: source.into(),
            line,
            section: Section::Timeline,
            heading: None,
            context: String::new(),
        },
        index_in_line: n,
        surface_name: name.into(),
        status: Status::Defector,
        raw: RawFields::default(),
        year: year.map(YearRange::single),
        born: None,
        died: None,
        together_with: vec![],
        char_span: None,
        companion: false,
        attempt: false,
    }
}

fn run(mentions: &[Mention]) -> Resolution {
    let cleaner = Cleaner::new(&reference());
    let cleaned: Vec<_> = mentions
        .iter()
        .map(|x| cleaner.clean(x, Some("USSR")).0)
        .collect();
    resolve(mentions, &cleaned, &[], &Priorities::new())
}

/// `k` mentions of one name and year, one per line.
fn repeated(k: u32, year: i32) -> Vec<Mention> {
    (1..=k)
        .map(|line| m("list", line, 0, "Ivan Sokolov", Some(year)))
        .collect()
}

fn large_block_warnings(r: &Resolution) -> Vec<&str> {
    r.diagnostics
        .iter()
        .filter(|d| d.code == "resolve.large_block")
        .map(|d| d.message.as_str())
        .collect()
}

/// Item 11: a person of `k` identical mentions used to add every one of its `k(k-1)/2`
/// pairs to the evidence; now only the `k - 1` links that formed the person.
#[test]
fn evidence_of_one_person_grows_linearly_with_its_mentions() {
    let k = 60;
    let r = run(&repeated(k, 1950));
    assert_eq!(r.people.len(), 1);
    assert_eq!(
        r.evidence.len(),
        k as usize - 1,
        "not k(k-1)/2 = {}",
        k * (k - 1) / 2
    );
    assert!(
        r.evidence
            .iter()
            .all(|e| e.decision == defectors_resolve::Decision::Merged)
    );
    // The merged rows span the person: every mention is in one of them.
    let covered: HashSet<u32> = r.evidence.iter().flat_map(|e| [e.a, e.b]).collect();
    assert_eq!(covered.len(), k as usize);
    // A near miss between two people is still a row.
    let mut two = repeated(3, 1950);
    two.push(m("other", 1, 0, "Ivan Sokolov", Some(1960)));
    let r = run(&two);
    assert_eq!(r.people.len(), 2);
    let decisions: Vec<&str> = r.evidence.iter().map(|e| e.decision.as_str()).collect();
    assert_eq!(decisions.iter().filter(|d| **d == "merged").count(), 2);
    assert!(decisions.contains(&"near_miss"), "{decisions:?}");
}

/// Item 22: a name repeated more than `MAX_BLOCK` times used to skip its blocks, so 399
/// mentions gave one person and 401 gave 401. Now the result is the same and a warning says
/// the block was compared by sorted neighbourhood.
#[test]
fn a_name_repeated_past_the_block_cap_still_merges_and_warns() {
    let below = run(&repeated(params::MAX_BLOCK as u32 - 1, 1950));
    assert_eq!(below.people.len(), 1);
    assert!(large_block_warnings(&below).is_empty());

    let n = params::MAX_BLOCK as u32 + 1;
    let above = run(&repeated(n, 1950));
    assert_eq!(
        above.people.len(),
        1,
        "401 identical mentions are one person"
    );
    assert_eq!(above.people[0].n_mentions, n);
    assert_eq!(above.evidence.len(), n as usize - 1);
    let warnings = large_block_warnings(&above);
    assert!(!warnings.is_empty());
    assert!(
        warnings.contains(
            &"surname key `sokolov` with given name `ivan` is shared by 401 mentions (more than 400): each was compared with its 19 nearest in name-and-year order instead of with all; the others join a person only through links in between"
        ),
        "{warnings:#?}"
    );

    // Two people of one name, decades apart, stay two past the cap.
    let mut mixed = repeated(n, 1950);
    mixed.extend((1..=n).map(|line| m("other", line, 0, "Ivan Sokolov", Some(1985))));
    let r = run(&mixed);
    let mut sizes: Vec<u32> = r.people.iter().map(|p| p.n_mentions).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [n, n]);
}

/// Item 23: `Ivan Sokolov` (two people) and `Ivan Sokolov 2` both got `ivan-sokolov-2`, and
/// names without letters got `""` and `-2`. Ids are now unique, non-empty and independent of
/// the input order.
#[test]
fn person_ids_are_unique_non_empty_and_stable() {
    let mentions = vec![
        // Two people: named separately on one line.
        m("a", 1, 0, "Ivan Sokolov", Some(1950)),
        m("a", 1, 1, "Ivan Sokolov", Some(1950)),
        m("a", 2, 0, "Ivan Sokolov 2", Some(1970)),
        m("a", 3, 0, "—", Some(1960)),
        m("a", 4, 0, "???", Some(1961)),
    ];
    let ids_by_mention = |mentions: &[Mention]| {
        let r = run(mentions);
        let mut ids: Vec<(String, String)> = mentions
            .iter()
            .zip(&r.person_of_mention)
            .map(|(m, &p)| (m.mention_id(), r.people[p].person_id.to_string()))
            .collect();
        ids.sort();
        (r, ids)
    };
    let (r, ids) = ids_by_mention(&mentions);
    assert_eq!(
        r.people.len(),
        5,
        "punctuation-only names are not one surname"
    );
    let unique: HashSet<&str> = r.people.iter().map(|p| p.person_id.as_str()).collect();
    assert_eq!(unique.len(), 5, "{unique:?}");
    assert!(r.people.iter().all(|p| !p.person_id.is_empty()));
    let expected = [
        ("a:1:0", "ivan-sokolov"),
        ("a:1:1", "ivan-sokolov-3"),
        ("a:2:0", "ivan-sokolov-2"),
        ("a:3:0", "person"),
        ("a:4:0", "person-2"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(ids, expected);
    // The same mentions in another order get the same ids.
    let reversed: Vec<Mention> = mentions.into_iter().rev().collect();
    assert_eq!(ids_by_mention(&reversed).1, expected);
}

/// A given name of two syllables, distinct for each `i` below 324.
fn given(i: usize) -> String {
    const SYLLABLES: [&str; 18] = [
        "al", "bo", "cy", "du", "ek", "fa", "gi", "ho", "iz", "ju", "ka", "lo", "mi", "no", "ox",
        "pe", "qu", "ru",
    ];
    let name = format!("{}{}ra", SYLLABLES[i / 18], SYLLABLES[i % 18]);
    let mut chars = name.chars();
    let first = chars.next().expect("a letter").to_ascii_uppercase();
    std::iter::once(first).chain(chars).collect()
}

/// A surname shared by many mentions, each with another given name: its blocks of the
/// surname alone and its coarse blocks are compared by sorted neighbourhood, so the candidate
/// pairs grow linearly (a bounded number per mention), with no warning. Compared in full they
/// would be `k(k-1)/2`, 16 times this bound.
#[test]
fn a_common_surname_with_many_given_names_is_compared_linearly() {
    let k = 320;
    let mentions: Vec<Mention> = (0..k)
        .map(|i| {
            let name = format!("{} Sokolov", given(i));
            m("list", i as u32 + 1, 0, &name, Some(1950))
        })
        .collect();
    let r = run(&mentions);
    assert!(large_block_warnings(&r).is_empty());
    assert!(
        r.compared_pairs <= k * 10,
        "{} pairs compared for {k} mentions",
        r.compared_pairs
    );
}
