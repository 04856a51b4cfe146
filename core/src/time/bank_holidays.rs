//! Bank holidays in England and Wales, read from a data file
//! (`core/data/bank-holidays-england-and-wales.txt`), which names its source (GOV.UK's
//! bank holidays) and the date it was taken.

use super::{Date, parse_iso_date};

/// The data file: comment lines (`#`), then one holiday a line, `YYYY-MM-DD Name`, in date
/// order.
const DATA: &str = include_str!("../../data/bank-holidays-england-and-wales.txt");

/// Every bank holiday of the file, in date order.
fn holidays() -> impl Iterator<Item = (Date, &'static str)> {
    DATA.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (date, name) = line.split_once(' ')?;
            Some((parse_iso_date(date)?, name))
        })
}

/// The name of the bank holiday in England and Wales on `date` ("Christmas Day", "Boxing
/// Day (substitute day)"), or `None` — also for a date outside [`bank_holiday_years`].
///
/// ```
/// use basm_core::time::{Date, bank_holiday};
///
/// let day = |d| Date::new(2026, 12, d).unwrap();
/// assert_eq!(bank_holiday(day(25)), Some("Christmas Day"));
/// assert_eq!(bank_holiday(day(26)), None); // a Saturday: the holiday is on Monday 28th
/// assert_eq!(bank_holiday(day(28)), Some("Boxing Day (substitute day)"));
/// ```
pub fn bank_holiday(date: Date) -> Option<&'static str> {
    holidays()
        .take_while(|(day, _)| *day <= date)
        .find(|(day, _)| *day == date)
        .map(|(_, name)| name)
}

/// The first and last years the file covers.
pub fn bank_holiday_years() -> (i64, i64) {
    let mut years = holidays().map(|(day, _)| day.year);
    let first = years.next().unwrap_or(0);
    (first, years.last().unwrap_or(first))
}

#[cfg(test)]
// A native test reads today's date from the clock: it is what the file is checked against.
#[allow(clippy::disallowed_types)]
mod tests {
    use std::time::{SystemTime, UNIX_EPOCH};

    use super::*;
    use crate::time::london_date_of;

    #[test]
    fn every_line_is_a_holiday_in_date_order() {
        let lines = DATA
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .count();
        let all: Vec<(Date, &str)> = holidays().collect();
        assert_eq!(all.len(), lines, "a line that is not `YYYY-MM-DD Name`");
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "not in date order");
        let (first, last) = bank_holiday_years();
        for year in first..=last {
            let count = all.iter().filter(|(day, _)| day.year == year).count();
            assert!(
                count >= 8,
                "{year} has {count} bank holidays: England and Wales have 8"
            );
        }
        // None falls on a weekend: a holiday on a Saturday or Sunday has a substitute day.
        assert!(all.iter().all(|(day, _)| day.weekday() <= 5));
    }

    /// Fails when the file no longer covers next year: add it from the source the file names.
    #[test]
    fn the_file_covers_next_year() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let today = london_date_of(i64::try_from(now).unwrap_or(i64::MAX));
        let (_, last) = bank_holiday_years();
        assert!(
            last > today.year,
            "core/data/bank-holidays-england-and-wales.txt ends in {last}: add {} from GOV.UK",
            today.year + 1
        );
    }

    #[test]
    fn names_the_holidays() {
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(bank_holiday(day(2027, 3, 26)), Some("Good Friday"));
        assert_eq!(bank_holiday(day(2027, 8, 30)), Some("Summer bank holiday"));
        assert_eq!(
            bank_holiday(day(2023, 5, 8)),
            Some("Bank holiday for the coronation of King Charles III")
        );
        assert_eq!(bank_holiday(day(2027, 8, 31)), None);
        assert_eq!(bank_holiday(day(2040, 12, 25)), None, "outside the file");
    }
}
