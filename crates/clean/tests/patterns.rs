//! Every regular expression of the cleaners compiles: `compile_patterns` forces them all, so a
//! pattern broken by an edit fails here rather than on the first mention that reaches it.

#[test]
fn every_pattern_compiles() {
    defectors_clean::compile_patterns();
}
