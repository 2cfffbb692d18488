//! The `resolve` stage: groups mentions into people, and records the evidence for each merge
//! and near miss, and the values sources disagree on.
//!
//! Steps: features per mention → candidate pairs by blocking on several name keys (never all
//! pairs) → Fellegi–Sunter weights per pair (`params.rs`) → constrained clustering (a merge
//! must hold for every pair across the two clusters, so weak links do not chain) → overrides
//! (cannot-links during clustering, must-links last) → people with chosen values and
//! conflicts. Pure and deterministic: same input, same output.

mod compare;
pub mod params;
mod people;

use std::collections::{BTreeMap, HashMap, HashSet};

use defectors_clean::CleanedMention;
use defectors_model::{Diagnostic, Mention, Severity};
use rphonetic::DaitchMokotoffSoundex;

pub use compare::{Evidence, Features, SurnameFrequencies, compare};
pub use people::{Conflict, Person};

/// A curated decision about two mentions (`data/reference/overrides.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// `true` for must-link, `false` for cannot-link.
    pub must_link: bool,
    /// A mention id (`source:line:n`) or `Name@source`.
    pub a: String,
    /// Likewise.
    pub b: String,
    /// Why.
    pub reason: String,
    /// 1-based line in the overrides file (for warnings).
    pub line: u32,
}

/// One compared pair, as written to `match_evidence`.
#[derive(Debug, Clone, PartialEq)]
pub struct PairEvidence {
    /// Index of the first mention.
    pub a: usize,
    /// Index of the second mention.
    pub b: usize,
    /// The weights.
    pub evidence: Evidence,
    /// `merged`, `near_miss`, `cannot_link`, or `override`.
    pub decision: String,
}

/// Everything resolution produces.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// For each mention, the index of its person in `people`.
    pub person_of_mention: Vec<usize>,
    /// Every person, those whose chosen status is not `defector` included (see `Person::status`).
    pub people: Vec<Person>,
    /// Disagreements between sources.
    pub conflicts: Vec<Conflict>,
    /// Merged and near-miss pairs.
    pub evidence: Vec<PairEvidence>,
    /// Stale overrides and the like.
    pub diagnostics: Vec<Diagnostic>,
}

/// Two mention indexes, the smaller first.
type Pair = (usize, usize);

/// Source priorities for choosing between disagreeing values (higher wins a tie).
pub type Priorities = HashMap<String, u32>;

/// Resolves the mentions into people.
pub fn resolve(
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    overrides: &[Override],
    priorities: &Priorities,
) -> Resolution {
    assert_eq!(
        mentions.len(),
        cleaned.len(),
        "one cleaned record per mention"
    );
    let dm = DaitchMokotoffSoundex::default();
    let features: Vec<Features> = mentions
        .iter()
        .zip(cleaned)
        .enumerate()
        .map(|(i, (m, c))| Features::new(i, m, c, &dm))
        .collect();
    let tf = SurnameFrequencies::new(&features);
    let mut diagnostics = Vec::new();

    let (must, cannot) = match_overrides(overrides, mentions, cleaned, &mut diagnostics);

    // Candidate pairs and their weights.
    let mut scored: BTreeMap<(usize, usize), Evidence> = BTreeMap::new();
    for (a, b) in candidate_pairs(&features) {
        scored.insert((a, b), compare(&features[a], &features[b], &tf));
    }

    // Constrained clustering: strongest links first.
    let mut links: Vec<(&(usize, usize), &Evidence)> = scored
        .iter()
        .filter(|(pair, e)| e.links_at(params::LINK_THRESHOLD) && !cannot.contains(pair))
        .collect();
    links.sort_by(|x, y| y.1.total().total_cmp(&x.1.total()).then(x.0.cmp(y.0)));
    let mut clusters = Clusters::new(mentions.len());
    for (&(a, b), _) in links {
        let (ca, cb) = (clusters.find(a), clusters.find(b));
        if ca == cb {
            continue;
        }
        let fits = clusters.members(ca).iter().all(|&x| {
            clusters.members(cb).iter().all(|&y| {
                let pair = (x.min(y), x.max(y));
                if cannot.contains(&pair) {
                    return false;
                }
                let e = scored
                    .get(&pair)
                    .cloned()
                    .unwrap_or_else(|| compare(&features[pair.0], &features[pair.1], &tf));
                e.cannot_link.is_none() && e.total() >= params::CLUSTER_MIN_PAIR
            })
        });
        if fits {
            clusters.union(ca, cb);
        }
    }
    for &(a, b) in &must {
        let (ca, cb) = (clusters.find(a), clusters.find(b));
        if ca != cb {
            clusters.union(ca, cb);
        }
    }

    // Evidence rows: every merged pair, near miss and constrained pair that was scored.
    let mut evidence = Vec::new();
    for (&(a, b), e) in &scored {
        let same = clusters.find(a) == clusters.find(b);
        let decision = if must.contains(&(a, b)) {
            "override: must link"
        } else if cannot.contains(&(a, b)) {
            "override: cannot link"
        } else if same {
            "merged"
        } else if e.cannot_link.is_some() {
            "cannot_link"
        } else if e.total() >= params::NEAR_MISS_THRESHOLD && e.surname_agrees {
            "near_miss"
        } else {
            continue;
        };
        if decision == "cannot_link" && e.total() < params::NEAR_MISS_THRESHOLD {
            continue;
        }
        evidence.push(PairEvidence {
            a,
            b,
            evidence: e.clone(),
            decision: decision.to_owned(),
        });
    }

    let groups = clusters.groups();
    let (people, person_of_mention, conflicts) =
        people::build_people(&groups, mentions, cleaned, priorities);
    Resolution {
        person_of_mention,
        people,
        conflicts,
        evidence,
        diagnostics,
    }
}

/// Pairs of mentions that share a blocking key: the family key and each surname key, alone
/// and with the given name, and each Daitch–Mokotoff code with the given name. A block larger
/// than `MAX_BLOCK` is skipped; the finer blocks of its members still pair them.
fn candidate_pairs(features: &[Features]) -> Vec<(usize, usize)> {
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for f in features {
        let mut keys: Vec<String> = Vec::new();
        if let Some(family) = &f.family_key {
            keys.push(format!("f:{family}"));
        }
        keys.extend(f.surname_keys.iter().map(|k| format!("s:{k}")));
        let given = f.given_key.clone().unwrap_or_default();
        let mut fine: Vec<String> = keys.iter().map(|k| format!("{k}|{given}")).collect();
        // Phonetic codes are coarse: only with the given name (a surname typo).
        fine.extend(f.dm_codes.iter().map(|c| format!("d:{c}|{given}")));
        keys.extend(fine);
        keys.sort();
        keys.dedup();
        for k in keys {
            blocks.entry(k).or_default().push(f.index);
        }
    }
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    for members in blocks.values() {
        if members.len() < 2 || members.len() > params::MAX_BLOCK {
            continue;
        }
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    pairs
}

/// Finds the mentions an override names; a reference that matches nothing is stale.
fn match_overrides(
    overrides: &[Override],
    mentions: &[Mention],
    cleaned: &[CleanedMention],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Pair>, HashSet<Pair>) {
    let find = |reference: &str| -> Vec<usize> {
        if let Some((name, source)) = reference.rsplit_once('@') {
            let name = name.trim();
            mentions
                .iter()
                .enumerate()
                .filter(|(i, m)| {
                    m.provenance.source_id == source.trim()
                        && (m.surface_name == name || cleaned[*i].name.display == name)
                })
                .map(|(i, _)| i)
                .collect()
        } else {
            mentions
                .iter()
                .position(|m| m.mention_id() == reference.trim())
                .into_iter()
                .collect()
        }
    };
    let mut must = Vec::new();
    let mut cannot = HashSet::new();
    for o in overrides {
        let (xs, ys) = (find(&o.a), find(&o.b));
        if xs.is_empty() || ys.is_empty() {
            diagnostics.push(Diagnostic {
                source_id: None,
                line: Some(o.line),
                severity: Severity::Warning,
                code: "resolve.stale_override".to_owned(),
                message: format!(
                    "overrides.csv line {}: `{}` / `{}` matches no mention; the override does nothing",
                    o.line, o.a, o.b
                ),
            });
            continue;
        }
        for &x in &xs {
            for &y in &ys {
                if x == y {
                    continue;
                }
                let pair = (x.min(y), x.max(y));
                if o.must_link {
                    must.push(pair);
                } else {
                    cannot.insert(pair);
                }
            }
        }
    }
    must.sort_unstable();
    (must, cannot)
}

/// Union-find with member lists.
struct Clusters {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn members(&self, root: usize) -> &[usize] {
        &self.members[root]
    }

    fn union(&mut self, a: usize, b: usize) {
        let (keep, gone) = if a < b { (a, b) } else { (b, a) };
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.members[gone]);
        self.members[keep].extend(moved);
        self.members[keep].sort_unstable();
    }

    /// The clusters as sorted member lists, ordered by their first member.
    fn groups(&mut self) -> Vec<Vec<usize>> {
        let n = self.parent.len();
        let mut out = Vec::new();
        for i in 0..n {
            if self.find(i) == i {
                out.push(self.members[i].clone());
            }
        }
        out
    }
}
