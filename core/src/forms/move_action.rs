//! Supplier move actions (accept, start, complete, cancel) with a date and a time.

use serde::{Deserialize, Serialize};

use super::date_time::{DateTimeField, london_date_time};
use super::ids::{CANCELLATION_REASON, DATE, TIME};
use super::{DateInput, FieldError, check_real_date, optional_text};
use crate::documents::MoveAction;
use crate::time::{Date, long_date};
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
/// date ([`london_date_time`], which writes the timestamp); for cancel, a reason from the
/// 33 [`CancellationReason`]s. Notes and the cancel comment are optional. The timestamp is
/// written strictly (accepted by [`crate::time::parse_strict_datetime`]).
pub fn move_action(
    action: SupplierAction,
    input: &MoveActionInput,
    today: Date,
) -> Result<MoveAction, Vec<FieldError>> {
    let mut errors = Vec::new();
    let timestamp = london_date_time(
        &input.date,
        &input.time,
        &DateTimeField {
            date_id: DATE,
            time_id: TIME,
            of: &format!("the move {}", action.happened()),
            required: true,
            not_after: Some(today),
        },
    )
    .unwrap_or_else(|date_time_errors| {
        errors.extend(date_time_errors);
        None
    });

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
                CANCELLATION_REASON,
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

/// A warning, never a refusal, when a start or a completion is dated more than a day from
/// the move's own date (`move_date`): the form offers today, which is wrong for a move dated
/// a week ahead. `None` for accept and cancel (done ahead of the move), and until the date
/// boxes make a real date.
///
/// ```
/// use basm_core::forms::{DateInput, SupplierAction, move_action_date_warning};
/// use basm_core::time::Date;
///
/// let move_date = Date::new(2026, 12, 10).unwrap();
/// let typed = DateInput::new("3", "12", "2026");
/// assert_eq!(
///     move_action_date_warning(SupplierAction::Start, &typed, move_date).as_deref(),
///     Some("The move is dated Thursday 10 December 2026, 7 days after the date you entered. \
///           Check the date the move started")
/// );
/// let next_day = DateInput::new("11", "12", "2026");
/// assert_eq!(move_action_date_warning(SupplierAction::Complete, &next_day, move_date), None);
/// assert_eq!(move_action_date_warning(SupplierAction::Accept, &typed, move_date), None);
/// ```
pub fn move_action_date_warning(
    action: SupplierAction,
    date: &DateInput,
    move_date: Date,
) -> Option<String> {
    if !matches!(action, SupplierAction::Start | SupplierAction::Complete) {
        return None;
    }
    let typed = check_real_date(date, DATE, "date").ok()?.to_date()?;
    let days = move_date.days_since_epoch() - typed.days_since_epoch();
    if days.abs() <= 1 {
        return None;
    }
    let (count, side) = (
        days.unsigned_abs(),
        if days > 0 { "after" } else { "before" },
    );
    Some(format!(
        "The move is dated {}, {count} days {side} the date you entered. Check the date the move {}",
        long_date(move_date),
        action.happened()
    ))
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

    #[test]
    fn warns_when_the_date_is_far_from_the_moves() {
        let move_date = parse_iso_date("2026-05-08").unwrap();
        let on = |day: &str| DateInput::new(day, "5", "2026");
        let warn = |action, day: &str| move_action_date_warning(action, &on(day), move_date);
        assert_eq!(
            warn(SupplierAction::Complete, "11").as_deref(),
            Some(
                "The move is dated Friday 8 May 2026, 3 days before the date you entered. \
                 Check the date the move was completed"
            )
        );
        for day in ["7", "8", "9"] {
            assert_eq!(warn(SupplierAction::Start, day), None, "{day}");
        }
        assert!(warn(SupplierAction::Start, "6").is_some());
        assert_eq!(warn(SupplierAction::Cancel, "1"), None);
        assert_eq!(
            warn(SupplierAction::Start, "32"),
            None,
            "not a real date yet"
        );
    }
}
