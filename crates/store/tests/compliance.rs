//! The grouped read behind avtalstrohet, on SQLite and PostgreSQL: lines of
//! the same date, supplier and category are summed (net, credit notes
//! included) and counted; lines without a date form their own group; a
//! large sum stays an integer on PostgreSQL; another organisation gets
//! nothing.

#[macro_use]
mod common;

use upphandla_store::{ImportMeta, ImportTotals, LineRecord, OrgId, OrgKind, SpendGroup, Store};

on_both_backends!(groups_sum_and_count_per_day_supplier_and_category);

fn line(no: i64, date: &str, id: &str, name: &str, category: &str, ore: i64) -> LineRecord {
    LineRecord {
        line_no: no,
        date: date.into(),
        supplier_id: id.into(),
        supplier_name: name.into(),
        category: category.into(),
        amount_ore: ore,
        ..LineRecord::default()
    }
}

async fn import(store: &Store, org: OrgId, lines: &[LineRecord]) -> i64 {
    let meta = ImportMeta {
        name: "Reskontra".into(),
        file_name: "r.csv".into(),
        format: "csv".into(),
        uploaded_by: None,
        demo: false,
    };
    let mut w = store.begin_import(org, &meta, b"x").await.unwrap();
    w.add_lines(lines).await.unwrap();
    w.finish(
        ImportTotals {
            rows: lines.len() as i64,
            total_ore: lines.iter().map(|l| l.amount_ore).sum(),
            ..ImportTotals::default()
        },
        "{}",
        "{}",
    )
    .await
    .unwrap()
}

async fn groups_sum_and_count_per_day_supplier_and_category(store: &Store) {
    let a = store
        .create_organisation("A kommun", OrgKind::Kommun, "", false)
        .await
        .unwrap();
    let b = store
        .create_organisation("B kommun", OrgKind::Kommun, "", false)
        .await
        .unwrap();
    // Above 2^31 öre in one group: the sum must stay a 64-bit integer.
    let big = 3_000_000_000_i64;
    let lines = [
        line(1, "2025-03-01", "556000-0001", "A AB", "food", 10_000),
        line(2, "2025-03-01", "556000-0001", "A AB", "food", -2_500),
        line(3, "2025-03-01", "556000-0001", "A AB", "fuels", 700),
        line(4, "2025-03-02", "556000-0001", "A AB", "food", 100),
        line(5, "", "", "Utan datum HB", "food", 50),
        line(6, "2025-04-01", "", "Stor AB", "construction", big),
        line(7, "2025-04-01", "", "Stor AB", "construction", big),
    ];
    let id = import(store, a, &lines).await;
    let mut groups = store.spend_groups(a, id).await.unwrap();
    groups.sort_by(|x, y| (&x.date, &x.category).cmp(&(&y.date, &y.category)));
    let g = |date: &str, id: &str, name: &str, category: &str, amount_ore: i64, lines: i64| {
        SpendGroup {
            date: date.into(),
            supplier_id: id.into(),
            supplier_name: name.into(),
            category: category.into(),
            amount_ore,
            lines,
        }
    };
    assert_eq!(
        groups,
        [
            g("", "", "Utan datum HB", "food", 50, 1),
            g("2025-03-01", "556000-0001", "A AB", "food", 7_500, 2),
            g("2025-03-01", "556000-0001", "A AB", "fuels", 700, 1),
            g("2025-03-02", "556000-0001", "A AB", "food", 100, 1),
            g("2025-04-01", "", "Stor AB", "construction", 2 * big, 2),
        ]
    );
    // Scoped by organisation: B gets nothing for A's import.
    assert!(store.spend_groups(b, id).await.unwrap().is_empty());
    assert!(store.spend_groups(a, id + 1000).await.unwrap().is_empty());
}
