//! Allocations (`allocations.md`): create, show, list, update the date, cancel. None of these
//! endpoints uses `Idempotency-Key`.

use crate::context::{AllocationFacts, Facts, Member, MoveFacts};
use crate::error::{ApiError, ErrorKind, ErrorSource, Failure, messages};
use crate::json::{Json, Number};
use crate::model::errors::{ModelError, crash, inclusion, model_error, not_found, shape_b};
use crate::model::move_draft::{LocationRef, MoveDraft, validate_move};
use crate::pointer;
use crate::time::cast_rails_date;
use crate::values::{
    CancellationReason, ESTATE_STORED_VALUES, Estate, PRISONER_CATEGORY_STORED_VALUES,
    PrisonerCategory, SENTENCE_LENGTH_STORED_VALUES, SentenceLength,
};
use crate::verdict::{Change, Effect, Unchecked, UncheckedKind, Verdict, Warning, WarningKind};

use super::common::{
    FilterUse, FilterValue, Filters, Loads, SORT_DIRECTIONS, Sort, path_record, shape_a,
    timestamp_param,
};
use super::moves::{infer_move_type, location_by_id, supplier_found};
use super::{Call, parse_body, require_data, warn_ignored_key, warn_unpermitted_attributes};

/// `include=` values of allocation show, create and update, and `filtered`:
/// `AllocationSerializer::SUPPORTED_RELATIONSHIPS` (upstream `app/serializers/allocation_serializer.rb`
/// L35-43), as written there.
pub(crate) const SHOW_INCLUDES: &[&str] = &[
    "from_location",
    "to_location",
    "moves.person",
    "moves.person.gender",
    "moves.person.ethnicity",
    "moves.profile.person.ethnicity",
    "moves.profile.person.gender",
];
/// `include=` values of the allocations index.
pub(crate) const INDEX_INCLUDES: &[&str] = &["from_location", "to_location"];
const PERMITTED: &[&str] = &[
    "date",
    "moves_count",
    "estate",
    "estate_comment",
    "prisoner_category",
    "sentence_length",
    "sentence_length_comment",
    "complete_in_full",
    "other_criteria",
    "requested_by",
    "complex_cases",
];

/// What the allocations index loads the allocations with: `Allocation.includes(active_record_relationships)`
/// (`app/services/allocations/finder.rb` L21). `Allocation`'s associations are upstream
/// `app/models/allocation.rb` L42-44, and `versions`, which `has_paper_trail` in
/// `VersionedModel` adds.
const LOADS: Loads = Loads {
    model: "Allocation",
    records: "the allocations",
    associations: &["from_location", "to_location", "moves", "versions"],
    includes: SHOW_INCLUDES,
    meta_values: None,
};

/// `sort[by]` values of the allocations index.
pub(crate) const SORT_BY: &[&str] = &["from_location", "to_location", "moves_count", "date"];

/// The allocations index's filters, the [`DATE_FILTERS`] first.
pub(crate) const FILTERS: &[&str] = &[
    "date_from",
    "date_to",
    "locations",
    "from_locations",
    "to_locations",
    "status",
];
/// How many of [`FILTERS`], from the first, are dates `Date.strptime(value, '%Y-%m-%d')` must
/// read (`app/services/allocations/params_validator.rb:9`).
const DATE_FILTERS: usize = 2;

/// `GET /api/allocations`, and `POST /api/allocations/filtered` with the filters in
/// `data.attributes.filter`: filter/sort errors are 400 with a body that is not JSON:API.
pub(crate) fn list(call: &mut Call<'_>) -> Verdict {
    let filters = try_verdict!(Filters::of(call));
    // `Allocations::ParamsValidator.new(filter_params, sort_params)`
    // (`app/controllers/api/allocations_controller.rb` L128): the sort is read first.
    let sort = try_verdict!(Sort::of(call, true));
    // `valid?` runs the checks in their order, and one that raises ends them all: a 500
    // (`app/services/allocations/params_validator.rb` L9-13).
    if let Some(crashed) = filters.crash(&FILTERS[..DATE_FILTERS], FilterUse::Strptime) {
        return crashed;
    }
    let at = filters.at;
    // Attribute, message, place, and the allowed values of a sort parameter.
    type Problem = (
        &'static str,
        &'static str,
        ErrorSource,
        Option<&'static [&'static str]>,
    );
    let mut problems: Vec<Problem> = Vec::new();
    for name in filters.bad_dates(&FILTERS[..DATE_FILTERS]) {
        problems.push((name, messages::STRPTIME_DATE, at(name), None));
    }
    // `validates_each :locations, allow_blank: true`, then `from_locations.present? ||
    // to_locations.present?` (`app/services/allocations/params_validator.rb` L15-17): a blank
    // value (empty or spaces, as Ruby's `blank?`) is none.
    let present = |name| filters.value(name).is_some_and(FilterValue::is_present);
    if present("locations") && (present("from_locations") || present("to_locations")) {
        problems.push((
            "locations",
            "may not be used in combination with `from_locations` or `to_locations` filters.",
            at("locations"),
            None,
        ));
    }
    // `validates :sort_direction, inclusion:`, then `validates :sort_by, inclusion:`
    // (`app/services/allocations/params_validator.rb` L19-22), nil allowed.
    if let Some(d) = &sort.direction
        && !d.is_in(SORT_DIRECTIONS)
    {
        problems.push((
            "sort_direction",
            messages::INCLUSION,
            d.source.clone(),
            Some(SORT_DIRECTIONS),
        ));
    }
    if let Some(by) = &sort.by
        && !by.is_in(SORT_BY)
    {
        problems.push((
            "sort_by",
            messages::INCLUSION,
            by.source.clone(),
            Some(SORT_BY),
        ));
    }
    if !problems.is_empty() {
        let mut body = serde_json::Map::new();
        for (attr, message, _, _) in &problems {
            let entry = body
                .entry((*attr).to_owned())
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let serde_json::Value::Array(list) = entry {
                list.push(serde_json::Value::String((*message).to_owned()));
            }
        }
        let errors = problems
            .into_iter()
            .map(|(attribute, message, source, allowed)| {
                let kind = ErrorKind::InvalidFilter { attribute, message };
                let mut e = ApiError::from_kind(&kind, source);
                if let Some(values) = allowed {
                    e.set_allowed(values);
                }
                e.meta.reason = Some(
                    "the API answers this 400 with a plain JSON body, not a JSON:API document"
                        .into(),
                );
                e
            })
            .collect();
        let mut v = Verdict::refused(400, errors);
        let mut document = serde_json::Map::new();
        document.insert("error".to_owned(), serde_json::Value::Object(body));
        v.set_api_body(serde_json::Value::Object(document));
        return v;
    }
    // Only then does the finder read `search_params`,
    // `params.fetch(:search, {}).permit(:location, :person)` (L75-77, L95-101).
    if let Some(given) = call.rails_param("search")
        && !given.is_hash()
    {
        return super::common::param_crash(
            "search",
            given,
            "the controller's `search_params` calls `params.fetch(:search, {}).permit(…)` on it, \
             which needs a Hash (`search[person]=…` in the query, an object in a JSON body)",
        );
    }
    // `Allocations::Finder.new(…, active_record_relationships:)` reads `meta`
    // (`app/controllers/api/allocations_controller.rb` L95-102); then `Finder#call` applies
    // the filters (`app/services/allocations/finder.rb` L20-25, L61-92): `split_params` of
    // the locations, then of the status; then the allocations load.
    let meta = try_verdict!(super::common::meta_given(call));
    if let Some(crashed) = filters.crash(
        &["from_locations", "to_locations", "locations", "status"],
        FilterUse::SplitUnlessBlank,
    ) {
        return crashed;
    }
    if let Some(crashed) =
        super::common::paginate(call).or_else(|| super::common::page_offset_crash(call))
    {
        return crashed;
    }
    if let Some(refused) = meta.and_then(|m| m.unloadable(&LOADS, &mut call.out)) {
        return refused;
    }
    for (name, value) in &filters.values {
        if let Some(kind) = value.dropped(name, FILTERS, false) {
            call.out.warnings.push(Warning::new(kind, at(name)));
        }
    }
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists allocations; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// `GET /api/allocations/:id`.
pub(crate) fn show(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    let id = call.param("id").to_owned();
    let facts = call.facts;
    try_verdict!(path_record(
        "Allocation",
        &id,
        "id",
        |id| facts.allocation(id),
        &mut call.out,
    ));
    Verdict::accepted(
        200,
        Effect {
            summary: "Shows the allocation; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

fn enum_ok(value: &Json<'_>, keys: &[&str], stored: &[&str]) -> bool {
    match value {
        Json::Null => true,
        Json::String(s) => s.is_empty() || keys.contains(s) || stored.contains(s),
        _ => false,
    }
}

/// The allocation model's own validations, in the API's attribute order.
fn allocation_errors(attributes: Option<&Json<'_>>) -> Vec<ModelError> {
    let attr = |n: &str| attributes.and_then(|a| a.get(n));
    let mut errors = Vec::new();
    let inclusion = |name: &'static str,
                     keys: &'static [&'static str],
                     stored: &[&str]|
     -> Option<ModelError> {
        let v = attr(name)?;
        if enum_ok(v, keys, stored) {
            return None;
        }
        let e = inclusion(name, pointer::attribute(name), keys);
        Some(e)
    };
    errors.extend(inclusion(
        "prisoner_category",
        PrisonerCategory::VALUES,
        PRISONER_CATEGORY_STORED_VALUES,
    ));
    errors.extend(inclusion(
        "sentence_length",
        SentenceLength::VALUES,
        SENTENCE_LENGTH_STORED_VALUES,
    ));
    errors.extend(inclusion("estate", Estate::VALUES, ESTATE_STORED_VALUES));
    // moves_count: presence, numericality, integer, > 0.
    let at = pointer::attribute("moves_count");
    let count = attr("moves_count");
    if count.is_none_or(Json::is_blank) {
        errors.push(model_error(
            "moves_count",
            messages::BLANK,
            "blank",
            Failure::Blank,
            at.clone(),
        ));
    }
    match count.map_or(NumberCheck::NotANumber, number_check) {
        NumberCheck::NotANumber => errors.push(model_error(
            "moves_count",
            "is not a number",
            "not_a_number",
            Failure::NotANumber,
            at,
        )),
        NumberCheck::NotAnInteger => errors.push(model_error(
            "moves_count",
            "must be an integer",
            "not_an_integer",
            Failure::NotAnInteger,
            at,
        )),
        NumberCheck::Integer(n) if n <= 0 => {
            errors.push(model_error(
                "moves_count",
                "must be greater than 0",
                "greater_than",
                Failure::GreaterThan,
                at,
            ));
        }
        NumberCheck::Integer(_) => {}
    }
    if attr("date")
        .and_then(Json::as_str)
        .and_then(cast_rails_date)
        .is_none()
    {
        errors.push(model_error(
            "date",
            messages::BLANK,
            "blank",
            Failure::Blank,
            pointer::attribute("date"),
        ));
    }
    errors
}

enum NumberCheck {
    NotANumber,
    NotAnInteger,
    Integer(i128),
}

/// Rails `numericality: { only_integer: true }` on the raw JSON value.
fn number_check(v: &Json<'_>) -> NumberCheck {
    match v {
        Json::Number(Number::Unsigned(n)) => NumberCheck::Integer(i128::from(*n)),
        Json::Number(Number::Signed(n)) => NumberCheck::Integer(i128::from(*n)),
        Json::Number(Number::Float(_)) => NumberCheck::NotAnInteger,
        Json::String(s) => {
            let t = s.trim();
            let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                t.parse::<i128>()
                    .map_or(NumberCheck::NotAnInteger, NumberCheck::Integer)
            } else if is_finite_decimal(t) {
                NumberCheck::NotAnInteger
            } else {
                NumberCheck::NotANumber
            }
        }
        _ => NumberCheck::NotANumber,
    }
}

/// `t.parse::<f64>().is_ok_and(f64::is_finite)`, without reading the value: std's decimal
/// syntax (`[+-]`, digits with an optional `.` and at least one digit, an optional exponent),
/// and a magnitude below 2^1024 − 2^970, where rounding to `f64` would reach infinity. std's
/// float parser and its 10 KB table of powers of five would be in the .wasm for this alone.
fn is_finite_decimal(t: &str) -> bool {
    /// The digits of 2^1024 − 2^970 (309 of them), trailing zeros dropped.
    const OVERFLOW: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
    const OVERFLOW_EXP: i64 = 309;
    let bytes = t.as_bytes();
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let int_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int = &bytes[int_start..i];
    let mut frac: &[u8] = &[];
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        frac = &bytes[start..i];
    }
    if int.is_empty() && frac.is_empty() {
        return false;
    }
    let mut exp: i64 = 0;
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        let negative = bytes.get(i) == Some(&b'-');
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while let Some(d) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            // Saturates far beyond any f64 exponent.
            exp = (exp * 10 + i64::from(d - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return false;
        }
        if negative {
            exp = -exp;
        }
    }
    if i != bytes.len() {
        return false;
    }
    // value = 0.d₁d₂… × 10^e, with d₁ the first non-zero digit.
    let leading = int.iter().take_while(|&&b| b == b'0').count();
    let int = &int[leading..];
    let (digits, e) = if int.is_empty() {
        let zeros = frac.iter().take_while(|&&b| b == b'0').count();
        (
            &frac[zeros..],
            exp - i64::try_from(zeros).unwrap_or(i64::MAX),
        )
    } else {
        let Ok(len) = i64::try_from(int.len()) else {
            return false;
        };
        (int, exp + len)
    };
    if digits.is_empty() || e < OVERFLOW_EXP {
        // Zero, or below 10^308.
        return true;
    }
    if e > OVERFLOW_EXP {
        return false;
    }
    // The same order of magnitude: compare digit by digit (the integer part, then the fraction).
    let rest: &[u8] = if int.is_empty() { &[] } else { frac };
    let mut all = digits.iter().chain(rest).copied();
    for &limit in OVERFLOW {
        let d = all.next().unwrap_or(b'0');
        if d != limit {
            return d < limit;
        }
    }
    // Equal to the limit so far: any further non-zero digit is above it; equal is a tie,
    // which rounds to even, 2^1024: infinity.
    false
}

fn location(data: &Json<'_>, name: &str, call: &mut Call<'_>) -> Result<LocationRef, Box<Verdict>> {
    let rel = pointer::relationship(name);
    let id = data
        .dig(&["relationships", name, "data", "id"])
        .filter(|v| !matches!(v, Json::Null));
    let Some(id) = id else {
        return Err(Box::new(Verdict::refused(
            404,
            vec![not_found("Location", None, rel)],
        )));
    };
    location_by_id(id, pointer::relationship_id(name), call)
}

/// `POST /api/allocations`.
pub(crate) fn create(call: &mut Call<'_>) -> Verdict {
    warn_ignored_key(call, "a retry creates a second allocation");
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let from = try_verdict!(location(data, "from_location", call));
    let to = try_verdict!(location(data, "to_location", call));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    warn_unpermitted_attributes(attributes, PERMITTED, &mut call.out);
    let errors = allocation_errors(attributes);
    if !errors.is_empty() {
        return shape_b(errors);
    }
    if matches!(
        attributes.and_then(|a| a.get("complete_in_full")),
        Some(Json::Null)
    ) {
        return Verdict::refused(
            500,
            vec![crash(
                "complete_in_full: null violates the column's NOT NULL constraint",
                pointer::attribute("complete_in_full"),
            )],
        );
    }
    // The generated moves: each contributes its own copy of each of its errors.
    let count = match attributes
        .and_then(|a| a.get("moves_count"))
        .map(number_check)
    {
        Some(NumberCheck::Integer(n)) => usize::try_from(n).unwrap_or(0),
        _ => 0,
    };
    let date = attributes
        .and_then(|a| a.get("date"))
        .and_then(Json::as_str)
        .and_then(cast_rails_date);
    // Without the locations' types the inferred move type is not known: the rules that read
    // it are skipped (`validate_move`).
    let move_type = match infer_move_type(&from, &to) {
        Some(t) => Member::Value(t.to_owned()),
        None => Member::Unknown,
    };
    if move_type.is_unknown() {
        call.out.unchecked.push(Unchecked::new(UncheckedKind::Static("The move type of the generated moves (inferred from the locations' types) and its location rules"), ErrorSource::pointer(to.pointer.clone())));
    }
    let draft = MoveDraft {
        status: Member::Value("requested".into()),
        move_type,
        supplier: supplier_found(&from, call, date.is_some()),
        from: from.clone(),
        to: to.clone(),
        date: date.into(),
        attribute_pointer: |a| pointer::attribute(a),
        ..MoveDraft::default()
    };
    let move_errors = validate_move(&draft, call.facts, &mut call.out);
    if !move_errors.is_empty() {
        let mut errors = Vec::new();
        for _ in 0..count.min(1000) {
            errors.extend(move_errors.iter().map(|e| {
                let mut nested = e.nested("moves");
                // The supplier is chosen from the from location: point there.
                if e.attribute == "supplier" {
                    nested.error.source = ErrorSource::pointer(from.pointer.clone());
                }
                nested
            }));
        }
        return shape_b(errors);
    }
    let mut changes = vec![Change {
        resource_type: "allocations".into(),
        id: None,
        attribute: None,
        from: None,
        to: Some("unfilled".into()),
    }];
    for _ in 0..count.min(1000) {
        changes.push(Change {
            resource_type: "moves".into(),
            id: None,
            attribute: None,
            from: None,
            to: Some("requested".into()),
        });
    }
    Verdict::accepted(
        201,
        Effect {
            summary: format!(
                "Creates an unfilled allocation with {count} requested moves (a MoveRequested event each)"
            ),
            changes,
        },
    )
}

/// `PATCH /api/allocations/:id`: only `date` and `date_changed_reason`.
pub(crate) fn update(call: &mut Call<'_>) -> Verdict {
    warn_ignored_key(call, "the header is neither checked nor stored");
    let id = call.param("id").to_owned();
    let facts = call.facts;
    let current = try_verdict!(path_record(
        "Allocation",
        &id,
        "id",
        |id| facts.allocation(id),
        &mut call.out,
    ));
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    if let Some(members) = attributes.and_then(Json::as_object) {
        for (key, _) in members {
            if !matches!(*key, "date" | "date_changed_reason") {
                call.out.warnings.push(Warning::new(
                    WarningKind::AllocationAttributeFixed {
                        key: key.to_string(),
                    },
                    ErrorSource::pointer(pointer::attribute(key)),
                ));
            }
        }
    }
    // The date after the update: `None` when the stored one is kept and not given.
    let new_date: Option<Option<_>> = match attributes.and_then(|a| a.get("date")) {
        None => current
            .as_ref()
            .and_then(|c| c.date.known())
            .map(|d| d.and_then(|d| cast_rails_date(d))),
        Some(v) => Some(v.as_str().and_then(cast_rails_date)),
    };
    let Some(new_date) = new_date else {
        call.out.unchecked.push(Unchecked::new(
            UncheckedKind::Static(
                "The allocation's date (422 can't be blank without one): the facts do not give it",
            ),
            ErrorSource::parameter("id"),
        ));
        return Verdict::accepted(
            200,
            Effect {
                summary: format!("Updates allocation {id}; its date stays as it is"),
                changes: Vec::new(),
            },
        );
    };
    let Some(new_date) = new_date else {
        return shape_b(vec![model_error(
            "date",
            messages::BLANK,
            "blank",
            Failure::Blank,
            pointer::attribute("date"),
        )]);
    };
    let old = current.as_ref().and_then(|c| c.date.value().cloned());
    let to = new_date.to_string();
    // `allocation.date != existing_date`: whether the moves are re-dated (`None`: the facts
    // do not give the stored date).
    let changed = current
        .as_ref()
        .and_then(|c| c.date.known())
        .map(|old| old.map(String::as_str) != Some(to.as_str()));
    let changes = if changed == Some(false) {
        Vec::new()
    } else {
        if let Some(refused) =
            redated_moves_taken(call.facts, current.as_ref(), &to, changed, &mut call.out)
        {
            return refused;
        }
        with_its_moves(call.facts, &id, current.as_ref(), "date", (old, &to), |m| {
            m.date.into_value()
        })
    };
    Verdict::accepted(
        200,
        Effect {
            summary: format!(
                "Moves the allocation and each of its moves to {new_date} (a MoveDateChanged event each)"
            ),
            changes,
        },
    )
}

/// `Allocations::Updater#update_move_dates` (upstream `app/services/allocations/updater.rb`
/// L24, L31-35): each of the allocation's moves gets the new `date` and `save!(context:
/// :update_allocation)`, which runs `Move#validate_move_uniqueness` (`app/models/move.rb`
/// L106, L280-293): another active move of the same person, from and to on that date (one
/// stored, or one of the allocation's re-dated before it in the same transaction) is the 422
/// `date` `taken` of `ApiController#validation_errors`. `changed` says whether the date
/// changes (`None`: not known), so whether the moves are re-dated at all.
fn redated_moves_taken(
    facts: &dyn Facts,
    current: Option<&AllocationFacts>,
    date: &str,
    changed: Option<bool>,
    out: &mut crate::model::Outcome,
) -> Option<Verdict> {
    use crate::context::Fact;
    let unchecked = |out: &mut crate::model::Outcome| {
        out.unchecked.push(Unchecked::new(
            UncheckedKind::Static(
                "Whether the new date makes one of the allocation's moves a duplicate of \
                 another active move of its person between the same locations (422 taken)",
            ),
            ErrorSource::pointer(pointer::attribute("date")),
        ));
    };
    let Some(ids) = current.and_then(|c| c.move_ids.value()) else {
        unchecked(out);
        return None;
    };
    let mut redated: Vec<(&str, String, String, Option<String>)> = Vec::new();
    let mut unknown = changed.is_none();
    for id in ids {
        let Fact::Known(m) = facts.move_(id) else {
            unknown = true;
            continue;
        };
        // `unless: -> { proposed? || cancelled? || profile_id.nil? }`.
        if m.profile_id.known() == Some(None)
            || m.status
                .known()
                .is_some_and(|s| matches!(s.map(String::as_str), Some("proposed" | "cancelled")))
        {
            continue;
        }
        let (Some(_), Some(person), Some(from), Some(to)) = (
            m.status.value(),
            m.person_id.value(),
            m.from_location_id.value(),
            m.to_location_id.known(),
        ) else {
            unknown = true;
            continue;
        };
        let existing = match redated
            .iter()
            .find(|(_, p, f, t)| (p, f, t.as_ref()) == (person, from, to))
        {
            Some((earlier, ..)) => Some((*earlier).to_owned()),
            None => {
                match facts.duplicate_move(person, from, to.map(String::as_str), date, Some(id)) {
                    Fact::Known(existing) => Some(existing),
                    Fact::Unknown => {
                        unknown = true;
                        None
                    }
                    Fact::Missing => None,
                }
            }
        };
        if let Some(existing) = existing {
            if changed == Some(true) {
                return Some(shape_b(vec![crate::model::move_draft::date_taken(
                    existing,
                    pointer::attribute("date"),
                )]));
            }
            unknown = true;
        }
        redated.push((id, person.clone(), from.clone(), to.cloned()));
    }
    if unknown {
        unchecked(out);
    }
    None
}

/// `attribute` of the allocation `id` changed (`from` the facts' value, `to`), and the same
/// change on each of its moves the facts list, as the API makes it to every one of them
/// (each move's old value read by `move_value`).
fn with_its_moves(
    facts: &dyn Facts,
    id: &str,
    current: Option<&AllocationFacts>,
    attribute: &'static str,
    (from, to): (Option<String>, &str),
    move_value: impl Fn(MoveFacts) -> Option<String>,
) -> Vec<Change> {
    let change = |resource_type: &str, id: String, from: Option<String>| Change {
        resource_type: resource_type.into(),
        id: Some(id),
        attribute: Some(attribute.into()),
        from,
        to: Some(to.into()),
    };
    let mut changes = vec![change("allocations", id.to_owned(), from)];
    for m in current
        .iter()
        .flat_map(|c| c.move_ids.value().cloned().unwrap_or_default())
    {
        let from = facts.move_(&m).known().and_then(&move_value);
        changes.push(change("moves", m, from));
    }
    changes
}

/// `POST /api/allocations/:id/cancel`.
pub(crate) fn cancel(call: &mut Call<'_>) -> Verdict {
    warn_ignored_key(call, "the header is neither checked nor stored");
    // `AllocationEventsController` has no `supported_relationships`.
    try_verdict!(call.check_include());
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    let timestamp = attributes.and_then(|a| a.get("timestamp"));
    if let Some(failure) = try_verdict!(timestamp_param(timestamp, true)) {
        return shape_a(vec![failure]);
    }
    let id = call.param("id").to_owned();
    let facts = call.facts;
    let current = try_verdict!(path_record(
        "Allocation",
        &id,
        "id",
        |id| facts.allocation(id),
        &mut call.out,
    ));
    let reason = attributes
        .and_then(|a| a.get("cancellation_reason"))
        .and_then(Json::as_str);
    if reason.is_none_or(|r| CancellationReason::from_wire(r).is_none()) {
        let e = inclusion(
            "cancellation_reason",
            pointer::attribute("cancellation_reason"),
            CancellationReason::VALUES,
        );
        return shape_b(vec![e]);
    }
    let old = current.as_ref().and_then(|c| c.status.value().cloned());
    let changes = with_its_moves(
        call.facts,
        &id,
        current.as_ref(),
        "status",
        (old, "cancelled"),
        |m| m.status.into_value(),
    );
    Verdict::accepted(
        204,
        Effect { summary: "Cancels the allocation and every one of its moves (a MoveCancel event each, reason other)".into(), changes },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finite_decimals_read_as_std_reads_them() {
        let mut cases: Vec<String> = [
            "", "+", "-", ".", "1", "1.", ".5", "-.5", "+.5", "1e5", "1E5", "1e+5", "1e-5", "1.e5",
            ".e5", "e5", "1e", "1e+", "1.5.5", "1e5.5", "++1", "--1", "+-1", "1_0", " 1", "1 ",
            "inf", "-inf", "infinity", "INF", "nan", "NaN", "0x10", "0e999999999999999999",
            "1e-999999999999999999", "1e999999999999999999", "0.000", "000", "00.00e5",
            "1e308", "1e309", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.79769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792e308",
            "1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920000001e308",
            "1.7976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985557136695962284291481986083493647529271907416844436551070434271155969950809304288017790417449779199999e308",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792.0",
            "0.0000179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792e313",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        // A fixed pseudo-random walk over strings of the grammar's characters.
        let alphabet = b"0123456789.eE+-9i";
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 9) as usize;
            let mut s = String::new();
            let mut x = state >> 4;
            for _ in 0..len {
                s.push(char::from(alphabet[(x % alphabet.len() as u64) as usize]));
                x /= alphabet.len() as u64;
            }
            cases.push(s);
            let e = (state >> 20) % 700;
            cases.push(format!("{}.{}e{e}", state % 1000, state % 97));
            cases.push(format!("0.000{}e{}", state >> 3, 290 + (state % 40)));
        }
        for t in cases {
            assert_eq!(
                is_finite_decimal(&t),
                t.parse::<f64>().is_ok_and(f64::is_finite),
                "{t}"
            );
        }
    }
}
