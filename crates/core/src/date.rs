//! A calendar date without time zone: all a ledger line needs.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid Gregorian date in years 1900–2199, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2199).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// `YYYY-MM`, the key of the per-month view.
    pub fn year_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }

    /// Days since 1970-01-01 (for compact keys).
    pub fn days_since_epoch(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
}

impl Date {
    /// Reads `YYYY-MM-DD` (the form dates are stored and sent in forms); `None`
    /// for anything else, including an impossible date.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y) && digits(m) && digits(d)) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The same day `months` later (or earlier), clamped to the month's last
    /// day: 2027-01-31 plus one month is 2027-02-28. `None` outside 1900–2199.
    pub fn add_months(self, months: i32) -> Option<Date> {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        if !(1900..=2199).contains(&year) {
            return None;
        }
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i32 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

impl Date {
    /// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_adds_months() {
        let d = |s| Date::parse_iso(s);
        assert_eq!(d("2027-01-31"), Date::new(2027, 1, 31));
        for bad in [
            "2027-1-31",
            "2027-02-30",
            "27-01-01",
            "2027-01-01-",
            "2027/01/01",
            "",
            "+202-01-01",
            "2027-0a-01",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
        let jan31 = Date::new(2027, 1, 31).unwrap();
        assert_eq!(jan31.add_months(1), Date::new(2027, 2, 28));
        assert_eq!(jan31.add_months(13), Date::new(2028, 2, 29));
        assert_eq!(jan31.add_months(-2), Date::new(2026, 11, 30));
        assert_eq!(jan31.add_months(12 * 200), None);
        assert_eq!(jan31.days_until(Date::new(2027, 2, 1).unwrap()), 1);
        assert_eq!(Date::new(2027, 2, 1).unwrap().days_until(jan31), -1);
    }

    #[test]
    fn validates_calendar() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2023, 13, 1).is_none());
        assert!(Date::new(2023, 4, 31).is_none());
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11017);
        for days in [-1000, 0, 59, 60, 11017, 20_000, 60_000] {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch() as i64, days, "{date}");
        }
        assert_eq!(
            Date::from_days_since_epoch(20_421).to_string(),
            "2025-11-29"
        );
    }
}
