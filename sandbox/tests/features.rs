//! Headers and settings: tokens (any, configured, supplier-owned), content types, versions,
//! Idempotency-Key replay and conflict over time, warnings, CORS and the app's static files.

mod common;

use std::path::PathBuf;

use basm_core::{Caller, Request, validate_request};
use basm_sandbox::{Config, Tokens, seed, spawn};
use common::{Req, assert_accepted, assert_refusal, context, id_of, location, new_profile, send};
use serde_json::json;

fn allocation(from: &str, to: &str, count: u32) -> Req {
    Req::new("POST", "/api/allocations").json(
        &json!({ "data": { "attributes": { "moves_count": count, "date": "2021-05-04" },
        "relationships": { "from_location": location(from), "to_location": location(to) } } }),
    )
}

/// A move of a new allocation, and a new profile of the walkthrough's person: their ids.
fn move_and_profile(app: &basm_sandbox::App, addr: std::net::SocketAddr) -> (String, String) {
    let created = assert_accepted(app, addr, &allocation(seed::BSI_ID, seed::IWI_ID, 1)).json();
    let m = created["data"]["relationships"]["moves"]["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let profile = new_profile(app, addr, seed::WALKTHROUGH_PERSON_ID);
    (m, profile)
}

#[test]
fn configured_tokens_and_supplier_tokens() {
    let config = Config {
        tokens: Tokens {
            valid: vec!["good".into()],
            suppliers: vec![("serco-token".into(), seed::serco_id())],
            ..Tokens::default()
        },
        ..Config::memory()
    };
    let sandbox = spawn(config).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let good = |req: Req| req.header("Authorization", "Bearer good");
    let serco = |req: Req| req.header("Authorization", "Bearer serco-token");

    // A token that is not configured gets core's own 401, worded as for no token at all.
    let bad = Req::new("GET", "/api/moves").header("Authorization", "Bearer other");
    let resp = bad.send(addr);
    let expected = validate_request(
        &bad.clone().without("Authorization").core(),
        &context(app, Caller::Authority, None),
    );
    assert_eq!(resp.status, 401);
    common::assert_api_refusal(&expected, &resp, "an unknown token");
    assert_eq!(good(Req::new("GET", "/api/moves")).send(addr).status, 200);
    // Reference locations need no token at all, valid or not.
    assert_eq!(
        bad.clone()
            .header("Authorization", "Bearer other")
            .send(addr)
            .status,
        401
    );
    assert_eq!(
        Req::new("GET", "/api/reference/locations")
            .header("Authorization", "Bearer other")
            .send(addr)
            .status,
        200
    );
    assert_eq!(
        Req::new("GET", "/api/reference/locations")
            .without("Authorization")
            .send(addr)
            .status,
        200
    );

    // A supplier token sees only moves it serves: BSI (GEOAmey) → IWI (Serco) yes,
    // BSI → BMI (both GEOAmey) no.
    let bmi = seed::location_id("BMI");
    let visible = good(allocation(seed::BSI_ID, seed::IWI_ID, 1))
        .send(addr)
        .json();
    let hidden = good(allocation(seed::BSI_ID, &bmi, 1)).send(addr).json();
    let visible_move = visible["data"]["relationships"]["moves"]["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let hidden_move = hidden["data"]["relationships"]["moves"]["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let listed = serco(Req::new("GET", "/api/moves?per_page=100"))
        .send(addr)
        .json();
    let ids: Vec<&str> = listed["data"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert!(ids.contains(&visible_move.as_str()));
    assert!(!ids.contains(&hidden_move.as_str()));
    let all = good(Req::new("GET", "/api/moves?per_page=100"))
        .send(addr)
        .json();
    assert_eq!(all["meta"]["pagination"]["total_objects"], 2);

    // A supplier's journey is its own; its events name it.
    let journey = serco(Req::new("POST", &format!("/api/moves/{visible_move}/journeys")).fresh_key().json(&json!({ "data": {
        "attributes": { "timestamp": "2021-05-04T09:00:00+01:00", "billable": true },
        "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID) } } })))
    .send(addr);
    assert_eq!(
        journey.status,
        201,
        "{}",
        String::from_utf8_lossy(&journey.body)
    );
    let journey_id = id_of(&journey.json());
    let owner: Option<String> = app
        .with_db(|c| {
            c.query_row(
                "SELECT supplier_id FROM journeys WHERE id = ?1",
                [&journey_id],
                |r| r.get(0),
            )
            .ok()
        })
        .flatten();
    assert_eq!(owner, Some(seed::serco_id()));
    let event = serco(Req::new("POST", "/api/events").json(&json!({ "data": { "attributes": {
        "event_type": "JourneyStart", "occurred_at": "2021-05-04T09:10:00+01:00", "recorded_at": "2021-05-04T09:10:00+01:00",
        "details": { "vehicle_reg": "AB12 CDE" } },
        "relationships": { "eventable": { "data": { "type": "journeys", "id": journey_id } } } } })))
    .send(addr)
    .json();
    assert_eq!(
        event["data"]["relationships"]["supplier"]["data"]["id"],
        seed::serco_id()
    );
    assert_eq!(event["data"]["attributes"]["created_by"], "Serco");
    let journeys = serco(Req::new(
        "GET",
        &format!("/api/moves/{visible_move}/journeys"),
    ))
    .send(addr)
    .json();
    assert_eq!(journeys["data"][0]["attributes"]["state"], "in_progress");
    assert_eq!(
        journeys["data"][0]["attributes"]["vehicle"]["registration"],
        "AB12 CDE"
    );
    // Lodgings are the authority's: a supplier token is refused (core's 401).
    let lodging = serco(Req::new("POST", &format!("/api/moves/{visible_move}/lodgings")).fresh_key().json(&json!({ "data": {
        "attributes": { "start_date": "2021-05-04", "end_date": "2021-05-05" }, "relationships": { "location": location(&bmi) } } })));
    let v = common::assert_refusal_as(
        app,
        addr,
        &lodging,
        Caller::Supplier,
        Some(&seed::serco_id()),
    );
    assert_eq!(v.status, 401);
    // X-Current-User becomes created_by.
    let event = good(Req::new("POST", "/api/events").header("X-Current-User", "A.PERSON").json(&json!({ "data": { "attributes": {
        "event_type": "MoveNotifyPremisesOfEta", "occurred_at": "2021-05-04T09:10:00+01:00", "recorded_at": "2021-05-04T09:10:00+01:00",
        "details": { "expected_at": "2021-05-04T11:00:00+01:00" } },
        "relationships": { "eventable": { "data": { "type": "moves", "id": visible_move } } } } })))
    .send(addr)
    .json();
    assert_eq!(event["data"]["attributes"]["created_by"], "A.PERSON");
    assert_eq!(
        event["data"]["attributes"]["event_type"],
        "MoveNotifyPremisesOfDropOffEta"
    );
}

#[test]
fn idempotency_keys_replay_for_ten_minutes_and_conflict_for_twelve_hours() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let (m, profile) = move_and_profile(app, addr);
    let key = "6f1b2c3d-1111-4222-8333-944455556666";
    let patch = Req::new("PATCH", &format!("/api/moves/{m}"))
        .key(key)
        .json(&json!({ "data": { "relationships": { "profile": { "data": { "type": "profiles", "id": profile } } } } }));
    let first = assert_accepted(app, addr, &patch);
    assert_eq!(first.status, 200);
    let timeline = format!("/api/moves/{m}?include=timeline_events");
    let events_before = Req::new("GET", &timeline).send(addr).json()["data"]["relationships"]
        ["timeline_events"]["data"]
        .as_array()
        .map(Vec::len);
    // The same request again: the stored answer, byte for byte; nothing runs again.
    app.clock.advance(9 * 60);
    let again = assert_accepted(app, addr, &patch);
    assert_eq!((again.status, &again.body), (first.status, &first.body));
    assert_eq!(again.header("x-basm-replayed"), Some("true"));
    assert_eq!(again.header("x-basm-warnings"), Some("1"));
    // A different body (one byte) or another endpoint with the key: 409.
    let other = Req::new("PATCH", &format!("/api/moves/{m}"))
        .key(key)
        .body(String::from_utf8_lossy(&patch.body).replace('{', "{ "));
    assert_eq!(assert_refusal(app, addr, &other).status, 409);
    let accept = Req::new("POST", &format!("/api/moves/{m}/accept"))
        .key(key)
        .body(r#"{"data":{"type":"accepts","attributes":{"timestamp":"2021-05-04T10:00:00Z"}}}"#);
    assert_eq!(assert_refusal(app, addr, &accept).status, 409);
    // After 10 minutes even the same request conflicts; after 12 hours the key is free.
    app.clock.advance(2 * 60);
    let v = assert_refusal(app, addr, &patch);
    assert_eq!(v.status, 409);
    app.clock.advance(12 * 3600);
    let fresh = assert_accepted(app, addr, &accept);
    assert_eq!(fresh.status, 204);
    assert_eq!(fresh.header("x-basm-replayed"), None);
    let events_after = Req::new("GET", &timeline).send(addr).json()["data"]["relationships"]
        ["timeline_events"]["data"]
        .as_array()
        .map(Vec::len);
    assert_eq!(
        events_after.map(|n| n - 1),
        events_before,
        "only the accept added an event"
    );
    // Refused requests store nothing: a malformed key can be used again at once.
    let bad = Req::new("POST", &format!("/api/moves/{m}/start"))
        .key("7a7a7a7a-1111-4222-8333-944455556666")
        .body("{}");
    assert_eq!(assert_refusal(app, addr, &bad).status, 400);
    let good = bad
        .clone()
        .body(r#"{"data":{"type":"starts","attributes":{"timestamp":"2021-05-04T11:00:00Z"}}}"#);
    assert_eq!(assert_accepted(app, addr, &good).status, 204);
}

#[test]
fn content_types_versions_and_warnings() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let created = assert_accepted(app, addr, &allocation(seed::BSI_ID, seed::IWI_ID, 1)).json();
    let m = created["data"]["relationships"]["moves"]["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let event = json!({ "data": { "type": "events", "attributes": { "event_type": "MoveCrossSupplierDropOff",
        "occurred_at": "2021-05-04T10:00:00+01:00", "recorded_at": "2021-05-04T10:00:00+01:00", "details": { "colour": "blue" } },
        "relationships": { "eventable": { "data": { "type": "moves", "id": m } } } } });
    for content_type in [
        "application/vnd.api+json",
        "application/json; charset=utf-8",
        "text/x-json",
        "APPLICATION/JSON",
    ] {
        let req = Req::new("POST", "/api/events")
            .header("Content-Type", content_type)
            .json(&event);
        let resp = assert_accepted(app, addr, &req);
        assert_eq!(resp.status, 201, "{content_type}");
        // The dropped details key is a warning: in the header and in meta.
        assert_eq!(resp.header("x-basm-warnings"), Some("1"));
        let doc = resp.json();
        assert_eq!(doc["meta"]["basm"]["warnings"][0]["code"], "dropped_detail");
        assert_eq!(doc["data"]["attributes"]["details"], json!({}));
    }
    // Version 1 (no version in Accept) and v2 both answer; version 3 is refused (415).
    assert_eq!(
        assert_accepted(app, addr, &Req::new("GET", "/api/moves").without("Accept")).status,
        200
    );
    assert_eq!(
        assert_accepted(
            app,
            addr,
            &Req::new("GET", "/api/moves").header("Accept", "application/vnd.api+json; version=1")
        )
        .status,
        200
    );
    let v3 = Req::new("GET", "/api/moves").header(
        "Accept",
        "application/vnd.api+json; version=2, application/json; version=3",
    );
    assert_eq!(assert_refusal(app, addr, &v3).status, 415);
    // An allocation the real API would accept but the sandbox will not write (a million
    // moves): a 422 of the sandbox's own, and nothing is created.
    let huge = allocation(seed::BSI_ID, seed::IWI_ID, 1_000_000);
    assert!(common::predict(app, &huge, Caller::Authority, None).valid);
    let resp = huge.send(addr);
    assert_eq!(resp.status, 422);
    assert_eq!(resp.json()["errors"][0]["code"], "sandbox_limit");
    let listed = assert_accepted(app, addr, &Req::new("GET", "/api/allocations")).json();
    assert_eq!(listed["meta"]["pagination"]["total_objects"], 1);
    // HEAD answers like GET, without a body.
    let head = send(
        addr,
        "HEAD",
        "/api/reference/locations",
        &[common::ACCEPT],
        b"",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    // /v1 segments are ignored, as the API's router does.
    assert_eq!(
        assert_accepted(app, addr, &Req::new("GET", &format!("/api/v1/moves/{m}"))).status,
        200
    );
    // The path's extension is the route's format, not part of the id (`(.:format)`).
    let shown = assert_accepted(app, addr, &Req::new("GET", &format!("/api/moves/{m}.json")));
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json()["data"]["id"], m.as_str());
    let _ = Request::new("GET", "/");
}

#[test]
fn cors_for_a_portal_on_another_origin() {
    let sandbox = spawn(Config {
        cors: vec!["http://portal.test".into()],
        ..Config::memory()
    })
    .expect("sandbox starts");
    let addr = sandbox.addr;
    let preflight = send(
        addr,
        "OPTIONS",
        "/api/moves",
        &[
            ("Origin", "http://portal.test"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type,idempotency-key",
            ),
        ],
        b"",
    );
    assert_eq!(preflight.status, 200);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("http://portal.test")
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key"), "{allowed}");
    let get = Req::new("GET", "/api/moves")
        .header("Origin", "http://portal.test")
        .send(addr);
    assert_eq!(get.status, 200);
    assert_eq!(
        get.header("access-control-allow-origin"),
        Some("http://portal.test")
    );
    assert!(
        get.header("access-control-expose-headers")
            .unwrap_or_default()
            .contains("x-basm-warnings")
    );
    let other = Req::new("GET", "/api/moves")
        .header("Origin", "http://elsewhere.test")
        .send(addr);
    assert_eq!(other.header("access-control-allow-origin"), None);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("basm-sandbox-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn serves_the_app_with_a_fallback_to_index() {
    let dir = temp_dir("static");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>basm app</title>",
    )
    .expect("write");
    std::fs::write(dir.join("app.js"), "console.log('basm')").expect("write");
    let sandbox = spawn(Config {
        static_dir: Some(dir.clone()),
        ..Config::memory()
    })
    .expect("sandbox starts");
    let addr = sandbox.addr;
    for path in ["/", "/index.html", "/moves/123", "/allocations/new?x=1"] {
        let resp = send(addr, "GET", path, &[], b"");
        assert_eq!(resp.status, 200, "{path}");
        assert!(
            String::from_utf8_lossy(&resp.body).contains("basm app"),
            "{path}"
        );
    }
    let js = send(addr, "GET", "/app.js", &[], b"");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .unwrap_or_default()
            .contains("javascript")
    );
    // The API is still the API, and a POST to an app path is the API's 404: Rails' own,
    // JSON for a JSON `Accept`, no body without one.
    assert_eq!(
        Req::new("GET", "/api/reference/locations")
            .send(addr)
            .status,
        200
    );
    let post = send(
        addr,
        "POST",
        "/moves/123",
        &[common::AUTH, common::JSON, common::ACCEPT],
        b"{}",
    );
    assert_eq!(post.status, 404);
    assert_eq!(
        post.header("content-type"),
        Some("application/vnd.api+json")
    );
    let body: serde_json::Value = serde_json::from_slice(&post.body).expect("JSON");
    assert_eq!(body["status"], 404);
    assert_eq!(body["error"], "Not Found");
    let post = send(
        addr,
        "POST",
        "/moves/123",
        &[common::AUTH, common::JSON],
        b"{}",
    );
    assert_eq!(post.status, 404);
    assert!(post.body.is_empty());
    drop(sandbox);
    let _ = std::fs::remove_dir_all(dir);

    // Without the app, `/` says how to get it.
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let page = send(sandbox.addr, "GET", "/", &[], b"");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("/api/reference/locations"));
}

/// `Rack::Deflater`'s 406 (core's `rack::deflate`): the API runs the request, then answers 406
/// in place of the app's answer, which it stores under the key: the change is made, and a
/// retry that takes gzip or identity is its replay.
#[test]
fn an_accept_encoding_that_refuses_both_encodings_runs_the_request_and_answers_406() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let (m, profile) = move_and_profile(app, addr);
    let patch = Req::new("PATCH", &format!("/api/moves/{m}"))
        .key("6f1b2c3d-2222-4222-8333-944455556666")
        .header("Accept-Encoding", "identity;q=0")
        .json(&json!({ "data": { "relationships": { "profile": { "data": { "type": "profiles", "id": profile } } } } }));
    let refused = assert_refusal(app, addr, &patch);
    assert_eq!(refused.status, 406);
    assert_eq!(refused.errors[0].code, "unacceptable_encoding");
    let shown = Req::new("GET", &format!("/api/moves/{m}"))
        .send(addr)
        .json();
    assert_eq!(
        shown["data"]["relationships"]["profile"]["data"]["id"], profile,
        "the move was updated all the same"
    );
    let again = patch.clone().without("Accept-Encoding");
    let replayed = assert_accepted(app, addr, &again);
    assert_eq!(replayed.status, 200);
    assert_eq!(replayed.header("x-basm-replayed"), Some("true"));
    // A replay is the controller's answer too: with the same header, the 406 again.
    let refused = assert_refusal(app, addr, &patch);
    assert_eq!(refused.status, 406);
}
