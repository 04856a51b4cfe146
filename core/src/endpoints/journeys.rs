//! Journeys (`journeys.md`): list, create, update, and the action endpoints
//! `POST /api/moves/:move_id/journeys/:id/<action>`.

// A refusal is returned at most once per request; boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use crate::context::{Caller, Fact, JourneyFacts, all_hold, canonical_uuid};
use crate::error::{ApiError, ApiErrorObject, ErrorKind, ErrorSource, Failure, messages};
use crate::events::{EventType, Eventable};
use crate::json::Json;
use crate::model::errors::{RelId, crash, model_error, shape_b};
use crate::model::run::{EventRun, run_model};
use crate::pointer;
use crate::time::{parse_iso_date, parse_lenient_datetime};
use crate::values::BOOLEANS;
use crate::verdict::{Change, Effect, Unchecked, UncheckedKind, Verdict, Warning, WarningKind};

use super::common::{
    ActionSpec, ParamFailure, bad_request, idempotency, path_record, shape_a, timestamp_param,
    type_param,
};
use super::{Call, parse_body, require_data};

/// `include=` values of a journey's create and update.
/// `JourneySerializer::SUPPORTED_RELATIONSHIPS` (upstream `app/serializers/journey_serializer.rb`),
/// as written there: every action but `index` (`JourneysController#supported_relationships`,
/// `app/controllers/api/journeys_controller.rb` L50-57).
pub(crate) const INCLUDES: &[&str] = &[
    "from_location",
    "from_location.suppliers",
    "to_location",
    "to_location.suppliers",
];
/// `include=` values of the journeys index.
pub(crate) const INDEX_INCLUDES: &[&str] = &["from_location", "to_location"];

/// `GET /api/moves/:move_id/journeys`.
pub(crate) fn index(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    if let Some(crashed) =
        super::common::paginate(call).or_else(|| super::common::page_offset_crash(call))
    {
        return crashed;
    }
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists the move's journeys; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// The params validator of create and update (422 A): `billable`, `timestamp`, `date`.
fn params(attributes: Option<&Json<'_>>, update: bool) -> Result<(), Verdict> {
    let attr = |n: &str| attributes.and_then(|a| a.get(n));
    let mut failures = Vec::new();
    match attr("billable") {
        Some(Json::Bool(_)) => {}
        None | Some(Json::Null) if update => {}
        _ => failures.push(ParamFailure::inclusion(
            "billable",
            pointer::attribute("billable"),
            BOOLEANS,
        )),
    }
    failures.extend(timestamp_param(attr("timestamp"), true).map_err(|verdict| *verdict)?);
    match attr("date") {
        Some(Json::String(s)) if !s.trim().is_empty() && parse_iso_date(s).is_none() => {
            failures.push(ParamFailure::at(
                "date",
                messages::DATE,
                Failure::InvalidDate,
                pointer::attribute("date"),
            ));
        }
        Some(Json::String(_)) => {}
        Some(v) if !v.is_blank() => {
            return Err(Verdict::refused(
                500,
                vec![crash(
                    format!(
                        "`date` is a JSON {}: Date.iso8601 raises TypeError",
                        v.type_name()
                    ),
                    pointer::attribute("date"),
                )],
            ));
        }
        _ => {}
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(shape_a(failures))
    }
}

/// `POST /api/moves/:move_id/journeys`.
pub(crate) fn create(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    if let Err(v) = params(attributes, false) {
        return v;
    }
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    // The duplicate check dereferences both relationships' data.
    let mut ids = Vec::new();
    for name in ["from_location", "to_location"] {
        match data.dig(&["relationships", name, "data"]) {
            Some(d @ Json::Object(_)) => ids.push(d.get("id").map(Json::ruby_to_s)),
            _ => {
                return Verdict::refused(
                    500,
                    vec![crash(
                        format!(
                            "`relationships.{name}.data` is missing: the duplicate-journey check dereferences nil"
                        ),
                        pointer::relationship(name),
                    )],
                );
            }
        }
    }
    if let Some(move_canonical) = canonical_uuid(&move_id) {
        match call.facts.journeys_of_move(&move_canonical) {
            Fact::Known(journeys) => {
                // Each journey is a duplicate (`Some(true)`), is not, or might be (`None`: a
                // member the rule reads is not given).
                let duplicate = |j: &JourneyFacts| -> Option<bool> {
                    let tests = [
                        j.state
                            .known()
                            .map(|s| !matches!(s.map(String::as_str), Some("cancelled" | "rejected"))),
                        j.from_location_id.known().map(|f| f.cloned() == ids[0]),
                        j.to_location_id.known().map(|t| t.cloned() == ids[1]),
                    ];
                    all_hold(&tests)
                };
                let verdicts: Vec<Option<bool>> = journeys.iter().map(|(_, j)| duplicate(j)).collect();
                if verdicts.contains(&None) && !verdicts.contains(&Some(true)) {
                    call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the move already has an active journey between these locations (400 duplicate): the facts do not give every journey's state and locations"), ErrorSource::pointer(pointer::join(&["data", "relationships"]))));
                }
                if verdicts.contains(&Some(true)) {
                    return *bad_request(
                        &ErrorKind::DuplicateJourney,
                        ErrorSource::pointer(pointer::join(&["data", "relationships"])),
                    );
                }
            }
            _ => call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the move already has an active journey between these locations (400 duplicate)"), ErrorSource::pointer(pointer::join(&["data", "relationships"])))),
        }
    }
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    let mut canonical = Vec::new();
    for (name, id) in ["from_location", "to_location"].into_iter().zip(&ids) {
        let Some(id) = id else {
            return *bad_request(
                &ErrorKind::ParameterMissing { key: "id".into() },
                ErrorSource::pointer(pointer::relationship_id(name)),
            );
        };
        let at = pointer::relationship_id(name);
        let missing = match canonical_uuid(id) {
            None => true,
            Some(c) => match call.facts.location(&c) {
                Fact::Missing => true,
                Fact::Unknown => {
                    call.out.unchecked.push(Unchecked::new(
                        UncheckedKind::Referenced {
                            class: "Location",
                            id: id.to_string(),
                        },
                        ErrorSource::pointer(at.clone()),
                    ));
                    false
                }
                Fact::Known(_) => false,
            },
        };
        if missing {
            let f = ParamFailure::at(
                "location",
                format!("reference was not found id={id}"),
                Failure::ReferenceNotFound,
                at,
            );
            return shape_a(vec![f]);
        }
        canonical.push(canonical_uuid(id));
    }
    if let Err(v) = supplier(data, call, false) {
        return v;
    }
    if canonical[0] == canonical[1] {
        return shape_b(vec![model_error(
            "to_location_id",
            "should be different to the from location",
            "should be different to the from location",
            Failure::SameAsFromLocation,
            pointer::relationship_id("to_location"),
        )]);
    }
    Verdict::accepted(
        201,
        Effect {
            summary: "Creates a proposed journey and writes a JourneyCreate event".into(),
            changes: vec![
                Change {
                    resource_type: "journeys".into(),
                    id: None,
                    attribute: None,
                    from: None,
                    to: Some("proposed".into()),
                },
                Change {
                    resource_type: "events".into(),
                    id: None,
                    attribute: None,
                    from: None,
                    to: Some("JourneyCreate".into()),
                },
            ],
        },
    )
}

/// The supplier look-up of create/update (`journeys.md` §1).
fn supplier(data: &Json<'_>, call: &mut Call<'_>, after_save: bool) -> Result<(), Verdict> {
    let id = data
        .dig(&["relationships", "supplier", "data", "id"])
        .map(Json::ruby_to_s);
    let at = pointer::relationship_id("supplier");
    let exists = id.as_deref().map(|i| match canonical_uuid(i) {
        None => Fact::Missing,
        Some(c) => call.facts.supplier(&c),
    });
    match call.facts.caller() {
        Caller::Supplier => {
            if let (Some(i), Some(Fact::Known(_))) = (&id, &exists)
                && call
                    .facts
                    .caller_supplier_id()
                    .and_then(|s| canonical_uuid(&s))
                    != canonical_uuid(i)
                && !after_save
            {
                return Err(shape_a(vec![ParamFailure::at(
                    "supplier",
                    format!("reference is not valid for this account or not found id={i}"),
                    Failure::ReferenceNotFound,
                    at,
                )]));
            }
            Ok(())
        }
        Caller::Authority => match exists {
            Some(Fact::Known(_)) => Ok(()),
            Some(Fact::Unknown) => {
                call.out.unchecked.push(Unchecked::new(
                    UncheckedKind::Static(
                        "Whether the supplier exists (500 for a non-supplier token if not)",
                    ),
                    ErrorSource::pointer(at),
                ));
                Ok(())
            }
            _ => Err(Verdict::refused(
                500,
                vec![crash(
                    if after_save {
                        "a non-supplier token without an existing supplier id: writing JourneyUpdate raises after the journey was saved"
                    } else {
                        "a non-supplier token without an existing supplier id: `nil.errors` raises"
                    },
                    at,
                )],
            )),
        },
        Caller::Unknown => {
            call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Who is calling: a non-supplier token must name an existing supplier (500 otherwise)"), ErrorSource::pointer(at)));
            Ok(())
        }
    }
}

/// The journey of the path, which must belong to the move of the path.
fn journey_of(call: &mut Call<'_>, move_id: &str) -> Result<Option<JourneyFacts>, Box<Verdict>> {
    let id = call.param("id").to_owned();
    let facts = call.facts;
    let journey = path_record("Journey", &id, "id", |id| facts.journey(id), &mut call.out)?;
    if let Some(j) = &journey {
        match j.move_id.known() {
            Some(Some(m)) if canonical_uuid(m) != canonical_uuid(move_id) => {
                return Err(super::common::not_found_param("Journey", &id, "id"));
            }
            None => call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the journey belongs to the move of the path (404 otherwise): the facts do not give its move_id"), ErrorSource::parameter("id"))),
            _ => {}
        }
    }
    Ok(journey)
}

/// 401 when a supplier token does not own the journey.
fn owner_check(call: &mut Call<'_>, journey: Option<&JourneyFacts>) -> Result<(), Box<Verdict>> {
    if call.facts.caller() != Caller::Supplier {
        return Ok(());
    }
    let Some(j) = journey else { return Ok(()) };
    if j.supplier_id.is_unknown() {
        call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether this supplier owns the journey (401 otherwise): the facts do not give its supplier_id"), ErrorSource::parameter("id")));
    }
    if j.supplier_id.value().is_some()
        && j.supplier_id.value().and_then(|s| canonical_uuid(s))
            != call
                .facts
                .caller_supplier_id()
                .as_deref()
                .and_then(canonical_uuid)
    {
        let e = ApiError::from_kind(&ErrorKind::NotAuthorized, ErrorSource::parameter("id"));
        let detail = e.detail.clone();
        let e = e.with_api(ApiErrorObject {
            title: "Not authorized".into(),
            detail,
            ..Default::default()
        });
        return Err(Box::new(Verdict::refused(401, vec![e])));
    }
    Ok(())
}

/// `GET /api/moves/:move_id/journeys/:id`: the move as the caller may see it (404), the
/// journey among its journeys (404) and, for a supplier, theirs (401); upstream
/// `Api::JourneysController#show` and `#find_journey`
/// (`app/controllers/api/journeys_controller.rb` L29–31, L60–83), `JourneySerializer`'s
/// includes.
pub(crate) fn show(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    let journey = try_verdict!(journey_of(call, &move_id));
    try_verdict!(owner_check(call, journey.as_ref()));
    Verdict::accepted(
        200,
        Effect {
            summary: "Shows the journey; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// `PATCH /api/moves/:move_id/journeys/:id`.
pub(crate) fn update(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    if let Err(v) = params(attributes, true) {
        return v;
    }
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    let journey = try_verdict!(journey_of(call, &move_id));
    try_verdict!(owner_check(call, journey.as_ref()));
    for name in ["from_location", "to_location"] {
        if data.dig(&["relationships", name]).is_some() {
            call.out.warnings.push(Warning::new(
                WarningKind::JourneyLocationFixed { name },
                ErrorSource::pointer(pointer::relationship(name)),
            ));
        }
    }
    if matches!(attributes.and_then(|a| a.get("billable")), Some(Json::Null)) {
        return shape_b(vec![model_error(
            "billable",
            "is reserved",
            "exclusion",
            Failure::Exclusion,
            pointer::attribute("billable"),
        )]);
    }
    if let Err(v) = supplier(data, call, true) {
        return v;
    }
    Verdict::accepted(
        200,
        Effect {
            summary: "Updates the journey and writes a JourneyUpdate event".into(),
            changes: Vec::new(),
        },
    )
}

/// What each journey action path creates and permits (`journeys.md` §5).
const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        path: "start",
        event: EventType::JourneyStart,
        permitted: &["vehicle_reg", "vehicle_depot"],
        relationship: None,
    },
    ActionSpec {
        path: "complete",
        event: EventType::JourneyComplete,
        permitted: &["vehicle_reg"],
        relationship: None,
    },
    ActionSpec {
        path: "cancel",
        event: EventType::JourneyCancel,
        permitted: &[],
        relationship: None,
    },
    ActionSpec {
        path: "uncancel",
        event: EventType::JourneyUncancel,
        permitted: &[],
        relationship: None,
    },
    ActionSpec {
        path: "reject",
        event: EventType::JourneyReject,
        permitted: &[],
        relationship: None,
    },
    ActionSpec {
        path: "uncomplete",
        event: EventType::JourneyUncomplete,
        permitted: &[],
        relationship: None,
    },
    ActionSpec {
        path: "lockouts",
        event: EventType::JourneyLockout,
        permitted: &[],
        relationship: Some("from_location"),
    },
    ActionSpec {
        path: "lodgings",
        event: EventType::JourneyLodging,
        permitted: &[],
        relationship: Some("to_location"),
    },
];

/// The action paths (`/journeys/:id/<path>`), in table order.
pub(crate) fn action_paths() -> Vec<&'static str> {
    ActionSpec::paths(ACTIONS)
}

const TYPES: &[&str] = &[
    "cancels",
    "completes",
    "lockouts",
    "lodgings",
    "starts",
    "rejects",
    "uncompletes",
    "uncancels",
];

/// `POST /api/moves/:move_id/journeys/:id/<action>`.
pub(crate) fn action(call: &mut Call<'_>) -> Verdict {
    let spec = try_verdict!(ActionSpec::of(ACTIONS, call));
    // `JourneyEventsController` has no `supported_relationships`.
    try_verdict!(call.check_include());
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    let mut failures = Vec::new();
    let ty = type_param(data, TYPES, &mut failures);
    let timestamp = attributes.and_then(|a| a.get("timestamp"));
    failures.extend(try_verdict!(timestamp_param(timestamp, true)));
    for (type_name, rel) in [("lockouts", "from_location"), ("lodgings", "to_location")] {
        if ty == type_name {
            super::common::location_param(
                data,
                rel,
                true,
                call.facts,
                &mut call.out,
                &mut failures,
            );
        }
    }
    if !failures.is_empty() {
        return shape_a(failures);
    }
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    let journey = try_verdict!(journey_of(call, &move_id));
    try_verdict!(owner_check(call, journey.as_ref()));
    if ty.strip_suffix('s') != Some(spec.path) && ty != spec.path {
        call.out
            .warnings
            .push(Warning::action_type_mismatch(&ty, spec.path, spec.event));
    }
    let info = spec.event.info();
    let mut details: Vec<(&str, &Json<'_>)> = Vec::new();
    if let Some(members) = attributes.and_then(Json::as_object) {
        for (key, value) in members {
            if spec.permitted.contains(key) {
                details.push((*key, value));
            } else if !matches!(*key, "timestamp" | "notes") {
                call.out.warnings.push(Warning::new(
                    WarningKind::ActionDoesNotKeep {
                        path: spec.path,
                        key: key.to_string(),
                    },
                    ErrorSource::pointer(pointer::attribute(key)),
                ));
            }
        }
    }
    let mut relationships = Vec::new();
    if let Some(rel) = spec.relationship {
        let id_value = data.dig(&["relationships", rel, "data", "id"]);
        relationships.push((rel, id_value.map_or(RelId::Nil { at: "/data" }, RelId::Id)));
    }
    let occurred_at = timestamp
        .and_then(Json::as_str)
        .and_then(parse_lenient_datetime)
        .map(|t| t.unix_seconds());
    let id = call.param("id").to_owned();
    let canonical = canonical_uuid(&id);
    run_model(
        EventRun {
            info,
            eventable_kind: Eventable::Journey,
            eventable_type: "journeys",
            eventable_id: canonical.as_deref(),
            details,
            relationships,
            occurred_at,
            success_status: 204,
        },
        call.facts,
        &mut call.out,
    )
}
