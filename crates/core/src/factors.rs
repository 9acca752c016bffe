//! Spend-based emission factors (kg CO2e per SEK) with their provenance.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// One factor for one spend category. Every factor says where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpendFactor {
    /// Category id the factor applies to.
    pub category: String,
    /// Human-readable name of the category (Swedish).
    pub name: String,
    pub kg_co2e_per_sek: f64,
    /// Source (publication, dataset, organisation's own study).
    pub source: String,
    /// Year of the source data or price level.
    pub year: Option<i32>,
    /// Lower and upper bound where the source gives an uncertainty range.
    pub low: Option<f64>,
    pub high: Option<f64>,
}

impl SpendFactor {
    /// Bounds for range calculations: the point value where no range is given.
    pub fn bounds(&self) -> (f64, f64) {
        (
            self.low.unwrap_or(self.kg_co2e_per_sek),
            self.high.unwrap_or(self.kg_co2e_per_sek),
        )
    }
}

/// A named set of factors, e.g. the shipped default or an organisation's own file.
#[derive(Debug, Clone, Default)]
pub struct FactorSet {
    /// What the set is, shown in every report (e.g. the default's dataset and conversion).
    pub label: String,
    factors: Vec<SpendFactor>,
    by_category: FxHashMap<String, usize>,
}

impl FactorSet {
    pub fn new(label: impl Into<String>) -> FactorSet {
        FactorSet {
            label: label.into(),
            ..FactorSet::default()
        }
    }

    /// Adds or replaces the factor for its category (later files override earlier ones).
    pub fn insert(&mut self, factor: SpendFactor) {
        match self.by_category.get(&factor.category) {
            Some(&i) => self.factors[i] = factor,
            None => {
                self.by_category
                    .insert(factor.category.clone(), self.factors.len());
                self.factors.push(factor);
            }
        }
    }

    /// Layers `other` over `self`: its factors replace ours category by category.
    pub fn overlay(&mut self, other: FactorSet) {
        self.label = format!("{} + {}", other.label, self.label);
        for f in other.factors {
            self.insert(f);
        }
    }

    pub fn get(&self, category: &str) -> Option<&SpendFactor> {
        self.by_category.get(category).map(|&i| &self.factors[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &SpendFactor> {
        self.factors.iter()
    }

    pub fn len(&self) -> usize {
        self.factors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.factors.is_empty()
    }
}
