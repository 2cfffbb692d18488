//! Every regular expression of the parsers compiles: `compile_patterns` forces them all, so a
//! pattern broken by an edit fails here rather than on the first document that reaches it.

#[test]
fn every_pattern_compiles() {
    defectors_parse::compile_patterns();
}
