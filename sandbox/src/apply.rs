//! The effects of accepted write requests, following the spec: records created, state
//! machines fired, events stored and re-applied in `occurred_at` order, allocations refreshed.
//!
//! Core has already judged every request here valid against the same transaction's data, so
//! these functions only read the body for values (never to refuse it); what core guarantees
//! (an id exists, a value is in its list) is relied on, and a contradiction is a sandbox fault.

use basm_core::context::canonical_uuid;
use basm_core::state::{Machine, Transition, allocation_status, next_state};
use basm_core::time::{
    london_date_of, parse_iso_date, parse_lenient_datetime, parse_strict_datetime,
};
use basm_core::values::{
    ESTATE_STORED_VALUES, Estate, PRISONER_CATEGORY_STORED_VALUES, PrisonerCategory,
    SENTENCE_LENGTH_STORED_VALUES, SentenceLength,
};
use basm_core::{Caller, EventType};
use serde_json::{Map, Value, json};

use crate::clock::Stamp;
use crate::ctx::{self, Ctx, Fault, Outcome, Reply, id_of, text};
use crate::db::{self, Allocation, Event, Journey, Lodging, Move};
use crate::read;
use crate::seed;
use crate::serialize::{self, Rec, Ser};

/// Largest allocation the sandbox creates in one request (the API has no upper bound, but a
/// local stand-in should not be made to write millions of rows by one typo).
pub const MAX_ALLOCATION_MOVES: i64 = 10_000;

/// Ruby's `blank?` on a JSON value.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn stamp_of(t: basm_core::time::DateTime) -> Stamp {
    Stamp {
        secs: t.unix_seconds(),
        nanos: t.nanos,
    }
}

/// A lenient date-time (`occurred_at`, `recorded_at`).
fn lenient(v: &Value) -> Option<Stamp> {
    v.as_str().and_then(parse_lenient_datetime).map(stamp_of)
}

/// A strict date-time (action `timestamp`s).
fn strict(v: &Value) -> Option<Stamp> {
    v.as_str().and_then(parse_strict_datetime).map(stamp_of)
}

/// Notes as the API keeps them: a scalar as text; arrays and objects are dropped.
fn notes(v: &Value) -> Option<String> {
    match v {
        Value::Array(_) | Value::Object(_) => None,
        other => text(other),
    }
}

/// A new move reference: 3 distinct letters, 4 distinct non-zero digits, 1 letter, unique.
pub fn new_reference(conn: &rusqlite::Connection) -> Result<String, Fault> {
    const LETTERS: &[u8] = b"ACEFHJKMNPRTUVWXY";
    const DIGITS: &[u8] = b"123456789";
    for _ in 0..100 {
        let random = uuid::Uuid::new_v4().into_bytes();
        let mut bytes = random.iter().copied();
        let mut draw = |set: &[u8], k: usize| {
            let mut pool = set.to_vec();
            let mut out = String::new();
            for _ in 0..k {
                let i = usize::from(bytes.next().unwrap_or(0)) % pool.len();
                out.push(char::from(pool.remove(i)));
            }
            out
        };
        let reference = format!(
            "{}{}{}",
            draw(LETTERS, 3),
            draw(DIGITS, 4),
            draw(LETTERS, 1)
        );
        if db::move_id_by_reference(conn, &reference)?.is_none() {
            return Ok(reference);
        }
    }
    Err(Fault::Internal(
        "no free move reference after 100 tries".into(),
    ))
}

/// Stores one event.
#[allow(clippy::too_many_arguments)]
fn store_event(
    ctx: &Ctx<'_>,
    eventable_type: &str,
    eventable_id: &str,
    event_type: &str,
    details: Map<String, Value>,
    occurred_at: Stamp,
    notes: Option<String>,
    created_by: Option<String>,
) -> Result<Event, Fault> {
    let classification =
        EventType::from_wire(event_type).map_or("default", |t| t.info().classification);
    let event = Event {
        id: ctx.new_id(),
        eventable_type: eventable_type.to_owned(),
        eventable_id: eventable_id.to_owned(),
        event_type: event_type.to_owned(),
        classification: classification.to_owned(),
        occurred_at,
        recorded_at: occurred_at,
        notes,
        created_by: created_by.or_else(|| ctx.created_by.clone()),
        details,
        supplier_id: ctx.supplier_id.clone(),
        created_at: ctx.now.secs,
    };
    db::insert_event(ctx.conn, &event)?;
    Ok(event)
}

fn details(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// Fires a state-machine event; true when the state changed.
fn fire(machine: Machine, state: &mut String, trigger: &str) -> bool {
    match next_state(machine, state, trigger) {
        Ok(Transition::Changed { to, .. }) => {
            *state = to;
            true
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Moves: replay and allocation refresh
// ---------------------------------------------------------------------------------------------

/// The event types that fire a state-machine event (only these change a replayed record).
fn triggering_types() -> Vec<&'static str> {
    EventType::ALL
        .iter()
        .map(|t| t.info())
        .filter(|i| i.trigger.is_some())
        .map(|i| i.name)
        .collect()
}

/// Applies one stored move event's trigger and its side effects (`moves.md` §1).
fn apply_move_trigger(m: &mut Move, trigger: &str, d: &Map<String, Value>) {
    let get = |k: &str| d.get(k).unwrap_or(&Value::Null);
    match trigger {
        "cancel" => {
            // The reason is assigned before the transition is tried, and kept either way.
            m.cancellation_reason = text(get("cancellation_reason"));
            m.cancellation_reason_comment = text(get("cancellation_reason_comment"));
            fire(Machine::Move, &mut m.status, "cancel");
        }
        "reject" => {
            m.cancellation_reason = Some("rejected".into());
            m.rejection_reason = text(get("rejection_reason"));
            m.cancellation_reason_comment = text(get("cancellation_reason_comment"));
            fire(Machine::Move, &mut m.status, "reject");
        }
        "approve" => {
            if fire(Machine::Move, &mut m.status, "approve")
                && let Some(date) = ctx::date(get("date"))
            {
                m.date = Some(date);
            }
        }
        "redirect" => {
            if let Some(to) = id_of(get("to_location_id")) {
                m.to_location_id = Some(to);
            }
            if !is_blank(get("move_type")) {
                m.move_type = text(get("move_type"));
            }
        }
        other => {
            fire(Machine::Move, &mut m.status, other);
        }
    }
}

/// Re-applies every event of a move in `occurred_at` order to the move as it is (the API does
/// not reset it first), saves it if it changed and refreshes its allocation. Returns the move
/// before and after.
fn replay_move(ctx: &Ctx<'_>, move_id: &str) -> Result<(Move, Move), Fault> {
    let before = db::get_move(ctx.conn, move_id)?
        .ok_or_else(|| Fault::Internal(format!("move {move_id} vanished")))?;
    let mut m = before.clone();
    for e in db::events_of_types(ctx.conn, "moves", move_id, &triggering_types())? {
        if let Some(trigger) = EventType::from_wire(&e.event_type).and_then(|t| t.info().trigger) {
            apply_move_trigger(&mut m, trigger, &e.details);
        }
    }
    if m != before {
        m.updated_at = ctx.now.secs;
        db::save_move(ctx.conn, &m)?;
        if let Some(a) = &m.allocation_id {
            refresh_allocation(ctx, a)?;
        }
    }
    Ok((before, m))
}

/// `refresh_status_and_moves_count!`: filled iff at least one non-cancelled move and each has
/// a profile; `moves_count` = non-cancelled moves; a cancelled allocation stays cancelled.
fn refresh_allocation(ctx: &Ctx<'_>, allocation_id: &str) -> Result<(), Fault> {
    let Some(mut a) = db::allocation(ctx.conn, allocation_id)? else {
        return Ok(());
    };
    let moves = db::moves_of_allocation(ctx.conn, allocation_id)?;
    let states: Vec<(&str, bool)> = moves
        .iter()
        .map(|m| (m.status.as_str(), m.profile_id.is_some()))
        .collect();
    let (status, count) = allocation_status(&a.status, &states);
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    if status != a.status || count != a.moves_count {
        a.status = status;
        a.moves_count = count;
        a.updated_at = ctx.now.secs;
        db::save_allocation(ctx.conn, &a)?;
    }
    Ok(())
}

/// The supplier of a new move: the token's owner, else a supplier serving the from location.
fn move_supplier(ctx: &Ctx<'_>, from: Option<&str>) -> Result<Option<String>, Fault> {
    if ctx.caller == Caller::Supplier && ctx.supplier_id.is_some() {
        return Ok(ctx.supplier_id.clone());
    }
    Ok(match from {
        Some(f) => db::location_supplier_ids(ctx.conn, f)?.into_iter().next(),
        None => None,
    })
}

/// v1's move-type inference (allocation moves are not "v2" moves).
fn infer_move_type(ctx: &Ctx<'_>, from: Option<&str>, to: Option<&str>) -> Result<String, Fault> {
    let kind = |id: Option<&str>| -> Result<Option<String>, Fault> {
        Ok(match id {
            Some(id) => db::location(ctx.conn, id)?.map(|l| l.location_type),
            None => None,
        })
    };
    if to.is_none() {
        return Ok("prison_recall".into());
    }
    Ok(match (kind(from)?.as_deref(), kind(to)?.as_deref()) {
        (_, Some("court")) => "court_appearance",
        (Some("police"), Some("police")) => "police_transfer",
        _ => "prison_transfer",
    }
    .into())
}

// ---------------------------------------------------------------------------------------------
// Allocations
// ---------------------------------------------------------------------------------------------

/// An enum attribute as its key: keys stay, the API's stored values map back to their key,
/// blank is absent.
fn enum_key(v: &Value, keys: &[&str], stored: &[&str]) -> Option<String> {
    let s = v.as_str().filter(|s| !s.is_empty())?;
    if keys.contains(&s) {
        return Some(s.to_owned());
    }
    stored
        .iter()
        .position(|x| *x == s)
        .and_then(|i| keys.get(i))
        .map(|k| (*k).to_owned())
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `POST /api/allocations`: an unfilled allocation and its requested moves.
pub fn allocation_create(ctx: &Ctx<'_>) -> Outcome {
    let count = integer(ctx.attr("moves_count")).unwrap_or(0);
    if count > MAX_ALLOCATION_MOVES {
        return Err(Fault::Limit(format!(
            "moves_count {count} is more than the sandbox creates in one allocation ({MAX_ALLOCATION_MOVES}); the real API has no limit"
        )));
    }
    let from = ctx.relationship_id("from_location");
    let to = ctx.relationship_id("to_location");
    let complex_cases: Vec<Value> = ctx
        .attr("complex_cases")
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .filter_map(Value::as_object)
                .map(|c| {
                    let kept: Map<String, Value> = c
                        .iter()
                        .filter(|(k, _)| {
                            matches!(
                                k.as_str(),
                                "key" | "title" | "answer" | "allocation_complex_case_id"
                            )
                        })
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    Value::Object(kept)
                })
                .collect()
        })
        .unwrap_or_default();
    let a = Allocation {
        id: ctx.new_id(),
        date: ctx::date(ctx.attr("date")),
        moves_count: count,
        status: "unfilled".into(),
        estate: enum_key(ctx.attr("estate"), Estate::VALUES, ESTATE_STORED_VALUES),
        estate_comment: text(ctx.attr("estate_comment")),
        prisoner_category: enum_key(
            ctx.attr("prisoner_category"),
            PrisonerCategory::VALUES,
            PRISONER_CATEGORY_STORED_VALUES,
        ),
        sentence_length: enum_key(
            ctx.attr("sentence_length"),
            SentenceLength::VALUES,
            SENTENCE_LENGTH_STORED_VALUES,
        ),
        sentence_length_comment: text(ctx.attr("sentence_length_comment")),
        complete_in_full: ctx::boolean(ctx.attr("complete_in_full")).unwrap_or(false),
        other_criteria: text(ctx.attr("other_criteria")),
        requested_by: text(ctx.attr("requested_by")),
        complex_cases: Value::Array(complex_cases),
        cancellation_reason: None,
        cancellation_reason_comment: None,
        from_location_id: from.clone(),
        to_location_id: to.clone(),
        created_at: ctx.now.secs,
        updated_at: ctx.now.secs,
    };
    db::save_allocation(ctx.conn, &a)?;
    let move_type = infer_move_type(ctx, from.as_deref(), to.as_deref())?;
    let supplier = move_supplier(ctx, from.as_deref())?;
    for _ in 0..count {
        let m = Move {
            id: ctx.new_id(),
            reference: new_reference(ctx.conn)?,
            status: "requested".into(),
            move_type: Some(move_type.clone()),
            from_location_id: from.clone(),
            to_location_id: to.clone(),
            allocation_id: Some(a.id.clone()),
            supplier_id: supplier.clone(),
            date: a.date.clone(),
            created_at: ctx.now.secs,
            updated_at: ctx.now.secs,
            ..Move::default()
        };
        db::save_move(ctx.conn, &m)?;
        store_event(
            ctx,
            "moves",
            &m.id,
            "MoveRequested",
            Map::new(),
            ctx.now,
            Some("Automatically generated for allocation".into()),
            a.requested_by.clone(),
        )?;
    }
    Ok(Reply::created(read::allocation_document(ctx, &a.id)?))
}

/// `PATCH /api/allocations/:id`: a new date moves every move (and their proposed journeys).
pub fn allocation_update(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let mut a = db::allocation(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("allocation {id} vanished")))?;
    let new_date = if ctx.has_attr("date") {
        ctx::date(ctx.attr("date"))
    } else {
        a.date.clone()
    };
    let reason = text(ctx.attr("date_changed_reason"));
    if new_date != a.date {
        let old_date = a.date.clone();
        a.date = new_date.clone();
        a.updated_at = ctx.now.secs;
        db::save_allocation(ctx.conn, &a)?;
        for mut m in db::moves_of_allocation(ctx.conn, &id)? {
            m.date = new_date.clone();
            m.date_changed_reason = reason.clone().or(m.date_changed_reason);
            m.updated_at = ctx.now.secs;
            db::save_move(ctx.conn, &m)?;
            move_journeys_to_date(ctx, &m.id, old_date.as_deref(), new_date.as_deref())?;
            let mut d = details(&[("date", json!(new_date))]);
            if let Some(r) = &reason {
                d.insert("date_changed_reason".into(), json!(r));
            }
            store_event(
                ctx,
                "moves",
                &m.id,
                "MoveDateChanged",
                d,
                ctx.now,
                None,
                None,
            )?;
        }
    }
    Ok(Reply::ok(read::allocation_document(ctx, &id)?))
}

/// A move's proposed journeys on the old date follow it to the new one.
fn move_journeys_to_date(
    ctx: &Ctx<'_>,
    move_id: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), Fault> {
    for mut j in db::journeys_of_move(ctx.conn, move_id)? {
        if j.state == "proposed" && j.date.as_deref() == old {
            j.date = new.map(str::to_owned);
            j.updated_at = ctx.now.secs;
            db::save_journey(ctx.conn, &j)?;
        }
    }
    Ok(())
}

/// `POST /api/allocations/:id/cancel`: the allocation and every one of its moves.
pub fn allocation_cancel(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let mut a = db::allocation(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("allocation {id} vanished")))?;
    let comment = text(ctx.attr("cancellation_reason_comment"));
    a.status = "cancelled".into();
    a.moves_count = 0;
    a.cancellation_reason = text(ctx.attr("cancellation_reason"));
    a.cancellation_reason_comment = comment.clone();
    a.updated_at = ctx.now.secs;
    db::save_allocation(ctx.conn, &a)?;
    for m in db::moves_of_allocation(ctx.conn, &id)? {
        // Each move is cancelled with reason `other`, whatever reason the allocation got.
        let d = details(&[
            ("cancellation_reason", json!("other")),
            ("cancellation_reason_comment", json!(comment)),
        ]);
        store_event(ctx, "moves", &m.id, "MoveCancel", d, ctx.now, None, None)?;
        replay_move(ctx, &m.id)?;
    }
    refresh_allocation(ctx, &id)?;
    Ok(Reply::no_content())
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

/// A `gender`/`ethnicity` relationship of a person request: `Some(Some(id))` to set,
/// `Some(None)` for `{"data": null}`, `None` when left out; a 404 as the API's when the id
/// is not a seeded record (upstream `Api::V2::PeopleActions#gender`: `Gender.find`).
fn reference_relationship(
    ctx: &Ctx<'_>,
    name: &str,
    class: &str,
    known: &[String],
) -> Result<Option<Option<String>>, Fault> {
    let member = &ctx.body["data"]["relationships"][name];
    if member.is_null() {
        return Ok(None);
    }
    let given = &member["data"]["id"];
    if given.is_null() {
        return Ok(Some(None));
    }
    let text = given
        .as_str()
        .map_or_else(|| given.to_string(), str::to_owned);
    match id_of(given).filter(|id| known.contains(id)) {
        Some(id) => Ok(Some(Some(id))),
        None => Err(Fault::Refused(Box::new(basm_core::Verdict::refused(
            404,
            vec![basm_core::ApiError::record_not_found(
                class,
                &text,
                basm_core::ErrorSource::pointer(format!("/data/relationships/{name}/data/id")),
            )],
        )))),
    }
}

/// A permitted scalar as the string column stores it (Rails casts numbers and booleans).
fn column_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `POST /api/people` (v2): `Person.create!` with the permitted attributes (prison, CRO and
/// PNC numbers stripped, as `auto_strip_attributes` does; a date Rails cannot cast stored as
/// null), then rendered with `V2::PersonWithCategorySerializer`. A person created here is not
/// in NOMIS: no category, CSRA or alerts.
pub fn person_create(ctx: &Ctx<'_>, version: u8) -> Outcome {
    let genders: Vec<String> = seed::genders().into_iter().map(|g| g.0).collect();
    let ethnicities: Vec<String> = seed::ethnicities().into_iter().map(|e| e.0).collect();
    let ethnicity = reference_relationship(ctx, "ethnicity", "Ethnicity", &ethnicities)?;
    let gender = reference_relationship(ctx, "gender", "Gender", &genders)?;
    // `auto_strip_attributes` of the identifiers (upstream `app/models/person.rb` L55). Version
    // 1 takes them from `identifiers` (`People::Crud#person_identifiers`, upstream
    // `app/services/people/crud.rb` L26-36: the last of a type wins) and drops the attributes
    // of the same names; version 2 from the attributes.
    let identifiers = ctx
        .attr("identifiers")
        .as_array()
        .cloned()
        .unwrap_or_default();
    let stripped = |name: &str| {
        let value = if version == 1 {
            identifiers
                .iter()
                .rev()
                .find(|i| i["identifier_type"].as_str() == Some(name))
                .map_or(&Value::Null, |i| &i["value"])
        } else {
            ctx.attr(name)
        };
        column_text(value)
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    let date_of_birth = column_text(ctx.attr("date_of_birth"))
        .and_then(|d| basm_core::time::cast_rails_date(&d))
        .map(|d| d.to_string());
    let person = db::Person {
        id: ctx.new_id(),
        first_names: column_text(ctx.attr("first_names")),
        last_name: column_text(ctx.attr("last_name")),
        date_of_birth,
        gender_additional_information: column_text(ctx.attr("gender_additional_information")),
        prison_number: stripped("prison_number"),
        criminal_records_office: stripped("criminal_records_office"),
        police_national_computer: stripped("police_national_computer"),
        gender_id: gender.flatten(),
        ethnicity_id: ethnicity.flatten(),
        category: None,
        move_supported: None,
        nomis_alerts: Value::Array(Vec::new()),
        created_at: ctx.now.secs,
        csra: None,
    };
    db::insert_person(ctx.conn, &person)?;
    Ok(Reply::created(crate::read::person_document(ctx, person)?))
}

/// `POST /api/people/:id/profiles`: answers as given, else imported from NOMIS (the person's
/// seeded alerts).
pub fn profile_create(ctx: &Ctx<'_>) -> Outcome {
    let person_id = ctx.id_param("id")?;
    let person = db::person(ctx.conn, &person_id)?
        .ok_or_else(|| Fault::Internal(format!("person {person_id} vanished")))?;
    let given = ctx.attr("assessment_answers");
    let answers = match given {
        Value::Array(items) if !items.is_empty() => {
            Value::Array(items.iter().filter(|i| i.is_object()).cloned().collect())
        }
        _ => person.nomis_alerts.clone(),
    };
    // Upstream `ProfilesController#profile_attributes`: category and CSRA are the
    // person's (from NOMIS), whatever the request says.
    let mut p = seed::profile_of(&person, ctx.new_id(), ctx.now.secs);
    p.assessment_answers = answers;
    p.requires_youth_risk_assessment = ctx.attr("requires_youth_risk_assessment").as_bool();
    db::insert_profile(ctx.conn, &p)?;
    Ok(Reply::created(serialize::single(
        ctx.conn,
        Ser::Profile,
        &Rec::Profile(p),
        ctx.rails_param("include").as_deref(),
        &[],
    )?))
}

// ---------------------------------------------------------------------------------------------
// Moves
// ---------------------------------------------------------------------------------------------

/// `POST /api/moves` (v2).
/// The profile a new move is made against: the `profile` relationship's, or in version 1,
/// without one, the `person` relationship's latest profile (upstream
/// `app/controllers/api/v1/moves_actions.rb` L121-127; core has refused a person that is not
/// found, or that has no profile).
fn new_profile(ctx: &Ctx<'_>, version: u8) -> Result<Option<String>, Fault> {
    match ctx.relationship_id("profile") {
        Some(profile) => Ok(Some(profile)),
        None if version == 1 => match ctx.relationship_id("person") {
            Some(person) => Ok(db::latest_profile_of_person(ctx.conn, &person)?),
            None => Ok(None),
        },
        None => Ok(None),
    }
}

pub fn move_create(ctx: &Ctx<'_>, version: u8) -> Outcome {
    let status = if !ctx.has_attr("status") {
        "requested".to_owned()
    } else if is_blank(ctx.attr("status")) {
        // An explicit blank status skips the database default: the state machine's initial.
        "proposed".to_owned()
    } else {
        text(ctx.attr("status")).unwrap_or_else(|| "requested".into())
    };
    let from = ctx.relationship_id("from_location");
    let to = ctx.relationship_id("to_location");
    let mut move_type = text(ctx.attr("move_type"));
    if version == 1 && move_type.is_none() {
        move_type = Some(infer_move_type(ctx, from.as_deref(), to.as_deref())?);
    }
    let m = Move {
        id: ctx.new_id(),
        reference: new_reference(ctx.conn)?,
        status: status.clone(),
        move_type,
        supplier_id: move_supplier(ctx, from.as_deref())?,
        from_location_id: from,
        to_location_id: to,
        profile_id: new_profile(ctx, version)?,
        date: ctx::date(ctx.attr("date")),
        date_from: ctx::date(ctx.attr("date_from")),
        date_to: ctx::date(ctx.attr("date_to")),
        time_due: ctx::datetime(ctx.attr("time_due")),
        additional_information: text(ctx.attr("additional_information")),
        cancellation_reason: text(ctx.attr("cancellation_reason")),
        cancellation_reason_comment: text(ctx.attr("cancellation_reason_comment")),
        move_agreed: ctx::boolean(ctx.attr("move_agreed")),
        move_agreed_by: text(ctx.attr("move_agreed_by")),
        reason_comment: text(ctx.attr("reason_comment")),
        // Version 1 permits neither on a create (upstream
        // `app/controllers/api/v1/moves_actions.rb` L54-70): they are dropped.
        recall_date: ctx::date(ctx.attr("recall_date")).filter(|_| version != 1),
        date_changed_reason: text(ctx.attr("date_changed_reason")).filter(|_| version != 1),
        section_forty_six: ctx::boolean(ctx.attr("section_forty_six")),
        created_at: ctx.now.secs,
        updated_at: ctx.now.secs,
        ..Move::default()
    };
    db::save_move(ctx.conn, &m)?;
    let event = if status == "proposed" {
        "MoveProposed"
    } else {
        "MoveRequested"
    };
    store_event(ctx, "moves", &m.id, event, Map::new(), ctx.now, None, None)?;
    Ok(Reply::created(read::move_document(ctx, &m)?))
}

/// `PATCH /api/moves/:id` (v2), as `Move#infer_status_transition` and the v2 update action
/// apply it: the implied transition, then the requested status assigned directly.
pub fn move_update(ctx: &Ctx<'_>, version: u8) -> Outcome {
    let id = ctx.id_param("id")?;
    let before = db::get_move(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("move {id} vanished")))?;
    let mut m = before.clone();
    let old_status = before.status.clone();
    let requested = Some(ctx.attr("status"))
        .filter(|s| !is_blank(s))
        .and_then(text);
    if let Some(requested) = &requested {
        let trigger = match (old_status.as_str(), requested.as_str()) {
            ("proposed", "requested") => Some("approve"),
            ("requested", "booked") => Some("accept"),
            ("booked", "in_transit") => Some("start"),
            ("in_transit", "completed") => Some("complete"),
            ("proposed" | "requested" | "booked", "cancelled") => Some("cancel"),
            _ => None,
        };
        if trigger == Some("cancel") {
            m.cancellation_reason = text(ctx.attr("cancellation_reason"));
            m.cancellation_reason_comment = text(ctx.attr("cancellation_reason_comment"));
        }
        if trigger == Some("approve")
            && let Some(d) = ctx::date(ctx.attr("date"))
        {
            m.date = Some(d);
        }
        m.status = requested.clone();
    } else {
        if let Some(r) = text(ctx.attr("cancellation_reason")) {
            m.cancellation_reason = Some(r);
        }
        if ctx.has_attr("cancellation_reason_comment") {
            m.cancellation_reason_comment = text(ctx.attr("cancellation_reason_comment"));
        }
    }
    let approving = requested.as_deref() == Some("requested") && old_status == "proposed";
    if !approving && ctx.has_attr("date") {
        m.date = ctx::date(ctx.attr("date"));
    }
    // Version 1 permits neither `move_type`, `recall_date` nor `section_forty_six` on an
    // update (upstream `app/controllers/api/v1/moves_actions.rb` L71-86): they are dropped.
    let v2 = version != 1;
    if v2 && let Some(t) = text(ctx.attr("move_type")) {
        m.move_type = Some(t);
    }
    for (name, slot) in [("date_from", &mut m.date_from), ("date_to", &mut m.date_to)] {
        if let Some(d) = ctx::date(ctx.attr(name)) {
            *slot = Some(d);
        }
    }
    if v2 && ctx.has_attr("recall_date") {
        m.recall_date = ctx::date(ctx.attr("recall_date"));
    }
    if ctx.has_attr("time_due") {
        m.time_due = ctx::datetime(ctx.attr("time_due"));
    }
    for (name, slot) in [
        ("additional_information", &mut m.additional_information),
        ("move_agreed_by", &mut m.move_agreed_by),
        ("reason_comment", &mut m.reason_comment),
        ("date_changed_reason", &mut m.date_changed_reason),
    ] {
        if ctx.has_attr(name) {
            *slot = text(ctx.attr(name));
        }
    }
    if ctx.has_attr("move_agreed") {
        m.move_agreed = ctx::boolean(ctx.attr("move_agreed"));
    }
    if v2 && ctx.has_attr("section_forty_six") {
        m.section_forty_six = ctx::boolean(ctx.attr("section_forty_six"));
    }
    let relationships = &ctx.data()["relationships"];
    let profile_rel = &relationships["profile"];
    let person_rel = &relationships["person"];
    if version == 1 && !profile_rel.is_null() {
        // `Moves::Updater#attributes` (upstream `app/services/moves/updater.rb` L67-84):
        // `Profile.find_by(id: …)`, so an id that finds none unlinks the profile.
        m.profile_id = match id_of(&profile_rel["data"]["id"]) {
            Some(p) => db::profile(ctx.conn, &p)?.map(|found| found.id),
            None => None,
        };
    } else if version == 1 && !person_rel.is_null() {
        // A `person` without a `profile`: that person's latest profile, none when the person
        // is not found (`Person.find_by(id: …)&.latest_profile`).
        m.profile_id = match id_of(&person_rel["data"]["id"]) {
            Some(person) => db::latest_profile_of_person(ctx.conn, &person)?,
            None => None,
        };
    } else if profile_rel.get("data").is_some_and(Value::is_null) {
        m.profile_id = None;
    } else if let Some(p) = id_of(&profile_rel["data"]["id"]) {
        m.profile_id = Some(p);
    }
    if m != before {
        m.updated_at = ctx.now.secs;
        db::save_move(ctx.conn, &m)?;
    }
    if m.date != before.date {
        let mut d = details(&[("date", json!(m.date))]);
        if let Some(r) = &m.date_changed_reason {
            d.insert("date_changed_reason".into(), json!(r));
        }
        store_event(ctx, "moves", &id, "MoveDateChanged", d, ctx.now, None, None)?;
        move_journeys_to_date(ctx, &id, before.date.as_deref(), m.date.as_deref())?;
    }
    if let Some(a) = &m.allocation_id {
        refresh_allocation(ctx, a)?;
    }
    if m.allocation_id.is_some() && create_in_nomis(ctx) {
        create_in_nomis_transfer(ctx, &m)?;
    }
    Ok(Reply::ok(read::move_document(ctx, &m)?))
}

/// Whether the request asks for the transfer in NOMIS: the top-level `create_in_nomis`
/// parameter (the query's, else the body's beside `data`, as Rails' `params` merges them) is
/// `true` as Ruby's `to_s` reads it (upstream `app/controllers/api/v2/moves_actions.rb`
/// L99-101).
fn create_in_nomis(ctx: &Ctx<'_>) -> bool {
    ctx.rails_param("create_in_nomis").as_deref() == Some("true")
}

/// `Allocations::CreateInNomis` (upstream `app/services/allocations/create_in_nomis.rb`):
/// only when the person has a NOMIS booking, the move has a destination and no
/// `nomis_event_id` yet; NOMIS here always makes the transfer (its 201), and the move keeps
/// the event id NOMIS gives. Otherwise nothing happens, and the answer is the same.
fn create_in_nomis_transfer(ctx: &Ctx<'_>, m: &db::Move) -> Result<(), Fault> {
    if m.to_location_id.is_none() || db::nomis_event_id(ctx.conn, &m.id)?.is_some() {
        return Ok(());
    }
    if db::move_booking_id(ctx.conn, &m.id)?.is_none() {
        return Ok(());
    }
    db::record_nomis_transfer(ctx.conn, &m.id)?;
    Ok(())
}

/// The event each move action path creates, the attributes it keeps and its relationship.
fn move_action_spec(
    action: &str,
) -> Option<(&'static str, &'static [&'static str], Option<&'static str>)> {
    Some(match action {
        "accept" => ("MoveAccept", &[], None),
        "approve" => ("MoveApprove", &["date", "create_in_nomis"], None),
        "cancel" => (
            "MoveCancel",
            &["cancellation_reason", "cancellation_reason_comment"],
            None,
        ),
        "complete" => ("MoveComplete", &[], None),
        "lockouts" => ("MoveLockout", &[], Some("from_location")),
        "redirects" => ("MoveRedirect", &["move_type"], Some("to_location")),
        "reject" => (
            "MoveReject",
            &["rejection_reason", "cancellation_reason_comment", "rebook"],
            None,
        ),
        "start" => ("MoveStart", &[], None),
        _ => return None,
    })
}

/// `POST /api/moves/:id/<action>`: stores the event (occurred_at = timestamp), replays.
pub fn move_action(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let action = ctx.param("action");
    let (event_type, kept, relationship) = move_action_spec(action)
        .ok_or_else(|| Fault::Internal(format!("unknown move action {action}")))?;
    let d = action_details(ctx, kept, relationship);
    let at = strict(ctx.attr("timestamp")).unwrap_or(ctx.now);
    let event = store_event(
        ctx,
        "moves",
        &id,
        event_type,
        d,
        at,
        notes(ctx.attr("notes")),
        None,
    )?;
    after_move_event(ctx, &id, &event)?;
    Ok(Reply::no_content())
}

/// What a newly stored move event does: triggers replay the move's events; a lodging event
/// starts or ends the lodging of that day; a truthy `rebook` on a reject books the move again.
fn after_move_event(ctx: &Ctx<'_>, move_id: &str, event: &Event) -> Result<(), Fault> {
    // Every new event re-applies all of the move's events (`GenericEvents::Runner`), whatever
    // its own type: an earlier-stamped trigger stored later can still change the move.
    let (before, after) = replay_move(ctx, move_id)?;
    let rebook = event
        .details
        .get("rebook")
        .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)));
    if event.event_type == "MoveReject"
        && rebook
        && before.status != "cancelled"
        && after.status == "cancelled"
    {
        rebook_move(ctx, &after)?;
    }
    match event.event_type.as_str() {
        "MoveLodgingStart" => lodging_transition(ctx, move_id, event, "start")?,
        "MoveLodgingEnd" => lodging_transition(ctx, move_id, event, "complete")?,
        _ => {}
    }
    Ok(())
}

/// A rejected move rebooked: a proposed copy seven days later.
fn rebook_move(ctx: &Ctx<'_>, original: &Move) -> Result<(), Fault> {
    let later = |d: &Option<String>| {
        d.as_deref()
            .and_then(basm_core::time::cast_rails_date)
            .map(|d| d.add_days(7).to_string())
    };
    let m = Move {
        id: ctx.new_id(),
        reference: new_reference(ctx.conn)?,
        status: "proposed".into(),
        move_type: Some(infer_move_type(
            ctx,
            original.from_location_id.as_deref(),
            original.to_location_id.as_deref(),
        )?),
        from_location_id: original.from_location_id.clone(),
        to_location_id: original.to_location_id.clone(),
        profile_id: original.profile_id.clone(),
        allocation_id: original.allocation_id.clone(),
        supplier_id: original.supplier_id.clone(),
        date: later(&original.date),
        date_from: later(&original.date_from),
        date_to: later(&original.date_to),
        original_move_id: Some(original.id.clone()),
        created_at: ctx.now.secs,
        updated_at: ctx.now.secs,
        ..Move::default()
    };
    db::save_move(ctx.conn, &m)?;
    store_event(
        ctx,
        "moves",
        &m.id,
        "MoveProposed",
        Map::new(),
        ctx.now,
        None,
        None,
    )?;
    Ok(())
}

/// MoveLodgingStart/End: the move's lodging at the event's location whose start date is the
/// event's (London) date starts or completes; nothing happens when none matches.
fn lodging_transition(
    ctx: &Ctx<'_>,
    move_id: &str,
    event: &Event,
    trigger: &str,
) -> Result<(), Fault> {
    let location = event.details.get("location_id").and_then(id_of);
    let day = london_date_of(event.occurred_at.secs);
    for mut l in db::lodgings_of_move(ctx.conn, move_id)? {
        let starts = parse_iso_date(&l.start_date) == Some(day);
        if starts
            && Some(&l.location_id) == location.as_ref()
            && fire(Machine::Lodging, &mut l.status, trigger)
        {
            l.updated_at = ctx.now.secs;
            db::save_lodging(ctx.conn, &l)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/// `POST /api/events`.
pub fn event_create(ctx: &Ctx<'_>) -> Outcome {
    let name = ctx.attr("event_type").as_str().unwrap_or_default();
    let info = EventType::from_wire(name)
        .map(EventType::info)
        .ok_or_else(|| Fault::Internal(format!("unknown event type {name}")))?;
    let eventable = &ctx.data()["relationships"]["eventable"]["data"];
    let eventable_type = eventable["type"].as_str().unwrap_or_default().to_owned();
    let eventable_id =
        id_of(&eventable["id"]).ok_or_else(|| Fault::Internal("eventable without an id".into()))?;
    // Only the declared details are kept; every other relationship becomes `<name>_id`.
    let mut d = Map::new();
    if let Some(given) = ctx.attr("details").as_object() {
        for (k, v) in given {
            if info.field(k).is_some() {
                d.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(rels) = ctx.data()["relationships"].as_object() {
        for (rel, value) in rels {
            if rel != "eventable" {
                d.insert(format!("{rel}_id"), value["data"]["id"].clone());
            }
        }
    }
    let occurred = lenient(ctx.attr("occurred_at")).unwrap_or(ctx.now);
    let recorded = lenient(ctx.attr("recorded_at")).unwrap_or(occurred);
    let stored_name = info.stored_as.unwrap_or(info.name);
    let mut event = store_event(
        ctx,
        &eventable_type,
        &eventable_id,
        stored_name,
        d,
        occurred,
        notes(ctx.attr("notes")),
        None,
    )?;
    if recorded != occurred {
        ctx.conn.execute(
            "UPDATE events SET recorded_secs = ?1, recorded_nanos = ?2 WHERE id = ?3",
            rusqlite::params![recorded.secs, recorded.nanos, event.id],
        )?;
        event.recorded_at = recorded;
    }
    match eventable_type.as_str() {
        "moves" => after_move_event(ctx, &eventable_id, &event)?,
        "journeys" => after_journey_event(ctx, &eventable_id, &event)?,
        _ => {}
    }
    Ok(Reply::created(crate::read::event_document(ctx, event)?))
}

// ---------------------------------------------------------------------------------------------
// Journeys
// ---------------------------------------------------------------------------------------------

/// Re-applies a journey's events: state transitions and vehicle changes.
fn replay_journey(ctx: &Ctx<'_>, journey_id: &str) -> Result<(), Fault> {
    let Some(before) = db::journey(ctx.conn, journey_id)? else {
        return Ok(());
    };
    let mut j = before.clone();
    for e in db::events_of(ctx.conn, "journeys", journey_id)? {
        let reg = e
            .details
            .get("vehicle_reg")
            .filter(|v| !is_blank(v))
            .cloned();
        let depot = e
            .details
            .get("vehicle_depot")
            .filter(|v| !is_blank(v))
            .cloned();
        if matches!(
            e.event_type.as_str(),
            "JourneyStart" | "JourneyComplete" | "JourneyChangeVehicle"
        ) {
            let mut vehicle = j
                .vehicle
                .clone()
                .filter(Value::is_object)
                .unwrap_or_else(|| json!({}));
            if let Some(r) = reg {
                vehicle["registration"] = r;
            }
            if let Some(dp) = depot.filter(|_| e.event_type != "JourneyComplete") {
                vehicle["depot"] = dp;
            }
            if vehicle.as_object().is_some_and(|o| !o.is_empty()) {
                j.vehicle = Some(vehicle);
            }
        }
        if let Some(trigger) = EventType::from_wire(&e.event_type).and_then(|t| t.info().trigger) {
            fire(Machine::Journey, &mut j.state, trigger);
        }
    }
    if j != before {
        j.updated_at = ctx.now.secs;
        db::save_journey(ctx.conn, &j)?;
    }
    Ok(())
}

fn after_journey_event(ctx: &Ctx<'_>, journey_id: &str, event: &Event) -> Result<(), Fault> {
    let info = EventType::from_wire(&event.event_type).map(EventType::info);
    if info.and_then(|i| i.trigger).is_some() || event.event_type == "JourneyChangeVehicle" {
        replay_journey(ctx, journey_id)?;
    }
    Ok(())
}

/// The journey's supplier (`journeys.md` §1): an existing supplier named in the request, else
/// the token's owner.
fn journey_supplier(ctx: &Ctx<'_>) -> Result<Option<String>, Fault> {
    let named = ctx.relationship_id("supplier");
    if let Some(s) = &named
        && db::supplier(ctx.conn, s)?.is_some()
    {
        return Ok(named);
    }
    Ok(ctx.supplier_id.clone())
}

/// `POST /api/moves/:move_id/journeys`.
pub fn journey_create(ctx: &Ctx<'_>) -> Outcome {
    let move_id = ctx.id_param("move_id")?;
    let m = db::get_move(ctx.conn, &move_id)?
        .ok_or_else(|| Fault::Internal(format!("move {move_id} vanished")))?;
    let from = ctx
        .relationship_id("from_location")
        .ok_or_else(|| Fault::Internal("journey without from".into()))?;
    let to = ctx
        .relationship_id("to_location")
        .ok_or_else(|| Fault::Internal("journey without to".into()))?;
    let date = match ctx.attr("date") {
        Value::String(s) if !s.trim().is_empty() => ctx::date(ctx.attr("date")),
        Value::String(_) => None,
        _ => m.date.clone(),
    };
    let j = Journey {
        id: ctx.new_id(),
        move_id: move_id.clone(),
        supplier_id: journey_supplier(ctx)?,
        from_location_id: from,
        to_location_id: to,
        state: "proposed".into(),
        billable: ctx.attr("billable").as_bool().unwrap_or(false),
        vehicle: Some(ctx.attr("vehicle").clone()).filter(Value::is_object),
        date,
        client_timestamp: strict(ctx.attr("timestamp")).map_or(ctx.now.secs, |t| t.secs),
        created_at: ctx.now.secs,
        updated_at: ctx.now.secs,
    };
    db::save_journey(ctx.conn, &j)?;
    store_event(
        ctx,
        "journeys",
        &j.id,
        "JourneyCreate",
        Map::new(),
        ctx.now,
        None,
        None,
    )?;
    journey_reply(ctx, &j, 201)
}

/// A journey as `JourneySerializer` renders it (with the request's `include=`), answered
/// with `status`.
pub(crate) fn journey_reply(ctx: &Ctx<'_>, j: &Journey, status: u16) -> Outcome {
    let body = serialize::single(
        ctx.conn,
        Ser::Journey,
        &Rec::Journey(j.clone()),
        ctx.rails_param("include").as_deref(),
        &[],
    )?;
    Ok(Reply {
        status,
        body: Some(body),
    })
}

/// `PATCH /api/moves/:move_id/journeys/:id`: billable, vehicle (replaced whole), date.
pub fn journey_update(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let mut j = db::journey(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("journey {id} vanished")))?;
    if let Some(b) = ctx.attr("billable").as_bool() {
        j.billable = b;
    }
    if ctx.attr("vehicle").is_object() {
        j.vehicle = Some(ctx.attr("vehicle").clone());
    }
    if let Value::String(s) = ctx.attr("date") {
        j.date = if s.is_empty() {
            None
        } else {
            ctx::date(ctx.attr("date"))
        };
    }
    j.updated_at = ctx.now.secs;
    db::save_journey(ctx.conn, &j)?;
    store_event(
        ctx,
        "journeys",
        &j.id,
        "JourneyUpdate",
        Map::new(),
        ctx.now,
        None,
        None,
    )?;
    journey_reply(ctx, &j, 200)
}

/// `POST /api/moves/:move_id/journeys/:id/<action>`.
pub fn journey_action(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let action = ctx.param("action");
    let (event_type, kept, relationship): (&str, &[&str], Option<&str>) = match action {
        "start" => ("JourneyStart", &["vehicle_reg", "vehicle_depot"], None),
        "complete" => ("JourneyComplete", &["vehicle_reg"], None),
        "cancel" => ("JourneyCancel", &[], None),
        "uncancel" => ("JourneyUncancel", &[], None),
        "reject" => ("JourneyReject", &[], None),
        "uncomplete" => ("JourneyUncomplete", &[], None),
        "lockouts" => ("JourneyLockout", &[], Some("from_location")),
        "lodgings" => ("JourneyLodging", &[], Some("to_location")),
        other => return Err(Fault::Internal(format!("unknown journey action {other}"))),
    };
    let d = action_details(ctx, kept, relationship);
    let at = strict(ctx.attr("timestamp")).unwrap_or(ctx.now);
    let event = store_event(
        ctx,
        "journeys",
        &id,
        event_type,
        d,
        at,
        notes(ctx.attr("notes")),
        None,
    )?;
    after_journey_event(ctx, &id, &event)?;
    Ok(Reply::no_content())
}

// ---------------------------------------------------------------------------------------------
// Lodgings
// ---------------------------------------------------------------------------------------------

fn lodging_reply(ctx: &Ctx<'_>, l: &Lodging, status: u16) -> Outcome {
    let body = serialize::single(
        ctx.conn,
        Ser::Lodging,
        &Rec::Lodging(l.clone()),
        ctx.rails_param("include").as_deref(),
        &[],
    )?;
    Ok(Reply {
        status,
        body: Some(body),
    })
}

/// `POST /api/moves/:move_id/lodgings`: dates kept exactly as sent.
pub fn lodging_create(ctx: &Ctx<'_>) -> Outcome {
    let move_id = ctx.id_param("move_id")?;
    let location = ctx
        .relationship_id("location")
        .ok_or_else(|| Fault::Internal("lodging without location".into()))?;
    let l = Lodging {
        id: ctx.new_id(),
        move_id,
        location_id: location.clone(),
        start_date: text(ctx.attr("start_date")).unwrap_or_default(),
        end_date: text(ctx.attr("end_date")).unwrap_or_default(),
        status: "proposed".into(),
        created_at: ctx.now.secs,
        updated_at: ctx.now.secs,
    };
    db::save_lodging(ctx.conn, &l)?;
    let d = details(&[
        ("start_date", json!(l.start_date)),
        ("end_date", json!(l.end_date)),
        ("location_id", json!(location)),
    ]);
    store_event(
        ctx,
        "lodgings",
        &l.id,
        "LodgingCreate",
        d,
        ctx.now,
        None,
        None,
    )?;
    lodging_reply(ctx, &l, 201)
}

/// `PATCH /api/moves/:move_id/lodgings/:id`: `end_date` and `location`; later lodgings shift
/// with a changed end date.
pub fn lodging_update(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let mut l = db::lodging(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("lodging {id} vanished")))?;
    let new_end = ctx
        .attr("end_date")
        .as_str()
        .map(str::to_owned)
        .filter(|e| *e != l.end_date);
    let new_location = ctx
        .relationship_id("location")
        .filter(|loc| *loc != l.location_id);
    if new_end.is_none() && new_location.is_none() {
        return lodging_reply(ctx, &l, 200);
    }
    if let Some(end) = &new_end {
        let others: Vec<Lodging> = db::lodgings_of_move(ctx.conn, &l.move_id)?
            .into_iter()
            .filter(|o| o.status != "cancelled")
            .collect();
        let shift = match (parse_iso_date(&l.end_date), parse_iso_date(end)) {
            (Some(old), Some(new)) => new.days_since_epoch() - old.days_since_epoch(),
            _ => 0,
        };
        let start = parse_iso_date(&l.start_date);
        if others.len() >= 2 && shift != 0 {
            for mut o in others.into_iter().filter(|o| o.id != l.id) {
                let (Some(os), Some(oe)) =
                    (parse_iso_date(&o.start_date), parse_iso_date(&o.end_date))
                else {
                    continue;
                };
                if start.is_some_and(|s| os > s) {
                    let d = details(&[
                        ("old_start_date", json!(o.start_date)),
                        ("start_date", json!(os.add_days(shift).to_string())),
                        ("old_end_date", json!(o.end_date)),
                        ("end_date", json!(oe.add_days(shift).to_string())),
                    ]);
                    o.start_date = os.add_days(shift).to_string();
                    o.end_date = oe.add_days(shift).to_string();
                    o.updated_at = ctx.now.secs;
                    db::save_lodging(ctx.conn, &o)?;
                    store_event(
                        ctx,
                        "lodgings",
                        &o.id,
                        "LodgingUpdate",
                        d,
                        ctx.now,
                        None,
                        None,
                    )?;
                }
            }
        }
    }
    let mut d = Map::new();
    if let Some(end) = &new_end {
        d.insert("old_end_date".into(), json!(l.end_date));
        d.insert("end_date".into(), json!(end));
        l.end_date = end.clone();
    }
    if let Some(loc) = &new_location {
        d.insert("old_location_id".into(), json!(l.location_id));
        d.insert("location_id".into(), json!(loc));
        l.location_id = loc.clone();
    }
    l.updated_at = ctx.now.secs;
    db::save_lodging(ctx.conn, &l)?;
    store_event(
        ctx,
        "lodgings",
        &l.id,
        "LodgingUpdate",
        d,
        ctx.now,
        None,
        None,
    )?;
    lodging_reply(ctx, &l, 200)
}

/// Writes a LodgingCancel event (also when the lodging could not be cancelled: the API
/// writes it after rendering either answer).
pub fn lodging_cancel_event(ctx: &Ctx<'_>, l: &Lodging) -> Result<(), Fault> {
    let d = details(&[
        ("start_date", json!(l.start_date)),
        ("end_date", json!(l.end_date)),
        ("location_id", json!(l.location_id)),
        (
            "cancellation_reason",
            ctx.attr("cancellation_reason").clone(),
        ),
        (
            "cancellation_reason_comment",
            ctx.attr("cancellation_reason_comment").clone(),
        ),
    ]);
    store_event(
        ctx,
        "lodgings",
        &l.id,
        "LodgingCancel",
        d,
        ctx.now,
        None,
        None,
    )?;
    Ok(())
}

/// `POST /api/moves/:move_id/lodgings/:id/cancel`.
pub fn lodging_cancel(ctx: &Ctx<'_>) -> Outcome {
    let id = ctx.id_param("id")?;
    let mut l = db::lodging(ctx.conn, &id)?
        .ok_or_else(|| Fault::Internal(format!("lodging {id} vanished")))?;
    if fire(Machine::Lodging, &mut l.status, "cancel") {
        l.updated_at = ctx.now.secs;
        db::save_lodging(ctx.conn, &l)?;
    }
    lodging_cancel_event(ctx, &l)?;
    Ok(Reply::no_content())
}

/// `POST /api/moves/:move_id/lodgings/cancel`: every non-cancelled lodging (started and
/// completed ones keep their status but still get the event).
pub fn lodgings_cancel_all(ctx: &Ctx<'_>) -> Outcome {
    let move_id = ctx.id_param("move_id")?;
    for mut l in db::lodgings_of_move(ctx.conn, &move_id)? {
        if l.status == "cancelled" {
            continue;
        }
        if fire(Machine::Lodging, &mut l.status, "cancel") {
            l.updated_at = ctx.now.secs;
            db::save_lodging(ctx.conn, &l)?;
        }
        lodging_cancel_event(ctx, &l)?;
    }
    Ok(Reply::no_content())
}

/// A lodging named in the path, for the cancel refusals the API still stores.
pub fn path_lodging(ctx: &Ctx<'_>) -> Result<Option<Lodging>, Fault> {
    match canonical_uuid(ctx.param("id")) {
        Some(id) => Ok(db::lodging(ctx.conn, &id)?),
        None => Ok(None),
    }
}

/// The details an action endpoint stores on its event: the attributes the path keeps, and its
/// relationship as `<name>_id`.
fn action_details(ctx: &Ctx<'_>, kept: &[&str], relationship: Option<&str>) -> Map<String, Value> {
    let mut d = Map::new();
    for key in kept {
        if ctx.has_attr(key) {
            d.insert((*key).to_owned(), ctx.attr(key).clone());
        }
    }
    if let Some(rel) = relationship {
        d.insert(
            format!("{rel}_id"),
            ctx.data()["relationships"][rel]["data"]["id"].clone(),
        );
    }
    d
}
