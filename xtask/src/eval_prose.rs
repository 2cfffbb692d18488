//! `cargo xtask eval-prose DIR`: builds every `*.txt` of DIR as a `prose` source with the
//! shipped reference tables and scores the mentions against `DIR/truth.csv`.
//!
//! Matching rule: a built mention and a truth row match when they have the same file and
//! line and their names agree after case and diacritic folding, either equal or one name's
//! tokens all contained in the other's (`Korchnoi` ~ `Viktor Korchnoi`). Each truth row and
//! each mention is matched at most once (exact names first).
//!
//! Figures: recall (matched truth rows / truth rows), precision (matched mentions / all
//! mentions, whatever their status), year accuracy (matched pairs whose year agrees: both
//! empty, or the mention's year range is exactly the truth year) and status accuracy
//! (matched pairs whose status agrees; a mention's status is `not_defector` when its status
//! says so, `failed` when its outcome is `failed`, else `defector`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::eval::read_csv;

/// The figures `cargo xtask ci` requires on `../shared/corpus/dev` (a ratchet: raise them when
/// the extractor improves, never lower them without a reason in the commit).
pub const FLOOR: Scores = Scores {
    recall: 1.0,
    precision: 1.0,
    year: 1.0,
    status: 1.0,
};

/// The four figures of one evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub recall: f64,
    pub precision: f64,
    pub year: f64,
    pub status: f64,
}

/// One row to compare: a truth row or a built mention.
#[derive(Debug, Clone)]
struct Row {
    file: String,
    line: u32,
    name: String,
    year: Option<(i32, i32)>,
    status: String,
    note: String,
}

/// Counts for one file (or all).
#[derive(Debug, Clone, Default)]
struct Tally {
    truth: usize,
    found: usize,
    matched: usize,
    year_right: usize,
    status_right: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.truth += other.truth;
        self.found += other.found;
        self.matched += other.matched;
        self.year_right += other.year_right;
        self.status_right += other.status_right;
    }

    fn scores(&self) -> Scores {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        Scores {
            recall: ratio(self.matched, self.truth),
            precision: ratio(self.matched, self.found),
            year: ratio(self.year_right, self.matched),
            status: ratio(self.status_right, self.matched),
        }
    }
}

/// Writes a manifest listing every `*.txt` of `corpus` as a prose source into `work`, and
/// returns the manifest path with the map from source id to file name.
pub fn write_manifest(
    corpus: &Path,
    work: &Path,
) -> Result<(PathBuf, HashMap<String, String>), String> {
    let mut files: Vec<String> = std::fs::read_dir(corpus)
        .map_err(|e| format!("{}: {e}", corpus.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no *.txt documents", corpus.display()));
    }
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let corpus = corpus
        .canonicalize()
        .map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut manifest = String::new();
    let mut ids = HashMap::new();
    for file in files {
        let id: String = file
            .trim_end_matches(".txt")
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = corpus.join(&file);
        manifest.push_str(&format!(
            "[[source]]\nid = \"{id}\"\npath = \"{}\"\nformat = \"prose\"\n\n",
            path.display().to_string().replace('\\', "\\\\")
        ));
        ids.insert(id, file);
    }
    let path = work.join("sources.toml");
    std::fs::write(&path, manifest).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((path, ids))
}

/// Scores the built `out/csv/mentions.csv` against `corpus/truth.csv`, prints the per-file
/// table, every miss and every false positive, and returns the overall figures.
pub fn score(corpus: &Path, out: &Path, ids: &HashMap<String, String>) -> Result<Scores, String> {
    let truth = read_truth(&corpus.join("truth.csv"))?;
    let built = read_built(&out.join("csv/mentions.csv"), ids)?;
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for file in ids.values() {
        tallies.entry(file.clone()).or_default();
    }
    let mut misses = Vec::new();
    let mut extras = Vec::new();
    let mut wrong = Vec::new();
    let mut by_line: BTreeMap<(String, u32), (Vec<Row>, Vec<Row>)> = BTreeMap::new();
    for row in truth {
        by_line
            .entry((row.file.clone(), row.line))
            .or_default()
            .0
            .push(row);
    }
    for row in built {
        by_line
            .entry((row.file.clone(), row.line))
            .or_default()
            .1
            .push(row);
    }
    for ((file, _), (want, got)) in &by_line {
        let tally = tallies.entry(file.clone()).or_default();
        tally.truth += want.len();
        tally.found += got.len();
        let pairs = match_rows(want, got);
        for (t, g) in &pairs {
            let (t, g) = (&want[*t], &got[*g]);
            tally.matched += 1;
            let year_ok = t.year == g.year;
            let status_ok = t.status == g.status;
            tally.year_right += usize::from(year_ok);
            tally.status_right += usize::from(status_ok);
            if !year_ok || !status_ok {
                wrong.push(format!(
                    "{}:{}  {}  truth {} {}  built {} {}  ({})",
                    t.file,
                    t.line,
                    t.name,
                    year_text(t.year),
                    t.status,
                    year_text(g.year),
                    g.status,
                    g.note
                ));
            }
        }
        for (i, t) in want.iter().enumerate() {
            if !pairs.iter().any(|(a, _)| *a == i) {
                misses.push(format!(
                    "{}:{}  {}  ({} {})",
                    t.file,
                    t.line,
                    t.name,
                    year_text(t.year),
                    t.status
                ));
            }
        }
        for (i, g) in got.iter().enumerate() {
            if !pairs.iter().any(|(_, b)| *b == i) {
                extras.push(format!(
                    "{}:{}  {}  ({} {}; {})",
                    g.file,
                    g.line,
                    g.name,
                    year_text(g.year),
                    g.status,
                    g.note
                ));
            }
        }
    }
    print_report(&tallies, &misses, &extras, &wrong);
    let mut all = Tally::default();
    for t in tallies.values() {
        all.add(t);
    }
    Ok(all.scores())
}

fn print_report(
    tallies: &BTreeMap<String, Tally>,
    misses: &[String],
    extras: &[String],
    wrong: &[String],
) {
    println!(
        "{:<44} {:>5} {:>5} {:>5} {:>7} {:>7} {:>6} {:>6}",
        "file", "truth", "built", "match", "recall", "precis", "year", "status"
    );
    let mut all = Tally::default();
    for (file, t) in tallies {
        print_line(file, t);
        all.add(t);
    }
    print_line("ALL", &all);
    let section = |title: &str, rows: &[String]| {
        println!("\n{title} ({}):", rows.len());
        for r in rows {
            println!("  {r}");
        }
    };
    section("missed (truth rows no mention matches)", misses);
    section("false positives (mentions no truth row matches)", extras);
    section("wrong year or status (matched)", wrong);
}

fn print_line(file: &str, t: &Tally) {
    let s = t.scores();
    println!(
        "{:<44} {:>5} {:>5} {:>5} {:>7.3} {:>7.3} {:>6.3} {:>6.3}",
        file, t.truth, t.found, t.matched, s.recall, s.precision, s.year, s.status
    );
}

fn year_text(year: Option<(i32, i32)>) -> String {
    match year {
        None => "-".to_owned(),
        Some((a, b)) if a == b => a.to_string(),
        Some((a, b)) => format!("{a}-{b}"),
    }
}

/// Pairs (truth index, built index): exact folded names first, then token containment.
fn match_rows(want: &[Row], got: &[Row]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for exact in [true, false] {
        for (i, t) in want.iter().enumerate() {
            if pairs.iter().any(|(a, _)| *a == i) {
                continue;
            }
            let found = got.iter().enumerate().find(|(j, g)| {
                !pairs.iter().any(|(_, b)| b == j) && names_match(&t.name, &g.name, exact)
            });
            if let Some((j, _)) = found {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// The matching rule of the module documentation.
pub fn names_match(a: &str, b: &str, exact: bool) -> bool {
    let (a, b) = (tokens(a), tokens(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if exact {
        return a == b;
    }
    a.iter().all(|t| b.contains(t)) || b.iter().all(|t| a.contains(t))
}

/// Lower-case tokens of a name with diacritics folded and punctuation dropped.
fn tokens(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Lower case without diacritics (NFD, combining marks dropped; `ł` → `l`).
pub fn fold(text: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    text.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'ł' => 'l',
            'đ' => 'd',
            'ø' => 'o',
            'ß' => 's',
            'ı' => 'i',
            c => c,
        })
        .collect()
}

fn read_truth(path: &Path) -> Result<Vec<Row>, String> {
    read_csv(path)?
        .into_iter()
        .map(|r| {
            let field = |k: &str| {
                r.get(k)
                    .cloned()
                    .ok_or_else(|| format!("{}: no column {k}", path.display()))
            };
            let year = field("year")?;
            let year = if year.is_empty() {
                None
            } else {
                let y: i32 = year
                    .parse()
                    .map_err(|e| format!("{}: year {year}: {e}", path.display()))?;
                Some((y, y))
            };
            Ok(Row {
                file: field("file")?,
                line: field("line")?
                    .parse()
                    .map_err(|e| format!("{}: line: {e}", path.display()))?,
                name: field("surface_name")?,
                year,
                status: field("status")?,
                note: String::new(),
            })
        })
        .collect()
}

fn read_built(path: &Path, ids: &HashMap<String, String>) -> Result<Vec<Row>, String> {
    read_csv(path)?
        .into_iter()
        .map(|m| {
            let get = |k: &str| m.get(k).cloned().unwrap_or_default();
            let year = match (
                get("year_min").parse::<i32>(),
                get("year_max").parse::<i32>(),
            ) {
                (Ok(a), Ok(b)) => Some((a, b)),
                (Ok(a), Err(_)) => Some((a, a)),
                _ => None,
            };
            let status = if get("status") == "not_defector" {
                "not_defector"
            } else if get("outcome") == "failed" {
                "failed"
            } else {
                "defector"
            };
            let source = get("source_id");
            Ok(Row {
                file: ids.get(&source).cloned().unwrap_or(source),
                line: get("line")
                    .parse()
                    .map_err(|e| format!("{}: line: {e}", path.display()))?,
                name: get("surface_name"),
                year,
                status: status.to_owned(),
                note: get("context").chars().take(90).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_folded_or_contained() {
        assert!(names_match("Józef Światło", "jozef swiatlo", true));
        assert!(!names_match("Korchnoi", "Viktor Korchnoi", true));
        assert!(names_match("Korchnoi", "Viktor Korchnoi", false));
        assert!(names_match(
            "Jaroslav \"Jarda\" Krupicka",
            "Jaroslav Krupicka",
            false
        ));
        assert!(!names_match("Peter Stastny", "Anton Stastny", false));
    }
}
