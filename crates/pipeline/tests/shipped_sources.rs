//! Every table of the shipped sources, pinned as reviewed snapshots: the mentions of each
//! source, people, conflicts, match evidence and diagnostics. Review with `git diff snapshots/`.

use defectors_pipeline::build_tables;
use defectors_pipeline::table::Table;
use defectors_test_support::{snapshot_settings, workspace_root};

fn shipped() -> Vec<Table> {
    build_tables(&workspace_root().join("data/raw/sources.toml"), None)
        .expect("the shipped sources build")
        .tables
}

fn table<'a>(tables: &'a [Table], name: &str) -> &'a Table {
    tables.iter().find(|t| t.name == name).expect("table")
}

#[test]
fn mentions_of_each_shipped_source() {
    let _guard = snapshot_settings().bind_to_scope();
    let tables = shipped();
    let mentions = table(&tables, "mentions");
    for source in [
        "wikipedia-eastern-bloc-defectors",
        "timenote-1929-decree",
        "encyclopedia-soviet-defectors",
    ] {
        let rows =
            mentions.rows_to_text(|i| mentions.cell("source_id", i).as_deref() == Some(source));
        insta::assert_snapshot!(format!("mentions__{source}"), rows);
    }
}

#[test]
fn people_conflicts_evidence_and_diagnostics() {
    let _guard = snapshot_settings().bind_to_scope();
    let tables = shipped();
    for name in [
        "people",
        "conflicts",
        "person_values",
        "events",
        "match_evidence",
        "diagnostics",
        "by_decade",
        "by_agency",
        "by_profession",
        "by_destination",
        "by_origin",
        "decade_by_profession",
        "source_coverage",
    ] {
        let rendered = table(&tables, name).to_text();
        let snapshot = if name == "diagnostics" {
            "diagnostics__shipped".to_owned()
        } else {
            format!("{name}__shipped")
        };
        insta::assert_snapshot!(snapshot, rendered);
    }
}

#[test]
fn report_states_what_is_counted_and_has_every_chart() {
    let built = build_tables(&workspace_root().join("data/raw/sources.toml"), None).expect("build");
    let md = &built.report.markdown;
    assert!(
        md.contains("not all defectors"),
        "the report says what is counted"
    );
    assert!(md.contains("## Method"));
    assert_eq!(built.report.charts.len(), 5);
    for (file, svg) in &built.report.charts {
        assert!(svg.starts_with("<svg"), "{file}");
        assert!(
            built.report.html.contains(&svg[..200]),
            "{file} is inline in report.html"
        );
    }
    assert!(
        !built.report.html.contains("http://") || built.report.html.contains("xmlns"),
        "no network resources"
    );
}
