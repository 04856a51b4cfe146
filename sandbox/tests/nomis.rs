//! `create_in_nomis` on `PATCH /api/moves/:id` (spec moves.md §7 item 8): the sandbox does what
//! `Allocations::CreateInNomis` does and shows the move's `nomis_event_id` in the document's
//! `meta.sandbox` (`V2::MoveSerializer` has no such attribute).

mod common;

use basm_sandbox::{Config, seed, spawn};
use common::{Req, assert_accepted, id_of, location};
use serde_json::{Value, json};

fn assign(move_id: &str, profile: &str) -> Value {
    json!({ "data": { "id": move_id, "type": "moves", "attributes": {},
        "relationships": { "profile": { "data": { "type": "profiles", "id": profile } } } } })
}

fn event_id(doc: &Value) -> Option<i64> {
    doc.pointer("/meta/sandbox/nomis_event_id")
        .and_then(Value::as_i64)
}

#[test]
fn create_in_nomis_records_the_transfer_on_an_allocation_move_with_a_nomis_booking() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let created = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/allocations").json(&json!({ "data": {
            "attributes": { "moves_count": 2, "date": "2031-05-06" },
            "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID) } } })),
    )
    .json();
    let moves: Vec<String> = created["data"]["relationships"]["moves"]["data"]
        .as_array()
        .expect("the allocation's moves")
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(moves.len(), 2);
    let profile = |person: &str| {
        id_of(
            &assert_accepted(
                app,
                addr,
                &Req::new("POST", &format!("/api/people/{person}/profiles"))
                    .json(&json!({ "data": { "type": "profiles" } })),
            )
            .json(),
        )
    };
    let first = profile(seed::G5142UX_PERSON_ID);

    // Without the parameter, or with anything but `true`, nothing is sent to NOMIS.
    let path = format!("/api/moves/{}", moves[0]);
    let plain = assert_accepted(
        app,
        addr,
        &Req::new("PATCH", &format!("{path}?create_in_nomis=yes"))
            .fresh_key()
            .json(&assign(&moves[0], &first)),
    );
    assert_eq!(plain.status, 200);
    assert_eq!(event_id(&plain.json()), None);
    assert!(
        plain
            .json()
            .get("meta")
            .and_then(|m| m.get("sandbox"))
            .is_none()
    );

    // `?create_in_nomis=true` on a move of an allocation whose person has a NOMIS booking.
    let pushed = assert_accepted(
        app,
        addr,
        &Req::new("PATCH", &format!("{path}?create_in_nomis=true"))
            .fresh_key()
            .json(&assign(&moves[0], &first)),
    )
    .json();
    let event = event_id(&pushed).expect("the move has a nomis_event_id");
    assert!(
        pushed["data"]["attributes"].get("nomis_event_id").is_none(),
        "V2::MoveSerializer does not show it"
    );
    let shown = Req::new("GET", &path).send(addr).json();
    assert_eq!(event_id(&shown), Some(event), "kept, and shown on the move");

    // A second request does not make a second transfer (the move has its event id).
    let again = assert_accepted(
        app,
        addr,
        &Req::new("PATCH", &format!("{path}?create_in_nomis=true"))
            .fresh_key()
            .json(&assign(&moves[0], &first)),
    )
    .json();
    assert_eq!(event_id(&again), Some(event));

    // No person on the move (no NOMIS booking): 200, and nothing is made.
    let path2 = format!("/api/moves/{}", moves[1]);
    let empty = assert_accepted(
        app,
        addr,
        &Req::new("PATCH", &format!("{path2}?create_in_nomis=true"))
            .fresh_key()
            .json(&json!({ "data": { "id": moves[1], "type": "moves", "attributes": {} } })),
    );
    assert_eq!(event_id(&empty.json()), None);

    // The parameter at the body's top level (beside `data`) is the same parameter.
    let second = profile(seed::WALKTHROUGH_PERSON_ID);
    let mut body = assign(&moves[1], &second);
    body["create_in_nomis"] = json!(true);
    let pushed2 = assert_accepted(
        app,
        addr,
        &Req::new("PATCH", &path2).fresh_key().json(&body),
    )
    .json();
    let event2 = event_id(&pushed2).expect("the second move's transfer");
    assert_ne!(event2, event);
}

#[test]
fn create_in_nomis_is_ignored_outside_an_allocation() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    let created = assert_accepted(
        app,
        addr,
        &Req::new("POST", "/api/moves").fresh_key().json(&json!({ "data": { "type": "moves",
            "attributes": { "date": "2031-05-06", "move_type": "prison_transfer" },
            "relationships": { "from_location": location(seed::BSI_ID), "to_location": location(seed::IWI_ID) } } })),
    )
    .json();
    let id = id_of(&created);
    let resp = assert_accepted(
        app,
        addr,
        &Req::new("PATCH", &format!("/api/moves/{id}?create_in_nomis=true"))
            .fresh_key()
            .json(&json!({ "data": { "id": id, "type": "moves", "attributes": { "additional_information": "x" } } })),
    );
    assert_eq!(event_id(&resp.json()), None);
}
