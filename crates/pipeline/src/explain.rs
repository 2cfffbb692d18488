//! `defectors explain NAME`: one person's mentions, merges, events and values, read back from a
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
            "missing {relative}: build it first with `cargo xtask build-data` (or `defectors build --manifest … --out …`)"
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

/// Text folded for searching: lower case, Latin script, no diacritics.
fn folded(text: &str) -> String {
    defectors_clean::fold(&defectors_clean::to_latin(text)).to_lowercase()
}

/// The query's name read as typed and, for two or more words, surname first (`Sokolov
/// Ivan`); words are capitalised as names are.
fn query_names(
    query: &str,
    given: &defectors_clean::GivenNameIndex,
) -> Vec<defectors_clean::NameParts> {
    let capital = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let words: Vec<String> = query.split_whitespace().map(capital).collect();
    let mut orders = vec![words.join(" ")];
    if words.len() >= 2 {
        let mut turned = words.clone();
        turned.rotate_left(1);
        orders.push(turned.join(" "));
    }
    orders
        .iter()
        .map(|name| defectors_clean::analyse_name(name, given))
        .collect()
}

/// Whether two given-name keys agree (equal, or one is the other's initial); a missing one
/// agrees with anything.
fn given_agrees(query: Option<&str>, mention: &str) -> bool {
    match query {
        None => true,
        Some(q) if mention.is_empty() => !q.is_empty(),
        Some(q) if q.chars().count() == 1 || mention.chars().count() == 1 => {
            q.chars().next() == mention.chars().next()
        }
        Some(q) => q == mention,
    }
}

/// The people some mention of whom shares a surname key of `tier` (spelling, then phonetic)
/// with the query, the given names agreeing.
fn key_matches(
    people: &[Row],
    mentions: &[Row],
    queries: &[defectors_clean::NameParts],
    phonetic: bool,
) -> Vec<usize> {
    let keyer = defectors_resolve::NameKeys::default();
    let wanted: Vec<(Vec<String>, Option<&str>)> = queries
        .iter()
        .map(|q| {
            let keys = tier_keys(&keyer, phonetic, q.family_key.as_deref(), &q.surname_keys);
            (keys, q.given_key.as_deref())
        })
        .collect();
    let mut ids = std::collections::BTreeSet::new();
    for m in mentions {
        let surname: Vec<String> = serde_json::from_str(&m["surname_keys"]).unwrap_or_default();
        let family = Some(m["family_key"].as_str()).filter(|f| !f.is_empty());
        let keys = tier_keys(&keyer, phonetic, family, &surname);
        if wanted.iter().any(|(want, given)| {
            want.iter().any(|k| keys.contains(k)) && given_agrees(*given, &m["given_key"])
        }) {
            ids.insert(m["person_id"].clone());
        }
    }
    (0..people.len())
        .filter(|&i| ids.contains(&people[i]["person_id"]))
        .collect()
}

/// The surname keys of one tier of [`key_matches`]: phonetic, else spelling.
fn tier_keys(
    keyer: &defectors_resolve::NameKeys,
    phonetic: bool,
    family: Option<&str>,
    surname: &[impl AsRef<str>],
) -> Vec<String> {
    if phonetic {
        keyer.phonetic(family)
    } else {
        keyer.spelling(family, surname)
    }
}

/// The people matching `query`, by the first rule that finds any: the id or full name; a
/// part of a name or spelling (diacritics and script ignored); the surname spelling keys
/// resolution blocks on (with the given name agreeing, either name order); their
/// Daitch–Mokotoff codes. An empty query is an error.
fn find(out: &Path, people: &[Row], query: &str) -> Result<Vec<usize>, PipelineError> {
    let q = folded(query.trim());
    if q.is_empty() {
        return Err(PipelineError::Query {
            message: "give a name, part of a name, or a person id (the query is empty)".to_owned(),
        });
    }
    let exact: Vec<usize> = (0..people.len())
        .filter(|&i| people[i]["person_id"] == q || folded(&people[i]["name"]) == q)
        .collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let part: Vec<usize> = (0..people.len())
        .filter(|&i| {
            ["person_id", "name", "name_variants"]
                .iter()
                .any(|c| folded(&people[i][*c]).contains(&q))
        })
        .collect();
    if !part.is_empty() {
        return Ok(part);
    }
    let reference = out
        .parent()
        .map(|data| data.join("reference"))
        .filter(|dir| dir.is_dir())
        .map(|dir| crate::reference::load_reference(&dir))
        .transpose()?
        .unwrap_or_default();
    let given = defectors_clean::GivenNameIndex::new(&reference.tables.given_names);
    let queries = query_names(query, &given);
    let mentions = read(out, "mentions")?;
    let spelled = key_matches(people, &mentions, &queries, false);
    if !spelled.is_empty() {
        return Ok(spelled);
    }
    Ok(key_matches(people, &mentions, &queries, true))
}

/// The line heading a search that found several people: how many, and each with id, status
/// and year.
fn several(people: &[Row], found: &[usize], query: &str) -> String {
    let mut text = format!("{} people match `{query}`:\n", found.len());
    for &i in found {
        let p = &people[i];
        let year = if p["year"].is_empty() {
            "year unknown"
        } else {
            p["year"].as_str()
        };
        let _ = writeln!(
            text,
            "  {} ({}; {}, {year})",
            p["name"], p["person_id"], p["status"]
        );
    }
    text.push('\n');
    text
}

/// Words of `text` wrapped to `width` columns, every line after the first indented by
/// `indent` spaces (a word longer than a line stands alone, uncut).
pub fn wrap(text: &str, first: usize, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut column = first;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if column > indent && column + 1 + len > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            column = indent;
        } else if !out.is_empty() {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out
}

/// The most people whose full records `show` and `explain` print for one query.
const MAX_RECORDS: usize = 5;

/// A readable account of the people matching `query` (any status): mentions with
/// source:line, merges with their weights, events, and the values where mentions differ
/// with the chosen ones; lines fit 80
/// columns. `Ok(None)` when nobody matches.
pub fn explain(out: &Path, query: &str) -> Result<Option<String>, PipelineError> {
    let people = read(out, "people")?;
    let found = find(out, &people, query)?;
    if found.is_empty() {
        return Ok(None);
    }
    let mentions = read(out, "mentions")?;
    let evidence = read(out, "match_evidence")?;
    let values = read(out, "person_values")?;
    let events = read(out, "events")?;
    let mut text = String::new();
    if found.len() > 1 {
        text.push_str(&several(&people, &found, query));
    }
    for &i in found.iter().take(MAX_RECORDS) {
        let id = &people[i]["person_id"];
        let mine = |rows: &[Row]| -> Vec<Row> {
            rows.iter()
                .filter(|r| &r["person_id"] == id)
                .cloned()
                .collect()
        };
        explain_person(&mut text, &people[i], &mentions, &evidence);
        explain_events(&mut text, &mine(&events));
        explain_values(&mut text, &mine(&values));
        text.push('\n');
    }
    Ok(Some(text))
}

fn explain_person(text: &mut String, p: &Row, mentions: &[Row], evidence: &[Row]) {
    let id = &p["person_id"];
    let _ = writeln!(text, "{} ({id}, {})", p["name"], p["status"]);
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
            let _ = writeln!(text, "  {label:<18} {}", wrap(&p[col], 21, 21, 80));
        }
    }
    let _ = writeln!(text, "  mentions:");
    for m in mentions.iter().filter(|m| &m["person_id"] == id) {
        let head = format!(
            "{}:{} [{}] {}",
            m["source_id"], m["line"], m["section"], m["surface_name"]
        );
        let _ = writeln!(text, "    {}", wrap(&head, 4, 8, 80));
        let _ = writeln!(text, "        {}", wrap(&m["context"], 8, 8, 80));
    }
    explain_pairs(text, id, evidence);
}

/// A person's events, one line each.
fn explain_events(text: &mut String, events: &[Row]) {
    if events.is_empty() {
        return;
    }
    let _ = writeln!(text, "  events:");
    for e in events {
        let years = match (e["year_min"].as_str(), e["year_max"].as_str()) {
            ("", _) => "year unknown".to_owned(),
            (a, b) if a == b => a.to_owned(),
            (a, b) => format!("{a}–{b}"),
        };
        let chosen = if e["chosen"] == "true" {
            " (chosen)"
        } else {
            ""
        };
        let line = format!(
            "{} {years}{chosen} route {} from {}",
            e["kind"], e["route"], e["mention_ids"]
        );
        let _ = writeln!(text, "    {}", wrap(&line, 4, 6, 80));
    }
}

/// The values of a person's fields whose mentions differ (compatible or conflicting), with
/// the mentions that state each and the rule that chose.
fn explain_values(text: &mut String, values: &[Row]) {
    let differing: Vec<&Row> = values
        .iter()
        .filter(|v| v["agreement"] != "agree")
        .collect();
    if differing.is_empty() {
        return;
    }
    let _ = writeln!(text, "  values where the mentions differ:");
    for v in differing {
        let value = if v["value"].is_empty() {
            "(none)"
        } else {
            v["value"].as_str()
        };
        let chosen = if v["chosen"] == "true" {
            format!(" — chosen: {}", v["rule"])
        } else if v["rule"].starts_with("disputed") {
            format!(" — {}", v["rule"])
        } else {
            String::new()
        };
        let line = format!(
            "{} = {value} from {} [{}]{chosen}",
            v["field"], v["mention_ids"], v["agreement"]
        );
        let _ = writeln!(text, "    {}", wrap(&line, 4, 6, 80));
    }
}

/// The scored pairs of a person's mentions, two lines each.
fn explain_pairs(text: &mut String, id: &str, evidence: &[Row]) {
    let pairs: Vec<&Row> = evidence
        .iter()
        .filter(|e| e["person_a"] == id || e["person_b"] == id)
        .collect();
    if pairs.is_empty() {
        return;
    }
    let _ = writeln!(
        text,
        "  pairs (score = given + surname + year + profession + agency"
    );
    let _ = writeln!(text, "         + destination + birth + partner):");
    for e in pairs {
        let _ = writeln!(
            text,
            "    {} ~ {}  {}  {}",
            e["mention_a"], e["mention_b"], e["decision"], e["score"]
        );
        let sum = format!(
            "= {} + {} + {} + {} + {} + {} + {} + {}{}",
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
                format!(" ({})", e["cannot_link"])
            }
        );
        let _ = writeln!(text, "      {}", wrap(&sum, 6, 8, 80));
    }
}

/// `defectors show NAME`: the `people` record(s) of the people matching `query` (any
/// status), one `column: value` line each, wrapped to 80 columns. `Ok(None)` when nobody
/// matches.
pub fn show(out: &Path, query: &str) -> Result<Option<String>, PipelineError> {
    let (headers, _) = read_table(out, "people")?;
    let people = read(out, "people")?;
    let found = find(out, &people, query)?;
    if found.is_empty() {
        return Ok(None);
    }
    let values = read(out, "person_values")?;
    let mut text = String::new();
    if found.len() > 1 {
        text.push_str(&several(&people, &found, query));
    }
    for &i in found.iter().take(MAX_RECORDS) {
        let id = &people[i]["person_id"];
        for h in &headers {
            let v = &people[i][h];
            if !v.is_empty() && v != "[]" {
                let line = format!("{v}{}", other_values(&values, id, h));
                let _ = writeln!(text, "{h:<20} {}", wrap(&line, 21, 21, 80));
            }
        }
        text.push('\n');
    }
    if found.len() > MAX_RECORDS {
        let _ = writeln!(
            text,
            "(records of the first {MAX_RECORDS} shown; ask for one by its id)"
        );
    }
    Ok(Some(text))
}

/// ` [conflict: a | b]` listing every value of a field whose mentions state conflicting
/// values (compatible values are left to `explain`); empty otherwise.
fn other_values(values: &[Row], id: &str, field: &str) -> String {
    let conflicting: Vec<&str> = values
        .iter()
        .filter(|v| v["person_id"] == id && v["field"] == field && v["agreement"] == "conflict")
        .map(|v| v["value"].as_str())
        .collect();
    if conflicting.is_empty() {
        String::new()
    } else {
        format!(" [conflict: {}]", conflicting.join(" | "))
    }
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
