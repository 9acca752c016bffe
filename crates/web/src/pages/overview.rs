//! Översikt: the organisation's purchase footprint over time, its largest
//! categories, how much is classified and the latest imports.

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use upphandla_core::date::Date;
use upphandla_formats::report::svg::{self, Bar, Chart};
use upphandla_store::{ImportSummary, OrgKind, Role};

use super::{Page, fmt, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::i18n::Texts;

pub static TEXTS: Texts = &[
    (
        "overview.chart_months_desc",
        "Stapeldiagram över beräknade utsläpp per månad. Samma siffror finns i tabellen under diagrammet.",
        "Column chart of estimated emissions per month. The table below the chart holds the same figures.",
    ),
    (
        "overview.chart_categories_desc",
        "Stapeldiagram över de kategorier som ger störst beräknade utsläpp, med osäkerhetsintervall. Samma siffror finns i tabellen.",
        "Bar chart of the categories with the largest estimated emissions, with uncertainty ranges. The table holds the same figures.",
    ),
    ("overview.category", "Kategori", "Category"),
    ("overview.import_name", "Import", "Import"),
    ("overview.uploaded", "Uppladdad", "Uploaded"),
    ("overview.rows", "Rader", "Rows"),
    (
        "overview.overlap",
        "Obs: flera importer innehåller samma månader, så summorna kan räkna samma inköp två gånger. Ta bort eller dela upp överlappande importer under Inköpsanalys.",
        "Note: several imports contain the same months, so the totals may count the same purchases twice. Remove or split overlapping imports under Spend analysis.",
    ),
    (
        "overview.method",
        "Utsläppen är beräknade från inköpsbelopp (utgiftsbaserad metod) med emissionsfaktorer per kategori; intervallet visar faktorernas osäkerhet. Se Emissionsfaktorer för källor.",
        "Emissions are estimated from spend (spend-based method) with an emission factor per category; the range shows the factors' uncertainty. See Emission factors for sources.",
    ),
    ("overview.range", "Intervall", "Range"),
    (
        "overview.shared_title",
        "Delat med samordnaren",
        "Shared with the coordinator",
    ),
    (
        "overview.shared_intro",
        "Importer som medlemsorganisationerna har valt att dela med er.",
        "Imports the member organisations have chosen to share with you.",
    ),
    ("overview.organisation", "Organisation", "Organisation"),
    ("overview.tonnes", "ton CO₂e", "tonnes CO₂e"),
    ("overview.kr", "kr", "SEK"),
    (
        "overview.followup_title",
        "Avtalsuppföljning",
        "Contract follow-up",
    ),
    (
        "overview.followup_mine",
        "Punkterna gäller dina roller.",
        "The items are those of your roles.",
    ),
    (
        "overview.results_link",
        "Resultat: vad upphandlingarna har sparat mot baslinjen",
        "Results: what the procurements saved against the baseline",
    ),
];

/// Contract follow-up at a glance: counts with links to the lists.
pub struct FollowupSummary {
    pub overdue: usize,
    pub due_soon: usize,
    pub open_deviations: usize,
    pub ending_soon: usize,
}

/// The person's roles' follow-up items (every role's for an admin, as on
/// /uppfoljning), the organisation's open deviations and contracts whose last
/// possible end is within six months.
async fn followup_summary(state: &AppState, ctx: &Ctx) -> AppResult<FollowupSummary> {
    let today = state.clock.today();
    let org = ctx.org_id();
    let items = if ctx.has(Role::Admin) {
        state.store.due_items(org, today, &[]).await?
    } else if ctx.roles.is_empty() {
        Vec::new()
    } else {
        state.store.due_items(org, today, &ctx.roles).await?
    };
    let overdue = items.iter().filter(|i| i.overdue).count();
    // Ending within 183 days from today (both days included), counted in SQL.
    let horizon = Date::from_days_since_epoch(i64::from(today.days_since_epoch()) + 183);
    let ending_soon = state
        .store
        .count_contracts_ending(org, today, horizon)
        .await?;
    Ok(FollowupSummary {
        overdue,
        due_soon: items.len() - overdue,
        open_deviations: state.store.open_deviations(org).await?.len(),
        ending_soon,
    })
}

pub fn router() -> Router<Arc<AppState>> {
    Router::new().route("/", get(overview))
}

pub struct MonthRow {
    pub month: String,
    pub spend: String,
    pub tonnes: String,
}

pub struct CategoryRow {
    pub id: String,
    pub name: String,
    pub spend: String,
    pub tonnes: String,
    pub range: String,
}

pub struct ImportLine {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub uploaded: String,
    pub rows: String,
    pub spend: String,
    pub tonnes: String,
    pub classified: String,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    page: Page,
    f: Arc<Figures>,
    imports: Vec<ImportLine>,
    shared: Vec<ImportLine>,
    /// The signed-in person's most urgent procurement tasks.
    tasks: Vec<super::procurements::TaskLine>,
    followup: FollowupSummary,
}

/// Everything on the page that follows from the imports' reports: computed
/// once per set of analyses and language, then reused (the page is read far
/// more often than imports change).
pub struct Figures {
    has_data: bool,
    total_spend: String,
    total_tonnes: String,
    total_range: String,
    share_classified: String,
    overlap: bool,
    months_chart: String,
    months: Vec<MonthRow>,
    categories_chart: String,
    categories: Vec<CategoryRow>,
}

/// The key a cached [`Figures`] is valid for: each import and when it was analysed.
pub type FiguresKey = (Vec<(i64, i64)>, crate::i18n::Lang);

#[derive(Default)]
struct Sums {
    ore: i64,
    kg: f64,
    kg_low: f64,
    kg_high: f64,
}

pub fn import_line(summary: &ImportSummary, organisation: &str) -> ImportLine {
    ImportLine {
        id: summary.id,
        name: summary.name.clone(),
        organisation: organisation.to_string(),
        uploaded: fmt::datetime(summary.uploaded_at),
        rows: fmt::decimal_sv(summary.rows as f64, 0),
        spend: fmt::sek_whole_sv(summary.total_ore),
        tonnes: fmt::tonnes_sv(summary.kg_co2e),
        classified: fmt::percent_sv(summary.share_classified),
    }
}

async fn overview(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    let lang = ctx.lang;
    let imports = state.imports.imports(&state.store, ctx.org_id()).await?;
    let key: FiguresKey = (
        imports.iter().map(|i| (i.id, i.analysed_at)).collect(),
        lang,
    );
    let f = match state.overviews.get(ctx.org_id(), &key) {
        Some(f) => f,
        None => {
            let f = Arc::new(figures(&state, &ctx, &imports).await?);
            state.overviews.put(ctx.org_id(), key, f.clone());
            f
        }
    };
    let mut shared = Vec::new();
    if ctx.org.kind == OrgKind::Samordnare || ctx.has(Role::Samordnare) {
        let members = state.store.coordinated_members(ctx.org_id()).await?;
        for summary in state.store.shared_imports(ctx.org_id()).await? {
            let name = members
                .iter()
                .find(|m| m.id == summary.org_id)
                .map_or("", |m| m.name.as_str());
            shared.push(import_line(&summary, name));
        }
    }
    let page = OverviewPage {
        page: Page::new(&ctx, "overview", lang.t("overview.title")),
        f,
        imports: imports
            .iter()
            .take(5)
            .map(|s| import_line(s, &ctx.org.name))
            .collect(),
        shared,
        tasks: super::procurements::task_lines(&state, &ctx)
            .await?
            .into_iter()
            .take(3)
            .collect(),
        followup: followup_summary(&state, &ctx).await?,
    };
    render(&page)
}

/// Sums the organisation's imports into the page's figures and charts.
async fn figures(state: &AppState, ctx: &Ctx, imports: &[ImportSummary]) -> AppResult<Figures> {
    let lang = ctx.lang;
    let mut total = Sums::default();
    let mut unclassified_ore = 0i64;
    let mut months: BTreeMap<String, (Sums, u32)> = BTreeMap::new();
    let mut categories: BTreeMap<String, (String, Sums)> = BTreeMap::new();
    for summary in imports {
        let report = state
            .reports
            .report(&state.store, ctx.org_id(), summary)
            .await?;
        total.ore += report.total.ore;
        total.kg += report.total.kg_co2e;
        total.kg_low += report.total.kg_co2e_low;
        total.kg_high += report.total.kg_co2e_high;
        unclassified_ore += (report.unclassified.sek * 100.0).round() as i64;
        for m in &report.months {
            let entry = months.entry(m.key.clone()).or_default();
            entry.0.ore += m.ore;
            entry.0.kg += m.kg_co2e;
            entry.1 += 1;
        }
        for c in &report.categories {
            let name = if lang == crate::i18n::Lang::En && !c.name_en.is_empty() {
                &c.name_en
            } else {
                &c.name
            };
            let entry = categories
                .entry(c.id.clone())
                .or_insert_with(|| (name.clone(), Sums::default()));
            entry.1.ore += c.ore;
            entry.1.kg += c.kg_co2e;
            entry.1.kg_low += c.kg_co2e_low;
            entry.1.kg_high += c.kg_co2e_high;
        }
    }
    let overlap = months.values().any(|(_, n)| *n > 1);
    let tonnes_unit = lang.t("overview.tonnes");

    let month_bars: Vec<Bar> = months
        .iter()
        .map(|(m, (s, _))| Bar::new(m.clone(), s.kg / 1000.0, fmt::decimal_sv(s.kg / 1000.0, 1)))
        .collect();
    let months_chart = if month_bars.is_empty() {
        String::new()
    } else {
        svg::columns(
            &Chart {
                english: lang == crate::i18n::Lang::En,
                id: "diagram-manader",
                title: lang.t("overview.by_month"),
                desc: lang.t("overview.chart_months_desc"),
                unit: tonnes_unit,
            },
            &month_bars,
        )
    };
    let month_rows = months
        .iter()
        .map(|(m, (s, _))| MonthRow {
            month: m.clone(),
            spend: fmt::sek_whole_sv(s.ore),
            tonnes: fmt::decimal_sv(s.kg / 1000.0, 1),
        })
        .collect();

    let mut top: Vec<(String, String, Sums)> = categories
        .into_iter()
        .map(|(id, (name, s))| (id, name, s))
        .collect();
    top.sort_by(|a, b| b.2.kg.total_cmp(&a.2.kg));
    top.truncate(10);
    let category_bars: Vec<Bar> = top
        .iter()
        .map(|(_, name, s)| {
            Bar::new(
                name.clone(),
                s.kg / 1000.0,
                fmt::decimal_sv(s.kg / 1000.0, 1),
            )
            .with_range(s.kg_low / 1000.0, s.kg_high / 1000.0)
        })
        .collect();
    let categories_chart = if category_bars.is_empty() {
        String::new()
    } else {
        svg::horizontal_bars(
            &Chart {
                english: lang == crate::i18n::Lang::En,
                id: "diagram-kategorier",
                title: lang.t("overview.top_categories"),
                desc: lang.t("overview.chart_categories_desc"),
                unit: tonnes_unit,
            },
            &category_bars,
        )
    };
    let category_rows = top
        .iter()
        .map(|(id, name, s)| CategoryRow {
            id: id.clone(),
            name: name.clone(),
            spend: fmt::sek_whole_sv(s.ore),
            tonnes: fmt::decimal_sv(s.kg / 1000.0, 1),
            range: format!(
                "{}–{}",
                fmt::decimal_sv(s.kg_low / 1000.0, 1),
                fmt::decimal_sv(s.kg_high / 1000.0, 1)
            ),
        })
        .collect();

    let share_classified = if total.ore == 0 {
        0.0
    } else {
        1.0 - unclassified_ore as f64 / total.ore as f64
    };
    Ok(Figures {
        has_data: !imports.is_empty(),
        total_spend: fmt::sek_whole_sv(total.ore),
        total_tonnes: fmt::tonnes_sv(total.kg),
        total_range: format!(
            "{}–{}",
            fmt::tonnes_sv(total.kg_low),
            fmt::tonnes_sv(total.kg_high)
        ),
        share_classified: fmt::percent_sv(share_classified),
        overlap,
        months_chart,
        months: month_rows,
        categories_chart,
        categories: category_rows,
    })
}
