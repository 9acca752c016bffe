//! Text in the WinAnsiEncoding of PDF's standard Helvetica fonts, and the
//! fonts' glyph widths.
//!
//! The widths are those of Adobe's Helvetica and Helvetica-Bold font
//! metrics (AFM), in thousandths of the font size, arranged by WinAnsi code
//! 32–255 (taken from the metrics groff ships for the same fonts, with
//! micro/mu at the AFM's 556 and 611 where groff has its Greek mu, and
//! checked against the AFM values of e.g. quotesingle 191, asciitilde 584,
//! bullet 350, endash 556). Codes WinAnsi leaves undefined (127, 129, 141,
//! 143, 144, 157) are 0 and never written.

#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
     278,  278,  355,  556,  556,  889,  667,  191,  333,  333,  389,  584,  278,  333,  278,  278,
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  278,  278,  584,  584,  584,  556,
    1015,  667,  667,  722,  722,  667,  611,  778,  722,  278,  500,  667,  556,  833,  722,  778,
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  278,  278,  278,  469,  556,
     333,  556,  556,  500,  556,  556,  278,  556,  556,  222,  222,  500,  222,  833,  556,  556,
     556,  556,  333,  500,  278,  556,  500,  722,  500,  500,  500,  334,  260,  334,  584,    0,
     556,    0,  222,  556,  333, 1000,  556,  556,  333, 1000,  667,  333, 1000,    0,  611,    0,
       0,  222,  222,  333,  333,  350,  556, 1000,  333, 1000,  500,  333,  944,    0,  500,  667,
     278,  333,  556,  556,  556,  556,  260,  556,  333,  737,  370,  556,  584,  333,  737,  333,
     400,  584,  333,  333,  333,  556,  537,  278,  333,  333,  365,  556,  834,  834,  834,  611,
     667,  667,  667,  667,  667,  667, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278,
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611,
     556,  556,  556,  556,  556,  556,  889,  500,  556,  556,  556,  556,  278,  278,  278,  278,
     556,  556,  556,  556,  556,  556,  556,  584,  611,  556,  556,  556,  556,  500,  556,  500,
];

#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
     278,  333,  474,  556,  556,  889,  722,  238,  333,  333,  389,  584,  278,  333,  278,  278,
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  333,  333,  584,  584,  584,  611,
     975,  722,  722,  722,  722,  667,  611,  778,  722,  278,  556,  722,  611,  833,  722,  778,
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  333,  278,  333,  584,  556,
     333,  556,  611,  556,  611,  556,  333,  611,  611,  278,  278,  556,  278,  889,  611,  611,
     611,  611,  389,  556,  333,  611,  556,  778,  556,  556,  500,  389,  280,  389,  584,    0,
     556,    0,  278,  556,  500, 1000,  556,  556,  333, 1000,  667,  333, 1000,    0,  611,    0,
       0,  278,  278,  500,  500,  350,  556, 1000,  333, 1000,  556,  333,  944,    0,  500,  667,
     278,  333,  556,  556,  556,  556,  280,  556,  333,  737,  370,  556,  584,  333,  737,  333,
     400,  584,  333,  333,  333,  611,  556,  278,  333,  333,  365,  556,  834,  834,  834,  611,
     722,  722,  722,  722,  722,  722, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278,
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611,
     556,  556,  556,  556,  556,  556,  889,  556,  556,  556,  556,  556,  278,  278,  278,  278,
     611,  611,  611,  611,  611,  611,  611,  584,  611,  611,  611,  611,  611,  556,  611,  556,
];

/// The two fonts the PDF uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The font's resource name in content streams.
    pub(super) fn res(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    /// The width of WinAnsi-encoded `text` at `size` points.
    pub(super) fn width(self, text: &[u8], size: f64) -> f64 {
        let table = match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        };
        let units: u32 = text
            .iter()
            .map(|&b| {
                let w = usize::from(b)
                    .checked_sub(32)
                    .and_then(|i| table.get(i))
                    .copied()
                    .unwrap_or(0);
                u32::from(w)
            })
            .sum();
        f64::from(units) * size / 1000.0
    }
}

/// The WinAnsi code of a character with its own glyph there.
fn code(c: char) -> Option<u8> {
    let b = match c {
        ' '..='~' | '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(b)
}

/// Stand-ins for characters WinAnsi lacks: subscript and superscript
/// digits as digits (CO₂ → CO2), dashes and minus as a hyphen, thin and
/// figure spaces as a no-break space, comparison signs spelt out.
fn substitute(c: char) -> Option<&'static str> {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let s = match c {
        '\u{2080}'..='\u{2089}' => DIGITS[(c as u32 - 0x2080) as usize],
        '\u{2070}' => "0",
        '\u{2074}'..='\u{2079}' => DIGITS[(c as u32 - 0x2070) as usize],
        '\u{208a}' | '\u{207a}' => "+",
        '\u{208b}' | '\u{207b}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => "-",
        '\u{2013}' => "\u{2013}",
        '\u{2015}' => "\u{2014}",
        '\u{2007}' | '\u{2009}' | '\u{202f}' | '\u{2060}' => "\u{a0}",
        '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{3000}' => " ",
        '\u{2032}' => "'",
        '\u{2033}' => "\"",
        '\u{2219}' | '\u{22c5}' => "\u{b7}",
        '\u{2264}' => "<=",
        '\u{2265}' => ">=",
        '\u{2260}' => "!=",
        '\u{2248}' => "~",
        '\u{2192}' => "->",
        '\u{2190}' => "<-",
        '\u{2022}' | '\u{25cf}' | '\u{25aa}' => "\u{2022}",
        'ı' => "i",
        'ł' => "l",
        'Ł' => "L",
        _ => return None,
    };
    Some(s)
}

/// A letter and a combining accent after it as one Latin-1 letter
/// (decomposed å, ä, ö, é from some systems).
fn compose(base: char, mark: char) -> Option<char> {
    let (from, to) = match mark {
        '\u{300}' => ("AEIOUaeiou", "ÀÈÌÒÙàèìòù"),
        '\u{301}' => ("AEIOUYaeiouy", "ÁÉÍÓÚÝáéíóúý"),
        '\u{302}' => ("AEIOUaeiou", "ÂÊÎÔÛâêîôû"),
        '\u{303}' => ("ANOano", "ÃÑÕãñõ"),
        '\u{308}' => ("AEIOUaeiouy", "ÄËÏÖÜäëïöüÿ"),
        '\u{30a}' => ("Aa", "Åå"),
        '\u{327}' => ("Cc", "Çç"),
        _ => return None,
    };
    let i = from.chars().position(|c| c == base)?;
    to.chars().nth(i)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// `s` (one line: no line ends) in WinAnsi: a tab is a space, control and
/// zero-width characters and soft hyphens are dropped, characters without
/// a glyph get a stand-in or `?`.
pub(super) fn encode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match chars.peek().and_then(|&m| compose(c, m)) {
            Some(composed) => {
                chars.next();
                composed
            }
            None => c,
        };
        match c {
            '\t' => out.push(b' '),
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}' => {}
            c if c.is_control() || is_combining(c) => {}
            c => match code(c) {
                Some(b) => out.push(b),
                None => match substitute(c) {
                    Some(s) => out.extend(s.chars().filter_map(code)),
                    None => out.push(b'?'),
                },
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_are_single_latin1_bytes() {
        assert_eq!(encode("åäöÅÄÖé"), b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9");
        // Decomposed forms compose.
        assert_eq!(encode("a\u{30a}o\u{308}"), b"\xe5\xf6");
    }

    #[test]
    fn characters_outside_winansi_get_stand_ins() {
        assert_eq!(encode("CO₂e"), b"CO2e");
        assert_eq!(encode("m³ m⁴"), b"m\xb3 m4");
        assert_eq!(encode("1–2 − 3"), b"1\x962 - 3");
        assert_eq!(encode("≤ 5 €"), b"<= 5 \x80");
        assert_eq!(encode("10\u{202f}000"), b"10\xa0000");
        assert_eq!(encode("a😀b\u{0}\u{7}\u{ad}\u{200b}c"), b"a?bc");
        assert_eq!(encode("漢"), b"?");
    }

    #[test]
    fn widths_are_the_afm_widths() {
        assert_eq!(Font::Regular.width(b"a", 1000.0), 556.0);
        assert_eq!(Font::Regular.width(b"\xe5\xe4\xf6", 1000.0), 3.0 * 556.0);
        assert_eq!(Font::Bold.width(b"W", 1000.0), 944.0);
        assert_eq!(Font::Regular.width(b" ", 10.0), 2.78);
        // Every code the encoder writes has a width.
        let all: String = (' '..='\u{ff}').chain(['€', '–', '—', '•', 'Ÿ']).collect();
        for b in encode(&all) {
            assert!(Font::Regular.width(&[b], 1.0) > 0.0, "{b}");
            assert!(Font::Bold.width(&[b], 1.0) > 0.0, "{b}");
        }
    }
}
