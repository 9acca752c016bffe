//! Swedish public holidays and the standstill period (avtalsspärr).
//!
//! Days that count as non-working here: Saturdays, Sundays, the public
//! holidays (allmänna helgdagar) and three eves that are de facto days off
//! in Swedish working life: midsommarafton, julafton and nyårsafton.
//! Counting the eves moves a deadline forward by at most a few days; for a
//! standstill that is the cautious side, since signing a contract a day
//! later never breaks the period while signing a day early can.
//! Påskafton always falls on a Saturday and is listed only so that the day
//! has its name; pingstafton (also a Saturday) is not listed.

use super::Text;
use crate::date::Date;

/// Days of the standstill period when the award notice was sent
/// electronically.
pub const STANDSTILL_DAYS: i64 = 10;

/// ISO weekday: 1 = Monday … 7 = Sunday.
pub fn weekday(d: Date) -> u8 {
    // 1970-01-01 was a Thursday (ISO 4).
    ((i64::from(d.days_since_epoch()) + 3).rem_euclid(7) + 1) as u8
}

/// Easter Sunday (påskdagen) of a Gregorian year, by the anonymous
/// Gregorian algorithm (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date {
        year,
        month: month as u8,
        day: day as u8,
    }
}

fn offset(d: Date, days: i64) -> Date {
    Date::from_days_since_epoch(i64::from(d.days_since_epoch()) + days)
}

/// The name of the holiday or day off on `d`, if it is one (Sundays and
/// Saturdays that are nothing else have no name).
pub fn holiday_name(d: Date) -> Option<Text> {
    let fixed = match (d.month, d.day) {
        (1, 1) => Some(Text::new("Nyårsdagen", "New Year's Day")),
        (1, 6) => Some(Text::new("Trettondedag jul", "Epiphany")),
        (5, 1) => Some(Text::new("Första maj", "May Day")),
        (6, 6) => Some(Text::new("Sveriges nationaldag", "National Day of Sweden")),
        (12, 24) => Some(Text::new("Julafton", "Christmas Eve")),
        (12, 25) => Some(Text::new("Juldagen", "Christmas Day")),
        (12, 26) => Some(Text::new("Annandag jul", "Boxing Day")),
        (12, 31) => Some(Text::new("Nyårsafton", "New Year's Eve")),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let wd = weekday(d);
    // Midsommarafton: the Friday between 19 and 25 June; midsommardagen the
    // Saturday between 20 and 26 June.
    if d.month == 6 && wd == 5 && (19..=25).contains(&d.day) {
        return Some(Text::new("Midsommarafton", "Midsummer Eve"));
    }
    if d.month == 6 && wd == 6 && (20..=26).contains(&d.day) {
        return Some(Text::new("Midsommardagen", "Midsummer Day"));
    }
    // Alla helgons dag: the Saturday between 31 October and 6 November.
    if wd == 6 && ((d.month == 10 && d.day == 31) || (d.month == 11 && d.day <= 6)) {
        return Some(Text::new("Alla helgons dag", "All Saints' Day"));
    }
    let easter = easter_sunday(d.year);
    let from_easter = i64::from(d.days_since_epoch()) - i64::from(easter.days_since_epoch());
    match from_easter {
        -2 => Some(Text::new("Långfredagen", "Good Friday")),
        -1 => Some(Text::new("Påskafton", "Holy Saturday")),
        0 => Some(Text::new("Påskdagen", "Easter Sunday")),
        1 => Some(Text::new("Annandag påsk", "Easter Monday")),
        39 => Some(Text::new("Kristi himmelsfärdsdag", "Ascension Day")),
        49 => Some(Text::new("Pingstdagen", "Whit Sunday")),
        _ => None,
    }
}

/// `true` on a Swedish public holiday or one of the eves counted as a day
/// off (midsommarafton, julafton, nyårsafton; see the module text). Ordinary
/// Saturdays and Sundays are not holidays here; see [`is_working_day`].
pub fn is_swedish_public_holiday(d: Date) -> bool {
    holiday_name(d).is_some()
}

/// Monday to Friday and not a holiday or eve counted as a day off.
pub fn is_working_day(d: Date) -> bool {
    weekday(d) <= 5 && !is_swedish_public_holiday(d)
}

/// The last day of the standstill period for an award notice sent
/// electronically on `notice_sent`: day 1 is the day after sending, day 10
/// ends the period, and if day 10 is a Saturday, Sunday or holiday the
/// period runs to the next working day. The contract may be signed at the
/// earliest the day after the returned date.
pub fn standstill_end(notice_sent: Date) -> Date {
    let mut end = offset(notice_sent, STANDSTILL_DAYS);
    while !is_working_day(end) {
        end = offset(end, 1);
    }
    end
}
