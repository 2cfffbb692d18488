//! `datapackage.json`: a Frictionless Data Package describing every written table (from the
//! same column specs the writers use) and the sources with their provenance.

use serde_json::{Value, json};

use crate::manifest::SourceSpec;
use crate::table::Table;

/// A resource's Table Schema: fields, missing values, primary and foreign keys.
fn schema(fields: Vec<Value>, table: &Table) -> Value {
    let mut schema = json!({
        "fields": fields,
        "missingValues": [""],
        "primaryKey": table.keys.primary,
    });
    if !table.keys.foreign.is_empty() {
        schema["foreignKeys"] = table
            .keys
            .foreign
            .iter()
            .map(|(fields, resource, target)| {
                json!({ "fields": fields, "reference": { "resource": resource, "fields": target } })
            })
            .collect();
    }
    schema
}

/// The data package for the written tables and the manifest's sources.
pub fn datapackage(tables: &[Table], sources: &[SourceSpec]) -> Value {
    let resources: Vec<Value> = tables
        .iter()
        .map(|table| {
            let fields: Vec<Value> = table
                .columns
                .iter()
                .map(|(spec, _)| {
                    let mut field = json!({
                        "name": spec.name,
                        "type": spec.ty.frictionless(),
                        "description": spec.description,
                    });
                    if !spec.nullable {
                        field["constraints"] = json!({ "required": true });
                    }
                    if !spec.categories.is_empty() {
                        field["constraints"]["enum"] = json!(spec.categories);
                    }
                    field
                })
                .collect();
            json!({
                "name": table.name,
                "profile": "tabular-data-resource",
                "path": format!("csv/{}.csv", table.name),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": format!(
                    "{}: {} rows. Also written as {}.parquet with the same rows and order; in CSV a list is a JSON array and a null an empty cell.",
                    table.row,
                    table.height(),
                    table.name
                ),
                "schema": schema(fields, table),
            })
        })
        .collect();
    let source_entries: Vec<Value> = sources
        .iter()
        .map(|s| {
            let mut entry = json!({
                "id": s.id,
                "title": s.title.clone().unwrap_or_else(|| s.id.clone()),
                "path": s.url,
                "format": s.format.as_str(),
                "retrieved": s.retrieved,
                "license": s.license,
                "description": s.description,
                "sha256": s.sha256,
            });
            // Frictionless wants absent properties left out, not null.
            if let Value::Object(map) = &mut entry {
                map.retain(|_, v| !v.is_null());
            }
            entry
        })
        .collect();
    // The data derive from the sources: their licenses apply (CC BY-SA is share-alike).
    let mut licenses: Vec<Value> = Vec::new();
    for license in sources.iter().filter_map(|s| s.license.as_deref()) {
        let entry = match license {
            "CC BY-SA 4.0" => json!({
                "name": "CC-BY-SA-4.0",
                "path": "https://creativecommons.org/licenses/by-sa/4.0/",
                "title": "Creative Commons Attribution-ShareAlike 4.0 (from a source)",
            }),
            // A licence the package cannot name or link (`not stated`) stays on its source
            // entry only: a Frictionless licence needs a name or a path.
            _ => continue,
        };
        if !licenses.contains(&entry) {
            licenses.push(entry);
        }
    }
    json!({
        "profile": "tabular-data-package",
        "licenses": licenses,
        "name": "defectors",
        "title": "Soviet and Eastern Bloc defectors named in the source documents",
        "description": "Person mentions read from raw documents, with provenance (source, line, text). Counts are of notable defectors named in these sources, not of all defectors.",
        "sources": source_entries,
        "resources": resources,
    })
}
