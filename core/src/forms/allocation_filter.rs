//! The allocations list's filter: the date range a user types (two GOV.UK date inputs), with
//! the API's own rule for the other filters left to the API (`GET /api/allocations`: every
//! other filter is a list of ids or free text, which the API takes as it comes).

use super::ids::{DATE_FROM, DATE_TO};
use super::{DateInput, FieldError, check_real_date};
use crate::time::Date;

/// What the filter form holds: the first and the last day of the range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllocationFilterInput {
    /// The first day (`date-from-day`, `-month`, `-year`).
    pub date_from: DateInput,
    /// The last day (`date-to-…`).
    pub date_to: DateInput,
}

/// The range of an [`AllocationFilterInput`]: both days real dates, the last not before the
/// first. The API itself takes a reversed range and answers an empty list
/// (`Allocations::Finder#apply_date_range_filters`: `date >= from AND date <= to`), which a
/// user would read as "no allocations"; the form says what is wrong instead.
///
/// ```
/// use basm_core::forms::{AllocationFilterInput, DateInput, allocation_filter};
///
/// let input = AllocationFilterInput {
///     date_from: DateInput::new("18", "5", "2026"),
///     date_to: DateInput::new("17", "5", "2026"),
/// };
/// let errors = allocation_filter(&input).unwrap_err();
/// assert_eq!(errors[0].field, "date-to-day");
/// assert_eq!(errors[0].message, "The end date must be the same as or after 18 May 2026");
/// ```
pub fn allocation_filter(input: &AllocationFilterInput) -> Result<(Date, Date), Vec<FieldError>> {
    let from = check_real_date(&input.date_from, DATE_FROM, "start date");
    let to = check_real_date(&input.date_to, DATE_TO, "end date");
    let real = |checked: Result<super::CheckedDate, FieldError>, id: &str, label: &str| {
        checked.and_then(|d| {
            d.to_date().ok_or_else(|| {
                FieldError::new(
                    &format!("{id}-year"),
                    "date_not_real",
                    format!("{} must be a real date", super::capitalise(label)),
                )
            })
        })
    };
    match (
        real(from, DATE_FROM, "start date"),
        real(to, DATE_TO, "end date"),
    ) {
        (Ok(from), Ok(to)) if to < from => Err(vec![FieldError::new(
            &format!("{DATE_TO}-day"),
            "date_before_start",
            format!(
                "The end date must be the same as or after {}",
                crate::time::day_month_year(from)
            ),
        )]),
        (Ok(from), Ok(to)) => Ok((from, to)),
        (from, to) => Err([from.err(), to.err()].into_iter().flatten().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_iso_date;

    fn input(from: [&str; 3], to: [&str; 3]) -> AllocationFilterInput {
        AllocationFilterInput {
            date_from: DateInput::new(from[0], from[1], from[2]),
            date_to: DateInput::new(to[0], to[1], to[2]),
        }
    }

    #[test]
    fn a_range() {
        let (from, to) =
            allocation_filter(&input(["18", "5", "2026"], ["24", "05", "2026"])).unwrap();
        assert_eq!(from, parse_iso_date("2026-05-18").unwrap());
        assert_eq!(to, parse_iso_date("2026-05-24").unwrap());
        // One day is a range.
        assert!(allocation_filter(&input(["18", "5", "2026"], ["18", "5", "2026"])).is_ok());
    }

    #[test]
    fn every_box_is_checked_in_page_order() {
        let errors = allocation_filter(&input(["", "", ""], ["31", "2", "2026"])).unwrap_err();
        let shown: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code, e.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("date-from-day", "required", "Enter the start date"),
                (
                    "date-to-day",
                    "date_not_real",
                    "End date must be a real date"
                ),
            ]
        );
        let errors = allocation_filter(&input(["1", "", "2026"], ["2", "6", "2026"])).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "date-from-month");
        assert_eq!(errors[0].message, "Start date must include a month");
    }

    #[test]
    fn the_end_not_before_the_start() {
        let errors = allocation_filter(&input(["2", "6", "2026"], ["1", "6", "2026"])).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "date_before_start");
        assert_eq!(
            errors[0].message,
            "The end date must be the same as or after 2 June 2026"
        );
    }
}
