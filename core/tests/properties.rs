//! No input makes the validator panic, or answer in a shape the package does not promise
//! (accepted with a 2xx and no error, refused with at least one, a 500 only with the error
//! that says the API crashes): arbitrary bytes, arbitrary JSON, and mutations of real
//! requests (every value swapped for every JSON type, keys dropped, nesting changed), under
//! several contexts. `BASM_FUZZ_CASES` sets the number of cases (default 100,000),
//! `BASM_FUZZ_SEED` the random generator's seed (a number; default the one CI runs).

use std::panic::{AssertUnwindSafe, catch_unwind};

mod common;

use basm_core::{Caller, Context, Request, validate_request};
use serde_json::{Map, Value, json};

use common::Rng;

const STRINGS: &[&str] = &[
    "",
    " ",
    "2020-12-03T10:50:31+00:00",
    "2020-12-03 10:50:31 +0000",
    "2020-02-30",
    "2020-338",
    "moves",
    "journeys",
    "people",
    "profiles",
    "person_escort_records",
    "lodgings",
    "MoveAccept",
    "PMU",
    "c4",
    "made_in_error",
    "067c2855-fa41-493d-9c80-1311a4f7ba45",
    "{067c2855-fa41-493d-9c80-1311a4f7ba45}",
    "SW1A 1AA",
    "~/",
    "\u{1F600}",
    "é",
    "24:00",
    "-w-1",
];

fn random_json(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 4 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 => json!(f64::from(u32::try_from(rng.below(1000)).unwrap_or(0)) / 7.0),
        4 => Value::String((*rng.pick(STRINGS)).to_owned()),
        5 | 6 => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                let key = (*rng.pick(&[
                    "data",
                    "attributes",
                    "details",
                    "relationships",
                    "eventable",
                    "type",
                    "id",
                    "event_type",
                    "occurred_at",
                    "recorded_at",
                    "location",
                    "x",
                ]))
                .to_owned();
                m.insert(key, random_json(rng, depth + 1));
            }
            Value::Object(m)
        }
        _ => Value::Array(
            (0..rng.below(4))
                .map(|_| random_json(rng, depth + 1))
                .collect(),
        ),
    }
}

/// Replaces one random node of `v` with random JSON, or removes an object member.
fn mutate(rng: &mut Rng, v: &mut Value, depth: usize) {
    match v {
        Value::Object(m) if !m.is_empty() && rng.below(4) != 0 => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            match rng.below(5) {
                0 => {
                    m.remove(&key);
                }
                1 => {
                    m.insert(key, random_json(rng, depth));
                }
                _ => {
                    if let Some(child) = m.get_mut(&key) {
                        mutate(rng, child, depth + 1);
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() && rng.below(3) != 0 => {
            let i = rng.below(items.len());
            mutate(rng, &mut items[i], depth + 1);
        }
        other => *other = random_json(rng, depth),
    }
}

fn seed_bodies() -> Vec<Value> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(groups) =
                serde_json::from_str::<Vec<Value>>(&std::fs::read_to_string(&p).unwrap_or_default())
            {
                for g in groups {
                    for t in g["tests"].as_array().into_iter().flatten() {
                        if let Some(d) = t.get("data") {
                            out.push(d.clone());
                        }
                    }
                }
            }
        }
    }
    out
}

fn contexts() -> Vec<Context> {
    let id = "067c2855-fa41-493d-9c80-1311a4f7ba45";
    let full: Context = serde_json::from_value(json!({
        "caller": "supplier",
        "locations": {id: {"location_type": "prison"}},
        "moves": {id: {"status": "booked", "from_location_id": id, "to_location_id": id}},
        "journeys": {id: {"state": "proposed"}},
        "events": {id: [{"event_type": "MoveStart", "occurred_at": "2020-01-01T00:00:00Z"}]},
        "lodgings": {id: {"move_id": id, "status": "proposed", "start_date": "2020-05-04", "end_date": "2020-05-05", "location_id": id}},
        "allocations": {id: {"status": "unfilled", "date": "2020-07-22", "move_ids": [id]}},
        "people": {id: {"prison_number": "G8133UA", "move_supported": false, "category": "a"}},
        "profiles": {id: {"person_id": id}},
        "idempotency_keys": {"fe6050e5-ae32-4ed2-b2a7-fe6e3eb2c239": {"method": "POST", "path": "/api/moves", "fingerprint": "x", "replayable": true, "status": 201}},
        "complete": ["locations", "moves", "journeys", "lodgings", "allocations", "people", "profiles", "person_escort_records", "events", "idempotency_keys"]
    }))
    .unwrap_or_default();
    vec![
        Context::empty(),
        full,
        Context {
            caller: Caller::Authority,
            ..Context::empty()
        },
    ]
}

fn run(request: &Request, context: &Context) {
    let result = catch_unwind(AssertUnwindSafe(|| validate_request(request, context)));
    let about = || {
        format!(
            "{} {} with body {:?}",
            request.method,
            request.path,
            String::from_utf8_lossy(&request.body)
        )
    };
    let Ok(verdict) = result else {
        panic!("validate_request panicked on {}", about());
    };
    // Whatever the input, the verdict is one of the shapes the package promises: accepted
    // with a 2xx and no error, or refused with 4xx or 5xx and at least one; and a 500 only
    // where the API itself crashes, which an error says (`server_error`).
    let status = verdict.status;
    match verdict.valid {
        true => assert!(
            (200..300).contains(&status) && verdict.errors.is_empty(),
            "accepted with {status} and {} errors: {}",
            verdict.errors.len(),
            about()
        ),
        false => assert!(
            status >= 400 && !verdict.errors.is_empty(),
            "refused with {status} and no error: {}",
            about()
        ),
    }
    if status == 500 {
        assert!(
            verdict.errors.iter().any(|e| e.code == "server_error"),
            "a 500 no error explains: {}",
            about()
        );
    }
    // A refusal's body is known as JSON exactly when `api_body` gives it.
    if !verdict.valid {
        assert_eq!(
            verdict.body_form() == basm_core::BodyForm::Json,
            verdict.api_body().is_some(),
            "{:?} with api_body {:?}: {}",
            verdict.body_form(),
            verdict.api_body(),
            about()
        );
    }
}

#[test]
fn nothing_panics() {
    let cases: usize = std::env::var("BASM_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let seeds = seed_bodies();
    assert!(!seeds.is_empty());
    let contexts = contexts();
    // Every route, with ids that exist in the facts, ids that do not, and ids that are not
    // UUIDs, plus query strings with includes, filters and junk.
    let id = "067c2855-fa41-493d-9c80-1311a4f7ba45";
    let mut paths: Vec<String> = Vec::new();
    for endpoint in basm_core::endpoints() {
        let pattern = endpoint
            .split_once(' ')
            .map_or(endpoint.as_str(), |(_, p)| p);
        for fill in [
            id,
            "056eed18-772b-45b3-b64a-4d7d563641f7",
            "foo",
            "%zz",
            "accept",
            "start",
            "cancel",
            "lockouts",
        ] {
            let path: Vec<String> = pattern
                .split('/')
                .map(|seg| {
                    if seg.starts_with(':') {
                        fill.to_owned()
                    } else {
                        seg.to_owned()
                    }
                })
                .collect();
            paths.push(path.join("/"));
        }
    }
    let queries = [
        "",
        "?include=profile.person,from_location",
        "?include=x,",
        "?filter[date_from]=2020-6-1&sort[by]=date",
        "?filter[date_from]=x&meta=y",
        "?page=-1&per_page=abc",
        "?%zz=%",
    ];
    let seed: u64 = std::env::var("BASM_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    // A zero state would stay zero (xorshift).
    let mut rng = Rng(seed.max(1));
    for case in 0..cases {
        let body: Vec<u8> = match case % 4 {
            // Arbitrary bytes.
            0 => (0..rng.below(64))
                .map(|_| u8::try_from(rng.below(256)).unwrap_or(0))
                .collect(),
            // Arbitrary JSON.
            1 => serde_json::to_vec(&random_json(&mut rng, 0)).unwrap_or_default(),
            // Mutated real requests.
            _ => {
                let mut v = rng.pick(&seeds).clone();
                for _ in 0..=rng.below(3) {
                    mutate(&mut rng, &mut v, 0);
                }
                serde_json::to_vec(&v).unwrap_or_default()
            }
        };
        let methods: [&str; 5] = ["POST", "GET", "PATCH", "PUT", "post"];
        let mut path = format!("{}{}", rng.pick(&paths), rng.pick(&queries));
        // Random queries and `Accept`s, of the characters Rails' readers act on
        // (`core/src/rails.rs`).
        if rng.below(4) == 0 {
            const QUERY: &[u8] = b"ab[]&=%+; 0fF9";
            let query: String = (0..rng.below(24))
                .map(|_| char::from(QUERY[rng.below(QUERY.len())]))
                .collect();
            path = format!("{}?{query}", rng.pick(&paths));
        }
        let method: &str = methods[rng.below(methods.len())];
        let mut request = Request::new(method, &path).with_standard_headers();
        if rng.below(4) == 0 {
            const ACCEPT: &[u8] = b"apjsonx/*;q=,\" .5e9+";
            let accept: String = (0..rng.below(32))
                .map(|_| char::from(ACCEPT[rng.below(ACCEPT.len())]))
                .collect();
            basm_core::edit::set_header(&mut request, "Accept", &accept);
        }
        if rng.below(3) == 0 {
            let keys: [&str; 3] = ["fe6050e5-ae32-4ed2-b2a7-fe6e3eb2c239", "nope", ""];
            request
                .headers
                .push(("Idempotency-Key".into(), keys[rng.below(3)].into()));
        }
        if rng.below(20) == 0 {
            request.headers.clear();
            request
                .headers
                .push(("Content-Type".into(), (*rng.pick(STRINGS)).into()));
        }
        request.body = body;
        run(&request, rng.pick(&contexts));
    }
    // The pathological shapes the brief names.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let big = format!("{{\"data\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    for body in [
        deep.into_bytes(),
        big.into_bytes(),
        vec![0xff, 0xfe, 0x00],
        b"{\"data\":".to_vec(),
    ] {
        run(
            &Request::new("POST", "/api/events")
                .with_standard_headers()
                .body(body),
            &contexts[0],
        );
    }
    eprintln!("properties: {cases} random cases (seed {seed}) and 4 pathological bodies, no panic");
}
