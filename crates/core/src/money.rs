//! Exact money: integer öre, never floating point.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

/// An amount of Swedish kronor held as integer öre (1 SEK = 100 öre).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ore(pub i64);

impl Ore {
    pub const ZERO: Ore = Ore(0);

    pub fn from_sek_ore(sek: i64, ore: i64) -> Ore {
        Ore(sek * 100 + ore)
    }

    /// The amount in kronor as a float, for multiplying with factors (kg CO2e per SEK)
    /// and for JSON: any amount below 2^53 öre (about 90 000 billion SEK) prints back
    /// as its exact two-decimal value. Money itself is never computed from this.
    pub fn sek_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn checked_add(self, other: Ore) -> Option<Ore> {
        self.0.checked_add(other.0).map(Ore)
    }

    /// Decimal text with a point and two decimals, e.g. `-1234.50`: the JSON/CSV form.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Swedish form with a space as thousands separator and decimal comma, e.g. `1 234,50`.
    pub fn to_swedish_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{},{:02}", group_thousands(abs / 100), abs % 100)
    }
}

/// `1234567` → `1 234 567` (thin no-break spaces would be nicer but break terminals).
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Ore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string())
    }
}

impl Add for Ore {
    type Output = Ore;
    fn add(self, rhs: Ore) -> Ore {
        Ore(self.0 + rhs.0)
    }
}

impl AddAssign for Ore {
    fn add_assign(&mut self, rhs: Ore) {
        self.0 += rhs.0;
    }
}

impl Sub for Ore {
    type Output = Ore;
    fn sub(self, rhs: Ore) -> Ore {
        Ore(self.0 - rhs.0)
    }
}

impl Neg for Ore {
    type Output = Ore;
    fn neg(self) -> Ore {
        Ore(-self.0)
    }
}

impl Sum for Ore {
    fn sum<I: Iterator<Item = Ore>>(iter: I) -> Ore {
        Ore(iter.map(|o| o.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_decimal_and_swedish() {
        assert_eq!(Ore(123450).to_decimal_string(), "1234.50");
        assert_eq!(Ore(-5).to_decimal_string(), "-0.05");
        assert_eq!(Ore(123456789).to_swedish_string(), "1 234 567,89");
        assert_eq!(Ore(-100).to_swedish_string(), "-1,00");
        assert_eq!(Ore(0).to_swedish_string(), "0,00");
    }
}
