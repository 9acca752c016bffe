//! Readers and writers for upphandla's file formats.
pub mod columns;
pub mod contracts;
pub mod criteria;
pub mod csv_ledger;
pub mod doc;
pub mod evaluation;
pub mod import;
pub mod lcc;
pub mod maps;
pub mod number;
pub mod report;
pub mod sie4;
pub mod supplier_report;
pub mod table;
pub mod tender_doc;
pub mod text;
pub mod xlsx_ledger;
