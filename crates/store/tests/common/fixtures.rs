//! Rows several store test binaries start from.

use upphandla_core::date::Date;
use upphandla_store::{ContractInput, OrgId, OrgKind, Store};

/// A date from `YYYY-MM-DD`.
pub fn date(iso: &str) -> Date {
    Date::parse_iso(iso).unwrap()
}

/// Alfa kommun and Beta kommun: the organisation under test and the other
/// one that must see and change nothing of it.
pub async fn alfa_and_beta(store: &Store) -> (OrgId, OrgId) {
    let a = store
        .create_organisation("Alfa kommun", OrgKind::Kommun, "212000-0001", false)
        .await
        .unwrap();
    let b = store
        .create_organisation("Beta kommun", OrgKind::Kommun, "212000-0002", false)
        .await
        .unwrap();
    (a, b)
}

/// A two-year contract (2027–2028) without options, value, CPV, category,
/// manager or procurement; tests set what they look at.
pub fn contract_input(title: &str) -> ContractInput {
    ContractInput {
        reference: "KS 2027/1".into(),
        title: title.into(),
        supplier_name: "Exempel Transport AB".into(),
        supplier_orgnr: "556677-8899".into(),
        start_date: date("2027-01-01"),
        end_date: date("2028-12-31"),
        extension_months: 0,
        options_note: String::new(),
        value_ore: None,
        cpv: String::new(),
        category: String::new(),
        manager_user_id: None,
        procurement_id: None,
    }
}
