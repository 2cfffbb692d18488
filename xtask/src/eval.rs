//! `cargo xtask eval-er DIR`: builds a synthetic corpus and prints pairwise precision, recall
//! and F1 of the resolved people against `truth.csv`.

use std::collections::HashMap;
use std::path::Path;

/// Reads a CSV file with a header into one map per row (column name → value).
pub fn read_csv(path: &Path) -> Result<Vec<HashMap<String, String>>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let header = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(header
                .iter()
                .map(str::to_owned)
                .zip(record.iter().map(str::to_owned))
                .collect())
        })
        .collect()
}

/// Pairwise precision, recall and F1 of a predicted clustering against the truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub true_pairs: u64,
    pub predicted_pairs: u64,
    pub both: u64,
}

impl Scores {
    pub fn precision(&self) -> f64 {
        self.both as f64 / self.predicted_pairs.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.both as f64 / self.true_pairs.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores `items` of (true cluster, predicted cluster); `None` predicted means unmatched
/// (a singleton of its own).
pub fn pairwise(items: &[(String, Option<String>)]) -> Scores {
    let mut truth: HashMap<&str, u64> = HashMap::new();
    let mut predicted: HashMap<&str, u64> = HashMap::new();
    let mut cells: HashMap<(&str, &str), u64> = HashMap::new();
    for (t, p) in items {
        *truth.entry(t).or_insert(0) += 1;
        if let Some(p) = p {
            *predicted.entry(p).or_insert(0) += 1;
            *cells.entry((t, p)).or_insert(0) += 1;
        }
    }
    Scores {
        true_pairs: truth.values().map(|&n| pairs(n)).sum(),
        predicted_pairs: predicted.values().map(|&n| pairs(n)).sum(),
        both: cells.values().map(|&n| pairs(n)).sum(),
    }
}

/// Matches truth mentions to built mentions by (source, line, surface name) and scores them.
pub fn evaluate(dir: &Path) -> Result<(Scores, usize, usize, usize), String> {
    let truth = read_csv(&dir.join("truth.csv"))?;
    let mentions = read_csv(&dir.join("out/csv/mentions.csv"))?;
    let mut person_of: HashMap<(String, String, String), String> = HashMap::new();
    for m in &mentions {
        person_of.insert(
            (
                m["source_id"].clone(),
                m["line"].clone(),
                m["surface_name"].clone(),
            ),
            m["person_id"].clone(),
        );
    }
    let mut items = Vec::with_capacity(truth.len());
    let mut missed = 0;
    for t in &truth {
        let key = (
            t["source_id"].clone(),
            t["line"].clone(),
            t["surface_name"].clone(),
        );
        let predicted = person_of.get(&key).cloned();
        if predicted.is_none() {
            missed += 1;
        }
        items.push((t["person"].clone(), predicted));
    }
    let extra = mentions.len().saturating_sub(truth.len() - missed);
    Ok((pairwise(&items), truth.len(), missed, extra))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_counts() {
        let items: Vec<(String, Option<String>)> = [("a", "x"), ("a", "x"), ("a", "y"), ("b", "y")]
            .iter()
            .map(|(t, p)| ((*t).to_owned(), Some((*p).to_owned())))
            .collect();
        let s = pairwise(&items);
        assert_eq!((s.true_pairs, s.predicted_pairs, s.both), (3, 2, 1));
        assert!((s.f1() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn csv_quotes() {
        let dir = std::env::temp_dir().join(format!("xtask-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("t.csv");
        std::fs::write(&p, "a,b\n\"x, \"\"y\"\"\",2\n").unwrap();
        let rows = read_csv(&p).unwrap();
        assert_eq!(rows[0]["a"], "x, \"y\"");
        assert_eq!(rows[0]["b"], "2");
    }
}
