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

/// Colours for series, in order (a qualitative palette readable on white).
const PALETTE: [RGBColor; 14] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(57, 59, 121),
    RGBColor(173, 73, 74),
    RGBColor(99, 121, 57),
    RGBColor(206, 219, 156),
];

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

/// Draws a bar chart and returns the SVG document.
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
    let top = (0..labels.len())
        .map(|i| match layout {
            Layout::Stacked => series.iter().map(|s| s.values[i]).sum::<u32>(),
            Layout::Grouped => series.iter().map(|s| s.values[i]).max().unwrap_or(0),
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let (width, height) = (960u32, 420u32);
    // Long labels get a smaller font so that neighbours do not overlap.
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let label_size = if longest as f64 * 7.0 > (width as f64 - 72.0) / n as f64 {
        10
    } else {
        12
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(if labels.iter().any(|l| l.len() > 8) {
                70
            } else {
                36
            })
            .y_label_area_size(48)
            // A discrete i32 range includes its end: 0..n-1 gives exactly n segments.
            .build_cartesian_2d(
                (0..n as i32 - 1).into_segmented(),
                0u32..(top + top / 8 + 1),
            )
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_desc(y_label)
            .x_labels(n)
            .x_label_style(("sans-serif", label_size))
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(|e| err(&e))?;
        let plot_width = (width - 48 - 24) as f64;
        let segment = plot_width / n as f64;
        let k = series.len().max(1) as f64;
        for (s, serie) in series.iter().enumerate() {
            let color = PALETTE[s % PALETTE.len()];
            let bars: Vec<Rectangle<(SegmentValue<i32>, u32)>> = (0..labels.len())
                .filter(|&i| serie.values[i] > 0)
                .map(|i| {
                    let x0 = SegmentValue::Exact(i as i32);
                    let x1 = SegmentValue::Exact(i as i32 + 1);
                    match layout {
                        Layout::Stacked => {
                            let below: u32 = series[..s].iter().map(|x| x.values[i]).sum();
                            let mut r = Rectangle::new(
                                [(x0, below), (x1, below + serie.values[i])],
                                color.filled(),
                            );
                            r.set_margin(0, 0, 3, 3);
                            r
                        }
                        Layout::Grouped => {
                            let gap = 3.0;
                            let bar = (segment - 2.0 * gap) / k;
                            let left = gap + bar * s as f64;
                            let right = segment - left - bar;
                            let mut r =
                                Rectangle::new([(x0, 0), (x1, serie.values[i])], color.filled());
                            r.set_margin(0, 0, left.max(0.0) as u32, right.max(0.0) as u32);
                            r
                        }
                    }
                })
                .collect();
            chart
                .draw_series(bars)
                .map_err(|e| err(&e))?
                .label(serie.name.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
                });
        }
        if series.len() > 1 {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .label_font(("sans-serif", 12))
                .draw()
                .map_err(|e| err(&e))?;
        }
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
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
