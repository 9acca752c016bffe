//! The tagged PDF read back: the objects it wrote (catalogue, pages,
//! structure tree root, parent tree, structure elements) and the marked
//! content of each page, checked against each other, and by poppler's
//! `pdfinfo`.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};

use super::*;

/// A structure element as written.
#[derive(Debug)]
struct Se {
    tag: String,
    parent: usize,
    /// Column scope of a header cell.
    scope: Option<String>,
    kids: Vec<K>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum K {
    Elem(usize),
    /// (page object, MCID)
    Mcr(usize, usize),
}

/// A marked-content sequence on a page: its tag, MCID (none for an
/// artifact) and the text shown in it.
#[derive(Debug)]
struct Seq {
    tag: String,
    mcid: Option<usize>,
    text: String,
}

/// A checked tagged PDF.
struct Tagged {
    /// The structure elements in depth-first order (the tree's reading
    /// order): (object, tag, the text of its own marked content).
    dfs: Vec<(usize, String, String)>,
    elems: BTreeMap<usize, Se>,
    /// Page objects in page order.
    pages: Vec<usize>,
    /// Each page's marked-content sequences in content-stream order.
    seqs: Vec<Vec<Seq>>,
}

impl Tagged {
    fn tags(&self) -> Vec<&str> {
        self.dfs.iter().map(|(_, t, _)| t.as_str()).collect()
    }

    fn with_tag<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = (usize, &'a Se)> + 'a {
        self.elems
            .iter()
            .filter(move |(_, e)| e.tag == tag)
            .map(|(o, e)| (*o, e))
    }

    /// Page indices of an element's own marked content.
    fn pages_of(&self, obj: usize) -> Vec<usize> {
        self.elems[&obj]
            .kids
            .iter()
            .filter_map(|k| match *k {
                K::Mcr(pg, _) => self.pages.iter().position(|&p| p == pg),
                K::Elem(_) => None,
            })
            .collect()
    }
}

/// Each object's text by number, from the cross-reference table (which
/// `pdf_pages` checks); a stream object only up to its data.
fn objects(pdf: &[u8]) -> BTreeMap<usize, String> {
    let text = String::from_utf8_lossy(pdf);
    let start: usize = text
        .rsplit("startxref\n")
        .next()
        .and_then(|s| s.lines().next())
        .and_then(|s| s.parse().ok())
        .expect("startxref");
    let xref = &pdf[start..];
    let head = String::from_utf8_lossy(&xref[..20]);
    let n: usize = head
        .lines()
        .nth(1)
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("xref size");
    let table = start + "xref\n".len() + format!("0 {n}\n").len();
    let mut objs = BTreeMap::new();
    for i in 1..n {
        let e = &pdf[table + 20 * i..table + 20 * i + 10];
        let off: usize = std::str::from_utf8(e).unwrap().parse().unwrap();
        let body = &pdf[off..];
        let find = |hay: &[u8], w: &[u8]| hay.windows(w.len()).position(|x| x == w);
        let end = find(body, b"\nendobj").expect("end of object");
        let end = find(&body[..end], b"stream\n").unwrap_or(end);
        let body = String::from_utf8_lossy(&body[..end]);
        let body = body
            .strip_prefix(&format!("{i} 0 obj\n"))
            .expect("object header");
        objs.insert(i, body.to_string());
    }
    objs
}

/// Dictionary and array syntax as tokens (no strings in these objects).
fn tokens(s: &str) -> Vec<String> {
    s.replace("<<", " << ")
        .replace(">>", " >> ")
        .replace('[', " [ ")
        .replace(']', " ] ")
        .replace('/', " /")
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// The object number of the reference `key n 0 R` in a dictionary.
fn reference(t: &[String], key: &str) -> Option<usize> {
    // The key, not a name value that looks like it (`/S /P /P 12 0 R`).
    let i = t
        .windows(2)
        .position(|w| w[0] == key && w[1].parse::<usize>().is_ok())?;
    assert_eq!(t.get(i + 2).map(String::as_str), Some("0"), "{key}: {t:?}");
    assert_eq!(t.get(i + 3).map(String::as_str), Some("R"), "{key}: {t:?}");
    t.get(i + 1)?.parse().ok()
}

fn value<'a>(t: &'a [String], key: &str) -> Option<&'a str> {
    let i = t.iter().position(|x| x == key)?;
    t.get(i + 1).map(String::as_str)
}

/// The kids in a structure element's `/K` array.
fn kids(t: &[String]) -> Vec<K> {
    let Some(i) = t.iter().position(|x| x == "/K") else {
        return Vec::new();
    };
    assert_eq!(t[i + 1], "[", "{t:?}");
    let mut out = Vec::new();
    let mut j = i + 2;
    while t[j] != "]" {
        if t[j] == "<<" {
            let end = j + t[j..].iter().position(|x| x == ">>").unwrap();
            let d = &t[j..=end];
            assert_eq!(value(d, "/Type"), Some("/MCR"), "{d:?}");
            out.push(K::Mcr(
                reference(d, "/Pg").expect("MCR /Pg"),
                value(d, "/MCID").unwrap().parse().unwrap(),
            ));
            j = end + 1;
        } else {
            assert_eq!((&t[j + 1][..], &t[j + 2][..]), ("0", "R"), "{t:?}");
            out.push(K::Elem(t[j].parse().unwrap()));
            j += 3;
        }
    }
    out
}

/// The marked-content sequences of a content stream. Panics when marked
/// content nests, is left open, or anything is painted outside it.
fn sequences(content: &[u8]) -> Vec<Seq> {
    let delim = |b: u8| b.is_ascii_whitespace() || b"()<>[]/".contains(&b);
    let mut seqs = Vec::new();
    let mut open: Option<Seq> = None;
    let mut operands: Vec<String> = Vec::new();
    let mut string = String::new();
    let mut i = 0;
    while i < content.len() {
        let b = content[i];
        if b.is_ascii_whitespace() {
            i += 1;
        } else if b == b'(' {
            string.clear();
            i += 1;
            while content[i] != b')' {
                if content[i] == b'\\' {
                    i += 1;
                }
                string.push(match content[i] {
                    0x96 => '–',
                    0x95 => '•',
                    0x80 => '€',
                    b => char::from(b),
                });
                i += 1;
            }
            i += 1;
            operands.push("(string)".into());
        } else if content[i..].starts_with(b"<<") || content[i..].starts_with(b">>") {
            operands.push(String::from_utf8_lossy(&content[i..i + 2]).into());
            i += 2;
        } else {
            let start = i;
            i += 1;
            while i < content.len() && !delim(content[i]) {
                i += 1;
            }
            let tok = String::from_utf8_lossy(&content[start..i]).to_string();
            let operator = !tok.starts_with('/')
                && !tok.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.');
            if !operator {
                operands.push(tok);
                continue;
            }
            match tok.as_str() {
                "BDC" | "BMC" => {
                    assert!(open.is_none(), "nested marked content: {operands:?}");
                    let mcid = operands
                        .iter()
                        .position(|o| o == "/MCID")
                        .map(|p| operands[p + 1].parse().expect("MCID"));
                    let tag = operands[0].trim_start_matches('/').to_string();
                    if tag == "Artifact" {
                        assert!(mcid.is_none(), "an artifact has no MCID");
                    } else {
                        assert!(mcid.is_some(), "/{tag} without an MCID");
                    }
                    open = Some(Seq {
                        tag,
                        mcid,
                        text: String::new(),
                    });
                }
                "EMC" => seqs.push(open.take().expect("EMC without BDC")),
                "Tj" | "re" | "f" | "S" => {
                    let seq = open
                        .as_mut()
                        .unwrap_or_else(|| panic!("{tok} outside marked content: {string:?}"));
                    if tok == "Tj" {
                        seq.text.push_str(&string);
                    }
                }
                _ => {}
            }
            operands.clear();
        }
    }
    assert!(
        open.is_none(),
        "marked content left open at the end of a page"
    );
    seqs
}

/// Reads a PDF's structure back and checks it: catalogue and pages say
/// it is tagged; each page's MCIDs are 0, 1, 2 … and each has exactly one
/// parent element in the parent tree, which points back at it with its
/// tag; every element is in the tree once, under the parent it names; an
/// element has at most one piece of content per page; and the tree's
/// depth-first order is the order in which the content was drawn.
fn tagged(pdf: &[u8]) -> Tagged {
    let streams = pdf_pages(pdf);
    let objs = objects(pdf);
    let catalog = &objs[&1];
    for must in [
        "/MarkInfo << /Marked true >>",
        "/DisplayDocTitle true",
        "/Lang (",
    ] {
        assert!(catalog.contains(must), "catalogue lacks {must}: {catalog}");
    }
    let root = reference(&tokens(catalog), "/StructTreeRoot").expect("/StructTreeRoot");

    let page_tree = tokens(&objs[&2]);
    let k = page_tree.iter().position(|x| x == "/Kids").unwrap();
    let pages: Vec<usize> = page_tree[k + 2..]
        .chunks(3)
        .take_while(|c| c[0] != "]")
        .map(|c| c[0].parse().unwrap())
        .collect();
    assert_eq!(pages.len(), streams.len(), "one content stream per page");
    for (i, p) in pages.iter().enumerate() {
        let t = tokens(&objs[p]);
        assert_eq!(
            value(&t, "/StructParents"),
            Some(&*i.to_string()),
            "page {i}"
        );
        assert_eq!(value(&t, "/Tabs"), Some("/S"), "page {i}");
    }
    let seqs: Vec<Vec<Seq>> = streams.iter().map(|s| sequences(s)).collect();
    // MCIDs per page, in order of appearance: 0, 1, 2 …
    let mut mcid_tag: BTreeMap<(usize, usize), &str> = BTreeMap::new();
    for (i, page) in seqs.iter().enumerate() {
        let ids: Vec<usize> = page.iter().filter_map(|s| s.mcid).collect();
        assert_eq!(ids, (0..ids.len()).collect::<Vec<_>>(), "page {i}");
        for s in page {
            if let Some(m) = s.mcid {
                mcid_tag.insert((pages[i], m), &s.tag);
            }
        }
    }

    let rt = tokens(&objs[&root]);
    assert_eq!(value(&rt, "/Type"), Some("/StructTreeRoot"));
    let document = reference(&rt, "/K").expect("root /K");
    let parent_tree = reference(&rt, "/ParentTree").expect("/ParentTree");
    assert_eq!(
        value(&rt, "/ParentTreeNextKey"),
        Some(&*pages.len().to_string())
    );

    let mut elems = BTreeMap::new();
    for (&o, body) in &objs {
        if !body.contains("/Type /StructElem") {
            continue;
        }
        let t = tokens(body);
        let scope = t.iter().position(|x| x == "/A").map(|a| {
            assert_eq!(value(&t[a..], "/O"), Some("/Table"));
            value(&t[a..], "/Scope").unwrap().to_string()
        });
        elems.insert(
            o,
            Se {
                tag: value(&t, "/S").unwrap().trim_start_matches('/').into(),
                parent: reference(&t, "/P").expect("/P"),
                scope,
                kids: kids(&t),
            },
        );
    }

    // The parent tree: page i's MCIDs to their elements.
    let nums = tokens(&objs[&parent_tree]);
    assert_eq!(&nums[..3], ["<<", "/Nums", "["]);
    let mut parent_of: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut j = 3;
    let mut key = 0;
    while nums[j] != "]" {
        assert_eq!(nums[j], key.to_string(), "parent tree keys in order");
        assert_eq!(nums[j + 1], "[");
        j += 2;
        let mut m = 0;
        while nums[j] != "]" {
            assert_eq!((&nums[j + 1][..], &nums[j + 2][..]), ("0", "R"));
            parent_of.insert((pages[key], m), nums[j].parse().unwrap());
            m += 1;
            j += 3;
        }
        j += 1;
        key += 1;
    }
    assert_eq!(key, pages.len(), "a parent tree entry per page");
    assert_eq!(
        parent_of.keys().collect::<Vec<_>>(),
        mcid_tag.keys().collect::<Vec<_>>(),
        "the parent tree has exactly the MCIDs on the pages"
    );

    // Every MCR once, in the element the parent tree names, with its tag.
    let mut seen = BTreeSet::new();
    for (o, e) in &elems {
        let mut on_pages = BTreeSet::new();
        for k in &e.kids {
            if let K::Mcr(pg, m) = *k {
                assert!(seen.insert((pg, m)), "MCR {pg}/{m} twice");
                assert_eq!(parent_of.get(&(pg, m)), Some(o), "parent of {pg}/{m}");
                assert_eq!(mcid_tag[&(pg, m)], e.tag, "tag of {pg}/{m}");
                assert!(on_pages.insert(pg), "{} {o}: two MCRs on page {pg}", e.tag);
            }
        }
    }
    assert_eq!(seen.len(), mcid_tag.len());

    // Depth first from the Document: each element once, under its parent.
    let mut dfs = Vec::new();
    let mut stack = vec![(document, root)];
    let page_text: BTreeMap<(usize, usize), &str> = seqs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let pg = pages[i];
            p.iter()
                .filter_map(move |s| s.mcid.map(|m| ((pg, m), s.text.as_str())))
        })
        .collect();
    while let Some((o, parent)) = stack.pop() {
        let e = elems.get(&o).unwrap_or_else(|| panic!("{o} is no element"));
        assert_eq!(e.parent, parent, "{} {o}: /P", e.tag);
        let mut text = String::new();
        for k in &e.kids {
            if let K::Mcr(pg, m) = k {
                text.push_str(page_text[&(*pg, *m)]);
            }
        }
        dfs.push((o, e.tag.clone(), text));
        for k in e.kids.iter().rev() {
            if let K::Elem(c) = *k {
                stack.push((c, o));
            }
        }
    }
    assert_eq!(dfs.len(), elems.len(), "every element once in the tree");
    assert_eq!(dfs[0].1, "Document");
    let distinct: BTreeSet<usize> = dfs.iter().map(|d| d.0).collect();
    assert_eq!(distinct.len(), dfs.len(), "no element twice");

    // The tree's order is the order the content was drawn in: elements by
    // their first piece of content, the cells of a table row by the row's
    // first piece of content and then by column (when a row is split over
    // pages, a cell whose text starts with an empty line may show nothing
    // before the next cell does).
    let in_tree: Vec<usize> = dfs
        .iter()
        .map(|d| d.0)
        .filter(|o| elems[o].kids.iter().any(|k| matches!(k, K::Mcr(..))))
        .collect();
    let mut drawn = Vec::new();
    let mut met = BTreeSet::new();
    for (i, page) in seqs.iter().enumerate() {
        for s in page {
            if let Some(m) = s.mcid {
                let e = parent_of[&(pages[i], m)];
                if met.insert(e) {
                    drawn.push(e);
                }
            }
        }
    }
    let unit = |e: usize| {
        let p = elems[&e].parent;
        if elems.get(&p).is_some_and(|p| p.tag == "TR") {
            p
        } else {
            e
        }
    };
    let mut first_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, &e) in drawn.iter().enumerate() {
        first_of.entry(unit(e)).or_insert(i);
    }
    let first = |u: usize| first_of[&u];
    let column = |e: usize| {
        elems
            .get(&elems[&e].parent)
            .and_then(|p| p.kids.iter().position(|k| *k == K::Elem(e)))
            .unwrap_or(0)
    };
    let mut reading = drawn.clone();
    reading.sort_by_key(|&e| (first(unit(e)), column(e)));
    assert_eq!(in_tree, reading, "tree order = drawing order");

    Tagged {
        dfs,
        elems,
        pages,
        seqs,
    }
}

#[test]
fn every_mcid_has_one_parent_and_the_tree_reads_in_order() {
    let t = tagged(&render_pdf(&sample()));
    assert_eq!(
        t.tags(),
        [
            "Document", "H1", "P", "H2", "L", "LI", "Lbl", "LBody", "H2", "P", "P", "L", "LI",
            "Lbl", "LBody", "LI", "Lbl", "LBody", "Table", "Caption", "TR", "TH", "TH", "TR", "TD",
            "TD"
        ]
    );
    let texts: Vec<&str> = t
        .dfs
        .iter()
        .map(|d| d.2.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        texts,
        [
            "Krav (utkast) \\ \u{e5}\u{e4}\u{f6}",
            "Utsl\u{e4}pp 12 kg CO2e per \u{e5}r \u{2013} r\u{e4}knat s\u{e5}.",
            "Varningar",
            "\u{2022}",
            "Kontrollera",
            "Tekniska specifikationer",
            // Lines of a paragraph keep a space between them.
            "Leverant\u{f6}ren ska leverera fordon. Ny rad.",
            "Verifiering: Datablad",
            "\u{2022}",
            "f\u{f6}rsta",
            "\u{2022}",
            "andra",
            "Plan",
            "Krav",
            "Belopp",
            "a",
            "1\u{a0}234,56",
        ]
    );
    for (_, th) in t.with_tag("TH") {
        assert_eq!(th.scope.as_deref(), Some("/Column"));
    }
    // The page number is an artifact, not content.
    let artifacts: Vec<&str> = t.seqs[0]
        .iter()
        .filter(|s| s.tag == "Artifact")
        .map(|s| s.text.as_str())
        .collect();
    assert!(artifacts.contains(&"Sida 1 av 1"), "{artifacts:?}");
}

#[test]
fn headings_map_to_h2_to_h4_under_the_title() {
    let d = Doc {
        title: "T".into(),
        blocks: vec![
            Block::Heading(1, "a".into()),
            Block::Heading(2, "b".into()),
            Block::Heading(3, "c".into()),
            Block::Heading(9, "d".into()),
            Block::Heading(0, "e".into()),
            // Nothing to show: left out of the tree.
            Block::Paragraph(String::new()),
            Block::Bullets(Vec::new()),
        ],
        ..Doc::default()
    };
    let t = tagged(&render_pdf(&d));
    assert_eq!(t.tags(), ["Document", "H1", "H2", "H3", "H4", "H4", "H2"]);
}

#[test]
fn a_word_cut_over_lines_reads_back_whole() {
    let long = format!("{} slut", "x".repeat(300));
    let id = "uppvarmning-tk-arsverkningsgrad";
    let d = Doc {
        blocks: vec![
            Block::Paragraph(long.clone()),
            // Seven columns of ids: too narrow for an id, which is cut
            // after a hyphen.
            Block::Table(Table {
                headers: vec!["Id".into(); 7],
                rows: vec![vec![Cell::text(id); 7]],
                ..Table::default()
            }),
        ],
        ..Doc::default()
    };
    let pdf = render_pdf(&d);
    let shown: String = pdf_pages(&pdf).iter().map(|p| page_text(p)).collect();
    assert!(!shown.contains(id), "the id is not cut: {shown}");
    let t = tagged(&pdf);
    let texts: Vec<&str> = t.dfs.iter().map(|d| d.2.as_str()).collect();
    assert!(texts.contains(&long.as_str()), "{texts:?}");
    let ids = t.dfs.iter().filter(|d| d.1 == "TD" && d.2 == id).count();
    assert_eq!(ids, 7, "{texts:?}");
}

fn long_table() -> Doc {
    let rows: Vec<Vec<Cell>> = (0..200)
        .map(|i| {
            vec![
                Cell::text(format!("Rad {i}")),
                Cell::text("text ".repeat(i % 7 + 1)),
            ]
        })
        .collect();
    Doc {
        title: "Lång".into(),
        blocks: vec![
            Block::Table(Table {
                title: "T".into(),
                headers: vec!["Kolumnrubrik".into(), "Andra".into()],
                rows,
                note: Some("Not".into()),
                ..Table::default()
            }),
            Block::Paragraph("Efter".into()),
        ],
        ..Doc::default()
    }
}

#[test]
fn a_table_over_pages_is_one_table_with_its_header_once() {
    let t = tagged(&render_pdf(&long_table()));
    assert!(t.pages.len() >= 4, "{}", t.pages.len());
    let tables: Vec<_> = t.with_tag("Table").collect();
    assert_eq!(tables.len(), 1);
    let (table, te) = tables[0];
    let rows: Vec<usize> = te
        .kids
        .iter()
        .filter_map(|k| match *k {
            K::Elem(c) if t.elems[&c].tag == "TR" => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(rows.len(), 201, "header row and 200 rows");
    assert_eq!(t.elems[&table].parent, t.dfs[0].0, "under the Document");
    // The header cells are TH on the first page only; the repetitions on
    // later pages are artifacts.
    let ths: Vec<usize> = t.with_tag("TH").map(|(o, _)| o).collect();
    assert_eq!(ths.len(), 2);
    for th in &ths {
        assert_eq!(t.pages_of(*th), [0]);
        assert_eq!(t.elems[th].scope.as_deref(), Some("/Column"));
    }
    for (i, page) in t.seqs.iter().enumerate().skip(1) {
        let repeated = page
            .iter()
            .any(|s| s.tag == "Artifact" && s.text.starts_with("Kolumnrubrik"));
        assert!(repeated, "page {i}: header repeated as an artifact");
        assert!(
            !page
                .iter()
                .any(|s| s.tag != "Artifact" && s.text.contains("Kolumnrubrik")),
            "page {i}"
        );
    }
    // Rows in order, and rows on every page.
    let firsts: Vec<&str> = t
        .dfs
        .iter()
        .filter(|d| d.1 == "TD" && d.2.starts_with("Rad "))
        .map(|d| d.2.as_str())
        .collect();
    let want: Vec<String> = (0..200).map(|i| format!("Rad {i}")).collect();
    assert_eq!(firsts, want);
    let mut pages_with_cells = BTreeSet::new();
    for (o, _) in t.with_tag("TD") {
        pages_with_cells.extend(t.pages_of(o));
    }
    assert_eq!(pages_with_cells.len(), t.pages.len());
    // Caption first, the note and the paragraph after the table.
    assert_eq!(t.elems[&rows[0]].tag, "TR");
    assert!(matches!(te.kids[0], K::Elem(c) if t.elems[&c].tag == "Caption"));
    let tail: Vec<(&str, &str)> = t
        .dfs
        .iter()
        .rev()
        .take(2)
        .map(|d| (d.1.as_str(), d.2.as_str()))
        .collect();
    assert_eq!(tail, [("P", "Efter"), ("P", "Not")]);
}

#[test]
fn a_cell_split_over_pages_has_one_piece_per_page() {
    let (long, d) = long_cell_doc();
    let t = tagged(&render_pdf(&d));
    assert_eq!(t.with_tag("Table").count(), 1);
    let (cell, _) = t
        .with_tag("TD")
        .find(|(o, _)| t.dfs.iter().any(|d| d.0 == *o && d.2.starts_with("ord0 ")))
        .expect("the long cell");
    let pages = t.pages_of(cell);
    assert!(pages.len() >= 3, "{pages:?}");
    assert_eq!(pages, (0..pages.len()).collect::<Vec<_>>());
    // Its text is whole, with a space where the lines break.
    let text = &t.dfs.iter().find(|d| d.0 == cell).unwrap().2;
    assert_eq!(text.trim_end(), long);
    // The cell's table is under a heading (a table in `Doc::tables`).
    assert_eq!(
        &t.tags()[..5],
        ["Document", "H1", "H2", "Table", "TR"],
        "{:?}",
        t.tags()
    );
}

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
        const ODD: &[&str] = &[
            "",
            " ",
            "\n",
            "\r\n",
            "\u{0}",
            "\u{85}",
            "😀",
            "漢字",
            "(",
            ")",
            "\\",
            "BDC",
            "EMC",
            "/MCID 1",
            "<< >>",
            "endobj",
            "stream\n",
            "å",
            "CO₂e",
            "–",
            "ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord ord",
            "Wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww",
        ];
        let n = self.below(8);
        (0..n).map(|_| ODD[self.below(ODD.len())]).collect()
    }
    fn texts(&mut self, most: usize) -> Vec<String> {
        (0..self.below(most)).map(|_| self.text()).collect()
    }
    fn table(&mut self) -> Table {
        let ncol = self.below(6);
        Table {
            title: self.text(),
            note: (self.below(2) == 0).then(|| self.text()),
            headers: (0..ncol).map(|_| self.text()).collect(),
            rows: (0..self.below(40))
                .map(|_| {
                    (0..self.below(ncol + 2))
                        .map(|_| match self.below(3) {
                            0 => Cell::Empty,
                            1 => Cell::Ore(self.next() as i64),
                            _ => Cell::Text(self.text().repeat(self.below(30))),
                        })
                        .collect()
                })
                .collect(),
            ..Table::default()
        }
    }
}

#[test]
fn odd_documents_are_tagged_consistently() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for i in 0..120 {
        let blocks = (0..rng.below(12))
            .map(|_| match rng.below(5) {
                0 => Block::Heading(rng.below(256) as u8, rng.text()),
                1 => Block::Paragraph(rng.text().repeat(rng.below(60))),
                2 => Block::Field(rng.text(), rng.text()),
                3 => Block::Bullets(rng.texts(6)),
                _ => Block::Table(rng.table()),
            })
            .collect();
        let d = Doc {
            title: rng.text(),
            lines: rng.texts(3),
            warnings: rng.texts(3),
            tables: (0..rng.below(3)).map(|_| rng.table()).collect(),
            blocks,
            footer: rng.texts(3),
            english: rng.below(2) == 0,
        };
        let pdf = std::panic::catch_unwind(|| render_pdf(&d))
            .unwrap_or_else(|_| panic!("document {i} panicked: {d:?}"));
        let t = tagged(&pdf);
        // Only the Document may be empty (nothing but an empty title).
        for (o, tag, text) in &t.dfs[1..] {
            let e = &t.elems[o];
            let table_part = matches!(tag.as_str(), "Table" | "TR" | "TH" | "TD");
            assert!(
                table_part || !text.is_empty() || !e.kids.is_empty(),
                "document {i}: empty {tag}"
            );
        }
    }
}

/// Fails the test with the package to install when `program` is missing.
fn require(program: &str) {
    let found = Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    assert!(
        found,
        "{program} saknas: installera paketet poppler-utils (apt-get install poppler-utils, \
         eller kör scripts/test.sh som root) / {program} is missing: install the package \
         poppler-utils (or run scripts/test.sh as root)"
    );
}

/// Runs a poppler tool on `pdf` (between `args` and `after`); its standard
/// output, after checking it succeeded and complained about nothing.
fn poppler(program: &str, args: &[&str], pdf: &[u8], name: &str, after: &[&str]) -> String {
    require(program);
    let dir = std::env::temp_dir().join(format!("upphandla-pdf-tags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = Command::new(program)
        .args(args)
        .arg(&path)
        .args(after)
        .output()
        .expect("run poppler");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} failed: {stderr}");
    assert!(stderr.trim().is_empty(), "{program} complains: {stderr}");
    let _ = std::fs::remove_file(&path);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn pdfinfo_says_tagged_and_reads_the_structure_in_order() {
    for (name, d) in [("sample.pdf", sample()), ("long.pdf", long_table())] {
        let pdf = render_pdf(&d);
        let info = poppler("pdfinfo", &[], &pdf, name, &[]);
        let tagged = info
            .lines()
            .find(|l| l.starts_with("Tagged:"))
            .unwrap_or_else(|| panic!("{name}: no Tagged line: {info}"));
        assert!(tagged.ends_with(" yes"), "{name}: {tagged}");
        let structure = poppler("pdfinfo", &["-struct-text"], &pdf, name, &[]);
        assert!(structure.starts_with("Document"), "{name}: {structure}");
        if name == "sample.pdf" {
            let order = [
                "  H1",
                "\"Krav (utkast) \\ åäö\"",
                "  H2",
                "\"Varningar\"",
                "      Lbl",
                "\"•\"",
                "      LBody",
                "\"Kontrollera\"",
                "\"Tekniska specifikationer\"",
                "\"Verifiering: Datablad\"",
                "  Table",
                "    Caption",
                "\"Plan\"",
                "      TH",
                "/Scope /Column",
                "\"Krav\"",
                "\"Belopp\"",
                "      TD",
                "\"a\"",
                // A no-break space in the PDF; poppler may give a space.
                "234,56\"",
            ];
            let mut at = 0;
            for want in order {
                let found = structure[at..].find(want).unwrap_or_else(|| {
                    panic!("{name}: {want:?} not after byte {at}:\n{structure}")
                });
                at += found + want.len();
            }
            assert!(!structure.contains("Sida 1"), "page number is an artifact");
        } else {
            assert_eq!(structure.matches("\n  Table").count(), 1, "{structure}");
            assert_eq!(structure.matches("\"Kolumnrubrik\"").count(), 1);
            assert_eq!(structure.matches("\n    TR").count(), 201);
        }
        // A text extractor reads it in the same order.
        let text = poppler("pdftotext", &[], &pdf, name, &["-"]);
        let want: &[&str] = if name == "sample.pdf" {
            &[
                "Krav (utkast)",
                "Varningar",
                "Tekniska specifikationer",
                "Verifiering: Datablad",
                "andra",
                "Plan",
            ]
        } else {
            &["Rad 0", "Rad 1", "Rad 99", "Rad 199", "Not", "Efter"]
        };
        let mut at = 0;
        for w in want {
            let found = text[at..]
                .find(w)
                .unwrap_or_else(|| panic!("{name}: {w:?} not after byte {at}:\n{text}"));
            at += found + w.len();
        }
    }
}

#[test]
fn the_tender_document_with_the_whole_library_is_tagged() {
    let lib = crate::criteria::default_library();
    let input = crate::tender_doc::TenderDocInput {
        title: "Värmepumpar till skolor".into(),
        organisation: "Exempelkommunen".into(),
        reference: Some("KS 2026/17".into()),
        cpv: vec!["42511110-5".into()],
        estimated_value: Some(upphandla_core::money::Ore(125_000_000)),
        contract_period: "2 år med option på 1 + 1 år".into(),
        criteria: lib.criteria.clone(),
        award: None,
        responsible: std::collections::BTreeMap::new(),
        english: false,
    };
    let d = crate::tender_doc::build(&input);
    let pdf = render_pdf(&d);
    let t = tagged(&pdf);
    assert!(t.pages.len() > 5, "{}", t.pages.len());
    let tags = t.tags();
    for tag in ["H1", "H2", "H3", "P", "L", "Table", "TH", "TD"] {
        assert!(tags.contains(&tag), "no {tag}: {tags:?}");
    }
    // Every criterion's id is in the tree's text.
    let text: String = t.dfs.iter().map(|d| d.2.as_str()).collect();
    for c in &lib.criteria {
        assert!(text.contains(&c.id), "{}", c.id);
    }
    let info = poppler("pdfinfo", &[], &pdf, "tender.pdf", &[]);
    let tagged_line = info.lines().find(|l| l.starts_with("Tagged:"));
    assert!(tagged_line.is_some_and(|l| l.ends_with(" yes")), "{info}");
}
