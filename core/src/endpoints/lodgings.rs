//! Lodgings (`lodgings.md`): list, create, update, cancel one, cancel all. Only non-supplier
//! tokens may change lodgings.

// A refusal is returned at most once per request; boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use crate::context::{Caller, Fact, LodgingFacts, Member, all_hold, canonical_uuid};
use crate::error::{
    ApiError, ApiErrorObject, ErrorKind, ErrorSource, Failure, LodgingStatus, messages,
};
use crate::json::Json;
use crate::model::errors::{ModelError, crash, inclusion, model_error, shape_b};
use crate::pointer;
use crate::time::{Date, parse_iso_date};
use crate::values::CancellationReason;
use crate::verdict::{Change, Effect, Unchecked, UncheckedKind, Verdict, WarningKind};

use super::common::{ParamFailure, bad_request, idempotency, path_record, shape_a};
use super::{Call, parse_body, require_data, warn_ignored_key};

/// `include=` values of every lodging endpoint.
pub(crate) const INCLUDES: &[&str] = &["location"];

/// `GET /api/moves/:move_id/lodgings`.
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
            summary: "Lists the move's lodgings; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// The params validator (422 A): ISO dates; on create both are required.
fn params(attributes: Option<&Json<'_>>, update: bool) -> Result<(), Verdict> {
    let mut failures = Vec::new();
    for name in ["start_date", "end_date"] {
        match attributes.and_then(|a| a.get(name)) {
            Some(Json::String(s)) if parse_iso_date(s).is_some() => {}
            None | Some(Json::Null) if update => {}
            None | Some(Json::Null | Json::String(_)) => {
                failures.push(ParamFailure::at(
                    name,
                    messages::DATE,
                    Failure::InvalidDate,
                    pointer::attribute(name),
                ));
            }
            Some(other) => {
                return Err(Verdict::refused(
                    500,
                    vec![crash(
                        format!(
                            "`{name}` is a JSON {}: Date.iso8601 raises TypeError",
                            other.type_name()
                        ),
                        pointer::attribute(name),
                    )],
                ));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(shape_a(failures))
    }
}

/// The 401 for a supplier token: [`ErrorKind::AccessDenied`] (Pundit) or
/// [`ErrorKind::NotAuthorized`].
fn not_authorized(kind: &ErrorKind) -> Verdict {
    let e = ApiError::from_kind(kind, ErrorSource::header("Authorization"));
    let detail = e.detail.clone();
    let e = e.with_api(ApiErrorObject {
        title: "Not authorized".into(),
        detail,
        ..Default::default()
    });
    Verdict::refused(401, vec![e])
}

/// Supplier tokens have no lodging permission; unknown callers are listed as unchecked.
fn supplier_refused(call: &mut Call<'_>, kind: ErrorKind) -> Option<Verdict> {
    match call.facts.caller() {
        Caller::Supplier => Some(not_authorized(&kind)),
        Caller::Authority => None,
        Caller::Unknown => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Who is calling: supplier tokens may not change lodgings (401)",
                ),
                ErrorSource::header("Authorization"),
            ));
            None
        }
    }
}

/// The lodging of the path, which must belong to the move of the path (404 otherwise).
fn lodging_of(
    call: &mut Call<'_>,
    id: &str,
    move_id: &str,
) -> Result<Option<LodgingFacts>, Box<Verdict>> {
    let facts = call.facts;
    let lodging = path_record("Lodging", id, "id", |id| facts.lodging(id), &mut call.out)?;
    if let Some(l) = &lodging {
        match l.move_id.known() {
            Some(Some(m)) if canonical_uuid(m) != canonical_uuid(move_id) => {
                return Err(super::common::not_found_param("Lodging", id, "id"));
            }
            None => call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the lodging belongs to the move of the path (404 otherwise): the facts do not give its move_id"), ErrorSource::parameter("id"))),
            _ => {}
        }
    }
    Ok(lodging)
}

/// `Date.parse` raises on values `Date.iso8601` accepts but it cannot read (`2020-05`).
fn date_parse_crashes(s: &str) -> bool {
    let t = s.trim();
    t.len() == 7 && t.as_bytes().get(4) == Some(&b'-')
}

/// The lodging model's rules: end after start, no identical start+end on the move.
fn model(
    call: &mut Call<'_>,
    move_id: &str,
    start: Option<&str>,
    end: Option<&str>,
    except: Option<&str>,
) -> Result<Vec<ModelError>, Verdict> {
    let mut errors = Vec::new();
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(errors);
    };
    for (name, v) in [("start_date", start), ("end_date", end)] {
        if date_parse_crashes(v) {
            return Err(Verdict::refused(
                500,
                vec![crash(
                    format!(
                        "`{name}` {v:?} passes Date.iso8601 but Date.parse raises on it in the order check"
                    ),
                    pointer::attribute(name),
                )],
            ));
        }
    }
    let (s, e): (Option<Date>, Option<Date>) = (parse_iso_date(start), parse_iso_date(end));
    if let (Some(s), Some(e)) = (s, e)
        && e <= s
    {
        errors.push(model_error(
            "end_date",
            "must be after start_date",
            "must be after start_date",
            Failure::DateOrder,
            pointer::attribute("end_date"),
        ));
    }
    if let Some(m) = canonical_uuid(move_id) {
        match call.facts.lodgings_of_move(&m) {
            Fact::Known(lodgings) => {
                // Each lodging takes the dates (`Some(true)`), does not, or might (`None`: a
                // member the rule reads is not given).
                let takes = |(id, l): &(String, LodgingFacts)| -> Option<bool> {
                    if Some(id.as_str()) == except {
                        return Some(false);
                    }
                    let tests = [
                        l.status
                            .known()
                            .map(|s| s.map(String::as_str) != Some("cancelled")),
                        l.start_date
                            .known()
                            .map(|d| d.map(String::as_str) == Some(start)),
                        l.end_date
                            .known()
                            .map(|d| d.map(String::as_str) == Some(end)),
                    ];
                    all_hold(&tests)
                };
                let verdicts: Vec<Option<bool>> = lodgings.iter().map(takes).collect();
                let taken = verdicts.contains(&Some(true));
                if !taken && verdicts.contains(&None) {
                    call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the move already has a lodging with these dates (422 taken): the facts do not give every lodging's status and dates"), ErrorSource::pointer(pointer::attribute("start_date"))));
                }
                if taken {
                    errors.push(model_error(
                        "start_date",
                        "has already been taken",
                        "taken",
                        Failure::Taken,
                        pointer::attribute("start_date"),
                    ));
                }
            }
            _ => call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the move already has a lodging with these dates (422 taken)",
                ),
                ErrorSource::pointer(pointer::attribute("start_date")),
            )),
        }
    }
    Ok(errors)
}

/// `POST /api/moves/:move_id/lodgings`.
pub(crate) fn create(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    if let Err(v) = params(attributes, false) {
        return v;
    }
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    // `params.require(:relationships).require(:location).require(:data).require(:id)`.
    let mut parent = data;
    let mut at = String::from("/data");
    for key in ["relationships", "location", "data", "id"] {
        at = pointer::push(&at, key);
        match super::require(parent, key, &at) {
            Ok(v) => parent = v,
            Err(v) => return *v,
        }
    }
    let id = parent.ruby_to_s();
    let known = match canonical_uuid(&id) {
        None => Fact::Missing,
        Some(c) => call.facts.location(&c),
    };
    match known {
        Fact::Missing => {
            return shape_a(vec![ParamFailure::at(
                "location",
                format!("reference was not found id={id}"),
                Failure::ReferenceNotFound,
                at,
            )]);
        }
        Fact::Unknown => call.out.unchecked.push(Unchecked::new(
            UncheckedKind::Referenced {
                class: "Location",
                id: id.to_string(),
            },
            ErrorSource::pointer(at),
        )),
        Fact::Known(_) => {}
    }
    if let Some(v) = supplier_refused(call, ErrorKind::AccessDenied) {
        return v;
    }
    let get = |n: &str| attributes.and_then(|a| a.get(n)).and_then(Json::as_str);
    match model(call, &move_id, get("start_date"), get("end_date"), None) {
        Err(v) => return v,
        Ok(errors) if !errors.is_empty() => return shape_b(errors),
        Ok(_) => {}
    }
    Verdict::accepted(
        201,
        Effect {
            summary: "Creates a proposed lodging and writes a LodgingCreate event".into(),
            changes: vec![
                Change {
                    resource_type: "lodgings".into(),
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
                    to: Some("LodgingCreate".into()),
                },
            ],
        },
    )
}

/// `PATCH /api/moves/:move_id/lodgings/:id`: `end_date` and `location` only.
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
    let id = call.param("id").to_owned();
    let current = try_verdict!(lodging_of(call, &id, &move_id));
    if let Some(v) = supplier_refused(call, ErrorKind::NotAuthorized) {
        return v;
    }
    if attributes.and_then(|a| a.get("start_date")).is_some() {
        call.out.warnings.push(crate::verdict::Warning::new(
            WarningKind::Static { code: crate::verdict::warning_codes::IGNORED_ATTRIBUTE, detail: "start_date is validated but never applied: a lodging's start cannot change" },
            ErrorSource::pointer(pointer::attribute("start_date")),
        ));
    }
    let lodging_id = canonical_uuid(&id);
    // The stored lodging's members; all unknown when the lodging is.
    let stored = |m: fn(&LodgingFacts) -> &Member<String>| {
        current.as_ref().map_or(Member::Unknown, |l| m(l).clone())
    };
    let old_start = stored(|l| &l.start_date);
    let old_end = stored(|l| &l.end_date);
    let old_location = stored(|l| &l.location_id);
    // The location: an unknown id (or one that is not a UUID, which casts to null) reaches
    // the model as no location.
    let mut errors = Vec::new();
    let location_at = super::common::relationship_id_pointer(data, "location");
    let new_location = match data.dig(&["relationships", "location"]) {
        None => None,
        Some(_) => {
            let id = data
                .dig(&["relationships", "location", "data", "id"])
                .map(Json::ruby_to_s);
            let known = id
                .as_deref()
                .and_then(canonical_uuid)
                .map(|c| (c.clone(), call.facts.location(&c)));
            match known {
                Some((c, Fact::Known(_))) => Some(c),
                Some((c, Fact::Unknown)) => {
                    call.out.unchecked.push(Unchecked::new(
                        UncheckedKind::Referenced {
                            class: "Location",
                            id: c.to_string(),
                        },
                        ErrorSource::pointer(location_at.clone()),
                    ));
                    Some(c)
                }
                _ => {
                    errors.push(model_error(
                        "location",
                        messages::BLANK,
                        "blank",
                        Failure::Blank,
                        location_at.clone(),
                    ));
                    errors.push(model_error(
                        "location",
                        "must exist",
                        "blank",
                        Failure::Blank,
                        location_at.clone(),
                    ));
                    None
                }
            }
        }
    };
    // `None`: not known (the stored location is not given).
    let location_changes: Option<bool> = match (&new_location, old_location.known()) {
        (None, _) => Some(false),
        (Some(new), Some(old)) => Some(canonical_uuid(new) != old.and_then(|o| canonical_uuid(o))),
        (Some(_), None) => None,
    };
    // A null end_date counts as "no change", but is written when the location changes.
    let end_value = attributes.and_then(|a| a.get("end_date"));
    if matches!(end_value, Some(Json::Null)) && location_changes.is_none() {
        call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether end_date can be null: it is written (and fails) when the location changes, and the facts do not give the lodging's location_id"), ErrorSource::pointer(pointer::attribute("end_date"))));
    }
    let location_changes = location_changes == Some(true);
    if matches!(end_value, Some(Json::Null)) && location_changes {
        errors.push(model_error(
            "end_date",
            messages::BLANK,
            "blank",
            Failure::Blank,
            pointer::attribute("end_date"),
        ));
        errors.push(model_error(
            "end_date",
            messages::DATE,
            messages::DATE,
            Failure::InvalidDate,
            pointer::attribute("end_date"),
        ));
    }
    if !errors.is_empty() {
        return shape_b(errors);
    }
    let end = end_value.and_then(Json::as_str);
    let new_end: Member<String> = match end {
        Some(e) => Member::Value(e.to_owned()),
        None => old_end.clone(),
    };
    if old_start.is_unknown() || new_end.is_unknown() {
        let member = if old_start.is_unknown() {
            "start_date"
        } else {
            "end_date"
        };
        call.out.unchecked.push(Unchecked::new(
            UncheckedKind::LodgingDates { member },
            ErrorSource::parameter("id"),
        ));
    }
    match model(
        call,
        &move_id,
        old_start.value().map(String::as_str),
        new_end.value().map(String::as_str),
        lodging_id.as_deref(),
    ) {
        Err(v) => return v,
        Ok(errors) if !errors.is_empty() => return shape_b(errors),
        Ok(_) => {}
    }
    let mut changes = Vec::new();
    let end_changes = end.is_some_and(|e| old_end.value().map(String::as_str) != Some(e));
    // A longer or shorter lodging shifts every later lodging of the move by the same number
    // of days (when the move has at least two), before this one is updated.
    if end_changes
        && let (Some(old), Some(new)) = (
            old_end.value().and_then(|d| parse_iso_date(d)),
            end.and_then(parse_iso_date),
        )
        && let Some(m) = canonical_uuid(&move_id)
        && let Fact::Known(lodgings) = call.facts.lodgings_of_move(&m)
    {
        let active: Vec<&(String, LodgingFacts)> = lodgings
            .iter()
            .filter(|(_, l)| l.status.value().map(String::as_str) != Some("cancelled"))
            .collect();
        let delta = new.days_since_epoch() - old.days_since_epoch();
        let this_start = old_start.value().and_then(|d| parse_iso_date(d));
        if active.len() >= 2 {
            for (other, l) in active {
                if canonical_uuid(other) == lodging_id {
                    continue;
                }
                let (Some(s), Some(e)) = (
                    l.start_date.value().and_then(|d| parse_iso_date(d)),
                    l.end_date.value().and_then(|d| parse_iso_date(d)),
                ) else {
                    continue;
                };
                if this_start.is_some_and(|t| s > t) {
                    changes.push(Change {
                        resource_type: "lodgings".into(),
                        id: Some(other.clone()),
                        attribute: Some("start_date".into()),
                        from: l.start_date.value().cloned(),
                        to: Some(s.add_days(delta).to_string()),
                    });
                    changes.push(Change {
                        resource_type: "lodgings".into(),
                        id: Some(other.clone()),
                        attribute: Some("end_date".into()),
                        from: l.end_date.value().cloned(),
                        to: Some(e.add_days(delta).to_string()),
                    });
                }
            }
        }
    }
    if end_changes {
        changes.push(Change {
            resource_type: "lodgings".into(),
            id: Some(id.clone()),
            attribute: Some("end_date".into()),
            from: old_end.value().cloned(),
            to: end.map(str::to_owned),
        });
    }
    if location_changes {
        changes.push(Change {
            resource_type: "lodgings".into(),
            id: Some(id.clone()),
            attribute: Some("location".into()),
            from: old_location.value().cloned(),
            to: new_location.clone(),
        });
    }
    let summary = if changes.is_empty() {
        "Nothing changes: the API writes nothing".to_owned()
    } else {
        "Updates the lodging (later lodgings shift with it) and writes LodgingUpdate events"
            .to_owned()
    };
    Verdict::accepted(200, Effect { summary, changes })
}

/// `POST /api/moves/:move_id/lodgings/:id/cancel`.
pub(crate) fn cancel(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    if let Some(v) = supplier_refused(call, ErrorKind::AccessDenied) {
        return v;
    }
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    let id = call.param("id").to_owned();
    let current = try_verdict!(lodging_of(call, &id, &move_id));
    // The LodgingCancel event is written after the answer is rendered: a bad reason or a
    // missing `data` turns any answer into a 500.
    let reason_ok = call.body.parsed().ok().is_some_and(|doc| {
        doc.dig(&["data", "attributes", "cancellation_reason"])
            .and_then(Json::as_str)
            .is_some_and(|r| CancellationReason::from_wire(r).is_some())
    });
    if !reason_ok {
        let mut e = crash(
            "the LodgingCancel event written after the response needs a cancellation_reason from the list: DoubleRenderError",
            pointer::join(&["data", "attributes", "cancellation_reason"]),
        );
        e.set_allowed(CancellationReason::VALUES);
        return Verdict::refused(500, vec![e]);
    }
    let status = current.as_ref().and_then(|l| l.status.value().cloned());
    let refusal = match status.as_deref() {
        Some("cancelled") => Some(LodgingStatus::Cancelled),
        Some("started") => Some(LodgingStatus::Started),
        Some("completed") => Some(LodgingStatus::Completed),
        _ => None,
    };
    if let Some(status) = refusal {
        let kind = ErrorKind::LodgingNotCancellable { status };
        let mut e = ApiError::from_kind(&kind, ErrorSource::parameter("id"));
        let message = e.detail.to_string();
        e.meta.reason = Some(
            "a plain JSON body, not JSON:API; stored for idempotency replay like a success".into(),
        );
        let mut v = Verdict::refused(400, vec![e]);
        let mut document = serde_json::Map::new();
        document.insert("error".to_owned(), message.into());
        v.set_api_body(serde_json::Value::Object(document));
        return v;
    }
    if status.is_none() {
        call.out.unchecked.push(Unchecked::new(
            UncheckedKind::Static(
                "The lodging's status: only a proposed lodging can be cancelled (400 otherwise)",
            ),
            ErrorSource::parameter("id"),
        ));
    }
    Verdict::accepted(
        204,
        Effect {
            summary: "Cancels the lodging and writes a LodgingCancel event".into(),
            changes: vec![Change {
                resource_type: "lodgings".into(),
                id: Some(id),
                attribute: Some("status".into()),
                from: status,
                to: Some("cancelled".into()),
            }],
        },
    )
}

/// `POST /api/moves/:move_id/lodgings/cancel` (no idempotency key).
pub(crate) fn cancel_all(call: &mut Call<'_>) -> Verdict {
    warn_ignored_key(call, "the header is neither checked nor stored");
    try_verdict!(call.check_include());
    if let Some(v) = supplier_refused(call, ErrorKind::AccessDenied) {
        return v;
    }
    let move_id = call.param("move_id").to_owned();
    try_verdict!(super::moves::move_record(call, &move_id, "move_id"));
    let active = match canonical_uuid(&move_id).map(|m| call.facts.lodgings_of_move(&m)) {
        Some(Fact::Known(list)) => {
            let active: Vec<_> = list
                .into_iter()
                .filter(|(_, l)| l.status.value().map(String::as_str) != Some("cancelled"))
                .collect();
            // A lodging whose status is not given may be the only active one: whether the
            // move has any is then not known.
            let known_active = active.iter().any(|(_, l)| !l.status.is_unknown());
            (known_active || active.is_empty()).then_some(active)
        }
        _ => None,
    };
    if active.as_ref().is_some_and(Vec::is_empty) {
        return Verdict::accepted(
            204,
            Effect {
                summary: "The move has no lodgings to cancel: nothing changes".into(),
                changes: Vec::new(),
            },
        );
    }
    // The body is read only when the move has lodgings not cancelled: `cancel_lodging_params`
    // is called inside `move.lodgings.not_cancelled.each` (app/controllers/api/
    // lodgings_controller.rb, `cancel_all`).
    let body = (|| -> Result<(), Verdict> {
        let doc = parse_body(call.body).map_err(|v| *v)?;
        let data = match require_data(doc) {
            Ok(d) => d,
            Err(_) => {
                return Err(*bad_request(
                    &ErrorKind::ParameterMissing { key: "data".into() },
                    ErrorSource::pointer("/data"),
                ));
            }
        };
        if data
            .dig(&["attributes", "cancellation_reason"])
            .and_then(Json::as_str)
            .is_none_or(|r| CancellationReason::from_wire(r).is_none())
        {
            let e = inclusion(
                "cancellation_reason",
                pointer::attribute("cancellation_reason"),
                CancellationReason::VALUES,
            );
            return Err(shape_b(vec![e]));
        }
        Ok(())
    })();
    match (body, &active) {
        (Err(refused), Some(_)) => return refused,
        // Whether the body is read at all is not known: its failure is not a refusal.
        (Err(refused), None) => {
            for e in refused.errors {
                call.out.unchecked.push(Unchecked::new(
                    UncheckedKind::RefusedIfLodgings {
                        status: refused.status,
                        code: e.code.into_owned(),
                        detail: e.detail.into(),
                    },
                    e.source,
                ));
            }
        }
        (Ok(()), None) => call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the move has lodgings (with none, the body is never read and the answer is 204)"), ErrorSource::parameter("move_id"))),
        (Ok(()), Some(_)) => {}
    }
    let changes = active
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, l)| l.status.value().map(String::as_str) == Some("proposed"))
        .map(|(id, l)| Change {
            resource_type: "lodgings".into(),
            id: Some(id),
            attribute: Some("status".into()),
            from: l.status.value().cloned(),
            to: Some("cancelled".into()),
        })
        .collect();
    Verdict::accepted(
        204,
        Effect {
            summary: "Cancels every proposed lodging of the move (a LodgingCancel event each)"
                .into(),
            changes,
        },
    )
}
