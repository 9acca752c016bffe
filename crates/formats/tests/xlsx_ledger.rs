//! XLSX ledger reader on workbooks generated here with rust_xlsxwriter, so
//! every cell type (dates, serials, numbers, text numbers, formulas with
//! errors) is written exactly as Excel stores it.

use std::io::Cursor;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};
mod common;

use common::{Collect, Line};
use upphandla_core::date::Date;
use upphandla_core::ledger::LedgerField;
use upphandla_core::money::Ore;
use upphandla_formats::xlsx_ledger::{XlsxError, XlsxOptions, XlsxSummary, read_xlsx};

fn read(bytes: &[u8], options: &XlsxOptions) -> Result<(XlsxSummary, Collect), XlsxError> {
    let mut sink = Collect::default();
    let summary = read_xlsx(
        Cursor::new(bytes),
        Path::new("bok.xlsx"),
        options,
        &mut sink,
    )?;
    Ok((summary, sink))
}

const HEADERS: [&str; 9] = [
    "Datum",
    "Ansvar",
    "Konto",
    "Leverantör",
    "Orgnr",
    "Belopp exkl moms",
    "Text",
    "CPV",
    "Kommentar",
];

/// Rows are 0-based in rust_xlsxwriter; the comments give Excel's row numbers.
fn ledger_sheet(ws: &mut Worksheet) {
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "Leverantörsreskontra 2024").unwrap(); // row 1: title
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap(); // row 3: headers
    }
    // Row 4: a date-formatted cell, account and amount as numbers.
    let d = ExcelDateTime::from_ymd(2024, 1, 31).unwrap();
    ws.write_datetime_with_format(3, 0, &d, &date_fmt).unwrap();
    ws.write_string(3, 1, "100 Förvaltning X").unwrap();
    ws.write_number(3, 2, 5611.0).unwrap();
    ws.write_string(3, 3, "Ösby Bränsle AB").unwrap();
    ws.write_string(3, 4, "556000-1234").unwrap();
    ws.write_number(3, 5, 1234.5).unwrap();
    ws.write_string(3, 6, "Diesel").unwrap();
    ws.write_string(3, 7, "09134100-8").unwrap();
    // Row 5: text date, text amount in Swedish form, org. and CPV numbers.
    ws.write_string(4, 0, "2024-02-01").unwrap();
    ws.write_string(4, 2, "4010").unwrap();
    ws.write_number(4, 4, 5560001234.0).unwrap();
    ws.write_string(4, 5, "1 234,50").unwrap();
    ws.write_number(4, 7, 34110000.0).unwrap();
    // Row 6: YYYYMMDD typed as a number; a credit.
    ws.write_number(5, 0, 20240215.0).unwrap();
    ws.write_number(5, 5, -99.99).unwrap();
    // Row 7: a date serial without date format; a formula result with
    // fractions of an öre (rounded, and counted).
    ws.write_number(6, 0, 45322.0).unwrap();
    ws.write_number(6, 5, 100.0 / 1.25 / 3.0).unwrap();
    // Row 8 empty; row 9 only in an unmapped column: both skipped.
    ws.write_string(8, 8, "bara en kommentar").unwrap();
    // Row 10: amount that is not a number.
    ws.write_string(9, 5, "abc").unwrap();
    // Row 11: impossible date.
    ws.write_string(10, 0, "2024-13-01").unwrap();
    ws.write_number(10, 5, 10.0).unwrap();
    // Row 12: formula error in the amount.
    ws.write_formula(11, 5, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    // Row 13: a date in the amount column.
    ws.write_datetime_with_format(12, 5, &d, &date_fmt).unwrap();
    // Row 14: a sum row under the data.
    ws.write_string(13, 6, "Summa").unwrap();
    ws.write_number(13, 5, 2395.68).unwrap();
    // Row 15: data but no amount.
    ws.write_string(14, 3, "Glömt belopp AB").unwrap();
    // Row 16: Excel error in a text column.
    ws.write_number(15, 5, 1.0).unwrap();
    ws.write_formula(15, 3, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
}

fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    ledger_sheet(wb.add_worksheet().set_name("Reskontra").unwrap());
    let ws = wb.add_worksheet().set_name("Huvudbok").unwrap();
    // Starts in column B: column numbers stay Excel's.
    for (c, h) in ["Konto", "Text", "Summa SEK", "Belopp"].iter().enumerate() {
        ws.write_string(0, c as u16 + 1, *h).unwrap();
    }
    ws.write_number(1, 1, 6110.0).unwrap();
    ws.write_string(1, 2, "Kontorsmateriel").unwrap();
    ws.write_number(1, 3, 400.0).unwrap();
    ws.write_string(1, 4, "fel").unwrap();
    wb.add_worksheet().set_name("Tom").unwrap();
    let ws = wb.add_worksheet().set_name("Utan belopp").unwrap();
    ws.write_string(0, 0, "Datum").unwrap();
    ws.write_string(0, 1, "Summa").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn reads_first_sheet_with_every_cell_kind() {
    let (summary, sink) = read(&workbook(), &XlsxOptions::default()).unwrap();
    let d = |y, m, day| Date::new(y, m, day);
    let line = |row,
                date,
                unit: &str,
                account: &str,
                sid: &str,
                sup: &str,
                amount,
                text: &str,
                cpv: &str| Line {
        line: row,
        date,
        unit: unit.into(),
        account: account.into(),
        supplier_id: sid.into(),
        supplier: sup.into(),
        amount: Ore(amount),
        text: text.into(),
        cpv: cpv.into(),
    };
    assert_eq!(
        sink.lines,
        [
            line(
                4,
                d(2024, 1, 31),
                "100 Förvaltning X",
                "5611",
                "556000-1234",
                "Ösby Bränsle AB",
                123450,
                "Diesel",
                "09134100-8"
            ),
            line(
                5,
                d(2024, 2, 1),
                "",
                "4010",
                "5560001234",
                "",
                123450,
                "",
                "34110000"
            ),
            line(6, d(2024, 2, 15), "", "", "", "", -9999, "", ""),
            line(7, d(2024, 1, 31), "", "", "", "", 2667, "", ""),
        ]
    );
    assert_eq!(summary.sheet, "Reskontra");
    assert_eq!(summary.header_row, 3);
    assert_eq!(summary.lines, 4);
    assert_eq!(summary.total, Ore(123450 + 123450 - 9999 + 2667));
    assert_eq!(summary.rounded_amounts, 1);
    assert_eq!(summary.columns.get(LedgerField::Amount), Some(5));

    let got: Vec<(u64, u32, &str, &str, Option<i64>)> = sink
        .errors
        .iter()
        .map(|e| {
            (
                e.line,
                e.column,
                e.column_name.as_str(),
                e.value.as_str(),
                e.amount.map(|a| a.0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (10, 6, "F, Belopp exkl moms", "abc", None),
            (11, 1, "A, Datum", "2024-13-01", Some(1000)),
            (12, 6, "F, Belopp exkl moms", "#DIV/0!", None),
            (13, 6, "F, Belopp exkl moms", "2024-01-31", None),
            (14, 7, "G, Text", "Summa", Some(239568)),
            (15, 6, "F, Belopp exkl moms", "", None),
            (16, 4, "D, Leverantör", "#N/A", Some(100)),
        ]
    );
    let expected: Vec<&str> = sink.errors.iter().map(|e| e.expected.as_str()).collect();
    assert!(expected[0].contains("belopp"), "{expected:?}");
    assert!(expected[1].contains("datum"), "{expected:?}");
    assert!(expected[2].contains("Excel-fel"), "{expected:?}");
    assert!(expected[3].contains("inte ett datum"), "{expected:?}");
    assert!(expected[4].contains("summarad"), "{expected:?}");
    assert!(expected[5].contains("tom"), "{expected:?}");
    assert_eq!(summary.invalid_rows, 7);
}

#[test]
fn named_sheet_and_overrides() {
    let options = XlsxOptions {
        sheet: Some("huvudbok".into()),
        overrides: vec![(LedgerField::Amount, "Summa SEK".into())],
    };
    let (summary, sink) = read(&workbook(), &options).unwrap();
    assert!(sink.errors.is_empty(), "{:?}", sink.errors);
    assert_eq!(summary.sheet, "Huvudbok");
    assert_eq!(summary.header_row, 1);
    assert_eq!(sink.lines.len(), 1);
    assert_eq!(sink.lines[0].account, "6110");
    assert_eq!(sink.lines[0].text, "Kontorsmateriel");
    assert_eq!(sink.lines[0].amount, Ore(40000));

    // Without the override "Belopp" in column E (5) is the amount.
    let options = XlsxOptions {
        sheet: Some("Huvudbok".into()),
        overrides: vec![],
    };
    let (_, sink) = read(&workbook(), &options).unwrap();
    assert_eq!(sink.errors.len(), 1);
    assert_eq!((sink.errors[0].line, sink.errors[0].column), (2, 5));
    assert_eq!(sink.errors[0].column_name, "E, Belopp");
}

#[test]
fn sheet_errors_name_the_file_and_sheets() {
    let options = XlsxOptions {
        sheet: Some("Saknas".into()),
        overrides: vec![],
    };
    let err = read(&workbook(), &options).err().unwrap();
    let msg = err.to_string();
    assert!(matches!(err, XlsxError::SheetNotFound { .. }));
    assert!(
        msg.starts_with(
            "bok.xlsx: bladet \"Saknas\" finns inte. Blad i filen: \"Reskontra\", \"Huvudbok\", \"Tom\", \"Utan belopp\""
        ),
        "{msg}"
    );

    let options = XlsxOptions {
        sheet: Some("Tom".into()),
        overrides: vec![],
    };
    let err = read(&workbook(), &options).err().unwrap();
    assert!(matches!(err, XlsxError::Empty { .. }), "{err}");

    let options = XlsxOptions {
        sheet: Some("Utan belopp".into()),
        overrides: vec![],
    };
    let err = read(&workbook(), &options).err().unwrap();
    let msg = err.to_string();
    assert!(matches!(err, XlsxError::Columns { row: 1, .. }), "{msg}");
    assert!(msg.contains("\"Datum\", \"Summa\""), "{msg}");

    for bytes in [&b""[..], b"Datum;Belopp\n", b"PK\x03\x04broken"] {
        let err = read(bytes, &XlsxOptions::default()).err().unwrap();
        assert!(matches!(err, XlsxError::Open { .. }), "{err}");
        assert!(err.to_string().starts_with("bok.xlsx: kunde inte öppna"));
    }
}

#[test]
fn header_search_gives_up_after_ten_rows() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Rapport").unwrap(); // row 1: title
    for (c, h) in ["Datum", "Konto", "Summa"].iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap(); // row 3: header without amount
    }
    for r in 3..12 {
        ws.write_string(r, 0, "2024-01-01").unwrap();
    }
    ws.write_string(12, 0, "Belopp").unwrap(); // row 13: past the search
    let bytes = wb.save_to_buffer().unwrap();
    let err = read(&bytes, &XlsxOptions::default()).err().unwrap();
    // The error concerns the fullest candidate, the likely header.
    let msg = err.to_string();
    assert!(matches!(err, XlsxError::Columns { row: 3, .. }), "{msg}");
    assert!(
        msg.starts_with("bok.xlsx: blad \"Sheet1\", rad 3: hittar ingen beloppskolumn"),
        "{msg}"
    );
    assert!(msg.contains("\"Datum\", \"Konto\", \"Summa\""), "{msg}");
}

/// xorshift64*, as in the SIE mutation test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn damaged_workbooks_never_panic() {
    let base = workbook();
    let mut rng = Rng(0xB00C_0DE5_2024);
    let mut opened = 0;
    for _ in 0..300 {
        let mut bytes = base.clone();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() as usize) % bytes.len();
            bytes[at] = (rng.next() & 0xff) as u8;
        }
        if rng.next().is_multiple_of(4) {
            let keep = (rng.next() as usize) % bytes.len();
            bytes.truncate(keep);
        }
        let mut sink = Collect::default();
        if let Ok(s) = read_xlsx(
            Cursor::new(&bytes),
            Path::new("bok.xlsx"),
            &XlsxOptions::default(),
            &mut sink,
        ) {
            opened += 1;
            assert_eq!(s.lines as usize, sink.lines.len());
        }
    }
    // Stored zip entries without checks let some damage through to the parser.
    assert!(opened > 0);
}
