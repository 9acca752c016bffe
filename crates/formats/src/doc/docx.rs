//! A [`Doc`] as a Word document (Office Open XML WordprocessingML, `.docx`):
//! the accessible, editable format. Headings use Word's built-in heading
//! styles (with outline levels, so the navigation pane and screen readers
//! see them), lists a bullet numbering, tables the "Table Grid" style with
//! a repeating header row and a caption; the language is set on the
//! document's default run properties and in its core properties.
//!
//! Text is Arial (metrically the same as the PDF's Helvetica, so tables
//! lay out alike; Liberation Sans where Arial is missing), 10.5 pt, tables
//! 9 pt, A4 with 2 cm margins, as in the PDF.
//!
//! The XML is written by hand (a small fixed set of parts) and zipped with
//! the `zip` crate rust_xlsxwriter already brings in. Charts are left out:
//! each chart's table, which is its data, is in the document.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::clean::{cell, clean, column_shares, columns};
use super::{Block, Doc, Table};

/// A4 in twentieths of a point, margins 2 cm.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: u32 = 1134;
const TEXT_W: u32 = PAGE_W - 2 * MARGIN;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The document as the bytes of a `.docx` file.
pub fn render_docx(doc: &Doc) -> Vec<u8> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core(doc)),
        ("docProps/app.xml", APP.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", document(doc)),
        ("word/styles.xml", styles(doc)),
        ("word/numbering.xml", NUMBERING.to_string()),
        ("word/settings.xml", settings(doc)),
        ("word/footer1.xml", footer(doc)),
    ];
    // Writing to memory fails only for a part over 4 GiB without the Zip64
    // flag, which is set for such a part.
    zip_parts(&parts).expect("a zip in memory cannot fail to write")
}

fn zip_parts(parts: &[(&str, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(body.len() as u64 >= u64::from(u32::MAX));
        z.start_file(*name, opts)?;
        z.write_all(body.as_bytes())?;
    }
    Ok(z.finish()?.into_inner())
}

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

const DOCUMENT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    "</Relationships>"
);

const APP: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">",
    "<Application>upphandla</Application></Properties>"
);

/// One bullet list definition; every list in the document uses it.
const NUMBERING: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>",
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"\u{2022}\"/>",
    "<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"567\" w:hanging=\"283\"/></w:pPr></w:lvl>",
    "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
);

/// XML text or attribute value: `&<>"` escaped, forbidden characters gone.
fn esc(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn core(doc: &Doc) -> String {
    format!(
        "{DECL}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>upphandla</dc:creator>\
         <dc:language>{}</dc:language></cp:coreProperties>",
        esc(&doc.title),
        doc.lang()
    )
}

fn settings(doc: &Doc) -> String {
    // Swedish documents use a decimal comma (fields and table formulas).
    let (decimal, list) = if doc.english { (".", ",") } else { (",", ";") };
    format!(
        "{DECL}<w:settings xmlns:w=\"{W_NS}\">\
         <w:defaultTabStop w:val=\"709\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" \
         w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"{}\"/>\
         <w:decimalSymbol w:val=\"{decimal}\"/><w:listSeparator w:val=\"{list}\"/>\
         </w:settings>",
        doc.lang()
    )
}

/// Paragraph styles: Normal, Title, Heading 1–3 (outline levels 1–3),
/// List Bullet, Caption, Footer; the table styles Normal Table and Table Grid.
fn styles(doc: &Doc) -> String {
    let mut s = format!(
        "{DECL}<w:styles xmlns:w=\"{W_NS}\">\
         <w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>\
         <w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"{0}\" w:eastAsia=\"{0}\" w:bidi=\"ar-SA\"/>\
         </w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
        doc.lang()
    );
    let heading = |id: &str, name: &str, outline: Option<u8>, size: u32, before: u32| {
        let outline = outline
            .map(|l| format!("<w:outlineLvl w:val=\"{l}\"/>"))
            .unwrap_or_default();
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/>{outline}</w:pPr>\
             <w:rPr><w:b/><w:bCs/><w:color w:val=\"1A1A1A\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>"
        )
    };
    s.push_str(&heading("Title", "Title", None, 36, 0));
    s.push_str(&heading("Heading1", "heading 1", Some(0), 30, 360));
    s.push_str(&heading("Heading2", "heading 2", Some(1), 25, 240));
    s.push_str(&heading("Heading3", "heading 3", Some(2), 22, 200));
    s.push_str(
        "<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/>\
         <w:basedOn w:val=\"Normal\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr>\
         <w:spacing w:after=\"60\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>\
         <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/></w:pPr>\
         <w:rPr><w:b/><w:bCs/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/>\
         <w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr>\
         <w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>\
         <w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/>\
         <w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>\
         <w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"8C8C8C\"/>\
         </w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>",
    );
    s
}

/// "Sida 3 av 7" centred at the foot of every page.
fn footer(doc: &Doc) -> String {
    let (page, of) = if doc.english {
        ("Page ", " of ")
    } else {
        ("Sida ", " av ")
    };
    format!(
        "{DECL}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{page}</w:t></w:r>\
         <w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>\
         <w:r><w:t xml:space=\"preserve\">{of}</w:t></w:r>\
         <w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"
    )
}

/// A run of text: `\n` becomes a line break, a tab a tab.
fn run(out: &mut String, text: &str, bold: bool) {
    run_sized(out, text, bold, None);
}

/// A run in bold or not, at `size` half-points when given.
fn run_sized(out: &mut String, text: &str, bold: bool, size: Option<u32>) {
    out.push_str("<w:r>");
    if bold || size.is_some() {
        out.push_str("<w:rPr>");
        if bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if let Some(s) = size {
            let _ = write!(out, "<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>");
        }
        out.push_str("</w:rPr>");
    }
    let text = clean(text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", esc(part));
            }
        }
    }
    out.push_str("</w:r>");
}

/// A paragraph in `style` (Normal when `None`) holding `text`.
fn para(out: &mut String, style: Option<&str>, text: &str) {
    out.push_str("<w:p>");
    if let Some(s) = style {
        let _ = write!(out, "<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>");
    }
    run(out, text, false);
    out.push_str("</w:p>");
}

fn heading(out: &mut String, level: u8, text: &str) {
    let style = format!("Heading{}", Block::level(level));
    para(out, Some(&style), text);
}

fn bullets(out: &mut String, items: &[String]) {
    for i in items {
        para(out, Some("ListBullet"), i);
    }
}

fn document(doc: &Doc) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "{DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>"
    );
    para(&mut out, Some("Title"), &doc.title);
    for l in &doc.lines {
        para(&mut out, None, l);
    }
    if !doc.warnings.is_empty() {
        heading(&mut out, 1, doc.word("Varningar", "Warnings"));
        bullets(&mut out, &doc.warnings);
    }
    for t in &doc.tables {
        heading(&mut out, 1, &t.title);
        table(&mut out, t);
    }
    for b in &doc.blocks {
        match b {
            Block::Heading(level, h) => heading(&mut out, *level, h),
            Block::Paragraph(p) => para(&mut out, None, p),
            Block::Field(label, text) => {
                out.push_str("<w:p>");
                run(&mut out, &format!("{label}: "), true);
                run(&mut out, text, false);
                out.push_str("</w:p>");
            }
            Block::Bullets(items) => bullets(&mut out, items),
            Block::Table(t) => {
                para(&mut out, Some("Caption"), &t.title);
                table(&mut out, t);
            }
        }
    }
    for f in &doc.footer {
        para(&mut out, None, f);
    }
    let _ = write!(
        out,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/>\
         <w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
         <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    out
}

/// A table in the Table Grid style: the header row repeats on each page
/// and is marked as a header for assistive technology; numbers align right.
fn table(out: &mut String, t: &Table) {
    let ncol = columns(t);
    if ncol == 0 {
        if let Some(n) = &t.note {
            para(out, None, n);
        }
        return;
    }
    let (shares, scale) = column_shares(t, ncol);
    // Table text is 9 pt (the Table Grid style), smaller for wide tables.
    let size = (18.0 * scale).round() as u32;
    let widths: Vec<u32> = shares
        .iter()
        .map(|s| ((s * f64::from(TEXT_W)).round() as u32).max(300))
        .collect();
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
         <w:tblLayout w:type=\"fixed\"/>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" \
         w:noHBand=\"0\" w:noVBand=\"1\"/><w:tblCaption w:val=\"{}\"/></w:tblPr><w:tblGrid>",
        esc(&t.title)
    );
    for w in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    if !t.headers.is_empty() {
        out.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            let h = t.headers.get(i).map_or("", String::as_str);
            tc(out, *w, h, true, false, true, size);
        }
        out.push_str("</w:tr>");
    }
    for r in &t.rows {
        out.push_str("<w:tr>");
        for (i, w) in widths.iter().enumerate() {
            let (text, numeric) = cell(r, i);
            tc(out, *w, &text, i == 0, numeric, false, size);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // A note under the table, with a little space after the table.
    if let Some(n) = &t.note {
        out.push_str("<w:p><w:pPr><w:spacing w:before=\"120\"/></w:pPr>");
        run(out, n, false);
        out.push_str("</w:p>");
    }
}

fn tc(out: &mut String, width: u32, text: &str, bold: bool, right: bool, shaded: bool, size: u32) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if shaded {
        out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F0F0F0\"/>");
    }
    out.push_str("</w:tcPr><w:p>");
    if right {
        out.push_str("<w:pPr><w:jc w:val=\"right\"/></w:pPr>");
    }
    let size = (size != 18).then_some(size);
    run_sized(out, text, bold, size);
    out.push_str("</w:p></w:tc>");
}

#[cfg(test)]
mod tests;
