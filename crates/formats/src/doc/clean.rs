//! Text as the Word and PDF writers take it, and what they share about
//! tables.

use std::borrow::Cow;

use super::{Cell, Table};

/// `s` with only characters XML 1.0 allows and that mean something in a
/// document: tab and line feed stay, `\r\n` and a lone `\r` become `\n`,
/// other control characters (C0 and C1) and U+FFFE/U+FFFF are dropped.
pub(super) fn clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\t' && c != '\n') || is_nonchar(c);
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if bad(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_nonchar(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The number of columns a table needs: its headers or its widest row.
pub(super) fn columns(t: &Table) -> usize {
    t.rows
        .iter()
        .map(Vec::len)
        .chain([t.headers.len()])
        .max()
        .unwrap_or(0)
}

/// About how many characters of table text fit across the page (A4 with
/// 2 cm margins, 9–10 pt sans serif).
const CHARS_ACROSS: f64 = 100.0;

/// Each column's share of the table's width, and the factor (0.75–1) to
/// shrink the table's text by when its columns do not fit otherwise.
///
/// Every column first gets room for its longest word (a number is one
/// word; words count up to 24 characters, so a cell never breaks inside an
/// ordinary word); what is left goes to the columns with longer text, in
/// proportion to how much more they want (up to 48 characters each, so one
/// long column does not squeeze the others into slivers). When even the
/// longest words do not fit across, the text shrinks (down to three
/// quarters) before words break.
pub(super) fn column_shares(t: &Table, ncol: usize) -> (Vec<f64>, f64) {
    // (longest word, longest text) per column, in characters.
    let mut need = vec![(0usize, 0usize); ncol];
    let mut see = |i: usize, s: &str, numeric: bool| {
        if let Some((word, text)) = need.get_mut(i) {
            let w = if numeric {
                Some(s.chars().count())
            } else {
                s.split_whitespace().map(|w| w.chars().count()).max()
            };
            *word = (*word).max(w.unwrap_or(0).min(24));
            *text = (*text).max(s.chars().count().min(48));
        }
    };
    for (i, h) in t.headers.iter().enumerate() {
        see(i, h, false);
    }
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            see(i, &c.display(), c.numeric());
        }
    }
    // Two characters of padding; no column under six characters.
    let min: Vec<f64> = need.iter().map(|n| (n.0.max(6) + 2) as f64).collect();
    let want: Vec<f64> = need
        .iter()
        .zip(&min)
        .map(|(n, &m)| ((n.1 + 2) as f64).max(m))
        .collect();
    let (sum_min, sum_want) = (min.iter().sum::<f64>(), want.iter().sum::<f64>());
    let scale = if sum_min > CHARS_ACROSS {
        (CHARS_ACROSS / sum_min).max(0.75)
    } else {
        1.0
    };
    let across = CHARS_ACROSS / scale;
    let widths: Vec<f64> = if sum_want <= across {
        want
    } else if sum_min >= across {
        min
    } else {
        let extra = across - sum_min;
        let more = sum_want - sum_min;
        min.iter()
            .zip(&want)
            .map(|(&m, &w)| m + extra * (w - m) / more)
            .collect()
    };
    let sum: f64 = widths.iter().sum();
    let shares = widths
        .iter()
        .map(|w| if sum > 0.0 { w / sum } else { 0.0 })
        .collect();
    (shares, scale)
}

/// The cell in row `r`, column `i` as shown (and whether it is a number),
/// or nothing where the row is short.
/// A number's digit groups are held together with no-break spaces.
pub(super) fn cell(r: &[Cell], i: usize) -> (String, bool) {
    match r.get(i) {
        Some(c) if c.numeric() => (c.display().replace(' ', "\u{a0}"), true),
        Some(c) => (c.display(), false),
        None => (String::new(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_what_xml_forbids_and_keeps_line_ends() {
        assert_eq!(clean("a\u{0}b\u{1b}c\u{7f}d\u{85}e\u{FFFF}"), "abcde");
        assert_eq!(clean("a\r\nb\rc\nd\te"), "a\nb\nc\nd\te");
        assert!(matches!(clean("åäö 😀"), Cow::Borrowed(_)));
    }

    #[test]
    fn shares_add_up_to_one_and_have_a_floor() {
        let t = Table {
            headers: vec!["Id".into(), "Text".into()],
            rows: vec![vec![Cell::text("a"), Cell::text("x".repeat(500))]],
            ..Table::default()
        };
        let (s, scale) = column_shares(&t, 3);
        assert_eq!(scale, 1.0);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(s[0] > 0.05 && s[2] > 0.05, "{s:?}");
        assert!(s[1] > s[0]);
        // A column of one long word gets room for it before long texts grow.
        let t = Table {
            headers: vec!["Krav".into(), "Hur".into(), "Ansvarig".into()],
            rows: vec![vec![
                Cell::text("lång text ".repeat(10)),
                Cell::text("annan lång text ".repeat(10)),
                Cell::text("Avtalsansvarig"),
            ]],
            ..Table::default()
        };
        let (s, _) = column_shares(&t, 3);
        assert!(s[2] * CHARS_ACROSS >= 16.0 - 1e-9, "{s:?}");
        assert!((s[0] - s[1]).abs() < 1e-9);
        assert!(column_shares(&Table::default(), 0).0.is_empty());
        // Many columns of numbers: whole numbers fit, the text shrinks.
        let t = Table {
            headers: (0..11).map(|i| format!("Kolumn{i}")).collect(),
            rows: vec![(0..11).map(|_| Cell::Sek(1_234_567.0)).collect()],
            ..Table::default()
        };
        let (s, scale) = column_shares(&t, 11);
        assert!((0.75..1.0).contains(&scale), "{scale}");
        assert!(
            s.iter().all(|x| x * CHARS_ACROSS / scale >= 11.0 - 1e-9),
            "{s:?}"
        );
        assert_eq!(
            cell(&t.rows[0], 0),
            ("1\u{a0}234\u{a0}567".to_string(), true)
        );
    }
}
