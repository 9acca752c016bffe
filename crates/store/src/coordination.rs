//! Sharing with the coordinating body (samordnare) and good examples.
//!
//! A member organisation decides per procurement and per contract what its
//! coordinating body sees (`shared`). Every coordinator read joins
//! `coordination` on the member and filters `shared = 1`, so a coordinator
//! never gets an unshared row nor a row of an organisation it does not
//! coordinate; changing a flag is scoped by the owning [`OrgId`].
//!
//! Good examples are published by their organisation and read by everyone.
//! What a reader gets is [`GoodExample`]: it has no organisation id, and the
//! organisation's name only when the example is named, so an anonymised
//! example cannot leak who published it through the struct a page renders.

use std::collections::{BTreeMap, BTreeSet};

use upphandla_core::criteria::Ambition;
use upphandla_core::date::Date;
use upphandla_core::money::Ore;

use crate::{
    BaselineMethod, OrgId, ProcurementStatus, Result, Store, UserId, now, opt_date, with_pool,
};

/// A member's procurement as its coordinator sees it: what it is, where it
/// stands, the contract period, the climate baseline and the chosen
/// criteria. No reference number, description, team, bids or prices.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedProcurement {
    pub id: i64,
    pub org_id: OrgId,
    pub org_name: String,
    pub title: String,
    pub cpv_codes: Vec<String>,
    pub spend_category: String,
    pub status: ProcurementStatus,
    pub stage: String,
    pub ambition: Option<String>,
    pub contract_start: Option<Date>,
    pub contract_end: Option<Date>,
    pub baseline_method: Option<BaselineMethod>,
    pub baseline_kg_co2e: Option<f64>,
    pub baseline_kwh: Option<f64>,
    /// Library ids of the chosen criteria, sorted.
    pub criteria: Vec<String>,
}

/// A member's contract as its coordinator sees it: the period, the value
/// and the supplier for joint planning; no manager, no follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedContract {
    pub id: i64,
    pub org_id: OrgId,
    pub org_name: String,
    pub title: String,
    pub supplier_name: String,
    pub cpv: String,
    pub category: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub final_end_date: Option<Date>,
    pub extension_months: i64,
    pub value: Option<Ore>,
}

/// A member's goal shared with its coordinator.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedGoal {
    pub id: i64,
    pub org_id: OrgId,
    pub org_name: String,
    pub kind: String,
    pub title: String,
    pub base_year: i64,
    pub base_value: f64,
    pub target_year: i64,
    pub target_value: f64,
    pub unit: String,
}

/// What two or more members' contracts have in common.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKey {
    /// The same spend category id.
    Category(String),
    /// The same CPV group: the first three digits of the code.
    CpvGroup(String),
}

/// Shared contracts of at least two members that end in the window and
/// have a [`MatchKey`] in common: a candidate for a joint procurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunity {
    pub key: MatchKey,
    /// The members involved (id, name), by name.
    pub orgs: Vec<(OrgId, String)>,
    /// Their contracts ending in the window, by end date.
    pub contracts: Vec<SharedContract>,
    /// The sum of the known contract values.
    pub combined_value: Ore,
    /// Contracts whose value is not recorded (not in the sum).
    pub unknown_values: usize,
}

/// The CPV group of a code (`34110000-1` → `341`): the level at which
/// contracts are close enough to be bought together (see docs/method.md).
pub fn cpv_group(code: &str) -> Option<String> {
    let digits: String = code
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (digits.len() >= 3).then(|| digits[..3].to_string())
}

/// Groups shared contracts ending in `[from, to]` into opportunities:
/// first by spend category, then by CPV group; a CPV group whose contracts
/// are exactly those of a category already listed is not listed again.
/// Only keys with contracts of two or more organisations count.
pub fn joint_opportunities(contracts: &[SharedContract], from: Date, to: Date) -> Vec<Opportunity> {
    let in_window: Vec<&SharedContract> = contracts
        .iter()
        .filter(|c| c.end_date.is_some_and(|d| d >= from && d <= to))
        .collect();
    let mut groups: BTreeMap<MatchKey, Vec<&SharedContract>> = BTreeMap::new();
    for c in &in_window {
        if !c.category.trim().is_empty() {
            groups
                .entry(MatchKey::Category(c.category.trim().to_string()))
                .or_default()
                .push(c);
        }
        let mut seen = BTreeSet::new();
        for code in c.cpv.split([',', ' ', ';']) {
            if let Some(g) = cpv_group(code)
                && seen.insert(g.clone())
            {
                groups.entry(MatchKey::CpvGroup(g)).or_default().push(c);
            }
        }
    }
    let mut listed: Vec<BTreeSet<i64>> = Vec::new();
    let mut out = Vec::new();
    // BTreeMap order puts every Category before every CpvGroup.
    for (key, mut list) in groups {
        let orgs: BTreeMap<OrgId, String> = list
            .iter()
            .map(|c| (c.org_id, c.org_name.clone()))
            .collect();
        if orgs.len() < 2 {
            continue;
        }
        let ids: BTreeSet<i64> = list.iter().map(|c| c.id).collect();
        if listed.contains(&ids) {
            continue;
        }
        listed.push(ids);
        list.sort_by(|a, b| a.end_date.cmp(&b.end_date).then(a.id.cmp(&b.id)));
        let mut orgs: Vec<(OrgId, String)> = orgs.into_iter().collect();
        orgs.sort_by(|a, b| a.1.cmp(&b.1));
        out.push(Opportunity {
            key,
            orgs,
            combined_value: Ore(list.iter().filter_map(|c| c.value).map(|v| v.0).sum()),
            unknown_values: list.iter().filter(|c| c.value.is_none()).count(),
            contracts: list.into_iter().cloned().collect(),
        });
    }
    out
}

/// One cell of the requirement-level comparison: what one organisation
/// chose for one product group in its shared procurements.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LevelCell {
    /// Chosen criteria per ambition level (bas, avancerad, spjutspets).
    pub levels: BTreeMap<Ambition, usize>,
    /// Shared procurements in the group (by CPV or category).
    pub procurements: usize,
    /// Of those, procurements with no criterion of the group.
    pub without_criteria: usize,
}

/// Product group × organisation → [`LevelCell`]. `criterion` maps a library
/// id to (group, level); `groups_of` maps a procurement to the product
/// groups its CPV codes or spend category belong to. Both come from the
/// criteria library, which the store does not know.
pub fn level_comparison(
    procurements: &[SharedProcurement],
    criterion: impl Fn(&str) -> Option<(String, Ambition)>,
    groups_of: impl Fn(&SharedProcurement) -> Vec<String>,
) -> BTreeMap<String, BTreeMap<OrgId, LevelCell>> {
    let mut out: BTreeMap<String, BTreeMap<OrgId, LevelCell>> = BTreeMap::new();
    for p in procurements {
        let mut chosen_groups = BTreeSet::new();
        for id in &p.criteria {
            if let Some((group, level)) = criterion(id) {
                let cell = out
                    .entry(group.clone())
                    .or_default()
                    .entry(p.org_id)
                    .or_default();
                *cell.levels.entry(level).or_default() += 1;
                chosen_groups.insert(group);
            }
        }
        let mut groups: BTreeSet<String> = groups_of(p).into_iter().collect();
        groups.extend(chosen_groups.iter().cloned());
        for group in groups {
            let cell = out
                .entry(group.clone())
                .or_default()
                .entry(p.org_id)
                .or_default();
            cell.procurements += 1;
            if !chosen_groups.contains(&group) {
                cell.without_criteria += 1;
            }
        }
    }
    out
}

/// What an organisation writes when it publishes a good example.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoodExampleInput {
    pub title: String,
    /// A criteria product group id.
    pub product_group: String,
    pub summary: String,
    pub lessons: String,
    pub anonymised: bool,
}

/// A published good example as every reader gets it. There is no
/// organisation id and, when anonymised, no organisation name: what is not
/// here cannot be rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct GoodExample {
    pub id: i64,
    pub title: String,
    pub product_group: String,
    pub summary: String,
    pub lessons: String,
    pub anonymised: bool,
    /// The publishing organisation's name; `None` when anonymised.
    pub org_name: Option<String>,
    pub published_at: i64,
    /// The procurement's ambition level, chosen criteria and contract period.
    pub ambition: Option<String>,
    pub criteria: Vec<String>,
    pub contract_start: Option<Date>,
    pub contract_end: Option<Date>,
    /// The climate baseline and the award's life-cycle figures (no prices,
    /// no supplier).
    pub baseline_kg_co2e: Option<f64>,
    pub baseline_kwh: Option<f64>,
    pub award: Option<AwardClimate>,
}

/// The climate side of an award decided with an LCC model.
#[derive(Debug, Clone, PartialEq)]
pub struct AwardClimate {
    pub award_method: String,
    pub used_lcc_model: bool,
    pub winner_kg_co2e: Option<f64>,
    pub winner_kwh: Option<f64>,
    pub reference_kg_co2e: Option<f64>,
    pub reference_kwh: Option<f64>,
}

/// What publishing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    Published(i64),
    /// No such procurement in the organisation.
    NotFound,
    /// The procurement is neither completed nor awarded.
    NotEligible,
}

const SHARED_PROC_COLUMNS: &str = "p.id, p.org_id, o.name, p.title, p.cpv_codes, p.spend_category, \
    p.status, p.stage, p.ambition, p.contract_start, p.contract_end, p.baseline_method, \
    p.baseline_kg_co2e, p.baseline_kwh";

type SharedProcTuple = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
);

fn split_cpv(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn shared_procurement(t: SharedProcTuple) -> SharedProcurement {
    SharedProcurement {
        id: t.0,
        org_id: OrgId(t.1),
        org_name: t.2,
        title: t.3,
        cpv_codes: split_cpv(&t.4),
        spend_category: t.5,
        status: ProcurementStatus::parse(&t.6).unwrap_or(ProcurementStatus::Active),
        stage: t.7,
        ambition: t.8,
        contract_start: opt_date(t.9),
        contract_end: opt_date(t.10),
        baseline_method: t.11.as_deref().and_then(BaselineMethod::parse),
        baseline_kg_co2e: t.12,
        baseline_kwh: t.13,
        criteria: Vec::new(),
    }
}

const SHARED_CONTRACT_COLUMNS: &str = "k.id, k.org_id, o.name, k.title, k.supplier_name, k.cpv, k.category, \
    k.start_date, k.end_date, k.final_end_date, k.extension_months, k.value_ore";

type SharedContractTuple = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
);

fn shared_contract(t: SharedContractTuple) -> SharedContract {
    SharedContract {
        id: t.0,
        org_id: OrgId(t.1),
        org_name: t.2,
        title: t.3,
        supplier_name: t.4,
        cpv: t.5,
        category: t.6,
        start_date: opt_date(t.7),
        end_date: opt_date(t.8),
        final_end_date: opt_date(t.9),
        extension_months: t.10,
        value: t.11.map(Ore),
    }
}

/// Procurements that may be published: completed, or with a recorded award.
const ELIGIBLE: &str =
    "(p.status = 'completed' OR EXISTS (SELECT 1 FROM awards a WHERE a.procurement_id = p.id))";

impl Store {
    // --- sharing, by the member organisation ---

    /// Shares (or stops sharing) the procurement and the contract that came
    /// from it with the organisation's coordinating bodies. False when the
    /// procurement is not the organisation's.
    pub async fn set_procurement_shared(&self, org: OrgId, id: i64, shared: bool) -> Result<bool> {
        let proc_sql = "UPDATE procurements SET shared = $3 WHERE org_id = $1 AND id = $2";
        let contract_sql =
            "UPDATE contracts SET shared = $3 WHERE org_id = $1 AND procurement_id = $2";
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query(proc_sql).bind(org.0).bind(id).bind(shared as i64)
                .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(contract_sql).bind(org.0).bind(id).bind(shared as i64)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    /// Whether the organisation's procurement is shared; `None` when not its own.
    pub async fn procurement_shared(&self, org: OrgId, id: i64) -> Result<Option<bool>> {
        let sql = "SELECT shared FROM procurements WHERE org_id = $1 AND id = $2";
        let row: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|r| r.0 != 0))
    }

    // --- the coordinator's reads: members only, shared only ---

    /// Whether `member` is coordinated by `coordinator`.
    pub async fn is_coordinated_by(&self, coordinator: OrgId, member: OrgId) -> Result<bool> {
        let sql = "SELECT 1 FROM coordination WHERE coordinator_id = $1 AND member_id = $2";
        let row: Option<(i32,)> = with_pool!(self, p => sqlx::query_as(sql).bind(coordinator.0).bind(member.0).fetch_optional(p).await)?;
        Ok(row.is_some())
    }

    /// The procurements members have shared with `coordinator`, with their
    /// chosen criteria, by organisation name and title.
    pub async fn coordinator_procurements(
        &self,
        coordinator: OrgId,
    ) -> Result<Vec<SharedProcurement>> {
        let sql = format!(
            "SELECT {SHARED_PROC_COLUMNS} FROM procurements p \
             JOIN coordination c ON c.member_id = p.org_id \
             JOIN organisations o ON o.id = p.org_id \
             WHERE c.coordinator_id = $1 AND p.shared = 1 ORDER BY o.name, p.title, p.id"
        );
        let rows: Vec<SharedProcTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(coordinator.0).fetch_all(p).await)?;
        let crit_sql = "SELECT pc.procurement_id, pc.criterion_id FROM procurement_criteria pc \
             JOIN procurements p ON p.id = pc.procurement_id \
             JOIN coordination c ON c.member_id = p.org_id \
             WHERE c.coordinator_id = $1 AND p.shared = 1 ORDER BY pc.criterion_id";
        let crits: Vec<(i64, String)> =
            with_pool!(self, p => sqlx::query_as(crit_sql).bind(coordinator.0).fetch_all(p).await)?;
        let mut out: Vec<SharedProcurement> = rows.into_iter().map(shared_procurement).collect();
        for (pid, cid) in crits {
            if let Some(p) = out.iter_mut().find(|p| p.id == pid) {
                p.criteria.push(cid);
            }
        }
        Ok(out)
    }

    /// The contracts members have shared with `coordinator`, by end date:
    /// those marked shared and those that came from a shared procurement
    /// (also when the contract was registered after the sharing).
    pub async fn coordinator_contracts(&self, coordinator: OrgId) -> Result<Vec<SharedContract>> {
        let sql = format!(
            "SELECT {SHARED_CONTRACT_COLUMNS} FROM contracts k \
             JOIN coordination c ON c.member_id = k.org_id \
             JOIN organisations o ON o.id = k.org_id \
             WHERE c.coordinator_id = $1 AND (k.shared = 1 OR EXISTS (SELECT 1 FROM procurements p \
             WHERE p.id = k.procurement_id AND p.org_id = k.org_id AND p.shared = 1)) \
             ORDER BY k.end_date, o.name, k.id"
        );
        let rows: Vec<SharedContractTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(coordinator.0).fetch_all(p).await)?;
        Ok(rows.into_iter().map(shared_contract).collect())
    }

    /// The goals members have shared with `coordinator`.
    pub async fn coordinator_goals(&self, coordinator: OrgId) -> Result<Vec<SharedGoal>> {
        let sql = "SELECT g.id, g.org_id, o.name, g.kind, g.title, g.base_year, g.base_value, \
             g.target_year, g.target_value, g.unit FROM goals g \
             JOIN coordination c ON c.member_id = g.org_id \
             JOIN organisations o ON o.id = g.org_id \
             WHERE c.coordinator_id = $1 AND g.shared = 1 ORDER BY o.name, g.target_year, g.id";
        let rows: Vec<(i64, i64, String, String, String, i64, f64, i64, f64, String)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(coordinator.0).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|t| SharedGoal {
                id: t.0,
                org_id: OrgId(t.1),
                org_name: t.2,
                kind: t.3,
                title: t.4,
                base_year: t.5,
                base_value: t.6,
                target_year: t.7,
                target_value: t.8,
                unit: t.9,
            })
            .collect())
    }

    /// Joint procurement opportunities among the members' shared contracts
    /// ending in `[from, to]` (see [`joint_opportunities`]).
    pub async fn coordinator_opportunities(
        &self,
        coordinator: OrgId,
        from: Date,
        to: Date,
    ) -> Result<Vec<Opportunity>> {
        let contracts = self.coordinator_contracts(coordinator).await?;
        Ok(joint_opportunities(&contracts, from, to))
    }

    // --- good examples ---

    /// Publishes (or updates) the procurement as a good example. Only a
    /// procurement of `org` that is completed or awarded can be published.
    pub async fn publish_good_example(
        &self,
        org: OrgId,
        procurement_id: i64,
        input: &GoodExampleInput,
        user: Option<UserId>,
    ) -> Result<Publish> {
        let sql = format!(
            "INSERT INTO good_examples (org_id, procurement_id, anonymised, title, product_group, \
             summary, lessons, published_by, published_at) \
             SELECT p.org_id, p.id, $3, $4, $5, $6, $7, $8, $9 FROM procurements p \
             WHERE p.org_id = $1 AND p.id = $2 AND {ELIGIBLE} \
             ON CONFLICT (procurement_id) DO UPDATE SET anonymised = excluded.anonymised, \
             title = excluded.title, product_group = excluded.product_group, \
             summary = excluded.summary, lessons = excluded.lessons, \
             published_by = excluded.published_by, published_at = excluded.published_at \
             RETURNING id"
        );
        let row: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(&sql)
            .bind(org.0).bind(procurement_id).bind(input.anonymised as i64)
            .bind(input.title.trim()).bind(input.product_group.trim())
            .bind(input.summary.trim()).bind(input.lessons.trim())
            .bind(user.map(|u| u.0)).bind(now())
            .fetch_optional(p).await)?;
        if let Some((id,)) = row {
            return Ok(Publish::Published(id));
        }
        let exists = "SELECT id FROM procurements WHERE org_id = $1 AND id = $2";
        let found: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(exists).bind(org.0).bind(procurement_id).fetch_optional(p).await)?;
        Ok(match found {
            Some(_) => Publish::NotEligible,
            None => Publish::NotFound,
        })
    }

    /// Whether the organisation's procurement may be published.
    pub async fn may_publish(&self, org: OrgId, procurement_id: i64) -> Result<bool> {
        let sql = format!(
            "SELECT p.id FROM procurements p WHERE p.org_id = $1 AND p.id = $2 AND {ELIGIBLE}"
        );
        let row: Option<(i64,)> = with_pool!(self, p => sqlx::query_as(&sql).bind(org.0).bind(procurement_id).fetch_optional(p).await)?;
        Ok(row.is_some())
    }

    /// Withdraws the organisation's good example of the procurement.
    pub async fn unpublish_good_example(&self, org: OrgId, procurement_id: i64) -> Result<bool> {
        let sql = "DELETE FROM good_examples WHERE org_id = $1 AND procurement_id = $2";
        let n = with_pool!(self, p => sqlx::query(sql).bind(org.0).bind(procurement_id).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// The organisation's own publication of the procurement, for its
    /// publish form: (example id, what was written).
    pub async fn own_good_example(
        &self,
        org: OrgId,
        procurement_id: i64,
    ) -> Result<Option<(i64, GoodExampleInput)>> {
        let sql = "SELECT id, title, product_group, summary, lessons, anonymised FROM good_examples \
                   WHERE org_id = $1 AND procurement_id = $2";
        let row: Option<(i64, String, String, String, String, i64)> = with_pool!(self, p => sqlx::query_as(sql).bind(org.0).bind(procurement_id).fetch_optional(p).await)?;
        Ok(row.map(|t| {
            (
                t.0,
                GoodExampleInput {
                    title: t.1,
                    product_group: t.2,
                    summary: t.3,
                    lessons: t.4,
                    anonymised: t.5 != 0,
                },
            )
        }))
    }

    /// Published good examples of every organisation, newest first;
    /// `group` filters by product group, `text` (case-insensitive) by
    /// title, summary, lessons and, for named examples, the name.
    pub async fn good_examples(
        &self,
        group: Option<&str>,
        text: Option<&str>,
    ) -> Result<Vec<GoodExample>> {
        let sql = format!(
            "{EXAMPLE_SELECT} WHERE ($1 = '' OR e.product_group = $1) ORDER BY e.published_at DESC, e.id DESC"
        );
        let rows: Vec<ExampleTuple> = with_pool!(self, p => sqlx::query_as(&sql)
            .bind(group.unwrap_or("").trim()).fetch_all(p).await)?;
        let needle = text.map(|t| t.trim().to_lowercase()).unwrap_or_default();
        let mut out = Vec::new();
        for t in rows {
            let e = good_example(t);
            let hay = format!(
                "{} {} {} {}",
                e.title,
                e.summary,
                e.lessons,
                e.org_name.as_deref().unwrap_or("")
            )
            .to_lowercase();
            if needle.is_empty() || hay.contains(&needle) {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// One published good example with its procurement's criteria and the
    /// climate side of its award.
    pub async fn good_example(&self, id: i64) -> Result<Option<GoodExample>> {
        let sql = format!("{EXAMPLE_SELECT} WHERE e.id = $1");
        let row: Option<ExampleTuple> =
            with_pool!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
        let Some(t) = row else { return Ok(None) };
        let mut e = good_example(t);
        let crit = "SELECT pc.criterion_id FROM procurement_criteria pc \
                    JOIN good_examples e ON e.procurement_id = pc.procurement_id \
                    WHERE e.id = $1 ORDER BY pc.criterion_id";
        let rows: Vec<(String,)> =
            with_pool!(self, p => sqlx::query_as(crit).bind(id).fetch_all(p).await)?;
        e.criteria = rows.into_iter().map(|r| r.0).collect();
        let award = "SELECT t.award_method, t.lcc_model_text, a.winner_kg_co2e, a.winner_kwh, \
                     a.reference_kg_co2e, a.reference_kwh FROM awards a \
                     JOIN tender_calls t ON t.procurement_id = a.procurement_id \
                     JOIN good_examples e ON e.procurement_id = a.procurement_id WHERE e.id = $1";
        let row: Option<(
            String,
            String,
            Option<f64>,
            Option<f64>,
            Option<f64>,
            Option<f64>,
        )> = with_pool!(self, p => sqlx::query_as(award).bind(id).fetch_optional(p).await)?;
        e.award = row.map(|t| AwardClimate {
            award_method: t.0,
            used_lcc_model: !t.1.trim().is_empty(),
            winner_kg_co2e: t.2,
            winner_kwh: t.3,
            reference_kg_co2e: t.4,
            reference_kwh: t.5,
        });
        Ok(Some(e))
    }

    /// The owner and procurement behind a good example, for computing its
    /// measured result. Never rendered: pages show [`GoodExample`].
    pub async fn good_example_source(&self, id: i64) -> Result<Option<(OrgId, i64)>> {
        let sql = "SELECT org_id, procurement_id FROM good_examples WHERE id = $1";
        let row: Option<(i64, i64)> =
            with_pool!(self, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|(o, p)| (OrgId(o), p)))
    }
}

const EXAMPLE_SELECT: &str = "SELECT e.id, e.title, e.product_group, e.summary, e.lessons, \
    e.anonymised, CASE WHEN e.anonymised = 0 THEN o.name ELSE NULL END, e.published_at, \
    p.ambition, p.contract_start, p.contract_end, p.baseline_kg_co2e, p.baseline_kwh \
    FROM good_examples e JOIN procurements p ON p.id = e.procurement_id \
    JOIN organisations o ON o.id = e.org_id";

type ExampleTuple = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
);

fn good_example(t: ExampleTuple) -> GoodExample {
    let anonymised = t.5 != 0;
    GoodExample {
        id: t.0,
        title: t.1,
        product_group: t.2,
        summary: t.3,
        lessons: t.4,
        anonymised,
        // The SQL already withholds it; this keeps it so if the SQL changes.
        org_name: if anonymised { None } else { t.6 },
        published_at: t.7,
        ambition: t.8,
        criteria: Vec::new(),
        contract_start: opt_date(t.9),
        contract_end: opt_date(t.10),
        baseline_kg_co2e: t.11,
        baseline_kwh: t.12,
        award: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(id: i64, org: i64, cpv: &str, category: &str, end: &str) -> SharedContract {
        SharedContract {
            id,
            org_id: OrgId(org),
            org_name: format!("Org {org}"),
            title: format!("Avtal {id}"),
            supplier_name: String::new(),
            cpv: cpv.into(),
            category: category.into(),
            start_date: None,
            end_date: Date::parse_iso(end),
            final_end_date: None,
            extension_months: 0,
            value: Some(Ore(100 * id)),
        }
    }

    #[test]
    fn cpv_groups_take_three_digits() {
        assert_eq!(cpv_group("34110000-1").as_deref(), Some("341"));
        assert_eq!(cpv_group(" 09134200 ").as_deref(), Some("091"));
        assert_eq!(cpv_group("34"), None);
        assert_eq!(cpv_group("x341"), None);
    }

    #[test]
    fn opportunities_need_two_organisations_in_the_window() {
        let from = Date::new(2027, 1, 1).unwrap();
        let to = Date::new(2028, 6, 30).unwrap();
        let contracts = vec![
            contract(1, 1, "34110000-1", "vehicles", "2027-05-31"),
            contract(2, 2, "34130000-7", "vehicles", "2028-01-31"),
            // Outside the window.
            contract(3, 3, "34110000-1", "vehicles", "2029-01-31"),
            // Same CPV group as 4 below but another category: a CPV match.
            contract(4, 1, "09134200-9", "fuel", "2027-03-01"),
            contract(5, 2, "09134100-8", "", "2027-04-01"),
            // Alone in its group.
            contract(6, 1, "31500000-1", "lighting", "2027-02-01"),
            // Two contracts of one organisation: not joint.
            contract(7, 3, "45000000-7", "construction", "2027-02-01"),
            contract(8, 3, "45000000-7", "construction", "2027-03-01"),
        ];
        let out = joint_opportunities(&contracts, from, to);
        let keys: Vec<&MatchKey> = out.iter().map(|o| &o.key).collect();
        // vehicles by category; CPV 341 has the same two contracts and is not repeated.
        assert_eq!(
            keys,
            vec![
                &MatchKey::Category("vehicles".into()),
                &MatchKey::CpvGroup("091".into())
            ]
        );
        assert_eq!(
            out[0].contracts.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert_eq!(out[0].combined_value, Ore(300));
        assert_eq!(out[1].orgs.len(), 2);
    }

    #[test]
    fn level_comparison_counts_levels_and_procurements_without_criteria() {
        let p = |id: i64, org: i64, criteria: &[&str], cpv: &str| SharedProcurement {
            id,
            org_id: OrgId(org),
            org_name: String::new(),
            title: String::new(),
            cpv_codes: vec![cpv.into()],
            spend_category: String::new(),
            status: ProcurementStatus::Active,
            stage: String::new(),
            ambition: None,
            contract_start: None,
            contract_end: None,
            baseline_method: None,
            baseline_kg_co2e: None,
            baseline_kwh: None,
            criteria: criteria.iter().map(|c| c.to_string()).collect(),
        };
        let procs = vec![
            p(1, 1, &["f-bas", "f-adv"], "34110000"),
            p(2, 2, &[], "34110000"),
        ];
        let out = level_comparison(
            &procs,
            |id| match id {
                "f-bas" => Some(("fordon".into(), Ambition::Bas)),
                "f-adv" => Some(("fordon".into(), Ambition::Avancerad)),
                _ => None,
            },
            |p| {
                if p.cpv_codes.iter().any(|c| c.starts_with("341")) {
                    vec!["fordon".into()]
                } else {
                    vec![]
                }
            },
        );
        let fordon = &out["fordon"];
        assert_eq!(fordon[&OrgId(1)].levels.len(), 2);
        assert_eq!(fordon[&OrgId(1)].without_criteria, 0);
        assert_eq!(fordon[&OrgId(2)].procurements, 1);
        assert_eq!(fordon[&OrgId(2)].without_criteria, 1);
        assert!(fordon[&OrgId(2)].levels.is_empty());
    }
}
