//! The full `mentions` and `diagnostics` tables of the shipped sources, pinned as reviewed
//! snapshots (one per source). Review changes with `git diff snapshots/`.

use defectors_pipeline::reference::load_reference;
use defectors_pipeline::table::Table;
use defectors_pipeline::{clean, collect, name_slug, read_sources, schema};
use defectors_test_support::{snapshot_settings, workspace_root};

fn shipped() -> (Table, Table) {
    let reference = load_reference(&workspace_root().join("data/reference"))
        .expect("the reference tables load");
    let sources = read_sources(&workspace_root().join("data/raw/sources.toml"), &reference)
        .expect("the shipped sources build");
    let (mentions, mut diagnostics) = collect(&sources);
    let (cleaned, clean_diagnostics) = clean(&sources, &mentions, &reference);
    diagnostics.extend(clean_diagnostics);
    diagnostics.sort_by(|a, b| (&a.source_id, a.line).cmp(&(&b.source_id, b.line)));
    let with_ids: Vec<_> = mentions
        .into_iter()
        .map(|m| {
            let id = name_slug(&m.surface_name);
            (m, id)
        })
        .collect();
    (
        schema::mentions_table(&with_ids, &cleaned),
        schema::diagnostics_table(&diagnostics),
    )
}

fn source_rows(table: &Table, source: &str) -> String {
    table.rows_to_text(|i| table.cell("source_id", i).as_deref() == Some(source))
}

#[test]
fn mentions_of_each_shipped_source() {
    let _guard = snapshot_settings().bind_to_scope();
    let (mentions, _) = shipped();
    for source in [
        "wikipedia-eastern-bloc-defectors",
        "timenote-1929-decree",
        "encyclopedia-soviet-defectors",
    ] {
        insta::assert_snapshot!(
            format!("mentions__{source}"),
            source_rows(&mentions, source)
        );
    }
}

#[test]
fn diagnostics_of_the_shipped_sources() {
    let _guard = snapshot_settings().bind_to_scope();
    let (_, diagnostics) = shipped();
    insta::assert_snapshot!("diagnostics__shipped", diagnostics.to_text());
}
