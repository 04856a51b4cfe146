//! The details form of any event type, driven by the event table ([`EVENT_TYPES`]).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::ids::{EVENT_TYPE, EVENTABLE, NOTES, OCCURRED_AT, OCCURRED_AT_TIME};
use super::{FieldError, capitalise, lower_first};
use crate::events::{EVENT_TYPES, EventTypeInfo, FieldInfo};
use crate::time::{Date, parse_iso_date, parse_lenient_datetime, parse_strict_datetime};
use crate::values::FieldKind;

/// Words of names written differently in labels (field names, event type names, enum
/// values), by their lower-case form.
pub(super) const WORDS: &[(&str, &str)] = &[
    ("reg", "registration"),
    ("kpi", "KPI"),
    ("pmu", "PMU"),
    ("per", "PER"),
    ("eta", "ETA"),
    ("nomis", "NOMIS"),
    ("id", "ID"),
    ("hmcts", "HMCTS"),
    ("dda", "DDA"),
    ("ptr", "PTR"),
    ("csra", "CSRA"),
    ("pnc", "PNC"),
];

/// Labels that cannot be derived from the field name.
const LABELS: &[(&str, &str)] = &[
    ("authorised_by", "who authorised it"),
    ("advised_by", "who gave the advice"),
    ("treated_by", "who gave the treatment"),
    ("responded_by", "who responded"),
    (
        "reporting_officer_signed_at",
        "when the reporting officer signed",
    ),
    (
        "reception_officer_signed_at",
        "when the reception officer signed",
    ),
];

/// Field names too vague to label on their own: their doc line is used instead.
const VAGUE: &[&str] = &["subtype"];

/// What a yes/no field asks, after "Select yes if".
const YES_IF: &[(&str, &str)] = &[
    ("is_virtual", "the hearing was virtual"),
    ("is_trial", "the hearing was a trial"),
    ("create_in_nomis", "the move should be created in NOMIS"),
    ("rebook", "the move should be rebooked 7 days later"),
];

const DATETIME_EXAMPLE: &str = "2020-06-16T10:20:30+01:00";
const DATE_EXAMPLE: &str = "2020-06-16";

/// The doc line without a trailing full stop or parenthesised remark.
fn doc_phrase(doc: &str) -> String {
    let mut text = doc.trim().trim_end_matches('.').to_owned();
    if let Some(open) = text.find(" (") {
        text.truncate(open);
    }
    text
}

/// The human label of a details field, with its article when it takes one: what follows
/// "Enter" or "Select" in a message (`vehicle_reg` → "the vehicle registration",
/// `reported_at` → "the date and time it was reported", `subtype` → its doc line).
pub fn field_label(field: &FieldInfo) -> String {
    if let Some((_, label)) = LABELS.iter().find(|(name, _)| *name == field.name) {
        return (*label).to_owned();
    }
    let doc = doc_phrase(field.doc);
    if field.kind == FieldKind::DateTime
        && let Some(rest) = doc.strip_prefix("When ")
    {
        return format!("the date and time {rest}");
    }
    if VAGUE.contains(&field.name) && !doc.is_empty() {
        return lower_first(&doc);
    }
    let words: Vec<&str> = field
        .name
        .split('_')
        .filter(|word| !word.is_empty())
        .map(|word| {
            WORDS
                .iter()
                .find(|(short, _)| *short == word)
                .map_or(word, |(_, long)| *long)
        })
        .collect();
    format!("the {}", words.join(" "))
}

/// The label as the subject of a sentence ("Date and time it was reported").
fn subject(label: &str) -> String {
    capitalise(label.strip_prefix("the ").unwrap_or(label))
}

/// Whether `text` (trimmed) is written `YYYY-MM-DD…` with a real calendar date, and, when
/// `with_time`, `THH:MM:SS` with a real time of day (no 24:00, no leap second).
fn real_calendar(text: &str, with_time: bool) -> bool {
    let b = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return false;
    }
    if day == 0 || day > u32::from(Date::days_in_month(i64::from(year), month as u8)) {
        return false;
    }
    if !with_time {
        return b.len() == 10;
    }
    let (Some(hour), Some(minute), Some(second)) = (number(11..13), number(14..16), number(17..19))
    else {
        return false;
    };
    matches!(b.get(10), Some(b'T' | b't'))
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':')
        && hour < 24
        && minute < 60
        && second < 60
}

/// Checks one field; `Ok(None)` when an optional field is left empty.
fn check_field(field: &FieldInfo, raw: &str) -> Result<Option<Value>, FieldError> {
    let id = field_id(field.name);
    let label = field_label(field);
    let text = raw.trim();
    let yes_if = YES_IF
        .iter()
        .find(|(name, _)| *name == field.name)
        .map_or_else(
            || format!("Select yes or no for {label}"),
            |(_, question)| format!("Select yes if {question}"),
        );
    let empty = match field.kind {
        FieldKind::StringArray => !text.split([',', '\n']).any(|item| !item.trim().is_empty()),
        _ => text.is_empty(),
    };
    if empty {
        if !field.required {
            return Ok(None);
        }
        let message = match field.kind {
            FieldKind::Enum => format!("Select {label}"),
            FieldKind::Boolean => yes_if,
            _ => format!("Enter {label}"),
        };
        return Err(FieldError::new(&id, "required", message));
    }
    match field.kind {
        FieldKind::String => Ok(Some(Value::String(text.to_owned()))),
        FieldKind::Enum => {
            if field.allowed.contains(&text) {
                Ok(Some(Value::String(text.to_owned())))
            } else {
                Err(FieldError::new(
                    &id,
                    "invalid_option",
                    format!("Select {label}"),
                ))
            }
        }
        FieldKind::Boolean => match text {
            "true" => Ok(Some(Value::Bool(true))),
            "false" => Ok(Some(Value::Bool(false))),
            _ => Err(FieldError::new(&id, "invalid_option", yes_if)),
        },
        // Free JSON the API stores unread (PER `responded_by`): taken as JSON text when it
        // parses, else as a string.
        FieldKind::Any => Ok(Some(
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned())),
        )),
        FieldKind::StringArray => Ok(Some(Value::Array(
            text.split([',', '\n'])
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_owned()))
                .collect(),
        ))),
        FieldKind::DateTime => {
            if parse_lenient_datetime(text).is_none() {
                Err(FieldError::new(
                    &id,
                    "invalid_datetime",
                    format!(
                        "{} must be a real date and time, like {DATETIME_EXAMPLE}",
                        subject(&label)
                    ),
                ))
            } else if parse_strict_datetime(text).is_none() {
                Err(FieldError::new(
                    &id,
                    "incomplete_datetime",
                    format!(
                        "{} must include the date and the time in hours, minutes and seconds, \
                         like {DATETIME_EXAMPLE}",
                        subject(&label)
                    ),
                ))
            } else if !real_calendar(text, true) {
                Err(FieldError::new(
                    &id,
                    "invalid_datetime",
                    format!(
                        "{} must be a real date and time, like {DATETIME_EXAMPLE}",
                        subject(&label)
                    ),
                ))
            } else {
                Ok(Some(Value::String(text.to_owned())))
            }
        }
        FieldKind::Date => {
            if parse_iso_date(text).is_some() && real_calendar(text, false) {
                Ok(Some(Value::String(text.to_owned())))
            } else {
                Err(FieldError::new(
                    &id,
                    "invalid_date",
                    format!(
                        "{} must be a real date, like {DATE_EXAMPLE}",
                        subject(&label)
                    ),
                ))
            }
        }
    }
}

/// The HTML id of a details field (`details-vehicle_reg`): where [`event_details`] puts
/// its errors.
pub fn field_id(name: &str) -> String {
    format!("details-{name}")
}

/// The HTML id of a relationship's autocomplete (`relationship-location`).
pub fn relationship_id(name: &str) -> String {
    format!("relationship-{name}")
}

/// The id the error summary links to for a field of `info`'s form (`details-date` →
/// `details-date-day` for a date input, whose first box is the field).
pub fn target_id(info: Option<&EventTypeInfo>, field: &str) -> String {
    let name = field.strip_prefix("details-").unwrap_or_default();
    let dated = info
        .and_then(|i| i.field(name))
        .is_some_and(|f| matches!(f.kind, FieldKind::Date | FieldKind::DateTime));
    if dated || field == OCCURRED_AT {
        format!("{field}-day")
    } else {
        field.to_owned()
    }
}

/// The field of the event form an error at `pointer` (core's or the API's) belongs to, for
/// the event type `event_type`; `None` when it concerns the request as a whole.
pub fn field_for_pointer(pointer: &str, event_type: &str) -> Option<String> {
    let info = EVENT_TYPES.iter().find(|i| i.name == event_type);
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let field = match segments.as_slice() {
        ["data", "attributes", "details", name, ..] => field_id(name),
        ["data", "attributes", "details"] => EVENT_TYPE.to_owned(),
        ["data", "attributes", "occurred_at", ..] => OCCURRED_AT.to_owned(),
        ["data", "attributes", "notes", ..] => NOTES.to_owned(),
        ["data", "attributes", "event_type", ..] => EVENT_TYPE.to_owned(),
        ["data", "relationships", "eventable", ..] => EVENTABLE.to_owned(),
        ["data", "relationships", name, ..] => relationship_id(name),
        _ => return None,
    };
    // A details key the event type does not have (e.g. `location_id`) is its relationship.
    if let Some(name) = field.strip_prefix("details-")
        && let Some(info) = info
        && info.field(name).is_none()
    {
        let rel = name.strip_suffix("_id").unwrap_or(name);
        if info.relationships.iter().any(|r| r.name == rel) {
            return Some(relationship_id(rel));
        }
        return Some(EVENT_TYPE.to_owned());
    }
    Some(target_id(info, &field))
}

/// The field groups of the event form for `info` (none chosen yet: `None`), top to bottom:
/// the order of its error summary. A date-time field is its date group and its `-time` box.
pub fn order(info: Option<&EventTypeInfo>) -> Vec<String> {
    let mut order = vec![EVENTABLE.to_owned(), EVENT_TYPE.to_owned()];
    if let Some(info) = info {
        for field in info.fields {
            order.push(field_id(field.name));
            order.push(format!("{}-time", field_id(field.name)));
        }
        for rel in info.relationships {
            order.push(relationship_id(rel.name));
        }
    }
    order.push(OCCURRED_AT.to_owned());
    order.push(OCCURRED_AT_TIME.to_owned());
    order.push(NOTES.to_owned());
    order
}

/// GOV.UK wording for an error with `code` on the event form's `field`, where the API's own
/// detail ("should be blank") does not say what to do: its cross-field rules on personnel
/// numbers. `None`: the error's own detail is the message.
pub fn wording(field: &str, code: &str) -> Option<String> {
    let name = field.strip_prefix("details-")?;
    let personnel = name
        .strip_prefix("supplier_")
        .or_else(|| name.strip_prefix("police_"))
        .filter(|rest| rest.starts_with("personnel_number"))?;
    let noun = personnel.replace('_', " ");
    match code {
        "blank" => Some(format!("Enter the supplier {noun} or the police {noun}")),
        "present" => Some(format!(
            "Enter the supplier {noun} or the police {noun}, not both"
        )),
        _ => None,
    }
}

/// Checks the details form of `event_type` (field ids `details-<name>`) and returns the
/// `details` object to send.
///
/// Rules, from the event table: required fields must be filled ("Enter …" / "Select …");
/// enum fields must be an allowed value; date-time fields must be read by
/// [`parse_lenient_datetime`] (what the API checks) *and* be written strictly and in full
/// (`YYYY-MM-DDThh:mm:ss`, optional fraction and offset, a real date and time); date fields
/// must be `YYYY-MM-DD`, a real date read by [`parse_iso_date`]; booleans are `true` or
/// `false` (sent as JSON booleans); string arrays are comma- or newline-separated lists;
/// free JSON fields take JSON text, or else the text as a string.
/// Values are trimmed; empty optional fields and keys the event type does not declare are
/// left out. An unknown or server-only event type is an error on the field `event-type`.
pub fn event_details(
    event_type: &str,
    values: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let Some(info) = EVENT_TYPES.iter().find(|info| info.name == event_type) else {
        return Err(vec![FieldError::new(
            EVENT_TYPE,
            "unknown_event_type",
            "Select the type of event",
        )]);
    };
    if !info.postable() {
        return Err(vec![FieldError::new(
            EVENT_TYPE,
            "event_type_not_postable",
            "Select another type of event. Lodging events are recorded when a lodging is \
             created, changed or cancelled",
        )]);
    }
    let mut details = Map::new();
    let mut errors = Vec::new();
    for field in info.fields {
        let raw = values.get(field.name).map_or("", String::as_str);
        match check_field(field, raw) {
            Ok(Some(value)) => {
                details.insert(field.name.to_owned(), value);
            }
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(details)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn field(event_type: &str, name: &str) -> &'static FieldInfo {
        EVENT_TYPES
            .iter()
            .find(|info| info.name == event_type)
            .and_then(|info| info.field(name))
            .unwrap()
    }

    #[test]
    fn pointer_to_field() {
        let cases = [
            (
                "/data/attributes/details/vehicle_reg",
                "JourneyAdmitThroughOuterGate",
                Some("details-vehicle_reg"),
            ),
            (
                "/data/attributes/details/reported_at",
                "PersonMoveAssault",
                Some("details-reported_at-day"),
            ),
            (
                "/data/attributes/details/location_id",
                "PersonMoveAssault",
                Some("relationship-location"),
            ),
            (
                "/data/relationships/location/data/id",
                "PersonMoveAssault",
                Some("relationship-location"),
            ),
            (
                "/data/relationships/eventable",
                "MoveAccept",
                Some("eventable"),
            ),
            (
                "/data/attributes/occurred_at",
                "MoveAccept",
                Some("occurred-at-day"),
            ),
            (
                "/data/attributes/event_type",
                "MoveAccept",
                Some("event-type"),
            ),
            ("/data/attributes/notes", "MoveAccept", Some("notes")),
            ("/data", "MoveAccept", None),
        ];
        for (pointer, event_type, expected) in cases {
            assert_eq!(
                field_for_pointer(pointer, event_type).as_deref(),
                expected,
                "{pointer}"
            );
        }
    }

    #[test]
    fn labels() {
        let cases = [
            ("JourneyStart", "vehicle_reg", "the vehicle registration"),
            ("JourneyStart", "vehicle_depot", "the vehicle depot"),
            (
                "PersonMoveAssault",
                "reported_at",
                "the date and time it was reported",
            ),
            (
                "PerCourtHearing",
                "agreed_at",
                "the date and time the outcome was agreed",
            ),
            (
                "MoveNotifyPremisesOfDropOffEta",
                "expected_at",
                "the date and time the vehicle is expected at the drop-off location",
            ),
            (
                "PersonMoveVehicleBrokeDown",
                "supplier_personnel_numbers",
                "the supplier personnel numbers",
            ),
            (
                "MoveCancel",
                "cancellation_reason",
                "the cancellation reason",
            ),
            ("MoveApprove", "create_in_nomis", "the create in NOMIS"),
            (
                "PerCourtAllDocumentationProvidedToSupplier",
                "subtype",
                "which document",
            ),
            (
                "PerCourtExcessiveDelayNotDueToSupplier",
                "subtype",
                "what caused the delay",
            ),
            ("PerPrisonerWelfare", "subtype", "what was offered"),
            ("LodgingCreate", "start_date", "the start date"),
            (
                "PerSuicideAndSelfHarm",
                "reporting_officer_signed_at",
                "when the reporting officer signed",
            ),
        ];
        for (event_type, name, expected) in cases {
            assert_eq!(field_label(field(event_type, name)), expected, "{name}");
        }
    }

    /// (event type, values) → Ok(details) or Err([(field, code, message)]).
    type Case = (
        &'static str,
        Vec<(&'static str, &'static str)>,
        Result<Value, Vec<(&'static str, &'static str, &'static str)>>,
    );

    #[test]
    fn rules() {
        let cases: Vec<Case> = vec![
            ("MoveAccept", vec![("ignored", "x")], Ok(json!({}))),
            (
                "Teleport",
                vec![],
                Err(vec![(
                    "event-type",
                    "unknown_event_type",
                    "Select the type of event",
                )]),
            ),
            (
                "LodgingCreate",
                vec![],
                Err(vec![(
                    "event-type",
                    "event_type_not_postable",
                    "Select another type of event. Lodging events are recorded when a lodging is created, changed or cancelled",
                )]),
            ),
            // Strings: required, trimmed, optional left out.
            (
                "JourneyAdmitThroughOuterGate",
                vec![
                    ("vehicle_reg", " AB12 CDE "),
                    ("supplier_personnel_number", " "),
                ],
                Ok(json!({"vehicle_reg": "AB12 CDE"})),
            ),
            (
                "JourneyAdmitThroughOuterGate",
                vec![("vehicle_reg", "  ")],
                Err(vec![(
                    "details-vehicle_reg",
                    "required",
                    "Enter the vehicle registration",
                )]),
            ),
            // Enums.
            (
                "MoveCancel",
                vec![
                    ("cancellation_reason", "made_in_error"),
                    ("cancellation_reason_comment", "c"),
                ],
                Ok(
                    json!({"cancellation_reason": "made_in_error", "cancellation_reason_comment": "c"}),
                ),
            ),
            (
                "MoveCancel",
                vec![],
                Err(vec![(
                    "details-cancellation_reason",
                    "required",
                    "Select the cancellation reason",
                )]),
            ),
            (
                "MoveCancel",
                vec![("cancellation_reason", "Made in error")],
                Err(vec![(
                    "details-cancellation_reason",
                    "invalid_option",
                    "Select the cancellation reason",
                )]),
            ),
            (
                "MoveLockout",
                vec![("reason", "bogus"), ("authorised_by", "pmu")],
                Err(vec![
                    (
                        "details-authorised_by",
                        "invalid_option",
                        "Select who authorised it",
                    ),
                    ("details-reason", "invalid_option", "Select the reason"),
                ]),
            ),
            (
                "PerPrisonerWelfare",
                vec![
                    ("given_at", "2020-06-16T10:20:30+01:00"),
                    ("outcome", "accepted"),
                    ("supplier_personnel_number", "123"),
                ],
                Err(vec![(
                    "details-subtype",
                    "required",
                    "Select what was offered",
                )]),
            ),
            // Date-times.
            (
                "MoveNotifyPremisesOfDropOffEta",
                vec![("expected_at", " 2020-06-16T10:20:30+01:00 ")],
                Ok(json!({"expected_at": "2020-06-16T10:20:30+01:00"})),
            ),
            (
                "MoveNotifyPremisesOfDropOffEta",
                vec![("expected_at", "2020-06-16T10:20:30.123Z")],
                Ok(json!({"expected_at": "2020-06-16T10:20:30.123Z"})),
            ),
            (
                "MoveNotifyPremisesOfDropOffEta",
                vec![],
                Err(vec![(
                    "details-expected_at",
                    "required",
                    "Enter the date and time the vehicle is expected at the drop-off location",
                )]),
            ),
            (
                "PersonMoveAssault",
                vec![("reported_at", "2020-06-16")],
                Err(vec![(
                    "details-reported_at",
                    "incomplete_datetime",
                    "Date and time it was reported must include the date and the time in hours, minutes and seconds, like 2020-06-16T10:20:30+01:00",
                )]),
            ),
            (
                "PersonMoveAssault",
                vec![("reported_at", "2020-12-03 10:50:31 +0000")],
                Err(vec![(
                    "details-reported_at",
                    "invalid_datetime",
                    "Date and time it was reported must be a real date and time, like 2020-06-16T10:20:30+01:00",
                )]),
            ),
            (
                "PersonMoveAssault",
                vec![("reported_at", "yesterday")],
                Err(vec![(
                    "details-reported_at",
                    "invalid_datetime",
                    "Date and time it was reported must be a real date and time, like 2020-06-16T10:20:30+01:00",
                )]),
            ),
            (
                "PersonMoveAssault",
                vec![("reported_at", "2021-02-30T10:00:00Z")],
                Err(vec![(
                    "details-reported_at",
                    "invalid_datetime",
                    "Date and time it was reported must be a real date and time, like 2020-06-16T10:20:30+01:00",
                )]),
            ),
            (
                "PersonMoveAssault",
                vec![("reported_at", "2021-02-03T24:00:00Z")],
                Err(vec![(
                    "details-reported_at",
                    "invalid_datetime",
                    "Date and time it was reported must be a real date and time, like 2020-06-16T10:20:30+01:00",
                )]),
            ),
            // Optional date-time left empty.
            (
                "MoveLockout",
                vec![("authorised_at", " "), ("authorised_by", "PMU")],
                Ok(json!({"authorised_by": "PMU"})),
            ),
            // Dates.
            (
                "MoveApprove",
                vec![("date", "2020-06-16")],
                Ok(json!({"date": "2020-06-16"})),
            ),
            (
                "MoveApprove",
                vec![],
                Err(vec![("details-date", "required", "Enter the date")]),
            ),
            (
                "MoveApprove",
                vec![("date", "2020-6-16")],
                Err(vec![(
                    "details-date",
                    "invalid_date",
                    "Date must be a real date, like 2020-06-16",
                )]),
            ),
            (
                "MoveApprove",
                vec![("date", "2020-02-30")],
                Err(vec![(
                    "details-date",
                    "invalid_date",
                    "Date must be a real date, like 2020-06-16",
                )]),
            ),
            (
                "MoveApprove",
                vec![("date", "20200616")],
                Err(vec![(
                    "details-date",
                    "invalid_date",
                    "Date must be a real date, like 2020-06-16",
                )]),
            ),
            // Booleans.
            (
                "MoveApprove",
                vec![("date", "2020-06-16"), ("create_in_nomis", "false")],
                Ok(json!({"date": "2020-06-16", "create_in_nomis": false})),
            ),
            (
                "MoveApprove",
                vec![("date", "2020-06-16"), ("create_in_nomis", "yes")],
                Err(vec![(
                    "details-create_in_nomis",
                    "invalid_option",
                    "Select yes if the move should be created in NOMIS",
                )]),
            ),
            (
                "PerCourtHearing",
                vec![
                    ("is_virtual", "true"),
                    ("court_listing_at", "2020-06-16T10:00:00Z"),
                    ("started_at", "2020-06-16T10:05:00Z"),
                    ("ended_at", "2020-06-16T11:00:00Z"),
                    ("court_outcome", "Adjourned"),
                ],
                Err(vec![(
                    "details-is_trial",
                    "required",
                    "Select yes if the hearing was a trial",
                )]),
            ),
            (
                "PerCourtHearing",
                vec![],
                Err(vec![
                    (
                        "details-is_virtual",
                        "required",
                        "Select yes if the hearing was virtual",
                    ),
                    (
                        "details-is_trial",
                        "required",
                        "Select yes if the hearing was a trial",
                    ),
                    (
                        "details-court_listing_at",
                        "required",
                        "Enter the date and time it was listed",
                    ),
                    (
                        "details-started_at",
                        "required",
                        "Enter the date and time it started",
                    ),
                    (
                        "details-ended_at",
                        "required",
                        "Enter the date and time it ended",
                    ),
                    (
                        "details-court_outcome",
                        "required",
                        "Enter the court outcome",
                    ),
                ]),
            ),
            // String arrays.
            (
                "PersonMoveVehicleBrokeDown",
                vec![
                    ("supplier_personnel_numbers", " 123, 456\n789 ,\n"),
                    ("vehicle_reg", "AB12 CDE"),
                    ("reported_at", "2020-06-16T10:20:30+01:00"),
                    ("postcode", "SW1A 1AA"),
                ],
                Ok(json!({"supplier_personnel_numbers": ["123", "456", "789"],
                    "vehicle_reg": "AB12 CDE", "reported_at": "2020-06-16T10:20:30+01:00",
                    "postcode": "SW1A 1AA"})),
            ),
            (
                "PersonMoveVehicleBrokeDown",
                vec![
                    ("supplier_personnel_numbers", " , \n"),
                    ("vehicle_reg", "AB12 CDE"),
                    ("reported_at", "2020-06-16T10:20:30+01:00"),
                ],
                Err(vec![(
                    "details-supplier_personnel_numbers",
                    "required",
                    "Enter the supplier personnel numbers",
                )]),
            ),
        ];
        for (event_type, pairs, expected) in cases {
            let got = event_details(event_type, &values(&pairs))
                .map(Value::Object)
                .map_err(|errors| {
                    errors
                        .into_iter()
                        .map(|e| (e.field, e.code, e.message))
                        .collect::<Vec<_>>()
                });
            let expected = expected.map_err(|errors| {
                errors
                    .into_iter()
                    .map(|(f, c, m)| (f.to_owned(), c, m.to_owned()))
                    .collect::<Vec<_>>()
            });
            assert_eq!(got, expected, "{event_type} {pairs:?}");
        }
    }

    #[test]
    fn every_postable_event_type_accepts_well_formed_values() {
        for info in EVENT_TYPES.iter().filter(|info| info.postable()) {
            let mut filled = BTreeMap::new();
            for field in info.fields {
                let value = match field.kind {
                    FieldKind::String => "text".to_owned(),
                    FieldKind::Enum => field.allowed[0].to_owned(),
                    FieldKind::DateTime => "2020-06-16T10:20:30+01:00".to_owned(),
                    FieldKind::Date => "2020-06-16".to_owned(),
                    FieldKind::Boolean => "true".to_owned(),
                    FieldKind::StringArray => "a, b".to_owned(),
                    FieldKind::Any => "{\"a\": 1}".to_owned(),
                };
                filled.insert(field.name.to_owned(), value);
            }
            let details = event_details(info.name, &filled).unwrap();
            assert_eq!(details.len(), info.fields.len(), "{}", info.name);
            // Every required field missing gives one error each, in table order.
            let errors = event_details(info.name, &BTreeMap::new())
                .err()
                .unwrap_or_default();
            let required: Vec<String> = info
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| format!("details-{}", f.name))
                .collect();
            let fields: Vec<String> = errors.into_iter().map(|e| e.field).collect();
            assert_eq!(fields, required, "{}", info.name);
        }
    }
}
