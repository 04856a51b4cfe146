//! The event composer's logic: which event types and eventables are offered, the fields of each, the request it builds.
//!
//! Everything here is driven by core's event table ([`EVENT_TYPES`]): the composer page
//! only wires these functions to GOV.UK components.

use std::collections::BTreeMap;

use basm_core::context::{LocationFacts, Member};
use basm_core::documents::EventCreate;
use basm_core::events::{EventTypeInfo, Eventable, Family};
use basm_core::forms::event_details::{field_for_pointer, field_id, relationship_id, target_id};
use basm_core::forms::event_labels::{datetime_rest, enum_label, question, relationship_missing};
use basm_core::forms::ids::{EVENT_TYPE, EVENTABLE, OCCURRED_AT};
use basm_core::forms::{
    DateInput, DateTimeField, Form, event_details, london_date_time, optional_date,
};
use basm_core::time::{london_time, parse_lenient_datetime};
use basm_core::values::FieldKind;
use basm_core::verdict::warning_codes;
use basm_core::{Caller, Context, EVENT_TYPES, EventType, Request, Verdict};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::errors::{FieldMessage, FormState, from_core, group_of};
use super::format::date_input;
use crate::model::events::{EventJourney, EventMove, THIS_MOVE, TimelineEvent};
use basm_core::time::day_month_year;

/// A date input plus a 24-hour time (`hh:mm`), London time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DateTimeInput {
    /// The day, month and year boxes.
    pub date: DateInput,
    /// `hh:mm`.
    pub time: String,
}

/// The text of a location autocomplete and the id of the location it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocationInput {
    /// What is typed.
    pub text: String,
    /// The location it names, or empty.
    pub id: String,
}

/// Everything typed on the composer, kept in `localStorage` per move.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComposerDraft {
    /// [`THIS_MOVE`] or `journey-<id>`.
    pub eventable: String,
    /// The event type name.
    pub event_type: String,
    /// Text, enum, boolean and list fields by details name.
    pub values: BTreeMap<String, String>,
    /// Date and date-time fields by details name.
    pub dates: BTreeMap<String, DateTimeInput>,
    /// Relationships (locations) by name.
    pub relationships: BTreeMap<String, LocationInput>,
    /// When it happened.
    pub occurred_at: DateTimeInput,
    /// Notes.
    pub notes: String,
    /// Submit state.
    pub form: FormState,
}

impl ComposerDraft {
    /// The eventable chosen: its JSON:API type and id.
    pub fn eventable_of(&self, move_id: &str) -> Option<(Eventable, String)> {
        if self.eventable == THIS_MOVE {
            Some((Eventable::Move, move_id.to_owned()))
        } else {
            self.eventable
                .strip_prefix("journey-")
                .filter(|id| !id.is_empty())
                .map(|id| (Eventable::Journey, id.to_owned()))
        }
    }

    /// The chosen event type, when it is one offered for the chosen eventable.
    pub fn info(&self) -> Option<&'static EventTypeInfo> {
        let kind = match self.eventable.as_str() {
            THIS_MOVE => Eventable::Move,
            e if e.starts_with("journey-") => Eventable::Journey,
            _ => return None,
        };
        is_offered(&self.event_type, kind)
    }
}

/// Whether an event type is offered for an eventable: postable, not deprecated, not a PER
/// event (the sandbox has no person escort records), and accepted on that eventable.
fn offers(info: &EventTypeInfo, eventable: Eventable) -> bool {
    info.postable()
        && info.deprecated.is_none()
        && info.family != Family::Per
        && info.family != Family::Lodging
        && info.eventable.contains(&eventable)
}

/// The event type `name` when it is offered for `eventable`.
pub fn is_offered(name: &str, eventable: Eventable) -> Option<&'static EventTypeInfo> {
    EVENT_TYPES
        .iter()
        .find(|info| info.name == name)
        .filter(|info| offers(info, eventable))
}

/// The event types offered for `eventable`, by family (move, journey, person-move), each in
/// table order.
pub fn offered(eventable: Eventable) -> Vec<(Family, Vec<&'static EventTypeInfo>)> {
    [Family::Move, Family::Journey, Family::PersonMove]
        .into_iter()
        .map(|family| {
            let types = EVENT_TYPES
                .iter()
                .filter(|info| info.family == family && offers(info, eventable))
                .collect::<Vec<_>>();
            (family, types)
        })
        .filter(|(_, types)| !types.is_empty())
        .collect()
}

/// The boxes for "now" (London).
pub fn now_input(unix_seconds: i64) -> DateTimeInput {
    let now = london_time(unix_seconds);
    DateTimeInput {
        date: date_input(now.date),
        time: format!("{:02}:{:02}", now.hour, now.minute),
    }
}

/// "20 July 2020 at 11:01am" for an ISO 8601 date-time, in London time (GOV.UK style:
/// "midday" and "midnight" for 12pm and 12am); the text itself when it is not a date-time.
pub fn london_text(iso: &str) -> String {
    let Some(parsed) = parse_lenient_datetime(iso) else {
        return iso.to_owned();
    };
    let at = london_time(parsed.unix_seconds());
    let (date, hour, minute) = (at.date, at.hour, at.minute);
    let time = match (hour, minute) {
        (0, 0) => "midnight".to_owned(),
        (12, 0) => "midday".to_owned(),
        _ => {
            let suffix = if hour < 12 { "am" } else { "pm" };
            let h12 = match hour % 12 {
                0 => 12,
                h => h,
            };
            format!("{h12}:{minute:02}{suffix}")
        }
    };
    format!("{} at {time}", day_month_year(date))
}

/// The London timestamp of a date-time field (`id` its date input, `id-time` its time box,
/// `of` what it is the date and time of), by core's rule; `Ok(None)` when left empty.
fn compose_datetime(
    input: &DateTimeInput,
    id: &str,
    of: &str,
) -> Result<Option<String>, Vec<FieldMessage>> {
    let field = DateTimeField {
        date_id: id,
        time_id: &format!("{id}-time"),
        of,
        required: false,
        not_after: None,
    };
    london_date_time(&input.date, &input.time, &field).map_err(|errors| from_core(&errors))
}

/// The request the draft describes, without `recorded_at` (set when sending), or every
/// problem on the page's fields in page order.
pub fn compose(draft: &ComposerDraft, move_id: &str) -> Result<EventCreate, Vec<FieldMessage>> {
    let mut errors = Vec::new();
    let eventable = draft.eventable_of(move_id);
    if eventable.is_none() {
        errors.push(FieldMessage::new(
            EVENTABLE,
            "required",
            "Select what the event is about",
        ));
    }
    let info = draft.info();
    if eventable.is_some() && info.is_none() {
        errors.push(FieldMessage::new(
            EVENT_TYPE,
            "required",
            "Select the type of event",
        ));
    }
    let occurred_at = match compose_datetime(&draft.occurred_at, OCCURRED_AT, "it happened") {
        Ok(Some(t)) => Some(t),
        Ok(None) => {
            errors.push(FieldMessage::new(
                &format!("{OCCURRED_AT}-day"),
                "required",
                "Enter the date and time the event happened",
            ));
            None
        }
        // One message on the field: the first.
        Err(e) => {
            errors.extend(e.into_iter().take(1));
            None
        }
    };
    let mut details = Map::new();
    let mut relationships = Vec::new();
    if let Some(info) = info {
        // Dates are composed first; the rest goes through core's form rules.
        let mut values = BTreeMap::new();
        let mut composed_errors = Vec::new();
        for field in info.fields {
            let id = field_id(field.name);
            let input = || draft.dates.get(field.name).cloned().unwrap_or_default();
            let composed = match field.kind {
                FieldKind::DateTime => compose_datetime(&input(), &id, &datetime_rest(field)),
                FieldKind::Date => optional_date(&input().date, &id, "date")
                    .map_err(|e| vec![FieldMessage::from(&e)]),
                _ => Ok(draft.values.get(field.name).cloned()),
            };
            match composed {
                Ok(Some(value)) => {
                    values.insert(field.name.to_owned(), value);
                }
                Ok(None) => {}
                Err(e) => composed_errors.extend(e),
            }
        }
        let core_errors = match event_details(info.name, &values) {
            Ok(map) => {
                details = map;
                Vec::new()
            }
            Err(errors) => errors,
        };
        // Page order: the table's field order, one message per field.
        for field in info.fields {
            let id = field_id(field.name);
            let time_id = format!("{id}-time");
            if let Some(e) = composed_errors
                .iter()
                .find(|e| group_of(&e.field) == id || e.field == time_id)
            {
                errors.push(e.clone());
            } else if let Some(e) = core_errors.iter().find(|e| e.field == id) {
                errors.push(FieldMessage::new(
                    &target_id(Some(info), &e.field),
                    e.code,
                    &e.message,
                ));
            }
        }
        for rel in info.relationships {
            let chosen = draft
                .relationships
                .get(rel.name)
                .cloned()
                .unwrap_or_default();
            if chosen.id.is_empty() {
                if rel.required || !chosen.text.trim().is_empty() {
                    errors.push(FieldMessage::new(
                        &relationship_id(rel.name),
                        "required",
                        &relationship_missing(rel.doc),
                    ));
                }
            } else {
                relationships.push((rel, chosen.id));
            }
        }
    }
    let (Some((kind, id)), Some(event_type), Some(occurred_at)) = (
        eventable,
        info.and_then(|i| EventType::from_wire(i.name)),
        occurred_at,
    ) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut document = EventCreate::new(event_type, kind, &id, &occurred_at).with_details(details);
    for (rel, id) in relationships {
        document = document.with_relationship(rel.name, rel.resource_type, &id);
    }
    let notes = draft.notes.trim();
    if !notes.is_empty() {
        document = document.with_notes(notes);
    }
    Ok(document)
}

/// The facts the composer knows, for core: the move (status, supplier, locations), its
/// journeys, and the locations it has read.
pub fn context_for(
    the_move: &EventMove,
    journeys: &[EventJourney],
    locations: &[(String, String)],
) -> Context {
    let mut context = Context::empty();
    context.caller = Caller::Supplier;
    // What the page read, as the model's facts functions give it: what a document carries
    // is known, the rest unknown (core skips the checks that need it).
    context
        .moves
        .insert(the_move.id.clone(), Some(the_move.facts.clone()));
    for journey in journeys {
        context
            .journeys
            .insert(journey.id.clone(), Some(journey.facts.clone()));
    }
    for (id, location_type) in locations {
        context.locations.insert(
            id.clone(),
            Some(LocationFacts {
                location_type: Member::from(Some(location_type.clone()).filter(|t| !t.is_empty())),
                ..LocationFacts::default()
            }),
        );
    }
    context
}

/// What core says of a request before it is sent: errors on the page's fields, and the
/// warnings to show (an event the API accepts but that changes nothing…).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoreCheck {
    /// Whether the API would accept it: the page then sends it as judged
    /// ([`crate::submit::Request::judged`]), so each submit is validated once.
    pub valid: bool,
    /// Errors, each on a field.
    pub errors: Vec<FieldMessage>,
    /// Warnings, in plain words.
    pub warnings: Vec<String>,
}

/// Core's verdict on `request`, for event type `event_type`, turned into field messages
/// and warnings. The idempotency warning is left out: the composer checks for an event a
/// lost answer may have stored before sending again.
pub fn check(request: &Request, context: &Context, event_type: &str) -> CoreCheck {
    let verdict: Verdict = basm_core::validate_request(request, context);
    let mut out = CoreCheck {
        valid: verdict.valid,
        ..CoreCheck::default()
    };
    for error in &verdict.errors {
        let field = error
            .source
            .pointer
            .as_deref()
            .and_then(|p| field_for_pointer(p, event_type))
            .unwrap_or_else(|| EVENT_TYPE.to_owned());
        if !out.errors.iter().any(|m| m.field == field) {
            let message = Form::Event
                .wording(&field, &error.code)
                .map(String::from)
                .unwrap_or_else(|| {
                    if error.detail.is_empty() {
                        error.title.to_string()
                    } else {
                        error.detail.to_string()
                    }
                });
            out.errors
                .push(FieldMessage::new(&field, &error.code, &message));
        }
    }
    for warning in &verdict.warnings {
        let detail = warning.detail();
        if warning.code() == warning_codes::NO_CHANGE {
            let reason = detail
                .split_once(": ")
                .map_or(detail.as_str(), |(_, reason)| reason);
            out.warnings.push(format!(
                "The API will record this event, but it changes nothing: {}",
                reason.trim_end_matches('.')
            ));
        } else if warning.code() != warning_codes::IGNORED_HEADER {
            out.warnings.push(detail.trim_end_matches('.').to_owned());
        }
    }
    out
}

/// Whether a stored event is the one `document` (sent with `recorded_at`) created: same
/// type, eventable, and instants.
pub fn is_same_event(event: &TimelineEvent, document: &EventCreate, recorded_at: &str) -> bool {
    let attributes = &document.data.attributes;
    let eventable = document.data.relationships.eventable.data.as_ref();
    let instant = |s: &str| parse_lenient_datetime(s).map(|t| t.unix_seconds());
    event.event_type == attributes.event.event_type.as_str()
        && eventable
            .is_some_and(|e| event.eventable_type == e.resource_type && event.eventable_id == e.id)
        && instant(&event.occurred_at).is_some()
        && instant(&event.occurred_at) == instant(&attributes.occurred_at.0)
        && instant(&event.recorded_at) == instant(recorded_at)
}

/// A short summary of an event's details for the timeline: "Vehicle registration: AB12
/// CDE. Reason: Overnight lodging".
pub fn details_summary(event_type: &str, details: &Map<String, Value>) -> String {
    let info = EVENT_TYPES.iter().find(|i| i.name == event_type);
    let mut parts = Vec::new();
    for (key, value) in details {
        let field = info.and_then(|i| i.field(key));
        let label = field.map_or_else(|| enum_label(key), question);
        let text = match (value, field.map(|f| f.kind)) {
            (Value::String(s), Some(FieldKind::Enum)) => enum_label(s),
            (Value::String(s), Some(FieldKind::DateTime)) => london_text(s),
            (Value::String(s), _) => s.clone(),
            (Value::Bool(true), _) => "Yes".to_owned(),
            (Value::Bool(false), _) => "No".to_owned(),
            (Value::Array(items), _) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(", "),
            (Value::Null, _) => continue,
            (other, _) => other.to_string(),
        };
        if text.is_empty() {
            continue;
        }
        parts.push(format!("{label}: {text}"));
    }
    parts.join(". ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::forms::submission::Attempt;

    /// The bytes sent for `document` stamped with `recorded_at`.
    fn with_recorded_at(document: &EventCreate, recorded_at: &str) -> Vec<u8> {
        document.clone().with_recorded_at(recorded_at).to_body()
    }

    const M1: &str = "0b6e4c1e-1111-4222-8333-944455556661";
    const LOC1: &str = "0b6e4c1e-1111-4222-8333-944455556662";
    const J1: &str = "0b6e4c1e-1111-4222-8333-944455556663";

    fn names(eventable: Eventable) -> Vec<(Family, Vec<&'static str>)> {
        offered(eventable)
            .into_iter()
            .map(|(f, types)| (f, types.into_iter().map(|i| i.name).collect()))
            .collect()
    }

    fn the_move() -> EventMove {
        crate::model::events::event_move(&serde_json::json!({"data": {
            "id": M1, "type": "moves",
            "attributes": {"reference": "ABC1234D", "status": "booked", "move_type": null, "date": null},
            "relationships": {
                "from_location": {"data": {"id": "from", "type": "locations"}},
                "to_location": {"data": {"id": "to", "type": "locations"}},
                "supplier": {"data": {"id": "s1", "type": "suppliers"}},
                "profile": {"data": null},
                "allocation": {"data": null}}}}))
        .expect("a move")
    }

    fn request(body: &[u8]) -> Request {
        Request::new("POST", "/api/events")
            .header("Authorization", "Bearer t")
            .header("Accept", crate::api::ACCEPT)
            .header("Content-Type", crate::api::CONTENT_TYPE)
            .body(body.to_vec())
    }

    #[test]
    fn types_offered_per_eventable() {
        let moves = names(Eventable::Move);
        let families: Vec<Family> = moves.iter().map(|(f, _)| *f).collect();
        assert_eq!(families, [Family::Move, Family::PersonMove]);
        assert!(moves[0].1.contains(&"MoveAccept"));
        assert!(moves[0].1.contains(&"MoveLodgingStart"));
        assert!(moves[1].1.contains(&"PersonMoveAssault"));
        let journeys = names(Eventable::Journey);
        assert_eq!(journeys[0].0, Family::Journey);
        assert!(journeys[0].1.contains(&"JourneyStart"));
        assert!(journeys[0].1.contains(&"JourneyAdmitThroughOuterGate"));
        for (eventable, groups) in [(Eventable::Move, moves), (Eventable::Journey, journeys)] {
            for name in groups.iter().flat_map(|(_, t)| t) {
                let info = EVENT_TYPES.iter().find(|i| i.name == *name).unwrap();
                assert!(info.postable() && info.deprecated.is_none(), "{name}");
                assert!(info.eventable.contains(&eventable), "{name}");
                assert_ne!(info.family, Family::Per, "{name}");
            }
        }
        // Lodging and PER events, and deprecated types, are never offered.
        assert!(is_offered("LodgingCreate", Eventable::Move).is_none());
        assert!(is_offered("PerHandover", Eventable::Move).is_none());
        assert!(is_offered("MoveAccept", Eventable::Journey).is_none());
        for info in EVENT_TYPES.iter().filter(|i| i.deprecated.is_some()) {
            assert!(is_offered(info.name, Eventable::Move).is_none());
            assert!(is_offered(info.name, Eventable::Journey).is_none());
        }
    }

    fn assault_draft() -> ComposerDraft {
        let mut draft = ComposerDraft {
            eventable: THIS_MOVE.into(),
            event_type: "PersonMoveAssault".into(),
            occurred_at: DateTimeInput {
                date: DateInput::new("20", "7", "2020"),
                time: "11:01".into(),
            },
            notes: " Seen by the nurse ".into(),
            ..ComposerDraft::default()
        };
        draft.dates.insert(
            "reported_at".into(),
            DateTimeInput {
                date: DateInput::new("20", "7", "2020"),
                time: "12:00".into(),
            },
        );
        draft
            .values
            .insert("supplier_personnel_numbers".into(), "123\n456\n".into());
        draft
            .values
            .insert("fault_classification".into(), "investigation".into());
        draft.relationships.insert(
            "location".into(),
            LocationInput {
                text: "HMP Brinsford (BSI)".into(),
                id: LOC1.into(),
            },
        );
        draft
    }

    #[test]
    fn request_building() {
        let body = compose(&assault_draft(), M1).unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({ "data": { "type": "events", "attributes": {
                "event_type": "PersonMoveAssault",
                "occurred_at": "2020-07-20T11:01:00+01:00",
                "notes": "Seen by the nurse",
                "details": { "supplier_personnel_numbers": ["123", "456"],
                    "reported_at": "2020-07-20T12:00:00+01:00", "fault_classification": "investigation" } },
                "relationships": {
                    "eventable": { "data": { "type": "moves", "id": M1 } },
                    "location": { "data": { "type": "locations", "id": LOC1 } } } } })
        );
        let bytes = with_recorded_at(&body, "2020-07-20T10:05:00.000Z");
        let sent: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(
            sent.pointer("/data/attributes/recorded_at"),
            Some(&json!("2020-07-20T10:05:00.000Z"))
        );
        let context = context_for(&the_move(), &[], &[(LOC1.into(), "prison".into())]);
        let checked = check(&request(&bytes), &context, "PersonMoveAssault");
        assert_eq!(checked.errors, Vec::new());

        // A journey event.
        let draft = ComposerDraft {
            eventable: format!("journey-{J1}"),
            event_type: "JourneyStart".into(),
            occurred_at: DateTimeInput {
                date: DateInput::new("1", "1", "2021"),
                time: "9:05".into(),
            },
            ..ComposerDraft::default()
        };
        let body = serde_json::to_value(compose(&draft, M1).unwrap()).unwrap();
        assert_eq!(
            body.pointer("/data/relationships/eventable/data"),
            Some(&json!({"type": "journeys", "id": J1}))
        );
        assert_eq!(
            body.pointer("/data/attributes/occurred_at"),
            Some(&json!("2021-01-01T09:05:00+00:00"))
        );
    }

    #[test]
    fn client_errors_on_fields() {
        let errors = |draft: &ComposerDraft| {
            compose(draft, M1)
                .unwrap_err()
                .into_iter()
                .map(|m| (m.field, m.code))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errors(&ComposerDraft::default()),
            [
                ("eventable".to_owned(), "required".to_owned()),
                ("occurred-at-day".to_owned(), "required".to_owned())
            ]
        );
        let mut draft = assault_draft();
        draft.dates.remove("reported_at");
        draft.relationships.clear();
        draft.occurred_at.time = "25:00".into();
        assert_eq!(
            errors(&draft),
            [
                ("occurred-at-time".to_owned(), "time_not_real".to_owned()),
                ("details-reported_at-day".to_owned(), "required".to_owned()),
                ("relationship-location".to_owned(), "required".to_owned()),
            ]
        );
        // A time that is not real is on the time box.
        let mut draft = assault_draft();
        if let Some(reported) = draft.dates.get_mut("reported_at") {
            reported.time = "25:00".into();
        }
        assert_eq!(
            errors(&draft),
            [(
                "details-reported_at-time".to_owned(),
                "time_not_real".to_owned()
            )]
        );
        let messages = |draft: &ComposerDraft| {
            compose(draft, M1)
                .unwrap_err()
                .into_iter()
                .map(|m| m.message)
                .collect::<Vec<_>>()
        };
        let mut draft = assault_draft();
        if let Some(reported) = draft.dates.get_mut("reported_at") {
            reported.time = String::new();
            reported.date.month = String::new();
        }
        draft.occurred_at.time = "9".into();
        assert_eq!(
            messages(&draft),
            [
                "Time it happened must be in the 24-hour clock, like 14:30",
                "Date it was reported must include a month",
            ]
        );
        if let Some(reported) = draft.dates.get_mut("reported_at") {
            reported.date.month = "7".into();
        }
        draft.occurred_at.time = "9:00".into();
        assert_eq!(messages(&draft), ["Enter the time it was reported"]);
        // The hour the clocks skip: core's rule and wording, on the time box.
        let mut draft = assault_draft();
        draft.occurred_at = DateTimeInput {
            date: DateInput::new("29", "3", "2026"),
            time: "1:30".into(),
        };
        assert_eq!(
            compose(&draft, M1)
                .unwrap_err()
                .into_iter()
                .map(|m| (m.field, m.code, m.message))
                .collect::<Vec<_>>(),
            [(
                "occurred-at-time".to_owned(),
                "time_skipped_by_clock_change".to_owned(),
                "Time it happened must be a real time. The clocks went forward at 1am on this \
                 date, so enter a time before 1am or from 2am"
                    .to_owned()
            )]
        );
        // A journey event type is not offered on the move.
        let mut draft = assault_draft();
        draft.event_type = "JourneyStart".into();
        assert_eq!(
            errors(&draft),
            [("event-type".to_owned(), "required".to_owned())]
        );
    }

    #[test]
    fn core_errors_and_warnings() {
        // Both personnel lists: core refuses on the field.
        let mut draft = assault_draft();
        draft
            .values
            .insert("police_personnel_numbers".into(), "9".into());
        let body = compose(&draft, M1).unwrap();
        let context = context_for(&the_move(), &[], &[(LOC1.into(), "prison".into())]);
        let checked = check(
            &request(&with_recorded_at(&body, "2020-07-20T10:05:00Z")),
            &context,
            "PersonMoveAssault",
        );
        assert_eq!(
            checked.errors,
            [FieldMessage::new(
                "details-police_personnel_numbers",
                "present",
                "Enter the supplier personnel numbers or the police personnel numbers, not both"
            )]
        );
        // MoveAccept on a booked move: accepted, but changes nothing.
        let draft = ComposerDraft {
            eventable: THIS_MOVE.into(),
            event_type: "MoveAccept".into(),
            occurred_at: DateTimeInput {
                date: DateInput::new("20", "7", "2020"),
                time: "11:01".into(),
            },
            ..ComposerDraft::default()
        };
        let body = compose(&draft, M1).unwrap();
        let checked = check(
            &request(&with_recorded_at(&body, "2020-07-20T10:05:00Z")),
            &context,
            "MoveAccept",
        );
        assert_eq!(checked.errors, Vec::new());
        assert_eq!(checked.warnings.len(), 1, "{checked:?}");
        assert!(checked.warnings[0].contains("changes nothing"));
    }

    #[test]
    fn the_pages_verdict_holds_for_the_request_as_sent() {
        // The page judges the request stamped with the time it judges it and without a key;
        // the request sent is stamped with its first try's start and carries the key. Core's
        // verdict is the same for both, so the page's is the submit's one validation.
        let context = context_for(&the_move(), &[], &[(LOC1.into(), "prison".into())]);
        let mut incomplete = assault_draft();
        incomplete
            .values
            .insert("police_personnel_numbers".into(), "9".into());
        for draft in [assault_draft(), incomplete] {
            let document = compose(&draft, M1).unwrap();
            let judged = check(
                &request(&with_recorded_at(&document, "2020-07-20T10:05:00.000Z")),
                &context,
                "PersonMoveAssault",
            );
            let sent = request(&with_recorded_at(&document, "2020-07-20T09:59:00.000Z"))
                .header("Idempotency-Key", "0b6e4c1e-1111-4222-8333-944455556669");
            assert_eq!(check(&sent, &context, "PersonMoveAssault"), judged);
        }
        let document = compose(&assault_draft(), M1).unwrap();
        let judged = check(
            &request(&with_recorded_at(&document, "2020-07-20T10:05:00.000Z")),
            &context,
            "PersonMoveAssault",
        );
        assert!(judged.valid && judged.errors.is_empty(), "{judged:?}");
    }

    #[test]
    fn api_refusals_go_on_the_field_at_fault() {
        use basm_core::{ApiError, ErrorSource};

        use crate::api::Failure;
        use crate::forms::failures::apply_failure;
        use basm_core::forms::Form;

        let failure = Failure::Refused {
            status: 422,
            errors: vec![
                ApiError::new(
                    "blank",
                    "t",
                    "Vehicle reg can't be blank",
                    ErrorSource::pointer("/data/attributes/details/vehicle_reg"),
                ),
                ApiError::new(
                    "not_found",
                    "t",
                    "Couldn't find Location",
                    ErrorSource::pointer("/data/relationships/location/data/id"),
                ),
            ],
            local: false,
        };
        let mut form = FormState::default();
        let problem = apply_failure(
            &failure,
            Form::Event,
            "JourneyAdmitThroughOuterGate",
            &mut form,
            "this move",
        );
        assert_eq!(problem, None);
        let fields: Vec<&str> = form.server.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["details-vehicle_reg", "relationship-location"]);
        assert_eq!(form.server[0].message, "Vehicle reg can't be blank");
    }

    #[test]
    fn london_times() {
        assert_eq!(
            london_text("2020-07-20T10:01:00Z"),
            "20 July 2020 at 11:01am"
        );
        assert_eq!(
            london_text("2020-12-03T12:00:00+00:00"),
            "3 December 2020 at midday"
        );
        assert_eq!(
            london_text("2020-12-03T23:30:00.123+00:00"),
            "3 December 2020 at 11:30pm"
        );
        let now = parse_lenient_datetime("2020-07-20T10:01:30Z")
            .unwrap()
            .unix_seconds();
        assert_eq!(
            now_input(now),
            DateTimeInput {
                date: DateInput::new("20", "7", "2020"),
                time: "11:01".into()
            }
        );
    }

    #[test]
    fn same_event_after_a_lost_answer() {
        let body = compose(&assault_draft(), M1).unwrap();
        let stored = TimelineEvent {
            event_type: "PersonMoveAssault".into(),
            eventable_type: "moves".into(),
            eventable_id: M1.into(),
            occurred_at: "2020-07-20T11:01:00.000+01:00".into(),
            recorded_at: "2020-07-20T11:05:00.000+01:00".into(),
            ..TimelineEvent::default()
        };
        assert!(is_same_event(&stored, &body, "2020-07-20T10:05:00.000Z"));
        assert!(!is_same_event(&stored, &body, "2020-07-20T10:06:00.000Z"));
        // The key and start time are kept for the body without `recorded_at` (what the
        // submit path keys), so the retry stamps the same `recorded_at`.
        let body = String::from_utf8(body.to_body()).unwrap();
        let first = Attempt::for_body(None, &body, "t1", || "k1".into());
        let again = Attempt::for_body(Some(&first), &body, "t2", || "k2".into());
        assert_eq!(
            (again.key.as_str(), again.started_at.as_str()),
            ("k1", "t1")
        );
    }

    #[test]
    fn summaries() {
        let details =
            json!({"reason": "overnight_lodging", "vehicle_reg": "AB12 CDE", "flag": true})
                .as_object()
                .cloned()
                .unwrap();
        assert_eq!(
            details_summary("MoveLodgingStart", &details),
            "Flag: Yes. Reason: Overnight lodging. Vehicle registration: AB12 CDE"
        );
    }
}
