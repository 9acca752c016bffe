//! Avtalstrohet: for one import, per category, how much of the spend went
//! to suppliers holding a contract in force on the invoice date (from the
//! organisation's contract register, /avtal), the share, and the suppliers
//! outside contracts. The matching is core::compliance's; the lines come
//! grouped by date, supplier and category from the store.
//!
//! Scoping: the import is loaded like the result page (the organisation's
//! own, or for a coordinator one a member has shared); the lines and the
//! contracts are then read with the import's own organisation id. A
//! coordinator sees the per-category figures only, not the supplier lists:
//! they would tell which suppliers a member has contracts with, and the
//! contract register is shared contract by contract.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use upphandla_core::compliance::{ComplianceBuilder, ContractTerm, SpendLine, SupplierSpend};
use upphandla_core::date::Date;
use upphandla_core::money::Ore;
use upphandla_formats::report::svg::{self, Bar, Chart};

use super::{Loaded, category_name, fill, import_id, load};
use crate::AppState;
use crate::auth::{Ctx, url_encode};
use crate::error::AppResult;
use crate::i18n::{Lang, Texts};
use crate::pages::{Page, fmt, render};

/// Bars in the chart; the table lists every category.
const CHART_BARS: usize = 15;
/// Suppliers in the overall list and per category.
const TOP_SUPPLIERS: usize = 20;
const TOP_PER_CATEGORY: usize = 10;

pub static TEXTS: Texts = &[
    ("comp.title", "Avtalstrohet", "Contract compliance"),
    (
        "comp.link",
        "Avtalstrohet: hur stor del av inköpen som görs hos leverantörer med avtal",
        "Contract compliance: how much of the spend goes to suppliers with a contract",
    ),
    (
        "comp.intro",
        "Andelen av inköpen i varje kategori som gick till leverantörer med ett avtal i kraft på fakturadatum, enligt organisationens avtalsregister. Köp utanför avtal betyder ofta att krav – också klimat- och energikrav – inte gäller, och visar var en upphandling kan behövas.",
        "The share of spend in each category that went to suppliers with a contract in force on the invoice date, according to the organisation's contract register. Buying outside contracts often means that requirements – climate and energy requirements too – do not apply, and shows where a procurement may be needed.",
    ),
    (
        "comp.back",
        "Tillbaka till resultatet",
        "Back to the result",
    ),
    (
        "comp.how",
        "Så matchas fakturor mot avtal",
        "How invoices are matched to contracts",
    ),
    (
        "comp.how_1",
        "Leverantör: samma organisationsnummer när både fakturaraden och avtalet har ett. Saknar någon av dem nummer jämförs namnen, efter att stora och små bokstäver, skiljetecken, extra mellanslag och orden AB, Aktiebolag och publ tagits bort. Två olika organisationsnummer matchar aldrig, hur lika namnen än är.",
        "Supplier: the same organisation number when both the invoice line and the contract have one. When either lacks a number, the names are compared after ignoring upper and lower case, punctuation, extra spaces and the words AB, Aktiebolag and publ. Two different organisation numbers never match, however alike the names.",
    ),
    (
        "comp.how_2",
        "Period: avtalet gäller från startdatum till och med slutdatum i registret. Utnyttjas en förlängning räknas den när slutdatumet i registret har flyttats. Rader utan datum räknas som utanför avtal.",
        "Period: the contract applies from its start date up to and including its end date in the register. An extension counts once the end date in the register has been moved. Lines without a date count as outside contracts.",
    ),
    (
        "comp.how_3",
        "Kategori: raden räknas som köp mot avtal när leverantörens avtal gäller radens kategori, eller när avtalet saknar kategori. Har leverantören avtal i kraft bara för andra kategorier redovisas beloppet för sig som ”avtalad leverantör, annan kategori” och räknas inte som köp mot avtal.",
        "Category: a line counts as spend under contract when the supplier's contract is for the line's category, or the contract has no category. When the supplier's contracts in force are all for other categories, the amount is reported apart as \"contracted supplier, other category\" and does not count as spend under contract.",
    ),
    (
        "comp.how_4",
        "Beloppen är netto: kreditfakturor minskar summorna. Andelen är köp mot avtal delat med kategorins totala inköp.",
        "Amounts are net: credit notes reduce the sums. The share is spend under contract divided by the category's total spend.",
    ),
    (
        "comp.contracts",
        "Avtal i registret som fakturorna jämfördes med: {n}.",
        "Contracts in the register the invoices were compared with: {n}.",
    ),
    (
        "comp.no_contracts",
        "Avtalsregistret är tomt, så alla inköp räknas som utanför avtal. Lägg in eller importera avtalen i avtalsregistret.",
        "The contract register is empty, so all spend counts as outside contracts. Add or import the contracts in the contract register.",
    ),
    ("comp.register", "Avtalsregistret", "The contract register"),
    ("comp.total", "Totalt", "Total"),
    (
        "comp.share_total",
        "Andel köp mot avtal, alla kategorier",
        "Share of spend under contract, all categories",
    ),
    (
        "comp.by_category",
        "Avtalstrohet per kategori",
        "Contract compliance by category",
    ),
    ("comp.col_category", "Kategori", "Category"),
    ("comp.col_spend", "Inköp (kr)", "Spend (SEK)"),
    ("comp.col_on", "Mot avtal (kr)", "Under contract (SEK)"),
    ("comp.col_share", "Andel mot avtal", "Share under contract"),
    (
        "comp.col_other",
        "Avtalad leverantör, annan kategori (kr)",
        "Contracted supplier, other category (SEK)",
    ),
    (
        "comp.col_off",
        "Utanför avtal (kr)",
        "Outside contracts (SEK)",
    ),
    ("comp.col_supplier", "Leverantör", "Supplier"),
    (
        "comp.col_orgnr",
        "Organisationsnummer",
        "Organisation number",
    ),
    ("comp.col_rows", "Rader", "Lines"),
    ("comp.col_note", "Anmärkning", "Note"),
    (
        "comp.had_contract",
        "har avtal i registret, men inget i kraft på fakturadatum",
        "has a contract in the register, but none in force on the invoice date",
    ),
    (
        "comp.chart_title",
        "Andel av inköpen som gjordes mot avtal, per kategori",
        "Share of spend under contract, by category",
    ),
    (
        "comp.chart_desc",
        "Liggande staplar, en per kategori med störst inköp först, som visar andelen köp mot avtal i procent. Högst andel: {top}, {value}. Samma siffror finns i tabellen nedan.",
        "Horizontal bars, one per category with the largest spend first, showing the share of spend under contract in percent. Highest share: {top}, {value}. The same figures are in the table below.",
    ),
    (
        "comp.top_off",
        "Största leverantörerna utanför avtal",
        "Largest suppliers outside contracts",
    ),
    (
        "comp.top_off_intro",
        "Inköp hos leverantörer utan avtal i kraft, alla kategorier, störst först. Kontrollera i avtalsregistret om avtalet saknas där eller om köpen borde ha gjorts hos en avtalad leverantör.",
        "Spend with suppliers without a contract in force, all categories, largest first. Check in the contract register whether the contract is missing there or the purchases should have been made from a contracted supplier.",
    ),
    (
        "comp.none_off",
        "Inga inköp utanför avtal.",
        "No spend outside contracts.",
    ),
    (
        "comp.per_category",
        "Leverantörer per kategori",
        "Suppliers by category",
    ),
    ("comp.off_in", "Utanför avtal", "Outside contracts"),
    (
        "comp.other_in",
        "Avtalad leverantör, annan kategori",
        "Contracted supplier, other category",
    ),
    (
        "comp.undated",
        "Varav rader utan datum: {amount} kr.",
        "Of which lines without a date: SEK {amount}.",
    ),
    (
        "comp.shared_view",
        "Du ser en medlemsorganisations delade inköpsanalys. Siffrorna per kategori är beräknade mot medlemmens avtalsregister; leverantörslistorna visas bara för medlemmen själv.",
        "You are viewing a member organisation's shared spend analysis. The figures per category are computed against the member's contract register; the supplier lists are shown to the member only.",
    ),
];

pub struct CategoryRow {
    pub id: String,
    pub name: String,
    pub spend: String,
    pub on: String,
    pub share: String,
    pub other: String,
    pub off: String,
    pub undated: String,
    pub off_suppliers: Vec<SupplierRow>,
    pub other_suppliers: Vec<SupplierRow>,
}

pub struct SupplierRow {
    pub name: String,
    pub orgnr: String,
    pub spend: String,
    pub rows: String,
    pub had_contract: bool,
    /// The lines behind the figure; empty when not shown.
    pub href: String,
}

#[derive(Template)]
#[template(path = "spend_compliance.html")]
struct CompliancePage {
    page: Page,
    id: i64,
    name: String,
    shared_view: bool,
    contracts_note: String,
    no_contracts: bool,
    total: String,
    total_on: String,
    total_other: String,
    total_off: String,
    total_share: String,
    chart: String,
    categories: Vec<CategoryRow>,
    top_off: Vec<SupplierRow>,
}

fn kr(o: Ore) -> String {
    fmt::sek_whole_sv(o.0)
}

fn share_text(share: Option<f64>) -> String {
    share.map(fmt::percent_sv).unwrap_or_else(|| "–".into())
}

fn supplier_row(s: &SupplierSpend, id: i64, category: Option<&str>, drill: bool) -> SupplierRow {
    let key = if s.supplier_id.is_empty() {
        &s.name
    } else {
        &s.supplier_id
    };
    SupplierRow {
        name: s.name.clone(),
        orgnr: s.orgnr.clone(),
        spend: kr(s.amount),
        rows: fmt::decimal_sv(s.lines as f64, 0),
        had_contract: s.has_contract,
        href: if drill {
            let mut href = format!("/spend/{id}/lines?supplier={}", url_encode(key));
            if let Some(c) = category {
                href.push_str(&format!("&category={}", url_encode(c)));
            }
            href
        } else {
            String::new()
        },
    }
}

pub(super) async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> AppResult<Response> {
    let id = import_id(&raw)?;
    let Loaded {
        summary,
        report,
        shared_view,
        ..
    } = load(&state, &ctx, id).await?;
    // `load` has checked that the import is the organisation's own or
    // shared with it; its lines and contracts are the import owner's.
    let owner = summary.org_id;
    let contracts = state.store.contracts(owner).await?;
    let terms: Vec<ContractTerm> = contracts
        .iter()
        .map(|c| ContractTerm {
            supplier_orgnr: c.supplier_orgnr.clone(),
            supplier_name: c.supplier_name.clone(),
            start: c.start_date,
            end: c.end_date,
            category: c.category.clone(),
        })
        .collect();
    let groups = state.store.spend_groups(owner, id).await?;
    let mut builder = ComplianceBuilder::new(&terms);
    for g in &groups {
        builder.add(&SpendLine {
            date: Date::parse_iso(&g.date),
            supplier_id: &g.supplier_id,
            supplier_name: &g.supplier_name,
            category: &g.category,
            amount: Ore(g.amount_ore),
            lines: g.lines.max(0) as u64,
        });
    }
    let result = builder.finish();
    let lang = ctx.lang;
    let drill = !shared_view;
    let lists = !shared_view;
    // A category's largest suppliers, listed only for the import's owner.
    let top = |suppliers: &[SupplierSpend], category: &str| -> Vec<SupplierRow> {
        if !lists {
            return Vec::new();
        }
        suppliers
            .iter()
            .take(TOP_PER_CATEGORY)
            .map(|s| supplier_row(s, id, Some(category), drill))
            .collect()
    };
    let categories: Vec<CategoryRow> = result
        .categories
        .iter()
        .map(|c| CategoryRow {
            id: c.category.clone(),
            name: category_name(&report, lang, &c.category).to_string(),
            spend: kr(c.total),
            on: kr(c.on_contract),
            share: share_text(c.share()),
            other: kr(c.other_category),
            off: kr(c.off_contract),
            undated: if c.undated.0 == 0 {
                String::new()
            } else {
                fill(lang.t("comp.undated"), &[("amount", &kr(c.undated))])
            },
            off_suppliers: top(&c.off_suppliers, &c.category),
            other_suppliers: top(&c.other_category_suppliers, &c.category),
        })
        .collect();
    let bars: Vec<Bar> = result
        .categories
        .iter()
        .filter_map(|c| {
            let share = c.share()?;
            Some(Bar::new(
                category_name(&report, lang, &c.category),
                share * 100.0,
                fmt::percent_sv(share),
            ))
        })
        .take(CHART_BARS)
        .collect();
    let chart = chart(lang, &bars);
    let top_off = if lists {
        result
            .off_suppliers
            .iter()
            .take(TOP_SUPPLIERS)
            .map(|s| supplier_row(s, id, None, drill))
            .collect()
    } else {
        Vec::new()
    };
    let template = CompliancePage {
        page: Page::new(
            &ctx,
            "spend",
            format!("{} – {}", lang.t("comp.title"), summary.name),
        ),
        id,
        name: summary.name.clone(),
        shared_view,
        contracts_note: fill(
            lang.t("comp.contracts"),
            &[("n", &fmt::decimal_sv(result.contracts as f64, 0))],
        ),
        no_contracts: result.contracts == 0,
        total: kr(result.total),
        total_on: kr(result.on_contract),
        total_other: kr(result.other_category),
        total_off: kr(result.off_contract),
        total_share: share_text(result.share()),
        chart,
        categories,
        top_off,
    };
    render(&template)
}

/// The bar chart of shares; empty without categories.
fn chart(lang: Lang, bars: &[Bar]) -> String {
    let Some(top) = bars.iter().max_by(|a, b| a.value.total_cmp(&b.value)) else {
        return String::new();
    };
    let desc = fill(
        lang.t("comp.chart_desc"),
        &[("top", &top.label), ("value", &top.text)],
    );
    svg::horizontal_bars(
        &Chart {
            english: lang == crate::i18n::Lang::En,
            id: "avtalstrohet-diagram",
            title: lang.t("comp.chart_title"),
            desc: &desc,
            unit: "%",
        },
        bars,
    )
}
