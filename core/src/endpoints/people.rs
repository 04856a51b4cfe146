//! People and profiles (filling allocations) and reference data (`allocations.md` §3,
//! `api-conventions.md` §5).

use crate::context::canonical_uuid;
use crate::error::{ApiError, ApiErrorObject, ErrorKind, ErrorSource, Failure, messages};
use crate::json::Json;
use crate::model::errors::{ModelError, crash, model_error, not_found, shape_b};
use crate::pointer;
use crate::time::{cast_rails_date, parse_strptime_ymd};
use crate::verdict::{
    Change, Effect, Unchecked, UncheckedKind, Verdict, Warning, WarningKind, warning_codes,
};

use super::common::{FilterUse, FilterValue, Filters, index_raises, path_record, ruby_name};
use super::{Call, parse_body, require_data, warn_ignored_key, warn_unpermitted_attributes};

/// The people index's filters.
pub(crate) const PEOPLE_FILTERS: &[&str] = &[
    "prison_number",
    "police_national_computer",
    "criminal_records_office",
    "fuzzy_pnc",
];
/// The locations index's filters.
pub(crate) const LOCATION_FILTERS: &[&str] = &[
    "location_type",
    "nomis_agency_id",
    "location_id",
    "region_id",
    "supplier_id",
    "young_offender_institution",
    "extradition_capable",
    "created_at",
];

/// `include=` values of the people index (v2).
pub(crate) const INDEX_INCLUDES: &[&str] = &["ethnicity", "gender", "profiles"];
/// `include=` values of every people action in version 1: `Api::V1::PeopleActions#supported_relationships`
/// gives `PersonSerializer::SUPPORTED_RELATIONSHIPS` whatever the action (upstream
/// `app/controllers/api/v1/people_actions.rb` L78–80, `app/serializers/person_serializer.rb` L35).
pub(crate) const V1_INCLUDES: &[&str] = &["ethnicity", "gender"];
/// `include=` values of a person's create and show in version 2
/// (`V2::PersonWithCategorySerializer::SUPPORTED_RELATIONSHIPS`).
pub(crate) const CREATE_INCLUDES: &[&str] = &["ethnicity", "gender", "profiles", "category"];
/// `include=` values of a profile's create.
pub(crate) const PROFILE_INCLUDES: &[&str] = &["documents", "person"];
/// `include=` values of the locations index.
pub(crate) const LOCATION_INCLUDES: &[&str] = &["suppliers"];

/// The people index's `params[:filter]` and its filters as `permit` leaves them: a JSON
/// body's object, else the query's `filter[…]` (a `filter` that is not a Hash has none).
fn people_filters<'r>(call: &Call<'r>) -> (Option<crate::rails::Param<'r, 'r, 'r>>, Filters) {
    let given = call.rails_param("filter");
    let filters = match given {
        Some(crate::rails::Param::Body(Json::Object(members))) => {
            Filters::from_members(members, |name| {
                ErrorSource::pointer(crate::pointer::join(&["filter", name]))
            })
        }
        _ => Filters::from_query(call.req),
    };
    (given, filters)
}

/// The 500s of the people index's filters, in the order the actions read them.
/// `filter_params` is `params.permit(filter: {}).permit(filter: PERMITTED_FILTER_PARAMS)`
/// (`app/controllers/api/people_controller.rb` L111-113): a `filter` that is not a Hash is
/// dropped, and each filter keeps a String, a number, `true`, `false` or nil. Version 2 then
/// splits `prison_number`, reads `params.dig(:filter, :fuzzy_pnc)` (a `filter` that is not a
/// Hash or nil has no `dig`: `TypeError`), and without a fuzzy PNC splits the finder's filters
/// (`app/controllers/api/v2/people_actions.rb` L3-12, `app/services/v2/people/finder.rb`
/// L17-34); version 1 up-cases `prison_number` (`app/controllers/api/v1/people_actions.rb`
/// L26-33) and its finder only compares (`app/services/people/finder.rb`).
fn people_filters_crash(
    call: &Call<'_>,
    given: Option<crate::rails::Param<'_, '_, '_>>,
    filters: &Filters,
) -> Option<Verdict> {
    let hash = given.is_none_or(|g| g.is_hash());
    if call.headers.version == 1 {
        return if hash {
            filters.crash(&["prison_number"], FilterUse::Upcase)
        } else {
            None
        };
    }
    if hash && let Some(crashed) = filters.crash(&["prison_number"], FilterUse::PrisonNumbers) {
        return Some(crashed);
    }
    if let Some(given) = given
        && !hash
        && !given.is_nil()
    {
        return Some(super::common::param_crash(
            "filter",
            given,
            "V2::PeopleActions#index_and_render reads params.dig(:filter, :fuzzy_pnc), which \
             needs a Hash (`filter[…]=…` in the query, an object in a JSON body)",
        ));
    }
    let fuzzy = match given {
        Some(crate::rails::Param::Body(Json::Object(members))) => members
            .iter()
            .rev()
            .find(|(k, _)| *k == "fuzzy_pnc")
            .is_some_and(|(_, v)| !v.is_blank()),
        // The last `filter[fuzzy_pnc]…` pair: a String that is not blank, or an Array or a
        // Hash of one.
        _ => call
            .req
            .query_values()
            .iter()
            .rev()
            .find_map(|(k, v)| Some((k.strip_prefix("filter[fuzzy_pnc]")?, v)))
            .is_some_and(|(rest, v)| {
                !rest.is_empty() || v.as_deref().is_some_and(|v| !v.trim().is_empty())
            }),
    };
    if fuzzy || !hash {
        return None;
    }
    filters.crash(
        &[
            "police_national_computer",
            "criminal_records_office",
            "prison_number",
        ],
        FilterUse::SplitUnlessBlank,
    )
}

/// `GET /api/people` (v2): the controller's own checks come before `include=`.
pub(crate) fn index(call: &mut Call<'_>) -> Verdict {
    let (given, filters) = people_filters(call);
    let bracketed = !matches!(given, Some(crate::rails::Param::Body(_)));
    // Each filter a permitted scalar: one unknown, or given as a list or an object, is dropped.
    for (name, value) in &filters.values {
        if let Some(kind) = value.dropped(name, PEOPLE_FILTERS, bracketed) {
            call.out
                .warnings
                .push(Warning::new(kind, (filters.at)(name)));
        }
    }
    if let Some(numbers) = filters.get("prison_number")
        && numbers.split(',').any(|n| n != n.to_ascii_uppercase())
    {
        call.out.warnings.push(Warning::new(
            WarningKind::Static {
                code: "upcased",
                detail: "The API up-cases prison numbers before matching them",
            },
            (filters.at)("prison_number"),
        ));
    }
    try_verdict!(call.check_include());
    if let Some(crashed) = people_filters_crash(call, given, &filters) {
        return crashed;
    }
    if let Some(crashed) =
        super::common::paginate(call).or_else(|| super::common::page_offset_crash(call))
    {
        return crashed;
    }
    Verdict::accepted(
        200,
        Effect {
            summary:
                "Finds people (imported from NOMIS when unknown); changes nothing the caller sees"
                    .into(),
            changes: Vec::new(),
        },
    )
}

/// The person the path's `:id` names: `Person.find` (404), unchecked without facts. Returns
/// the id as sent.
fn path_person(call: &mut Call<'_>) -> Result<String, Box<Verdict>> {
    let id = call.param("id").to_owned();
    let facts = call.facts;
    path_record("Person", &id, "id", |id| facts.person(id), &mut call.out)?;
    Ok(id)
}

/// `GET /api/people/:id`. `include=` is checked first (a `before_action`, with the version's
/// list). Version 1 has no show: `Api::V1::PeopleActions#show_and_render` raises
/// `NotSupportedInOldVersionError`, which the API answers 406 (upstream
/// `app/controllers/api/v1/people_actions.rb` L36–37, `app/controllers/api_controller.rb` L31,
/// L265–275). Version 2 finds the person (`Person.find`, 404) and shows it with its category
/// (`Api::V2::PeopleActions#show_and_render`, `V2::PersonWithCategorySerializer`).
pub(crate) fn show(call: &mut Call<'_>) -> Verdict {
    if call.headers.version == 1 {
        try_verdict!(call.check_include());
        let accept = call.req.header_str("Accept");
        let version =
            crate::request::api_version_named(accept.as_deref()).and_then(|v| v.parse().ok());
        let e = ApiError::from_kind(
            &ErrorKind::NotSupportedInVersion { version },
            ErrorSource::header("Accept"),
        );
        let detail = e.detail.clone();
        return Verdict::refused(
            406,
            vec![e.with_api(ApiErrorObject {
                title: "Not Supported In Old Version Error".into(),
                detail,
                ..Default::default()
            })],
        );
    }
    try_verdict!(call.check_include());
    try_verdict!(path_person(call));
    Verdict::accepted(
        200,
        Effect {
            summary: "Shows the person; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// The attributes `POST /api/people` permits in version 2 (upstream
/// `app/controllers/api/v2/people_actions.rb` L36-45, `PERSON_ATTRIBUTES`).
const PERSON_ATTRIBUTES: &[&str] = &[
    "first_names",
    "last_name",
    "date_of_birth",
    "prison_number",
    "criminal_records_office",
    "police_national_computer",
    "gender_additional_information",
];

/// The attributes `POST /api/people` permits in version 1 (upstream
/// `app/controllers/api/v1/people_actions.rb` L3-24, `PERSON_ATTRIBUTES`): no prison number,
/// police national computer or criminal records office of their own (they come from
/// `identifiers`), and the profile's `assessment_answers`.
const V1_PERSON_ATTRIBUTES: &[&str] = &[
    "first_names",
    "last_name",
    "date_of_birth",
    "gender_additional_information",
    "assessment_answers",
    "identifiers",
];

/// The keys version 1 permits in each identifier (upstream
/// `app/controllers/api/v1/people_actions.rb` L22).
const IDENTIFIER_KEYS: &[&str] = &["value", "identifier_type"];

/// The keys version 1 permits in each assessment answer (upstream
/// `app/controllers/api/v1/people_actions.rb` L8-21).
const ANSWER_KEYS: &[&str] = &[
    "key",
    "date",
    "expiry_data",
    "category",
    "title",
    "comments",
    "assessment_question_id",
    "nomis_alert_type",
    "nomis_alert_type_description",
    "nomis_alert_code",
    "nomis_alert_description",
    "created_at",
    "expires_at",
    "imported_from_nomis",
];

/// The identifier types a person keeps, `Person::IDENTIFIER_TYPES` (upstream
/// `app/models/person.rb` L18-20), which `People::Crud#person_identifiers` slices
/// (`app/services/people/crud.rb` L26-36).
const IDENTIFIER_TYPES: &[&str] = &[
    "police_national_computer",
    "criminal_records_office",
    "prison_number",
];

/// What a permitted scalar becomes in a string column: `None` for what `permit` drops
/// (arrays, objects) or `null`.
fn permitted_text(v: &Json<'_>) -> Option<String> {
    match v {
        Json::String(s) => Some((*s).to_string()),
        Json::Number(_) | Json::Bool(_) => Some(v.ruby_to_s()),
        _ => None,
    }
}

/// A `gender`/`ethnicity` relationship: `Gender.find(id)` when the member is given with an
/// id (404 when unknown); `{"data": null}` clears it. The sandbox's facts hold no reference
/// data, so a well-formed id is listed as unchecked.
fn reference(
    data: &Json<'_>,
    name: &str,
    class: &'static str,
    call: &mut Call<'_>,
) -> Result<(), Box<Verdict>> {
    let Some(id) = data
        .dig(&["relationships", name, "data", "id"])
        .filter(|v| !matches!(v, Json::Null))
    else {
        return Ok(());
    };
    let at = pointer::relationship_id(name);
    if canonical_uuid(&id.ruby_to_s()).is_none() {
        return Err(Box::new(Verdict::refused(
            404,
            vec![not_found(class, Some(id), at)],
        )));
    }
    call.out.unchecked.push(Unchecked::new(
        UncheckedKind::Exists {
            class,
            id: id.ruby_to_s(),
        },
        ErrorSource::pointer(at),
    ));
    Ok(())
}

/// The `Person` model's validations, in its declaration order (upstream
/// `app/models/person.rb`: `last_name` and `first_names` present, `prison_number` without `:`,
/// `validate_age` on `birth_date`). The prison number is the value given and where it is
/// (an attribute in version 2, an identifier's value in version 1).
fn person_errors(
    attributes: Option<&Json<'_>>,
    prison_number: Option<(&Json<'_>, String)>,
    out: &mut Vec<Warning>,
) -> Vec<ModelError> {
    let value = |name: &str| attributes.and_then(|a| a.get(name));
    let text = |name: &str| value(name).and_then(permitted_text);
    let mut errors = Vec::new();
    for name in ["last_name", "first_names"] {
        if text(name).is_none_or(|t| t.trim().is_empty()) {
            errors.push(model_error(
                name,
                messages::BLANK,
                "blank",
                Failure::Blank,
                pointer::attribute(name),
            ));
        }
    }
    // `auto_strip_attributes` strips surrounding whitespace before validation.
    if let Some((number, at)) = prison_number
        && permitted_text(number).is_some_and(|n| n.trim().contains(':'))
    {
        errors.push(model_error(
            "prison_number",
            "is not a valid prison number",
            "is not a valid prison number",
            Failure::Invalid,
            at,
        ));
    }
    if let Some(raw) = value("date_of_birth").filter(|v| !matches!(v, Json::Null)) {
        let date = match raw {
            Json::String(s) => cast_rails_date(s),
            _ => None,
        };
        match date {
            // The API reports it on `birth_date`, an attribute the request does not have.
            Some(d) if d.year < 1900 => errors.push(model_error(
                "birth_date",
                "must be after 1900-01-01.",
                "must be after 1900-01-01.",
                Failure::InvalidDate,
                pointer::attribute("date_of_birth"),
            )),
            Some(_) => {}
            None if raw.is_blank() => {}
            None => out.push(Warning::new(
                WarningKind::UncastableDateOfBirth {
                    value: raw.ruby_to_s(),
                },
                ErrorSource::pointer(pointer::attribute("date_of_birth")),
            )),
        }
    }
    errors
}

/// `POST /api/people`: `Person.create!` in version 2 (upstream
/// `app/controllers/api/v2/people_actions.rb` L15-19), `People::Creator` in version 1
/// ([`create_v1`]); no idempotency key.
pub(crate) fn create(call: &mut Call<'_>) -> Verdict {
    warn_ignored_key(call, "a retry creates a second person");
    try_verdict!(call.check_include());
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    if call.headers.version == 1 {
        return create_v1(call, data);
    }
    let attributes = data.get("attributes").filter(|a| a.as_object().is_some());
    warn_unpermitted_attributes(attributes, PERSON_ATTRIBUTES, &mut call.out);
    try_verdict!(reference(data, "ethnicity", "Ethnicity", call));
    try_verdict!(reference(data, "gender", "Gender", call));
    let mut warnings = Vec::new();
    let prison_number = attributes
        .and_then(|a| a.get("prison_number"))
        .map(|v| (v, pointer::attribute("prison_number")));
    let errors = person_errors(attributes, prison_number, &mut warnings);
    call.out.warnings.extend(warnings);
    if !errors.is_empty() {
        return shape_b(errors);
    }
    Verdict::accepted(
        201,
        Effect {
            summary: "Creates a person".into(),
            changes: vec![Change {
                resource_type: "people".into(),
                id: None,
                attribute: None,
                from: None,
                to: None,
            }],
        },
    )
}

/// A list of objects version 1 permits (`identifiers: [%i[…]]`, upstream
/// `app/controllers/api/v1/people_actions.rb` L8-22) as `permit` leaves it.
enum KeptList<'j, 'a> {
    /// Nothing: absent, nil or `false` (skipped), or a String, a number or `true` (dropped,
    /// with a warning).
    None,
    /// A list: its objects with their indices (other items are dropped, with a warning).
    List(Vec<(usize, &'j Json<'a>)>),
    /// An object, which `permit` keeps as one: whether anything is left of it (a permitted key
    /// with a scalar, or a nested-attributes key, `"0": {…}`).
    Object { empty: bool },
}

/// Whether `permit` keeps `value` as a scalar (`PERMITTED_SCALAR_TYPES`: a String, a number,
/// `true`, `false`, nil).
fn permitted_scalar(value: &Json<'_>) -> bool {
    !matches!(value, Json::Array(_) | Json::Object(_))
}

/// A member of a permitted list item: `None` when absent or dropped (not a scalar).
fn kept<'j, 'a>(item: &'j Json<'a>, key: &str) -> Option<&'j Json<'a>> {
    item.get(key).filter(|v| permitted_scalar(v))
}

/// `attributes[name]` as `permit` leaves a list of objects with `keys` (Rails'
/// `ActionController::Parameters#hash_filter` and `each_element`,
/// `actionpack/lib/action_controller/metal/strong_parameters.rb`): see [`KeptList`]. What it
/// drops is a warning at `at`.
fn kept_list<'j, 'a>(
    value: Option<&'j Json<'a>>,
    keys: &[&str],
    at: &str,
    out: &mut crate::model::Outcome,
) -> KeptList<'j, 'a> {
    let dropped = |at: String, out: &mut crate::model::Outcome| {
        out.warnings.push(Warning::new(
            WarningKind::Static {
                code: warning_codes::IGNORED_ATTRIBUTE,
                detail: "Version 1 permits a list of objects here: permit drops anything else",
            },
            ErrorSource::pointer(at),
        ));
    };
    match value {
        None | Some(Json::Null | Json::Bool(false)) => KeptList::None,
        Some(Json::Array(items)) => {
            let mut list = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if item.as_object().is_some() {
                    list.push((i, item));
                } else {
                    dropped(pointer::push(at, &i.to_string()), out);
                }
            }
            KeptList::List(list)
        }
        Some(Json::Object(members)) => KeptList::Object {
            empty: !members.iter().any(|(k, v)| {
                (keys.contains(k) && permitted_scalar(v))
                    || (v.as_object().is_some() && nested_key(k))
            }),
        },
        Some(_) => {
            dropped(at.to_owned(), out);
            KeptList::None
        }
    }
}

/// Whether `key` is a nested-attributes key, `/\A-?\d+\z/` (Rails'
/// `Parameters.nested_attribute?`).
fn nested_key(key: &str) -> bool {
    let digits = key.strip_prefix('-').unwrap_or(key);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A 500 at `at`: what raises (no `rescue_from` handles it), and what to send instead.
fn raised(reason: String, advice: &str, at: String) -> Box<Verdict> {
    Box::new(Verdict::refused(
        500,
        vec![crash(
            format!("{reason}, which no rescue_from handles. {advice}"),
            at,
        )],
    ))
}

/// `People::Crud#person_relationships` (upstream `app/services/people/crud.rb` L16-20): for
/// `gender`, then `ethnicity`, `value[:data][:id]` becomes `<name>_id`, assigned without a
/// look-up. A relationship or `data` that is not an object raises (`{"data": null}` too,
/// which version 2 reads as "none"); an id is stored as given: no 404. `people.gender_id` and
/// `ethnicity_id` are `uuid` columns with no foreign key (`db/schema.rb` L495-520), and the
/// model's `belongs_to` is optional (`app/models/person.rb` L28-29): an id that is not a UUID
/// is stored as null (a warning); whether a UUID names a record is not known (unchecked),
/// and the answer is 201 either way.
fn v1_person_relationships(data: &Json<'_>, call: &mut Call<'_>) -> Result<(), Box<Verdict>> {
    let Some(relationships) = data
        .get("relationships")
        .filter(|r| r.as_object().is_some())
    else {
        return Ok(());
    };
    for (name, stored) in [
        (
            "gender",
            "Whether the gender exists: version 1 stores gender_id without looking it \
                    up, so the answer is 201 either way and the person may name no gender",
        ),
        (
            "ethnicity",
            "Whether the ethnicity exists: version 1 stores ethnicity_id without \
                       looking it up, so the answer is 201 either way and the person may name \
                       no ethnicity",
        ),
    ] {
        let Some(value) = relationships.get(name) else {
            continue;
        };
        let at = pointer::relationship(name);
        if let Some(exception) = index_raises(value) {
            return Err(raised(
                format!(
                    "People::Crud#person_relationships reads value[:data][:id] of relationship \
                     {name}, and it is {}: {exception}",
                    ruby_name(value)
                ),
                "Give {\"data\": {\"type\": …, \"id\": …}}, or leave the relationship out",
                at,
            ));
        }
        let data_at = pointer::push(&at, "data");
        let inner = value.get("data").unwrap_or(&Json::Null);
        if let Some(exception) = index_raises(inner) {
            return Err(raised(
                format!(
                    "People::Crud#person_relationships reads value[:data][:id] of relationship \
                     {name}, and its data is {}: {exception}",
                    ruby_name(inner)
                ),
                "Version 1 cannot clear it with {\"data\": null}: give an object with an id, \
                 or leave the relationship out",
                data_at,
            ));
        }
        let Some(id) = inner.get("id").filter(|id| !matches!(id, Json::Null)) else {
            continue;
        };
        let at = pointer::relationship_id(name);
        if canonical_uuid(&id.ruby_to_s()).is_some() {
            call.out.unchecked.push(Unchecked::new(
                UncheckedKind::Static(stored),
                ErrorSource::pointer(at),
            ));
        } else {
            call.out.warnings.push(Warning::new(
                WarningKind::Static {
                    code: warning_codes::IGNORED_ATTRIBUTE,
                    detail: "Version 1 stores this id without looking it up, in a uuid column: \
                             one that is not a UUID is stored as null",
                },
                ErrorSource::pointer(at),
            ));
        }
    }
    Ok(())
}

/// `People::Crud#person_identifiers` (upstream `app/services/people/crud.rb` L26-36): each
/// identifier's `identifier_type.to_sym` keys its `value`, the last of a type winning, and
/// only `Person::IDENTIFIER_TYPES` are kept (others dropped, with a warning). An identifier
/// type that is not a String (nil, a number, `true`, `false`) has no `to_sym`, and an object
/// given for the list yields pairs, which take no `[:identifier_type]`: the 500. Returns the
/// prison number and where it is.
fn v1_identifiers<'j, 'a>(
    attributes: &'j Json<'a>,
    call: &mut Call<'_>,
) -> Result<Option<(&'j Json<'a>, String)>, Box<Verdict>> {
    let at = pointer::attribute("identifiers");
    let items = match kept_list(
        attributes.get("identifiers"),
        IDENTIFIER_KEYS,
        &at,
        &mut call.out,
    ) {
        KeptList::None | KeptList::Object { empty: true } => return Ok(None),
        KeptList::Object { empty: false } => {
            return Err(raised(
                "identifiers is an object, which permit keeps as one: \
                 People::Crud#person_identifiers iterates its pairs and reads \
                 pair[:identifier_type], TypeError"
                    .to_owned(),
                "Give a list of {\"identifier_type\": …, \"value\": …}",
                at,
            ));
        }
        KeptList::List(items) => items,
    };
    let mut prison_number = None;
    for (i, item) in items {
        let item_at = pointer::push(&at, &i.to_string());
        let kind = match kept(item, "identifier_type") {
            Some(Json::String(kind)) => *kind,
            other => {
                let value = other.unwrap_or(&Json::Null);
                return Err(raised(
                    format!(
                        "People::Crud#person_identifiers calls identifier_type.to_sym, and it \
                         is {}: NoMethodError",
                        ruby_name(value)
                    ),
                    "Give police_national_computer, criminal_records_office or prison_number",
                    pointer::push(&item_at, "identifier_type"),
                ));
            }
        };
        if !IDENTIFIER_TYPES.contains(&kind) {
            call.out.warnings.push(Warning::new(
                WarningKind::Static {
                    code: warning_codes::IGNORED_ATTRIBUTE,
                    detail: "A person keeps only the identifier types police_national_computer, \
                             criminal_records_office and prison_number: version 1 drops this one",
                },
                ErrorSource::pointer(pointer::push(&item_at, "identifier_type")),
            ));
        } else if kind == "prison_number" {
            prison_number = Some((
                kept(item, "value").unwrap_or(&Json::Null),
                pointer::push(&item_at, "value"),
            ));
        }
    }
    Ok(prison_number)
}

/// `People::Creator#create_profile!` (upstream `app/services/people/creator.rb` L25-28): the
/// profile takes the assessment answers (`Profile#assessment_answers`, a
/// `Types::Jsonb(Profile::AssessmentAnswers)`, `app/models/profile.rb` L27, L40-41), in the
/// API's order:
/// the cast (`Types::BaseCollection`, `app/models/types/base_collection.rb`: an object's pairs
/// raise `TypeError` in `AssessmentAnswer#assign_attributes`; a String `created_at` or
/// `expires_at` is `Date.parse`d, which raises `Date::Error` on one it cannot read,
/// `app/models/profile/assessment_answer.rb` L34-40), then `before_validation`'s
/// `AssessmentQuestion.find` of each non-blank `assessment_question_id` (404, L46-53), then
/// `validate_assessment_answers` (422 `One or more assessment answers is invalid`, at
/// `assessment_answers`: an answer without an `assessment_question_id`, or imported from NOMIS
/// (truthy `imported_from_nomis`) without `nomis_alert_type` or `nomis_alert_code`, L24-26).
fn v1_assessment_answers(attributes: &Json<'_>, call: &mut Call<'_>) -> Option<Verdict> {
    let at = pointer::attribute("assessment_answers");
    let items = match kept_list(
        attributes.get("assessment_answers"),
        ANSWER_KEYS,
        &at,
        &mut call.out,
    ) {
        KeptList::None | KeptList::Object { empty: true } => return None,
        KeptList::Object { empty: false } => {
            return Some(*raised(
                "assessment_answers is an object, which permit keeps as one: the profile's \
                 Types::BaseCollection makes each of its pairs an AssessmentAnswer, whose \
                 assign_attributes reads pair[:title], TypeError"
                    .to_owned(),
                "Give a list of answers",
                at,
            ));
        }
        KeptList::List(items) => items,
    };
    let blank = |value: Option<&Json<'_>>| value.is_none_or(Json::is_blank);
    // The cast: `Date.parse` of a String created_at or expires_at.
    for (i, item) in &items {
        for name in ["created_at", "expires_at"] {
            let Some(Json::String(text)) = kept(item, name) else {
                continue;
            };
            let date_at = pointer::join(&[
                "data",
                "attributes",
                "assessment_answers",
                &i.to_string(),
                name,
            ]);
            if text.trim().is_empty() {
                return Some(*raised(
                    format!(
                        "an assessment answer's {name} that is a String is read by Date.parse, \
                         and this one is blank: Date::Error"
                    ),
                    "Give a date, YYYY-MM-DD, or leave it out",
                    date_at,
                ));
            }
            if cast_rails_date(text).is_none() {
                call.out.unchecked.push(Unchecked::new(
                    UncheckedKind::Static(
                        "Whether Date.parse reads this date of an assessment answer (Date::Error, \
                         a 500, if it does not)",
                    ),
                    ErrorSource::pointer(date_at),
                ));
            }
        }
    }
    // `before_validation`: `AssessmentQuestion.find` of each non-blank id, in order.
    for (i, item) in &items {
        let Some(id) = kept(item, "assessment_question_id").filter(|id| !id.is_blank()) else {
            continue;
        };
        let id_at = pointer::join(&[
            "data",
            "attributes",
            "assessment_answers",
            &i.to_string(),
            "assessment_question_id",
        ]);
        if canonical_uuid(&id.ruby_to_s()).is_none() {
            return Some(Verdict::refused(
                404,
                vec![not_found("AssessmentQuestion", Some(id), id_at)],
            ));
        }
        call.out.unchecked.push(Unchecked::new(
            UncheckedKind::Exists {
                class: "AssessmentQuestion",
                id: id.ruby_to_s(),
            },
            ErrorSource::pointer(id_at),
        ));
    }
    // `validate_assessment_answers`: one error, whichever answers fail.
    let invalid = items.iter().find(|(_, item)| {
        blank(kept(item, "assessment_question_id"))
            || (kept(item, "imported_from_nomis").is_some_and(Json::is_truthy)
                && (blank(kept(item, "nomis_alert_type")) || blank(kept(item, "nomis_alert_code"))))
    });
    let (i, _) = invalid?;
    Some(shape_b(vec![model_error(
        "assessment_answers",
        "One or more assessment answers is invalid",
        "One or more assessment answers is invalid",
        Failure::Invalid,
        pointer::push(&at, &i.to_string()),
    )]))
}

/// `POST /api/people` in version 1: `People::Creator#call` (upstream
/// `app/controllers/api/v1/people_actions.rb` L40-43, L59-69, `app/services/people/creator.rb`,
/// `app/services/people/crud.rb`), which permits its own attributes (the identifiers and
/// assessment answers among them), builds the person from `person_params`, the relationships
/// and the identifiers, saves it (the person's validations, 422), then creates its profile
/// with the assessment answers.
fn create_v1(call: &mut Call<'_>, data: &Json<'_>) -> Verdict {
    let given = data.get("attributes");
    let attributes = given.filter(|a| a.as_object().is_some());
    warn_unpermitted_attributes(attributes, V1_PERSON_ATTRIBUTES, &mut call.out);
    // `person_params` is `params[:attributes].slice(*ATTRIBUTES)` (crud.rb L38-40): permit
    // keeps an object (and a list as a list, which takes no Symbols); nil has no `slice`.
    let Some(attributes) = attributes else {
        let (at, what) = match given {
            Some(list @ Json::Array(_)) => (
                "/data/attributes",
                format!(
                    "{}: Array#slice takes no Symbol, TypeError",
                    ruby_name(list)
                ),
            ),
            Some(_) => (
                "/data/attributes",
                "not an object, which permit drops: nil has no slice, NoMethodError".to_owned(),
            ),
            None => (
                "/data",
                "absent: nil has no slice, NoMethodError".to_owned(),
            ),
        };
        return *raised(
            format!(
                "People::Creator builds the person from params[:attributes].slice(…), and \
                 attributes is {what}"
            ),
            "Give the attributes as an object",
            at.to_owned(),
        );
    };
    try_verdict!(v1_person_relationships(data, call));
    let prison_number = try_verdict!(v1_identifiers(attributes, call));
    let mut warnings = Vec::new();
    let errors = person_errors(Some(attributes), prison_number, &mut warnings);
    call.out.warnings.extend(warnings);
    if !errors.is_empty() {
        return shape_b(errors);
    }
    if let Some(refused) = v1_assessment_answers(attributes, call) {
        return refused;
    }
    Verdict::accepted(
        201,
        Effect {
            summary: "Creates a person and a profile with the assessment answers".into(),
            changes: vec![
                Change {
                    resource_type: "people".into(),
                    id: None,
                    attribute: None,
                    from: None,
                    to: None,
                },
                Change {
                    resource_type: "profiles".into(),
                    id: None,
                    attribute: None,
                    from: None,
                    to: None,
                },
            ],
        },
    )
}

/// `POST /api/people/:id/profiles`: no idempotency key.
pub(crate) fn create_profile(call: &mut Call<'_>) -> Verdict {
    warn_ignored_key(call, "a retry creates a second profile");
    try_verdict!(call.check_include());
    let id = try_verdict!(path_person(call));
    let doc = try_verdict!(parse_body(call.body));
    let data = try_verdict!(require_data(doc));
    let has_answers = data
        .dig(&["attributes", "assessment_answers"])
        .is_some_and(|a| !a.is_blank());
    let summary = if has_answers {
        format!("Creates a profile for person {id} with the given assessment answers")
    } else {
        format!(
            "Creates a profile for person {id}; alerts and personal-care needs are imported from NOMIS"
        )
    };
    Verdict::accepted(
        201,
        Effect {
            summary,
            changes: vec![Change {
                resource_type: "profiles".into(),
                id: None,
                attribute: None,
                from: None,
                to: Some(id),
            }],
        },
    )
}

/// What the locations index loads the locations with: `Location.includes(active_record_relationships)`
/// (`app/services/locations/finder.rb` L14-15). `Location`'s associations are upstream
/// `app/models/location.rb` L58-65.
const LOCATION_LOADS: super::common::Loads = super::common::Loads {
    model: "Location",
    records: "the locations",
    associations: &[
        "category",
        "supplier_locations",
        "suppliers",
        "regions",
        "moves_from",
        "moves_to",
        "populations",
    ],
    includes: LOCATION_INCLUDES,
    meta_values: None,
};

/// `GET /api/reference/locations`: no authentication. `filter_params` is
/// `params.fetch(:filter, {}).permit(PERMITTED_FILTER_PARAMS)`, then `extradition_capable`
/// cast by `ActiveRecord::Type::Boolean` (upstream
/// `app/controllers/api/reference/locations_controller.rb` L30-47); `index` reads it, then
/// `meta` (L6-9); `Locations::Finder#call` applies the filters, then the locations load
/// (`app/services/locations/finder.rb` L14-18, L33-95).
pub(crate) fn locations_index(call: &mut Call<'_>) -> Verdict {
    // The include check, then a `filter` that is not a Hash: no `permit`, the 500.
    let filters = try_verdict!(Filters::of(call));
    let bracketed = !matches!(
        call.rails_param("filter"),
        Some(crate::rails::Param::Body(_))
    );
    for (name, value) in &filters.values {
        if let Some(kind) = value.dropped(name, LOCATION_FILTERS, bracketed) {
            call.out
                .warnings
                .push(Warning::new(kind, (filters.at)(name)));
        }
    }
    let meta = try_verdict!(super::common::meta_given(call));
    // `apply_filters` in its order: `split_params` of five (L45-49: `return if blank?`, then
    // `split(',')`), then `created_at` (L90-95: `return scope if blank?`, then
    // `Date.strptime(value, '%Y-%m-%d')`, whose `Date::Error` or `TypeError` no `rescue_from`
    // handles).
    if let Some(crashed) = filters.crash(
        &[
            "location_type",
            "nomis_agency_id",
            "supplier_id",
            "location_id",
            "region_id",
        ],
        FilterUse::SplitUnlessBlank,
    ) {
        return crashed;
    }
    if let Some(crashed) = filters.crash(&["created_at"], FilterUse::FinderStrptime) {
        return crashed;
    }
    if let Some(FilterValue::Text(created)) = filters.value("created_at")
        && !created.chars().all(char::is_whitespace)
        && parse_strptime_ymd(created).is_none()
    {
        let mut e = crash(
            format!(
                "filter created_at={created} is not a date Date.strptime(value, '%Y-%m-%d') \
                 reads: Date::Error is not rescued. Give YYYY-MM-DD"
            ),
            String::new(),
        );
        e.source = (filters.at)("created_at");
        return Verdict::refused(500, vec![e]);
    }
    let yoi = filters.value("young_offender_institution");
    if let Some(v) = yoi.and_then(FilterValue::text)
        && !matches!(v, "true" | "false")
    {
        call.out.warnings.push(Warning::new(
            WarningKind::FilterNotBoolean {
                name: "young_offender_institution".into(),
                value: v.to_owned(),
                bracketed,
            },
            (filters.at)("young_offender_institution"),
        ));
    }
    // `filter_params.key?(:extradition_capable)` filters the capable ones whatever the value
    // (L85-88): one that does not cast to true asks for what the API does not do.
    if let Some(value) = filters.value("extradition_capable")
        && !casts_to_true(value)
    {
        call.out.warnings.push(Warning::new(
            WarningKind::Static {
                code: warning_codes::IGNORED_PARAMETER,
                detail: "filter extradition_capable returns only extradition-capable locations \
                         whatever its value, even false",
            },
            (filters.at)("extradition_capable"),
        ));
    }
    if let Some(crashed) =
        super::common::paginate(call).or_else(|| super::common::page_offset_crash(call))
    {
        return crashed;
    }
    if let Some(refused) = meta.and_then(|m| m.unloadable(&LOCATION_LOADS, &mut call.out)) {
        return refused;
    }
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists locations; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// Whether `ActiveRecord::Type::Boolean` casts a permitted filter value to `true` (Rails
/// 8.0.5 `activemodel/lib/active_model/type/boolean.rb` L14-21, L38-44): nil and `""` cast
/// to nil, `FALSE_VALUES` (`false`, `0`, `"0"`, `"f"`, `"F"`, `"false"`, `"FALSE"`, `"off"`,
/// `"OFF"`) to false, the rest to true.
fn casts_to_true(value: &FilterValue) -> bool {
    match value {
        FilterValue::Nil | FilterValue::Dropped => false,
        FilterValue::Text(s) => !matches!(
            s.as_str(),
            "" | "0" | "f" | "F" | "false" | "FALSE" | "off" | "OFF"
        ),
        FilterValue::Other { to_s, .. } => !matches!(to_s.as_str(), "false" | "0"),
    }
}

/// `GET /api/reference/locations/:id`.
pub(crate) fn location_show(call: &mut Call<'_>) -> Verdict {
    try_verdict!(call.check_include());
    let id = call.param("id").to_owned();
    let facts = call.facts;
    try_verdict!(path_record(
        "Location",
        &id,
        "id",
        |id| facts.location(id),
        &mut call.out,
    ));
    Verdict::accepted(
        200,
        Effect {
            summary: "Shows the location; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// `GET /api/reference/allocation_complex_cases`.
pub(crate) fn complex_cases(call: &mut Call<'_>) -> Verdict {
    // `Reference::AllocationComplexCasesController` has no `supported_relationships`.
    try_verdict!(call.check_include());
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists the allocation complex cases; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// `GET /api/reference/categories` (upstream `Api::Reference::CategoriesController`): every
/// prisoner category with `move_supported`, ordered by key.
pub(crate) fn categories(call: &mut Call<'_>) -> Verdict {
    // `Reference::CategoriesController` has no `supported_relationships`.
    try_verdict!(call.check_include());
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists the prisoner categories; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}
