//! The fixed patterns of the parse and clean crates: regular expressions with the `regex`
//! crate's syntax and matching rules (leftmost-first, Unicode, UTF-8 only), compiled for the
//! size of the build's input.
//!
//! The `regex` crate always builds a pattern's lazy DFA and the reverse automaton it needs,
//! its one-pass DFA and its literal prefilter. On a small input they never pay back their
//! compilation: the 45 patterns took 18.6 ms of CPU to compile through `regex` (with the DFA's
//! cache at 0), 11.1 ms through `regex-automata`'s meta engine without the DFAs and 8.2 ms
//! without the prefilters too (one thread, a fresh process; BENCHMARKS.md, thirteenth
//! session). So a pattern is that meta engine, with the DFAs and prefilter only for an input
//! of [`LAZY_DFA_MIN_BYTES`] or more; either way it finds the same matches (a unit test
//! compares them with the `regex` crate's).

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use regex_automata::meta::{self, Regex};
use regex_automata::util::{captures::Captures as Groups, syntax};
use regex_automata::{Input, MatchKind};

/// Whether the patterns compiled from now on build their DFAs (see [`expect_input_bytes`]).
static LARGE_INPUT: AtomicBool = AtomicBool::new(true);

/// The least input, in bytes, for which the patterns build a lazy DFA, a one-pass DFA and a
/// prefilter. On the shipped sources (29 KB) the lazy DFA's states cost 35 ms of CPU to build
/// and never pay back, while at 100,000 synthetic people (15 MB) it saves about half a second
/// (BENCHMARKS.md, tenth session).
pub const LAZY_DFA_MIN_BYTES: u64 = 512 * 1024;

/// Tells the parse and clean patterns how much text the build will read; call it before
/// any of them is compiled ([`crate::compile_patterns`]). Either way they find the same
/// matches.
pub fn expect_input_bytes(bytes: u64) {
    LARGE_INPUT.store(bytes >= LAZY_DFA_MIN_BYTES, Ordering::Relaxed);
}

/// A compiled fixed pattern, with the methods of `regex::Regex` that the crates use.
#[derive(Debug)]
pub struct Pattern {
    regex: Regex,
}

/// Compiles one of the fixed patterns of the parse and clean crates (panics on a bad
/// pattern, which a unit test of its module would show).
pub fn pattern(re: &str) -> Pattern {
    compile(re, LARGE_INPUT.load(Ordering::Relaxed))
}

/// Compiles `re`, with the DFAs and the prefilter if the input is `large`.
fn compile(re: &str, large: bool) -> Pattern {
    // The `regex` crate's settings for a `Regex`, but for the DFAs and the prefilter on a
    // small input.
    let config = meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .hybrid(large)
        .onepass(large)
        .auto_prefilter(large);
    let regex = Regex::builder()
        .configure(config)
        .syntax(syntax::Config::new().utf8(true))
        .build(re)
        .expect("valid regex");
    Pattern { regex }
}

/// Where a pattern matched in a text (as `regex::Match`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn of(haystack: &'h str, span: regex_automata::Span) -> Self {
        Self {
            haystack,
            start: span.start,
            end: span.end,
        }
    }

    /// The byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// The byte offset just past the match.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The length of the match, in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the match is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The byte range of the match.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// The groups of one match (as `regex::Captures`): group 0 is the whole match.
#[derive(Debug)]
pub struct Captures<'h> {
    haystack: &'h str,
    groups: Groups,
}

impl<'h> Captures<'h> {
    /// Group `i`, if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        self.groups
            .get_group(i)
            .map(|span| Match::of(self.haystack, span))
    }
}

impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;

    /// The text of group `i` (panics if it did not take part in the match).
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

impl Pattern {
    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.regex.is_match(haystack)
    }

    /// The first match in `haystack`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.regex
            .find(haystack)
            .map(|m| Match::of(haystack, m.span()))
    }

    /// The first match in `haystack` that starts at `start` or later (the text before
    /// `start` still counts for `\b` and `^`, as in `regex::Regex::find_at`).
    pub fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Match<'h>> {
        let input = Input::new(haystack).span(start..haystack.len());
        self.regex
            .search(&input)
            .map(|m| Match::of(haystack, m.span()))
    }

    /// Every match in `haystack`, left to right, without overlaps.
    pub fn find_iter<'h>(&self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> {
        self.regex
            .find_iter(haystack)
            .map(move |m| Match::of(haystack, m.span()))
    }

    /// The groups of the first match in `haystack`.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let mut groups = self.regex.create_captures();
        self.regex.captures(haystack, &mut groups);
        groups.is_match().then_some(Captures { haystack, groups })
    }

    /// The groups of every match in `haystack`, left to right.
    pub fn captures_iter<'h>(&self, haystack: &'h str) -> impl Iterator<Item = Captures<'h>> {
        self.regex
            .captures_iter(haystack)
            .map(move |groups| Captures { haystack, groups })
    }

    /// The pieces of `haystack` between the matches (as `regex::Regex::split`).
    pub fn split<'h>(&self, haystack: &'h str) -> impl Iterator<Item = &'h str> {
        self.regex
            .split(haystack)
            .map(move |span| &haystack[span.start..span.end])
    }

    /// `haystack` with every match replaced by `with`, taken literally (no `$` groups).
    pub fn replace_all<'h>(&self, haystack: &'h str, with: &str) -> Cow<'h, str> {
        let mut matches = self.regex.find_iter(haystack).peekable();
        if matches.peek().is_none() {
            return Cow::Borrowed(haystack);
        }
        let mut out = String::with_capacity(haystack.len());
        let mut last = 0;
        for m in matches {
            out.push_str(&haystack[last..m.start()]);
            out.push_str(with);
            last = m.end();
        }
        out.push_str(&haystack[last..]);
        Cow::Owned(out)
    }
}

/// Compiles the lazily built patterns of `modules` (a list of patterns each), in parallel on
/// rayon's pool.
pub fn compile_all(modules: &[&[&std::sync::LazyLock<Pattern>]]) {
    use rayon::prelude::*;
    modules.concat().into_par_iter().for_each(|pattern| {
        std::sync::LazyLock::force(pattern);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACES: &str =
        r"(?i:\b(to|in|via))\s+(\p{Lu}[\p{L}\p{M}.'’-]*(?:\s+\p{Lu}[\p{L}\p{M}.'’-]*)*)";
    const TEXT: &str =
        "Fled via Łódź to Österreich, then in São Paulo; later TO the Côte d’Ivoire.";

    fn groups(re: &Pattern, text: &str) -> Vec<(String, String)> {
        re.captures_iter(text)
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .collect()
    }

    #[test]
    fn patterns_for_a_small_input_find_the_same_matches() {
        let small = compile(PLACES, false);
        let large = compile(PLACES, true);
        assert_eq!(groups(&small, TEXT), groups(&large, TEXT));
        assert_eq!(groups(&small, TEXT).len(), 3);
    }

    #[test]
    fn patterns_match_as_the_regex_crate_does() {
        let cases = [
            (PLACES, TEXT),
            (
                r"\b\p{Lu}{2,6}\b",
                "The KGB, the ÚSTB and NKVD; not USSRGDR.",
            ),
            (r"\s*,\s*|\s+and\s+", "Ivan, Olga and  Pyotr ,Anna"),
            (r"x*", "axxbé"),
            (r"(?i)\bwho\b[^.;,]*", "He, who fled; WHO else. who"),
        ];
        for ((re, text), large) in cases.iter().flat_map(|c| [(c, false), (c, true)]) {
            let ours = compile(re, large);
            let theirs = regex::Regex::new(re).expect("valid regex");
            assert_eq!(
                ours.find_iter(text).map(|m| m.range()).collect::<Vec<_>>(),
                theirs
                    .find_iter(text)
                    .map(|m| m.range())
                    .collect::<Vec<_>>(),
                "{re} (large input: {large})"
            );
            assert_eq!(
                ours.split(text).collect::<Vec<_>>(),
                theirs.split(text).collect::<Vec<_>>()
            );
            assert_eq!(ours.replace_all(text, "_"), theirs.replace_all(text, "_"));
            assert_eq!(ours.is_match(text), theirs.is_match(text));
            for start in 0..=text.len() {
                if text.is_char_boundary(start) {
                    assert_eq!(
                        ours.find_at(text, start).map(|m| m.range()),
                        theirs.find_at(text, start).map(|m| m.range())
                    );
                }
            }
            // Groups 0 to 3 of the first match (past a pattern's last group, none).
            let ours: Option<Vec<_>> = ours
                .captures(text)
                .map(|c| (0..4).map(|i| c.get(i).map(|m| m.range())).collect());
            let theirs: Option<Vec<_>> = theirs
                .captures(text)
                .map(|c| (0..4).map(|i| c.get(i).map(|m| m.range())).collect());
            assert_eq!(ours, theirs);
        }
    }
}
