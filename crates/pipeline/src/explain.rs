//! `defectors explain NAME`: one person's mentions, merges and conflicts, read back from a
//! built output folder (the CSV mirrors).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::PipelineError;
use crate::schema;

type Row = HashMap<String, String>;

/// The columns a built table has (from the schema), to check a folder before reading it.
fn expected_columns(table: &str) -> Vec<&'static str> {
    schema::columns_of(table).iter().map(|s| s.name).collect()
}

/// The header and the records of `csv/TABLE.csv` of a built folder, after checking that the
/// file exists and has the table's columns.
fn read_table(out: &Path, table: &str) -> Result<(Vec<String>, Vec<Vec<String>>), PipelineError> {
    let relative = format!("csv/{table}.csv");
    let path = out.join(&relative);
    let not_output = |message: String| PipelineError::NotAnOutput {
        path: out.to_owned(),
        message,
    };
    if !path.is_file() {
        return Err(not_output(format!(
            "missing {relative} (run `defectors build` first)"
        )));
    }
    let csv_error = |e: csv::Error| not_output(format!("{relative}: {e}"));
    let mut reader = csv::Reader::from_path(&path).map_err(csv_error)?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(str::to_owned)
        .collect();
    if let Some(missing) = expected_columns(table)
        .into_iter()
        .find(|c| !headers.iter().any(|h| h == c))
    {
        return Err(not_output(format!("{relative} lacks column `{missing}`")));
    }
    let rows = reader
        .records()
        .map(|r| r.map(|rec| rec.iter().map(read_cell).collect()))
        .collect::<Result<Vec<Vec<String>>, _>>()
        .map_err(csv_error)?;
    Ok((headers, rows))
}

/// A CSV cell as the value it stands for (undoing [`crate::table::spreadsheet_safe`]).
fn read_cell(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// The records of `csv/TABLE.csv` as column → value maps.
fn read(out: &Path, table: &str) -> Result<Vec<Row>, PipelineError> {
    let (headers, rows) = read_table(out, table)?;
    Ok(rows
        .into_iter()
        .map(|r| headers.iter().cloned().zip(r).collect())
        .collect())
}

/// The people whose id, name or a name variant contains `query` (case-insensitive).
fn matches(people: &[Row], query: &str) -> Vec<usize> {
    let q = query.to_lowercase();
    let exact: Vec<usize> = (0..people.len())
        .filter(|&i| people[i]["person_id"] == q || people[i]["name"].to_lowercase() == q)
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    (0..people.len())
        .filter(|&i| {
            ["person_id", "name", "name_variants"]
                .iter()
                .any(|c| people[i][*c].to_lowercase().contains(&q))
        })
        .collect()
}

/// A readable account of the people matching `query`: mentions with source:line, merges
/// with their weights, conflicts with the chosen values. `Ok(None)` when nobody matches.
pub fn explain(out: &Path, query: &str) -> Result<Option<String>, PipelineError> {
    let people = read(out, "people")?;
    let found = matches(&people, query);
    if found.is_empty() {
        return Ok(None);
    }
    let mentions = read(out, "mentions")?;
    let evidence = read(out, "match_evidence")?;
    let conflicts = read(out, "conflicts")?;
    let mut text = String::new();
    for i in found {
        let p = &people[i];
        let id = &p["person_id"];
        let _ = writeln!(text, "{} ({id})", p["name"]);
        for (label, col) in [
            ("year", "year"),
            ("profession", "profession_category"),
            ("agency", "agency"),
            ("origin", "origin"),
            ("first destination", "destination_first"),
            ("final destination", "destination_final"),
            ("outcome", "outcome"),
            ("born", "born"),
            ("died", "died"),
            ("sources", "sources"),
        ] {
            if !p[col].is_empty() {
                let _ = writeln!(text, "  {label:<18} {}", p[col]);
            }
        }
        let _ = writeln!(text, "  mentions:");
        for m in mentions.iter().filter(|m| &m["person_id"] == id) {
            let _ = writeln!(
                text,
                "    {}:{}  {:<28} [{}] {}",
                m["source_id"],
                m["line"],
                m["surface_name"],
                m["section"],
                m["context"].chars().take(90).collect::<String>()
            );
        }
        let pairs: Vec<&Row> = evidence
            .iter()
            .filter(|e| &e["person_a"] == id || &e["person_b"] == id)
            .collect();
        if !pairs.is_empty() {
            let _ = writeln!(
                text,
                "  pairs (score = given + surname + year + profession + agency + destination + birth + partner):"
            );
            for e in pairs {
                let _ = writeln!(
                    text,
                    "    {} ~ {}  {:<22} {:>7} = {} + {} + {} + {} + {} + {} + {} + {}{}",
                    e["mention_a"],
                    e["mention_b"],
                    e["decision"],
                    e["score"],
                    e["w_given"],
                    e["w_surname"],
                    e["w_year"],
                    e["w_profession"],
                    e["w_agency"],
                    e["w_destination"],
                    e["w_birth"],
                    e["w_partner"],
                    if e["cannot_link"].is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", e["cannot_link"])
                    }
                );
            }
        }
        let mine: Vec<&Row> = conflicts.iter().filter(|c| &c["person_id"] == id).collect();
        if !mine.is_empty() {
            let _ = writeln!(text, "  conflicts:");
            for c in mine {
                let _ = writeln!(
                    text,
                    "    {:<20} {:<24} {:<40} {}{}",
                    c["field"],
                    c["value"],
                    c["source_ids"],
                    if c["chosen"] == "true" {
                        "chosen: "
                    } else {
                        ""
                    },
                    if c["chosen"] == "true" {
                        c["rule"].as_str()
                    } else {
                        ""
                    }
                );
            }
        }
        text.push('\n');
    }
    Ok(Some(text))
}

/// `defectors show NAME`: the `people` record(s) of the people matching `query`, one
/// `column: value` line each. `Ok(None)` when nobody matches.
pub fn show(out: &Path, query: &str) -> Result<Option<String>, PipelineError> {
    let (headers, _) = read_table(out, "people")?;
    let people = read(out, "people")?;
    let found = matches(&people, query);
    if found.is_empty() {
        return Ok(None);
    }
    let mut text = String::new();
    for i in found {
        for h in &headers {
            let v = &people[i][h];
            if !v.is_empty() && v != "[]" {
                let _ = writeln!(text, "{h:<20} {v}");
            }
        }
        text.push('\n');
    }
    Ok(Some(text))
}

/// The aggregate tables `defectors stats --by` can print.
pub const STATS_BY: [(&str, &str); 5] = [
    ("decade", "by_decade"),
    ("agency", "by_agency"),
    ("profession", "by_profession"),
    ("destination", "by_destination"),
    ("origin", "by_origin"),
];

/// `defectors stats --by KEY`: an aggregate table of a built folder, as aligned text.
pub fn stats_table(out: &Path, by: &str) -> Result<String, PipelineError> {
    let table = STATS_BY
        .iter()
        .find(|(k, _)| *k == by)
        .map(|(_, t)| *t)
        .unwrap_or("by_decade");
    let (mut headers, mut records) = read_table(out, table)?;
    // The human label stands in the group column (`1970s`, `Ballet and dance`, `unknown`).
    if let Some(label) = headers.iter().position(|h| h == "label") {
        headers.remove(label);
        for record in &mut records {
            let text = record.remove(label);
            record[0] = text;
        }
    }
    let rows: Vec<Vec<String>> = records
        .into_iter()
        .map(|record| {
            record
                .iter()
                .zip(&headers)
                .map(|(v, h)| match (h.as_str(), v.parse::<f64>()) {
                    ("share", Ok(x)) => format!("{:.1}%", 100.0 * x),
                    (_, _) if v.is_empty() => "(none)".to_owned(),
                    _ => v.to_owned(),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain(std::iter::once(headers[c].len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let _ = writeln!(text, "{}", line(&headers));
    for r in &rows {
        let _ = writeln!(text, "{}", line(r));
    }
    Ok(text)
}
