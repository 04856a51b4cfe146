//! `POST /api/events`, step by step as `GenericEventsController#create` runs (`events.md` §1).

// Raises are rare (one per refused request) and carry a whole error object; boxing them
// would buy nothing on the accepted path.
#![allow(clippy::result_large_err)]

use crate::context::{Fact, Facts, lookup_id};
use crate::error::{ErrorSource, codes};
use crate::events::rules::{
    ModelCheck, Raise, RelId, crash, model_error, not_found, occurred_at_seconds,
};
use crate::events::{EventType, EventTypeInfo, Eventable};
use crate::json::Json;
use crate::pointer;
use crate::state::{Machine, Transition, next_state, replay};
use crate::time::{cast_rails_date, parse_lenient_datetime};
use crate::verdict::{Change, Effect, Unchecked, Verdict, Warning, warning_codes};

use super::common::{ParamFailure, shape_a, shape_b};
use super::{Call, Outcome, parse_body, require_data};

const ATTRIBUTES: &[&str] = &[
    "event_type",
    "occurred_at",
    "recorded_at",
    "notes",
    "details",
];

/// `POST /api/events`. The endpoint ignores `Idempotency-Key`.
pub(crate) fn create(call: &mut Call<'_>) -> Verdict {
    super::warn_ignored_key(call, "a retry stores a second event");
    validate(&call.req.body, call.facts, &mut call.out)
}

/// Validates a `POST /api/events` body.
fn validate(body: &[u8], facts: &dyn Facts, out: &mut Outcome) -> Verdict {
    let doc = match parse_body(body) {
        Ok(doc) => doc,
        Err(verdict) => return *verdict,
    };
    let data = match require_data(&doc) {
        Ok(data) => data,
        Err(verdict) => return *verdict,
    };
    // `data` must be an object for anything below to work (`api-conventions.md` §6).
    if data.as_object().is_none() {
        return Verdict::refused(
            500,
            vec![crash(
                format!("`data` is a JSON {}, not an object", data.type_name()),
                "/data".into(),
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
    for name in ["occurred_at", "recorded_at"] {
        let value = attr(name);
        let at = pointer::attribute(name);
        if value.is_none_or(Json::is_blank) {
            failures.push(ParamFailure {
                attribute: name.into(),
                message: "can't be blank".into(),
                code: codes::BLANK,
                pointer: ErrorSource::pointer(at.clone()),
            });
        }
        match value {
            None | Some(Json::Null) => failures.push(ParamFailure {
                attribute: name.into(),
                message: "must be formatted as a valid ISO-8601 date-time".into(),
                code: codes::INVALID_DATETIME,
                pointer: ErrorSource::pointer(at),
            }),
            Some(Json::String(s)) => {
                if parse_lenient_datetime(s).is_none() {
                    failures.push(ParamFailure {
                        attribute: name.into(),
                        message: "must be formatted as a valid ISO-8601 date-time".into(),
                        code: codes::INVALID_DATETIME,
                        pointer: ErrorSource::pointer(at),
                    });
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
                        at,
                    )],
                );
            }
        }
    }
    let event_type_value = attr("event_type");
    if event_type_value.is_none_or(Json::is_blank) {
        failures.push(ParamFailure {
            attribute: "event_type".into(),
            message: "can't be blank".into(),
            code: codes::BLANK,
            pointer: ErrorSource::pointer(pointer::attribute("event_type")),
        });
    }
    let eventable_type_pointer =
        pointer::join(&["data", "relationships", "eventable", "data", "type"]);
    if eventable_type.is_none_or(Json::is_blank) {
        failures.push(ParamFailure {
            attribute: "eventable_type".into(),
            message: "can't be blank".into(),
            code: codes::BLANK,
            pointer: ErrorSource::pointer(eventable_type_pointer.clone()),
        });
    }
    let info: Option<&'static EventTypeInfo> = event_type_value
        .and_then(Json::as_str)
        .and_then(EventType::from_wire)
        .map(EventType::info);
    if info.is_none() {
        let shown = event_type_value.map_or(String::new(), Json::ruby_to_s);
        failures.push(ParamFailure {
            attribute: "event_type".into(),
            message: format!("'{shown}' is not a valid event_type"),
            code: codes::INVALID_EVENT_TYPE,
            pointer: ErrorSource::pointer(pointer::attribute("event_type")),
        });
    }
    let eventable_type_str = eventable_type
        .and_then(Json::as_str)
        .filter(|t| Eventable::POSTABLE.contains(t));
    if eventable_type_str.is_none() {
        let shown = eventable_type.map_or(String::new(), Json::ruby_to_s);
        failures.push(ParamFailure {
            attribute: "eventable_type".into(),
            message: format!("'{shown}' is not a valid eventable type"),
            code: codes::INVALID_EVENTABLE_TYPE,
            pointer: ErrorSource::pointer(eventable_type_pointer.clone()),
        });
    }
    if !failures.is_empty() {
        return shape_a(&failures);
    }
    // Both were checked just above; a failure list is never empty when either is missing.
    let (Some(info), Some(eventable_type_str)) = (info, eventable_type_str) else {
        return shape_a(&failures);
    };

    // Warnings about what the API accepts but ignores.
    if let Some(stored) = info.stored_as {
        out.warnings.push(Warning {
            code: warning_codes::REMAPPED.into(),
            detail: format!("The API stores {} as {stored}", info.name),
            source: ErrorSource::pointer(pointer::attribute("event_type")),
        });
    }
    if let Some(why) = info.deprecated {
        out.warnings.push(Warning {
            code: warning_codes::DEPRECATED.into(),
            detail: format!("{} is deprecated: {why}", info.name),
            source: ErrorSource::pointer(pointer::attribute("event_type")),
        });
    }
    if let Some(Json::Object(members)) = attributes {
        for (key, value) in members {
            if !ATTRIBUTES.contains(&key.as_ref()) {
                out.warnings.push(Warning {
                    code: warning_codes::IGNORED_ATTRIBUTE.into(),
                    detail: if key == "created_by" {
                        "created_by is not permitted: the API takes it from X-Current-User or the token's owner".into()
                    } else {
                        format!("The API does not permit attribute {key} on events and drops it")
                    },
                    source: ErrorSource::pointer(pointer::attribute(key)),
                });
            } else if key == "notes"
                && !matches!(
                    value,
                    Json::Null | Json::String(_) | Json::Number(_) | Json::Bool(_)
                )
            {
                out.warnings.push(Warning {
                    code: warning_codes::IGNORED_ATTRIBUTE.into(),
                    detail: format!(
                        "notes is a JSON {}: only a scalar is permitted, so the API drops it",
                        value.type_name()
                    ),
                    source: ErrorSource::pointer(pointer::attribute("notes")),
                });
            }
        }
    }
    if let Some(Json::String(t)) = data.get("type").filter(|t| t.as_str() != Some("events")) {
        out.warnings.push(Warning {
            code: warning_codes::IGNORED_ATTRIBUTE.into(),
            detail: format!(
                "data.type is {t:?}: the API never reads it (\"events\" by convention)"
            ),
            source: ErrorSource::pointer(pointer::join(&["data", "type"])),
        });
    }

    // Step 3: the eventable, found by id with a plain `find` (no visibility check).
    let eventable_kind = Eventable::from_wire(eventable_type_str).unwrap_or(Eventable::Move);
    let id_pointer = pointer::join(&["data", "relationships", "eventable", "data", "id"]);
    let eventable_id_str: Option<String> = match eventable_id {
        None | Some(Json::Null) => {
            return Verdict::refused(
                404,
                vec![not_found(eventable_kind.class_name(), None, id_pointer)],
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
                            id_pointer,
                        )],
                    );
                }
                Fact::Unknown => out.unchecked.push(Unchecked {
                    detail: format!(
                        "Whether {} {s} exists (404 if it does not)",
                        eventable_kind.class_name()
                    ),
                    source: ErrorSource::pointer(id_pointer.clone()),
                }),
                Fact::Known(()) => {}
            }
            crate::context::canonical_uuid(s)
        }
        Some(other) => {
            return Verdict::refused(
                404,
                vec![not_found(
                    eventable_kind.class_name(),
                    Some(other),
                    id_pointer,
                )],
            );
        }
    };

    // Step 4: details filtered to the declared keys; relationships copied in as `<name>_id`.
    let mut details: Vec<(&str, &Json<'_>)> = Vec::new();
    match attr("details") {
        None | Some(Json::Null) => {}
        Some(Json::Object(members)) => {
            for (key, value) in members {
                if info.field(key).is_some() {
                    details.push((key.as_ref(), value));
                } else {
                    out.warnings.push(Warning {
                        code: warning_codes::DROPPED_DETAIL.into(),
                        detail: drop_reason(info, key),
                        source: ErrorSource::pointer(pointer::detail(key)),
                    });
                }
            }
        }
        Some(other) => out.warnings.push(Warning {
            code: warning_codes::DROPPED_DETAILS.into(),
            detail: format!(
                "details is a JSON {}, not an object: the API drops it",
                other.type_name()
            ),
            source: ErrorSource::pointer(pointer::attribute("details")),
        }),
    }
    let mut rels: Vec<(&str, RelId<'_, '_>)> = Vec::new();
    if let Some(members) = relationships.as_object() {
        for (name, value) in members {
            if name == "eventable" {
                continue;
            }
            let at = pointer::relationship(name);
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
                                format!("{at}/data"),
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
                            at,
                        )],
                    );
                }
            };
            if !info.relationships.iter().any(|r| r.name == name) {
                out.warnings.push(Warning {
                    code: warning_codes::UNUSED_RELATIONSHIP.into(),
                    detail: format!("{} does not use relationship {name}: the API stores it as details.{name}_id and never reads it", info.name),
                    source: ErrorSource::pointer(at),
                });
            }
            rels.push((name.as_ref(), rel));
        }
    }
    if let Some(Json::String(s)) = attr("details")
        .and_then(|d| d.get("rebook"))
        .filter(|_| info.field("rebook").is_some())
    {
        out.warnings.push(Warning {
            code: warning_codes::TRUTHY_STRING.into(),
            detail: format!("rebook is the string {s:?}: the API reads any string as true, so the move is rebooked"),
            source: ErrorSource::pointer(pointer::detail("rebook")),
        });
    }

    // Steps 5 and 6.
    let occurred_at = occurred_at_seconds(attr("occurred_at"));
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

/// An event built by the API from a request (`POST /api/events` or an action endpoint).
pub(crate) struct EventRun<'r, 'a> {
    /// Its event type.
    pub info: &'static EventTypeInfo,
    /// The eventable's kind.
    pub eventable_kind: Eventable,
    /// The eventable's JSON:API type as sent.
    pub eventable_type: &'r str,
    /// The eventable's canonical id.
    pub eventable_id: Option<&'r str>,
    /// Details, filtered to the declared keys.
    pub details: Vec<(&'r str, &'r Json<'a>)>,
    /// Relationships other than `eventable`.
    pub relationships: Vec<(&'r str, RelId<'r, 'a>)>,
    /// `occurred_at`, seconds since the epoch.
    pub occurred_at: Option<i64>,
    /// 201 for `POST /api/events`, 204 for the action endpoints.
    pub success_status: u16,
}

/// Model validations (step 5), then saving and replaying (step 6).
pub(crate) fn run_model(run: EventRun<'_, '_>, facts: &dyn Facts, out: &mut Outcome) -> Verdict {
    let EventRun {
        info,
        eventable_kind,
        eventable_type,
        eventable_id,
        details,
        relationships,
        occurred_at,
        success_status,
    } = run;
    let eventable_type_pointer =
        pointer::join(&["data", "relationships", "eventable", "data", "type"]);
    let mut check = ModelCheck {
        info,
        details,
        relationships,
        eventable_type,
        eventable_id,
        occurred_at,
        facts,
        errors: Vec::new(),
        warnings: Vec::new(),
        unchecked: Vec::new(),
    };
    let result = check.before_validation().and_then(|()| {
        if !info.eventable.contains(&eventable_kind) {
            let mut e = model_error(
                "eventable_type",
                "is not included in the list",
                "inclusion",
                codes::INCLUSION,
                eventable_type_pointer.clone(),
            );
            let allowed: Vec<&str> = info.eventable.iter().map(|e| e.wire()).collect();
            e.error = e.error.with_allowed(&allowed);
            check.errors.push(e);
        }
        check.run()
    });
    out.warnings.append(&mut check.warnings);
    out.unchecked.append(&mut check.unchecked);
    match result {
        Err(Raise::NotFound(e)) => return Verdict::refused(404, vec![e]),
        Err(Raise::Crash(e)) => return Verdict::refused(500, vec![e]),
        Ok(()) => {}
    }
    if !check.errors.is_empty() {
        return shape_b(std::mem::take(&mut check.errors));
    }
    if let Err(Raise::Crash(e) | Raise::NotFound(e)) = check.before_create() {
        return Verdict::refused(500, vec![e]);
    }

    // Step 6: the event is saved and the eventable's events replayed.
    if eventable_kind == Eventable::Person {
        return Verdict::refused(
            500,
            vec![crash(
                "an event about a person is stored, then the runner saves the eventable, which a Person has no hook for",
                eventable_type_pointer,
            )],
        );
    }
    let detail_of = |key: &str| {
        check
            .details
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    };
    let mut verdict = effects(
        info,
        eventable_kind,
        eventable_id,
        &detail_of,
        &check.relationships,
        occurred_at,
        facts,
        out,
    );
    if verdict.valid {
        verdict.status = success_status;
    }
    verdict
}

/// The state changes of an accepted event, and the 422s about the *move* that some
/// transitions cause after the event row is stored (`moves.md` §1, §8).
#[allow(clippy::too_many_arguments)]
fn effects<'r, 'a>(
    info: &'static EventTypeInfo,
    kind: Eventable,
    id: Option<&str>,
    detail_of: &dyn Fn(&str) -> Option<&'r Json<'a>>,
    rels: &[(&str, RelId<'_, '_>)],
    occurred_at: Option<i64>,
    facts: &dyn Facts,
    out: &mut Outcome,
) -> Verdict {
    let stored_name = info.stored_as.unwrap_or(info.name);
    let mut changes = vec![Change {
        resource_type: "events".into(),
        id: None,
        attribute: None,
        from: None,
        to: Some(stored_name.to_owned()),
    }];
    let mut summary = format!(
        "Stores a {stored_name} event about {} {}",
        kind.class_name().to_lowercase(),
        id.unwrap_or("?")
    );
    let id_pointer = pointer::join(&["data", "relationships", "eventable", "data", "id"]);
    let move_error =
        |attribute: &str, message: &str, api_code: &str, code: &'static str, at: String| {
            let e = model_error(attribute, message, api_code, code, at);
            let mut error = e.error.unverified();
            error.meta.reason = Some("the event row is stored, then saving the move fails".into());
            Verdict::refused(422, vec![error])
        };

    // MoveCancel with an array reason passes the event's inclusion check but not the move's.
    if info.name == "MoveCancel" && matches!(detail_of("cancellation_reason"), Some(Json::Array(_)))
    {
        return move_error(
            "cancellation_reason",
            "is not included in the list",
            "inclusion",
            codes::INCLUSION,
            pointer::detail("cancellation_reason"),
        );
    }

    let Some(trigger) = info.trigger else {
        return Verdict {
            effect: Some(Effect {
                summary: format!("{summary}; nothing else changes"),
                changes,
            }),
            ..Verdict::accepted(201, Effect::default())
        };
    };
    let machine = match kind {
        Eventable::Journey => Machine::Journey,
        _ => Machine::Move,
    };
    let Some(id) = id else {
        return Verdict::accepted(201, Effect { summary, changes });
    };

    let (state, move_facts) = match machine {
        Machine::Move => match lookup_id(id, |id| facts.move_(id)) {
            Fact::Known(m) => (m.status.clone(), Some(m)),
            _ => (None, None),
        },
        _ => match lookup_id(id, |id| facts.journey(id)) {
            Fact::Known(j) => (j.state.clone(), None),
            _ => (None, None),
        },
    };
    let noun = if machine == Machine::Move {
        "move"
    } else {
        "journey"
    };
    let attribute = if machine == Machine::Move {
        "status"
    } else {
        "state"
    };

    if trigger == "redirect" {
        let to = rels
            .iter()
            .rev()
            .find(|(n, _)| *n == "to_location")
            .and_then(|(_, r)| match r {
                RelId::Id(Json::String(s)) => Some(s.to_string()),
                _ => None,
            });
        if let (Some(m), Some(to)) = (&move_facts, &to) {
            let from_same = m
                .from_location_id
                .as_deref()
                .and_then(crate::context::canonical_uuid)
                == crate::context::canonical_uuid(to);
            if from_same && !m.has_lockout {
                return move_error(
                    "to_location_id",
                    "should be different to the from location",
                    "should be different to the from location",
                    codes::SAME_AS_FROM_LOCATION,
                    format!("{}/data/id", pointer::relationship("to_location")),
                );
            }
        }
        changes.push(Change {
            resource_type: "moves".into(),
            id: Some(id.to_owned()),
            attribute: Some("to_location".into()),
            from: move_facts.as_ref().and_then(|m| m.to_location_id.clone()),
            to: to.clone(),
        });
        if let Some(mt) = detail_of("move_type").filter(|v| !v.is_blank()) {
            changes.push(Change {
                resource_type: "moves".into(),
                id: Some(id.to_owned()),
                attribute: Some("move_type".into()),
                from: move_facts.as_ref().and_then(|m| m.move_type.clone()),
                to: Some(mt.ruby_to_s()),
            });
        }
        summary.push_str("; the move goes to the new location");
        return Verdict::accepted(201, Effect { summary, changes });
    }

    let Some(state) = state else {
        out.unchecked.push(Unchecked {
            detail: format!("The {noun}'s current {attribute}: whether {trigger} changes it"),
            source: ErrorSource::pointer(id_pointer),
        });
        summary.push_str(&format!(
            "; fires {trigger} on the {noun} (its current {attribute} is not known)"
        ));
        return Verdict::accepted(201, Effect { summary, changes });
    };

    // The API replays every stored event in occurred_at order on the record as it is.
    let new_state = match (
        facts.events_of(
            if machine == Machine::Move {
                "moves"
            } else {
                "journeys"
            },
            id,
        ),
        occurred_at,
    ) {
        (Fact::Known(stored), Some(at)) if !stored.is_empty() => {
            let mut timeline: Vec<(i64, usize, String)> = stored
                .iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    let t = parse_lenient_datetime(&e.occurred_at)?.unix_seconds();
                    let trig = EventType::from_wire(&e.event_type)?.info().trigger?;
                    Some((t, i, trig.to_owned()))
                })
                .collect();
            timeline.push((at, usize::MAX, trigger.to_owned()));
            timeline.sort();
            replay(machine, &state, timeline.iter().map(|(_, _, t)| t.as_str()))
        }
        _ => match next_state(machine, &state, trigger) {
            Ok(Transition::Changed { to, .. }) => to,
            _ => state.clone(),
        },
    };

    // Transitions whose result the move's own validations refuse.
    if let Some(m) = &move_facts {
        if trigger == "reject" && matches!(state.as_str(), "booked" | "in_transit" | "completed") {
            return move_error(
                "cancellation_reason",
                "must be blank",
                "present",
                codes::PRESENT,
                pointer::attribute("event_type"),
            );
        }
        if trigger == "reject" && detail_of("rebook").is_some_and(Json::is_truthy) {
            if m.date_from.is_none() {
                return move_error(
                    "date_from",
                    "can't be blank",
                    "blank",
                    codes::BLANK,
                    pointer::detail("rebook"),
                );
            }
            if m.profile_id.is_none() {
                return move_error(
                    "profile",
                    "can't be blank",
                    "blank",
                    codes::BLANK,
                    pointer::detail("rebook"),
                );
            }
        }
        if new_state == "in_transit" && state != "in_transit" && m.profile_id.is_none() {
            return move_error(
                "profile",
                "can't be blank",
                "blank",
                codes::BLANK,
                id_pointer,
            );
        }
        if trigger == "approve" && state == "proposed" {
            let castable = detail_of("date")
                .and_then(Json::as_str)
                .and_then(cast_rails_date)
                .is_some();
            if !castable {
                return move_error(
                    "date",
                    "can't be blank",
                    "blank",
                    codes::BLANK,
                    pointer::detail("date"),
                );
            }
        }
    }

    if new_state == state {
        let reason = match next_state(machine, &state, trigger) {
            Ok(Transition::NoChange { reason }) => reason,
            _ => format!("replaying the {noun}'s events leaves it {state}"),
        };
        out.warnings.push(Warning {
            code: warning_codes::NO_CHANGE.into(),
            detail: format!(
                "The API stores the event and answers 201, but changes nothing: {reason}"
            ),
            source: ErrorSource::pointer(pointer::attribute("event_type")),
        });
        summary.push_str(&format!("; the {noun} stays {state}"));
    } else {
        changes.push(Change {
            resource_type: if machine == Machine::Move {
                "moves"
            } else {
                "journeys"
            }
            .into(),
            id: Some(id.to_owned()),
            attribute: Some(attribute.into()),
            from: Some(state.clone()),
            to: Some(new_state.clone()),
        });
        summary.push_str(&format!("; the {noun} goes from {state} to {new_state}"));
        if let Some(allocation) = move_facts.as_ref().and_then(|m| m.allocation_id.clone()) {
            summary.push_str(&format!(" and allocation {allocation} is refreshed"));
        }
    }
    Verdict::accepted(201, Effect { summary, changes })
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

fn drop_reason(info: &EventTypeInfo, key: &str) -> String {
    let kept: Vec<&str> = info.fields.iter().map(|f| f.name).collect();
    let rel_hint = key
        .strip_suffix("_id")
        .filter(|r| info.relationships.iter().any(|rel| rel.name == *r))
        .map(|r| format!(" Send it as the relationship {r} instead."))
        .unwrap_or_default();
    if kept.is_empty() {
        format!(
            "{} keeps no details: the API drops {key}.{rel_hint}",
            info.name
        )
    } else {
        format!(
            "{} keeps only {}: the API drops {key}.{rel_hint}",
            info.name,
            kept.join(", ")
        )
    }
}
