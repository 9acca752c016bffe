//! CSV output in the form Swedish spreadsheet users open directly: UTF-8 with
//! BOM, `;` as separator, decimal comma.

use std::io::{self, Write};

use upphandla_core::classify::Classifier;
use upphandla_core::ledger::LedgerLine;
use upphandla_core::spend::{LineOutcome, SpendReport};

use crate::import::Classification;

/// Quotes a field when it holds the separator, a quote or a line break.
pub fn field(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\"")).into()
    } else {
        value.into()
    }
}

/// Decimal comma, no grouping: what a spreadsheet parses as a number.
pub fn number(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}").replace('.', ",")
}

fn ore(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// The category table of a report.
pub fn write_report_csv(out: &mut impl Write, report: &SpendReport) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    writeln!(
        out,
        "kategori;namn;belopp_kr;kg_co2e;kg_co2e_lag;kg_co2e_hog;rader;andel_belopp;andel_utslapp;kg_co2e_per_kr;faktorkalla;faktorar;leverantorer;leverantorer_80_procent;lang_svans_kr"
    )?;
    for c in &report.categories {
        let (factor, source, year) = match &c.factor {
            Some(f) => (
                number(f.kg_co2e_per_sek, 6),
                f.source.as_str(),
                f.year.map(|y| y.to_string()).unwrap_or_default(),
            ),
            None => (String::new(), "", String::new()),
        };
        writeln!(
            out,
            "{};{};{};{};{};{};{};{};{};{};{};{};{};{};{}",
            field(&c.id),
            field(&c.name),
            ore(c.ore),
            number(c.kg_co2e, 3),
            number(c.kg_co2e_low, 3),
            number(c.kg_co2e_high, 3),
            c.rows,
            number(c.share_of_spend, 6),
            number(c.share_of_emissions, 6),
            factor,
            field(source),
            year,
            c.suppliers,
            c.suppliers_for_80_percent,
            number(c.long_tail_sek, 2),
        )?;
    }
    Ok(())
}

/// Per-line export (`--lines FILE`): each line with its category and the rule
/// that classified it, so any figure can be traced back to ledger rows.
pub struct LinesWriter<W: Write> {
    out: W,
}

impl<W: Write> LinesWriter<W> {
    pub fn new(mut out: W) -> io::Result<LinesWriter<W>> {
        out.write_all(b"\xEF\xBB\xBF")?;
        writeln!(
            out,
            "fil;rad;datum;enhet;konto;leverantor_orgnr;leverantor;belopp_kr;beskrivning;cpv;kategori;regeltyp;regel;regelkalla;kg_co2e"
        )?;
        Ok(LinesWriter { out })
    }

    pub fn write(
        &mut self,
        file: &str,
        line: &LedgerLine<'_>,
        outcome: &LineOutcome,
        classifier: &Classifier,
    ) -> io::Result<()> {
        let classified = Classification::of(outcome, classifier);
        let date = line.date.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            self.out,
            "{};{};{};{};{};{};{};{};{};{};{};{};{};{};{}",
            field(file),
            line.position.line,
            date,
            field(line.unit),
            field(line.account),
            field(line.supplier_id),
            field(line.supplier_name),
            ore(line.amount.0),
            field(line.text),
            field(line.cpv),
            field(&classified.category.id),
            classified.kind_sv(),
            field(&classified.rule.pattern),
            field(&classified.rule.origin),
            number(outcome.kg_co2e, 3),
        )
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("Bygg AB"), "Bygg AB");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("sa \"hej\""), "\"sa \"\"hej\"\"\"");
        assert_eq!(ore(-5), "-0,05");
        assert_eq!(ore(123456), "1234,56");
        assert_eq!(number(0.5, 3), "0,500");
    }
}
