//! The SIE 4 reader never panics: deterministic random mutations of the
//! committed fixtures, with the summary checked against what the sink saw.

use std::path::Path;

use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_formats::sie4::{Sie4Options, read_sie4_bytes};

#[derive(Default)]
struct Count {
    lines: u64,
    total: i64,
    errors: u64,
}

impl LedgerSink for Count {
    fn line(&mut self, l: &LedgerLine<'_>) {
        self.lines += 1;
        self.total = self.total.saturating_add(l.amount.0);
    }
    fn invalid(&mut self, _error: RowError) {
        self.errors += 1;
    }
}

/// xorshift64*: enough randomness for mutations, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[u8] = b"\"{}\\#\n\r\t -.0123456789 \x86\x84\x94\xc3\xa5\xe5\xff\x00";

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 if at < v.len() => v[at] = INTERESTING[rng.below(INTERESTING.len())],
            1 => v.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            2 if at < v.len() => {
                let end = (at + 1 + rng.below(20)).min(v.len());
                v.drain(at..end);
            }
            3 => {
                // Duplicate a slice elsewhere (repeats lines, braces, quotes).
                let from = rng.below(v.len());
                let end = (from + 1 + rng.below(60)).min(v.len());
                let piece: Vec<u8> = v[from..end].to_vec();
                v.splice(at..at, piece);
            }
            4 => v.truncate(at),
            _ if at < v.len() => v[at] = (rng.next() & 0xff) as u8,
            _ => {}
        }
    }
    v
}

#[test]
fn random_mutations_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sie");
    let seeds: Vec<Vec<u8>> = ["kommun_pc8_cp437.se", "kommun_pc8_utf8.se", "malformed.se"]
        .iter()
        .map(|n| std::fs::read(dir.join(n)).expect(n))
        .collect();
    let mut rng = Rng(0x5EED_2024_0000_0001);
    let options = Sie4Options::default();
    let mut outcomes = [0u32; 2];
    for i in 0..4000 {
        let base = &seeds[i % seeds.len()];
        let input = mutate(&mut rng, base);
        let mut sink = Count::default();
        match read_sie4_bytes(&input, Path::new("mutated.se"), &options, &mut sink) {
            Ok(summary) => {
                outcomes[0] += 1;
                assert_eq!(summary.cost_lines, sink.lines);
                assert_eq!(summary.invalid_rows, sink.errors);
                assert_eq!(summary.cost_total.0, sink.total);
            }
            Err(e) => {
                outcomes[1] += 1;
                assert!(e.to_string().starts_with("mutated.se: "), "{e}");
            }
        }
    }
    // Both paths must have been exercised for the test to mean anything.
    assert!(outcomes[0] > 100 && outcomes[1] > 100, "{outcomes:?}");
}
