//! Bids and sealing: a procurement's tender call (deadline, award method,
//! linked LCC model, the submission link), the bids suppliers send through
//! that link, the opening record, the evaluation and the award decision.
//!
//! Sealing is enforced here, not in the pages. The only function that
//! returns what a bid contains, [`Store::bids`], takes the time and refuses
//! with [`BidError::Sealed`] unless the opening is recorded (and the
//! deadline has passed); the opening can only be recorded when the
//! deadline has passed ([`Store::open_bids`]). Before that, the only thing
//! read about bids is [`Store::receipts`]: a receipt code and the time of
//! receipt, nothing about the supplier or the price. Receipt codes are
//! random (the caller makes them), so a supplier cannot tell from its code
//! how many bids came before its own (OSL 19 kap. 3 §: not even the number
//! of tenders may be disclosed before the award decision).
//!
//! Every function takes the [`OrgId`]; another organisation's procurement is
//! "not found". Only [`Store::public_call`] and [`Store::submit_bid`] are
//! keyed by the submission link's token hash instead: the supplier has no
//! account, the link is its key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use upphandla_core::date::Date;
use upphandla_core::money::Ore;

use crate::{ModelKind, OrgId, Store, StoreError, UserId, opt_date, with_pool};

/// Award methods of the evaluation engine (`upphandla_formats::evaluation`).
pub const AWARD_METHODS: [&str; 4] = [
    "lowest_price",
    "lowest_lcc",
    "value_deduction",
    "relative_scoring",
];

/// Largest amount accepted in a bid: 1 000 miljarder kr, as the evaluation engine.
pub const MAX_BID_ORE: i64 = 100_000_000_000_000;

#[derive(Debug, thiserror::Error)]
pub enum BidError {
    #[error("finns inte / not found")]
    NotFound,
    #[error(
        "anbuden är förseglade tills öppningen är registrerad / the bids are sealed until their opening is recorded"
    )]
    Sealed,
    #[error(
        "anbudstiden har inte gått ut: anbuden kan öppnas först efter sista anbudstid / the tender deadline has not passed: bids can be opened only after it"
    )]
    DeadlineNotPassed { deadline: i64 },
    #[error("anbudstiden har gått ut / the tender deadline has passed")]
    DeadlinePassed,
    #[error("anbuden är redan öppnade / the bids have already been opened")]
    AlreadyOpened,
    #[error("det finns inget tilldelningsbeslut / there is no award decision")]
    NoAward,
    #[error(
        "avtalsspärren löper till och med {end}: avtal får tecknas tidigast dagen efter / the standstill period runs until {end} inclusive"
    )]
    Standstill { end: Date },
    #[error("avtalet är redan undertecknat / the contract is already signed")]
    ContractSigned,
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BidError {
    fn from(e: sqlx::Error) -> BidError {
        BidError::Store(StoreError::Database(e))
    }
}

pub type BidResult<T> = std::result::Result<T, BidError>;

fn invalid(message: &str) -> BidError {
    BidError::Invalid(message.to_string())
}

/// What the buyer sets up for a procurement's bids.
#[derive(Debug, Clone, PartialEq)]
pub struct TenderCallInput {
    /// Last moment a bid is accepted (exclusive), unix seconds.
    pub deadline: i64,
    /// One of [`AWARD_METHODS`].
    pub award_method: String,
    /// An LCC model of the organisation whose reference alternative is the
    /// baseline and which the bids' LCC is computed with.
    pub lcc_model_id: Option<i64>,
    /// Quality criteria (value deduction and relative scoring only).
    pub quality: Quality,
}

/// Most quality criteria a call may have.
pub const MAX_CRITERIA: usize = 8;

/// The quality part of a price–quality award (mervärdesmodell, relativ
/// poängsättning): the criteria the buyer scores each bid on after the
/// opening, the price's weight and whether the price part is the LCC.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Quality {
    pub criteria: Vec<QualityCriterion>,
    /// Relative scoring: the price's weight; it and the criteria's weights sum to 1.
    pub price_weight: Option<f64>,
    /// The price part is the bids' life-cycle cost (needs the LCC model).
    pub lcc_basis: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualityCriterion {
    /// `k1`, `k2`, … (the tender file's id).
    pub id: String,
    pub name: String,
    pub max_points: f64,
    /// Value deduction: the fictitious price deduction at full points, öre.
    pub deduction_ore: Option<i64>,
    /// Relative scoring: the criterion's weight.
    pub weight: Option<f64>,
}

impl Quality {
    fn of_json(text: &str) -> Quality {
        serde_json::from_str(text).unwrap_or_default()
    }

    fn to_json(&self) -> String {
        if *self == Quality::default() {
            String::new()
        } else {
            serde_json::to_string(self).unwrap_or_default()
        }
    }

    /// The quality part as stored for `method`, or what is wrong with it.
    fn checked(&self, method: &str, has_model: bool) -> BidResult<Quality> {
        let scored = matches!(method, "value_deduction" | "relative_scoring");
        if !scored {
            if !self.criteria.is_empty() {
                return Err(invalid(
                    "kvalitetskriterier hör till mervärdesmodell och relativ poängsättning / quality criteria belong to value deduction and relative scoring",
                ));
            }
            return Ok(Quality::default());
        }
        if self.criteria.is_empty() || self.criteria.len() > MAX_CRITERIA {
            return Err(invalid(
                "ange 1–8 kvalitetskriterier / give 1–8 quality criteria",
            ));
        }
        if self.lcc_basis && !has_model {
            return Err(invalid(
                "prisdelen på livscykelkostnad kräver en LCC-kalkyl / an LCC-based price part needs an LCC model",
            ));
        }
        let mut ids = std::collections::BTreeSet::new();
        for c in &self.criteria {
            let name = c.name.trim();
            if name.is_empty() || name.chars().count() > 200 || !ids.insert(c.id.clone()) {
                return Err(invalid(
                    "varje kriterium behöver ett eget namn (högst 200 tecken) / each criterion needs its own name",
                ));
            }
            if !(c.max_points.is_finite() && c.max_points > 0.0 && c.max_points <= 1000.0) {
                return Err(BidError::Invalid(format!(
                    "{name}: högsta poäng måste vara större än 0 och högst 1 000 / the maximum points must be above 0 and at most 1 000"
                )));
            }
            if method == "value_deduction"
                && !c
                    .deduction_ore
                    .is_some_and(|d| (0..=MAX_BID_ORE).contains(&d))
            {
                return Err(BidError::Invalid(format!(
                    "{name}: mervärdesmodellen behöver ett avdrag i kronor vid full poäng / value deduction needs a deduction at full points"
                )));
            }
            if method == "relative_scoring"
                && !c
                    .weight
                    .is_some_and(|w| w.is_finite() && (0.0..=1.0).contains(&w))
            {
                return Err(BidError::Invalid(format!(
                    "{name}: relativ poängsättning behöver en vikt 0–1 / relative scoring needs a weight 0–1"
                )));
            }
        }
        if method == "relative_scoring" {
            let price = self.price_weight.unwrap_or(-1.0);
            let sum = price + self.criteria.iter().filter_map(|c| c.weight).sum::<f64>();
            if !(0.0..=1.0).contains(&price) || (sum - 1.0).abs() > 1e-6 {
                return Err(invalid(
                    "prisets vikt och kriteriernas vikter ska tillsammans bli 1 / the price's and the criteria's weights must sum to 1",
                ));
            }
        }
        Ok(Quality {
            criteria: self
                .criteria
                .iter()
                .map(|c| QualityCriterion {
                    id: c.id.clone(),
                    name: c.name.trim().to_string(),
                    max_points: c.max_points,
                    deduction_ore: if method == "value_deduction" {
                        c.deduction_ore
                    } else {
                        None
                    },
                    weight: if method == "relative_scoring" {
                        c.weight
                    } else {
                        None
                    },
                })
                .collect(),
            price_weight: if method == "relative_scoring" {
                self.price_weight
            } else {
                None
            },
            lcc_basis: self.lcc_basis,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenderCall {
    pub procurement_id: i64,
    pub org_id: OrgId,
    pub deadline: i64,
    pub award_method: String,
    pub lcc_model_id: Option<i64>,
    /// The linked model's name and text as they were when the call was last
    /// set up: the evaluation uses this copy, so later edits of the model
    /// do not change how bids are judged.
    pub lcc_model_name: String,
    #[serde(skip)]
    pub lcc_model_text: String,
    /// When the submission link was made (or made anew).
    pub token_set_at: i64,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
    pub opened_at: Option<i64>,
    pub opened_by: Option<UserId>,
    /// Name of the user who opened (empty when not opened or unknown).
    pub opened_by_name: String,
    pub quality: Quality,
}

impl TenderCall {
    /// Whether the bids' LCC is part of the evaluation (the bid form asks for LCC data).
    pub fn uses_lcc(&self) -> bool {
        uses_lcc(&self.award_method, &self.quality)
    }

    /// Bids are accepted until the deadline, and never after the opening.
    pub fn accepts_bids(&self, now: i64) -> bool {
        now < self.deadline && self.opened_at.is_none()
    }

    pub fn is_opened(&self) -> bool {
        self.opened_at.is_some()
    }
}

/// What the supplier's page may show about a call: the buyer, the
/// procurement's title, the deadline and the method, no bids.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicCall {
    pub quality: Quality,
    pub procurement_id: i64,
    pub org_id: OrgId,
    pub org_name: String,
    pub title: String,
    pub deadline: i64,
    pub award_method: String,
    pub lcc_model_text: String,
    pub opened: bool,
}

/// A supplier's bid as sent through the submission link.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BidInput {
    pub supplier_name: String,
    /// Checked with [`normalise_orgnr`] and stored as `NNNNNN-NNNN`.
    pub supplier_orgnr: String,
    pub contact: String,
    /// The bid price (anbudspris), excluding VAT.
    pub price: Ore,
    /// LCC data, per unit as the linked model counts them.
    pub investment: Option<Ore>,
    pub carrier_id: Option<String>,
    /// Energy use per activity unit (e.g. l/km, kWh/km), or per year when
    /// the model's reference alternative has no activity.
    pub consumption: Option<f64>,
    pub maintenance_per_year: Option<Ore>,
    pub residual_value: Option<Ore>,
    pub note: String,
}

/// A receipt: all that is read about a bid before the opening.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Receipt {
    pub receipt: String,
    pub received_at: i64,
}

/// A bid's contents (only after the opening).
#[derive(Debug, Clone, PartialEq)]
pub struct Bid {
    pub id: i64,
    pub procurement_id: i64,
    pub receipt: String,
    pub received_at: i64,
    pub supplier_name: String,
    pub supplier_orgnr: String,
    pub contact: String,
    pub price: Ore,
    pub investment: Option<Ore>,
    pub carrier_id: Option<String>,
    pub consumption: Option<f64>,
    pub maintenance_per_year: Option<Ore>,
    pub residual_value: Option<Ore>,
    pub note: String,
    /// Why the bid is left out of the evaluation (not qualified, not
    /// compliant, withdrawn or replaced), when it is.
    pub excluded_reason: Option<String>,
    pub excluded_at: Option<i64>,
    /// The buyer's points per quality criterion id (after the opening).
    pub scores: BTreeMap<String, f64>,
}

/// Whether an award method (with its quality part) compares life-cycle costs.
pub fn uses_lcc(method: &str, quality: &Quality) -> bool {
    method == "lowest_lcc" || quality.lcc_basis
}

impl Bid {
    pub fn is_excluded(&self) -> bool {
        self.excluded_reason.is_some()
    }
}

/// An evaluation of the opened bids: the generated tender file, the LCC
/// model with one alternative per bid, and the engine's result as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationInput {
    pub tender_toml: String,
    pub lcc_toml: String,
    pub result_json: String,
    /// The bid ranked first.
    pub first_bid_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvaluation {
    pub tender_toml: String,
    pub lcc_toml: String,
    pub result_json: String,
    pub first_bid_id: Option<i64>,
    pub computed_at: i64,
    pub computed_by: Option<UserId>,
}

/// The award decision (tilldelningsbeslut) as taken.
#[derive(Debug, Clone, PartialEq)]
pub struct AwardInput {
    pub bid_id: i64,
    pub reasons: String,
    /// The evaluation the decision rests on (the engine's JSON).
    pub evaluation_json: String,
    /// Life-cycle CO2e and kWh of the winning bid and of the LCC model's
    /// reference alternative (the procurement's activity-based baseline),
    /// when the evaluation used an LCC model.
    pub winner_kg_co2e: Option<f64>,
    pub winner_kwh: Option<f64>,
    pub reference_kg_co2e: Option<f64>,
    pub reference_kwh: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Award {
    pub procurement_id: i64,
    pub bid_id: i64,
    pub supplier_name: String,
    pub supplier_orgnr: String,
    pub price: Ore,
    pub reasons: String,
    pub decided_at: i64,
    pub decided_by: Option<UserId>,
    pub decided_by_name: String,
    pub evaluation_json: String,
    pub winner_kg_co2e: Option<f64>,
    pub winner_kwh: Option<f64>,
    pub reference_kg_co2e: Option<f64>,
    pub reference_kwh: Option<f64>,
    /// When the award notice (underrättelse) was sent to all tenderers.
    pub notice_sent: Option<Date>,
    /// The last day of the standstill period (avtalsspärr).
    pub standstill_end: Option<Date>,
    pub contract_signed: Option<Date>,
}

/// A Swedish organisationsnummer (or a sole trader's personnummer, which
/// serves as one) in the form `NNNNNN-NNNN`, when its check digit is right
/// (the Luhn algorithm over the ten digits). Accepts spaces, a hyphen or
/// plus, and a 12-digit form with century (16, 19 or 20).
pub fn normalise_orgnr(input: &str) -> Option<String> {
    // The form is read as the spend comparison reads it; here the check digit
    // must also be right.
    let nr = upphandla_core::compliance::normalise_orgnr(input)?;
    let sum: u32 = nr
        .bytes()
        .filter(u8::is_ascii_digit)
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10).then_some(nr)
}

fn check_amount(o: Option<Ore>, what: &str) -> BidResult<()> {
    match o {
        Some(Ore(x)) if !(0..=MAX_BID_ORE).contains(&x) => Err(BidError::Invalid(format!(
            "{what}: beloppet måste vara mellan 0 och 1 000 miljarder kr / the amount must be between 0 and 1 000 billion kr"
        ))),
        _ => Ok(()),
    }
}

impl BidInput {
    /// The input as stored (trimmed, organisation number normalised), or what is wrong.
    fn checked(&self) -> BidResult<BidInput> {
        let name = self.supplier_name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(invalid(
                "anbudsgivarens namn: 1–200 tecken / the supplier's name: 1–200 characters",
            ));
        }
        let orgnr = normalise_orgnr(&self.supplier_orgnr).ok_or_else(|| {
            invalid(
                "organisationsnumret är inte ett giltigt svenskt organisationsnummer (tio siffror med rätt kontrollsiffra) / not a valid Swedish organisation number",
            )
        })?;
        if self.price.0 <= 0 {
            return Err(invalid(
                "anbudspriset måste vara större än 0 / the bid price must be above 0",
            ));
        }
        check_amount(Some(self.price), "anbudspris / bid price")?;
        check_amount(self.investment, "investering / investment")?;
        check_amount(self.maintenance_per_year, "underhåll / maintenance")?;
        check_amount(self.residual_value, "restvärde / residual value")?;
        if let Some(c) = self.consumption
            && !(c.is_finite() && (0.0..=1e9).contains(&c))
        {
            return Err(invalid(
                "förbrukningen måste vara ett tal från 0 / the consumption must be a number from 0",
            ));
        }
        let carrier = self
            .carrier_id
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if carrier.is_some_and(|c| c.len() > 100) {
            return Err(invalid("energibärare / energy carrier: högst 100 tecken"));
        }
        if self.contact.chars().count() > 300 || self.note.chars().count() > 20_000 {
            return Err(invalid(
                "kontaktuppgift högst 300 tecken, fritext högst 20 000 / contact at most 300, free text at most 20 000 characters",
            ));
        }
        Ok(BidInput {
            supplier_name: name.to_string(),
            supplier_orgnr: orgnr,
            contact: self.contact.trim().to_string(),
            carrier_id: carrier.map(str::to_string),
            note: self.note.trim().to_string(),
            ..self.clone()
        })
    }
}

const CALL_COLUMNS: &str = "t.procurement_id, t.org_id, t.deadline, t.award_method, t.lcc_model_id, \
     t.lcc_model_name, t.lcc_model_text, t.token_set_at, t.created_by, t.created_at, t.updated_at, \
     t.opened_at, t.opened_by, COALESCE(u.name, ''), t.quality_json";

type CallTuple = (
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    String,
    String,
    i64,
    Option<i64>,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    String,
    String,
);

fn call_of(t: CallTuple) -> TenderCall {
    TenderCall {
        procurement_id: t.0,
        org_id: OrgId(t.1),
        deadline: t.2,
        award_method: t.3,
        lcc_model_id: t.4,
        lcc_model_name: t.5,
        lcc_model_text: t.6,
        token_set_at: t.7,
        created_by: t.8.map(UserId),
        created_at: t.9,
        updated_at: t.10,
        opened_at: t.11,
        opened_by: t.12.map(UserId),
        opened_by_name: t.13,
        quality: Quality::of_json(&t.14),
    }
}

const BID_COLUMNS: &str = "b.id, b.procurement_id, b.receipt, b.received_at, b.supplier_name, b.supplier_orgnr, \
     b.contact, b.price_ore, b.investment_ore, b.carrier_id, b.consumption, b.maintenance_ore, b.residual_ore, b.note, \
     b.excluded_reason, b.excluded_at, b.scores_json";

/// A [`Bid`] from a row of `BID_COLUMNS` (either backend's row type).
macro_rules! bid_from_row {
    ($r:expr) => {{
        use sqlx::Row;
        let r = $r;
        Bid {
            id: r.try_get(0)?,
            procurement_id: r.try_get(1)?,
            receipt: r.try_get(2)?,
            received_at: r.try_get(3)?,
            supplier_name: r.try_get(4)?,
            supplier_orgnr: r.try_get(5)?,
            contact: r.try_get(6)?,
            price: Ore(r.try_get(7)?),
            investment: r.try_get::<Option<i64>, _>(8)?.map(Ore),
            carrier_id: r.try_get(9)?,
            consumption: r.try_get(10)?,
            maintenance_per_year: r.try_get::<Option<i64>, _>(11)?.map(Ore),
            residual_value: r.try_get::<Option<i64>, _>(12)?.map(Ore),
            note: r.try_get(13)?,
            excluded_reason: r.try_get(14)?,
            excluded_at: r.try_get(15)?,
            scores: serde_json::from_str(&r.try_get::<String, _>(16)?).unwrap_or_default(),
        }
    }};
}

impl Store {
    /// Sets up (or changes) the tender call of a procurement. A new call
    /// needs `token_hash` (the SHA-256 of the submission link's secret);
    /// a change may give a new one. Refused once the deadline has passed or
    /// the bids are opened, and for a deadline that is not in the future.
    pub async fn set_tender_call(
        &self,
        org: OrgId,
        procurement_id: i64,
        input: &TenderCallInput,
        token_hash: Option<&str>,
        user: Option<UserId>,
        now: i64,
    ) -> BidResult<()> {
        let exists: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(
            "SELECT id FROM procurements WHERE org_id = $1 AND id = $2")
            .bind(org.0).bind(procurement_id).fetch_optional(p).await)?;
        if exists.is_none() {
            return Err(BidError::NotFound);
        }
        if !AWARD_METHODS.contains(&input.award_method.as_str()) {
            return Err(invalid("okänd tilldelningsgrund / unknown award method"));
        }
        if input.deadline <= now {
            return Err(invalid(
                "sista anbudstid måste ligga i framtiden / the tender deadline must be in the future",
            ));
        }
        let (model_name, model_text) = match input.lcc_model_id {
            Some(id) => match self.model(org, id).await? {
                Some(m) if m.summary.kind == ModelKind::Lcc => (m.summary.name, m.content),
                _ => {
                    return Err(invalid(
                        "LCC-kalkylen finns inte i organisationen / no such LCC model in the organisation",
                    ));
                }
            },
            None if input.award_method == "lowest_lcc" => {
                return Err(invalid(
                    "lägsta livscykelkostnad kräver en LCC-kalkyl / lowest LCC needs an LCC model",
                ));
            }
            None => (String::new(), String::new()),
        };
        let quality = input
            .quality
            .checked(&input.award_method, input.lcc_model_id.is_some())?
            .to_json();
        match self.tender_call(org, procurement_id).await? {
            Some(call) => {
                if call.is_opened() {
                    return Err(BidError::AlreadyOpened);
                }
                if now >= call.deadline {
                    return Err(BidError::DeadlinePassed);
                }
                // The conditions again in the statement: an opening between the read and
                // this write leaves the call as it was.
                let sql = "UPDATE tender_calls SET deadline = $3, award_method = $4, lcc_model_id = $5, \
                           lcc_model_name = $6, lcc_model_text = $7, updated_at = $8, quality_json = $10, \
                           token_hash = COALESCE($9, token_hash), token_set_at = CASE WHEN $9 IS NULL THEN token_set_at ELSE $8 END \
                           WHERE org_id = $1 AND procurement_id = $2 AND opened_at IS NULL AND deadline > $8";
                let n = with_pool!(self, p => sqlx::query(sql)
                    .bind(org.0).bind(procurement_id).bind(input.deadline).bind(&input.award_method)
                    .bind(input.lcc_model_id).bind(&model_name).bind(&model_text).bind(now).bind(token_hash)
                    .bind(&quality)
                    .execute(p).await.map(|r| r.rows_affected()))?;
                if n != 1 {
                    return Err(BidError::DeadlinePassed);
                }
            }
            None => {
                let Some(hash) = token_hash else {
                    return Err(invalid(
                        "en ny anbudsinbjudan behöver en inlämningslänk / a new call needs a submission link",
                    ));
                };
                let sql = "INSERT INTO tender_calls (procurement_id, org_id, deadline, award_method, lcc_model_id, \
                           lcc_model_name, lcc_model_text, token_hash, token_set_at, created_by, created_at, updated_at, \
                           quality_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $9, $11)";
                with_pool!(self, p => sqlx::query(sql)
                    .bind(procurement_id).bind(org.0).bind(input.deadline).bind(&input.award_method)
                    .bind(input.lcc_model_id).bind(&model_name).bind(&model_text).bind(hash).bind(now)
                    .bind(user.map(|u| u.0)).bind(&quality)
                    .execute(p).await.map(|r| r.rows_affected()))?;
            }
        }
        Ok(())
    }

    /// Replaces the submission link's secret (the old link stops working).
    /// Refused once the bids are opened.
    pub async fn set_tender_token(
        &self,
        org: OrgId,
        procurement_id: i64,
        token_hash: &str,
        now: i64,
    ) -> BidResult<()> {
        let call = self
            .tender_call(org, procurement_id)
            .await?
            .ok_or(BidError::NotFound)?;
        if call.is_opened() {
            return Err(BidError::AlreadyOpened);
        }
        let sql = "UPDATE tender_calls SET token_hash = $3, token_set_at = $4 \
                   WHERE org_id = $1 AND procurement_id = $2 AND opened_at IS NULL";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(procurement_id).bind(token_hash).bind(now)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n == 1 {
            Ok(())
        } else {
            Err(BidError::AlreadyOpened)
        }
    }

    /// The procurement's tender call (no bid contents), if one is set up.
    pub async fn tender_call(
        &self,
        org: OrgId,
        procurement_id: i64,
    ) -> crate::Result<Option<TenderCall>> {
        let sql = format!(
            "SELECT {CALL_COLUMNS} FROM tender_calls t LEFT JOIN users u ON u.id = t.opened_by \
             WHERE t.org_id = $1 AND t.procurement_id = $2"
        );
        let row: Option<CallTuple> = with_pool!(self, p => sqlx::query_as(&sql)
            .bind(org.0).bind(procurement_id).fetch_optional(p).await)?;
        Ok(row.map(call_of))
    }

    /// The call a submission link leads to, for the supplier's page.
    pub async fn public_call(&self, token_hash: &str) -> crate::Result<Option<PublicCall>> {
        let sql = "SELECT t.procurement_id, t.org_id, o.name, p.title, t.deadline, t.award_method, \
                   t.lcc_model_text, t.opened_at, t.quality_json FROM tender_calls t \
                   JOIN procurements p ON p.id = t.procurement_id AND p.org_id = t.org_id \
                   JOIN organisations o ON o.id = t.org_id WHERE t.token_hash = $1";
        let row: Option<(
            i64,
            i64,
            String,
            String,
            i64,
            String,
            String,
            Option<i64>,
            String,
        )> = with_pool!(self, p => sqlx::query_as(sql).bind(token_hash).fetch_optional(p).await)?;
        Ok(row.map(|t| PublicCall {
            quality: Quality::of_json(&t.8),
            procurement_id: t.0,
            org_id: OrgId(t.1),
            org_name: t.2,
            title: t.3,
            deadline: t.4,
            award_method: t.5,
            lcc_model_text: t.6,
            opened: t.7.is_some(),
        }))
    }

    /// Stores a bid sent through the submission link whose secret hashes to
    /// `token_hash`, if it arrives before the deadline (and before any
    /// opening); `receipt` is the caller's random receipt code. Nothing is
    /// stored otherwise. The deadline is checked in the same statement that
    /// inserts, so a bid cannot slip in after it.
    pub async fn submit_bid(
        &self,
        token_hash: &str,
        input: &BidInput,
        receipt: &str,
        now: i64,
    ) -> BidResult<Receipt> {
        let bid = input.checked()?;
        if receipt.is_empty() || receipt.len() > 64 {
            return Err(invalid("kvittonummer / receipt code"));
        }
        let sql = "INSERT INTO bids (procurement_id, org_id, receipt, received_at, supplier_name, supplier_orgnr, \
                   contact, price_ore, investment_ore, carrier_id, consumption, maintenance_ore, residual_ore, note) \
                   SELECT t.procurement_id, t.org_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 \
                   FROM tender_calls t WHERE t.token_hash = $1 AND t.deadline > $3 AND t.opened_at IS NULL \
                   RETURNING id";
        let row: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(sql)
            .bind(token_hash).bind(receipt).bind(now).bind(&bid.supplier_name).bind(&bid.supplier_orgnr)
            .bind(&bid.contact).bind(bid.price.0).bind(bid.investment.map(|o| o.0)).bind(bid.carrier_id.as_deref())
            .bind(bid.consumption).bind(bid.maintenance_per_year.map(|o| o.0)).bind(bid.residual_value.map(|o| o.0))
            .bind(&bid.note)
            .fetch_optional(p).await)?;
        match row {
            Some(_) => Ok(Receipt {
                receipt: receipt.to_string(),
                received_at: now,
            }),
            None => match self.public_call(token_hash).await? {
                Some(_) => Err(BidError::DeadlinePassed),
                None => Err(BidError::NotFound),
            },
        }
    }

    /// The receipts of a procurement's bids (code and time of receipt), in
    /// order of receipt: nothing about who sent them or what they contain.
    pub async fn receipts(&self, org: OrgId, procurement_id: i64) -> BidResult<Vec<Receipt>> {
        if self.tender_call(org, procurement_id).await?.is_none() {
            return Err(BidError::NotFound);
        }
        let sql = "SELECT receipt, received_at FROM bids WHERE org_id = $1 AND procurement_id = $2 \
                   ORDER BY received_at, receipt";
        let rows: Vec<(String, i64)> = with_pool!(self, p => sqlx::query_as(sql)
            .bind(org.0).bind(procurement_id).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(receipt, received_at)| Receipt {
                receipt,
                received_at,
            })
            .collect())
    }

    /// Records the opening of the bids by `user` at `now`; refused before
    /// the deadline and when already opened. Returns the opening time.
    pub async fn open_bids(
        &self,
        org: OrgId,
        procurement_id: i64,
        user: UserId,
        now: i64,
    ) -> BidResult<i64> {
        let call = self
            .tender_call(org, procurement_id)
            .await?
            .ok_or(BidError::NotFound)?;
        if call.is_opened() {
            return Err(BidError::AlreadyOpened);
        }
        if now < call.deadline {
            return Err(BidError::DeadlineNotPassed {
                deadline: call.deadline,
            });
        }
        let sql = "UPDATE tender_calls SET opened_at = $3, opened_by = $4 \
                   WHERE org_id = $1 AND procurement_id = $2 AND opened_at IS NULL AND deadline <= $3";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(procurement_id).bind(now).bind(user.0)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n == 1 {
            Ok(now)
        } else {
            Err(BidError::AlreadyOpened)
        }
    }

    /// Fails with [`BidError::Sealed`] unless the opening of the call is
    /// recorded at or before `now` (and its deadline has passed).
    async fn require_opened(&self, org: OrgId, procurement_id: i64, now: i64) -> BidResult<()> {
        let call = self
            .tender_call(org, procurement_id)
            .await?
            .ok_or(BidError::NotFound)?;
        match call.opened_at {
            Some(at) if at <= now && call.deadline <= now => Ok(()),
            _ => Err(BidError::Sealed),
        }
    }

    /// THE way to read bid contents: the procurement's bids in order of
    /// receipt, or [`BidError::Sealed`] until the opening is recorded.
    pub async fn bids(&self, org: OrgId, procurement_id: i64, now: i64) -> BidResult<Vec<Bid>> {
        self.require_opened(org, procurement_id, now).await?;
        // The seal once more in the query itself.
        let sql = format!(
            "SELECT {BID_COLUMNS} FROM bids b JOIN tender_calls t ON t.procurement_id = b.procurement_id \
             AND t.org_id = b.org_id WHERE b.org_id = $1 AND b.procurement_id = $2 \
             AND t.opened_at IS NOT NULL AND t.opened_at <= $3 AND t.deadline <= $3 \
             ORDER BY b.received_at, b.id"
        );
        let bids: Result<Vec<Bid>, sqlx::Error> = with_pool!(self, p => {
            let rows = sqlx::query(&sql).bind(org.0).bind(procurement_id).bind(now).fetch_all(p).await?;
            rows.iter().map(|r| Ok(bid_from_row!(r))).collect()
        });
        Ok(bids?)
    }

    /// Leaves an opened bid out of the evaluation with the reason (`Some`),
    /// or takes it back in (`None`). The bid itself is kept. Only after the
    /// opening and before an award decision; a stored evaluation is removed
    /// (it was of another set of bids).
    pub async fn set_bid_exclusion(
        &self,
        org: OrgId,
        procurement_id: i64,
        bid_id: i64,
        reason: Option<&str>,
        user: Option<UserId>,
        now: i64,
    ) -> BidResult<()> {
        self.require_opened(org, procurement_id, now).await?;
        let reason = match reason.map(str::trim) {
            Some("") => {
                return Err(invalid(
                    "skälet att utesluta anbudet måste anges / the reason for excluding the bid is required",
                ));
            }
            Some(r) if r.chars().count() > 2000 => {
                return Err(invalid(
                    "skälet: högst 2 000 tecken / the reason: at most 2 000 characters",
                ));
            }
            other => other,
        };
        self.require_no_award(org, procurement_id).await?;
        let sql = "UPDATE bids SET excluded_reason = $4, excluded_at = $5, excluded_by = $6 \
                   WHERE org_id = $1 AND procurement_id = $2 AND id = $3";
        let (at, by) = match reason {
            Some(_) => (Some(now), user.map(|u| u.0)),
            None => (None, None),
        };
        let n = with_pool!(self, p => sqlx::query(sql)
            .bind(org.0).bind(procurement_id).bind(bid_id).bind(reason).bind(at).bind(by)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n != 1 {
            return Err(BidError::NotFound);
        }
        self.discard_evaluation(org, procurement_id).await
    }

    /// The buyer's points for an opened bid on every quality criterion of
    /// the call (0 to the criterion's maximum). Until the award decision; a
    /// stored evaluation is removed (it used other points).
    pub async fn set_bid_scores(
        &self,
        org: OrgId,
        procurement_id: i64,
        bid_id: i64,
        scores: &BTreeMap<String, f64>,
        now: i64,
    ) -> BidResult<()> {
        self.require_opened(org, procurement_id, now).await?;
        let call = self
            .tender_call(org, procurement_id)
            .await?
            .ok_or(BidError::NotFound)?;
        let criteria = &call.quality.criteria;
        if criteria.is_empty() {
            return Err(invalid(
                "anbudsinbjudan har inga kvalitetskriterier / the call has no quality criteria",
            ));
        }
        if let Some(extra) = scores
            .keys()
            .find(|k| !criteria.iter().any(|c| &c.id == *k))
        {
            return Err(BidError::Invalid(format!(
                "okänt kriterium {extra} / unknown criterion"
            )));
        }
        for c in criteria {
            match scores.get(&c.id) {
                Some(p) if p.is_finite() && (0.0..=c.max_points).contains(p) => {}
                _ => {
                    return Err(BidError::Invalid(format!(
                        "{}: poäng 0–{} / points 0–{}",
                        c.name, c.max_points, c.max_points
                    )));
                }
            }
        }
        self.require_no_award(org, procurement_id).await?;
        let json = serde_json::to_string(scores).map_err(|e| BidError::Invalid(e.to_string()))?;
        let sql = "UPDATE bids SET scores_json = $4 WHERE org_id = $1 AND procurement_id = $2 AND id = $3";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(procurement_id).bind(bid_id).bind(&json)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n != 1 {
            return Err(BidError::NotFound);
        }
        self.discard_evaluation(org, procurement_id).await
    }

    /// Exclusions and points can change until the award decision, not after.
    async fn require_no_award(&self, org: OrgId, procurement_id: i64) -> BidResult<()> {
        if self.award(org, procurement_id).await?.is_some() {
            return Err(invalid(
                "tilldelningsbeslutet är redan registrerat / the award decision is already recorded",
            ));
        }
        Ok(())
    }

    /// A stored evaluation was of another set of bids or points: it has to be run again.
    async fn discard_evaluation(&self, org: OrgId, procurement_id: i64) -> BidResult<()> {
        let sql = "DELETE FROM bid_evaluations WHERE org_id = $1 AND procurement_id = $2";
        with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(procurement_id)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Stores (replaces) the evaluation of the opened bids.
    pub async fn save_evaluation(
        &self,
        org: OrgId,
        procurement_id: i64,
        input: &EvaluationInput,
        user: Option<UserId>,
        now: i64,
    ) -> BidResult<()> {
        self.require_opened(org, procurement_id, now).await?;
        let sql = "INSERT INTO bid_evaluations (procurement_id, org_id, tender_toml, lcc_toml, result_json, \
                   first_bid_id, computed_at, computed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                   ON CONFLICT (procurement_id) DO UPDATE SET tender_toml = EXCLUDED.tender_toml, \
                   lcc_toml = EXCLUDED.lcc_toml, result_json = EXCLUDED.result_json, \
                   first_bid_id = EXCLUDED.first_bid_id, computed_at = EXCLUDED.computed_at, \
                   computed_by = EXCLUDED.computed_by";
        with_pool!(self, p => sqlx::query(sql)
            .bind(procurement_id).bind(org.0).bind(&input.tender_toml).bind(&input.lcc_toml)
            .bind(&input.result_json).bind(input.first_bid_id).bind(now).bind(user.map(|u| u.0))
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The stored evaluation (it names bidders: sealed until the opening).
    pub async fn evaluation(
        &self,
        org: OrgId,
        procurement_id: i64,
        now: i64,
    ) -> BidResult<Option<StoredEvaluation>> {
        self.require_opened(org, procurement_id, now).await?;
        let sql = "SELECT tender_toml, lcc_toml, result_json, first_bid_id, computed_at, computed_by \
                   FROM bid_evaluations WHERE org_id = $1 AND procurement_id = $2";
        let row: Option<(String, String, String, Option<i64>, i64, Option<i64>)> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(procurement_id).fetch_optional(p).await)?;
        Ok(row.map(|t| StoredEvaluation {
            tender_toml: t.0,
            lcc_toml: t.1,
            result_json: t.2,
            first_bid_id: t.3,
            computed_at: t.4,
            computed_by: t.5.map(UserId),
        }))
    }

    /// Records (or changes) the award decision. Only after the opening, for
    /// a bid of this procurement, with reasons; a changed decision clears
    /// the notice date (a new decision needs a new notice and standstill).
    /// Refused once the contract is signed.
    pub async fn decide_award(
        &self,
        org: OrgId,
        procurement_id: i64,
        input: &AwardInput,
        user: Option<UserId>,
        now: i64,
    ) -> BidResult<()> {
        self.require_opened(org, procurement_id, now).await?;
        let reasons = input.reasons.trim();
        if reasons.is_empty() {
            return Err(invalid(
                "skälen för beslutet måste anges / the reasons for the decision are required",
            ));
        }
        let bid: Option<(i64, Option<String>)> = with_pool!(self, p => sqlx::query_as(
            "SELECT id, excluded_reason FROM bids WHERE org_id = $1 AND procurement_id = $2 AND id = $3")
            .bind(org.0).bind(procurement_id).bind(input.bid_id).fetch_optional(p).await)?;
        match bid {
            None => {
                return Err(invalid(
                    "anbudet hör inte till upphandlingen / the bid does not belong to this procurement",
                ));
            }
            Some((_, Some(_))) => {
                return Err(invalid(
                    "anbudet är uteslutet från utvärderingen / the bid is excluded from the evaluation",
                ));
            }
            Some(_) => {}
        }
        if let Some(a) = self.award(org, procurement_id).await?
            && a.contract_signed.is_some()
        {
            return Err(BidError::ContractSigned);
        }
        let sql = "INSERT INTO awards (procurement_id, org_id, bid_id, reasons, decided_at, decided_by, \
                   evaluation_json, winner_kg_co2e, winner_kwh, reference_kg_co2e, reference_kwh, \
                   notice_sent, standstill_end, contract_signed) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL, NULL) \
                   ON CONFLICT (procurement_id) DO UPDATE SET bid_id = EXCLUDED.bid_id, \
                   reasons = EXCLUDED.reasons, decided_at = EXCLUDED.decided_at, decided_by = EXCLUDED.decided_by, \
                   evaluation_json = EXCLUDED.evaluation_json, winner_kg_co2e = EXCLUDED.winner_kg_co2e, \
                   winner_kwh = EXCLUDED.winner_kwh, reference_kg_co2e = EXCLUDED.reference_kg_co2e, \
                   reference_kwh = EXCLUDED.reference_kwh, notice_sent = NULL, standstill_end = NULL \
                   WHERE awards.contract_signed IS NULL";
        with_pool!(self, p => sqlx::query(sql)
            .bind(procurement_id).bind(org.0).bind(input.bid_id).bind(reasons).bind(now)
            .bind(user.map(|u| u.0)).bind(&input.evaluation_json).bind(input.winner_kg_co2e)
            .bind(input.winner_kwh).bind(input.reference_kg_co2e).bind(input.reference_kwh)
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Records when the award notice was sent to all tenderers and the last
    /// day of the standstill period that follows (the caller computes it:
    /// `upphandla_core::process::standstill_end`). Not in the future.
    pub async fn set_award_notice(
        &self,
        org: OrgId,
        procurement_id: i64,
        notice_sent: Date,
        standstill_end: Date,
        today: Date,
    ) -> BidResult<()> {
        let award = self
            .award(org, procurement_id)
            .await?
            .ok_or(BidError::NoAward)?;
        if award.contract_signed.is_some() {
            return Err(BidError::ContractSigned);
        }
        if notice_sent > today {
            return Err(invalid(
                "underrättelsen kan inte vara skickad i framtiden / the notice cannot be sent in the future",
            ));
        }
        if standstill_end <= notice_sent {
            return Err(invalid(
                "avtalsspärren slutar efter dagen då underrättelsen skickades / the standstill ends after the notice date",
            ));
        }
        let sql = "UPDATE awards SET notice_sent = $3, standstill_end = $4 \
                   WHERE org_id = $1 AND procurement_id = $2 AND contract_signed IS NULL";
        with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(procurement_id)
            .bind(notice_sent.to_string()).bind(standstill_end.to_string())
            .execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Records the contract signing date: only after the standstill period
    /// (a day after its last day) and not in the future.
    pub async fn set_contract_signed(
        &self,
        org: OrgId,
        procurement_id: i64,
        signed: Date,
        today: Date,
    ) -> BidResult<()> {
        let award = self
            .award(org, procurement_id)
            .await?
            .ok_or(BidError::NoAward)?;
        if award.contract_signed.is_some() {
            return Err(BidError::ContractSigned);
        }
        let Some(end) = award.standstill_end else {
            return Err(invalid(
                "ange först när underrättelsen om tilldelningsbeslutet skickades / first record when the award notice was sent",
            ));
        };
        if signed <= end {
            return Err(BidError::Standstill { end });
        }
        if signed > today {
            return Err(invalid(
                "avtalet kan inte vara undertecknat i framtiden / the contract cannot be signed in the future",
            ));
        }
        let sql = "UPDATE awards SET contract_signed = $3 \
                   WHERE org_id = $1 AND procurement_id = $2 AND contract_signed IS NULL AND standstill_end < $3";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(procurement_id).bind(signed.to_string())
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n == 1 {
            Ok(())
        } else {
            Err(BidError::ContractSigned)
        }
    }

    /// The award decision of a procurement, with the winning bid's supplier
    /// and price and the climate figures for the procurement's baseline.
    /// (A decision exists only after the opening, so nothing sealed shows.)
    pub async fn award(&self, org: OrgId, procurement_id: i64) -> crate::Result<Option<Award>> {
        let sql = "SELECT a.bid_id, b.supplier_name, b.supplier_orgnr, b.price_ore, a.reasons, \
                   a.decided_at, a.decided_by, COALESCE(u.name, ''), a.evaluation_json, a.winner_kg_co2e, \
                   a.winner_kwh, a.reference_kg_co2e, a.reference_kwh, a.notice_sent, a.standstill_end, \
                   a.contract_signed FROM awards a JOIN bids b ON b.id = a.bid_id AND b.org_id = a.org_id \
                   JOIN tender_calls t ON t.procurement_id = a.procurement_id AND t.opened_at IS NOT NULL \
                   LEFT JOIN users u ON u.id = a.decided_by WHERE a.org_id = $1 AND a.procurement_id = $2";
        type Row = (
            i64,
            String,
            String,
            i64,
            String,
            i64,
            Option<i64>,
            String,
            String,
            Option<f64>,
            Option<f64>,
            Option<f64>,
            Option<f64>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = with_pool!(self, p => sqlx::query_as(sql)
            .bind(org.0).bind(procurement_id).fetch_optional(p).await)?;
        Ok(row.map(|t| Award {
            procurement_id,
            bid_id: t.0,
            supplier_name: t.1,
            supplier_orgnr: t.2,
            price: Ore(t.3),
            reasons: t.4,
            decided_at: t.5,
            decided_by: t.6.map(UserId),
            decided_by_name: t.7,
            evaluation_json: t.8,
            winner_kg_co2e: t.9,
            winner_kwh: t.10,
            reference_kg_co2e: t.11,
            reference_kwh: t.12,
            notice_sent: opt_date(t.13),
            standstill_end: opt_date(t.14),
            contract_signed: opt_date(t.15),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_numbers_need_the_right_check_digit() {
        assert_eq!(
            normalise_orgnr("556036-0793").as_deref(),
            Some("556036-0793")
        );
        assert_eq!(
            normalise_orgnr("5560360793").as_deref(),
            Some("556036-0793")
        );
        assert_eq!(
            normalise_orgnr("16556036-0793").as_deref(),
            Some("556036-0793")
        );
        assert_eq!(
            normalise_orgnr(" 212000-0142 ").as_deref(),
            Some("212000-0142")
        );
        assert_eq!(normalise_orgnr("556036-0794"), None);
        assert_eq!(normalise_orgnr("55603607"), None);
        assert_eq!(normalise_orgnr("556036-079X"), None);
        assert_eq!(normalise_orgnr("99556036-0793"), None);
        assert_eq!(normalise_orgnr(""), None);
    }
}
