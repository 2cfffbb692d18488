//! The features of every mention: what resolution compares of it, as interned [`Key`]s of one
//! [`KeyTable`]. The keys derived from a name word (its phonetic skeletons, its folded form,
//! its Daitch–Mokotoff codes) are computed once per distinct word, in parallel: a corpus
//! names far fewer surnames and given names than it has mentions.

use compact_str::CompactString;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use defectors_clean::CleanedMention;
use defectors_model::{Mention, ProfessionCategory};
use rphonetic::DaitchMokotoffSoundex;

use crate::keys::{Interner, Key, KeySet, KeyTable};

/// What resolution compares about one mention. Texts are [`Key`]s of the corpus's
/// [`KeyTable`].
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Index of the mention in the input.
    pub index: usize,
    /// Source id.
    pub source: Key,
    /// Line.
    pub line: u32,
    /// Canonical given name key.
    pub given_key: Option<Key>,
    /// First letter of an initial-only given name (`I. P. Sokolov` → `i`).
    pub given_initial: Option<char>,
    /// Folded given name as written, for unknown spellings.
    pub given_folded: Option<Key>,
    /// Surname spelling keys.
    pub surname_keys: KeySet,
    /// Family key.
    pub family_key: Option<Key>,
    /// Folded surname as written, for typing slips the keys fold away (`Baain` → `bain`).
    pub surname_folded: Option<Key>,
    /// Daitch–Mokotoff codes of the family key.
    pub dm_codes: KeySet,
    /// Phonetic skeleton keys of the surname (see `defectors_clean::skeletons`).
    pub surname_skeletons: KeySet,
    /// Phonetic skeleton keys of the given name.
    pub given_skeletons: KeySet,
    /// `m`/`f`.
    pub gender: Option<char>,
    /// Generational suffix.
    pub suffix: Option<Key>,
    /// Year range.
    pub year: Option<(i32, i32)>,
    /// Profession category.
    pub profession: Option<ProfessionCategory>,
    /// Agency.
    pub agency: Option<Key>,
    /// First destination.
    pub destination: Option<Key>,
    /// Birth year.
    pub birth_year: Option<i32>,
    /// Year of death.
    pub death_year: Option<i32>,
    /// Family keys of the people named together with this one.
    pub partner_families: KeySet,
    /// Named only in another person's row.
    pub companion: bool,
}

/// The features of each mention (`mentions` and `cleaned` in step), and the table of their
/// keys, with the weight of each surname key set from the corpus (see
/// [`crate::compare::weigh_surname_keys`]).
pub fn features(mentions: &[Mention], cleaned: &[CleanedMention]) -> (Vec<Features>, KeyTable) {
    let words = Words::gather(mentions, cleaned);
    let mut interner = Interner::default();
    let derived = words.derive(&mut interner);
    let texts: Vec<TextKeys> = mentions
        .iter()
        .zip(cleaned)
        .map(|(m, c)| TextKeys::new(m, c, &mut interner))
        .collect();
    let mut table = interner.finish();
    let features: Vec<Features> = texts
        .into_par_iter()
        .zip(mentions)
        .zip(cleaned)
        .enumerate()
        .map(|(index, ((texts, m), c))| derived.features(index, texts, m, c))
        .collect();
    crate::compare::weigh_surname_keys(&features, &mut table);
    (features, table)
}

/// The distinct words of a corpus that keys are derived from, each list sorted.
struct Words<'a> {
    /// Given names and surnames as written.
    names: Vec<&'a str>,
    /// Non-empty family keys (for their phonetic codes).
    families: Vec<&'a str>,
    /// The surnames of the people named together with someone.
    partners: Vec<&'a str>,
}

impl<'a> Words<'a> {
    /// The distinct words of `mentions` and `cleaned`, gathered in parallel.
    fn gather(mentions: &'a [Mention], cleaned: &'a [CleanedMention]) -> Self {
        let names = distinct(cleaned.par_iter().flat_map_iter(|c| {
            [c.name.given.as_deref(), c.name.surname.as_deref()]
                .into_iter()
                .flatten()
        }));
        let families = distinct(
            cleaned
                .par_iter()
                .filter_map(|c| c.name.family_key.as_deref().filter(|k| !k.is_empty())),
        );
        let partners = distinct(mentions.par_iter().flat_map_iter(|m| {
            m.together_with
                .iter()
                .filter_map(|name| name.split_whitespace().last())
        }));
        Self {
            names,
            families,
            partners,
        }
    }

    /// The keys derived from each word, computed in parallel and interned in word order.
    fn derive(self, interner: &mut Interner) -> Derived<'a> {
        let dm = DaitchMokotoffSoundex::default();
        let name_texts: Vec<(Vec<String>, String)> = self
            .names
            .par_iter()
            .map(|w| (defectors_clean::skeletons(w), defectors_clean::fold(w)))
            .collect();
        let dm_texts: Vec<Vec<String>> = self
            .families
            .par_iter()
            .map(|k| dm.inner_soundex(k, true))
            .collect();
        let partner_texts: Vec<String> = self
            .partners
            .par_iter()
            .map(|w| defectors_clean::family_key(&defectors_clean::spelling_key(w)))
            .collect();
        let names = self
            .names
            .into_iter()
            .zip(name_texts)
            .map(|(w, (skeletons, folded))| {
                let keys = NameWordKeys {
                    skeletons: interner.intern_all(&skeletons),
                    folded: interner.intern(&folded),
                };
                (w, keys)
            })
            .collect();
        let dm_codes = self
            .families
            .into_iter()
            .zip(dm_texts)
            .map(|(k, codes)| (k, interner.intern_all(&codes)))
            .collect();
        let partners = self
            .partners
            .into_iter()
            .zip(partner_texts)
            .map(|(w, family)| (w, (!family.is_empty()).then(|| interner.intern(&family))))
            .collect();
        Derived {
            names,
            dm_codes,
            partners,
        }
    }
}

/// The distinct items of `words`, sorted.
fn distinct<'a>(words: impl ParallelIterator<Item = &'a str>) -> Vec<&'a str> {
    let set = words
        .fold(FxHashSet::default, |mut set, w| {
            set.insert(w);
            set
        })
        .reduce(FxHashSet::default, |mut a, b| {
            a.extend(b);
            a
        });
    let mut words: Vec<&str> = set.into_iter().collect();
    words.par_sort_unstable();
    words
}

/// The keys derived from one given name or surname as written.
struct NameWordKeys {
    skeletons: KeySet,
    folded: Key,
}

/// The keys derived from each distinct word of a corpus.
struct Derived<'a> {
    names: FxHashMap<&'a str, NameWordKeys>,
    dm_codes: FxHashMap<&'a str, KeySet>,
    partners: FxHashMap<&'a str, Option<Key>>,
}

/// The keys of the texts a mention's features take as they are.
struct TextKeys {
    source: Key,
    given_key: Option<Key>,
    surname_keys: KeySet,
    family_key: Option<Key>,
    suffix: Option<Key>,
    agency: Option<Key>,
    destination: Option<Key>,
}

impl TextKeys {
    /// The keys of mention `m`'s texts, interned.
    fn new(m: &Mention, c: &CleanedMention, interner: &mut Interner) -> Self {
        let mut key = |text: Option<&str>| text.map(|t| interner.intern(t));
        let given_key = key(c.name.given_key.as_deref());
        let family_key = key(c.name.family_key.as_deref());
        let suffix = key(c.name.suffix.as_deref());
        let agency = key(c.agency.as_deref());
        let destination = key(c.destination_first());
        Self {
            source: interner.intern(&m.provenance.source_id),
            given_key,
            surname_keys: interner.intern_all(&c.name.surname_keys),
            family_key,
            suffix,
            agency,
            destination,
        }
    }
}

impl Derived<'_> {
    /// The features of mention `m` (number `index`), from its text keys and the keys derived
    /// from its words.
    fn features(&self, index: usize, texts: TextKeys, m: &Mention, c: &CleanedMention) -> Features {
        use chrono::Datelike;
        let given_initial = if c.name.given.is_none() {
            c.name
                .middle
                .as_deref()
                .and_then(|mid| mid.chars().next())
                .map(|ch| ch.to_ascii_lowercase())
        } else {
            None
        };
        let word = |w: &Option<CompactString>| w.as_deref().map(|w| &self.names[w]);
        let (given, surname) = (word(&c.name.given), word(&c.name.surname));
        let dm_codes = c
            .name
            .family_key
            .as_deref()
            .filter(|k| !k.is_empty())
            .map(|k| self.dm_codes[k].clone())
            .unwrap_or_default();
        let partner_families = KeySet::new(
            m.together_with
                .iter()
                .filter_map(|name| name.split_whitespace().last())
                .filter_map(|w| self.partners[w]),
        );
        Features {
            index,
            source: texts.source,
            line: m.provenance.line,
            given_key: texts.given_key,
            given_initial,
            given_folded: given.map(|g| g.folded),
            surname_keys: texts.surname_keys,
            family_key: texts.family_key,
            surname_folded: surname.map(|s| s.folded),
            dm_codes,
            surname_skeletons: surname.map(|s| s.skeletons.clone()).unwrap_or_default(),
            given_skeletons: given.map(|g| g.skeletons.clone()).unwrap_or_default(),
            gender: c.name.gender,
            suffix: texts.suffix,
            year: m.year.map(|y| (y.min, y.max)),
            profession: c.profession_category,
            agency: texts.agency,
            destination: texts.destination,
            birth_year: m.born.map(|d| d.year()),
            death_year: m.died.map(|d| d.year()),
            partner_families,
            companion: m.companion,
        }
    }
}

// A feature row is read for every candidate pair, mostly from a random place in memory: it
// stays within four cache lines (208 bytes now), its texts interned, its key sets inline.
const _: () = assert!(std::mem::size_of::<Features>() <= 256);
