//! Memory charts: a measured story drawn as an SVG bar chart of RSS after each step.
//!
//! The book shows one chart per story, drawn from a fresh run of the reference solutions
//! (`viewbook book`), so the pictures are measurements, not drawings. Like the suites' tables,
//! a chart shows changes rounded to a tenth of the story's unit: the same outcome draws the
//! same chart on every run.

use std::fmt::Write as _;

use crate::harness::StoryRecord;

const BAR: f64 = 56.0;
const GAP: f64 = 28.0;
const LEFT: f64 = 96.0;
const TOP: f64 = 48.0;
const PLOT: f64 = 180.0;
const LINE: f64 = 20.0;

/// Draws a story: one bar per step, its height the RSS above the story's start after that
/// step, in units of the story's big array, with the step's change written above it and the
/// steps listed underneath.
pub fn render(story: &StoryRecord) -> String {
    let unit = story.unit_bytes as f64;
    let start = story.step.first().map_or(0, |s| s.rss_before) as f64;
    let levels: Vec<f64> = story
        .step
        .iter()
        // Rounded like the suites' tables: the chart shows the categorical outcome, so a fresh
        // run of a correct solution draws the same picture, byte for byte.
        .map(|s| round_tenth((s.rss_after as f64 - start) / unit).max(0.0))
        .collect();
    // Round the top up to whole units, ignoring a few pages of noise above a whole unit.
    let top_units = (levels.iter().copied().fold(1.0_f64, f64::max) - 0.05)
        .ceil()
        .max(1.0);
    let y = |units: f64| TOP + PLOT - units / top_units * PLOT;
    let width = LEFT + (BAR + GAP) * story.step.len() as f64 + GAP;
    // Wide enough for the title and the longest legend line (about 8 px per character).
    let longest_line = story
        .step
        .iter()
        .map(|s| s.numpy.chars().count() + 4)
        .chain([story.title.chars().count()])
        .max()
        .unwrap_or(0) as f64;
    let width = width.max(560.0).max(LEFT + longest_line * 8.0 + GAP);
    let legend_top = TOP + PLOT + 40.0;
    let height = legend_top + LINE * story.step.len() as f64 + 16.0;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" role="img" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(
        svg,
        "<title>{}: RSS after each step, in units of {} ({})</title>",
        escape(&story.title),
        escape(&story.unit_name),
        escape(&story.unit_what)
    );
    let _ = writeln!(
        svg,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<text x="{LEFT}" y="22" font-weight="bold" fill="#222">{}</text>"##,
        escape(&story.title)
    );
    // The axis: one gridline per unit.
    for tick in 0..=top_units as u32 {
        let ty = y(f64::from(tick));
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{ty}" x2="{}" y2="{ty}" stroke="#ddd"/><text x="{}" y="{}" text-anchor="end" fill="#555">{tick}.0x</text>"##,
            width - GAP / 2.0,
            LEFT - 8.0,
            ty + 4.0
        );
    }
    let _ = writeln!(
        svg,
        r##"<text x="12" y="{}" fill="#555" transform="rotate(-90 12 {})">RSS above start</text>"##,
        TOP + PLOT / 2.0 + 40.0,
        TOP + PLOT / 2.0 + 40.0
    );
    for (i, (step, level)) in story.step.iter().zip(&levels).enumerate() {
        let x = LEFT + GAP + (BAR + GAP) * i as f64;
        let change = (step.rss_after as f64 - step.rss_before as f64) / unit;
        let change = round_tenth(change);
        let (fill, word) = if change > 0.0 {
            ("#d9534f", "grew")
        } else if change < 0.0 {
            ("#5cb85c", "shrank")
        } else {
            ("#5b8dd6", "unchanged")
        };
        let bar_top = y(*level);
        let _ = writeln!(
            svg,
            r##"<rect x="{x}" y="{bar_top}" width="{BAR}" height="{}" fill="{fill}"><title>step {}: {} ({word}, {change:+.1}x)</title></rect>"##,
            (TOP + PLOT - bar_top).max(1.0),
            i + 1,
            escape(&step.numpy)
        );
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#222">{change:+.1}x</text><text x="{}" y="{}" text-anchor="middle" fill="#555">{}</text>"##,
            x + BAR / 2.0,
            bar_top - 6.0,
            x + BAR / 2.0,
            TOP + PLOT + 18.0,
            i + 1
        );
    }
    for (i, step) in story.step.iter().enumerate() {
        let _ = writeln!(
            svg,
            r##"<text x="{LEFT}" y="{}" fill="#222"><tspan fill="#555">{}.</tspan> <tspan font-family="monospace">{}</tspan></text>"##,
            legend_top + LINE * i as f64,
            i + 1,
            escape(&step.numpy)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn round_tenth(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StepRecord;

    fn story() -> StoryRecord {
        let mib = 1 << 20;
        let step = |numpy: &str, before: u64, after: u64| StepRecord {
            numpy: numpy.to_owned(),
            rust: String::new(),
            rss_before: before * mib,
            rss_after: after * mib,
            heap_before: before * mib,
            heap_after: after * mib,
            heap_peak: before.max(after) * mib,
        };
        StoryRecord {
            chapter: "ch02_views".into(),
            title: "Slicing <does not> copy".into(),
            unit_name: "arr".into(),
            unit_what: "8,388,608 i64".into(),
            unit_bytes: 64 * mib,
            step: vec![
                step("arr = np.arange(N)", 10, 74),
                step("view = arr[:N//2]", 74, 74),
                step("del arr", 74, 10),
            ],
        }
    }

    #[test]
    fn a_chart_has_a_bar_a_change_and_a_legend_line_per_step() {
        let svg = render(&story());
        assert_eq!(svg.matches("<rect x=").count(), 3, "{svg}");
        for change in ["+1.0x", "+0.0x", "-1.0x"] {
            assert!(
                svg.contains(&format!(">{change}</text>")),
                "{change}: {svg}"
            );
        }
        assert!(svg.contains("view = arr[:N//2]"), "{svg}");
        assert!(
            svg.contains("Slicing &lt;does not&gt; copy"),
            "titles are escaped: {svg}"
        );
    }
}
