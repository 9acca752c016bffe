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

/// Each column's share of the table's width, from the length of its
/// longest text (capped, so one long column does not squeeze the others
/// into slivers, and with a floor, so a short column stays readable).
pub(super) fn column_shares(t: &Table, ncol: usize) -> Vec<f64> {
    let mut len = vec![0usize; ncol];
    let mut see = |i: usize, s: &str| {
        if let Some(l) = len.get_mut(i) {
            *l = (*l).max(s.chars().count().min(48));
        }
    };
    for (i, h) in t.headers.iter().enumerate() {
        // A header may wrap at its spaces: its longest word is what counts.
        let word = h.split_whitespace().map(|w| w.chars().count()).max();
        see(i, &"x".repeat(word.unwrap_or(0).max(h.chars().count() / 2)));
    }
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            see(i, &c.display());
        }
    }
    // Room for the cell's padding, and no column under six characters.
    let len: Vec<usize> = len.iter().map(|&l| l.max(6) + 2).collect();
    let sum: usize = len.iter().sum();
    len.iter().map(|&l| l as f64 / sum.max(1) as f64).collect()
}

/// The cell in row `r`, column `i` as shown (and whether it is a number),
/// or nothing where the row is short.
pub(super) fn cell(r: &[Cell], i: usize) -> (String, bool) {
    r.get(i)
        .map_or((String::new(), false), |c| (c.display(), c.numeric()))
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
        let s = column_shares(&t, 3);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(s[0] > 0.05 && s[2] > 0.05, "{s:?}");
        assert!(s[1] > s[0]);
    }
}
