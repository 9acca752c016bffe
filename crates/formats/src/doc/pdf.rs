//! A [`Doc`] as a PDF 1.7 file for printing and filing, written by hand:
//! A4 pages, PDF's standard Helvetica and Helvetica-Bold fonts in
//! WinAnsiEncoding (no embedded fonts; Swedish letters are all there, other
//! characters get stand-ins, see [`winansi`]), text wrapped with the fonts'
//! real glyph widths, headings, paragraphs, bullet lists and tables (header
//! row repeated after a page break, long rows split), page numbers,
//! bookmarks for the headings, the title and language in the catalogue,
//! content streams compressed with Flate.
//!
//! The PDF is tagged: every heading, paragraph, list label and body, table
//! caption and cell is a marked-content sequence (`/P <</MCID n>> BDC …
//! EMC`) that a structure element points to, and page numbers, cell
//! borders and the repeated header rows after a page break are artifacts.
//! The structure tree is Document → H1 (the title), H2–H4, P, L → LI →
//! Lbl + LBody, Table → Caption, TR → TH (`/Scope /Column`) / TD, in
//! reading order; see [`Writer::elem`] and [`Writer::finish`]. It is not
//! PDF/UA: the standard fonts are not embedded. The Word document
//! ([`super::render_docx`]) stays the editable format.

mod winansi;

use std::fmt::Write as _;
use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use super::clean::{cell, clean, column_shares, columns};
use super::{Block, Doc, Table};
use winansi::{Font, encode};

const PAGE_W: f64 = 595.276;
const PAGE_H: f64 = 841.89;
/// 2 cm.
const MARGIN: f64 = 56.693;
const TOP: f64 = PAGE_H - MARGIN;
/// Text stops here; the page number sits below.
const BOTTOM: f64 = MARGIN;
const TEXT_W: f64 = PAGE_W - 2.0 * MARGIN;

const BODY: f64 = 10.5;
const SMALL: f64 = 9.0;
const CELL_PAD: f64 = 3.5;

/// The document as the bytes of a PDF file.
pub fn render_pdf(doc: &Doc) -> Vec<u8> {
    let mut w = Writer::new();
    w.begin("H1", ROOT);
    w.text_block(&doc.title, Font::Bold, 18.0, 0.0, 10.0);
    w.outline.push((1, clean(&doc.title).into_owned(), 0, TOP));
    for l in &doc.lines {
        w.paragraph(&[(Font::Regular, l)], BODY, 0.0);
    }
    if !doc.warnings.is_empty() {
        w.heading(1, doc.word("Varningar", "Warnings"));
        w.bullets(&doc.warnings);
    }
    for t in &doc.tables {
        w.heading(1, &t.title);
        w.table(t, None);
    }
    for b in &doc.blocks {
        match b {
            Block::Heading(level, h) => w.heading(Block::level(*level), h),
            Block::Paragraph(p) => w.paragraph(&[(Font::Regular, p)], BODY, 0.0),
            Block::Field(label, text) => {
                let label = format!("{label}:");
                w.paragraph(&[(Font::Bold, &label), (Font::Regular, text)], BODY, 0.0);
            }
            Block::Bullets(items) => w.bullets(items),
            Block::Table(t) => w.table(t, Some(&t.title)),
        }
    }
    if !doc.footer.is_empty() {
        w.y -= 6.0;
        for f in &doc.footer {
            w.paragraph(&[(Font::Regular, f)], SMALL, 0.0);
        }
    }
    w.finish(doc)
}

/// A word of a wrapped line, or a forced line break.
enum Tok {
    Word(Font, Vec<u8>),
    Break,
}

/// The words of a line in their fonts. A line that ends inside a word too
/// long for a line ends in an empty word, so no space is put where the
/// word was cut (see [`Writer::draw_line`]).
type Line = Vec<(Font, Vec<u8>)>;

/// Splits styled text into words (WinAnsi) and line breaks.
fn tokens(spans: &[(Font, &str)]) -> Vec<Tok> {
    let mut toks = Vec::new();
    for (font, text) in spans {
        let text = clean(text);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                toks.push(Tok::Break);
            }
            for word in encode(line).split(|&b| b == b' ').filter(|w| !w.is_empty()) {
                toks.push(Tok::Word(*font, word.to_vec()));
            }
        }
    }
    toks
}

/// Greedy line filling at `max` points; a word longer than a line is cut
/// where it no longer fits (at least one character per line).
fn wrap(spans: &[(Font, &str)], size: f64, max: f64) -> Vec<Line> {
    let space = Font::Regular.width(b" ", size);
    let mut lines = Vec::new();
    let mut cur: Line = Vec::new();
    let mut cur_w = 0.0;
    for tok in tokens(spans) {
        let (font, word) = match tok {
            Tok::Break => {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0.0;
                continue;
            }
            Tok::Word(f, w) => (f, w),
        };
        let ww = font.width(&word, size);
        let gap = if cur.is_empty() { 0.0 } else { space };
        if cur_w + gap + ww <= max {
            cur.push((font, word));
            cur_w += gap + ww;
            continue;
        }
        if ww <= max {
            lines.push(std::mem::take(&mut cur));
            cur_w = ww;
            cur.push((font, word));
            continue;
        }
        // Too long for any line: cut it into pieces that fit, after the
        // last hyphen that fits where there is one (criterion ids).
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        let mut piece: Vec<u8> = Vec::new();
        let mut pw = 0.0;
        for b in word {
            let bw = font.width(&[b], size);
            while !piece.is_empty() && pw + bw > max {
                let cut = piece
                    .iter()
                    .rposition(|&c| c == b'-')
                    .map_or(piece.len(), |p| p + 1);
                let rest = piece.split_off(cut);
                let head = std::mem::replace(&mut piece, rest);
                lines.push(vec![(font, head), (font, Vec::new())]);
                pw = font.width(&piece, size);
            }
            piece.push(b);
            pw += bw;
        }
        cur_w = pw;
        cur.push((font, piece));
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn line_width(line: &Line, size: f64) -> f64 {
    let space = Font::Regular.width(b" ", size);
    let words = line.iter().filter(|(_, w)| !w.is_empty());
    let n = words.clone().count();
    let width: f64 = words.map(|(f, w)| f.width(w, size)).sum();
    width + space * n.saturating_sub(1) as f64
}

/// A number as PDF writes it: at most two decimals, no exponent.
fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A PDF string literal of WinAnsi bytes.
fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
}

/// A text string for the document information and bookmarks: UTF-16BE
/// with its byte order mark, in hex, so any character is kept.
fn text_string(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for u in clean(s).replace('\n', " ").encode_utf16() {
        let _ = write!(out, "{u:04X}");
    }
    out.push('>');
    out
}

/// The Document element, the root of the structure tree.
const ROOT: usize = 0;

/// A structure element of the tagged PDF.
struct Elem {
    /// Standard structure type: Document, H1–H4, P, L, LI, Lbl, LBody,
    /// Table, Caption, TR, TH, TD.
    tag: &'static str,
    /// None for the Document.
    parent: Option<usize>,
    kids: Vec<Kid>,
}

/// A structure element's kid: another element, or a marked-content
/// sequence (page index, MCID) on a page.
#[derive(Clone, Copy)]
enum Kid {
    Elem(usize),
    Content(usize, usize),
}

/// What the content being drawn is: part of a structure element, or an
/// artifact (borders, repeated header rows).
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Elem(usize),
    Artifact,
}

struct Writer {
    /// Content stream of each page so far.
    pages: Vec<Vec<u8>>,
    /// Top of the free space on the current page.
    y: f64,
    /// (level, text, page index, y) of each heading, for the bookmarks.
    outline: Vec<(u8, String, usize, f64)>,
    /// Font size of the table being drawn.
    table_size: f64,
    /// The structure elements in the order they were begun; [`ROOT`] first.
    elems: Vec<Elem>,
    /// Per page, the element each MCID belongs to (MCID = index).
    mcids: Vec<Vec<usize>>,
    /// What is drawn next belongs to.
    mark: Mark,
    /// The marked-content sequence open on the current page, if any.
    open: Option<Mark>,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            pages: vec![Vec::new()],
            y: TOP,
            outline: Vec::new(),
            table_size: SMALL,
            elems: vec![Elem {
                tag: "Document",
                parent: None,
                kids: Vec::new(),
            }],
            mcids: vec![Vec::new()],
            mark: Mark::Artifact,
            open: None,
        }
    }

    fn page(&mut self) -> &mut Vec<u8> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
            self.mcids.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn at_top(&self) -> bool {
        self.y >= TOP - 0.01
    }

    fn new_page(&mut self) {
        self.close();
        self.pages.push(Vec::new());
        self.mcids.push(Vec::new());
        self.y = TOP;
    }

    /// A new structure element, the last kid of `parent`.
    fn elem(&mut self, tag: &'static str, parent: usize) -> usize {
        let e = self.elems.len();
        self.elems.push(Elem {
            tag,
            parent: Some(parent),
            kids: Vec::new(),
        });
        if let Some(p) = self.elems.get_mut(parent) {
            p.kids.push(Kid::Elem(e));
        }
        e
    }

    /// A new element whose content is drawn next.
    fn begin(&mut self, tag: &'static str, parent: usize) -> usize {
        let e = self.elem(tag, parent);
        self.mark = Mark::Elem(e);
        e
    }

    /// Ends the open marked-content sequence.
    fn close(&mut self) {
        if self.open.take().is_some() {
            self.page().extend_from_slice(b"EMC\n");
        }
    }

    /// Opens a marked-content sequence for [`Writer::mark`] on this page
    /// unless one is open: an element's content gets one MCID per run of
    /// drawing on a page (one per page for text, since nothing else is
    /// drawn in between).
    fn marked(&mut self) {
        if self.open == Some(self.mark) {
            return;
        }
        self.close();
        self.page();
        let page = self.pages.len() - 1;
        let head = match self.mark {
            Mark::Artifact => "/Artifact BMC\n".to_string(),
            Mark::Elem(e) => {
                let mcid = self.mcids[page].len();
                self.mcids[page].push(e);
                self.elems[e].kids.push(Kid::Content(page, mcid));
                format!("/{} <</MCID {mcid}>> BDC\n", self.elems[e].tag)
            }
        };
        self.pages[page].extend_from_slice(head.as_bytes());
        self.open = Some(self.mark);
    }

    /// Starts a new page unless `h` points still fit on this one.
    fn keep(&mut self, h: f64) {
        if self.y - h < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    /// One line of words at baseline `y`, starting at `x`. Each string but
    /// the line's last ends in a space, and the last too when `more` lines
    /// of the same text follow, unless the line ends inside a cut word: the
    /// space is invisible, but text taken from the structure (a screen
    /// reader) keeps its words apart.
    fn draw_line(&mut self, line: &Line, x: f64, y: f64, size: f64, more: bool) {
        let space = Font::Regular.width(b" ", size);
        let more = more && line.last().is_none_or(|(_, w)| !w.is_empty());
        let line: Vec<&(Font, Vec<u8>)> = line.iter().filter(|(_, w)| !w.is_empty()).collect();
        let mut x = x;
        let mut i = 0;
        while i < line.len() {
            // Consecutive words in one font go out as one string.
            let font = line[i].0;
            let mut bytes = Vec::new();
            while i < line.len() && line[i].0 == font {
                if !bytes.is_empty() {
                    bytes.push(b' ');
                }
                bytes.extend_from_slice(&line[i].1);
                i += 1;
            }
            let advance = font.width(&bytes, size) + space;
            if i < line.len() || more {
                bytes.push(b' ');
            }
            self.marked();
            let out = self.page();
            let _ = write!(
                out,
                "BT /{} {} Tf 1 0 0 1 {} {} Tm ",
                font.res(),
                num(size),
                num(x),
                num(y)
            );
            literal(out, &bytes);
            out.extend_from_slice(b" Tj ET\n");
            x += advance;
        }
    }

    /// Wrapped text at `indent` from the margin, then `after` points of space.
    fn lines(&mut self, lines: &[Line], size: f64, indent: f64, after: f64) {
        let leading = size * 1.3;
        for (i, line) in lines.iter().enumerate() {
            self.keep(leading);
            self.y -= leading;
            let baseline = self.y + (leading - size) / 2.0 + size * 0.22;
            self.draw_line(line, MARGIN + indent, baseline, size, i + 1 < lines.len());
        }
        self.y -= after;
    }

    fn paragraph(&mut self, spans: &[(Font, &str)], size: f64, indent: f64) {
        self.begin("P", ROOT);
        let lines = wrap(spans, size, TEXT_W - indent);
        self.lines(&lines, size, indent, size * 0.6);
    }

    fn text_block(&mut self, text: &str, font: Font, size: f64, indent: f64, after: f64) {
        let lines = wrap(&[(font, text)], size, TEXT_W - indent);
        self.lines(&lines, size, indent, after);
    }

    fn heading(&mut self, level: u8, text: &str) {
        let size = match level {
            1 => 15.0,
            2 => 12.5,
            _ => 11.0,
        };
        // Keep the heading with a few lines of what follows it.
        self.keep(size * 1.3 * 2.0 + BODY * 1.3 * 3.0 + 14.0);
        if !self.at_top() {
            self.y -= if level == 1 { 12.0 } else { 7.0 };
        }
        let page = self.pages.len().saturating_sub(1);
        self.outline
            .push((level + 1, clean(text).into_owned(), page, self.y));
        // The title is H1; sections below it H2–H4.
        self.begin(["H2", "H3", "H4"][usize::from(level.clamp(1, 3)) - 1], ROOT);
        self.text_block(text, Font::Bold, size, 0.0, 3.0);
    }

    fn bullets(&mut self, items: &[String]) {
        let indent = 16.0;
        let list = self.elem("L", ROOT);
        for item in items {
            let lines = wrap(&[(Font::Regular, item)], BODY, TEXT_W - indent);
            let leading = BODY * 1.3;
            self.keep(leading);
            let li = self.elem("LI", list);
            self.begin("Lbl", li);
            // The bullet sits on the first line's baseline.
            let baseline = self.y - leading + (leading - BODY) / 2.0 + BODY * 0.22;
            self.draw_line(
                &vec![(Font::Regular, vec![0x95])],
                MARGIN + 5.0,
                baseline,
                BODY,
                false,
            );
            self.begin("LBody", li);
            self.lines(&lines, BODY, indent, 2.0);
        }
        self.y -= BODY * 0.4;
    }

    /// A table, after its caption if it has one (a table in the blocks);
    /// the caption is kept with the start of the table.
    fn table(&mut self, t: &Table, caption: Option<&str>) {
        let ncol = columns(t);
        if caption.is_some() {
            self.keep(SMALL * 1.3 + 3.0 * SMALL * 1.3 + 20.0);
        }
        // A table without columns draws no table, only its caption and note.
        let table = (ncol > 0).then(|| self.elem("Table", ROOT));
        if let Some(c) = caption {
            match table {
                Some(table) => self.begin("Caption", table),
                None => self.begin("P", ROOT),
            };
            self.text_block(c, Font::Bold, BODY, 0.0, 3.0);
        }
        let Some(table) = table else {
            if let Some(n) = &t.note {
                self.paragraph(&[(Font::Regular, n)], SMALL, 0.0);
            }
            return;
        };
        let (shares, scale) = column_shares(t, ncol);
        let widths: Vec<f64> = shares.iter().map(|s| s * TEXT_W).collect();
        self.table_size = SMALL * scale;
        let size = self.table_size;
        let wrap_cell = |text: &str, font: Font, w: f64| {
            wrap(&[(font, text)], size, (w - 2.0 * CELL_PAD).max(1.0))
        };
        let header: Vec<Vec<Line>> = if t.headers.is_empty() {
            Vec::new()
        } else {
            widths
                .iter()
                .enumerate()
                .map(|(i, &w)| {
                    wrap_cell(t.headers.get(i).map_or("", String::as_str), Font::Bold, w)
                })
                .collect()
        };
        let leading = size * 1.3;
        let header_h = rows_height(&header, leading);
        // A header taller than a third of a page is drawn once, not repeated.
        let repeat = header_h < (TOP - BOTTOM) / 3.0;
        let no_numbers = vec![false; ncol];
        // The header row's cells; its repetitions after a page break are
        // artifacts, so a screen reader meets each header cell once.
        let th: Vec<usize> = if header.is_empty() {
            Vec::new()
        } else {
            let tr = self.elem("TR", table);
            (0..ncol).map(|_| self.elem("TH", tr)).collect()
        };
        let draw_header = |w: &mut Writer, cells: Option<&[usize]>| {
            if !header.is_empty() {
                w.row(&header, &no_numbers, &widths, 0, usize::MAX, cells);
            }
        };
        let next_page = |w: &mut Writer| {
            w.new_page();
            if repeat {
                draw_header(w, None);
            }
        };
        let rows: Vec<(Vec<Vec<Line>>, Vec<bool>)> = t
            .rows
            .iter()
            .map(|r| {
                (0..ncol)
                    .map(|i| {
                        let (text, numeric) = cell(r, i);
                        let font = if i == 0 { Font::Bold } else { Font::Regular };
                        (wrap_cell(&text, font, widths[i]), numeric)
                    })
                    .unzip()
            })
            .collect();
        // The header and the start of the first row together.
        let first = rows.first().map_or(0.0, |r| rows_height(&r.0, leading));
        self.keep(header_h + first.min(4.0 * leading + 2.0 * CELL_PAD));
        draw_header(self, Some(&th));
        // Only the header is on the page so far.
        let mut fresh = true;
        let page_room = TOP - BOTTOM - if repeat { header_h } else { 0.0 };
        for (cells, numeric) in &rows {
            let tr = self.elem("TR", table);
            let td: Vec<usize> = (0..ncol).map(|_| self.elem("TD", tr)).collect();
            let nlines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let row_h = rows_height(cells, leading);
            // A row that fits on a page is not split.
            if self.y - row_h < BOTTOM && !fresh && row_h <= page_room {
                next_page(self);
                fresh = true;
            }
            let mut start = 0;
            while start < nlines {
                let fit = ((self.y - BOTTOM - 2.0 * CELL_PAD) / leading).floor();
                let fit = if fit >= 1.0 { fit as usize } else { 0 };
                if fit == 0 && !fresh {
                    next_page(self);
                    fresh = true;
                    continue;
                }
                let take = fit.max(1).min(nlines - start);
                self.row(cells, numeric, &widths, start, take, Some(&td));
                fresh = false;
                start += take;
                if start < nlines {
                    next_page(self);
                    fresh = true;
                }
            }
        }
        self.y -= 6.0;
        if let Some(n) = &t.note {
            self.paragraph(&[(Font::Regular, n)], SMALL, 0.0);
        }
    }

    /// Lines `from..from + take` of each cell of a row, with borders; a
    /// header row has a grey background. `elems` are the cells' structure
    /// elements (TH or TD); without them the row is an artifact (a
    /// repeated header row).
    fn row(
        &mut self,
        cells: &[Vec<Line>],
        numeric: &[bool],
        widths: &[f64],
        from: usize,
        take: usize,
        elems: Option<&[usize]>,
    ) {
        let header = elems.is_none_or(|e| e.first().is_some_and(|&e| self.elems[e].tag == "TH"));
        let size = self.table_size;
        let leading = size * 1.3;
        let n = cells
            .iter()
            .map(|c| c.len().saturating_sub(from).min(take))
            .max()
            .unwrap_or(0)
            .max(1);
        let h = n as f64 * leading + 2.0 * CELL_PAD;
        let top = self.y;
        let bottom = top - h;
        let mut x = MARGIN;
        let mut ops = String::new();
        if header {
            let _ = writeln!(
                ops,
                "0.94 g {} {} {} {} re f 0 g",
                num(MARGIN),
                num(bottom),
                num(TEXT_W),
                num(h)
            );
        }
        let _ = writeln!(ops, "0.5 w 0.55 G");
        for w in widths {
            let _ = writeln!(
                ops,
                "{} {} {} {} re S",
                num(x),
                num(bottom),
                num(*w),
                num(h)
            );
            x += w;
        }
        self.mark = Mark::Artifact;
        self.marked();
        self.page().extend_from_slice(ops.as_bytes());
        let mut x = MARGIN;
        for (i, w) in widths.iter().enumerate() {
            self.mark = match elems.and_then(|e| e.get(i)) {
                Some(&e) => Mark::Elem(e),
                None => Mark::Artifact,
            };
            let lines = cells.get(i).map_or(&[][..], Vec::as_slice);
            let right = numeric.get(i).copied().unwrap_or(false);
            for (k, line) in lines.iter().skip(from).take(take).enumerate() {
                let baseline = top - CELL_PAD - (k as f64 + 1.0) * leading
                    + (leading - size) / 2.0
                    + size * 0.22;
                let lx = if right {
                    x + w - CELL_PAD - line_width(line, size)
                } else {
                    x + CELL_PAD
                };
                self.draw_line(line, lx, baseline, size, from + k + 1 < lines.len());
            }
            x += w;
        }
        self.close();
        self.y = bottom;
    }

    /// Page numbers, then the file: catalogue, page tree, fonts, pages,
    /// bookmarks, cross-reference table.
    fn finish(mut self, doc: &Doc) -> Vec<u8> {
        self.close();
        let total = self.pages.len();
        let (page_word, of) = if doc.english {
            ("Page", "of")
        } else {
            ("Sida", "av")
        };
        for i in 0..total {
            let label = encode(&format!("{page_word} {} {of} {total}", i + 1));
            let x = (PAGE_W - Font::Regular.width(&label, 8.5)) / 2.0;
            let out = &mut self.pages[i];
            let _ = write!(
                out,
                "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n\
                 0.3 g BT /F1 8.5 Tf 1 0 0 1 {} {} Tm ",
                num(x),
                num(MARGIN / 2.0)
            );
            literal(out, &label);
            out.extend_from_slice(b" Tj ET 0 g\nEMC\n");
        }

        // Objects: 1 catalogue, 2 pages, 3–4 fonts, 5 info, then a page and
        // its content per page, then the bookmarks, then the structure tree
        // root, its parent tree and the structure elements.
        let first_page = 6;
        let outline_root = first_page + 2 * total;
        let last_outline = if self.outline.is_empty() {
            outline_root - 1
        } else {
            outline_root + self.outline.len()
        };
        let struct_root = last_outline + 1;
        let parent_tree = struct_root + 1;
        // Elements with nothing drawn in them (an empty paragraph or list)
        // are left out, except the parts of a table, whose empty cells keep
        // the grid.
        let keep = self.kept();
        let mut elem_obj = vec![0; self.elems.len()];
        let mut next = parent_tree + 1;
        for (e, k) in keep.iter().enumerate() {
            if *k {
                elem_obj[e] = next;
                next += 1;
            }
        }
        let mut pdf = PdfFile::new(next - 1);

        let outlines = if self.outline.is_empty() {
            String::new()
        } else {
            format!(" /Outlines {outline_root} 0 R /PageMode /UseOutlines")
        };
        pdf.object(
            1,
            format!(
                "<< /Type /Catalog /Pages 2 0 R /Lang ({}) /ViewerPreferences << /DisplayDocTitle true >>{outlines} \
                 /MarkInfo << /Marked true >> /StructTreeRoot {struct_root} 0 R >>",
                doc.lang()
            )
            .as_bytes(),
        );
        let kids: Vec<String> = (0..total)
            .map(|i| format!("{} 0 R", first_page + 2 * i))
            .collect();
        pdf.object(
            2,
            format!(
                "<< /Type /Pages /Kids [{}] /Count {total} >>",
                kids.join(" ")
            )
            .as_bytes(),
        );
        pdf.object(
            3,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        );
        pdf.object(4, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        pdf.object(
            5,
            format!(
                "<< /Title {} /Producer (upphandla) /Creator (upphandla) >>",
                text_string(&doc.title)
            )
            .as_bytes(),
        );
        for (i, content) in self.pages.iter().enumerate() {
            let page = first_page + 2 * i;
            pdf.object(
                page,
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] \
                     /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R \
                     /StructParents {i} /Tabs /S >>",
                    num(PAGE_W),
                    num(PAGE_H),
                    page + 1
                )
                .as_bytes(),
            );
            pdf.stream(page + 1, content);
        }
        if !self.outline.is_empty() {
            self.write_outline(&mut pdf, outline_root, first_page);
        }
        let page_obj = |p: usize| first_page + 2 * p;
        pdf.object(
            struct_root,
            format!(
                "<< /Type /StructTreeRoot /K {} 0 R /ParentTree {parent_tree} 0 R /ParentTreeNextKey {total} >>",
                elem_obj[ROOT]
            )
            .as_bytes(),
        );
        // The parent tree: for each page (its /StructParents), the element
        // of each MCID on it.
        let mut nums = String::from("<< /Nums [");
        for (p, elems) in self.mcids.iter().enumerate() {
            let refs: Vec<String> = elems
                .iter()
                .map(|&e| format!("{} 0 R", elem_obj[e]))
                .collect();
            let _ = write!(nums, "{p} [{}] ", refs.join(" "));
        }
        nums.push_str("] >>");
        pdf.object(parent_tree, nums.as_bytes());
        for (e, elem) in self.elems.iter().enumerate() {
            if !keep[e] {
                continue;
            }
            let parent = elem.parent.map_or(struct_root, |p| elem_obj[p]);
            let mut d = format!("<< /Type /StructElem /S /{} /P {parent} 0 R", elem.tag);
            let first_page_of = elem.kids.iter().find_map(|k| match k {
                Kid::Content(p, _) => Some(*p),
                Kid::Elem(_) => None,
            });
            if let Some(p) = first_page_of {
                let _ = write!(d, " /Pg {} 0 R", page_obj(p));
            }
            if elem.tag == "TH" {
                d.push_str(" /A << /O /Table /Scope /Column >>");
            }
            let kids: Vec<String> = elem
                .kids
                .iter()
                .filter_map(|k| match *k {
                    Kid::Elem(c) => keep[c].then(|| format!("{} 0 R", elem_obj[c])),
                    Kid::Content(p, mcid) => Some(format!(
                        "<< /Type /MCR /Pg {} 0 R /MCID {mcid} >>",
                        page_obj(p)
                    )),
                })
                .collect();
            if !kids.is_empty() {
                let _ = write!(d, " /K [{}]", kids.join(" "));
            }
            d.push_str(" >>");
            pdf.object(elem_obj[e], d.as_bytes());
        }
        pdf.finish()
    }

    /// Which elements go into the file: the Document, the parts of a
    /// table, and every other element with content drawn in it.
    fn kept(&self) -> Vec<bool> {
        // Elements are begun after their parents, so a backward pass sees
        // every kid before its parent.
        let mut content = vec![false; self.elems.len()];
        for e in (0..self.elems.len()).rev() {
            content[e] =
                self.elems[e].kids.iter().any(|k| match *k {
                    Kid::Elem(c) => content[c],
                    Kid::Content(..) => true,
                }) || matches!(self.elems[e].tag, "Document" | "Table" | "TR" | "TH" | "TD");
        }
        content
    }

    /// Bookmarks in two tiers: the title and level-1 headings, with deeper
    /// headings (closed) under the level-1 heading before them.
    fn write_outline(&self, pdf: &mut PdfFile, root: usize, first_page: usize) {
        // Parent of each item (None = the root) in tier order.
        let mut parent: Vec<Option<usize>> = Vec::new();
        let mut last_top: Option<usize> = None;
        for (i, (level, ..)) in self.outline.iter().enumerate() {
            if *level <= 2 {
                parent.push(None);
                last_top = Some(i);
            } else {
                parent.push(last_top);
            }
        }
        let obj = |i: usize| root + 1 + i;
        let children = |p: Option<usize>| -> Vec<usize> {
            (0..parent.len()).filter(|&i| parent[i] == p).collect()
        };
        let top = children(None);
        pdf.object(
            root,
            format!(
                "<< /Type /Outlines /First {} 0 R /Last {} 0 R /Count {} >>",
                top.first().map_or(0, |&i| obj(i)),
                top.last().map_or(0, |&i| obj(i)),
                top.len()
            )
            .as_bytes(),
        );
        for (i, (_, text, page, y)) in self.outline.iter().enumerate() {
            let siblings = children(parent[i]);
            let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
            let mut d = format!(
                "<< /Title {} /Parent {} 0 R /Dest [{} 0 R /XYZ 0 {} null]",
                text_string(text),
                parent[i].map_or(root, obj),
                first_page + 2 * page,
                num((y + 4.0).min(PAGE_H))
            );
            if pos > 0 {
                let _ = write!(d, " /Prev {} 0 R", obj(siblings[pos - 1]));
            }
            if let Some(&next) = siblings.get(pos + 1) {
                let _ = write!(d, " /Next {} 0 R", obj(next));
            }
            let kids = children(Some(i));
            if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
                let _ = write!(
                    d,
                    " /First {} 0 R /Last {} 0 R /Count -{}",
                    obj(f),
                    obj(l),
                    kids.len()
                );
            }
            d.push_str(" >>");
            pdf.object(obj(i), d.as_bytes());
        }
    }
}

fn rows_height(cells: &[Vec<Line>], leading: f64) -> f64 {
    if cells.is_empty() {
        return 0.0;
    }
    let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    n as f64 * leading + 2.0 * CELL_PAD
}

/// The file being written: bytes and each object's offset.
struct PdfFile {
    buf: Vec<u8>,
    offsets: Vec<usize>,
}

impl PdfFile {
    /// A file for objects 1..=`n`.
    fn new(n: usize) -> PdfFile {
        let mut buf = Vec::with_capacity(64 * 1024);
        // A comment with high bytes marks the file as binary.
        buf.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
        PdfFile {
            buf,
            offsets: vec![0; n + 1],
        }
    }

    fn object(&mut self, n: usize, body: &[u8]) {
        if let Some(o) = self.offsets.get_mut(n) {
            *o = self.buf.len();
        }
        let _ = writeln!(self.buf, "{n} 0 obj");
        self.buf.extend_from_slice(body);
        self.buf.extend_from_slice(b"\nendobj\n");
    }

    fn stream(&mut self, n: usize, data: &[u8]) {
        let mut z = ZlibEncoder::new(
            Vec::with_capacity(data.len() / 3 + 64),
            Compression::default(),
        );
        // Compressing into memory cannot fail.
        let packed = z.write_all(data).and_then(|()| z.finish());
        let (data, filter) = match &packed {
            Ok(p) => (p.as_slice(), " /Filter /FlateDecode"),
            Err(_) => (data, ""),
        };
        let mut body = format!("<< /Length {}{filter} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.object(n, &body);
    }

    fn finish(mut self) -> Vec<u8> {
        let xref = self.buf.len();
        let n = self.offsets.len();
        let _ = write!(self.buf, "xref\n0 {n}\n0000000000 65535 f \n");
        for o in self.offsets.iter().skip(1) {
            // Each entry is exactly 20 bytes.
            let _ = writeln!(self.buf, "{o:010} 00000 n ");
        }
        let _ = write!(
            self.buf,
            "trailer\n<< /Size {n} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        );
        self.buf
    }
}

#[cfg(test)]
mod tests;
