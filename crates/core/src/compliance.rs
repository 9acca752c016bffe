//! Avtalstrohet (contract compliance): how much of an organisation's spend,
//! per category, goes to suppliers that hold a contract in force on the
//! invoice date, and which suppliers outside contracts the rest goes to.
//!
//! Matching (also in docs/method.md):
//! - A spend line and a contract are for the same supplier when both have an
//!   organisation number and the numbers are equal; when either lacks one,
//!   when their normalised names are equal ([`normalise_name`]). Two
//!   different numbers never match, whatever the names.
//! - A contract is in force on the invoice date when
//!   `start_date <= date <= end_date` (the current end; an extension counts
//!   once the register's end date is moved).
//! - A line is **on contract** when a contract of its supplier is in force
//!   and is for the line's category, or has no category (the register does
//!   not limit it). It is **contracted supplier, other category** when the
//!   supplier's contracts in force are all for other categories: reported
//!   apart, not counted as on contract, since buying outside a contract's
//!   scope is not compliance. Everything else is **off contract**, including
//!   lines without a date (the date decides whether a contract was in force).
//! - Amounts are net: credit notes (negative lines) reduce the sums they
//!   fall in. The share is on-contract over total when the total is above 0.
//!
//! Pure: the caller streams the lines (or lines pre-grouped by supplier,
//! category and date, which give the same sums) into [`ComplianceBuilder`].

use std::collections::HashMap;

use crate::date::Date;
use crate::money::Ore;

/// One spend line, or a group of lines with the same supplier, category and
/// date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpendLine<'a> {
    pub date: Option<Date>,
    /// The ledger's supplier id: used as organisation number when it is one.
    pub supplier_id: &'a str,
    pub supplier_name: &'a str,
    pub category: &'a str,
    pub amount: Ore,
    /// How many ledger lines this is (1 for a single line).
    pub lines: u64,
}

/// A contract as far as matching needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractTerm {
    /// `NNNNNN-NNNN` or empty.
    pub supplier_orgnr: String,
    pub supplier_name: String,
    pub start: Date,
    pub end: Date,
    /// A spend category id, or empty when the register does not say.
    pub category: String,
}

/// How a line was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Match {
    OnContract,
    OtherCategory,
    OffContract,
}

/// A supplier's spend in one of the lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierSpend {
    /// `NNNNNN-NNNN` when the lines carried one, else empty.
    pub orgnr: String,
    /// The ledger's supplier id as first seen (for finding the lines).
    pub supplier_id: String,
    /// The first name seen for the supplier.
    pub name: String,
    pub amount: Ore,
    pub lines: u64,
    /// The supplier has a contract in the register, but none in force on
    /// the dates of these lines (expired, not started) — or, for the other-
    /// category list, always true.
    pub has_contract: bool,
}

/// One category's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCompliance {
    pub category: String,
    pub total: Ore,
    pub on_contract: Ore,
    pub other_category: Ore,
    pub off_contract: Ore,
    /// Part of `off_contract` on lines without a date.
    pub undated: Ore,
    pub lines: u64,
    /// Suppliers of the off-contract spend, largest first.
    pub off_suppliers: Vec<SupplierSpend>,
    /// Suppliers with a contract in force for another category, largest first.
    pub other_category_suppliers: Vec<SupplierSpend>,
}

impl CategoryCompliance {
    /// On-contract spend over total spend, `None` when the total is not
    /// above zero.
    pub fn share(&self) -> Option<f64> {
        share(self.on_contract, self.total)
    }
}

fn share(part: Ore, total: Ore) -> Option<f64> {
    (total.0 > 0).then(|| part.0 as f64 / total.0 as f64)
}

/// The result over all categories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compliance {
    /// Largest total first, then by id.
    pub categories: Vec<CategoryCompliance>,
    pub total: Ore,
    pub on_contract: Ore,
    pub other_category: Ore,
    pub off_contract: Ore,
    pub undated: Ore,
    /// Off-contract spend per supplier over all categories, largest first.
    pub off_suppliers: Vec<SupplierSpend>,
    /// How many contracts were matched against.
    pub contracts: usize,
}

impl Compliance {
    pub fn share(&self) -> Option<f64> {
        share(self.on_contract, self.total)
    }
}

/// An organisation number in the form `NNNNNN-NNNN` when `text` is ten
/// digits, or twelve with the century (16, 19, 20) first, ignoring spaces,
/// hyphens and plus. The check digit is not verified here: a ledger id that
/// looks like a number is compared as one (the register's numbers are
/// verified when stored).
pub fn normalise_orgnr(text: &str) -> Option<String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | '+' | ' '))
        .collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ten = match digits.len() {
        10 => &digits[..],
        12 if ["16", "19", "20"].contains(&&digits[..2]) => &digits[2..],
        _ => return None,
    };
    Some(format!("{}-{}", &ten[..6], &ten[6..]))
}

/// A supplier name for comparison: lower case; every character that is not
/// a letter or digit becomes a space (so "&", ".", ",", "(" and ")" go);
/// the company-form words "ab", "aktiebolag" and "publ" are dropped wherever
/// they stand; the remaining words joined by one space. "Demo Bygg & Anl.
/// AB (publ)" and "DEMO BYGG ANL AKTIEBOLAG" are the same.
pub fn normalise_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|w| !matches!(*w, "ab" | "aktiebolag" | "publ"))
        .collect::<Vec<_>>()
        .join(" ")
}

struct Term {
    orgnr: String,
    name: String,
    start: Date,
    end: Date,
    category: String,
}

#[derive(Default)]
struct CategoryAcc {
    total: i64,
    on: i64,
    other: i64,
    off: i64,
    undated: i64,
    lines: u64,
    off_suppliers: HashMap<String, SupplierSpend>,
    other_suppliers: HashMap<String, SupplierSpend>,
}

/// Accumulates lines one at a time; memory grows with categories and
/// suppliers, not with lines.
pub struct ComplianceBuilder {
    terms: Vec<Term>,
    by_orgnr: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    categories: HashMap<String, CategoryAcc>,
}

impl ComplianceBuilder {
    pub fn new(contracts: &[ContractTerm]) -> ComplianceBuilder {
        let terms: Vec<Term> = contracts
            .iter()
            .map(|c| Term {
                orgnr: normalise_orgnr(&c.supplier_orgnr).unwrap_or_default(),
                name: normalise_name(&c.supplier_name),
                start: c.start,
                end: c.end,
                category: c.category.clone(),
            })
            .collect();
        let mut by_orgnr: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in terms.iter().enumerate() {
            if !t.orgnr.is_empty() {
                by_orgnr.entry(t.orgnr.clone()).or_default().push(i);
            }
            if !t.name.is_empty() {
                by_name.entry(t.name.clone()).or_default().push(i);
            }
        }
        ComplianceBuilder {
            terms,
            by_orgnr,
            by_name,
            categories: HashMap::new(),
        }
    }

    /// The contracts of the line's supplier (any period, any category).
    fn supplier_terms(&self, orgnr: &str, name: &str) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        if !orgnr.is_empty() {
            out.extend(self.by_orgnr.get(orgnr).into_iter().flatten());
        }
        // By name: contracts without a number, or any contract when the line
        // has none.
        if !name.is_empty() {
            out.extend(
                self.by_name
                    .get(name)
                    .into_iter()
                    .flatten()
                    .filter(|i| orgnr.is_empty() || self.terms[**i].orgnr.is_empty()),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How the line matches, and whether its supplier has any contract.
    pub fn classify(&self, line: &SpendLine) -> (Match, bool) {
        let orgnr = normalise_orgnr(line.supplier_id).unwrap_or_default();
        let name = normalise_name(line.supplier_name);
        let terms = self.supplier_terms(&orgnr, &name);
        let has_contract = !terms.is_empty();
        let Some(date) = line.date else {
            return (Match::OffContract, has_contract);
        };
        let mut other = false;
        for i in terms {
            let t = &self.terms[i];
            if t.start <= date && date <= t.end {
                if t.category.is_empty() || t.category == line.category {
                    return (Match::OnContract, true);
                }
                other = true;
            }
        }
        if other {
            (Match::OtherCategory, true)
        } else {
            (Match::OffContract, has_contract)
        }
    }

    pub fn add(&mut self, line: &SpendLine) {
        let (m, has_contract) = self.classify(line);
        let acc = self
            .categories
            .entry(line.category.to_string())
            .or_default();
        let amount = line.amount.0;
        acc.total += amount;
        acc.lines += line.lines;
        let list = match m {
            Match::OnContract => {
                acc.on += amount;
                return;
            }
            Match::OtherCategory => {
                acc.other += amount;
                &mut acc.other_suppliers
            }
            Match::OffContract => {
                acc.off += amount;
                if line.date.is_none() {
                    acc.undated += amount;
                }
                &mut acc.off_suppliers
            }
        };
        let orgnr = normalise_orgnr(line.supplier_id).unwrap_or_default();
        let key = if orgnr.is_empty() {
            format!("n:{}", normalise_name(line.supplier_name))
        } else {
            format!("o:{orgnr}")
        };
        let entry = list.entry(key).or_insert_with(|| SupplierSpend {
            orgnr,
            supplier_id: line.supplier_id.trim().to_string(),
            name: line.supplier_name.trim().to_string(),
            amount: Ore::ZERO,
            lines: 0,
            has_contract: false,
        });
        entry.amount.0 += amount;
        entry.lines += line.lines;
        entry.has_contract |= has_contract;
    }

    pub fn finish(self) -> Compliance {
        let contracts = self.terms.len();
        let mut overall: HashMap<String, SupplierSpend> = HashMap::new();
        let mut categories: Vec<CategoryCompliance> = self
            .categories
            .into_iter()
            .map(|(category, acc)| {
                for (key, s) in &acc.off_suppliers {
                    let e = overall.entry(key.clone()).or_insert_with(|| SupplierSpend {
                        amount: Ore::ZERO,
                        lines: 0,
                        has_contract: false,
                        ..s.clone()
                    });
                    e.amount.0 += s.amount.0;
                    e.lines += s.lines;
                    e.has_contract |= s.has_contract;
                }
                CategoryCompliance {
                    category,
                    total: Ore(acc.total),
                    on_contract: Ore(acc.on),
                    other_category: Ore(acc.other),
                    off_contract: Ore(acc.off),
                    undated: Ore(acc.undated),
                    lines: acc.lines,
                    off_suppliers: sorted(acc.off_suppliers),
                    other_category_suppliers: sorted(acc.other_suppliers),
                }
            })
            .collect();
        categories.sort_by(|a, b| {
            b.total
                .0
                .cmp(&a.total.0)
                .then_with(|| a.category.cmp(&b.category))
        });
        let sum = |f: fn(&CategoryCompliance) -> Ore| Ore(categories.iter().map(|c| f(c).0).sum());
        Compliance {
            total: sum(|c| c.total),
            on_contract: sum(|c| c.on_contract),
            other_category: sum(|c| c.other_category),
            off_contract: sum(|c| c.off_contract),
            undated: sum(|c| c.undated),
            off_suppliers: sorted(overall),
            categories,
            contracts,
        }
    }
}

/// Largest amount first; ties by name and number so the order is stable.
fn sorted(map: HashMap<String, SupplierSpend>) -> Vec<SupplierSpend> {
    let mut v: Vec<SupplierSpend> = map.into_values().collect();
    v.sort_by(|a, b| {
        b.amount
            .0
            .cmp(&a.amount.0)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.orgnr.cmp(&b.orgnr))
    });
    v
}

/// All lines at once.
pub fn compliance<'a>(
    lines: impl IntoIterator<Item = SpendLine<'a>>,
    contracts: &[ContractTerm],
) -> Compliance {
    let mut b = ComplianceBuilder::new(contracts);
    for line in lines {
        b.add(&line);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn line<'a>(
        date: Option<Date>,
        id: &'a str,
        name: &'a str,
        category: &'a str,
        kr: i64,
    ) -> SpendLine<'a> {
        SpendLine {
            date,
            supplier_id: id,
            supplier_name: name,
            category,
            amount: Ore(kr * 100),
            lines: 1,
        }
    }

    fn contract(orgnr: &str, name: &str, start: Date, end: Date, category: &str) -> ContractTerm {
        ContractTerm {
            supplier_orgnr: orgnr.into(),
            supplier_name: name.into(),
            start,
            end,
            category: category.into(),
        }
    }

    #[test]
    fn names_normalise_case_space_company_form_and_punctuation() {
        assert_eq!(
            normalise_name("  Demo  Bygg & Anl. AB (publ) "),
            "demo bygg anl"
        );
        assert_eq!(normalise_name("DEMO BYGG ANL AKTIEBOLAG"), "demo bygg anl");
        assert_eq!(normalise_name("AB Volvo"), "volvo");
        assert_eq!(normalise_name("Åkeri Öst AB"), "åkeri öst");
        assert_eq!(
            normalise_name("Labb AB"),
            "labb",
            "'ab' inside a word stays"
        );
        assert_eq!(normalise_name("Grafisk-Tryck, HB"), "grafisk tryck hb");
        assert_eq!(normalise_name("AB"), "");
    }

    #[test]
    fn orgnr_forms() {
        assert_eq!(
            normalise_orgnr("556036-0793").as_deref(),
            Some("556036-0793")
        );
        assert_eq!(
            normalise_orgnr("5560360793").as_deref(),
            Some("556036-0793")
        );
        assert_eq!(
            normalise_orgnr("16556036 0793").as_deref(),
            Some("556036-0793")
        );
        assert_eq!(normalise_orgnr("LEV-123"), None);
        assert_eq!(normalise_orgnr("12345"), None);
        assert_eq!(normalise_orgnr(""), None);
        assert_eq!(normalise_orgnr("995560360793"), None);
    }

    /// Hand-computed: two categories, five suppliers.
    ///
    /// Contracts: A (556000-0001) food 2025-01-01..2025-06-30;
    /// "Bygg Nord AB" without number, construction, whole 2025;
    /// C (556000-0003) office supplies, whole 2025;
    /// D (556000-0004) without category, whole 2025.
    ///
    /// food lines: A 2025-03-01 1 000 (on), A 2025-07-01 400 (off: expired,
    /// has contract), "BYGG NORD AKTIEBOLAG" 2025-02-01 300 (other category,
    /// by name), E 2025-02-01 250 (off), E 2025-03-01 -50 (credit, off),
    /// D 2025-05-05 100 (on: contract without category), A undated 70 (off,
    /// undated).
    /// food total 1 000 + 400 + 300 + 250 − 50 + 100 + 70 = 2 070;
    /// on 1 100; other 300; off 400 + 200 + 70 = 670; undated 70.
    ///
    /// construction lines: "Bygg Nord" with an unrelated supplier number of
    /// its own in the ledger: 2025-04-01 5 000 → the contract has no number,
    /// so the name decides → on. C 2025-04-01 2 000 → other category.
    /// F 2025-04-01 1 000 with number 556000-0006 and the name "Bygg Nord AB"
    /// → the contract has no number to compare, so the name matches → on.
    /// construction total 8 000, on 6 000, other 2 000, off 0.
    #[test]
    fn hand_computed_figures() {
        let y = |m, day| Some(d(2025, m, day));
        let contracts = [
            contract(
                "556000-0001",
                "Leverantör A AB",
                d(2025, 1, 1),
                d(2025, 6, 30),
                "food",
            ),
            contract(
                "",
                "Bygg Nord AB",
                d(2025, 1, 1),
                d(2025, 12, 31),
                "construction",
            ),
            contract(
                "5560000003",
                "Kontor C",
                d(2025, 1, 1),
                d(2025, 12, 31),
                "office",
            ),
            contract("556000-0004", "D", d(2025, 1, 1), d(2025, 12, 31), ""),
        ];
        let lines = [
            line(y(3, 1), "556000-0001", "Leverantör A", "food", 1_000),
            line(y(7, 1), "556000-0001", "Leverantör A", "food", 400),
            line(y(2, 1), "", "BYGG NORD AKTIEBOLAG", "food", 300),
            line(y(2, 1), "556000-0005", "E", "food", 250),
            line(y(3, 1), "556000-0005", "E", "food", -50),
            line(y(5, 5), "556000-0004", "D", "food", 100),
            line(None, "556000-0001", "Leverantör A", "food", 70),
            line(y(4, 1), "K-77", "Bygg Nord", "construction", 5_000),
            line(y(4, 1), "556000-0003", "Kontor C", "construction", 2_000),
            line(
                y(4, 1),
                "556000-0006",
                "Bygg Nord AB",
                "construction",
                1_000,
            ),
        ];
        let r = compliance(lines, &contracts);
        assert_eq!(r.contracts, 4);
        assert_eq!(r.categories.len(), 2);
        let c = &r.categories[0];
        assert_eq!(c.category, "construction");
        assert_eq!(
            (c.total, c.on_contract, c.other_category, c.off_contract),
            (Ore(800_000), Ore(600_000), Ore(200_000), Ore(0))
        );
        assert_eq!(c.share(), Some(0.75));
        assert_eq!(c.other_category_suppliers.len(), 1);
        assert_eq!(c.other_category_suppliers[0].orgnr, "556000-0003");
        let f = &r.categories[1];
        assert_eq!(f.category, "food");
        assert_eq!(
            (
                f.total,
                f.on_contract,
                f.other_category,
                f.off_contract,
                f.undated
            ),
            (
                Ore(207_000),
                Ore(110_000),
                Ore(30_000),
                Ore(67_000),
                Ore(7_000)
            )
        );
        assert_eq!(f.lines, 7);
        // Off-contract suppliers, largest first: A 400 + 70 = 470 (has a
        // contract, not in force), E 250 − 50 = 200.
        let off: Vec<(&str, i64, u64, bool)> = f
            .off_suppliers
            .iter()
            .map(|s| (s.orgnr.as_str(), s.amount.0, s.lines, s.has_contract))
            .collect();
        assert_eq!(
            off,
            [
                ("556000-0001", 47_000, 2, true),
                ("556000-0005", 20_000, 2, false)
            ]
        );
        assert_eq!(r.total, Ore(1_007_000));
        assert_eq!(r.on_contract, Ore(710_000));
        assert_eq!(r.other_category, Ore(230_000));
        assert_eq!(r.off_contract, Ore(67_000));
        assert_eq!(r.undated, Ore(7_000));
        assert_eq!(r.share(), Some(710_000.0 / 1_007_000.0));
        assert_eq!(r.off_suppliers.len(), 2);
        assert_eq!(r.off_suppliers[0].name, "Leverantör A");
    }

    #[test]
    fn different_numbers_never_match_by_name() {
        let contracts = [contract(
            "556000-0001",
            "Samma Namn AB",
            d(2025, 1, 1),
            d(2025, 12, 31),
            "food",
        )];
        let r = compliance(
            [line(
                Some(d(2025, 5, 1)),
                "556000-0009",
                "Samma Namn AB",
                "food",
                10,
            )],
            &contracts,
        );
        assert_eq!(r.on_contract, Ore(0));
        assert_eq!(r.off_contract, Ore(1_000));
        assert!(!r.off_suppliers[0].has_contract);
        // Without a number on the line, the name decides.
        let r = compliance(
            [line(Some(d(2025, 5, 1)), "LEV-9", "samma namn", "food", 10)],
            &contracts,
        );
        assert_eq!(r.on_contract, Ore(1_000));
    }

    #[test]
    fn period_ends_are_inclusive() {
        let contracts = [contract(
            "556000-0001",
            "A",
            d(2025, 2, 1),
            d(2025, 2, 28),
            "x",
        )];
        let on = |date| {
            compliance([line(Some(date), "556000-0001", "A", "x", 1)], &contracts).on_contract
        };
        assert_eq!(on(d(2025, 2, 1)), Ore(100));
        assert_eq!(on(d(2025, 2, 28)), Ore(100));
        assert_eq!(on(d(2025, 1, 31)), Ore(0));
        assert_eq!(on(d(2025, 3, 1)), Ore(0));
    }

    #[test]
    fn grouped_lines_give_the_same_sums_as_single_lines() {
        let contracts = [contract(
            "556000-0001",
            "A",
            d(2025, 1, 1),
            d(2025, 12, 31),
            "x",
        )];
        let date = Some(d(2025, 3, 3));
        let single = compliance(
            [
                line(date, "556000-0001", "A", "x", 5),
                line(date, "556000-0001", "A", "x", 7),
                line(date, "LEV", "B", "x", 3),
            ],
            &contracts,
        );
        let grouped = compliance(
            [
                SpendLine {
                    lines: 2,
                    ..line(date, "556000-0001", "A", "x", 12)
                },
                line(date, "LEV", "B", "x", 3),
            ],
            &contracts,
        );
        assert_eq!(single, grouped);
    }

    #[test]
    fn nothing_gives_no_share() {
        let r = compliance([], &[]);
        assert_eq!(r.share(), None);
        assert!(r.categories.is_empty());
        let r = compliance([line(None, "", "", "x", -5)], &[]);
        assert_eq!(r.categories[0].share(), None);
    }
}
