//! SIE 4 reader (`.se`, `.si`): verifications (`#VER` with `#TRANS`) on cost
//! accounts become [`LedgerLine`]s.
//!
//! Follows "SIE filformat – Utgåva 4B". The whole file is read into memory
//! (SIE files are a few MB even for large organisations) and walked twice: a
//! cheap first pass collects `#KONTO`/`#OBJEKT` names wherever they stand, the
//! second walks the `#VER` blocks. Lines are decoded one at a time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use upphandla_core::date::Date;
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError, SourcePosition};
use upphandla_core::money::Ore;

/// What to take from a SIE file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sie4Options {
    /// Accounts whose transactions are delivered (default 4000–7999, BAS
    /// classes 4–7). A range is compared with as many leading digits of the
    /// account as its lower bound has, so `4000..=7999` also takes extended
    /// accounts such as `40101`, and `40000..=79999` compares five digits.
    pub accounts: Vec<RangeInclusive<u32>>,
    /// Dimension whose object becomes the line's unit (default 1, kostnadsställe).
    pub unit_dimension: u32,
    /// When the transaction has no object on `unit_dimension`, use its first object.
    pub unit_fallback_first: bool,
}

impl Default for Sie4Options {
    fn default() -> Self {
        Sie4Options {
            accounts: vec![4000..=7999],
            unit_dimension: 1,
            unit_fallback_first: true,
        }
    }
}

/// Character set the file was decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SieEncoding {
    /// IBM PC-8, code page 437: what `#FORMAT PC8` means.
    Cp437,
    /// Valid UTF-8 with non-ASCII characters (whatever `#FORMAT` says).
    Utf8,
    /// Not valid UTF-8 and Swedish letters sit where Windows-1252 puts them.
    Windows1252,
}

impl SieEncoding {
    pub fn name(self) -> &'static str {
        match self {
            SieEncoding::Cp437 => "CP437 (PC8)",
            SieEncoding::Utf8 => "UTF-8",
            SieEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// What a read found, for the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sie4Summary {
    pub encoding: SieEncoding,
    /// `#FORMAT` as written, e.g. `PC8`.
    pub format_label: Option<String>,
    /// `#FNAMN`.
    pub company_name: Option<String>,
    /// `#VER` blocks.
    pub vouchers: u64,
    /// `#TRANS` lines inside vouchers, on any account.
    pub transactions: u64,
    /// `#RTRANS` (added afterwards) on cost accounts that had no `#TRANS`
    /// copy after them and were therefore delivered themselves.
    pub added_without_copy: u64,
    /// Lines delivered to the sink.
    pub cost_lines: u64,
    /// Sum of the delivered lines.
    pub cost_total: Ore,
    /// `#BTRANS` (removed transactions), not counted.
    pub removed_ignored: u64,
    /// Errors delivered to `sink.invalid`.
    pub invalid_rows: u64,
}

/// A file the reader cannot read at all, or whose structure is broken.
#[derive(Debug, thiserror::Error)]
pub enum Sie4Error {
    #[error("{}: kunde inte läsa filen: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: filen är inte en SIE-fil (första raden ska vara en post som #FLAGGA 0)\nnot a SIE file",
        path.display()
    )]
    NotSie { path: PathBuf },
    #[error(
        "{}: SIE typ {sie_type} innehåller inga verifikationer; exportera SIE typ 4\nSIE type {sie_type} has no vouchers; export SIE type 4",
        path.display()
    )]
    WrongType { path: PathBuf, sie_type: String },
    #[error("{}: rad {line}, kolumn {column}: {message}", path.display())]
    Structure {
        path: PathBuf,
        line: u64,
        column: u32,
        message: String,
    },
}

/// Reads a SIE 4 file and delivers its cost transactions to `sink`.
///
/// Bad rows go to `sink.invalid`; on `Err` the sink may already hold lines
/// and the caller must discard them (imports are all-or-nothing).
pub fn read_sie4_path<S: LedgerSink + ?Sized>(
    path: &Path,
    options: &Sie4Options,
    sink: &mut S,
) -> Result<Sie4Summary, Sie4Error> {
    let bytes = std::fs::read(path).map_err(|source| Sie4Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_sie4_bytes(&bytes, path, options, sink)
}

/// As [`read_sie4_path`] on bytes already in memory; `path` names them in errors.
pub fn read_sie4_bytes<S: LedgerSink + ?Sized>(
    bytes: &[u8],
    path: &Path,
    options: &Sie4Options,
    sink: &mut S,
) -> Result<Sie4Summary, Sie4Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = raw_lines(bytes).find(|(_, l)| !trim_ascii(l).is_empty());
    let looks_like_sie = match first {
        Some((_, l)) => trim_ascii(l).first() == Some(&b'#') && !bytes.contains(&0),
        None => false,
    };
    if !looks_like_sie {
        return Err(Sie4Error::NotSie {
            path: path.to_path_buf(),
        });
    }
    let format_label = find_format_label(bytes);
    let encoding = detect_encoding(bytes);
    let mut reader = Reader {
        path,
        options,
        encoding,
        accounts: HashMap::new(),
        objects: HashMap::new(),
        summary: Sie4Summary {
            encoding,
            format_label,
            company_name: None,
            vouchers: 0,
            transactions: 0,
            added_without_copy: 0,
            cost_lines: 0,
            cost_total: Ore::ZERO,
            removed_ignored: 0,
            invalid_rows: 0,
        },
        unit_buf: String::new(),
    };
    reader.collect_names(bytes, sink)?;
    reader.read_vouchers(bytes, sink)?;
    Ok(reader.summary)
}

/// Chooses how to decode: valid UTF-8 that uses multi-byte characters is
/// UTF-8 whatever the label says (some exporters write UTF-8 and label it
/// PC8); otherwise CP437 as the spec requires, unless Swedish letters only
/// make sense as Windows-1252.
pub fn detect_encoding(bytes: &[u8]) -> SieEncoding {
    if bytes.is_ascii() {
        return SieEncoding::Cp437;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return SieEncoding::Utf8;
    }
    // å ä ö Å Ä Ö é ü É in each code page.
    const CP437_SV: [u8; 9] = [0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99, 0x82, 0x81, 0x90];
    const W1252_SV: [u8; 9] = [0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0xE9, 0xFC, 0xC9];
    let (mut cp437, mut w1252) = (0u64, 0u64);
    for &b in bytes {
        if CP437_SV.contains(&b) {
            cp437 += 1;
        } else if W1252_SV.contains(&b) {
            w1252 += 1;
        }
    }
    if w1252 > cp437 {
        SieEncoding::Windows1252
    } else {
        SieEncoding::Cp437
    }
}

fn decode(encoding: SieEncoding, raw: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(raw)
        && (raw.is_ascii() || encoding == SieEncoding::Utf8)
    {
        return Cow::Borrowed(s);
    }
    match encoding {
        SieEncoding::Cp437 => Cow::Owned(oem_cp::decode_string_complete_table(
            raw,
            &oem_cp::code_table::DECODING_TABLE_CP437,
        )),
        SieEncoding::Windows1252 => encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0,
        SieEncoding::Utf8 => String::from_utf8_lossy(raw),
    }
}

/// Physical lines with their 1-based numbers, without `\n` or `\r\n`.
fn raw_lines(bytes: &[u8]) -> impl Iterator<Item = (u64, &[u8])> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let mut lines = body.split(|&b| b == b'\n');
    if bytes.is_empty() {
        // `split` on an empty slice yields one empty line; keep it harmless.
        lines.next();
    }
    lines.enumerate().map(|(i, l)| {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        (i as u64 + 1, l)
    })
}

fn trim_ascii(l: &[u8]) -> &[u8] {
    l.trim_ascii()
}

/// The item label (`#TRANS`, `{`, `}`) of a raw line, or empty.
fn label(l: &[u8]) -> &[u8] {
    let t = l.trim_ascii_start();
    let end = t
        .iter()
        .position(|&b| b == b' ' || b == b'\t')
        .unwrap_or(t.len());
    t.get(..end).unwrap_or(t)
}

fn find_format_label(bytes: &[u8]) -> Option<String> {
    for (_, l) in raw_lines(bytes) {
        if label(l).eq_ignore_ascii_case(b"#FORMAT") {
            let line = String::from_utf8_lossy(l);
            if let Ok(toks) = tokenize(&line) {
                return toks.get(1).map(|t| t.text().to_string());
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Tokenizer: SIE fields are separated by spaces or tabs, may be quoted with
// `"` (a quote inside written `\"`; other backslashes are literal), and
// `{...}` holds an object list whose items follow the same rules.

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Field {
        text: Cow<'a, str>,
        col: u32,
    },
    List {
        items: Vec<(Cow<'a, str>, u32)>,
        col: u32,
    },
}

impl Tok<'_> {
    fn text(&self) -> &str {
        match self {
            Tok::Field { text, .. } => text,
            Tok::List { .. } => "{…}",
        }
    }

    fn col(&self) -> u32 {
        match self {
            Tok::Field { col, .. } | Tok::List { col, .. } => *col,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct TokError {
    col: u32,
    message: &'static str,
}

struct Cursor<'a> {
    line: &'a str,
    pos: usize,
    col: u32,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.line.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        self.col = self.col.saturating_add(1);
        Some(c)
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.bump();
        }
    }

    fn slice(&self, from: usize) -> &'a str {
        self.line.get(from..self.pos).unwrap_or("")
    }

    /// A quoted string; the cursor is on the opening quote.
    fn quoted(&mut self) -> Result<Cow<'a, str>, TokError> {
        let open_col = self.col;
        self.bump();
        let start = self.pos;
        let mut owned: Option<String> = None;
        loop {
            let before = self.pos;
            match self.bump() {
                None => {
                    return Err(TokError {
                        col: open_col,
                        message: "citattecknet avslutas aldrig",
                    });
                }
                Some('"') => {
                    return Ok(match owned {
                        Some(s) => Cow::Owned(s),
                        None => Cow::Borrowed(self.line.get(start..before).unwrap_or("")),
                    });
                }
                Some('\\') if self.peek() == Some('"') => {
                    let s = owned.get_or_insert_with(|| {
                        self.line.get(start..before).unwrap_or("").to_string()
                    });
                    s.push('"');
                    self.bump();
                }
                Some(c) => {
                    if let Some(s) = owned.as_mut() {
                        s.push(c);
                    }
                }
            }
        }
    }

    /// An unquoted field, ending at a blank (or `}` inside a list).
    fn bare(&mut self, in_list: bool) -> &'a str {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || (in_list && (c == '}' || c == '"')) {
                break;
            }
            self.bump();
        }
        self.slice(start)
    }
}

fn tokenize(line: &str) -> Result<Vec<Tok<'_>>, TokError> {
    let mut cur = Cursor {
        line,
        pos: 0,
        col: 1,
    };
    let mut toks = Vec::with_capacity(8);
    loop {
        cur.skip_blanks();
        let col = cur.col;
        match cur.peek() {
            None => return Ok(toks),
            Some('"') => {
                let text = cur.quoted()?;
                toks.push(Tok::Field { text, col });
            }
            Some('{') => {
                cur.bump();
                let mut items = Vec::new();
                loop {
                    cur.skip_blanks();
                    let item_col = cur.col;
                    match cur.peek() {
                        None => {
                            return Err(TokError {
                                col,
                                message: "objektlistan saknar avslutande }",
                            });
                        }
                        Some('}') => {
                            cur.bump();
                            break;
                        }
                        Some('"') => items.push((cur.quoted()?, item_col)),
                        Some(_) => items.push((Cow::Borrowed(cur.bare(true)), item_col)),
                    }
                }
                toks.push(Tok::List { items, col });
            }
            Some(_) => {
                let text = Cow::Borrowed(cur.bare(false));
                toks.push(Tok::Field { text, col });
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Field parsers.

/// SIE amount: optional sign, digits, optional point and decimals; exact to
/// the öre (further decimals must be zeros).
pub fn parse_sie_amount(s: &str) -> Option<Ore> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if body.contains('.') && frac.is_empty() {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (kept, rest) = frac.split_at(frac.len().min(2));
    if rest.bytes().any(|b| b != b'0') {
        return None;
    }
    let mut ore: i64 = 0;
    for b in int.bytes() {
        ore = ore.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    let mut cents: i64 = 0;
    for (i, b) in kept.bytes().enumerate() {
        cents += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
    }
    let total = ore.checked_mul(100)?.checked_add(cents)?;
    Some(Ore(if neg { -total } else { total }))
}

/// `YYYYMMDD` as the spec writes dates; `YYYY-MM-DD` is accepted too.
fn parse_sie_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let digits = |r: &[u8]| -> Option<u32> {
        if r.is_empty() || !r.iter().all(u8::is_ascii_digit) {
            return None;
        }
        r.iter().try_fold(0u32, |a, &d| {
            a.checked_mul(10)?.checked_add(u32::from(d - b'0'))
        })
    };
    let (y, m, d) = match b.len() {
        8 => (b.get(0..4)?, b.get(4..6)?, b.get(6..8)?),
        10 if b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') => {
            (b.get(0..4)?, b.get(5..7)?, b.get(8..10)?)
        }
        _ => return None,
    };
    Date::new(
        i32::try_from(digits(y)?).ok()?,
        u8::try_from(digits(m)?).ok()?,
        u8::try_from(digits(d)?).ok()?,
    )
}

/// Quantity (`kvantitet`): decimal with a point.
fn parse_quantity(s: &str) -> Option<f64> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let ok = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().filter(|&b| b == b'.').count() <= 1
        && body.bytes().any(|b| b.is_ascii_digit());
    if ok { s.parse().ok() } else { None }
}

fn leading_digits(n: u32) -> u32 {
    n.checked_ilog10().map_or(1, |l| l + 1)
}

/// Whether `account` (all digits) falls in one of `ranges`, comparing as many
/// leading digits as each range's lower bound has.
pub fn account_in_ranges(account: &str, ranges: &[RangeInclusive<u32>]) -> bool {
    ranges.iter().any(|r| {
        let width = leading_digits(*r.start()) as usize;
        let head = account.get(..width.min(account.len())).unwrap_or(account);
        head.parse::<u32>().is_ok_and(|v| r.contains(&v))
    })
}

// ---------------------------------------------------------------------------
// The reader.

struct Reader<'p> {
    path: &'p Path,
    options: &'p Sie4Options,
    encoding: SieEncoding,
    /// `#KONTO` number → name.
    accounts: HashMap<String, String>,
    /// `#OBJEKT` dimension → object id → name.
    objects: HashMap<u32, HashMap<String, String>>,
    summary: Sie4Summary,
    unit_buf: String,
}

/// A `#VER` header while its block is read.
struct Voucher {
    line: u64,
    date: Result<Date, (u32, String)>,
    text: String,
}

/// A parsed `#TRANS` / `#RTRANS` on a cost account.
#[derive(Debug, Clone, PartialEq)]
struct Trans {
    line: u64,
    account: String,
    objects: Vec<(u32, String)>,
    amount: Ore,
    /// Own transaction date; `None` means the voucher's.
    date: Option<Date>,
    text: String,
    quantity: Option<f64>,
}

enum BlockState {
    Outside,
    /// `#VER` read, `{` expected next.
    Expect(Voucher),
    Inside(Voucher),
}

fn row_error(
    line: u64,
    column: u32,
    column_name: &str,
    value: &str,
    expected: &str,
    amount: Option<Ore>,
) -> RowError {
    RowError {
        line,
        column,
        column_name: column_name.to_string(),
        value: value.to_string(),
        expected: expected.to_string(),
        amount,
    }
}

impl Reader<'_> {
    fn structure(&self, line: u64, column: u32, message: impl Into<String>) -> Sie4Error {
        Sie4Error::Structure {
            path: self.path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    fn invalid<S: LedgerSink + ?Sized>(&mut self, sink: &mut S, e: RowError) {
        self.summary.invalid_rows += 1;
        sink.invalid(e);
    }

    /// First pass: names, company, SIE type.
    fn collect_names<S: LedgerSink + ?Sized>(
        &mut self,
        bytes: &[u8],
        sink: &mut S,
    ) -> Result<(), Sie4Error> {
        for (n, raw) in raw_lines(bytes) {
            let lab = label(raw);
            let kind = if lab.eq_ignore_ascii_case(b"#KONTO") {
                "#KONTO"
            } else if lab.eq_ignore_ascii_case(b"#OBJEKT") {
                "#OBJEKT"
            } else if lab.eq_ignore_ascii_case(b"#FNAMN") {
                "#FNAMN"
            } else if lab.eq_ignore_ascii_case(b"#SIETYP") {
                "#SIETYP"
            } else {
                continue;
            };
            let line = decode(self.encoding, raw);
            let toks = match tokenize(&line) {
                Ok(t) => t,
                Err(e) => {
                    let err = row_error(n, e.col, kind, "", e.message, None);
                    self.invalid(sink, err);
                    continue;
                }
            };
            let field = |i: usize| match toks.get(i) {
                Some(Tok::Field { text, .. }) => Some(text.as_ref()),
                _ => None,
            };
            match kind {
                "#KONTO" => {
                    if let (Some(no), Some(name)) = (field(1), field(2)) {
                        self.accounts.insert(no.to_string(), name.to_string());
                    }
                }
                "#OBJEKT" => {
                    if let (Some(dim), Some(id), Some(name)) = (field(1), field(2), field(3))
                        && let Ok(dim) = dim.parse::<u32>()
                    {
                        self.objects
                            .entry(dim)
                            .or_default()
                            .insert(id.to_string(), name.to_string());
                    }
                }
                "#FNAMN" => {
                    // Some writers leave a name with spaces unquoted; keep all of it.
                    let parts: Vec<&str> = toks.iter().skip(1).map(Tok::text).collect();
                    self.summary.company_name = (!parts.is_empty()).then(|| parts.join(" "));
                }
                _ => {
                    if let Some(t) = field(1)
                        && matches!(t, "1" | "2" | "3")
                    {
                        return Err(Sie4Error::WrongType {
                            path: self.path.to_path_buf(),
                            sie_type: t.to_string(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Second pass: `#VER { #TRANS … }` blocks.
    fn read_vouchers<S: LedgerSink + ?Sized>(
        &mut self,
        bytes: &[u8],
        sink: &mut S,
    ) -> Result<(), Sie4Error> {
        let mut state = BlockState::Outside;
        // An `#RTRANS` waits here until we know whether its `#TRANS` copy follows.
        let mut pending: Option<Trans> = None;
        for (n, raw) in raw_lines(bytes) {
            let lab = label(raw);
            if lab.is_empty() {
                continue;
            }
            if lab == b"{" {
                state = match state {
                    BlockState::Expect(v) => BlockState::Inside(v),
                    _ => return Err(self.structure(n, 1, "{ utan föregående #VER")),
                };
                continue;
            }
            if lab == b"}" {
                match state {
                    BlockState::Inside(v) => {
                        if let Some(p) = pending.take() {
                            self.emit_added(&p, &v, sink);
                        }
                        state = BlockState::Outside;
                    }
                    _ => return Err(self.structure(n, 1, "} utan öppnad verifikation")),
                }
                continue;
            }
            if let BlockState::Expect(v) = &state {
                return Err(self.structure(
                    n,
                    1,
                    format!("{{ saknas efter #VER på rad {}", v.line),
                ));
            }
            let is_ver = lab.eq_ignore_ascii_case(b"#VER");
            let is_trans = lab.eq_ignore_ascii_case(b"#TRANS");
            let is_rtrans = lab.eq_ignore_ascii_case(b"#RTRANS");
            let is_btrans = lab.eq_ignore_ascii_case(b"#BTRANS");
            if let BlockState::Inside(v) = &state
                && !is_trans
                && let Some(p) = pending.take()
            {
                self.emit_added(&p, v, sink);
            }
            if is_ver {
                if let BlockState::Inside(v) = &state {
                    return Err(self.structure(
                        n,
                        1,
                        format!("#VER inne i verifikationen från rad {}; }} saknas", v.line),
                    ));
                }
                // Some writers put `{` at the end of the #VER line.
                let trimmed = raw.trim_ascii_end();
                let head = trimmed.strip_suffix(b"{");
                let opens = head.is_some_and(|h| h.ends_with(b" ") || h.ends_with(b"\t"));
                let header = if opens { head.unwrap_or(raw) } else { raw };
                let line = decode(self.encoding, header);
                let toks = match tokenize(&line) {
                    Ok(t) => t,
                    Err(e) => return Err(self.structure(n, e.col, e.message)),
                };
                self.summary.vouchers += 1;
                let voucher = self.voucher(n, &toks, &line);
                state = if opens {
                    BlockState::Inside(voucher)
                } else {
                    BlockState::Expect(voucher)
                };
                continue;
            }
            if !(is_trans || is_rtrans || is_btrans) {
                if matches!(state, BlockState::Inside(_)) && lab.first() != Some(&b'#') {
                    let line = decode(self.encoding, raw);
                    let value: String = line.trim().chars().take(40).collect();
                    let col = first_non_blank_col(&line);
                    let e = row_error(n, col, "post", &value, "en post som börjar med #", None);
                    self.invalid(sink, e);
                }
                continue;
            }
            let BlockState::Inside(voucher) = &state else {
                let line = decode(self.encoding, raw);
                let name = String::from_utf8_lossy(lab).into_owned();
                let col = first_non_blank_col(&line);
                let e = row_error(
                    n,
                    col,
                    &name,
                    &name,
                    "transaktioner bara inom en verifikation (#VER … { … })",
                    None,
                );
                self.invalid(sink, e);
                continue;
            };
            if is_btrans {
                // Removed afterwards; the voucher's effect is without it.
                self.summary.removed_ignored += 1;
                continue;
            }
            if is_trans {
                self.summary.transactions += 1;
            }
            let label_name = if is_rtrans { "#RTRANS" } else { "#TRANS" };
            let line = decode(self.encoding, raw);
            let parsed = self.trans(n, &line, label_name, voucher, sink);
            if is_rtrans {
                pending = parsed;
                continue;
            }
            // Only the very next #TRANS can be an #RTRANS's copy.
            if let Some(p) = pending.take()
                && !parsed.as_ref().is_some_and(|t| {
                    p.account == t.account && p.amount == t.amount && p.objects == t.objects
                })
            {
                self.emit_added(&p, voucher, sink);
            }
            if let Some(t) = parsed {
                self.emit(&t, voucher, sink);
            }
        }
        match state {
            BlockState::Outside => Ok(()),
            BlockState::Expect(v) | BlockState::Inside(v) => Err(self.structure(
                v.line,
                1,
                format!(
                    "filen slutar inne i verifikationen från rad {}; }} saknas",
                    v.line
                ),
            )),
        }
    }

    fn voucher(&self, n: u64, toks: &[Tok<'_>], line: &str) -> Voucher {
        let date = match toks.get(3) {
            Some(Tok::Field { text, col }) => {
                parse_sie_date(text).ok_or_else(|| (*col, text.to_string()))
            }
            Some(t @ Tok::List { .. }) => Err((t.col(), t.text().to_string())),
            None => Err((end_col(line), String::new())),
        };
        let text = match toks.get(4) {
            Some(Tok::Field { text, .. }) => text.to_string(),
            _ => String::new(),
        };
        Voucher {
            line: n,
            date,
            text,
        }
    }

    /// Parses a transaction line; `None` when it is off the cost accounts or
    /// invalid (the error is already delivered).
    fn trans<S: LedgerSink + ?Sized>(
        &mut self,
        n: u64,
        line: &str,
        label_name: &str,
        voucher: &Voucher,
        sink: &mut S,
    ) -> Option<Trans> {
        let toks = match tokenize(line) {
            Ok(t) => t,
            Err(e) => {
                let err = row_error(n, e.col, label_name, "", e.message, None);
                self.invalid(sink, err);
                return None;
            }
        };
        let end = end_col(line);
        let field_name = |f: &str| format!("{label_name} {f}");
        // The amount, if readable, for errors in other fields.
        let amount = match toks.get(3) {
            Some(Tok::Field { text, .. }) => parse_sie_amount(text),
            _ => None,
        };
        let account = match toks.get(1) {
            Some(Tok::Field { text, .. })
                if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) =>
            {
                text.to_string()
            }
            other => {
                let (col, value) =
                    other.map_or((end, String::new()), |t| (t.col(), t.text().into()));
                let e = row_error(
                    n,
                    col,
                    &field_name("kontonr"),
                    &value,
                    "kontonummer med siffror, t.ex. 5611",
                    amount,
                );
                self.invalid(sink, e);
                return None;
            }
        };
        if !account_in_ranges(&account, &self.options.accounts) {
            return None;
        }
        let mut objects = Vec::new();
        match toks.get(2) {
            Some(Tok::List { items, .. }) => {
                let mut it = items.iter();
                while let Some((dim, dim_col)) = it.next() {
                    let Ok(d) = dim.parse::<u32>() else {
                        let e = row_error(
                            n,
                            *dim_col,
                            &field_name("objektlista"),
                            dim,
                            "dimensionsnummer (heltal) följt av objekt, t.ex. {1 \"100\"}",
                            amount,
                        );
                        self.invalid(sink, e);
                        return None;
                    };
                    let Some((obj, _)) = it.next() else {
                        let e = row_error(
                            n,
                            *dim_col,
                            &field_name("objektlista"),
                            dim,
                            "objekt efter dimensionsnumret, t.ex. {1 \"100\"}",
                            amount,
                        );
                        self.invalid(sink, e);
                        return None;
                    };
                    objects.push((d, obj.to_string()));
                }
            }
            other => {
                let (col, value) =
                    other.map_or((end, String::new()), |t| (t.col(), t.text().into()));
                let e = row_error(
                    n,
                    col,
                    &field_name("objektlista"),
                    &value,
                    "objektlista inom {}, t.ex. {} eller {1 \"100\"}",
                    amount,
                );
                self.invalid(sink, e);
                return None;
            }
        }
        let Some(amount) = amount else {
            let (col, value) = toks
                .get(3)
                .map_or((end, String::new()), |t| (t.col(), t.text().into()));
            let e = row_error(
                n,
                col,
                &field_name("belopp"),
                &value,
                "belopp med decimalpunkt och högst två decimaler, t.ex. -1234.50",
                None,
            );
            self.invalid(sink, e);
            return None;
        };
        let date = match toks.get(4) {
            None => None,
            Some(Tok::Field { text, .. }) if text.is_empty() => None,
            Some(t) => match t {
                Tok::Field { text, .. } if parse_sie_date(text).is_some() => parse_sie_date(text),
                _ => {
                    let e = row_error(
                        n,
                        t.col(),
                        &field_name("transdat"),
                        t.text(),
                        "datum ÅÅÅÅMMDD, t.ex. 20240131",
                        Some(amount),
                    );
                    self.invalid(sink, e);
                    return None;
                }
            },
        };
        let text = match toks.get(5) {
            Some(Tok::Field { text, .. }) => text.to_string(),
            _ => String::new(),
        };
        let quantity = match toks.get(6) {
            None => None,
            Some(Tok::Field { text, .. }) if text.is_empty() => None,
            Some(t) => match t {
                Tok::Field { text, .. } if parse_quantity(text).is_some() => parse_quantity(text),
                _ => {
                    let e = row_error(
                        n,
                        t.col(),
                        &field_name("kvantitet"),
                        t.text(),
                        "antal med decimalpunkt, t.ex. 12.5",
                        Some(amount),
                    );
                    self.invalid(sink, e);
                    return None;
                }
            },
        };
        if date.is_none()
            && let Err((col, value)) = &voucher.date
        {
            let e = row_error(
                voucher.line,
                *col,
                "#VER verdatum",
                value,
                &format!("datum ÅÅÅÅMMDD (behövs för {label_name} på rad {n} som saknar transdat)"),
                Some(amount),
            );
            self.invalid(sink, e);
            return None;
        }
        Some(Trans {
            line: n,
            account,
            objects,
            amount,
            date,
            text,
            quantity,
        })
    }

    /// An `#RTRANS` whose `#TRANS` copy did not follow.
    fn emit_added<S: LedgerSink + ?Sized>(&mut self, t: &Trans, voucher: &Voucher, sink: &mut S) {
        self.summary.added_without_copy += 1;
        self.emit(t, voucher, sink);
    }

    fn emit<S: LedgerSink + ?Sized>(&mut self, t: &Trans, voucher: &Voucher, sink: &mut S) {
        let opts = self.options;
        let chosen = t
            .objects
            .iter()
            .find(|(d, _)| *d == opts.unit_dimension)
            .or_else(|| t.objects.first().filter(|_| opts.unit_fallback_first));
        self.unit_buf.clear();
        if let Some((dim, obj)) = chosen {
            self.unit_buf.push_str(obj);
            if let Some(name) = self.objects.get(dim).and_then(|m| m.get(obj.as_str()))
                && !name.is_empty()
            {
                let _ = write!(self.unit_buf, " {name}");
            }
        }
        let text = if t.text.is_empty() {
            voucher.text.as_str()
        } else {
            t.text.as_str()
        };
        let line = LedgerLine {
            position: SourcePosition { line: t.line },
            date: t.date.or(voucher.date.as_ref().ok().copied()),
            unit: &self.unit_buf,
            account: &t.account,
            account_name: self.accounts.get(&t.account).map_or("", String::as_str),
            supplier_id: "",
            supplier_name: "",
            amount: t.amount,
            text,
            cpv: "",
            quantity: t.quantity,
        };
        sink.line(&line);
        self.summary.cost_lines += 1;
        // Saturating: absurd amounts must not panic the summary.
        self.summary.cost_total = Ore(self.summary.cost_total.0.saturating_add(t.amount.0));
    }
}

fn first_non_blank_col(line: &str) -> u32 {
    let n = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1)
}

/// Column just past the end of the line, for a missing field.
fn end_col(line: &str) -> u32 {
    u32::try_from(line.trim_end().chars().count())
        .unwrap_or(u32::MAX)
        .saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_quotes_escapes_and_lists() {
        let toks =
            tokenize("#TRANS 4010 {1 \"100\" 6 P1} -12.50 \"\" \"a \\\"b\\\" c\\d\"").unwrap();
        assert_eq!(toks.len(), 6);
        assert_eq!(toks[0].text(), "#TRANS");
        match &toks[2] {
            Tok::List { items, col } => {
                assert_eq!(*col, 13);
                let v: Vec<&str> = items.iter().map(|(s, _)| s.as_ref()).collect();
                assert_eq!(v, ["1", "100", "6", "P1"]);
                assert_eq!(items[1].1, 16);
            }
            t => panic!("not a list: {t:?}"),
        }
        assert_eq!(toks[4].text(), "");
        assert_eq!(toks[5].text(), "a \"b\" c\\d");
        let e = tokenize("#KONTO 4010 \"Öppen").unwrap_err();
        assert_eq!(e.col, 13);
        assert!(tokenize("#TRANS 4010 {1 \"1\"").is_err());
    }

    #[test]
    fn parses_amounts_exactly() {
        assert_eq!(parse_sie_amount("-1000.00"), Some(Ore(-100000)));
        assert_eq!(parse_sie_amount("485.41"), Some(Ore(48541)));
        assert_eq!(parse_sie_amount("0.5"), Some(Ore(50)));
        assert_eq!(parse_sie_amount("12"), Some(Ore(1200)));
        assert_eq!(parse_sie_amount("+3.10"), Some(Ore(310)));
        assert_eq!(parse_sie_amount("1.2500"), Some(Ore(125)));
        for bad in [
            "",
            "-",
            "1,50",
            "1.",
            ".5",
            "1.234",
            "1e3",
            "99999999999999999999",
            "1 000",
        ] {
            assert_eq!(parse_sie_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn account_ranges_compare_leading_digits() {
        let r = [4000..=7999];
        assert!(account_in_ranges("4010", &r));
        assert!(account_in_ranges("79999", &r));
        assert!(!account_in_ranges("3010", &r));
        assert!(!account_in_ranges("8010", &r));
        assert!(!account_in_ranges("401", &r));
        assert!(account_in_ranges("45000", &[40000..=49999]));
        assert!(!account_in_ranges("4500", &[40000..=49999]));
    }

    #[test]
    fn detects_encodings() {
        assert_eq!(detect_encoding(b"#FNAMN \"\x99vning\""), SieEncoding::Cp437);
        assert_eq!(
            detect_encoding("#FNAMN \"Övning\"".as_bytes()),
            SieEncoding::Utf8
        );
        assert_eq!(
            detect_encoding(b"#FNAMN \"\xd6vning f\xf6r\""),
            SieEncoding::Windows1252
        );
        assert_eq!(detect_encoding(b"#FNAMN x"), SieEncoding::Cp437);
    }
}
