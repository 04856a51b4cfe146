//! Supplier move actions (accept, start, complete, cancel) with a date and a time.

use serde::{Deserialize, Serialize};

use super::{
    CheckedDate, DateInput, Direction, FieldError, capitalise, check_date, days_in_month,
    optional_text, weekday,
};
use crate::documents::MoveAction;
use crate::time::Date;
use crate::values::CancellationReason;

/// The move actions a supplier records through a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplierAction {
    /// `/accept`: requested → booked.
    Accept,
    /// `/start`: booked → in_transit.
    Start,
    /// `/complete`: in_transit → completed.
    Complete,
    /// `/cancel`, with a reason.
    Cancel,
}

impl SupplierAction {
    /// What happened, after "the move" ("was accepted", "started", …).
    fn happened(self) -> &'static str {
        match self {
            SupplierAction::Accept => "was accepted",
            SupplierAction::Start => "started",
            SupplierAction::Complete => "was completed",
            SupplierAction::Cancel => "was cancelled",
        }
    }
}

/// A supplier move-action form, as typed.
///
/// Field ids, in page order: `date-day`/`date-month`/`date-year`, `time`,
/// `cancellation-reason` and `cancellation-reason-comment` (cancel only), `notes`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
// A draft saved by an older version (a field missing) still loads.
#[serde(default)]
pub struct MoveActionInput {
    /// When it happened: the date (Europe/London).
    pub date: DateInput,
    /// When it happened: the time, 24-hour `hh:mm` (Europe/London).
    pub time: String,
    /// Cancel: one of the 33 cancellation reasons.
    pub cancellation_reason: String,
    /// Cancel: optional comment.
    pub cancellation_reason_comment: String,
    /// Optional notes.
    pub notes: String,
}

/// Checks a supplier action form and builds the `POST /api/moves/:id/<action>` request.
///
/// Rules: the GOV.UK date rules, and the date not after `today` (an action records what
/// has happened); a 24-hour time `h:mm` or `hh:mm` that exists in Europe/London on that
/// date; for cancel, a reason from the 33 [`CancellationReason`]s. Notes and the cancel
/// comment are optional. The timestamp is written strictly (accepted by
/// [`crate::time::parse_strict_datetime`]): `YYYY-MM-DDThh:mm:00` with London's offset for
/// that moment, `+00:00` or `+01:00`.
pub fn move_action(
    action: SupplierAction,
    input: &MoveActionInput,
    today: Date,
) -> Result<MoveAction, Vec<FieldError>> {
    let mut errors = Vec::new();
    let happened = action.happened();

    let date = check_date(
        &input.date,
        "date",
        &format!("date the move {happened}"),
        today,
        Direction::TodayOrPast,
    )
    .map_err(|error| errors.push(error))
    .ok();

    let time_label = format!("time the move {happened}");
    let timestamp = match check_time(&input.time, &time_label) {
        Err(error) => {
            errors.push(error);
            None
        }
        Ok((hour, minute)) => date.and_then(|date| {
            london_timestamp_checked(date, hour, minute)
                .map_err(|()| {
                    errors.push(FieldError::new(
                        "time",
                        "time_skipped_by_clock_change",
                        format!(
                            "{} must be a real time. The clocks went forward at 1am on this \
                             date, so enter a time before 1am or from 2am",
                            capitalise(&time_label)
                        ),
                    ))
                })
                .ok()
        }),
    };

    let mut reason = None;
    if action == SupplierAction::Cancel {
        let text = input.cancellation_reason.trim();
        reason = CancellationReason::from_wire(text);
        if reason.is_none() {
            let code = if text.is_empty() {
                "required"
            } else {
                "invalid_option"
            };
            errors.push(FieldError::new(
                "cancellation-reason",
                code,
                "Select why the move was cancelled",
            ));
        }
    }

    let Some(timestamp) = timestamp.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let mut document = match (action, reason) {
        (SupplierAction::Accept, _) => MoveAction::accept(&timestamp),
        (SupplierAction::Start, _) => MoveAction::start(&timestamp),
        (SupplierAction::Complete, _) => MoveAction::complete(&timestamp),
        (SupplierAction::Cancel, Some(reason)) => {
            let mut cancel = MoveAction::cancel(&timestamp, reason);
            if let Some(comment) = optional_text(&input.cancellation_reason_comment) {
                cancel = cancel.with_comment(&comment);
            }
            cancel
        }
        (SupplierAction::Cancel, None) => return Err(errors),
    };
    if let Some(notes) = optional_text(&input.notes) {
        document = document.with_notes(&notes);
    }
    Ok(document)
}

/// A 24-hour `h:mm` or `hh:mm` time.
fn check_time(text: &str, label: &str) -> Result<(u8, u8), FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(
            "time",
            "required",
            format!("Enter the {label}"),
        ));
    }
    let format_error = || {
        FieldError::new(
            "time",
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
            "time",
            "time_not_real",
            format!("{} must be a real time, like 14:30", capitalise(label)),
        ));
    }
    Ok((hour, minute))
}

/// The day of the last Sunday of `month` in `year`.
fn last_sunday(year: i64, month: u8) -> u8 {
    let last = days_in_month(year, month);
    last - weekday(year, month, last) as u8
}

/// London's UTC offset in hours for the local time `hour:minute` on `date`, under the
/// current rule (BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October). `Err` for a local time the spring change skips (01:00-01:59); the
/// repeated hour of the autumn change (01:00-01:59) is read as its first occurrence (BST).
fn london_offset(date: CheckedDate, hour: u8, minute: u8) -> Result<u8, ()> {
    let minutes = u32::from(hour) * 60 + u32::from(minute);
    match date.month {
        4..=9 => Ok(1),
        3 => {
            let change = last_sunday(date.year, 3);
            match date.day.cmp(&change) {
                std::cmp::Ordering::Less => Ok(0),
                std::cmp::Ordering::Greater => Ok(1),
                std::cmp::Ordering::Equal if minutes < 60 => Ok(0),
                std::cmp::Ordering::Equal if minutes < 120 => Err(()),
                std::cmp::Ordering::Equal => Ok(1),
            }
        }
        10 => {
            let change = last_sunday(date.year, 10);
            match date.day.cmp(&change) {
                std::cmp::Ordering::Less => Ok(1),
                std::cmp::Ordering::Greater => Ok(0),
                std::cmp::Ordering::Equal if minutes < 120 => Ok(1),
                std::cmp::Ordering::Equal => Ok(0),
            }
        }
        _ => Ok(0),
    }
}

fn london_timestamp_checked(date: CheckedDate, hour: u8, minute: u8) -> Result<String, ()> {
    let offset = london_offset(date, hour, minute)?;
    Ok(format!(
        "{}T{hour:02}:{minute:02}:00+0{offset}:00",
        date.iso()
    ))
}

/// The strict ISO-8601 timestamp of the London wall-clock time `hour:minute` on
/// `year-month-day` (`2020-07-20T11:01:00+01:00`), or `None` for an impossible date or
/// time, or a time the spring clock change skips.
pub fn london_timestamp(year: i64, month: u8, day: u8, hour: u8, minute: u8) -> Option<String> {
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && (0..=9999).contains(&year)
        && hour < 24
        && minute < 60;
    if !valid {
        return None;
    }
    london_timestamp_checked(CheckedDate { year, month, day }, hour, minute).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::time::{parse_iso_date, parse_strict_datetime};

    fn today() -> Date {
        parse_iso_date("2026-05-01").unwrap()
    }

    fn input(day: &str, time: &str) -> MoveActionInput {
        MoveActionInput {
            date: DateInput::new(day, "4", "2026"),
            time: time.to_owned(),
            ..MoveActionInput::default()
        }
    }

    #[test]
    fn london_offsets() {
        let cases = [
            ((2026, 1, 15, 12, 0), Some("2026-01-15T12:00:00+00:00")),
            ((2026, 7, 20, 11, 1), Some("2026-07-20T11:01:00+01:00")),
            // 2026: clocks go forward on 29 March, back on 25 October.
            ((2026, 3, 28, 23, 59), Some("2026-03-28T23:59:00+00:00")),
            ((2026, 3, 29, 0, 59), Some("2026-03-29T00:59:00+00:00")),
            ((2026, 3, 29, 1, 0), None),
            ((2026, 3, 29, 1, 59), None),
            ((2026, 3, 29, 2, 0), Some("2026-03-29T02:00:00+01:00")),
            ((2026, 3, 30, 0, 0), Some("2026-03-30T00:00:00+01:00")),
            ((2026, 10, 24, 23, 0), Some("2026-10-24T23:00:00+01:00")),
            ((2026, 10, 25, 0, 30), Some("2026-10-25T00:30:00+01:00")),
            ((2026, 10, 25, 1, 30), Some("2026-10-25T01:30:00+01:00")),
            ((2026, 10, 25, 2, 0), Some("2026-10-25T02:00:00+00:00")),
            ((2026, 10, 26, 9, 0), Some("2026-10-26T09:00:00+00:00")),
            ((2026, 12, 31, 23, 59), Some("2026-12-31T23:59:00+00:00")),
            // 2020: 29 March and 25 October.
            ((2020, 3, 29, 1, 30), None),
            ((2020, 3, 28, 1, 30), Some("2020-03-28T01:30:00+00:00")),
            ((2020, 10, 25, 2, 30), Some("2020-10-25T02:30:00+00:00")),
            ((2020, 10, 24, 2, 30), Some("2020-10-24T02:30:00+01:00")),
            // 2027: 28 March and 31 October.
            ((2027, 3, 28, 1, 0), None),
            ((2027, 10, 31, 3, 0), Some("2027-10-31T03:00:00+00:00")),
            ((2027, 10, 30, 3, 0), Some("2027-10-30T03:00:00+01:00")),
            ((2026, 2, 29, 12, 0), None),
            ((2026, 2, 1, 24, 0), None),
            ((2026, 2, 1, 12, 60), None),
        ];
        for ((y, m, d, h, min), expected) in cases {
            let got = london_timestamp(y, m, d, h, min);
            assert_eq!(got.as_deref(), expected, "{y}-{m}-{d} {h}:{min}");
            if let Some(text) = got {
                assert!(parse_strict_datetime(&text).is_some(), "{text}");
            }
        }
    }

    #[test]
    fn accept_start_complete() {
        let cases = [
            (SupplierAction::Accept, "accepts", "/api/moves/m/accept"),
            (SupplierAction::Start, "starts", "/api/moves/m/start"),
            (
                SupplierAction::Complete,
                "completes",
                "/api/moves/m/complete",
            ),
        ];
        for (action, type_name, path) in cases {
            let mut form = input("20", " 9:05 ");
            form.notes = " van on the way ".into();
            form.cancellation_reason = "ignored".into();
            let document = move_action(action, &form, today()).unwrap();
            assert_eq!(
                serde_json::to_value(&document).unwrap(),
                json!({"data": {"type": type_name, "attributes": {
                    "timestamp": "2026-04-20T09:05:00+01:00", "notes": "van on the way"}}})
            );
            assert_eq!(document.path("m"), path);
            assert!(parse_strict_datetime(&document.data.attributes.timestamp.0).is_some());
        }
        let document = move_action(SupplierAction::Accept, &input("1", "00:00"), today()).unwrap();
        assert_eq!(
            serde_json::to_value(&document).unwrap(),
            json!({"data": {"type": "accepts", "attributes": {
                "timestamp": "2026-04-01T00:00:00+01:00"}}})
        );
    }

    #[test]
    fn cancel() {
        let mut form = input("20", "23:59");
        form.cancellation_reason = " supplier_no_resource ".into();
        form.cancellation_reason_comment = " no van ".into();
        let document = move_action(SupplierAction::Cancel, &form, today()).unwrap();
        assert_eq!(
            serde_json::to_value(&document).unwrap(),
            json!({"data": {"type": "cancels", "attributes": {
                "timestamp": "2026-04-20T23:59:00+01:00",
                "cancellation_reason": "supplier_no_resource",
                "cancellation_reason_comment": "no van"}}})
        );
        assert_eq!(document.path("m"), "/api/moves/m/cancel");
        for reason in CancellationReason::VALUES {
            let mut form = input("20", "10:00");
            form.cancellation_reason = (*reason).into();
            assert!(move_action(SupplierAction::Cancel, &form, today()).is_ok());
        }
    }

    #[test]
    fn rules() {
        type Case = (
            SupplierAction,
            fn(&mut MoveActionInput),
            Vec<(&'static str, &'static str, &'static str)>,
        );
        let cases: Vec<Case> = vec![
            (
                SupplierAction::Accept,
                |i| i.date = DateInput::default(),
                vec![(
                    "date-day",
                    "required",
                    "Enter the date the move was accepted",
                )],
            ),
            (
                SupplierAction::Start,
                |i| i.date.year = "".into(),
                vec![(
                    "date-year",
                    "date_incomplete",
                    "Date the move started must include a year",
                )],
            ),
            (
                SupplierAction::Complete,
                |i| i.date.day = "31".into(),
                vec![(
                    "date-day",
                    "date_not_real",
                    "Date the move was completed must be a real date",
                )],
            ),
            (
                SupplierAction::Accept,
                |i| i.date = DateInput::new("2", "5", "2026"),
                vec![(
                    "date-day",
                    "date_in_future",
                    "Date the move was accepted must be today or in the past",
                )],
            ),
            (
                SupplierAction::Accept,
                |i| i.time = " ".into(),
                vec![("time", "required", "Enter the time the move was accepted")],
            ),
            (
                SupplierAction::Start,
                |i| i.time = "2pm".into(),
                vec![(
                    "time",
                    "time_format",
                    "Time the move started must be in the 24-hour clock, like 14:30",
                )],
            ),
            (
                SupplierAction::Start,
                |i| i.time = "14.30".into(),
                vec![(
                    "time",
                    "time_format",
                    "Time the move started must be in the 24-hour clock, like 14:30",
                )],
            ),
            (
                SupplierAction::Start,
                |i| i.time = "14:3".into(),
                vec![(
                    "time",
                    "time_format",
                    "Time the move started must be in the 24-hour clock, like 14:30",
                )],
            ),
            (
                SupplierAction::Start,
                |i| i.time = "114:30".into(),
                vec![(
                    "time",
                    "time_format",
                    "Time the move started must be in the 24-hour clock, like 14:30",
                )],
            ),
            (
                SupplierAction::Complete,
                |i| i.time = "24:00".into(),
                vec![(
                    "time",
                    "time_not_real",
                    "Time the move was completed must be a real time, like 14:30",
                )],
            ),
            (
                SupplierAction::Complete,
                |i| i.time = "12:60".into(),
                vec![(
                    "time",
                    "time_not_real",
                    "Time the move was completed must be a real time, like 14:30",
                )],
            ),
            (
                SupplierAction::Accept,
                |i| {
                    i.date = DateInput::new("29", "3", "2026");
                    i.time = "01:30".into();
                },
                vec![(
                    "time",
                    "time_skipped_by_clock_change",
                    "Time the move was accepted must be a real time. The clocks went forward at 1am on this date, so enter a time before 1am or from 2am",
                )],
            ),
            (
                SupplierAction::Cancel,
                |i| i.cancellation_reason = "".into(),
                vec![(
                    "cancellation-reason",
                    "required",
                    "Select why the move was cancelled",
                )],
            ),
            (
                SupplierAction::Cancel,
                |i| i.cancellation_reason = "Made in error".into(),
                vec![(
                    "cancellation-reason",
                    "invalid_option",
                    "Select why the move was cancelled",
                )],
            ),
            (
                SupplierAction::Cancel,
                |i| *i = MoveActionInput::default(),
                vec![
                    (
                        "date-day",
                        "required",
                        "Enter the date the move was cancelled",
                    ),
                    ("time", "required", "Enter the time the move was cancelled"),
                    (
                        "cancellation-reason",
                        "required",
                        "Select why the move was cancelled",
                    ),
                ],
            ),
        ];
        for (action, change, expected) in cases {
            let mut form = input("20", "10:00");
            form.cancellation_reason = "other".into();
            change(&mut form);
            let errors = move_action(action, &form, today()).unwrap_err();
            let got: Vec<_> = errors
                .iter()
                .map(|e| (e.field.as_str(), e.code, e.message.as_str()))
                .collect();
            assert_eq!(got, expected, "{action:?} {form:?}");
        }
    }
}
