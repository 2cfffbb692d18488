//! Aggregates over the defectors (people with status `defector`) with polars' lazy API, and
//! the declaration of their columns. Every table has a deterministic row order (polars'
//! `group_by` has none): the group without a value (`unknown`) last, the others by count
//! descending, then by the group value. Every table has a human `label` per group.

use std::collections::BTreeMap;

use defectors_model::ProfessionCategory;
use defectors_model::schema::{ColumnSpec, ColumnType, Keys};
use polars::prelude::*;

/// The count column of every aggregate.
pub const DEFECTORS: &str = "defectors";
/// The share column of every aggregate.
pub const SHARE: &str = "share";
/// The label column of every aggregate.
pub const LABEL: &str = "label";
/// The `decade_by_profession` column of people with no profession in any source.
pub const UNKNOWN_CATEGORY: &str = "unknown";

const SHARE_MEANING: &str = "defectors / number of defectors (people with status defector).";
const LABEL_MEANING: &str = "Human label of the group (`1970s`, `Ballet and dance`); `unknown` (or `no destination`) for people without a value.";

/// The columns, keys and meaning of one aggregate table.
pub struct AggregateSchema {
    /// Table name.
    pub name: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// The columns in order.
    pub columns: fn() -> Vec<ColumnSpec>,
    /// Primary key (group value and label: the unknown group has a null value).
    pub keys: Keys,
}

fn spec(name: &'static str, ty: ColumnType, nullable: bool, meaning: &'static str) -> ColumnSpec {
    ColumnSpec::new(name, ty, nullable, meaning)
}

/// `group`, `label`, `defectors`, `share` for a table counting by one nullable column.
fn count_columns(group: &'static str, ty: ColumnType, meaning: &'static str) -> Vec<ColumnSpec> {
    vec![
        spec(group, ty, true, meaning),
        spec(LABEL, ColumnType::String, false, LABEL_MEANING),
        spec(
            DEFECTORS,
            ColumnType::UInt32,
            false,
            "Number of defectors in the group.",
        ),
        spec(SHARE, ColumnType::Float64, false, SHARE_MEANING),
    ]
}

fn profession_columns() -> Vec<ColumnSpec> {
    let mut columns = count_columns(
        "profession_category",
        ColumnType::String,
        "Profession category; null for defectors no source gives a profession for.",
    );
    columns[0].categories = ProfessionCategory::NAMES;
    columns
}

fn destination_columns() -> Vec<ColumnSpec> {
    vec![
        spec(
            "destination",
            ColumnType::String,
            true,
            "Country; null for the defectors with no known destination.",
        ),
        spec(LABEL, ColumnType::String, false, LABEL_MEANING),
        spec(
            "as_first",
            ColumnType::UInt32,
            false,
            "Defectors whose first destination (first refuge) is this country (null row: who have none).",
        ),
        spec(
            "as_final",
            ColumnType::UInt32,
            false,
            "Defectors whose final destination is this country (null row: who have none).",
        ),
        spec(
            DEFECTORS,
            ColumnType::UInt32,
            false,
            "Defectors with this country as first or final destination, counted once (null row: with neither).",
        ),
        spec(SHARE, ColumnType::Float64, false, SHARE_MEANING),
    ]
}

fn coverage_columns() -> Vec<ColumnSpec> {
    vec![
        spec(
            "sources",
            ColumnType::String,
            false,
            "A combination of source ids, joined with ` + `.",
        ),
        spec(LABEL, ColumnType::String, false, LABEL_MEANING),
        spec(
            "n_sources",
            ColumnType::UInt32,
            false,
            "Number of sources in the combination.",
        ),
        spec(
            DEFECTORS,
            ColumnType::UInt32,
            false,
            "Defectors named by exactly this combination of sources.",
        ),
        spec(SHARE, ColumnType::Float64, false, SHARE_MEANING),
    ]
}

fn cross_columns() -> Vec<ColumnSpec> {
    let mut columns = vec![
        spec(
            "decade",
            ColumnType::Int32,
            true,
            "Decade of the chosen year; null for defectors without a year.",
        ),
        spec(LABEL, ColumnType::String, false, LABEL_MEANING),
    ];
    columns.extend(ProfessionCategory::NAMES.iter().map(|c| {
        spec(
            c,
            ColumnType::UInt32,
            false,
            "Defectors of this profession category in the decade.",
        )
    }));
    columns.push(spec(
        UNKNOWN_CATEGORY,
        ColumnType::UInt32,
        false,
        "Defectors of the decade no source gives a profession for.",
    ));
    columns.push(spec(
        DEFECTORS,
        ColumnType::UInt32,
        false,
        "All defectors of the decade.",
    ));
    columns
}

const fn keys(primary: &'static [&'static str]) -> Keys {
    Keys {
        primary,
        foreign: &[],
    }
}

/// Every aggregate table, in writing order.
pub const SCHEMAS: [AggregateSchema; 7] = [
    AggregateSchema {
        name: "by_decade",
        row: "defectors per decade of the chosen year",
        columns: || {
            count_columns(
                "decade",
                ColumnType::Int32,
                "Decade of the chosen year (1970 for 1970–1979); null for defectors without a year.",
            )
        },
        keys: keys(&["decade", LABEL]),
    },
    AggregateSchema {
        name: "by_agency",
        row: "defectors per intelligence or security agency",
        columns: || {
            count_columns(
                "agency",
                ColumnType::String,
                "Canonical agency; null for defectors without one.",
            )
        },
        keys: keys(&["agency", LABEL]),
    },
    AggregateSchema {
        name: "by_profession",
        row: "defectors per profession category",
        columns: profession_columns,
        keys: keys(&["profession_category", LABEL]),
    },
    AggregateSchema {
        name: "by_destination",
        row: "defectors per destination country, as first refuge and as final country",
        columns: destination_columns,
        keys: keys(&["destination", LABEL]),
    },
    AggregateSchema {
        name: "by_origin",
        row: "defectors per state defected from",
        columns: || {
            count_columns(
                "origin",
                ColumnType::String,
                "State defected from; null where no rule gives one.",
            )
        },
        keys: keys(&["origin", LABEL]),
    },
    AggregateSchema {
        name: "decade_by_profession",
        row: "defectors per decade (rows) and profession category (columns)",
        columns: cross_columns,
        keys: keys(&["decade", LABEL]),
    },
    AggregateSchema {
        name: "source_coverage",
        row: "defectors per combination of sources naming them",
        columns: coverage_columns,
        keys: keys(&["sources"]),
    },
];

/// Human labels of group values: profession categories from the reference table, decades as
/// `1970s`, anything else as itself.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// Label per profession category code (`ballet_dance` → `Ballet and dance`).
    pub categories: BTreeMap<String, String>,
}

impl Labels {
    /// The label of a profession category (its code when the table has none).
    pub fn category(&self, code: &str) -> String {
        self.categories
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }
}

fn share(total: f64) -> Expr {
    (col(DEFECTORS).cast(DataType::Float64) / lit(total)).alias(SHARE)
}

/// Sorts with the null group last, then by count descending (or by value), then by value.
fn sort_groups(frame: LazyFrame, column: &str, by_value: bool) -> LazyFrame {
    let (exprs, descending) = if by_value {
        (vec![col(column).is_null(), col(column)], vec![false, false])
    } else {
        (
            vec![col(column).is_null(), col(DEFECTORS), col(column)],
            vec![false, true, false],
        )
    };
    frame.sort_by_exprs(
        exprs,
        SortMultipleOptions::default().with_order_descending_multi(descending),
    )
}

/// Adds `label` after the group column, from each group value.
fn with_label(
    mut frame: DataFrame,
    column: &str,
    label: impl Fn(Option<String>) -> String,
) -> PolarsResult<DataFrame> {
    let values = frame.column(column)?.cast(&DataType::String)?;
    let labels: Vec<String> = values
        .str()?
        .iter()
        .map(|v| label(v.map(str::to_owned)))
        .collect();
    frame.insert_column(1, Column::new(LABEL.into(), labels))?;
    Ok(frame)
}

fn plain_label(none: &'static str) -> impl Fn(Option<String>) -> String {
    move |v| v.unwrap_or_else(|| none.to_owned())
}

fn decade_label(v: Option<String>) -> String {
    v.map_or_else(|| "unknown".to_owned(), |d| format!("{d}s"))
}

/// Counts defectors per value of `column` (a null value is a group of its own), with `share`.
fn count_by(defectors: &DataFrame, column: &str, by_value: bool) -> PolarsResult<DataFrame> {
    let total = defectors.height().max(1) as f64;
    let counted = defectors
        .clone()
        .lazy()
        .group_by([col(column)])
        .agg([len().cast(DataType::UInt32).alias(DEFECTORS)])
        .with_columns([share(total)]);
    sort_groups(counted, column, by_value).collect()
}

/// Defectors per decade of defection.
pub fn by_decade(defectors: &DataFrame) -> PolarsResult<DataFrame> {
    with_label(count_by(defectors, "decade", true)?, "decade", decade_label)
}

/// Defectors per canonical agency.
pub fn by_agency(defectors: &DataFrame) -> PolarsResult<DataFrame> {
    with_label(
        count_by(defectors, "agency", false)?,
        "agency",
        plain_label("unknown"),
    )
}

/// Defectors per profession category.
pub fn by_profession(defectors: &DataFrame, labels: &Labels) -> PolarsResult<DataFrame> {
    let counted = count_by(defectors, "profession_category", false)?;
    with_label(counted, "profession_category", |v| {
        v.map_or_else(|| "unknown".to_owned(), |c| labels.category(&c))
    })
}

/// Defectors per state defected from.
pub fn by_origin(defectors: &DataFrame) -> PolarsResult<DataFrame> {
    with_label(
        count_by(defectors, "origin", false)?,
        "origin",
        plain_label("unknown"),
    )
}

/// Defectors per destination country: as first destination, as final destination, and as
/// either (`defectors`, with `share`); the null row counts the defectors without one.
pub fn by_destination(defectors: &DataFrame) -> PolarsResult<DataFrame> {
    let total = defectors.height().max(1) as f64;
    let lazy = || defectors.clone().lazy();
    let count = |column: &str, name: &str| {
        lazy()
            .group_by([col(column).alias("destination")])
            .agg([len().cast(DataType::UInt32).alias(name)])
    };
    let places = |column: &str| lazy().select([col("person_id"), col(column).alias("destination")]);
    let known = concat(
        [places("destination_first"), places("destination_final")],
        UnionArgs::default(),
    )?
    .filter(col("destination").is_not_null());
    let neither = lazy()
        .filter(
            col("destination_first")
                .is_null()
                .and(col("destination_final").is_null()),
        )
        .select([
            col("person_id"),
            col("destination_first").alias("destination"),
        ]);
    let either = concat([known, neither], UnionArgs::default())?
        .unique(None, UniqueKeepStrategy::First)
        .group_by([col("destination")])
        .agg([len().cast(DataType::UInt32).alias(DEFECTORS)]);
    let join = |frame: LazyFrame, other: LazyFrame| {
        let mut args = JoinArgs::new(JoinType::Left);
        args.nulls_equal = true;
        frame.join(other, [col("destination")], [col("destination")], args)
    };
    let joined = join(
        join(either, count("destination_first", "as_first")),
        count("destination_final", "as_final"),
    )
    .with_columns([
        col("as_first").fill_null(lit(0u32)),
        col("as_final").fill_null(lit(0u32)),
        share(total),
    ])
    .select([
        col("destination"),
        col("as_first"),
        col("as_final"),
        col(DEFECTORS),
        col(SHARE),
    ]);
    let sorted = sort_groups(joined, "destination", false).collect()?;
    with_label(sorted, "destination", plain_label("no destination"))
}

/// Defectors per combination of sources (`a + b`), with the number of sources.
pub fn source_coverage(defectors: &DataFrame) -> PolarsResult<DataFrame> {
    let total = defectors.height().max(1) as f64;
    let lists = defectors.column("sources")?.list()?;
    let combinations: Vec<Option<String>> = lists
        .amortized_iter()
        .map(|sources| {
            sources.map(|s| {
                s.as_ref()
                    .str()
                    .map(|names| names.iter().flatten().collect::<Vec<_>>().join(" + "))
                    .unwrap_or_default()
            })
        })
        .collect();
    let frame = DataFrame::new(
        defectors.height(),
        vec![
            Column::new("sources".into(), combinations),
            defectors.column("n_sources")?.clone(),
        ],
    )?;
    let counted = frame
        .lazy()
        .group_by([col("sources"), col("n_sources")])
        .agg([len().cast(DataType::UInt32).alias(DEFECTORS)])
        .with_columns([share(total)])
        .sort(
            ["n_sources", DEFECTORS, "sources"],
            SortMultipleOptions::default().with_order_descending_multi([false, true, false]),
        )
        .collect()?;
    with_label(counted, "sources", plain_label("none"))
}

/// A decade × profession-category cross table: one row per decade (a null decade last), one
/// column per category and one for no profession, and the row total `defectors`.
pub fn decade_by_profession(defectors: &DataFrame) -> PolarsResult<DataFrame> {
    let mut aggs: Vec<Expr> = ProfessionCategory::NAMES
        .iter()
        .map(|c| {
            col("profession_category")
                .eq(lit(*c))
                .fill_null(lit(false))
                .sum()
                .cast(DataType::UInt32)
                .alias(*c)
        })
        .collect();
    aggs.push(
        col("profession_category")
            .is_null()
            .sum()
            .cast(DataType::UInt32)
            .alias(UNKNOWN_CATEGORY),
    );
    aggs.push(len().cast(DataType::UInt32).alias(DEFECTORS));
    let counted = defectors.clone().lazy().group_by([col("decade")]).agg(aggs);
    with_label(
        sort_groups(counted, "decade", true).collect()?,
        "decade",
        decade_label,
    )
}

/// Every aggregate over the defectors, by table name, in the order of [`SCHEMAS`].
pub fn all(defectors: &DataFrame, labels: &Labels) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    Ok(vec![
        ("by_decade", by_decade(defectors)?),
        ("by_agency", by_agency(defectors)?),
        ("by_profession", by_profession(defectors, labels)?),
        ("by_destination", by_destination(defectors)?),
        ("by_origin", by_origin(defectors)?),
        ("decade_by_profession", decade_by_profession(defectors)?),
        ("source_coverage", source_coverage(defectors)?),
    ])
}
