//! Small, self-contained SVG chart builders: horizontal bars with optional
//! uncertainty whiskers, a Pareto chart (columns plus a cumulative-share line)
//! and vertical columns. They know nothing of the spend report, so the web app
//! can reuse them.
//!
//! Every chart is `role="img"` with a `<title>` and `<desc>` (the caller writes
//! the description in words) and should be followed by a data table. Colours
//! meet WCAG 2.1 AA on white (text ≥ 4.5:1, bars and lines ≥ 3:1), and nothing
//! is told by colour alone: each bar carries its value as text, the range is a
//! whisker with end caps and the cumulative line has point markers and a legend.

use std::fmt::Write;

use super::decimal_sv;
use super::html::escape;

/// Text colour (16:1 on white).
pub const INK: &str = "#1a1a1a";
/// Axis and legend text (8.5:1 on white).
pub const MUTED: &str = "#4d4d4d";
/// Bars: 4.5:1 against white and 4.6:1 against the black whisker drawn over them.
pub const BAR: &str = "#3a78b0";
/// Whiskers (uncertainty ranges).
pub const WHISKER: &str = "#000000";
/// Cumulative line (6.5:1 on white), drawn with a white halo where it crosses bars.
pub const LINE: &str = "#a33c00";
/// Grid lines: decoration only, the values are printed as text.
pub const GRID: &str = "#d9d9d9";

const WIDTH: f64 = 760.0;
/// Room for the value axis labels left of the columns.
const AXIS_W: f64 = 78.0;
/// Rough width of a 12 px character, for fitting labels without measuring text.
const CHAR_W: f64 = 7.0;
/// Rotated column labels are cut to this length.
const ROTATED_CHARS: usize = 20;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/// What every chart needs besides its data.
#[derive(Debug, Clone, Copy)]
pub struct Chart<'a> {
    /// Unique on the page: the title and description get `{id}-titel` and `{id}-besk`.
    pub id: &'a str,
    pub title: &'a str,
    /// The data summarised in words, read by screen readers.
    pub desc: &'a str,
    /// Unit of the value axis, e.g. "ton CO₂e" or "tkr".
    pub unit: &'a str,
    /// The chart's own words (the range legend) in English rather than Swedish.
    pub english: bool,
}

/// One bar or column.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// Value in the chart's unit; non-finite values are drawn as zero.
    pub value: f64,
    /// Printed next to the bar, already formatted (e.g. "157,5 t").
    pub text: String,
    /// Low and high end of a range (uncertainty or spread), drawn as a whisker.
    pub range: Option<(f64, f64)>,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: f64, text: impl Into<String>) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: text.into(),
            range: None,
        }
    }

    pub fn with_range(mut self, low: f64, high: f64) -> Bar {
        self.range = Some((low, high));
        self
    }

    fn whisker(&self) -> Option<(f64, f64)> {
        let (low, high) = self.range?;
        let (low, high) = (finite(low), finite(high));
        let scale = low.abs().max(high.abs()).max(f64::MIN_POSITIVE);
        ((high - low).abs() > scale * 1e-9).then_some((low.min(high), low.max(high)))
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

/// A linear value axis that always includes zero, with "nice" tick steps.
#[derive(Debug, Clone, PartialEq)]
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
}

impl Scale {
    fn new(values: impl IntoIterator<Item = f64>, target_ticks: f64) -> Scale {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for v in values {
            let v = finite(v);
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi - lo <= 0.0 {
            hi = lo + 1.0;
        }
        let raw = (hi - lo) / target_ticks.max(1.0);
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        Scale {
            lo: (lo / step).floor() * step,
            hi: (hi / step).ceil() * step,
            step,
        }
    }

    /// Position of `v` between 0 (lo) and 1 (hi).
    fn unit(&self, v: f64) -> f64 {
        ((finite(v) - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0)
    }

    fn ticks(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round() as i64;
        (0..=n.clamp(0, 50))
            .map(|i| self.lo + i as f64 * self.step)
            .collect()
    }

    fn label(&self, v: f64) -> String {
        let decimals = if self.step >= 1.0 {
            0
        } else {
            (-self.step.log10().floor()).clamp(0.0, 6.0) as usize
        };
        nbsp(&decimal_sv(v, decimals))
    }
}

/// Numbers keep their digit groups on one line.
fn nbsp(s: &str) -> String {
    s.replace(' ', "\u{a0}")
}

/// Cuts a label to `max` characters with an ellipsis; the table has the full text.
fn truncate(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn open(out: &mut String, chart: &Chart<'_>, height: f64) {
    let id = escape(chart.id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         width=\"{WIDTH}\" height=\"{height:.0}\" role=\"img\" \
         aria-labelledby=\"{id}-titel\" aria-describedby=\"{id}-besk\" \
         font-family=\"{FONT}\" font-size=\"13\" fill=\"{INK}\">\
         <title id=\"{id}-titel\">{}</title><desc id=\"{id}-besk\">{}</desc>\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        escape(chart.title),
        escape(chart.desc),
    );
}

/// Horizontal bars, one row per item, with the value printed after each bar and
/// a whisker for the range where low and high differ.
pub fn horizontal_bars(chart: &Chart<'_>, bars: &[Bar]) -> String {
    const LABEL_W: f64 = 230.0;
    const X0: f64 = LABEL_W + 8.0;
    const X1: f64 = WIDTH - 150.0;
    const ROW: f64 = 30.0;
    const BAR_H: f64 = 18.0;
    let has_whiskers = bars.iter().any(|b| b.whisker().is_some());
    let top = if has_whiskers { 56.0 } else { 34.0 };
    let bottom = 34.0;
    let height = top + ROW * bars.len() as f64 + bottom;
    let scale = Scale::new(
        bars.iter().flat_map(|b| {
            let (lo, hi) = b.whisker().unwrap_or((b.value, b.value));
            [b.value, lo, hi]
        }),
        5.0,
    );
    let x = |v: f64| X0 + scale.unit(v) * (X1 - X0);
    let plot_bottom = top + ROW * bars.len() as f64;

    let mut out = String::with_capacity(2048 + bars.len() * 512);
    open(&mut out, chart, height);
    let _ = write!(
        out,
        "<text x=\"{X0}\" y=\"20\" fill=\"{MUTED}\">{}</text>",
        escape(chart.unit)
    );
    if has_whiskers {
        let _ = write!(
            out,
            "<g stroke=\"{WHISKER}\" stroke-width=\"2\">\
             <line x1=\"{X0}\" y1=\"40\" x2=\"{}\" y2=\"40\"/>\
             <line x1=\"{X0}\" y1=\"34\" x2=\"{X0}\" y2=\"46\"/>\
             <line x1=\"{}\" y1=\"34\" x2=\"{}\" y2=\"46\"/></g>\
             <text x=\"{}\" y=\"44\" fill=\"{MUTED}\">{}</text>",
            X0 + 28.0,
            X0 + 28.0,
            X0 + 28.0,
            X0 + 36.0,
            if chart.english {
                "Line with end ticks: range (low–high)"
            } else {
                "Linje med ändstreck: intervall (låg–hög)"
            },
        );
    }
    for tick in scale.ticks() {
        let tx = x(tick);
        let _ = write!(
            out,
            "<line x1=\"{tx:.1}\" y1=\"{top}\" x2=\"{tx:.1}\" y2=\"{plot_bottom}\" stroke=\"{GRID}\"/>\
             <text x=\"{tx:.1}\" y=\"{:.0}\" text-anchor=\"middle\" fill=\"{MUTED}\" font-size=\"12\">{}</text>",
            plot_bottom + 18.0,
            scale.label(tick),
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + ROW * i as f64;
        let mid = y + ROW / 2.0;
        let (x_zero, x_value) = (x(0.0), x(bar.value));
        let _ = write!(
            out,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{BAR_H}\" fill=\"{BAR}\"/>",
            LABEL_W,
            mid + 4.5,
            escape(&truncate(&bar.label, 30)),
            x_zero.min(x_value),
            mid - BAR_H / 2.0,
            (x_value - x_zero).abs(),
        );
        let mut text_x = x_value.max(x_zero);
        if let Some((low, high)) = bar.whisker() {
            let (xl, xh) = (x(low), x(high));
            let _ = write!(
                out,
                "<g stroke=\"{WHISKER}\" stroke-width=\"2\">\
                 <line x1=\"{xl:.1}\" y1=\"{mid:.1}\" x2=\"{xh:.1}\" y2=\"{mid:.1}\"/>\
                 <line x1=\"{xl:.1}\" y1=\"{:.1}\" x2=\"{xl:.1}\" y2=\"{:.1}\"/>\
                 <line x1=\"{xh:.1}\" y1=\"{:.1}\" x2=\"{xh:.1}\" y2=\"{:.1}\"/></g>",
                mid - 6.0,
                mid + 6.0,
                mid - 6.0,
                mid + 6.0,
            );
            text_x = text_x.max(xh);
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            text_x + 6.0,
            mid + 4.5,
            escape(&nbsp(&bar.text)),
        );
    }
    let xz = x(0.0);
    let _ = write!(
        out,
        "<line x1=\"{xz:.1}\" y1=\"{top}\" x2=\"{xz:.1}\" y2=\"{plot_bottom}\" stroke=\"{INK}\"/></svg>"
    );
    out
}

/// Layout shared by the column charts: a value axis on the left, one slot per column.
struct Columns {
    top: f64,
    plot_h: f64,
    x0: f64,
    x1: f64,
    slot: f64,
    rotate: bool,
    label_chars: usize,
    scale: Scale,
}

impl Columns {
    fn new(bars: &[Bar], top: f64, right: f64) -> Columns {
        let x1 = WIDTH - right;
        let n = bars.len().max(1) as f64;
        let longest = bars
            .iter()
            .map(|b| b.label.chars().count())
            .max()
            .unwrap_or(0);
        // Labels turn 45° when they do not fit under their column.
        let rotate = longest as f64 * CHAR_W > (x1 - AXIS_W) / n - 4.0;
        let label_chars = if rotate {
            longest.min(ROTATED_CHARS)
        } else {
            longest
        };
        // A rotated label reaches left of its column; keep the first one inside.
        // Glyphs hang below the baseline too, hence the extra margin.
        let reach = label_chars as f64 * CHAR_W * std::f64::consts::FRAC_1_SQRT_2 + 18.0;
        let x0 = if rotate {
            AXIS_W.max(reach - (x1 - AXIS_W) / n / 2.0)
        } else {
            AXIS_W
        };
        Columns {
            top,
            plot_h: 240.0,
            x0,
            x1,
            slot: (x1 - x0) / n,
            rotate,
            label_chars,
            scale: Scale::new(bars.iter().map(|b| b.value), 5.0),
        }
    }

    fn y(&self, v: f64) -> f64 {
        self.top + self.plot_h * (1.0 - self.scale.unit(v))
    }

    fn bottom(&self) -> f64 {
        self.top + self.plot_h
    }

    fn height(&self) -> f64 {
        let labels = if self.rotate {
            self.label_chars as f64 * CHAR_W * std::f64::consts::FRAC_1_SQRT_2 + 30.0
        } else {
            40.0
        };
        self.bottom() + labels
    }

    fn centre(&self, i: usize) -> f64 {
        self.x0 + self.slot * (i as f64 + 0.5)
    }

    /// Grid, left axis, columns, value texts (where they fit) and labels.
    fn draw(&self, out: &mut String, chart: &Chart<'_>, bars: &[Bar]) {
        let (x0, x1, bottom) = (self.x0, self.x1, self.bottom());
        let _ = write!(
            out,
            "<text x=\"8\" y=\"20\" fill=\"{MUTED}\">{}</text>",
            escape(chart.unit)
        );
        for tick in self.scale.ticks() {
            let ty = self.y(tick);
            let _ = write!(
                out,
                "<line x1=\"{x0}\" y1=\"{ty:.1}\" x2=\"{x1}\" y2=\"{ty:.1}\" stroke=\"{GRID}\"/>\
                 <text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{MUTED}\" font-size=\"12\">{}</text>",
                x0 - 6.0,
                ty + 4.0,
                self.scale.label(tick),
            );
        }
        let bar_w = (self.slot * 0.7).max(1.0);
        let y_zero = self.y(0.0);
        for (i, bar) in bars.iter().enumerate() {
            let cx = self.centre(i);
            let y_value = self.y(bar.value);
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"{BAR}\"/>",
                cx - bar_w / 2.0,
                y_value.min(y_zero),
                (y_zero - y_value).abs(),
            );
            let fits = bar.text.chars().count() as f64 * CHAR_W <= self.slot - 2.0;
            if fits && !bar.text.is_empty() {
                let _ = write!(
                    out,
                    "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">{}</text>",
                    y_value.min(y_zero) - 5.0,
                    escape(&nbsp(&bar.text)),
                );
            }
            let label = escape(&truncate(&bar.label, self.label_chars));
            if self.rotate {
                let ly = bottom + 14.0;
                let _ = write!(
                    out,
                    "<text x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" font-size=\"12\" \
                     transform=\"rotate(-45 {cx:.1} {ly:.1})\">{label}</text>"
                );
            } else {
                let _ = write!(
                    out,
                    "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\">{label}</text>",
                    bottom + 18.0
                );
            }
        }
        let _ = write!(
            out,
            "<line x1=\"{x0}\" y1=\"{y_zero:.1}\" x2=\"{x1}\" y2=\"{y_zero:.1}\" stroke=\"{INK}\"/>"
        );
    }
}

/// Vertical columns, e.g. spend per month. Values are printed above the
/// columns when there is room; labels turn 45° when there are many columns.
pub fn columns(chart: &Chart<'_>, bars: &[Bar]) -> String {
    let layout = Columns::new(bars, 40.0, 16.0);
    let mut out = String::with_capacity(2048 + bars.len() * 384);
    open(&mut out, chart, layout.height());
    layout.draw(&mut out, chart, bars);
    out.push_str("</svg>");
    out
}

/// Pareto chart: columns (largest first, as given) and a line for the
/// cumulative share of `total`, read on a 0–100 % axis on the right, with a
/// dashed reference at 80 %. When `total` is not positive, the sum of the
/// positive values is used.
pub fn pareto(chart: &Chart<'_>, bars: &[Bar], total: f64) -> String {
    let layout = Columns::new(bars, 64.0, 56.0);
    let mut out = String::with_capacity(4096 + bars.len() * 512);
    open(&mut out, chart, layout.height());

    // Legend: a bar swatch and a line-with-marker sample, each with its words.
    let _ = write!(
        out,
        "<rect x=\"{x}\" y=\"32\" width=\"14\" height=\"14\" fill=\"{BAR}\"/>\
         <text x=\"{}\" y=\"44\" fill=\"{MUTED}\">Staplar: belopp per leverantör</text>\
         <line x1=\"{}\" y1=\"39\" x2=\"{}\" y2=\"39\" stroke=\"{LINE}\" stroke-width=\"2.5\"/>\
         <circle cx=\"{}\" cy=\"39\" r=\"4\" fill=\"{LINE}\"/>\
         <text x=\"{}\" y=\"44\" fill=\"{MUTED}\">Linje: ackumulerad andel av alla inköp (höger axel)</text>",
        layout.x0 + 20.0,
        layout.x0 + 260.0,
        layout.x0 + 284.0,
        layout.x0 + 272.0,
        layout.x0 + 292.0,
        x = layout.x0,
    );
    layout.draw(&mut out, chart, bars);

    let total = if total > 0.0 && total.is_finite() {
        total
    } else {
        bars.iter().map(|b| finite(b.value).max(0.0)).sum()
    };
    let y_share = |share: f64| layout.top + layout.plot_h * (1.0 - share.clamp(0.0, 1.0));
    let x_axis = layout.x1 + 6.0;
    for pct in [0u32, 20, 40, 60, 80, 100] {
        let _ = write!(
            out,
            "<text x=\"{x_axis:.0}\" y=\"{:.1}\" fill=\"{MUTED}\" font-size=\"12\">{pct}\u{a0}%</text>",
            y_share(f64::from(pct) / 100.0) + 4.0,
        );
    }
    let y80 = y_share(0.8);
    let _ = write!(
        out,
        "<line x1=\"{}\" y1=\"{y80:.1}\" x2=\"{}\" y2=\"{y80:.1}\" stroke=\"{MUTED}\" stroke-dasharray=\"6 4\"/>",
        layout.x0, layout.x1
    );
    if total > 0.0 && !bars.is_empty() {
        let mut running = 0.0;
        let points: Vec<(f64, f64)> = bars
            .iter()
            .enumerate()
            .map(|(i, b)| {
                running += finite(b.value);
                (layout.centre(i), y_share(running / total))
            })
            .collect();
        let path: Vec<String> = points
            .iter()
            .map(|(px, py)| format!("{px:.1},{py:.1}"))
            .collect();
        let path = path.join(" ");
        let _ = write!(
            out,
            "<polyline points=\"{path}\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"6\"/>\
             <polyline points=\"{path}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2.5\"/>"
        );
        for (px, py) in points {
            let _ = write!(
                out,
                "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"{LINE}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn colours_meet_wcag_aa() {
        let white = "#ffffff";
        assert!(contrast(INK, white) >= 4.5);
        assert!(contrast(MUTED, white) >= 4.5);
        assert!(contrast(BAR, white) >= 3.0);
        assert!(contrast(LINE, white) >= 3.0);
        // The whisker is drawn over the bar, so it must stand out against it.
        assert!(contrast(WHISKER, BAR) >= 3.0);
    }

    fn chart() -> Chart<'static> {
        Chart {
            english: false,
            id: "d1",
            title: "Utsläpp <per> kategori",
            desc: "Störst är \"Livsmedel\" & transporter",
            unit: "ton CO₂e",
        }
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn every_chart_has_escaped_title_and_desc() {
        let bars = [Bar::new("<b>A</b>", 2.0, "2 t")];
        for svg in [
            horizontal_bars(&chart(), &bars),
            columns(&chart(), &bars),
            pareto(&chart(), &bars, 4.0),
        ] {
            assert!(svg.starts_with("<svg "));
            assert!(svg.ends_with("</svg>"));
            assert!(svg.contains("role=\"img\""));
            assert!(svg.contains("aria-labelledby=\"d1-titel\""));
            assert!(svg.contains(
                "<title id=\"d1-titel\">Utsläpp &lt;per&gt; kategori</title>\
                 <desc id=\"d1-besk\">Störst är &quot;Livsmedel&quot; &amp; transporter</desc>"
            ));
            assert!(svg.contains("&lt;b&gt;A&lt;/b&gt;"));
            assert!(!svg.contains("<b>"));
            assert!(svg.contains("2\u{a0}t"));
        }
    }

    #[test]
    fn bars_are_proportional_and_whiskers_only_for_real_ranges() {
        let bars = [
            Bar::new("Stor", 100.0, "100").with_range(50.0, 200.0),
            Bar::new("Liten", 50.0, "50").with_range(50.0, 50.0),
        ];
        let svg = horizontal_bars(&chart(), &bars);
        // Axis 0–200 over 372 px: 100 → 186 px, 50 → 93 px.
        assert!(svg.contains("width=\"186.0\" height=\"18\""), "{svg}");
        assert!(svg.contains("width=\"93.0\" height=\"18\""), "{svg}");
        // One whisker (three lines) in the plot plus the legend sample.
        assert_eq!(count(&svg, &format!("stroke=\"{WHISKER}\"")), 2);
        assert!(svg.contains("intervall (låg–hög)"));

        let plain = horizontal_bars(&chart(), &[Bar::new("A", 1.0, "1")]);
        assert!(!plain.contains("intervall"));
    }

    #[test]
    fn pareto_line_reaches_the_share_of_the_total() {
        let bars = [Bar::new("A", 60.0, ""), Bar::new("B", 20.0, "")];
        let svg = pareto(&chart(), &bars, 100.0);
        // Plot from y=64 to y=304: 60 % → 160.0, 80 % → 112.0.
        assert!(svg.contains("cy=\"160.0\""), "{svg}");
        assert!(svg.contains("cy=\"112.0\""), "{svg}");
        assert_eq!(count(&svg, "<circle"), 3); // two points and the legend marker
        assert!(svg.contains("80\u{a0}%"));
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        for bars in [
            vec![],
            vec![Bar::new("", f64::NAN, "")],
            vec![Bar::new("neg", -5.0, "-5").with_range(f64::INFINITY, -10.0)],
            vec![Bar::new("noll", 0.0, "0"); 40],
        ] {
            for svg in [
                horizontal_bars(&chart(), &bars),
                columns(&chart(), &bars),
                pareto(&chart(), &bars, 0.0),
            ] {
                assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
                assert_eq!(count(&svg, "<svg"), count(&svg, "</svg>"));
            }
        }
    }

    #[test]
    fn scale_uses_nice_steps_and_includes_zero() {
        let s = Scale::new([3.2, 47.0], 5.0);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 50.0, 10.0));
        let s = Scale::new([-3.0, 0.4], 5.0);
        assert_eq!((s.lo, s.hi, s.step), (-3.0, 1.0, 1.0));
        let s = Scale::new([0.012], 5.0);
        assert_eq!(s.label(0.005), "0,005");
        assert_eq!(Scale::new([12_345.0], 5.0).label(10_000.0), "10\u{a0}000");
    }
}
