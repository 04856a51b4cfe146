//! Dates in words, the GOV.UK way ("Friday 14 August 2027"): the one place month and day
//! names are written.

use super::Date;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Monday first, as [`Date::weekday`] numbers them.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The name of the month of `date` ("August").
pub fn month_name(date: Date) -> &'static str {
    MONTHS[usize::from(date.month.clamp(1, 12) - 1)]
}

/// The name of the day of the week of `date` ("Friday").
pub fn weekday_name(date: Date) -> &'static str {
    WEEKDAYS[usize::from(date.weekday().clamp(1, 7) - 1)]
}

/// `14 August 2027`.
pub fn day_month_year(date: Date) -> String {
    format!("{} {} {}", date.day, month_name(date), date.year)
}

/// `Saturday 14 August 2027`.
///
/// ```
/// use basm_core::time::{Date, long_date};
///
/// assert_eq!(long_date(Date::new(2027, 8, 14).unwrap()), "Saturday 14 August 2027");
/// ```
pub fn long_date(date: Date) -> String {
    format!("{} {}", weekday_name(date), day_month_year(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(long_date(d(2026, 5, 22)), "Friday 22 May 2026");
        assert_eq!(day_month_year(d(2026, 1, 5)), "5 January 2026");
        assert_eq!(long_date(d(2026, 5, 24)), "Sunday 24 May 2026");
        assert_eq!(month_name(d(2026, 12, 1)), "December");
        assert_eq!(weekday_name(d(2026, 12, 3)), "Thursday");
    }
}
