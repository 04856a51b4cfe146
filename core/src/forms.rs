//! Form rules, one level stricter than the API, with GOV.UK Design System error messages.
//!
//! Each form is a plain function over a plain input struct (the strings a user typed or
//! chose) that returns the typed [`crate::documents`] request (or a normalised value), or
//! the [`FieldError`]s to show: in the order the fields appear on the page, at most one per
//! field (its first failing rule), each naming the HTML id of the field it belongs to
//! (one of [`ids`]).
//!
//! Each form's table ([`Form`]) lists its fields in page order, the names the API gives
//! them in its errors, and the GOV.UK wording of the API's error codes: a refusal from the
//! API is put on a field and worded through it ([`Form::field_for`], [`Form::message`]).
//!
//! Messages follow <https://design-system.service.gov.uk/components/error-message/>: they
//! say what went wrong and how to fix it, and never repeat a question-style label.
//!
//! ```
//! use basm_core::forms::{AllocationDetailsInput, DateInput, allocation_details};
//! use basm_core::time::parse_iso_date;
//!
//! let today = parse_iso_date("2026-05-01").unwrap();
//! let input = AllocationDetailsInput {
//!     moves_count: "3.5".into(),
//!     from_location: "prison-a".into(),
//!     to_location: "prison-a".into(),
//!     date: DateInput { day: "4".into(), month: "".into(), year: "2026".into() },
//! };
//! let errors = allocation_details(&input, today).unwrap_err();
//! let shown: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
//! assert_eq!(shown, [
//!     ("moves-count", "Number of people must be a whole number, like 3"),
//!     ("to-location", "The prison they are moving to must be different from the prison they are moving from"),
//!     ("date-month", "Date of the move must include a month"),
//! ]);
//! ```

use serde::{Deserialize, Serialize};

use crate::time::{Date, bank_holiday, day_month_year, long_date, parse_iso_date, weekday_name};

mod allocation;
mod allocation_filter;
mod date_time;
// Its labels and hints are the event table's prose.
#[cfg(feature = "docs")]
pub mod event_details;
// The event form's words, made from the event table's prose.
#[cfg(feature = "docs")]
pub mod event_labels;
pub mod ids;
mod move_action;
mod move_reference;
mod prison_number;
// The event form's table is the event details form's.
#[cfg(feature = "docs")]
mod table;

pub use allocation::{
    ALLOCATION_CANCELLATION_REASONS, AllocationCancelInput, AllocationChangeDateInput,
    AllocationCriteria, AllocationCriteriaInput, AllocationDetails, AllocationDetailsInput,
    ComplexCase, DATE_CHANGED_REASONS, MAX_MOVES_COUNT, allocation_cancel, allocation_change_date,
    allocation_create, allocation_criteria, allocation_details, category_field, category_question,
    estate_for_destination, preselect_estate, preselected_estate_hint,
};
pub use allocation_filter::{AllocationFilterInput, allocation_filter};
pub use date_time::{DateTimeField, london_date_time, optional_date};
#[cfg(feature = "docs")]
pub use event_details::{event_details, field_label};
pub use move_action::{MoveActionInput, SupplierAction, move_action, move_action_date_warning};
pub use move_reference::move_reference;
pub use prison_number::{
    PersonSearch, PrisonNumberLine, PrisonNumberStatus, bulk_prison_numbers,
    bulk_prison_numbers_error, person_search,
};
#[cfg(feature = "docs")]
pub use table::{Field, Form, Wording};

/// One error to show on a form: in the error summary (linking to `#<field>`) and above the
/// field (`<field>-error`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The HTML id of the field, e.g. `moves-count`, `date-day`.
    pub field: String,
    /// Stable snake_case code of the failed rule, e.g. `required`, `date_not_real`.
    pub code: &'static str,
    /// The GOV.UK message.
    pub message: String,
}

impl FieldError {
    /// An error on field `field`.
    pub fn new(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.to_owned(),
            code,
            message: message.into(),
        }
    }
}

/// The three boxes of a GOV.UK date input, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// A draft saved by an older version (a field missing) still loads.
#[serde(default)]
pub struct DateInput {
    /// The day box.
    pub day: String,
    /// The month box (a number).
    pub month: String,
    /// The year box.
    pub year: String,
}

impl DateInput {
    /// Boxes filled with `day`, `month` and `year`.
    pub fn new(day: &str, month: &str, year: &str) -> Self {
        DateInput {
            day: day.to_owned(),
            month: month.to_owned(),
            year: year.to_owned(),
        }
    }
}

/// How a date input reads, for the line under it that says what the date means as the user
/// types: the date in words, and a note when it is a weekend or a bank holiday in England
/// and Wales (flagged, never refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateReading {
    /// "Friday 14 August 2027".
    pub words: String,
    /// "That is a Saturday." or "That is a bank holiday in England and Wales: Christmas Day."
    pub note: Option<String>,
}

/// How `input` reads once its boxes make a real date (`None` before: the date rules say
/// what is missing).
///
/// ```
/// use basm_core::forms::{DateInput, date_reading};
///
/// let reading = date_reading(&DateInput::new("25", "12", "2026")).unwrap();
/// assert_eq!(reading.words, "Friday 25 December 2026");
/// assert_eq!(reading.note.as_deref(),
///     Some("That is a bank holiday in England and Wales: Christmas Day."));
/// assert_eq!(date_reading(&DateInput::new("26", "12", "2026")).unwrap().note.as_deref(),
///     Some("That is a Saturday."));
/// assert_eq!(date_reading(&DateInput::new("30", "2", "2026")), None);
/// ```
pub fn date_reading(input: &DateInput) -> Option<DateReading> {
    let date = check_real_date(input, "date", "date").ok()?.to_date()?;
    let note = match (bank_holiday(date), date.weekday()) {
        (Some(name), _) => Some(format!(
            "That is a bank holiday in England and Wales: {name}."
        )),
        (None, 6 | 7) => Some(format!("That is a {}.", weekday_name(date))),
        _ => None,
    };
    Some(DateReading {
        words: long_date(date),
        note,
    })
}

/// A date that passed the date-input rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CheckedDate {
    pub(crate) year: i64,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

impl CheckedDate {
    /// `YYYY-MM-DD`.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// As a [`Date`] (through the crate's own ISO parser, so any `Date` representation works).
    pub(crate) fn to_date(self) -> Option<Date> {
        parse_iso_date(&self.iso())
    }
}

/// Which side of today a date must be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// From tomorrow onwards: an allocation is planned ahead (the BaSM frontend's "date must
    /// be in the future", which refuses today too).
    AfterToday,
    /// Today or earlier.
    TodayOrPast,
}

/// The GOV.UK date-input rules for the boxes `<id>-day`, `<id>-month`, `<id>-year` of the
/// date called `label` (lower case, e.g. "date of the move"), then the `direction` rule.
pub(crate) fn check_date(
    input: &DateInput,
    id: &str,
    label: &str,
    today: Date,
    direction: Direction,
) -> Result<CheckedDate, FieldError> {
    let date = check_real_date(input, id, label)?;
    let Some(value) = date.to_date() else {
        return Err(FieldError::new(
            &format!("{id}-day"),
            "date_not_real",
            format!("{} must be a real date", capitalise(label)),
        ));
    };
    let refusal = match direction {
        Direction::AfterToday if value < today => Some((
            "date_in_past",
            format!(
                "from tomorrow onwards: {} has passed",
                day_month_year(value)
            ),
        )),
        Direction::AfterToday if value == today => Some((
            "date_is_today",
            "from tomorrow onwards: a move cannot be allocated for today".to_owned(),
        )),
        Direction::TodayOrPast if value > today => {
            Some(("date_in_future", "today or in the past".to_owned()))
        }
        _ => None,
    };
    if let Some((code, rule)) = refusal {
        return Err(FieldError::new(
            &format!("{id}-day"),
            code,
            format!("{} must be {rule}", capitalise(label)),
        ));
    }
    Ok(date)
}

/// Missing boxes, digits, a 4-digit year and a real calendar date.
pub(crate) fn check_real_date(
    input: &DateInput,
    id: &str,
    label: &str,
) -> Result<CheckedDate, FieldError> {
    let parts = [
        ("day", input.day.trim()),
        ("month", input.month.trim()),
        ("year", input.year.trim()),
    ];
    let missing: Vec<&str> = parts
        .iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(name, _)| *name)
        .collect();
    if missing.len() == parts.len() {
        return Err(FieldError::new(
            &format!("{id}-day"),
            "required",
            format!("Enter the {label}"),
        ));
    }
    if let Some(first) = missing.first() {
        return Err(FieldError::new(
            &format!("{id}-{first}"),
            "date_incomplete",
            format!(
                "{} must include a {}",
                capitalise(label),
                missing.join(" and ")
            ),
        ));
    }
    let not_real = |part: &str| {
        FieldError::new(
            &format!("{id}-{part}"),
            "date_not_real",
            format!("{} must be a real date", capitalise(label)),
        )
    };
    let mut numbers = [0u32; 3];
    for (slot, (name, value)) in numbers.iter_mut().zip(parts) {
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_real(name));
        }
        *slot = value.parse().map_err(|_| not_real(name))?;
    }
    let [day, month, year] = numbers;
    if parts[2].1.len() != 4 {
        return Err(FieldError::new(
            &format!("{id}-year"),
            "year_not_four_digits",
            "Year must include 4 numbers",
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(not_real("month"));
    }
    let (year, month) = (i64::from(year), month as u8);
    if day == 0 || day > u32::from(Date::days_in_month(year, month)) {
        return Err(not_real("day"));
    }
    Ok(CheckedDate {
        year,
        month,
        day: day as u8,
    })
}

/// The text with its first letter in lower case.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The trimmed text, or `None` when it is blank.
pub(crate) fn optional_text(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// A yes/no radio answer: `yes`/`true` or `no`/`false`; `None` when missing or tampered.
pub(crate) fn yes_no(value: &str) -> Option<bool> {
    match value.trim() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn drafts_with_missing_fields_still_load() {
        let d: allocation::AllocationDetailsInput =
            serde_json::from_str(r#"{"moves_count": "2"}"#).expect("a partial draft loads");
        assert_eq!(d.moves_count, "2");
        let d: DateInput = serde_json::from_str("{}").expect("an empty date loads");
        assert_eq!(d, DateInput::default());
    }

    use super::*;

    fn today() -> Date {
        parse_iso_date("2026-05-01").unwrap()
    }

    /// (day, month, year) → Ok(iso) or Err((field, code, message)).
    type DateCase = (
        (&'static str, &'static str, &'static str),
        Result<&'static str, (&'static str, &'static str, &'static str)>,
    );

    #[test]
    fn date_input_rules() {
        let label = "date of the move";
        let cases: &[DateCase] = &[
            (("2", "5", "2026"), Ok("2026-05-02")),
            ((" 07 ", " 06 ", " 2026 "), Ok("2026-06-07")),
            (("29", "2", "2028"), Ok("2028-02-29")),
            (
                ("", "", ""),
                Err(("date-day", "required", "Enter the date of the move")),
            ),
            (
                ("  ", " ", "  "),
                Err(("date-day", "required", "Enter the date of the move")),
            ),
            (
                ("4", "", "2026"),
                Err((
                    "date-month",
                    "date_incomplete",
                    "Date of the move must include a month",
                )),
            ),
            (
                ("", "6", "2026"),
                Err((
                    "date-day",
                    "date_incomplete",
                    "Date of the move must include a day",
                )),
            ),
            (
                ("4", "6", ""),
                Err((
                    "date-year",
                    "date_incomplete",
                    "Date of the move must include a year",
                )),
            ),
            (
                ("", "", "2026"),
                Err((
                    "date-day",
                    "date_incomplete",
                    "Date of the move must include a day and month",
                )),
            ),
            (
                ("", "6", ""),
                Err((
                    "date-day",
                    "date_incomplete",
                    "Date of the move must include a day and year",
                )),
            ),
            (
                ("4", "", ""),
                Err((
                    "date-month",
                    "date_incomplete",
                    "Date of the move must include a month and year",
                )),
            ),
            (
                ("4", "June", "2026"),
                Err((
                    "date-month",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("4th", "6", "2026"),
                Err((
                    "date-day",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("4", "6", "20x6"),
                Err((
                    "date-year",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("-4", "6", "2026"),
                Err((
                    "date-day",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("4", "6", "26"),
                Err((
                    "date-year",
                    "year_not_four_digits",
                    "Year must include 4 numbers",
                )),
            ),
            (
                ("4", "6", "02026"),
                Err((
                    "date-year",
                    "year_not_four_digits",
                    "Year must include 4 numbers",
                )),
            ),
            (
                ("4", "13", "2026"),
                Err((
                    "date-month",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("4", "0", "2026"),
                Err((
                    "date-month",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("31", "6", "2026"),
                Err((
                    "date-day",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("29", "2", "2027"),
                Err((
                    "date-day",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("0", "2", "2027"),
                Err((
                    "date-day",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("99999999999999999999", "2", "2027"),
                Err((
                    "date-day",
                    "date_not_real",
                    "Date of the move must be a real date",
                )),
            ),
            (
                ("30", "4", "2026"),
                Err((
                    "date-day",
                    "date_in_past",
                    "Date of the move must be from tomorrow onwards: 30 April 2026 has passed",
                )),
            ),
            (
                ("1", "5", "2026"),
                Err((
                    "date-day",
                    "date_is_today",
                    "Date of the move must be from tomorrow onwards: a move cannot be allocated for today",
                )),
            ),
        ];
        for ((day, month, year), expected) in cases {
            let input = DateInput::new(day, month, year);
            let got = check_date(&input, "date", label, today(), Direction::AfterToday)
                .map(CheckedDate::iso)
                .map_err(|e| (e.field, e.code, e.message));
            let expected = expected
                .map(str::to_owned)
                .map_err(|(f, c, m)| (f.to_owned(), c, m.to_owned()));
            assert_eq!(got, expected, "{day:?} {month:?} {year:?}");
        }
    }

    #[test]
    fn date_direction_past() {
        let label = "date the move was accepted";
        let ok = check_date(
            &DateInput::new("1", "5", "2026"),
            "date",
            label,
            today(),
            Direction::TodayOrPast,
        );
        assert_eq!(ok.map(CheckedDate::iso), Ok("2026-05-01".to_owned()));
        let err = check_date(
            &DateInput::new("2", "5", "2026"),
            "date",
            label,
            today(),
            Direction::TodayOrPast,
        )
        .unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.code, err.message.as_str()),
            (
                "date-day",
                "date_in_future",
                "Date the move was accepted must be today or in the past"
            )
        );
    }

    #[test]
    fn text_helpers() {
        assert_eq!(capitalise("date of the move"), "Date of the move");
        assert_eq!(optional_text("  a b "), Some("a b".to_owned()));
        assert_eq!(optional_text("  "), None);
        assert_eq!(yes_no(" yes"), Some(true));
        assert_eq!(yes_no("false"), Some(false));
        assert_eq!(yes_no("maybe"), None);
    }
}
