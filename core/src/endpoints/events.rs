//! `POST /api/events`, step by step as `GenericEventsController#create` runs (`events.md` §1),
//! and `GET /api/events/:id`.

use std::borrow::Cow;

use crate::context::{Fact, Facts, lookup_id};
use crate::error::{ErrorSource, Failure, messages};
use crate::events::{EventType, EventTypeInfo, Eventable};
use crate::json::Json;
use crate::model::Outcome;
use crate::model::errors::{RelId, crash, not_found};
use crate::model::run::{EVENTABLE_TYPE, EventRun, run_model};
use crate::pointer;
use crate::time::parse_lenient_datetime;
use crate::verdict::{Unchecked, UncheckedKind, Verdict, Warning, WarningKind};

use super::common::{ParamFailure, path_record, shape_a};
use super::{Body, Call, parse_body, require_data};

/// `/data/relationships/eventable/data/id`.
const EVENTABLE_ID: &str = "/data/relationships/eventable/data/id";

const ATTRIBUTES: &[&str] = &[
    "event_type",
    "occurred_at",
    "recorded_at",
    "notes",
    "details",
];

/// `include=` values of the events endpoints: none. The shared check runs on every action
/// (`ApiController`'s `before_action :validate_include_params`) against the controller's
/// `supported_relationships`, and `GenericEventsController` never defines one (upstream
/// `app/controllers/api/generic_events_controller.rb`; `git log -S supported_relationships`
/// on that file finds nothing), so `ApiController`'s default runs: `[]`
/// (`app/controllers/api_controller.rb` L297-303). Any value is therefore a 400 whose list is
/// empty (`["eventable"] is not supported. Valid values are: []`). `api-conventions.md`
/// (`include=`) lists `eventable` for events, read from `GenericEventSerializer`'s
/// `SUPPORTED_RELATIONSHIPS` (`app/serializers/generic_event_serializer.rb` L14), which the
/// validator does not read; the code decides.
pub(crate) const INCLUDES: &[&str] = super::common::NO_INCLUDES;

/// What the event show loads the event with. `GenericEvent`'s associations are upstream
/// `app/models/generic_event.rb` L118-119.
const LOADS: super::common::Loads = super::common::Loads {
    model: "GenericEvent",
    records: "the event",
    associations: &["eventable", "supplier"],
    includes: INCLUDES,
    meta_values: None,
};

/// `POST /api/events`. The endpoint ignores `Idempotency-Key`.
pub(crate) fn create(call: &mut Call<'_>) -> Verdict {
    super::warn_ignored_key(call, "a retry stores a second event");
    try_verdict!(call.check_include());
    validate(call.body, call.facts, &mut call.out)
}

/// `GET /api/events/:id`: `GenericEvent.find` (404), rendered with the event class's
/// serializer (upstream `app/controllers/api/generic_events_controller.rb` L37–39, L51–55).
/// A context holds events by their eventable, not by id, so whether the event exists is
/// always unchecked (a non-UUID id never exists: 404).
pub(crate) fn show(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    // `GenericEvent.includes(active_record_relationships).find(params[:id])` (L51-55) reads
    // `meta` before it looks the event up, and loads it with the event.
    let meta = try_verdict!(super::common::meta_given(call));
    let id = call.param("id").to_owned();
    try_verdict!(path_record(
        "GenericEvent",
        &id,
        "id",
        |_| Fact::<()>::Unknown,
        &mut call.out
    ));
    if let Some(refused) = meta.and_then(|m| m.unloadable(&LOADS, &mut call.out)) {
        return refused;
    }
    Verdict::accepted(
        200,
        crate::verdict::Effect {
            summary: "Shows the event; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// Validates a `POST /api/events` body.
fn validate(body: &Body<'_>, facts: &dyn Facts, out: &mut Outcome) -> Verdict {
    let doc = match parse_body(body) {
        Ok(doc) => doc,
        Err(verdict) => return *verdict,
    };
    let data = match require_data(doc) {
        Ok(data) => data,
        Err(verdict) => return *verdict,
    };
    // `data` must be an object for anything below to work (`api-conventions.md` §6).
    if data.as_object().is_none() {
        return Verdict::refused(
            500,
            vec![crash(
                format!("`data` is a JSON {}, not an object", data.type_name()),
                "/data",
            )],
        );
    }
    // The controller turns `relationships` into a hash before anything reads it.
    let relationships = match data.get("relationships") {
        Some(r @ Json::Object(_)) => r,
        None | Some(Json::Null) => {
            return Verdict::refused(
                500,
                vec![crash(
                    "`data.relationships` is missing: the controller calls `to_unsafe_hash` on nil",
                    pointer::join(&["data", "relationships"]),
                )],
            );
        }
        Some(other) => {
            return Verdict::refused(
                500,
                vec![crash(
                    format!(
                        "`data.relationships` is a JSON {}, not an object",
                        other.type_name()
                    ),
                    pointer::join(&["data", "relationships"]),
                )],
            );
        }
    };
    let attributes = match data.get("attributes") {
        None | Some(Json::Null) => None,
        Some(a @ Json::Object(_)) => Some(a),
        Some(other) => {
            return Verdict::refused(
                500,
                vec![crash(
                    format!(
                        "`data.attributes` is a JSON {}, not an object",
                        other.type_name()
                    ),
                    pointer::join(&["data", "attributes"]),
                )],
            );
        }
    };
    let attr = |name: &str| attributes.and_then(|a| a.get(name));
    // The eventable relationship is read with `dig`, which raises on non-objects.
    let eventable = relationships.get("eventable");
    let eventable_data = match eventable {
        None | Some(Json::Null) => None,
        Some(Json::Object(_)) => match eventable.and_then(|e| e.get("data")) {
            None | Some(Json::Null) => None,
            Some(d @ Json::Object(_)) => Some(d),
            Some(other) => {
                return Verdict::refused(
                    500,
                    vec![crash(
                        format!(
                            "`eventable.data` is a JSON {}: `dig` raises on it",
                            other.type_name()
                        ),
                        pointer::join(&["data", "relationships", "eventable", "data"]),
                    )],
                );
            }
        },
        Some(other) => {
            return Verdict::refused(
                500,
                vec![crash(
                    format!(
                        "`relationships.eventable` is a JSON {}: `dig` raises on it",
                        other.type_name()
                    ),
                    pointer::relationship("eventable"),
                )],
            );
        }
    };
    let eventable_type = eventable_data.and_then(|d| d.get("type"));
    let eventable_id = eventable_data.and_then(|d| d.get("id"));

    // Step 2: the common params validator.
    let mut failures: Vec<ParamFailure> = Vec::new();
    // `occurred_at` as parsed here, kept for the model's ordering (parsed once).
    let mut occurred_at: Option<i64> = None;
    for (name, at) in [
        ("occurred_at", "/data/attributes/occurred_at"),
        ("recorded_at", "/data/attributes/recorded_at"),
    ] {
        let value = attr(name);
        if value.is_none_or(Json::is_blank) {
            failures.push(ParamFailure::new(
                name,
                messages::BLANK,
                Failure::Blank,
                ErrorSource::pointer(at),
            ));
        }
        match value {
            None | Some(Json::Null) => failures.push(ParamFailure::new(
                name,
                messages::DATETIME,
                Failure::InvalidDatetime,
                ErrorSource::pointer(at),
            )),
            Some(Json::String(s)) => {
                let parsed = parse_lenient_datetime(s);
                if name == "occurred_at" {
                    occurred_at = parsed.as_ref().map(|t| t.unix_seconds());
                }
                if parsed.is_none() {
                    failures.push(ParamFailure::new(
                        name,
                        messages::DATETIME,
                        Failure::InvalidDatetime,
                        ErrorSource::pointer(at),
                    ));
                }
            }
            Some(other) => {
                return Verdict::refused(
                    500,
                    vec![crash(
                        format!(
                            "`{name}` is a JSON {}: Time.zone.iso8601 raises TypeError",
                            other.type_name()
                        ),
                        at.to_owned(),
                    )],
                );
            }
        }
    }
    let event_type_value = attr("event_type");
    if event_type_value.is_none_or(Json::is_blank) {
        failures.push(ParamFailure::new(
            "event_type",
            messages::BLANK,
            Failure::Blank,
            ErrorSource::pointer(pointer::attribute("event_type")),
        ));
    }
    if eventable_type.is_none_or(Json::is_blank) {
        failures.push(ParamFailure::new(
            "eventable_type",
            messages::BLANK,
            Failure::Blank,
            ErrorSource::pointer(EVENTABLE_TYPE),
        ));
    }
    let event_type: Option<EventType> = event_type_value
        .and_then(Json::as_str)
        .and_then(EventType::from_wire);
    let info: Option<&'static EventTypeInfo> = event_type.map(EventType::info);
    if info.is_none() {
        let shown = event_type_value.map_or(String::new(), Json::ruby_to_s);
        failures.push(ParamFailure::new(
            "event_type",
            format!("'{shown}' is not a valid event_type"),
            Failure::InvalidEventType,
            ErrorSource::pointer(pointer::attribute("event_type")),
        ));
    }
    let eventable_type_str = eventable_type
        .and_then(Json::as_str)
        .filter(|t| Eventable::POSTABLE.contains(t));
    if eventable_type_str.is_none() {
        let shown = eventable_type.map_or(String::new(), Json::ruby_to_s);
        failures.push(ParamFailure::new(
            "eventable_type",
            format!("'{shown}' is not a valid eventable type"),
            Failure::InvalidEventableType,
            ErrorSource::pointer(EVENTABLE_TYPE),
        ));
    }
    if !failures.is_empty() {
        return shape_a(failures);
    }
    // Both were checked just above; a failure list is never empty when either is missing.
    let (Some(event_type), Some(info), Some(eventable_type_str)) =
        (event_type, info, eventable_type_str)
    else {
        return shape_a(failures);
    };

    // Warnings about what the API accepts but ignores.
    if let Some(stored) = info.stored_as {
        out.warnings.push(Warning::new(
            WarningKind::Remapped {
                event_type,
                stored_as: stored,
            },
            ErrorSource::pointer(pointer::attribute("event_type")),
        ));
    }
    if let Some(why) = info.deprecated {
        out.warnings.push(Warning::new(
            WarningKind::Deprecated { event_type, why },
            ErrorSource::pointer(pointer::attribute("event_type")),
        ));
    }
    if let Some(Json::Object(members)) = attributes {
        for (key, value) in members.iter() {
            if !ATTRIBUTES.contains(key) {
                out.warnings.push(Warning::new(
                    if *key == "created_by" {
                        WarningKind::EventCreatedBy
                    } else {
                        WarningKind::EventAttribute {
                            key: key.to_string(),
                        }
                    },
                    ErrorSource::pointer(pointer::attribute(key)),
                ));
            } else if *key == "notes"
                && !matches!(
                    value,
                    Json::Null | Json::String(_) | Json::Number(_) | Json::Bool(_)
                )
            {
                out.warnings.push(Warning::new(
                    WarningKind::NotesNotScalar {
                        json_type: value.type_name(),
                    },
                    ErrorSource::pointer(pointer::attribute("notes")),
                ));
            }
        }
    }
    if let Some(Json::String(t)) = data.get("type").filter(|t| t.as_str() != Some("events")) {
        out.warnings.push(Warning::new(
            WarningKind::EventDataType {
                value: t.to_string(),
            },
            ErrorSource::pointer("/data/type"),
        ));
    }

    // Step 3: the eventable, found by id with a plain `find` (no visibility check).
    let eventable_kind = Eventable::from_wire(eventable_type_str).unwrap_or(Eventable::Move);
    let id_pointer = || EVENTABLE_ID.to_owned();
    let eventable_id_str: Option<Cow<'_, str>> = match eventable_id {
        None | Some(Json::Null) => {
            return Verdict::refused(
                404,
                vec![not_found(eventable_kind.class_name(), None, id_pointer())],
            );
        }
        Some(Json::String(s)) => {
            let fact = lookup_id(s, |id| exists(facts, eventable_kind, id));
            match fact {
                Fact::Missing => {
                    return Verdict::refused(
                        404,
                        vec![not_found(
                            eventable_kind.class_name(),
                            eventable_id,
                            id_pointer(),
                        )],
                    );
                }
                Fact::Unknown => out.unchecked.push(Unchecked::new(
                    UncheckedKind::Exists {
                        class: eventable_kind.class_name(),
                        id: s.to_string(),
                    },
                    ErrorSource::pointer(EVENTABLE_ID),
                )),
                Fact::Known(()) => {}
            }
            crate::context::canonical_uuid_cow(s)
        }
        Some(other) => {
            return Verdict::refused(
                404,
                vec![not_found(
                    eventable_kind.class_name(),
                    Some(other),
                    id_pointer(),
                )],
            );
        }
    };

    // Step 4: details filtered to the declared keys; relationships copied in as `<name>_id`.
    let mut details: Vec<(&str, &Json<'_>)> = Vec::new();
    match attr("details") {
        None | Some(Json::Null) => {}
        Some(Json::Object(members)) => {
            for (key, value) in members.iter() {
                if info.field(key).is_some() {
                    details.push((*key, value));
                } else {
                    out.warnings.push(Warning::new(
                        WarningKind::DroppedDetail {
                            event_type,
                            key: key.to_string(),
                        },
                        ErrorSource::pointer(pointer::detail(key)),
                    ));
                }
            }
        }
        Some(other) => out.warnings.push(Warning::new(
            WarningKind::DroppedDetails {
                json_type: other.type_name(),
            },
            ErrorSource::pointer(pointer::attribute("details")),
        )),
    }
    let mut rels: Vec<(&str, RelId<'_, '_>)> = Vec::new();
    if let Some(members) = relationships.as_object() {
        for (name, value) in members {
            if *name == "eventable" {
                continue;
            }
            let at = || pointer::relationship(name);
            let rel = match value {
                Json::Object(_) => match value.get("data") {
                    None | Some(Json::Null) => RelId::Nil { at: "/data" },
                    Some(d @ Json::Object(_)) => match d.get("id") {
                        None | Some(Json::Null) => RelId::Nil { at: "/data/id" },
                        Some(id) => RelId::Id(id),
                    },
                    Some(other) => {
                        return Verdict::refused(
                            500,
                            vec![crash(
                                format!(
                                    "`relationships.{name}.data` is a JSON {}: the relationships mapper's `dig` raises",
                                    other.type_name()
                                ),
                                format!("{}/data", at()),
                            )],
                        );
                    }
                },
                other => {
                    return Verdict::refused(
                        500,
                        vec![crash(
                            format!(
                                "`relationships.{name}` is a JSON {}: the relationships mapper's `dig` raises",
                                other.type_name()
                            ),
                            at(),
                        )],
                    );
                }
            };
            if !info.relationships.iter().any(|r| r.name == *name) {
                out.warnings.push(Warning::new(
                    WarningKind::UnusedRelationship {
                        event_type,
                        name: name.to_string(),
                    },
                    ErrorSource::pointer(at()),
                ));
            }
            rels.push((*name, rel));
        }
    }
    if let Some(Json::String(s)) = attr("details")
        .and_then(|d| d.get("rebook"))
        .filter(|_| info.field("rebook").is_some())
    {
        out.warnings.push(Warning::new(
            WarningKind::TruthyRebook {
                value: s.to_string(),
            },
            ErrorSource::pointer(pointer::detail("rebook")),
        ));
    }

    // Steps 5 and 6.
    run_model(
        EventRun {
            info,
            eventable_kind,
            eventable_type: eventable_type_str,
            eventable_id: eventable_id_str.as_deref(),
            details,
            relationships: rels,
            occurred_at,
            success_status: 201,
        },
        facts,
        out,
    )
}

fn exists(facts: &dyn Facts, kind: Eventable, id: &str) -> Fact<()> {
    match kind {
        Eventable::Move => map(facts.move_(id)),
        Eventable::Journey => map(facts.journey(id)),
        Eventable::Person => map(facts.person(id)),
        Eventable::PersonEscortRecord => map(facts.person_escort_record(id)),
        Eventable::Profile => map(facts.profile(id)),
        Eventable::Lodging => map(facts.lodging(id)),
    }
}

fn map<T>(f: Fact<T>) -> Fact<()> {
    match f {
        Fact::Unknown => Fact::Unknown,
        Fact::Missing => Fact::Missing,
        Fact::Known(_) => Fact::Known(()),
    }
}
