//! The `stats` stage: aggregates over the defectors among the resolved people (polars lazy API) and the
//! statistical report with charts. Pure: DataFrames in, DataFrames and text out.

pub mod aggregates;
pub mod charts;
pub mod report;

pub use aggregates::{Labels, SCHEMAS, all};
pub use report::{Report, ReportContext, SourceNote, build_report};

/// A failure to compute an aggregate or draw a chart.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    /// polars failed.
    #[error("aggregate: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
    /// plotters failed.
    #[error("chart {chart}: {message}")]
    Chart {
        /// The chart.
        chart: String,
        /// What went wrong.
        message: String,
    },
}
