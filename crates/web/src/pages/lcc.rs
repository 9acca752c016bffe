//! LCC-kalkyl: the organisation's saved life-cycle cost models, a new model
//! from a template filled in through a generated form (or the TOML file
//! directly), the results (present value by component, energy and CO2e,
//! abatement cost, break-even year, Monte Carlo and tornado) and exports.
//! The calculation and the report are `upphandla_formats::lcc`, the same as
//! `upphandla lcc`; the pages only collect input and show the report.

pub mod form;
pub(crate) mod models;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use upphandla_formats::doc::Doc;
use upphandla_formats::lcc::{self, FieldPos, FileError, TemplateKind};
use upphandla_store::{ModelKind, ModelRow, OrgId, Store, StoreError};

use self::models::{
    Area, FormPage, ListPage, ModelPages, OptionGroup, OptionItem, invalid, load, model_lists, save,
};
use super::{Page, fmt, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Texts};

pub static TEXTS: Texts = &[
    ("lcc.title", "LCC-kalkyl", "Life-cycle cost (LCC)"),
    (
        "lcc.intro",
        "Jämför alternativ på livscykelkostnad: inköp, energi, drift, utbyten och slutskede i nuvärde, med energianvändning, utsläpp (CO₂e), åtgärdskostnad, återbetalningsår och osäkerhet (Monte Carlo och tornado). Beräkningen är densamma som i kommandot upphandla lcc (docs/lcc.md).",
        "Compare options by life-cycle cost: purchase, energy, operation, replacements and end of life as present value, with energy use, emissions (CO₂e), abatement cost, break-even year and uncertainty (Monte Carlo and tornado). The calculation is the same as the upphandla lcc command (docs/lcc.md).",
    ),
    ("lcc.saved", "Sparade kalkyler", "Saved models"),
    ("lcc.name", "Namn", "Name"),
    ("lcc.template", "Mall", "Template"),
    ("lcc.updated", "Ändrad", "Updated"),
    (
        "lcc.shared",
        "Delad med samordnaren",
        "Shared with the coordinator",
    ),
    ("lcc.yes", "Ja", "Yes"),
    ("lcc.no", "Nej", "No"),
    (
        "lcc.none",
        "Inga sparade kalkyler ännu.",
        "No saved models yet.",
    ),
    (
        "lcc.new",
        "Ny kalkyl från mall",
        "New model from a template",
    ),
    (
        "lcc.new_hint",
        "Välj en mall. Mallen har redan värden med källa (utsläppsfaktorer, koldioxidvärde); du fyller i det som bara du vet, som priser, antal och förbrukning.",
        "Choose a template. It already has sourced values (emission factors, carbon value); you fill in what only you know, such as prices, quantities and consumption.",
    ),
    (
        "lcc.start",
        "Fortsätt till formuläret",
        "Continue to the form",
    ),
    (
        "lcc.examples",
        "Exempel att utgå från",
        "Examples to start from",
    ),
    (
        "lcc.example_cars",
        "Tjänstebilar: bensin, HVO100 och el (räkneexempel 1 i docs/lcc.md)",
        "Service cars: petrol, HVO100 and electric (worked example 1 in docs/lcc.md)",
    ),
    (
        "lcc.example_lighting",
        "Gatubelysning: befintliga armaturer mot LED (räkneexempel 2)",
        "Street lighting: existing luminaires against LED (worked example 2)",
    ),
    (
        "lcc.shared_title",
        "Delat med samordnaren",
        "Shared with the coordinator",
    ),
    ("lcc.organisation", "Organisation", "Organisation"),
    ("lcc.new_title", "Ny LCC-kalkyl", "New LCC model"),
    ("lcc.edit_title", "Ändra LCC-kalkyl", "Edit LCC model"),
    ("lcc.step_choose", "1. Vad ska ingå?", "1. What to include?"),
    (
        "lcc.step_choose_hint",
        "Bocka ur det du inte behöver så blir formuläret kortare. Uppdatera formuläret innan du fyller i värdena; redan ifyllda värden följer inte med.",
        "Untick what you do not need and the form gets shorter. Update the form before you fill in values; values already typed are not kept.",
    ),
    (
        "lcc.alternatives",
        "Alternativ att jämföra",
        "Options to compare",
    ),
    ("lcc.extras", "Tillval", "Extras"),
    (
        "lcc.extra_pollutants",
        "Luftföroreningar (NOx, kolväten, partiklar) med pris",
        "Air pollutants (NOx, hydrocarbons, particles) with a price",
    ),
    (
        "lcc.extra_cvd",
        "Clean Vehicles Directive: direktivets driftkostnad i en egen tabell",
        "Clean Vehicles Directive: the directive's operational cost in a table of its own",
    ),
    (
        "lcc.extra_example",
        "Fyll i med exempelvärden (påhittade priser, se docs/lcc.md)",
        "Fill in with example values (made-up prices, see docs/lcc.md)",
    ),
    ("lcc.update_form", "Uppdatera formuläret", "Update the form"),
    (
        "lcc.step_fill",
        "2. Fyll i värdena",
        "2. Fill in the values",
    ),
    (
        "lcc.step_fill_hint",
        "Alla fält behövs. Skriv tal som 1 234,5 eller 0,035 (3,5 % går också). Där det står ”tal eller intervall” kan du ange ett osäkert värde som tre tal: min; typvärde; max (till exempel 13; 15; 19) – då ingår det i Monte Carlo-analysen.",
        "Every field is needed. Write numbers as 1234.5 or 0.035 (3.5 % works too). Where it says “number or range” you can give an uncertain value as three numbers: min; most likely; max (for example 13; 15; 19) – it is then part of the Monte Carlo analysis.",
    ),
    ("lcc.model_name", "Kalkylens namn", "Name of the model"),
    (
        "lcc.model_name_hint",
        "Visas i listan och överst i rapporten.",
        "Shown in the list and at the top of the report.",
    ),
    (
        "lcc.fixed",
        "Värden med källa i mallen (ändras i TOML-filen nedan)",
        "Sourced values in the template (changed in the TOML file below)",
    ),
    ("lcc.save", "Beräkna och spara", "Calculate and save"),
    ("lcc.cancel", "Avbryt", "Cancel"),
    (
        "lcc.advanced",
        "Avancerat: skriv modellfilen (TOML) direkt",
        "Advanced: write the model file (TOML) directly",
    ),
    (
        "lcc.advanced_hint",
        "Hela modellfilen i det format som kommandot upphandla lcc läser (docs/lcc.md). Här kan du ändra allt: fler alternativ, fördelningar, källor. Fel visas med rad och kolumn.",
        "The whole model file in the format the upphandla lcc command reads (docs/lcc.md). Everything can be changed here: more options, distributions, sources. Errors are shown with line and column.",
    ),
    ("lcc.toml", "Modellfil (TOML)", "Model file (TOML)"),
    (
        "lcc.save_toml",
        "Beräkna och spara filen",
        "Calculate and save the file",
    ),
    (
        "lcc.errors",
        "Inget har sparats. Rätta felen och försök igen:",
        "Nothing has been saved. Correct the errors and try again:",
    ),
    (
        "lcc.toml_only",
        "Kalkylen har ändrats direkt i modellfilen, så den ändras här i filen. (Formuläret skulle skriva över ändringarna.)",
        "The model has been changed directly in its file, so it is edited here in the file. (The form would overwrite the changes.)",
    ),
    ("lcc.format_text", "text", "text"),
    ("lcc.format_number", "tal", "number"),
    ("lcc.format_whole", "heltal", "whole number"),
    (
        "lcc.format_uncertain",
        "tal eller intervall min; typvärde; max",
        "number or range min; most likely; max",
    ),
    ("lcc.field_error", "Fel", "Error"),
    ("lcc.summary", "Sammanfattning", "Summary"),
    ("lcc.cheapest", "Lägst total kostnad", "Lowest total cost"),
    (
        "lcc.difference",
        "Skillnad mot näst billigaste",
        "Difference to the next cheapest",
    ),
    (
        "lcc.probability",
        "Billigast i Monte Carlo",
        "Cheapest in Monte Carlo",
    ),
    ("lcc.lowest_co2", "Lägst utsläpp", "Lowest emissions"),
    ("lcc.kr", "kr", "SEK"),
    ("lcc.tonnes", "ton CO₂e", "tonnes CO₂e"),
    (
        "lcc.report_language",
        "Rapporten är på svenska, som i kommandot upphandla lcc.",
        "The report is in Swedish, as in the upphandla lcc command.",
    ),
    ("lcc.actions", "Åtgärder", "Actions"),
    ("lcc.edit", "Ändra", "Edit"),
    ("lcc.delete", "Ta bort", "Delete"),
    (
        "lcc.share",
        "Dela med samordnaren",
        "Share with the coordinator",
    ),
    ("lcc.unshare", "Sluta dela", "Stop sharing"),
    ("lcc.exports", "Ladda ner", "Download"),
    ("lcc.export_xlsx", "Excel (xlsx)", "Excel (xlsx)"),
    ("lcc.export_docx", "Word (docx)", "Word (docx)"),
    ("lcc.export_pdf", "PDF", "PDF"),
    (
        "lcc.export_html",
        "Rapport (HTML-fil)",
        "Report (HTML file)",
    ),
    (
        "lcc.export_json",
        "Alla resultat (JSON)",
        "All results (JSON)",
    ),
    (
        "lcc.export_toml",
        "Modellfilen (TOML, för upphandla lcc)",
        "The model file (TOML, for upphandla lcc)",
    ),
    (
        "lcc.file_errors",
        "Filen går inte att räkna på:",
        "The file cannot be calculated:",
    ),
    ("lcc.back", "Tillbaka till listan", "Back to the list"),
    ("lcc.owner", "Ägs av", "Owned by"),
    (
        "lcc.read_only",
        "Du har läsbehörighet.",
        "You have read access.",
    ),
    ("lcc.section_criterion", "Kriterium", "Criterion"),
    ("lcc.section_bid", "Anbud", "Bid"),
    (
        "lcc.section_level",
        "CO2-ambitionsnivå",
        "CO2 ambition level",
    ),
    // Field labels by TOML key (docs/lcc.md); the template's hint follows.
    ("lcc.key.name", "Namn", "Name"),
    ("lcc.key.description", "Beskrivning", "Description"),
    (
        "lcc.key.period_years",
        "Analysperiod (år)",
        "Analysis period (years)",
    ),
    (
        "lcc.key.discount_rate",
        "Real kalkylränta",
        "Real discount rate",
    ),
    (
        "lcc.key.discount_rate_source",
        "Källa för kalkylräntan",
        "Source of the discount rate",
    ),
    (
        "lcc.key.co2_price_sek_per_kg",
        "Pris på utsläpp (kr/kg CO₂e)",
        "Price of emissions (SEK/kg CO₂e)",
    ),
    (
        "lcc.key.energy_price_eur_per_mj",
        "Energipris (EUR/MJ)",
        "Energy price (EUR/MJ)",
    ),
    (
        "lcc.key.sek_per_eur",
        "Växelkurs (kr/EUR)",
        "Exchange rate (SEK/EUR)",
    ),
    (
        "lcc.key.kwh_per_unit",
        "Energiinnehåll (kWh/enhet)",
        "Energy content (kWh/unit)",
    ),
    (
        "lcc.key.price_sek_per_unit",
        "Pris (kr/enhet)",
        "Price (SEK/unit)",
    ),
    (
        "lcc.key.price_change",
        "Real årlig prisförändring",
        "Real annual price change",
    ),
    (
        "lcc.key.kg_co2e_per_unit",
        "Utsläppsfaktor (kg CO₂e/enhet)",
        "Emission factor (kg CO₂e/unit)",
    ),
    ("lcc.key.source", "Källa", "Source"),
    ("lcc.key.price_sek_per_kg", "Pris (kr/kg)", "Price (SEK/kg)"),
    ("lcc.key.quantity", "Antal", "Quantity"),
    (
        "lcc.key.investment_sek",
        "Inköpspris per enhet (kr)",
        "Purchase price per unit (SEK)",
    ),
    (
        "lcc.key.installation_sek",
        "Installation per enhet (kr)",
        "Installation per unit (SEK)",
    ),
    (
        "lcc.key.lifetime_years",
        "Livslängd (år)",
        "Lifetime (years)",
    ),
    (
        "lcc.key.activity_per_year",
        "Aktivitet per år",
        "Activity per year",
    ),
    (
        "lcc.key.energy_per_activity",
        "Energi per aktivitetsenhet",
        "Energy per unit of activity",
    ),
    (
        "lcc.key.energy_per_year",
        "Energi per år",
        "Energy per year",
    ),
    (
        "lcc.key.maintenance_sek_per_year",
        "Drift och underhåll per år (kr)",
        "Operation and maintenance per year (SEK)",
    ),
    (
        "lcc.key.residual_value_sek",
        "Restvärde vid periodens slut (kr)",
        "Residual value at the end of the period (SEK)",
    ),
    (
        "lcc.key.disposal_cost_sek",
        "Avvecklingskostnad (kr)",
        "Disposal cost (SEK)",
    ),
    (
        "lcc.key.embodied_kg_co2e",
        "Inbyggda utsläpp (kg CO₂e)",
        "Embodied emissions (kg CO₂e)",
    ),
    (
        "lcc.key.embodied_source",
        "Källa för inbyggda utsläpp",
        "Source of embodied emissions",
    ),
    (
        "lcc.key.pollutants_kg_per_activity",
        "Utsläpp per aktivitetsenhet (kg)",
        "Emissions per unit of activity (kg)",
    ),
    (
        "lcc.key.pollutants_kg_per_year",
        "Utsläpp per år (kg)",
        "Emissions per year (kg)",
    ),
    ("lcc.key.year", "Utbytesår", "Replacement year"),
    (
        "lcc.key.cost_sek",
        "Utbyteskostnad (kr)",
        "Replacement cost (SEK)",
    ),
    (
        "lcc.key.cvd",
        "Direktivet 2009/33/EG",
        "Directive 2009/33/EC",
    ),
    (
        "lcc.key.consumption_per_km",
        "förbrukning per km",
        "consumption per km",
    ),
    ("lcc.key.energy_mj_per_km", "energi MJ/km", "energy MJ/km"),
    (
        "lcc.key.energy_mj_per_unit",
        "energiinnehåll MJ/enhet",
        "energy content MJ/unit",
    ),
    ("lcc.key.co2_g_per_km", "CO₂ g/km", "CO₂ g/km"),
    ("lcc.key.nox_g_per_km", "NOx g/km", "NOx g/km"),
    ("lcc.key.nmhc_g_per_km", "NMHC g/km", "NMHC g/km"),
    ("lcc.key.pm_g_per_km", "partiklar g/km", "particles g/km"),
    ("lcc.key.price_weight", "Prisets vikt", "Weight of price"),
    ("lcc.key.max_points", "Högsta poäng", "Maximum points"),
    ("lcc.key.weight", "Vikt", "Weight"),
    (
        "lcc.key.deduction_sek",
        "Avdrag vid full poäng (kr)",
        "Deduction at full points (SEK)",
    ),
    ("lcc.key.price_sek", "Anbudspris (kr)", "Bid price (SEK)"),
    (
        "lcc.key.lcc_sek",
        "Livscykelkostnad (kr)",
        "Life-cycle cost (SEK)",
    ),
    ("lcc.key.answers", "Poäng", "Points"),
    ("lcc.key.discount", "Rabattsats", "Discount rate"),
];

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/lcc", get(list).post(models::create::<LccPages>))
        .route("/lcc/new", get(new_form))
        .route("/lcc/{id}/edit", get(edit_form))
        .merge(models::routes::<LccPages>())
}

const LCC: Area = Area {
    kind: ModelKind::Lcc,
    base: "/lcc",
    key: "lcc",
};

// ---------------------------------------------------------------------------
// Templates: which alternatives and extras a form asks for.

/// What a template offers to leave out.
struct Choices {
    /// (id, name) of each alternative, in file order.
    alternatives: Vec<(String, String)>,
    pollutants: bool,
    cvd: bool,
}

/// What the user chose to include.
#[derive(Debug, Clone, PartialEq)]
struct Selection {
    alternatives: BTreeSet<String>,
    pollutants: bool,
    cvd: bool,
}

fn array_tables<'a>(root: &'a toml::Table, name: &str) -> Vec<&'a toml::Table> {
    root.get(name)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_table()).collect())
        .unwrap_or_default()
}

fn str_of<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

fn choices(template_text: &str) -> Choices {
    let root: toml::Table = toml::from_str(template_text).unwrap_or_default();
    Choices {
        alternatives: array_tables(&root, "alternatives")
            .iter()
            .map(|a| {
                // A name still to be filled in is shown by its hint ("alternativ A").
                let name = str_of(a, "name");
                let name = name
                    .strip_prefix("FYLL I:")
                    .map_or(name.to_string(), |hint| {
                        let hint = hint.trim();
                        let mut c = hint.chars();
                        c.next()
                            .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
                    });
                (str_of(a, "id").to_string(), name)
            })
            .collect(),
        pollutants: !array_tables(&root, "pollutants").is_empty(),
        cvd: root.contains_key("clean_vehicles_directive"),
    }
}

impl Selection {
    fn everything(c: &Choices) -> Selection {
        Selection {
            alternatives: c.alternatives.iter().map(|(id, _)| id.clone()).collect(),
            pollutants: c.pollutants,
            cvd: c.cvd,
        }
    }

    /// From the "what to include" form; before it is used: every
    /// alternative and no extras (the shortest useful form).
    fn from_query(pairs: &[(String, String)], c: &Choices) -> Selection {
        if form::form_value(pairs, "chosen").is_none() {
            return Selection {
                pollutants: false,
                cvd: false,
                ..Selection::everything(c)
            };
        }
        let mut alternatives: BTreeSet<String> = pairs
            .iter()
            .filter(|(k, v)| k == "alt" && c.alternatives.iter().any(|(id, _)| id == v))
            .map(|(_, v)| v.clone())
            .collect();
        if alternatives.is_empty() {
            alternatives = Selection::everything(c).alternatives;
        }
        Selection {
            alternatives,
            pollutants: c.pollutants && form::form_value(pairs, "pollutants") == Some("1"),
            cvd: c.cvd && form::form_value(pairs, "cvd") == Some("1"),
        }
    }

    /// What a saved file includes (to rebuild the form it came from).
    fn of_file(text: &str) -> Option<Selection> {
        let root: toml::Table = toml::from_str(text).ok()?;
        Some(Selection {
            alternatives: array_tables(&root, "alternatives")
                .iter()
                .map(|a| str_of(a, "id").to_string())
                .collect(),
            pollutants: !array_tables(&root, "pollutants").is_empty(),
            cvd: root.contains_key("clean_vehicles_directive"),
        })
    }

    /// As query parameters (carried by the fields form and links).
    fn params(&self, kind: TemplateKind) -> Vec<(String, String)> {
        let mut out = vec![
            ("template".to_string(), kind.id().to_string()),
            ("chosen".to_string(), "1".to_string()),
        ];
        out.extend(
            self.alternatives
                .iter()
                .map(|a| ("alt".to_string(), a.clone())),
        );
        if self.pollutants {
            out.push(("pollutants".into(), "1".into()));
        }
        if self.cvd {
            out.push(("cvd".into(), "1".into()));
        }
        out
    }
}

/// The key of a `key = value` line, if it is one.
fn line_key(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if t.starts_with('#') || t.starts_with('[') {
        return None;
    }
    t.split_once('=').map(|(k, _)| k.trim())
}

/// The template without what the selection leaves out. Left-out lines
/// become empty lines, so every remaining value keeps its line and column
/// (the form's field names and the errors' positions stay the template's).
fn reduce(template_text: &str, sel: &Selection) -> String {
    let root: toml::Table = toml::from_str(template_text).unwrap_or_default();
    let alternatives = array_tables(&root, "alternatives");
    let kept: Vec<&&toml::Table> = alternatives
        .iter()
        .filter(|a| sel.alternatives.contains(str_of(a, "id")))
        .collect();
    let used = |maps: &[&str]| -> BTreeSet<String> {
        kept.iter()
            .flat_map(|a| {
                maps.iter()
                    .filter_map(|m| a.get(*m).and_then(|v| v.as_table()))
            })
            .flat_map(|t| t.keys().cloned())
            .collect()
    };
    let carriers = used(&["energy_per_activity", "energy_per_year"]);
    let pollutants = if sel.pollutants {
        used(&["pollutants_kg_per_activity", "pollutants_kg_per_year"])
    } else {
        BTreeSet::new()
    };
    let cvd = sel.cvd && kept.iter().any(|a| a.contains_key("cvd"));
    let id_at = |name: &str, i: usize| {
        array_tables(&root, name)
            .get(i)
            .map(|t| str_of(t, "id").to_string())
            .unwrap_or_default()
    };

    let lines: Vec<&str> = template_text.split('\n').collect();
    // Which table each line belongs to; comment lines right above a header go with it.
    let mut owner: Vec<Option<(String, usize)>> = vec![None; lines.len()];
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut current: Option<(String, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            let header = t.split('#').next().unwrap_or("").trim();
            let name = header.trim_matches(['[', ']']).trim().to_string();
            let n = counts.entry(name.clone()).or_default();
            current = Some((name, *n));
            *n += 1;
            let mut j = i;
            while j > 0 && lines[j - 1].trim_start().starts_with('#') {
                j -= 1;
                owner[j] = current.clone();
            }
        }
        owner[i] = current.clone();
    }
    let table_dropped = |o: &Option<(String, usize)>| match o {
        Some((name, i)) => match name.as_str() {
            "alternatives" => !sel.alternatives.contains(&id_at(name, *i)),
            "carriers" => !carriers.contains(&id_at(name, *i)),
            "pollutants" => !pollutants.contains(&id_at(name, *i)),
            "clean_vehicles_directive" => !cvd,
            _ => false,
        },
        None => false,
    };
    let line_dropped = |line: &str, top: bool| match line_key(line) {
        Some("cvd") => !cvd,
        Some("pollutants_kg_per_activity" | "pollutants_kg_per_year") => !sel.pollutants,
        Some("reference") if top => {
            let id = line
                .split_once('=')
                .map(|(_, v)| v.trim().trim_matches('"'))
                .unwrap_or("");
            !sel.alternatives.contains(id)
        }
        _ => false,
    };
    let mut drop: Vec<bool> = owner.iter().map(table_dropped).collect();
    for i in 0..lines.len() {
        if !drop[i] && line_dropped(lines[i], owner[i].is_none()) {
            drop[i] = true;
            let mut j = i;
            while j > 0 && lines[j - 1].trim_start().starts_with('#') {
                j -= 1;
                drop[j] = true;
            }
        }
    }
    lines
        .iter()
        .zip(&drop)
        .map(|(l, d)| if *d { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The built-in example a template can be filled in with.
fn example(kind: TemplateKind) -> Option<&'static str> {
    match kind {
        TemplateKind::Vehicles => Some(include_str!("../../../../examples/lcc-service-cars.toml")),
        TemplateKind::Lighting => Some(include_str!(
            "../../../../examples/lcc-street-lighting.toml"
        )),
        _ => None,
    }
}

const STREET_LIGHTING: &str = include_str!("../../../../examples/lcc-street-lighting.toml");

fn template_name(id: &str, lang: Lang) -> String {
    match TemplateKind::from_id(id) {
        Some(k) => match lang {
            Lang::Sv => k.name_sv(),
            Lang::En => k.name_en(),
        }
        .to_string(),
        None => "–".to_string(),
    }
}

/// A filled-in form as a model file: the template's answers, the name, and
/// no runs of empty lines. The errors keep the form's positions.
fn fill(
    reduced: &str,
    values: &BTreeMap<FieldPos, String>,
    name: Option<&str>,
) -> Result<String, Vec<FileError>> {
    let pairs: Vec<(FieldPos, &String)> = values.iter().map(|(p, v)| (*p, v)).collect();
    let mut text = lcc::fill_template(reduced, &pairs)?;
    if let Some(name) = name {
        if name.trim().is_empty() {
            return Err(vec![FileError::plain(
                "kalkylens namn saknas / the model needs a name",
            )]);
        }
        text = form::set_name(&text, name.trim());
    }
    lcc::compute(&text, Some(1), None, false)?;
    Ok(text)
}

/// The form of a template with a selection; `file` gives the values (a
/// saved model or an example), `exact` only when it must fill in to itself.
struct LccForm {
    sel: Selection,
    reduced: String,
}

impl LccForm {
    fn new(kind: TemplateKind, sel: Selection) -> LccForm {
        let reduced = reduce(lcc::template(kind), &sel);
        LccForm { sel, reduced }
    }

    /// The form a saved file was made from, with its values, if the file is
    /// exactly that form filled in (otherwise it is edited as a file).
    fn of_file(
        kind: TemplateKind,
        text: &str,
        lang: Lang,
    ) -> Option<(LccForm, BTreeMap<FieldPos, String>)> {
        let form = LccForm::new(kind, Selection::of_file(text)?);
        let values = form::values_from_file(&form.reduced, text, lang, true)?;
        let name = form.asks_name().then(|| form::file_name(text)).flatten();
        let again = fill(&form.reduced, &values, name.as_deref()).ok()?;
        (form::collapse_blank_lines(&again) == text).then_some((form, values))
    }

    fn asks_name(&self) -> bool {
        !form::name_is_field(&self.reduced)
    }

    fn blank_file(&self) -> String {
        form::collapse_blank_lines(&self.reduced)
    }
}

fn kind_of(pairs: &[(String, String)]) -> AppResult<TemplateKind> {
    form::form_value(pairs, "template")
        .and_then(TemplateKind::from_id)
        .ok_or_else(|| AppError::BadRequest("okänd mall / unknown template".into()))
}

fn choose_options(
    c: &Choices,
    sel: &Selection,
    example: Option<bool>,
    lang: Lang,
) -> Vec<OptionGroup> {
    let mut groups = vec![OptionGroup {
        legend: lang.t("lcc.alternatives").to_string(),
        items: c
            .alternatives
            .iter()
            .map(|(id, name)| {
                OptionItem::check(
                    "checkbox",
                    "alt",
                    id,
                    name.clone(),
                    sel.alternatives.contains(id),
                )
            })
            .collect(),
    }];
    let mut extras = Vec::new();
    if c.pollutants {
        extras.push(OptionItem::check(
            "checkbox",
            "pollutants",
            "1",
            lang.t("lcc.extra_pollutants").into(),
            sel.pollutants,
        ));
    }
    if c.cvd {
        extras.push(OptionItem::check(
            "checkbox",
            "cvd",
            "1",
            lang.t("lcc.extra_cvd").into(),
            sel.cvd,
        ));
    }
    if let Some(checked) = example {
        extras.push(OptionItem::check(
            "checkbox",
            "example",
            "1",
            lang.t("lcc.extra_example").into(),
            checked,
        ));
    }
    if !extras.is_empty() {
        groups.push(OptionGroup {
            legend: lang.t("lcc.extras").to_string(),
            items: extras,
        });
    }
    groups
}

/// Everything that varies between the form's uses.
struct FormState {
    values: BTreeMap<FieldPos, String>,
    name: String,
    errors: Vec<FileError>,
    toml: String,
    toml_errors: Vec<FileError>,
    example: bool,
}

fn form_page(
    ctx: &Ctx,
    existing: Option<i64>,
    form: Option<&LccForm>,
    kind: TemplateKind,
    st: FormState,
) -> FormPage {
    let lang = ctx.lang;
    let heading = format!(
        "{}: {}",
        lang.t(if existing.is_some() {
            "lcc.edit_title"
        } else {
            "lcc.new_title"
        }),
        template_name(kind.id(), lang)
    );
    let (action, cancel, choose_action) = match existing {
        Some(id) => (
            format!("/lcc/{id}"),
            format!("/lcc/{id}"),
            format!("/lcc/{id}/edit"),
        ),
        None => (
            "/lcc".to_string(),
            "/lcc".to_string(),
            "/lcc/new".to_string(),
        ),
    };
    let (groups, errors, options, hidden, name_value) = match form {
        Some(f) => {
            let (groups, errors) = form::groups(&f.reduced, &st.values, &st.errors, lang);
            let c = choices(lcc::template(kind));
            let example_choice =
                (existing.is_none() && example(kind).is_some()).then_some(st.example);
            (
                groups,
                errors,
                choose_options(&c, &f.sel, example_choice, lang),
                f.sel.params(kind),
                f.asks_name().then(|| st.name.clone()),
            )
        }
        None => (
            Vec::new(),
            form::error_lines(&st.errors, lang),
            Vec::new(),
            Vec::new(),
            None,
        ),
    };
    FormPage {
        page: Page::new(ctx, "lcc", heading.clone()),
        heading,
        action,
        cancel,
        choose_action: if form.is_some() {
            choose_action
        } else {
            String::new()
        },
        choose_hidden: vec![
            ("template".into(), kind.id().into()),
            ("chosen".into(), "1".into()),
        ],
        options,
        hidden,
        show_fields: form.is_some(),
        name_value,
        groups,
        errors,
        toml_open: !st.toml_errors.is_empty() || form.is_none(),
        toml: st.toml,
        toml_errors: form::error_lines(&st.toml_errors, lang),
        note: if form.is_none() && existing.is_some() {
            lang.t("lcc.toml_only").to_string()
        } else {
            String::new()
        },
    }
}

async fn list(State(state): State<Arc<AppState>>, ctx: Ctx) -> AppResult<Response> {
    let lang = ctx.lang;
    let lists = model_lists(&state, &ctx, &LCC, &|t| template_name(t, lang)).await?;
    let options = vec![OptionGroup {
        legend: lang.t("lcc.template").into(),
        items: lcc::template_kinds()
            .iter()
            .enumerate()
            .map(|(i, (id, sv, en))| {
                let label = if lang == Lang::Sv { sv } else { en };
                OptionItem::check("radio", "template", id, label.to_string(), i == 0)
            })
            .collect(),
    }];
    let examples = vec![
        (
            "/lcc/new?template=vehicles&chosen=1&alt=bensin&alt=el&alt=hvo&cvd=1&example=1".into(),
            lang.t("lcc.example_cars").into(),
        ),
        (
            "/lcc/new?template=lighting&chosen=1&alt=befintlig&alt=led&example=1".into(),
            lang.t("lcc.example_lighting").into(),
        ),
    ];
    render(&ListPage::new(
        &ctx,
        &LCC,
        "lcc.template",
        lists,
        options,
        examples,
    ))
}

async fn new_form(ctx: Ctx, Query(pairs): Query<Vec<(String, String)>>) -> AppResult<Response> {
    ctx.require_edit()?;
    let kind = kind_of(&pairs)?;
    let f = LccForm::new(
        kind,
        Selection::from_query(&pairs, &choices(lcc::template(kind))),
    );
    let use_example = form::form_value(&pairs, "example") == Some("1");
    let (values, name, toml) = match example(kind).filter(|_| use_example) {
        Some(ex) => {
            let values =
                form::values_from_file(&f.reduced, ex, ctx.lang, false).unwrap_or_default();
            let name = form::file_name(ex).unwrap_or_default();
            let toml = fill(&f.reduced, &values, f.asks_name().then_some(name.as_str()))
                .map(|t| form::collapse_blank_lines(&t))
                .unwrap_or_else(|_| f.blank_file());
            (values, name, toml)
        }
        None => (
            BTreeMap::new(),
            form::file_name(lcc::template(kind)).unwrap_or_default(),
            f.blank_file(),
        ),
    };
    let st = FormState {
        values,
        name,
        errors: Vec::new(),
        toml,
        toml_errors: Vec::new(),
        example: use_example,
    };
    render(&form_page(&ctx, None, Some(&f), kind, st))
}

async fn edit_form(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    ctx.require_edit()?;
    let row = load(&state, &ctx, &LCC, id).await?;
    let kind = TemplateKind::from_id(&row.summary.template);
    let mut st = FormState {
        values: BTreeMap::new(),
        name: row.summary.name.clone(),
        errors: Vec::new(),
        toml: row.content.clone(),
        toml_errors: Vec::new(),
        example: false,
    };
    let form = match kind {
        // A new choice of what to include: the saved values carry over by table and key.
        Some(kind) if form::form_value(&pairs, "chosen").is_some() => {
            let f = LccForm::new(
                kind,
                Selection::from_query(&pairs, &choices(lcc::template(kind))),
            );
            st.values = form::values_from_file(&f.reduced, &row.content, ctx.lang, false)
                .unwrap_or_default();
            Some(f)
        }
        Some(kind) => LccForm::of_file(kind, &row.content, ctx.lang).map(|(f, values)| {
            st.values = values;
            f
        }),
        None => None,
    };
    render(&form_page(
        &ctx,
        Some(id),
        form.as_ref(),
        kind.unwrap_or(TemplateKind::Generic),
        st,
    ))
}

/// LCC-kalkyl behind the routes it shares with Anbudsutvärdering.
struct LccPages;

impl ModelPages for LccPages {
    const AREA: Area = LCC;
    const FILE_PREFIX: &'static str = "lcc";
    const MODEL_FILE: &'static str = "model.toml";
    const MODEL_FILE_TEXT: &'static str = "lcc.export_toml";
    type Run = lcc::LccRun;

    async fn compute(
        _state: &AppState,
        _org: OrgId,
        text: &str,
        charts: bool,
    ) -> AppResult<Result<lcc::LccRun, Vec<FileError>>> {
        // Monte Carlo can take a while for large draw counts: off the async threads.
        let text = text.to_string();
        tokio::task::spawn_blocking(move || lcc::compute(&text, None, None, charts))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))
    }

    fn doc(run: &lcc::LccRun, charts: bool) -> Doc {
        lcc::build_doc(run, charts)
    }

    fn summary(run: &lcc::LccRun, lang: Lang) -> Vec<(String, String)> {
        let r = &run.result;
        let kr = |v: f64| {
            format!(
                "{} {}",
                fmt::sek_whole_sv((v * 100.0).round() as i64),
                lang.t("lcc.kr")
            )
        };
        let mut by_total: Vec<_> = r.alternatives.iter().collect();
        by_total.sort_by(|a, b| a.total_sek.total_cmp(&b.total_sek));
        let mut out = Vec::new();
        if let Some(best) = by_total.first() {
            out.push((
                lang.t("lcc.cheapest").to_string(),
                format!("{}: {}", best.name, kr(best.total_sek)),
            ));
            if let Some(next) = by_total.get(1) {
                out.push((
                    lang.t("lcc.difference").to_string(),
                    format!("{}: {}", next.name, kr(next.total_sek - best.total_sek)),
                ));
            }
            if let Some(mc) = &run.monte_carlo
                && let Some(a) = mc.alternatives.iter().find(|a| a.id == best.id)
            {
                out.push((
                    lang.t("lcc.probability").to_string(),
                    format!("{}: {}", best.name, fmt::percent_sv(a.probability_cheapest)),
                ));
            }
        }
        if let Some(low) = r
            .alternatives
            .iter()
            .min_by(|a, b| a.co2e_total_kg.total_cmp(&b.co2e_total_kg))
        {
            out.push((
                lang.t("lcc.lowest_co2").to_string(),
                format!(
                    "{}: {} {}",
                    low.name,
                    fmt::decimal_sv(low.co2e_total_kg / 1000.0, 1),
                    lang.t("lcc.tonnes")
                ),
            ));
        }
        out
    }

    async fn submit(
        state: &AppState,
        ctx: &Ctx,
        existing: Option<&ModelRow>,
        pairs: &[(String, String)],
    ) -> AppResult<Response> {
        ctx.require_edit()?;
        let kind = match existing {
            Some(row) => {
                TemplateKind::from_id(&row.summary.template).unwrap_or(TemplateKind::Generic)
            }
            None => kind_of(pairs)?,
        };
        let id = existing.map(|r| r.summary.id);
        if let Some(text) = form::form_value(pairs, form::TOML_FIELD) {
            let text = text.replace("\r\n", "\n");
            return match lcc::compute(&text, Some(1), None, false) {
                Ok(run) => save(state, ctx, &LCC, id, &run.result.name, kind.id(), &text).await,
                Err(errors) => {
                    let form = match existing {
                        Some(row) => LccForm::of_file(kind, &row.content, ctx.lang),
                        None => None,
                    };
                    let (form, values) = match form {
                        Some((f, v)) => (Some(f), v),
                        None if existing.is_none() => (
                            Some(LccForm::new(
                                kind,
                                Selection::from_query(pairs, &choices(lcc::template(kind))),
                            )),
                            BTreeMap::new(),
                        ),
                        None => (None, BTreeMap::new()),
                    };
                    let st = FormState {
                        values,
                        name: existing.map_or_else(
                            || form::file_name(lcc::template(kind)).unwrap_or_default(),
                            |r| r.summary.name.clone(),
                        ),
                        errors: Vec::new(),
                        toml: text,
                        toml_errors: errors,
                        example: false,
                    };
                    invalid(&form_page(ctx, id, form.as_ref(), kind, st))
                }
            };
        }
        let f = LccForm::new(
            kind,
            Selection::from_query(pairs, &choices(lcc::template(kind))),
        );
        let values = form::form_values(pairs);
        let name = form::form_value(pairs, form::NAME_FIELD)
            .unwrap_or("")
            .to_string();
        match fill(&f.reduced, &values, f.asks_name().then_some(name.as_str())) {
            Ok(text) => {
                let text = form::collapse_blank_lines(&text);
                let model_name = form::file_name(&text).unwrap_or(name);
                save(state, ctx, &LCC, id, &model_name, kind.id(), &text).await
            }
            Err(errors) => {
                let st = FormState {
                    values,
                    name,
                    errors,
                    toml: existing.map_or_else(|| f.blank_file(), |r| r.content.clone()),
                    toml_errors: Vec::new(),
                    example: false,
                };
                invalid(&form_page(ctx, id, Some(&f), kind, st))
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Demo content.

/// Name of the demo service-car model (tender examples refer to it).
pub const DEMO_CARS: &str = "Tjänstebilar: el, bensin eller HVO100 (demodata)";

/// Worked example 1 of docs/lcc.md (service cars) as the vehicles template
/// filled in through its form, so the demo model opens in the form too.
/// The electric car's consumption range in the example is uniform, which
/// the form cannot express; its reference value 0,18 kWh/km is kept, so
/// every present value is the worked example's.
pub fn demo_cars_model() -> String {
    let c = choices(lcc::template(TemplateKind::Vehicles));
    let sel = Selection {
        pollutants: false,
        ..Selection::everything(&c)
    };
    let mut sel = sel;
    sel.alternatives.remove("gas");
    let f = LccForm::new(TemplateKind::Vehicles, sel);
    let ex = example(TemplateKind::Vehicles).unwrap_or_default();
    let values = form::values_from_file(&f.reduced, ex, Lang::Sv, false).unwrap_or_default();
    match fill(&f.reduced, &values, Some(DEMO_CARS)) {
        Ok(text) => form::collapse_blank_lines(&text),
        Err(_) => form::set_name(ex, DEMO_CARS),
    }
}

/// Saves the demo organisation's LCC models and tender evaluations.
pub async fn seed_demo(store: &Store, org: OrgId) -> Result<(), StoreError> {
    let cars = store
        .create_model(
            org,
            ModelKind::Lcc,
            DEMO_CARS,
            "vehicles",
            &demo_cars_model(),
            None,
            true,
        )
        .await?;
    let lighting_name = "Gatubelysning: behålla eller byta till LED (demodata)";
    store
        .create_model(
            org,
            ModelKind::Lcc,
            lighting_name,
            "lighting",
            &form::set_name(STREET_LIGHTING, lighting_name),
            None,
            true,
        )
        .await?;
    super::evaluation::seed_demo(store, org, cars).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_cars_are_the_worked_example() {
        let text = demo_cars_model();
        let run = lcc::compute(&text, Some(100), None, false).unwrap();
        let lcc_of = |id: &str| {
            run.result
                .alternatives
                .iter()
                .find(|a| a.id == id)
                .map(|a| (a.lcc_sek, a.total_sek))
                .unwrap()
        };
        // docs/lcc.md, Räkneexempel 1.
        assert_eq!(lcc_of("bensin"), (2_863_559.90, 3_943_743.54));
        assert_eq!(lcc_of("hvo").0, 3_150_343.99);
        assert_eq!(lcc_of("el"), (2_864_851.23, 2_901_597.18));
        assert!(run.clean_vehicles_directive.is_some());
        // It is the form filled in, so it opens in the form again.
        let (f, _) = LccForm::of_file(TemplateKind::Vehicles, &text, Lang::Sv).unwrap();
        assert!(!f.sel.alternatives.contains("gas"));
    }

    #[test]
    fn leaving_out_keeps_positions_and_computes() {
        let t = lcc::template(TemplateKind::Vehicles);
        let c = choices(t);
        let sel = Selection {
            alternatives: ["el".to_string(), "bensin".to_string()].into(),
            pollutants: false,
            cvd: false,
        };
        let reduced = reduce(t, &sel);
        assert_eq!(reduced.lines().count(), t.lines().count());
        let fields = lcc::template_fields(&reduced);
        let all = lcc::template_fields(t);
        for f in &fields {
            assert!(all.iter().any(|g| g.pos() == f.pos() && g.key == f.key));
        }
        assert!(!reduced.contains("[[pollutants]]"));
        assert!(!reduced.contains("clean_vehicles_directive"));
        assert!(!reduced.contains("id = \"hvo\""));
        assert!(!reduced.contains("cvd ="));
        assert!(reduced.contains("reference = \"bensin\""));
        assert_eq!(c.alternatives.len(), 4);
        let values: BTreeMap<FieldPos, String> = fields
            .iter()
            .map(|f| {
                let v = if f.kind == lcc::FieldKind::Text {
                    "x"
                } else {
                    "2"
                };
                (f.pos(), v.to_string())
            })
            .collect();
        let text = fill(&reduced, &values, Some("Två bilar")).unwrap();
        let run = lcc::compute(&text, Some(10), None, false).unwrap();
        assert_eq!(run.result.alternatives.len(), 2);
        assert_eq!(run.result.name, "Två bilar");
        // Without the reference alternative the reference line goes too.
        let only_el = Selection {
            alternatives: ["el".to_string()].into(),
            ..sel
        };
        assert!(!reduce(t, &only_el).contains("reference ="));
    }
}
