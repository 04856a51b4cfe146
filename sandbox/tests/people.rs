//! `POST /api/people` (`allocations.md` §3 item 1): a person created is stored, found by the
//! `GET /api/people` filters and can be given a profile; refusals are the API's.

mod common;

use basm_sandbox::{Config, seed, spawn};
use common::{Req, assert_accepted, assert_refusal, id_of};
use serde_json::json;

#[test]
fn a_created_person_is_found_and_gets_a_profile() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let created = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/people").json(&json!({ "data": { "type": "people",
            "attributes": { "first_names": "ADA", "last_name": "LOVELACE", "date_of_birth": "1990-12-10",
                "prison_number": " Z9999ZZ ", "police_national_computer": "90/123456Z", "criminal_records_office": "123456/90Z" },
            "relationships": { "gender": { "data": { "type": "genders", "id": seed::GENDER_ID } },
                "ethnicity": { "data": { "type": "ethnicities", "id": seed::ETHNICITY_ID } } } } })),
    );
    assert_eq!(created.status, 201);
    let doc = created.json();
    let id = id_of(&doc);
    // V2::PersonWithCategorySerializer: the person's attributes (numbers stripped),
    // gender, ethnicity, profiles and category (lazily loaded: no data unless included).
    assert_eq!(doc["data"]["type"], "people");
    assert_eq!(
        doc["data"]["attributes"],
        json!({ "first_names": "ADA", "last_name": "LOVELACE", "date_of_birth": "1990-12-10",
            "gender_additional_information": null, "prison_number": "Z9999ZZ",
            "criminal_records_office": "123456/90Z", "police_national_computer": "90/123456Z" })
    );
    assert_eq!(
        doc["data"]["relationships"],
        json!({ "gender": { "data": { "id": seed::GENDER_ID, "type": "genders" } },
            "ethnicity": { "data": { "id": seed::ETHNICITY_ID, "type": "ethnicities" } },
            "profiles": {}, "category": {} })
    );

    // Shown by its id (version 2, the sandbox's default Accept), as created; include=category
    // gives the category (none outside NOMIS).
    let shown = assert_accepted(
        app,
        addr,
        &Req::new("GET", &format!("/api/people/{id}?include=category")),
    );
    assert_eq!(shown.status, 200);
    let shown = shown.json();
    assert_eq!(shown["data"]["id"], id.as_str());
    assert_eq!(shown["data"]["attributes"], doc["data"]["attributes"]);
    assert_eq!(
        shown["data"]["relationships"]["category"],
        json!({ "data": null })
    );
    // Version 1 has no show: the API's 406, with its own body.
    let old = Req::new("GET", &format!("/api/people/{id}"))
        .header("Accept", "application/vnd.api+json; version=1")
        .send(addr);
    assert_eq!(old.status, 406);
    let old = old.json();
    assert_eq!(
        old["errors"][0]["title"],
        "Not Supported In Old Version Error"
    );
    assert_eq!(
        old["errors"][0]["detail"],
        "This endpoint is not supported in version v1 - please change the ACCEPT header to a newer version"
    );

    // Found by prison number (up-cased) and by PNC.
    for query in [
        "filter%5Bprison_number%5D=z9999zz",
        "filter%5Bpolice_national_computer%5D=90%2F123456Z",
    ] {
        let found =
            assert_accepted(app, addr, &Req::new("GET", &format!("/api/people?{query}"))).json();
        assert_eq!(found["meta"]["pagination"]["total_objects"], 1, "{query}");
        assert_eq!(found["data"][0]["id"], id.as_str(), "{query}");
    }

    // A profile for them: no NOMIS record, so no answers, category or CSRA.
    let profile = assert_accepted(
        app,
        addr,
        &Req::new("POST", &format!("/api/people/{id}/profiles?include=person"))
            .body(r#"{"data":{"type":"profiles"}}"#),
    );
    assert_eq!(profile.status, 201);
    let profile = profile.json();
    assert_eq!(
        profile["data"]["relationships"]["person"]["data"]["id"],
        id.as_str()
    );
    assert_eq!(
        profile["data"]["attributes"]["assessment_answers"],
        json!([])
    );
    assert!(profile["data"]["relationships"]["category"]["data"].is_null());
    assert_eq!(profile["included"][0]["id"], id.as_str());
    let found = assert_accepted(
        app,
        addr,
        &Req::new(
            "GET",
            "/api/people?filter%5Bprison_number%5D=Z9999ZZ&include=profiles",
        ),
    )
    .json();
    assert_eq!(
        found["data"][0]["relationships"]["profiles"]["data"][0]["id"],
        profile["data"]["id"]
    );
    // include=category on create: the category (none for a person not in NOMIS).
    let again = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/people?include=category")
            .json(&json!({ "data": { "type": "people", "attributes": { "first_names": "A", "last_name": "B" } } })),
    )
    .json();
    assert_eq!(
        again["data"]["relationships"]["category"],
        json!({ "data": null })
    );
    assert_eq!(again["included"], json!([]));
}

#[test]
fn person_refusals_are_the_apis() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let count = || {
        assert_accepted(app, addr, &Req::new("GET", "/api/people")).json()["meta"]["pagination"]
            ["total_objects"]
            .clone()
    };
    let before = count();
    let verdict = assert_refusal(
        app,
        addr,
        &Req::new("POST", "/api/people")
            .json(&json!({ "data": { "type": "people", "attributes": { "first_names": "A" } } })),
    );
    assert_eq!(verdict.errors[0].code, "blank");
    // A gender id the sandbox does not have: the API's 404 (core cannot know: unchecked).
    let unknown = "00000000-0000-4000-8000-000000000000";
    let resp = Req::new("POST", "/api/people")
        .json(&json!({ "data": { "type": "people", "attributes": { "first_names": "A", "last_name": "B" },
            "relationships": { "gender": { "data": { "type": "genders", "id": unknown } } } } }))
        .send(addr);
    assert_eq!(resp.status, 404);
    let doc = resp.json();
    assert_eq!(doc["errors"][0]["title"], "Resource not found");
    assert_eq!(
        doc["errors"][0]["detail"],
        format!("Couldn't find Gender with 'id'={unknown}")
    );
    assert_eq!(
        doc["errors"][0]["meta"]["basm"][0]["source"]["pointer"],
        "/data/relationships/gender/data/id"
    );
    // Nothing was stored.
    assert_eq!(count(), before);
    // A person the sandbox does not have: the API's 404 at the path's id.
    let resp = Req::new("GET", &format!("/api/people/{unknown}")).send(addr);
    assert_eq!(resp.status, 404);
    assert_eq!(
        resp.json()["errors"][0]["detail"],
        format!("Couldn't find Person with 'id'={unknown}")
    );
}

/// Version 1's person create takes the identifiers from `identifiers` and drops the
/// attributes of their names (upstream `app/services/people/crud.rb` L26-36), as core judges
/// it.
#[test]
fn version_1_people_take_their_identifiers_from_identifiers() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let created = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/people")
            .header("Accept", "application/vnd.api+json; version=1")
            .json(&json!({ "data": { "type": "people", "attributes": {
                "first_names": "ADA", "last_name": "LOVELACE", "prison_number": "Z9999ZZ",
                "identifiers": [
                    { "identifier_type": "prison_number", "value": "A0000AA" },
                    { "identifier_type": "prison_number", "value": " A1234BC " },
                    { "identifier_type": "police_national_computer", "value": "90/123456Z" }
                ] } } })),
    );
    assert_eq!(
        created.header("x-basm-warnings"),
        Some("1"),
        "prison_number dropped"
    );
    let id = id_of(&created.json());
    let shown = assert_accepted(app, addr, &Req::new("GET", &format!("/api/people/{id}"))).json();
    let attributes = &shown["data"]["attributes"];
    assert_eq!(attributes["prison_number"], "A1234BC");
    assert_eq!(attributes["police_national_computer"], "90/123456Z");
}
