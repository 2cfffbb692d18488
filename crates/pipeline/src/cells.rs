//! Compact text columns for the output tables: every cell of a column in one buffer, so a
//! table of a million rows holds a few large allocations instead of a million small ones.

use std::ops::Range;

/// Text cells in Arrow's layout (see [`TextCells::arrow_parts`]): the text, the offsets of
/// the cells' bounds in it, and which cells are present (`None` if all are).
pub type ArrowText<'a> = (&'a str, Vec<i64>, Option<Vec<bool>>);

/// The text cells of a column, each present or null, in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextCells {
    text: String,
    /// Where each cell ends in `text` (a null cell is empty).
    ends: Vec<usize>,
    /// Which cells are null.
    nulls: Vec<bool>,
}

impl TextCells {
    /// Appends a cell.
    pub fn push(&mut self, cell: Option<&str>) {
        self.text.push_str(cell.unwrap_or_default());
        self.ends.push(self.text.len());
        self.nulls.push(cell.is_none());
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no cell.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Cell `i` (`None` for a null).
    pub fn get(&self, i: usize) -> Option<&str> {
        if self.nulls[i] {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..self.ends[i]])
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Whether any cell is null.
    pub fn has_null(&self) -> bool {
        self.nulls.iter().any(|&n| n)
    }

    /// Cells `rows` in Arrow's layout: the text they span, the offsets of their bounds in it
    /// (one more than the cells, from 0), and which cells are present (`None` if all are).
    pub fn arrow_parts(&self, rows: Range<usize>) -> ArrowText<'_> {
        let bound = |i: usize| if i == 0 { 0 } else { self.ends[i - 1] };
        let (start, end) = (bound(rows.start), bound(rows.end));
        let offsets = std::iter::once(0)
            .chain(self.ends[rows.clone()].iter().map(|&e| (e - start) as i64))
            .collect();
        let nulls = &self.nulls[rows];
        let present = nulls
            .contains(&true)
            .then(|| nulls.iter().map(|&n| !n).collect());
        (&self.text[start..end], offsets, present)
    }
}

impl<'a> FromIterator<Option<&'a str>> for TextCells {
    fn from_iter<I: IntoIterator<Item = Option<&'a str>>>(cells: I) -> Self {
        let mut out = Self::default();
        cells.into_iter().for_each(|c| out.push(c));
        out
    }
}

/// The cells of a column of text lists (a list is never null), in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextLists {
    items: TextCells,
    /// Where each list ends in `items`.
    ends: Vec<usize>,
}

impl TextLists {
    /// Appends a list.
    pub fn push<S: AsRef<str>>(&mut self, list: impl IntoIterator<Item = S>) {
        for item in list {
            self.items.push(Some(item.as_ref()));
        }
        self.ends.push(self.items.len());
    }

    /// Number of lists.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no list.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The items of list `i`.
    pub fn get(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        (start..self.ends[i]).map(|j| self.items.get(j).unwrap_or_default())
    }

    /// The number of items of all lists.
    pub fn items(&self) -> usize {
        self.items.len()
    }

    /// Lists `rows` in Arrow's layout: the offsets of their bounds among their items (one
    /// more than the lists, from 0) and the items' [`TextCells::arrow_parts`].
    pub fn arrow_parts(&self, rows: Range<usize>) -> (Vec<i64>, ArrowText<'_>) {
        let bound = |i: usize| if i == 0 { 0 } else { self.ends[i - 1] };
        let (start, end) = (bound(rows.start), bound(rows.end));
        let offsets = std::iter::once(0)
            .chain(self.ends[rows].iter().map(|&e| (e - start) as i64))
            .collect();
        (offsets, self.items.arrow_parts(start..end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_values_nulls_and_empty_strings_apart() {
        let cells: TextCells = [Some("a"), None, Some(""), Some("bcd")]
            .into_iter()
            .collect();
        assert_eq!(cells.len(), 4);
        assert_eq!(
            cells.iter().collect::<Vec<_>>(),
            vec![Some("a"), None, Some(""), Some("bcd")]
        );
        assert!(cells.has_null());
    }

    #[test]
    fn lists_keep_their_items_and_empty_lists() {
        let mut lists = TextLists::default();
        lists.push(["x", "y"]);
        lists.push(Vec::<String>::new());
        lists.push(["z".to_owned()]);
        let got: Vec<Vec<&str>> = (0..lists.len()).map(|i| lists.get(i).collect()).collect();
        assert_eq!(got, vec![vec!["x", "y"], vec![], vec!["z"]]);
        assert_eq!(lists.items(), 3);
    }
}
