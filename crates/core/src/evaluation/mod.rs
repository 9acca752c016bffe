//! Tender evaluation (anbudsutvärdering): lowest price, lowest life-cycle
//! cost, price–quality with fictitious price deductions (mervärdesmodell)
//! and relative scoring with weights, each with an optional fictitious
//! discount for a certified CO2 ambition level. Every bid's score is broken
//! down per criterion; robustness checks give the weight ranges within which
//! the winner stays and warn about rank reversal.
//!
//! Money (prices, LCC, deductions, discounts) is exact öre; points are f64.

use crate::money::Ore;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    LowestPrice,
    LowestLcc,
    /// Mervärdesmodell: compared price = basis − CO2 discount − Σ deductions.
    ValueDeduction,
    /// Points: price 100 × lowest/own, quality 100 × answer/max, weighted.
    RelativeScoring,
}

/// What the price part of the evaluation is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Price,
    Lcc,
}

/// A quality criterion. Answers run from 0 to `max_points` (a yes/no
/// criterion is 0 or 1 with `max_points = 1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub max_points: f64,
    /// Value deduction at full points (mervärdesmodell).
    #[serde(serialize_with = "ore_serde::one")]
    pub deduction: Ore,
    /// Weight (relative scoring); price weight + Σ weights = 1.
    pub weight: f64,
}

/// A certified CO2 ambition level (e.g. a CO2 Performance Ladder step) and
/// its fictitious discount as a fraction of the evaluated amount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Co2Level {
    pub id: String,
    pub name: String,
    pub discount: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bid {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "ore_serde::one")]
    pub price: Ore,
    #[serde(serialize_with = "ore_serde::opt")]
    pub lcc: Option<Ore>,
    /// One answer per criterion, in the tender's criterion order.
    pub answers: Vec<f64>,
    /// Index into [`Tender::co2_levels`].
    pub co2_level: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tender {
    pub name: String,
    pub method: Method,
    pub basis: Basis,
    /// Relative scoring only.
    pub price_weight: f64,
    pub criteria: Vec<Criterion>,
    pub co2_levels: Vec<Co2Level>,
    pub bids: Vec<Bid>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluationError {
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> EvaluationError {
    EvaluationError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

impl Tender {
    /// The amount the evaluation starts from for a bid (price or LCC).
    fn basis_amount(&self, bid: &Bid) -> Option<Ore> {
        match (self.method, self.basis) {
            (Method::LowestPrice, _) => Some(bid.price),
            (Method::LowestLcc, _) | (_, Basis::Lcc) => bid.lcc,
            (_, Basis::Price) => Some(bid.price),
        }
    }

    pub fn validate(&self) -> Result<(), Vec<EvaluationError>> {
        let mut e = Vec::new();
        if self.bids.is_empty() {
            e.push(invalid("bids", "inga anbud att utvärdera"));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, c) in self.criteria.iter().enumerate() {
            let path = format!("criteria[{i}] ({})", c.id);
            if !(c.max_points.is_finite() && c.max_points > 0.0) {
                e.push(invalid(&path, "max_points måste vara större än 0"));
            }
            if c.deduction.0 < 0 {
                e.push(invalid(&path, "avdraget får inte vara negativt"));
            }
            if !(c.weight.is_finite() && c.weight >= 0.0) {
                e.push(invalid(&path, "vikten får inte vara negativ"));
            }
        }
        for (i, l) in self.co2_levels.iter().enumerate() {
            if !(l.discount.is_finite() && (0.0..1.0).contains(&l.discount)) {
                e.push(invalid(
                    format!("co2_levels[{i}] ({})", l.id),
                    "rabatten måste vara minst 0 och under 1 (100 %)",
                ));
            }
        }
        if self.method == Method::RelativeScoring {
            let sum = self.price_weight + self.criteria.iter().map(|c| c.weight).sum::<f64>();
            if (sum - 1.0).abs() > 1e-9 || !(0.0..=1.0).contains(&self.price_weight) {
                e.push(invalid(
                    "weights",
                    format!(
                        "prisvikten och kriteriernas vikter ska summera till 1 (summan är {sum})"
                    ),
                ));
            }
        }
        for (i, b) in self.bids.iter().enumerate() {
            let path = format!("bids[{i}] ({})", b.id);
            if !seen.insert(b.id.as_str()) {
                e.push(invalid(&path, "id förekommer mer än en gång"));
            }
            match self.basis_amount(b) {
                None => e.push(invalid(&path, "anbudet saknar LCC (lcc_sek)")),
                Some(x) if x.0 <= 0 && self.method == Method::RelativeScoring => e.push(invalid(
                    &path,
                    "relativ prispoäng kräver ett belopp större än 0",
                )),
                _ => {}
            }
            if b.answers.len() != self.criteria.len() {
                e.push(invalid(
                    &path,
                    format!(
                        "anbudet har {} svar men utvärderingen har {} kriterier",
                        b.answers.len(),
                        self.criteria.len()
                    ),
                ));
            }
            for (a, c) in b.answers.iter().zip(&self.criteria) {
                if !(a.is_finite() && *a >= 0.0 && *a <= c.max_points) {
                    e.push(invalid(
                        &path,
                        format!(
                            "svaret {a} på \"{}\" ligger utanför 0–{}",
                            c.id, c.max_points
                        ),
                    ));
                }
            }
            if b.co2_level.is_some_and(|l| l >= self.co2_levels.len()) {
                e.push(invalid(&path, "okänd CO2-ambitionsnivå"));
            }
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub criterion: String,
    pub answer: f64,
    /// answer / max_points
    pub share: f64,
    /// Value deduction earned (mervärdesmodell), else zero.
    #[serde(serialize_with = "ore_serde::one")]
    pub deduction: Ore,
    /// Weighted points (relative scoring), else zero.
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BidScore {
    pub id: String,
    pub name: String,
    #[serde(serialize_with = "ore_serde::one")]
    pub price: Ore,
    /// Price or LCC, what the evaluation starts from.
    #[serde(serialize_with = "ore_serde::one")]
    pub basis_amount: Ore,
    pub co2_level: Option<String>,
    #[serde(serialize_with = "ore_serde::one")]
    pub co2_discount: Ore,
    pub criteria: Vec<CriterionScore>,
    /// Lowest price/LCC and mervärdesmodell: the amount that is compared.
    #[serde(serialize_with = "ore_serde::opt")]
    pub compared_price: Option<Ore>,
    /// Relative scoring: 100 × lowest / own (after the CO2 discount), weighted.
    pub price_points: Option<f64>,
    pub total_points: Option<f64>,
    pub rank: usize,
}

/// The range of one weight (relative scoring: 0–1, the others rescaled in
/// proportion) or one criterion's full deduction (mervärdesmodell, SEK, the
/// others fixed) within which the winner stays the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightRange {
    /// `price` or a criterion id.
    pub parameter: String,
    pub current: f64,
    pub low: f64,
    /// `None`: no upper limit.
    pub high: Option<f64>,
}

/// Removing a losing bid changes the order of the remaining ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankReversal {
    pub removed: String,
    pub order_before: Vec<String>,
    pub order_after: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub name: String,
    pub method: Method,
    pub basis: Basis,
    /// In the bids' input order.
    pub bids: Vec<BidScore>,
    /// Bid ids, best first.
    pub order: Vec<String>,
    pub winner: String,
    /// Bids sharing the winner's score (a tie the buyer must break).
    pub tied_with_winner: Vec<String>,
    pub weight_ranges: Vec<WeightRange>,
    pub rank_reversals: Vec<RankReversal>,
}

fn round_ore(x: f64) -> Ore {
    Ore(x.round() as i64)
}

/// Scores, order and robustness checks. The tender should have passed
/// [`Tender::validate`].
pub fn evaluate(tender: &Tender) -> Evaluation {
    let bids = score(tender);
    let order = order_of(tender, &bids);
    let winner = order
        .first()
        .and_then(|&i| bids.get(i))
        .map_or_else(String::new, |b| b.id.clone());
    let key = |b: &BidScore| sort_key(tender.method, b);
    let tied_with_winner = match order.first().and_then(|&i| bids.get(i)) {
        Some(w) => bids
            .iter()
            .filter(|b| b.id != w.id && (key(b) - key(w)).abs() < 1e-9)
            .map(|b| b.id.clone())
            .collect(),
        None => Vec::new(),
    };
    let mut scored = bids;
    for (rank, &i) in order.iter().enumerate() {
        if let Some(b) = scored.get_mut(i) {
            b.rank = rank + 1;
        }
    }
    let order_ids: Vec<String> = order
        .iter()
        .filter_map(|&i| scored.get(i).map(|b| b.id.clone()))
        .collect();
    Evaluation {
        name: tender.name.clone(),
        method: tender.method,
        basis: tender.basis,
        weight_ranges: weight_ranges(tender, &scored, order.first().copied()),
        rank_reversals: rank_reversals(tender, &order_ids),
        bids: scored,
        winner,
        tied_with_winner,
        order: order_ids,
    }
}

/// Smaller is better.
fn sort_key(method: Method, b: &BidScore) -> f64 {
    match method {
        Method::RelativeScoring => -b.total_points.unwrap_or(0.0),
        _ => b.compared_price.map_or(f64::INFINITY, |o| o.0 as f64),
    }
}

fn order_of(tender: &Tender, bids: &[BidScore]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bids.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (bids.get(i), bids.get(j));
        let ka = a.map_or(f64::INFINITY, |x| sort_key(tender.method, x));
        let kb = b.map_or(f64::INFINITY, |x| sort_key(tender.method, x));
        ka.total_cmp(&kb).then(i.cmp(&j))
    });
    order
}

fn score(tender: &Tender) -> Vec<BidScore> {
    let discounted: Vec<(Ore, Ore)> = tender
        .bids
        .iter()
        .map(|b| {
            let basis = tender.basis_amount(b).unwrap_or(Ore::ZERO);
            let pct = b
                .co2_level
                .and_then(|l| tender.co2_levels.get(l))
                .map_or(0.0, |l| l.discount);
            (basis, round_ore(basis.0 as f64 * pct))
        })
        .collect();
    let lowest = discounted
        .iter()
        .map(|(b, d)| (*b - *d).0)
        .min()
        .unwrap_or(0);
    tender
        .bids
        .iter()
        .zip(&discounted)
        .map(|(b, &(basis, co2_discount))| {
            let after = basis - co2_discount;
            let criteria: Vec<CriterionScore> = tender
                .criteria
                .iter()
                .zip(&b.answers)
                .map(|(c, &answer)| {
                    let share = answer / c.max_points;
                    CriterionScore {
                        criterion: c.id.clone(),
                        answer,
                        share,
                        deduction: if tender.method == Method::ValueDeduction {
                            round_ore(c.deduction.0 as f64 * share)
                        } else {
                            Ore::ZERO
                        },
                        points: if tender.method == Method::RelativeScoring {
                            100.0 * share * c.weight
                        } else {
                            0.0
                        },
                    }
                })
                .collect();
            let (compared_price, price_points, total_points) = match tender.method {
                Method::LowestPrice | Method::LowestLcc => (Some(after), None, None),
                Method::ValueDeduction => {
                    let d: Ore = criteria.iter().map(|c| c.deduction).sum();
                    (Some(after - d), None, None)
                }
                Method::RelativeScoring => {
                    let pp = if after.0 > 0 {
                        100.0 * lowest as f64 / after.0 as f64 * tender.price_weight
                    } else {
                        0.0
                    };
                    let q: f64 = criteria.iter().map(|c| c.points).sum();
                    (None, Some(pp), Some(pp + q))
                }
            };
            BidScore {
                id: b.id.clone(),
                name: b.name.clone(),
                price: b.price,
                basis_amount: basis,
                co2_level: b
                    .co2_level
                    .and_then(|l| tender.co2_levels.get(l))
                    .map(|l| l.id.clone()),
                co2_discount,
                criteria,
                compared_price,
                price_points,
                total_points,
                rank: 0,
            }
        })
        .collect()
}

/// The interval around `t0` on which line `win` (a + t·c) stays the best
/// (`maximise`: highest) of all lines, within `[lo, hi]`.
fn stable_interval(
    lines: &[(f64, f64)],
    win: usize,
    maximise: bool,
    mut lo: f64,
    mut hi: Option<f64>,
) -> (f64, Option<f64>) {
    let Some(&(aw, cw)) = lines.get(win) else {
        return (lo, hi);
    };
    for (i, &(a, c)) in lines.iter().enumerate() {
        if i == win {
            continue;
        }
        // d(t) = (aw − a) + t (cw − c) must stay ≥ 0 (maximise) or ≤ 0.
        let (mut da, mut dc) = (aw - a, cw - c);
        if !maximise {
            da = -da;
            dc = -dc;
        }
        if dc > 1e-15 {
            lo = lo.max(-da / dc);
        } else if dc < -1e-15 {
            let t = da / -dc;
            hi = Some(hi.map_or(t, |h| h.min(t)));
        }
    }
    (lo, hi)
}

fn weight_ranges(tender: &Tender, bids: &[BidScore], winner: Option<usize>) -> Vec<WeightRange> {
    let Some(win) = winner else {
        return Vec::new();
    };
    match tender.method {
        Method::RelativeScoring => {
            // Unweighted part scores per bid: index 0 price, then criteria.
            let parts: Vec<Vec<f64>> = bids
                .iter()
                .map(|b| {
                    let mut v = Vec::with_capacity(b.criteria.len() + 1);
                    v.push(if tender.price_weight > 0.0 {
                        b.price_points.unwrap_or(0.0) / tender.price_weight
                    } else {
                        // Recompute the unweighted price points.
                        let lowest = bids
                            .iter()
                            .map(|x| (x.basis_amount - x.co2_discount).0)
                            .min()
                            .unwrap_or(0);
                        let own = (b.basis_amount - b.co2_discount).0;
                        if own > 0 {
                            100.0 * lowest as f64 / own as f64
                        } else {
                            0.0
                        }
                    });
                    v.extend(b.criteria.iter().map(|c| 100.0 * c.share));
                    v
                })
                .collect();
            let mut weights = vec![tender.price_weight];
            weights.extend(tender.criteria.iter().map(|c| c.weight));
            let mut names = vec!["price".to_string()];
            names.extend(tender.criteria.iter().map(|c| c.id.clone()));
            let mut out = Vec::new();
            for (k, (name, &w0)) in names.iter().zip(&weights).enumerate() {
                if w0 >= 1.0 - 1e-12 {
                    continue; // nothing to rescale the others by
                }
                let lines: Vec<(f64, f64)> = parts
                    .iter()
                    .map(|s| {
                        let rest: f64 = s
                            .iter()
                            .zip(&weights)
                            .enumerate()
                            .filter(|(j, _)| *j != k)
                            .map(|(_, (x, w))| x * w)
                            .sum::<f64>()
                            / (1.0 - w0);
                        let own = s.get(k).copied().unwrap_or(0.0);
                        (rest, own - rest)
                    })
                    .collect();
                let (low, high) = stable_interval(&lines, win, true, 0.0, Some(1.0));
                out.push(WeightRange {
                    parameter: name.clone(),
                    current: w0,
                    low,
                    high,
                });
            }
            out
        }
        Method::ValueDeduction => tender
            .criteria
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let lines: Vec<(f64, f64)> = bids
                    .iter()
                    .map(|b| {
                        let own = b.criteria.get(k).map_or(Ore::ZERO, |x| x.deduction);
                        let cp = b.compared_price.unwrap_or(Ore::ZERO);
                        let share = b.criteria.get(k).map_or(0.0, |x| x.share);
                        ((cp + own).sek_f64(), -share)
                    })
                    .collect();
                let (low, high) = stable_interval(&lines, win, false, 0.0, None);
                WeightRange {
                    parameter: c.id.clone(),
                    current: c.deduction.sek_f64(),
                    low,
                    high,
                }
            })
            .collect(),
        Method::LowestPrice | Method::LowestLcc => Vec::new(),
    }
}

fn rank_reversals(tender: &Tender, order: &[String]) -> Vec<RankReversal> {
    let mut out = Vec::new();
    for removed in order.iter().skip(1) {
        let mut reduced = tender.clone();
        reduced.bids.retain(|b| &b.id != removed);
        let bids = score(&reduced);
        let after: Vec<String> = order_of(&reduced, &bids)
            .into_iter()
            .filter_map(|i| bids.get(i).map(|b| b.id.clone()))
            .collect();
        let before: Vec<String> = order.iter().filter(|id| *id != removed).cloned().collect();
        if before != after {
            out.push(RankReversal {
                removed: removed.clone(),
                order_before: before,
                order_after: after,
            });
        }
    }
    out
}

/// Money as exact decimal strings (`"1234.50"`), the project's JSON form.
mod ore_serde {
    use crate::money::Ore;
    use serde::Serializer;

    pub fn one<S: Serializer>(o: &Ore, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&o.to_decimal_string())
    }

    pub fn opt<S: Serializer>(o: &Option<Ore>, s: S) -> Result<S::Ok, S::Error> {
        match o {
            Some(o) => s.serialize_str(&o.to_decimal_string()),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests;
