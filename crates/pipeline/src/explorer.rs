//! The data of the report's people explorer: every person with their mentions (source, line,
//! section, context), chosen values, conflicts and sources, as one JSON array.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::table::Table;

/// The most people the explorer carries; a larger build leaves it out of the report (the
/// page would weigh megabytes) and the tables remain the way to browse.
pub const EXPLORER_MAX_PEOPLE: usize = 20_000;

/// The values the explorer shows as chosen, with their labels.
const CHOSEN: [(&str, &str); 10] = [
    ("year", "year"),
    ("profession", "profession"),
    ("profession_category", "profession category"),
    ("agency", "agency"),
    ("origin", "from"),
    ("destination_first", "first refuge"),
    ("destination_final", "settled in"),
    ("outcome", "outcome"),
    ("born", "born"),
    ("died", "died"),
];

fn list(table: &Table, column: &str, row: usize) -> Value {
    table
        .cell(column, row)
        .and_then(|cell| serde_json::from_str(&cell).ok())
        .unwrap_or_else(|| json!([]))
}

fn text(table: &Table, column: &str, row: usize) -> Value {
    match table.cell(column, row) {
        Some(cell) if !cell.is_empty() => Value::String(cell),
        _ => Value::Null,
    }
}

/// The explorer's JSON for the `mentions`, `people` and `person_values` tables (the values of
/// fields whose sources differ); `None` for a build of more than [`EXPLORER_MAX_PEOPLE`]
/// people.
pub fn explorer_json(mentions: &Table, people: &Table, values: &Table) -> Option<String> {
    if people.height() > EXPLORER_MAX_PEOPLE {
        return None;
    }
    let mut mentions_of: HashMap<String, Vec<Value>> = HashMap::new();
    for i in 0..mentions.height() {
        let person = mentions.cell("person_id", i).unwrap_or_default();
        mentions_of.entry(person).or_default().push(json!([
            mentions.cell("source_id", i),
            mentions.cell("line", i).and_then(|l| l.parse::<u32>().ok()),
            mentions.cell("surface_name", i),
            mentions.cell("context", i),
        ]));
    }
    let mut conflicts_of: HashMap<String, Vec<Value>> = HashMap::new();
    for i in 0..values.height() {
        if values.cell("agreement", i).as_deref() == Some("agree") {
            continue;
        }
        let person = values.cell("person_id", i).unwrap_or_default();
        conflicts_of.entry(person).or_default().push(json!([
            values.cell("field", i),
            text(values, "value", i),
            list(values, "mention_ids", i),
            values.cell("chosen", i).as_deref() == Some("true"),
            values.cell("rule", i),
            values.cell("agreement", i),
        ]));
    }
    let people_json: Vec<Value> = (0..people.height())
        .map(|i| person_json(people, i, &mut mentions_of, &mut conflicts_of))
        .collect();
    Some(Value::Array(people_json).to_string())
}

fn person_json(
    people: &Table,
    i: usize,
    mentions_of: &mut HashMap<String, Vec<Value>>,
    conflicts_of: &mut HashMap<String, Vec<Value>>,
) -> Value {
    let id = people.cell("person_id", i).unwrap_or_default();
    let values: Vec<Value> = CHOSEN
        .iter()
        .filter_map(|(column, label)| {
            people
                .cell(column, i)
                .filter(|v| !v.is_empty())
                .map(|v| json!([label, v]))
        })
        .collect();
    let year = people.cell("year", i).and_then(|y| y.parse::<i64>().ok());
    json!({
        "id": id,
        "name": people.cell("name", i),
        "status": people.cell("status", i),
        "variants": list(people, "name_variants", i),
        "year": year,
        "profession": text(people, "profession_category", i),
        "origin": text(people, "origin", i),
        "final": text(people, "destination_final", i),
        "n_sources": people.cell("n_sources", i).and_then(|n| n.parse::<u32>().ok()),
        "sources": list(people, "sources", i),
        "values": values,
        "mentions": mentions_of.remove(&id).unwrap_or_default(),
        "conflicts": conflicts_of.remove(&id).unwrap_or_default(),
    })
}
