//! The terminal report: readable in 100 columns, Swedish number formatting.

use std::fmt::Write;

use upphandla_core::spend::{GroupResult, SpendReport};

use super::{ReportMeta, decimal_sv, percent_sv, sek_sv, sek_whole_sv, tonnes_sv};

const TOP_ROWS: usize = 10;

pub fn render_table(report: &SpendReport, meta: &ReportMeta) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_table(&mut out, report, meta);
    out
}

fn write_table(out: &mut String, r: &SpendReport, meta: &ReportMeta) -> std::fmt::Result {
    writeln!(out, "{}", meta.title)?;
    writeln!(out, "{}", "=".repeat(meta.title.chars().count()))?;
    if meta.demo {
        writeln!(
            out,
            "DEMODATA: syntetiska siffror för en påhittad kommun, inte verkliga uppgifter."
        )?;
    }
    for input in &meta.inputs {
        writeln!(
            out,
            "Indata:        {} ({}, {} rader; {})",
            input.path, input.format, input.rows, input.detail
        )?;
    }
    for file in &meta.rule_files {
        writeln!(out, "Regelfil:      {file}")?;
    }
    writeln!(out, "Faktorer:      {}", r.factor_set)?;
    writeln!(out)?;
    writeln!(
        out,
        "Total inköpsvolym:  {} kr (exkl. moms, {} rader)",
        sek_sv(r.total.ore),
        r.total.rows
    )?;
    writeln!(
        out,
        "Utsläpp:            {} t CO2e (intervall {}–{} t)",
        tonnes_sv(r.total.kg_co2e),
        tonnes_sv(r.total.kg_co2e_low),
        tonnes_sv(r.total.kg_co2e_high)
    )?;
    writeln!(
        out,
        "Oklassificerat:     {} av beloppet, {} av raderna (räknas som 0 t)",
        percent_sv(r.unclassified.share_of_spend),
        percent_sv(r.unclassified.share_of_rows)
    )?;
    writeln!(out)?;

    writeln!(out, "Kategorier (störst utsläpp först)")?;
    let mut rows = vec![vec![
        "Kategori".to_string(),
        "Belopp, kr".into(),
        "t CO2e".into(),
        "Intervall, t".into(),
        "Andel kr".into(),
        "Andel CO2e".into(),
        "Lev.".into(),
        "80 %".into(),
    ]];
    for c in &r.categories {
        rows.push(vec![
            c.name.clone(),
            sek_whole_sv(c.ore),
            if c.factor.is_some() {
                tonnes_sv(c.kg_co2e)
            } else {
                "ingen faktor".into()
            },
            if c.factor.is_some() {
                format!("{}–{}", tonnes_sv(c.kg_co2e_low), tonnes_sv(c.kg_co2e_high))
            } else {
                String::new()
            },
            percent_sv(c.share_of_spend),
            percent_sv(c.share_of_emissions),
            c.suppliers.to_string(),
            c.suppliers_for_80_percent.to_string(),
        ]);
    }
    write_columns(out, &rows)?;
    writeln!(
        out,
        "(Lev. = leverantörer med positivt belopp; 80 % = så många leverantörer står för 80 % av beloppet.)"
    )?;
    let without_factor: Vec<&str> = r
        .categories
        .iter()
        .filter(|c| c.factor.is_none())
        .map(|c| c.name.as_str())
        .collect();
    if !without_factor.is_empty() {
        writeln!(
            out,
            "Utan emissionsfaktor (räknas som 0 t, så utsläppen underskattas): {}. Ange egna faktorer med --factors.",
            without_factor.join(", ")
        )?;
    }
    writeln!(out)?;

    writeln!(out, "Största leverantörer (av {})", r.supplier_count)?;
    write_groups(out, &r.suppliers, true)?;
    writeln!(out)?;
    writeln!(out, "Enheter")?;
    write_groups(out, &r.units, false)?;
    writeln!(out)?;
    writeln!(out, "Månader")?;
    write_groups(out, &r.months, false)?;
    writeln!(out)?;

    let q = &r.data_quality;
    writeln!(out, "Datakvalitet")?;
    writeln!(
        out,
        "  Rader utan organisationsnummer: {} ({} kr)",
        q.rows_without_orgnr,
        decimal_sv(q.sek_without_orgnr, 2)
    )?;
    writeln!(
        out,
        "  Rader utan datum:               {}",
        q.rows_without_date
    )?;
    writeln!(
        out,
        "  Kreditnotor (negativa belopp):  {} ({} kr)",
        q.credit_note_rows,
        decimal_sv(q.credit_note_sek, 2)
    )?;
    if q.duplicates_checked {
        writeln!(
            out,
            "  Misstänkta dubbletter:          {} grupper, {} extra rader ({} kr) – samma leverantör, belopp och datum",
            q.suspected_duplicate_groups,
            q.suspected_duplicate_rows,
            decimal_sv(q.suspected_duplicate_sek, 2)
        )?;
    } else {
        writeln!(
            out,
            "  Misstänkta dubbletter:          inte kontrollerat (--no-duplicate-check)"
        )?;
    }
    for d in q.suspected_duplicates.iter().take(5) {
        let lines: Vec<String> = d.lines.iter().map(u64::to_string).collect();
        writeln!(
            out,
            "    {} {} {} {} kr ×{} (rad {})",
            d.date,
            d.supplier,
            d.supplier_id,
            decimal_sv(d.sek, 2),
            d.count,
            lines.join(", ")
        )?;
    }
    if r.skipped.rows > 0 {
        writeln!(
            out,
            "  Hoppade över ogiltiga rader:    {} ({} kr; {} utan läsbart belopp)",
            r.skipped.rows,
            decimal_sv(r.skipped.sek, 2),
            r.skipped.rows_without_readable_amount
        )?;
    }
    writeln!(out)?;

    writeln!(out, "Så klassificerades raderna (vanligaste reglerna)")?;
    let mut rows = vec![vec![
        "Regel".to_string(),
        "Mönster".into(),
        "Kategori".into(),
        "Källa".into(),
        "Rader".into(),
    ]];
    for rule in r.rules.iter().take(TOP_ROWS) {
        rows.push(vec![
            rule.kind_name.to_string(),
            rule.pattern.clone(),
            rule.category.clone(),
            rule.origin.clone(),
            rule.rows.to_string(),
        ]);
    }
    write_columns(out, &rows)?;
    if r.rules.len() > TOP_ROWS {
        writeln!(
            out,
            "… och {} regler till (--format json eller --lines FIL visar alla).",
            r.rules.len() - TOP_ROWS
        )?;
    }
    Ok(())
}

fn write_groups(out: &mut String, groups: &[GroupResult], with_id: bool) -> std::fmt::Result {
    let mut rows = vec![vec![
        "Namn".to_string(),
        "Belopp, kr".into(),
        "t CO2e".into(),
        "Andel kr".into(),
        "Rader".into(),
    ]];
    for g in groups.iter().take(if with_id { TOP_ROWS } else { 24 }) {
        let name = match (with_id, g.key.is_empty(), g.name.is_empty()) {
            (_, true, true) => "(saknas)".to_string(),
            (true, false, false) => format!("{} ({})", g.name, g.key),
            (_, _, false) => g.name.clone(),
            (_, false, true) => g.key.clone(),
        };
        rows.push(vec![
            name,
            sek_whole_sv(g.ore),
            tonnes_sv(g.kg_co2e),
            percent_sv(g.share_of_spend),
            g.rows.to_string(),
        ]);
    }
    write_columns(out, &rows)
}

/// Left-aligned first column, right-aligned numbers; widths by character count.
fn write_columns(out: &mut String, rows: &[Vec<String>]) -> std::fmt::Result {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
                .min(48)
        })
        .collect();
    for row in rows {
        out.push_str("  ");
        for (c, cell) in row.iter().enumerate() {
            let cell: String = if cell.chars().count() > widths[c] {
                cell.chars()
                    .take(widths[c].saturating_sub(1))
                    .chain(['…'])
                    .collect()
            } else {
                cell.clone()
            };
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                write!(out, "{cell}{}", " ".repeat(pad))?;
            } else {
                write!(out, "  {}{cell}", " ".repeat(pad))?;
            }
        }
        out.push('\n');
    }
    Ok(())
}
