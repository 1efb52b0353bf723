//! Memory charts: a measured story drawn as an SVG step chart of RSS over its steps.
//!
//! The book shows one chart per story, drawn from a fresh run of the reference solutions
//! (`viewbook book`), so the pictures are measurements, not drawings. Beside viewbook's line
//! a chart draws NumPy's, recorded from real NumPy running the same steps
//! (`scripts/record-numpy-stories`, `book/numpy-stories.toml`), and, where `book/charts.toml`
//! names a catalogued mistake, the mistaken program's measured line too (chapter 6's program as
//! first written). The one sentence a chart teaches, its lesson, is written over the step it is
//! about; it comes from `book/charts.toml`, the only hand-written text on a chart.
//!
//! # Why a step chart, and why hand-written SVG
//!
//! RSS is a level that changes only at a step, so a step chart shows it exactly: the line is
//! flat while nothing happens and jumps at the step that allocates or frees, and the step's
//! change is written on its own segment (the bar chart it replaces labelled a bar's height,
//! the running level, with the step's change, and readers read one as the other).
//!
//! The SVG is written by hand rather than with a plotting crate. The book inlines each chart
//! into its page (see `book.rs`), where it must follow the reader's theme through
//! `currentColor` and CSS custom properties, carry `role="img"`, a `<title>` and a `<desc>`
//! that state the outcome, a `<title>` tooltip on every point, and `class="mark"` on every data
//! mark so the browser check can tell an empty chart. plotters' SVG backend writes fixed
//! colours as presentation attributes and has no way to add classes, ARIA or per-point titles;
//! charming renders through ECharts' JavaScript, which a `file://` book and a screen reader
//! cannot rely on. A few hundred lines of `write!` give all of that and stay byte-identical
//! from run to run, which the book's gate needs (`tests/book.rs`).
//!
//! # Reading at small widths
//!
//! Every text is 14 units in a 640-unit-wide view box, and the SVG is never narrower than 520
//! px (its figure scrolls sideways instead), so no text is drawn below 11.4 px.
//!
//! Like the suites' tables, a chart shows changes rounded to a tenth of the story's unit: the
//! same outcome draws the same chart on every run.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::harness::StoryRecord;
use crate::translation::{Catalogue, Extra, is_wide};

/// Every phrase a chart is drawn with, in English, as the edition's catalogue translates it
/// (`{name}`s are filled in); the story's own words (title, unit, lesson) are looked up as
/// they are. [`phrases`] lists them for the translators' template.
mod phrase {
    crate::messages! {
        TITLE = "{title}: {lesson}"
            => "A chart's accessible name: the story's title and its lesson.";
        UNIT = "RSS above the start of the story; 1.0x = {name}: {what} ({size})"
            => "The line under a chart's title; {name} and {what} are the story's unit.";
        LESSON = "Step {n}, {code}: {lesson}"
            => "The boxed lesson over its step; {code} is the step's NumPy code.";
        START = "start"
            => "The first column of a chart's axis, before any step.";
        AFTER_STEP = "after step"
            => "The label under a chart's step numbers.";
        POINT = "{series}, after step {n} ({code}): {level} above the start; the step changed RSS by {change}"
            => "A point's tooltip; {level} and {change} are like +0.5x.";
        VIEWBOOK_MISTAKE = "viewbook, as first written"
            => "A legend entry: viewbook running the program as first written.";
        VIEWBOOK_FIXED = "viewbook, fixed"
            => "A legend entry: viewbook running the fixed program.";
        NUMPY_MISTAKE = "{numpy}, as first written"
            => "A legend entry; {numpy} is like \"NumPy 2.4.6\".";
        NUMPY_FIXED = "{numpy}, fixed"
            => "A legend entry; {numpy} is like \"NumPy 2.4.6\".";
        SOURCE = "viewbook: the reference solution, measured by cargo run -- book"
            => "A chart's footnote: where its lines were measured.";
        SOURCE_MISTAKE = "viewbook: the reference solution and, as first written, the catalogued mistake {feature}, measured by cargo run -- book"
            => "A chart's footnote; {feature} is a mistake's name (code).";
        SOURCE_NUMPY = "; NumPy {numpy} (Python {python}), the same steps at the same sizes, recorded on {date} by scripts/record-numpy-stories"
            => "Appended to a chart's footnote; {date} is YYYY-MM-DD.";
        SOURCE_NO_NUMPY = "; no NumPy series is recorded for this story, so viewbook is drawn alone"
            => "Appended to a chart's footnote.";
        DESCRIBE_LESSON = "{lesson}. "
            => "The start of a chart's description for screen readers.";
        DESCRIBE_SAME = "{series}: the same changes as {other}. "
            => "A chart's description: a line that changed as the one before it.";
        DESCRIBE_LINE = "{series}: RSS {changes}, ending {level} above the start. "
            => "A chart's description of one line; {changes} lists its steps.";
        DESCRIBE_SEPARATOR = ", "
            => "Between the steps a line's description lists.";
        RISES = "rises by {change} at {code}"
            => "One step in a chart's description; {change} is like 0.5x.";
        FALLS = "falls by {change} at {code}"
            => "One step in a chart's description; {change} is like 0.5x.";
        LEVEL = "stays level at {code}"
            => "One step in a chart's description.";
    }
}

/// The messages the charts add to the translators' template: every [`phrase`], then each
/// story's title and unit (as its snapshot table gives them: `(title, unit name, unit what)`)
/// and each lesson.
pub fn phrases(
    stories: &[(String, String, String)],
    lessons: &BTreeMap<String, Lesson>,
) -> Vec<Extra> {
    let mut extras = crate::translation::extras_of(phrase::ALL, "src/chart.rs", "");
    for (title, name, what) in stories {
        extras.push(Extra::noted(
            title.clone(),
            "suites/snapshots",
            "A memory story's title, on its chart.",
        ));
        // A code name (`arr`) stays as it is; a phrase ("a recording") is translated.
        if name.contains(' ') {
            extras.push(Extra::noted(
                name.clone(),
                "suites/snapshots",
                "A chart's unit: what 1.0x is.",
            ));
        }
        extras.push(Extra::noted(
            what.clone(),
            "suites/snapshots",
            "A chart's unit: its size in elements.",
        ));
    }
    for lesson in lessons.values() {
        extras.push(Extra::noted(
            lesson.lesson.clone(),
            "book/charts.toml",
            "A chart's lesson, written over its step.",
        ));
    }
    extras
}

/// The view box's width. Text is [`TEXT`] units high in it.
const WIDTH: f64 = 640.0;
/// The narrowest the chart is drawn, in CSS px: 14 × 520 / 640 = 11.4 px text.
const MIN_PX: f64 = 520.0;
/// The widest, in CSS px.
const MAX_PX: f64 = 760.0;
/// The size of every text on the chart, in view box units.
const TEXT: f64 = 14.0;
const PAD: f64 = 16.0;
const LEFT: f64 = 64.0;
const PLOT: f64 = 220.0;
const LINE: f64 = 20.0;
/// Room above a segment for one more change label, where several lines share a level.
const STACK: f64 = 17.0;

/// What a chart is drawn to teach: an entry of `book/charts.toml`, keyed by story id.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The step the lesson is about, as the story names it (its NumPy code).
    pub at: String,
    /// The lesson, one sentence, written over that step and into the chart's description.
    pub lesson: String,
    /// A catalogued mistake (a feature of `mistakes/`) whose program is measured and drawn
    /// beside the reference solution's, as "as first written".
    #[serde(default)]
    pub mistake: Option<String>,
}

/// NumPy's measured stories, as `scripts/record-numpy-stories` writes them
/// (`book/numpy-stories.toml`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumpyStories {
    /// The NumPy version that ran them, e.g. `2.4.6`.
    pub numpy: String,
    /// The Python version.
    pub python: String,
    /// The day they were recorded, `YYYY-MM-DD`.
    pub recorded: String,
    /// The stories NumPy could run as written.
    #[serde(default)]
    pub story: Vec<NumpyStory>,
}

/// One story as NumPy ran it, in a fresh interpreter.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumpyStory {
    /// The viewbook story it is the NumPy side of.
    pub id: String,
    /// `reference` for the chapter's program, `mistake` for the program as first written.
    pub program: String,
    /// The size of the story's unit in NumPy, in bytes.
    pub unit_bytes: u64,
    /// The steps, named as the viewbook story names them.
    pub step: Vec<NumpyStep>,
}

/// One step of a [`NumpyStory`].
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumpyStep {
    /// The step's NumPy code, as run.
    pub numpy: String,
    /// RSS before it, in bytes.
    pub rss_before: u64,
    /// RSS after it, in bytes.
    pub rss_after: u64,
}

/// Who measured a line, and which program: each has its own colour, dash and marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// viewbook's reference solution: solid blue, circles.
    Viewbook,
    /// NumPy running the same steps: dashed orange, hollow squares.
    Numpy,
    /// viewbook running the program as first written: solid vermillion, triangles.
    ViewbookMistake,
    /// NumPy running the program as first written: dashed purple, hollow diamonds.
    NumpyMistake,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Viewbook => "vb-s0",
            Kind::Numpy => "vb-s1",
            Kind::ViewbookMistake => "vb-s2",
            Kind::NumpyMistake => "vb-s3",
        }
    }

    /// The marker as a character, for the change labels: the label names its line by shape.
    fn glyph(self) -> &'static str {
        match self {
            Kind::Viewbook => "●",
            Kind::Numpy => "□",
            Kind::ViewbookMistake => "▲",
            Kind::NumpyMistake => "◇",
        }
    }

    fn dashed(self) -> bool {
        matches!(self, Kind::Numpy | Kind::NumpyMistake)
    }
}

/// One measured line: RSS before and after each of the story's steps.
#[derive(Debug, Clone)]
pub struct Series {
    /// Whose line it is.
    pub kind: Kind,
    /// Its name in the legend.
    pub name: String,
    /// The size of 1.0x for this line, in bytes.
    pub unit_bytes: u64,
    /// RSS before and after each step, in bytes, in the story's order.
    pub rss: Vec<(u64, u64)>,
}

impl Series {
    /// viewbook's line for a measured story.
    pub fn of_story(kind: Kind, name: impl Into<String>, story: &StoryRecord) -> Series {
        Series {
            kind,
            name: name.into(),
            unit_bytes: story.unit_bytes,
            rss: story
                .step
                .iter()
                .map(|s| (s.rss_before, s.rss_after))
                .collect(),
        }
    }

    /// NumPy's line for a recorded story.
    pub fn of_numpy(kind: Kind, name: impl Into<String>, story: &NumpyStory) -> Series {
        Series {
            kind,
            name: name.into(),
            unit_bytes: story.unit_bytes,
            rss: story
                .step
                .iter()
                .map(|s| (s.rss_before, s.rss_after))
                .collect(),
        }
    }

    /// Each step's change, in units, rounded to a tenth: what is written on its segment.
    pub fn changes(&self) -> Vec<f64> {
        let unit = self.unit_bytes as f64;
        self.rss
            .iter()
            .map(|&(before, after)| round_tenth((after as f64 - before as f64) / unit))
            .collect()
    }

    /// The level after each step, above RSS before the first, in units, rounded to a tenth:
    /// where its segment is drawn.
    pub fn levels(&self) -> Vec<f64> {
        let unit = self.unit_bytes as f64;
        let start = self.rss.first().map_or(0, |s| s.0) as f64;
        self.rss
            .iter()
            // Rounded like the suites' tables: the chart shows the categorical outcome, so a
            // fresh run of a correct solution draws the same picture, byte for byte.
            .map(|&(_, after)| round_tenth((after as f64 - start) / unit))
            .collect()
    }
}

/// A chart to draw: a story, its lesson and its lines (viewbook's first).
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    /// The story's id: the chart's file name, and the prefix of its element ids.
    pub id: &'a str,
    /// The story (title, unit and step names).
    pub story: &'a StoryRecord,
    /// What the chart teaches.
    pub lesson: &'a Lesson,
    /// The lines, each with one entry per step of `story`.
    pub series: Vec<Series>,
    /// Where the lines were measured, for the footnote.
    pub source: String,
    /// The edition's words: the chart is drawn in its language.
    pub words: &'a Catalogue,
}

/// Draws every story's chart, by id: viewbook's line, NumPy's where `numpy` has the story, and
/// a mistake's lines where its lesson names one (`mistakes` holds those stories, by id).
///
/// # Errors
/// A story with no lesson, a lesson with no story, a lesson whose step the story lacks, a
/// named mistake that was not measured, or a NumPy story whose steps differ from the story's.
pub fn draw_all(
    stories: &[(String, StoryRecord)],
    lessons: &BTreeMap<String, Lesson>,
    mistakes: &BTreeMap<String, StoryRecord>,
    numpy: &NumpyStories,
    words: &Catalogue,
) -> Result<BTreeMap<String, String>, String> {
    let mut charts = BTreeMap::new();
    for id in lessons.keys() {
        if !stories.iter().any(|(s, _)| s == id) {
            return Err(format!(
                "book/charts.toml has a lesson for {id:?}, which no suite's story is"
            ));
        }
    }
    for (id, story) in stories {
        let lesson = lessons
            .get(id)
            .ok_or_else(|| format!("the story {id:?} has no lesson in book/charts.toml"))?;
        if !story.step.iter().any(|s| s.numpy == lesson.at) {
            return Err(format!(
                "book/charts.toml: the story {id:?} has no step {:?}",
                lesson.at
            ));
        }
        let numpy_of = |program: &str| -> Result<Option<&NumpyStory>, String> {
            let Some(found) = numpy
                .story
                .iter()
                .find(|n| n.id == *id && n.program == program)
            else {
                return Ok(None);
            };
            let same = found.step.len() == story.step.len()
                && found
                    .step
                    .iter()
                    .zip(&story.step)
                    .all(|(n, s)| n.numpy == s.numpy);
            if same {
                Ok(Some(found))
            } else {
                Err(format!(
                    "book/numpy-stories.toml's {program} steps of {id:?} are not the story's: \
                     run scripts/record-numpy-stories"
                ))
            }
        };
        let numpy_name = format!("NumPy {}", numpy.numpy);
        let mut series = Vec::new();
        let mut source = words.get(phrase::SOURCE);
        match &lesson.mistake {
            None => {
                series.push(Series::of_story(Kind::Viewbook, "viewbook", story));
                if let Some(n) = numpy_of("reference")? {
                    series.push(Series::of_numpy(Kind::Numpy, numpy_name.clone(), n));
                }
            }
            Some(feature) => {
                let wrong = mistakes.get(id).ok_or_else(|| {
                    format!("the mistake {feature} was not measured for the story {id:?}")
                })?;
                source = words.fill(phrase::SOURCE_MISTAKE, &[("feature", feature)]);
                series.push(Series::of_story(
                    Kind::ViewbookMistake,
                    words.get(phrase::VIEWBOOK_MISTAKE),
                    wrong,
                ));
                if let Some(n) = numpy_of("mistake")? {
                    series.push(Series::of_numpy(
                        Kind::NumpyMistake,
                        words.fill(phrase::NUMPY_MISTAKE, &[("numpy", &numpy_name)]),
                        n,
                    ));
                }
                series.push(Series::of_story(
                    Kind::Viewbook,
                    words.get(phrase::VIEWBOOK_FIXED),
                    story,
                ));
                if let Some(n) = numpy_of("reference")? {
                    series.push(Series::of_numpy(
                        Kind::Numpy,
                        words.fill(phrase::NUMPY_FIXED, &[("numpy", &numpy_name)]),
                        n,
                    ));
                }
            }
        }
        if series.iter().any(|s| s.kind == Kind::Numpy) {
            source.push_str(&words.fill(
                phrase::SOURCE_NUMPY,
                &[
                    ("numpy", &numpy.numpy),
                    ("python", &numpy.python),
                    ("date", &numpy.recorded),
                ],
            ));
        } else {
            // scripts/record-numpy-stories leaves out the stories NumPy cannot run as written.
            source.push_str(&words.get(phrase::SOURCE_NO_NUMPY));
        }
        let chart = Chart {
            id,
            story,
            lesson,
            series,
            source,
            words,
        };
        charts.insert(id.clone(), render(&chart));
    }
    Ok(charts)
}

/// Draws a chart: title, unit, legend, the lesson over its step, one step line per series
/// with each step's change written on its segment, and the steps listed underneath.
pub fn render(chart: &Chart) -> String {
    let story = chart.story;
    let words = chart.words;
    let title = words.get(&story.title);
    let lesson = words.get(&chart.lesson.lesson);
    let steps = story.step.len();
    let at = story
        .step
        .iter()
        .position(|s| s.numpy == chart.lesson.at)
        .unwrap_or(0);
    let lines: Vec<(Vec<f64>, Vec<f64>)> = chart
        .series
        .iter()
        .map(|s| (s.levels(), s.changes()))
        .collect();
    let all_levels = lines.iter().flat_map(|(l, _)| l.iter().copied());
    let (low, high) = all_levels.fold((0.0_f64, 1.0_f64), |(lo, hi), l| (lo.min(l), hi.max(l)));
    // Whole units, ignoring a few pages of noise past a whole unit.
    let top = (high - 0.05).ceil().max(1.0);
    let bottom = (low + 0.05).floor().min(0.0);
    let tick = if top - bottom <= 1.0 { 0.5 } else { 1.0 };

    let title_lines = wrap(&title, 60);
    let lesson_text = words.fill(
        phrase::LESSON,
        &[
            ("n", &(at + 1)),
            ("code", &story.step[at].numpy),
            ("lesson", &lesson),
        ],
    );
    let lesson_lines = wrap(&lesson_text, 74);
    let mut y = PAD + 16.0;
    let title_y = y;
    y += 24.0 * (title_lines.len() - 1) as f64 + LINE + 2.0;
    let unit_y = y;
    y += LINE + 6.0;
    let legend_y = y;
    y += 22.0 * chart.series.len() as f64 + 4.0;
    let lesson_top = y;
    let lesson_bottom = lesson_top + 10.0 + LINE * lesson_lines.len() as f64;
    // Room above the plot for the highest segment's labels, stacked one per line.
    let plot_top = lesson_bottom + 20.0 + STACK * chart.series.len() as f64;
    let plot_bottom = plot_top + PLOT;
    let right = WIDTH - PAD;
    let column = (right - LEFT) / (steps + 1) as f64;
    let x_of = |col: usize| LEFT + column * col as f64;
    let y_of = |units: f64| plot_bottom - (units - bottom) / (top - bottom) * PLOT;
    let steps_top = plot_bottom + 48.0;
    let source_lines = wrap(&chart.source, 80);
    let source_top = steps_top + LINE * steps as f64 + 12.0;
    let height = source_top + LINE * source_lines.len() as f64 + PAD;

    let id = format!("vb-{}", chart.id);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="vb-chart" viewBox="0 0 {WIDTH} {height:.0}" style="width:100%;min-width:{MIN_PX}px;max-width:{MAX_PX}px" role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc" font-family="sans-serif" font-size="{TEXT}">"#
    );
    let _ = writeln!(
        svg,
        r#"<title id="{id}-title">{}</title>"#,
        escape(&words.fill(phrase::TITLE, &[("title", &title), ("lesson", &lesson)]))
    );
    let _ = writeln!(
        svg,
        r#"<desc id="{id}-desc">{}</desc>"#,
        escape(&describe(chart, &lines))
    );
    svg.push_str(STYLE);

    for (i, line) in title_lines.iter().enumerate() {
        let _ = writeln!(
            svg,
            r#"<text x="{PAD}" y="{:.1}" font-size="17" font-weight="bold">{}</text>"#,
            title_y + 24.0 * i as f64,
            escape(line)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{PAD}" y="{unit_y:.1}">{}</text>"#,
        escape(&words.fill(
            phrase::UNIT,
            &[
                ("name", &words.get(&story.unit_name)),
                ("what", &words.get(&story.unit_what)),
                ("size", &mib(story.unit_bytes)),
            ]
        ))
    );
    for (i, series) in chart.series.iter().enumerate() {
        let ly = legend_y + 22.0 * i as f64;
        let class = series.kind.class();
        let _ = writeln!(
            svg,
            r#"<g class="vb-legend"><line class="vb-line {class}" x1="{PAD}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>{}<text x="{:.1}" y="{:.1}">{}</text></g>"#,
            ly - 5.0,
            PAD + 40.0,
            ly - 5.0,
            marker(series.kind, PAD + 20.0, ly - 5.0),
            PAD + 50.0,
            ly,
            escape(&series.name)
        );
    }

    // The lesson, boxed, with a leader down to its step's column, which is shaded.
    let band_x = x_of(at + 1);
    let _ = writeln!(
        svg,
        r#"<rect class="vb-band" x="{band_x:.1}" y="{:.1}" width="{column:.1}" height="{:.1}"/>"#,
        lesson_bottom,
        plot_bottom - lesson_bottom
    );
    let _ = writeln!(
        svg,
        r#"<rect class="vb-lesson" x="{PAD}" y="{lesson_top:.1}" width="{:.1}" height="{:.1}" rx="4"/>"#,
        WIDTH - 2.0 * PAD,
        lesson_bottom - lesson_top
    );
    for (i, line) in lesson_lines.iter().enumerate() {
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-weight="bold">{}</text>"#,
            PAD + 10.0,
            lesson_top + 4.0 + LINE * (i + 1) as f64 - 4.0,
            escape(line)
        );
    }

    // The axis: one gridline per tick.
    let mut t = bottom;
    while t <= top + 1e-9 {
        let ty = y_of(t);
        let _ = writeln!(
            svg,
            r#"<line class="vb-grid" x1="{LEFT}" y1="{ty:.1}" x2="{right}" y2="{ty:.1}"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 8.0,
            ty + 5.0,
            signed(t)
        );
        t += tick;
    }
    for col in 0..=steps {
        let label = if col == 0 {
            words.get(phrase::START)
        } else {
            col.to_string()
        };
        let weight = if col == at + 1 {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle"{weight}>{label}</text>"#,
            x_of(col) + column / 2.0,
            plot_bottom + 22.0
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{right}" y="{:.1}" text-anchor="end">{}</text>"#,
        plot_bottom + 40.0,
        escape(&words.get(phrase::AFTER_STEP))
    );

    // The lines: solid ones first, so that a dashed line on the same level shows over them.
    let mut order: Vec<usize> = (0..chart.series.len()).collect();
    order.sort_by_key(|&i| chart.series[i].kind.dashed());
    for &i in &order {
        let series = &chart.series[i];
        let (levels, _) = &lines[i];
        let class = series.kind.class();
        let mut path = format!("M{LEFT:.1},{:.1}H{:.1}", y_of(0.0), x_of(1));
        for (step, level) in levels.iter().enumerate() {
            let _ = write!(path, "V{:.1}H{:.1}", y_of(*level), x_of(step + 2));
        }
        let _ = writeln!(
            svg,
            r#"<path class="mark vb-line {class}" d="{path}"><title>{}</title></path>"#,
            escape(&series.name)
        );
    }
    // The markers the other way round: a hollow one (NumPy's, filled with the background) is
    // larger, and a filled one on the same point shows inside it.
    for &i in order.iter().rev() {
        let series = &chart.series[i];
        let (levels, changes) = &lines[i];
        for (step, (level, change)) in levels.iter().zip(changes).enumerate() {
            let cx = x_of(step + 1) + column / 2.0;
            let _ = writeln!(
                svg,
                r#"<g class="mark"><title>{}</title>{}</g>"#,
                escape(&words.fill(
                    phrase::POINT,
                    &[
                        ("series", &series.name),
                        ("n", &(step + 1)),
                        ("code", &story.step[step].numpy),
                        ("level", &signed(*level)),
                        ("change", &signed(*change)),
                    ]
                )),
                marker(series.kind, cx, y_of(*level)),
            );
        }
    }
    // Each step's change over its segment. Labels of lines on nearby levels would overlap:
    // from the lowest line up, each label goes over its segment or over the label below it,
    // whichever is higher.
    for step in 0..steps {
        let cx = x_of(step + 1) + column / 2.0;
        let mut by_level: Vec<usize> = (0..chart.series.len()).collect();
        // Stable, so lines on one level keep the legend's order, bottom up.
        by_level.sort_by(|&a, &b| lines[a].0[step].total_cmp(&lines[b].0[step]));
        let mut last = f64::INFINITY;
        for i in by_level {
            let (levels, changes) = &lines[i];
            let label_y = (y_of(levels[step]) - 10.0).min(last - STACK);
            last = label_y;
            let series = &chart.series[i];
            let _ = writeln!(
                svg,
                r#"<text class="vb-change" x="{cx:.1}" y="{label_y:.1}" text-anchor="middle"><tspan class="{}">{}</tspan> {}</text>"#,
                series.kind.class(),
                series.kind.glyph(),
                signed(changes[step])
            );
        }
    }

    for (i, step) in story.step.iter().enumerate() {
        let weight = if i == at {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            r#"<text x="{PAD}" y="{:.1}"{weight}><tspan>{}</tspan><tspan x="{:.1}" font-family="monospace">{}</tspan></text>"#,
            steps_top + LINE * i as f64,
            i + 1,
            PAD + 24.0,
            escape(&step.numpy)
        );
    }
    for (i, line) in source_lines.iter().enumerate() {
        let _ = writeln!(
            svg,
            r#"<text class="vb-source" x="{PAD}" y="{:.1}">{}</text>"#,
            source_top + LINE * i as f64,
            escape(line)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The chart's own styles. Colours are CSS custom properties with Okabe–Ito defaults, which
/// `book/theme/charts.css` sets per mdBook theme; text and grid use `currentColor`, the page's
/// text colour once inlined. The same rules in every chart, so inlining several is harmless.
const STYLE: &str = "<style>\
.vb-chart{color:#1f1f1f}\
.vb-chart text{fill:currentColor}\
.vb-grid{stroke:currentColor;stroke-opacity:.2}\
.vb-band{fill:currentColor;fill-opacity:.07}\
.vb-lesson{fill:currentColor;fill-opacity:.05;stroke:currentColor;stroke-opacity:.35}\
.vb-s0{stroke:var(--vb-chart-0,#0072B2);fill:var(--vb-chart-0,#0072B2)}\
.vb-s1{stroke:var(--vb-chart-1,#E69F00);fill:var(--vb-chart-1,#E69F00)}\
.vb-s2{stroke:var(--vb-chart-2,#D55E00);fill:var(--vb-chart-2,#D55E00)}\
.vb-s3{stroke:var(--vb-chart-3,#CC79A7);fill:var(--vb-chart-3,#CC79A7)}\
.vb-line{fill:none;stroke-width:4;stroke-linejoin:round}\
.vb-line.vb-s1,.vb-line.vb-s3{stroke-width:2.5;stroke-dasharray:8 5}\
.vb-hollow{fill:var(--bg,#fff);stroke-width:2.5}\
.vb-change{paint-order:stroke;stroke:var(--bg,#fff);stroke-width:4px;stroke-linejoin:round}\
tspan.vb-s0,tspan.vb-s1,tspan.vb-s2,tspan.vb-s3{stroke:none}\
</style>\n";

/// A series' marker centred on (`x`, `y`): filled for viewbook, hollow for NumPy (filled with
/// the page's background, so that a line under it does not show through).
fn marker(kind: Kind, x: f64, y: f64) -> String {
    let class = kind.class();
    match kind {
        Kind::Viewbook => format!(r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="5.5"/>"#),
        Kind::Numpy => format!(
            r#"<rect class="vb-hollow {class}" x="{:.1}" y="{:.1}" width="13" height="13"/>"#,
            x - 6.5,
            y - 6.5
        ),
        Kind::ViewbookMistake => format!(
            r#"<path class="{class}" d="M{x:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}Z"/>"#,
            y - 7.0,
            x + 7.0,
            y + 5.0,
            x - 7.0,
            y + 5.0
        ),
        Kind::NumpyMistake => format!(
            r#"<path class="vb-hollow {class}" d="M{x:.1},{:.1}L{:.1},{y:.1}L{x:.1},{:.1}L{:.1},{y:.1}Z"/>"#,
            y - 8.5,
            x + 8.5,
            y + 8.5,
            x - 8.5
        ),
    }
}

/// The outcome in words, for the chart's `<desc>`: the lesson, then each line's change at each
/// step (a line that measured what the one before it did says so). A reader who cannot see
/// the chart gets what it shows.
fn describe(chart: &Chart, lines: &[(Vec<f64>, Vec<f64>)]) -> String {
    let words = chart.words;
    let lesson = words.get(&chart.lesson.lesson);
    let mut out = words.fill(
        phrase::DESCRIBE_LESSON,
        &[("lesson", &lesson.trim_end_matches('.'))],
    );
    for (i, (series, (levels, changes))) in chart.series.iter().zip(lines).enumerate() {
        if i > 0 && lines[i - 1].1 == *changes {
            out.push_str(&words.fill(
                phrase::DESCRIBE_SAME,
                &[
                    ("series", &series.name),
                    ("other", &chart.series[i - 1].name),
                ],
            ));
            continue;
        }
        let mut parts = Vec::new();
        for (step, change) in chart.story.step.iter().zip(changes) {
            let code = &step.numpy;
            parts.push(if *change > 0.0 {
                words.fill(
                    phrase::RISES,
                    &[("change", &format!("{change:.1}x")), ("code", code)],
                )
            } else if *change < 0.0 {
                words.fill(
                    phrase::FALLS,
                    &[("change", &format!("{:.1}x", -change)), ("code", code)],
                )
            } else {
                words.fill(phrase::LEVEL, &[("code", code)])
            });
        }
        out.push_str(&words.fill(
            phrase::DESCRIBE_LINE,
            &[
                ("series", &series.name),
                (
                    "changes",
                    &parts.join(&words.get(phrase::DESCRIBE_SEPARATOR)),
                ),
                ("level", &signed(levels.last().copied().unwrap_or(0.0))),
            ],
        ));
    }
    out.trim_end().to_owned()
}

/// Splits `text` into lines of at most about `width` columns, at spaces, or between two
/// Chinese characters (which take two columns each and need no space to break).
fn wrap(text: &str, width: usize) -> Vec<String> {
    // (piece, whether a space came before it): a piece is a word, or one wide character with
    // the closing punctuation after it, which must not start a line.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut spaced = false;
    for c in text.chars() {
        if c == ' ' {
            spaced = true;
            continue;
        }
        let continues = match pieces.last() {
            Some((last, _)) if !spaced => {
                let last_wide = last.chars().last().is_some_and(is_wide);
                if is_closing(c) {
                    true
                } else {
                    !is_wide(c) && !last_wide
                }
            }
            _ => false,
        };
        if continues {
            pieces.last_mut().expect("a piece").0.push(c);
        } else {
            pieces.push((c.to_string(), spaced));
        }
        spaced = false;
    }
    let mut lines = vec![String::new()];
    for (piece, space) in pieces {
        let line = lines.last_mut().expect("one line at least");
        let gap = usize::from(space && !line.is_empty());
        if !line.is_empty() && columns(line) + gap + columns(&piece) > width {
            lines.push(piece);
        } else {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(&piece);
        }
    }
    lines
}

/// Punctuation that ends a phrase, kept on the line of the word before it.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '”'
            | ','
            | '.'
            | ':'
            | ';'
            | ')'
    )
}

fn columns(text: &str) -> usize {
    crate::translation::display_width(text)
}

fn signed(units: f64) -> String {
    format!("{:+.1}x", round_tenth(units))
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
}

fn round_tenth(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    // -0.0 would print as "-0.0x"; a change that rounds to nothing has no sign.
    if r == 0.0 { 0.0 } else { r }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StepRecord;

    const MIB: u64 = 1 << 20;

    fn record(title: &str, steps: &[(&str, u64, u64)]) -> StoryRecord {
        StoryRecord {
            chapter: "ch03_base".into(),
            title: title.into(),
            unit_name: "arr".into(),
            unit_what: "524,288 i64".into(),
            unit_bytes: 4 * MIB,
            step: steps
                .iter()
                .map(|&(numpy, before, after)| StepRecord {
                    numpy: numpy.to_owned(),
                    rust: String::new(),
                    rss_before: before * MIB,
                    rss_after: after * MIB,
                    heap_before: before * MIB,
                    heap_after: after * MIB,
                    heap_peak: before.max(after) * MIB,
                })
                .collect(),
        }
    }

    /// Chapter 1's story: the third step's change is -0.5x while RSS stands at +1.0x.
    fn lists() -> StoryRecord {
        record(
            "Slicing <a list> copies",
            &[
                ("list1 = [None] * N", 10, 14),
                ("list2 = list1[:N//2]", 14, 16),
                ("del list2", 16, 14),
                ("del list1", 14, 10),
            ],
        )
    }

    fn lesson(at: &str, text: &str) -> Lesson {
        Lesson {
            at: at.into(),
            lesson: text.into(),
            mistake: None,
        }
    }

    fn draw(story: &StoryRecord, lesson: &Lesson, numpy: &NumpyStories) -> String {
        let stories = vec![("ch01--lists".to_owned(), story.clone())];
        let lessons = BTreeMap::from([("ch01--lists".to_owned(), lesson.clone())]);
        draw_all(
            &stories,
            &lessons,
            &BTreeMap::new(),
            numpy,
            &Catalogue::english(),
        )
        .unwrap()
        .remove("ch01--lists")
        .unwrap()
    }

    /// The change labels of a chart, in order.
    fn labels(svg: &str) -> Vec<&str> {
        svg.split(r#"<text class="vb-change""#)
            .skip(1)
            .map(|t| {
                let text = &t[t.find("</tspan> ").unwrap() + "</tspan> ".len()..];
                &text[..text.find("</text>").unwrap()]
            })
            .collect()
    }

    #[test]
    fn a_steps_label_is_its_change_not_its_level() {
        let svg = draw(
            &lists(),
            &lesson("list2 = list1[:N//2]", "copies"),
            &NumpyStories::default(),
        );
        assert_eq!(labels(&svg), ["+1.0x", "+0.5x", "-0.5x", "-1.0x"], "{svg}");
        assert!(
            svg.contains(
                "after step 3 (del list2): +1.0x above the start; the step changed RSS by -0.5x"
            ),
            "the point's tooltip gives both: {svg}"
        );
        assert!(
            svg.contains("Slicing &lt;a list&gt; copies"),
            "escaped: {svg}"
        );
    }

    #[test]
    fn the_lesson_is_written_over_its_step_and_in_the_description() {
        let svg = draw(
            &lists(),
            &lesson("del list2", "del list2 gives the copied pointers back"),
            &NumpyStories::default(),
        );
        assert!(
            svg.contains("Step 3, del list2: del list2 gives the copied pointers back"),
            "{svg}"
        );
        let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
        assert!(
            desc.ends_with(
                ">del list2 gives the copied pointers back. viewbook: RSS rises by 1.0x at \
                 list1 = [None] * N, rises by 0.5x at list2 = list1[:N//2], falls by 0.5x at \
                 del list2, falls by 1.0x at del list1, ending +0.0x above the start."
            ),
            "{desc}"
        );
        assert!(
            svg.contains(r#"role="img" aria-labelledby="vb-ch01--lists-title""#),
            "{svg}"
        );
    }

    #[test]
    fn every_chart_has_a_mark_per_line_and_point_even_when_nothing_moves() {
        let flat = record("Nothing", &[("a = 1", 10, 10), ("del a", 10, 10)]);
        let svg = draw(&flat, &lesson("del a", "nothing"), &NumpyStories::default());
        // One line, two points.
        assert_eq!(svg.matches(r#"class="mark"#).count(), 3, "{svg}");
        assert!(svg.contains("so viewbook is drawn alone"), "{svg}");
    }

    #[test]
    fn numpy_is_drawn_beside_viewbook_dashed_when_recorded() {
        let numpy = NumpyStories {
            numpy: "2.4.6".into(),
            python: "3.11".into(),
            recorded: "2026-12-02".into(),
            story: vec![NumpyStory {
                id: "ch01--lists".into(),
                program: "reference".into(),
                unit_bytes: 4 * MIB,
                step: lists()
                    .step
                    .iter()
                    .map(|s| NumpyStep {
                        numpy: s.numpy.clone(),
                        rss_before: s.rss_before + MIB,
                        rss_after: s.rss_after + MIB,
                    })
                    .collect(),
            }],
        };
        let svg = draw(&lists(), &lesson("del list2", "copies"), &numpy);
        assert!(svg.contains(r#"class="mark vb-line vb-s1""#), "{svg}");
        assert!(
            svg.contains(">NumPy 2.4.6</text>"),
            "the legend names it: {svg}"
        );
        assert!(
            svg.contains("NumPy 2.4.6: the same changes as viewbook.</desc>"),
            "the description does not repeat what is the same: {svg}"
        );
        assert_eq!(labels(&svg).len(), 8, "{svg}");
        assert!(svg.contains("recorded on 2026-12-02"), "{svg}");
    }

    #[test]
    fn a_story_without_a_lesson_or_a_lesson_without_its_step_is_refused() {
        let stories = vec![("ch01--lists".to_owned(), lists())];
        let none = draw_all(
            &stories,
            &BTreeMap::new(),
            &BTreeMap::new(),
            &Default::default(),
            &Catalogue::english(),
        );
        assert!(none.unwrap_err().contains("has no lesson"));
        let lessons = BTreeMap::from([("ch01--lists".to_owned(), lesson("del x", "?"))]);
        let wrong = draw_all(
            &stories,
            &lessons,
            &BTreeMap::new(),
            &Default::default(),
            &Catalogue::english(),
        );
        assert!(wrong.unwrap_err().contains("has no step"));
    }

    #[test]
    fn a_mistake_is_drawn_with_the_fix_on_one_chart() {
        let fixed = record(
            "Headers",
            &[("headers = h()", 10, 10), ("del headers", 10, 10)],
        );
        let leak = record(
            "Headers",
            &[("headers = h()", 10, 26), ("del headers", 26, 10)],
        );
        let stories = vec![("ch06--h".to_owned(), fixed)];
        let mut l = lesson("headers = h()", "views keep recordings");
        l.mistake = Some("ch06_headers_are_views".into());
        let lessons = BTreeMap::from([("ch06--h".to_owned(), l)]);
        let mistakes = BTreeMap::from([("ch06--h".to_owned(), leak)]);
        let svg = draw_all(
            &stories,
            &lessons,
            &mistakes,
            &Default::default(),
            &Catalogue::english(),
        )
        .unwrap()
        .remove("ch06--h")
        .unwrap();
        assert_eq!(labels(&svg), ["+0.0x", "+4.0x", "-4.0x", "+0.0x"], "{svg}");
        assert!(svg.contains(">viewbook, as first written</text>"), "{svg}");
        assert!(svg.contains(">viewbook, fixed</text>"), "{svg}");
        assert!(
            svg.contains("4.0x</text>"),
            "the axis reaches the leak: {svg}"
        );
    }

    #[test]
    fn the_chart_is_never_drawn_small_enough_to_shrink_its_text_below_11_px() {
        let svg = draw(
            &lists(),
            &lesson("del list2", "x"),
            &NumpyStories::default(),
        );
        const { assert!(TEXT * MIN_PX / WIDTH >= 11.0) };
        assert!(svg.contains(&format!("min-width:{MIN_PX}px")), "{svg}");
        let smallest = svg
            .split("font-size=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse::<f64>().unwrap())
            .fold(f64::MAX, f64::min);
        assert!(smallest >= TEXT, "{smallest}");
    }
}
