//! People and profiles (filling allocations) and reference data (`allocations.md` §3,
//! `api-conventions.md` §5).

use crate::error::ErrorSource;
use crate::events::rules::crash;
use crate::time::parse_strptime_ymd;
use crate::verdict::{Change, Effect, Verdict, Warning, warning_codes};

use super::common::{check_include, path_record, query_value};
use super::{Call, parse_optional_body, require_data, warn_ignored_key};

const PEOPLE_FILTERS: &[&str] = &[
    "prison_number",
    "police_national_computer",
    "criminal_records_office",
    "fuzzy_pnc",
];
const LOCATION_FILTERS: &[&str] = &[
    "location_type",
    "nomis_agency_id",
    "location_id",
    "region_id",
    "supplier_id",
    "young_offender_institution",
    "extradition_capable",
    "created_at",
];

fn warn_unknown_filters(call: &mut Call<'_>, known: &[&str]) {
    for (key, _) in call.req.query() {
        if let Some(name) = key
            .strip_prefix("filter[")
            .and_then(|k| k.strip_suffix(']'))
            && !known.contains(&name)
        {
            call.out.warnings.push(Warning {
                code: warning_codes::IGNORED_PARAMETER.into(),
                detail: format!(
                    "filter[{name}] is not a filter of this endpoint: the API drops it"
                ),
                source: ErrorSource::parameter(key.clone()),
            });
        }
    }
}

/// `GET /api/people` (v2): the controller's own checks come before `include=`.
pub(crate) fn index(call: &mut Call<'_>) -> Verdict {
    warn_unknown_filters(call, PEOPLE_FILTERS);
    if let Some(numbers) = query_value(call.req, "filter[prison_number]")
        && numbers.split(',').any(|n| n != n.to_ascii_uppercase())
    {
        call.out.warnings.push(Warning {
            code: "upcased".into(),
            detail: "The API up-cases prison numbers before matching them".into(),
            source: ErrorSource::parameter("filter[prison_number]"),
        });
    }
    let allowed: &[&str] = if call.headers.version == 2 {
        &["ethnicity", "gender", "profiles"]
    } else {
        &["ethnicity", "gender"]
    };
    try_verdict!(check_include(call.req, allowed));
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

/// `POST /api/people/:id/profiles`: no idempotency key.
pub(crate) fn create_profile(call: &mut Call<'_>) -> Verdict {
    warn_ignored_key(call, "a retry creates a second profile");
    try_verdict!(check_include(call.req, &["documents", "person"]));
    let id = call.param("id").to_owned();
    let facts = call.facts;
    try_verdict!(path_record(
        "Person",
        &id,
        "id",
        |id| facts.person(id),
        &mut call.out
    ));
    let req = call.req;
    let doc = try_verdict!(parse_optional_body(&req.body));
    let data = try_verdict!(require_data(&doc));
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

/// `GET /api/reference/locations`: no authentication.
pub(crate) fn locations_index(call: &mut Call<'_>) -> Verdict {
    warn_unknown_filters(call, LOCATION_FILTERS);
    try_verdict!(check_include(call.req, &["suppliers"]));
    if let Some(created) = query_value(call.req, "filter[created_at]")
        && (parse_strptime_ymd(&created).is_none() || created.len() != 10)
    {
        let mut e = crash(
            format!("filter[created_at]={created} is not YYYY-MM-DD: Date::Error is not rescued"),
            String::new(),
        );
        e.source = ErrorSource::parameter("filter[created_at]");
        return Verdict::refused(500, vec![e]);
    }
    if let Some(v) = query_value(call.req, "filter[young_offender_institution]")
        && !matches!(v.as_str(), "true" | "false")
    {
        call.out.warnings.push(Warning {
            code: warning_codes::IGNORED_PARAMETER.into(),
            detail: format!("filter[young_offender_institution]={v} is neither true nor false: the API ignores it"),
            source: ErrorSource::parameter("filter[young_offender_institution]"),
        });
    }
    if query_value(call.req, "filter[extradition_capable]").as_deref() == Some("false") {
        call.out.warnings.push(Warning {
            code: warning_codes::IGNORED_PARAMETER.into(),
            detail: "filter[extradition_capable] returns only extradition-capable locations whatever its value, even false".into(),
            source: ErrorSource::parameter("filter[extradition_capable]"),
        });
    }
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists locations; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}

/// `GET /api/reference/locations/:id`.
pub(crate) fn location_show(call: &mut Call<'_>) -> Verdict {
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
pub(crate) fn complex_cases(_call: &mut Call<'_>) -> Verdict {
    Verdict::accepted(
        200,
        Effect {
            summary: "Lists the allocation complex cases; changes nothing".into(),
            changes: Vec::new(),
        },
    )
}
