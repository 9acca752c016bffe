//! A sink that keeps owned copies of every line and error, shared by the
//! CSV and XLSX reader tests (which read the same ledger fields).

use upphandla_core::date::Date;
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_core::money::Ore;

/// An owned copy of a ledger line; `line` is the file line or Excel row.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub line: u64,
    pub date: Option<Date>,
    pub unit: String,
    pub account: String,
    pub supplier_id: String,
    pub supplier: String,
    pub amount: Ore,
    pub text: String,
    pub cpv: String,
}

#[derive(Default)]
pub struct Collect {
    pub lines: Vec<Line>,
    pub errors: Vec<RowError>,
}

impl LedgerSink for Collect {
    fn line(&mut self, l: &LedgerLine<'_>) {
        self.lines.push(Line {
            line: l.position.line,
            date: l.date,
            unit: l.unit.to_owned(),
            account: l.account.to_owned(),
            supplier_id: l.supplier_id.to_owned(),
            supplier: l.supplier_name.to_owned(),
            amount: l.amount,
            text: l.text.to_owned(),
            cpv: l.cpv.to_owned(),
        });
    }

    fn invalid(&mut self, error: RowError) {
        self.errors.push(error);
    }
}
