//! Amounts and dates as Swedish finance systems write them, and quantities
//! as suppliers report them ([`parse_quantity`]).
//!
//! Amounts become exact öre ([`Ore`]); no amount goes through `f64`.
//! Accepted amount forms (any combination):
//! - decimal comma or point: `1234,50`, `1234.50`
//! - thousands separators: space, no-break space (U+00A0, also the single
//!   Windows-1252 byte 0xA0), narrow no-break space (U+202F), thin space, or
//!   the other mark: `1.234.567,89`, `1,234,567.89`
//! - signs: `-123,45`, `+5`, `123,45-`, `(123,45)`, Unicode minus `−123,45`
//! - currency suffix `kr`, `kr.` or `SEK`
//!
//! `1,234` and `1.234` are ambiguous (one mark, exactly three digits after
//! it). The caller says which mark is the decimal mark in that case: readers
//! detect it from the first unambiguous amount of a file and otherwise use
//! the decimal comma, since this is Swedish data. Under the decimal comma
//! `1,234` is 1.234 kr, which has a non-zero third decimal and is rejected
//! rather than silently rounded.

use upphandla_core::date::Date;
use upphandla_core::money::Ore;

/// Which character separates kronor from öre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecimalMark {
    Comma,
    Point,
}

impl DecimalMark {
    fn byte(self) -> u8 {
        match self {
            DecimalMark::Comma => b',',
            DecimalMark::Point => b'.',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("beloppet saknas / the amount is empty")]
    Empty,
    #[error("inte ett belopp / not an amount")]
    Invalid,
    #[error("fel tusentalsgruppering / bad thousands grouping")]
    BadGrouping,
    #[error("fler än två decimaler (öre) / more than two decimals")]
    TooManyDecimals,
    #[error("beloppet är för stort / the amount is too large")]
    Overflow,
}

impl AmountError {
    /// What a reader puts in `RowError::expected`.
    pub fn expected_sv(&self) -> &'static str {
        match self {
            AmountError::Empty => "ett belopp (kolumnen är tom)",
            AmountError::Invalid => "ett belopp i kronor, t.ex. 1 234,50 eller -99,00",
            AmountError::BadGrouping => {
                "ett belopp med tusentalsgrupper om tre siffror, t.ex. 1 234 567,89"
            }
            AmountError::TooManyDecimals => "ett belopp med högst två decimaler (öre)",
            AmountError::Overflow => "ett belopp som inte är orimligt stort",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("datumet saknas / the date is empty")]
    Empty,
    #[error("okänt datumformat / unknown date format")]
    Format,
    #[error("datumet finns inte / no such date")]
    NoSuchDate,
}

impl DateError {
    pub fn expected_sv(&self) -> &'static str {
        match self {
            DateError::Empty => "ett datum (kolumnen är tom)",
            DateError::Format => "ett datum som ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD",
            DateError::NoSuchDate => "ett giltigt datum mellan år 1900 och 2199",
        }
    }
}

/// Parses an amount, resolving `1,234`-style ambiguity with the decimal comma.
pub fn parse_amount(s: &str) -> Result<Ore, AmountError> {
    parse_amount_bytes(s.as_bytes(), DecimalMark::Comma)
}

/// Parses an amount from raw field bytes (UTF-8 or Windows-1252).
/// `ambiguous` decides a lone mark followed by exactly three digits.
pub fn parse_amount_bytes(input: &[u8], ambiguous: DecimalMark) -> Result<Ore, AmountError> {
    if let Some(ore) = fast_amount(input) {
        return Ok(Ore(ore));
    }
    let mut s = trim_ws(input);
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut negative = false;
    s = trim_ws(strip_currency(s));
    if let [b'(', inner @ .., b')'] = s {
        negative = true;
        s = trim_ws(strip_currency(trim_ws(inner)));
    }
    if let Some(rest) = strip_minus_prefix(s) {
        if negative {
            return Err(AmountError::Invalid);
        }
        negative = true;
        s = trim_ws(rest);
    } else if let [b'+', rest @ ..] = s {
        s = trim_ws(rest);
    }
    if let Some(rest) = strip_minus_suffix(s) {
        if negative {
            return Err(AmountError::Invalid);
        }
        negative = true;
        s = trim_ws(strip_currency(trim_ws(rest)));
    }
    let magnitude = parse_unsigned(s, ambiguous)?;
    Ok(Ore(if negative { -magnitude } else { magnitude }))
}

/// The decimal mark an amount proves, if it is unambiguous: used to learn a
/// file's convention from its first such amount.
pub fn decimal_mark_hint(input: &[u8]) -> Option<DecimalMark> {
    let mut s = trim_ws(input);
    s = trim_ws(strip_currency(s));
    let tokens = tokenize(s).ok()?;
    let toks = tokens.as_slice();
    let commas = toks.iter().filter(|t| **t == Tok::Mark(b',')).count();
    let points = toks.iter().filter(|t| **t == Tok::Mark(b'.')).count();
    match (commas, points) {
        (0, 0) => None,
        (c, p) if c > 0 && p > 0 => {
            let last_c = toks.iter().rposition(|t| *t == Tok::Mark(b','))?;
            let last_p = toks.iter().rposition(|t| *t == Tok::Mark(b'.'))?;
            Some(if last_c > last_p {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            })
        }
        (c, p) => {
            let (mark, count) = if c > 0 { (b',', c) } else { (b'.', p) };
            let this = if mark == b',' {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            };
            let other = if mark == b',' {
                DecimalMark::Point
            } else {
                DecimalMark::Comma
            };
            if count > 1 {
                // Repeated: it can only be grouping.
                return Some(other);
            }
            let pos = toks.iter().position(|t| *t == Tok::Mark(mark))?;
            if is_ambiguous(toks, pos) {
                None
            } else {
                Some(this)
            }
        }
    }
}

/// `-?\d{1,15}([.,]\d{1,2})?`, digits optionally grouped by single ASCII
/// spaces (`186 693,17`): the overwhelmingly common cases, without the
/// general tokenizer. `None` sends the input to the general path.
#[inline]
fn fast_amount(b: &[u8]) -> Option<i64> {
    let (neg, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    let mut value: i64 = 0;
    let mut i = 0;
    let mut count = 0;
    // Digits in the current group, and whether spaces group them.
    let mut group = 0;
    let mut grouped = false;
    while let Some(&c) = digits.get(i) {
        if c.is_ascii_digit() {
            value = value * 10 + i64::from(c - b'0');
            count += 1;
            group += 1;
            if count > 15 {
                return None;
            }
        } else if c == b' ' {
            // First group 1–3 digits, later ones exactly 3.
            if group == 0 || group > 3 || (grouped && group != 3) {
                return None;
            }
            grouped = true;
            group = 0;
        } else {
            break;
        }
        i += 1;
    }
    if count == 0 || (grouped && group != 3) {
        return None;
    }
    let ore = match digits.get(i..)? {
        [] => value * 100,
        [b',' | b'.', d1] if d1.is_ascii_digit() => value * 100 + i64::from(d1 - b'0') * 10,
        [b',' | b'.', d1, d2] if d1.is_ascii_digit() && d2.is_ascii_digit() => {
            value * 100 + i64::from(d1 - b'0') * 10 + i64::from(d2 - b'0')
        }
        _ => return None,
    };
    Some(if neg { -ore } else { ore })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Digit(u8),
    /// `,` or `.`
    Mark(u8),
    /// Any of the space characters used for grouping.
    Space,
}

/// Longest amount text worth looking at; longer input is not an amount.
const MAX_TOKENS: usize = 64;

struct Tokens {
    buf: [Tok; MAX_TOKENS],
    len: usize,
}

impl Tokens {
    fn as_slice(&self) -> &[Tok] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

fn tokenize(s: &[u8]) -> Result<Tokens, AmountError> {
    let mut out = Tokens {
        buf: [Tok::Space; MAX_TOKENS],
        len: 0,
    };
    let mut i = 0;
    while i < s.len() {
        let (tok, width) = match s.get(i..) {
            Some([c, ..]) if c.is_ascii_digit() => (Tok::Digit(c - b'0'), 1),
            Some([c @ (b',' | b'.'), ..]) => (Tok::Mark(*c), 1),
            Some(rest) => match space_width(rest) {
                Some(w) => (Tok::Space, w),
                None => return Err(AmountError::Invalid),
            },
            None => return Err(AmountError::Invalid),
        };
        let slot = out.buf.get_mut(out.len).ok_or(AmountError::Invalid)?;
        *slot = tok;
        out.len += 1;
        i += width;
    }
    Ok(out)
}

/// A lone mark at `pos` with exactly three digits after it and a short,
/// space-free integer part that does not start with 0: grouping or decimal?
fn is_ambiguous(toks: &[Tok], pos: usize) -> bool {
    let (before, after) = match (toks.get(..pos), toks.get(pos + 1..)) {
        (Some(b), Some(a)) => (b, a),
        _ => return false,
    };
    let all_digits = |t: &[Tok]| t.iter().all(|t| matches!(t, Tok::Digit(_)));
    after.len() == 3
        && all_digits(after)
        && (1..=3).contains(&before.len())
        && all_digits(before)
        && before.first() != Some(&Tok::Digit(0))
}

fn parse_unsigned(s: &[u8], ambiguous: DecimalMark) -> Result<i64, AmountError> {
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let tokens = tokenize(s)?;
    let toks = tokens.as_slice();
    let commas = toks.iter().filter(|t| **t == Tok::Mark(b',')).count();
    let points = toks.iter().filter(|t| **t == Tok::Mark(b'.')).count();
    let spaces = toks.contains(&Tok::Space);

    // Decide the decimal mark's position (if any) and the grouping character.
    let (decimal_pos, group_mark): (Option<usize>, Option<u8>) = match (commas, points) {
        (0, 0) => (None, None),
        (c, p) if c > 0 && p > 0 => {
            let last_c = toks.iter().rposition(|t| *t == Tok::Mark(b','));
            let last_p = toks.iter().rposition(|t| *t == Tok::Mark(b'.'));
            let (dec_pos, dec_count, group) = if last_c > last_p {
                (last_c, c, b'.')
            } else {
                (last_p, p, b',')
            };
            if dec_count != 1 {
                return Err(AmountError::Invalid);
            }
            (dec_pos, Some(group))
        }
        (c, p) => {
            let (mark, count) = if c > 0 { (b',', c) } else { (b'.', p) };
            if count > 1 {
                (None, Some(mark))
            } else {
                let pos = toks.iter().position(|t| *t == Tok::Mark(mark));
                match pos {
                    Some(pos) if !spaces && is_ambiguous(toks, pos) => {
                        if ambiguous.byte() == mark {
                            (Some(pos), None)
                        } else {
                            (None, Some(mark))
                        }
                    }
                    pos => (pos, None),
                }
            }
        }
    };
    if group_mark.is_some() && spaces {
        // Two different grouping characters in one number.
        return Err(AmountError::BadGrouping);
    }

    let (int_part, frac_part) = match decimal_pos {
        Some(p) => (
            toks.get(..p).unwrap_or(&[]),
            toks.get(p + 1..).unwrap_or(&[]),
        ),
        None => (toks, &[][..]),
    };

    // Integer part: digit groups separated by single grouping tokens; the
    // first group 1–3 digits, the rest exactly 3 when grouping is used.
    let mut kronor: i64 = 0;
    let mut group_len = 0usize;
    let mut groups = 0usize;
    let mut int_digits = 0usize;
    for t in int_part {
        match *t {
            Tok::Digit(d) => {
                kronor = kronor
                    .checked_mul(10)
                    .and_then(|k| k.checked_add(i64::from(d)))
                    .ok_or(AmountError::Overflow)?;
                group_len += 1;
                int_digits += 1;
            }
            Tok::Space | Tok::Mark(_) => {
                if group_len == 0 {
                    return Err(if int_digits == 0 {
                        AmountError::Invalid
                    } else {
                        AmountError::BadGrouping
                    });
                }
                if (groups == 0 && group_len > 3) || (groups > 0 && group_len != 3) {
                    return Err(AmountError::BadGrouping);
                }
                groups += 1;
                group_len = 0;
            }
        }
    }
    if groups > 0 && group_len != 3 {
        return Err(AmountError::BadGrouping);
    }

    // Fraction: digits only; beyond two decimals only zeros are allowed.
    let mut ore: i64 = 0;
    for (i, t) in frac_part.iter().enumerate() {
        match *t {
            Tok::Digit(d) if i < 2 => ore = ore * 10 + i64::from(d),
            Tok::Digit(0) => {}
            Tok::Digit(_) => return Err(AmountError::TooManyDecimals),
            _ => return Err(AmountError::Invalid),
        }
    }
    if frac_part.len() == 1 {
        ore *= 10;
    }
    if int_digits == 0 && frac_part.is_empty() {
        return Err(AmountError::Invalid);
    }
    kronor
        .checked_mul(100)
        .and_then(|k| k.checked_add(ore))
        .ok_or(AmountError::Overflow)
}

/// Width of a grouping space at the start of `s`: ASCII space, U+00A0 (UTF-8
/// or the single Windows-1252 byte), U+202F, U+2009.
#[inline]
fn space_width(s: &[u8]) -> Option<usize> {
    match s {
        [b' ', ..] | [0xA0, ..] => Some(1),
        [0xC2, 0xA0, ..] => Some(2),
        [0xE2, 0x80, 0xAF | 0x89, ..] => Some(3),
        _ => None,
    }
}

fn is_trim_start(s: &[u8]) -> Option<usize> {
    match s {
        [b'\t' | b'\r' | b'\n', ..] => Some(1),
        _ => space_width(s),
    }
}

fn trim_ws(mut s: &[u8]) -> &[u8] {
    while let Some(w) = is_trim_start(s) {
        s = s.get(w..).unwrap_or(&[]);
    }
    loop {
        let w = match s {
            [.., b' ' | b'\t' | b'\r' | b'\n' | 0xA0] => {
                // 0xA0 may end a UTF-8 U+00A0 (C2 A0).
                if let [.., 0xC2, 0xA0] = s { 2 } else { 1 }
            }
            [.., 0xE2, 0x80, 0xAF | 0x89] => 3,
            _ => break,
        };
        s = s.get(..s.len() - w).unwrap_or(&[]);
    }
    s
}

/// Removes a trailing `kr`, `kr.` or `SEK` (any case).
fn strip_currency(s: &[u8]) -> &[u8] {
    let lower_ends_with = |suffix: &[u8]| {
        s.len() >= suffix.len()
            && s.get(s.len() - suffix.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
    };
    for suffix in [&b"kr."[..], b"kr", b"sek"] {
        if lower_ends_with(suffix) {
            return s.get(..s.len() - suffix.len()).unwrap_or(&[]);
        }
    }
    s
}

fn strip_minus_prefix(s: &[u8]) -> Option<&[u8]> {
    match s {
        [b'-', rest @ ..] => Some(rest),
        [0xE2, 0x88, 0x92, rest @ ..] => Some(rest),
        _ => None,
    }
}

fn strip_minus_suffix(s: &[u8]) -> Option<&[u8]> {
    match s {
        [rest @ .., b'-'] => Some(rest),
        [rest @ .., 0xE2, 0x88, 0x92] => Some(rest),
        _ => None,
    }
}

/// A quantity (litres, kWh, km, a share) as suppliers write it, for
/// [`crate::supplier_report`] and the follow-up pages: `8 400,5`, `8400.5`,
/// `1.234.567`, `1 234,5`, `1'234`, `62 %`, `−3` (refused later as
/// negative). Returns the value and whether it ended in `%`. `None` when it
/// is not a number; `Some(Err(()))` when it is ambiguous: `1.200` and
/// `1,200` are 1 200 in one convention and 1,2 in the other, so they are
/// refused.
///
/// Not [`parse_amount`], on purpose: a quantity has any number of decimals
/// (`1234,567` litres) and is an `f64`, where an amount is whole öre with at
/// most two; an ambiguous lone mark is an error here because no file-wide
/// convention is learnt (a report has a handful of values), where amounts
/// take the decimal comma; and `%` belongs to quantities, `kr`, `(123)` and
/// a trailing minus to amounts. Grouping spaces are the amounts' (space,
/// U+00A0, U+202F, U+2009) plus the apostrophe.
pub fn parse_quantity(text: &str) -> Option<Result<(f64, bool), ()>> {
    let mut s: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let percent = s.ends_with('%');
    if percent {
        s.pop();
    }
    let commas = s.matches(',').count();
    let points = s.matches('.').count();
    if commas + points == 1 {
        let unsigned = s.trim_start_matches(['-', '+']);
        let (int, frac) = unsigned.split_once([',', '.'])?;
        if frac.len() == 3
            && (1..=3).contains(&int.len())
            && !int.starts_with('0')
            && (int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
        {
            return Some(Err(()));
        }
    }
    let normal = match (commas, points) {
        (0, 0) => s,
        (1, 0) => s.replace(',', "."),
        (0, 1) => s,
        (0, _) => s.replace('.', ""),
        (_, 0) => s.replace(',', ""),
        _ => {
            // Both: the last mark is the decimal mark, the other groups thousands.
            let last_comma = s.rfind(',')?;
            let last_point = s.rfind('.')?;
            if last_comma > last_point {
                if commas > 1 {
                    return None;
                }
                s.replace('.', "").replace(',', ".")
            } else {
                if points > 1 {
                    return None;
                }
                s.replace(',', "")
            }
        }
    };
    let plain = normal.bytes().any(|b| b.is_ascii_digit())
        && normal
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'-' || b == b'+')));
    if !plain {
        return None;
    }
    let v: f64 = normal.parse().ok()?;
    v.is_finite().then_some(Ok((v, percent)))
}

/// Parses `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD`; a trailing time of day
/// (`2024-01-31 00:00:00`, as spreadsheet exports write) is ignored.
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    parse_date_bytes(s.as_bytes())
}

pub fn parse_date_bytes(input: &[u8]) -> Result<Date, DateError> {
    // Fast path: exactly `YYYY-MM-DD`.
    if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *input {
        let all = [y1, y2, y3, y4, m1, m2, d1, d2];
        if all.iter().all(u8::is_ascii_digit) {
            let n = |a: u8, b: u8| (a - b'0') * 10 + (b - b'0');
            let year = i32::from(n(y1, y2)) * 100 + i32::from(n(y3, y4));
            return Date::new(year, n(m1, m2), n(d1, d2)).ok_or(DateError::NoSuchDate);
        }
    }
    let mut s = trim_ws(input);
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    if let Some((date, rest)) = s.split_at_checked(10)
        && let [b' ' | b'T', time @ ..] = rest
        && !time.is_empty()
        && time
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b':' | b'.'))
    {
        s = date;
    }
    let digits = |b: &[u8]| -> Option<u32> {
        if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(b.iter().fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = match s {
        [y @ .., s1, m1, m2, s2, d1, d2]
            if y.len() == 4 && s1 == s2 && matches!(s1, b'-' | b'/') =>
        {
            (digits(y), digits(&[*m1, *m2]), digits(&[*d1, *d2]))
        }
        _ if s.len() == 8 => (
            digits(s.get(..4).unwrap_or(&[])),
            digits(s.get(4..6).unwrap_or(&[])),
            digits(s.get(6..8).unwrap_or(&[])),
        ),
        _ => return Err(DateError::Format),
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(DateError::Format);
    };
    let (Ok(y), Ok(m), Ok(d)) = (i32::try_from(y), u8::try_from(m), u8::try_from(d)) else {
        return Err(DateError::NoSuchDate);
    };
    Date::new(y, m, d).ok_or(DateError::NoSuchDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amt(s: &str) -> Result<i64, AmountError> {
        parse_amount(s).map(|o| o.0)
    }

    fn amt_point(s: &str) -> Result<i64, AmountError> {
        parse_amount_bytes(s.as_bytes(), DecimalMark::Point).map(|o| o.0)
    }

    #[test]
    fn plain_amounts() {
        assert_eq!(amt("0"), Ok(0));
        assert_eq!(amt("123"), Ok(12300));
        assert_eq!(amt("123,4"), Ok(12340));
        assert_eq!(amt("123,45"), Ok(12345));
        assert_eq!(amt("123.45"), Ok(12345));
        assert_eq!(amt("-123,45"), Ok(-12345));
        assert_eq!(amt("+7"), Ok(700));
        assert_eq!(amt("  12,50  "), Ok(1250));
        assert_eq!(amt(",50"), Ok(50));
        assert_eq!(amt("5,"), Ok(500));
        assert_eq!(amt("0,5"), Ok(50));
        assert_eq!(amt("-0,01"), Ok(-1));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(amt("1 234 567,89"), Ok(123456789));
        assert_eq!(amt("1\u{a0}234\u{a0}567,89"), Ok(123456789));
        assert_eq!(amt("1\u{202f}234,50"), Ok(123450));
        assert_eq!(amt("1\u{2009}234,50"), Ok(123450));
        assert_eq!(
            parse_amount_bytes(b"1\xA0234,50", DecimalMark::Comma),
            Ok(Ore(123450))
        );
        assert_eq!(amt("1.234.567,89"), Ok(123456789));
        assert_eq!(amt("1,234,567.89"), Ok(123456789));
        assert_eq!(amt("1,234,567"), Ok(123456700));
        assert_eq!(amt("1.234.567"), Ok(123456700));
        assert_eq!(amt("12 345"), Ok(1234500));
        assert_eq!(amt("1 234.5"), Ok(123450));
    }

    #[test]
    fn ambiguous_single_mark_follows_file_convention() {
        // Decimal comma (default): 1,234 is 1.234 kr → a third decimal.
        assert_eq!(amt("1,234"), Err(AmountError::TooManyDecimals));
        assert_eq!(amt("1,230"), Ok(123));
        assert_eq!(amt("1.234"), Ok(123400));
        // Decimal point file: the comma groups thousands.
        assert_eq!(amt_point("1,234"), Ok(123400));
        assert_eq!(amt_point("1.234"), Err(AmountError::TooManyDecimals));
        assert_eq!(amt_point("1.230"), Ok(123));
        // Not ambiguous whatever the convention.
        assert_eq!(amt_point("0,500"), Ok(50));
        assert_eq!(amt_point("1234,500"), Ok(123450));
        assert_eq!(amt_point("1 234,500"), Ok(123450));
        assert_eq!(amt("1,23"), Ok(123));
        assert_eq!(amt_point("1,23"), Ok(123));
    }

    #[test]
    fn hints() {
        assert_eq!(decimal_mark_hint(b"1,234"), None);
        assert_eq!(decimal_mark_hint(b"1.234"), None);
        assert_eq!(decimal_mark_hint(b"1234"), None);
        assert_eq!(decimal_mark_hint(b"1,5"), Some(DecimalMark::Comma));
        assert_eq!(decimal_mark_hint(b"1.50"), Some(DecimalMark::Point));
        assert_eq!(decimal_mark_hint(b"1.234,00"), Some(DecimalMark::Comma));
        assert_eq!(decimal_mark_hint(b"1,234.00"), Some(DecimalMark::Point));
        assert_eq!(decimal_mark_hint(b"1,234,567"), Some(DecimalMark::Point));
        assert_eq!(decimal_mark_hint(b"0,500"), Some(DecimalMark::Comma));
        assert_eq!(decimal_mark_hint(b"12 500 kr"), None);
    }

    #[test]
    fn signs_and_currency() {
        assert_eq!(amt("123,45-"), Ok(-12345));
        assert_eq!(amt("(123,45)"), Ok(-12345));
        assert_eq!(amt("( 1 234,00 )"), Ok(-123400));
        assert_eq!(amt("\u{2212}123,45"), Ok(-12345));
        assert_eq!(amt("123,45\u{2212}"), Ok(-12345));
        assert_eq!(amt("1 234,50 kr"), Ok(123450));
        assert_eq!(amt("1 234,50kr"), Ok(123450));
        assert_eq!(amt("1 234,50 SEK"), Ok(123450));
        assert_eq!(amt("-99 kr."), Ok(-9900));
        assert_eq!(amt("(99,00) kr"), Ok(-9900));
        assert_eq!(amt("(99,00 kr)"), Ok(-9900));
        assert_eq!(amt("99,00 kr-"), Ok(-9900));
    }

    #[test]
    fn extra_decimals() {
        assert_eq!(amt("1,2300"), Ok(123));
        assert_eq!(amt("1,230000000"), Ok(123));
        assert_eq!(amt("1,231"), Err(AmountError::TooManyDecimals));
        assert_eq!(amt("1,2301"), Err(AmountError::TooManyDecimals));
    }

    #[test]
    fn rejects() {
        assert_eq!(amt(""), Err(AmountError::Empty));
        assert_eq!(amt("   "), Err(AmountError::Empty));
        assert_eq!(amt("abc"), Err(AmountError::Invalid));
        assert_eq!(amt("-"), Err(AmountError::Empty));
        assert_eq!(amt("--5"), Err(AmountError::Invalid));
        assert_eq!(amt("-5-"), Err(AmountError::Invalid));
        assert_eq!(amt("(-5)"), Err(AmountError::Invalid));
        assert_eq!(amt("1,2,3.4,5"), Err(AmountError::Invalid));
        assert_eq!(amt("1,23,4"), Err(AmountError::BadGrouping));
        assert_eq!(amt("12 34,00"), Err(AmountError::BadGrouping));
        assert_eq!(amt("1234 567"), Err(AmountError::BadGrouping));
        assert_eq!(amt("1 234.567,00"), Err(AmountError::BadGrouping));
        assert_eq!(amt("1,5 0"), Err(AmountError::Invalid));
        assert_eq!(amt("1e5"), Err(AmountError::Invalid));
        assert_eq!(amt("12 kr 50"), Err(AmountError::Invalid));
        assert_eq!(amt(","), Err(AmountError::Invalid));
        assert_eq!(amt("1 "), Ok(100));
        assert_eq!(amt(" 1"), Ok(100));
        assert_eq!(amt("1  234"), Err(AmountError::BadGrouping));
        assert_eq!(amt(&"9".repeat(200)), Err(AmountError::Invalid));
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(amt("92233720368547758,07"), Ok(i64::MAX));
        assert_eq!(amt("-92233720368547758,07"), Ok(-i64::MAX));
        assert_eq!(amt("92233720368547758,08"), Err(AmountError::Overflow));
        assert_eq!(amt("99999999999999999999"), Err(AmountError::Overflow));
        assert_eq!(amt("999999999999999"), Ok(99999999999999900));
        assert_eq!(amt("9999999999999999"), Ok(999999999999999900));
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| Ok(Date::new(y, m, dd).unwrap());
        assert_eq!(parse_date("2024-01-31"), d(2024, 1, 31));
        assert_eq!(parse_date("20240131"), d(2024, 1, 31));
        assert_eq!(parse_date("2024/01/31"), d(2024, 1, 31));
        assert_eq!(parse_date(" 2024-02-29 "), d(2024, 2, 29));
        assert_eq!(parse_date("2024-01-31 00:00:00"), d(2024, 1, 31));
        assert_eq!(parse_date("2024-01-31T12:30"), d(2024, 1, 31));
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("2023-02-29"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("2023-13-01"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("2023-00-10"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("1899-12-31"), Err(DateError::NoSuchDate));
        assert_eq!(parse_date("2023-1-5"), Err(DateError::Format));
        assert_eq!(parse_date("2023-01/05"), Err(DateError::Format));
        assert_eq!(parse_date("31/01/2024"), Err(DateError::Format));
        assert_eq!(parse_date("2024-01-31 foo"), Err(DateError::Format));
        assert_eq!(parse_date("2024013"), Err(DateError::Format));
        assert_eq!(parse_date("2024+1-31"), Err(DateError::Format));
        assert_eq!(parse_date("ÅÅÅÅMMDD"), Err(DateError::Format));
    }
}
