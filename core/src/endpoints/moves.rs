//! Moves: `GET /api/moves`, `GET/POST/PATCH /api/moves[/:id]` (v2), and the action endpoints
//! `POST /api/moves/:id/<action>` (`moves.md`).

use crate::context::{Fact, Member, MoveFacts, canonical_uuid};
use crate::error::{ErrorSource, Failure, messages};
use crate::events::{EventType, Eventable};
use crate::json::Json;
use crate::model::errors::{ModelError, RelId, crash, not_found, shape_b};
use crate::model::move_draft::{
    LocationRef, MoveDraft, allocation_refresh, default_pointer, validate_move,
};
use crate::model::run::{EventRun, run_model};
use crate::pointer;
use crate::time::{Date, cast_rails_date, parse_lenient_datetime, parse_strptime_ymd};
use crate::values::{CancellationReason, MoveStatus, MoveType, RejectionReason};
use crate::verdict::{
    Change, Effect, Unchecked, UncheckedKind, Verdict, Warning, WarningKind, warning_codes,
};

use super::common::{
    ActionSpec, FilterUse, Filters, Loads, Meta, ParamFailure, SORT_DIRECTIONS, Sort, idempotency,
    index_raises, path_record, ruby_name, ruby_split, shape_a, timestamp_param, type_param,
};
use super::{Call, parse_body, require_data};

/// `include=` values of the v2 moves index: `V2::MovesSerializer::SUPPORTED_RELATIONSHIPS`
/// (upstream `app/serializers/v2/moves_serializer.rb` L44-58), as written there (the 400
/// lists them in this order, with their prefixes).
pub(crate) const INDEX_INCLUDES: &[&str] = &[
    "profile.category",
    "profile.person",
    "profile.person.ethnicity",
    "profile.person.gender",
    "profile.person_escort_record",
    "profile.person_escort_record.flags",
    "from_location",
    "to_location",
    "prison_transfer_reason",
    "supplier",
    "important_events",
    "timeline_events",
    "lodgings",
];

/// `include=` values of move show/create/update (v2), and of `POST /api/moves/filtered`:
/// `V2::MoveSerializer::SUPPORTED_RELATIONSHIPS` (upstream `app/serializers/v2/move_serializer.rb`
/// L48-91), whole. `V2::MovesActions#supported_relationships` (`app/controllers/api/v2/moves_actions.rb`
/// L199-206) gives the index's list to the action named `index` only, so `filtered` takes this
/// one too.
pub(crate) const SHOW_INCLUDES: &[&str] = &[
    "profile.documents",
    "profile.category",
    "profile.person.ethnicity",
    "profile.person.gender",
    "profile.person_escort_record",
    "profile.person_escort_record.flags",
    "profile.person_escort_record.framework",
    "profile.person_escort_record.responses",
    "profile.person_escort_record.prefill_source",
    "profile.person_escort_record.responses.nomis_mappings",
    "profile.person_escort_record.responses.question",
    "profile.person_escort_record.responses.question.descendants.**",
    "profile.youth_risk_assessment",
    "profile.youth_risk_assessment.flags",
    "profile.youth_risk_assessment.framework",
    "profile.youth_risk_assessment.responses",
    "profile.youth_risk_assessment.prefill_source",
    "profile.youth_risk_assessment.responses.nomis_mappings",
    "profile.youth_risk_assessment.responses.question",
    "profile.youth_risk_assessment.responses.question.descendants.**",
    "from_location",
    "from_location.suppliers",
    "to_location",
    "to_location.suppliers",
    "prison_transfer_reason",
    "court_hearings",
    "allocation",
    "original_move",
    "supplier",
    "important_events",
    "timeline_events",
    "timeline_events.eventable",
    "timeline_events.location",
    "timeline_events.court_location",
    "timeline_events.from_location",
    "timeline_events.to_location",
    "journeys",
    "journeys.from_location",
    "journeys.to_location",
    "lodgings",
    "lodgings.location",
    "extradition_flight",
];

/// `include=` values of every moves action in version 1 (index, `filtered`, show, create,
/// update): `MoveSerializer::SUPPORTED_RELATIONSHIPS` (upstream `app/serializers/move_serializer.rb`
/// L41-71), which `V1::MovesActions#supported_relationships` gives to each
/// (`app/controllers/api/v1/moves_actions.rb` L169-171), as written there.
pub(crate) const V1_INCLUDES: &[&str] = &[
    "profile.documents",
    "person.ethnicity",
    "person.gender",
    "profile.person.ethnicity",
    "profile.person.gender",
    "profile.person_escort_record",
    "profile.person_escort_record.flags",
    "profile.person_escort_record.framework",
    "profile.person_escort_record.prefill_source",
    "profile.person_escort_record.responses",
    "profile.person_escort_record.responses.nomis_mappings",
    "profile.person_escort_record.responses.question",
    "profile.person_escort_record.responses.question.descendants.**",
    "profile.youth_risk_assessment",
    "profile.youth_risk_assessment.flags",
    "profile.youth_risk_assessment.framework",
    "profile.youth_risk_assessment.prefill_source",
    "profile.youth_risk_assessment.responses",
    "profile.youth_risk_assessment.responses.nomis_mappings",
    "profile.youth_risk_assessment.responses.question",
    "profile.youth_risk_assessment.responses.question.descendants.**",
    "from_location",
    "from_location.suppliers",
    "to_location",
    "to_location.suppliers",
    "documents",
    "prison_transfer_reason",
    "court_hearings",
    "original_move",
];

/// The relationships `V2::MovesSerializer`, which renders the index and `filtered`, has
/// (upstream `app/serializers/v2/moves_serializer.rb` L60-69). jsonapi-serializer 2.2.0 checks
/// each `include=` path's first relationship against them when the serializer is made
/// (`lib/fast_jsonapi/object_serializer.rb` L340-349, `validate_includes!`), and raises
/// `UnsupportedIncludeError` for one it lacks, which nothing rescues.
const INDEX_SERIALIZED: &[&str] = &[
    "from_location",
    "to_location",
    "profile",
    "prison_transfer_reason",
    "supplier",
    "allocation",
    "lodgings",
    "important_events",
    "timeline_events",
];

/// The attributes version 2's create and update permit: `PERMITTED_MOVE_PARAMS` (upstream
/// `app/controllers/api/v2/moves_actions.rb` L77-97).
const PERMITTED: &[&str] = &[
    "date",
    "time_due",
    "status",
    "additional_information",
    "cancellation_reason",
    "cancellation_reason_comment",
    "reason_comment",
    "move_agreed",
    "move_agreed_by",
    "move_type",
    "date_from",
    "date_to",
    "recall_date",
    "date_changed_reason",
    "section_forty_six",
];

/// The attributes version 1's create permits: `PERMITTED_NEW_MOVE_PARAMS` (upstream
/// `app/controllers/api/v1/moves_actions.rb` L54-70). Unlike version 2's it has no
/// `recall_date` and no `date_changed_reason`.
const V1_CREATE_PERMITTED: &[&str] = &[
    "date",
    "time_due",
    "status",
    "move_type",
    "additional_information",
    "cancellation_reason",
    "cancellation_reason_comment",
    "reason_comment",
    "move_agreed",
    "move_agreed_by",
    "date_from",
    "date_to",
    "section_forty_six",
];

/// The attributes version 1's update permits: `PERMITTED_UPDATE_MOVE_PARAMS` (upstream
/// `app/controllers/api/v1/moves_actions.rb` L71-86), which `Moves::Updater` assigns. Unlike
/// version 2's it has no `move_type`, `recall_date` or `section_forty_six`: a version 1 update
/// cannot change the move type.
const V1_UPDATE_PERMITTED: &[&str] = &[
    "date",
    "time_due",
    "status",
    "additional_information",
    "cancellation_reason",
    "cancellation_reason_comment",
    "reason_comment",
    "move_agreed",
    "move_agreed_by",
    "date_from",
    "date_to",
    "date_changed_reason",
];

/// `data.attributes` as an action's `permit` leaves it: an object, read only for the names
/// the action permits (the others are dropped before anything reads them).
#[derive(Clone, Copy)]
struct Attributes<'j, 'a> {
    members: Option<&'j Json<'a>>,
    permitted: &'static [&'static str],
}

impl<'j, 'a> Attributes<'j, 'a> {
    /// The attributes of `data`, with the list of names the action permits.
    fn of(data: &'j Json<'a>, permitted: &'static [&'static str]) -> Self {
        Attributes {
            members: data.get("attributes").filter(|a| a.as_object().is_some()),
            permitted,
        }
    }

    /// A permitted attribute; `None` when absent or not permitted.
    fn get(&self, name: &str) -> Option<&'j Json<'a>> {
        if self.permitted.contains(&name) {
            self.members.and_then(|a| a.get(name))
        } else {
            None
        }
    }

    /// Warns of each attribute the action does not permit (`permit` drops it silently).
    fn warn_unpermitted(&self, call: &mut Call<'_>) {
        for (key, _) in self.members.and_then(Json::as_object).into_iter().flatten() {
            if !self.permitted.contains(key) {
                call.out.warnings.push(Warning::new(
                    WarningKind::NotPermittedHere {
                        key: key.to_string(),
                    },
                    ErrorSource::pointer(pointer::attribute(key)),
                ));
            }
        }
    }
}

/// `sort[by]` values of the moves index.
pub(crate) const SORT_BY: &[&str] = &[
    "name",
    "from_location",
    "to_location",
    "prison_transfer_reason",
    "created_at",
    "date_from",
    "date",
];
/// `meta=` values of the moves index.
pub(crate) const META_VALUES: &[&str] = &[
    "vehicle_registration",
    "expected_time_of_arrival",
    "expected_collection_time",
];
/// What the version 2 moves actions load the moves with: `Move.includes(active_record_relationships)`
/// on the lists (through `Moves::Finder`), the show and the update (`Move.includes(…).find`,
/// upstream `app/controllers/api/v2/moves_actions.rb` L192-197). `Move`'s associations are
/// upstream `app/models/move.rb` L73-94, and `versions`, which `has_paper_trail` in
/// `VersionedModel` adds. Version 1 loads a fixed list (`app/controllers/api/v1/moves_actions.rb`
/// L154-167) and never reads `meta`.
const LOADS: Loads = Loads {
    model: "Move",
    records: "the moves",
    associations: &[
        "supplier",
        "from_location",
        "to_location",
        "profile",
        "person",
        "person_escort_record",
        "youth_risk_assessment",
        "extradition_flight",
        "prison_transfer_reason",
        "allocation",
        "original_move",
        "notifications",
        "journeys",
        "lodgings",
        "court_hearings",
        "generic_events",
        "incident_events",
        "notification_events",
        "cancellation_events",
        "versions",
    ],
    includes: SHOW_INCLUDES,
    meta_values: Some(META_VALUES),
};

/// `params[:meta]` of a version 2 moves action ([`super::common::meta_given`]); `None` in
/// version 1.
fn meta_given(call: &mut Call<'_>) -> Result<Option<Meta>, Box<Verdict>> {
    if call.headers.version == 2 {
        super::common::meta_given(call)
    } else {
        Ok(None)
    }
}

/// The moves index's filters, the [`DATE_FILTERS`] first.
pub(crate) const FILTERS: &[&str] = &[
    "date_from",
    "date_to",
    "created_at_from",
    "created_at_to",
    "date_of_birth_from",
    "date_of_birth_to",
    "from_location_id",
    "to_location_id",
    "location_id",
    "status",
    "supplier_id",
    "profile_id",
    "reference",
    "move_type",
    "cancellation_reason",
    "rejection_reason",
    "has_relationship_to_allocation",
    "ready_for_transit",
    "location_type",
    "person_id",
    "recall_date",
];
/// How many of [`FILTERS`], from the first, are dates `Date.strptime(value, '%Y-%m-%d')` must
/// read (`app/services/moves/params_validator.rb:9`).
const DATE_FILTERS: usize = 6;
/// The filters the moves validator splits, `value&.split(',')`, in its order
/// (`app/services/moves/params_validator.rb` L15-20).
const REASON_FILTERS: &[&str] = &["cancellation_reason", "rejection_reason"];
/// The filters `Moves::Finder` splits (`split_params`), in its order: `SIMPLE_FIELD_FILTERS`
/// (`app/services/moves/finder.rb` L43-51), then the locations (L137-140).
const SPLIT_FILTERS: &[&str] = &[
    "supplier_id",
    "status",
    "move_type",
    "cancellation_reason",
    "rejection_reason",
    "profile_id",
    "reference",
    "from_location_id",
    "to_location_id",
    "location_id",
];

/// `GET /api/moves` (v2), and `POST /api/moves/filtered` with the filters in
/// `data.attributes.filter`: include (400) → filter and sort validator (422 A) → 200, with
/// warnings about what they ignore.
pub(crate) fn list(call: &mut Call<'_>) -> Verdict {
    let filtered = call.req.method.eq_ignore_ascii_case("POST");
    let filters = try_verdict!(Filters::of(call));
    // `Moves::ParamsValidator.new(filter_params, params[:sort] || {})` reads the sort before
    // it validates anything (`app/controllers/api/moves_controller.rb` L71).
    let sort = try_verdict!(Sort::of(call, false));
    // The validator's checks run in their order, and one that raises ends them all: a 500,
    // whatever the others found (`app/services/moves/params_validator.rb` L9-18).
    if let Some(crashed) = filters
        .crash(&FILTERS[..DATE_FILTERS], FilterUse::Strptime)
        .or_else(|| filters.crash(REASON_FILTERS, FilterUse::Split))
    {
        return crashed;
    }
    let at = filters.at;
    let mut failures: Vec<ParamFailure> = filters
        .bad_dates(&FILTERS[..DATE_FILTERS])
        .map(|name| {
            ParamFailure::new(
                name,
                messages::STRPTIME_DATE,
                Failure::InvalidDate,
                at(name),
            )
        })
        .collect();
    let inclusion = |attribute: &'static str, source: ErrorSource, allowed| {
        ParamFailure::new(attribute, messages::INCLUSION, Failure::Inclusion, source)
            .allowed(allowed)
    };
    for (name, values) in REASON_FILTERS
        .iter()
        .zip([CancellationReason::VALUES, RejectionReason::VALUES])
    {
        if let Some(v) = filters.get(name)
            && ruby_split(v).any(|item| !values.contains(&item))
        {
            failures.push(inclusion(name, at(name), values));
        }
    }
    if let Some(v) = filters.get("move_type")
        && MoveType::from_wire(v).is_none()
    {
        failures.push(inclusion("move_type", at("move_type"), MoveType::VALUES));
    }
    // `validates :sort_direction, inclusion:`, `validates :sort_by, inclusion:`, then
    // `validates :sort_by, presence: true, unless: -> { sort_direction.nil? }`
    // (`app/services/moves/params_validator.rb` L22-26), nil allowed.
    if let Some(d) = &sort.direction
        && !d.is_in(SORT_DIRECTIONS)
    {
        failures.push(inclusion(
            "sort_direction",
            d.source.clone(),
            SORT_DIRECTIONS,
        ));
    }
    if let Some(by) = &sort.by
        && !by.is_in(SORT_BY)
    {
        failures.push(inclusion("sort_by", by.source.clone(), SORT_BY));
    }
    if sort.direction.is_some() && sort.by.as_ref().is_none_or(|by| by.blank) {
        let source = sort.by.as_ref().map_or_else(
            || match &sort.direction {
                Some(d) if d.source.pointer.is_some() => ErrorSource::pointer("/sort/by"),
                _ => ErrorSource::parameter("sort[by]"),
            },
            |by| by.source.clone(),
        );
        failures.push(ParamFailure::new(
            "sort_by",
            messages::BLANK,
            Failure::Blank,
            source,
        ));
    }
    if !failures.is_empty() {
        return shape_a(failures);
    }
    // `find_moves(active_record_relationships:)` reads `meta` before the finder runs.
    let meta = try_verdict!(meta_given(call));
    // Then `Moves::Finder#call` applies the filters before the moves load
    // (`app/services/moves/finder.rb` L20-24, L53-63): `created_at_to` first (L88), then
    // `split_params` (L65-69) of the simple filters (L43-51) and of the locations (L137-140).
    if let Some(crashed) = filters
        .crash(&["created_at_to"], FilterUse::DateParse)
        .or_else(|| filters.crash(SPLIT_FILTERS, FilterUse::SplitUnlessBlank))
    {
        return crashed;
    }
    if let Some(crashed) = super::common::paginate(call) {
        return crashed;
    }
    // `filtered` lets through the show's paths, then renders with the index's serializer (in
    // version 2: version 1 renders with the serializer whose list it checks).
    if filtered
        && call.headers.version == 2
        && let Some(include) = call.rails_param("include").and_then(|given| given.text())
        && let Some(base) = include
            .split(',')
            .filter(|p| !p.is_empty())
            .map(|p| p.split('.').next().unwrap_or(p))
            .find(|base| !INDEX_SERIALIZED.contains(base))
    {
        let mut e = crash(
            format!(
                "include={base} passes the include check of `filtered` (the move show's list), but \
                 V2::MovesSerializer renders the list and has no `{base}` relationship: \
                 jsonapi-serializer raises UnsupportedIncludeError ({base} is not specified as \
                 a relationship on V2::MovesSerializer)"
            ),
            String::new(),
        );
        e.source = ErrorSource::parameter("include");
        return Verdict::refused(500, vec![e]);
    }
    // Then the moves load (`serializable_hash`): their query, then the associations `meta=`
    // names.
    if let Some(crashed) = super::common::page_offset_crash(call) {
        return crashed;
    }
    if let Some(refused) = meta.and_then(|m| m.unloadable(&LOADS, &mut call.out)) {
        return refused;
    }
    for (name, value) in &filters.values {
        let ignored = if let Some(dropped) = value.dropped(name, FILTERS, false) {
            Some(dropped)
        } else if matches!(
            name.as_str(),
            "has_relationship_to_allocation" | "ready_for_transit"
        ) && let Some(value) = value.text()
            && !matches!(value, "true" | "false")
        {
            // A nil one (`filter[name]` without `=`, `null`) is not a value to warn about.
            Some(WarningKind::FilterNotBoolean {
                name: name.clone(),
                value: value.to_owned(),
                bracketed: false,
            })
        } else if name == "recall_date" {
            Some(WarningKind::Static {
                code: warning_codes::IGNORED_PARAMETER,
                detail: "filter recall_date is permitted but never applied",
            })
        } else {
            None
        };
        if let Some(kind) = ignored {
            call.out.warnings.push(Warning::new(kind, at(name)));
        }
    }
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists moves; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// `GET /api/moves/:id`.
pub(crate) fn show(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    // `Move.includes(active_record_relationships)` reads `meta` before `find`.
    let meta = try_verdict!(meta_given(call));
    let id = call.param("id").to_owned();
    try_verdict!(move_record(call, &id, "id"));
    if let Some(refused) = meta.and_then(|m| m.unloadable(&LOADS, &mut call.out)) {
        return refused;
    }
    Verdict::accepted(
        200,
        Effect {
            summary: "Shows the move; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// Looks up a location relationship of a move request: absent or `data: null` → none; an
/// unknown id → 404.
fn location_relationship(
    data: &Json<'_>,
    name: &str,
    call: &mut Call<'_>,
) -> Result<LocationRef, Box<Verdict>> {
    let id = data.dig(&["relationships", name, "data", "id"]);
    let Some(id) = id.filter(|v| !matches!(v, Json::Null)) else {
        return Ok(LocationRef {
            id: Member::Null,
            facts: None,
            pointer: pointer::relationship(name),
        });
    };
    location_by_id(id, pointer::relationship_id(name), call)
}

/// The location a relationship's `id` (at `at`) names, as moves and allocations look it up
/// (`Location.find`): an id that is not a UUID, or that the facts say does not exist, is the
/// 404 `Couldn't find Location`; one the facts do not cover is unchecked.
pub(super) fn location_by_id(
    id: &Json<'_>,
    at: String,
    call: &mut Call<'_>,
) -> Result<LocationRef, Box<Verdict>> {
    let text = id.ruby_to_s();
    let Some(canonical) = canonical_uuid(&text) else {
        return Err(Box::new(Verdict::refused(
            404,
            vec![not_found("Location", Some(id), at)],
        )));
    };
    match call.facts.location(&canonical) {
        Fact::Missing => Err(Box::new(Verdict::refused(
            404,
            vec![not_found("Location", Some(id), at)],
        ))),
        Fact::Unknown => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Exists {
                    class: "Location",
                    id: text.to_string(),
                },
                ErrorSource::pointer(at.clone()),
            ));
            Ok(LocationRef {
                id: Member::Value(canonical),
                facts: None,
                pointer: at,
            })
        }
        Fact::Known(l) => Ok(LocationRef {
            id: Member::Value(canonical),
            facts: Some(l),
            pointer: at,
        }),
    }
}

/// The status check of create and update (`Moves::StatusValidator`, 422 A), only when
/// `status` is non-blank.
fn status_check(attributes: Attributes<'_, '_>) -> Option<Verdict> {
    let status = attributes.get("status").filter(|s| !s.is_blank())?;
    let mut failures = Vec::new();
    let reason = attributes.get("cancellation_reason");
    if let Some(r) = reason.filter(|r| !r.is_blank())
        && r.ruby_to_s()
            .split(',')
            .any(|item| CancellationReason::from_wire(item).is_none())
    {
        failures.push(ParamFailure::inclusion(
            "cancellation_reason",
            pointer::attribute("cancellation_reason"),
            CancellationReason::VALUES,
        ));
    }
    if status.as_str() == Some("cancelled") && reason.is_none_or(Json::is_blank) {
        failures.push(ParamFailure::at(
            "cancellation_reason",
            messages::BLANK,
            Failure::Blank,
            pointer::attribute("cancellation_reason"),
        ));
    }
    if status
        .as_str()
        .is_none_or(|s| MoveStatus::from_wire(s).is_none())
    {
        failures.push(ParamFailure::inclusion(
            "status",
            pointer::attribute("status"),
            MoveStatus::VALUES,
        ));
    }
    (!failures.is_empty()).then(|| shape_a(failures))
}

fn cast_date(attributes: Attributes<'_, '_>, name: &str) -> Option<Date> {
    attributes
        .get(name)
        .and_then(Json::as_str)
        .and_then(cast_rails_date)
}

fn string_attr(attributes: Attributes<'_, '_>, name: &str) -> Option<String> {
    attributes
        .get(name)
        .filter(|v| !matches!(v, Json::Null))
        .map(Json::ruby_to_s)
}

/// v1's move-type inference (used by allocation moves and v1 create).
pub(crate) fn infer_move_type(from: &LocationRef, to: &LocationRef) -> Option<&'static str> {
    if to.id.known() == Some(None) {
        return Some("prison_recall");
    }
    match (from.kind(), to.kind()) {
        (_, Some(Some("court"))) => Some("court_appearance"),
        (Some(Some("police")), Some(Some("police"))) => Some("police_transfer"),
        // The source's police check needs the source's type.
        (None, Some(Some("police"))) => None,
        (_, Some(Some(_))) => Some("prison_transfer"),
        _ => None,
    }
}

/// Whether a supplier would be found for a move from `from` (token owner, else the
/// from-location's supplier).
/// `SupplierChooser` looks for the from-location's supplier effective on the move's `date` (or
/// `date_from`): without either, none is found.
pub(crate) fn supplier_found(from: &LocationRef, call: &Call<'_>, has_date: bool) -> Option<bool> {
    match call.facts.caller() {
        crate::context::Caller::Supplier => Some(true),
        _ if !has_date => Some(false),
        _ => from
            .facts
            .as_ref()
            .and_then(|l| l.supplier_ids.known())
            .map(|ids| ids.is_some_and(|ids| !ids.is_empty())),
    }
}

/// Where the move's errors about the profile and the supplier point in a create or update:
/// the profile relationship (its id when sent), and the from location the supplier is chosen
/// from.
fn relationship_pointers(errors: &mut [ModelError], data: &Json<'_>) {
    for e in errors {
        let at = match e.attribute.as_ref() {
            "profile" => Some(
                if data
                    .dig(&["relationships", "profile", "data", "id"])
                    .is_some()
                {
                    pointer::relationship_id("profile")
                } else {
                    pointer::relationship("profile")
                },
            ),
            "supplier" => Some(
                if data
                    .dig(&["relationships", "from_location", "data", "id"])
                    .is_some()
                {
                    pointer::relationship_id("from_location")
                } else {
                    pointer::relationship("from_location")
                },
            ),
            _ => None,
        };
        if let Some(at) = at {
            e.error.source = ErrorSource::pointer(at);
        }
    }
}

/// The 500 where Ruby's `dig` meets `value` at `at`, which is neither an object nor nil: a
/// String, a number, `true` or `false` has no `dig` and an Array's takes no Symbol, so
/// `Hash#dig` raises `TypeError`, which no `rescue_from` handles.
fn dig_crash(value: &Json<'_>, at: String, read_by: &str) -> Box<Verdict> {
    Box::new(Verdict::refused(
        500,
        vec![crash(
            format!(
                "{read_by} reads this member with dig, and it is {}: dig raises TypeError, which \
                 no rescue_from handles. Give an object, or leave it out",
                ruby_name(value)
            ),
            at,
        )],
    ))
}

/// `relationship.dig(:data, :id)` on a relationship given as an object at `at`: nil where it
/// meets nil; a `data` that is neither an object nor nil is the 500 ([`dig_crash`]).
fn data_id<'j, 'a>(
    relationship: &'j Json<'a>,
    at: &str,
    read_by: &str,
) -> Result<Option<&'j Json<'a>>, Box<Verdict>> {
    match relationship.get("data") {
        None | Some(Json::Null) => Ok(None),
        Some(data @ Json::Object(_)) => Ok(data.get("id").filter(|id| !matches!(id, Json::Null))),
        Some(data) => Err(dig_crash(data, pointer::push(at, "data"), read_by)),
    }
}

/// What reads a version 1 create's relationships, for the crash reasons.
const V1_CREATE_READS: &str =
    "V1::MovesActions#new_move_attributes (dig(:relationships, …, :data, :id))";

/// `new_move_params.dig(:relationships, name, :data, :id)` of a version 1 create (upstream
/// `app/controllers/api/v1/moves_actions.rb` L89, L100, L105, L122, L126): nil where it meets
/// nil (`relationships` that is not an object is not permitted, so nil too); a relationship
/// that is neither an object nor nil, or its `data`, is the 500 ([`dig_crash`]).
fn v1_create_id<'j, 'a>(
    data: &'j Json<'a>,
    name: &str,
) -> Result<Option<&'j Json<'a>>, Box<Verdict>> {
    let Some(relationships) = data
        .get("relationships")
        .filter(|r| r.as_object().is_some())
    else {
        return Ok(None);
    };
    match relationships.get(name) {
        None | Some(Json::Null) => Ok(None),
        Some(rel @ Json::Object(_)) => data_id(rel, &pointer::relationship(name), V1_CREATE_READS),
        Some(other) => Err(dig_crash(
            other,
            pointer::relationship(name),
            V1_CREATE_READS,
        )),
    }
}

/// The documents version 1 sets on the move's profile: `dig(:relationships, :documents,
/// :data)`, whose ids it maps out, `….map { |doc| doc[:id] }` (upstream
/// `app/controllers/api/v1/moves_actions.rb` L88-92 on create, where nil or `false` is `[]`;
/// `app/services/moves/updater.rb` L47-61, L80 on update, where only nil leaves the documents
/// alone). `Ok(None)`: the documents are left alone. The 500 where Ruby raises: a `documents`
/// that is neither an object nor nil ([`dig_crash`]); a `data` that is a String, a number or
/// `true` (no `map`: `NoMethodError`) or an object with members (its pairs take no `[:id]`:
/// `TypeError`); an item of the list that is a scalar ([`index_raises`]).
fn v1_documents<'j, 'a>(
    data: &'j Json<'a>,
    create: bool,
) -> Result<Option<&'j Json<'a>>, Box<Verdict>> {
    let read_by = if create {
        "V1::MovesActions#profile_documents"
    } else {
        "Moves::Updater#document_attributes"
    };
    let Some(relationships) = data
        .get("relationships")
        .filter(|r| r.as_object().is_some())
    else {
        return Ok(None);
    };
    let at = pointer::relationship("documents");
    let docs = match relationships.get("documents") {
        None | Some(Json::Null) => return Ok(None),
        Some(rel @ Json::Object(_)) => rel.get("data"),
        Some(other) => return Err(dig_crash(other, at, read_by)),
    };
    let at = pointer::push(&at, "data");
    let mapped_by = if create {
        "V1::MovesActions#profile_documents maps the ids out of it"
    } else {
        "Moves::Updater#document_ids maps the ids out of it"
    };
    let raises = |value: &Json<'_>, at: String, exception: &str| {
        Box::new(Verdict::refused(
            500,
            vec![crash(
                format!(
                    "documents' data is read as a list of objects ({mapped_by}, doc[:id]), and \
                     this is {}: Ruby raises {exception}, which no rescue_from handles. Give \
                     a list of {{\"type\": \"documents\", \"id\": …}}",
                    ruby_name(value)
                ),
                at,
            )],
        ))
    };
    match docs {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Bool(false)) if create => Ok(None),
        Some(list @ Json::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                // `permit(relationships: {})` keeps a list's scalars and objects, and drops a
                // list in it (`permit_any_in_array`, Rails'
                // `actionpack/lib/action_controller/metal/strong_parameters.rb`).
                if matches!(item, Json::Array(_)) {
                    continue;
                }
                if let Some(exception) = index_raises(item) {
                    return Err(raises(item, pointer::push(&at, &i.to_string()), exception));
                }
            }
            Ok(Some(list))
        }
        Some(object @ Json::Object(members)) => {
            if members.is_empty() {
                Ok(Some(object))
            } else {
                Err(raises(object, at, "TypeError"))
            }
        }
        Some(other) => Err(raises(other, at, "NoMethodError")),
    }
}

/// The 500 of `attributes` given as a list: `params.require(:data).permit(…)` keeps it as a
/// list of its objects, and an Array's `[]` takes no Symbol: `TypeError`, which no
/// `rescue_from` handles. The status check of a create, and of version 2's update, reads
/// `fetch(:attributes, {})[:status]` (upstream `app/controllers/api/v1/moves_actions.rb`
/// L112-113, `app/controllers/api/v2/moves_actions.rb` L123-124); version 1's update reads
/// `attributes[:profile]` once its relationships are read (`app/services/moves/updater.rb`
/// L72-79).
fn attributes_list_crash(data: &Json<'_>, read_by: &str) -> Option<Verdict> {
    let list = data
        .get("attributes")
        .filter(|a| matches!(a, Json::Array(_)))?;
    Some(Verdict::refused(
        500,
        vec![crash(
            format!(
                "attributes is {}: {read_by}, which raises TypeError, and no rescue_from \
                 handles it. Give the attributes as an object",
                ruby_name(list)
            ),
            "/data/attributes".to_owned(),
        )],
    ))
}

/// What a version 1 create finds for the move, in `new_move_attributes`' order (upstream
/// `app/controllers/api/v1/moves_actions.rb` L98-127).
struct V1Found {
    from: LocationRef,
    to: LocationRef,
    /// The profile: known when given, or the person's only one; `Null` when the person has
    /// none (the create then raises); `Unknown` when the facts do not say.
    profile_id: Member<String>,
    person_id: Member<String>,
    /// Where the profile came from: the profile's id, or the person's.
    profile_at: String,
}

/// Version 1's look-ups of a create (upstream `app/controllers/api/v1/moves_actions.rb`
/// L98-127), in its order: the from-location by `Location.find`, unguarded (nil too is the
/// 404 `Couldn't find Location without an ID`, where version 2 checks `if location_id`,
/// `app/controllers/api/v2/moves_actions.rb` L141-147); the profile by `Profile.find` when
/// its id is given (truthy), else `Person.find(person_id).latest_profile` (the 404 with or
/// without an id); then the to-location by `Location.find_by`, so one that does not exist is
/// no to-location, not a 404.
fn v1_create_lookups(data: &Json<'_>, call: &mut Call<'_>) -> Result<V1Found, Box<Verdict>> {
    let from = match v1_create_id(data, "from_location")? {
        None => {
            return Err(Box::new(Verdict::refused(
                404,
                vec![not_found(
                    "Location",
                    None,
                    pointer::relationship("from_location"),
                )],
            )));
        }
        Some(id) => location_by_id(id, pointer::relationship_id("from_location"), call)?,
    };
    let (profile_id, person_id, profile_at) =
        match v1_create_id(data, "profile")?.filter(|id| id.is_truthy()) {
            Some(id) => {
                let at = pointer::relationship_id("profile");
                let canonical = profile_by_id(id, &at, call)?;
                let person_id = call
                    .facts
                    .profile(&canonical)
                    .known()
                    .map_or(Member::Unknown, |p| p.person_id);
                (Member::Value(canonical), person_id, at)
            }
            None => {
                let (profile_id, person_id) = v1_person_profile(data, call)?;
                (profile_id, person_id, pointer::relationship_id("person"))
            }
        };
    let to = v1_to_location(data, call)?;
    Ok(V1Found {
        from,
        to,
        profile_id,
        person_id,
        profile_at,
    })
}

/// `Person.find(new_move_params.dig(:relationships, :person, :data, :id)).latest_profile`
/// (upstream `app/controllers/api/v1/moves_actions.rb` L125-126): without an id the 404
/// `Couldn't find Person without an ID`, an unknown person the 404; then the person's latest
/// profile (`Null` when it has none, `Unknown` when the facts do not give its profiles) and
/// the person.
fn v1_person_profile(
    data: &Json<'_>,
    call: &mut Call<'_>,
) -> Result<(Member<String>, Member<String>), Box<Verdict>> {
    let Some(id) = v1_create_id(data, "person")? else {
        return Err(Box::new(Verdict::refused(
            404,
            vec![not_found("Person", None, pointer::relationship("person"))],
        )));
    };
    let at = pointer::relationship_id("person");
    let facts = call.facts;
    let (canonical, _) =
        super::common::body_record("Person", id, &at, |id| facts.person(id), &mut call.out)?;
    let profile = match call.facts.profiles_of_person(&canonical) {
        Fact::Known(ids) => match ids.into_iter().next() {
            // Which of several is the latest (`max_by(&:updated_at)`) the facts do not say;
            // the move's rules read only that there is one, and whose it is.
            Some(one) => Member::Value(one),
            None => Member::Null,
        },
        _ => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the person has a profile: version 1 creates the move against the \
                     person's latest profile, and without one `move.profile.documents =` \
                     raises NoMethodError, a 500",
                ),
                ErrorSource::pointer(at),
            ));
            Member::Unknown
        }
    };
    Ok((profile, Member::Value(canonical)))
}

/// `Location.find_by(id: new_move_params.dig(:relationships, :to_location, :data, :id))`
/// (upstream `app/controllers/api/v1/moves_actions.rb` L105): an id no location has (or one
/// that is not a UUID, which PostgreSQL's `uuid` cast makes nil) gives no to-location, with a
/// warning; one the facts do not cover leaves the to-location unknown.
fn v1_to_location(data: &Json<'_>, call: &mut Call<'_>) -> Result<LocationRef, Box<Verdict>> {
    let none = LocationRef {
        id: Member::Null,
        facts: None,
        pointer: pointer::relationship("to_location"),
    };
    let Some(id) = v1_create_id(data, "to_location")? else {
        return Ok(none);
    };
    let at = pointer::relationship_id("to_location");
    let canonical = canonical_uuid(&id.ruby_to_s());
    match canonical.as_deref().map(|c| call.facts.location(c)) {
        Some(Fact::Known(l)) => Ok(LocationRef {
            id: Member::from_known(canonical),
            facts: Some(l),
            pointer: at,
        }),
        Some(Fact::Unknown) => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the to_location exists: version 1 looks it up with find_by, so one \
                     that does not exist leaves the move without a to_location (no 404), and \
                     without a move_type it is then a prison recall",
                ),
                ErrorSource::pointer(at.clone()),
            ));
            Ok(LocationRef {
                id: Member::Unknown,
                facts: None,
                pointer: at,
            })
        }
        None | Some(Fact::Missing) => {
            call.out.warnings.push(Warning::new(
                WarningKind::Static {
                    code: warning_codes::IGNORED_ATTRIBUTE,
                    detail: "No location has this id: version 1 looks the to_location up with \
                             find_by, so the move has none (no 404) and, without a move_type, \
                             is a prison recall",
                },
                ErrorSource::pointer(at),
            ));
            Ok(none)
        }
    }
}

/// `POST /api/moves` (`Idempotency-Key` required): version 2's `create_and_render` (upstream
/// `app/controllers/api/v2/moves_actions.rb` L17-40), or version 1's
/// (`app/controllers/api/v1/moves_actions.rb` L13-34), which permits other attributes, looks
/// the records up otherwise, infers a missing move type and writes no event.
pub(crate) fn create(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let v1 = call.headers.version == 1;
    let attributes = Attributes::of(data, if v1 { V1_CREATE_PERMITTED } else { PERMITTED });
    attributes.warn_unpermitted(call);
    if let Some(v) = attributes_list_crash(data, "the status check reads [:status] out of it") {
        return v;
    }
    if let Some(v) = status_check(attributes) {
        return v;
    }
    let (profile_id, person_id, from, to, profile_at) = if v1 {
        let found = try_verdict!(v1_create_lookups(data, call));
        // `new_move_params[:attributes].tap { |attributes| … attributes.merge!(…) }` (L99-109):
        // without attributes (or with a value `permit` drops) it is nil, which has no
        // `merge!`: `NoMethodError`, once the look-ups are done.
        if attributes.members.is_none() {
            let at = if data.get("attributes").is_some() {
                "/data/attributes".to_owned()
            } else {
                "/data".to_owned()
            };
            return Verdict::refused(
                500,
                vec![crash(
                    "version 1 builds the move from data.attributes (new_move_params[:attributes] \
                     .tap { … attributes.merge!(…) }), and without an attributes object it is \
                     nil: NoMethodError (undefined method 'merge!' for nil), which no \
                     rescue_from handles. Give the attributes as an object",
                    at,
                )],
            );
        }
        // `move.profile.documents = profile_documents` (L18): the documents' ids first, then
        // the profile, which has none when the person has no profile.
        try_verdict!(v1_documents(data, true));
        if found.profile_id.known() == Some(None) {
            return Verdict::refused(
                500,
                vec![crash(
                    "version 1 creates the move against the person's latest profile \
                     (Person#latest_profile), and this person has none: move.profile.documents = \
                     … raises NoMethodError on nil, which no rescue_from handles. Give a profile \
                     relationship, or create the person's profile first (POST \
                     /api/people/:id/profiles)",
                    found.profile_at,
                )],
            );
        }
        (
            found.profile_id,
            found.person_id,
            found.from,
            found.to,
            found.profile_at,
        )
    } else {
        // Look-ups: profile (404), from_location (404), to_location (404).
        let profile_id = try_verdict!(profile_relationship(data, call));
        let from = try_verdict!(location_relationship(data, "from_location", call));
        let to = try_verdict!(location_relationship(data, "to_location", call));
        // The profile's person: known empty without a profile, unknown when the profile is.
        let person_id = match &profile_id {
            None => Member::Null,
            Some(p) => call
                .facts
                .profile(p)
                .known()
                .map_or(Member::Unknown, |p| p.person_id),
        };
        (
            Member::from_known(profile_id),
            person_id,
            from,
            to,
            pointer::relationship_id("profile"),
        )
    };
    let explicit_status = attributes.get("status");
    let status = match explicit_status {
        None => "requested".to_owned(),
        Some(s) if s.is_blank() => "proposed".to_owned(),
        Some(s) => s.ruby_to_s(),
    };
    let mut move_type: Member<String> = string_attr(attributes, "move_type").into();
    // Version 1's `Move#set_move_type` (upstream `app/models/move.rb` L406-420) infers a move
    // type that is not `present?` (the enum casts a blank one to nil) from the locations'
    // types: not known when they are not.
    if v1 && move_type.value().is_none_or(|t| t.trim().is_empty()) {
        move_type = match infer_move_type(&from, &to) {
            Some(t) => Member::Value(t.to_owned()),
            None => Member::Unknown,
        };
    }
    let recall = attributes.get("recall_date").filter(|v| !v.is_blank());
    let draft = MoveDraft {
        status: Member::Value(status.clone()),
        move_type,
        supplier: supplier_found(
            &from,
            call,
            attributes.get("date").is_some_and(|d| !d.is_blank())
                || attributes.get("date_from").is_some_and(|d| !d.is_blank()),
        ),
        from,
        to,
        profile_id,
        person_id,
        date: cast_date(attributes, "date").into(),
        date_from: cast_date(attributes, "date_from").into(),
        date_to: cast_date(attributes, "date_to").into(),
        recall_date_invalid: recall.is_some_and(|r| r.as_str().and_then(cast_rails_date).is_none()),
        cancellation_reason: string_attr(attributes, "cancellation_reason").into(),
        rejection_reason: Member::Null,
        attribute_pointer: default_pointer,
        ..MoveDraft::default()
    };
    let mut errors = validate_move(&draft, call.facts, &mut call.out);
    if !errors.is_empty() {
        relationship_pointers(&mut errors, data);
        if v1 {
            for e in &mut errors {
                if e.attribute == "profile" {
                    e.error.source = ErrorSource::pointer(profile_at.clone());
                }
            }
        }
        return shape_b(errors);
    }
    let mut changes = vec![Change {
        resource_type: "moves".into(),
        id: None,
        attribute: None,
        from: None,
        to: Some(status.clone()),
    }];
    // Version 2 writes a MoveProposed or MoveRequested event (L30-31); version 1 none.
    let summary = if v1 {
        format!("Creates a {status} move")
    } else {
        let event = if status == "proposed" {
            "MoveProposed"
        } else {
            "MoveRequested"
        };
        changes.push(Change {
            resource_type: "events".into(),
            id: None,
            attribute: None,
            from: None,
            to: Some(event.into()),
        });
        format!("Creates a {status} move and writes a {event} event")
    };
    Verdict::accepted(201, Effect { summary, changes })
}

/// `relationships.profile`: absent → `Ok(None)`; an unknown id → 404.
fn profile_relationship(
    data: &Json<'_>,
    call: &mut Call<'_>,
) -> Result<Option<String>, Box<Verdict>> {
    let at = pointer::relationship_id("profile");
    let Some(id) = data
        .dig(&["relationships", "profile", "data", "id"])
        .filter(|v| !matches!(v, Json::Null))
    else {
        return Ok(None);
    };
    profile_by_id(id, &at, call).map(Some)
}

/// `Profile.find(id)` of a profile relationship's id at `at`: its canonical id; an id that is
/// not a UUID, or that the facts say does not exist, is the 404; one the facts do not cover is
/// unchecked.
fn profile_by_id(id: &Json<'_>, at: &str, call: &mut Call<'_>) -> Result<String, Box<Verdict>> {
    let facts = call.facts;
    super::common::body_record("Profile", id, at, |id| facts.profile(id), &mut call.out)
        .map(|(canonical, _)| canonical)
}

/// What an update does to the move's profile.
#[derive(Debug, Clone)]
enum NewProfile {
    /// Nothing in the request changes it: the move keeps its own.
    Keep,
    /// It becomes this profile (`Null`: none; `Unknown`: the facts do not say which, or
    /// whether there is one), whose person is `person_id`.
    Set {
        profile_id: Member<String>,
        person_id: Member<String>,
    },
}

impl NewProfile {
    /// No profile, so no person.
    const UNLINK: NewProfile = NewProfile::Set {
        profile_id: Member::Null,
        person_id: Member::Null,
    };

    /// Neither which profile nor whose.
    const UNKNOWN: NewProfile = NewProfile::Set {
        profile_id: Member::Unknown,
        person_id: Member::Unknown,
    };
}

/// Version 2's profile relationship (`common_move_attributes`, upstream
/// `app/controllers/api/v2/moves_actions.rb` L115-121, L135-139): `{"data": {…}}` links
/// (`Profile.find`, 404 if unknown), `{"data": null}` unlinks.
fn v2_update_profile(data: &Json<'_>, call: &mut Call<'_>) -> Result<NewProfile, Box<Verdict>> {
    let unlink = data
        .dig(&["relationships", "profile"])
        .is_some_and(|r| matches!(r.get("data"), Some(Json::Null)));
    Ok(match profile_relationship(data, call)? {
        Some(p) => NewProfile::Set {
            person_id: call
                .facts
                .profile(&p)
                .known()
                .map_or(Member::Unknown, |p| p.person_id),
            profile_id: Member::Value(p),
        },
        None if unlink => NewProfile::UNLINK,
        None => NewProfile::Keep,
    })
}

/// What reads a version 1 update's relationships, for the crash reasons.
const V1_UPDATE_READS: &str = "Moves::Updater#attributes (dig(:data, :id))";

/// A relationship of a version 1 update as `Moves::Updater#attributes` reads it (upstream
/// `app/services/moves/updater.rb` L51-57, L72-77): `None` when it is not `present?` (absent,
/// nil, `{}`, `false`, `""`, `[]`), else its `dig(:data, :id)` ([`data_id`]), which needs an
/// object: a String, a number or `true` has no `dig` (`NoMethodError`) and an Array's takes
/// no Symbol (`TypeError`), the 500.
fn v1_update_relationship<'j, 'a>(
    data: &'j Json<'a>,
    name: &str,
) -> Result<Option<Option<&'j Json<'a>>>, Box<Verdict>> {
    let Some(rel) = data
        .get("relationships")
        .filter(|r| r.as_object().is_some())
        .and_then(|r| r.get(name))
        .filter(|r| !r.is_blank())
    else {
        return Ok(None);
    };
    let at = pointer::relationship(name);
    match rel {
        Json::Object(_) => data_id(rel, &at, V1_UPDATE_READS).map(Some),
        other => {
            let exception = if matches!(other, Json::Array(_)) {
                "TypeError"
            } else {
                "NoMethodError"
            };
            Err(Box::new(Verdict::refused(
                500,
                vec![crash(
                    format!(
                        "{V1_UPDATE_READS} calls dig on this relationship, and it is {}: \
                         {exception}, which no rescue_from handles. Give an object, \
                         {{\"data\": {{\"type\": …, \"id\": …}}}} or {{\"data\": null}}",
                        ruby_name(other)
                    ),
                    at,
                )],
            )))
        }
    }
}

/// Version 1's profile and person relationships (`Moves::Updater#attributes`, upstream
/// `app/services/moves/updater.rb` L67-84): a `present?` person, when the profile is absent
/// or nil, sets the profile to `Person.find_by(id:)&.latest_profile`; a `present?` profile
/// then sets it to `Profile.find_by(id:)`. Neither raises a 404: an id that finds nothing
/// (`{"data": null}` too) unlinks the move's profile, which then has no person, and the
/// duplicate-move rule, which needs a profile (`app/models/move.rb` L106), does not apply.
/// Returns where an error about the profile points as well.
fn v1_update_profile(
    data: &Json<'_>,
    call: &mut Call<'_>,
) -> Result<(NewProfile, String), Box<Verdict>> {
    let profile_absent = data
        .get("relationships")
        .filter(|r| r.as_object().is_some())
        .and_then(|r| r.get("profile"))
        .is_none_or(|p| matches!(p, Json::Null));
    let mut new = NewProfile::Keep;
    let mut at = pointer::relationship("profile");
    if profile_absent && let Some(id) = v1_update_relationship(data, "person")? {
        at = id.map_or_else(
            || pointer::relationship("person"),
            |_| pointer::relationship_id("person"),
        );
        new = v1_person_latest(id, at.clone(), call);
    }
    if let Some(id) = v1_update_relationship(data, "profile")? {
        at = id.map_or_else(
            || pointer::relationship("profile"),
            |_| pointer::relationship_id("profile"),
        );
        new = v1_profile_find_by(id, at.clone(), call);
    }
    Ok((new, at))
}

/// Version 1's `Profile.find_by(id:)` of an update's profile id at `at`: none unlinks.
fn v1_profile_find_by(id: Option<&Json<'_>>, at: String, call: &mut Call<'_>) -> NewProfile {
    let Some(id) = id else {
        return NewProfile::UNLINK;
    };
    if matches!(id, Json::Array(_) | Json::Object(_)) {
        call.out.unchecked.push(Unchecked::new(
            UncheckedKind::Static(
                "Which profile find_by(id:) finds with an id that is a list or an object: \
                 version 1 unlinks the move's profile if none",
            ),
            ErrorSource::pointer(at),
        ));
        return NewProfile::UNKNOWN;
    }
    let canonical = canonical_uuid(&id.ruby_to_s());
    match canonical.as_deref().map(|c| call.facts.profile(c)) {
        Some(Fact::Known(p)) => NewProfile::Set {
            profile_id: Member::from_known(canonical),
            person_id: p.person_id,
        },
        Some(Fact::Unknown) => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the profile exists: version 1 looks it up with find_by, so one \
                     that does not exist unlinks the move's profile (no 404)",
                ),
                ErrorSource::pointer(at),
            ));
            NewProfile::UNKNOWN
        }
        None | Some(Fact::Missing) => {
            call.out.warnings.push(Warning::new(
                WarningKind::Static {
                    code: warning_codes::IGNORED_ATTRIBUTE,
                    detail: "No profile has this id: version 1 looks it up with find_by, so \
                             the move's profile is unlinked (no 404)",
                },
                ErrorSource::pointer(at),
            ));
            NewProfile::UNLINK
        }
    }
}

/// Version 1's `Person.find_by(id:)&.latest_profile` of an update's person id at `at`: no
/// person, or one without a profile, unlinks.
fn v1_person_latest(id: Option<&Json<'_>>, at: String, call: &mut Call<'_>) -> NewProfile {
    let Some(id) = id else {
        return NewProfile::UNLINK;
    };
    if matches!(id, Json::Array(_) | Json::Object(_)) {
        call.out.unchecked.push(Unchecked::new(
            UncheckedKind::Static(
                "Which person find_by(id:) finds with an id that is a list or an object: \
                 version 1 links the move to that person's latest profile, or unlinks it",
            ),
            ErrorSource::pointer(at),
        ));
        return NewProfile::UNKNOWN;
    }
    let unlinked = |call: &mut Call<'_>, detail: &'static str, at: String| {
        call.out.warnings.push(Warning::new(
            WarningKind::Static {
                code: warning_codes::IGNORED_ATTRIBUTE,
                detail,
            },
            ErrorSource::pointer(at),
        ));
        NewProfile::UNLINK
    };
    let no_person = "No person has this id: version 1 looks the person up with find_by, so the \
                     move's profile is unlinked (no 404)";
    let Some(canonical) = canonical_uuid(&id.ruby_to_s()) else {
        return unlinked(call, no_person, at);
    };
    match call.facts.person(&canonical) {
        Fact::Missing => return unlinked(call, no_person, at),
        Fact::Unknown => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the person exists and has a profile: version 1 links the move to \
                     the person's latest profile, and unlinks the move's profile if there is \
                     none (find_by, no 404)",
                ),
                ErrorSource::pointer(at),
            ));
            return NewProfile::UNKNOWN;
        }
        Fact::Known(_) => {}
    }
    match call.facts.profiles_of_person(&canonical) {
        Fact::Known(ids) => match ids.as_slice() {
            [] => unlinked(
                call,
                "This person has no profile: version 1 links the move to the person's latest \
                 profile, so the move's profile is unlinked",
                at,
            ),
            [one] => NewProfile::Set {
                profile_id: Member::Value(one.clone()),
                person_id: Member::Value(canonical),
            },
            _ => {
                call.out.unchecked.push(Unchecked::new(
                    UncheckedKind::Static(
                        "Which of the person's profiles is the latest (updated last): version 1 \
                         links the move to it",
                    ),
                    ErrorSource::pointer(at),
                ));
                NewProfile::Set {
                    profile_id: Member::Unknown,
                    person_id: Member::Value(canonical),
                }
            }
        },
        _ => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the person has a profile: version 1 links the move to the person's \
                     latest profile, and unlinks the move's profile if there is none",
                ),
                ErrorSource::pointer(at),
            ));
            NewProfile::UNKNOWN
        }
    }
}

/// Version 1's documents on update (upstream `app/services/moves/updater.rb` L79-80):
/// `profile = attributes[:profile] || move.profile; profile.documents = … unless
/// document_attributes.nil?`. With documents and no profile (none set by the request, and the
/// move has none), `nil.documents =` raises `NoMethodError`, the 500.
fn v1_update_documents(
    data: &Json<'_>,
    new: &NewProfile,
    current: Option<&MoveFacts>,
    call: &mut Call<'_>,
) -> Result<(), Box<Verdict>> {
    if v1_documents(data, false)?.is_none() {
        return Ok(());
    }
    let own = current.and_then(|m| m.profile_id.known().map(|p| p.is_some()));
    let has_profile = match new {
        NewProfile::Set {
            profile_id: Member::Value(_),
            ..
        } => Some(true),
        NewProfile::Set {
            profile_id: Member::Unknown,
            ..
        } => own.filter(|own| *own),
        _ => own,
    };
    let at = pointer::relationship("documents");
    match has_profile {
        Some(true) => Ok(()),
        Some(false) => Err(Box::new(Verdict::refused(
            500,
            vec![crash(
                "version 1 sets the documents on the move's profile (the one this request \
                 links, else the move's own), and there is none: profile.documents = … \
                 raises NoMethodError on nil, which no rescue_from handles. Link a profile \
                 in the same request, or leave documents out",
                at,
            )],
        ))),
        None => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the move has a profile: version 1 sets the documents on it, and \
                     without one raises NoMethodError, a 500",
                ),
                ErrorSource::pointer(at),
            ));
            Ok(())
        }
    }
}

/// `PATCH /api/moves/:id` (`Idempotency-Key` required): version 2's `update_and_render`
/// (upstream `app/controllers/api/v2/moves_actions.rb` L42-73), or version 1's, through
/// `Moves::Updater` (`app/controllers/api/v1/moves_actions.rb` L36-50,
/// `app/services/moves/updater.rb`), which permits other attributes, reads the profile and
/// person relationships and the documents first, and changes the status only by a transition.
pub(crate) fn update(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    // `params[:id]` parses the body (Rails merges its parameters with the path's), then
    // `move.present?` finds the move "before validations", with its `includes`, and only then
    // does `move_params` require `data` (`app/controllers/api/v2/moves_actions.rb` L42-43,
    // L103-105, L192-197; v1's `update_and_render` the same, `api/v1/moves_actions.rb` L36-38).
    let doc = try_verdict!(parse_body(call.body));
    let meta = try_verdict!(meta_given(call));
    let id = call.param("id").to_owned();
    let current = try_verdict!(move_record(call, &id, "id"));
    if let Some(refused) = meta.and_then(|m| m.unloadable(&LOADS, &mut call.out)) {
        return refused;
    }
    let data = try_verdict!(require_data(doc));
    let v1 = call.headers.version == 1;
    let create_in_nomis = if v1 {
        v1_create_in_nomis(call);
        None
    } else {
        create_in_nomis(call)
    };
    let attributes = Attributes::of(data, if v1 { V1_UPDATE_PERMITTED } else { PERMITTED });
    attributes.warn_unpermitted(call);
    for name in ["from_location", "to_location"] {
        if data.dig(&["relationships", name]).is_some() {
            call.out.warnings.push(Warning::new(
                WarningKind::MoveLocationFixed { name },
                ErrorSource::pointer(pointer::relationship(name)),
            ));
        }
    }
    let (new_profile, profile_at) = if v1 {
        // `Moves::Updater#validate_move_status` deletes the status from `attributes`, whose
        // first read runs the relationships and the documents (L39, L67-84): they come before
        // the status check. An `attributes` list has no `[:profile]` (L79): `TypeError`.
        let (new, at) = try_verdict!(v1_update_profile(data, call));
        if let Some(v) =
            attributes_list_crash(data, "Moves::Updater#attributes reads [:profile] out of it")
        {
            return v;
        }
        try_verdict!(v1_update_documents(data, &new, current.as_ref(), call));
        if let Some(v) = status_check(attributes) {
            return v;
        }
        (new, at)
    } else {
        if let Some(v) = attributes_list_crash(data, "the status check reads [:status] out of it") {
            return v;
        }
        if let Some(v) = status_check(attributes) {
            return v;
        }
        let at = if data
            .dig(&["relationships", "profile", "data", "id"])
            .is_some()
        {
            pointer::relationship_id("profile")
        } else {
            pointer::relationship("profile")
        };
        (try_verdict!(v2_update_profile(data, call)), at)
    };
    let Some(current) = current else {
        call.out.unchecked.push(Unchecked::new(
            UncheckedKind::Static(
                "The move's current state: its model validations after the update",
            ),
            ErrorSource::parameter("id"),
        ));
        let mut summary = format!("Updates move {id}");
        if let Some((true, _)) = create_in_nomis {
            summary.push_str("; if it belongs to an allocation, asks NOMIS for the transfer");
        }
        return Verdict::accepted(
            200,
            Effect {
                summary,
                changes: profile_changes(&id, None, &new_profile),
            },
        );
    };
    if let Some((asked, at)) = &create_in_nomis {
        nomis_transfer(call, &current, *asked, at.clone());
    }
    let mut verdict = update_known(call, &id, &current, attributes, &new_profile, v1);
    if verdict.valid
        && let Some((true, _)) = create_in_nomis
        && current.allocation_id.value().is_some()
        && let Some(effect) = verdict.effect.as_mut()
    {
        effect
            .summary
            .push_str("; asks NOMIS for the transfer (Allocations::CreateInNomis)");
    }
    // The profile is a relationship of the request: point there.
    for e in &mut verdict.errors {
        if e.source.pointer.as_deref() == Some("/data/attributes/profile") {
            e.source = ErrorSource::pointer(profile_at.clone());
        }
    }
    verdict
}

/// Version 1 never reads `create_in_nomis` (only version 2's update does, upstream
/// `app/controllers/api/v2/moves_actions.rb` L69, L99-101): given, it is a warning.
fn v1_create_in_nomis(call: &mut Call<'_>) {
    if let Some(given) = call.rails_param("create_in_nomis") {
        call.out.warnings.push(Warning::new(
            WarningKind::Static {
                code: warning_codes::IGNORED_PARAMETER,
                detail: "Version 1 never reads create_in_nomis: only version 2's update asks \
                         NOMIS for the transfer",
            },
            given.source("create_in_nomis"),
        ));
    }
}

/// The request's top-level `create_in_nomis` parameter (query string, or the body beside
/// `data`: Rails merges both into `params`, the query's winning, [`crate::rails::param`]):
/// whether it is `true` as the API reads it (`params[:create_in_nomis].to_s == 'true'`,
/// upstream `app/controllers/api/v2/moves_actions.rb` L99-101) and where it was given. `None`
/// when absent. Inside `data.attributes` it is not a move attribute and is dropped as
/// unpermitted.
fn create_in_nomis(call: &Call<'_>) -> Option<(bool, ErrorSource)> {
    const NAME: &str = "create_in_nomis";
    let given = call.rails_param(NAME)?;
    let is_true = match given {
        crate::rails::Param::Body(value) => value.ruby_to_s() == "true",
        _ => given.text().is_some_and(|t| t == "true"),
    };
    Some((is_true, given.source(NAME)))
}

/// What the API does with `create_in_nomis` on a known move: only `true` on a move of an
/// allocation calls `Allocations::CreateInNomis` (moves_actions.rb L69, L99-101); any other
/// value, or a move outside an allocation, is accepted and ignored (a warning). Whether NOMIS
/// makes the transfer (the person has a NOMIS booking, the move has no `nomis_event_id`
/// yet, NOMIS answers 201: `app/services/allocations/create_in_nomis.rb`) does not change the
/// answer, which is 200 either way.
fn nomis_transfer(call: &mut Call<'_>, current: &MoveFacts, asked: bool, at: ErrorSource) {
    let detail = match (asked, current.allocation_id.known()) {
        (false, _) => "create_in_nomis is acted on only when it is true",
        (true, Some(None)) => {
            "create_in_nomis is acted on only for a move of an allocation: this move has none"
        }
        (true, Some(Some(_))) => return,
        (true, None) => {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(
                    "Whether the move belongs to an allocation (create_in_nomis is ignored otherwise)",
                ),
                at,
            ));
            return;
        }
    };
    call.out.warnings.push(Warning::new(
        WarningKind::Static {
            code: warning_codes::IGNORED_PARAMETER,
            detail,
        },
        at,
    ));
}

/// The change an update makes to the move's profile: none when it keeps it, or when which
/// profile it gets is not known.
fn profile_changes(id: &str, old: Option<&str>, new: &NewProfile) -> Vec<Change> {
    let to = match new {
        NewProfile::Set { profile_id, .. } => match profile_id.known() {
            Some(to) => to.cloned(),
            None => return Vec::new(),
        },
        NewProfile::Keep => return Vec::new(),
    };
    vec![Change {
        resource_type: "moves".into(),
        id: Some(id.into()),
        attribute: Some("profile".into()),
        from: old.map(str::to_owned),
        to,
    }]
}

/// An update of a move the facts give: the status its transition (and, in version 2, the
/// status assigned as well) leaves, the attributes assigned, then the move's validations.
fn update_known(
    call: &mut Call<'_>,
    id: &str,
    current: &MoveFacts,
    attributes: Attributes<'_, '_>,
    new_profile: &NewProfile,
    v1: bool,
) -> Verdict {
    // The stored status: `None` when the facts do not give it.
    let old_status: Option<String> = current
        .status
        .known()
        .map(|s| s.cloned().unwrap_or_default());
    let requested_status = attributes
        .get("status")
        .filter(|s| !s.is_blank())
        .map(Json::ruby_to_s);
    let mut status: Member<String> = current.status.clone();
    let mut cancellation_reason = current.cancellation_reason.clone();
    let mut date: Member<Date> = current.date.clone().and_then(|d| cast_rails_date(&d));
    let mut changes = Vec::new();
    if let Some(requested) = &requested_status {
        // The implied transition (Move#infer_status_transition), then the status is also
        // assigned directly (v2 keeps it in the attributes).
        let trigger = old_status
            .as_deref()
            .map(|old| match (old, requested.as_str()) {
                ("proposed", "requested") => Some("approve"),
                ("requested", "booked") => Some("accept"),
                ("booked", "in_transit") => Some("start"),
                ("in_transit", "completed") => Some("complete"),
                ("proposed" | "requested" | "booked", "cancelled") => Some("cancel"),
                _ => None,
            });
        let reason = string_attr(attributes, "cancellation_reason");
        match trigger {
            Some(Some("cancel")) => cancellation_reason = reason.into(),
            // Whether cancel fires is not known: so is the reason, unless both agree.
            None if requested == "cancelled"
                && Member::from(reason.clone()) != cancellation_reason =>
            {
                cancellation_reason = Member::Unknown
            }
            _ => {}
        }
        if let Some(d) = cast_date(attributes, "date") {
            match trigger {
                Some(Some("approve")) => date = Member::Value(d),
                None if requested == "requested" && date != Member::Value(d) => {
                    date = Member::Unknown
                }
                _ => {}
            }
        }
        status = if !v1 {
            // Version 2 keeps the status in the attributes it assigns (upstream
            // `app/controllers/api/v2/moves_actions.rb` L44-54).
            Member::Value(requested.clone())
        } else {
            // Version 1's `Moves::Updater#validate_move_status` deletes it from them
            // (`app/services/moves/updater.rb` L13-24, L38-45): only a transition changes it.
            match trigger {
                Some(Some(_)) => Member::Value(requested.clone()),
                Some(None) => {
                    if old_status.as_ref() != Some(requested) {
                        call.out.warnings.push(Warning::new(
                            WarningKind::Static {
                                code: warning_codes::NO_CHANGE,
                                detail: "Version 1 changes the status only by a transition \
                                         (Move#infer_status_transition: proposed to requested, \
                                         requested to booked, booked to in_transit, in_transit \
                                         to completed, proposed, requested or booked to \
                                         cancelled), and this is none from the move's status: \
                                         the move keeps it",
                            },
                            ErrorSource::pointer(pointer::attribute("status")),
                        ));
                    }
                    current.status.clone()
                }
                None => Member::Unknown,
            }
        };
    } else if let Some(reason) = string_attr(attributes, "cancellation_reason") {
        cancellation_reason = Member::Value(reason);
    }
    if let Some(d) = attributes.get("date") {
        let cast = d.as_str().and_then(cast_rails_date);
        match (requested_status.as_deref(), old_status.as_deref()) {
            (Some("requested"), Some("proposed")) => {}
            (Some("requested"), None) => {
                if date != Member::from(cast) {
                    date = Member::Unknown;
                }
            }
            _ => date = cast.into(),
        }
    }
    let stored_date: Member<String> = current.date.clone();
    // `None`: not known whether the date changes.
    let date_changed: Option<bool> = match (date.known(), stored_date.known()) {
        (Some(new), Some(old)) => {
            Some(new.map(|d| d.to_string()).as_deref() != old.map(String::as_str))
        }
        _ => None,
    };
    let (profile_id, person_id): (Member<String>, Member<String>) = match new_profile {
        NewProfile::Set {
            profile_id,
            person_id,
        } => (profile_id.clone(), person_id.clone()),
        NewProfile::Keep => (current.profile_id.clone(), current.person_id.clone()),
    };
    let location = |id: &Member<String>, name: &str| LocationRef {
        id: id.clone().and_then(|i| canonical_uuid(&i).or(Some(i))),
        facts: id.value().and_then(|i| call.facts.location(i).known()),
        pointer: pointer::relationship(name),
    };
    let in_allocation = current.allocation_id.known().map(|a| a.is_some());
    let draft = MoveDraft {
        status: status.clone(),
        move_type: match string_attr(attributes, "move_type") {
            Some(t) => Member::Value(t),
            None => current.move_type.clone(),
        },
        from: location(&current.from_location_id, "from_location"),
        to: location(&current.to_location_id, "to_location"),
        profile_id: profile_id.clone(),
        person_id,
        date: date.clone(),
        date_from: match cast_date(attributes, "date_from") {
            Some(d) => Member::Value(d),
            None => current.date_from.clone().and_then(|d| cast_rails_date(&d)),
        },
        date_to: match cast_date(attributes, "date_to") {
            Some(d) => Member::Value(d),
            None => current.date_to.clone().and_then(|d| cast_rails_date(&d)),
        },
        recall_date_invalid: attributes
            .get("recall_date")
            .filter(|v| !v.is_blank())
            .is_some_and(|r| r.as_str().and_then(cast_rails_date).is_none()),
        cancellation_reason,
        rejection_reason: current.rejection_reason.clone(),
        // Supplier is unknown in the facts when no supplier_id is given; do not guess.
        supplier: current.supplier_id.value().map(|_| true),
        has_lockout: current.has_lockout.clone(),
        date_changed_in_allocation: match (date_changed, in_allocation) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        id: Some(id.to_owned()),
        attribute_pointer: default_pointer,
        record: None,
    };
    let mut errors = validate_move(&draft, call.facts, &mut call.out);
    // The move's from/to errors point at the path (they cannot be changed here).
    for e in &mut errors {
        if matches!(
            e.attribute.as_ref(),
            "from_location" | "to_location" | "to_location_id" | "supplier"
        ) {
            e.error.source = ErrorSource::parameter("id");
        }
    }
    if !errors.is_empty() {
        return shape_b(errors);
    }
    changes.extend(profile_changes(
        id,
        current.profile_id.value().map(String::as_str),
        new_profile,
    ));
    if let Some(new) = status.value()
        && old_status.as_ref() != Some(new)
    {
        changes.push(Change {
            resource_type: "moves".into(),
            id: Some(id.into()),
            attribute: Some("status".into()),
            from: old_status.clone(),
            to: Some(new.clone()),
        });
    }
    if date_changed == Some(true) {
        changes.push(Change {
            resource_type: "moves".into(),
            id: Some(id.into()),
            attribute: Some("date".into()),
            from: current.date.value().cloned(),
            to: date.value().map(|d| d.to_string()),
        });
        changes.push(Change {
            resource_type: "events".into(),
            id: None,
            attribute: None,
            from: None,
            to: Some("MoveDateChanged".into()),
        });
    }
    let mut summary = format!("Updates move {id}");
    if let Some(allocation) = current.allocation_id.value()
        && let Some(status) = status.value()
        && let Some(has_profile) = profile_id.known().map(|p| p.is_some())
        && let Some(change) = allocation_refresh(call.facts, allocation, id, has_profile, status)
    {
        summary.push_str(&format!(
            "; allocation {allocation} becomes {}",
            change.to.clone().unwrap_or_default()
        ));
        changes.push(change);
    }
    Verdict::accepted(200, Effect { summary, changes })
}

/// A move named in the path, as the token may see it: a supplier token sees only the moves it
/// supplies or whose from/to location it serves (others are 404, not 401: they are filtered
/// out of the look-up; `api-conventions.md` §2).
pub(crate) fn move_record(
    call: &mut Call<'_>,
    id: &str,
    parameter: &str,
) -> Result<Option<MoveFacts>, Box<Verdict>> {
    let facts = call.facts;
    let found = path_record("Move", id, parameter, |id| facts.move_(id), &mut call.out)?;
    if facts.caller() != crate::context::Caller::Supplier {
        return Ok(found);
    }
    let Some(m) = &found else { return Ok(found) };
    let Some(me) = facts
        .caller_supplier_id()
        .as_deref()
        .and_then(canonical_uuid)
    else {
        return Ok(found);
    };
    // `None`: not known. A location the move does not have serves no one.
    let serves = |loc: &Member<String>| match loc.known()? {
        None => Some(false),
        Some(l) => canonical_uuid(l)
            .and_then(|l| facts.location(&l).known())
            .and_then(|l| {
                l.supplier_ids.known().map(|ids| {
                    ids.into_iter()
                        .flatten()
                        .any(|s| canonical_uuid(s).as_deref() == Some(me.as_str()))
                })
            }),
    };
    let own = match m.supplier_id.known() {
        None => None,
        Some(None) => Some(false),
        Some(Some(s)) => canonical_uuid(s).map(|s| s == me),
    };
    let lodging = match canonical_uuid(id).map(|mid| facts.lodgings_of_move(&mid)) {
        Some(Fact::Known(lodgings)) => {
            let mut any = Some(false);
            for (_, l) in &lodgings {
                match serves(&l.location_id) {
                    Some(true) => any = Some(true),
                    None if any != Some(true) => any = None,
                    _ => {}
                }
            }
            any
        }
        _ => None,
    };
    let visible = [
        own,
        serves(&m.from_location_id),
        serves(&m.to_location_id),
        lodging,
    ];
    if visible.contains(&Some(true)) {
        return Ok(found);
    }
    if visible.iter().all(Option::is_some) {
        return Err(super::common::not_found_param("Move", id, parameter));
    }
    call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("Whether this supplier may see the move (404 otherwise): its supplier and locations' suppliers"), ErrorSource::parameter(parameter.to_owned())));
    Ok(found)
}

/// What each move action path creates and permits (`moves.md` §8).
const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        path: "accept",
        event: EventType::MoveAccept,
        permitted: &["timestamp", "notes"],
        relationship: None,
    },
    ActionSpec {
        path: "approve",
        event: EventType::MoveApprove,
        permitted: &["timestamp", "date", "create_in_nomis"],
        relationship: None,
    },
    ActionSpec {
        path: "cancel",
        event: EventType::MoveCancel,
        permitted: &[
            "timestamp",
            "cancellation_reason",
            "cancellation_reason_comment",
            "notes",
        ],
        relationship: None,
    },
    ActionSpec {
        path: "complete",
        event: EventType::MoveComplete,
        permitted: &["timestamp", "notes"],
        relationship: None,
    },
    ActionSpec {
        path: "lockouts",
        event: EventType::MoveLockout,
        permitted: &["timestamp", "notes"],
        relationship: Some("from_location"),
    },
    ActionSpec {
        path: "redirects",
        event: EventType::MoveRedirect,
        permitted: &["timestamp", "notes", "move_type"],
        relationship: Some("to_location"),
    },
    ActionSpec {
        path: "reject",
        event: EventType::MoveReject,
        permitted: &[
            "timestamp",
            "rejection_reason",
            "cancellation_reason_comment",
            "rebook",
        ],
        relationship: None,
    },
    ActionSpec {
        path: "start",
        event: EventType::MoveStart,
        permitted: &["timestamp", "notes"],
        relationship: None,
    },
];

/// The action paths (`/moves/:id/<path>`), in table order.
pub(crate) fn action_paths() -> Vec<&'static str> {
    ActionSpec::paths(ACTIONS)
}

/// The `type`s the params validator accepts; four are also accepted in the plural, which
/// the type-keyed checks read as the singular.
const ACTION_TYPES: &[&str] = &[
    "accepts",
    "approve",
    "approves",
    "cancel",
    "cancels",
    "complete",
    "completes",
    "lockouts",
    "redirects",
    "reject",
    "rejects",
    "starts",
];

/// `POST /api/moves/:id/<action>`.
pub(crate) fn action(call: &mut Call<'_>) -> Verdict {
    let spec = try_verdict!(ActionSpec::of(ACTIONS, call));
    // `MoveEventsController` has no `supported_relationships`.
    try_verdict!(call.check_include());
    let id = call.param("id").to_owned();
    if let Some(replay) = try_verdict!(idempotency(call.req, call.facts, &mut call.out)) {
        return replay;
    }
    // /redirects looks the move up before reading the body; the others after.
    if spec.path == "redirects"
        && let Err(v) = move_record(call, &id, "id")
    {
        return *v;
    }
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    // Strong parameters: the validator sees only what this path permits.
    let attr = |name: &str| {
        if spec.permitted.contains(&name) {
            attributes.and_then(|a| a.get(name))
        } else {
            None
        }
    };
    // Params validator (422 A), keyed on the `type`, not the path.
    let mut failures = Vec::new();
    let ty = type_param(data, ACTION_TYPES, &mut failures);
    let singular = match ty.as_str() {
        "cancels" => "cancel",
        "completes" => "complete",
        "approves" => "approve",
        "rejects" => "reject",
        other => other,
    };
    // The reason a cancel or a reject needs, one of its values
    // (`app/services/move_events/params_validator.rb:16-17`).
    for (action, name, values) in [
        ("cancel", "cancellation_reason", CancellationReason::VALUES),
        ("reject", "rejection_reason", RejectionReason::VALUES),
    ] {
        if singular == action
            && attr(name)
                .and_then(Json::as_str)
                .is_none_or(|r| !values.contains(&r))
        {
            failures.push(ParamFailure::inclusion(
                name,
                pointer::attribute(name),
                values,
            ));
        }
    }
    if singular == "approve" && attr("date").is_none_or(Json::is_blank) {
        failures.push(ParamFailure::at(
            "date",
            messages::BLANK,
            Failure::Blank,
            pointer::attribute("date"),
        ));
    }
    let timestamp = attr("timestamp");
    if timestamp.is_none_or(Json::is_blank) {
        failures.push(ParamFailure::at(
            "timestamp",
            messages::BLANK,
            Failure::Blank,
            pointer::attribute("timestamp"),
        ));
    }
    // `date` is only permitted on /approve; there it must parse with strptime.
    if spec.permitted.contains(&"date")
        && let Some(d) = attr("date").filter(|d| !d.is_blank())
    {
        match d {
            Json::String(s) => {
                if parse_strptime_ymd(s).is_none() {
                    failures.push(ParamFailure::at(
                        "date",
                        "is not a valid date.",
                        Failure::InvalidDate,
                        pointer::attribute("date"),
                    ));
                }
            }
            other => {
                return Verdict::refused(
                    500,
                    vec![crash(
                        format!(
                            "`date` is a JSON {}: Date.strptime raises TypeError",
                            other.type_name()
                        ),
                        pointer::attribute("date"),
                    )],
                );
            }
        }
    }
    failures.extend(try_verdict!(timestamp_param(timestamp, false)));
    for (ty_name, rel) in [("lockouts", "from_location"), ("redirects", "to_location")] {
        if singular == ty_name {
            // Strong parameters: only the path's own relationship reaches the validator.
            super::common::location_param(
                data,
                rel,
                spec.relationship == Some(rel),
                call.facts,
                &mut call.out,
                &mut failures,
            );
        }
    }
    if !failures.is_empty() {
        return shape_a(failures);
    }
    if spec.path != "redirects"
        && let Err(v) = move_record(call, &id, "id")
    {
        return *v;
    }
    // Attributes this path does not permit are dropped silently.
    if let Some(members) = attributes.and_then(Json::as_object) {
        for (key, _) in members {
            if !spec.permitted.contains(key) && *key != "notes" {
                call.out.warnings.push(Warning::new(
                    WarningKind::ActionDoesNotPermit {
                        path: spec.path,
                        key: key.to_string(),
                    },
                    ErrorSource::pointer(pointer::attribute(key)),
                ));
            }
        }
    }
    if ty != spec.path
        && !(spec.path == "accept" && ty == "accepts")
        && !(spec.path == "start" && ty == "starts")
        && singular != spec.path
    {
        call.out
            .warnings
            .push(Warning::action_type_mismatch(&ty, spec.path, spec.event));
    }
    // The event: details from the permitted attributes, occurred_at = timestamp.
    let info = spec.event.info();
    let mut details: Vec<(&str, &Json<'_>)> = Vec::new();
    if let Some(members) = attributes.and_then(Json::as_object) {
        for (key, value) in members {
            if spec.permitted.contains(key) && info.field(key).is_some() {
                details.push((*key, value));
            }
        }
    }
    let mut relationships = Vec::new();
    if let Some(rel) = spec.relationship {
        let id_value = data.dig(&["relationships", rel, "data", "id"]);
        let rel_value = match data.dig(&["relationships", rel]) {
            None => RelId::Absent,
            Some(_) => id_value.map_or(RelId::Nil { at: "/data" }, RelId::Id),
        };
        relationships.push((rel, rel_value));
    }
    let occurred_at = timestamp
        .and_then(Json::as_str)
        .and_then(parse_lenient_datetime)
        .map(|t| t.unix_seconds());
    let canonical = canonical_uuid(&id);
    run_model(
        EventRun {
            info,
            eventable_kind: Eventable::Move,
            eventable_type: "moves",
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
