//! Each endpoint's refusals (400/401/404/406/409/415/422/500): the sandbox answers as the API
//! (status and every member of its body, from core's verdict for the same request computed
//! here from the sandbox's data given to core as a plain `Context`), core's extras in
//! `meta.basm`; `--basm-errors` gives core's own documents.

mod common;

use std::net::SocketAddr;

use basm_core::Caller;
use basm_sandbox::{App, Config, ErrorStyle, Tokens, seed, spawn};
use common::{
    Req, assert_accepted, assert_refusal, assert_refusal_as, id_of, location, new_profile,
};
use serde_json::{Value, json};

const SERCO_TOKEN: &str = "serco-token";
const UNKNOWN: &str = "00000000-0000-4000-8000-000000000000";

struct World {
    move1: String,
    move2: String,
    booked: String,
    allocation: String,
    profile: String,
    profile_same_person: String,
    profile_category_a: String,
    journey: String,
    lodging: String,
}

fn setup(app: &App, addr: SocketAddr) -> World {
    let allocation = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/allocations").json(&json!({ "data": { "type": "allocations",
            "attributes": { "moves_count": 2, "date": "2020-07-22", "complete_in_full": true },
            "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID) } } })),
    )
    .json();
    let moves = &allocation["data"]["relationships"]["moves"]["data"];
    let people = seed::people();
    let profile_of = |person: &str| new_profile(app, addr, person);
    let category_a = people
        .iter()
        .find(|p| p.move_supported == Some(false))
        .expect("a category A person");
    let wwi = seed::location_id("WWI");
    let booked = id_of(
        &assert_accepted(
            app,
            addr,
            &Req::new("POST", "/api/moves").fresh_key().json(&json!({ "data": { "type": "moves",
                "attributes": { "date": "2020-08-01", "move_type": "prison_transfer" },
                "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(&wwi),
                    "profile": { "data": { "type": "profiles", "id": profile_of(&people[3].id) } } } } })),
        )
        .json(),
    );
    let accept = Req::new("POST", &format!("/api/moves/{booked}/accept"))
        .fresh_key()
        .body(r#"{"data":{"type":"accepts","attributes":{"timestamp":"2020-07-30T10:00:00Z"}}}"#);
    assert_accepted(app, addr, &accept);
    let journey = id_of(
        &assert_accepted(
            app,
            addr,
            &Req::new("POST", &format!("/api/moves/{booked}/journeys")).fresh_key().json(&json!({ "data": { "type": "journeys",
                "attributes": { "timestamp": "2020-08-01T09:00:00+01:00", "billable": false },
                "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(&wwi),
                    "supplier": { "data": { "type": "suppliers", "id": seed::geoamey_id() } } } } })),
        )
        .json(),
    );
    let lodging = id_of(
        &assert_accepted(
            app,
            addr,
            &Req::new("POST", &format!("/api/moves/{booked}/lodgings"))
                .fresh_key()
                .json(&json!({ "data": { "type": "lodgings",
                "attributes": { "start_date": "2020-08-01", "end_date": "2020-08-02" },
                "relationships": { "location": location(&seed::location_id("BMI")) } } })),
        )
        .json(),
    );
    World {
        move1: moves[0]["id"].as_str().unwrap_or_default().to_owned(),
        move2: moves[1]["id"].as_str().unwrap_or_default().to_owned(),
        booked,
        allocation: id_of(&allocation),
        profile: profile_of(seed::WALKTHROUGH_PERSON_ID),
        profile_same_person: profile_of(seed::WALKTHROUGH_PERSON_ID),
        profile_category_a: profile_of(&category_a.id),
        journey,
        lodging,
    }
}

fn event(event_type: &str, eventable: (&str, &str), extra: Value) -> Value {
    let mut doc = json!({ "data": { "type": "events",
        "attributes": { "event_type": event_type, "occurred_at": "2020-12-03T10:50:31+00:00", "recorded_at": "2020-12-03T10:50:31+00:00" },
        "relationships": { "eventable": { "data": { "type": eventable.0, "id": eventable.1 } } } } });
    if let Some(map) = extra.as_object() {
        for (k, v) in map {
            match k.as_str() {
                "details" | "notes" => doc["data"]["attributes"][k] = v.clone(),
                _ => doc["data"]["relationships"][k] = v.clone(),
            }
        }
    }
    doc
}

fn patch_profile(move_id: &str, profile: &str) -> Req {
    Req::new("PATCH", &format!("/api/moves/{move_id}"))
        .fresh_key()
        .json(&json!({ "data": { "type": "moves", "relationships": { "profile": { "data": { "type": "profiles", "id": profile } } } } }))
}

fn action(move_id: &str, path: &str, body: Value) -> Req {
    Req::new("POST", &format!("/api/moves/{move_id}/{path}"))
        .fresh_key()
        .json(&body)
}

#[test]
fn refusals_equal_cores_verdict() {
    let config = Config {
        tokens: Tokens {
            valid: Vec::new(),
            suppliers: vec![(SERCO_TOKEN.into(), seed::serco_id())],
            ..Tokens::default()
        },
        ..Config::memory()
    };
    let sandbox = spawn(config).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let w = setup(app, addr);
    let refuse = |req: Req| assert_refusal(app, addr, &req);
    let mut statuses = Vec::new();
    let mut check = |req: Req, expected_status: u16| {
        let v = refuse(req);
        assert_eq!(
            v.status,
            expected_status,
            "{:?}",
            v.errors.first().map(|e| &e.detail)
        );
        statuses.push(v.status);
    };
    let move1 = w.move1.as_str();
    let good_event = event("MoveAccept", ("moves", move1), json!({}));

    // Headers and routing, shared by every endpoint.
    check(
        Req::new("POST", "/api/events")
            .json(&good_event)
            .without("Authorization"),
        401,
    );
    check(
        Req::new("GET", "/api/moves").header("Authorization", "Basic abc"),
        401,
    );
    check(
        Req::new("POST", "/api/events")
            .json(&good_event)
            .header("Content-Type", "text/plain"),
        415,
    );
    check(
        Req::new("POST", "/api/events")
            .json(&good_event)
            .without("Content-Type"),
        415,
    );
    check(
        Req::new("GET", "/api/moves").header("Content-Type", "application/xml"),
        415,
    );
    check(
        Req::new("GET", "/api/moves").header("Accept", "application/vnd.api+json; version=3"),
        415,
    );
    check(Req::new("GET", "/api/moves?include=profile.nothing"), 400);
    check(Req::new("GET", "/api/nothing/here"), 404);
    check(Req::new("DELETE", &format!("/api/moves/{move1}")), 404);
    check(
        Req::new("POST", &format!("/api/moves/{move1}/teleport"))
            .fresh_key()
            .json(&json!({})),
        404,
    );

    // POST /api/events.
    check(Req::new("POST", "/api/events").body("{\"data\": "), 400);
    check(Req::new("POST", "/api/events").body("{}"), 400);
    check(
        Req::new("POST", "/api/events").json(&json!({ "data": "x" })),
        500,
    );
    check(
        Req::new("POST", "/api/events")
            .json(&json!({ "data": { "attributes": { "event_type": "MoveAccept" } } })),
        500,
    );
    let mut spaced = good_event.clone();
    spaced["data"]["attributes"]["occurred_at"] = json!("2020-12-03 10:50:31 +0000");
    check(Req::new("POST", "/api/events").json(&spaced), 422);
    let mut numeric = good_event.clone();
    numeric["data"]["attributes"]["occurred_at"] = json!(123);
    check(Req::new("POST", "/api/events").json(&numeric), 500);
    check(
        Req::new("POST", "/api/events").json(&event("MoveTeleport", ("moves", move1), json!({}))),
        422,
    );
    check(
        Req::new("POST", "/api/events").json(&event("MoveAccept", ("moves", UNKNOWN), json!({}))),
        404,
    );
    check(
        Req::new("POST", "/api/events").json(&event("MoveLockout", ("moves", move1), json!({}))),
        404,
    );
    check(
        Req::new("POST", "/api/events").json(&event(
            "MoveLockout",
            ("moves", move1),
            json!({ "from_location": location(UNKNOWN) }),
        )),
        404,
    );
    check(
        Req::new("POST", "/api/events").json(&event(
            "MoveAccept",
            ("journeys", &w.journey),
            json!({}),
        )),
        422,
    );
    check(
        Req::new("POST", "/api/events").json(&event(
            "MoveCancel",
            ("moves", move1),
            json!({ "details": { "cancellation_reason": "bored" } }),
        )),
        422,
    );
    check(
        Req::new("POST", "/api/events").json(&event(
            "MoveReject",
            ("moves", &w.booked),
            json!({ "details": { "rejection_reason": "no_transport_available" } }),
        )),
        422,
    );
    check(
        Req::new("POST", "/api/events").json(&event(
            "JourneyPersonBoardsVehicle",
            ("journeys", &w.journey),
            json!({ "details": { "vehicle_type": "bus" } }),
        )),
        422,
    );
    check(
        Req::new("POST", "/api/events").json(&event(
            "MoveAccept",
            ("lodgings", &w.lodging),
            json!({}),
        )),
        422,
    );

    // POST /api/allocations.
    let allocation = |attributes: Value, from: &str, to: &str| {
        Req::new("POST", "/api/allocations").json(
            &json!({ "data": { "type": "allocations", "attributes": attributes,
            "relationships": { "from_location": location(from), "to_location": location(to) } } }),
        )
    };
    let iwi = seed::IWI_ID;
    let bsi = seed::BSI_ID;
    check(allocation(json!({ "moves_count": 2 }), bsi, iwi), 422);
    check(
        allocation(
            json!({ "moves_count": 2, "date": "2020-07-22" }),
            UNKNOWN,
            iwi,
        ),
        404,
    );
    check(
        allocation(json!({ "moves_count": 2, "date": "2020-07-22" }), bsi, bsi),
        422,
    );
    check(
        allocation(
            json!({ "moves_count": "abc", "date": "2020-07-22" }),
            bsi,
            iwi,
        ),
        422,
    );
    check(
        allocation(
            json!({ "moves_count": 0, "date": "2020-07-22", "estate": "castle" }),
            bsi,
            iwi,
        ),
        422,
    );
    check(
        allocation(
            json!({ "moves_count": 1, "date": "2020-07-22", "complete_in_full": null }),
            bsi,
            iwi,
        ),
        500,
    );
    check(
        allocation(
            json!({ "moves_count": 1, "date": "2020-07-22" }),
            &seed::location_id("HLI"),
            iwi,
        ),
        422,
    );
    check(
        Req::new("POST", "/api/allocations")
            .json(&json!({ "data": { "attributes": { "moves_count": 1 } } })),
        404,
    );
    // PATCH /api/allocations/:id.
    let allocation_path = format!("/api/allocations/{}", w.allocation);
    check(
        Req::new("PATCH", &format!("/api/allocations/{UNKNOWN}"))
            .json(&json!({ "data": { "attributes": { "date": "2020-08-01" } } })),
        404,
    );
    check(
        Req::new("PATCH", &allocation_path)
            .json(&json!({ "data": { "attributes": { "date": null } } })),
        422,
    );
    check(Req::new("PATCH", &allocation_path).body("{}"), 400);
    // POST /api/allocations/:id/cancel.
    let cancel_allocation = |id: &str, attributes: Value| {
        Req::new("POST", &format!("/api/allocations/{id}/cancel"))
            .json(&json!({ "data": { "type": "cancels", "attributes": attributes } }))
    };
    check(
        cancel_allocation(
            UNKNOWN,
            json!({ "timestamp": "yesterday", "cancellation_reason": "other" }),
        ),
        422,
    );
    check(
        cancel_allocation(
            UNKNOWN,
            json!({ "timestamp": "2020-04-23T18:25:43.511Z", "cancellation_reason": "other" }),
        ),
        404,
    );
    check(
        cancel_allocation(
            &w.allocation,
            json!({ "timestamp": "2020-04-23T18:25:43.511Z", "cancellation_reason": "bored" }),
        ),
        422,
    );
    check(
        cancel_allocation(
            &w.allocation,
            json!({ "timestamp": 5, "cancellation_reason": "other" }),
        ),
        500,
    );
    // GET /api/allocations[/:id].
    check(
        Req::new("GET", "/api/allocations?filter%5Bdate_from%5D=soon"),
        400,
    );
    check(Req::new("GET", "/api/allocations?sort%5Bby%5D=colour"), 400);
    check(Req::new("GET", "/api/allocations?include=moves"), 400);
    check(Req::new("GET", &format!("/api/allocations/{UNKNOWN}")), 404);

    // GET /api/moves and /api/moves/:id.
    check(
        Req::new("GET", "/api/moves?filter%5Bdate_from%5D=nope"),
        422,
    );
    check(
        Req::new(
            "GET",
            "/api/moves?filter%5Bmove_type%5D=teleport&sort%5Bdirection%5D=up",
        ),
        422,
    );
    check(Req::new("GET", "/api/moves?meta=bogus"), 500);
    check(Req::new("GET", &format!("/api/moves/{UNKNOWN}")), 404);
    check(Req::new("GET", "/api/moves/not-an-id"), 404);
    check(
        Req::new("GET", &format!("/api/moves/{move1}?include=nonsense")),
        400,
    );

    // POST /api/moves.
    let create_move = |attributes: Value, relationships: Value| {
        Req::new("POST", "/api/moves").json(&json!({ "data": { "type": "moves", "attributes": attributes, "relationships": relationships } }))
    };
    let rels = json!({ "from_location": location(bsi), "to_location": location(iwi) });
    let good_move = json!({ "date": "2020-09-01", "move_type": "prison_transfer" });
    check(create_move(good_move.clone(), rels.clone()), 422);
    check(
        create_move(good_move.clone(), rels.clone()).key("not-a-key"),
        422,
    );
    check(create_move(json!({ "date": "2020-09-01", "move_type": "prison_transfer", "status": "flying", "cancellation_reason": "bored" }), rels.clone()).fresh_key(), 422);
    check(create_move(good_move.clone(), json!({ "from_location": location(bsi), "to_location": location(iwi), "profile": { "data": { "type": "profiles", "id": UNKNOWN } } })).fresh_key(), 404);
    check(
        create_move(json!({ "date": "2020-09-01" }), rels.clone()).fresh_key(),
        422,
    );
    check(
        create_move(
            json!({ "date": "2020-09-01", "move_type": "court_appearance" }),
            rels.clone(),
        )
        .fresh_key(),
        422,
    );
    check(
        create_move(
            good_move.clone(),
            json!({ "from_location": location(UNKNOWN) }),
        )
        .fresh_key(),
        404,
    );
    check(Req::new("POST", "/api/moves").fresh_key().body("[]"), 400);

    // PATCH /api/moves/:id.
    check(patch_profile(move1, UNKNOWN), 404);
    check(patch_profile(UNKNOWN, &w.profile), 404);
    check(patch_profile(move1, &w.profile_category_a), 422);
    check(
        Req::new("PATCH", &format!("/api/moves/{move1}"))
            .fresh_key()
            .json(&json!({ "data": { "attributes": { "date": "2020-07-23" } } })),
        422,
    );
    check(
        Req::new("PATCH", &format!("/api/moves/{move1}"))
            .fresh_key()
            .json(&json!({ "data": { "attributes": { "status": "cancelled" } } })),
        422,
    );
    // The duplicate-move rule: the same person, route and date on another active move.
    let assign = patch_profile(move1, &w.profile);
    assert_accepted(app, addr, &assign);
    let duplicate = assert_refusal(app, addr, &patch_profile(&w.move2, &w.profile_same_person));
    assert_eq!(duplicate.errors[0].meta.existing_id.as_deref(), Some(move1));
    // The key of a stored request, reused for another request: 409.
    let key = assign
        .headers
        .iter()
        .find(|(n, _)| n == "Idempotency-Key")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    check(
        patch_profile(&w.move2, &w.profile_category_a).key(&key),
        409,
    );
    check(action(&w.move2, "accept", json!({ "data": { "type": "accepts", "attributes": { "timestamp": "2020-07-20T10:00:00Z" } } })).key(&key), 409);

    // POST /api/moves/:id/<action>.
    check(
        action(
            move1,
            "accept",
            json!({ "data": { "type": "accepts", "attributes": {} } }),
        ),
        422,
    );
    check(
        action(
            move1,
            "accept",
            json!({ "data": { "type": "accept", "attributes": { "timestamp": "2020-07-20T10:00:00Z" } } }),
        ),
        422,
    );
    check(
        action(
            move1,
            "accept",
            json!({ "data": { "type": "accepts", "attributes": { "timestamp": "2020-07-20T10:00" } } }),
        ),
        422,
    );
    check(
        action(
            move1,
            "accept",
            json!({ "data": { "type": "accepts", "attributes": { "timestamp": 1 } } }),
        ),
        500,
    );
    check(
        action(
            UNKNOWN,
            "accept",
            json!({ "data": { "type": "accepts", "attributes": { "timestamp": "2020-07-20T10:00:00Z" } } }),
        ),
        404,
    );
    check(action(move1, "accept", json!({})), 400);
    check(
        action(
            move1,
            "cancel",
            json!({ "data": { "type": "cancels", "attributes": { "timestamp": "2020-07-20T10:00:00Z" } } }),
        ),
        422,
    );
    check(
        action(
            move1,
            "reject",
            json!({ "data": { "type": "rejects", "attributes": { "timestamp": "2020-07-20T10:00:00Z", "rejection_reason": "bored" } } }),
        ),
        422,
    );
    check(
        action(
            &w.booked,
            "reject",
            json!({ "data": { "type": "rejects", "attributes": { "timestamp": "2020-07-20T10:00:00Z", "rejection_reason": "no_transport_available" } } }),
        ),
        422,
    );
    check(
        action(
            move1,
            "approve",
            json!({ "data": { "type": "approves", "attributes": { "timestamp": "2020-07-20T10:00:00Z", "date": "soon" } } }),
        ),
        422,
    );
    check(
        action(
            move1,
            "redirects",
            json!({ "data": { "type": "redirects", "attributes": { "timestamp": "2020-07-20T10:00:00Z" }, "relationships": { "to_location": location(UNKNOWN) } } }),
        ),
        422,
    );
    check(
        action(
            move1,
            "redirects",
            json!({ "data": { "type": "redirects", "attributes": { "timestamp": "2020-07-20T10:00:00Z" }, "relationships": { "to_location": location(bsi) } } }),
        ),
        422,
    );
    check(
        action(
            UNKNOWN,
            "redirects",
            json!({ "data": { "type": "redirects", "attributes": { "timestamp": "2020-07-20T10:00:00Z" }, "relationships": { "to_location": location(iwi) } } }),
        ),
        404,
    );
    check(
        action(
            move1,
            "lockouts",
            json!({ "data": { "type": "lockouts", "attributes": { "timestamp": "2020-07-20T10:00:00Z" } } }),
        ),
        422,
    );
    check(Req::new("POST", &format!("/api/moves/{move1}/start")).json(&json!({ "data": { "type": "starts", "attributes": { "timestamp": "2020-07-20T10:00:00Z" } } })), 422);

    // People and profiles.
    check(
        Req::new(
            "GET",
            "/api/people?filter%5Bprison_number%5D=G8133UA&include=category",
        ),
        400,
    );
    check(
        Req::new("POST", &format!("/api/people/{UNKNOWN}/profiles"))
            .body(r#"{"data":{"type":"profiles"}}"#),
        404,
    );
    check(
        Req::new(
            "POST",
            &format!("/api/people/{}/profiles", seed::WALKTHROUGH_PERSON_ID),
        )
        .body("{}"),
        400,
    );
    check(
        Req::new(
            "POST",
            &format!("/api/people/{}/profiles", seed::WALKTHROUGH_PERSON_ID),
        )
        .body(""),
        400,
    );

    // Journeys.
    let booked = w.booked.as_str();
    let wwi = seed::location_id("WWI");
    let journey = |attributes: Value, from: &str, to: &str| {
        Req::new("POST", &format!("/api/moves/{booked}/journeys"))
            .fresh_key()
            .json(
                &json!({ "data": { "type": "journeys", "attributes": attributes,
            "relationships": { "from_location": location(from), "to_location": location(to),
                "supplier": { "data": { "type": "suppliers", "id": seed::geoamey_id() } } } } }),
            )
    };
    let ts = json!({ "timestamp": "2020-08-01T09:00:00+01:00", "billable": true });
    check(
        journey(
            json!({ "timestamp": "2020-08-01T09:00:00+01:00", "billable": "true" }),
            bsi,
            &wwi,
        ),
        422,
    );
    check(
        journey(
            json!({ "timestamp": "2020-08-01", "billable": true, "date": "01/08/2020" }),
            bsi,
            &wwi,
        ),
        422,
    );
    check(journey(ts.clone(), bsi, &wwi), 400);
    check(journey(ts.clone(), bsi, UNKNOWN), 422);
    check(journey(ts.clone(), &wwi, &wwi), 422);
    check(
        Req::new("POST", &format!("/api/moves/{UNKNOWN}/journeys"))
            .fresh_key()
            .json(&json!({ "data": { "attributes": ts, "relationships": {} } })),
        404,
    );
    check(
        Req::new("POST", &format!("/api/moves/{booked}/journeys"))
            .fresh_key()
            .json(&json!({ "data": { "attributes": ts } })),
        500,
    );
    check(
        Req::new("PATCH", &format!("/api/moves/{booked}/journeys/{UNKNOWN}"))
            .fresh_key()
            .json(&json!({ "data": { "attributes": { "timestamp": "2020-08-01T09:00:00Z" } } })),
        404,
    );
    check(Req::new("PATCH", &format!("/api/moves/{booked}/journeys/{}", w.journey)).fresh_key().json(&json!({ "data": { "attributes": { "timestamp": "2020-08-01T09:00:00Z", "billable": null } } })), 422);
    let journey_action = |path: &str, body: Value| {
        Req::new(
            "POST",
            &format!("/api/moves/{booked}/journeys/{}/{path}", w.journey),
        )
        .fresh_key()
        .json(&body)
    };
    check(
        journey_action(
            "start",
            json!({ "data": { "type": "start", "attributes": { "timestamp": "2020-08-01T09:00:00Z" } } }),
        ),
        422,
    );
    check(
        journey_action(
            "lockouts",
            json!({ "data": { "type": "lockouts", "attributes": { "timestamp": "2020-08-01T09:00:00Z" } } }),
        ),
        422,
    );
    check(Req::new("POST", &format!("/api/moves/{move1}/journeys/{}/start", w.journey)).fresh_key().json(&json!({ "data": { "type": "starts", "attributes": { "timestamp": "2020-08-01T09:00:00Z" } } })), 404);
    let serco = Some(seed::serco_id());
    let as_serco = |req: Req| req.header("Authorization", &format!("Bearer {SERCO_TOKEN}"));
    let v = assert_refusal_as(
        app,
        addr,
        &as_serco(journey_action(
            "start",
            json!({ "data": { "type": "starts", "attributes": { "timestamp": "2020-08-01T09:00:00Z" } } }),
        )),
        Caller::Supplier,
        serco.as_deref(),
    );
    assert_eq!(v.status, 401);

    // Lodgings.
    let lodging = |attributes: Value, at: Option<&str>| {
        let mut data = json!({ "type": "lodgings", "attributes": attributes });
        if let Some(l) = at {
            data["relationships"] = json!({ "location": location(l) });
        }
        Req::new("POST", &format!("/api/moves/{booked}/lodgings"))
            .fresh_key()
            .json(&json!({ "data": data }))
    };
    let bmi = seed::location_id("BMI");
    check(
        lodging(
            json!({ "start_date": "9999-A1-02", "end_date": "2020-08-02" }),
            Some(&bmi),
        ),
        422,
    );
    check(
        lodging(
            json!({ "start_date": "2020-08-03", "end_date": "2020-08-04" }),
            None,
        ),
        400,
    );
    check(
        lodging(
            json!({ "start_date": "2020-08-03", "end_date": "2020-08-04" }),
            Some(UNKNOWN),
        ),
        422,
    );
    check(
        lodging(
            json!({ "start_date": "2020-08-01", "end_date": "2020-08-02" }),
            Some(&bmi),
        ),
        422,
    );
    check(
        lodging(
            json!({ "start_date": "2020-08-05", "end_date": "2020-08-05" }),
            Some(&bmi),
        ),
        422,
    );
    let v = assert_refusal_as(
        app,
        addr,
        &as_serco(lodging(
            json!({ "start_date": "2020-08-07", "end_date": "2020-08-08" }),
            Some(&bmi),
        )),
        Caller::Supplier,
        serco.as_deref(),
    );
    assert_eq!(v.status, 401);
    let cancel_lodging = |id: &str, body: Value| {
        Req::new("POST", &format!("/api/moves/{booked}/lodgings/{id}/cancel"))
            .fresh_key()
            .json(&body)
    };
    check(
        cancel_lodging(
            &w.lodging,
            json!({ "data": { "attributes": { "cancellation_reason": "bored" } } }),
        ),
        500,
    );
    check(
        cancel_lodging(
            UNKNOWN,
            json!({ "data": { "attributes": { "cancellation_reason": "other" } } }),
        ),
        404,
    );
    assert_accepted(
        app,
        addr,
        &cancel_lodging(
            &w.lodging,
            json!({ "data": { "attributes": { "cancellation_reason": "other" } } }),
        ),
    );
    check(
        cancel_lodging(
            &w.lodging,
            json!({ "data": { "attributes": { "cancellation_reason": "other" } } }),
        ),
        400,
    );
    let v = assert_refusal_as(
        app,
        addr,
        &as_serco(
            Req::new("POST", &format!("/api/moves/{booked}/lodgings/cancel")).json(&json!({})),
        ),
        Caller::Supplier,
        serco.as_deref(),
    );
    assert_eq!(v.status, 401);
    check(
        Req::new("PATCH", &format!("/api/moves/{booked}/lodgings/{UNKNOWN}"))
            .fresh_key()
            .json(&json!({ "data": { "attributes": { "end_date": "2020-08-09" } } })),
        404,
    );
    check(
        Req::new("GET", &format!("/api/moves/{UNKNOWN}/lodgings")),
        404,
    );
    check(
        Req::new(
            "GET",
            &format!("/api/moves/{booked}/journeys?include=supplier"),
        ),
        400,
    );

    // Reference data.
    check(
        Req::new(
            "GET",
            "/api/reference/locations?filter%5Bcreated_at%5D=2020",
        ),
        500,
    );
    check(
        Req::new("GET", &format!("/api/reference/locations/{UNKNOWN}")).without("Authorization"),
        404,
    );
    check(
        Req::new("GET", "/api/reference/allocation_complex_cases").without("Authorization"),
        401,
    );

    // Every kind of refusal was met.
    for status in [400, 401, 404, 409, 415, 422, 500] {
        assert!(statuses.contains(&status), "no {status} case");
    }
}

/// One refusal of each kind, answered in the default mode exactly as the API: its status,
/// its titles and every member of its body, core's errors riding in `meta.basm`.
#[test]
fn default_mode_answers_each_refusal_as_the_api() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let api_titles = |resp: &common::Resp| -> Vec<String> {
        resp.json()["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["title"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let allocation = json!({ "data": { "type": "allocations",
        "attributes": { "moves_count": 1, "date": "2020-07-22" },
        "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID) } } });

    // 415: the media type.
    let req = Req::new("POST", "/api/allocations")
        .json(&allocation)
        .header("Content-Type", "application/json-patch+json");
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 415);
    assert_eq!(api_titles(&resp), ["Invalid Media Type"]);
    assert_eq!(
        resp.json()["errors"][0]["detail"],
        "Content-Type must be application/vnd.api+json"
    );
    assert_eq!(
        resp.json()["errors"][0]["meta"]["basm"][0]["source"]["header"],
        "Content-Type"
    );

    // 406: a Content-Type that is no media type. Rails answers it itself (ShowExceptions with
    // PublicExceptions): `{"status":406,"error":"Not Acceptable"}` for a JSON `Accept`, core's
    // error in `meta.basm`.
    let req = Req::new("POST", "/api/allocations")
        .json(&allocation)
        .header("Content-Type", "nonsense");
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 406);
    assert_eq!(resp.json()["status"], 406);
    assert_eq!(resp.json()["error"], "Not Acceptable");
    assert_eq!(
        resp.json()["meta"]["basm"]["errors"][0]["code"],
        "unsupported_media_type"
    );

    // The API version.
    let req = Req::new("GET", "/api/moves").header("Accept", "application/vnd.api+json; version=3");
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 415);
    assert_eq!(api_titles(&resp), ["Invalid Api Version"]);
    assert_eq!(
        resp.json()["errors"][0]["detail"],
        "The Api versions supported are: [\"1\", \"2\"]"
    );

    // Idempotency: a malformed key, then a key used for another request.
    let patch = |date: &str| json!({ "data": { "type": "moves", "attributes": { "additional_information": date } } });
    let world = setup(app, addr);
    let req = Req::new("PATCH", &format!("/api/moves/{}", world.move1))
        .json(&patch("a"))
        .header("Idempotency-Key", "not-a-uuid");
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 422);
    assert_eq!(api_titles(&resp), ["Invalid idempotency_key"]);
    assert_eq!(
        resp.json()["errors"][0]["detail"],
        "Validation failed: Idempotency key is invalid"
    );
    let key = common::uuid_like();
    let first = Req::new("PATCH", &format!("/api/moves/{}", world.move1))
        .json(&patch("a"))
        .header("Idempotency-Key", &key);
    assert_eq!(first.send(addr).status, 200);
    let req = Req::new("PATCH", &format!("/api/moves/{}", world.move1))
        .json(&patch("b"))
        .header("Idempotency-Key", &key);
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 409);
    assert_eq!(api_titles(&resp), ["Idempotency Conflict Error"]);

    // 422, shape A: one object for the step, core's errors (one per field) inside it.
    let req = Req::new("POST", "/api/events").json(&json!({ "data": { "type": "events",
        "attributes": { "event_type": "MoveAccept", "occurred_at": "2020-12-03 10:50:31 +0000", "recorded_at": "2020-12-03 10:50:31 +0000" },
        "relationships": { "eventable": { "data": { "type": "moves", "id": UNKNOWN } } } } }));
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 422);
    assert_eq!(
        common::api_members(&resp.json()),
        json!({ "errors": [{ "title": "Invalid occurred_at, recorded_at",
            "detail": "Validation failed: Occurred at must be formatted as a valid ISO-8601 date-time, Recorded at must be formatted as a valid ISO-8601 date-time" }] })
    );
    let carried = &resp.json()["errors"][0]["meta"]["basm"];
    assert_eq!(
        carried[0]["source"]["pointer"],
        "/data/attributes/occurred_at"
    );
    assert_eq!(
        carried[1]["source"]["pointer"],
        "/data/attributes/recorded_at"
    );

    // 422, shape B: one object per message, the API's `source` and `code`; core's precise
    // pointer where the API points elsewhere.
    let req = Req::new("POST", "/api/people").json(&json!({ "data": { "type": "people",
        "attributes": { "first_names": " ", "last_name": "CASEDY", "date_of_birth": "1850-01-01" } } }));
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 422);
    assert_eq!(
        api_titles(&resp),
        ["Unprocessable content", "Unprocessable content"]
    );
    let doc = resp.json();
    assert_eq!(
        doc["errors"][0]["source"]["pointer"],
        "/data/attributes/first_names"
    );
    assert_eq!(doc["errors"][0]["code"], "blank");
    assert_eq!(
        doc["errors"][1]["source"]["pointer"],
        "/data/attributes/birth_date"
    );
    assert_eq!(doc["errors"][1]["code"], "must be after 1900-01-01.");
    assert_eq!(
        doc["errors"][1]["meta"]["basm"][0]["source"]["pointer"],
        "/data/attributes/date_of_birth"
    );

    // 400: a bad filter (the API's `{"error": {…}}` body, core's errors in `meta.basm`).
    let req = Req::new("GET", "/api/allocations?filter%5Bdate_from%5D=foo");
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 400);
    assert_eq!(
        common::api_members(&resp.json()),
        json!({ "error": { "date_from": ["is not a valid date."] } })
    );
    assert_eq!(
        resp.json()["meta"]["basm"]["errors"][0]["code"],
        "invalid_filter"
    );

    // Every problem of the allocations list's filter and sort at once, each under its
    // attribute (`Allocations::ParamsValidator`): `locations` beside `from_locations`, a
    // bad date, a bad sort column and direction.
    let req = Req::new(
        "GET",
        "/api/allocations?filter%5Blocations%5D=a&filter%5Bfrom_locations%5D=b\
         &filter%5Bdate_to%5D=2026-13-01&sort%5Bby%5D=status&sort%5Bdirection%5D=up",
    );
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 400);
    assert_eq!(
        common::api_members(&resp.json()),
        json!({ "error": {
            "date_to": ["is not a valid date."],
            "locations": ["may not be used in combination with `from_locations` or `to_locations` filters."],
            "sort_by": ["is not included in the list"],
            "sort_direction": ["is not included in the list"],
        } })
    );

    // 404.
    let req = Req::new("GET", &format!("/api/moves/{UNKNOWN}"));
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 404);
    assert_eq!(api_titles(&resp), ["Resource not found"]);
    assert_eq!(
        resp.json()["errors"][0]["detail"],
        format!("Couldn't find Move with 'id'={UNKNOWN}")
    );

    // 500: where the real API crashes, its status, Rails' own body (JSON for a JSON
    // `Accept`), and a header.
    let req = Req::new(
        "GET",
        "/api/reference/locations?filter%5Bcreated_at%5D=yesterday",
    );
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 500);
    assert_eq!(resp.header("x-basm-api-crash"), Some("true"));
    assert_eq!(resp.json()["status"], 500);
    assert_eq!(resp.json()["error"], "Internal Server Error");
    assert_eq!(
        resp.json()["meta"]["basm"]["errors"][0]["source"]["parameter"],
        "filter[created_at]"
    );

    // A body Rails renders as XML: the sandbox says so in a note, in the API's error shape.
    let req = Req::new(
        "GET",
        "/api/reference/locations?filter%5Bcreated_at%5D=yesterday&format=xml",
    );
    assert_refusal(app, addr, &req);
    let resp = req.send(addr);
    assert_eq!(resp.status, 500);
    assert_eq!(api_titles(&resp), ["Internal Server Error"]);
    assert!(
        resp.json()["meta"]["basm"]["note"]
            .as_str()
            .is_some_and(|n| n.contains("application/xml"))
    );

    // Rails' own answer to a request that asks for no JSON has no body, as Puma's 400.
    let req = Req::new("GET", "/api/moves?filter%5Breference%5D=100%").header("Accept", "*/*");
    let resp = req.send(addr);
    assert_eq!(resp.status, 400);
    assert!(resp.body.is_empty());
    assert!(
        resp.header("x-basm-error")
            .is_some_and(|e| e.contains("invalid %-encoding"))
    );
}

/// `--basm-errors` keeps core's own documents: core's titles, codes and exact pointers, and
/// 422 with `X-Basm-Real-Status: 500` where the API crashes.
#[test]
fn basm_errors_mode_sends_cores_documents() {
    let sandbox = spawn(Config {
        errors: ErrorStyle::Basm,
        ..Config::memory()
    })
    .expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let req = Req::new("POST", "/api/events").json(&json!({ "data": { "type": "events",
        "attributes": { "event_type": "MoveAccept", "occurred_at": "2020-12-03 10:50:31 +0000", "recorded_at": "2020-12-03 10:50:31 +0000" },
        "relationships": { "eventable": { "data": { "type": "moves", "id": UNKNOWN } } } } }));
    let verdict = common::assert_basm_refusal(app, addr, &req);
    let doc = req.send(addr).json();
    assert_eq!(doc["errors"][0]["code"], "invalid_datetime");
    assert_eq!(
        doc["errors"][0]["source"]["pointer"],
        "/data/attributes/occurred_at"
    );
    assert_eq!(
        doc["errors"][0]["meta"]["api"],
        json!(verdict.errors[0].meta.api)
    );
    for req in [
        Req::new("GET", &format!("/api/moves/{UNKNOWN}")),
        Req::new(
            "GET",
            "/api/reference/locations?filter%5Bcreated_at%5D=yesterday",
        ),
        Req::new("GET", "/api/moves").header("Accept", "application/vnd.api+json; version=3"),
        Req::new("POST", "/api/people")
            .json(&json!({ "data": { "type": "people", "attributes": {} } })),
    ] {
        common::assert_basm_refusal(app, addr, &req);
    }
}
