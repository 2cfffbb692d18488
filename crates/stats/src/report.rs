//! The statistical report: `report.md` (with the charts as separate SVG files) and a
//! self-contained `report.html` (charts inline, no network).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use polars::prelude::*;

use crate::StatsError;
use crate::aggregates::CATEGORIES;
use crate::charts::{Layout, Series, bar_chart};

/// What the report says about the sources and the build, besides the people.
pub struct ReportContext {
    /// Each source, as the manifest describes it.
    pub sources: Vec<SourceNote>,
    /// Number of mentions read.
    pub mentions: usize,
    /// Number of people whose chosen status is not defector (left out).
    pub not_defectors: usize,
    /// Conflicting fields: (field, number of people).
    pub conflicts_by_field: Vec<(String, usize)>,
    /// Number of warnings of the build.
    pub warnings: usize,
}

/// A source as the report lists it (manifest text, shown escaped).
#[derive(Debug, Clone, Default)]
pub struct SourceNote {
    /// The source id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its licence.
    pub license: String,
    /// Its address (shown only when it is an http(s) URL).
    pub url: String,
    /// What it covers and leaves out (`stops in 1960`), if the manifest says.
    pub coverage: Option<String>,
}

/// The report: markdown, html, and the charts (file name, SVG).
pub struct Report {
    /// `report.md`.
    pub markdown: String,
    /// `report.html`.
    pub html: String,
    /// Charts as (file name, SVG document).
    pub charts: Vec<(String, String)>,
}

fn strings(df: &DataFrame, column: &str) -> PolarsResult<Vec<Option<String>>> {
    let c = df.column(column)?.cast(&DataType::String)?;
    Ok(c.str()?.iter().map(|v| v.map(str::to_owned)).collect())
}

fn counts(df: &DataFrame, column: &str) -> PolarsResult<Vec<u32>> {
    let c = df.column(column)?.cast(&DataType::UInt32)?;
    Ok(c.u32()?.iter().map(|v| v.unwrap_or(0)).collect())
}

fn get<'a>(aggregates: &'a [(&'static str, DataFrame)], name: &str) -> &'a DataFrame {
    &aggregates
        .iter()
        .find(|(n, _)| *n == name)
        .expect("every aggregate is computed")
        .1
}

fn pct(n: u32, total: usize) -> String {
    format!("{:.1}%", 100.0 * n as f64 / total.max(1) as f64)
}

fn label(value: &Option<String>, none: &str) -> String {
    value.clone().unwrap_or_else(|| none.to_owned())
}

/// Builds the report from the people and their aggregates.
pub fn build_report(
    people: &DataFrame,
    aggregates: &[(&'static str, DataFrame)],
    context: &ReportContext,
) -> Result<Report, StatsError> {
    let n = people.height();
    let mut charts: Vec<(String, String, String)> = Vec::new(); // (file, title, svg)

    // Decades stacked by profession.
    let cross = get(aggregates, "decade_by_profession");
    let decades: Vec<String> = strings(cross, "decade")?
        .iter()
        .map(|d| d.as_ref().map_or("no year".to_owned(), |d| format!("{d}s")))
        .collect();
    let series: Vec<Series> = CATEGORIES
        .iter()
        .map(|c| {
            Ok(Series {
                name: (*c).to_owned(),
                values: counts(cross, c)?,
            })
        })
        .collect::<PolarsResult<Vec<_>>>()?
        .into_iter()
        .filter(|s| s.values.iter().any(|v| *v > 0))
        .collect();
    charts.push((
        "decades.svg".into(),
        "Defectors per decade, by profession".into(),
        bar_chart(
            "Defectors per decade, by profession",
            "people",
            &decades,
            &series,
            Layout::Stacked,
        )?,
    ));

    // Destinations: first vs final, top 12.
    let dest = get(aggregates, "by_destination");
    let names = strings(dest, "destination")?;
    let take = names.len().min(12);
    let dest_labels: Vec<String> = names[..take].iter().map(|d| label(d, "?")).collect();
    let first = counts(dest, "as_first")?;
    let last = counts(dest, "as_final")?;
    charts.push((
        "destinations.svg".into(),
        "Top destinations: first refuge and final country".into(),
        bar_chart(
            "Top destinations: first refuge and final country",
            "people",
            &dest_labels,
            &[
                Series {
                    name: "first destination".into(),
                    values: first[..take].to_vec(),
                },
                Series {
                    name: "final destination".into(),
                    values: last[..take].to_vec(),
                },
            ],
            Layout::Grouped,
        )?,
    ));

    // Agencies over time.
    let agency = strings(people, "agency")?;
    let decade = strings(people, "decade")?;
    let mut by_agency_decade: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut agency_decades: Vec<String> = Vec::new();
    for (a, d) in agency.iter().zip(&decade) {
        if let (Some(a), Some(d)) = (a, d) {
            *by_agency_decade
                .entry(a.clone())
                .or_default()
                .entry(d.clone())
                .or_insert(0) += 1;
            if !agency_decades.contains(d) {
                agency_decades.push(d.clone());
            }
        }
    }
    agency_decades.sort();
    let agency_series: Vec<Series> = by_agency_decade
        .iter()
        .map(|(a, per)| Series {
            name: a.clone(),
            values: agency_decades
                .iter()
                .map(|d| per.get(d).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    let agency_labels: Vec<String> = agency_decades.iter().map(|d| format!("{d}s")).collect();
    charts.push((
        "agencies.svg".into(),
        "Intelligence and security agencies over time".into(),
        bar_chart(
            "Agencies over time",
            "people",
            &agency_labels,
            &agency_series,
            Layout::Stacked,
        )?,
    ));

    // Origins.
    let origin = get(aggregates, "by_origin");
    let origin_labels: Vec<String> = strings(origin, "origin")?
        .iter()
        .map(|o| label(o, "unknown"))
        .collect();
    charts.push((
        "origins.svg".into(),
        "State defected from".into(),
        bar_chart(
            "State defected from",
            "people",
            &origin_labels,
            &[Series {
                name: "people".into(),
                values: counts(origin, "defectors")?,
            }],
            Layout::Stacked,
        )?,
    ));

    // Source coverage.
    let coverage = get(aggregates, "source_coverage");
    let n_sources = counts(coverage, "n_sources")?;
    let coverage_people = counts(coverage, "defectors")?;
    let mut per_count: BTreeMap<u32, u32> = BTreeMap::new();
    for (k, p) in n_sources.iter().zip(&coverage_people) {
        *per_count.entry(*k).or_insert(0) += p;
    }
    let single = per_count.get(&1).copied().unwrap_or(0);
    charts.push((
        "coverage.svg".into(),
        "How many sources name each person".into(),
        bar_chart(
            "How many sources name each person",
            "people",
            &per_count
                .keys()
                .map(|k| format!("{k} source{}", if *k == 1 { "" } else { "s" }))
                .collect::<Vec<_>>(),
            &[Series {
                name: "people".into(),
                values: per_count.values().copied().collect(),
            }],
            Layout::Stacked,
        )?,
    ));

    // Headline figures.
    let by_decade = get(aggregates, "by_decade");
    let top_decade = strings(by_decade, "decade")?
        .into_iter()
        .zip(counts(by_decade, "defectors")?)
        .filter(|(d, _)| d.is_some())
        .max_by_key(|(d, c)| (*c, std::cmp::Reverse(d.clone())));
    let by_profession = get(aggregates, "by_profession");
    let top_profession = strings(by_profession, "profession_category")?
        .into_iter()
        .zip(counts(by_profession, "defectors")?)
        .next();
    let conflicted: usize = context.conflicts_by_field.iter().map(|(_, n)| n).sum();

    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Soviet and Eastern Bloc defectors named in the sources\n"
    );
    let _ = writeln!(md, "{}", what_is_counted(&context.sources));
    let _ = writeln!(md, "## Headline figures\n");
    let _ = writeln!(
        md,
        "- **{n}** people named as defectors, from {} mentions in {} sources ({} more people are named only as *not* defectors).",
        context.mentions,
        context.sources.len(),
        context.not_defectors
    );
    if let Some((Some(d), c)) = &top_decade {
        let _ = writeln!(
            md,
            "- Most named decade: the **{d}s** ({c} people, {}).",
            pct(*c, n)
        );
    }
    if let Some((Some(p), c)) = &top_profession {
        let _ = writeln!(
            md,
            "- Largest profession category: **{p}** ({c} people, {}).",
            pct(*c, n)
        );
    }
    if let Some(d) = dest_labels.first() {
        let _ = writeln!(
            md,
            "- Most common destination (first or final): **{d}** ({} people).",
            counts(dest, "defectors")?.first().copied().unwrap_or(0)
        );
    }
    let _ = writeln!(
        md,
        "- **{single}** people ({}) rest on one source only; {} are named by two or more.",
        pct(single, n),
        n as u32 - single
    );
    let _ = writeln!(
        md,
        "- Sources disagree on **{conflicted}** person-fields (see below and `conflicts`).\n"
    );

    for (file, title, _) in &charts {
        let _ = writeln!(md, "## {title}\n\n![{title}](charts/{file})\n");
        if file == "coverage.svg" {
            let _ = writeln!(md, "| sources | people | share |\n|---|---:|---:|");
            for ((s, _), p) in strings(coverage, "sources")?
                .iter()
                .zip(&n_sources)
                .zip(&coverage_people)
            {
                let _ = writeln!(md, "| {} | {p} | {} |", label(s, "?"), pct(*p, n));
            }
            let _ = writeln!(
                md,
                "\n**Agreement.** Fields the sources disagree on, by number of people:\n\n| field | people |\n|---|---:|"
            );
            for (field, count) in &context.conflicts_by_field {
                let _ = writeln!(md, "| {field} | {count} |");
            }
            md.push('\n');
        }
    }

    let _ = writeln!(md, "## Method\n");
    let _ = writeln!(
        md,
        "- **Sources.** Each document is kept byte for byte with its checksum; every figure \
         traces back to a source and line (`mentions`)."
    );
    let _ = writeln!(
        md,
        "- **People.** Mentions of one person across sources and spellings (transliterations, gendered surname forms, Cyrillic) are merged by a Fellegi–Sunter model with hard constraints; every merge is in `match_evidence`, curated corrections in `data/reference/overrides.csv`."
    );
    let _ = writeln!(
        md,
        "- **Disagreements.** Where sources disagree, the value most sources give is chosen, then a person's own mention over a companion's row, then source priority (table > encyclopedia > timeline), then the earliest year or first mention; every value with its sources is in `conflicts`. A person named as a defector by any source is counted; a source saying otherwise is a `status` conflict."
    );
    let _ = writeln!(
        md,
        "- **Counts.** A person counts once, in the decade of the chosen year; a person without a year is in the `no year` group. Destinations: the first country of refuge and the final country; transit countries are not counted."
    );
    let _ = writeln!(
        md,
        "- **Build.** {} warnings (see `diagnostics`).\n",
        context.warnings
    );
    let _ = writeln!(md, "## Sources\n");
    for source in &context.sources {
        let _ = writeln!(md, "{}", source_line(source));
    }

    let html = to_html(&md, &charts);
    Ok(Report {
        markdown: md,
        html,
        charts: charts.into_iter().map(|(f, _, svg)| (f, svg)).collect(),
    })
}

/// The paragraph on what the figures count, with each source's coverage note.
fn what_is_counted(sources: &[SourceNote]) -> String {
    let notes: Vec<String> = sources
        .iter()
        .filter_map(|s| {
            s.coverage
                .as_ref()
                .map(|c| format!("`{}`: {}", code_safe(&s.id), markdown_text(c)))
        })
        .collect();
    let selective = if notes.is_empty() {
        "The sources are selective".to_owned()
    } else {
        format!("The sources are selective ({})", notes.join("; "))
    };
    format!(
        "**What is counted:** notable defectors *named in these {} sources*, not all defectors. \
         {selective}, so shares describe the sources as much as history.\n",
        sources.len()
    )
}

/// One line of the source list.
fn source_line(source: &SourceNote) -> String {
    let url = &source.url;
    let link = if url.starts_with("https://") || url.starts_with("http://") {
        format!(", {}", markdown_text(url))
    } else {
        String::new()
    };
    format!(
        "- `{}`: {} ({}){link}",
        code_safe(&source.id),
        markdown_text(&source.title),
        markdown_text(&source.license)
    )
}

/// Text from a manifest made safe for one markdown line: whitespace (line breaks included)
/// becomes one space, and every character markdown or HTML would interpret becomes a
/// character reference, so it shows as written and never as markup.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '*' | '_' | '`' | '[' | ']' | '(' | ')' | '#' | '|' | '\\' | '!' | '~' => {
                    out.push_str(&format!("&#{};", c as u32));
                }
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
    }
    out
}

/// A source id inside a code span: ids are `[a-z0-9-]+`, so only backticks need removing.
fn code_safe(id: &str) -> String {
    id.replace('`', "")
}

/// HTML-escapes text; character references already in it (from [`markdown_text`]) are kept.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '&' if is_reference(&text[i..]) => out.push('&'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` starts with a character reference (`&amp;`, `&#42;`).
fn is_reference(text: &str) -> bool {
    let Some(end) = text.find(';') else {
        return false;
    };
    let body = &text[1..end];
    matches!(body, "amp" | "lt" | "gt" | "quot")
        || (body.len() > 1
            && body.starts_with('#')
            && body[1..].chars().all(|c| c.is_ascii_digit()))
}

/// Inline markdown: `**bold**`, `*italic*`, `` `code` ``.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = escape(text);
    for (marker, open, close) in [
        ("**", "<strong>", "</strong>"),
        ("`", "<code>", "</code>"),
        ("*", "<em>", "</em>"),
    ] {
        let mut result = String::new();
        let mut inside = false;
        for (i, part) in rest.split(marker).enumerate() {
            if i > 0 {
                result.push_str(if inside { close } else { open });
                inside = !inside;
            }
            result.push_str(part);
        }
        rest = result;
    }
    out.push_str(&rest);
    out
}

/// Renders the report's markdown subset (headings, lists, tables, paragraphs, images) as a
/// self-contained page with the charts inline.
fn to_html(md: &str, charts: &[(String, String, String)]) -> String {
    let mut body = String::new();
    let mut in_list = false;
    let mut in_table = false;
    for line in md.lines() {
        if !line.starts_with("- ") && in_list {
            body.push_str("</ul>\n");
            in_list = false;
        }
        if !line.starts_with('|') && in_table {
            body.push_str("</table>\n");
            in_table = false;
        }
        if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(body, "<h2>{}</h2>", inline(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            let _ = writeln!(body, "<h1>{}</h1>", inline(h));
        } else if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                body.push_str("<ul>\n");
                in_list = true;
            }
            let _ = writeln!(body, "<li>{}</li>", inline(item));
        } else if line.starts_with('|') {
            if line.contains("---") {
                continue;
            }
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let tag = if in_table { "td" } else { "th" };
            if !in_table {
                body.push_str("<table>\n");
                in_table = true;
            }
            body.push_str("<tr>");
            for c in cells {
                let _ = write!(body, "<{tag}>{}</{tag}>", inline(c));
            }
            body.push_str("</tr>\n");
        } else if line.starts_with("![") {
            let file = line
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .trim_end_matches(')');
            if let Some((_, title, svg)) = charts.iter().find(|(f, _, _)| f == file) {
                let _ = writeln!(
                    body,
                    "<figure role=\"img\" aria-label=\"{}\">{svg}</figure>",
                    escape(title)
                );
            }
        } else if !line.trim().is_empty() {
            let _ = writeln!(body, "<p>{}</p>", inline(line));
        }
    }
    if in_list {
        body.push_str("</ul>\n");
    }
    if in_table {
        body.push_str("</table>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Defectors named in the sources</title>\n<style>\nbody {{ font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 920px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }}\nh1 {{ font-size: 1.7em; }} h2 {{ margin-top: 1.8em; border-bottom: 1px solid #ddd; }}\ntable {{ border-collapse: collapse; margin: 1em 0; }} td, th {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }}\nfigure {{ margin: 1em 0; }} figure svg {{ max-width: 100%; height: auto; }}\ncode {{ background: #f3f3f3; padding: 0 0.2em; }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}
