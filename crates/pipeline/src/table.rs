//! Output tables: typed columns described once, written as Parquet (through polars) and as a
//! CSV mirror (list columns as JSON arrays, nulls as empty cells).

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::error::PipelineError;

/// The type of an output column, as the contract names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    String,
    /// Unsigned 32-bit integer.
    UInt32,
    /// Signed 32-bit integer.
    Int32,
    /// 64-bit float.
    Float64,
    /// Boolean.
    Boolean,
    /// Calendar date.
    Date,
    /// List of UTF-8 strings.
    StringList,
}

impl ColumnType {
    /// The Frictionless Table Schema type of the column.
    pub fn frictionless(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::UInt32 | Self::Int32 => "integer",
            Self::Float64 => "number",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::StringList => "array",
        }
    }
}

/// The name, type, nullability and meaning of one output column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// Column name, as in the contract.
    pub name: &'static str,
    /// Column type.
    pub ty: ColumnType,
    /// Whether the column may hold nulls.
    pub nullable: bool,
    /// One sentence saying what the column holds.
    pub description: &'static str,
}

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Text values.
    String(Vec<Option<String>>),
    /// Unsigned integers.
    UInt32(Vec<Option<u32>>),
    /// Signed integers.
    Int32(Vec<Option<i32>>),
    /// Floats.
    Float64(Vec<Option<f64>>),
    /// Booleans.
    Boolean(Vec<Option<bool>>),
    /// Dates.
    Date(Vec<Option<NaiveDate>>),
    /// Lists of text.
    StringList(Vec<Vec<String>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Self::String(v) => v.len(),
            Self::UInt32(v) => v.len(),
            Self::Int32(v) => v.len(),
            Self::Float64(v) => v.len(),
            Self::Boolean(v) => v.len(),
            Self::Date(v) => v.len(),
            Self::StringList(v) => v.len(),
        }
    }

    fn column_type(&self) -> ColumnType {
        match self {
            Self::String(_) => ColumnType::String,
            Self::UInt32(_) => ColumnType::UInt32,
            Self::Int32(_) => ColumnType::Int32,
            Self::Float64(_) => ColumnType::Float64,
            Self::Boolean(_) => ColumnType::Boolean,
            Self::Date(_) => ColumnType::Date,
            Self::StringList(_) => ColumnType::StringList,
        }
    }

    /// The CSV text of row `i`: empty for a null, a JSON array for a list.
    fn csv_cell(&self, i: usize) -> String {
        fn opt<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map(ToString::to_string).unwrap_or_default()
        }
        match self {
            Self::String(v) => v[i].clone().unwrap_or_default(),
            Self::UInt32(v) => opt(&v[i]),
            Self::Int32(v) => opt(&v[i]),
            Self::Float64(v) => opt(&v[i]),
            Self::Boolean(v) => opt(&v[i]),
            Self::Date(v) => v[i]
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Self::StringList(v) => serde_json::to_string(&v[i]).expect("strings serialise"),
        }
    }
}

/// Values of one column of a DataFrame, converted to the spec's type.
fn values_of(df: &DataFrame, spec: &ColumnSpec) -> PolarsResult<Values> {
    let column = df.column(spec.name)?;
    Ok(match spec.ty {
        ColumnType::String => Values::String(
            column
                .cast(&DataType::String)?
                .str()?
                .iter()
                .map(|v| v.map(str::to_owned))
                .collect(),
        ),
        ColumnType::UInt32 => {
            Values::UInt32(column.cast(&DataType::UInt32)?.u32()?.iter().collect())
        }
        ColumnType::Int32 => Values::Int32(column.cast(&DataType::Int32)?.i32()?.iter().collect()),
        ColumnType::Float64 => {
            Values::Float64(column.cast(&DataType::Float64)?.f64()?.iter().collect())
        }
        ColumnType::Boolean => Values::Boolean(column.bool()?.iter().collect()),
        ColumnType::Date | ColumnType::StringList => {
            polars_bail!(ComputeError: "{}: converting this type from a DataFrame is not supported", spec.name)
        }
    })
}

/// A table ready to write: its name, and its columns in order with their specs.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File stem of the table (`mentions` is written as `mentions.parquet`).
    pub name: &'static str,
    /// Columns in output order.
    pub columns: Vec<(ColumnSpec, Values)>,
}

impl Table {
    /// Builds a table, checking that the values match the specs in type and length.
    ///
    /// # Panics
    /// When a column's values do not have the spec's type or the columns differ in length:
    /// both are programming errors in the table's builder.
    pub fn new(name: &'static str, specs: &[ColumnSpec], values: Vec<Values>) -> Self {
        assert_eq!(
            specs.len(),
            values.len(),
            "{name}: one value vector per column"
        );
        let height = values.first().map_or(0, Values::len);
        for (spec, v) in specs.iter().zip(&values) {
            assert_eq!(spec.ty, v.column_type(), "{name}.{}: type", spec.name);
            assert_eq!(v.len(), height, "{name}.{}: length", spec.name);
        }
        Self {
            name,
            columns: specs.iter().copied().zip(values).collect(),
        }
    }

    /// A table from a DataFrame that has (at least) the spec's columns.
    pub fn from_dataframe(
        name: &'static str,
        specs: &[ColumnSpec],
        df: &DataFrame,
    ) -> PolarsResult<Self> {
        let values = specs
            .iter()
            .map(|spec| values_of(df, spec))
            .collect::<PolarsResult<Vec<_>>>()?;
        Ok(Self::new(name, specs, values))
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| v.len())
    }

    /// The table as a polars DataFrame with the contract's types.
    pub fn to_dataframe(&self) -> PolarsResult<DataFrame> {
        let columns = self
            .columns
            .iter()
            .map(|(spec, values)| to_series(spec.name, values).map(Column::from))
            .collect::<PolarsResult<Vec<_>>>()?;
        DataFrame::new(self.height(), columns)
    }

    /// Writes `DIR/NAME.parquet` and `DIR/csv/NAME.csv`.
    pub fn write(&self, out_dir: &Path) -> Result<(), PipelineError> {
        let parquet_path = out_dir.join(format!("{}.parquet", self.name));
        let mut df = self
            .to_dataframe()
            .map_err(|source| PipelineError::Polars {
                path: parquet_path.clone(),
                source,
            })?;
        let file = File::create(&parquet_path).map_err(|source| PipelineError::Write {
            path: parquet_path.clone(),
            source,
        })?;
        let descriptions: Vec<(String, String)> = self
            .columns
            .iter()
            .map(|(spec, _)| {
                (
                    format!("description:{}", spec.name),
                    spec.description.to_owned(),
                )
            })
            .collect();
        ParquetWriter::new(BufWriter::new(file))
            .with_compression(ParquetCompression::Zstd(None))
            .with_key_value_metadata(Some(KeyValueMetadata::from_static(descriptions)))
            .finish(&mut df)
            .map_err(|source| PipelineError::Polars {
                path: parquet_path.clone(),
                source,
            })?;
        let csv_path = out_dir.join("csv").join(format!("{}.csv", self.name));
        self.write_csv(&csv_path)
            .map_err(|source| PipelineError::Csv {
                path: csv_path,
                source,
            })
    }

    /// A text rendering for review and snapshots: one block per row, one `column: value` line
    /// per non-empty value (lists as JSON arrays).
    pub fn to_text(&self) -> String {
        self.rows_to_text(|_| true)
    }

    /// Like [`Table::to_text`], for the rows whose index `keep` accepts.
    pub fn rows_to_text(&self, keep: impl Fn(usize) -> bool) -> String {
        let mut out = String::new();
        for i in (0..self.height()).filter(|&i| keep(i)) {
            out.push_str("---\n");
            for (spec, values) in &self.columns {
                let cell = values.csv_cell(i);
                if !cell.is_empty() && cell != "[]" {
                    out.push_str(&format!("{}: {cell}\n", spec.name));
                }
            }
        }
        out
    }

    /// The CSV text of column `name` at row `i`, if the column exists.
    pub fn cell(&self, name: &str, i: usize) -> Option<String> {
        self.columns
            .iter()
            .find(|(spec, _)| spec.name == name)
            .map(|(_, values)| values.csv_cell(i))
    }

    fn write_csv(&self, path: &Path) -> Result<(), csv::Error> {
        let mut writer = csv::Writer::from_path(path)?;
        writer.write_record(self.columns.iter().map(|(spec, _)| spec.name))?;
        for i in 0..self.height() {
            writer.write_record(self.columns.iter().map(|(_, v)| match v {
                Values::String(_) => spreadsheet_safe(v.csv_cell(i)),
                _ => v.csv_cell(i),
            }))?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// A text cell for the CSV mirrors: one that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which spreadsheets
/// show as text. Parquet keeps every value unaltered.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

fn to_series(name: &str, values: &Values) -> PolarsResult<Series> {
    let name = PlSmallStr::from(name);
    Ok(match values {
        Values::String(v) => Series::new(name, v),
        Values::UInt32(v) => Series::new(name, v),
        Values::Int32(v) => Series::new(name, v),
        Values::Float64(v) => Series::new(name, v),
        Values::Boolean(v) => Series::new(name, v),
        Values::Date(v) => {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
            let days: Vec<Option<i32>> = v
                .iter()
                .map(|d| d.map(|d| (d - epoch).num_days() as i32))
                .collect();
            Series::new(name, days).cast(&DataType::Date)?
        }
        Values::StringList(v) => {
            let values_capacity = v.iter().map(Vec::len).sum();
            let mut builder = ListStringChunkedBuilder::new(name, v.len(), values_capacity);
            for list in v {
                builder.append_values_iter(list.iter().map(String::as_str));
            }
            builder.finish().into_series()
        }
    })
}
