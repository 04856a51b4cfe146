//! Bad requests never get a 500 or crash the sandbox: malformed JSON, wrong JSON types, a
//! 10 MB body, unknown routes and ids, and a few hundred mutated bodies each get a JSON:API
//! error (or an answer), with the status core predicts for the same request.

mod common;

use std::net::SocketAddr;

use basm_core::{BodyForm, Caller};
use basm_sandbox::{App, Config, seed, spawn};
use common::{Req, assert_accepted, assert_api_refusal, id_of, location, predict, try_send};
use serde_json::{Value, json};

/// Sends `req` and checks the answer against core: the predicted status, a 500 only where
/// the API itself crashes (and then with `X-Basm-Api-Crash`), and the API's error document
/// for every refusal.
fn check(app: &App, addr: SocketAddr, req: &Req) -> u16 {
    let expected = predict(app, req, Caller::Authority, None);
    let resp = req.send(addr);
    let what = format!(
        "{} {} {:?}",
        req.method,
        req.path,
        String::from_utf8_lossy(&req.body[..req.body.len().min(200)])
    );
    if resp.status >= 400 && resp.body.is_empty() {
        // Rails' own answer to a request that asks for no JSON, or Puma's.
        assert_eq!(expected.status, resp.status, "{what}");
        assert_eq!(expected.body_form(), BodyForm::Empty, "{what}");
    } else if resp.status >= 400 {
        // The API's JSON:API errors, or Rails' own `{"status":…,"error":…}`.
        let doc = resp.json();
        assert!(
            doc["errors"].as_array().is_some_and(|e| !e.is_empty()) || doc["error"].is_string(),
            "{doc}"
        );
        assert_api_refusal(&expected, &resp, &what);
    } else {
        assert_eq!(resp.status, expected.status, "{what}");
    }
    resp.status
}

struct Ids {
    allocation: String,
    moves: Vec<String>,
    journey: String,
    lodging: String,
}

fn setup(app: &App, addr: SocketAddr) -> Ids {
    let allocation = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/allocations").json(&json!({ "data": { "attributes": { "moves_count": 12, "date": "2021-01-05" },
            "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID) } } })),
    )
    .json();
    let moves: Vec<String> = allocation["data"]["relationships"]["moves"]["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let m = &moves[0];
    let journey = id_of(
        &assert_accepted(
            app,
            addr,
            &Req::new("POST", &format!("/api/moves/{m}/journeys")).fresh_key().json(&json!({ "data": {
                "attributes": { "timestamp": "2021-01-05T09:00:00Z", "billable": true },
                "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID),
                    "supplier": { "data": { "id": seed::geoamey_id() } } } } })),
        )
        .json(),
    );
    let lodging = id_of(
        &assert_accepted(
            app,
            addr,
            &Req::new("POST", &format!("/api/moves/{m}/lodgings"))
                .fresh_key()
                .json(&json!({ "data": {
                "attributes": { "start_date": "2021-01-05", "end_date": "2021-01-06" },
                "relationships": { "location": location(&seed::location_id("WWI")) } } })),
        )
        .json(),
    );
    Ids {
        allocation: id_of(&allocation),
        moves,
        journey,
        lodging,
    }
}

/// Every write endpoint, with real ids.
fn write_endpoints(ids: &Ids, m: &str) -> Vec<(&'static str, String)> {
    let (a, j, l) = (&ids.allocation, &ids.journey, &ids.lodging);
    let mut out = vec![
        ("POST", "/api/events".to_owned()),
        ("POST", "/api/allocations".to_owned()),
        ("PATCH", format!("/api/allocations/{a}")),
        ("POST", format!("/api/allocations/{a}/cancel")),
        (
            "POST",
            format!("/api/people/{}/profiles", seed::WALKTHROUGH_PERSON_ID),
        ),
        ("POST", "/api/moves".to_owned()),
        ("PATCH", format!("/api/moves/{m}")),
        ("POST", format!("/api/moves/{m}/journeys")),
        ("PATCH", format!("/api/moves/{m}/journeys/{j}")),
        ("POST", format!("/api/moves/{m}/lodgings")),
        ("PATCH", format!("/api/moves/{m}/lodgings/{l}")),
        ("POST", format!("/api/moves/{m}/lodgings/{l}/cancel")),
        ("POST", format!("/api/moves/{m}/lodgings/cancel")),
    ];
    for action in [
        "accept",
        "approve",
        "cancel",
        "complete",
        "lockouts",
        "redirects",
        "reject",
        "start",
    ] {
        out.push(("POST", format!("/api/moves/{m}/{action}")));
    }
    for action in [
        "start",
        "complete",
        "cancel",
        "uncancel",
        "reject",
        "uncomplete",
        "lockouts",
        "lodgings",
    ] {
        out.push(("POST", format!("/api/moves/{m}/journeys/{j}/{action}")));
    }
    out
}

#[test]
fn malformed_and_mistyped_bodies_get_json_api_errors() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let ids = setup(app, addr);
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        b"{\"data\": }".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"\"data\"".to_vec(),
        b"12".to_vec(),
        b"{\"data\": null}".to_vec(),
        b"{\"data\": []}".to_vec(),
        b"{\"data\": [1, 2]}".to_vec(),
        b"{\"data\": 5}".to_vec(),
        b"{\"data\": true}".to_vec(),
        b"{\"data\": {\"attributes\": []}}".to_vec(),
        b"{\"data\": {\"attributes\": \"x\", \"relationships\": 3}}".to_vec(),
        b"{\"data\": {\"attributes\": {\"timestamp\": [], \"date\": {}, \"moves_count\": [1]}}}".to_vec(),
        b"{\"data\": {\"attributes\": {\"timestamp\": \"2020-07-20T10:00:00Z\"}, \"relationships\": []}}".to_vec(),
        b"{\"data\": {\"relationships\": {\"profile\": [], \"from_location\": \"x\"}}}".to_vec(),
        b"{\"data\": {\"relationships\": {\"to_location\": {\"data\": {\"id\": 5}}, \"from_location\": {\"data\": []}}}}".to_vec(),
        b"{\"data\": {\"attributes\": {\"moves_count\": 1e400, \"date\": \"2020-13-45\"}}}".to_vec(),
        b"{\"data\": {\"attributes\": {\"moves_count\": 18446744073709551616}}}".to_vec(),
        b"{\"data\": {\"type\": \"accepts\", \"attributes\": {\"timestamp\": \"2020-07-20T10:00:00Z\", \"notes\": {\"a\": 1}}}}".to_vec(),
        deep.into_bytes(),
        vec![b'{', 0xff, 0xfe, b'}'],
        "{\"data\": {\"attributes\": {\"notes\": \"\u{1F600} \\u0000 \\ud800\"}}}".as_bytes().to_vec(),
    ];
    let mut count = 0;
    for (i, m) in ids.moves.iter().enumerate().take(1) {
        for (method, path) in write_endpoints(&ids, m) {
            for body in &bodies {
                let req = Req::new(method, &path).fresh_key().body(body.clone());
                check(app, addr, &req);
                count += 1;
            }
            let _ = i;
        }
    }
    assert!(count > 500, "{count} requests");
}

#[test]
fn huge_bodies_unknown_routes_and_ids() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let ids = setup(app, addr);

    // 10 MB: read whole and refused by core with its own 400.
    let mut big = b"{\"data\": {\"attributes\": {\"notes\": \"".to_vec();
    big.resize(10 * 1024 * 1024, b'a');
    big.extend_from_slice(b"\"}}}");
    let status = check(app, addr, &Req::new("POST", "/api/events").body(big));
    assert_eq!(status, 400);
    // Beyond what the sandbox reads: refused without reading it all (the client may see its
    // write cut short), and the sandbox carries on.
    let huge = vec![b' '; 12 * 1024 * 1024];
    let headers = [common::ACCEPT, common::AUTH, common::JSON];
    if let Ok(resp) = try_send(addr, "POST", "/api/events", &headers, &huge) {
        assert_eq!(resp.status, 400);
        assert_eq!(resp.json()["errors"][0]["code"], "body_too_large");
    }

    // A query longer than Puma, the API's web server, reads: its 400 with an empty body, and
    // core's error in a header (`basm_core::ServerLimit`).
    let long = format!("/api/moves?include={}", vec!["a"; 16_000].join(","));
    let resp = Req::new("GET", &long).send(addr);
    assert_eq!(resp.status, 400);
    assert!(
        resp.body.is_empty(),
        "{}",
        String::from_utf8_lossy(&resp.body)
    );
    let error = resp.header("x-basm-error").unwrap_or_default();
    assert!(
        error.starts_with("The query string is 32007 bytes"),
        "{error}"
    );

    // A route of the API that basm does not judge: the sandbox has nothing to answer with
    // and says so (501, its own error), rather than a 404 the API would not give.
    let resp = Req::new("GET", "/api/reference/genders").send(addr);
    assert_eq!(resp.status, 501);
    let doc = resp.json();
    assert_eq!(doc["errors"][0]["code"], "not_served");
    assert_eq!(doc["errors"][0]["meta"]["sandbox"], true);
    assert_eq!(
        doc["errors"][0]["detail"],
        "The real API has GET /api/reference/genders, but basm does not judge it, so the sandbox does not serve it"
    );
    // Its headers are judged all the same.
    let resp = Req::new("GET", "/api/reference/genders")
        .without("Authorization")
        .send(addr);
    assert_eq!(resp.status, 401);

    // Unknown routes, methods and ids.
    let m = &ids.moves[0];
    for (method, path) in [
        ("GET", "/api".to_owned()),
        ("GET", "/api/".to_owned()),
        ("GET", "/api/movez".to_owned()),
        ("GET", format!("/api/moves/{m}/x/y/z")),
        ("PUT", "/api/events".to_owned()),
        ("DELETE", format!("/api/moves/{m}")),
        ("POST", "/api/reference/locations".to_owned()),
        ("OPTIONS", "/api/moves".to_owned()),
        ("POST", "/".to_owned()),
        ("GET", "/api/moves/%ZZ".to_owned()),
        ("GET", "/api/moves/not-a-uuid".to_owned()),
        (
            "GET",
            "/api/moves/00000000-0000-4000-8000-000000000000".to_owned(),
        ),
        ("GET", format!("/api/moves/{}/journeys", "{not}")),
        ("GET", "/api/allocations/zzz".to_owned()),
        ("GET", "/api/reference/locations/zzz".to_owned()),
        ("PATCH", "/api/moves/zzz/journeys/zzz".to_owned()),
        ("POST", "/api/people/zzz/profiles".to_owned()),
        ("GET", "/api/v1/moves/zzz".to_owned()),
        (
            "GET",
            "/api/moves?page=-1&per_page=100000&filter%5Bstatus%5D=%FF".to_owned(),
        ),
    ] {
        let req = Req::new(method, &path)
            .fresh_key()
            .body(if method == "GET" { "" } else { "{}" });
        check(app, addr, &req);
    }
    // Still answering.
    let resp = Req::new("GET", "/api/reference/locations").send(addr);
    assert_eq!(resp.status, 200);
}

/// A small deterministic generator (no dependency needed for a few hundred cases).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let len = u64::try_from(items.len()).unwrap_or(1);
        &items[usize::try_from(self.next() % len).unwrap_or(0)]
    }
}

/// Replaces a random member of a JSON document by a random odd value.
fn mutate(rng: &mut Lcg, doc: &mut Value, odd: &[Value]) {
    let mut target = doc;
    loop {
        let keys: Vec<String> = match target.as_object() {
            Some(o) if !o.is_empty() => o.keys().cloned().collect(),
            _ => break,
        };
        let key = rng.pick(&keys).clone();
        if rng.next().is_multiple_of(3) || !target[&key].is_object() {
            target[&key] = rng.pick(odd).clone();
            return;
        }
        target = &mut target[&key];
    }
    *target = rng.pick(odd).clone();
}

#[test]
fn mutated_bodies_match_core() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let ids = setup(app, addr);
    let odd = [
        Value::Null,
        json!(""),
        json!(" "),
        json!(0),
        json!(-1),
        json!(2.5),
        json!(true),
        json!(false),
        json!([]),
        json!({}),
        json!("2020-07-20T10:00:00Z"),
        json!("2020-07-20"),
        json!("x"),
        json!(seed::BSI_ID),
        json!([seed::BSI_ID]),
        json!({ "id": seed::BSI_ID }),
        json!({ "data": null }),
        json!("cancelled"),
        json!("other"),
    ];
    let mut rng = Lcg(0x5eed);
    let mut statuses = std::collections::BTreeMap::new();
    for round in 0..240 {
        let m = &ids.moves[1 + round % (ids.moves.len() - 1)];
        let (method, path, mut doc) = match round % 6 {
            0 => (
                "POST",
                "/api/events".to_owned(),
                json!({ "data": { "type": "events",
                "attributes": { "event_type": *rng.pick(&["MoveCancel", "MoveRedirect", "MoveLockout", "MoveApprove", "JourneyStart", "PersonMoveAssault"]),
                    "occurred_at": "2021-01-05T10:00:00Z", "recorded_at": "2021-01-05T10:00:00Z", "notes": "n",
                    "details": { "cancellation_reason": "other", "date": "2021-01-06", "reported_at": "2021-01-05T10:00:00Z", "vehicle_reg": "AB12 CDE" } },
                "relationships": { "eventable": { "data": { "type": "moves", "id": m } },
                    "to_location": location(&seed::location_id("WWI")), "from_location": location(seed::BSI_ID), "location": location(seed::IWI_ID) } } }),
            ),
            1 => (
                "PATCH",
                format!("/api/moves/{m}"),
                json!({ "data": { "type": "moves",
                "attributes": { "status": "booked", "date": "2021-01-05", "move_agreed": true, "time_due": "2021-01-05T09:00:00Z" },
                "relationships": { "profile": { "data": { "type": "profiles", "id": seed::seed_id(&format!("profile {}", seed::people()[2 + round % 40].id)) } } } } }),
            ),
            2 => (
                "POST",
                "/api/moves".to_owned(),
                json!({ "data": { "type": "moves",
                "attributes": { "date": "2021-02-01", "move_type": "prison_transfer", "status": "requested", "additional_information": "x" },
                "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(&seed::location_id("LEI")) } } }),
            ),
            3 => (
                "POST",
                format!(
                    "/api/moves/{m}/{}",
                    rng.pick(&["accept", "reject", "cancel", "redirects", "approve"])
                ),
                json!({ "data": { "type": "rejects",
                "attributes": { "timestamp": "2021-01-05T10:00:00Z", "rejection_reason": "no_transport_available", "cancellation_reason": "other", "date": "2021-01-05" },
                "relationships": { "to_location": location(&seed::location_id("LEI")) } } }),
            ),
            4 => (
                "POST",
                "/api/allocations".to_owned(),
                json!({ "data": { "type": "allocations",
                "attributes": { "moves_count": 1, "date": "2021-03-01", "estate": "adult_male", "prisoner_category": "c", "complete_in_full": false },
                "relationships": { "from_location": location(&seed::location_id("LEI")), "to_location": location(&seed::location_id("MRI")) } } }),
            ),
            _ => (
                "POST",
                format!("/api/moves/{}/lodgings", ids.moves[0]),
                json!({ "data": { "type": "lodgings",
                "attributes": { "start_date": format!("2021-04-{:02}", 1 + round % 27), "end_date": format!("2021-04-{:02}", 2 + round % 27) },
                "relationships": { "location": location(&seed::location_id("WWI")) } } }),
            ),
        };
        for _ in 0..=(rng.next() % 2) {
            mutate(&mut rng, &mut doc, &odd);
        }
        let status = check(app, addr, &Req::new(method, &path).fresh_key().json(&doc));
        *statuses.entry(status).or_insert(0) += 1;
    }
    // Both sides were exercised.
    assert!(
        statuses.keys().any(|s| *s < 300) && statuses.keys().any(|s| *s >= 400),
        "{statuses:?}"
    );
}
