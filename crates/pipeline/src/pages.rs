//! Parquet pages compressed with zstd through one compression context per thread.
//!
//! `polars_parquet::write::compress` creates a zstd context for every page, and creating one
//! runs the CPUID instruction, which traps to the hypervisor on a virtual machine: on this
//! machine that was 3% of a seeds build's CPU (BENCHMARKS.md, thirteenth session). The pages
//! are the same bytes: the same zstd call at the same level, on a context that is reused.

use std::cell::RefCell;

use polars::prelude::PolarsResult;
use polars_parquet::parquet::CowBuffer;
use polars_parquet::parquet::compression::Compression;
use polars_parquet::parquet::page::{
    CompressedDataPage, CompressedDictPage, CompressedPage, DataPageHeader, Page,
};
use polars_parquet::write::CompressionOptions;

thread_local! {
    /// This thread's zstd context at zstd's default level (see [`compress`]).
    static ZSTD: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

/// zstd's default level, which polars_parquet uses for `CompressionOptions::Zstd(None)`.
const ZSTD_DEFAULT_LEVEL: i32 = 0;

/// `page` compressed as `polars_parquet::write::compress(page, Vec::new(), compression)`
/// would compress it; zstd at its default level (format version 1 pages) goes through this
/// thread's context.
pub(crate) fn compress(
    page: Page,
    compression: CompressionOptions,
) -> PolarsResult<CompressedPage> {
    if compression != CompressionOptions::Zstd(None) {
        return Ok(polars_parquet::write::compress(
            page,
            Vec::new(),
            compression,
        )?);
    }
    match page {
        Page::Data(page) if matches!(page.header(), DataPageHeader::V1(_)) => {
            let buffer = zstd_bytes(page.buffer())?;
            let (header, size) = (page.header().clone(), page.buffer().len());
            let rows = page.num_rows.expect("a page being written knows its rows");
            Ok(CompressedPage::Data(CompressedDataPage::new(
                header,
                CowBuffer::Owned(buffer),
                Compression::Zstd,
                size,
                page.descriptor,
                rows,
            )))
        }
        Page::Dict(page) => Ok(CompressedPage::Dict(CompressedDictPage::new(
            CowBuffer::Owned(zstd_bytes(&page.buffer)?),
            Compression::Zstd,
            page.buffer.len(),
            page.num_values,
            page.is_sorted,
        ))),
        page => Ok(polars_parquet::write::compress(
            page,
            Vec::new(),
            compression,
        )?),
    }
}

/// `input` compressed by this thread's zstd context, in a buffer of zstd's bound for it (as
/// polars_parquet does).
fn zstd_bytes(input: &[u8]) -> std::io::Result<Vec<u8>> {
    ZSTD.with_borrow_mut(|context| {
        let context = match context {
            Some(context) => context,
            None => context.insert(zstd::bulk::Compressor::new(ZSTD_DEFAULT_LEVEL)?),
        };
        let mut out = vec![0; zstd::zstd_safe::compress_bound(input.len())];
        let written = context.compress_to_buffer(input, &mut out[..])?;
        out.truncate(written);
        Ok(out)
    })
}

#[cfg(test)]
mod tests {
    use polars_arrow::array::{Array, Utf8Array};
    use polars_arrow::datatypes::{ArrowDataType, ArrowSchema, Field};
    use polars_parquet::write::{
        Version, WriteOptions, array_to_columns, get_dtype_encoding, to_parquet_schema,
    };

    use super::*;

    /// The pages of a dictionary-encoded text column with nulls.
    fn pages(options: WriteOptions) -> Vec<Page> {
        // Enough varied text (2,003 texts in 20,000 rows) that zstd's levels give different bytes.
        let names: Vec<String> = (0..20_000u64)
            .map(|i| format!("{}-{}", i * 7919 % 2003, i * 7919 % 2003 * 31 % 977))
            .collect();
        let array = Utf8Array::<i64>::from_iter(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (i % 7 != 0).then_some(n.as_str())),
        );
        let field = Field::new("name".into(), ArrowDataType::LargeUtf8, true);
        let schema = ArrowSchema::from_iter([field.clone()]);
        let leaf = to_parquet_schema(&schema).expect("schema").fields()[0].clone();
        let encoding = get_dtype_encoding(&field.dtype);
        array_to_columns(array.boxed() as Box<dyn Array>, leaf, options, &encoding)
            .expect("columns")
            .into_iter()
            .flatten()
            .map(|page| page.expect("page"))
            .collect()
    }

    #[test]
    fn pages_are_the_bytes_polars_parquet_compresses() {
        let compression = CompressionOptions::Zstd(None);
        let options = WriteOptions {
            statistics: Default::default(),
            version: Version::V1,
            compression,
            data_page_size: None,
        };
        let theirs: Vec<_> = pages(options)
            .into_iter()
            .map(|p| polars_parquet::write::compress(p, Vec::new(), compression).expect("page"))
            .collect();
        // Twice: the second time through the thread's context as it was left.
        for _ in 0..2 {
            let ours: Vec<_> = pages(options)
                .into_iter()
                .map(|p| compress(p, compression).expect("page"))
                .collect();
            assert_eq!(ours.len(), theirs.len());
            assert!(ours.iter().any(|p| matches!(p, CompressedPage::Dict(_))));
            // Their debug text holds every field, the compressed bytes included.
            assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
        }
    }
}
