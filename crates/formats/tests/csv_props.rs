//! Property-style robustness: random bytes and random mutations of valid
//! ledgers never panic, and the parallel reader always agrees with the
//! single-threaded one. Deterministic seeds; a few thousand cases.

use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_formats::csv_ledger::{CsvOptions, read_csv_ledger_from};
use upphandla_formats::number::{
    DecimalMark, decimal_mark_hint, parse_amount_bytes, parse_date_bytes,
};
use upphandla_formats::table::read_table;

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
}

/// Bytes that matter to the parser, drawn more often than others.
const INTERESTING: &[u8] =
    b";,\t\"\n\r\n0123456789-.() kKrRsSeE\xA0\xC2\xC3\xE2\x80\x88\x92\xAF\xEF\xBB\xBF\xF6";

fn random_byte(rng: &mut Rng) -> u8 {
    if rng.below(4) == 0 {
        rng.next() as u8
    } else {
        INTERESTING[rng.below(INTERESTING.len())]
    }
}

#[derive(Default, PartialEq, Debug)]
struct Digest {
    lines: Vec<(u64, i64, String, String)>,
    errors: Vec<RowError>,
}

impl LedgerSink for Digest {
    fn line(&mut self, l: &LedgerLine<'_>) {
        self.lines.push((
            l.position.line,
            l.amount.0,
            l.text.to_owned(),
            l.supplier_name.to_owned(),
        ));
    }
    fn invalid(&mut self, e: RowError) {
        self.errors.push(e);
    }
}

/// Reads `data` single-threaded and in parallel with tiny blocks; both must
/// succeed or fail alike and yield the same lines and errors.
fn check(data: &[u8], block_size: usize) {
    let small = CsvOptions {
        block_size,
        ..CsvOptions::default()
    };
    let one = read_csv_ledger_from(data, "p.csv", &CsvOptions::default(), Digest::default, 1);
    let two = read_csv_ledger_from(data, "p.csv", &small, Digest::default, 2);
    match (one, two) {
        (Ok((a, ra)), Ok((b, rb))) => {
            let merge = |sinks: Vec<Digest>| {
                let mut d = Digest::default();
                for s in sinks {
                    d.lines.extend(s.lines);
                    d.errors.extend(s.errors);
                }
                d.lines.sort_by_key(|l| l.0);
                d.errors.sort_by_key(|e| e.line);
                d
            };
            let (a, b) = (merge(a), merge(b));
            assert!(
                a == b,
                "single and parallel differ on {:?}",
                String::from_utf8_lossy(data)
            );
            assert_eq!(ra.rows, rb.rows);
            assert_eq!(ra.rows, (a.lines.len() + a.errors.len()) as u64);
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!(
            "single {:?} vs parallel {:?} on {:?}",
            a.map(|r| r.1),
            b.map(|r| r.1),
            String::from_utf8_lossy(data)
        ),
    }
    let _ = read_table(data);
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF_0BAD_F00D);
    for case in 0..2000 {
        let len = if case % 50 == 0 {
            rng.below(20_000)
        } else {
            rng.below(300)
        };
        let mut data: Vec<u8> = (0..len).map(|_| random_byte(&mut rng)).collect();
        if case % 2 == 0 {
            // Give half the cases a plausible header so rows get parsed.
            let mut with_header = b"Datum;Belopp;Text;Leverant\xf6r\n".to_vec();
            with_header.append(&mut data);
            data = with_header;
        }
        check(&data, 64 + rng.below(512));
    }
}

#[test]
fn mutated_ledgers_never_panic() {
    let mut base = String::from("\u{feff}Datum;Ansvar;Konto;Leverantör;Belopp;Beskrivning\r\n");
    for i in 0..120 {
        base.push_str(&format!(
            "2024-01-{:02};BUF;56{:02};\"Lev {i}; AB\";{} {:03},{:02};\"Text \"\"{i}\"\"\nrad 2\"\r\n",
            i % 28 + 1,
            i % 100,
            i + 1,
            i * 7 % 1000,
            i % 100
        ));
    }
    let base = base.into_bytes();
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    check(&base, 4096);
    for _ in 0..1500 {
        let mut data = base.clone();
        for _ in 0..1 + rng.below(8) {
            let pos = rng.below(data.len() + 1);
            match rng.below(4) {
                0 => data.insert(pos, random_byte(&mut rng)),
                1 if pos < data.len() => {
                    data.remove(pos);
                }
                2 if pos < data.len() => data[pos] = random_byte(&mut rng),
                _ => data.truncate(pos),
            }
        }
        check(&data, 64 + rng.below(2048));
    }
}

#[test]
fn number_parsers_never_panic() {
    let mut rng = Rng(0x0F0F_1234_5678_9ABC);
    for _ in 0..20_000 {
        let len = rng.below(24);
        let s: Vec<u8> = (0..len).map(|_| random_byte(&mut rng)).collect();
        let a = parse_amount_bytes(&s, DecimalMark::Comma);
        let b = parse_amount_bytes(&s, DecimalMark::Point);
        // The convention only matters for ambiguous input.
        if decimal_mark_hint(&s).is_some() {
            assert_eq!(a, b, "{:?}", String::from_utf8_lossy(&s));
        }
        let _ = parse_date_bytes(&s);
    }
}
