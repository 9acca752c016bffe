//! The contract register (avtalsregister): contracts with supplier, dates,
//! options to extend, value, CPV and spend category, imported from a file,
//! created when a procurement is awarded, or entered by hand.
//!
//! Every function takes the [`OrgId`]; a contract of another organisation is
//! "not found". A linked procurement must belong to the same organisation:
//! the INSERT/UPDATE checks that in SQL, so a forged id links nothing.

use serde::Serialize;
use upphandla_core::date::Date;

use crate::{OrgId, Result, Store, StoreError, UserId, normalise_orgnr, stored_date, with_pool};

/// Longest extension accepted: 20 years of options is already far beyond
/// what LOU allows without special reasons (4 years for framework agreements).
pub const MAX_EXTENSION_MONTHS: u32 = 240;

/// Where a contract in the register came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContractSource {
    Import,
    Award,
    Manual,
}

impl ContractSource {
    pub const ALL: [ContractSource; 3] = [
        ContractSource::Import,
        ContractSource::Award,
        ContractSource::Manual,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContractSource::Import => "import",
            ContractSource::Award => "award",
            ContractSource::Manual => "manual",
        }
    }

    pub fn parse(key: &str) -> Option<ContractSource> {
        ContractSource::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What is entered for a contract (form, import row or award).
#[derive(Debug, Clone, PartialEq)]
pub struct ContractInput {
    pub reference: String,
    pub title: String,
    pub supplier_name: String,
    /// `NNNNNN-NNNN` (as [`normalise_orgnr`] gives it) or empty when unknown.
    pub supplier_orgnr: String,
    pub start_date: Date,
    pub end_date: Date,
    /// Total months the options to extend can add.
    pub extension_months: u32,
    /// The options in words ("2 + 1 + 1 år").
    pub options_note: String,
    pub value_ore: Option<i64>,
    pub cpv: String,
    /// A spend category id of data/spend/categories.csv, or empty.
    pub category: String,
    pub manager_user_id: Option<UserId>,
    pub procurement_id: Option<i64>,
}

/// One invalid field of a [`ContractInput`]: the field's name (as in the web
/// form) and the message in Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContractFieldError {
    pub field: &'static str,
    pub sv: String,
    pub en: String,
}

impl ContractFieldError {
    fn new(field: &'static str, sv: impl Into<String>, en: impl Into<String>) -> Self {
        ContractFieldError {
            field,
            sv: sv.into(),
            en: en.into(),
        }
    }
}

impl std::fmt::Display for ContractFieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} / {}", self.field, self.sv, self.en)
    }
}

impl ContractInput {
    /// The last possible end date with every option used; `None` when it
    /// falls outside the years a [`Date`] can hold.
    pub fn final_end_date(&self) -> Option<Date> {
        let months = i32::try_from(self.extension_months).ok()?;
        self.end_date.add_months(months)
    }

    /// Every problem with the input, empty when it can be stored. Used by
    /// the form, the importer and the store itself.
    pub fn validate(&self) -> Vec<ContractFieldError> {
        let mut errors = Vec::new();
        if self.title.trim().is_empty() {
            errors.push(ContractFieldError::new(
                "title",
                "Ange avtalets benämning.",
                "Enter the contract's title.",
            ));
        }
        if self.supplier_name.trim().is_empty() {
            errors.push(ContractFieldError::new(
                "supplier_name",
                "Ange leverantörens namn.",
                "Enter the supplier's name.",
            ));
        }
        let orgnr = self.supplier_orgnr.trim();
        if !orgnr.is_empty() && normalise_orgnr(orgnr).as_deref() != Some(orgnr) {
            errors.push(ContractFieldError::new(
                "supplier_orgnr",
                "Organisationsnumret ska ha formen NNNNNN-NNNN med giltig kontrollsiffra.",
                "The organisation number must be NNNNNN-NNNN with a valid check digit.",
            ));
        }
        if self.end_date < self.start_date {
            errors.push(ContractFieldError::new(
                "end_date",
                format!(
                    "Slutdatum ({}) ligger före startdatum ({}).",
                    self.end_date, self.start_date
                ),
                format!(
                    "The end date ({}) is before the start date ({}).",
                    self.end_date, self.start_date
                ),
            ));
        }
        if self.extension_months > MAX_EXTENSION_MONTHS || self.final_end_date().is_none() {
            errors.push(ContractFieldError::new(
                "extension_months",
                format!("Förlängningen får vara högst {MAX_EXTENSION_MONTHS} månader."),
                format!("The extension may be at most {MAX_EXTENSION_MONTHS} months."),
            ));
        }
        if self.value_ore.is_some_and(|v| v < 0) {
            errors.push(ContractFieldError::new(
                "value",
                "Avtalsvärdet kan inte vara negativt.",
                "The contract value cannot be negative.",
            ));
        }
        errors
    }

    fn check(&self) -> Result<Date> {
        let errors = self.validate();
        match (errors.first(), self.final_end_date()) {
            (None, Some(end)) => Ok(end),
            (Some(e), _) => Err(StoreError::Invalid(e.to_string())),
            (None, None) => Err(StoreError::Invalid("extension_months".into())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contract {
    pub id: i64,
    pub org_id: OrgId,
    pub procurement_id: Option<i64>,
    pub reference: String,
    pub title: String,
    pub supplier_name: String,
    pub supplier_orgnr: String,
    #[serde(serialize_with = "iso_date")]
    pub start_date: Date,
    #[serde(serialize_with = "iso_date")]
    pub end_date: Date,
    pub extension_months: u32,
    #[serde(serialize_with = "iso_date")]
    pub final_end_date: Date,
    pub options_note: String,
    pub value_ore: Option<i64>,
    pub cpv: String,
    pub category: String,
    pub manager_user_id: Option<UserId>,
    /// The manager's name ('' when none or the user is gone).
    pub manager_name: String,
    /// The linked procurement's title ('' when none).
    pub procurement_title: String,
    pub source: ContractSource,
    pub shared: bool,
    pub demo: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Dates serialise as `YYYY-MM-DD`, as they are stored.
fn iso_date<S: serde::Serializer>(date: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(date)
}

impl Contract {
    /// The input that would store this contract again (for the edit form).
    pub fn input(&self) -> ContractInput {
        ContractInput {
            reference: self.reference.clone(),
            title: self.title.clone(),
            supplier_name: self.supplier_name.clone(),
            supplier_orgnr: self.supplier_orgnr.clone(),
            start_date: self.start_date,
            end_date: self.end_date,
            extension_months: self.extension_months,
            options_note: self.options_note.clone(),
            value_ore: self.value_ore,
            cpv: self.cpv.clone(),
            category: self.category.clone(),
            manager_user_id: self.manager_user_id,
            procurement_id: self.procurement_id,
        }
    }
}

const CONTRACT_COLUMNS: &str = "c.id, c.org_id, c.procurement_id, c.reference, c.title, \
    c.supplier_name, c.supplier_orgnr, c.start_date, c.end_date, c.extension_months, \
    c.final_end_date, c.options_note, c.value_ore, c.cpv, c.category, c.manager_user_id, \
    COALESCE(u.name, ''), COALESCE(p.title, ''), c.source, c.shared, c.demo, c.created_at, c.updated_at";

const CONTRACT_FROM: &str = "contracts c LEFT JOIN users u ON u.id = c.manager_user_id \
    LEFT JOIN procurements p ON p.id = c.procurement_id AND p.org_id = c.org_id";

macro_rules! contract_from_row {
    ($row:expr) => {{
        use sqlx::Row;
        let r = $row;
        let date = |i: usize| -> Result<Date> {
            stored_date(&r.try_get::<String, _>(i)?, "contract date")
        };
        let source: String = r.try_get(18)?;
        Contract {
            id: r.try_get(0)?,
            org_id: OrgId(r.try_get(1)?),
            procurement_id: r.try_get(2)?,
            reference: r.try_get(3)?,
            title: r.try_get(4)?,
            supplier_name: r.try_get(5)?,
            supplier_orgnr: r.try_get(6)?,
            start_date: date(7)?,
            end_date: date(8)?,
            extension_months: u32::try_from(r.try_get::<i64, _>(9)?).unwrap_or(0),
            final_end_date: date(10)?,
            options_note: r.try_get(11)?,
            value_ore: r.try_get(12)?,
            cpv: r.try_get(13)?,
            category: r.try_get(14)?,
            manager_user_id: r.try_get::<Option<i64>, _>(15)?.map(UserId),
            manager_name: r.try_get(16)?,
            procurement_title: r.try_get(17)?,
            source: ContractSource::parse(&source)
                .ok_or_else(|| StoreError::Corrupt(format!("contract source {source:?}")))?,
            shared: r.try_get::<i64, _>(19)? != 0,
            demo: r.try_get::<i64, _>(20)? != 0,
            created_at: r.try_get(21)?,
            updated_at: r.try_get(22)?,
        }
    }};
}

/// INSERT of one contract; the SELECT's WHERE refuses a procurement or a
/// manager outside the organisation (no row is inserted, none returned).
const INSERT_SQL: &str = "INSERT INTO contracts (org_id, procurement_id, reference, title, \
    supplier_name, supplier_orgnr, start_date, end_date, extension_months, final_end_date, \
    options_note, value_ore, cpv, category, manager_user_id, source, created_by, created_at, updated_at) \
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18 \
    WHERE ($2 IS NULL OR EXISTS (SELECT 1 FROM procurements WHERE org_id = $1 AND id = $2)) \
    AND ($15 IS NULL OR EXISTS (SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $15)) \
    RETURNING id";

fn foreign_link() -> StoreError {
    StoreError::Invalid(
        "upphandlingen eller avtalsansvarig hör inte till organisationen / \
         the procurement or contract manager does not belong to the organisation"
            .into(),
    )
}

fn map_unique(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict("avtal för upphandlingen / contract for the procurement".into())
        }
        _ => StoreError::Database(e),
    }
}

/// Runs [`INSERT_SQL`] for `input` on `$exec` (a pool or a transaction).
macro_rules! insert_contract {
    ($exec:expr, $org:expr, $input:expr, $final_end:expr, $source:expr, $by:expr, $now:expr) => {{
        let input: &ContractInput = $input;
        let row: Option<(i64,)> = sqlx::query_as(INSERT_SQL)
            .bind($org.0)
            .bind(input.procurement_id)
            .bind(input.reference.trim())
            .bind(input.title.trim())
            .bind(input.supplier_name.trim())
            .bind(input.supplier_orgnr.trim())
            .bind(input.start_date.to_string())
            .bind(input.end_date.to_string())
            .bind(i64::from(input.extension_months))
            .bind($final_end.to_string())
            .bind(input.options_note.trim())
            .bind(input.value_ore)
            .bind(input.cpv.trim())
            .bind(input.category.trim())
            .bind(input.manager_user_id.map(|u| u.0))
            .bind($source.key())
            .bind($by.map(|u: UserId| u.0))
            .bind($now)
            .fetch_optional($exec)
            .await
            .map_err(map_unique)?;
        row.map(|r| r.0).ok_or_else(foreign_link)
    }};
}

impl Store {
    /// Stores a new contract. Invalid input → [`StoreError::Invalid`]; a
    /// procurement that already has a contract → [`StoreError::Conflict`].
    pub async fn create_contract(
        &self,
        org: OrgId,
        input: &ContractInput,
        source: ContractSource,
        by: Option<UserId>,
        now: i64,
    ) -> Result<i64> {
        let final_end = input.check()?;
        with_pool!(self, p => insert_contract!(p, org, input, final_end, source, by, now))
    }

    /// Stores every input as an imported contract in one transaction: when
    /// one is invalid or refused, none is stored. Returns how many were stored.
    pub async fn import_contracts(
        &self,
        org: OrgId,
        inputs: &[ContractInput],
        by: Option<UserId>,
        now: i64,
    ) -> Result<usize> {
        let mut ends = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            let end = input.check().map_err(|e| match e {
                StoreError::Invalid(m) => StoreError::Invalid(format!("rad/row {}: {m}", i + 1)),
                e => e,
            })?;
            ends.push(end);
        }
        with_pool!(self, p => {
            let mut tx = p.begin().await?;
            for (input, end) in inputs.iter().zip(&ends) {
                let _id: i64 = insert_contract!(&mut *tx, org, input, end, ContractSource::Import, by, now)?;
            }
            tx.commit().await?;
            Ok(inputs.len())
        })
    }

    pub async fn contract(&self, org: OrgId, id: i64) -> Result<Option<Contract>> {
        let sql = format!(
            "SELECT {CONTRACT_COLUMNS} FROM {CONTRACT_FROM} WHERE c.org_id = $1 AND c.id = $2"
        );
        with_pool!(self, p => {
            match sqlx::query(&sql).bind(org.0).bind(id).fetch_optional(p).await? {
                Some(row) => Ok(Some(contract_from_row!(&row))),
                None => Ok(None),
            }
        })
    }

    /// The organisation's contracts, the one ending first first.
    pub async fn contracts(&self, org: OrgId) -> Result<Vec<Contract>> {
        let sql = format!(
            "SELECT {CONTRACT_COLUMNS} FROM {CONTRACT_FROM} WHERE c.org_id = $1 \
             ORDER BY c.end_date, c.title, c.id"
        );
        with_pool!(self, p => {
            let rows = sqlx::query(&sql).bind(org.0).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push(contract_from_row!(row));
            }
            Ok(out)
        })
    }

    /// How many of the organisation's contracts have their last possible end
    /// (`final_end_date`, every option used) between `from` and `to`, both
    /// included. Counted in SQL: the overview needs the number, not the rows.
    /// Dates are stored as `YYYY-MM-DD` with four-digit years, so text order
    /// is date order on both databases.
    pub async fn count_contracts_ending(&self, org: OrgId, from: Date, to: Date) -> Result<usize> {
        let sql = "SELECT COUNT(*) FROM contracts \
                   WHERE org_id = $1 AND final_end_date >= $2 AND final_end_date <= $3";
        let (n,): (i64,) = with_pool!(self, p => sqlx::query_as(sql)
            .bind(org.0).bind(from.to_string()).bind(to.to_string())
            .fetch_one(p).await)?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    pub async fn contract_for_procurement(
        &self,
        org: OrgId,
        procurement_id: i64,
    ) -> Result<Option<Contract>> {
        let sql = format!(
            "SELECT {CONTRACT_COLUMNS} FROM {CONTRACT_FROM} WHERE c.org_id = $1 AND c.procurement_id = $2"
        );
        with_pool!(self, p => {
            match sqlx::query(&sql).bind(org.0).bind(procurement_id).fetch_optional(p).await? {
                Some(row) => Ok(Some(contract_from_row!(&row))),
                None => Ok(None),
            }
        })
    }

    /// Replaces what was entered; false when not found in `org`. Invalid
    /// input or a foreign procurement/manager → [`StoreError::Invalid`].
    pub async fn update_contract(
        &self,
        org: OrgId,
        id: i64,
        input: &ContractInput,
        now: i64,
    ) -> Result<bool> {
        let final_end = input.check()?;
        if self.contract(org, id).await?.is_none() {
            return Ok(false);
        }
        let sql = "UPDATE contracts SET procurement_id = $3, reference = $4, title = $5, \
                   supplier_name = $6, supplier_orgnr = $7, start_date = $8, end_date = $9, \
                   extension_months = $10, final_end_date = $11, options_note = $12, value_ore = $13, \
                   cpv = $14, category = $15, manager_user_id = $16, updated_at = $17 \
                   WHERE org_id = $1 AND id = $2 \
                   AND ($3 IS NULL OR EXISTS (SELECT 1 FROM procurements WHERE org_id = $1 AND id = $3)) \
                   AND ($16 IS NULL OR EXISTS (SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $16))";
        let n = with_pool!(self, p => sqlx::query(sql)
            .bind(org.0).bind(id).bind(input.procurement_id).bind(input.reference.trim())
            .bind(input.title.trim()).bind(input.supplier_name.trim()).bind(input.supplier_orgnr.trim())
            .bind(input.start_date.to_string()).bind(input.end_date.to_string())
            .bind(i64::from(input.extension_months)).bind(final_end.to_string())
            .bind(input.options_note.trim()).bind(input.value_ore).bind(input.cpv.trim())
            .bind(input.category.trim()).bind(input.manager_user_id.map(|u| u.0)).bind(now)
            .execute(p).await.map(|r| r.rows_affected()).map_err(map_unique))?;
        if n == 1 {
            Ok(true)
        } else {
            Err(foreign_link())
        }
    }

    /// Shares the contract (dates, supplier, category, value) with the
    /// organisation's coordinating body, or stops sharing it.
    pub async fn set_contract_shared(&self, org: OrgId, id: i64, shared: bool) -> Result<bool> {
        self.set_org_flag("contracts", "shared", org, id, shared)
            .await
    }

    pub async fn set_contract_demo(&self, org: OrgId, id: i64, demo: bool) -> Result<bool> {
        self.set_org_flag("contracts", "demo", org, id, demo).await
    }

    /// Deletes the contract with its follow-up items, reports and deviations.
    pub async fn delete_contract(&self, org: OrgId, id: i64) -> Result<bool> {
        self.delete_org_row("contracts", org, id).await
    }
}
