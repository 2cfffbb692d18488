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

/// Pairwise recall and precision of the pairs that involve mentions showing one phenomenon.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhenomenonScore {
    /// True pairs with at least one mention showing it.
    pub true_pairs: u64,
    /// Of those, the pairs resolved into one person.
    pub found: u64,
    /// Predicted pairs with at least one mention showing it.
    pub predicted_pairs: u64,
    /// Of those, the pairs that are one person in the truth.
    pub correct: u64,
}

impl PhenomenonScore {
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.true_pairs.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.predicted_pairs.max(1) as f64
    }
}

/// Scores per phenomenon: `items` are (true person, predicted person, phenomenon) per truth
/// mention. A pair counts for each phenomenon its two mentions show.
pub fn by_phenomenon(
    items: &[(String, Option<String>, String)],
) -> std::collections::BTreeMap<String, PhenomenonScore> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut scores: BTreeMap<String, PhenomenonScore> = BTreeMap::new();
    let mut by_truth: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_predicted: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (t, p, _)) in items.iter().enumerate() {
        by_truth.entry(t).or_default().push(i);
        if let Some(p) = p {
            by_predicted.entry(p).or_default().push(i);
        }
    }
    let labels = |a: usize, b: usize| -> BTreeSet<&str> {
        [items[a].2.as_str(), items[b].2.as_str()]
            .into_iter()
            .collect()
    };
    for members in by_truth.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                let same = items[a].1.is_some() && items[a].1 == items[b].1;
                for l in labels(a, b) {
                    let s = scores.entry(l.to_owned()).or_default();
                    s.true_pairs += 1;
                    s.found += u64::from(same);
                }
            }
        }
    }
    for members in by_predicted.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                let same = items[a].0 == items[b].0;
                for l in labels(a, b) {
                    let s = scores.entry(l.to_owned()).or_default();
                    s.predicted_pairs += 1;
                    s.correct += u64::from(same);
                }
            }
        }
    }
    scores
}

/// The per-phenomenon scores of a built synthetic corpus (see [`by_phenomenon`]).
pub fn evaluate_phenomena(
    dir: &Path,
) -> Result<std::collections::BTreeMap<String, PhenomenonScore>, String> {
    let truth = read_csv(&dir.join("truth.csv"))?;
    let mentions = read_csv(&dir.join("out/csv/mentions.csv"))?;
    let person_of: HashMap<(&str, &str, &str), &str> = mentions
        .iter()
        .map(|m| {
            (
                (
                    m["source_id"].as_str(),
                    m["line"].as_str(),
                    m["surface_name"].as_str(),
                ),
                m["person_id"].as_str(),
            )
        })
        .collect();
    let items: Vec<(String, Option<String>, String)> = truth
        .iter()
        .map(|t| {
            let key = (
                t["source_id"].as_str(),
                t["line"].as_str(),
                t["surface_name"].as_str(),
            );
            let label = t
                .get("phenomenon")
                .cloned()
                .unwrap_or_else(|| "plain".into());
            (
                t["person"].clone(),
                person_of.get(&key).map(|p| (*p).to_owned()),
                label,
            )
        })
        .collect();
    Ok(by_phenomenon(&items))
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
    fn phenomenon_scores_count_each_pair_for_each_label() {
        let item = |t: &str, p: &str, l: &str| (t.to_owned(), Some(p.to_owned()), l.to_owned());
        let items = [
            item("a", "x", "plain"),
            item("a", "x", "slip"),
            item("a", "y", "slip"),
            item("b", "y", "plain"),
        ];
        let s = by_phenomenon(&items);
        // True pairs of a: (0,1) plain+slip found, (0,2) plain+slip missed, (1,2) slip missed.
        assert_eq!((s["slip"].true_pairs, s["slip"].found), (3, 1));
        assert_eq!((s["plain"].true_pairs, s["plain"].found), (2, 1));
        // Predicted pairs: x (0,1) correct; y (2,3) wrong.
        assert_eq!((s["slip"].predicted_pairs, s["slip"].correct), (2, 1));
        assert_eq!((s["plain"].predicted_pairs, s["plain"].correct), (2, 1));
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
