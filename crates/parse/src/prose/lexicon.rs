//! The words the prose extractor reads with: given names, and the phrases of
//! `prose_lexicon.csv` (defection predicates, attempt and failure phrases, role nouns, words
//! that are never names, …), compiled into patterns over tokens.
//!
//! A phrase is a sequence of slots separated by spaces. A slot is a word, or alternatives
//! `a|b|c`, matched against tokens case- and diacritic-insensitively; `…` (or `...`) matches
//! zero to four words (a possessive `'s` among them). Alternatives are single words: write
//! `barred from returning|re-entering` and `barred from coming back` as two rows. Punctuation
//! is never skipped.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use defectors_model::{GivenName, ProseTerm, Reference};

use super::text::{Token, TokenKind, fold};

/// The kinds of `prose_lexicon.csv` rows (see `data/reference/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermKind {
    /// A phrase that states a completed defection (`defected`, `asked … for … asylum`).
    Defect,
    /// A movement verb that states a defection only with a destination or origin (`fled`).
    Move,
    /// A movement verb that leaves the country even without a destination (`flee`), for a
    /// person the document shows defecting.
    MoveAlone,
    /// A defection noun, a statement only with a possessor (`X's defection`).
    Noun,
    /// An attempt or intention (`tried to`, `decision to`).
    Attempt,
    /// The attempt failed (`was caught`).
    Failed,
    /// Sent out or shut out by their own state, or left with permission (`deported`).
    NotDefector,
    /// An exchange of prisoners: both sides are not defectors.
    Exchange,
    /// Went back (`re-defected`, `returned to the Soviet Union`): the defection was reversed.
    Returned,
    /// Says the term does not apply to the people named after it (`did not apply to`).
    Denial,
    /// Gives asylum to the person named after it (`granted asylum to`).
    Grant,
    /// After an exile or deportation verb, a destination inside the Eastern Bloc (`deported
    /// eastward`, `exiled to Siberia`): repression at home, not a person sent abroad.
    NotAbroad,
    /// A label noun (`defector`).
    Label,
    /// A heading word of a list of people who left (`exiles`).
    ListLabel,
    /// Repeats the defection said before (`followed suit`).
    Anaphoric,
    /// Negates the predicate after it (`not`, `never`).
    Negation,
    /// A subject that names nobody (`nobody`, `neither`).
    NegativeSubject,
    /// Opens a time clause (`after`, `until`).
    Temporal,
    /// `the first … to defect`.
    Ordinal,
    /// Destination or origin words after a movement verb (`to`, `across`).
    Complement,
    /// A name right after one of these is not a subject (`of`, `by`).
    Preposition,
    /// Introduces the members of a group (`such as`).
    ExampleIntro,
    /// A companion of the subject (`together with`).
    Companion,
    /// The name after it is another name of the person before (`also known as`).
    Alias,
    /// A speech verb (`said`).
    Speech,
    /// A relative date (`a year later`).
    RelativeTime,
    /// A year near one of these is not a defection year (`born`, `died`).
    YearExcluder,
    /// A role noun that may stand before a name (`dancer`).
    Role,
    /// A title written capitalised before a name (`Mr`, `President`).
    Title,
    /// A relation noun (`daughter of X`).
    Relation,
    /// A capitalised run after one of these is a title (`book`).
    TitleCue,
    /// A capitalised word that makes a run an organisation or place (`Union`).
    OrgWord,
    /// A capitalised word that is never part of a name (`The`, `March`).
    NotName,
    /// A nationality adjective (`Soviet`).
    Demonym,
}

impl TermKind {
    /// Every kind, with its spelling in the table.
    pub const ALL: [(TermKind, &'static str); 34] = [
        (Self::Defect, "defect"),
        (Self::Move, "move"),
        (Self::MoveAlone, "move_alone"),
        (Self::Noun, "noun"),
        (Self::Attempt, "attempt"),
        (Self::Failed, "failed"),
        (Self::NotDefector, "not_defector"),
        (Self::Exchange, "exchange"),
        (Self::NotAbroad, "not_abroad"),
        (Self::Returned, "returned"),
        (Self::Denial, "denial"),
        (Self::Grant, "grant"),
        (Self::Label, "label"),
        (Self::ListLabel, "list_label"),
        (Self::Anaphoric, "anaphoric"),
        (Self::Negation, "negation"),
        (Self::NegativeSubject, "negative_subject"),
        (Self::Temporal, "temporal"),
        (Self::Ordinal, "ordinal"),
        (Self::Complement, "complement"),
        (Self::Preposition, "preposition"),
        (Self::ExampleIntro, "example_intro"),
        (Self::Companion, "companion"),
        (Self::Alias, "alias"),
        (Self::Speech, "speech"),
        (Self::RelativeTime, "relative_time"),
        (Self::YearExcluder, "year_excluder"),
        (Self::Role, "role"),
        (Self::Title, "title"),
        (Self::Relation, "relation"),
        (Self::TitleCue, "title_cue"),
        (Self::OrgWord, "org_word"),
        (Self::NotName, "not_name"),
        (Self::Demonym, "demonym"),
    ];

    /// Parses the table's spelling.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }
}

/// One slot of a phrase pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// One token equal (folded) to one of these.
    Word(Vec<String>),
    /// Zero to this many word tokens.
    Gap(usize),
}

/// A compiled phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    slots: Vec<Slot>,
}

/// How many words `…` may skip.
const GAP: usize = 4;

impl Pattern {
    fn compile(phrase: &str) -> Option<Self> {
        let mut slots = Vec::new();
        for part in phrase.split_whitespace() {
            if part == "…" || part == "..." {
                slots.push(Slot::Gap(GAP));
            } else {
                let alternatives: Vec<String> = part
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .flat_map(|a| split_word(&fold(a)))
                    .collect();
                if alternatives.is_empty() {
                    return None;
                }
                slots.push(Slot::Word(alternatives));
            }
        }
        (!slots.is_empty()).then_some(Self { slots })
    }

    /// The end (exclusive token index) of the shortest match starting at token `at`, if any.
    fn match_at(&self, tokens: &[Token], at: usize, limit: usize) -> Option<usize> {
        self.match_from(0, tokens, at, limit)
    }

    fn match_from(&self, slot: usize, tokens: &[Token], at: usize, limit: usize) -> Option<usize> {
        let Some(current) = self.slots.get(slot) else {
            return Some(at);
        };
        match current {
            Slot::Word(words) => {
                let token = tokens.get(at).filter(|_| at < limit)?;
                if token.kind == TokenKind::Punct && !words.iter().any(|w| w == &token.folded) {
                    return None;
                }
                if words.iter().any(|w| w == &token.folded) {
                    self.match_from(slot + 1, tokens, at + 1, limit)
                } else {
                    None
                }
            }
            Slot::Gap(max) => (0..=*max).find_map(|skip| {
                let words_ok = (at..at + skip).all(|i| {
                    i < limit
                        && tokens
                            .get(i)
                            .is_some_and(|t| t.is_wordlike() || t.kind == TokenKind::Possessive)
                });
                if words_ok {
                    self.match_from(slot + 1, tokens, at + skip, limit)
                } else {
                    None
                }
            }),
        }
    }
}

/// `n't` and `a.k.a.` are single slots; a word written with a space is not.
fn split_word(word: &str) -> Vec<String> {
    vec![word.trim_end_matches('.').to_owned()]
}

/// A set of phrases of one kind.
#[derive(Debug, Clone, Default)]
struct Phrases {
    /// One-word phrases (folded).
    single: HashSet<String>,
    /// Longer phrases.
    multi: Vec<Pattern>,
    /// The longer phrases (indexes into `multi`) by each word their first slot accepts: only
    /// these can match at a token that word spells.
    by_first_word: HashMap<String, Vec<usize>>,
    /// The longer phrases that start with a gap (any token may start them).
    gap_first: Vec<usize>,
}

impl Phrases {
    fn add(&mut self, phrase: &str) {
        let Some(pattern) = Pattern::compile(phrase) else {
            return;
        };
        let index = self.multi.len();
        match pattern.slots.as_slice() {
            [Slot::Word(words)] => return self.single.extend(words.iter().cloned()),
            [Slot::Word(words), ..] => {
                for word in words {
                    let indexes = self.by_first_word.entry(word.clone()).or_default();
                    if indexes.last() != Some(&index) {
                        indexes.push(index);
                    }
                }
            }
            _ => self.gap_first.push(index),
        }
        self.multi.push(pattern);
    }

    /// The end of the longest phrase starting at token `at` (not beyond `limit`).
    fn match_at(&self, tokens: &[Token], at: usize, limit: usize) -> Option<usize> {
        let token = tokens.get(at).filter(|_| at < limit)?;
        let single = self.single.contains(&token.folded).then_some(at + 1);
        let candidates = self.by_first_word.get(&token.folded).into_iter().flatten();
        candidates
            .chain(&self.gap_first)
            .filter_map(|&p| self.multi[p].match_at(tokens, at, limit))
            .chain(single)
            .filter(|end| *end > at)
            .max()
    }
}

/// A known given name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenInfo {
    /// The canonical form.
    pub canonical: String,
    /// `m` or `f`.
    pub gender: char,
}

/// Given names and the prose lexicon, ready for matching.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    given: HashMap<String, GivenInfo>,
    phrases: HashMap<TermKind, Phrases>,
    places: HashSet<String>,
    english: HashSet<String>,
    unknown_kinds: Vec<String>,
}

impl Lexicon {
    /// Builds the lexicon from the rows of the `given_names` table alone (no phrases: such a
    /// lexicon finds no defection statements).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a GivenName>) -> Self {
        Self::with_terms(names, &[])
    }

    /// Builds the lexicon from given names and `prose_lexicon.csv` rows.
    pub fn with_terms<'a>(
        names: impl IntoIterator<Item = &'a GivenName>,
        terms: &[ProseTerm],
    ) -> Self {
        let mut lexicon = Self::default();
        let names = names.into_iter();
        lexicon.given.reserve(names.size_hint().0);
        for n in names {
            let gender = if n.gender.starts_with('f') { 'f' } else { 'm' };
            lexicon.given.entry(fold(&n.name)).or_insert(GivenInfo {
                canonical: n.canonical.clone(),
                gender,
            });
        }
        for term in terms {
            match TermKind::from_name(term.kind.trim()) {
                Some(kind) => lexicon.phrases.entry(kind).or_default().add(&term.phrase),
                None => lexicon.unknown_kinds.push(term.kind.clone()),
            }
        }
        lexicon
    }

    /// Builds the lexicon from every reference table it reads: given names, the prose lexicon,
    /// and the place and country names (which are never people).
    pub fn from_reference(reference: &Reference) -> Self {
        let mut lexicon = Self::with_terms(&reference.given_names, &reference.prose_terms);
        lexicon.places = reference
            .places
            .iter()
            .map(|p| fold(p.name.trim_start_matches("the ")))
            .chain(reference.countries.iter().map(|c| fold(&c.name)))
            .collect();
        // Sized once: grown by doubling, the set of 40,000 words was rebuilt many times.
        lexicon.english.reserve(reference.english_words.len());
        lexicon
            .english
            .extend(reference.english_words.iter().map(|w| fold(w)));
        lexicon
    }

    /// Kinds in the table that the extractor does not know (reported by the pipeline).
    pub fn unknown_kinds(&self) -> &[String] {
        &self.unknown_kinds
    }

    /// True when the lexicon has no defection phrases at all (nothing can be found).
    pub fn has_no_predicates(&self) -> bool {
        !self.phrases.contains_key(&TermKind::Defect)
    }

    /// The number of given-name spellings.
    pub fn given_name_count(&self) -> usize {
        self.given.len()
    }

    /// True when `word` is a known given name (any spelling, case and diacritics folded).
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given.contains_key(&fold(word))
    }

    /// The given name a folded token spells, if any.
    pub fn given(&self, folded: &str) -> Option<&GivenInfo> {
        self.given.get(folded)
    }

    /// True when the folded word is an English word of `english_words.txt`.
    pub fn is_english_word(&self, folded: &str) -> bool {
        self.english.contains(folded)
    }

    /// True when the folded text is a place or country of the reference tables.
    pub fn is_place(&self, folded: &str) -> bool {
        self.places.contains(folded)
    }

    /// The end of the longest phrase of `kind` starting at token `at` (before `limit`).
    pub fn match_at(
        &self,
        kind: TermKind,
        tokens: &[Token],
        at: usize,
        limit: usize,
    ) -> Option<usize> {
        self.phrases.get(&kind)?.match_at(tokens, at, limit)
    }

    /// True when the single folded word is of `kind`.
    pub fn is(&self, kind: TermKind, folded: &str) -> bool {
        self.phrases
            .get(&kind)
            .is_some_and(|p| p.single.contains(folded))
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::tokenize;
    use super::*;

    fn lexicon(kind: &str, phrases: &[&str]) -> Lexicon {
        let terms: Vec<ProseTerm> = phrases
            .iter()
            .map(|p| ProseTerm {
                kind: kind.to_owned(),
                phrase: (*p).to_owned(),
            })
            .collect();
        Lexicon::with_terms(&[], &terms)
    }

    #[test]
    fn phrases_with_alternatives_and_gaps() {
        let lex = lexicon("defect", &["asked|sought … for … asylum", "defected"]);
        let text = "Ivanov quietly asked the United States for political asylum, and defected.";
        let tokens = tokenize(text);
        assert_eq!(
            lex.match_at(TermKind::Defect, &tokens, 2, tokens.len()),
            Some(9)
        );
        assert_eq!(
            lex.match_at(TermKind::Defect, &tokens, 11, tokens.len()),
            Some(12)
        );
        assert_eq!(
            lex.match_at(TermKind::Defect, &tokens, 1, tokens.len()),
            None
        );
    }

    #[test]
    fn gaps_never_cross_punctuation() {
        let lex = lexicon("defect", &["asked … asylum"]);
        let tokens = tokenize("asked, then asylum");
        assert_eq!(
            lex.match_at(TermKind::Defect, &tokens, 0, tokens.len()),
            None
        );
    }
}
