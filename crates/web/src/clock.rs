//! The server's clock and Swedish local time. Time decisions the law cares
//! about (a tender deadline, the standstill period) read [`Clock`], so tests
//! move time forward instead of waiting: production runs with offset 0, the
//! system clock. Deadlines are entered and shown in Swedish time
//! (Europe/Stockholm: CET, CEST from the last Sunday of March 01:00 UTC to
//! the last Sunday of October 01:00 UTC, the EU rule since 1996).

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use upphandla_core::date::{Date, days_in_month};

/// The system clock plus an offset in seconds (0 outside tests).
#[derive(Debug, Default)]
pub struct Clock {
    offset: AtomicI64,
}

impl Clock {
    /// Seconds since the Unix epoch, as the rest of the application stores time.
    pub fn now_unix(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        system.saturating_add(self.offset.load(Ordering::Relaxed))
    }

    /// Moves this clock `secs` seconds forward (negative: back). For tests.
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::Relaxed);
    }

    /// Today's date in Sweden on this clock.
    pub fn today(&self) -> Date {
        local(self.now_unix()).0
    }
}

const DAY: i64 = 86_400;

/// 01:00 UTC on the last Sunday of `month` in `year`.
fn last_sunday_0100_utc(year: i32, month: u8) -> i64 {
    let last = Date {
        year,
        month,
        day: days_in_month(year, month),
    };
    let days = i64::from(last.days_since_epoch());
    // 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on Sundays.
    let back = (days + 4).rem_euclid(7);
    (days - back) * DAY + 3600
}

/// Seconds Swedish time is ahead of UTC at the instant `utc`.
pub fn stockholm_offset(utc: i64) -> i64 {
    let year = Date::from_days_since_epoch(utc.div_euclid(DAY)).year;
    if (last_sunday_0100_utc(year, 3)..last_sunday_0100_utc(year, 10)).contains(&utc) {
        7200
    } else {
        3600
    }
}

/// The Swedish date, hour and minute of the instant `utc`.
pub fn local(utc: i64) -> (Date, u32, u32) {
    let t = utc + stockholm_offset(utc);
    let rest = t.rem_euclid(DAY);
    (
        Date::from_days_since_epoch(t.div_euclid(DAY)),
        (rest / 3600) as u32,
        (rest % 3600 / 60) as u32,
    )
}

/// `YYYY-MM-DD HH:MM` in Swedish time.
pub fn local_text(utc: i64) -> String {
    let (d, h, m) = local(utc);
    format!("{d} {h:02}:{m:02}")
}

/// The instant of a Swedish wall-clock time. In the autumn hour that occurs
/// twice the earlier one is taken; a time in the skipped spring hour is read
/// as winter time (one hour later on the clock), as clocks do.
pub fn from_local(date: Date, hour: u32, minute: u32) -> i64 {
    let wall =
        i64::from(date.days_since_epoch()) * DAY + i64::from(hour) * 3600 + i64::from(minute) * 60;
    let summer = wall - 7200;
    if stockholm_offset(summer) == 7200 {
        summer
    } else {
        wall - 3600
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_now_and_today() {
        let clock = Clock::default();
        let before = clock.now_unix();
        let day = clock.today();
        clock.advance(3 * DAY);
        assert!(clock.now_unix() >= before + 3 * DAY);
        assert!(clock.today() > day);
    }

    #[test]
    fn swedish_time_follows_the_eu_rule() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        // 2026: summer time 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(
            last_sunday_0100_utc(2026, 3),
            from_local(d(2026, 3, 29), 3, 0)
        );
        let winter = from_local(d(2026, 1, 15), 12, 0);
        assert_eq!(local_text(winter), "2026-01-15 12:00");
        assert_eq!(winter % DAY, 11 * 3600);
        let summer = from_local(d(2026, 7, 1), 12, 0);
        assert_eq!(summer % DAY, 10 * 3600);
        assert_eq!(local_text(summer), "2026-07-01 12:00");
        // Midnight at the end of a day in winter is 23:00 UTC the day before.
        assert_eq!(
            local_text(from_local(d(2026, 12, 31), 23, 59)),
            "2026-12-31 23:59"
        );
        // The autumn hour that repeats: the first (summer) instant.
        let twice = from_local(d(2026, 10, 25), 2, 30);
        assert_eq!(stockholm_offset(twice), 7200);
        assert_eq!(local_text(twice), "2026-10-25 02:30");
        // The skipped spring hour reads as winter time.
        assert_eq!(
            local_text(from_local(d(2026, 3, 29), 2, 30)),
            "2026-03-29 03:30"
        );
    }
}
