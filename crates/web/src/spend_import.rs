//! Imports a ledger for an organisation: classify with its rule files, and
//! store the file, every classified line and the report in one transaction.
//!
//! Lines stream from the reading threads to the database through a bounded
//! channel while the file is read, so memory stays flat for large ledgers.
//! Any error (a bad row, a bad rule file, the database) drops the open
//! transaction: nothing of the import is kept.

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use upphandla_core::classify::Classifier;
use upphandla_core::ledger::LedgerLine;
use upphandla_core::spend::{LineOutcome, SpendReport};
use upphandla_formats::import::{
    self, Classification, EngineOptions, ImportError, LedgerSource, LineObserver, ReadOptions,
    RuleSource,
};
use upphandla_formats::report::{InputInfo, ReportMeta};
use upphandla_store::{
    ImportMeta, ImportTotals, LineRecord, OrgId, RuleFileKind, Store, StoreError, UserId,
};

/// Lines per database batch.
const BATCH: usize = 5_000;
/// Suppliers listed in a stored report.
pub const TOP_SUPPLIERS: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file or a rule file is wrong: shown to the user, row by row.
    #[error(transparent)]
    Input(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internt fel vid import: {0}")]
    Internal(String),
}

/// What is stored beside the report, to rebuild [`ReportMeta`] for downloads.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredMeta {
    pub title: String,
    pub inputs: Vec<StoredInput>,
    pub rule_files: Vec<String>,
    pub generated: String,
    pub tool_version: String,
    pub demo: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredInput {
    pub path: String,
    pub format: String,
    pub detail: String,
    pub rows: u64,
}

impl StoredMeta {
    pub fn report_meta(&self) -> ReportMeta {
        ReportMeta {
            title: self.title.clone(),
            inputs: self
                .inputs
                .iter()
                .map(|i| InputInfo {
                    path: i.path.clone(),
                    format: i.format.clone(),
                    detail: i.detail.clone(),
                    rows: i.rows,
                })
                .collect(),
            rule_files: self.rule_files.clone(),
            demo: self.demo,
            generated: self.generated.clone(),
            tool_version: self.tool_version.clone(),
        }
    }
}

/// One upload to analyse and store.
pub struct ImportRequest {
    pub org: OrgId,
    pub user: Option<UserId>,
    /// The name the user gave, or the file name.
    pub name: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub demo: bool,
}

/// Sends classified lines in batches to the database writer.
struct LineBatcher {
    batch: Vec<LineRecord>,
    sender: mpsc::Sender<Vec<LineRecord>>,
}

impl LineBatcher {
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            // A closed channel means the writer failed; its error is reported instead.
            let _ = self.sender.blocking_send(batch);
        }
    }
}

impl LineObserver for LineBatcher {
    fn line(
        &mut self,
        _file: &str,
        line: &LedgerLine<'_>,
        outcome: &LineOutcome,
        classifier: &Classifier,
    ) {
        let class = Classification::of(outcome, classifier);
        self.batch.push(LineRecord {
            line_no: line.position.line as i64,
            date: line.date.map(|d| d.to_string()).unwrap_or_default(),
            unit: line.unit.to_string(),
            account: line.account.to_string(),
            supplier_id: line.supplier_id.to_string(),
            supplier_name: line.supplier_name.to_string(),
            description: line.text.to_string(),
            cpv: line.cpv.to_string(),
            amount_ore: line.amount.0,
            category: class.category.id.clone(),
            rule: class.to_string(),
            kg_co2e: outcome.kg_co2e,
        });
        if self.batch.len() >= BATCH {
            self.flush();
        }
    }
}

/// The name a stored rule file has in rule origins and errors (`kontoplan:12`).
pub fn rule_file_name(kind: RuleFileKind) -> &'static str {
    match kind {
        RuleFileKind::Accounts => "kontoplan",
        RuleFileKind::Suppliers => "leverantorer",
        RuleFileKind::Keywords => "nyckelord",
        RuleFileKind::Cpv => "cpv",
        RuleFileKind::Factors => "faktorer",
    }
}

/// The organisation's rule files as engine options (defaults plus theirs).
pub async fn engine_options(
    store: &Store,
    org: OrgId,
) -> Result<EngineOptions<'static>, StoreError> {
    let mut rules = Vec::new();
    for row in store.rule_files(org).await? {
        rules.push(RuleSource::new(
            row.kind,
            rule_file_name(row.kind),
            row.content.into_bytes(),
        ));
    }
    Ok(EngineOptions {
        rules,
        ..EngineOptions::default()
    })
}

/// Where a finished analysis goes: a new import or a re-analysis of one.
enum Target {
    New(ImportMeta),
    Existing(i64),
}

/// Analyses and stores a new import; returns its id.
pub async fn import(store: &Store, request: ImportRequest) -> Result<i64, ImportFailure> {
    let meta = ImportMeta {
        name: request.name.clone(),
        file_name: request.file_name.clone(),
        format: String::new(),
        uploaded_by: request.user,
        demo: request.demo,
    };
    analyse_and_store(
        store,
        request.org,
        Target::New(meta),
        request.file_name,
        request.bytes,
        request.demo,
        request.name,
    )
    .await
}

/// Classifies an existing import again with the organisation's current rules.
pub async fn reanalyse(
    store: &Store,
    org: OrgId,
    import_id: i64,
) -> Result<Option<i64>, ImportFailure> {
    // The head only: the stored report is replaced, so it need not be read.
    let Some((summary, _meta)) = store.import_head(org, import_id).await? else {
        return Ok(None);
    };
    let Some(bytes) = store.import_file(org, import_id).await? else {
        return Ok(None);
    };
    let id = analyse_and_store(
        store,
        org,
        Target::Existing(import_id),
        summary.file_name,
        bytes,
        summary.demo,
        summary.name,
    )
    .await?;
    Ok(Some(id))
}

async fn analyse_and_store(
    store: &Store,
    org: OrgId,
    target: Target,
    file_name: String,
    bytes: Vec<u8>,
    demo: bool,
    title: String,
) -> Result<i64, ImportFailure> {
    let options = engine_options(store, org).await?;
    let source = LedgerSource::from_bytes(file_name.clone(), bytes);
    let format = source.kind.name().to_string();
    let mut writer = match target {
        Target::New(mut meta) => {
            meta.format = format.clone();
            let bytes = match &source.data {
                import::Data::Bytes(b) => b.as_ref(),
                import::Data::Path(_) => &[][..],
            };
            store.begin_import(org, &meta, bytes).await?
        }
        Target::Existing(id) => store
            .begin_reanalysis(org, id)
            .await?
            .ok_or_else(|| ImportFailure::Internal("import vanished".into()))?,
    };
    let (sender, mut receiver) = mpsc::channel::<Vec<LineRecord>>(4);
    let analysis = tokio::task::spawn_blocking(move || {
        let (engine, rule_files) = import::build_engine(&options)?;
        let make = || LineBatcher {
            batch: Vec::with_capacity(BATCH),
            sender: sender.clone(),
        };
        let analysis = import::analyze(
            &engine,
            std::slice::from_ref(&source),
            &ReadOptions::default(),
            make,
            TOP_SUPPLIERS,
        )?;
        let mut observers = analysis.observers;
        for o in &mut observers {
            o.flush();
        }
        Ok::<_, ImportError>((analysis.report, analysis.inputs, rule_files))
    });
    // Write batches while the file is read; on a database error stop reading them.
    let mut write_error = None;
    while let Some(batch) = receiver.recv().await {
        if write_error.is_none()
            && let Err(e) = writer.add_lines(&batch).await
        {
            write_error = Some(e);
            receiver.close();
        }
    }
    let (report, inputs, rule_files) = analysis
        .await
        .map_err(|e| ImportFailure::Internal(e.to_string()))??;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    let meta = StoredMeta {
        title,
        inputs: inputs
            .into_iter()
            .map(|i| StoredInput {
                path: i.path,
                format: i.format,
                detail: i.detail,
                rows: i.rows,
            })
            .collect(),
        rule_files,
        generated: crate::pages::fmt::datetime(upphandla_store::now()),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        demo,
    };
    let totals = totals(&report);
    let report_json =
        serde_json::to_string(&report).map_err(|e| ImportFailure::Internal(e.to_string()))?;
    let meta_json =
        serde_json::to_string(&meta).map_err(|e| ImportFailure::Internal(e.to_string()))?;
    Ok(writer.finish(totals, &report_json, &meta_json).await?)
}

pub fn totals(report: &SpendReport) -> ImportTotals {
    ImportTotals {
        rows: report.total.rows as i64,
        total_ore: report.total.ore,
        kg_co2e: report.total.kg_co2e,
        share_classified: 1.0 - report.unclassified.share_of_spend,
    }
}

/// The demo ledger for one demo organisation: the shipped synthetic ledger
/// with amounts scaled and some rows left out, so organisations differ. The
/// demo account and supplier maps become the organisation's own rule files,
/// so they can be edited and re-run like any organisation's.
pub async fn seed_demo_ledger(
    store: &Store,
    org: OrgId,
    scale_percent: i64,
) -> Result<i64, ImportFailure> {
    let accounts = String::from_utf8_lossy(import::DEMO_ACCOUNTS).into_owned();
    let suppliers = String::from_utf8_lossy(import::DEMO_SUPPLIERS).into_owned();
    store
        .put_rule_file(org, RuleFileKind::Accounts, &accounts, None)
        .await?;
    store
        .put_rule_file(org, RuleFileKind::Suppliers, &suppliers, None)
        .await?;
    let ledger = scaled_demo_ledger(scale_percent);
    import(
        store,
        ImportRequest {
            org,
            user: None,
            name: "Leverantörsreskontra 2025 (demodata)".into(),
            file_name: "reskontra-2025-demo.csv".into(),
            bytes: ledger,
            demo: true,
        },
    )
    .await
}

/// Scales the amount column (6th) and leaves out every 13th row for scales other than 100 %.
pub fn scaled_demo_ledger(scale_percent: i64) -> Vec<u8> {
    let text = String::from_utf8_lossy(import::DEMO_LEDGER);
    if scale_percent == 100 {
        return text.into_owned().into_bytes();
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if (i as i64 + scale_percent) % 13 == 0 {
            continue;
        }
        let mut fields: Vec<String> = line.split(';').map(str::to_string).collect();
        if let Some(amount) = fields.get_mut(5)
            && let Ok(ore) = upphandla_formats::number::parse_amount(amount)
        {
            let scaled = (ore.0 as i128 * scale_percent as i128 / 100) as i64;
            let sign = if scaled < 0 { "-" } else { "" };
            *amount = format!("{sign}{},{:02}", scaled.abs() / 100, scaled.abs() % 100);
        }
        out.push_str(&fields.join(";"));
        out.push('\n');
    }
    out.into_bytes()
}
