//! `cargo run -p defectors-parse --example trace-prose FILE [REFERENCE_DIR]`: prints how the
//! prose extractor reads FILE with the reference tables of REFERENCE_DIR (default
//! `data/reference`): names, predicates, subjects, pronouns, then the mentions.

use defectors_model::{GivenName, PlaceRow, ProseTerm, Reference};

fn rows(path: &std::path::Path) -> Vec<csv::StringRecord> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader.records().map(|r| r.expect("valid CSV")).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .expect("usage: trace-prose FILE [REFERENCE_DIR]");
    let dir = std::path::PathBuf::from(args.get(1).map_or("data/reference", String::as_str));
    let reference = Reference {
        given_names: rows(&dir.join("given_names.csv"))
            .iter()
            .map(|r| GivenName {
                name: r[0].to_owned(),
                canonical: r[1].to_owned(),
                gender: r[2].to_owned(),
            })
            .collect(),
        places: rows(&dir.join("places.csv"))
            .iter()
            .map(|r| PlaceRow {
                name: r[0].to_owned(),
                country: r[1].to_owned(),
                from_year: None,
                to_year: None,
            })
            .collect(),
        prose_terms: rows(&dir.join("prose_lexicon.csv"))
            .iter()
            .map(|r| ProseTerm {
                kind: r[0].to_owned(),
                phrase: r[1].to_owned(),
            })
            .collect(),
        ..Reference::default()
    };
    let lexicon = defectors_parse::Lexicon::from_reference(&reference);
    let text = std::fs::read_to_string(file).expect("readable file");
    print!("{}", defectors_parse::trace_prose(&text, &lexicon));
}
