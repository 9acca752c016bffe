// Amounts are written as kronor_öre (100_000_00 = 100 000,00 SEK).
#![allow(clippy::inconsistent_digit_grouping)]

use upphandla_core::classify::ClassifierBuilder;
use upphandla_core::date::Date;
use upphandla_core::factors::{FactorSet, SpendFactor};
use upphandla_core::ledger::{LedgerLine, LedgerSink, RowError};
use upphandla_core::money::Ore;
use upphandla_core::spend::{SpendEngine, SpendReport, finish};

fn engine() -> SpendEngine {
    let mut b = ClassifierBuilder::new();
    b.category("food", "Livsmedel", "Food");
    b.account("4010", "food", "konto.csv:2").unwrap();
    b.account("5600-5699", "transport", "konto.csv:3").unwrap();
    b.keyword("diesel", "fuel", "kw.csv:2").unwrap();
    let mut f = FactorSet::new("test");
    for (cat, v, lo, hi) in [
        ("food", 0.5, 0.25, 1.0),
        ("transport", 0.2, 0.2, 0.2),
        ("fuel", 2.0, 1.0, 3.0),
    ] {
        f.insert(SpendFactor {
            category: cat.into(),
            name: cat.into(),
            kg_co2e_per_sek: v,
            source: "test".into(),
            year: Some(2022),
            low: Some(lo),
            high: Some(hi),
        });
    }
    SpendEngine::new(b.build().unwrap(), f)
}

struct Row {
    line: u64,
    date: Option<Date>,
    unit: &'static str,
    account: &'static str,
    id: &'static str,
    name: &'static str,
    ore: i64,
    text: &'static str,
}

fn rows() -> Vec<Row> {
    let d = |m, day| Date::new(2025, m, day);
    let r = |line, date, unit, account, id, name, ore, text| Row {
        line,
        date,
        unit,
        account,
        id,
        name,
        ore,
        text,
    };
    vec![
        r(
            2,
            d(1, 5),
            "Skola",
            "4010",
            "556000-0001",
            "Mat AB",
            100_000_00,
            "",
        ),
        r(
            3,
            d(1, 5),
            "Skola",
            "4010",
            "556000-0001",
            "Mat AB",
            100_000_00,
            "",
        ), // duplicate of line 2
        r(
            4,
            d(2, 1),
            "Skola",
            "4010",
            "556000-0002",
            "Gröna Kök AB",
            10_000_00,
            "",
        ),
        r(
            5,
            d(2, 1),
            "Vård",
            "4010",
            "556000-0003",
            "Bageri AB",
            5_000_00,
            "",
        ),
        r(6, d(2, 3), "Vård", "5611", "", "Buss & Co", 50_000_50, ""),
        r(
            7,
            d(3, 1),
            "Vård",
            "5611",
            "",
            "Buss & Co",
            -5_000_25,
            "kreditnota",
        ),
        r(
            8,
            d(3, 2),
            "Teknik",
            "7000",
            "556000-0004",
            "Tank AB",
            20_000_00,
            "Diesel mars",
        ),
        r(
            9,
            None,
            "Teknik",
            "7999",
            "556000-0005",
            "Okänd AB",
            1_234_56,
            "övrigt",
        ),
        r(
            10,
            d(1, 5),
            "Skola",
            "4010",
            "556000-0001",
            "Mat AB",
            100_000_00,
            "",
        ), // third copy
    ]
}

fn feed(sink: &mut impl LedgerSink, row: &Row) {
    sink.line(&LedgerLine {
        date: row.date,
        unit: row.unit,
        account: row.account,
        supplier_id: row.id,
        supplier_name: row.name,
        amount: Ore(row.ore),
        text: row.text,
        ..LedgerLine::empty(row.line)
    });
}

#[test]
fn totals_categories_and_quality_are_exact() {
    let engine = engine();
    let mut accs = engine.accumulators(1, 10);
    for row in rows() {
        feed(&mut accs[0], &row);
    }
    let report = finish(accs, 10);
    let total_ore: i64 = rows().iter().map(|r| r.ore).sum();
    assert_eq!(report.total.ore, total_ore);
    assert_eq!(report.total.rows, 9);
    assert_eq!(report.total.sek, 381_234.81);

    let cat = |id: &str| report.categories.iter().find(|c| c.id == id).unwrap();
    assert_eq!(cat("food").ore, 315_000_00);
    assert_eq!(cat("food").name, "Livsmedel");
    assert!((cat("food").kg_co2e - 315_000.0 * 0.5).abs() < 1e-6);
    assert!((cat("food").kg_co2e_low - 315_000.0 * 0.25).abs() < 1e-6);
    assert_eq!(cat("transport").ore, 45_000_25);
    assert_eq!(cat("fuel").ore, 20_000_00);
    assert_eq!(cat("unclassified").ore, 1_234_56);
    assert_eq!(cat("unclassified").kg_co2e, 0.0);
    // Sorted by emissions: food 157 500 kg, fuel 40 000, transport 9 000.
    let order: Vec<&str> = report.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(order, ["food", "fuel", "transport", "unclassified"]);

    // Food: Mat AB has 300 000 of 315 000 (95 %) → one supplier makes up 80 %.
    assert_eq!(cat("food").suppliers, 3);
    assert_eq!(cat("food").suppliers_for_80_percent, 1);
    assert_eq!(cat("food").long_tail_sek, 15_000.0);

    assert_eq!(report.unclassified.rows, 1);
    assert!((report.unclassified.share_of_rows - 1.0 / 9.0).abs() < 1e-12);

    let q = &report.data_quality;
    assert_eq!((q.rows_without_orgnr, q.sek_without_orgnr), (2, 45_000.25));
    assert_eq!(q.rows_without_date, 1);
    assert_eq!((q.credit_note_rows, q.credit_note_sek), (1, -5_000.25));
    assert_eq!(q.suspected_duplicate_groups, 1);
    assert_eq!(q.suspected_duplicate_rows, 2);
    assert_eq!(q.suspected_duplicate_sek, 200_000.0);
    assert_eq!(q.suspected_duplicates[0].lines, vec![3, 10]);
    assert_eq!(q.suspected_duplicates[0].count, 3);

    // Each rule that fired, with its origin.
    let rule = |origin: &str| report.rules.iter().find(|r| r.origin == origin).unwrap();
    assert_eq!(rule("konto.csv:2").rows, 5);
    assert_eq!(rule("konto.csv:3").rows, 2);
    assert_eq!(rule("kw.csv:2").rows, 1);

    assert_eq!(report.supplier_count, 6);
    assert_eq!(report.suppliers[0].name, "Mat AB");
    assert_eq!(
        report
            .months
            .iter()
            .map(|m| m.key.as_str())
            .collect::<Vec<_>>(),
        ["2025-01", "2025-02", "2025-03"]
    );
}

#[test]
fn parallel_accumulators_merge_to_the_same_report() {
    let engine = engine();
    let mut single = engine.accumulators(1, 10);
    for row in rows() {
        feed(&mut single[0], &row);
    }
    let expected = finish(single, 10);
    for split in 0..rows().len() {
        let mut accs = engine.accumulators(2, 10);
        for (i, row) in rows().iter().enumerate() {
            feed(&mut accs[(i >= split) as usize], row);
        }
        let report = finish(accs, 10);
        // Money is exact whatever the split; kg are float sums in another order.
        assert_eq!(
            (report.total.ore, report.total.rows),
            (expected.total.ore, expected.total.rows)
        );
        assert!((report.total.kg_co2e_high - expected.total.kg_co2e_high).abs() < 1e-6);
        assert_eq!(report.categories.len(), expected.categories.len());
        for (a, b) in report.categories.iter().zip(&expected.categories) {
            assert_eq!(
                (a.ore, a.rows, a.suppliers_for_80_percent),
                (b.ore, b.rows, b.suppliers_for_80_percent)
            );
            assert!((a.kg_co2e - b.kg_co2e).abs() < 1e-6);
        }
        assert_eq!(
            report.data_quality, expected.data_quality,
            "split at {split}"
        );
        assert_eq!(report.suppliers, expected.suppliers);
    }
}

#[test]
fn invalid_rows_are_counted_with_their_sum() {
    let engine = engine();
    let mut accs = engine.accumulators(1, 10);
    for (line, amount) in [(7, Some(Ore(150))), (3, None), (5, Some(Ore(-50)))] {
        accs[0].invalid(RowError {
            line,
            column: 2,
            column_name: "datum".into(),
            value: "x".into(),
            expected: "ett datum".into(),
            amount,
        });
    }
    let report = finish(accs, 10);
    assert_eq!(report.skipped.rows, 3);
    assert_eq!(report.skipped.sek, 1.0);
    assert_eq!(report.skipped.rows_without_readable_amount, 1);
    assert_eq!(
        report
            .skipped
            .errors
            .iter()
            .map(|e| e.line)
            .collect::<Vec<_>>(),
        [3, 5, 7]
    );
}

#[test]
fn many_lines_find_every_duplicate_exactly() {
    // 200 000 distinct lines plus 1 000 exact repeats: no false positives despite the filter.
    let engine = engine();
    let mut accs = engine.accumulators(2, 201_000);
    let names: Vec<String> = (0..500).map(|i| format!("Lev {i}")).collect();
    let date = Date::new(2025, 6, 1).unwrap();
    for i in 0..201_000u64 {
        let n = if i < 200_000 { i } else { (i - 200_000) * 7 };
        let line = LedgerLine {
            date: Some(date),
            account: "4010",
            supplier_name: &names[(n % 500) as usize],
            amount: Ore(n as i64 + 1),
            ..LedgerLine::empty(i + 2)
        };
        accs[(i % 2) as usize].line(&line);
    }
    let q = finish(accs, 5).data_quality;
    assert_eq!(q.suspected_duplicate_groups, 1_000);
    assert_eq!(q.suspected_duplicate_rows, 1_000);
    let expected: i64 = (0..1000i64).map(|k| k * 7 + 1).sum();
    assert_eq!(q.suspected_duplicate_sek, expected as f64 / 100.0);
}

/// The web application stores a report as JSON and reads it back.
#[test]
fn report_round_trips_through_json() {
    let engine = engine();
    let mut accs = engine.accumulators(1, 10);
    for row in rows() {
        feed(&mut accs[0], &row);
    }
    accs[0].invalid(RowError {
        line: 11,
        column: 3,
        column_name: "belopp".into(),
        value: "12,3,4".into(),
        expected: "ett belopp".into(),
        amount: Some(Ore(99)),
    });
    let report = finish(accs, 10);
    assert!(!report.rules.is_empty() && !report.skipped.errors.is_empty());
    assert!(report.categories.iter().any(|c| c.factor.is_some()));
    let json = serde_json::to_string(&report).unwrap();
    let back: SpendReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    assert_eq!(back.rules[0].kind.name_sv(), back.rules[0].kind_name);
    // The name follows from the kind, whatever the stored text says.
    let edited = json.replacen("\"kind_name\":\"", "\"kind_name\":\"x", 1);
    let back: SpendReport = serde_json::from_str(&edited).unwrap();
    assert_eq!(back, report);
}
