//! One line of an invoice ledger (leverantörsreskontra / huvudbok), as every
//! reader in `upphandla-formats` yields it.

use crate::date::Date;
use crate::money::Ore;

/// Where a line came from, for error messages and the `--lines` export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcePosition {
    /// 1-based physical line in the file (row in a spreadsheet).
    pub line: u64,
}

/// A ledger line borrowed from the reader's buffers. Empty strings mean the
/// column was absent or blank.
#[derive(Debug, Clone, Copy)]
pub struct LedgerLine<'a> {
    pub position: SourcePosition,
    pub date: Option<Date>,
    /// Organisational unit: förvaltning, ansvar, SIE object.
    pub unit: &'a str,
    pub account: &'a str,
    /// Account name where the file carries one (SIE `#KONTO`).
    pub account_name: &'a str,
    /// Supplier organisation number as written in the file.
    pub supplier_id: &'a str,
    pub supplier_name: &'a str,
    /// Amount excluding VAT; negative for credit notes.
    pub amount: Ore,
    pub text: &'a str,
    /// CPV code as written (e.g. `34110000-1` or `34110000`).
    pub cpv: &'a str,
    /// SIE `#TRANS` quantity: may carry litres or kWh.
    pub quantity: Option<f64>,
}

impl<'a> LedgerLine<'a> {
    pub fn empty(line: u64) -> LedgerLine<'a> {
        LedgerLine {
            position: SourcePosition { line },
            date: None,
            unit: "",
            account: "",
            account_name: "",
            supplier_id: "",
            supplier_name: "",
            amount: Ore::ZERO,
            text: "",
            cpv: "",
            quantity: None,
        }
    }
}

/// The ledger fields a reader maps columns onto, with their header synonyms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LedgerField {
    Date,
    Unit,
    Account,
    SupplierId,
    SupplierName,
    Amount,
    Text,
    Cpv,
}

impl LedgerField {
    pub const ALL: [LedgerField; 8] = [
        LedgerField::Date,
        LedgerField::Unit,
        LedgerField::Account,
        LedgerField::SupplierId,
        LedgerField::SupplierName,
        LedgerField::Amount,
        LedgerField::Text,
        LedgerField::Cpv,
    ];

    /// The name used on the command line (`--column amount="Belopp SEK"`).
    pub fn key(self) -> &'static str {
        match self {
            LedgerField::Date => "date",
            LedgerField::Unit => "unit",
            LedgerField::Account => "account",
            LedgerField::SupplierId => "supplier_id",
            LedgerField::SupplierName => "supplier",
            LedgerField::Amount => "amount",
            LedgerField::Text => "text",
            LedgerField::Cpv => "cpv",
        }
    }

    pub fn from_key(key: &str) -> Option<LedgerField> {
        LedgerField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Header names recognised case-insensitively, Swedish and English.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            LedgerField::Date => &["datum", "bokföringsdatum", "fakturadatum", "date"],
            LedgerField::Unit => &["enhet", "förvaltning", "ansvar", "unit"],
            LedgerField::Account => &["konto", "account"],
            LedgerField::SupplierId => &[
                "leverantör_orgnr",
                "leverantor_orgnr",
                "orgnr",
                "organisationsnummer",
                "supplier_id",
            ],
            LedgerField::SupplierName => &["leverantör", "leverantor", "supplier"],
            LedgerField::Amount => &["belopp", "belopp_exkl_moms", "amount"],
            LedgerField::Text => &["beskrivning", "text", "description"],
            LedgerField::Cpv => &["cpv"],
        }
    }

    /// Swedish name for error messages.
    pub fn name_sv(self) -> &'static str {
        match self {
            LedgerField::Date => "datum",
            LedgerField::Unit => "enhet",
            LedgerField::Account => "konto",
            LedgerField::SupplierId => "leverantörens organisationsnummer",
            LedgerField::SupplierName => "leverantör",
            LedgerField::Amount => "belopp",
            LedgerField::Text => "beskrivning",
            LedgerField::Cpv => "CPV-kod",
        }
    }
}

/// A row a reader could not accept. All-or-nothing imports collect these.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RowError {
    /// 1-based physical line (or spreadsheet row).
    pub line: u64,
    /// 1-based column: field number in CSV/XLSX, character column in SIE.
    pub column: u32,
    /// Header name or SIE item the value came from.
    pub column_name: String,
    pub value: String,
    /// What was expected, in Swedish.
    pub expected: String,
    /// The row's amount where it could still be read, so skipped sums can be reported.
    #[serde(skip)]
    pub amount: Option<Ore>,
}

/// Where readers deliver lines; one per worker thread when a reader runs in parallel.
pub trait LedgerSink {
    fn line(&mut self, line: &LedgerLine<'_>);
    fn invalid(&mut self, error: RowError);
}
