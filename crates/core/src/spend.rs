//! Spend-based climate analysis (inköpsanalys): classify each ledger line,
//! apply the category's factor and aggregate by category, supplier, unit and
//! month, with data-quality checks. Accumulators are per worker thread and
//! merged at the end, so readers can run in parallel.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

use crate::classify::{CategoryId, Classifier, RuleId, RuleKind};
use crate::date::{Date, YearMonth};
use crate::factors::{FactorSet, SpendFactor};
use crate::ledger::{LedgerLine, LedgerSink, RowError};
use crate::money::Ore;

/// Share of a category's spend that defines its core suppliers.
pub const CONCENTRATION_SHARE: f64 = 0.8;
/// Suppliers listed in the report.
pub const DEFAULT_TOP_SUPPLIERS: usize = 25;
/// Invalid rows kept in full; the rest are only counted.
pub const MAX_KEPT_ERRORS: usize = 50;
const MAX_DUPLICATE_EXAMPLES: usize = 50;
const KEYWORD_CACHE_LIMIT: usize = 200_000;
const FINGERPRINT_CHUNK: usize = 8192;

/// Classifier and factors resolved per category: built once, shared by all workers.
#[derive(Debug)]
pub struct SpendEngine {
    classifier: Classifier,
    factors: FactorSet,
    /// Factor per category index: (point, low, high) in kg CO2e per SEK.
    factor_by_category: Vec<Option<(f64, f64, f64)>>,
    check_duplicates: bool,
}

impl SpendEngine {
    pub fn new(classifier: Classifier, factors: FactorSet) -> SpendEngine {
        let factor_by_category = classifier
            .categories()
            .iter()
            .map(|c| {
                factors.get(&c.id).map(|f| {
                    let (low, high) = f.bounds();
                    (f.kg_co2e_per_sek, low, high)
                })
            })
            .collect();
        SpendEngine {
            classifier,
            factors,
            factor_by_category,
            check_duplicates: true,
        }
    }

    /// Skips the suspected-duplicate check: it needs 8 bytes of memory per
    /// line and about a quarter of the time, which a region's ledger of tens
    /// of millions of lines may not want to spend.
    pub fn without_duplicate_check(mut self) -> SpendEngine {
        self.check_duplicates = false;
        self
    }

    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    pub fn factors(&self) -> &FactorSet {
        &self.factors
    }

    /// One accumulator per worker. `expected_lines` sizes the shared duplicate
    /// pre-filter; a rough guess (file size / 80) is enough.
    pub fn accumulators(&self, workers: usize, expected_lines: u64) -> Vec<SpendAccumulator<'_>> {
        let first = self.accumulator(expected_lines);
        let mut all: Vec<SpendAccumulator<'_>> =
            (1..workers.max(1)).map(|_| first.sibling()).collect();
        all.insert(0, first);
        all
    }

    /// One accumulator; more workers come from [`SpendAccumulator::sibling`].
    pub fn accumulator(&self, expected_lines: u64) -> SpendAccumulator<'_> {
        let filter_lines = if self.check_duplicates {
            expected_lines
        } else {
            0
        };
        SpendAccumulator::new(self, Arc::new(SeenFilter::new(filter_lines)))
    }

    /// kg CO2e (point, low, high) for an amount in a category.
    pub fn emissions(&self, category: CategoryId, amount: Ore) -> (f64, f64, f64) {
        match self.factor_by_category[category.0 as usize] {
            Some((f, lo, hi)) => {
                let sek = amount.sek_f64();
                (sek * f, sek * lo, sek * hi)
            }
            None => (0.0, 0.0, 0.0),
        }
    }
}

/// Running sums for one group (category, supplier, unit, month, rule).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    pub amount: Ore,
    pub rows: u64,
    pub kg_co2e: f64,
    pub kg_co2e_low: f64,
    pub kg_co2e_high: f64,
}

impl Sums {
    fn add(&mut self, amount: Ore, kg: (f64, f64, f64)) {
        self.amount += amount;
        self.rows += 1;
        self.kg_co2e += kg.0;
        self.kg_co2e_low += kg.1;
        self.kg_co2e_high += kg.2;
    }

    fn merge(&mut self, other: &Sums) {
        self.amount += other.amount;
        self.rows += other.rows;
        self.kg_co2e += other.kg_co2e;
        self.kg_co2e_low += other.kg_co2e_low;
        self.kg_co2e_high += other.kg_co2e_high;
    }
}

#[derive(Debug)]
struct SupplierState {
    id: String,
    name: String,
    /// Supplier-map rule, looked up once per supplier.
    rule: Option<RuleId>,
    /// SipHash of the supplier key, for duplicate fingerprints.
    key_hash: u64,
    sums: Sums,
    /// Spend per category, for supplier concentration. Most suppliers sell in
    /// one to three categories, so a short list beats a hash map.
    categories: Vec<(u32, Ore)>,
}

impl SupplierState {
    fn add_to_category(&mut self, category: u32, amount: Ore) {
        match self.categories.iter_mut().find(|(c, _)| *c == category) {
            Some((_, sum)) => *sum += amount,
            None => self.categories.push((category, amount)),
        }
    }
}

/// Exact duplicate detection in bounded memory: every (supplier, date, amount)
/// fingerprint is kept (8 bytes a line) and sorted at the end; a shared
/// bit filter marks lines whose fingerprint may have been seen before, and only
/// those keep their details for the report.
#[derive(Debug)]
struct SeenFilter {
    bits: Vec<AtomicU64>,
    mask: u64,
}

impl SeenFilter {
    fn new(expected_lines: u64) -> SeenFilter {
        // 8–16 bits per line (rounded up to a power of two) keep false candidates
        // under about 12 %; bounded to 16 MiB. Twice the size was no faster.
        let bits = (expected_lines.saturating_mul(8))
            .clamp(1 << 16, 1 << 27)
            .next_power_of_two();
        let words = (bits / 64) as usize;
        SeenFilter {
            bits: std::iter::repeat_with(|| AtomicU64::new(0))
                .take(words)
                .collect(),
            mask: bits - 1,
        }
    }

    fn locate(&self, fingerprint: u64) -> (&AtomicU64, u64) {
        let bit = fingerprint.rotate_left(17) & self.mask;
        (&self.bits[(bit / 64) as usize], 1u64 << (bit % 64))
    }

    /// A plain load: many of these in a row overlap their cache misses.
    fn is_set(&self, fingerprint: u64) -> bool {
        let (word, flag) = self.locate(fingerprint);
        word.load(Ordering::Relaxed) & flag != 0
    }

    /// Sets the bit atomically; true if it was already set (perhaps by
    /// another worker a moment ago).
    fn set(&self, fingerprint: u64) -> bool {
        let (word, flag) = self.locate(fingerprint);
        word.fetch_or(flag, Ordering::Relaxed) & flag != 0
    }
}

/// A line whose fingerprint may repeat: kept with what the report shows.
#[derive(Debug, Clone, Copy)]
struct DuplicateCandidate {
    fingerprint: u64,
    /// Index into the accumulator's suppliers (remapped when merged).
    supplier: u32,
    date: Date,
    amount: Ore,
    line: u64,
}

/// Filter look-ups wait in a small batch so their cache misses overlap.
const FILTER_BATCH: usize = 256;

/// Per-worker aggregation state. Feed it lines, then [`SpendAccumulator::finish`] them all.
#[derive(Debug)]
pub struct SpendAccumulator<'e> {
    engine: &'e SpendEngine,
    total: Sums,
    by_category: Vec<Sums>,
    by_rule: Vec<Sums>,
    supplier_index: FxHashMap<Box<str>, u32>,
    suppliers: Vec<SupplierState>,
    account_rules: FxHashMap<Box<str>, Option<RuleId>>,
    keyword_cache: FxHashMap<Box<str>, Option<RuleId>>,
    scratch: String,
    units: FxHashMap<Box<str>, Sums>,
    /// Indexed by months since January of [`FIRST_YEAR`]; grown on demand.
    months: Vec<Sums>,
    without_orgnr: Sums,
    without_date: u64,
    credit_notes: Sums,
    fingerprints: Vec<Vec<u64>>,
    seen: Arc<SeenFilter>,
    pending: Vec<DuplicateCandidate>,
    pending_seen: Vec<bool>,
    candidates: Vec<DuplicateCandidate>,
    invalid_rows: u64,
    invalid_amount: Ore,
    invalid_without_amount: u64,
    errors: Vec<RowError>,
}

/// How one line was classified and what it emits: for per-line exports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineOutcome {
    pub rule: RuleId,
    pub category: CategoryId,
    pub kg_co2e: f64,
}

impl<'e> SpendAccumulator<'e> {
    fn new(engine: &'e SpendEngine, seen: Arc<SeenFilter>) -> SpendAccumulator<'e> {
        let categories = engine.classifier.categories().len();
        SpendAccumulator {
            engine,
            total: Sums::default(),
            by_category: vec![Sums::default(); categories],
            by_rule: vec![Sums::default(); engine.classifier.rules().len()],
            supplier_index: FxHashMap::default(),
            suppliers: Vec::new(),
            account_rules: FxHashMap::default(),
            keyword_cache: FxHashMap::default(),
            scratch: String::new(),
            units: FxHashMap::default(),
            months: Vec::new(),
            without_orgnr: Sums::default(),
            without_date: 0,
            credit_notes: Sums::default(),
            fingerprints: Vec::new(),
            seen,
            pending: Vec::with_capacity(FILTER_BATCH),
            pending_seen: Vec::with_capacity(FILTER_BATCH),
            candidates: Vec::new(),
            invalid_rows: 0,
            invalid_amount: Ore::ZERO,
            invalid_without_amount: 0,
            errors: Vec::new(),
        }
    }

    /// A new, empty accumulator for another worker of the same analysis
    /// (sharing the duplicate filter, so repeats across workers are found).
    pub fn sibling(&self) -> SpendAccumulator<'e> {
        SpendAccumulator::new(self.engine, Arc::clone(&self.seen))
    }

    fn supplier_slot(&mut self, line: &LedgerLine<'_>) -> Option<u32> {
        let key = if line.supplier_id.is_empty() {
            line.supplier_name
        } else {
            line.supplier_id
        };
        if key.is_empty() {
            return None;
        }
        if let Some(&i) = self.supplier_index.get(key) {
            return Some(i);
        }
        let i = self.suppliers.len() as u32;
        self.suppliers.push(SupplierState {
            id: line.supplier_id.to_string(),
            name: line.supplier_name.to_string(),
            rule: self
                .engine
                .classifier
                .by_supplier(line.supplier_id, line.supplier_name),
            key_hash: strong_hash(key),
            sums: Sums::default(),
            categories: Vec::new(),
        });
        self.supplier_index.insert(key.into(), i);
        Some(i)
    }

    fn account_rule(&mut self, account: &str) -> Option<RuleId> {
        if let Some(&rule) = self.account_rules.get(account) {
            return rule;
        }
        let rule = self.engine.classifier.by_account(account);
        self.account_rules.insert(account.into(), rule);
        rule
    }

    fn keyword_rule(&mut self, supplier_name: &str, text: &str) -> Option<RuleId> {
        let classifier = &self.engine.classifier;
        let mut key = std::mem::take(&mut self.scratch);
        key.clear();
        key.push_str(supplier_name);
        key.push('\u{1}');
        key.push_str(text);
        let rule = match self.keyword_cache.get(key.as_str()) {
            Some(&rule) => rule,
            None => {
                let rule = classifier.by_keywords(supplier_name, text, &mut String::new());
                if self.keyword_cache.len() < KEYWORD_CACHE_LIMIT {
                    self.keyword_cache.insert(key.as_str().into(), rule);
                }
                rule
            }
        };
        self.scratch = key;
        rule
    }

    /// Adds one valid line and says how it was classified.
    pub fn add(&mut self, line: &LedgerLine<'_>) -> LineOutcome {
        let supplier = self.supplier_slot(line);
        let classifier = &self.engine.classifier;
        let rule = classifier
            .by_cpv(line.cpv)
            .or_else(|| supplier.and_then(|s| self.suppliers[s as usize].rule))
            .or_else(|| self.account_rule(line.account))
            .or_else(|| self.keyword_rule(line.supplier_name, line.text))
            .unwrap_or(RuleId::UNCLASSIFIED);
        let category = self.engine.classifier.category_of(rule);
        let kg = self.engine.emissions(category, line.amount);
        let amount = line.amount;

        self.total.add(amount, kg);
        self.by_category[category.0 as usize].add(amount, kg);
        self.by_rule[rule.0 as usize].add(amount, kg);
        if let Some(s) = supplier {
            let state = &mut self.suppliers[s as usize];
            state.sums.add(amount, kg);
            state.add_to_category(category.0, amount);
        }
        match self.units.get_mut(line.unit) {
            Some(sums) => sums.add(amount, kg),
            None => self
                .units
                .entry(line.unit.into())
                .or_default()
                .add(amount, kg),
        }
        match line.date {
            Some(date) => {
                let index = month_index(date.year_month());
                if index >= self.months.len() {
                    self.months.resize(index + 1, Sums::default());
                }
                self.months[index].add(amount, kg);
            }
            None => self.without_date += 1,
        }
        // Readers trim fields, so an org number is either there or empty.
        if line.supplier_id.is_empty() {
            self.without_orgnr.add(amount, kg);
        }
        if amount < Ore::ZERO {
            self.credit_notes.add(amount, kg);
        }
        if let (Some(s), Some(date), true) = (supplier, line.date, self.engine.check_duplicates) {
            self.note_fingerprint(s, date, amount, line.position.line);
        }
        LineOutcome {
            rule,
            category,
            kg_co2e: kg.0,
        }
    }

    fn note_fingerprint(&mut self, supplier: u32, date: Date, amount: Ore, line: u64) {
        if amount == Ore::ZERO {
            return;
        }
        // A strong hash of the supplier (computed once per supplier) mixed with the
        // date and amount through bijective mixers: collisions are as rare as
        // for random 64-bit values, which FxHash of structured keys is not.
        let inner = mix64(date.days_since_epoch() as u64 ^ mix64(amount.0 as u64));
        let fingerprint = mix64(self.suppliers[supplier as usize].key_hash ^ inner);
        match self.fingerprints.last_mut() {
            Some(chunk) if chunk.len() < FINGERPRINT_CHUNK => chunk.push(fingerprint),
            _ => {
                let mut chunk = Vec::with_capacity(FINGERPRINT_CHUNK);
                chunk.push(fingerprint);
                self.fingerprints.push(chunk);
            }
        }
        self.pending.push(DuplicateCandidate {
            fingerprint,
            supplier,
            date,
            amount,
            line,
        });
        if self.pending.len() >= FILTER_BATCH {
            self.flush_pending();
        }
    }

    /// Tests and sets the batch's filter bits in two passes. A locked
    /// `fetch_or` cannot overlap its cache miss with the next one (one per line
    /// cost 40 % of the whole analysis), so plain loads first bring the words
    /// into cache together; the atomic `fetch_or` that follows then hits the
    /// cache and still sees a bit another worker set in between. Every line
    /// whose fingerprint was seen before thus becomes a candidate, exactly.
    fn flush_pending(&mut self) {
        let seen = &self.seen;
        self.pending_seen.clear();
        self.pending_seen
            .extend(self.pending.iter().map(|c| seen.is_set(c.fingerprint)));
        for (candidate, already) in self.pending.drain(..).zip(&self.pending_seen) {
            if *already || seen.set(candidate.fingerprint) {
                self.candidates.push(candidate);
            }
        }
    }

    fn merge(&mut self, mut other: SpendAccumulator<'e>) {
        self.flush_pending();
        other.flush_pending();
        self.total.merge(&other.total);
        for (a, b) in self.by_category.iter_mut().zip(&other.by_category) {
            a.merge(b);
        }
        for (a, b) in self.by_rule.iter_mut().zip(&other.by_rule) {
            a.merge(b);
        }
        let mut remap = Vec::with_capacity(other.suppliers.len());
        for state in other.suppliers {
            let key = if state.id.is_empty() {
                &state.name
            } else {
                &state.id
            };
            let slot = match self.supplier_index.get(key.as_str()) {
                Some(&i) => {
                    let mine = &mut self.suppliers[i as usize];
                    mine.sums.merge(&state.sums);
                    for &(category, amount) in &state.categories {
                        mine.add_to_category(category, amount);
                    }
                    i
                }
                None => {
                    let i = self.suppliers.len() as u32;
                    self.supplier_index.insert(key.as_str().into(), i);
                    self.suppliers.push(state);
                    i
                }
            };
            remap.push(slot);
        }

        for (unit, sums) in other.units {
            self.units.entry(unit).or_default().merge(&sums);
        }
        if other.months.len() > self.months.len() {
            self.months.resize(other.months.len(), Sums::default());
        }
        for (mine, theirs) in self.months.iter_mut().zip(&other.months) {
            mine.merge(theirs);
        }
        self.without_orgnr.merge(&other.without_orgnr);
        self.without_date += other.without_date;
        self.credit_notes.merge(&other.credit_notes);
        self.fingerprints.extend(other.fingerprints);
        self.candidates
            .extend(other.candidates.into_iter().map(|c| DuplicateCandidate {
                supplier: remap[c.supplier as usize],
                ..c
            }));
        self.invalid_rows += other.invalid_rows;
        self.invalid_amount += other.invalid_amount;
        self.invalid_without_amount += other.invalid_without_amount;
        self.errors.extend(other.errors);
    }

    pub fn invalid_rows(&self) -> u64 {
        self.invalid_rows
    }
}

impl LedgerSink for SpendAccumulator<'_> {
    fn line(&mut self, line: &LedgerLine<'_>) {
        self.add(line);
    }

    fn invalid(&mut self, error: RowError) {
        self.invalid_rows += 1;
        match error.amount {
            Some(a) => self.invalid_amount += a,
            None => self.invalid_without_amount += 1,
        }
        // Keep a few more than shown, so that the first ones by line survive a parallel merge.
        if self.errors.len() < MAX_KEPT_ERRORS {
            self.errors.push(error);
        }
    }
}

/// Months are counted from January of this year (the first year `Date` accepts).
const FIRST_YEAR: i32 = 1900;

fn month_index(month: YearMonth) -> usize {
    ((month.year - FIRST_YEAR).max(0) as usize) * 12 + (month.month as usize).saturating_sub(1)
}

fn month_from_index(index: usize) -> YearMonth {
    YearMonth {
        year: FIRST_YEAR + (index / 12) as i32,
        month: (index % 12) as u8 + 1,
    }
}

fn strong_hash(key: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

fn mix64(mut x: u64) -> u64 {
    // splitmix64 finaliser
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d049bb133111eb);
    x ^ (x >> 31)
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    pub sek: f64,
    pub ore: i64,
    pub kg_co2e: f64,
    pub kg_co2e_low: f64,
    pub kg_co2e_high: f64,
    pub rows: u64,
}

impl From<&Sums> for Totals {
    fn from(s: &Sums) -> Totals {
        Totals {
            sek: s.amount.sek_f64(),
            ore: s.amount.0,
            kg_co2e: s.kg_co2e,
            kg_co2e_low: s.kg_co2e_low,
            kg_co2e_high: s.kg_co2e_high,
            rows: s.rows,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CategoryResult {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub sek: f64,
    pub ore: i64,
    pub kg_co2e: f64,
    pub kg_co2e_low: f64,
    pub kg_co2e_high: f64,
    pub rows: u64,
    pub share_of_spend: f64,
    pub share_of_emissions: f64,
    /// The factor applied, with its source; `None` means no factor (kg 0).
    pub factor: Option<SpendFactor>,
    /// Suppliers with positive net spend in the category.
    pub suppliers: u64,
    /// Smallest number of suppliers that together make up 80 % of the category's positive spend.
    pub suppliers_for_80_percent: u64,
    /// Spend with the remaining suppliers (the long tail).
    pub long_tail_sek: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GroupResult {
    pub key: String,
    /// Display name where the key is an id (supplier name for an org number).
    pub name: String,
    pub sek: f64,
    pub ore: i64,
    pub kg_co2e: f64,
    pub rows: u64,
    pub share_of_spend: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(from = "StoredRule")]
pub struct RuleResult {
    pub kind: RuleKind,
    /// [`RuleKind::name_sv`] of `kind`: written to JSON for its readers, and
    /// set again from `kind` when a report is read back.
    #[serde(skip_deserializing)]
    pub kind_name: &'static str,
    pub pattern: String,
    pub category: String,
    pub origin: String,
    pub rows: u64,
    pub sek: f64,
}

/// A [`RuleResult`] as read from JSON (`kind_name` follows from `kind`).
#[derive(Deserialize)]
struct StoredRule {
    kind: RuleKind,
    pattern: String,
    category: String,
    origin: String,
    rows: u64,
    sek: f64,
}

impl From<StoredRule> for RuleResult {
    fn from(r: StoredRule) -> RuleResult {
        RuleResult {
            kind: r.kind,
            kind_name: r.kind.name_sv(),
            pattern: r.pattern,
            category: r.category,
            origin: r.origin,
            rows: r.rows,
            sek: r.sek,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Unclassified {
    pub sek: f64,
    pub rows: u64,
    pub share_of_spend: f64,
    pub share_of_rows: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DuplicateGroup {
    /// Supplier name, and org number where the ledger has one.
    pub supplier: String,
    pub supplier_id: String,
    pub date: String,
    pub sek: f64,
    /// Lines in the group (2 or more). `lines` lists the repeats found; the
    /// first occurrence is usually not among them (it is not known to repeat when read).
    pub count: u64,
    pub lines: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DataQuality {
    pub rows_without_orgnr: u64,
    pub sek_without_orgnr: f64,
    pub rows_without_date: u64,
    pub credit_note_rows: u64,
    pub credit_note_sek: f64,
    /// False when the check was switched off (`without_duplicate_check`):
    /// the suspected-duplicate fields are then zero, not "none found".
    pub duplicates_checked: bool,
    /// Groups of lines with the same supplier, amount and date.
    pub suspected_duplicate_groups: u64,
    /// Lines beyond the first in each group, and their sum.
    pub suspected_duplicate_rows: u64,
    pub suspected_duplicate_sek: f64,
    pub suspected_duplicates: Vec<DuplicateGroup>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Skipped {
    pub rows: u64,
    /// Sum of the skipped rows whose amount could be read.
    pub sek: f64,
    pub rows_without_readable_amount: u64,
    /// The first invalid rows (at most [`MAX_KEPT_ERRORS`]), by line.
    pub errors: Vec<RowError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SpendReport {
    pub total: Totals,
    pub categories: Vec<CategoryResult>,
    pub suppliers: Vec<GroupResult>,
    pub supplier_count: u64,
    pub units: Vec<GroupResult>,
    pub months: Vec<GroupResult>,
    pub unclassified: Unclassified,
    pub rules: Vec<RuleResult>,
    pub data_quality: DataQuality,
    pub skipped: Skipped,
    pub factor_set: String,
}

/// Merges the workers' accumulators into the report.
pub fn finish(mut accumulators: Vec<SpendAccumulator<'_>>, top_suppliers: usize) -> SpendReport {
    let mut acc = accumulators.remove(0);
    for other in accumulators {
        acc.merge(other);
    }
    let engine = acc.engine;
    let classifier = &engine.classifier;
    let total_amount = acc.total.amount;
    let share = |a: Ore| {
        if total_amount.0 == 0 {
            0.0
        } else {
            a.0 as f64 / total_amount.0 as f64
        }
    };
    let total_kg = acc.total.kg_co2e;

    // Supplier concentration per category.
    let mut per_category: FxHashMap<u32, Vec<Ore>> = FxHashMap::default();
    for supplier in &acc.suppliers {
        for &(category, amount) in &supplier.categories {
            if amount > Ore::ZERO {
                per_category.entry(category).or_default().push(amount);
            }
        }
    }
    let concentration = |category: u32| -> (u64, u64, Ore) {
        let Some(amounts) = per_category.get(&category) else {
            return (0, 0, Ore::ZERO);
        };
        let mut amounts = amounts.clone();
        amounts.sort_unstable_by(|a, b| b.cmp(a));
        let positive: i128 = amounts.iter().map(|a| a.0 as i128).sum();
        let mut running: i128 = 0;
        let mut needed = 0u64;
        // Integer comparison: running ≥ 0.8 × positive ⇔ 5·running ≥ 4·positive.
        for a in &amounts {
            running += a.0 as i128;
            needed += 1;
            if 5 * running >= 4 * positive {
                break;
            }
        }
        let tail = Ore((positive - running) as i64);
        (amounts.len() as u64, needed, tail)
    };

    let mut categories: Vec<CategoryResult> = classifier
        .categories()
        .iter()
        .enumerate()
        .filter(|(i, _)| acc.by_category[*i].rows > 0)
        .map(|(i, c)| {
            let s = &acc.by_category[i];
            let (suppliers, needed, tail) = concentration(i as u32);
            CategoryResult {
                id: c.id.clone(),
                name: c.name_sv.clone(),
                name_en: c.name_en.clone(),
                sek: s.amount.sek_f64(),
                ore: s.amount.0,
                kg_co2e: s.kg_co2e,
                kg_co2e_low: s.kg_co2e_low,
                kg_co2e_high: s.kg_co2e_high,
                rows: s.rows,
                share_of_spend: share(s.amount),
                share_of_emissions: if total_kg == 0.0 {
                    0.0
                } else {
                    s.kg_co2e / total_kg
                },
                factor: engine.factors.get(&c.id).cloned(),
                suppliers,
                suppliers_for_80_percent: needed,
                long_tail_sek: tail.sek_f64(),
            }
        })
        .collect();
    categories.sort_by(|a, b| {
        b.kg_co2e
            .total_cmp(&a.kg_co2e)
            .then(b.ore.cmp(&a.ore))
            .then(a.id.cmp(&b.id))
    });

    let group = |key: String, name: String, s: &Sums| GroupResult {
        key,
        name,
        sek: s.amount.sek_f64(),
        ore: s.amount.0,
        kg_co2e: s.kg_co2e,
        rows: s.rows,
        share_of_spend: share(s.amount),
    };
    let mut suppliers: Vec<GroupResult> = acc
        .suppliers
        .iter()
        .map(|s| group(s.id.clone(), s.name.clone(), &s.sums))
        .collect();
    suppliers.sort_by(|a, b| {
        b.ore
            .cmp(&a.ore)
            .then(a.key.cmp(&b.key))
            .then(a.name.cmp(&b.name))
    });
    let supplier_count = suppliers.len() as u64;
    suppliers.truncate(top_suppliers);

    let mut units: Vec<GroupResult> = acc
        .units
        .iter()
        .map(|(u, s)| group(u.to_string(), u.to_string(), s))
        .collect();
    units.sort_by(|a, b| b.ore.cmp(&a.ore).then(a.key.cmp(&b.key)));

    let months = acc
        .months
        .iter()
        .enumerate()
        .filter(|(_, s)| s.rows > 0)
        .map(|(i, s)| {
            let month = month_from_index(i).to_string();
            group(month.clone(), month, s)
        })
        .collect();

    let unclassified_sums =
        acc.by_category[classifier.category_of(RuleId::UNCLASSIFIED).0 as usize];
    let unclassified = Unclassified {
        sek: unclassified_sums.amount.sek_f64(),
        rows: unclassified_sums.rows,
        share_of_spend: share(unclassified_sums.amount),
        share_of_rows: if acc.total.rows == 0 {
            0.0
        } else {
            unclassified_sums.rows as f64 / acc.total.rows as f64
        },
    };

    let mut rules: Vec<RuleResult> = classifier
        .rules()
        .iter()
        .enumerate()
        .filter(|(i, _)| acc.by_rule[*i].rows > 0)
        .map(|(i, r)| RuleResult {
            kind: r.kind,
            kind_name: r.kind.name_sv(),
            pattern: r.pattern.clone(),
            category: classifier.category(r.category).id.clone(),
            origin: r.origin.clone(),
            rows: acc.by_rule[i].rows,
            sek: acc.by_rule[i].amount.sek_f64(),
        })
        .collect();
    rules.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.origin.cmp(&b.origin)));

    let data_quality = duplicates_and_quality(&mut acc);

    let mut errors = std::mem::take(&mut acc.errors);
    errors.sort_by_key(|e| (e.line, e.column));
    errors.truncate(MAX_KEPT_ERRORS);
    // Their amounts are in `skipped.sek`; the report keeps only what it
    // serialises, so it reads back from JSON equal to itself.
    for e in &mut errors {
        e.amount = None;
    }

    SpendReport {
        total: Totals::from(&acc.total),
        categories,
        suppliers,
        supplier_count,
        units,
        months,
        unclassified,
        rules,
        data_quality,
        skipped: Skipped {
            rows: acc.invalid_rows,
            sek: acc.invalid_amount.sek_f64(),
            rows_without_readable_amount: acc.invalid_without_amount,
            errors,
        },
        factor_set: engine.factors.label.clone(),
    }
}

/// Fingerprints that occur more than once, with their counts.
///
/// Every repeat of a fingerprint is a candidate (see `flush_pending`), so only
/// candidates' fingerprints can repeat: they are counted over all lines, and a
/// small bit filter of them (it stays in cache) skips the other lines cheaply.
fn repeated_fingerprints(
    chunks: &[Vec<u64>],
    candidates: &[DuplicateCandidate],
) -> FxHashMap<u64, u64> {
    let mut counts: FxHashMap<u64, u64> = candidates.iter().map(|c| (c.fingerprint, 0)).collect();
    let bits = (counts.len() as u64 * 16).next_power_of_two().max(64);
    let mask = bits - 1;
    let mut prefilter = vec![0u64; (bits / 64) as usize];
    let locate = |fingerprint: u64| {
        let bit = fingerprint.rotate_left(41) & mask;
        ((bit / 64) as usize, 1u64 << (bit % 64))
    };
    for &fingerprint in counts.keys() {
        let (word, flag) = locate(fingerprint);
        prefilter[word] |= flag;
    }
    for &fingerprint in chunks.iter().flatten() {
        let (word, flag) = locate(fingerprint);
        if prefilter[word] & flag != 0
            && let Some(count) = counts.get_mut(&fingerprint)
        {
            *count += 1;
        }
    }
    counts.retain(|_, n| *n > 1);
    counts
}

fn duplicates_and_quality(acc: &mut SpendAccumulator<'_>) -> DataQuality {
    acc.flush_pending();
    let repeated = repeated_fingerprints(&acc.fingerprints, &acc.candidates);
    acc.fingerprints = Vec::new();

    // Every repeat after the first found its bit set, so each group has at least one
    // candidate carrying its supplier, date and amount. A first occurrence can be a
    // candidate too (its bit set by another fingerprint), so counts come from the count
    // over all lines.
    let mut groups: FxHashMap<u64, DuplicateGroup> = FxHashMap::default();
    let duplicate_rows: u64 = repeated.values().map(|n| n - 1).sum();
    let mut duplicate_amount = Ore::ZERO;
    for c in std::mem::take(&mut acc.candidates) {
        let Some(&count) = repeated.get(&c.fingerprint) else {
            continue;
        };
        let group = groups.entry(c.fingerprint).or_insert_with(|| {
            duplicate_amount += Ore(c.amount.0.saturating_mul(count as i64 - 1));
            let supplier = &acc.suppliers[c.supplier as usize];
            DuplicateGroup {
                supplier: supplier.name.clone(),
                supplier_id: supplier.id.clone(),
                date: c.date.to_string(),
                sek: c.amount.sek_f64(),
                count,
                lines: Vec::new(),
            }
        });
        group.lines.push(c.line);
    }
    let mut examples: Vec<DuplicateGroup> = groups.into_values().collect();
    for g in &mut examples {
        g.lines.sort_unstable();
    }
    examples.sort_by(|a, b| {
        b.sek
            .abs()
            .total_cmp(&a.sek.abs())
            .then(a.lines.first().cmp(&b.lines.first()))
    });
    examples.truncate(MAX_DUPLICATE_EXAMPLES);

    DataQuality {
        rows_without_orgnr: acc.without_orgnr.rows,
        sek_without_orgnr: acc.without_orgnr.amount.sek_f64(),
        rows_without_date: acc.without_date,
        credit_note_rows: acc.credit_notes.rows,
        credit_note_sek: acc.credit_notes.amount.sek_f64(),
        duplicates_checked: acc.engine.check_duplicates,
        suspected_duplicate_groups: repeated.len() as u64,
        suspected_duplicate_rows: duplicate_rows,
        suspected_duplicate_sek: duplicate_amount.sek_f64(),
        suspected_duplicates: examples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fingerprints_count_only_repeats() {
        let candidate = |fingerprint| DuplicateCandidate {
            fingerprint,
            supplier: 0,
            date: Date::new(2025, 1, 1).unwrap(),
            amount: Ore(1),
            line: 1,
        };
        // 5 and 9 repeat; 4 is a false candidate (its bit was set by another line).
        let chunks = vec![vec![5, 1, 5, 2], vec![9, 4, 5, 9, 8]];
        let candidates = [candidate(5), candidate(5), candidate(9), candidate(4)];
        let repeated = repeated_fingerprints(&chunks, &candidates);
        let mut expected = FxHashMap::default();
        expected.insert(5, 3);
        expected.insert(9, 2);
        assert_eq!(repeated, expected);
        assert!(repeated_fingerprints(&[], &[]).is_empty());
    }

    #[test]
    fn month_index_round_trips() {
        for (year, month) in [(1900, 1), (2024, 12), (2199, 7)] {
            let m = YearMonth { year, month };
            assert_eq!(month_from_index(month_index(m)), m);
        }
    }
}
