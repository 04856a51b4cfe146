//! Events as the timeline reads them, and the move and journeys the event composer needs.

use basm_core::context::{JourneyFacts, Member, MoveFacts};
use serde_json::{Map, Value};

use super::{optional, text};

/// The composer's radio value of the move itself (journeys are [`EventJourney::value`]:
/// `journey-<id>`).
pub const THIS_MOVE: &str = "move";

/// One stored event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimelineEvent {
    /// Id.
    pub id: String,
    /// `MoveAccept`, …
    pub event_type: String,
    /// When it happened (ISO 8601).
    pub occurred_at: String,
    /// When it was recorded (ISO 8601).
    pub recorded_at: String,
    /// Notes.
    pub notes: String,
    /// Who recorded it.
    pub created_by: String,
    /// Its details.
    pub details: Map<String, Value>,
    /// `moves`, `journeys`, `lodgings`, …
    pub eventable_type: String,
    /// The eventable's id.
    pub eventable_id: String,
    /// The supplier that recorded it, when any.
    pub supplier_id: String,
}

impl TimelineEvent {
    fn from_resource(resource: &Value) -> TimelineEvent {
        TimelineEvent {
            id: text(resource, "/id"),
            event_type: text(resource, "/attributes/event_type"),
            occurred_at: text(resource, "/attributes/occurred_at"),
            recorded_at: text(resource, "/attributes/recorded_at"),
            notes: text(resource, "/attributes/notes"),
            created_by: text(resource, "/attributes/created_by"),
            details: resource
                .pointer("/attributes/details")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            eventable_type: text(resource, "/relationships/eventable/data/type"),
            eventable_id: text(resource, "/relationships/eventable/data/id"),
            supplier_id: text(resource, "/relationships/supplier/data/id"),
        }
    }
}

fn instant(iso: &str) -> (i64, u32) {
    basm_core::time::parse_lenient_datetime(iso)
        .map(|t| (t.unix_seconds(), t.nanos))
        .unwrap_or((i64::MIN, 0))
}

/// Newest first (by `occurred_at`, then `recorded_at`).
fn newest_first(mut events: Vec<TimelineEvent>) -> Vec<TimelineEvent> {
    events.sort_by(|a, b| {
        (instant(&b.occurred_at), instant(&b.recorded_at))
            .cmp(&(instant(&a.occurred_at), instant(&a.recorded_at)))
    });
    events
}

/// `GET /api/moves/:id?include=timeline_events`: how the API gives a move's timeline (its
/// own events and its journeys', lodgings', person's: upstream `Move#all_events_for_timeline`,
/// serialised by `V2::MoveSerializer`'s `timeline_events`; the real frontend reads it so).
pub fn timeline_path(move_id: &str) -> String {
    format!(
        "/api/moves/{}?include=timeline_events",
        crate::url::encode(move_id)
    )
}

/// The timeline of a move document read with [`timeline_path`], newest first: the
/// `events` its `timeline_events` relationship names, from `included`.
pub fn timeline(document: &Value) -> Vec<TimelineEvent> {
    let named: Option<Vec<String>> = document
        .pointer("/data/relationships/timeline_events/data")
        .and_then(Value::as_array)
        .map(|refs| refs.iter().map(|r| text(r, "/id")).collect());
    let events = document
        .get("included")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter(|r| text(r, "/type") == "events")
                .filter(|r| {
                    named
                        .as_ref()
                        .is_none_or(|ids| ids.contains(&text(r, "/id")))
                })
                .map(TimelineEvent::from_resource)
                .collect()
        })
        .unwrap_or_default();
    newest_first(events)
}

/// The move an event is recorded about.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventMove {
    /// Id.
    pub id: String,
    /// Reference (`ABC1234D`).
    pub reference: String,
    /// Status.
    pub status: String,
    /// Move type.
    pub move_type: String,
    /// Date (`YYYY-MM-DD`).
    pub date: String,
    /// From location id.
    pub from_location_id: String,
    /// To location id.
    pub to_location_id: String,
    /// Profile id.
    pub profile_id: String,
    /// Supplier id (with `include=supplier`).
    pub supplier_id: String,
    /// Allocation id.
    pub allocation_id: String,
    /// What the page knows of the move, for core ([`super::moves::move_facts`]).
    pub facts: MoveFacts,
}

/// The move of a `GET /api/moves/:id` document.
pub fn event_move(document: &Value) -> Option<EventMove> {
    let data = document.get("data")?;
    let m = EventMove {
        id: text(data, "/id"),
        reference: text(data, "/attributes/reference"),
        status: text(data, "/attributes/status"),
        move_type: text(data, "/attributes/move_type"),
        date: text(data, "/attributes/date"),
        from_location_id: text(data, "/relationships/from_location/data/id"),
        to_location_id: text(data, "/relationships/to_location/data/id"),
        profile_id: text(data, "/relationships/profile/data/id"),
        supplier_id: text(data, "/relationships/supplier/data/id"),
        allocation_id: text(data, "/relationships/allocation/data/id"),
        facts: super::moves::move_facts(document, data),
    };
    (!m.id.is_empty()).then_some(m)
}

/// A journey of the move.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventJourney {
    /// Id.
    pub id: String,
    /// `proposed`, `in_progress`, …
    pub state: String,
    /// From location id.
    pub from_location_id: String,
    /// To location id.
    pub to_location_id: String,
    /// Vehicle registration, when given.
    pub vehicle_registration: Option<String>,
    /// What the page knows of the journey, for core ([`journey_facts`]).
    pub facts: JourneyFacts,
}

/// What the page knows of a journey of move `move_id`, for core: its state and places as
/// the journeys document carries them (a member it does not carry is unknown). The supplier
/// is the move's when the page knows it (a journey is its move's supplier's).
pub fn journey_facts(resource: &Value, move_id: &str, supplier: &Member<String>) -> JourneyFacts {
    let attribute = |pointer: &str| match resource.pointer(pointer) {
        None => Member::Unknown,
        Some(Value::String(s)) => Member::Value(s.clone()),
        Some(_) => Member::Null,
    };
    let place = |name: &str| match resource.pointer(&format!("/relationships/{name}/data")) {
        None => Member::Unknown,
        Some(Value::Null) => Member::Null,
        Some(data) => Member::from(optional(data, "/id")),
    };
    JourneyFacts {
        move_id: Member::Value(move_id.to_owned()),
        state: attribute("/attributes/state"),
        from_location_id: place("from_location"),
        to_location_id: place("to_location"),
        supplier_id: supplier.clone(),
    }
}

impl EventJourney {
    /// The radio value of this journey.
    pub fn value(&self) -> String {
        format!("journey-{}", self.id)
    }
}

/// The journeys of a `GET /api/moves/:id/journeys` document.
/// `move_id` and its `supplier` (as the page knows it) go into each journey's facts.
pub fn journeys(document: &Value, move_id: &str, supplier: &Member<String>) -> Vec<EventJourney> {
    document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| {
            data.iter()
                .map(|j| EventJourney {
                    id: text(j, "/id"),
                    state: text(j, "/attributes/state"),
                    from_location_id: text(j, "/relationships/from_location/data/id"),
                    to_location_id: text(j, "/relationships/to_location/data/id"),
                    vehicle_registration: optional(j, "/attributes/vehicle/registration"),
                    facts: journey_facts(j, move_id, supplier),
                })
                .filter(|j| !j.id.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A readable state (`in_progress` → "in progress").
pub fn state_text(state: &str) -> String {
    state.replace('_', " ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_timeline_is_the_moves_included_events_newest_first() {
        let doc = json!({
            "data": {"id": "m", "type": "moves", "relationships": {"timeline_events": {"data": [
                {"id": "1", "type": "events"}, {"id": "2", "type": "events"}]}}},
            "included": [
                {"id": "1", "type": "events", "attributes": {"event_type": "MoveAccept", "occurred_at": "2020-07-20T11:00:00+01:00", "recorded_at": "2020-07-20T11:00:00+01:00"},
                 "relationships": {"eventable": {"data": {"type": "moves", "id": "m"}}}},
                {"id": "l", "type": "locations", "attributes": {"title": "BRINSFORD (HMP)"}},
                {"id": "2", "type": "events", "attributes": {"event_type": "MoveStart", "occurred_at": "2020-07-20T10:30:00Z", "recorded_at": "2020-07-20T10:30:00Z", "details": {"a": 1}},
                 "relationships": {"eventable": {"data": {"type": "moves", "id": "m"}}}},
                {"id": "3", "type": "events", "attributes": {"event_type": "MoveCancel"}}
            ]
        });
        let events = timeline(&doc);
        assert_eq!(
            events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["2", "1"],
            "only the events the move names, newest first"
        );
        assert_eq!(events[1].eventable_type, "moves");
        assert_eq!(events[0].details.len(), 1);
        assert!(timeline(&json!({"data": {"id": "m"}})).is_empty());
        assert_eq!(
            timeline_path("m 1"),
            "/api/moves/m%201?include=timeline_events"
        );
    }

    #[test]
    fn moves_and_journeys() {
        let m = event_move(
            &json!({"data": {"id": "m", "attributes": {"reference": "R", "status": "booked"},
            "relationships": {"supplier": {"data": {"type": "suppliers", "id": "s"}}}}}),
        )
        .unwrap();
        assert_eq!((m.reference.as_str(), m.supplier_id.as_str()), ("R", "s"));
        // What the document carries is known; what it does not (profile, date) is unknown.
        assert_eq!(m.facts.status, Member::Value("booked".to_owned()));
        assert_eq!(m.facts.supplier_id, Member::Value("s".to_owned()));
        assert_eq!(m.facts.profile_id, Member::Unknown);
        assert_eq!(m.facts.date, Member::Unknown);
        let j = journeys(
            &json!({"data": [{"id": "j", "attributes": {"state": "in_progress", "vehicle": {"registration": "AB"}},
            "relationships": {"from_location": {"data": {"id": "a"}}, "to_location": {"data": null}}}]}),
            "m",
            &m.facts.supplier_id,
        );
        assert_eq!(j[0].facts.move_id, Member::Value("m".to_owned()));
        assert_eq!(j[0].facts.state, Member::Value("in_progress".to_owned()));
        assert_eq!(j[0].facts.from_location_id, Member::Value("a".to_owned()));
        assert_eq!(j[0].facts.to_location_id, Member::Null);
        assert_eq!(j[0].facts.supplier_id, Member::Value("s".to_owned()));
        assert_eq!(j[0].value(), "journey-j");
        assert_eq!(j[0].vehicle_registration.as_deref(), Some("AB"));
        assert_eq!(state_text(&j[0].state), "in progress");
    }
}
