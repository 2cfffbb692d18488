//! Every written file matches the schema: the Parquet columns and types and the CSV header
//! are the specs', and datapackage.json documents each column.

use defectors_pipeline::table::ColumnType;
use defectors_pipeline::{BuildOptions, build, build_tables};
use defectors_test_support::workspace_root;
use polars::prelude::*;

#[test]
fn parquet_csv_and_datapackage_match_the_specs() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = workspace_root().join("data/raw/sources.toml");
    build(&BuildOptions {
        manifest: manifest.clone(),
        out_dir: dir.path().to_owned(),
        strict: false,
        reference_dir: None,
        max_source_bytes: defectors_pipeline::DEFAULT_MAX_SOURCE_BYTES,
    })
    .expect("build");
    let tables = build_tables(&manifest, None).expect("tables").tables;
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("datapackage.json")).unwrap(),
    )
    .unwrap();
    for table in &tables {
        // Read with the Parquet reader below polars (polars' own `parquet` feature would
        // pull in its cloud stack, which the pipeline does not use).
        let mut file =
            std::fs::File::open(dir.path().join(format!("{}.parquet", table.name))).unwrap();
        let metadata = polars_parquet::read::read_metadata(&mut file).unwrap();
        let schema = polars_parquet::read::infer_schema(&metadata).unwrap();
        let names: Vec<&str> = schema.iter_values().map(|f| f.name.as_str()).collect();
        let specs: Vec<&str> = table.columns.iter().map(|(s, _)| s.name).collect();
        assert_eq!(names, specs, "{}: parquet columns", table.name);
        assert_eq!(metadata.num_rows, table.height(), "{}: rows", table.name);
        for ((spec, _), field) in table.columns.iter().zip(schema.iter_values()) {
            let dtype = DataType::from_arrow_field(field);
            let ok = match spec.ty {
                ColumnType::String => dtype == DataType::String,
                ColumnType::UInt32 => dtype == DataType::UInt32,
                ColumnType::Int32 => dtype == DataType::Int32,
                ColumnType::Float64 => dtype == DataType::Float64,
                ColumnType::Boolean => dtype == DataType::Boolean,
                ColumnType::Date => dtype == DataType::Date,
                ColumnType::StringList => {
                    matches!(dtype, DataType::List(ref inner) if **inner == DataType::String)
                }
            };
            assert!(
                ok,
                "{}.{}: {dtype:?} is not {:?}",
                table.name, spec.name, spec.ty
            );
        }
        let csv =
            std::fs::read_to_string(dir.path().join(format!("csv/{}.csv", table.name))).unwrap();
        assert_eq!(
            csv.lines().next().unwrap(),
            specs.join(","),
            "{}: csv header",
            table.name
        );
        let resource = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == table.name)
            .unwrap_or_else(|| panic!("{} in datapackage.json", table.name));
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, specs, "{}: datapackage fields", table.name);
    }
    for file in ["report.md", "report.html", "charts/decades.svg"] {
        assert!(dir.path().join(file).exists(), "{file}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let manifest = workspace_root().join("data/raw/sources.toml");
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        build(&BuildOptions {
            manifest: manifest.clone(),
            out_dir: dir.path().to_owned(),
            strict: false,
            reference_dir: None,
            max_source_bytes: defectors_pipeline::DEFAULT_MAX_SOURCE_BYTES,
        })
        .expect("build");
    }
    for name in [
        "people.parquet",
        "mentions.parquet",
        "by_destination.parquet",
        "csv/conflicts.csv",
        "csv/person_values.csv",
        "events.parquet",
        "report.html",
        "datapackage.json",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
        );
        assert!(x == y, "{name} differs between two builds");
    }
}

/// What Frictionless 5 rejects before reading a table (checked by hand with `frictionless
/// validate`): null properties, a licence without name or path, a non-tabular resource.
#[test]
fn datapackage_passes_frictionless_package_rules() {
    let dir = tempfile::tempdir().unwrap();
    build(&BuildOptions {
        manifest: workspace_root().join("data/raw/sources.toml"),
        out_dir: dir.path().to_owned(),
        strict: false,
        reference_dir: None,
        max_source_bytes: defectors_pipeline::DEFAULT_MAX_SOURCE_BYTES,
    })
    .expect("build");
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("datapackage.json")).unwrap(),
    )
    .unwrap();
    for source in package["sources"].as_array().unwrap() {
        for (key, value) in source.as_object().unwrap() {
            assert!(!value.is_null(), "source property {key} is null");
        }
    }
    for license in package["licenses"].as_array().unwrap() {
        assert!(
            license.get("name").is_some() || license.get("path").is_some(),
            "{license}"
        );
    }
    for resource in package["resources"].as_array().unwrap() {
        assert_eq!(
            resource["profile"], "tabular-data-resource",
            "{}",
            resource["name"]
        );
    }
}
