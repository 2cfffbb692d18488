//! Output columns declared once: name, nullability, description and how the value is read
//! from a record. The column type follows from the reader, so the two cannot disagree.
//! Parquet, CSV, `datapackage.json`, Parquet field metadata and the README tables all come
//! from these declarations.

use std::borrow::Cow;

use chrono::NaiveDate;

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

    /// The contract's spelling (`string`, `uint32`, `list<string>`, …).
    pub fn contract(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::UInt32 => "uint32",
            Self::Int32 => "int32",
            Self::Float64 => "float64",
            Self::Boolean => "bool",
            Self::Date => "date",
            Self::StringList => "list<string>",
        }
    }
}

/// The name, type, nullability, meaning and (for a categorical column) allowed values of one
/// output column.
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
    /// The allowed values of a categorical column (empty for any value).
    pub categories: &'static [&'static str],
}

impl ColumnSpec {
    /// A column without a fixed set of values.
    pub const fn new(
        name: &'static str,
        ty: ColumnType,
        nullable: bool,
        description: &'static str,
    ) -> Self {
        Self {
            name,
            ty,
            nullable,
            description,
            categories: &[],
        }
    }
}

/// How one column's value is read from a record of type `R`.
pub enum Getter<R> {
    /// Text (borrowed from the record where it can be).
    String(fn(&R) -> Option<Cow<'_, str>>),
    /// Text from a closed set (an enum's spelling).
    Category(fn(&R) -> Option<&'static str>, &'static [&'static str]),
    /// Unsigned integer.
    UInt32(fn(&R) -> Option<u32>),
    /// Signed integer.
    Int32(fn(&R) -> Option<i32>),
    /// Float.
    Float64(fn(&R) -> Option<f64>),
    /// Boolean.
    Boolean(fn(&R) -> Option<bool>),
    /// Date.
    Date(fn(&R) -> Option<NaiveDate>),
    /// List of text.
    StringList(fn(&R) -> Vec<&str>),
}

impl<R> Getter<R> {
    /// The column type this reader produces.
    pub fn column_type(&self) -> ColumnType {
        match self {
            Self::String(_) | Self::Category(..) => ColumnType::String,
            Self::UInt32(_) => ColumnType::UInt32,
            Self::Int32(_) => ColumnType::Int32,
            Self::Float64(_) => ColumnType::Float64,
            Self::Boolean(_) => ColumnType::Boolean,
            Self::Date(_) => ColumnType::Date,
            Self::StringList(_) => ColumnType::StringList,
        }
    }
}

/// One output column of a table whose rows are records of type `R`.
pub struct Column<R> {
    /// Column name, as in the contract.
    pub name: &'static str,
    /// Whether the column may hold nulls.
    pub nullable: bool,
    /// One sentence saying what the column holds.
    pub description: &'static str,
    /// How the value is read from a record.
    pub value: Getter<R>,
}

impl<R> Column<R> {
    /// A column that never holds a null.
    pub fn required(name: &'static str, description: &'static str, value: Getter<R>) -> Self {
        Self {
            name,
            nullable: false,
            description,
            value,
        }
    }

    /// A column that may hold nulls.
    pub fn optional(name: &'static str, description: &'static str, value: Getter<R>) -> Self {
        Self {
            name,
            nullable: true,
            description,
            value,
        }
    }

    /// The column's spec (its type from its reader).
    pub fn spec(&self) -> ColumnSpec {
        ColumnSpec {
            name: self.name,
            ty: self.value.column_type(),
            nullable: self.nullable,
            description: self.description,
            categories: match &self.value {
                Getter::Category(_, all) => all,
                _ => &[],
            },
        }
    }
}

/// A table's primary key and foreign keys, as `datapackage.json` declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys {
    /// The columns whose values identify a row.
    pub primary: &'static [&'static str],
    /// `(columns, other table, its columns)`: each value must be a row of the other table.
    pub foreign: &'static [(
        &'static [&'static str],
        &'static str,
        &'static [&'static str],
    )],
}
