//! A request example for every operation that takes a body.
//!
//! `POST /api/events`: every request example of the wiki's Move events and Journey events
//! pages that the seed vectors mark valid (`tests/vectors/seeds/`). The walkthrough's
//! requests (6.2, IPT allocation move) for the endpoints it calls. Every other body is built
//! with core's typed documents ([`basm_core::documents`]) from the walkthrough's ids.
//! The CLI's tests check that each one passes `validate_request`.

use serde_json::{Value, json};

use basm_core::documents::{
    AllocationCancel, AllocationUpdate, JourneyAction, JourneyCreate, JourneyUpdate, LodgingCancel,
    LodgingCreate, LodgingUpdate, MoveAction, MoveCreate, PersonCreate,
};
use basm_core::values::{CancellationReason, MoveType, RejectionReason};
use basm_core::{Request, validate_request};

const MOVE_EVENTS: &str = include_str!("../../../tests/vectors/seeds/move-events.json");
const JOURNEY_EVENTS: &str = include_str!("../../../tests/vectors/seeds/journey-events.json");
const WALKTHROUGH: &str = include_str!("../../../tests/vectors/seeds/walkthrough-6.2.json");

// The walkthrough's records.
const FROM: &str = "067c2855-fa41-493d-9c80-1311a4f7ba45";
const TO: &str = "056eed18-772b-45b3-b64a-4d7d563641f7";
const ALLOCATION: &str = "8952537a-ecf7-4e25-93d1-2ad67651ad99";
const MOVE: &str = "e9688519-92af-4715-8d88-953846f503ac";
const JOURNEY: &str = "1ac0e4b3-786b-4dee-a0ce-9ae4035963ac";
const LODGING: &str = "5b3b1bbd-3c54-4ab0-8c4a-0f9a2a7c3b11";
const KEY: &str = "fe6050e5-ae32-4ed2-b2a7-fe6e3eb2c239";
const TIMESTAMP: &str = "2020-07-22T10:47:51.589Z";

/// One example request.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The endpoint it is sent to (`POST /api/moves/:id/:action`).
    pub endpoint: String,
    /// Its key in the operation's `examples`.
    pub name: String,
    /// One line.
    pub summary: String,
    /// The method.
    pub method: String,
    /// The path it is sent to.
    pub path: String,
    /// The body.
    pub body: Value,
}

impl Example {
    /// The request as a v2 client sends it (with an `Idempotency-Key`, which endpoints that
    /// do not need one ignore).
    pub fn request(&self) -> Request {
        Request::new(&self.method, &self.path)
            .with_standard_headers()
            .header("Idempotency-Key", KEY)
            .body(serde_json::to_vec(&self.body).unwrap_or_default())
    }
}

/// Every example, in a stable order.
pub fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    for text in [MOVE_EVENTS, JOURNEY_EVENTS] {
        for test in seed_tests(text) {
            let Some(body) = test.get("data") else {
                continue;
            };
            let Some(name) = body
                .pointer("/data/attributes/event_type")
                .and_then(Value::as_str)
            else {
                continue;
            };
            out.push(Example {
                endpoint: "POST /api/events".to_owned(),
                name: name.to_owned(),
                summary: format!("{name}, the wiki's request example"),
                method: "POST".to_owned(),
                path: "/api/events".to_owned(),
                body: body.clone(),
            });
        }
    }
    for test in seed_tests(WALKTHROUGH) {
        let (Some(method), Some(path), Some(body)) = (
            test.pointer("/request/method").and_then(Value::as_str),
            test.pointer("/request/path").and_then(Value::as_str),
            test.get("data"),
        ) else {
            continue;
        };
        let description = test["description"].as_str().unwrap_or_default();
        out.push(built(
            method,
            path,
            &slug(description),
            &format!("Walkthrough 6.2: {description}"),
            body.clone(),
        ));
    }
    let typed = |doc: Vec<u8>| serde_json::from_slice::<Value>(&doc).unwrap_or(Value::Null);
    let moves = format!("/api/moves/{MOVE}");
    let journey = format!("{moves}/journeys/{JOURNEY}");
    let lodging = format!("{moves}/lodgings/{LODGING}");
    let documents = [
        (
            "POST",
            "/api/moves".to_owned(),
            "A prison transfer",
            typed(
                MoveCreate::new(MoveType::PrisonTransfer, FROM, Some(TO), "2020-07-22").to_body(),
            ),
        ),
        (
            "PUT",
            moves.clone(),
            "Assign a profile (PUT is PATCH)",
            typed(
                basm_core::documents::MoveUpdate::assign_profile(
                    MOVE,
                    "98be8b71-eaf8-4563-bcd0-05af9a80f262",
                )
                .to_body(),
            ),
        ),
        (
            "POST",
            format!("{moves}/reject"),
            "Reject a move",
            typed(
                MoveAction::reject(TIMESTAMP, RejectionReason::NoSpaceAtReceivingPrison).to_body(),
            ),
        ),
        (
            "POST",
            format!("{moves}/redirects"),
            "Redirect a move",
            typed(MoveAction::redirect(TIMESTAMP, TO).to_body()),
        ),
        (
            "PATCH",
            format!("/api/allocations/{ALLOCATION}"),
            "Change an allocation's date",
            typed(AllocationUpdate::change_date(ALLOCATION, "2020-07-23", "other").to_body()),
        ),
        (
            "PUT",
            format!("/api/allocations/{ALLOCATION}"),
            "Change an allocation's date (PUT is PATCH)",
            typed(AllocationUpdate::change_date(ALLOCATION, "2020-07-23", "other").to_body()),
        ),
        (
            "POST",
            format!("/api/allocations/{ALLOCATION}/cancel"),
            "Cancel an allocation",
            typed(AllocationCancel::new(TIMESTAMP, CancellationReason::MadeInError).to_body()),
        ),
        (
            "POST",
            "/api/people".to_owned(),
            "A person",
            typed(PersonCreate::new("Iama", "Person").to_body()),
        ),
        (
            "POST",
            format!("{moves}/journeys"),
            "A journey",
            typed(JourneyCreate::new(FROM, TO, TIMESTAMP, true).to_body()),
        ),
        (
            "PATCH",
            journey.clone(),
            "Stamp a journey",
            typed(JourneyUpdate::new(JOURNEY, TIMESTAMP).to_body()),
        ),
        (
            "PUT",
            journey.clone(),
            "Stamp a journey (PUT is PATCH)",
            typed(JourneyUpdate::new(JOURNEY, TIMESTAMP).to_body()),
        ),
        (
            "POST",
            format!("{journey}/start"),
            "Start a journey",
            typed(
                JourneyAction::start(TIMESTAMP)
                    .with_vehicle_reg("AB12 CDE")
                    .to_body(),
            ),
        ),
        (
            "POST",
            format!("{moves}/lodgings"),
            "A lodging",
            typed(LodgingCreate::new(TO, "2020-07-22", "2020-07-23").to_body()),
        ),
        (
            "PATCH",
            lodging.clone(),
            "Change a lodging's end date",
            typed(LodgingUpdate::change_end_date(LODGING, "2020-07-24").to_body()),
        ),
        (
            "PUT",
            lodging.clone(),
            "Change a lodging's end date (PUT is PATCH)",
            typed(LodgingUpdate::change_end_date(LODGING, "2020-07-24").to_body()),
        ),
        (
            "POST",
            format!("{lodging}/cancel"),
            "Cancel a lodging",
            typed(LodgingCancel::new(CancellationReason::MadeInError).to_body()),
        ),
        (
            "POST",
            format!("{moves}/lodgings/cancel"),
            "Cancel every lodging of the move",
            typed(LodgingCancel::new(CancellationReason::MadeInError).to_body()),
        ),
        (
            "POST",
            "/api/moves/filtered".to_owned(),
            "The moves of a date",
            json!({"data": {"type": "moves", "attributes": {"filter": {
                "date_from": "2020-07-22", "date_to": "2020-07-22"}}}}),
        ),
        (
            "POST",
            "/api/allocations/filtered".to_owned(),
            "The allocations of a date",
            json!({"data": {"type": "allocations", "attributes": {"filter": {
                "date_from": "2020-07-22", "date_to": "2020-07-22"}}}}),
        ),
    ];
    for (method, path, summary, body) in documents {
        out.push(built(method, &path, &slug(summary), summary, body));
    }
    // A name is a key in its operation's `examples`: the second of a name gets `-2`.
    for i in 0..out.len() {
        let same = out[..i]
            .iter()
            .filter(|e| {
                e.endpoint == out[i].endpoint && e.name.split("--").next() == Some(&out[i].name)
            })
            .count();
        if same > 0 {
            out[i].name = format!("{}--{}", out[i].name, same + 1);
        }
    }
    out
}

/// An example whose endpoint core's routing names.
fn built(method: &str, path: &str, name: &str, summary: &str, body: Value) -> Example {
    let request = Request::new(method, path).with_standard_headers();
    let endpoint = validate_request(&request, &basm_core::Context::empty())
        .endpoint
        .map(|e| e.into_owned())
        .unwrap_or_default();
    Example {
        endpoint,
        name: name.to_owned(),
        summary: summary.to_owned(),
        method: method.to_owned(),
        path: path.to_owned(),
        body,
    }
}

/// `create an allocation` → `create-an-allocation`.
fn slug(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_ascii_lowercase()
}

/// The tests of the first group of a seed vector file that it marks valid.
fn seed_tests(text: &str) -> Vec<Value> {
    let groups: Vec<Value> = serde_json::from_str(text).unwrap_or_default();
    groups
        .into_iter()
        .next()
        .and_then(|g| g.get("tests").and_then(Value::as_array).cloned())
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.get("valid") == Some(&Value::Bool(true)))
        .collect()
}
