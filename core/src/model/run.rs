//! An event's model run: its model validations (`events.md` step 5), then saving it and
//! replaying the eventable's events (step 6).

// Raises are rare (one per refused request) and carry a whole error object; boxing them
// would buy nothing on the accepted path.
#![allow(clippy::result_large_err)]

use std::fmt::Write as _;

use crate::context::{Fact, Facts, Member, lookup_id};
use crate::error::{ErrorSource, Failure, messages};
use crate::events::{EventType, EventTypeInfo, Eventable};
use crate::json::Json;
use crate::pointer;
use crate::state::{Machine, Transition, next_state, replay};
use crate::time::{cast_rails_date, parse_lenient_datetime};
use crate::values::CancellationReason;
use crate::verdict::{Change, Effect, Unchecked, UncheckedKind, Verdict, Warning, WarningKind};

use super::Outcome;
use super::check::ModelCheck;
use super::errors::{ModelError, Raise, RelId, crash, inclusion, model_error, shape_b};
use super::move_draft::{MoveDraft, allocation_refresh, draft_from_facts, validate_move};

/// `/data/relationships/eventable/data/type`.
pub(crate) const EVENTABLE_TYPE: &str = "/data/relationships/eventable/data/type";
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
/// Model validations and effects; an action's errors point at its attributes.
pub(crate) fn run_model(run: EventRun<'_, '_>, facts: &dyn Facts, out: &mut Outcome) -> Verdict {
    let action = run.success_status == 204;
    let verdict = run_model_inner(run, facts, out);
    if action {
        action_pointers(verdict)
    } else {
        verdict
    }
}

fn run_model_inner(run: EventRun<'_, '_>, facts: &dyn Facts, out: &mut Outcome) -> Verdict {
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
            let allowed: Vec<&str> = info.eventable.iter().map(|e| e.wire()).collect();
            check
                .errors
                .push(inclusion("eventable_type", EVENTABLE_TYPE, &allowed));
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
                EVENTABLE_TYPE,
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
        success_status == 204,
    );
    if verdict.valid {
        verdict.status = success_status;
    }
    verdict
}

/// An action body carries the event's details as plain attributes: point there.
fn action_pointers(mut verdict: Verdict) -> Verdict {
    for e in &mut verdict.errors {
        if let Some(p) = e.source.pointer.as_mut()
            && let Some(rest) = p.strip_prefix("/data/attributes/details/")
        {
            *p = format!("/data/attributes/{rest}").into();
        }
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
    action: bool,
) -> Verdict {
    let stored_name = info.stored_as.unwrap_or(info.name);
    let mut changes = vec![Change {
        resource_type: "events".into(),
        id: None,
        attribute: None,
        from: None,
        to: Some(stored_name.to_owned()),
    }];
    // Built by appending (every accepted event returns one; `format!` cost more than the rest
    // of the effect).
    let mut summary = String::with_capacity(SUMMARY_CAPACITY);
    append(
        &mut summary,
        &[
            "Stores a ",
            stored_name,
            " event about ",
            kind.lower_name(),
            " ",
            id.unwrap_or("?"),
        ],
    );
    let Some(id) = id else {
        return Verdict::accepted(201, Effect { summary, changes });
    };
    match kind {
        Eventable::Move => move_effects(
            info,
            id,
            detail_of,
            rels,
            occurred_at,
            facts,
            out,
            action,
            summary,
            changes,
        ),
        Eventable::Journey => {
            let Some(trigger) = info.trigger else {
                summary.push_str("; nothing else changes");
                return Verdict::accepted(201, Effect { summary, changes });
            };
            let state = lookup_id(id, |id| facts.journey(id))
                .known()
                .and_then(|j| j.state.into_value());
            let Some(state) = state else {
                state_not_known(
                    Machine::Journey,
                    trigger,
                    ErrorSource::pointer("/data/relationships/eventable/data/id"),
                    &mut summary,
                    out,
                );
                return Verdict::accepted(201, Effect { summary, changes });
            };
            let new_state = replayed(
                Machine::Journey,
                "journeys",
                id,
                &state,
                trigger,
                occurred_at,
                facts,
            );
            if new_state == state {
                no_change_warning(Machine::Journey, &state, trigger, out);
                append(&mut summary, &["; the journey stays ", &state]);
            } else {
                changes.push(Change {
                    resource_type: "journeys".into(),
                    id: Some(id.to_owned()),
                    attribute: Some("state".into()),
                    from: Some(state.clone()),
                    to: Some(new_state.clone()),
                });
                append(
                    &mut summary,
                    &["; the journey goes from ", &state, " to ", &new_state],
                );
            }
            Verdict::accepted(201, Effect { summary, changes })
        }
        _ => {
            summary.push_str("; nothing else changes");
            Verdict::accepted(201, Effect { summary, changes })
        }
    }
}

/// Room for an effect's summary: one allocation for the usual sentence.
const SUMMARY_CAPACITY: usize = 160;

/// Appends `parts` to a summary.
fn append(summary: &mut String, parts: &[&str]) {
    for part in parts {
        summary.push_str(part);
    }
}

/// The state after replaying the stored events' triggers and the new one, in `occurred_at`
/// order, on the record as it is (the API does not reset it first).
fn replayed(
    machine: Machine,
    collection: &str,
    id: &str,
    state: &str,
    trigger: &str,
    occurred_at: Option<i64>,
    facts: &dyn Facts,
) -> String {
    let timeline = timeline(
        collection,
        id,
        info_trigger_only(trigger),
        occurred_at,
        facts,
    );
    replay(
        machine,
        state,
        timeline.iter().filter_map(|(_, t)| {
            EventType::from_wire(t)
                .and_then(|e| e.info().trigger)
                .or(Some(t.as_str()))
        }),
    )
}

/// A trigger standing for the new event in a timeline.
fn info_trigger_only(trigger: &str) -> String {
    trigger.to_owned()
}

/// Stored events (event type names) and the new one (`new`), sorted by `occurred_at`.
fn timeline(
    collection: &str,
    id: &str,
    new: String,
    occurred_at: Option<i64>,
    facts: &dyn Facts,
) -> Vec<(i64, String)> {
    let mut items: Vec<(i64, String)> = Vec::new();
    if let (Fact::Known(stored), Some(at)) = (facts.events_of(collection, id), occurred_at) {
        for e in &stored {
            if let Some(t) = parse_lenient_datetime(&e.occurred_at) {
                items.push((t.unix_seconds(), e.event_type.clone()));
            }
        }
        items.push((at, new));
    } else {
        items.push((occurred_at.unwrap_or(0), new));
    }
    // By time, then as stored (the new event, pushed last, after those at the same time).
    let order = crate::context::stable_order_by(items.len(), &|a, b| items[a].0 < items[b].0);
    let mut items: Vec<Option<(i64, String)>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| items[i].take()).collect()
}

/// A `trigger` for a record whose current state is not a known fact: whether it fires is
/// unchecked (at `source`), and the effect's summary says so.
fn state_not_known(
    machine: Machine,
    trigger: &'static str,
    source: ErrorSource,
    summary: &mut String,
    out: &mut Outcome,
) {
    out.unchecked.push(Unchecked::new(
        UncheckedKind::CurrentState { machine, trigger },
        source,
    ));
    append(
        summary,
        &[
            "; fires ",
            trigger,
            " on the ",
            machine.record(),
            " (its current ",
            machine.attribute(),
            " is not known)",
        ],
    );
}

fn no_change_warning(machine: Machine, state: &str, trigger: &str, out: &mut Outcome) {
    let reason = match next_state(machine, state, trigger) {
        Ok(Transition::NoChange { reason }) => reason,
        _ => format!("replaying the record's events leaves it {state}"),
    };
    out.warnings.push(Warning::new(
        WarningKind::NoChange { reason },
        ErrorSource::pointer("/data/attributes/event_type"),
    ));
}

/// Where a 422 about the move points: at the value of this request that caused it, or, for
/// a failure of the move's own state, at the move (the eventable, or the path's `id`).
fn move_error_source(
    attribute: &str,
    info: &EventTypeInfo,
    sent: &dyn Fn(&str) -> bool,
    action: bool,
) -> ErrorSource {
    let value = |key: &str| {
        if action {
            ErrorSource::pointer(pointer::attribute(key))
        } else {
            ErrorSource::pointer(pointer::detail(key))
        }
    };
    let state = || {
        if action {
            ErrorSource::parameter("id")
        } else {
            ErrorSource::pointer(pointer::join(&[
                "data",
                "relationships",
                "eventable",
                "data",
                "id",
            ]))
        }
    };
    match (info.name, attribute) {
        ("MoveCancel", "cancellation_reason") if sent("cancellation_reason") => {
            value("cancellation_reason")
        }
        ("MoveReject", "rejection_reason") if sent("rejection_reason") => value("rejection_reason"),
        ("MoveReject", "cancellation_reason") => {
            if action {
                state()
            } else {
                ErrorSource::pointer(pointer::attribute("event_type"))
            }
        }
        ("MoveApprove", "date") => value("date"),
        ("MoveRedirect", "to_location" | "to_location_id") => {
            ErrorSource::pointer(pointer::relationship_id("to_location"))
        }
        ("MoveRedirect", "move_type") if sent("move_type") => value("move_type"),
        _ => state(),
    }
}

/// A move event's effect: the move after the event (and every stored event, replayed), checked
/// with the move's own validations as `save!` does.
#[allow(clippy::too_many_arguments)]
fn move_effects<'r, 'a>(
    info: &'static EventTypeInfo,
    id: &str,
    detail_of: &dyn Fn(&str) -> Option<&'r Json<'a>>,
    rels: &[(&str, RelId<'_, '_>)],
    occurred_at: Option<i64>,
    facts: &dyn Facts,
    out: &mut Outcome,
    action: bool,
    mut summary: String,
    mut changes: Vec<Change>,
) -> Verdict {
    // Present at all (even `[]`): the value of this request is what the move fails on.
    let sent = |key: &str| detail_of(key).is_some();
    let move_error = |e: ModelError, at: ErrorSource| {
        let mut error = e.error.unverified();
        error.source = at;
        error.meta.reason = Some("the event row is stored, then saving the move fails".into());
        error
    };
    let Some(current) = lookup_id(id, |id| facts.move_(id)).known() else {
        // Without the move's facts only the request itself can be judged.
        if info.name == "MoveCancel"
            && matches!(detail_of("cancellation_reason"), Some(Json::Array(_)))
        {
            let e = inclusion(
                "cancellation_reason",
                String::new(),
                CancellationReason::VALUES,
            );
            return Verdict::refused(
                422,
                vec![move_error(
                    e,
                    move_error_source("cancellation_reason", info, &sent, action),
                )],
            );
        }
        if let Some(trigger) = info.trigger {
            state_not_known(
                Machine::Move,
                trigger,
                ErrorSource::pointer("/data/relationships/eventable/data/id"),
                &mut summary,
                out,
            );
        } else {
            summary.push_str("; nothing else changes on the move");
        }
        return Verdict::accepted(201, Effect { summary, changes });
    };
    let mut before = draft_from_facts(id, &current, facts);
    // A move rule skipped for want of a fact points at the move.
    before.record = Some(move_error_source("", info, &|_| false, action));
    let mut after = before.clone();
    let mut comment: Option<String> = None;
    // Replay: every stored event's side effects, then this one's, in occurred_at order.
    for (_, event_type) in timeline("moves", id, info.name.to_owned(), occurred_at, facts) {
        let this = event_type == info.name;
        // An unknown status stays unknown: whether the trigger fires is not known.
        let status = after.status.known().map(|s| s.cloned().unwrap_or_default());
        let fire = |after: &mut MoveDraft, trigger: &str| -> bool {
            let Some(status) = &status else { return false };
            match next_state(Machine::Move, status, trigger) {
                Ok(Transition::Changed { to, .. }) => {
                    after.status = Member::Value(to);
                    true
                }
                _ => false,
            }
        };
        match event_type.as_str() {
            "MoveCancel" => {
                if this {
                    after.cancellation_reason =
                        detail_of("cancellation_reason").map(Json::ruby_to_s).into();
                    comment = detail_of("cancellation_reason_comment")
                        .filter(|v| !matches!(v, Json::Null))
                        .map(Json::ruby_to_s);
                }
                fire(&mut after, "cancel");
            }
            "MoveReject" => {
                if this {
                    after.rejection_reason =
                        detail_of("rejection_reason").map(Json::ruby_to_s).into();
                    comment = detail_of("cancellation_reason_comment")
                        .filter(|v| !matches!(v, Json::Null))
                        .map(Json::ruby_to_s);
                }
                after.cancellation_reason = Member::Value("rejected".into());
                fire(&mut after, "reject");
            }
            "MoveApprove" => {
                // The date is taken only when the transition happens.
                let unknown = after.status.is_unknown();
                let fired = fire(&mut after, "approve");
                if this {
                    let date: Member<_> = detail_of("date")
                        .and_then(Json::as_str)
                        .and_then(cast_rails_date)
                        .into();
                    if fired {
                        after.date = date;
                    } else if unknown && after.date != date {
                        // Whether approve fires (and takes the date) is not known.
                        after.date = Member::Unknown;
                    }
                }
            }
            "MoveAccept" => {
                fire(&mut after, "accept");
            }
            "MoveStart" => {
                fire(&mut after, "start");
            }
            "MoveComplete" => {
                fire(&mut after, "complete");
            }
            "MoveLockout" => after.has_lockout = Member::Value(true),
            "MoveRedirect" if this => {
                if let Some((_, RelId::Id(Json::String(to)))) =
                    rels.iter().rev().find(|(n, _)| *n == "to_location")
                {
                    after.to.id = crate::context::canonical_uuid(to).into();
                    after.to.facts = after.to.id.value().and_then(|i| facts.location(i).known());
                    after.to.pointer = pointer::relationship_id("to_location");
                }
                if let Some(mt) = detail_of("move_type").filter(|v| !v.is_blank()) {
                    after.move_type = Member::Value(mt.ruby_to_s());
                }
            }
            _ => {}
        }
    }
    // MoveReject with a truthy rebook creates a proposed move 7 days later.
    if info.name == "MoveReject"
        && detail_of("rebook").is_some_and(Json::is_truthy)
        && after.status.value().map(String::as_str) == Some("cancelled")
    {
        let mut errors = Vec::new();
        let at = if action {
            ErrorSource::pointer(pointer::attribute("rebook"))
        } else {
            ErrorSource::pointer(pointer::detail("rebook"))
        };
        for (member, known) in [
            ("profile_id", before.profile_id.known().is_some()),
            ("date_from", before.date_from.known().is_some()),
        ] {
            if !known {
                out.unchecked.push(Unchecked::new(
                    UncheckedKind::RebookMember { member },
                    at.clone(),
                ));
            }
        }
        if before.profile_id.known() == Some(None) {
            errors.push(move_error(
                model_error(
                    "profile",
                    messages::BLANK,
                    "blank",
                    Failure::Blank,
                    String::new(),
                ),
                at.clone(),
            ));
        }
        if before.date_from.known() == Some(None) {
            errors.push(move_error(
                model_error(
                    "date_from",
                    messages::BLANK,
                    "blank",
                    Failure::Blank,
                    String::new(),
                ),
                at,
            ));
        }
        if !errors.is_empty() {
            return Verdict::refused(422, errors);
        }
    }
    let moved = |d: &MoveDraft| {
        (
            d.status.clone(),
            d.cancellation_reason.clone(),
            d.rejection_reason.clone(),
            d.date.clone(),
            d.to.id.clone(),
            d.move_type.clone(),
            d.has_lockout.clone(),
        )
    };
    if moved(&after) != moved(&before) || comment.is_some() {
        let errors = validate_move(&after, facts, out);
        if !errors.is_empty() {
            let errors = errors
                .into_iter()
                .map(|e| {
                    let at = move_error_source(&e.attribute, info, &sent, action);
                    move_error(e, at)
                })
                .collect();
            return Verdict::refused(422, errors);
        }
    }
    let mut change = |attribute: &str, from: Option<String>, to: Option<String>| {
        if from != to {
            changes.push(Change {
                resource_type: "moves".into(),
                id: Some(id.to_owned()),
                attribute: Some(attribute.into()),
                from,
                to,
            });
        }
    };
    let value = |m: &Member<String>| m.value().cloned();
    change(
        "rejection_reason",
        value(&before.rejection_reason),
        value(&after.rejection_reason),
    );
    change(
        "cancellation_reason",
        value(&before.cancellation_reason),
        value(&after.cancellation_reason),
    );
    if let Some(c) = &comment {
        change("cancellation_reason_comment", None, Some(c.clone()));
    }
    change("status", value(&before.status), value(&after.status));
    change(
        "date",
        before.date.value().map(|d| d.to_string()),
        after.date.value().map(|d| d.to_string()),
    );
    change(
        "to_location",
        current.to_location_id.value().cloned(),
        after
            .to
            .id
            .value()
            .cloned()
            .or(current.to_location_id.value().cloned()),
    );
    change(
        "move_type",
        value(&before.move_type),
        value(&after.move_type),
    );
    let old_status = value(&before.status).unwrap_or_default();
    let new_status = value(&after.status).unwrap_or_default();
    if let Some(trigger) = info.trigger.filter(|t| *t != "redirect") {
        if before.status.is_unknown() {
            state_not_known(
                Machine::Move,
                trigger,
                move_error_source("", info, &|_| false, action),
                &mut summary,
                out,
            );
        } else if new_status == old_status {
            no_change_warning(Machine::Move, &old_status, trigger, out);
            append(&mut summary, &["; the move stays ", &old_status]);
        } else {
            append(
                &mut summary,
                &["; the move goes from ", &old_status, " to ", &new_status],
            );
        }
    } else if info.name == "MoveRedirect" {
        summary.push_str("; the move goes to the new location");
    }
    // Lodgings started or completed by MoveLodgingStart / MoveLodgingEnd.
    if let (Some((from, to)), Some(at)) = (lodging_transition(info.name), occurred_at) {
        lodging_effect(
            id,
            rels,
            at,
            from,
            to,
            facts,
            &mut changes,
            &mut summary,
            out,
        );
    }
    if new_status != old_status
        && let Some(allocation) = current.allocation_id.value()
        && let Some(has_profile) = after.profile_id.known().map(|p| p.is_some())
        && let Some(c) = allocation_refresh(facts, allocation, id, has_profile, &new_status)
    {
        let _ = write!(
            summary,
            "; allocation {allocation} becomes {}",
            c.to.clone().unwrap_or_default()
        );
        changes.push(c);
    }
    Verdict::accepted(201, Effect { summary, changes })
}

fn lodging_transition(event: &str) -> Option<(&'static str, &'static str)> {
    match event {
        "MoveLodgingStart" => Some(("proposed", "started")),
        "MoveLodgingEnd" => Some(("started", "completed")),
        _ => None,
    }
}

/// The move's lodging at the event's location whose `start_date` is the London date of
/// `occurred_at` (for both events: lodgings.md §1), moved by its state machine.
#[allow(clippy::too_many_arguments)]
fn lodging_effect(
    move_id: &str,
    rels: &[(&str, RelId<'_, '_>)],
    occurred_at: i64,
    from: &str,
    to: &str,
    facts: &dyn Facts,
    changes: &mut Vec<Change>,
    summary: &mut String,
    out: &mut Outcome,
) {
    let location = rels
        .iter()
        .rev()
        .find(|(n, _)| *n == "location")
        .and_then(|(_, r)| match r {
            RelId::Id(Json::String(s)) => crate::context::canonical_uuid(s),
            _ => None,
        });
    let london = crate::time::london_date_of(occurred_at);
    match facts.lodgings_of_move(move_id) {
        Fact::Known(lodgings) => {
            let found = lodgings.iter().find(|(_, l)| {
                l.location_id
                    .value()
                    .and_then(|l| crate::context::canonical_uuid(l))
                    == location
                    && l.start_date
                        .value()
                        .and_then(|d| crate::time::parse_iso_date(d))
                        == Some(london)
            });
            match found {
                Some((lodging_id, l)) if l.status.value().map(String::as_str) == Some(from) => {
                    changes.push(Change {
                        resource_type: "lodgings".into(),
                        id: Some(lodging_id.clone()),
                        attribute: Some("status".into()),
                        from: Some(from.into()),
                        to: Some(to.into()),
                    });
                    let _ = write!(summary, "; lodging {lodging_id} becomes {to}");
                }
                _ => {
                    let _ = write!(
                        summary,
                        "; no {from} lodging there starts on {london}, so no lodging changes"
                    );
                }
            }
        }
        _ => out.unchecked.push(Unchecked::new(
            UncheckedKind::LodgingBecomes {
                status: to.to_owned(),
            },
            ErrorSource::pointer(pointer::relationship("location")),
        )),
    }
}
