//! Low-level delimited text shared by the CSV ledger reader and the generic
//! table reader: BOM and separator detection, the quoting rules, record
//! splitting and per-field decoding (UTF-8, else Windows-1252).
//!
//! Quoting rules (one place, used by both the record splitter and the block
//! splitter, so a parallel reader cuts blocks exactly where the parser would):
//! - a field is quoted when its first byte is `"`; inside it the separator and
//!   newlines are data, and `""` is one literal quote;
//! - a `"` anywhere else is an ordinary character (`5" skruv` stays as is);
//! - after the closing quote only spaces/tabs may follow before the next
//!   separator or line end; other text there is reported as a problem;
//! - records end at LF; a CR before it is dropped (CRLF files).

use memchr::{memchr, memchr_iter, memchr3, memrchr};

pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The longest prefix of `buf` that is valid UTF-8, noting in `flags`
/// whether it holds non-ASCII text. Validating a whole block at once is much
/// faster than validating each short field.
pub fn valid_utf8_prefix<'a>(buf: &'a [u8], flags: &mut EncodingFlags) -> &'a str {
    let valid = match simdutf8::basic::from_utf8(buf) {
        Ok(s) => s,
        Err(_) => match simdutf8::compat::from_utf8(buf) {
            Ok(s) => s,
            Err(e) => buf
                .get(..e.valid_up_to())
                .and_then(|b| simdutf8::basic::from_utf8(b).ok())
                .unwrap_or(""),
        },
    };
    if !flags.utf8_non_ascii && !valid.is_ascii() {
        flags.utf8_non_ascii = true;
    }
    valid
}

/// Splits a leading UTF-8 byte order mark off.
pub fn strip_bom(bytes: &[u8]) -> (&[u8], bool) {
    match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    }
}

/// Separators a ledger or table file may use.
pub const SEPARATORS: [u8; 3] = [b';', b'\t', b','];

/// Picks the separator that occurs most often in the first line outside
/// quotes; ties prefer `;`, then TAB, then `,`. A header without any of them
/// (a single column) gets `;`, which cannot split decimal-comma amounts.
pub fn detect_separator(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut inside = false;
    // Leading blank lines are not the header.
    let first = bytes
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    for &b in bytes.get(first..).unwrap_or(&[]) {
        match b {
            b'"' => inside = !inside,
            b'\n' if !inside => break,
            _ if !inside => {
                if let Some(i) = SEPARATORS.iter().position(|s| *s == b)
                    && let Some(c) = counts.get_mut(i)
                {
                    *c += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..counts.len() {
        if counts.get(i) > counts.get(best) {
            best = i;
        }
    }
    if counts.get(best).copied().unwrap_or(0) == 0 {
        return b';';
    }
    SEPARATORS.get(best).copied().unwrap_or(b';')
}

/// Human name of a separator, for reports.
pub fn separator_name(sep: u8) -> &'static str {
    match sep {
        b';' => "semikolon (;)",
        b',' => "komma (,)",
        b'\t' => "tabb",
        _ => "okänt",
    }
}

/// Which encodings were seen in the decoded fields of a file.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct EncodingFlags {
    pub bom: bool,
    /// Some field was valid UTF-8 with non-ASCII characters.
    pub utf8_non_ascii: bool,
    /// Some field was not valid UTF-8 and was read as Windows-1252.
    pub windows_1252: bool,
}

impl EncodingFlags {
    pub fn merge(&mut self, other: EncodingFlags) {
        self.bom |= other.bom;
        self.utf8_non_ascii |= other.utf8_non_ascii;
        self.windows_1252 |= other.windows_1252;
    }

    pub fn seen(self) -> EncodingSeen {
        match (self.windows_1252, self.utf8_non_ascii || self.bom) {
            (true, true) => EncodingSeen::Mixed,
            (true, false) => EncodingSeen::Windows1252,
            (false, _) if self.bom => EncodingSeen::Utf8Bom,
            (false, _) => EncodingSeen::Utf8,
        }
    }
}

/// The encoding a file turned out to have (pure ASCII counts as UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSeen {
    Utf8,
    Utf8Bom,
    Windows1252,
    /// Some fields UTF-8 with non-ASCII text, others Windows-1252.
    Mixed,
}

impl std::fmt::Display for EncodingSeen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EncodingSeen::Utf8 => "UTF-8",
            EncodingSeen::Utf8Bom => "UTF-8 med BOM",
            EncodingSeen::Windows1252 => "Windows-1252",
            EncodingSeen::Mixed => "blandad UTF-8 och Windows-1252",
        })
    }
}

/// Windows-1252 bytes 0x80–0x9F; the five undefined ones map to the C1
/// control of the same number, as the WHATWG encoding standard does.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

pub fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{fffd}'),
        _ => char::from(b),
    }
}

pub fn decode_cp1252_into(bytes: &[u8], out: &mut String) {
    out.clear();
    out.reserve(bytes.len() + bytes.len() / 2);
    out.extend(bytes.iter().map(|&b| cp1252_char(b)));
}

/// Text of a field: borrowed when it is valid UTF-8, else decoded as
/// Windows-1252 into `scratch`.
pub fn decode_field<'a>(
    bytes: &'a [u8],
    scratch: &'a mut String,
    flags: &mut EncodingFlags,
) -> &'a str {
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if !flags.utf8_non_ascii && !s.is_ascii() {
                flags.utf8_non_ascii = true;
            }
            s
        }
        Err(_) => {
            flags.windows_1252 = true;
            decode_cp1252_into(bytes, scratch);
            scratch.as_str()
        }
    }
}

/// Where one field lies in a buffer. For quoted fields the span excludes the
/// quotes; `escaped` means it holds `""` pairs still to be unescaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FieldSpan {
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
    pub escaped: bool,
}

impl FieldSpan {
    pub fn raw<'a>(&self, buf: &'a [u8]) -> &'a [u8] {
        buf.get(self.start..self.end).unwrap_or(&[])
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// Replaces `""` with `"`.
pub fn unescape_into(raw: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut rest = raw;
    while let Some(i) = memchr(b'"', rest) {
        out.extend_from_slice(rest.get(..=i).unwrap_or(rest));
        // Skip the second quote of the pair.
        rest = rest.get(i + 2..).unwrap_or(&[]);
    }
    out.extend_from_slice(rest);
}

/// Reused buffers for turning one field into text.
#[derive(Debug, Default)]
pub struct FieldScratch {
    bytes: Vec<u8>,
    text: String,
}

impl FieldScratch {
    /// The field's text, unescaped and decoded, trimmed of ASCII whitespace.
    pub fn text<'a>(
        &'a mut self,
        buf: &'a [u8],
        span: &FieldSpan,
        flags: &mut EncodingFlags,
    ) -> &'a str {
        let raw = span.raw(buf);
        let raw = if span.escaped {
            unescape_into(raw, &mut self.bytes);
            self.bytes.as_slice()
        } else {
            raw
        };
        decode_field(raw, &mut self.text, flags).trim_ascii()
    }

    /// As [`FieldScratch::text`], but fields inside `valid` (the block's
    /// longest valid UTF-8 prefix, see [`valid_utf8_prefix`]) are sliced
    /// without validating each one again.
    #[inline]
    pub fn text_in<'a>(
        &'a mut self,
        buf: &'a [u8],
        valid: &'a str,
        span: &FieldSpan,
        flags: &mut EncodingFlags,
    ) -> &'a str {
        if !span.escaped
            && let Some(s) = valid.get(span.start..span.end)
        {
            return s.trim_ascii();
        }
        self.text_slow(buf, span, flags)
    }

    /// [`FieldScratch::text`] kept out of line, so the inlined fast path of
    /// [`FieldScratch::text_in`] stays small (it runs for every text field).
    #[inline(never)]
    fn text_slow<'a>(
        &'a mut self,
        buf: &'a [u8],
        span: &FieldSpan,
        flags: &mut EncodingFlags,
    ) -> &'a str {
        self.text(buf, span, flags)
    }

    /// The field's bytes with `""` unescaped (for amounts and dates).
    pub fn raw<'a>(&'a mut self, buf: &'a [u8], span: &FieldSpan) -> &'a [u8] {
        let raw = span.raw(buf);
        if span.escaped {
            unescape_into(raw, &mut self.bytes);
            &self.bytes
        } else {
            raw
        }
    }
}

/// Something wrong with a record's quoting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordProblem {
    /// The quoted field (0-based index) never closed before end of input.
    UnterminatedQuote { field: usize },
    /// Text followed the closing quote of the field (0-based index).
    TextAfterQuote { field: usize },
}

/// One record's extent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordInfo {
    /// Position after the record's newline (or the end of the buffer).
    pub end: usize,
    /// Newlines inside quoted fields.
    pub inner_newlines: u64,
    pub problem: Option<RecordProblem>,
}

/// Splits the record starting at `pos` into `fields` (cleared first). The
/// caller stops when `pos == buf.len()`.
#[inline]
pub fn next_record(buf: &[u8], pos: usize, sep: u8, fields: &mut Vec<FieldSpan>) -> RecordInfo {
    fields.clear();
    // Fast path: a line without quotes (nearly all of them) is split on the
    // separator eight bytes at a time.
    if let Some(i) = buf
        .get(pos..)
        .and_then(|rest| memchr::memchr2(b'\n', b'"', rest))
        && buf.get(pos + i) == Some(&b'\n')
    {
        let nl = pos + i;
        let end = if nl > pos && buf.get(nl - 1) == Some(&b'\r') {
            nl - 1
        } else {
            nl
        };
        split_unquoted(buf.get(pos..end).unwrap_or(&[]), pos, sep, fields);
        return RecordInfo {
            end: nl + 1,
            inner_newlines: 0,
            problem: None,
        };
    }
    let mut inner_newlines = 0u64;
    let mut problem = None;
    let mut field_start = pos;
    let mut scan = pos;
    loop {
        if buf.get(field_start) == Some(&b'"') && scan == field_start {
            // Quoted field: find the closing quote, skipping `""` pairs.
            let content_start = field_start + 1;
            let mut q = content_start;
            let mut escaped = false;
            let close = loop {
                match buf.get(q..).and_then(|rest| memchr(b'"', rest)) {
                    Some(i) => {
                        let p = q + i;
                        if buf.get(p + 1) == Some(&b'"') {
                            escaped = true;
                            q = p + 2;
                        } else {
                            break Some(p);
                        }
                    }
                    None => break None,
                }
            };
            let content_end = close.unwrap_or(buf.len());
            let content = buf.get(content_start..content_end).unwrap_or(&[]);
            if memchr(b'\n', content).is_some() {
                inner_newlines += memchr_iter(b'\n', content).count() as u64;
            }
            fields.push(FieldSpan {
                start: content_start,
                end: content_end,
                quoted: true,
                escaped,
            });
            let Some(close) = close else {
                problem.get_or_insert(RecordProblem::UnterminatedQuote {
                    field: fields.len() - 1,
                });
                return RecordInfo {
                    end: buf.len(),
                    inner_newlines,
                    problem,
                };
            };
            // After the closing quote: blanks, then separator / line end.
            let mut k = close + 1;
            while let Some(&b) = buf.get(k) {
                if (b == b' ' || b == b'\t' || b == b'\r') && b != sep {
                    k += 1;
                } else {
                    break;
                }
            }
            let stop = buf
                .get(k..)
                .and_then(|rest| memchr::memchr2(sep, b'\n', rest))
                .map(|i| k + i);
            let text_after = match stop {
                Some(s) => buf.get(k..s).is_some_and(|t| t.iter().any(|&b| b != b'\r')),
                None => k < buf.len(),
            };
            if text_after {
                problem.get_or_insert(RecordProblem::TextAfterQuote {
                    field: fields.len() - 1,
                });
            }
            match stop {
                Some(s) if buf.get(s) == Some(&b'\n') => {
                    return RecordInfo {
                        end: s + 1,
                        inner_newlines,
                        problem,
                    };
                }
                Some(s) => {
                    field_start = s + 1;
                    scan = field_start;
                    continue;
                }
                None => {
                    return RecordInfo {
                        end: buf.len(),
                        inner_newlines,
                        problem,
                    };
                }
            }
        }
        match buf
            .get(scan..)
            .and_then(|rest| memchr3(sep, b'\n', b'"', rest))
        {
            Some(i) => {
                let p = scan + i;
                let b = buf.get(p).copied().unwrap_or(b'\n');
                if b == b'"' {
                    // Not at a field start: an ordinary character.
                    scan = p + 1;
                } else if b == b'\n' {
                    let end = if p > field_start && buf.get(p - 1) == Some(&b'\r') {
                        p - 1
                    } else {
                        p
                    };
                    fields.push(FieldSpan {
                        start: field_start,
                        end,
                        quoted: false,
                        escaped: false,
                    });
                    return RecordInfo {
                        end: p + 1,
                        inner_newlines,
                        problem,
                    };
                } else {
                    fields.push(FieldSpan {
                        start: field_start,
                        end: p,
                        quoted: false,
                        escaped: false,
                    });
                    field_start = p + 1;
                    scan = field_start;
                }
            }
            None => {
                let mut end = buf.len();
                if end > field_start && buf.last() == Some(&b'\r') {
                    end -= 1;
                }
                fields.push(FieldSpan {
                    start: field_start,
                    end: end.max(field_start),
                    quoted: false,
                    escaped: false,
                });
                return RecordInfo {
                    end: buf.len(),
                    inner_newlines,
                    problem,
                };
            }
        }
    }
}

/// Splits every record of `buf` (which must start at a record start) and
/// calls `each` with its fields and [`RecordInfo`], exactly as calling
/// [`next_record`] from 0 until the end would.
///
/// Quote-free records that end in a newline (nearly all) are split from one
/// streaming scan of the whole block for separators, quotes and newlines,
/// instead of searching every record and field separately. A record with a
/// quote, and a last record without a newline, go to [`next_record`], so
/// the quoting rules stay in one place.
#[inline]
pub fn for_each_record<F>(buf: &[u8], sep: u8, fields: &mut Vec<FieldSpan>, mut each: F)
where
    F: FnMut(&[FieldSpan], RecordInfo),
{
    if matches!(sep, b'"' | b'\n' | b'\r') {
        // A forced separator that is itself structural: only the careful
        // path knows what it means.
        let mut pos = 0;
        while pos < buf.len() {
            let info = next_record(buf, pos, sep, fields);
            each(fields, info);
            pos = info.end;
        }
        return;
    }
    // Start of the current record and field.
    let mut record_start = 0usize;
    let mut field_start = 0usize;
    let mut scan = Structural::new(buf, sep);
    fields.clear();
    while record_start < buf.len() {
        let Some(p) = scan.next() else {
            // No newline after the last record start: the final record.
            let info = next_record(buf, record_start, sep, fields);
            each(fields, info);
            return;
        };
        let b = buf.get(p).copied().unwrap_or(b'"');
        if b == sep {
            fields.push(FieldSpan {
                start: field_start,
                end: p,
                quoted: false,
                escaped: false,
            });
            field_start = p + 1;
        } else if b == b'\n' {
            // Drop a CR before the LF; `sep` is never CR here.
            let end = if p > field_start && buf.get(p - 1) == Some(&b'\r') {
                p - 1
            } else {
                p
            };
            fields.push(FieldSpan {
                start: field_start,
                end,
                quoted: false,
                escaped: false,
            });
            each(
                fields,
                RecordInfo {
                    end: p + 1,
                    inner_newlines: 0,
                    problem: None,
                },
            );
            fields.clear();
            record_start = p + 1;
            field_start = record_start;
        } else {
            // A quote somewhere in this record: the careful path.
            let info = next_record(buf, record_start, sep, fields);
            each(fields, info);
            fields.clear();
            record_start = info.end;
            field_start = record_start;
            scan.seek(record_start);
        }
    }
}

/// Positions of separators, quotes and newlines in a buffer, in order,
/// found 64 bytes at a time as a bit mask.
struct Structural<'a> {
    buf: &'a [u8],
    sep: u8,
    /// Position of bit 0 of `mask`.
    base: usize,
    /// Structural bytes at `base..base + 64` not yet returned.
    mask: u64,
}

impl<'a> Structural<'a> {
    fn new(buf: &'a [u8], sep: u8) -> Self {
        let mut s = Structural {
            buf,
            sep,
            base: 0,
            mask: 0,
        };
        s.load(0);
        s
    }

    #[inline]
    fn load(&mut self, at: usize) {
        self.base = at;
        self.mask = match self
            .buf
            .get(at..at + 64)
            .and_then(|c| <&[u8; 64]>::try_from(c).ok())
        {
            Some(chunk) => structural_mask(chunk, self.sep),
            None => {
                let rest = self.buf.get(at..).unwrap_or(&[]);
                let mut chunk = [0u8; 64];
                if let Some(dst) = chunk.get_mut(..rest.len()) {
                    dst.copy_from_slice(rest);
                }
                // Bits past the end (zero padding) do not count.
                structural_mask(&chunk, self.sep) & ((1u64 << rest.len().min(63)) - 1)
            }
        };
    }

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            let next = self.base + 64;
            if next >= self.buf.len() {
                return None;
            }
            self.load(next);
        }
        let p = self.base + self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(p)
    }

    /// Continues from `pos` (at or after everything returned so far).
    fn seek(&mut self, pos: usize) {
        match pos.checked_sub(self.base) {
            Some(k) if k < 64 => self.mask &= !0u64 << k,
            _ => self.load(pos),
        }
    }
}

/// Bit `i` set where `chunk[i]` is `sep`, `"` or `\n`. Written so that the
/// compiler vectorises the comparisons; the bytes are then gathered into
/// bits eight at a time with a multiplication.
#[inline]
fn structural_mask(chunk: &[u8; 64], sep: u8) -> u64 {
    // Multiplying a word whose bytes are 0 or 1 by this moves byte i's bit
    // to bit 56 + i, without carries.
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let mut eq = [0u8; 64];
    for (e, &b) in eq.iter_mut().zip(chunk) {
        *e = u8::from((b == sep) | (b == b'\n') | (b == b'"'));
    }
    let mut mask = 0u64;
    for (k, word) in eq.chunks_exact(8).enumerate() {
        if let Ok(bytes) = <[u8; 8]>::try_from(word) {
            mask |= (u64::from_le_bytes(bytes).wrapping_mul(GATHER) >> 56) << (8 * k);
        }
    }
    mask
}

/// Splits a quote-free line (without its line end) into fields; `offset` is
/// the line's position in the buffer.
#[inline]
fn split_unquoted(line: &[u8], offset: usize, sep: u8, fields: &mut Vec<FieldSpan>) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let pattern = u64::from_ne_bytes([sep; 8]);
    let mut field_start = offset;
    let push = |fields: &mut Vec<FieldSpan>, at: usize, field_start: &mut usize| {
        fields.push(FieldSpan {
            start: *field_start,
            end: at,
            quoted: false,
            escaped: false,
        });
        *field_start = at + 1;
    };
    let mut chunks = line.chunks_exact(8);
    let mut base = offset;
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        // High bit set exactly in the bytes equal to `sep` (no carries
        // cross bytes, so there are no false positives).
        let x = u64::from_le_bytes(bytes) ^ pattern;
        let mut hits = !(((x & LOW7) + LOW7) | x | LOW7);
        while hits != 0 {
            let at = base + (hits.trailing_zeros() / 8) as usize;
            push(fields, at, &mut field_start);
            hits &= hits - 1;
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == sep {
            push(fields, base + i, &mut field_start);
        }
    }
    fields.push(FieldSpan {
        start: field_start,
        end: offset + line.len(),
        quoted: false,
        escaped: false,
    });
}

/// True when a record (as split by [`next_record`]) holds no data: an empty
/// line, only whitespace, or only separators.
pub fn is_blank_record(buf: &[u8], fields: &[FieldSpan]) -> bool {
    fields
        .iter()
        .all(|f| !f.quoted && f.raw(buf).iter().all(u8::is_ascii_whitespace))
}

/// Length of the longest prefix of `buf` that consists of whole records,
/// i.e. the position after the last newline outside quoted fields, following
/// exactly the quoting rules of [`next_record`]. `None` if there is none.
/// `buf` must start at a record start.
pub fn complete_records_end(buf: &[u8], sep: u8) -> Option<usize> {
    let mut inside = false;
    // Start of the current stretch outside quotes.
    let mut outside_from = 0usize;
    let mut last_newline: Option<usize> = None;
    let mut pos = 0usize;
    while let Some(i) = buf.get(pos..).and_then(|rest| memchr(b'"', rest)) {
        let p = pos + i;
        if inside {
            if buf.get(p + 1) == Some(&b'"') {
                pos = p + 2;
                continue;
            }
            inside = false;
            outside_from = p + 1;
        } else {
            let at_field_start =
                p == 0 || matches!(buf.get(p - 1), Some(&b) if b == sep || b == b'\n');
            if at_field_start {
                if let Some(j) = buf.get(outside_from..p).and_then(|s| memrchr(b'\n', s)) {
                    last_newline = Some(outside_from + j);
                }
                inside = true;
            }
        }
        pos = p + 1;
    }
    if !inside && let Some(j) = buf.get(outside_from..).and_then(|s| memrchr(b'\n', s)) {
        last_newline = Some(outside_from + j);
    }
    last_newline.map(|p| p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(input: &[u8], sep: u8) -> Vec<(Vec<String>, Option<RecordProblem>, u64)> {
        let mut out = Vec::new();
        let mut fields = Vec::new();
        let mut pos = 0;
        let mut flags = EncodingFlags::default();
        let mut scratch = FieldScratch::default();
        while pos < input.len() {
            let info = next_record(input, pos, sep, &mut fields);
            assert!(info.end > pos);
            let texts = fields
                .iter()
                .map(|f| scratch.text(input, f, &mut flags).to_owned())
                .collect();
            out.push((texts, info.problem, info.inner_newlines));
            pos = info.end;
        }
        out
    }

    fn texts(rows: &[(Vec<String>, Option<RecordProblem>, u64)]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.0.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn splits_plain_and_quoted() {
        let rows = split(b"a;b;c\r\n1;\"x;y\";\"say \"\"hi\"\"\"\n\n;;\nlast", b';');
        assert_eq!(
            texts(&rows),
            vec![
                vec!["a", "b", "c"],
                vec!["1", "x;y", "say \"hi\""],
                vec![""],
                vec!["", "", ""],
                vec!["last"],
            ]
        );
        assert!(rows.iter().all(|r| r.1.is_none()));
    }

    #[test]
    fn quoted_newlines_are_counted() {
        let rows = split(b"\"a\nb\r\nc\",d\ne,f\n", b',');
        assert_eq!(texts(&rows), vec![vec!["a\nb\r\nc", "d"], vec!["e", "f"]]);
        assert_eq!(rows[0].2, 2);
    }

    #[test]
    fn stray_quotes_are_data() {
        let rows = split(b"5\" skruv;x\"y\"\n", b';');
        assert_eq!(texts(&rows), vec![vec!["5\" skruv", "x\"y\""]]);
    }

    #[test]
    fn quoting_problems() {
        let rows = split(b"\"ab\"cd;e\n\"open;f\ng\n", b';');
        assert_eq!(rows[0].1, Some(RecordProblem::TextAfterQuote { field: 0 }));
        assert_eq!(texts(&rows)[0], vec!["ab", "e"]);
        assert_eq!(
            rows[1].1,
            Some(RecordProblem::UnterminatedQuote { field: 0 })
        );
        // Blanks after a closing quote are fine.
        let rows = split(b"\"ab\"  ;c\r\n", b';');
        assert_eq!(rows[0].1, None);
        assert_eq!(texts(&rows), vec![vec!["ab", "c"]]);
    }

    #[test]
    fn decodes_per_field() {
        let mut flags = EncodingFlags::default();
        let mut s = String::new();
        assert_eq!(decode_field(b"abc", &mut s, &mut flags), "abc");
        assert_eq!(flags.seen(), EncodingSeen::Utf8);
        assert_eq!(
            decode_field(b"Leverant\xf6r \x80", &mut s, &mut flags),
            "Leverantör €"
        );
        assert_eq!(flags.seen(), EncodingSeen::Windows1252);
        assert_eq!(
            decode_field("Gävle".as_bytes(), &mut s, &mut flags),
            "Gävle"
        );
        assert_eq!(flags.seen(), EncodingSeen::Mixed);
    }

    #[test]
    fn detects_separator() {
        assert_eq!(detect_separator(b"a;b;c\n1,2;3"), b';');
        assert_eq!(detect_separator(b"a,b,\"c;d;e\"\n"), b',');
        assert_eq!(detect_separator(b"a\tb\tc"), b'\t');
        assert_eq!(detect_separator(b"Belopp\n1,5"), b';');
        assert_eq!(detect_separator(b"\r\n\na,b\n"), b',');
    }

    #[test]
    fn block_end_respects_quotes() {
        assert_eq!(complete_records_end(b"a;b\nc;d", b';'), Some(4));
        assert_eq!(complete_records_end(b"a;b\nc;\"d\ne", b';'), Some(4));
        assert_eq!(complete_records_end(b"a;\"b\"\"\n\";x\nc", b';'), Some(11));
        assert_eq!(complete_records_end(b"5\" x\n\"y", b';'), Some(5));
        assert_eq!(complete_records_end(b"\"a\nb", b';'), None);
        assert_eq!(complete_records_end(b"abc", b';'), None);
        assert_eq!(
            complete_records_end(b"\"a\";\"b\"\n\"c\";\"d", b';'),
            Some(8)
        );
    }

    fn records_one_by_one(buf: &[u8], sep: u8) -> Vec<(Vec<FieldSpan>, RecordInfo)> {
        let mut out = Vec::new();
        let mut fields = Vec::new();
        let mut pos = 0;
        while pos < buf.len() {
            let info = next_record(buf, pos, sep, &mut fields);
            out.push((fields.clone(), info));
            pos = info.end;
        }
        out
    }

    fn records_streamed(buf: &[u8], sep: u8) -> Vec<(Vec<FieldSpan>, RecordInfo)> {
        let mut out = Vec::new();
        // Stale spans must not leak into the first record.
        let mut fields = vec![FieldSpan::default(); 3];
        for_each_record(buf, sep, &mut fields, |f, info| {
            out.push((f.to_vec(), info))
        });
        out
    }

    #[test]
    fn structural_mask_finds_every_structural_byte() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for sep in [b';', b',', b'\t', 0u8, 0xFF] {
            for _ in 0..2000 {
                let mut chunk = [0u8; 64];
                for b in chunk.iter_mut() {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    *b = [sep, b'\n', b'"', b'a', b'\r', 0xFF, 0, 0x80][(x % 8) as usize];
                }
                let expected = chunk
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == sep || **b == b'\n' || **b == b'"')
                    .fold(0u64, |m, (i, _)| m | 1 << i);
                assert_eq!(structural_mask(&chunk, sep), expected);
            }
        }
    }

    /// The block-wide splitter gives exactly the records of `next_record`,
    /// including quoted records, CR handling, a missing last newline and
    /// structural bytes on either side of the 64-byte chunk edges.
    #[test]
    fn streamed_records_match_next_record() {
        let fixed: &[&[u8]] = &[
            b"",
            b"\n",
            b"\r\n",
            b"\r",
            b"a;b\r\nc;d",
            b"a;b\r\nc;d\r",
            b"a;\"b\nc\";d\ne;f\n\"open;x\ny",
            b"5\" x;y\nz\"\"\n\"a\"b;c\n;;\n\r\n",
            b"0123456789012345678901234567890123456789012345678901234567890;2;\n\"x\";y\n",
            b"012345678901234567890123456789012345678901234567890123456789012\n\"q\"\r\n",
        ];
        for input in fixed {
            for sep in [b';', b',', b'\t', b'"', b'\n', b'\r', b'a', 0] {
                assert_eq!(
                    records_streamed(input, sep),
                    records_one_by_one(input, sep),
                    "{:?} sep {sep}",
                    String::from_utf8_lossy(input)
                );
            }
        }
        let alphabet = b";;;,\t\"\n\n\r abc0";
        let mut x: u64 = 0x0123_4567_89AB_CDEF;
        for case in 0..3000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % if case % 10 == 0 { 2000 } else { 200 }) as usize;
            let input: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    alphabet[(x % alphabet.len() as u64) as usize]
                })
                .collect();
            let sep = [b';', b',', b'\t', b'"', b'\r'][case % 5];
            assert_eq!(
                records_streamed(&input, sep),
                records_one_by_one(&input, sep),
                "{:?} sep {sep}",
                String::from_utf8_lossy(&input)
            );
        }
    }

    /// The block splitter agrees with the record splitter on every prefix.
    #[test]
    fn block_end_matches_record_ends() {
        let input: &[u8] =
            b"h1;h2\n\"a\nb\";c\n5\" x;\"q\"\"\n\"\"\"\n\"x\"y;\"z\n\";w\n;\n\"\"\n\"unterminated\nq";
        let mut fields = Vec::new();
        let mut ends = vec![];
        let mut pos = 0;
        while pos < input.len() {
            let info = next_record(input, pos, b';', &mut fields);
            if input.get(info.end - 1) == Some(&b'\n') {
                ends.push(info.end);
            }
            pos = info.end;
        }
        for cut in 0..=input.len() {
            let expected = ends.iter().copied().filter(|e| *e <= cut).max();
            assert_eq!(
                complete_records_end(&input[..cut], b';'),
                expected,
                "cut at {cut}"
            );
        }
    }
}
