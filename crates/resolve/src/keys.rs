//! Interned keys: every text a comparison or a blocking key reads (spelling keys, skeletons,
//! phonetic codes, given names, sources, agencies, …) is stored once in a [`KeyTable`], and a
//! mention's [`Features`](crate::Features) hold small integer [`Key`]s. Two mentions agree on
//! a value when their keys are equal; the text is read only where a comparison measures it
//! (a typing slip, Jaro–Winkler) or a reason is put in words.

use std::num::NonZeroU32;

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// One interned text of a [`KeyTable`]. Equal keys of one table are equal texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(NonZeroU32);

impl Key {
    /// The position of the key's text in its table.
    fn slot(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// A small set of keys (spellings, skeletons or phonetic codes), in their order, held inline
/// up to four.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet(SmallVec<[Key; 4]>);

impl KeySet {
    /// The set of `keys`, in their order.
    pub fn new(keys: impl IntoIterator<Item = Key>) -> Self {
        Self(keys.into_iter().collect())
    }

    /// The first of these keys that `other` also holds.
    pub fn shared(&self, other: &KeySet) -> Option<Key> {
        self.0.iter().copied().find(|k| other.0.contains(k))
    }

    /// Whether the two sets share a key.
    pub fn meets(&self, other: &KeySet) -> bool {
        self.shared(other).is_some()
    }

    /// The keys, in their order.
    pub fn keys(&self) -> &[Key] {
        &self.0
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first key.
    pub fn first(&self) -> Option<Key> {
        self.0.first().copied()
    }
}

/// The texts of the keys of a corpus's features, and the weight of agreeing on each surname
/// spelling key (its term frequency: a common surname says less than a rare one).
#[derive(Debug, Clone, Default)]
pub struct KeyTable {
    texts: Vec<Box<str>>,
    /// The weight of two mentions sharing each key as a surname spelling key, by slot.
    surname_weights: Vec<f64>,
}

impl KeyTable {
    /// The text of `key`.
    pub fn text(&self, key: Key) -> &str {
        &self.texts[key.slot()]
    }

    /// The texts of `keys`, in their order.
    pub fn texts<'a>(&'a self, keys: &'a KeySet) -> impl Iterator<Item = &'a str> + Clone + 'a {
        keys.keys().iter().map(|&k| self.text(k))
    }

    /// The weight of two mentions sharing the surname spelling key `key`.
    pub(crate) fn surname_weight(&self, key: Key) -> f64 {
        self.surname_weights[key.slot()]
    }

    /// Sets the weight of sharing each key as a surname key, from how many of `total`
    /// mentions hold it as one (`counts` by slot; a key held by none counts once).
    pub(crate) fn weigh_surnames(&mut self, counts: &[usize], weigh: impl Fn(usize) -> f64) {
        self.surname_weights = counts.iter().map(|&n| weigh(n.max(1))).collect();
    }

    /// How many keys the table holds.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether the table holds no key.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The slot of `key`, for tables indexed by key.
    pub(crate) fn slot(key: Key) -> usize {
        key.slot()
    }
}

/// Builds a [`KeyTable`]: each distinct text gets one key.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: FxHashMap<Box<str>, Key>,
}

impl Interner {
    /// The key of `text`, new if the text is.
    pub(crate) fn intern(&mut self, text: &str) -> Key {
        if let Some(&key) = self.ids.get(text) {
            return key;
        }
        let n = u32::try_from(self.ids.len() + 1).expect("fewer than 2^32 distinct keys");
        let key = Key(NonZeroU32::new(n).expect("n is at least 1"));
        self.ids.insert(text.into(), key);
        key
    }

    /// The key of each text, in their order.
    pub(crate) fn intern_all<S: AsRef<str>>(&mut self, texts: &[S]) -> KeySet {
        KeySet::new(texts.iter().map(|t| self.intern(t.as_ref())))
    }

    /// The table of every text interned, without weights.
    pub(crate) fn finish(self) -> KeyTable {
        let mut texts: Vec<Box<str>> = vec![Box::from(""); self.ids.len()];
        for (text, key) in self.ids {
            texts[key.slot()] = text;
        }
        KeyTable {
            texts,
            surname_weights: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `shared` is the first key of the left set that the right one holds, as a scan of the
    /// texts finds it, and each key reads back as its text.
    #[test]
    fn key_sets_share_what_their_texts_share() {
        let texts: [&[&str]; 6] = [
            &[],
            &["SKLF"],
            &["SKLF", "SKLV"],
            &["SKLV", "SKLF"],
            &["IVNV", "SKLV"],
            &["sokolov", "sokolova"],
        ];
        let mut interner = Interner::default();
        let sets: Vec<KeySet> = texts.iter().map(|t| interner.intern_all(t)).collect();
        let table = interner.finish();
        for (a, ta) in sets.iter().zip(texts) {
            assert_eq!(table.texts(a).collect::<Vec<_>>(), ta);
            for (b, tb) in sets.iter().zip(texts) {
                let by_text = ta.iter().find(|k| tb.contains(k)).copied();
                assert_eq!(
                    a.shared(b).map(|k| table.text(k)),
                    by_text,
                    "{ta:?} / {tb:?}"
                );
                assert_eq!(a.meets(b), by_text.is_some());
            }
        }
    }
}
