//! A report as titled tables (plus optional SVG charts) and running text,
//! rendered the same way to a terminal table, an XLSX workbook, a
//! self-contained HTML page, an HTML fragment for the web application's own
//! pages, a Word document ([`render_docx`]) and a PDF ([`render_pdf`]). Used
//! for LCC ([`crate::lcc`]), tender evaluation ([`crate::evaluation`]) and
//! the tender document ([`crate::tender_doc`]), so every format shows the
//! same content.

use std::fmt::Write;

mod clean;
mod docx;
mod pdf;
#[cfg(test)]
pub(crate) mod testutil;

pub use docx::render_docx;
pub use pdf::render_pdf;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;

use crate::report::html::escape;
use crate::report::{decimal_sv, percent_sv, sek_sv, sek_whole_sv};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum Cell {
    Text(String),
    /// Kronor, shown as whole kronor (the value is already rounded to öre).
    Sek(f64),
    /// A number with this many decimals.
    Num(f64, usize),
    /// A share 0–1 shown as a percentage.
    Pct(f64),
    /// Exact öre, shown as kronor with two decimals.
    Ore(i64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A parameter value with decimals that suit its size (prices in kr/kWh
    /// need four, investments none).
    pub fn value(v: f64) -> Cell {
        let a = v.abs();
        let d = if a >= 1000.0 {
            0
        } else if a >= 10.0 {
            2
        } else {
            4
        };
        Cell::Num(v, d)
    }

    /// The cell as shown in text and HTML (Swedish number forms).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Sek(v) => {
                if v.is_finite() {
                    sek_whole_sv((v * 100.0).round() as i64)
                } else {
                    "–".into()
                }
            }
            Cell::Num(v, d) => decimal_sv(*v, *d),
            Cell::Pct(v) => percent_sv(*v),
            Cell::Ore(o) => sek_sv(*o),
            Cell::Empty => "–".into(),
        }
    }

    /// Right-aligned in text and HTML.
    pub fn numeric(&self) -> bool {
        matches!(
            self,
            Cell::Sek(_) | Cell::Num(..) | Cell::Pct(_) | Cell::Ore(_)
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// Unique on the page (HTML ids, sheet names).
    pub id: String,
    pub title: String,
    pub note: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// (visible caption, SVG) drawn above the table in HTML; the table is
    /// the charts' text alternative.
    pub charts: Vec<(String, String)>,
}

/// Running text after the tables, for documents that are more than figures
/// (the tender document). Rendered in order after [`Doc::tables`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum Block {
    /// A heading 1–3 levels below the document's title (1 = a main
    /// section, like a table's title); other levels are taken as 1 or 3.
    Heading(u8, String),
    /// Running text; a `\n` is a line break within the paragraph.
    Paragraph(String),
    /// A label in bold, a colon and its text in one paragraph
    /// ("Verifiering: …").
    Field(String, String),
    /// A bulleted list, one item per entry.
    Bullets(Vec<String>),
    /// A table under the preceding heading; its title is its caption.
    Table(Table),
}

impl Block {
    /// The heading level clamped to 1–3.
    fn level(l: u8) -> u8 {
        l.clamp(1, 3)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Doc {
    pub title: String,
    /// Key facts shown first: assumptions, the winner.
    pub lines: Vec<String>,
    pub warnings: Vec<String>,
    pub tables: Vec<Table>,
    /// Headings, paragraphs, lists and tables after [`Doc::tables`].
    pub blocks: Vec<Block>,
    pub footer: Vec<String>,
    /// The document is in English (language tags `en-GB` instead of
    /// `sv-SE`, and the few words the renderers add themselves).
    pub english: bool,
}

impl Doc {
    /// The document's language as a BCP 47 tag (`sv-SE` or `en-GB`).
    pub fn lang(&self) -> &'static str {
        if self.english { "en-GB" } else { "sv-SE" }
    }

    /// A word the renderers add (Swedish, English).
    fn word(&self, sv: &'static str, en: &'static str) -> &'static str {
        if self.english { en } else { sv }
    }
}

/// Aligned plain-text tables for a terminal.
pub fn render_text(doc: &Doc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", doc.title);
    let _ = writeln!(out, "{}", "=".repeat(doc.title.chars().count()));
    for l in &doc.lines {
        let _ = writeln!(out, "{l}");
    }
    let warning = doc.word("VARNING", "WARNING");
    for w in &doc.warnings {
        let _ = writeln!(out, "{warning}: {w}");
    }
    for t in &doc.tables {
        let _ = writeln!(out, "\n{}", t.title);
        let _ = writeln!(out, "{}", "-".repeat(t.title.chars().count()));
        text_table(&mut out, t);
    }
    for b in &doc.blocks {
        match b {
            Block::Heading(level, h) => {
                let _ = writeln!(out, "\n{h}");
                if Block::level(*level) == 1 {
                    let _ = writeln!(out, "{}", "-".repeat(h.chars().count()));
                }
            }
            Block::Paragraph(p) => {
                let _ = writeln!(out, "{p}");
            }
            Block::Field(label, text) => {
                let _ = writeln!(out, "{label}: {text}");
            }
            Block::Bullets(items) => {
                for i in items {
                    let _ = writeln!(out, "  • {i}");
                }
            }
            Block::Table(t) => {
                let _ = writeln!(out, "\n{}", t.title);
                text_table(&mut out, t);
            }
        }
    }
    if !doc.footer.is_empty() {
        let _ = writeln!(out);
        for f in &doc.footer {
            let _ = writeln!(out, "{f}");
        }
    }
    out
}

/// One table's header, rows and note, columns aligned.
fn text_table(out: &mut String, t: &Table) {
    let cells: Vec<Vec<(String, bool)>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| (c.display(), c.numeric())).collect())
        .collect();
    let ncol = t.headers.len();
    let mut width: Vec<usize> = t.headers.iter().map(|h| h.chars().count()).collect();
    for r in &cells {
        for (w, (s, _)) in width.iter_mut().zip(r) {
            *w = (*w).max(s.chars().count());
        }
    }
    let pad = |s: &str, w: usize, right: bool| {
        let n = w.saturating_sub(s.chars().count());
        if right {
            format!("{}{s}", " ".repeat(n))
        } else {
            format!("{s}{}", " ".repeat(n))
        }
    };
    // A header sits over its column: right-aligned over numbers.
    let numeric: Vec<bool> = (0..ncol)
        .map(|i| cells.iter().any(|r| r.get(i).is_some_and(|c| c.1)))
        .collect();
    let header: Vec<String> = t
        .headers
        .iter()
        .zip(&width)
        .zip(&numeric)
        .map(|((h, &w), &num)| pad(h, w, num))
        .collect();
    let _ = writeln!(out, "{}", header.join("  ").trim_end());
    for r in &cells {
        let line: Vec<String> = r
            .iter()
            .take(ncol)
            .zip(&width)
            .map(|((s, num), &w)| pad(s, w, *num))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    if let Some(n) = &t.note {
        let _ = writeln!(out, "{n}");
    }
}

/// A valid, unique worksheet name (≤ 31 characters, no `[]:*?/\`).
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    let base: String = clean.trim().chars().take(28).collect();
    let base = if base.is_empty() {
        "Blad".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

/// One sheet per table, numbers as numbers; a summary sheet first.
pub fn render_xlsx(doc: &Doc) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sek = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0.0%");
    let fmts: Vec<Format> = (0..=6)
        .map(|d| {
            let f = if d == 0 {
                "#,##0".to_string()
            } else {
                format!("#,##0.{}", "0".repeat(d))
            };
            Format::new().set_num_format(f)
        })
        .collect();
    let mut used = Vec::new();
    {
        let s = wb.add_worksheet();
        s.set_name(sheet_name("Sammanfattning", &mut used))?;
        s.set_column_width(0, 110)?;
        s.write_string_with_format(0, 0, &doc.title, &bold)?;
        let lines = doc.lines.iter().chain(&doc.warnings).chain(&doc.footer);
        for (row, l) in (2u32..).zip(lines) {
            s.write_string(row, 0, l)?;
        }
    }
    for t in &doc.tables {
        let s = wb.add_worksheet();
        s.set_name(sheet_name(&t.title, &mut used))?;
        s.write_string_with_format(0, 0, &t.title, &bold)?;
        for (c, h) in t.headers.iter().enumerate() {
            s.write_string_with_format(2, c as u16, h, &bold)?;
            s.set_column_width(c as u16, if c == 0 { 34 } else { 16 })?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 3;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(x) => {
                        s.write_string(r, c, x)?;
                    }
                    Cell::Sek(v) if v.is_finite() => {
                        s.write_number_with_format(r, c, *v, &sek)?;
                    }
                    Cell::Num(v, d) if v.is_finite() => {
                        let f = fmts.get(*d).or(fmts.last()).unwrap_or(&sek);
                        s.write_number_with_format(r, c, *v, f)?;
                    }
                    Cell::Pct(v) if v.is_finite() => {
                        s.write_number_with_format(r, c, *v, &pct)?;
                    }
                    Cell::Ore(o) => {
                        let f = fmts.get(2).unwrap_or(&sek);
                        s.write_number_with_format(r, c, *o as f64 / 100.0, f)?;
                    }
                    _ => {}
                }
            }
        }
        if let Some(n) = &t.note {
            s.write_string(t.rows.len() as u32 + 4, 0, n)?;
        }
        s.set_freeze_panes(3, 1)?;
    }
    wb.save_to_buffer()
}

/// The page style of [`render_html`], for a page that embeds
/// [`render_html_fragment`] and has no style of its own for it.
pub const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;\
color:#1a1a1a;background:#fff;max-width:70rem;margin:0 auto;padding:1rem;line-height:1.5}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}\
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}\
caption{text-align:left;font-weight:600;padding:.25rem 0}\
th,td{border:1px solid #8c8c8c;padding:.25rem .5rem;vertical-align:top}\
th{background:#f0f0f0;text-align:left}td.n,th.n{text-align:right;white-space:nowrap}\
.varning{border:2px solid #a33c00;padding:.5rem 1rem;margin:1rem 0}\
figure{margin:1rem 0;overflow-x:auto}svg{max-width:100%;height:auto}\
a{color:#1a4f80}:focus{outline:3px solid #1a4f80;outline-offset:2px}\
.wrap{overflow-x:auto}";

/// A self-contained page: no scripts, no external resources; each chart is
/// followed by the table that carries its data.
pub fn render_html(doc: &Doc) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        if doc.english { "en" } else { "sv" },
        escape(&doc.title)
    );
    write_body(&mut out, doc, 1);
    let _ = writeln!(out, "</main>\n<footer>");
    write_footer(&mut out, doc);
    let _ = writeln!(out, "</footer>\n</body>\n</html>");
    out
}

/// The same content as [`render_html`] for embedding in another page: no
/// `<html>`, `<head>`, `<body>` or style; the title is an `<h2>` and the
/// sections `<h3>`. Ids (sections, charts) are the same as on the page, so
/// put one document on a page. The footer lines close it in a `<footer>`.
pub fn render_html_fragment(doc: &Doc) -> String {
    let mut out = String::with_capacity(64 * 1024);
    write_body(&mut out, doc, 2);
    if !doc.footer.is_empty() {
        let _ = writeln!(out, "<footer>");
        write_footer(&mut out, doc);
        let _ = writeln!(out, "</footer>");
    }
    out
}

/// Title, key lines, warnings, contents, one section per table and the
/// blocks; `top` is the title's heading level, sections one below it.
fn write_body(out: &mut String, doc: &Doc, top: u8) {
    let sub = top + 1;
    let _ = writeln!(out, "<h{top}>{}</h{top}>", escape(&doc.title));
    for l in &doc.lines {
        let _ = writeln!(out, "<p>{}</p>", escape(l));
    }
    if !doc.warnings.is_empty() {
        let _ = write!(
            out,
            "<div class=\"varning\" role=\"note\"><h{sub}>{}</h{sub}><ul>",
            doc.word("Varningar", "Warnings")
        );
        for w in &doc.warnings {
            let _ = write!(out, "<li>{}</li>", escape(w));
        }
        let _ = writeln!(out, "</ul></div>");
    }
    if doc.tables.len() > 1 {
        let contents = doc.word("Innehåll", "Contents");
        let _ = write!(
            out,
            "<nav aria-label=\"{contents}\"><h{sub}>{contents}</h{sub}><ul>"
        );
        for t in &doc.tables {
            let _ = write!(
                out,
                "<li><a href=\"#{}\">{}</a></li>",
                escape(&t.id),
                escape(&t.title)
            );
        }
        let _ = writeln!(out, "</ul></nav>");
    }
    for t in &doc.tables {
        let id = escape(&t.id);
        let _ = writeln!(
            out,
            "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h{sub} id=\"{id}-h\">{}</h{sub}>",
            escape(&t.title)
        );
        html_table(out, t);
        let _ = writeln!(out, "</section>");
    }
    for b in &doc.blocks {
        match b {
            Block::Heading(level, h) => {
                let n = (top + Block::level(*level)).min(6);
                let _ = writeln!(out, "<h{n}>{}</h{n}>", escape(h));
            }
            Block::Paragraph(p) => {
                let _ = writeln!(out, "<p>{}</p>", escape(p).replace('\n', "<br>"));
            }
            Block::Field(label, text) => {
                let _ = writeln!(
                    out,
                    "<p><strong>{}:</strong> {}</p>",
                    escape(label),
                    escape(text).replace('\n', "<br>")
                );
            }
            Block::Bullets(items) => {
                let _ = write!(out, "<ul>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", escape(i));
                }
                let _ = writeln!(out, "</ul>");
            }
            Block::Table(t) => html_table(out, t),
        }
    }
}

/// A table's charts, the table with its title as caption, and its note.
fn html_table(out: &mut String, t: &Table) {
    for (caption, svg) in &t.charts {
        let _ = writeln!(
            out,
            "<figure>{svg}<figcaption>{}</figcaption></figure>",
            escape(caption)
        );
    }
    let _ = write!(
        out,
        "<div class=\"wrap\"><table>\n<caption>{}</caption>\n<thead><tr>",
        escape(&t.title)
    );
    // A column of numbers gets a right-aligned header, like its cells.
    for (i, h) in t.headers.iter().enumerate() {
        let numeric = i > 0 && t.rows.iter().any(|r| r.get(i).is_some_and(Cell::numeric));
        let class = if numeric { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", escape(h));
    }
    let _ = write!(out, "</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        let _ = write!(out, "<tr>");
        for (i, c) in r.iter().enumerate() {
            let text = escape(&c.display());
            if i == 0 {
                let _ = write!(out, "<th scope=\"row\">{text}</th>");
            } else if c.numeric() {
                let _ = write!(out, "<td class=\"n\">{text}</td>");
            } else {
                let _ = write!(out, "<td>{text}</td>");
            }
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table></div>");
    if let Some(n) = &t.note {
        let _ = writeln!(out, "<p>{}</p>", escape(n));
    }
}

fn write_footer(out: &mut String, doc: &Doc) {
    for f in &doc.footer {
        let _ = writeln!(out, "<p>{}</p>", escape(f));
    }
}

/// Line styles told apart by dash pattern as well as colour (WCAG 1.4.1);
/// colours ≥ 3:1 against white.
const SERIES: [(&str, &str); 6] = [
    ("#1a4f80", ""),
    ("#a33c00", "8 4"),
    ("#1a1a1a", "2 3"),
    ("#2e6b30", "12 4 3 4"),
    ("#6a3d9a", "4 2"),
    ("#7a5c00", "1 5"),
];

fn nice_step(range: f64) -> f64 {
    if !(range.is_finite() && range > 0.0) {
        return 1.0;
    }
    let raw = range / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn svg_open(out: &mut String, id: &str, title: &str, desc: &str, w: f64, h: f64) {
    let id = escape(id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-titel\" aria-describedby=\"{id}-besk\" \
         font-family=\"system-ui, Arial, sans-serif\" font-size=\"13\" fill=\"#1a1a1a\">\
         <title id=\"{id}-titel\">{}</title><desc id=\"{id}-besk\">{}</desc>\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        escape(title),
        escape(desc)
    );
}

/// Lines over x (e.g. cumulative cost per year), labelled at their ends.
pub fn line_chart(
    id: &str,
    title: &str,
    desc: &str,
    x_label: &str,
    y_unit: &str,
    series: &[(String, Vec<(f64, f64)>)],
) -> String {
    let w = 760.0;
    let (x0, x1, y0, y1) = (80.0, 730.0, 30.0, 330.0);
    // Legend rows below the axis label: line sample and full name.
    let h = y1 + 56.0 + 20.0 * series.len() as f64;
    let xs = series.iter().flat_map(|s| s.1.iter().map(|p| p.0));
    let ys = series.iter().flat_map(|s| s.1.iter().map(|p| p.1));
    let (xmin, xmax) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let (ymin, ymax) = ys.fold((0.0f64, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let mut out = String::new();
    svg_open(&mut out, id, title, desc, w, h);
    if !(xmin.is_finite() && xmax.is_finite() && ymax.is_finite()) {
        out.push_str("</svg>");
        return out;
    }
    let step = nice_step(ymax - ymin);
    let lo = (ymin / step).floor() * step;
    let hi = ((ymax / step).ceil() * step).max(lo + step);
    let sx = |x: f64| x0 + (x - xmin) / (xmax - xmin).max(1e-9) * (x1 - x0);
    let sy = |y: f64| y1 - (y - lo) / (hi - lo) * (y1 - y0);
    let _ = write!(
        out,
        "<text x=\"{x0}\" y=\"18\" fill=\"#4d4d4d\">{}</text>",
        escape(y_unit)
    );
    let mut t = lo;
    while t <= hi + step * 0.01 {
        let y = sy(t);
        let _ = write!(
            out,
            "<line x1=\"{x0}\" y1=\"{y:.1}\" x2=\"{x1}\" y2=\"{y:.1}\" stroke=\"#d9d9d9\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#4d4d4d\" font-size=\"12\">{}</text>",
            x0 - 6.0,
            y + 4.0,
            decimal_sv(t, 0)
        );
        t += step;
    }
    let xstep = nice_step(xmax - xmin).max(1.0);
    let mut t = xmin;
    while t <= xmax + 1e-9 {
        let x = sx(t);
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#4d4d4d\" font-size=\"12\">{}</text>",
            y1 + 18.0,
            decimal_sv(t, 0)
        );
        t += xstep;
    }
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#4d4d4d\">{}</text>\
         <line x1=\"{x0}\" y1=\"{y1}\" x2=\"{x1}\" y2=\"{y1}\" stroke=\"#4d4d4d\"/>",
        (x0 + x1) / 2.0,
        y1 + 38.0,
        escape(x_label)
    );
    for (i, (name, pts)) in series.iter().enumerate() {
        let (colour, dash) = SERIES[i % SERIES.len()];
        let path: Vec<String> = pts
            .iter()
            .map(|&(x, y)| format!("{:.1},{:.1}", sx(x), sy(y)))
            .collect();
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let ly = y1 + 62.0 + 20.0 * i as f64;
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash_attr}/>\
             <line x1=\"{x0}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash_attr}/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            path.join(" "),
            x0 + 40.0,
            x0 + 48.0,
            ly + 4.0,
            escape(name)
        );
    }
    out.push_str("</svg>");
    out
}

/// One tornado: for each parameter a bar from the result at its low value
/// to the result at its high value, around a vertical line at the base.
pub fn tornado_chart(
    id: &str,
    title: &str,
    desc: &str,
    unit: &str,
    base: f64,
    bars: &[(String, f64, f64)],
) -> String {
    let row = 28.0;
    let (x0, x1, top) = (300.0, 700.0, 40.0);
    let h = top + row * bars.len() as f64 + 40.0;
    let mut out = String::new();
    svg_open(&mut out, id, title, desc, 760.0, h);
    let lo = bars.iter().map(|b| b.1.min(b.2)).fold(base, f64::min);
    let hi = bars.iter().map(|b| b.1.max(b.2)).fold(base, f64::max);
    let span = (hi - lo).max(base.abs() * 1e-6).max(1e-9);
    let sx = |v: f64| x0 + (v - lo) / span * (x1 - x0);
    let _ = write!(
        out,
        "<text x=\"{x0}\" y=\"18\" fill=\"#4d4d4d\">{} (linje: referensfallet {})</text>",
        escape(unit),
        decimal_sv(base, 0)
    );
    for (i, (label, low, high)) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let (a, b) = (sx(low.min(*high)), sx(low.max(*high)));
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\">{}</text>\
             <rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"18\" fill=\"#3a78b0\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            x0 - 70.0,
            y + 14.0,
            escape(label),
            y + 2.0,
            (b - a).max(1.0),
            a - 3.0,
            y + 14.0,
            decimal_sv(low.min(*high), 0),
            b + 3.0,
            y + 14.0,
            decimal_sv(low.max(*high), 0)
        );
    }
    let bx = sx(base);
    let _ = write!(
        out,
        "<line x1=\"{bx:.1}\" y1=\"{}\" x2=\"{bx:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"2\"/></svg>",
        top - 6.0,
        top + row * bars.len() as f64
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Doc {
        Doc {
            title: "Test <&>".into(),
            lines: vec!["rad".into()],
            warnings: vec!["akta".into()],
            tables: vec![Table {
                id: "t1".into(),
                title: "Tabell".into(),
                note: None,
                headers: vec!["Namn".into(), "Belopp".into()],
                rows: vec![vec![Cell::text("a"), Cell::Sek(1234567.49)]],
                charts: vec![(
                    "Kurva".into(),
                    line_chart(
                        "c1",
                        "Kurva",
                        "beskrivning",
                        "år",
                        "kr",
                        &[("a".into(), vec![(0.0, 1.0), (1.0, 2.0)])],
                    ),
                )],
            }],
            footer: vec![],
            ..Doc::default()
        }
    }

    #[test]
    fn text_html_and_xlsx_render() {
        let d = doc();
        let t = render_text(&d);
        assert!(t.contains("1 234 567"), "{t}");
        assert!(t.contains("VARNING: akta"));
        let h = render_html(&d);
        assert!(h.contains("<title>Test &lt;&amp;&gt;</title>"));
        assert!(h.contains("<title id=\"c1-titel\">Kurva</title>"));
        assert!(h.contains("<td class=\"n\">1 234 567</td>"));
        assert!(!h.contains("<script"));
        let x = render_xlsx(&d).unwrap();
        assert_eq!(&x[..2], b"PK");
    }

    #[test]
    fn fragment_is_the_page_body_one_heading_level_down() {
        let d = doc();
        let f = render_html_fragment(&d);
        for absent in ["<html", "<head", "<body", "<style", "<main", "<h1"] {
            assert!(!f.contains(absent), "{absent} in {f}");
        }
        assert!(f.starts_with("<h2>Test &lt;&amp;&gt;</h2>\n"), "{f}");
        assert!(f.contains("<h3>Varningar</h3>"));
        assert!(f.contains("<section id=\"t1\" aria-labelledby=\"t1-h\">\n<h3 id=\"t1-h\">"));
        assert!(f.contains("<caption>Tabell</caption>"));
        assert!(f.contains("<title id=\"c1-titel\">Kurva</title><desc id=\"c1-besk\">"));
        // The page is the fragment with headings one level up, wrapped.
        let page = render_html(&d);
        let body = f
            .replace("<h2", "<h1")
            .replace("</h2>", "</h1>")
            .replace("<h3", "<h2")
            .replace("</h3>", "</h2>");
        assert!(page.contains(&body), "{page}");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("a/b", &mut used), "a b");
        assert_eq!(sheet_name("a/b", &mut used), "a b 2");
        let long = sheet_name(&"x".repeat(40), &mut used);
        assert!(long.chars().count() <= 31);
    }

    /// Odd pieces of text that have broken writers elsewhere: control and
    /// non-characters, markup of every format written here, combining and
    /// astral characters, words longer than a line.
    const ODD: [&str; 44] = [
        "",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\u{0}",
        "\u{1b}",
        "\u{7f}",
        "\u{85}",
        "\u{ad}",
        "\u{200b}",
        "\u{202e}",
        "\u{fffe}",
        "\u{ffff}",
        "😀",
        "🇸🇪",
        "漢字",
        "å",
        "a\u{30a}",
        "(",
        ")",
        "\\",
        "<",
        ">",
        "&",
        "\"",
        "'",
        "]]>",
        "&amp;",
        "%PDF-1.7",
        "endstream",
        "endobj",
        "xref",
        "trailer",
        "<w:t>",
        "{}",
        "CO₂e",
        "≤",
        "–",
        "—",
        "€",
        "Wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww",
        "ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord",
    ];

    /// A small xorshift generator: the same odd documents on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
        fn text(&mut self) -> String {
            (0..self.below(6))
                .map(|_| ODD[self.below(ODD.len())])
                .collect()
        }
        fn texts(&mut self) -> Vec<String> {
            (0..self.below(3)).map(|_| self.text()).collect()
        }
        fn cell(&mut self) -> Cell {
            let v = [f64::NAN, f64::INFINITY, -0.0, 1e300, -123456.789, 0.5][self.below(6)];
            match self.below(6) {
                0 => Cell::Text(self.text()),
                1 => Cell::Sek(v),
                2 => Cell::Num(v, self.below(9)),
                3 => Cell::Pct(v),
                4 => Cell::Ore(self.next() as i64),
                _ => Cell::Empty,
            }
        }
        fn table(&mut self) -> Table {
            let ncol = self.below(7);
            Table {
                id: self.text(),
                title: self.text(),
                note: if self.below(2) == 0 {
                    None
                } else {
                    Some(self.text())
                },
                headers: (0..ncol).map(|_| self.text()).collect(),
                rows: (0..self.below(6))
                    .map(|_| (0..self.below(ncol + 2)).map(|_| self.cell()).collect())
                    .collect(),
                charts: Vec::new(),
            }
        }
        fn block(&mut self) -> Block {
            match self.below(5) {
                0 => Block::Heading(self.below(256) as u8, self.text()),
                1 => Block::Paragraph(self.text()),
                2 => Block::Field(self.text(), self.text()),
                3 => Block::Bullets(self.texts()),
                _ => Block::Table(self.table()),
            }
        }
    }

    #[test]
    fn odd_documents_render_in_every_format() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for i in 0..150 {
            let d = Doc {
                title: rng.text(),
                lines: rng.texts(),
                warnings: rng.texts(),
                tables: (0..rng.below(3)).map(|_| rng.table()).collect(),
                blocks: (0..rng.below(8)).map(|_| rng.block()).collect(),
                footer: rng.texts(),
                english: rng.below(2) == 0,
            };
            let _ = render_text(&d);
            let html = render_html(&d);
            assert!(!html.contains("<script"), "{i}");
            let _ = render_html_fragment(&d);
            // The workbook may refuse a string over Excel's limits; it must not panic.
            let _ = render_xlsx(&d);
            testutil::docx_parts(&render_docx(&d));
            assert!(!testutil::pdf_pages(&render_pdf(&d)).is_empty(), "{i}");
        }
    }
}
