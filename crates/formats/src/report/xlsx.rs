//! The report as an Excel workbook: one sheet per view, numbers as numbers.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use upphandla_core::spend::{GroupResult, SpendReport};

use super::ReportMeta;

const SEK_FORMAT: &str = "#,##0.00";
const KG_FORMAT: &str = "#,##0.0";
const SHARE_FORMAT: &str = "0.0%";

/// A cell value: text or a number with a display format.
enum Cell<'a> {
    Text(String),
    Num(f64, &'a Format),
    Int(u64),
}

struct Sheet<'w> {
    sheet: &'w mut Worksheet,
    row: u32,
}

impl<'w> Sheet<'w> {
    fn new(
        workbook: &'w mut Workbook,
        name: &str,
        header: &[&str],
        bold: &Format,
    ) -> Result<Sheet<'w>, XlsxError> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        for (col, title) in header.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *title, bold)?;
            sheet.set_column_width(col as u16, if col == 0 { 36 } else { 16 })?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Sheet { sheet, row: 1 })
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), XlsxError> {
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => self.sheet.write_string(self.row, col, s)?,
                Cell::Num(v, f) => self.sheet.write_number_with_format(self.row, col, *v, f)?,
                Cell::Int(v) => self.sheet.write_number(self.row, col, *v as f64)?,
            };
        }
        self.row += 1;
        Ok(())
    }
}

pub fn render_xlsx(report: &SpendReport, meta: &ReportMeta) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sek = Format::new().set_num_format(SEK_FORMAT);
    let kg = Format::new().set_num_format(KG_FORMAT);
    let share = Format::new().set_num_format(SHARE_FORMAT);
    let factor = Format::new().set_num_format("0.000000");
    let text = |s: &str| Cell::Text(s.to_string());

    {
        let mut s = Sheet::new(
            &mut workbook,
            "Sammanfattning",
            &["Uppgift", "Värde"],
            &bold,
        )?;
        s.row(&[text("Rapport"), text(&meta.title)])?;
        if meta.demo {
            s.row(&[
                text("OBS"),
                text("DEMODATA: syntetiska siffror, inte en verklig kommun"),
            ])?;
        }
        for input in &meta.inputs {
            s.row(&[
                text("Indata"),
                text(&format!(
                    "{} ({}, {} rader; {})",
                    input.path, input.format, input.rows, input.detail
                )),
            ])?;
        }
        for file in &meta.rule_files {
            s.row(&[text("Regelfil"), text(file)])?;
        }
        s.row(&[text("Faktorer"), text(&report.factor_set)])?;
        s.row(&[
            text("Skapad"),
            text(&format!(
                "{} med upphandla {}",
                meta.generated, meta.tool_version
            )),
        ])?;
        s.row(&[
            text("Belopp exkl. moms, kr"),
            Cell::Num(report.total.sek, &sek),
        ])?;
        s.row(&[text("Rader"), Cell::Int(report.total.rows)])?;
        s.row(&[text("kg CO2e"), Cell::Num(report.total.kg_co2e, &kg)])?;
        s.row(&[
            text("kg CO2e, låg"),
            Cell::Num(report.total.kg_co2e_low, &kg),
        ])?;
        s.row(&[
            text("kg CO2e, hög"),
            Cell::Num(report.total.kg_co2e_high, &kg),
        ])?;
        s.row(&[
            text("Oklassificerat, andel av belopp"),
            Cell::Num(report.unclassified.share_of_spend, &share),
        ])?;
        s.row(&[
            text("Oklassificerat, andel av rader"),
            Cell::Num(report.unclassified.share_of_rows, &share),
        ])?;
    }
    {
        let header = [
            "Kategori",
            "Id",
            "Belopp, kr",
            "kg CO2e",
            "kg CO2e låg",
            "kg CO2e hög",
            "Rader",
            "Andel belopp",
            "Andel utsläpp",
            "kg CO2e/kr",
            "Faktorkälla",
            "Faktorår",
            "Leverantörer",
            "Leverantörer för 80 %",
            "Lång svans, kr",
        ];
        let mut s = Sheet::new(&mut workbook, "Kategorier", &header, &bold)?;
        for c in &report.categories {
            let (f, source, year) = match &c.factor {
                Some(f) => (
                    Cell::Num(f.kg_co2e_per_sek, &factor),
                    text(&f.source),
                    f.year.map_or(text(""), |y| Cell::Int(y as u64)),
                ),
                None => (text("saknas"), text(""), text("")),
            };
            s.row(&[
                text(&c.name),
                text(&c.id),
                Cell::Num(c.sek, &sek),
                Cell::Num(c.kg_co2e, &kg),
                Cell::Num(c.kg_co2e_low, &kg),
                Cell::Num(c.kg_co2e_high, &kg),
                Cell::Int(c.rows),
                Cell::Num(c.share_of_spend, &share),
                Cell::Num(c.share_of_emissions, &share),
                f,
                source,
                year,
                Cell::Int(c.suppliers),
                Cell::Int(c.suppliers_for_80_percent),
                Cell::Num(c.long_tail_sek, &sek),
            ])?;
        }
    }
    let groups = |workbook: &mut Workbook,
                  name: &str,
                  first: &str,
                  groups: &[GroupResult]|
     -> Result<(), XlsxError> {
        let mut s = Sheet::new(
            workbook,
            name,
            &[
                first,
                "Id",
                "Belopp, kr",
                "kg CO2e",
                "Andel belopp",
                "Rader",
            ],
            &bold,
        )?;
        for g in groups {
            s.row(&[
                text(&g.name),
                text(&g.key),
                Cell::Num(g.sek, &sek),
                Cell::Num(g.kg_co2e, &kg),
                Cell::Num(g.share_of_spend, &share),
                Cell::Int(g.rows),
            ])?;
        }
        Ok(())
    };
    groups(
        &mut workbook,
        "Leverantörer",
        "Leverantör",
        &report.suppliers,
    )?;
    groups(&mut workbook, "Enheter", "Enhet", &report.units)?;
    groups(&mut workbook, "Månader", "Månad", &report.months)?;
    {
        let mut s = Sheet::new(
            &mut workbook,
            "Regler",
            &[
                "Regeltyp",
                "Mönster",
                "Kategori",
                "Källa",
                "Rader",
                "Belopp, kr",
            ],
            &bold,
        )?;
        for r in &report.rules {
            s.row(&[
                text(r.kind_name),
                text(&r.pattern),
                text(&r.category),
                text(&r.origin),
                Cell::Int(r.rows),
                Cell::Num(r.sek, &sek),
            ])?;
        }
    }
    {
        let q = &report.data_quality;
        let mut s = Sheet::new(
            &mut workbook,
            "Datakvalitet",
            &["Kontroll", "Rader", "Belopp, kr"],
            &bold,
        )?;
        s.row(&[
            text("Rader utan organisationsnummer"),
            Cell::Int(q.rows_without_orgnr),
            Cell::Num(q.sek_without_orgnr, &sek),
        ])?;
        s.row(&[
            text("Rader utan datum"),
            Cell::Int(q.rows_without_date),
            text(""),
        ])?;
        s.row(&[
            text("Kreditnotor"),
            Cell::Int(q.credit_note_rows),
            Cell::Num(q.credit_note_sek, &sek),
        ])?;
        if q.duplicates_checked {
            s.row(&[
                text("Misstänkta dubbletter (extra rader)"),
                Cell::Int(q.suspected_duplicate_rows),
                Cell::Num(q.suspected_duplicate_sek, &sek),
            ])?;
        } else {
            s.row(&[
                text("Misstänkta dubbletter"),
                text("inte kontrollerat"),
                text(""),
            ])?;
        }
        s.row(&[
            text("Hoppade över ogiltiga rader"),
            Cell::Int(report.skipped.rows),
            Cell::Num(report.skipped.sek, &sek),
        ])?;
        s.row(&[])?;
        s.row(&[
            text("Misstänkta dubbletter: leverantör"),
            text("Datum"),
            text("Belopp, kr"),
            text("Antal"),
            text("Rader"),
            text("Organisationsnummer"),
        ])?;
        for d in &q.suspected_duplicates {
            let lines: Vec<String> = d.lines.iter().map(u64::to_string).collect();
            s.row(&[
                text(&d.supplier),
                text(&d.date),
                Cell::Num(d.sek, &sek),
                Cell::Int(d.count),
                text(&lines.join(", ")),
                text(&d.supplier_id),
            ])?;
        }
    }
    if !report.skipped.errors.is_empty() {
        let mut s = Sheet::new(
            &mut workbook,
            "Ogiltiga rader",
            &["Rad", "Kolumn", "Kolumnnamn", "Värde", "Förväntat"],
            &bold,
        )?;
        for e in &report.skipped.errors {
            s.row(&[
                Cell::Int(e.line),
                Cell::Int(e.column as u64),
                text(&e.column_name),
                text(&e.value),
                text(&e.expected),
            ])?;
        }
    }
    workbook.save_to_buffer()
}
