//! Emissionsfaktorer: the factor set the analysis uses (the shipped screening
//! factors, with the organisation's own file laid over them category by
//! category), each with source, year and range; and the own file, edited as
//! text or uploaded, checked before it is saved.

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use upphandla_core::factors::{FactorSet, SpendFactor};
use upphandla_formats::maps;
use upphandla_store::RuleFileKind;

use super::spend::{RULE_FILE_LIMIT, audit, catalogue, check_rules, normalise};
use super::{Page, fmt, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Texts};

pub static TEXTS: Texts = &[
    ("factors.title", "Emissionsfaktorer", "Emission factors"),
    (
        "factors.intro",
        "Inköpsanalysen räknar utsläpp som belopp (kronor exklusive moms) gånger en emissionsfaktor i kg CO₂e per krona för inköpets kategori. Här ser du vilka faktorer som används, var de kommer ifrån och hur osäkra de är.",
        "The spend analysis computes emissions as amount (SEK excluding VAT) times an emission factor in kg CO₂e per krona for the purchase's category. This page shows which factors are used, where they come from and how uncertain they are.",
    ),
    (
        "factors.honest_title",
        "Standardfaktorerna är en grov uppskattning",
        "The default factors are a rough estimate",
    ),
    (
        "factors.honest",
        "Standardfaktorerna kommer från US EPA:s Supply Chain GHG Emission Factors v1.3 (amerikanska leverantörskedjor och amerikansk elmix, 2022 års priser), omräknade till kronor med 10,1245 SEK/USD. De är en screeningskattning: de visar var i inköpen utsläppen sannolikt finns, men de är inte svenska siffror och mäter inte effekten av klimatsmarta val. Intervallet (låg–hög) är spridningen mellan de sektorer som ingår i kategorin, inte ett konfidensintervall. El saknar standardfaktor och räknas som 0 kg.",
        "The default factors come from the US EPA Supply Chain GHG Emission Factors v1.3 (US supply chains and US electricity mix, 2022 prices), converted to kronor at 10.1245 SEK/USD. They are a screening estimate: they show where in the purchases the emissions probably are, but they are not Swedish figures and do not measure the effect of climate-smart choices. The range (low–high) is the spread between the sectors in the category, not a confidence interval. Electricity has no default factor and counts as 0 kg.",
    ),
    (
        "factors.own_advice",
        "Har ni svenska eller egna faktorer (t.ex. leverantörens miljövärde för fjärrvärme, eller en elfaktor räknad som kg CO₂e per kWh delat med pris per kWh), lägg in dem som organisationens egen faktorfil nedan. En rad i den egna filen ersätter standardfaktorn för just den kategorin; övriga kategorier behåller standardvärdet.",
        "If you have Swedish or your own factors (e.g. the supplier's environmental value for district heating, or an electricity factor computed as kg CO₂e per kWh divided by price per kWh), add them as the organisation's own factor file below. A row in your own file replaces the default factor for that category only; other categories keep the default.",
    ),
    (
        "factors.method_link",
        "Metodbeskrivningen (docs/method.md) förklarar omräkningen och begränsningarna.",
        "The method description (docs/method.md) explains the conversion and the limitations.",
    ),
    ("factors.in_use", "Faktorer som används", "Factors in use"),
    ("factors.label", "Uppsättning", "Set"),
    ("factors.col_category", "Kategori", "Category"),
    ("factors.col_id", "Id", "Id"),
    ("factors.col_factor", "Faktor", "Factor"),
    ("factors.col_range", "Låg–hög", "Low–high"),
    ("factors.col_unit", "Enhet", "Unit"),
    ("factors.col_source", "Källa", "Source"),
    ("factors.col_year", "År", "Year"),
    ("factors.col_set", "Ursprung", "Origin"),
    ("factors.unit", "kg CO₂e/kr", "kg CO₂e/SEK"),
    ("factors.default", "standard", "default"),
    ("factors.own", "egen", "own"),
    ("factors.replaces", "ersätter standard", "replaces default"),
    ("factors.none", "ingen faktor (0 kg)", "no factor (0 kg)"),
    (
        "factors.own_title",
        "Organisationens egna faktorer",
        "The organisation's own factors",
    ),
    (
        "factors.own_none",
        "Organisationen har ingen egen faktorfil; standardfaktorerna används för alla kategorier.",
        "The organisation has no factor file of its own; the default factors are used for every category.",
    ),
    (
        "factors.format",
        "Format: en rad per kategori med kolumnerna kategori;namn;kg_co2e_per_sek och valfritt källa;år;låg;hög (engelska rubriker category,name,kg_co2e_per_sek,source,year,low,high går också). Separator semikolon, komma eller tabb; decimalkomma eller decimalpunkt. Faktorn ska vara ≥ 0 och låg ≤ faktor ≤ hög. Kategorin är ett kategori-id (se listan under Regler för klassificering); ett nytt id blir en ny kategori.",
        "Format: one row per category with the columns kategori;namn;kg_co2e_per_sek and optionally källa;år;låg;hög (English headers category,name,kg_co2e_per_sek,source,year,low,high also work). Separator semicolon, comma or tab; decimal comma or point. The factor must be ≥ 0 and low ≤ factor ≤ high. The category is a category id (see the list under Classification rules); a new id becomes a new category.",
    ),
    ("factors.example", "Exempel:", "Example:"),
    (
        "factors.edit_label",
        "Egen faktorfil (text)",
        "Own factor file (text)",
    ),
    (
        "factors.save",
        "Kontrollera och spara faktorfilen",
        "Check and save the factor file",
    ),
    (
        "factors.upload_label",
        "Eller ladda upp en faktorfil (CSV)",
        "Or upload a factor file (CSV)",
    ),
    ("factors.upload", "Ladda upp och spara", "Upload and save"),
    (
        "factors.empty_hint",
        "Töm rutan och spara för att ta bort den egna filen och gå tillbaka till standardfaktorerna.",
        "Empty the box and save to remove the own file and return to the default factors.",
    ),
    (
        "factors.not_saved",
        "Faktorfilen sparades inte. Rätta felen (fil, rad och kolumn anges) och försök igen:",
        "The factor file was not saved. Correct the errors (file, line and column are given) and try again:",
    ),
    (
        "factors.saved",
        "Faktorfilen är sparad. Den används i nya importer; kör befintliga importer igen för att räkna om dem.",
        "The factor file is saved. New imports use it; run existing imports again to recompute them.",
    ),
    (
        "factors.reanalyse_all",
        "Kör alla importer igen",
        "Run all imports again",
    ),
    (
        "factors.no_file",
        "Ingen fil valdes.",
        "No file was chosen.",
    ),
    ("factors.updated", "Senast ändrad", "Last changed"),
];

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/factors", get(page).post(save))
        .route("/factors/upload", post(upload))
}

const EXAMPLE: &str = "kategori;namn;kg_co2e_per_sek;källa;år;låg;hög\n\
district_heating;Fjärrvärme;0,021;Leverantörens miljövärde 2024 omräknat till kr;2024;0,015;0,030\n\
electricity;El;0,012;Residualmix 2024 / genomsnittspris per kWh;2024;;";

/// The own file's name in errors and sources (as the analysis names it).
const OWN_FILE: &str = "faktorer";

pub struct FactorRow {
    pub id: String,
    pub name: String,
    pub value: String,
    pub range: String,
    pub source: String,
    pub year: String,
    pub own: bool,
    /// The default value an own factor replaces.
    pub replaces: String,
}

#[derive(Template)]
#[template(path = "factors.html")]
struct FactorsPage {
    page: Page,
    label: String,
    rows: Vec<FactorRow>,
    has_own: bool,
    content: String,
    updated: String,
    errors: Vec<String>,
    saved: bool,
    imports: usize,
    example: &'static str,
}

fn text(value: f64) -> String {
    fmt::decimal_sv(value, 4)
}

fn row(
    id: &str,
    name: String,
    f: Option<&SpendFactor>,
    own: bool,
    replaces: Option<&SpendFactor>,
    lang: Lang,
) -> FactorRow {
    match f {
        Some(f) => {
            let (low, high) = f.bounds();
            FactorRow {
                id: id.to_string(),
                name,
                value: text(f.kg_co2e_per_sek),
                range: format!("{}–{}", text(low), text(high)),
                source: f.source.clone(),
                year: f.year.map(|y| y.to_string()).unwrap_or_default(),
                own,
                replaces: replaces
                    .map(|d| text(d.kg_co2e_per_sek))
                    .unwrap_or_default(),
            }
        }
        None => FactorRow {
            id: id.to_string(),
            name,
            value: lang.t("factors.none").to_string(),
            range: String::new(),
            source: String::new(),
            year: String::new(),
            own: false,
            replaces: String::new(),
        },
    }
}

/// Every catalogue category with the factor in use, then own categories
/// the catalogue lacks.
fn rows(defaults: &FactorSet, own: Option<&FactorSet>, lang: Lang) -> Vec<FactorRow> {
    let mut out = Vec::new();
    for (id, sv, en) in catalogue() {
        if id == upphandla_core::classify::UNCLASSIFIED && own.and_then(|o| o.get(id)).is_none() {
            continue;
        }
        let name = if lang == Lang::En && !en.is_empty() {
            en.clone()
        } else {
            sv.clone()
        };
        let default = defaults.get(id);
        match own.and_then(|o| o.get(id)) {
            Some(f) => out.push(row(id, name, Some(f), true, default, lang)),
            None => out.push(row(id, name, default, false, None, lang)),
        }
    }
    if let Some(own) = own {
        for f in own.iter() {
            if !catalogue().iter().any(|(id, _, _)| *id == f.category) {
                out.push(row(&f.category, f.name.clone(), Some(f), true, None, lang));
            }
        }
    }
    out
}

/// The page; `content` is what the user sent (else the stored file) and
/// `errors` why it was not saved.
async fn render_page(
    state: &AppState,
    ctx: &Ctx,
    content: Option<String>,
    errors: Vec<String>,
    saved: bool,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let stored = state
        .store
        .rule_file(ctx.org_id(), RuleFileKind::Factors)
        .await?;
    let defaults = maps::default_factor_set()
        .map_err(|e| AppError::Internal(format!("standardfaktorer: {e}")))?;
    // Saved files were checked; one that no longer reads shows as "no own factors".
    let own = stored
        .as_ref()
        .and_then(|r| maps::load_factors(r.content.as_bytes(), OWN_FILE).ok());
    let label = match &own {
        Some(o) => format!("{} + {}", o.label, defaults.label),
        None => defaults.label.clone(),
    };
    let failed = !errors.is_empty();
    let content = content
        .or_else(|| stored.as_ref().map(|r| r.content.clone()))
        .unwrap_or_default();
    let template = FactorsPage {
        page: Page::new(ctx, "factors", lang.t("factors.title")),
        label,
        rows: rows(&defaults, own.as_ref(), lang),
        has_own: own.is_some(),
        content,
        updated: stored.map_or_else(String::new, |r| fmt::datetime(r.updated_at)),
        errors,
        saved,
        imports: state.store.imports(ctx.org_id()).await?.len(),
        example: EXAMPLE,
    };
    let mut response = render(&template)?;
    if failed {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[derive(Deserialize)]
struct SavedQuery {
    saved: Option<String>,
}

async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    render_page(&state, &ctx, None, Vec::new(), q.saved.is_some()).await
}

/// Checks the text as the analysis would read it; saves only a clean file.
async fn check_and_save(state: &AppState, ctx: &Ctx, content: String) -> AppResult<Response> {
    ctx.require_edit()?;
    let content = normalise(&content);
    if let Err(errors) = check_rules(&state.store, ctx, RuleFileKind::Factors, &content).await? {
        return render_page(state, ctx, Some(content), errors, false).await;
    }
    state
        .store
        .put_rule_file(
            ctx.org_id(),
            RuleFileKind::Factors,
            &content,
            Some(ctx.user.id),
        )
        .await?;
    let rows = content
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    audit(state, ctx, "factors.save", &format!("{rows} faktorer")).await?;
    Ok(Redirect::to("/factors?saved=1").into_response())
}

#[derive(Deserialize)]
struct FactorForm {
    content: String,
}

async fn save(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Form(form): Form<FactorForm>,
) -> AppResult<Response> {
    check_and_save(&state, &ctx, form.content).await
}

/// UTF-8 (with or without BOM) as it is; anything else read as Windows-1252,
/// as the map readers do.
fn decode(bytes: &[u8]) -> String {
    let (bytes, _) = upphandla_formats::text::strip_bom(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len());
            upphandla_formats::text::decode_cp1252_into(bytes, &mut out);
            out
        }
    }
}

async fn upload(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let refuse = |message: String| render_page(&state, &ctx, None, vec![message], false);
    let Ok(mut multipart) = multipart else {
        return refuse(ctx.t("factors.no_file").to_string()).await;
    };
    let mut bytes = Vec::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return refuse(e.body_text()).await,
        };
        if field.name() != Some("file") {
            continue;
        }
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > RULE_FILE_LIMIT {
                        let mb = (RULE_FILE_LIMIT >> 20) as u64;
                        return refuse(AppError::TooLarge { limit_mb: mb }.to_string()).await;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return refuse(e.body_text()).await,
            }
        }
    }
    if bytes.is_empty() {
        return refuse(ctx.t("factors.no_file").to_string()).await;
    }
    check_and_save(&state, &ctx, decode(&bytes)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_a_valid_factor_file() {
        let set = maps::load_factors(EXAMPLE.as_bytes(), OWN_FILE).unwrap();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn windows_1252_uploads_keep_swedish_letters() {
        assert_eq!(decode(b"k\xe4lla"), "källa");
        assert_eq!(decode("\u{feff}källa".as_bytes()), "källa");
    }

    #[test]
    fn own_factors_replace_defaults_and_are_marked() {
        let defaults = maps::default_factor_set().unwrap();
        let own = maps::load_factors(EXAMPLE.as_bytes(), OWN_FILE).unwrap();
        let rows = rows(&defaults, Some(&own), Lang::Sv);
        let heat = rows.iter().find(|r| r.id == "district_heating").unwrap();
        assert!(heat.own);
        assert_eq!(heat.value, "0,0210");
        assert!(!heat.replaces.is_empty());
        let food = rows.iter().find(|r| r.id == "food").unwrap();
        assert!(!food.own);
        assert!(rows.iter().all(|r| r.id != "unclassified"));
    }
}
