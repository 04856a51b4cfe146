//! A GOV.UK date input and a 24-hour time, as one Europe/London moment: the supplier move
//! actions' "when it happened" and the event form's date-time fields.

use super::{DateInput, Direction, FieldError, capitalise, check_date, check_real_date};
use crate::time::{Date, london_timestamp};

/// Where a date and a time of day are typed, and what they are the date and time of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeField<'a> {
    /// The date input's id: its boxes are `<date_id>-day`, `-month` and `-year`.
    pub date_id: &'a str,
    /// The time box's id.
    pub time_id: &'a str,
    /// What the date and the time are of, after "date" and "time" in the messages ("the
    /// move was accepted" gives "Enter the time the move was accepted"); may be empty.
    pub of: &'a str,
    /// Whether both must be given: when not, leaving both empty is `Ok(None)`.
    pub required: bool,
    /// The latest date allowed (today, for what has happened), if any.
    pub not_after: Option<Date>,
}

impl DateTimeField<'_> {
    /// "date the move was accepted", "time it happened"; just `noun` when `of` is empty.
    fn label(&self, noun: &str) -> String {
        if self.of.is_empty() {
            noun.to_owned()
        } else {
            format!("{noun} {}", self.of)
        }
    }
}

/// The strict London timestamp a date input and a 24-hour time (`h:mm` or `hh:mm`) say, or
/// the errors to show on their fields: the date's (the GOV.UK date rules, then not after
/// [`DateTimeField::not_after`]) and the time's, each on its own field; when both are fine
/// but the time does not exist on that date in Europe/London (the hour the clocks skip in
/// spring), `time_skipped_by_clock_change` on the time.
///
/// The timestamp is `YYYY-MM-DDThh:mm:00` with London's offset at that moment, `+00:00` or
/// `+01:00` ([`london_timestamp`]): the autumn's repeated hour is its first occurrence
/// (summer time). `Ok(None)` when both are empty and the field is not
/// [`required`](DateTimeField::required).
///
/// ```
/// use basm_core::forms::{DateInput, DateTimeField, london_date_time};
///
/// let field = DateTimeField {
///     date_id: "occurred-at",
///     time_id: "occurred-at-time",
///     of: "it happened",
///     required: true,
///     not_after: None,
/// };
/// let date = DateInput::new("20", "7", "2020");
/// assert_eq!(
///     london_date_time(&date, "9:05", &field).unwrap().as_deref(),
///     Some("2020-07-20T09:05:00+01:00")
/// );
/// let skipped = DateInput::new("29", "3", "2026");
/// let errors = london_date_time(&skipped, "01:30", &field).unwrap_err();
/// assert_eq!(errors[0].field, "occurred-at-time");
/// assert_eq!(errors[0].code, "time_skipped_by_clock_change");
/// ```
pub fn london_date_time(
    date: &DateInput,
    time: &str,
    field: &DateTimeField<'_>,
) -> Result<Option<String>, Vec<FieldError>> {
    if !field.required && is_empty(date) && time.trim().is_empty() {
        return Ok(None);
    }
    let date_label = field.label("date");
    let checked = match field.not_after {
        Some(today) => check_date(
            date,
            field.date_id,
            &date_label,
            today,
            Direction::TodayOrPast,
        ),
        None => check_real_date(date, field.date_id, &date_label),
    };
    let time_label = field.label("time");
    let mut errors = Vec::new();
    let checked = checked.map_err(|error| errors.push(error)).ok();
    let time = check_time(time, field.time_id, &time_label)
        .map_err(|error| errors.push(error))
        .ok();
    let (Some(date), Some((hour, minute))) = (checked, time) else {
        return Err(errors);
    };
    // The date rules admit only 4-digit years, so `None` here is the hour the spring
    // change skips.
    london_timestamp(date.year, date.month, date.day, hour, minute)
        .map(Some)
        .ok_or_else(|| {
            vec![FieldError::new(
                field.time_id,
                "time_skipped_by_clock_change",
                format!(
                    "{} must be a real time. The clocks went forward at 1am on this date, so \
                     enter a time before 1am or from 2am",
                    capitalise(&time_label)
                ),
            )]
        })
}

/// The ISO date (`YYYY-MM-DD`) of a date input that may be left empty (`Ok(None)`), by the
/// GOV.UK date rules, on the boxes `<id>-day`, `-month` and `-year` of the date called
/// `label` (lower case): the event form's date fields.
pub fn optional_date(
    date: &DateInput,
    id: &str,
    label: &str,
) -> Result<Option<String>, FieldError> {
    if is_empty(date) {
        return Ok(None);
    }
    check_real_date(date, id, label).map(|date| Some(date.iso()))
}

fn is_empty(date: &DateInput) -> bool {
    [&date.day, &date.month, &date.year]
        .iter()
        .all(|part| part.trim().is_empty())
}

/// A 24-hour `h:mm` or `hh:mm` time in box `id`, called `label` (lower case).
fn check_time(text: &str, id: &str, label: &str) -> Result<(u8, u8), FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(
            id,
            "required",
            format!("Enter the {label}"),
        ));
    }
    let format_error = || {
        FieldError::new(
            id,
            "time_format",
            format!(
                "{} must be in the 24-hour clock, like 14:30",
                capitalise(label)
            ),
        )
    };
    let (hour, minute) = text.split_once(':').ok_or_else(format_error)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hour) || !digits(minute) || hour.len() > 2 || minute.len() != 2 {
        return Err(format_error());
    }
    let (hour, minute): (u8, u8) = (
        hour.parse().map_err(|_| format_error())?,
        minute.parse().map_err(|_| format_error())?,
    );
    if hour > 23 || minute > 59 {
        return Err(FieldError::new(
            id,
            "time_not_real",
            format!("{} must be a real time, like 14:30", capitalise(label)),
        ));
    }
    Ok((hour, minute))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A details field of the event form: optional, any date.
    fn reported() -> DateTimeField<'static> {
        DateTimeField {
            date_id: "details-reported_at",
            time_id: "details-reported_at-time",
            of: "it was reported",
            required: false,
            not_after: None,
        }
    }

    fn errors(date: (&str, &str, &str), time: &str) -> Vec<(String, &'static str, String)> {
        let date = DateInput::new(date.0, date.1, date.2);
        london_date_time(&date, time, &reported())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code, e.message))
            .collect()
    }

    #[test]
    fn london_offsets() {
        let at = |d: &str, m: &str, time: &str| {
            london_date_time(&DateInput::new(d, m, "2020"), time, &reported()).unwrap()
        };
        assert_eq!(
            at("20", "7", "12:00").as_deref(),
            Some("2020-07-20T12:00:00+01:00")
        );
        assert_eq!(
            at("1", "1", " 9:05 ").as_deref(),
            Some("2020-01-01T09:05:00+00:00")
        );
        // The autumn's repeated hour: its first occurrence, in summer time.
        assert_eq!(
            at("25", "10", "01:30").as_deref(),
            Some("2020-10-25T01:30:00+01:00")
        );
    }

    #[test]
    fn optional_and_required() {
        let empty = DateInput::default();
        assert_eq!(london_date_time(&empty, " ", &reported()), Ok(None));
        let required = DateTimeField {
            required: true,
            ..reported()
        };
        let errors = london_date_time(&empty, "", &required).unwrap_err();
        let got: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("details-reported_at-day", "required"),
                ("details-reported_at-time", "required")
            ]
        );
        assert_eq!(errors[0].message, "Enter the date it was reported");
        assert_eq!(errors[1].message, "Enter the time it was reported");
    }

    #[test]
    fn rules_on_each_field() {
        assert_eq!(
            errors(("", "", ""), "10:00"),
            [(
                "details-reported_at-day".to_owned(),
                "required",
                "Enter the date it was reported".to_owned()
            )]
        );
        assert_eq!(
            errors(("20", "", "2020"), ""),
            [
                (
                    "details-reported_at-month".to_owned(),
                    "date_incomplete",
                    "Date it was reported must include a month".to_owned()
                ),
                (
                    "details-reported_at-time".to_owned(),
                    "required",
                    "Enter the time it was reported".to_owned()
                )
            ]
        );
        assert_eq!(
            errors(("20", "7", "2020"), "14.30"),
            [(
                "details-reported_at-time".to_owned(),
                "time_format",
                "Time it was reported must be in the 24-hour clock, like 14:30".to_owned()
            )]
        );
        assert_eq!(
            errors(("20", "7", "2020"), "25:00"),
            [(
                "details-reported_at-time".to_owned(),
                "time_not_real",
                "Time it was reported must be a real time, like 14:30".to_owned()
            )]
        );
        assert_eq!(
            errors(("29", "3", "2026"), "1:59"),
            [(
                "details-reported_at-time".to_owned(),
                "time_skipped_by_clock_change",
                "Time it was reported must be a real time. The clocks went forward at 1am on \
                 this date, so enter a time before 1am or from 2am"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn dates_alone() {
        let date = |d: &str, m: &str, y: &str| {
            optional_date(&DateInput::new(d, m, y), "details-date", "date")
                .map_err(|e| (e.field, e.code, e.message))
        };
        assert_eq!(date(" ", "", ""), Ok(None));
        assert_eq!(date("1", "2", "2021"), Ok(Some("2021-02-01".to_owned())));
        assert_eq!(
            date("1", "", "2021"),
            Err((
                "details-date-month".to_owned(),
                "date_incomplete",
                "Date must include a month".to_owned()
            ))
        );
        assert_eq!(
            date("30", "2", "2021"),
            Err((
                "details-date-day".to_owned(),
                "date_not_real",
                "Date must be a real date".to_owned()
            ))
        );
    }

    #[test]
    fn not_after_today() {
        let today = crate::time::parse_iso_date("2026-05-01").unwrap();
        let field = DateTimeField {
            date_id: "date",
            time_id: "time",
            of: "the move was accepted",
            required: true,
            not_after: Some(today),
        };
        let date = DateInput::new("2", "5", "2026");
        let errors = london_date_time(&date, "10:00", &field).unwrap_err();
        assert_eq!(errors[0].field, "date-day");
        assert_eq!(errors[0].code, "date_in_future");
        assert_eq!(
            errors[0].message,
            "Date the move was accepted must be today or in the past"
        );
        let date = DateInput::new("1", "5", "2026");
        assert!(london_date_time(&date, "10:00", &field).unwrap().is_some());
    }
}
