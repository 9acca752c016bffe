//! Throughput check for the CSV ledger reader (not a test):
//!
//! ```sh
//! cargo run --release -p upphandla-formats --example csv_throughput -- [FILE] [THREADS]
//! ```
//!
//! Without FILE it writes a generated 1,000,000-line ledger to the system
//! temp directory first. Prints MB/s with a sink that only counts and sums.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_core::money::Ore;
use upphandla_formats::csv_ledger::{CsvOptions, read_csv_ledger};

#[derive(Default)]
struct Count {
    lines: u64,
    invalid: u64,
    sum: i64,
    text_bytes: usize,
}

impl LedgerSink for Count {
    fn line(&mut self, line: &LedgerLine<'_>) {
        self.lines += 1;
        self.sum = self.sum.wrapping_add(line.amount.0);
        self.text_bytes += line.supplier_name.len() + line.text.len() + line.account.len();
    }
    fn invalid(&mut self, _error: RowError) {
        self.invalid += 1;
    }
}

fn generate(path: &PathBuf, lines: usize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        "Datum;Enhet;Konto;Leverantör_orgnr;Leverantör;Belopp;Beskrivning;CPV"
    )?;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..lines {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let amount = x % 1_000_000;
        let text = if i % 50 == 0 {
            "\"Frakt; avrop 34 \"\"Ramavtal\"\"\""
        } else {
            "Kontorsmaterial"
        };
        writeln!(
            out,
            "2024-{:02}-{:02};BUF Öster;{};5569{:06};Demo Åkesson Bygg AB;{},{:02};{};",
            x % 12 + 1,
            x % 28 + 1,
            4000 + x % 4000,
            x % 1_000_000,
            amount / 100,
            amount % 100,
            text
        )?;
    }
    out.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = match args.next() {
        Some(p) => PathBuf::from(p),
        None => {
            let p = std::env::temp_dir().join("upphandla-csv-throughput-1m.csv");
            if !p.exists() {
                generate(&p, 1_000_000)?;
            }
            p
        }
    };
    let threads: usize = args.next().map(|t| t.parse()).transpose()?.unwrap_or(2);
    for _ in 0..3 {
        let start = Instant::now();
        let (sinks, report) =
            read_csv_ledger(&path, &CsvOptions::default(), Count::default, threads)?;
        let secs = start.elapsed().as_secs_f64();
        let lines: u64 = sinks.iter().map(|s| s.lines).sum();
        let invalid: u64 = sinks.iter().map(|s| s.invalid).sum();
        let sum = Ore(sinks.iter().map(|s| s.sum).fold(0i64, i64::wrapping_add));
        println!(
            "{}: {} bytes, {lines} lines, {invalid} invalid, sum {sum}, {threads} threads: {secs:.3} s, {:.0} MB/s",
            path.display(),
            report.bytes,
            report.bytes as f64 / 1e6 / secs
        );
    }
    Ok(())
}
