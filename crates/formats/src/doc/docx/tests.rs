use super::*;
use crate::doc::testutil::docx_parts;
use crate::doc::{Cell, Table};

fn sample() -> Doc {
    Doc {
        title: "Förfrågningsunderlag <&> \"krav\"".into(),
        lines: vec!["Rad ett\nrad två\tmed tabb".into()],
        warnings: vec!["Varning 1".into()],
        tables: vec![Table {
            id: "t1".into(),
            title: "Kostnader".into(),
            note: Some("Not".into()),
            headers: vec!["Post".into(), "Belopp".into()],
            rows: vec![
                vec![Cell::text("El"), Cell::Sek(1234567.0)],
                vec![Cell::text("Kort rad")],
            ],
            charts: vec![("Diagram".into(), "<svg/>".into())],
        }],
        blocks: vec![
            Block::Heading(1, "Kvalificeringskrav".into()),
            Block::Paragraph("Leverantören ska <b>".into()),
            Block::Field("Verifiering".into(), "Intyg & bilaga".into()),
            Block::Bullets(vec!["ett".into(), "två".into()]),
            Block::Heading(2, "Underrubrik".into()),
            Block::Heading(9, "Djup".into()),
            Block::Table(Table {
                id: "plan".into(),
                title: "Uppföljningsplan".into(),
                headers: vec!["Krav".into(), "När".into()],
                rows: vec![vec![Cell::text("a"), Cell::text("b")]],
                ..Table::default()
            }),
        ],
        footer: vec!["Sidfot".into()],
        english: false,
    }
}

#[test]
fn every_part_is_present_and_well_formed() {
    let bytes = render_docx(&sample());
    assert_eq!(&bytes[..2], b"PK");
    let parts = docx_parts(&bytes);
    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "word/footer1.xml",
    ] {
        assert!(parts.contains_key(name), "{name} missing");
    }
    // Every part but the content types is declared there.
    let ct = &parts["[Content_Types].xml"];
    for name in parts
        .keys()
        .filter(|n| n.ends_with(".xml") && !n.starts_with('['))
    {
        assert!(
            ct.contains(&format!("PartName=\"/{name}\"")),
            "{name} not in content types"
        );
    }
    // The content types come first (some readers sniff for it).
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    assert_eq!(
        zip.by_index(0).unwrap().name().unwrap(),
        "[Content_Types].xml"
    );
}

#[test]
fn text_is_escaped_and_structure_is_marked() {
    let parts = docx_parts(&render_docx(&sample()));
    let d = &parts["word/document.xml"];
    assert!(
        d.contains("Förfrågningsunderlag &lt;&amp;&gt; &quot;krav&quot;"),
        "{d}"
    );
    assert!(d.contains("Leverantören ska &lt;b&gt;"));
    assert!(d.contains("<w:pStyle w:val=\"Title\"/>"));
    assert!(d.contains(
        "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Kvalificeringskrav<"
    ));
    assert!(d.contains(
        "<w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Underrubrik<"
    ));
    // Levels beyond 3 are level 3.
    assert!(
        d.contains("<w:pStyle w:val=\"Heading3\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Djup<")
    );
    assert!(d.contains("<w:pStyle w:val=\"ListBullet\"/>"));
    assert!(d.contains("<w:trPr><w:tblHeader/></w:trPr>"));
    assert!(d.contains("<w:tblCaption w:val=\"Uppföljningsplan\"/>"));
    assert!(d.contains("<w:br/>") && d.contains("<w:tab/>"));
    assert!(d.contains("<w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">Verifiering: </w:t>"));
    // Numbers right-aligned, as shown elsewhere (1 234 567).
    assert!(d.contains("<w:jc w:val=\"right\"/>"));
    assert!(
        d.contains("1\u{a0}234\u{a0}567") || d.contains("1 234 567"),
        "{d}"
    );
    // No chart markup in the document.
    assert!(!d.contains("<svg"));
    let s = &parts["word/styles.xml"];
    for (id, lvl) in [("Heading1", 0), ("Heading2", 1), ("Heading3", 2)] {
        let at = s.find(&format!("w:styleId=\"{id}\"")).unwrap();
        let end = at + s[at..].find("</w:style>").unwrap();
        assert!(
            s[at..end].contains(&format!("<w:outlineLvl w:val=\"{lvl}\"/>")),
            "{id}"
        );
    }
    assert!(s.contains("<w:lang w:val=\"sv-SE\""));
    assert!(s.contains("w:styleId=\"TableGrid\""));
    assert!(s.contains("w:styleId=\"ListBullet\""));
    assert!(parts["docProps/core.xml"].contains("<dc:language>sv-SE</dc:language>"));
    assert!(parts["docProps/core.xml"].contains("<dc:title>Förfrågningsunderlag &lt;&amp;&gt;"));
    assert!(parts["word/settings.xml"].contains("<w:themeFontLang w:val=\"sv-SE\"/>"));
    assert!(parts["word/footer1.xml"].contains("Sida "));
}

#[test]
fn english_documents_say_so() {
    let mut d = sample();
    d.english = true;
    let parts = docx_parts(&render_docx(&d));
    assert!(parts["docProps/core.xml"].contains("<dc:language>en-GB</dc:language>"));
    assert!(parts["word/styles.xml"].contains("<w:lang w:val=\"en-GB\""));
    assert!(parts["word/document.xml"].contains(">Warnings<"));
    assert!(parts["word/footer1.xml"].contains("Page "));
}

#[test]
fn odd_input_gives_a_valid_package() {
    let empty = docx_parts(&render_docx(&Doc::default()));
    assert!(empty["word/document.xml"].contains("<w:body>"));
    let odd = "ctl\u{0}\u{1}\u{b}\u{c}\u{1b}\u{7f}\u{85}\u{fffe}\u{ffff} emoji 😀🇸🇪 \r\n cr\r ]]> <![CDATA[ &amp; &#0;";
    let mut d = Doc {
        title: odd.into(),
        lines: vec![odd.into(), String::new()],
        blocks: vec![
            Block::Heading(0, odd.into()),
            Block::Paragraph(odd.into()),
            Block::Field(odd.into(), odd.into()),
            Block::Bullets(vec![odd.into(), String::new()]),
            Block::Table(Table::default()),
            Block::Table(Table {
                title: odd.into(),
                headers: vec![],
                rows: vec![
                    vec![
                        Cell::text(odd),
                        Cell::Num(f64::NAN, 2),
                        Cell::Sek(f64::INFINITY),
                    ],
                    vec![],
                ],
                ..Table::default()
            }),
        ],
        ..Doc::default()
    };
    d.tables.push(Table {
        title: "Stor".into(),
        headers: vec!["a".into()],
        rows: vec![vec![Cell::text("ord ".repeat(50_000))]],
        ..Table::default()
    });
    let parts = docx_parts(&render_docx(&d));
    let doc = &parts["word/document.xml"];
    assert!(doc.contains("emoji 😀🇸🇪"));
    assert!(doc.contains("]]&gt; &lt;![CDATA[ &amp;amp; &amp;#0;"));
    assert!(!doc.contains('\u{1b}') && !doc.contains('\u{ffff}'));
}
