//! Every document the sandbox serves has today's serializer's members: for each endpoint,
//! the attribute and relationship names of its records equal the upstream serializer's lists,
//! written out here from the upstream files (ministryofjustice/hmpps-book-secure-move-api,
//! `app/serializers/…`), and the list documents have `Serializable#paginate`'s shape.

mod common;

use std::collections::BTreeSet;

use basm_sandbox::{Config, seed, spawn};
use common::{Req, assert_accepted, id_of, location};
use serde_json::{Value, json};

/// `app/serializers/v2/move_serializer.rb` and `v2/moves_serializer.rb` (the same list).
const MOVE_ATTRIBUTES: &[&str] = &[
    "additional_information",
    "cancellation_reason",
    "cancellation_reason_comment",
    "created_at",
    "date",
    "date_from",
    "date_to",
    "move_agreed",
    "move_agreed_by",
    "move_type",
    "reference",
    "rejection_reason",
    "status",
    "time_due",
    "updated_at",
    "is_lockout",
    "recall_date",
    "prisoner_location_description",
    "section_forty_six",
];
/// `V2::MoveSerializer`'s relationships (the `_if_included` ones only when included).
const MOVE_RELATIONSHIPS: &[&str] = &[
    "from_location",
    "prison_transfer_reason",
    "profile",
    "supplier",
    "to_location",
    "court_hearings",
    "allocation",
    "original_move",
];
/// `V2::MovesSerializer`'s relationships (lists).
const MOVES_RELATIONSHIPS: &[&str] = &[
    "from_location",
    "to_location",
    "profile",
    "prison_transfer_reason",
    "supplier",
    "allocation",
];
/// `app/serializers/allocation_serializer.rb`.
const ALLOCATION_ATTRIBUTES: &[&str] = &[
    "moves_count",
    "date",
    "estate",
    "estate_comment",
    "prisoner_category",
    "sentence_length",
    "sentence_length_comment",
    "complex_cases",
    "complete_in_full",
    "requested_by",
    "other_criteria",
    "status",
    "cancellation_reason",
    "cancellation_reason_comment",
    "created_at",
    "updated_at",
];
/// `app/serializers/v2/person_serializer.rb`.
const PERSON_ATTRIBUTES: &[&str] = &[
    "first_names",
    "last_name",
    "date_of_birth",
    "gender_additional_information",
    "prison_number",
    "criminal_records_office",
    "police_national_computer",
];
/// `app/serializers/v2/profile_serializer.rb` (and `v2/profiles_serializer.rb`).
const PROFILE_ATTRIBUTES: &[&str] = &[
    "requires_youth_risk_assessment",
    "assessment_answers",
    "csra",
];
/// `app/serializers/locations_serializer.rb` (inherited by `location_serializer.rb`).
const LOCATION_ATTRIBUTES: &[&str] = &[
    "key",
    "title",
    "location_type",
    "nomis_agency_id",
    "can_upload_documents",
    "young_offender_institution",
    "premise",
    "locality",
    "city",
    "country",
    "postcode",
    "latitude",
    "longitude",
    "created_at",
    "disabled_at",
    "extradition_capable",
];
/// `app/serializers/category_serializer.rb`.
const CATEGORY_ATTRIBUTES: &[&str] =
    &["key", "title", "move_supported", "created_at", "updated_at"];
/// `app/serializers/journeys_serializer.rb` (inherited by `journey_serializer.rb`).
const JOURNEY_ATTRIBUTES: &[&str] = &[
    "state",
    "billable",
    "vehicle",
    "date",
    "number",
    "timestamp",
];
/// `app/serializers/lodging_serializer.rb`.
const LODGING_ATTRIBUTES: &[&str] = &["start_date", "end_date", "status"];
/// `app/serializers/generic_event_serializer.rb`.
const EVENT_ATTRIBUTES: &[&str] = &[
    "event_type",
    "classification",
    "occurred_at",
    "recorded_at",
    "notes",
    "created_by",
    "details",
];

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn plus(names: &[&str], more: &[&str]) -> BTreeSet<String> {
    let mut s = set(names);
    s.extend(more.iter().map(|n| (*n).to_owned()));
    s
}

/// Checks one resource object's members.
fn shape(
    resource: &Value,
    attributes: &BTreeSet<String>,
    relationships: Option<&BTreeSet<String>>,
) {
    let what = format!("{} {}", resource["type"], resource["id"]);
    assert_eq!(
        &keys(&resource["attributes"]),
        attributes,
        "{what} attributes"
    );
    match relationships {
        Some(r) => assert_eq!(&keys(&resource["relationships"]), r, "{what} relationships"),
        None => assert!(
            resource.get("relationships").is_none(),
            "{what} has no relationships"
        ),
    }
}

fn included<'a>(doc: &'a Value, resource_type: &str) -> Vec<&'a Value> {
    doc["included"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["type"] == resource_type)
        .collect()
}

#[test]
fn documents_have_the_upstream_serializers_members() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let get = |path: &str| assert_accepted(app, addr, &Req::new("GET", path)).json();

    // An allocation of one move, filled with the walkthrough person, with a journey, a
    // lodging and an event.
    let allocation = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/allocations").json(&json!({ "data": { "attributes": { "moves_count": 1, "date": "2021-04-01" },
            "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID) } } })),
    )
    .json();
    // AllocationSerializer.
    let alloc_rels = set(&["from_location", "to_location", "moves"]);
    shape(
        &allocation["data"],
        &set(ALLOCATION_ATTRIBUTES),
        Some(&alloc_rels),
    );
    assert_eq!(keys(&allocation["data"]["meta"]), set(&["moves"]));
    let allocation_id = id_of(&allocation);
    let m = allocation["data"]["relationships"]["moves"]["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let profile = assert_accepted(
        app,
        addr,
        &Req::new(
            "POST",
            &format!("/api/people/{}/profiles", seed::WALKTHROUGH_PERSON_ID),
        )
        .body(r#"{"data":{"type":"profiles"}}"#),
    )
    .json();
    // V2::ProfileSerializer.
    let profile_rels = set(&[
        "person",
        "category",
        "documents",
        "person_escort_record",
        "youth_risk_assessment",
    ]);
    shape(
        &profile["data"],
        &set(PROFILE_ATTRIBUTES),
        Some(&profile_rels),
    );
    assert_eq!(profile["data"]["attributes"]["csra"], "Standard");
    let category_id = profile["data"]["relationships"]["category"]["data"]["id"].clone();
    assert!(category_id.is_string());
    let profile_id = id_of(&profile);
    assert_accepted(
        app,
        addr,
        &Req::new("PATCH", &format!("/api/moves/{m}")).fresh_key().json(
            &json!({ "data": { "relationships": { "profile": { "data": { "type": "profiles", "id": profile_id } } } } }),
        ),
    );
    let wwi = seed::location_id("WWI");
    let journey = assert_accepted(
        app,
        addr,
        &Req::new("POST", &format!("/api/moves/{m}/journeys")).fresh_key().json(&json!({ "data": { "type": "journeys",
            "attributes": { "timestamp": "2021-04-01T08:00:00Z", "billable": true },
            "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(&wwi), "supplier": { "data": { "type": "suppliers", "id": seed::geoamey_id() } } } } })),
    )
    .json();
    // JourneySerializer.
    let journey_rels = set(&["from_location", "to_location"]);
    shape(
        &journey["data"],
        &set(JOURNEY_ATTRIBUTES),
        Some(&journey_rels),
    );
    let lodging = assert_accepted(
        app,
        addr,
        &Req::new("POST", &format!("/api/moves/{m}/lodgings")).fresh_key().json(&json!({ "data": { "type": "lodgings",
            "attributes": { "start_date": "2021-04-01", "end_date": "2021-04-02" }, "relationships": { "location": location(&wwi) } } })),
    )
    .json();
    // LodgingSerializer.
    let lodging_rels = set(&["move", "location"]);
    shape(
        &lodging["data"],
        &set(LODGING_ATTRIBUTES),
        Some(&lodging_rels),
    );
    let event = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/events").json(&json!({ "data": { "type": "events", "attributes": { "event_type": "MoveLockout",
            "occurred_at": "2021-04-01T10:00:00+00:00", "recorded_at": "2021-04-01T10:00:00+00:00", "details": { "reason": "no_space", "authorised_by": "PMU" } },
            "relationships": { "eventable": { "data": { "type": "moves", "id": m } }, "from_location": location(seed::BSI_ID) } } })),
    )
    .json();
    // GenericEventSerializer, with MoveLockout's `from_location` relationship.
    let lockout_rels = set(&["eventable", "supplier", "from_location"]);
    shape(&event["data"], &set(EVENT_ATTRIBUTES), Some(&lockout_rels));

    // A move shown: V2::MoveSerializer; `_if_included` relationships only when included;
    // the included allocation with `INCLUDED_FIELDS` only.
    let shown = get(&format!("/api/moves/{m}"));
    shape(
        &shown["data"],
        &set(MOVE_ATTRIBUTES),
        Some(&set(MOVE_RELATIONSHIPS)),
    );
    assert!(shown.get("included").is_none());
    assert!(shown["data"].get("meta").is_none());
    let shown = get(&format!(
        "/api/moves/{m}?include=timeline_events,journeys,lodgings,allocation,profile.category,profile.person,from_location"
    ));
    shape(
        &shown["data"],
        &set(MOVE_ATTRIBUTES),
        Some(&plus(
            MOVE_RELATIONSHIPS,
            &["timeline_events", "journeys", "lodgings"],
        )),
    );
    let allocations = included(&shown, "allocations");
    assert_eq!(allocations.len(), 1);
    shape(
        allocations[0],
        &set(&["moves_count", "created_at"]),
        Some(&set(&["from_location", "to_location"])),
    );
    let categories = included(&shown, "categories");
    assert_eq!(categories.len(), 1);
    shape(categories[0], &set(CATEGORY_ATTRIBUTES), None);
    assert_eq!(categories[0]["id"], category_id);
    assert_eq!(categories[0]["attributes"]["key"], "C");
    assert_eq!(categories[0]["attributes"]["move_supported"], true);
    for p in included(&shown, "profiles") {
        shape(p, &set(PROFILE_ATTRIBUTES), Some(&profile_rels));
    }
    let people = included(&shown, "people");
    assert_eq!(people.len(), 1);
    // Included people carry `profiles` without data (lazily loaded, not included here).
    shape(
        people[0],
        &set(PERSON_ATTRIBUTES),
        Some(&set(&["ethnicity", "gender", "profiles"])),
    );
    assert_eq!(people[0]["relationships"]["profiles"], json!({}));
    for l in included(&shown, "locations") {
        shape(l, &set(LOCATION_ATTRIBUTES), Some(&set(&["suppliers"])));
    }
    for j in included(&shown, "journeys") {
        shape(j, &set(JOURNEY_ATTRIBUTES), Some(&journey_rels));
    }
    for l in included(&shown, "lodgings") {
        shape(l, &set(LODGING_ATTRIBUTES), Some(&lodging_rels));
    }
    // The timeline: the move's events and its journeys' (JourneyCreate), in occurred order.
    let events = included(&shown, "events");
    let types: Vec<&str> = events
        .iter()
        .filter_map(|e| e["attributes"]["event_type"].as_str())
        .collect();
    assert!(types.contains(&"MoveLockout"), "{types:?}");
    assert!(types.contains(&"JourneyCreate"), "{types:?}");
    for e in &events {
        // Each class's `relationship_attributes` (`app/models/generic_event/*.rb`).
        let own: &[&str] = match e["attributes"]["event_type"].as_str() {
            Some("MoveLockout") => &["from_location"],
            Some("LodgingCreate") => &["location"],
            _ => &[],
        };
        shape(
            e,
            &set(EVENT_ATTRIBUTES),
            Some(&plus(&["eventable", "supplier"], own)),
        );
    }
    assert_eq!(
        keys(&shown["data"]["relationships"]["timeline_events"]["data"][0]),
        set(&["id", "type"])
    );

    // Moves listed: V2::MovesSerializer, `meta: {}` on each, `INCLUDED_FIELDS` for people
    // and locations, V2::ProfilesSerializer for profiles, TimelineEventsSerializer.
    let listed = get("/api/moves?include=profile.person,from_location,timeline_events&per_page=5");
    for d in listed["data"].as_array().expect("moves") {
        let mut rels = set(MOVES_RELATIONSHIPS);
        rels.insert("timeline_events".into());
        shape(d, &set(MOVE_ATTRIBUTES), Some(&rels));
        assert_eq!(d["meta"], json!({}));
    }
    for p in included(&listed, "profiles") {
        shape(
            p,
            &set(PROFILE_ATTRIBUTES),
            Some(&set(&["category", "person"])),
        );
    }
    for p in included(&listed, "people") {
        shape(
            p,
            &set(PERSON_ATTRIBUTES),
            Some(&set(&["ethnicity", "gender"])),
        );
    }
    for l in included(&listed, "locations") {
        shape(l, &set(LOCATION_ATTRIBUTES), Some(&BTreeSet::new()));
    }
    for e in included(&listed, "events") {
        shape(
            e,
            &set(&["occurred_at", "event_type", "classification"]),
            None,
        );
    }
    // Serializable#paginate: per_page as the query gave it, no links inside meta.
    assert_eq!(
        listed["meta"],
        json!({ "pagination": { "per_page": "5", "total_pages": listed["meta"]["pagination"]["total_pages"],
            "total_objects": listed["meta"]["pagination"]["total_objects"] } })
    );
    assert_eq!(
        keys(&listed["links"]),
        set(&["self", "first", "prev", "next", "last"])
    );
    let plain = get("/api/moves");
    assert_eq!(plain["meta"]["pagination"]["per_page"], 20);
    assert!(plain.get("included").is_none());
    // An include that finds nothing still gives `included: []`.
    let empty = get(
        "/api/moves?filter%5Bdate_from%5D=1999-01-01&filter%5Bdate_to%5D=1999-01-01&include=profile",
    );
    assert_eq!(empty["included"], json!([]));

    // Allocations: shown with `moves` (V2::MoveSerializer), listed without
    // (`AllocationsSerializer::INCLUDED_FIELDS`).
    let shown = get(&format!(
        "/api/allocations/{allocation_id}?include=moves,from_location"
    ));
    shape(
        &shown["data"],
        &set(ALLOCATION_ATTRIBUTES),
        Some(&alloc_rels),
    );
    for mv in included(&shown, "moves") {
        shape(mv, &set(MOVE_ATTRIBUTES), Some(&set(MOVE_RELATIONSHIPS)));
    }
    let listed = get("/api/allocations?include=from_location");
    for a in listed["data"].as_array().expect("allocations") {
        shape(a, &set(ALLOCATION_ATTRIBUTES), Some(&journey_rels));
        assert_eq!(keys(&a["meta"]), set(&["moves"]));
    }
    for l in included(&listed, "locations") {
        shape(l, &set(LOCATION_ATTRIBUTES), Some(&BTreeSet::new()));
    }

    // People listed: V2::PersonSerializer; `profiles` has data only when included.
    let people = get("/api/people?filter%5Bprison_number%5D=G8133UA");
    let person_rels = set(&["ethnicity", "gender", "profiles"]);
    shape(
        &people["data"][0],
        &set(PERSON_ATTRIBUTES),
        Some(&person_rels),
    );
    assert_eq!(people["data"][0]["relationships"]["profiles"], json!({}));
    let people = get("/api/people?filter%5Bprison_number%5D=G8133UA&include=profiles,gender");
    assert!(people["data"][0]["relationships"]["profiles"]["data"].is_array());
    for p in included(&people, "profiles") {
        shape(p, &set(PROFILE_ATTRIBUTES), Some(&profile_rels));
    }
    for g in included(&people, "genders") {
        shape(
            g,
            &set(&["key", "title", "description", "disabled_at", "nomis_code"]),
            None,
        );
    }

    // Journeys and lodgings listed; a location.
    let journeys = get(&format!("/api/moves/{m}/journeys?include=from_location"));
    shape(
        &journeys["data"][0],
        &set(JOURNEY_ATTRIBUTES),
        Some(&journey_rels),
    );
    for l in included(&journeys, "locations") {
        // JourneysSerializer names LocationsSerializer: no relationships.
        shape(l, &set(LOCATION_ATTRIBUTES), None);
    }
    let lodgings = get(&format!("/api/moves/{m}/lodgings"));
    shape(
        &lodgings["data"][0],
        &set(LODGING_ATTRIBUTES),
        Some(&lodging_rels),
    );
    let location = get(&format!("/api/reference/locations/{}", seed::BSI_ID));
    shape(
        &location["data"],
        &set(LOCATION_ATTRIBUTES),
        Some(&set(&["suppliers"])),
    );
}
