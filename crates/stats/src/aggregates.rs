//! Aggregates over `people` with polars' lazy API. Every table has a deterministic row order
//! (polars' `group_by` has none): by count descending, then by the group value.

use polars::prelude::*;

/// The profession categories of the contract, in its order (the columns of
/// `decade_by_profession`).
pub use defectors_model::PROFESSION_CATEGORIES as CATEGORIES;

/// Counts people per value of `column` (a null value is a group of its own), with `share`
/// of all people; sorted by count descending, then value (nulls last).
fn count_by(people: &DataFrame, column: &str, sort_by_value: bool) -> PolarsResult<DataFrame> {
    let total = people.height().max(1) as f64;
    let counted = people
        .clone()
        .lazy()
        .group_by([col(column)])
        .agg([len().cast(DataType::UInt32).alias("defectors")])
        .with_columns([(col("defectors").cast(DataType::Float64) / lit(total)).alias("share")]);
    let sorted = if sort_by_value {
        counted.sort(
            [column],
            SortMultipleOptions::default().with_nulls_last(true),
        )
    } else {
        counted.sort(
            ["defectors", column],
            SortMultipleOptions::default()
                .with_order_descending_multi([true, false])
                .with_nulls_last(true),
        )
    };
    sorted.collect()
}

/// People per decade of defection.
pub fn by_decade(people: &DataFrame) -> PolarsResult<DataFrame> {
    count_by(people, "decade", true)
}

/// People per canonical agency (null: no agency).
pub fn by_agency(people: &DataFrame) -> PolarsResult<DataFrame> {
    count_by(people, "agency", false)
}

/// People per profession category.
pub fn by_profession(people: &DataFrame) -> PolarsResult<DataFrame> {
    count_by(people, "profession_category", false)
}

/// People per state defected from.
pub fn by_origin(people: &DataFrame) -> PolarsResult<DataFrame> {
    count_by(people, "origin", false)
}

/// People per destination country: as first destination, as final destination, and as
/// either (`defectors`, with `share`); people without a destination are left out.
pub fn by_destination(people: &DataFrame) -> PolarsResult<DataFrame> {
    let total = people.height().max(1) as f64;
    let count = |column: &str, name: &str| {
        people
            .clone()
            .lazy()
            .filter(col(column).is_not_null())
            .group_by([col(column).alias("destination")])
            .agg([len().cast(DataType::UInt32).alias(name)])
    };
    let firsts = people.clone().lazy().select([
        col("person_id"),
        col("destination_first").alias("destination"),
    ]);
    let finals = people.clone().lazy().select([
        col("person_id"),
        col("destination_final").alias("destination"),
    ]);
    let either = concat([firsts, finals], UnionArgs::default())?
        .filter(col("destination").is_not_null())
        .unique(None, UniqueKeepStrategy::First)
        .group_by([col("destination")])
        .agg([len().cast(DataType::UInt32).alias("defectors")]);
    either
        .join(
            count("destination_first", "as_first"),
            [col("destination")],
            [col("destination")],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            count("destination_final", "as_final"),
            [col("destination")],
            [col("destination")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            col("as_first").fill_null(lit(0u32)),
            col("as_final").fill_null(lit(0u32)),
            (col("defectors").cast(DataType::Float64) / lit(total)).alias("share"),
        ])
        .select([
            col("destination"),
            col("as_first"),
            col("as_final"),
            col("defectors"),
            col("share"),
        ])
        .sort(
            ["defectors", "destination"],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()
}

/// People per combination of sources (`a + b`), with the number of sources.
pub fn source_coverage(people: &DataFrame) -> PolarsResult<DataFrame> {
    let total = people.height().max(1) as f64;
    let lists = people.column("sources")?.list()?;
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
        people.height(),
        vec![
            Column::new("sources".into(), combinations),
            people.column("n_sources")?.clone(),
        ],
    )?;
    frame
        .lazy()
        .group_by([col("sources"), col("n_sources")])
        .agg([len().cast(DataType::UInt32).alias("defectors")])
        .with_columns([(col("defectors").cast(DataType::Float64) / lit(total)).alias("share")])
        .sort(
            ["n_sources", "defectors", "sources"],
            SortMultipleOptions::default().with_order_descending_multi([false, true, false]),
        )
        .collect()
}

/// A decade × profession-category cross table: one row per decade (a null decade last), one
/// column per category, and the row total `defectors`.
pub fn decade_by_profession(people: &DataFrame) -> PolarsResult<DataFrame> {
    let mut aggs: Vec<Expr> = CATEGORIES
        .iter()
        .map(|c| {
            col("profession_category")
                .eq(lit(*c))
                .sum()
                .cast(DataType::UInt32)
                .alias(*c)
        })
        .collect();
    aggs.push(len().cast(DataType::UInt32).alias("defectors"));
    people
        .clone()
        .lazy()
        .group_by([col("decade")])
        .agg(aggs)
        .sort(
            ["decade"],
            SortMultipleOptions::default().with_nulls_last(true),
        )
        .collect()
}

/// Every aggregate, by table name, in writing order.
pub fn all(people: &DataFrame) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    Ok(vec![
        ("by_decade", by_decade(people)?),
        ("by_agency", by_agency(people)?),
        ("by_profession", by_profession(people)?),
        ("by_destination", by_destination(people)?),
        ("by_origin", by_origin(people)?),
        ("decade_by_profession", decade_by_profession(people)?),
        ("source_coverage", source_coverage(people)?),
    ])
}
