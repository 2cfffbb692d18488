//! Bar charts as SVG text, drawn with plotters (no network, no files: the report inlines them).

use std::sync::Once;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::StatsError;

/// One series of a bar chart: a name and one value per x label.
pub struct Series {
    /// Legend label.
    pub name: String,
    /// One value per x label.
    pub values: Vec<u32>,
}

/// Colours for series, in order: the Okabe–Ito palette (distinguishable with the common
/// colour-vision deficiencies); grey last, for a grouped "other" series.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(153, 153, 153),
];

/// The most series a chart shows; smaller ones are grouped (see [`at_most`]).
pub const MAX_SERIES: usize = PALETTE.len();

/// Keeps the `MAX_SERIES - 1` largest series (by total) in their order and sums the others
/// into one last series named `other (N groups)`; returns the series and how many were grouped.
pub fn at_most(series: Vec<Series>) -> (Vec<Series>, usize) {
    if series.len() <= MAX_SERIES {
        return (series, 0);
    }
    let mut by_size: Vec<(usize, u32)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.values.iter().sum()))
        .collect();
    by_size.sort_by_key(|(i, total)| (std::cmp::Reverse(*total), *i));
    let kept: Vec<usize> = by_size[..MAX_SERIES - 1].iter().map(|(i, _)| *i).collect();
    let width = series.first().map_or(0, |s| s.values.len());
    let mut other = vec![0u32; width];
    let mut out = Vec::new();
    let mut grouped = 0;
    for (i, s) in series.into_iter().enumerate() {
        if kept.contains(&i) {
            out.push(s);
        } else {
            grouped += 1;
            for (o, v) in other.iter_mut().zip(&s.values) {
                *o += v;
            }
        }
    }
    out.push(Series {
        name: format!("{grouped} smaller groups"),
        values: other,
    });
    (out, grouped)
}

static FONT: Once = Once::new();

/// Registers the embedded DejaVu Sans font once (plotters measures text with it).
fn register_font() {
    FONT.call_once(|| {
        // The bytes are a valid font shipped by the dejavu crate; failure would be a bug there.
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            dejavu::sans::regular(),
        );
    });
}

/// How bars of several series share an x label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Series stacked on top of each other.
    Stacked,
    /// Series side by side.
    Grouped,
}

fn chart_error(chart: &str, e: impl std::fmt::Display) -> StatsError {
    StatsError::Chart {
        chart: chart.to_owned(),
        message: e.to_string(),
    }
}

/// Text sizes as plotters takes them; it writes 0.806 of each as the SVG font size, so these
/// give 16.9, 12.1 and 11.3 px. The charts are 760 px wide and shown at that width (a narrow
/// screen scrolls the chart, see the report's style), so these are the sizes on screen.
const TITLE_SIZE: u32 = 21;
const TEXT_SIZE: u32 = 15;
const SMALL_SIZE: u32 = 14;
/// Width of one character of SMALL_SIZE text, roughly (for fitting labels).
const CHAR_WIDTH: f64 = 7.0;
const WIDTH: u32 = 760;
const HEIGHT: u32 = 400;

/// Width of the legend column right of the plot (none for a single series).
fn legend_width(series: &[Series]) -> u32 {
    if series.len() <= 1 {
        return 0;
    }
    let longest = series
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0) as u32;
    (longest * 9 + 34).min(280)
}

/// The bar tops: per label, the stack total or the tallest bar.
fn bar_tops(labels: &[String], series: &[Series], layout: Layout) -> Vec<u32> {
    (0..labels.len())
        .map(|i| match layout {
            Layout::Stacked => series.iter().map(|s| s.values[i]).sum::<u32>(),
            Layout::Grouped => series.iter().map(|s| s.values[i]).max().unwrap_or(0),
        })
        .collect()
}

/// Draws a bar chart and returns the SVG document: y axis with a few light gridlines, value
/// labels on the bars, the legend right of the plot in stacking order (top of a stack first).
pub fn bar_chart(
    title: &str,
    y_label: &str,
    labels: &[String],
    series: &[Series],
    layout: Layout,
) -> Result<String, StatsError> {
    register_font();
    let err = |e: &dyn std::fmt::Display| chart_error(title, e);
    let n = labels.len().max(1);
    let tops = bar_tops(labels, series, layout);
    let top = tops.iter().copied().max().unwrap_or(0).max(1);
    let legend = legend_width(series);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let (plot_area, legend_area) = root.split_horizontally(WIDTH - legend);
        let slot = (WIDTH - legend - 60) as f64 / n as f64;
        // Labels too long for their slot are wrapped onto lines (drawn below the axis).
        let max_chars = ((slot / CHAR_WIDTH) as usize).max(4);
        let wrapped: Vec<Vec<String>> = labels.iter().map(|l| wrap_label(l, max_chars)).collect();
        let label_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let mut chart = ChartBuilder::on(&plot_area)
            .caption(title, ("sans-serif", TITLE_SIZE))
            .margin(12)
            .x_label_area_size(12 + 17 * label_lines as u32)
            .y_label_area_size(52)
            // A discrete i32 range includes its end: 0..n-1 gives exactly n segments.
            .build_cartesian_2d(
                (0..n as i32 - 1).into_segmented(),
                0u32..(top + top / 6 + 1),
            )
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_labels(5)
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.12))
            .y_desc(y_label)
            .axis_desc_style(("sans-serif", TEXT_SIZE))
            .y_label_style(("sans-serif", TEXT_SIZE))
            .x_labels(n)
            .x_label_formatter(&|_| String::new())
            .draw()
            .map_err(|e| err(&e))?;
        draw_x_labels(&root, &chart, &wrapped).map_err(|e| err(&e))?;
        draw_bars(&mut chart, labels.len(), series, layout, WIDTH - legend).map_err(|e| err(&e))?;
        draw_values(&mut chart, series, &tops, layout, WIDTH - legend).map_err(|e| err(&e))?;
        draw_legend(&legend_area, series, layout).map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
}

/// A label split at spaces into lines of at most `max_chars` (a longer word stands alone).
fn wrap_label(label: &str, max_chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max_chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The x labels, centred under their bars, one line under another.
fn draw_x_labels(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    chart: &Chart,
    labels: &[Vec<String>],
) -> Result<(), String> {
    let style = TextStyle::from(("sans-serif", TEXT_SIZE).into_font()).pos(
        plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Top,
        ),
    );
    for (i, lines) in labels.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(i as i32), 0));
        for (k, line) in lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (x, y + 6 + 17 * k as i32),
                style.clone(),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordi32>,
        plotters::coord::types::RangedCoordu32,
    >,
>;

/// Left and right margins (px) of bar `s` of `k` in a slot of `slot` px.
fn grouped_margins(slot: f64, s: usize, k: usize) -> (u32, u32) {
    let gap = 3.0;
    let bar = (slot - 2.0 * gap) / k as f64;
    let left = gap + bar * s as f64;
    let right = slot - left - bar;
    (left.max(0.0) as u32, right.max(0.0) as u32)
}

fn draw_bars(
    chart: &mut Chart,
    n_labels: usize,
    series: &[Series],
    layout: Layout,
    plot_width: u32,
) -> Result<(), String> {
    let slot = (plot_width - 52 - 24) as f64 / n_labels.max(1) as f64;
    for (s, serie) in series.iter().enumerate() {
        let color = PALETTE[s % PALETTE.len()];
        let bars = (0..n_labels).filter(|&i| serie.values[i] > 0).map(|i| {
            let (x0, x1) = (
                SegmentValue::Exact(i as i32),
                SegmentValue::Exact(i as i32 + 1),
            );
            let (from, to, margins) = match layout {
                Layout::Stacked => {
                    let below: u32 = series[..s].iter().map(|x| x.values[i]).sum();
                    (below, below + serie.values[i], (3, 3))
                }
                Layout::Grouped => (0, serie.values[i], grouped_margins(slot, s, series.len())),
            };
            let mut r = Rectangle::new([(x0, from), (x1, to)], color.filled());
            r.set_margin(0, 0, margins.0, margins.1);
            r
        });
        chart.draw_series(bars).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A value label above each bar (above each stack for a stacked chart).
fn draw_values(
    chart: &mut Chart,
    series: &[Series],
    tops: &[u32],
    layout: Layout,
    plot_width: u32,
) -> Result<(), String> {
    let style = TextStyle::from(("sans-serif", SMALL_SIZE).into_font()).pos(
        plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Bottom,
        ),
    );
    let slot = (plot_width - 52 - 24) as f64 / tops.len().max(1) as f64;
    let mut texts = Vec::new();
    match layout {
        Layout::Stacked => {
            for (i, &t) in tops.iter().enumerate().filter(|(_, t)| **t > 0) {
                texts.push((t.to_string(), (SegmentValue::CenterOf(i as i32), t), 0));
            }
        }
        Layout::Grouped => {
            for (s, serie) in series.iter().enumerate() {
                let (left, right) = grouped_margins(slot, s, series.len());
                let shift = (left as i32 - right as i32) / 2;
                for (i, &v) in serie.values.iter().enumerate().filter(|(_, v)| **v > 0) {
                    texts.push((v.to_string(), (SegmentValue::CenterOf(i as i32), v), shift));
                }
            }
        }
    }
    chart
        .draw_series(texts.into_iter().map(|(text, at, shift)| {
            EmptyElement::at(at) + Text::new(text, (shift, -2), style.clone())
        }))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// The legend in its own column, in stacking order: the top of a stack first.
fn draw_legend(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    series: &[Series],
    layout: Layout,
) -> Result<(), String> {
    if series.len() <= 1 {
        return Ok(());
    }
    let order: Vec<usize> = match layout {
        Layout::Stacked => (0..series.len()).rev().collect(),
        Layout::Grouped => (0..series.len()).collect(),
    };
    for (row, &s) in order.iter().enumerate() {
        let y = 48 + row as i32 * 24;
        let color = PALETTE[s % PALETTE.len()];
        area.draw(&Rectangle::new([(4, y - 6), (16, y + 6)], color.filled()))
            .map_err(|e| e.to_string())?;
        area.draw(&Text::new(
            series[s].name.clone(),
            (22, y - 8),
            ("sans-serif", TEXT_SIZE),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_with_labels_and_legend() {
        let labels = vec!["1950".to_owned(), "1960".to_owned()];
        let series = vec![
            Series {
                name: "music".into(),
                values: vec![1, 2],
            },
            Series {
                name: "intelligence".into(),
                values: vec![3, 0],
            },
        ];
        let svg = bar_chart("Test", "people", &labels, &series, Layout::Stacked).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        for text in ["Test", "1950", "1960", "music", "intelligence"] {
            assert!(svg.contains(text), "{text} missing");
        }
        assert!(svg.matches("<rect").count() >= 3);
    }
}
