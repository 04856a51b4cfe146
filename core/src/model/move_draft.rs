//! A move as it would be saved, and the move model's validations (`moves.md` §5).

use crate::context::{Fact, Facts, LocationFacts, Member, MoveFacts, canonical_uuid};
use crate::error::{ErrorSource, Failure, humanize_lowercase, messages};
use crate::pointer;
use crate::time::{Date, cast_rails_date};
use crate::values::{
    CancellationReason, MoveStatus, MoveType, PRISON_LIKE_LOCATION_TYPES, RejectionReason,
};
use crate::verdict::{Change, Unchecked, UncheckedKind};

use super::Outcome;
use super::errors::{ModelError, inclusion, model_error};

/// A location named by a move request, with what the facts know of it.
#[derive(Debug, Clone, Default)]
pub(crate) struct LocationRef {
    /// Its id: `Null` when the move has none, `Unknown` when the facts do not say.
    pub id: Member<String>,
    pub facts: Option<LocationFacts>,
    pub pointer: String,
}

impl LocationRef {
    /// Its `location_type`: `None` when not known (no facts, or the member is not given).
    pub(crate) fn kind(&self) -> Option<Option<&str>> {
        match (&self.id, &self.facts) {
            (Member::Unknown, _) => None,
            (Member::Null, _) => Some(None),
            (Member::Value(_), None) => None,
            (Member::Value(_), Some(l)) => l.location_type.known().map(|t| t.map(String::as_str)),
        }
    }
}

/// A move as it would be saved, for the model validations of `moves.md` §5.
///
/// A member that came from the request is known; one that came from the facts keeps its
/// [`Member`] state, and every validation that reads an unknown member is skipped and listed in
/// `unchecked` (`context.rs`: absent = unknown, never guessed).
#[derive(Debug, Clone)]
pub(crate) struct MoveDraft {
    pub status: Member<String>,
    pub move_type: Member<String>,
    pub from: LocationRef,
    pub to: LocationRef,
    pub profile_id: Member<String>,
    pub person_id: Member<String>,
    pub date: Member<Date>,
    pub date_from: Member<Date>,
    pub date_to: Member<Date>,
    /// A recall_date was supplied but does not cast.
    pub recall_date_invalid: bool,
    pub cancellation_reason: Member<String>,
    pub rejection_reason: Member<String>,
    /// Whether a supplier is known to exist (`None`: not known).
    pub supplier: Option<bool>,
    pub has_lockout: Member<bool>,
    /// An update changes `date` of a move that belongs to an allocation (`None`: not known).
    pub date_changed_in_allocation: Option<bool>,
    /// This move's own id (update), excluded from the duplicate check.
    pub id: Option<String>,
    /// Where each attribute is in the request (`/data/attributes/<x>` unless said otherwise).
    pub attribute_pointer: fn(&str) -> String,
    /// Where a check skipped for want of a fact about the stored move points (the move in the
    /// path, or the eventable); `None`: at the attribute.
    pub record: Option<ErrorSource>,
}

impl Default for MoveDraft {
    fn default() -> Self {
        MoveDraft {
            status: Member::Null,
            move_type: Member::Null,
            from: LocationRef::default(),
            to: LocationRef::default(),
            profile_id: Member::Null,
            person_id: Member::Null,
            date: Member::Null,
            date_from: Member::Null,
            date_to: Member::Null,
            recall_date_invalid: false,
            cancellation_reason: Member::Null,
            rejection_reason: Member::Null,
            supplier: None,
            has_lockout: Member::Value(false),
            date_changed_in_allocation: Some(false),
            id: None,
            attribute_pointer: default_pointer,
            record: None,
        }
    }
}

/// Where an attribute is in a request: `/data/attributes/<attribute>`.
pub(crate) fn default_pointer(attribute: &str) -> String {
    pointer::attribute(attribute)
}

impl MoveDraft {
    fn at(&self, attribute: &str) -> String {
        (self.attribute_pointer)(attribute)
    }

    /// Records that the model rule `rule` was not checked: the facts do not give `members`.
    fn skip(
        &self,
        out: &mut Outcome,
        rule: &'static str,
        members: &[&'static str],
        attribute: &str,
    ) {
        out.unchecked.push(Unchecked::new(
            UncheckedKind::MoveRule {
                rule,
                members: members.to_vec(),
            },
            self.record
                .clone()
                .unwrap_or_else(|| ErrorSource::pointer(self.at(attribute))),
        ));
    }

    /// The names of the members of `named` that are unknown.
    fn unknown<'n>(named: &[(&'n str, bool)]) -> Vec<&'n str> {
        named.iter().filter(|(_, u)| *u).map(|(n, _)| *n).collect()
    }
}

/// The move model's validations, in the order `app/models/move.rb` declares them. A
/// validation whose inputs the facts do not give is skipped and listed in `unchecked`.
pub(crate) fn validate_move(
    draft: &MoveDraft,
    facts: &dyn Facts,
    out: &mut Outcome,
) -> Vec<ModelError> {
    let mut errors = Vec::new();
    // The status: `None` when unknown. A status given as `null` is known empty: it fails the
    // inclusion rule (`validates :status, inclusion: { in: statuses }`, app/models/move.rb:110)
    // and the other rules read it as "not one of theirs".
    let status: Option<&str> = draft.status.known().map(|s| s.map_or("", String::as_str));
    let status_is = |set: &[&str]| status.map(|s| set.contains(&s));
    // 1. supplier must exist.
    if draft.supplier == Some(false) {
        errors.push(model_error(
            "supplier",
            "must exist",
            "blank",
            Failure::Blank,
            draft.at("supplier"),
        ));
    }
    // 2. from_location must exist, and presence.
    match draft.from.id.known() {
        None => draft.skip(
            out,
            "from_location can't be blank",
            &["from_location_id"],
            "from_location",
        ),
        Some(None) => {
            errors.push(model_error(
                "from_location",
                "must exist",
                "blank",
                Failure::Blank,
                draft.from.pointer.clone(),
            ));
            errors.push(model_error(
                "from_location",
                messages::BLANK,
                "blank",
                Failure::Blank,
                draft.from.pointer.clone(),
            ));
        }
        Some(Some(_)) => {}
    }
    // 3. to_location required unless prison_recall / video_remand.
    if draft.to.id.known() == Some(None) {
        match draft.move_type.known() {
            None => draft.skip(
                out,
                "to_location can't be blank",
                &["move_type"],
                "to_location",
            ),
            Some(t)
                if !matches!(
                    t.map(String::as_str),
                    Some("prison_recall" | "video_remand")
                ) =>
            {
                errors.push(model_error(
                    "to_location",
                    messages::BLANK,
                    "blank",
                    Failure::Blank,
                    draft.to.pointer.clone(),
                ))
            }
            Some(_) => {}
        }
    } else if draft.to.id.is_unknown() {
        draft.skip(
            out,
            "to_location can't be blank",
            &["to_location_id"],
            "to_location",
        );
    }
    // 4. to differs from from (skipped after a lockout).
    if let (Some(to), Some(from)) = (draft.to.id.value(), draft.from.id.value())
        && to == from
    {
        match draft.has_lockout.flag() {
            Some(false) => errors.push(model_error(
                "to_location_id",
                "should be different to the from location",
                "should be different to the from location",
                Failure::SameAsFromLocation,
                draft.to.pointer.clone(),
            )),
            Some(true) => {}
            None => draft.skip(
                out,
                "to_location_id should be different to the from location",
                &["has_lockout"],
                "to_location",
            ),
        }
    } else if draft.to.id.is_unknown() || draft.from.id.is_unknown() {
        let missing = MoveDraft::unknown(&[
            ("from_location_id", draft.from.id.is_unknown()),
            ("to_location_id", draft.to.id.is_unknown()),
        ]);
        if draft.to.id.known() != Some(None) && draft.from.id.known() != Some(None) {
            draft.skip(
                out,
                "to_location_id should be different to the from location",
                &missing,
                "to_location",
            );
        }
    }
    // 5. move_type inclusion (blank fails too).
    let move_type: Option<Option<&str>> = draft
        .move_type
        .known()
        .map(|t| t.map(String::as_str).filter(|t| !t.trim().is_empty()));
    match move_type {
        None => draft.skip(
            out,
            "move_type is not included in the list",
            &["move_type"],
            "move_type",
        ),
        Some(t) if t.is_none_or(|t| MoveType::from_wire(t).is_none()) => {
            let e = inclusion("move_type", draft.at("move_type"), MoveType::VALUES);
            errors.push(e);
        }
        Some(_) => {}
    }
    // 6. Moves::MoveTypeValidator.
    errors.extend(move_type_validator(draft, move_type, out));
    // 7. profile required when proposed, in_transit or completed.
    let needs_profile = status_is(&["proposed", "in_transit", "completed"]);
    match (draft.profile_id.known(), needs_profile) {
        (Some(None), Some(true)) => errors.push(model_error(
            "profile",
            messages::BLANK,
            "blank",
            Failure::Blank,
            draft.at("profile"),
        )),
        (Some(Some(_)), _) | (_, Some(false)) => {}
        _ => draft.skip(
            out,
            "profile can't be blank",
            &MoveDraft::unknown(&[
                ("status", needs_profile.is_none()),
                ("profile_id", draft.profile_id.is_unknown()),
            ]),
            "profile",
        ),
    }
    // 9. no duplicate active move for the same person, from, to and date.
    let inputs = [
        ("status", draft.status.is_unknown()),
        ("person_id", draft.person_id.is_unknown()),
        ("from_location_id", draft.from.id.is_unknown()),
        ("to_location_id", draft.to.id.is_unknown()),
        ("date", draft.date.is_unknown()),
    ];
    let not_active = status_is(&["proposed", "cancelled"]) == Some(true);
    // A move with no to-location (a prison recall) is compared with the others with none
    // (`to_location_id IS NULL`); one with no from-location or date has its own 422.
    let empty = [
        draft.person_id.known() == Some(None),
        draft.from.id.known() == Some(None),
        draft.date.known() == Some(None),
    ];
    if let (Some(false), Some(person), Some(from), Some(to), Some(date)) = (
        status_is(&["proposed", "cancelled"]),
        draft.person_id.value(),
        draft.from.id.value(),
        draft.to.id.known(),
        draft.date.value(),
    ) {
        let to = to.map(String::as_str);
        match facts.duplicate_move(person, from, to, &date.to_string(), draft.id.as_deref()) {
            Fact::Known(existing) => errors.push(date_taken(existing, draft.at("date"))),
            Fact::Unknown => out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the person already has an active move on that date between those locations (422 taken)"), ErrorSource::pointer(draft.at("profile")))),
            Fact::Missing => {}
        }
    } else if !not_active && !empty.contains(&true) && inputs.iter().any(|(_, u)| *u) {
        draft.skip(
            out,
            "date has already been taken",
            &MoveDraft::unknown(&inputs),
            "date",
        );
    }
    // 10. date required unless proposed or cancelled.
    match (draft.date.known(), status_is(&["proposed", "cancelled"])) {
        (Some(None), Some(false)) => errors.push(model_error(
            "date",
            messages::BLANK,
            "blank",
            Failure::Blank,
            draft.at("date"),
        )),
        (Some(Some(_)), _) | (_, Some(true)) => {}
        _ => draft.skip(
            out,
            "date can't be blank",
            &MoveDraft::unknown(&[
                ("status", status.is_none()),
                ("date", draft.date.is_unknown()),
            ]),
            "date",
        ),
    }
    // 11. date_from required when proposed.
    match (draft.date_from.known(), status_is(&["proposed"])) {
        (Some(None), Some(true)) => errors.push(model_error(
            "date_from",
            messages::BLANK,
            "blank",
            Failure::Blank,
            draft.at("date_from"),
        )),
        (Some(Some(_)), _) | (_, Some(false)) => {}
        _ => draft.skip(
            out,
            "date_from can't be blank",
            &MoveDraft::unknown(&[
                ("status", status.is_none()),
                ("date_from", draft.date_from.is_unknown()),
            ]),
            "date_from",
        ),
    }
    // 12. status inclusion.
    match status {
        None => draft.skip(
            out,
            "status is not included in the list",
            &["status"],
            "status",
        ),
        Some(s) if MoveStatus::from_wire(s).is_none() => {
            let e = inclusion("status", draft.at("status"), MoveStatus::VALUES);
            errors.push(e);
        }
        Some(_) => {}
    }
    // 13. cancellation_reason.
    let reason: Option<Option<&str>> = draft
        .cancellation_reason
        .known()
        .map(|r| r.map(String::as_str).filter(|r| !r.trim().is_empty()));
    match (status, reason) {
        (Some("cancelled"), Some(reason)) => {
            if reason.is_none_or(|r| CancellationReason::from_wire(r).is_none()) {
                let e = inclusion(
                    "cancellation_reason",
                    draft.at("cancellation_reason"),
                    CancellationReason::VALUES,
                );
                errors.push(e);
            }
        }
        (Some(_), Some(Some(_))) => errors.push(model_error(
            "cancellation_reason",
            "must be blank",
            "present",
            Failure::Present,
            draft.at("cancellation_reason"),
        )),
        (Some(s), Some(None)) if s != "cancelled" => {}
        _ => draft.skip(
            out,
            "cancellation_reason is not included in the list",
            &MoveDraft::unknown(&[
                ("status", status.is_none()),
                ("cancellation_reason", reason.is_none()),
            ]),
            "cancellation_reason",
        ),
    }
    // 14. rejection_reason.
    let rejection: Option<Option<&str>> = draft
        .rejection_reason
        .known()
        .map(|r| r.map(String::as_str).filter(|r| !r.trim().is_empty()));
    match (reason, rejection) {
        (_, Some(None)) => {}
        (Some(Some("rejected")), Some(Some(r))) => {
            if RejectionReason::from_wire(r).is_none() {
                let e = inclusion(
                    "rejection_reason",
                    draft.at("rejection_reason"),
                    RejectionReason::VALUES,
                );
                errors.push(e);
            }
        }
        (Some(_), Some(Some(_))) => errors.push(model_error(
            "rejection_reason",
            "must be blank",
            "present",
            Failure::Present,
            draft.at("rejection_reason"),
        )),
        _ => draft.skip(
            out,
            "rejection_reason must be blank",
            &MoveDraft::unknown(&[
                ("cancellation_reason", reason.is_none()),
                ("rejection_reason", rejection.is_none()),
            ]),
            "rejection_reason",
        ),
    }
    // 15. date_to not before date_from.
    match (draft.date_from.known(), draft.date_to.known()) {
        (Some(Some(from)), Some(Some(to))) => {
            if to < from {
                errors.push(model_error(
                    "date_to",
                    "must be after date from",
                    "must be after date from",
                    Failure::DateOrder,
                    draft.at("date_to"),
                ));
            }
        }
        (Some(None), _) | (_, Some(None)) => {}
        _ => draft.skip(
            out,
            "date_to must be after date from",
            &MoveDraft::unknown(&[
                ("date_from", draft.date_from.is_unknown()),
                ("date_to", draft.date_to.is_unknown()),
            ]),
            "date_to",
        ),
    }
    // 16. prisoner category supported.
    match draft.person_id.known() {
        None => draft.skip(out, "profile person is a category that cannot be moved", &["person_id"], "profile"),
        Some(None) => {}
        Some(Some(person)) => match facts.person(person) {
            Fact::Known(p) => match p.move_supported.known() {
                Some(Some(false)) => {
                    let category = p.category.value().cloned().unwrap_or_default();
                    errors.push(model_error(
                        "profile",
                        format!("person is a category '{category}' prisoner and cannot be moved using this service"),
                        "unsupported_prisoner_category",
                        Failure::UnsupportedPrisonerCategory,
                        draft.at("profile"),
                    ));
                }
                None => out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the person's prisoner category can be moved with this service (the person's move_supported is not given)"), ErrorSource::pointer(draft.at("profile")))),
                _ => {}
            },
            Fact::Unknown => out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether the person's prisoner category can be moved with this service"), ErrorSource::pointer(draft.at("profile")))),
            Fact::Missing => {}
        },
    }
    // 17. an allocation move's date cannot change here.
    match draft.date_changed_in_allocation {
        Some(true) => errors.push(model_error(
            "date",
            "cannot be changed as move is part of an allocation",
            "cant_change_allocation",
            Failure::CantChangeAllocation,
            draft.at("date"),
        )),
        Some(false) => {}
        None => draft.skip(
            out,
            "date cannot be changed as move is part of an allocation",
            &["date", "allocation_id"],
            "date",
        ),
    }
    // 18. recall_date casts.
    if draft.recall_date_invalid {
        errors.push(model_error(
            "recall_date",
            "is invalid",
            "invalid",
            Failure::Invalid,
            draft.at("recall_date"),
        ));
    }
    // 19. extradition needs an extradition-capable destination.
    if move_type == Some(Some("extradition")) {
        let capable = match (&draft.to.id, &draft.to.facts) {
            (Member::Null, _) => Some(false),
            (Member::Value(_), Some(l)) => l.extradition_capable.flag(),
            _ => None,
        };
        match capable {
            Some(true) => {}
            Some(false) => errors.push(model_error(
                "move_type",
                "extradition is only valid if extradition_capable is true for destination location",
                "exclusion",
                Failure::Exclusion,
                draft.at("move_type"),
            )),
            None => out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the destination is extradition capable (extradition moves need one)",
                ),
                ErrorSource::pointer(draft.to.pointer.clone()),
            )),
        }
    }
    errors
}

/// `Moves::MoveTypeValidator` on a move (`moves.md` §2).
fn move_type_validator(
    draft: &MoveDraft,
    move_type: Option<Option<&str>>,
    out: &mut Outcome,
) -> Vec<ModelError> {
    let mut errors = Vec::new();
    for (attr, loc) in [("from_location", &draft.from), ("to_location", &draft.to)] {
        match loc.facts.as_ref().map(|l| l.disabled.flag()) {
            Some(Some(true)) => errors.push(model_error(
                attr,
                "must be an active location",
                "inactive_location",
                Failure::InactiveLocation,
                loc.pointer.clone(),
            )),
            Some(None) if loc.id.value().is_some() => out.unchecked.push(Unchecked::new(
                UncheckedKind::ActiveLocation { attribute: attr },
                ErrorSource::pointer(loc.pointer.clone()),
            )),
            _ => {}
        }
    }
    if let Some(Some(t)) = move_type
        && MoveType::from_wire(t).is_none()
    {
        let message = format!("must be a valid move type ({})", humanize_lowercase(t));
        errors.push(model_error(
            "move_type",
            message,
            "invalid_move_type",
            Failure::InvalidMoveType,
            draft.at("move_type"),
        ));
    }
    match draft.has_lockout.flag() {
        Some(true) => {
            let sides = [
                (
                    "from_location",
                    "from_location must be supplied",
                    "from_location_id",
                    &draft.from,
                ),
                (
                    "to_location",
                    "to_location must be supplied",
                    "to_location_id",
                    &draft.to,
                ),
            ];
            for (attr, rule, member, loc) in sides {
                match loc.id.known() {
                    Some(None) => errors.push(model_error(
                        attr,
                        "must be supplied",
                        "inactive_location",
                        Failure::InactiveLocation,
                        loc.pointer.clone(),
                    )),
                    None => draft.skip(out, rule, &[member], attr),
                    Some(Some(_)) => {}
                }
            }
            return errors;
        }
        Some(false) => {}
        None => {
            draft.skip(
                out,
                "move type location rules",
                &["has_lockout"],
                "move_type",
            );
            return errors;
        }
    }
    let Some(Some(t)) = move_type else {
        return errors;
    };
    let human = humanize_lowercase(t);
    let prison_like = |k: &str| PRISON_LIKE_LOCATION_TYPES.contains(&k);
    // A missing location fails the type rule too (`nil&.court?` is falsy); `None`: not known.
    let fails = |loc: &LocationRef, ok: &dyn Fn(&str) -> bool| -> Option<bool> {
        loc.kind().map(|k| !k.is_some_and(ok))
    };
    let mut rule =
        |attr: &str, loc: &LocationRef, failed: Option<bool>, message: String| match failed {
            Some(true) => errors.push(model_error(
                attr.to_owned(),
                message,
                "invalid_location",
                Failure::InvalidLocation,
                loc.pointer.clone(),
            )),
            Some(false) => {}
            None => out.unchecked.push(Unchecked::new(
                UncheckedKind::LocationType {
                    attribute: attr.to_owned(),
                    message,
                },
                ErrorSource::pointer(loc.pointer.clone()),
            )),
        };
    match t {
        "court_appearance" => rule(
            "to_location",
            &draft.to,
            fails(&draft.to, &|k| k == "court"),
            format!("must be a court location for {human} move"),
        ),
        "court_other" => {
            // `!to_location&.prison?`: a missing destination is "not a prison" and passes.
            let failed = draft.to.kind().map(|k| k.is_some_and(prison_like));
            rule(
                "to_location",
                &draft.to,
                failed,
                format!(
                    "must not be a prison, secure training centre or secure childrens hospital for {human} move"
                ),
            );
        }
        "hospital" => rule(
            "to_location",
            &draft.to,
            fails(&draft.to, &|k| {
                matches!(k, "hospital" | "high_security_hospital")
            }),
            format!("must be a hospital or high security hospital location for {human} move"),
        ),
        "police_transfer" => {
            rule(
                "to_location",
                &draft.to,
                fails(&draft.to, &|k| k == "police"),
                format!("must be a police location for {human} move"),
            );
            rule(
                "from_location",
                &draft.from,
                fails(&draft.from, &|k| k == "police"),
                format!("must be a police location for {human} move"),
            );
        }
        "prison_recall" | "video_remand" => rule(
            "from_location",
            &draft.from,
            fails(&draft.from, &|k| k == "police"),
            format!("must be a police location for {human} move"),
        ),
        "prison_remand" => rule(
            "to_location",
            &draft.to,
            fails(&draft.to, &prison_like),
            format!(
                "must be a prison, secure training centre or secure childrens hospital for {human} move"
            ),
        ),
        "prison_transfer" => rule(
            "from_location",
            &draft.from,
            fails(&draft.from, &prison_like),
            format!(
                "must be a prison, secure training centre or secure childrens hospital for {human} move"
            ),
        ),
        _ => {}
    }
    errors
}

/// The move as the facts know it, ready for [`validate_move`].
pub(crate) fn draft_from_facts(id: &str, m: &MoveFacts, facts: &dyn Facts) -> MoveDraft {
    let location = |id: &Member<String>, name: &str| LocationRef {
        id: id.clone().and_then(|i| canonical_uuid(&i)),
        facts: id
            .value()
            .and_then(|i| canonical_uuid(i))
            .and_then(|i| facts.location(&i).known()),
        pointer: pointer::relationship(name),
    };
    let date = |d: &Member<String>| d.clone().and_then(|d| cast_rails_date(&d));
    MoveDraft {
        status: m.status.clone(),
        move_type: m.move_type.clone(),
        from: location(&m.from_location_id, "from_location"),
        to: location(&m.to_location_id, "to_location"),
        profile_id: m.profile_id.clone(),
        person_id: m.person_id.clone(),
        date: date(&m.date),
        date_from: date(&m.date_from),
        date_to: date(&m.date_to),
        recall_date_invalid: false,
        cancellation_reason: m.cancellation_reason.clone(),
        rejection_reason: m.rejection_reason.clone(),
        // The facts say nothing of a missing supplier: do not report one.
        supplier: None,
        has_lockout: m.has_lockout.clone(),
        date_changed_in_allocation: Some(false),
        id: canonical_uuid(id),
        attribute_pointer: default_pointer,
        record: None,
    }
}

/// The allocation's status after one of its moves changes (`refresh_status_and_moves_count!`).
pub(crate) fn allocation_refresh(
    facts: &dyn Facts,
    allocation_id: &str,
    move_id: &str,
    has_profile: bool,
    status: &str,
) -> Option<Change> {
    // Every fact it reads must be given: otherwise the allocation's change is not known.
    let allocation = facts.allocation(allocation_id).known()?;
    let mut moves = Vec::new();
    for mid in allocation.move_ids.known()?.into_iter().flatten() {
        if canonical_uuid(mid) == canonical_uuid(move_id) {
            moves.push((status.to_owned(), has_profile));
        } else {
            let m = facts.move_(mid).known()?;
            moves.push((
                m.status.known()?.cloned().unwrap_or_default(),
                m.profile_id.known()?.is_some(),
            ));
        }
    }
    let refs: Vec<(&str, bool)> = moves.iter().map(|(s, p)| (s.as_str(), *p)).collect();
    let current = allocation.status.known()?.cloned().unwrap_or_default();
    let (new, _) = crate::state::allocation_status(&current, &refs);
    (new != current).then(|| Change {
        resource_type: "allocations".into(),
        id: Some(allocation_id.to_owned()),
        attribute: Some("status".into()),
        from: Some(current),
        to: Some(new),
    })
}

/// The 422 of `Move#validate_move_uniqueness` (upstream `app/models/move.rb` L106, L280-293,
/// L434-436): `date` `taken`, with the duplicate's id in `meta.existing_id` as
/// `ApiController#validation_errors` adds it (`app/controllers/api_controller.rb` L220-236).
pub(crate) fn date_taken(
    existing: String,
    at: impl Into<std::borrow::Cow<'static, str>>,
) -> ModelError {
    let mut e = model_error(
        "date",
        "has already been taken",
        "taken",
        Failure::Taken,
        at,
    );
    e.error.meta.existing_id = Some(existing.clone());
    if let Some(api) = &mut e.error.meta.api {
        let mut meta = serde_json::Map::new();
        meta.insert("existing_id".to_owned(), existing.into());
        api.meta = Some(serde_json::Value::Object(meta));
    }
    e
}
