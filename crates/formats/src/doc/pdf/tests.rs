use super::*;
use crate::doc::testutil::{page_text, pdf_pages};
use crate::doc::{Cell, Table};

fn sample() -> Doc {
    Doc {
        title: "Krav (utkast) \\ åäö".into(),
        lines: vec!["Utsläpp 12 kg CO₂e per år – räknat så.".into()],
        warnings: vec!["Kontrollera".into()],
        blocks: vec![
            Block::Heading(1, "Tekniska specifikationer".into()),
            Block::Paragraph("Leverantören ska leverera fordon.\nNy rad.".into()),
            Block::Field("Verifiering".into(), "Datablad".into()),
            Block::Bullets(vec!["första".into(), "andra".into()]),
            Block::Table(Table {
                title: "Plan".into(),
                headers: vec!["Krav".into(), "Belopp".into()],
                rows: vec![vec![Cell::text("a"), Cell::Ore(123456)]],
                ..Table::default()
            }),
        ],
        ..Doc::default()
    }
}

fn all_text(pdf: &[u8]) -> String {
    pdf_pages(pdf).iter().map(|p| page_text(p)).collect()
}

#[test]
fn objects_are_where_the_xref_says_and_text_is_there() {
    let pdf = render_pdf(&sample());
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 1);
    let text = page_text(&pages[0]);
    assert!(
        text.contains("Krav (utkast) \\ \u{e5}\u{e4}\u{f6}"),
        "{text}"
    );
    assert!(text.contains("CO2e"), "{text}");
    assert!(text.contains("\u{2013} r\u{e4}knat"), "{text}");
    assert!(text.contains("Tekniska specifikationer"));
    assert!(text.contains("Ny rad."));
    assert!(
        text.contains("Verifiering:\nDatablad") || text.contains("Verifiering:"),
        "{text}"
    );
    assert!(text.contains("\u{2022}\nf\u{f6}rsta"), "{text}");
    assert!(
        text.contains("1 234,56") || text.contains("1\u{a0}234,56"),
        "{text}"
    );
    assert!(text.contains("Sida 1 av 1"));
    // Parentheses and backslashes are escaped in the content stream.
    let raw = &pages[0];
    assert!(raw.windows(9).any(|w| w == b"Krav \\(ut"));
    assert!(raw.windows(4).any(|w| w == b"\\\\ \xe5"));
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("/Lang (sv-SE)"));
    assert!(s.contains("/DisplayDocTitle true"));
    assert!(s.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"));
    assert!(s.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"));
    assert!(s.contains("/MediaBox [0 0 595.28 841.89]"));
    assert!(s.contains("/Outlines "));
    // The title as UTF-16 ("K" = 004B).
    assert!(s.contains("/Title <FEFF004B00720061"));
}

#[test]
fn long_tables_break_pages_and_repeat_their_header() {
    let rows: Vec<Vec<Cell>> = (0..200)
        .map(|i| {
            vec![
                Cell::text(format!("Rad {i}")),
                Cell::text("text ".repeat(i % 7 + 1)),
            ]
        })
        .collect();
    let d = Doc {
        title: "Lång".into(),
        blocks: vec![Block::Table(Table {
            title: "T".into(),
            headers: vec!["Kolumnrubrik".into(), "Andra".into()],
            rows,
            ..Table::default()
        })],
        ..Doc::default()
    };
    let pdf = render_pdf(&d);
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 4, "{}", pages.len());
    for (i, p) in pages.iter().enumerate() {
        let t = page_text(p);
        assert!(t.contains("Kolumnrubrik"), "page {i}: {t}");
        assert!(t.contains(&format!("Sida {} av {}", i + 1, pages.len())));
    }
    let text: String = pages.iter().map(|p| page_text(p)).collect();
    for i in [0, 99, 199] {
        assert!(text.contains(&format!("Rad {i}\n")), "Rad {i}");
    }
    assert!(String::from_utf8_lossy(&pdf).contains(&format!("/Count {}", pages.len())));
}

#[test]
fn a_cell_longer_than_a_page_is_split_over_pages() {
    let (_, d) = long_cell_doc();
    let pdf = render_pdf(&d);
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 3, "{}", pages.len());
    let text: String = pages.iter().map(|p| page_text(p)).collect();
    assert!(text.contains("ord0 ") && text.contains("ord2999"));
    assert!(text.contains("efter"));
    // Every word once: nothing lost or drawn twice at a break.
    assert_eq!(text.matches("ord1500 ").count(), 1);
}

#[test]
fn wrapping_uses_the_glyph_widths() {
    // 10 "W" at 10 pt are 94.4 pt wide; 10 "i" 22.2 pt.
    let lines = wrap(&[(Font::Regular, "WWWWWWWWWW iiiiiiiiii")], 10.0, 100.0);
    assert_eq!(lines.len(), 2);
    let lines = wrap(&[(Font::Regular, "iiiiiiiiii iiiiiiiiii")], 10.0, 100.0);
    assert_eq!(lines.len(), 1);
    // A word wider than the line is cut; nothing is lost.
    let lines = wrap(&[(Font::Regular, &"W".repeat(25))], 10.0, 100.0);
    assert_eq!(lines.len(), 3);
    let n: usize = lines.iter().flatten().map(|w| w.1.len()).sum();
    assert_eq!(n, 25);
    // A long id breaks after a hyphen.
    let lines = wrap(
        &[(Font::Regular, "uppvarmning-tk-arsverkningsgrad")],
        10.0,
        100.0,
    );
    let parts: Vec<&[u8]> = lines.iter().map(|l| l[0].1.as_slice()).collect();
    assert_eq!(parts, [&b"uppvarmning-tk-"[..], b"arsverkningsgrad"]);
    // Even a line narrower than one glyph makes progress.
    assert_eq!(wrap(&[(Font::Regular, "abc")], 10.0, 0.5).len(), 3);
    assert_eq!(wrap(&[(Font::Regular, "")], 10.0, 100.0).len(), 1);
}

#[test]
fn numbers_are_plain() {
    assert_eq!(num(1.0), "1");
    assert_eq!(num(595.276), "595.28");
    assert_eq!(num(-0.001), "0");
    assert_eq!(num(f64::NAN), "0");
    assert_eq!(num(0.5), "0.5");
}

#[test]
fn odd_input_gives_a_valid_file() {
    let odd = "ctl\u{0}\u{1}\u{1b}\u{7f}\u{85} ( ) \\ emoji 😀🇸🇪 \r\n漢字 \u{202e}rtl\u{fffe}";
    let d = Doc {
        title: odd.into(),
        lines: vec![odd.into(), String::new()],
        warnings: vec![String::new()],
        tables: vec![
            Table::default(),
            Table {
                title: odd.into(),
                headers: (0..60).map(|i| format!("h{i}")).collect(),
                rows: vec![
                    vec![
                        Cell::text(odd),
                        Cell::Num(f64::NAN, 2),
                        Cell::Sek(f64::INFINITY),
                    ],
                    vec![],
                ],
                ..Table::default()
            },
        ],
        blocks: vec![
            Block::Heading(0, odd.into()),
            Block::Heading(200, String::new()),
            Block::Paragraph(odd.into()),
            Block::Field(String::new(), odd.into()),
            Block::Bullets(vec![odd.into(), String::new()]),
            Block::Table(Table {
                headers: vec!["x".repeat(5000)],
                rows: vec![vec![Cell::text("y")]],
                ..Table::default()
            }),
        ],
        footer: vec![odd.into()],
        english: true,
    };
    let pdf = render_pdf(&d);
    let text = all_text(&pdf);
    assert!(text.contains("emoji ?"), "{text}");
    assert!(text.contains("Page 1 of "));
    assert!(String::from_utf8_lossy(&pdf).contains("/Lang (en-GB)"));
    let empty = render_pdf(&Doc::default());
    assert_eq!(pdf_pages(&empty).len(), 1);
}

mod structure;

/// A table whose second cell ("ord0 ord1 … ord2999") is longer than a page,
/// with a row after it; returns (the long text, the document).
fn long_cell_doc() -> (String, Doc) {
    let long = (0..3000)
        .map(|i| format!("ord{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let d = Doc {
        title: "x".into(),
        tables: vec![Table {
            title: "T".into(),
            headers: vec!["H1".into(), "H2".into()],
            rows: vec![
                vec![Cell::text("a"), Cell::text(&long)],
                vec![Cell::text("efter")],
            ],
            ..Table::default()
        }],
        ..Doc::default()
    };
    (long, d)
}
