//! Walkthrough 6.2 (IPT allocation move) end to end over HTTP against a started sandbox:
//! every request exactly as the walkthrough's curl commands send it (ids replaced by the
//! seeded and created ones), every status checked against core's prediction, and the bodies
//! checked, the move list against the walkthrough's own response.

mod common;

use basm_sandbox::{Config, seed, spawn};
use common::{Req, assert_accepted, assert_refusal, id_of};
use serde_json::{Value, json};

const ALLOCATION: &str = r#"{ "data": { "type": "allocations", "attributes": { "moves_count": 2, "estate": "adult_male", "estate_comment": "Another estate description", "prisoner_category": "b", "sentence_length": "short", "other_criteria": "curly hair", "requested_by": "Iama Requestor", "complete_in_full": true, "date": "2020-07-22", "complex_cases": [ { "key": "hold_separately", "title": "Segregated prisoners", "answer": true, "allocation_complex_case_id": "8952537a-ecf7-4e25-93d1-2ad67651ad99" } ] }, "relationships": { "from_location": { "data": { "type": "locations", "id": "067c2855-fa41-493d-9c80-1311a4f7ba45" } }, "to_location": { "data": { "type": "locations", "id": "056eed18-772b-45b3-b64a-4d7d563641f7" } } } } }"#;
const PROFILE: &str = r#"{ "data": { "type": "profiles" } }"#;
const MOVES_QUERY: &str = "/api/moves?filter%5Bdate_from%5D=2020-07-22&filter%5Bdate_to%5D=2020-07-22&filter%5Bhas_relationship_to_allocation%5D=true&include=profile.person%2Cfrom_location%2Cto_location";

fn patch_body(move_id: &str, profile_id: &str) -> String {
    format!(
        r#"{{ "data": {{ "id": "{move_id}", "type": "moves", "attributes": {{ }}, "relationships": {{ "profile": {{ "data": {{ "type": "profiles", "id": "{profile_id}" }} }} }} }} }}"#
    )
}

fn action_body(kind: &str, timestamp: &str, notes: Option<&str>) -> String {
    match notes {
        Some(n) => format!(
            r#"{{ "data": {{ "type": "{kind}", "attributes": {{ "timestamp": "{timestamp}", "notes": "{n}" }} }} }}"#
        ),
        None => format!(
            r#"{{ "data": {{ "type": "{kind}", "attributes": {{ "timestamp": "{timestamp}" }} }} }}"#
        ),
    }
}

fn is_london_time(v: &Value) -> bool {
    let s = v.as_str().unwrap_or_default();
    s.len() == 25 && s.as_bytes()[10] == b'T' && (s.ends_with("+00:00") || s.ends_with("+01:00"))
}

fn is_reference(v: &Value) -> bool {
    let s = v.as_str().unwrap_or_default().as_bytes();
    let letter = |c: &u8| b"ACEFHJKMNPRTUVWXY".contains(c);
    s.len() == 8
        && s[..3].iter().all(letter)
        && s[3..7].iter().all(|c| (b'1'..=b'9').contains(c))
        && letter(&s[7])
}

/// Replaces every string equal to a walkthrough id by the id the sandbox gave.
fn replace_ids(v: &mut Value, ids: &[(&str, &str)]) {
    match v {
        Value::String(s) => {
            if let Some((_, to)) = ids.iter().find(|(from, _)| from == s) {
                *s = (*to).to_owned();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| replace_ids(i, ids)),
        Value::Object(map) => map.values_mut().for_each(|i| replace_ids(i, ids)),
        _ => {}
    }
}

#[test]
fn walkthrough_6_2_end_to_end() {
    let sandbox = spawn(Config::memory()).expect("sandbox starts");
    let (app, addr) = (&sandbox.app, sandbox.addr);

    // 1. Create an allocation for 2 people from BSI to IWI.
    let create = Req::new("POST", "/api/allocations")
        .key("fe6050e5-ae32-4ed2-b2a7-fe6e3eb2c239")
        .body(ALLOCATION);
    let resp = assert_accepted(app, addr, &create);
    assert_eq!(resp.status, 201);
    assert_eq!(
        resp.header("content-type"),
        Some("application/vnd.api+json")
    );
    let allocation = resp.json();
    let allocation_id = id_of(&allocation);
    assert_eq!(allocation["data"]["type"], "allocations");
    let attrs = &allocation["data"]["attributes"];
    for (k, v) in [
        ("moves_count", json!(2)),
        ("estate", json!("adult_male")),
        ("estate_comment", json!("Another estate description")),
        ("prisoner_category", json!("b")),
        ("sentence_length", json!("short")),
        ("other_criteria", json!("curly hair")),
        ("requested_by", json!("Iama Requestor")),
        ("complete_in_full", json!(true)),
        ("date", json!("2020-07-22")),
        ("status", json!("unfilled")),
        ("cancellation_reason", Value::Null),
    ] {
        assert_eq!(attrs[k], v, "{k}");
    }
    assert_eq!(
        attrs["complex_cases"],
        json!([{ "key": "hold_separately", "title": "Segregated prisoners", "answer": true, "allocation_complex_case_id": seed::HOLD_SEPARATELY_ID }])
    );
    assert_eq!(
        allocation["data"]["relationships"]["from_location"]["data"],
        json!({ "id": seed::BSI_ID, "type": "locations" })
    );
    assert_eq!(
        allocation["data"]["relationships"]["to_location"]["data"],
        json!({ "id": seed::IWI_ID, "type": "locations" })
    );
    assert_eq!(
        allocation["data"]["meta"]["moves"],
        json!({ "total": 2, "filled": 0, "unfilled": 2 })
    );
    // The API ignores Idempotency-Key here; core says so, and the sandbox passes it on.
    assert_eq!(resp.header("x-basm-warnings"), Some("1"));
    assert_eq!(
        allocation["meta"]["basm"]["warnings"][0]["code"],
        "ignored_header"
    );
    let moves: Vec<String> = allocation["data"]["relationships"]["moves"]["data"]
        .as_array()
        .expect("moves")
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(moves.len(), 2);
    let (move1, move2) = (moves[0].clone(), moves[1].clone());
    for m in &moves {
        let shown = assert_accepted(app, addr, &Req::new("GET", &format!("/api/moves/{m}"))).json();
        assert_eq!(shown["data"]["attributes"]["status"], "requested");
        assert_eq!(shown["data"]["attributes"]["move_type"], "prison_transfer");
        assert!(shown["data"]["relationships"]["profile"]["data"].is_null());
        assert!(is_reference(&shown["data"]["attributes"]["reference"]));
    }

    // 2. Find the person by prison number.
    let people = assert_accepted(
        app,
        addr,
        &Req::new("GET", "/api/people?filter%5Bprison_number%5D=G8133UA"),
    )
    .json();
    // The walkthrough has two person records with this prison number (its moves response
    // includes both, as `people` 747f3914… and fee70079…): the search finds both.
    assert_eq!(people["data"].as_array().map(Vec::len), Some(2));
    let mut found: Vec<&str> = people["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_str())
        .collect();
    found.sort_unstable();
    let mut expected_ids = vec![seed::WALKTHROUGH_PERSON_ID, seed::SECOND_PERSON_ID];
    expected_ids.sort_unstable();
    assert_eq!(found, expected_ids);
    for record in 0..2 {
        assert_eq!(
            people["data"][record]["attributes"],
            json!({
                "first_names": "DOMSANIGH", "last_name": "CASEDY", "date_of_birth": "1995-11-17",
                "gender_additional_information": null, "prison_number": "G8133UA",
                "criminal_records_office": "351774/14D", "police_national_computer": "14/120018R"
            })
        );
    }
    assert_eq!(people["meta"]["pagination"]["total_objects"], 2);

    // 3. Create a profile for each person, synchronised with the NOMIS alerts.
    let mut profiles = Vec::new();
    for (person, key) in [
        (
            seed::WALKTHROUGH_PERSON_ID,
            "736916a9-adfc-4442-bb4e-f2c71dbd7b11",
        ),
        (
            seed::SECOND_PERSON_ID,
            "73d506c2-da22-48fb-b065-fb525360bec5",
        ),
    ] {
        let req = Req::new("POST", &format!("/api/people/{person}/profiles"))
            .key(key)
            .body(PROFILE);
        let resp = assert_accepted(app, addr, &req);
        assert_eq!(resp.status, 201);
        let profile = resp.json();
        assert_eq!(profile["data"]["type"], "profiles");
        assert_eq!(
            profile["data"]["relationships"]["person"]["data"],
            json!({ "id": person, "type": "people" })
        );
        assert_eq!(
            profile["data"]["attributes"]["assessment_answers"],
            seed::walkthrough_answers()
        );
        profiles.push(id_of(&profile));
    }
    let (profile1, profile2) = (profiles[0].clone(), profiles[1].clone());

    // 4. Set move1 to profile1 and move2 to profile2: the allocation becomes filled.
    let show_allocation = Req::new("GET", &format!("/api/allocations/{allocation_id}"));
    for (m, p, key, status, filled) in [
        (
            &move1,
            &profile1,
            "419b5459-d88e-4e5c-ac14-0dc124ff26e9",
            "unfilled",
            1,
        ),
        (
            &move2,
            &profile2,
            "e3f034de-cc14-496b-9ede-47ff6b04a95b",
            "filled",
            2,
        ),
    ] {
        let req = Req::new("PATCH", &format!("/api/moves/{m}"))
            .key(key)
            .body(patch_body(m, p));
        let patched = assert_accepted(app, addr, &req).json();
        assert_eq!(patched["data"]["id"], m.as_str());
        assert_eq!(
            patched["data"]["relationships"]["profile"]["data"],
            json!({ "id": p, "type": "profiles" })
        );
        assert_eq!(patched["data"]["attributes"]["status"], "requested");
        let a = assert_accepted(app, addr, &show_allocation).json();
        assert_eq!(a["data"]["attributes"]["status"], status);
        assert_eq!(a["data"]["meta"]["moves"]["filled"], filled);
    }

    // The person cannot be on both moves: the API's own answer (default mode), its title and
    // members, with core's precise error in `meta.basm`.
    let twice = Req::new("PATCH", &format!("/api/moves/{move2}"))
        .fresh_key()
        .body(patch_body(&move2, &profile1));
    assert_refusal(app, addr, &twice);
    let refused = twice.send(addr);
    assert_eq!(refused.status, 422);
    let doc = refused.json();
    assert_eq!(doc["errors"][0]["title"], "Unprocessable content");
    assert_eq!(doc["errors"][0]["detail"], "Date has already been taken");
    assert_eq!(
        doc["errors"][0]["source"]["pointer"],
        "/data/attributes/date"
    );
    assert_eq!(doc["errors"][0]["meta"]["existing_id"], move1.as_str());
    assert_eq!(doc["errors"][0]["meta"]["basm"][0]["code"], "taken");

    // 5. List the moves with the walkthrough's query: the walkthrough's own response, with
    //    the ids, times and references this run produced.
    let list = assert_accepted(app, addr, &Req::new("GET", MOVES_QUERY)).json();
    let mut expected: Value = serde_json::from_str(include_str!("data/walkthrough-6.2-moves.json"))
        .expect("walkthrough JSON");
    replace_ids(
        &mut expected,
        &[
            ("e9688519-92af-4715-8d88-953846f503ac", &move1),
            ("b953e392-87bc-438b-b436-8026e32e5d76", &move2),
            ("98be8b71-eaf8-4563-bcd0-05af9a80f262", &profile1),
            ("ca23256f-4049-4073-a6fd-c7882c1faa24", &profile2),
            ("3f99e2df-39bc-4db5-89a6-94ceffbe7661", &allocation_id),
        ],
    );
    let actual = list.clone();
    // What legitimately differs from the walkthrough's server: times, references, the second
    // person (a synthetic one here), profile histories, supplier links and the host.
    for i in 0..2 {
        for k in ["created_at", "updated_at"] {
            assert!(is_london_time(&actual["data"][i]["attributes"][k]), "{k}");
            expected["data"][i]["attributes"][k] = actual["data"][i]["attributes"][k].clone();
        }
        assert!(is_reference(&actual["data"][i]["attributes"]["reference"]));
        expected["data"][i]["attributes"]["reference"] =
            actual["data"][i]["attributes"]["reference"].clone();
    }
    let included = actual["included"].as_array().cloned().unwrap_or_default();
    assert_eq!(included.len(), 6);
    for (j, item) in included.iter().enumerate() {
        assert!(
            expected["included"].as_array().is_some_and(|e| e
                .iter()
                .any(|x| x["type"] == item["type"] && x["id"] == item["id"])),
            "included {} {} is not in the walkthrough",
            item["type"],
            item["id"]
        );
        match item["type"].as_str() {
            Some("people") => {
                // Listed moves' people carry only gender and ethnicity
                // (`V2::MovesSerializer::INCLUDED_FIELDS`), so no profile history.
                assert!(item["relationships"].get("profiles").is_none(), "{j}");
            }
            Some("profiles") => {
                // The walkthrough person's profile was made here: the seeded CSRA.
                assert_eq!(item["attributes"]["csra"], "Standard");
            }
            _ => {}
        }
    }
    // Today's serializers (jsonapi-serializer since 2020): nested records before their
    // parents (people before their profile), and sparse fields for people and locations.
    let types: Vec<&str> = included.iter().filter_map(|i| i["type"].as_str()).collect();
    assert_eq!(
        types,
        [
            "people",
            "profiles",
            "locations",
            "locations",
            "people",
            "profiles"
        ]
    );
    let base = format!("http://{addr}");
    // Rails' `to_query`: parameters sorted and escaped, page and per_page set.
    let link = format!(
        "{base}/api/moves?filter%5Bdate_from%5D=2020-07-22&filter%5Bdate_to%5D=2020-07-22\
         &filter%5Bhas_relationship_to_allocation%5D=true&include=profile.person%2Cfrom_location%2Cto_location\
         &page=1&per_page=20"
    );
    assert_eq!(
        actual["links"],
        json!({ "self": link, "first": link, "prev": null, "next": null, "last": link })
    );
    assert_eq!(
        actual["meta"],
        json!({ "pagination": { "per_page": 20, "total_pages": 1, "total_objects": 2 } })
    );
    // Every member the walkthrough shows that today's serializer still sends is the same.
    let records = |doc: &Value| -> Vec<Value> {
        let mut all = doc["data"].as_array().cloned().unwrap_or_default();
        all.extend(doc["included"].as_array().cloned().unwrap_or_default());
        all
    };
    let actual_records = records(&actual);
    let expected_records = records(&expected);
    assert_eq!(actual_records.len(), expected_records.len());
    for want in &expected_records {
        let got = actual_records
            .iter()
            .find(|r| r["type"] == want["type"] && r["id"] == want["id"])
            .unwrap_or_else(|| panic!("{} {} missing", want["type"], want["id"]));
        for part in ["attributes", "relationships"] {
            let Some(members) = want[part].as_object() else {
                continue;
            };
            for (name, value) in members {
                if let Some(actual_value) = got[part].get(name) {
                    assert_eq!(
                        actual_value, value,
                        "{} {} {part}.{name}",
                        want["type"], want["id"]
                    );
                }
            }
        }
    }

    // 6. Accept, start and complete both moves (204, empty body), with the walkthrough's
    //    bodies; the allocation stays filled.
    let steps = [
        (
            "accept",
            "accepts",
            [
                (
                    "e7b6e6bc-a573-441f-9e3d-e76c15673bd4",
                    "2020-07-20T10:47:51.589Z",
                    None,
                ),
                (
                    "b2feae93-fb3d-46e4-93be-8e48908c4308",
                    "2020-07-20T10:48:03.770Z",
                    None,
                ),
            ],
            "booked",
        ),
        (
            "start",
            "starts",
            [
                (
                    "648026af-e5af-4ddd-a907-5c252e543e99",
                    "2020-07-20T11:01:59.920Z",
                    Some("van on the way for person1"),
                ),
                (
                    "5d489e39-a99a-4fac-b2e1-5321ca688e40",
                    "2020-07-20T11:02:26.639Z",
                    Some("van on the way for person2"),
                ),
            ],
            "in_transit",
        ),
        (
            "complete",
            "completes",
            [
                (
                    "e5eac82b-4b61-44b6-8144-cff3b524c03c",
                    "2020-07-20T11:06:58.724Z",
                    Some("all is well"),
                ),
                (
                    "95485e86-f556-48a4-b2a4-8f96834c1b7f",
                    "2020-07-20T11:07:11.132Z",
                    Some("all is well"),
                ),
            ],
            "completed",
        ),
    ];
    for (action, kind, per_move, status) in steps {
        for (m, (key, at, notes)) in [&move1, &move2].into_iter().zip(per_move) {
            let req = Req::new("POST", &format!("/api/moves/{m}/{action}"))
                .key(key)
                .body(action_body(kind, at, notes));
            let resp = assert_accepted(app, addr, &req);
            assert_eq!(resp.status, 204, "{action}");
            assert!(resp.body.is_empty());
            let shown =
                assert_accepted(app, addr, &Req::new("GET", &format!("/api/moves/{m}"))).json();
            assert_eq!(
                shown["data"]["attributes"]["status"], status,
                "{action} {m}"
            );
        }
    }
    let a = assert_accepted(app, addr, &show_allocation).json();
    assert_eq!(a["data"]["attributes"]["status"], "filled");
    assert_eq!(a["data"]["attributes"]["moves_count"], 2);

    // The timeline of move1, as the API gives it (`include=timeline_events`, upstream
    // `V2::MoveSerializer`): each action as an event with its notes, in the order applied.
    let events = Req::new(
        "GET",
        &format!("/api/moves/{move1}?include=timeline_events"),
    )
    .send(addr);
    assert_eq!(events.status, 200);
    let document = events.json();
    // In the order the move names them (`timeline_events`), each read from `included`.
    let events: Vec<Value> = document["data"]["relationships"]["timeline_events"]["data"]
        .as_array()
        .expect("timeline_events")
        .iter()
        .filter_map(|r| {
            document["included"].as_array().and_then(|all| {
                all.iter()
                    .find(|i| i["type"] == "events" && i["id"] == r["id"])
                    .cloned()
            })
        })
        .collect();
    let kinds: Vec<&str> = events
        .iter()
        .filter_map(|e| e["attributes"]["event_type"].as_str())
        .collect();
    let actions: Vec<&str> = kinds
        .iter()
        .copied()
        .filter(|k| ["MoveAccept", "MoveStart", "MoveComplete"].contains(k))
        .collect();
    assert_eq!(actions, ["MoveAccept", "MoveStart", "MoveComplete"]);
    let start = events
        .iter()
        .find(|e| e["attributes"]["event_type"] == "MoveStart")
        .expect("start");
    assert_eq!(start["attributes"]["notes"], "van on the way for person1");
    assert_eq!(
        start["attributes"]["occurred_at"],
        "2020-07-20T12:01:59.92+01:00"
    );
    assert_eq!(
        start["relationships"]["eventable"]["data"],
        json!({ "id": move1, "type": "moves" })
    );

    // Replaying the last request within 10 minutes answers the stored 204 and changes nothing.
    let (key, at, notes) = (
        "95485e86-f556-48a4-b2a4-8f96834c1b7f",
        "2020-07-20T11:07:11.132Z",
        Some("all is well"),
    );
    let again = Req::new("POST", &format!("/api/moves/{move2}/complete"))
        .key(key)
        .body(action_body("completes", at, notes));
    let resp = assert_accepted(app, addr, &again);
    assert_eq!(resp.status, 204);
    assert_eq!(resp.header("x-basm-replayed"), Some("true"));
}
