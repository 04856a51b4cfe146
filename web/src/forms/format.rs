//! Words for values: dates the GOV.UK way, and labels for the API's enum keys.

use basm_core::forms::DateInput;
use basm_core::time::{Date, long_date, parse_iso_date};

/// The boxes of a GOV.UK date input holding `date` (`23`, `11`, `2026`).
pub fn date_input(date: Date) -> DateInput {
    DateInput::new(
        &date.day.to_string(),
        &date.month.to_string(),
        &date.year.to_string(),
    )
}

/// A `YYYY-MM-DD` (or longer ISO) text as [`long_date`], or the text itself when it is not a
/// date.
pub fn long_date_text(iso: &str) -> String {
    match iso.get(..10).and_then(parse_iso_date) {
        Some(date) => long_date(date),
        None => iso.to_owned(),
    }
}

/// The date relative to `today`: `Today`, `Tomorrow`, `Yesterday`, else [`long_date`].
pub fn relative_date(date: Date, today: Date) -> String {
    match date.days_since_epoch() - today.days_since_epoch() {
        0 => "Today".to_owned(),
        1 => "Tomorrow".to_owned(),
        -1 => "Yesterday".to_owned(),
        _ => long_date(date),
    }
}

/// The Monday of the week of `date` (weeks start on Monday).
pub fn week_start(date: Date) -> Date {
    date.add_days(-i64::from(date.weekday() - 1))
}

/// `2 people`, `1 person`.
pub fn people(count: u32) -> String {
    if count == 1 {
        "1 person".to_owned()
    } else {
        format!("{count} people")
    }
}

/// The label of an estate key.
pub fn estate(key: &str) -> &str {
    match key {
        "adult_male" => "Adult male",
        "adult_female" => "Adult female",
        "juvenile_male" => "Juvenile male",
        "juvenile_female" => "Juvenile female",
        "young_offender_male" => "Young offender male",
        "young_offender_female" => "Young offender female",
        "other_estate" => "Other",
        other => other,
    }
}

/// Estates in page order.
pub const ESTATES: &[&str] = &[
    "adult_male",
    "adult_female",
    "juvenile_male",
    "juvenile_female",
    "young_offender_male",
    "young_offender_female",
    "other_estate",
];

/// The label of a prisoner category key.
pub fn category(key: &str) -> &str {
    match key {
        "b" => "Category B",
        "c" => "Category C",
        "d" => "Category D",
        "open" => "Open",
        "closed" => "Closed",
        other => other,
    }
}

/// The label of a time-left-to-serve answer (`any` is the form's word for JSON `null`).
pub fn sentence_length(key: &str) -> &str {
    match key {
        "any" | "" => "Any time left to serve",
        "short" => "16 months or less",
        "long" => "More than 16 months",
        "other" => "Other",
        other => other,
    }
}

/// Time-left-to-serve answers in page order.
pub const SENTENCE_LENGTHS: &[&str] = &["any", "short", "long", "other"];

/// The label of an allocation cancellation reason.
pub fn cancellation_reason(key: &str) -> &str {
    match key {
        "made_in_error" => "Made in error",
        "supplier_declined_to_move" => "Supplier declined to move",
        "lack_of_space_at_receiving_establishment" => "Lack of space at the receiving prison",
        "sending_establishment_failed_to_fill_allocation" => {
            "Sending prison failed to fill the allocation"
        }
        "other" => "Another reason",
        other => other,
    }
}

/// The label of a date-changed reason.
pub fn date_changed_reason(key: &str) -> &str {
    match key {
        "combined_with_another_request" => "Combined with another request",
        "operational_issues_prison" => "Operational issues at the prison",
        "tornado_event" => "Tornado event",
        "amended_by_pmu" => "Amended by PMU",
        "sender_unable_to_fulfil_draft" => "Sending prison unable to fulfil the draft",
        "supplier_no_resource" => "Supplier has no resource",
        other => other,
    }
}

/// The label of an allocation status.
pub fn allocation_status(key: &str) -> &str {
    match key {
        "unfilled" => "Unfilled",
        "filled" => "Filled",
        "cancelled" => "Cancelled",
        other => other,
    }
}

/// The label of a move status.
pub fn move_status(key: &str) -> &str {
    match key {
        "proposed" => "Proposed",
        "requested" => "Requested",
        "booked" => "Booked",
        "in_transit" => "In transit",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        other => other,
    }
}

/// A list joined the English way: `a`, `a and b`, `a, b and c`.
pub fn sentence(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_iso_date(s).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(long_date_text("2026-05-24T10:00:00Z"), "Sunday 24 May 2026");
        assert_eq!(long_date_text("soon"), "soon");
        assert_eq!(relative_date(d("2026-05-23"), d("2026-05-22")), "Tomorrow");
        assert_eq!(relative_date(d("2026-05-22"), d("2026-05-22")), "Today");
        assert_eq!(
            relative_date(d("2026-05-25"), d("2026-05-22")),
            "Monday 25 May 2026"
        );
        assert_eq!(week_start(d("2026-05-24")), d("2026-05-18"));
        assert_eq!(week_start(d("2026-05-18")), d("2026-05-18"));
    }

    #[test]
    fn words() {
        assert_eq!(people(1), "1 person");
        assert_eq!(people(2), "2 people");
        assert_eq!(estate("young_offender_male"), "Young offender male");
        assert_eq!(category("b"), "Category B");
        assert_eq!(sentence_length("any"), "Any time left to serve");
        assert_eq!(
            sentence(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(sentence(&["a".into()]), "a");
        for reason in basm_core::forms::ALLOCATION_CANCELLATION_REASONS {
            assert_ne!(cancellation_reason(reason.as_str()), reason.as_str());
        }
        for reason in basm_core::forms::DATE_CHANGED_REASONS {
            assert_ne!(date_changed_reason(reason), *reason);
        }
    }
}
