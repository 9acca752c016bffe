//! Finding ledger columns by header name: shared by the CSV and XLSX readers.
//!
//! Headers are compared trimmed and case-insensitively, with runs of spaces,
//! `-` and `_` treated alike (`Belopp exkl moms` = `belopp_exkl_moms`).
//! Overrides (`--column amount="Belopp SEK"`) win over synonyms; an override
//! may also name a 1-based column number when no header has that name.

use std::fmt;

use upphandla_core::ledger::LedgerField;

/// Which column (0-based) holds each ledger field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    columns: [Option<usize>; LedgerField::ALL.len()],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnError {
    #[error("{}", no_amount_message(headers))]
    NoAmount { headers: Vec<String> },
    #[error("{}", override_message(*field, name, headers))]
    OverrideNotFound {
        field: LedgerField,
        name: String,
        headers: Vec<String>,
    },
}

fn quoted_list(items: &[String]) -> String {
    if items.is_empty() {
        return "(inga)".to_owned();
    }
    items
        .iter()
        .map(|h| format!("\"{h}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn no_amount_message(headers: &[String]) -> String {
    let accepted: Vec<String> = LedgerField::Amount
        .synonyms()
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    format!(
        "hittar ingen beloppskolumn. Rubriker i filen: {}. Godkända namn: {} \
         (eller ange kolumnen med --column amount=\"Rubrik\")\n\
         no amount column found; headers seen: {}; accepted names: {}",
        quoted_list(headers),
        quoted_list(&accepted),
        quoted_list(headers),
        quoted_list(&accepted),
    )
}

fn override_message(field: LedgerField, name: &str, headers: &[String]) -> String {
    format!(
        "kolumnen \"{name}\" (angiven för {}) finns inte. Rubriker i filen: {}\n\
         column \"{name}\" given for {} not found",
        field.key(),
        quoted_list(headers),
        field.key(),
    )
}

/// The form headers and synonyms are compared in.
pub fn normalize_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_sep = false;
    for ch in s
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .chars()
    {
        if ch.is_whitespace() || ch == '-' || ch == '_' {
            pending_sep = true;
            continue;
        }
        if pending_sep && !out.is_empty() {
            out.push('_');
        }
        pending_sep = false;
        out.extend(ch.to_lowercase());
    }
    out
}

impl ColumnMap {
    /// Maps headers to ledger fields. Errors when the amount column (the only
    /// required one) is missing or an override names no column.
    pub fn detect(
        headers: &[String],
        overrides: &[(LedgerField, String)],
    ) -> Result<ColumnMap, ColumnError> {
        let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        let mut columns = [None; LedgerField::ALL.len()];
        let mut claimed = vec![false; headers.len()];

        for (field, name) in overrides {
            let wanted = normalize_header(name);
            let index = normalized
                .iter()
                .position(|h| *h == wanted)
                .or_else(|| {
                    name.trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=headers.len()).contains(n))
                        .map(|n| n - 1)
                })
                .ok_or_else(|| ColumnError::OverrideNotFound {
                    field: *field,
                    name: name.clone(),
                    headers: headers.to_vec(),
                })?;
            if let Some(slot) = columns.get_mut(*field as usize) {
                *slot = Some(index);
            }
            if let Some(c) = claimed.get_mut(index) {
                *c = true;
            }
        }

        for field in LedgerField::ALL {
            if columns.get(field as usize).copied().flatten().is_some() {
                continue;
            }
            // Earlier synonyms are preferred (`datum` over `fakturadatum`),
            // then the leftmost column.
            let found = field.synonyms().iter().find_map(|syn| {
                let syn = normalize_header(syn);
                normalized
                    .iter()
                    .enumerate()
                    .position(|(i, h)| *h == syn && !claimed.get(i).copied().unwrap_or(true))
            });
            if let Some(index) = found {
                if let Some(slot) = columns.get_mut(field as usize) {
                    *slot = Some(index);
                }
                if let Some(c) = claimed.get_mut(index) {
                    *c = true;
                }
            }
        }

        let map = ColumnMap { columns };
        if map.get(LedgerField::Amount).is_none() {
            return Err(ColumnError::NoAmount {
                headers: headers.to_vec(),
            });
        }
        Ok(map)
    }

    /// 0-based column of `field`, if the file has one.
    pub fn get(&self, field: LedgerField) -> Option<usize> {
        self.columns.get(field as usize).copied().flatten()
    }

    /// The fields found, in `LedgerField::ALL` order, with their columns.
    pub fn found(&self) -> Vec<(LedgerField, usize)> {
        LedgerField::ALL
            .into_iter()
            .filter_map(|f| self.get(f).map(|c| (f, c)))
            .collect()
    }

    /// Optional fields the file does not have.
    pub fn missing(&self) -> Vec<LedgerField> {
        LedgerField::ALL
            .into_iter()
            .filter(|f| self.get(*f).is_none())
            .collect()
    }

    /// Highest mapped column + 1: how many fields of a row need looking at.
    pub fn width(&self) -> usize {
        self.columns
            .iter()
            .flatten()
            .map(|c| c + 1)
            .max()
            .unwrap_or(0)
    }
}

impl fmt::Display for ColumnMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (field, col) in self.found() {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{}=kolumn {}", field.key(), col + 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn finds_swedish_headers_case_insensitively() {
        let headers = h(&[
            " Datum ",
            "Ansvar",
            "KONTO",
            "Leverantör",
            "Orgnr",
            "Belopp exkl moms",
            "Text",
        ]);
        let map = ColumnMap::detect(&headers, &[]).unwrap();
        assert_eq!(map.get(LedgerField::Date), Some(0));
        assert_eq!(map.get(LedgerField::Unit), Some(1));
        assert_eq!(map.get(LedgerField::Account), Some(2));
        assert_eq!(map.get(LedgerField::SupplierName), Some(3));
        assert_eq!(map.get(LedgerField::SupplierId), Some(4));
        assert_eq!(map.get(LedgerField::Amount), Some(5));
        assert_eq!(map.get(LedgerField::Text), Some(6));
        assert_eq!(map.get(LedgerField::Cpv), None);
        assert_eq!(map.missing(), vec![LedgerField::Cpv]);
        assert_eq!(map.width(), 7);
    }

    #[test]
    fn prefers_earlier_synonym_then_leftmost() {
        let headers = h(&["Fakturadatum", "Datum", "Belopp", "Amount"]);
        let map = ColumnMap::detect(&headers, &[]).unwrap();
        assert_eq!(map.get(LedgerField::Date), Some(1));
        assert_eq!(map.get(LedgerField::Amount), Some(2));
    }

    #[test]
    fn overrides_win_and_claim_their_column() {
        let headers = h(&["Belopp", "Belopp SEK", "Datum"]);
        let overrides = vec![
            (LedgerField::Amount, "belopp sek".to_owned()),
            (LedgerField::Text, "1".to_owned()),
        ];
        let map = ColumnMap::detect(&headers, &overrides).unwrap();
        assert_eq!(map.get(LedgerField::Amount), Some(1));
        assert_eq!(map.get(LedgerField::Text), Some(0));
        assert_eq!(map.get(LedgerField::Date), Some(2));
    }

    #[test]
    fn missing_amount_lists_headers_and_accepted_names() {
        let headers = h(&["Datum", "Summa"]);
        let err = ColumnMap::detect(&headers, &[]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("\"Datum\", \"Summa\""), "{msg}");
        assert!(msg.contains("\"belopp\""), "{msg}");
        assert!(msg.contains("--column amount="), "{msg}");
    }

    #[test]
    fn unknown_override_is_an_error() {
        let headers = h(&["Belopp"]);
        let err =
            ColumnMap::detect(&headers, &[(LedgerField::Cpv, "CPV-kod".to_owned())]).unwrap_err();
        assert!(matches!(err, ColumnError::OverrideNotFound { .. }));
        assert!(err.to_string().contains("CPV-kod"));
        let err = ColumnMap::detect(&headers, &[(LedgerField::Cpv, "2".to_owned())]).unwrap_err();
        assert!(matches!(err, ColumnError::OverrideNotFound { .. }));
    }

    #[test]
    fn normalizes() {
        assert_eq!(
            normalize_header("\u{feff} Belopp  exkl - moms "),
            "belopp_exkl_moms"
        );
        assert_eq!(normalize_header("LEVERANTÖR"), "leverantör");
        assert_eq!(normalize_header("__x__"), "x");
    }
}
