//! The statistical report: `report.md` (with the charts as separate SVG files) and a
//! self-contained `report.html` (charts inline, no network).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use polars::prelude::*;

use defectors_model::{ProfessionCategory, Status};

use crate::StatsError;
use crate::aggregates::{DEFECTORS, LABEL, Labels, UNKNOWN_CATEGORY};
use crate::charts::{Layout, Series, at_most, bar_chart};

/// What the report says about the sources and the build, besides the people.
pub struct ReportContext {
    /// Each source, as the manifest describes it.
    pub sources: Vec<SourceNote>,
    /// Number of mentions read.
    pub mentions: usize,
    /// Number of resolved people per status.
    pub status_counts: Vec<(Status, usize)>,
    /// Names of the people whose status is disputed.
    pub disputed: Vec<String>,
    /// Conflicting fields: (field, number of people).
    pub conflicts_by_field: Vec<(String, usize)>,
    /// Number of warnings of the build.
    pub warnings: usize,
    /// Human labels of group values.
    pub labels: Labels,
    /// The dataset version (the tool's version).
    pub version: String,
    /// The names of the written tables, for links to their files.
    pub tables: Vec<String>,
    /// The people explorer's data (a JSON array), if the report should carry one.
    pub explorer_json: Option<String>,
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
    /// When it was retrieved, if the manifest says.
    pub retrieved: Option<String>,
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

/// One chart of the report: its file, title, the note under it, and the SVG.
struct Chart {
    file: &'static str,
    title: String,
    note: String,
    svg: String,
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

/// `known for K of N defectors`: how many have a value in `column`.
fn known(defectors: &DataFrame, column: &str, what: &str) -> PolarsResult<String> {
    let n = defectors.height();
    let k = n - defectors.column(column)?.null_count();
    Ok(format!("{what} known for {k} of {n} defectors"))
}

/// A note on series grouped into `other`.
fn grouped_note(grouped: usize) -> String {
    if grouped == 0 {
        String::new()
    } else {
        format!("; the {grouped} smallest groups are shown together (`{grouped} smaller groups`)")
    }
}

/// Defectors per decade, stacked by profession category (unknown included).
fn decades_chart(cross: &DataFrame, labels: &Labels, n: usize) -> Result<Chart, StatsError> {
    let decades: Vec<String> = strings(cross, LABEL)?.into_iter().flatten().collect();
    let mut series = Vec::new();
    for code in ProfessionCategory::NAMES.iter().chain([&UNKNOWN_CATEGORY]) {
        let values = counts(cross, code)?;
        if values.iter().any(|v| *v > 0) {
            let name = if *code == UNKNOWN_CATEGORY {
                "profession unknown".to_owned()
            } else {
                labels.category(code)
            };
            series.push(Series { name, values });
        }
    }
    let (series, grouped) = at_most(series);
    let title = "Defectors per decade, by profession".to_owned();
    let svg = bar_chart(&title, "defectors", &decades, &series, Layout::Stacked)?;
    Ok(Chart {
        file: "decades.svg",
        note: format!(
            "Bars count all {n} defectors by the decade of their chosen year (`unknown`: no year); colours split them by profession category{}.",
            grouped_note(grouped)
        ),
        title,
        svg,
    })
}

/// The top destinations as first refuge and as final country.
fn destinations_chart(dest: &DataFrame, defectors: &DataFrame) -> Result<Chart, StatsError> {
    let names = strings(dest, "destination")?;
    let rows: Vec<usize> = (0..names.len())
        .filter(|&i| names[i].is_some())
        .take(10)
        .collect();
    let labels: Vec<String> = rows.iter().filter_map(|&i| names[i].clone()).collect();
    let pick = |v: Vec<u32>| rows.iter().map(|&i| v[i]).collect::<Vec<_>>();
    let series = [
        Series {
            name: "first refuge".into(),
            values: pick(counts(dest, "as_first")?),
        },
        Series {
            name: "final country".into(),
            values: pick(counts(dest, "as_final")?),
        },
    ];
    let title = "Top destinations: first refuge and final country".to_owned();
    let svg = bar_chart(&title, "defectors", &labels, &series, Layout::Grouped)?;
    Ok(Chart {
        file: "destinations.svg",
        note: format!(
            "The {} countries most often named; bars count defectors. First destination {}; final destination {}.",
            labels.len(),
            known(defectors, "destination_first", "")?.trim_start(),
            known(defectors, "destination_final", "")?.trim_start()
        ),
        title,
        svg,
    })
}

/// Agencies over decades, stacked.
fn agencies_chart(defectors: &DataFrame) -> Result<Chart, StatsError> {
    let agency = strings(defectors, "agency")?;
    let decade = strings(defectors, "decade")?;
    let mut per: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut decades: Vec<String> = Vec::new();
    for (a, d) in agency.iter().zip(&decade) {
        if let (Some(a), Some(d)) = (a, d) {
            *per.entry(a.clone())
                .or_default()
                .entry(d.clone())
                .or_insert(0) += 1;
            if !decades.contains(d) {
                decades.push(d.clone());
            }
        }
    }
    decades.sort();
    let series: Vec<Series> = per
        .iter()
        .map(|(a, by)| Series {
            name: a.clone(),
            values: decades
                .iter()
                .map(|d| by.get(d).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    let (series, grouped) = at_most(series);
    let labels: Vec<String> = decades.iter().map(|d| format!("{d}s")).collect();
    let title = "Intelligence and security agencies over time".to_owned();
    let svg = bar_chart(&title, "defectors", &labels, &series, Layout::Stacked)?;
    Ok(Chart {
        file: "agencies.svg",
        note: format!(
            "Bars count defectors with both an agency and a year, by decade; {}{}.",
            known(defectors, "agency", "agency")?,
            grouped_note(grouped)
        ),
        title,
        svg,
    })
}

/// Defectors per state defected from.
fn origins_chart(origin: &DataFrame, defectors: &DataFrame) -> Result<Chart, StatsError> {
    let labels: Vec<String> = strings(origin, LABEL)?.into_iter().flatten().collect();
    let series = [Series {
        name: "defectors".into(),
        values: counts(origin, DEFECTORS)?,
    }];
    let title = "State defected from".to_owned();
    let svg = bar_chart(&title, "defectors", &labels, &series, Layout::Stacked)?;
    Ok(Chart {
        file: "origins.svg",
        note: format!(
            "Bars count defectors by the state they left; {}.",
            known(defectors, "origin", "origin")?
        ),
        title,
        svg,
    })
}

/// How many sources name each defector.
fn coverage_chart(coverage: &DataFrame, n: usize) -> Result<(Chart, u32), StatsError> {
    let mut per_count: BTreeMap<u32, u32> = BTreeMap::new();
    for (k, p) in counts(coverage, "n_sources")?
        .iter()
        .zip(counts(coverage, DEFECTORS)?)
    {
        *per_count.entry(*k).or_insert(0) += p;
    }
    let labels: Vec<String> = per_count
        .keys()
        .map(|k| format!("{k} source{}", if *k == 1 { "" } else { "s" }))
        .collect();
    let series = [Series {
        name: "defectors".into(),
        values: per_count.values().copied().collect(),
    }];
    let title = "How many sources name each defector".to_owned();
    let svg = bar_chart(&title, "defectors", &labels, &series, Layout::Stacked)?;
    let chart = Chart {
        file: "coverage.svg",
        note: format!("Bars count all {n} defectors by the number of sources that name them."),
        title,
        svg,
    };
    Ok((chart, per_count.get(&1).copied().unwrap_or(0)))
}

/// Builds the report from the defectors (people with status defector) and their aggregates.
pub fn build_report(
    defectors: &DataFrame,
    aggregates: &[(&'static str, DataFrame)],
    context: &ReportContext,
) -> Result<Report, StatsError> {
    let n = defectors.height();
    let coverage = get(aggregates, "source_coverage");
    let (coverage_chart, single) = coverage_chart(coverage, n)?;
    let charts = vec![
        decades_chart(get(aggregates, "decade_by_profession"), &context.labels, n)?,
        destinations_chart(get(aggregates, "by_destination"), defectors)?,
        agencies_chart(defectors)?,
        origins_chart(get(aggregates, "by_origin"), defectors)?,
        coverage_chart,
    ];
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Soviet and Eastern Bloc defectors named in the sources\n"
    );
    let _ = writeln!(md, "{}", what_is_counted(&context.sources));
    headline(&mut md, aggregates, context, n, single)?;
    for chart in &charts {
        let _ = writeln!(
            md,
            "## {}\n\n![{}](charts/{})\n\n{}\n",
            chart.title, chart.title, chart.file, chart.note
        );
        if chart.file == "coverage.svg" {
            coverage_tables(&mut md, coverage, context, n)?;
        }
    }
    method(&mut md, context);
    files_and_citation(&mut md, context);
    let html = to_html(&md, &charts, context.explorer_json.as_deref());
    Ok(Report {
        markdown: md,
        html,
        charts: charts
            .into_iter()
            .map(|c| (c.file.to_owned(), c.svg))
            .collect(),
    })
}

/// The headline figures.
fn headline(
    md: &mut String,
    aggregates: &[(&'static str, DataFrame)],
    context: &ReportContext,
    n: usize,
    single: u32,
) -> PolarsResult<()> {
    let count = |s: Status| {
        context
            .status_counts
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, c)| *c)
    };
    let _ = writeln!(md, "## Headline figures\n");
    let _ = writeln!(
        md,
        "- **{n}** people named as defectors, from {} mentions in {} sources. The figures below count these {n}.",
        context.mentions,
        context.sources.len(),
    );
    let _ = writeln!(
        md,
        "- Not counted: **{}** people the sources name only to say the term does not apply (`not_defector`), **{}** known only by a given name as someone's companion (`companion`), **{}** only a persons table lists with no dated entry (`unsupported`), and **{}** whose status the sources dispute{}.",
        count(Status::NotDefector),
        count(Status::Companion),
        count(Status::Unsupported),
        count(Status::Disputed),
        if context.disputed.is_empty() {
            String::new()
        } else {
            format!(" ({})", markdown_text(&context.disputed.join(", ")))
        }
    );
    let by_decade = get(aggregates, "by_decade");
    let top_decade = strings(by_decade, "decade")?
        .into_iter()
        .zip(strings(by_decade, LABEL)?)
        .zip(counts(by_decade, DEFECTORS)?)
        .filter(|((d, _), _)| d.is_some())
        .max_by_key(|((d, _), c)| (*c, std::cmp::Reverse(d.clone())));
    if let Some(((_, Some(label)), c)) = top_decade {
        let _ = writeln!(
            md,
            "- Most named decade: the **{label}** ({c} defectors, {}).",
            pct(c, n)
        );
    }
    let by_profession = get(aggregates, "by_profession");
    let top = strings(by_profession, "profession_category")?
        .into_iter()
        .zip(strings(by_profession, LABEL)?)
        .zip(counts(by_profession, DEFECTORS)?)
        .find(|((code, _), _)| code.is_some());
    if let Some(((_, Some(label)), c)) = top {
        let _ = writeln!(
            md,
            "- Largest profession category: **{label}** ({c} defectors, {}).",
            pct(c, n)
        );
    }
    let dest = get(aggregates, "by_destination");
    let top_dest = strings(dest, "destination")?
        .into_iter()
        .zip(counts(dest, DEFECTORS)?)
        .find(|(d, _)| d.is_some());
    if let Some((Some(d), c)) = top_dest {
        let _ = writeln!(
            md,
            "- Most common destination (first or final): **{}** ({c} defectors).",
            markdown_text(&d)
        );
    }
    let _ = writeln!(
        md,
        "- **{single}** defectors ({}) rest on one source only; {} are named by two or more.",
        pct(single, n),
        n as u32 - single
    );
    let conflicted: usize = context.conflicts_by_field.iter().map(|(_, c)| c).sum();
    let _ = writeln!(
        md,
        "- Sources disagree on **{conflicted}** person-fields (see below and `conflicts`).\n"
    );
    Ok(())
}

/// The source-combination table and the agreement table.
fn coverage_tables(
    md: &mut String,
    coverage: &DataFrame,
    context: &ReportContext,
    n: usize,
) -> PolarsResult<()> {
    let _ = writeln!(md, "| sources | defectors | share |\n|---|---:|---:|");
    for (s, p) in strings(coverage, "sources")?
        .iter()
        .zip(counts(coverage, DEFECTORS)?)
    {
        let _ = writeln!(
            md,
            "| {} | {p} | {} |",
            markdown_text(s.as_deref().unwrap_or("?")),
            pct(p, n)
        );
    }
    let _ = writeln!(
        md,
        "\n**Agreement.** Fields the sources disagree on, by number of people (all statuses):\n\n| field | people |\n|---|---:|"
    );
    for (field, count) in &context.conflicts_by_field {
        let _ = writeln!(md, "| {field} | {count} |");
    }
    md.push('\n');
    Ok(())
}

/// The method section.
fn method(md: &mut String, context: &ReportContext) {
    let _ = writeln!(md, "## Method\n");
    let _ = writeln!(
        md,
        "- **Sources.** Each document is kept byte for byte with its checksum; every figure traces back to a source and line (`mentions`)."
    );
    let _ = writeln!(
        md,
        "- **People.** Mentions of one person across sources and spellings (transliterations, gendered surname forms, Cyrillic) are merged by a Fellegi–Sunter model with hard constraints; every merge is in `match_evidence`, curated corrections in `data/reference/overrides.csv`."
    );
    let _ = writeln!(
        md,
        "- **Disagreements.** Where sources disagree, the value most sources give is chosen, then a person's own mention over a companion's row, then source priority, then the earliest year or first mention; every value any mention states, with the mentions, is in `person_values`, and the conflicting ones in `conflicts`. A point inside a range (1990 vs 1990–1991) and routes that fit together (defected in Spain, settled in the United States) are compatible, not conflicts. A person's year and outcome come from their defection event (`events`), else their last failed attempt. A person some sources call a defector and others not is `disputed` and not counted."
    );
    let _ = writeln!(
        md,
        "- **Counts.** A defector counts once, in the decade of the chosen year (`unknown`: no year). Destinations: the first country of refuge and the final country; transit countries are not counted. A missing value is `unknown`, never `other`."
    );
    let _ = writeln!(
        md,
        "- **Build.** {} warnings (see `diagnostics`).\n",
        context.warnings
    );
}

/// Links to the data files, the sources, and how to cite.
fn files_and_citation(md: &mut String, context: &ReportContext) {
    let _ = writeln!(md, "## Data files\n");
    let _ = writeln!(md, "| table | CSV | Parquet |\n|---|---|---|");
    for t in &context.tables {
        let _ = writeln!(
            md,
            "| {t} | [csv/{t}.csv](csv/{t}.csv) | [{t}.parquet]({t}.parquet) |"
        );
    }
    let _ = writeln!(
        md,
        "\nColumns and keys: [datapackage.json](datapackage.json).\n"
    );
    let _ = writeln!(md, "## Sources\n");
    for source in &context.sources {
        let _ = writeln!(md, "{}", source_line(source));
    }
    let as_of = context
        .sources
        .iter()
        .filter_map(|s| s.retrieved.clone())
        .max();
    let _ = writeln!(md, "\n## How to cite\n");
    let mut licenses: Vec<String> = context
        .sources
        .iter()
        .map(|s| markdown_text(&s.license))
        .collect();
    licenses.sort();
    licenses.dedup();
    let _ = writeln!(
        md,
        "defectors contributors. *defectors: Soviet and Eastern Bloc defectors named in public sources*, dataset version {}{}. The data carry the licences of their sources ({}); a share-alike source (CC BY-SA) makes the derived tables share-alike. See CITATION.cff and data/LICENSE.md in the repository.\n",
        markdown_text(&context.version),
        as_of
            .map(|d| format!(", sources retrieved up to {}", markdown_text(&d)))
            .unwrap_or_default(),
        licenses.join("; ")
    );
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
    let title = markdown_text(&source.title);
    let title = if url.starts_with("https://") || url.starts_with("http://") {
        format!("[{title}]({})", url_safe(url))
    } else {
        title
    };
    format!(
        "- `{}`: {title} ({})",
        code_safe(&source.id),
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

/// A URL for a markdown link: characters that would end the link or break HTML are
/// percent-encoded.
fn url_safe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' | ')' | '<' | '>' | '"' | '\'' | ' ' | '|' | '[' | ']' | '`' | '*' | '\\' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {}
            c => out.push(c),
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

/// Inline markdown: `**bold**`, `*italic*`, `` `code` ``, `[text](url)`.
fn inline(text: &str) -> String {
    let mut rest = links(&escape(text));
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
    rest
}

/// `[text](url)` → a link (the report writes URLs with [`url_safe`], so a `)` ends one).
fn links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| open + m) else {
            break;
        };
        let Some(close) = rest[mid..].find(')').map(|c| mid + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let _ = write!(
            out,
            "<a href=\"{}\">{}</a>",
            &rest[mid + 2..close],
            &rest[open + 1..mid]
        );
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The page's style: readable text, charts at their drawn size (a narrow screen scrolls a
/// chart sideways instead of shrinking its text), a compact explorer.
const STYLE: &str = "body { font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 920px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
h1 { font-size: 1.7em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
figure { margin: 1em 0; overflow-x: auto; } figure svg { width: 760px; max-width: none; height: auto; display: block; }
code { background: #f3f3f3; padding: 0 0.2em; }
#q { width: 100%; max-width: 30em; font-size: 1em; padding: 0.3em; }
#people th { cursor: pointer; background: #f6f6f6; } #people tr.p { cursor: pointer; } #people tr.p:hover { background: #eef5fb; }
.wrap { overflow-x: auto; } .detail { background: #fafafa; border: 1px solid #ddd; padding: 0.5em 1em; margin: 0.5em 0; }
.detail li { margin: 0.3em 0; } .muted { color: #666; }
@media (max-width: 600px) { body { margin: 1em auto; } td, th { padding: 0.2em 0.3em; font-size: 0.9em; } }";

/// The people explorer: a searchable, sortable table; a click opens a person's mentions,
/// chosen values, conflicts and sources. Data from the `people-data` JSON block.
const EXPLORER_SCRIPT: &str = r#"(function(){
var D=JSON.parse(document.getElementById('people-data').textContent);
var q=document.getElementById('q'),tb=document.querySelector('#people tbody'),cnt=document.getElementById('count');
var key='name',asc=true,open=null;
function fold(s){return (s||'').normalize('NFD').replace(/[\u0300-\u036f]/g,'').toLowerCase();}
D.forEach(function(p){p.k=fold([p.name].concat(p.variants).join(' '));});
function esc(s){return String(s==null?'':s).replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function cell(p,k){var v=p[k];return v==null?'':v;}
function detail(p){var h='<div class="detail"><strong>'+esc(p.name)+'</strong> <span class="muted">'+esc(p.id)+' &middot; '+esc(p.status)+'</span>';
h+='<p>Also written: '+esc(p.variants.join('; '))+'</p><p>Chosen values:</p><ul>';
p.values.forEach(function(v){h+='<li>'+esc(v[0])+': <strong>'+esc(v[1])+'</strong></li>';});
h+='</ul>';if(p.conflicts.length){h+='<p>Where the sources differ (compatible values fit together; conflicting ones cannot all be true):</p><ul>';
p.conflicts.forEach(function(c){h+='<li>'+esc(c[0])+' = '+esc(c[1]==null?'(none)':c[1])+' from '+esc(c[2].join(', '))+' <em>'+esc(c[5])+'</em>'+(c[3]?' <strong>chosen</strong> ('+esc(c[4])+')':'')+'</li>';});h+='</ul>';}
h+='<p>Mentions ('+p.mentions.length+'):</p><ul>';
p.mentions.forEach(function(m){h+='<li><code>'+esc(m[0])+':'+m[1]+'</code> '+esc(m[2])+'<br><span class="muted">'+esc(m[3])+'</span></li>';});
return h+'</ul><p>Sources: '+esc(p.sources.join(', '))+'</p></div>';}
function draw(){var f=fold(q.value.trim()),rows=D.filter(function(p){return !f||p.k.indexOf(f)>=0;});
rows.sort(function(a,b){var x=cell(a,key),y=cell(b,key);var r=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));return asc?r:-r;});
cnt.textContent=rows.length+' of '+D.length+' people';var h='';
rows.forEach(function(p){h+='<tr class="p" data-id="'+esc(p.id)+'"><td>'+esc(p.name)+'</td><td>'+esc(p.status)+'</td><td>'+esc(cell(p,'year'))+'</td><td>'+esc(cell(p,'profession'))+'</td><td>'+esc(cell(p,'origin'))+'</td><td>'+esc(cell(p,'final'))+'</td><td>'+p.sources.length+'</td></tr>';
if(open===p.id){h+='<tr><td colspan="7">'+detail(p)+'</td></tr>';}});tb.innerHTML=h;}
q.addEventListener('input',draw);
document.querySelectorAll('#people th').forEach(function(th){th.addEventListener('click',function(){var k=th.getAttribute('data-k');if(k===key){asc=!asc;}else{key=k;asc=true;}draw();});});
tb.addEventListener('click',function(e){var tr=e.target.closest('tr.p');if(tr){var id=tr.getAttribute('data-id');open=open===id?null:id;draw();}});
draw();})();"#;

/// The explorer section of the page, with its data (a JSON array; `</` is escaped so the
/// data cannot end its script element).
fn explorer_html(json: &str) -> String {
    format!(
        "<h2 id=\"explorer\">People explorer</h2>\n<p>Every resolved person, defectors, not-defectors and disputed. Search any spelling the sources use (Latin or Cyrillic); click a column to sort, a person to see their mentions with source and line, the chosen values, the conflicts and the sources.</p>\n<input id=\"q\" type=\"search\" placeholder=\"Search a name…\" aria-label=\"Search people by name\">\n<p id=\"count\" class=\"muted\"></p>\n<div class=\"wrap\"><table id=\"people\"><thead><tr><th data-k=\"name\">Name</th><th data-k=\"status\">Status</th><th data-k=\"year\">Year</th><th data-k=\"profession\">Profession</th><th data-k=\"origin\">From</th><th data-k=\"final\">Settled in</th><th data-k=\"n_sources\">Sources</th></tr></thead><tbody></tbody></table></div>\n<script type=\"application/json\" id=\"people-data\">{}</script>\n<script>{EXPLORER_SCRIPT}</script>\n",
        json.replace("</", "<\\/")
    )
}

/// Renders the report's markdown subset (headings, lists, tables, paragraphs, images) as a
/// self-contained page with the charts inline and, when given, the people explorer.
fn to_html(md: &str, charts: &[Chart], explorer: Option<&str>) -> String {
    // Sized once (the charts and the explorer's data are most of the page), head first.
    let size = 2 * md.len()
        + STYLE.len()
        + charts.iter().map(|c| c.svg.len() + 256).sum::<usize>()
        + explorer.map_or(0, |json| json.len() + 16 * 1024);
    let mut body = String::with_capacity(size);
    let _ = write!(
        body,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Defectors named in the sources</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
    );
    let mut in_list = false;
    let mut in_table = false;
    for line in md.lines() {
        if !line.starts_with("- ") && in_list {
            body.push_str("</ul>\n");
            in_list = false;
        }
        if !line.starts_with('|') && in_table {
            body.push_str("</table></div>\n");
            in_table = false;
        }
        if line == "## Data files"
            && let Some(json) = explorer
        {
            body.push_str(&explorer_html(json));
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
                body.push_str("<div class=\"wrap\"><table>\n");
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
            if let Some(chart) = charts.iter().find(|c| c.file == file) {
                let _ = writeln!(
                    body,
                    "<figure role=\"img\" aria-label=\"{}\">{}</figure>",
                    escape(&chart.title),
                    chart.svg
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
        body.push_str("</table></div>\n");
    }
    body.push_str("</body>\n</html>\n");
    body
}
