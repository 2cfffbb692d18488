//! The people and the tables of their fields (`person_values`, `conflicts`, `events`),
//! built a range of people at a time: each range's value rows and events are written away
//! before the next range is built, so that they are never all held (12M value rows at a
//! million people).

use std::time::Instant;

use defectors_clean::CleanedMention;
use defectors_model::Mention;
use defectors_resolve::{Agreement, Linked, Person, PersonValue};

use crate::table::{ROW_GROUP_ROWS, Table, TableFile};
use crate::{PipelineError, TableSink, schema};

/// People built at a time.
const PEOPLE_PER_RANGE: usize = 64 * 1024;

/// The people in id order and the tables of their fields.
pub(crate) struct PeopleTables {
    /// Every person, in id order.
    pub people: Vec<Person>,
    /// `person_values`.
    pub person_values: Table,
    /// `conflicts`.
    pub conflicts: Table,
    /// `events`.
    pub events: Table,
    /// Seconds spent building the people (resolution's work, not the tables').
    pub building: f64,
}

/// Builds the people of `linked` a range at a time and gives their value and event tables to
/// `sink`.
pub(crate) fn people_tables(
    linked: &Linked,
    (mentions, cleaned): (&[Mention], &[CleanedMention]),
    ids: &schema::RowIds,
    sink: &mut TableSink,
) -> Result<PeopleTables, PipelineError> {
    let count = linked.people_count();
    let mut people = Vec::with_capacity(count);
    let mut values = RowStream::new("person_values");
    let mut events = RowStream::new("events");
    // Conflicts are few (one row in 15) and the report reads them: held to the end.
    let mut conflicts: Vec<PersonValue> = Vec::new();
    let mut building = 0.0;
    let value_table = |rows: &[&PersonValue]| schema::person_values_table(rows, ids);
    let event_table = |rows: &[&defectors_resolve::Event]| schema::events_table(rows, ids);
    for start in (0..count).step_by(PEOPLE_PER_RANGE) {
        let clock = Instant::now();
        let range = start..(start + PEOPLE_PER_RANGE).min(count);
        let chunk = linked.people(range, mentions, cleaned);
        building += clock.elapsed().as_secs_f64();
        conflicts.extend(
            chunk
                .values
                .iter()
                .flatten()
                .filter(|v| v.agreement == Agreement::Conflict)
                .cloned(),
        );
        values.push(chunk.values.into_iter().flatten(), sink, &value_table)?;
        events.push(chunk.events.into_iter().flatten(), sink, &event_table)?;
        people.extend(chunk.people);
    }
    let person_values = values.finish(sink, &value_table)?;
    let events = events.finish(sink, &event_table)?;
    let conflict_rows: Vec<&PersonValue> = conflicts.iter().collect();
    let conflicts = sink.accept(schema::conflicts_table(&conflict_rows, ids))?;
    Ok(PeopleTables {
        people,
        person_values,
        conflicts,
        events,
        building,
    })
}

/// The rows of one record table arriving a few at a time: written a row group at a time
/// where the sink [streams](TableSink::streams) the table (the same file as a table
/// written whole), else held and given to the sink whole at the end.
struct RowStream<T> {
    name: &'static str,
    pending: Vec<T>,
    file: Option<TableFile>,
}

impl<T: Send> RowStream<T> {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            pending: Vec::new(),
            file: None,
        }
    }

    /// Adds `rows`, writing every full row group when the sink streams the table.
    fn push(
        &mut self,
        rows: impl IntoIterator<Item = T>,
        sink: &TableSink,
        build: &dyn Fn(&[&T]) -> Table,
    ) -> Result<(), PipelineError> {
        self.pending.extend(rows);
        if !sink.streams(self.name) {
            return Ok(());
        }
        while self.pending.len() >= ROW_GROUP_ROWS {
            let rest = self.pending.split_off(ROW_GROUP_ROWS);
            let group = std::mem::replace(&mut self.pending, rest);
            self.write(group, sink, build)?;
        }
        Ok(())
    }

    /// Writes `rows` as the next row group, then drops them on every core.
    fn write(
        &mut self,
        rows: Vec<T>,
        sink: &TableSink,
        build: &dyn Fn(&[&T]) -> Table,
    ) -> Result<(), PipelineError> {
        let table = build(&rows.iter().collect::<Vec<_>>());
        let file = match &mut self.file {
            Some(file) => file,
            None => {
                let dir = sink.dir.expect("only a sink with a folder streams");
                self.file.insert(TableFile::create(dir, &table)?)
            }
        };
        file.append(&table)?;
        crate::drop_in_parallel(rows);
        Ok(())
    }

    /// The table, given to `sink`: its last rows written and the file finished, or all its
    /// rows built into one table.
    fn finish(
        mut self,
        sink: &mut TableSink,
        build: &dyn Fn(&[&T]) -> Table,
    ) -> Result<Table, PipelineError> {
        if !sink.streams(self.name) {
            return sink.accept(build(&self.pending.iter().collect::<Vec<_>>()));
        }
        if self.file.is_none() || !self.pending.is_empty() {
            let rows = std::mem::take(&mut self.pending);
            self.write(rows, sink, build)?;
        }
        sink.written.push(self.name);
        self.file.expect("written above").finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use compact_str::CompactString;
    use defectors_resolve::{Event, EventKind};

    use super::*;

    fn event(n: usize) -> Event {
        Event {
            event_id: compact_str::format_compact!("p{n}:1"),
            person_id: compact_str::format_compact!("p{n}"),
            kind: EventKind::Defected,
            year_min: Some(1950 + (n % 40) as i32),
            year_max: Some(1950 + (n % 40) as i32),
            from_state: Some(CompactString::from("USSR")),
            place: Some(CompactString::from("France")),
            route: vec![CompactString::from("France")],
            chosen: true,
            members: vec![n % 2],
        }
    }

    /// Rows pushed in pieces that cross row groups give the files of the table written whole,
    /// Parquet included: the stream writes whole row groups only.
    #[test]
    fn rows_pushed_in_pieces_give_the_table_written_whole() {
        let (whole, streamed) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for dir in [&whole, &streamed] {
            std::fs::create_dir(dir.path().join("csv")).unwrap();
        }
        let events: Vec<Event> = (0..ROW_GROUP_ROWS + 5).map(event).collect();
        let mentions = ["s:1:0".to_owned(), "s:2:0".to_owned()];
        let sources: Vec<Arc<str>> = vec![Arc::from("s"), Arc::from("s")];
        let ids = schema::RowIds {
            mentions: &mentions,
            sources: &sources,
            people: &[],
        };
        let build = |rows: &[&Event]| schema::events_table(rows, &ids);
        build(&events.iter().collect::<Vec<_>>())
            .write(whole.path())
            .unwrap();
        let mut sink = TableSink::new(Some(streamed.path()));
        sink.expect_people(crate::explorer::EXPLORER_MAX_PEOPLE + 1);
        assert!(sink.streams("events"));
        let mut stream = RowStream::new("events");
        let mut rest = &events[..];
        for piece in [1000, ROW_GROUP_ROWS, 0] {
            let (now, later) = rest.split_at(piece.min(rest.len()));
            stream.push(now.iter().cloned(), &sink, &build).unwrap();
            rest = later;
        }
        stream.push(rest.iter().cloned(), &sink, &build).unwrap();
        let table = stream.finish(&mut sink, &build).unwrap();
        assert_eq!(table.height(), events.len());
        assert_eq!(sink.written, ["events"]);
        let read =
            |dir: &tempfile::TempDir, file: &str| std::fs::read(dir.path().join(file)).unwrap();
        for file in ["events.parquet", "csv/events.csv"] {
            assert!(
                read(&whole, file) == read(&streamed, file),
                "{file} differs"
            );
        }
    }
}
