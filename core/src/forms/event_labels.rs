//! The words of the event form: event types' labels and family headings, the control and
//! question of each details field, labels of enum values and relationships — all made from
//! the event table ([`crate::EVENT_TYPES`]), for the composer and the timeline.

use super::event_details::{WORDS, field_label};
use super::{capitalise, lower_first};
use crate::events::{Family, FieldInfo};
use crate::values::FieldKind;

/// The heading of a family's group.
pub fn family_heading(family: Family) -> &'static str {
    match family {
        Family::Move => "Move events",
        Family::Journey => "Journey events",
        Family::PersonMove => "Incidents and person-move events",
        Family::Per => "Person escort record events",
        Family::Lodging => "Lodging events",
    }
}

/// Labels of the common event types, as a timeline reads them.
const EVENT_LABELS: &[(&str, &str)] = &[
    ("MoveAccept", "Move accepted"),
    ("MoveApprove", "Move approved"),
    ("MoveCancel", "Move cancelled"),
    ("MoveComplete", "Move completed"),
    ("MoveReject", "Move rejected"),
    ("MoveRequested", "Move requested"),
    ("MoveProposed", "Move proposed"),
    ("MoveRedirect", "Move redirected"),
    ("MoveStart", "Move started"),
    ("MoveDateChanged", "Move date changed"),
    ("MoveLockout", "Lockout"),
    ("MoveLodgingStart", "Lodging started"),
    ("MoveLodgingEnd", "Lodging ended"),
    (
        "MoveNotifyPremisesOfDropOffEta",
        "Drop-off ETA given to premises",
    ),
    (
        "MoveNotifyPremisesOfPickupEta",
        "Pick-up ETA given to premises",
    ),
    ("MoveNotifyPremisesOfEta", "ETA given to premises"),
    (
        "MoveNotifyPremisesOfArrivalIn30Mins",
        "Premises told of arrival in 30 minutes",
    ),
    ("JourneyCreate", "Journey created"),
    ("JourneyStart", "Journey started"),
    ("JourneyComplete", "Journey completed"),
    ("JourneyCancel", "Journey cancelled"),
    ("JourneyReject", "Journey rejected"),
    ("JourneyUncancel", "Journey uncancelled"),
    ("JourneyUncomplete", "Journey uncompleted"),
    ("JourneyUpdate", "Journey updated"),
    (
        "JourneyAdmitThroughOuterGate",
        "Admitted through outer gate",
    ),
    ("JourneyArriveAtOuterGate", "Arrived at outer gate"),
    ("JourneyExitThroughOuterGate", "Exited through outer gate"),
    ("JourneyAdmitToReception", "Admitted to reception"),
    ("PersonMoveAssault", "Assault"),
    ("PersonMoveVehicleBrokeDown", "Vehicle broke down"),
];

/// A word of a name as labels write it ([`WORDS`]), else in lower case.
fn word(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    WORDS
        .iter()
        .find(|(short, _)| *short == lower)
        .map_or(lower, |(_, long)| (*long).to_owned())
}

/// The words of a CamelCase name (`MoveNotifyPremisesOfArrivalIn30Mins` → `move notify
/// premises of arrival in 30 mins`).
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let starts = match previous {
            None => true,
            Some(p) => {
                (c.is_ascii_uppercase() && !p.is_ascii_uppercase())
                    || (c.is_ascii_digit() && !p.is_ascii_digit())
                    || (!c.is_ascii_digit() && p.is_ascii_digit())
            }
        };
        if starts || words.is_empty() {
            words.push(String::new());
        }
        if let Some(last) = words.last_mut() {
            last.push(c);
        }
        previous = Some(c);
    }
    words.iter().map(|w| word(w)).collect()
}

/// The human label of an event type: "Move accepted" for `MoveAccept`; other types from
/// their name ("Person move serious injury").
pub fn event_label(name: &str) -> String {
    if let Some((_, label)) = EVENT_LABELS.iter().find(|(n, _)| *n == name) {
        return (*label).to_owned();
    }
    let words = camel_words(name);
    let words: Vec<&str> = match words.first().map(String::as_str) {
        // Person-move incidents read better without the family's prefix.
        Some("person") if words.get(1).map(String::as_str) == Some("move") => {
            words[2..].iter().map(String::as_str).collect()
        }
        _ => words.iter().map(String::as_str).collect(),
    };
    capitalise(&words.join(" "))
}

/// The doc line of an event type or field, without its trailing full stop.
pub fn doc_line(doc: &str) -> String {
    doc.trim().trim_end_matches('.').to_owned()
}

/// A readable label of an enum value (`overnight_lodging` → "Overnight lodging").
pub fn enum_label(value: &str) -> String {
    let words: Vec<String> = value
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(word)
        .collect();
    capitalise(&words.join(" "))
}

/// How a details field is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    /// One-line text.
    Text,
    /// Several lines of free text.
    Textarea,
    /// One item per line (a list of strings).
    Lines,
    /// Radios: (value, label).
    Radios(Vec<(String, String)>),
    /// A select: (value, label).
    Select(Vec<(String, String)>),
    /// Yes/No radios (`true`/`false`).
    YesNo,
    /// A date input.
    Date,
    /// A date input and a 24-hour time.
    DateTime,
}

/// The control of a details field, from its kind.
pub fn control(field: &FieldInfo) -> Control {
    match field.kind {
        FieldKind::Enum => {
            let options = field
                .allowed
                .iter()
                .map(|v| ((*v).to_owned(), enum_label(v)))
                .collect::<Vec<_>>();
            if options.len() <= 8 {
                Control::Radios(options)
            } else {
                Control::Select(options)
            }
        }
        FieldKind::Boolean => Control::YesNo,
        FieldKind::DateTime => Control::DateTime,
        FieldKind::Date => Control::Date,
        FieldKind::StringArray => Control::Lines,
        FieldKind::String | FieldKind::Any => {
            let name = field.name;
            if name.contains("comment")
                || name.contains("notes")
                || name.contains("description")
                || name.contains("outcome")
                || name.contains("reason")
            {
                Control::Textarea
            } else {
                Control::Text
            }
        }
    }
}

/// The question of a details field: its label, capitalised ("Vehicle registration").
pub fn question(field: &FieldInfo) -> String {
    let label = field_label(field);
    capitalise(label.strip_prefix("the ").unwrap_or(&label))
}

/// What follows "Date" or "Time" in the messages and the time's label of a date-time field:
/// "the date and time it was reported" → "it was reported".
pub fn datetime_rest(field: &FieldInfo) -> String {
    let label = field_label(field);
    label
        .strip_prefix("the date and time ")
        .map_or(label.clone(), str::to_owned)
}

/// The label of a relationship's autocomplete, from its doc line ("Where it happened",
/// "The lodging's location"); "Location" when the doc is vague.
pub fn rel_label(doc: &str) -> String {
    let line = doc_line(doc);
    if line.is_empty() || line == "Where" {
        "Location".to_owned()
    } else {
        capitalise(&line)
    }
}

/// The message when a relationship's location is missing: "Select where it happened from
/// the list".
pub fn relationship_missing(doc: &str) -> String {
    format!("Select {} from the list", lower_first(&rel_label(doc)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EVENT_TYPES;

    #[test]
    fn labels() {
        assert_eq!(event_label("MoveAccept"), "Move accepted");
        assert_eq!(event_label("PersonMoveSeriousInjury"), "Serious injury");
        assert_eq!(
            event_label("JourneyHandoverToDestination"),
            "Journey handover to destination"
        );
        assert_eq!(
            event_label("MoveNotifyPremisesOfExpectedCollectionTime"),
            "Move notify premises of expected collection time"
        );
        assert_eq!(
            event_label("PersonMovePersonEscapedKpi"),
            "Person escaped KPI"
        );
        assert_eq!(enum_label("operation_hmcts"), "Operation HMCTS");
        assert_eq!(enum_label("overnight_lodging"), "Overnight lodging");
    }

    #[test]
    fn generated_field_kinds() {
        let info = |name: &str| EVENT_TYPES.iter().find(|i| i.name == name).unwrap();
        let lodging = info("MoveLodgingStart");
        assert!(
            matches!(control(lodging.field("reason").unwrap()), Control::Radios(o) if o.len() == 7 && o[0] == ("overnight_lodging".into(), "Overnight lodging".into()))
        );
        let cancel = info("MoveCancel");
        assert!(matches!(
            control(cancel.field("cancellation_reason").unwrap()),
            Control::Select(_)
        ));
        assert_eq!(
            control(cancel.field("cancellation_reason_comment").unwrap()),
            Control::Textarea
        );
        let assault = info("PersonMoveAssault");
        assert_eq!(
            control(assault.field("reported_at").unwrap()),
            Control::DateTime
        );
        assert_eq!(
            control(assault.field("supplier_personnel_numbers").unwrap()),
            Control::Lines
        );
        assert_eq!(
            control(assault.field("vehicle_reg").unwrap()),
            Control::Text
        );
        assert_eq!(
            question(assault.field("vehicle_reg").unwrap()),
            "Vehicle registration"
        );
        let approve = info("MoveApprove");
        assert_eq!(control(approve.field("date").unwrap()), Control::Date);
        assert_eq!(
            control(approve.field("create_in_nomis").unwrap()),
            Control::YesNo
        );
        assert_eq!(rel_label(assault.relationships[0].doc), "Where it happened");
        assert_eq!(
            relationship_missing(assault.relationships[0].doc),
            "Select where it happened from the list"
        );
    }
}
