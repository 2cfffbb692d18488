//! Output tables: typed columns described once, written as Parquet (through polars) and as a
//! CSV mirror (list columns as JSON arrays, nulls as empty cells).

use std::borrow::Borrow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use defectors_model::schema::{Column as ColumnDecl, Getter};
use polars::prelude::*;
use polars_arrow::datatypes::{ArrowDataType, ArrowSchema};
use polars_parquet::write::{CompressedPage, ParquetType};
use rayon::prelude::*;

use crate::cells::{ArrowText, TextCells, TextLists};
use crate::error::PipelineError;
use crate::write_behind::WriteBehind;

/// The most rows of one Parquet row group (polars' own default): a table is converted for
/// Parquet one group at a time.
pub(crate) const ROW_GROUP_ROWS: usize = 256 * 1024;

pub use defectors_model::schema::{ColumnSpec, ColumnType, Keys};

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Text values.
    String(TextCells),
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
    StringList(TextLists),
}

impl Values {
    /// No values, of the same type.
    fn emptied(&self) -> Self {
        match self {
            Self::String(_) => Self::String(TextCells::default()),
            Self::UInt32(_) => Self::UInt32(Vec::new()),
            Self::Int32(_) => Self::Int32(Vec::new()),
            Self::Float64(_) => Self::Float64(Vec::new()),
            Self::Boolean(_) => Self::Boolean(Vec::new()),
            Self::Date(_) => Self::Date(Vec::new()),
            Self::StringList(_) => Self::StringList(TextLists::default()),
        }
    }

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

    /// Whether any value is null (a list is never null).
    fn has_null(&self) -> bool {
        match self {
            Self::String(v) => v.has_null(),
            Self::UInt32(v) => v.iter().any(Option::is_none),
            Self::Int32(v) => v.iter().any(Option::is_none),
            Self::Float64(v) => v.iter().any(Option::is_none),
            Self::Boolean(v) => v.iter().any(Option::is_none),
            Self::Date(v) => v.iter().any(Option::is_none),
            Self::StringList(_) => false,
        }
    }

    /// Writes the CSV mirror's cell of row `i` as the next field of `writer`:
    /// [`Values::csv_cell`], with text made [`spreadsheet_safe`]. Text, whole numbers and
    /// booleans go to the writer as they are; other cells are formatted in `scratch` first.
    fn write_csv_field(
        &self,
        i: usize,
        writer: &mut csv::Writer<Vec<u8>>,
        scratch: &mut Vec<u8>,
    ) -> csv::Result<()> {
        let mut digits = itoa::Buffer::new();
        match self {
            Self::String(v) => match v.get(i) {
                Some(text) if needs_quote_mark(text) => {
                    scratch.clear();
                    scratch.push(b'\'');
                    scratch.extend_from_slice(text.as_bytes());
                    writer.write_field(&*scratch)
                }
                text => writer.write_field(text.unwrap_or_default()),
            },
            Self::UInt32(v) => writer.write_field(v[i].map_or("", |n| digits.format(n))),
            Self::Int32(v) => writer.write_field(v[i].map_or("", |n| digits.format(n))),
            Self::Boolean(v) => writer.write_field(match v[i] {
                Some(true) => "true",
                Some(false) => "false",
                None => "",
            }),
            Self::Float64(_) | Self::Date(_) | Self::StringList(_) => {
                scratch.clear();
                self.write_cell(i, scratch);
                writer.write_field(&*scratch)
            }
        }
    }

    /// The CSV text of row `i`: empty for a null, a JSON array for a list.
    fn csv_cell(&self, i: usize) -> String {
        let mut out = Vec::new();
        self.write_cell(i, &mut out);
        String::from_utf8(out).expect("cells are text")
    }

    /// Appends the text of row `i` to `out` (see [`Values::csv_cell`]).
    fn write_cell(&self, i: usize, out: &mut Vec<u8>) {
        use std::io::Write;
        fn opt<T: std::fmt::Display>(out: &mut Vec<u8>, v: &Option<T>) {
            if let Some(v) = v {
                write!(out, "{v}").expect("writing to memory");
            }
        }
        match self {
            Self::String(v) => out.extend_from_slice(v.get(i).unwrap_or_default().as_bytes()),
            Self::UInt32(v) => opt(out, &v[i]),
            Self::Int32(v) => opt(out, &v[i]),
            Self::Float64(v) => {
                if let Some(x) = v[i] {
                    write_float(x, out);
                }
            }
            Self::Boolean(v) => opt(out, &v[i]),
            Self::Date(v) => opt(out, &v[i].map(|d| d.format("%Y-%m-%d"))),
            Self::StringList(v) => write_list_json(v, i, out),
        }
    }
}

/// Appends `x` as Rust's `Display` writes it (the shortest text that reads back as `x`,
/// never in exponent form). A number of at most three decimals, as the weights and scores
/// are rounded, is written from its integer thousandths without the float formatter.
fn write_float(x: f64, out: &mut Vec<u8>) {
    let thousandths = (x * 1000.0).round();
    // Below 10^15 thousandths every such number has at most 15 significant digits, so the
    // decimal text of `thousandths / 1000` is the shortest that reads back as `x`.
    let exact = thousandths.abs() < 1e15 && thousandths / 1000.0 == x;
    if !exact || (x == 0.0 && x.is_sign_negative()) {
        use std::io::Write;
        write!(out, "{x}").expect("writing to memory");
        return;
    }
    let q = thousandths as i64;
    if q < 0 {
        out.push(b'-');
    }
    let (whole, fraction) = (q.unsigned_abs() / 1000, q.unsigned_abs() % 1000);
    out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
    let digits = [fraction / 100, fraction / 10 % 10, fraction % 10].map(|d| b'0' + d as u8);
    if let Some(last) = digits.iter().rposition(|&d| d != b'0') {
        out.push(b'.');
        out.extend_from_slice(&digits[..=last]);
    }
}

/// The values `getter` reads from each row.
fn values_of_rows<R, T: Borrow<R>>(getter: &Getter<R>, rows: &[T]) -> Values {
    let each = rows.iter().map(Borrow::borrow);
    match getter {
        Getter::String(f) => {
            let mut cells = TextCells::default();
            each.for_each(|r| cells.push(f(r).as_deref()));
            Values::String(cells)
        }
        Getter::Category(f, _) => Values::String(each.map(f).collect()),
        Getter::UInt32(f) => Values::UInt32(each.map(f).collect()),
        Getter::Int32(f) => Values::Int32(each.map(f).collect()),
        Getter::Float64(f) => Values::Float64(each.map(f).collect()),
        Getter::Boolean(f) => Values::Boolean(each.map(f).collect()),
        Getter::Date(f) => Values::Date(each.map(f).collect()),
        Getter::StringList(f) => {
            let mut lists = TextLists::default();
            each.for_each(|r| lists.push(f(r)));
            Values::StringList(lists)
        }
    }
}

/// Values of one column of a DataFrame, converted to the spec's type.
fn values_of(df: &DataFrame, spec: &ColumnSpec) -> PolarsResult<Values> {
    let column = df.column(spec.name)?;
    Ok(match spec.ty {
        ColumnType::String => {
            Values::String(column.cast(&DataType::String)?.str()?.iter().collect())
        }
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

/// A table ready to write: its name, what a row is, its keys, and its columns in order with
/// their specs.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File stem of the table (`mentions` is written as `mentions.parquet`).
    pub name: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// Primary and foreign keys.
    pub keys: Keys,
    /// Columns in output order.
    pub columns: Vec<(ColumnSpec, Values)>,
    /// The number of rows, for a table whose rows were written out and dropped (see
    /// [`Table::drop_rows`]).
    dropped_rows: Option<usize>,
}

impl Table {
    /// A table of `rows` (records or references to them), each column read by its declared
    /// getter (the columns in parallel); `table` is the name and what a row is.
    pub fn from_rows<R, T: Borrow<R> + Sync>(
        table: (&'static str, &'static str),
        columns: &[ColumnDecl<R>],
        rows: &[T],
        keys: Keys,
    ) -> Self {
        Self {
            name: table.0,
            row: table.1,
            keys,
            columns: columns
                .par_iter()
                .map(|c| (c.spec(), values_of_rows(&c.value, rows)))
                .collect(),
            dropped_rows: None,
        }
    }

    /// A table from a DataFrame that has (at least) the specs' columns.
    pub fn from_dataframe(
        table: (&'static str, &'static str),
        specs: &[ColumnSpec],
        keys: Keys,
        df: &DataFrame,
    ) -> PolarsResult<Self> {
        let columns = specs
            .iter()
            .map(|spec| values_of(df, spec).map(|v| (*spec, v)))
            .collect::<PolarsResult<Vec<_>>>()?;
        Ok(Self {
            name: table.0,
            row: table.1,
            keys,
            columns,
            dropped_rows: None,
        })
    }

    /// Number of rows (also of a table whose rows were dropped).
    pub fn height(&self) -> usize {
        self.dropped_rows
            .unwrap_or_else(|| self.columns.first().map_or(0, |(_, v)| v.len()))
    }

    /// The table without its rows, once they are written: its name, keys, column specs and
    /// height stay (what `datapackage.json` describes).
    pub fn drop_rows(self) -> Self {
        Self {
            dropped_rows: Some(self.height()),
            ..self.clone_without_rows()
        }
    }

    /// The table's name, keys and column specs with no rows (height 0).
    fn clone_without_rows(&self) -> Self {
        Self {
            name: self.name,
            row: self.row,
            keys: self.keys,
            columns: self
                .columns
                .iter()
                .map(|(spec, values)| (*spec, values.emptied()))
                .collect(),
            dropped_rows: Some(0),
        }
    }

    /// Whether the rows were dropped (see [`Table::drop_rows`]).
    pub fn rows_dropped(&self) -> bool {
        self.dropped_rows.is_some()
    }

    /// The table as a polars DataFrame with the contract's types.
    pub fn to_dataframe(&self) -> PolarsResult<DataFrame> {
        self.rows_to_dataframe(0..self.height())
    }

    /// Rows `rows` of the table as a polars DataFrame.
    fn rows_to_dataframe(&self, rows: Range<usize>) -> PolarsResult<DataFrame> {
        let columns = self
            .columns
            .iter()
            .map(|(spec, values)| to_series(spec.name, values, rows.clone()).map(Column::from))
            .collect::<PolarsResult<Vec<_>>>()?;
        DataFrame::new(rows.len(), columns)
    }

    /// Writes `DIR/NAME.parquet` and `DIR/csv/NAME.csv` (see [`TableFile`]).
    pub fn write(&self, out_dir: &Path) -> Result<(), PipelineError> {
        debug_assert!(
            !self.rows_dropped(),
            "a table whose rows were dropped is written"
        );
        let mut file = TableFile::create(out_dir, self)?;
        file.append(self)?;
        file.finish().map(drop)
    }

    /// The Arrow schema written into the Parquet file: large strings and large lists (which
    /// every Arrow reader converts, pandas included; polars' string views it does not), each
    /// field with its `description` metadata, required columns non-nullable.
    fn arrow_schema(&self, df: &DataFrame) -> ArrowSchema {
        use polars_arrow::datatypes::{Field, Metadata};
        self.columns
            .iter()
            .zip(df.columns())
            .map(|((spec, _), column)| {
                let dtype = column.dtype().to_arrow(CompatLevel::oldest());
                let metadata: Metadata = [("description".into(), spec.description.into())]
                    .into_iter()
                    .collect();
                let field =
                    Field::new(spec.name.into(), dtype, spec.nullable).with_metadata(metadata);
                (field.name.clone(), field)
            })
            .collect()
    }

    /// Checks that no required column holds a null (Parquet would refuse it).
    fn check_required(&self) -> PolarsResult<()> {
        for (spec, values) in &self.columns {
            if !spec.nullable && values.has_null() {
                polars_bail!(ComputeError: "{}.{}: a required column holds a null", self.name, spec.name);
            }
        }
        Ok(())
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

    /// Writes the CSV text of the rows to `out`, in blocks of `CSV_BLOCK_ROWS` rows formatted
    /// in parallel `CSV_BLOCKS_AT_ONCE` at a time, so that the text of a whole chunk (about
    /// 100 MB for the mentions at a million people) is never held at once.
    fn write_csv(&self, out: &mut impl std::io::Write) -> Result<(), csv::Error> {
        let starts: Vec<usize> = (0..self.height()).step_by(CSV_BLOCK_ROWS).collect();
        for batch in starts.chunks(CSV_BLOCKS_AT_ONCE) {
            let blocks: Vec<Vec<u8>> = batch
                .par_iter()
                .map(|&start| {
                    let rows = start..(start + CSV_BLOCK_ROWS).min(self.height());
                    let mut writer = csv::Writer::from_writer(Vec::new());
                    self.write_csv_rows(rows, &mut writer)?;
                    writer.into_inner().map_err(|e| e.into_error().into())
                })
                .collect::<Result<_, csv::Error>>()?;
            for block in blocks {
                out.write_all(&block)?;
            }
        }
        Ok(())
    }

    /// Appends rows `rows` to a CSV writer.
    fn write_csv_rows(
        &self,
        rows: Range<usize>,
        writer: &mut csv::Writer<Vec<u8>>,
    ) -> Result<(), csv::Error> {
        let mut scratch = Vec::new();
        for i in rows {
            for (_, values) in &self.columns {
                values.write_csv_field(i, writer, &mut scratch)?;
            }
            writer.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }
}

/// The rows of one block of CSV text, formatted as one task (see [`Table::write_csv`]).
const CSV_BLOCK_ROWS: usize = 16 * 1024;
/// The blocks of CSV text formatted and held at once (see [`Table::write_csv`]).
const CSV_BLOCKS_AT_ONCE: usize = 4;

/// A table being written one chunk of rows at a time, so that a large table is never held
/// whole: `DIR/NAME.parquet` (zstd, row groups of at most `ROW_GROUP_ROWS` rows, the schema of
/// [`Table::arrow_schema`] and a `description:COLUMN` key-value entry per column) and
/// `DIR/csv/NAME.csv`, both written behind (see `write_behind.rs`). Each chunk is a [`Table`]
/// of the same columns.
pub struct TableFile {
    /// The table without rows, counting the rows written.
    written: Table,
    parquet: polars_parquet::write::FileWriter<BufWriter<WriteBehind>>,
    schema: ArrowSchema,
    /// The Parquet types of the schema's fields.
    leaves: Vec<ParquetType>,
    csv: BufWriter<WriteBehind>,
    parquet_path: std::path::PathBuf,
    csv_path: std::path::PathBuf,
}

impl TableFile {
    /// Creates both files for tables of `like`'s columns and writes the CSV header.
    pub fn create(out_dir: &Path, like: &Table) -> Result<Self, PipelineError> {
        use polars_parquet::write::FileWriter;
        let parquet_path = out_dir.join(format!("{}.parquet", like.name));
        let csv_path = out_dir.join("csv").join(format!("{}.csv", like.name));
        let polars_error = |source| PipelineError::Polars {
            path: parquet_path.clone(),
            source,
        };
        let schema = like.arrow_schema(&like.rows_to_dataframe(0..0).map_err(polars_error)?);
        let file = File::create(&parquet_path).map_err(|source| PipelineError::Write {
            path: parquet_path.clone(),
            source,
        })?;
        let file = BufWriter::new(WriteBehind::new(file));
        let parquet =
            FileWriter::try_new(file, schema.clone(), write_options()).map_err(polars_error)?;
        let leaves = polars_parquet::write::to_parquet_schema(&schema)
            .map_err(polars_error)?
            .fields()
            .to_vec();
        let csv_error = |source| PipelineError::Csv {
            path: csv_path.clone(),
            source,
        };
        let mut header = csv::Writer::from_writer(Vec::new());
        header
            .write_record(like.columns.iter().map(|(spec, _)| spec.name))
            .map_err(csv_error)?;
        let header = header
            .into_inner()
            .map_err(|e| csv_error(e.into_error().into()))?;
        let mut csv = File::create(&csv_path)
            .map(|file| BufWriter::new(WriteBehind::new(file)))
            .map_err(|e| csv_error(e.into()))?;
        csv.write_all(&header).map_err(|e| csv_error(e.into()))?;
        Ok(Self {
            written: like.clone_without_rows(),
            parquet,
            schema,
            leaves,
            csv,
            parquet_path,
            csv_path,
        })
    }

    /// Appends the rows of `chunk` to both files (the two at once).
    pub fn append(&mut self, chunk: &Table) -> Result<(), PipelineError> {
        let Self {
            parquet,
            schema,
            leaves,
            csv,
            parquet_path,
            csv_path,
            ..
        } = self;
        let (in_parquet, in_csv) = rayon::join(
            || {
                chunk.check_required()?;
                append_row_groups(parquet, (schema, leaves), chunk)
            },
            || chunk.write_csv(csv),
        );
        in_parquet.map_err(|source| PipelineError::Polars {
            path: parquet_path.clone(),
            source,
        })?;
        in_csv.map_err(|source| PipelineError::Csv {
            path: csv_path.clone(),
            source,
        })?;
        let rows = self.written.height() + chunk.height();
        self.written.dropped_rows = Some(rows);
        Ok(())
    }

    /// Ends both files; returns the table without its rows (see [`Table::drop_rows`]).
    pub fn finish(mut self) -> Result<Table, PipelineError> {
        use polars_parquet::write::{KeyValue, schema_to_metadata_key};
        let mut metadata = vec![schema_to_metadata_key(&self.schema)];
        metadata.extend(self.written.columns.iter().map(|(spec, _)| KeyValue {
            key: format!("description:{}", spec.name),
            value: Some(spec.description.to_owned()),
        }));
        self.parquet
            .end(Some(metadata))
            .map_err(|source| PipelineError::Polars {
                path: self.parquet_path.clone(),
                source,
            })?;
        self.csv.flush().map_err(|source| PipelineError::Csv {
            path: self.csv_path.clone(),
            source: source.into(),
        })?;
        Ok(self.written)
    }
}

/// The Parquet writing options: zstd, format version 1, default statistics.
fn write_options() -> polars_parquet::write::WriteOptions {
    use polars_parquet::write::{CompressionOptions, StatisticsOptions, Version, WriteOptions};
    WriteOptions {
        statistics: StatisticsOptions::default(),
        version: Version::V1,
        compression: CompressionOptions::Zstd(None),
        data_page_size: None,
    }
}

/// Writes `chunk` as row groups of at most `ROW_GROUP_ROWS` rows, each converted on its own.
fn append_row_groups(
    file: &mut polars_parquet::write::FileWriter<BufWriter<WriteBehind>>,
    (schema, leaves): (&ArrowSchema, &[ParquetType]),
    chunk: &Table,
) -> PolarsResult<()> {
    use polars_parquet::write::{DynIter, DynStreamingIterator, fallible_streaming_iterator};
    for start in (0..chunk.height()).step_by(ROW_GROUP_ROWS) {
        let rows = start..(start + ROW_GROUP_ROWS).min(chunk.height());
        let columns = compressed_columns((schema, leaves), chunk, rows.clone())?;
        let group = DynIter::new(columns.iter().map(|pages| {
            Ok(DynStreamingIterator::new(
                fallible_streaming_iterator::convert(pages.iter().map(Ok)),
            ))
        }));
        file.write(rows.len() as u64, group)?;
    }
    Ok(())
}

/// Rows `rows` of `chunk` as Parquet pages, encoded and compressed one column per task: the
/// pages of each leaf column of `leaves`, in order.
fn compressed_columns(
    (schema, leaves): (&ArrowSchema, &[ParquetType]),
    chunk: &Table,
    rows: Range<usize>,
) -> PolarsResult<Vec<Vec<CompressedPage>>> {
    use polars_parquet::write::{array_to_columns, get_dtype_encoding};
    let options = write_options();
    let columns: Vec<Vec<Vec<CompressedPage>>> = chunk
        .columns
        .par_iter()
        .zip(schema.iter_values().collect::<Vec<_>>())
        .zip(leaves)
        .map(|(((_, values), field), leaf)| {
            let array = to_arrow(values, rows.clone(), &field.dtype)?;
            let encoding = get_dtype_encoding(&field.dtype);
            array_to_columns(array, leaf.clone(), options, &encoding)?
                .into_iter()
                .map(|pages| {
                    pages
                        .map(|page| crate::pages::compress(page?, options.compression))
                        .collect()
                })
                .collect()
        })
        .collect::<PolarsResult<_>>()?;
    Ok(columns.into_iter().flatten().collect())
}

/// Rows `rows` of a column as an Arrow array of `dtype`, the column's type in the Parquet
/// file's Arrow schema (large strings, large lists of large strings, 32-bit dates).
fn to_arrow(
    values: &Values,
    rows: Range<usize>,
    dtype: &ArrowDataType,
) -> PolarsResult<Box<dyn polars_arrow::array::Array>> {
    use polars_arrow::array::{BooleanArray, ListArray, PrimitiveArray, Utf8Array};
    let text = |(text, offsets, present): ArrowText, dtype| {
        Utf8Array::<i64>::try_new(
            dtype,
            offsets.try_into()?,
            text.as_bytes().to_vec().into(),
            present.map(|p| p.into_iter().collect()),
        )
    };
    Ok(match values {
        Values::String(v) => text(v.arrow_parts(rows), dtype.clone())?.boxed(),
        Values::UInt32(v) => PrimitiveArray::from(&v[rows]).boxed(),
        Values::Int32(v) => PrimitiveArray::from(&v[rows]).boxed(),
        Values::Float64(v) => PrimitiveArray::from(&v[rows]).boxed(),
        Values::Boolean(v) => BooleanArray::from(&v[rows]).boxed(),
        Values::Date(v) => {
            let days: Vec<Option<i32>> = v[rows].iter().map(|d| d.map(days_since_epoch)).collect();
            PrimitiveArray::from(days).to(dtype.clone()).boxed()
        }
        Values::StringList(v) => {
            let ArrowDataType::LargeList(item) = dtype else {
                polars_bail!(ComputeError: "a list column of type {dtype:?}");
            };
            let (offsets, items) = v.arrow_parts(rows);
            let items = text(items, item.dtype.clone())?.boxed();
            ListArray::<i64>::try_new(dtype.clone(), offsets.try_into()?, items, None)?.boxed()
        }
    })
}

/// The days from 1970-01-01 to `date` (Arrow's and Parquet's dates).
fn days_since_epoch(date: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    (date - epoch).num_days() as i32
}

/// A text cell for the CSV mirrors: one that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which spreadsheets
/// show as text. Parquet keeps every value unaltered.
pub fn spreadsheet_safe(cell: String) -> String {
    if needs_quote_mark(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// Appends list `i` of `lists` to `out` as a JSON array of strings.
fn write_list_json(lists: &TextLists, i: usize, out: &mut Vec<u8>) {
    use serde::Serializer;
    serde_json::Serializer::new(out)
        .collect_seq(lists.get(i))
        .expect("strings serialise");
}

/// Whether a spreadsheet would run `cell` as a formula (see [`spreadsheet_safe`]).
fn needs_quote_mark(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn to_series(name: &str, values: &Values, rows: Range<usize>) -> PolarsResult<Series> {
    let name = PlSmallStr::from(name);
    Ok(match values {
        Values::String(v) => Series::new(name, rows.map(|i| v.get(i)).collect::<Vec<_>>()),
        Values::UInt32(v) => Series::new(name, &v[rows]),
        Values::Int32(v) => Series::new(name, &v[rows]),
        Values::Float64(v) => Series::new(name, &v[rows]),
        Values::Boolean(v) => Series::new(name, &v[rows]),
        Values::Date(v) => {
            let days: Vec<Option<i32>> = v[rows].iter().map(|d| d.map(days_since_epoch)).collect();
            Series::new(name, days).cast(&DataType::Date)?
        }
        Values::StringList(v) => {
            let mut builder = ListStringChunkedBuilder::new(name, rows.len(), v.items());
            for i in rows {
                builder.append_values_iter(v.get(i));
            }
            builder.finish().into_series()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(xs: &[i32]) -> Table {
        Table::from_dataframe(
            ("t", "a row"),
            &[ColumnSpec::new("x", ColumnType::Int32, false, "a number")],
            Keys {
                primary: &["x"],
                foreign: &[],
            },
            &df!("x" => xs).unwrap(),
        )
        .unwrap()
    }

    fn float_text(x: f64) -> String {
        let mut out = Vec::new();
        write_float(x, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats_are_written_as_display_writes_them() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            -0.001,
            0.1,
            1e-7,
            1e20,
            999_999_999_999.999,
            f64::NAN,
        ];
        for x in edges
            .into_iter()
            .chain([f64::INFINITY, f64::MIN_POSITIVE, 4.939, 10.781])
        {
            assert_eq!(float_text(x), x.to_string(), "{x:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_float_is_written_as_display_writes_it(
            bits in proptest::num::u64::ANY,
            thousandths in -10_000_000_000_000_000i64..10_000_000_000_000_000,
        ) {
            let rounded = thousandths as f64 / 1000.0;
            proptest::prop_assert_eq!(float_text(rounded), rounded.to_string());
            let any = f64::from_bits(bits);
            proptest::prop_assert_eq!(float_text(any), any.to_string());
        }
    }

    #[test]
    fn a_table_written_in_chunks_is_the_table_written_whole() {
        let (whole, chunked) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for dir in [&whole, &chunked] {
            std::fs::create_dir(dir.path().join("csv")).unwrap();
        }
        numbers(&[1, 2, 3, 4, 5]).write(whole.path()).unwrap();
        let mut file = TableFile::create(chunked.path(), &numbers(&[])).unwrap();
        for chunk in [&[1, 2][..], &[], &[3, 4, 5]] {
            file.append(&numbers(chunk)).unwrap();
        }
        let written = file.finish().unwrap();
        assert_eq!(written.height(), 5);
        assert!(written.rows_dropped());
        let read =
            |dir: &tempfile::TempDir, file: &str| std::fs::read(dir.path().join(file)).unwrap();
        assert_eq!(read(&whole, "csv/t.csv"), read(&chunked, "csv/t.csv"));
        for dir in [&whole, &chunked] {
            let mut parquet = File::open(dir.path().join("t.parquet")).unwrap();
            let metadata = polars_parquet::read::read_metadata(&mut parquet).unwrap();
            assert_eq!(metadata.num_rows, 5);
        }
    }

    #[test]
    fn csv_fields_are_the_cells_of_every_type() {
        let mut lists = TextLists::default();
        for list in [&["a \"q\"", "b,c"][..], &[], &["=x"]] {
            lists.push(list);
        }
        let columns = [
            Values::String([Some("=1+1"), None, Some("a,b")].into_iter().collect()),
            Values::UInt32(vec![Some(4_294_967_295), None, Some(0)]),
            Values::Int32(vec![Some(-2_147_483_648), Some(7), None]),
            Values::Float64(vec![Some(0.5), None, Some(2.0)]),
            Values::Boolean(vec![Some(true), Some(false), None]),
            Values::Date(vec![NaiveDate::from_ymd_opt(1961, 8, 13), None, None]),
            Values::StringList(lists),
        ];
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut scratch = Vec::new();
        for i in 0..3 {
            for values in &columns {
                values
                    .write_csv_field(i, &mut writer, &mut scratch)
                    .unwrap();
            }
            writer.write_record(None::<&[u8]>).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let expected = concat!(
            "'=1+1,4294967295,-2147483648,0.5,true,1961-08-13,\"[\"\"a \\\"\"q\\\"\"\"\",\"\"b,c\"\"]\"\n",
            ",,7,,false,,[]\n",
            "\"a,b\",0,,2,,,\"[\"\"=x\"\"]\"\n",
        );
        assert_eq!(text, expected);
        // The same cells as the text rendering, but for the spreadsheet quote mark.
        assert_eq!(columns[0].csv_cell(0), "=1+1");
        assert_eq!(columns[6].csv_cell(0), r#"["a \"q\"","b,c"]"#);
    }

    #[test]
    fn arrow_arrays_are_the_ones_polars_exports() {
        let date = |d| NaiveDate::from_ymd_opt(1961, 8, d);
        let mut lists = TextLists::default();
        for list in [&["a", "b"][..], &[], &["c"], &["", "d"]] {
            lists.push(list);
        }
        let columns = [
            Values::String(
                [Some("x"), None, Some(""), Some("yz")]
                    .into_iter()
                    .collect(),
            ),
            Values::UInt32(vec![Some(1), None, Some(3), Some(4)]),
            Values::Int32(vec![Some(-1), Some(2), None, Some(4)]),
            Values::Float64(vec![Some(0.5), None, Some(1.5), Some(2.0)]),
            Values::Boolean(vec![Some(true), Some(false), None, Some(true)]),
            Values::Date(vec![date(13), None, date(1), date(31)]),
            Values::StringList(lists),
        ];
        for values in &columns {
            for rows in [0..4, 1..3, 2..2] {
                let series = to_series("c", values, rows.clone()).unwrap();
                let expected = series.to_arrow(0, CompatLevel::oldest());
                let actual = to_arrow(values, rows.clone(), expected.dtype()).unwrap();
                assert_eq!(actual.as_ref(), expected.as_ref(), "{values:?} {rows:?}");
            }
        }
    }

    #[test]
    fn a_table_without_its_rows_keeps_its_height_and_columns() {
        let table = numbers(&[1, 2, 3]);
        let dropped = table.clone().drop_rows();
        assert!(!table.rows_dropped());
        assert!(dropped.rows_dropped());
        assert_eq!(dropped.height(), 3);
        assert_eq!(dropped.columns[0].0, table.columns[0].0);
        assert_eq!(dropped.columns[0].1.len(), 0);
    }
}
