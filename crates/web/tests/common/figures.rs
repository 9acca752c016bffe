//! Shared by the results, good-example and baseline tests: activity factors
//! read straight from the CSV (not through the application's parser, so the
//! checks stay independent of the results code), element text by id, and
//! procurements stored with a plain baseline, a contract and supplier reports.

use upphandla_core::date::Date;
use upphandla_store::{
    Baseline, BaselineMethod, ContractInput, ContractSource, OrgId, ReportInput, Store,
};

use super::snippet;

/// One row of data/followup/activity_factors.csv, per reported unit.
pub struct HandFactor {
    pub kwh: f64,
    pub kg: f64,
    pub kg_low: f64,
    pub kg_high: f64,
}

/// The factor row of `metric`; panics when there is none or it has no CO2e.
pub fn hand_factor(metric: &str) -> HandFactor {
    let text = include_str!("../../../../data/followup/activity_factors.csv");
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        // The quoted source is the last column; the first ten have no commas.
        let cols: Vec<&str> = line.splitn(11, ',').collect();
        if cols[0] == metric {
            let n = |i: usize| {
                cols[i]
                    .parse::<f64>()
                    .unwrap_or_else(|_| panic!("{metric}: column {i} is {:?}", cols[i]))
            };
            return HandFactor {
                kwh: n(2),
                kg: n(5),
                kg_low: n(6),
                kg_high: n(7),
            };
        }
    }
    panic!("no factor row for {metric}");
}

pub fn date(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

/// The text of the element with `id` (up to its first `<`).
pub fn by_id<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no #{id} in {}", snippet(html)));
    let rest = &html[start + id.len() + 6..];
    &rest[..rest.find('<').unwrap()]
}

/// (period start, period end, values)
pub type Report = (&'static str, &'static str, Vec<(&'static str, f64)>);

/// Sets a baseline with no import or model behind it: the results count it
/// as one year with no range.
pub async fn set_plain_baseline(
    store: &Store,
    org: OrgId,
    procurement: i64,
    (method, kg_co2e, kwh): (BaselineMethod, f64, Option<f64>),
    note: String,
) {
    let source = match method {
        BaselineMethod::Spend => "import:0:fordon",
        BaselineMethod::Activity => "model:0:ref",
    };
    let baseline = Baseline {
        method,
        kg_co2e,
        kwh,
        spend: None,
        source: source.into(),
        note,
        set_by: None,
        set_at: 0,
    };
    assert!(
        store
            .set_baseline(org, procurement, &baseline)
            .await
            .unwrap()
    );
}

/// The contract's parties and period, for [`contract_with_reports`].
pub struct ContractParts<'a> {
    pub reference: &'a str,
    pub title: &'a str,
    pub supplier: &'a str,
    pub start: &'a str,
    pub end: &'a str,
}

/// Registers a contract (category fordon) for `procurement` and enters the
/// supplier `reports` against it; returns the contract id.
pub async fn contract_with_reports(
    store: &Store,
    org: OrgId,
    procurement: i64,
    parts: ContractParts<'_>,
    reports: Vec<Report>,
) -> i64 {
    let input = ContractInput {
        reference: parts.reference.into(),
        title: parts.title.into(),
        supplier_name: parts.supplier.into(),
        supplier_orgnr: String::new(),
        start_date: date(parts.start),
        end_date: date(parts.end),
        extension_months: 0,
        options_note: String::new(),
        value_ore: None,
        cpv: String::new(),
        category: "fordon".into(),
        manager_user_id: None,
        procurement_id: Some(procurement),
    };
    let contract = store
        .create_contract(org, &input, ContractSource::Manual, None, 1)
        .await
        .unwrap();
    for (start, end, values) in reports {
        let report = ReportInput {
            period_start: date(start),
            period_end: date(end),
            source: "form".into(),
            file_name: String::new(),
            note: String::new(),
            values: values.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        };
        store
            .create_report(org, contract, &report, None, 2)
            .await
            .unwrap()
            .unwrap();
    }
    contract
}
