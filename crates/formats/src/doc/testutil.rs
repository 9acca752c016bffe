//! Checks the Word and PDF tests share: every part of a .docx is well-formed
//! XML, every object a PDF's cross-reference table names is where it says.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use flate2::read::ZlibDecoder;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// The parts of a .docx by name, each checked to be well-formed XML
/// (matching end tags, valid escapes and attributes); panics otherwise.
pub(crate) fn docx_parts(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("a zip entry");
        let name = f.name().expect("entry name").to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).expect("UTF-8 part");
        well_formed(&name, &text);
        parts.insert(name, text);
    }
    parts
}

/// Panics unless `xml` is one well-formed element tree of allowed characters.
pub(crate) fn well_formed(name: &str, xml: &str) {
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"),
        "{name}: declaration"
    );
    for c in xml.chars() {
        let ok = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}';
        assert!(
            ok,
            "{name}: character U+{:04X} not allowed in XML",
            c as u32
        );
    }
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut depth = 0i64;
    let mut roots = 0;
    loop {
        match r.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{name}: attribute: {e}"));
                    a.normalized_value(XmlVersion::Explicit1_0)
                        .unwrap_or_else(|e| panic!("{name}: attribute value: {e}"));
                }
            }
            Ok(Event::Empty(e)) => {
                if depth == 0 {
                    roots += 1;
                }
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|e| panic!("{name}: attribute: {e}"));
                    a.normalized_value(XmlVersion::Explicit1_0)
                        .unwrap_or_else(|e| panic!("{name}: attribute value: {e}"));
                }
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::GeneralRef(g)) => {
                let ent: &str = g.as_ref();
                let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                    || matches!(g.resolve_char_ref(), Ok(Some(_)));
                assert!(ok, "{name}: unknown entity &{ent};");
            }
            Ok(_) => {}
            Err(e) => panic!("{name}: not well-formed at {}: {e}", r.error_position()),
        }
    }
    assert_eq!(depth, 0, "{name}: unclosed elements");
    assert_eq!(roots, 1, "{name}: one root element");
}

/// A checked PDF: the header, the cross-reference table (each offset is
/// where its object starts), the trailer; returns each content stream
/// decompressed, in page order.
pub(crate) fn pdf_pages(pdf: &[u8]) -> Vec<Vec<u8>> {
    assert!(pdf.starts_with(b"%PDF-1.7\n"), "header");
    assert!(pdf.ends_with(b"%%EOF\n"), "end");
    let tail = &pdf[pdf.len().saturating_sub(40)..];
    let tail = String::from_utf8_lossy(tail);
    let start: usize = tail
        .split("startxref\n")
        .nth(1)
        .and_then(|s| s.lines().next())
        .and_then(|s| s.trim().parse().ok())
        .expect("startxref");
    assert!(
        pdf[start..].starts_with(b"xref\n0 "),
        "startxref points at xref"
    );
    let xref = String::from_utf8_lossy(&pdf[start..]);
    let mut lines = xref.lines();
    lines.next();
    let n: usize = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("xref size");
    // Entries are exactly 20 bytes each.
    let table_start = start + "xref\n".len() + format!("0 {n}\n").len();
    let mut offsets = Vec::new();
    for i in 0..n {
        let e = &pdf[table_start + 20 * i..table_start + 20 * (i + 1)];
        let e = std::str::from_utf8(e).expect("ASCII xref entry");
        assert!(e.ends_with(" \n"), "entry {i}: {e:?}");
        if i == 0 {
            assert_eq!(e, "0000000000 65535 f \n");
            continue;
        }
        assert!(e.ends_with(" 00000 n \n"), "entry {i}: {e:?}");
        let off: usize = e[..10].parse().expect("offset");
        let head = format!("{i} 0 obj\n");
        assert!(
            pdf[off..].starts_with(head.as_bytes()),
            "object {i} is not at {off}"
        );
        offsets.push(off);
    }
    let trailer = String::from_utf8_lossy(&pdf[table_start + 20 * n..]);
    assert!(
        trailer.starts_with(&format!("trailer\n<< /Size {n} /Root 1 0 R /Info 5 0 R >>")),
        "{trailer}"
    );
    // Content streams: objects with /FlateDecode, in object order (pages'
    // contents follow their pages).
    let mut pages = Vec::new();
    for off in offsets {
        let obj = &pdf[off..];
        let end = find(obj, b"endobj").expect("endobj");
        let obj = &obj[..end];
        let Some(s) = find(obj, b"stream\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&obj[..s]);
        let len: usize = head
            .split("/Length ")
            .nth(1)
            .and_then(|r| r.split([' ', '>']).next())
            .and_then(|l| l.parse().ok())
            .expect("stream length");
        let data = &obj[s + 7..s + 7 + len];
        assert!(
            obj[s + 7 + len..].starts_with(b"\nendstream"),
            "stream length"
        );
        let mut out = Vec::new();
        ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .expect("flate stream");
        pages.push(out);
    }
    pages
}

/// The text shown on a page (the strings of its `Tj` operators, in order,
/// one per line), as Latin-1 / WinAnsi decoded to a String.
pub(crate) fn page_text(content: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < content.len() {
        if content[i] == b'(' {
            i += 1;
            while i < content.len() && content[i] != b')' {
                if content[i] == b'\\' {
                    i += 1;
                }
                if let Some(&b) = content.get(i) {
                    out.push(match b {
                        0x96 => '–',
                        0x95 => '•',
                        0x80 => '€',
                        b => char::from(b),
                    });
                }
                i += 1;
            }
            out.push('\n');
        }
        i += 1;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
