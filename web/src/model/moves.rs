//! Moves as the supplier's pages read them: with person, locations and journeys.

use basm_core::context::{Member, MoveFacts};
use serde_json::Value;

use super::{Location, included, number, optional, text};

/// A member of a resource as the page knows it: absent from the document → unknown;
/// `null` → known empty; a value → known (numbers and booleans as their text).
fn member(resource: &Value, pointer: &str) -> Member<String> {
    match resource.pointer(pointer) {
        None => Member::Unknown,
        Some(Value::Null) => Member::Null,
        Some(Value::String(s)) => Member::Value(s.clone()),
        Some(other) => Member::Value(other.to_string()),
    }
}

/// A relationship's id as the page knows it: no `relationships.<name>.data` → unknown;
/// `data: null` → known empty; else its id.
fn relationship(resource: &Value, name: &str) -> Member<String> {
    match resource.pointer(&format!("/relationships/{name}/data")) {
        None => Member::Unknown,
        Some(Value::Null) => Member::Null,
        Some(data) => Member::from(optional(data, "/id")),
    }
}

/// What the page knows of a move, for core: exactly what the document it read carries —
/// each attribute and relationship present is known (`null` is known empty: a move whose
/// `profile` is `null` has no person), everything else is left unknown, so core skips the
/// checks that need it instead of guessing. The person is known when the profile and its
/// person relationship are in `included`, and known empty when there is no profile.
pub fn move_facts(document: &Value, resource: &Value) -> MoveFacts {
    let attribute = |name: &str| member(resource, &format!("/attributes/{name}"));
    let profile_id = relationship(resource, "profile");
    let person_id = match &profile_id {
        Member::Value(profile) => included(document, "profiles", profile)
            .map_or(Member::Unknown, |p| relationship(p, "person")),
        Member::Null => Member::Null,
        Member::Unknown => Member::Unknown,
    };
    let has_lockout = match resource.pointer("/attributes/is_lockout") {
        None => Member::Unknown,
        Some(Value::Bool(b)) => Member::Value(*b),
        Some(_) => Member::Null,
    };
    MoveFacts {
        status: attribute("status"),
        reference: attribute("reference"),
        move_type: attribute("move_type"),
        from_location_id: relationship(resource, "from_location"),
        to_location_id: relationship(resource, "to_location"),
        profile_id,
        person_id,
        allocation_id: relationship(resource, "allocation"),
        date: attribute("date"),
        date_from: attribute("date_from"),
        date_to: attribute("date_to"),
        supplier_id: relationship(resource, "supplier"),
        has_lockout,
        cancellation_reason: attribute("cancellation_reason"),
        rejection_reason: attribute("rejection_reason"),
    }
}

/// A move with what the supplier's pages show of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SupplierMove {
    /// Id.
    pub id: String,
    /// Reference, e.g. `ABC1234D`.
    pub reference: String,
    /// Status.
    pub status: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Move type, e.g. `prison_transfer`.
    pub move_type: String,
    /// The person's name, when a profile and its person are included.
    pub person_name: Option<String>,
    /// The person's prison number, when included.
    pub prison_number: Option<String>,
    /// Whether a person is assigned (a profile).
    pub has_profile: bool,
    /// The profile's id, when one is assigned.
    pub profile_id: Option<String>,
    /// The person's id, when the profile and its person are included.
    pub person_id: Option<String>,
    /// The from location's id.
    pub from_location_id: Option<String>,
    /// The to location's id.
    pub to_location_id: Option<String>,
    /// What the page knows of the move, for core ([`move_facts`]).
    pub facts: MoveFacts,
    /// From: the location's name, or its id when not included.
    pub from: String,
    /// To: the location's name, or its id when not included (empty for none).
    pub to: String,
    /// The allocation id, if any.
    pub allocation_id: Option<String>,
    /// Why it was cancelled.
    pub cancellation_reason: String,
    /// Cancellation comment.
    pub cancellation_reason_comment: String,
}

impl SupplierMove {
    /// Reads a `moves` resource, taking person and locations from the document's `included`.
    pub fn from_resource(document: &Value, resource: &Value) -> SupplierMove {
        let profile = optional(resource, "/relationships/profile/data/id");
        let person_id = profile
            .as_deref()
            .and_then(|p| included(document, "profiles", p))
            .and_then(|p| optional(p, "/relationships/person/data/id"));
        let person = person_id
            .as_deref()
            .and_then(|person| included(document, "people", person));
        let person_name = person
            .map(|p| {
                format!(
                    "{} {}",
                    text(p, "/attributes/first_names"),
                    text(p, "/attributes/last_name")
                )
                .trim()
                .to_owned()
            })
            .filter(|n| !n.is_empty());
        SupplierMove {
            id: text(resource, "/id"),
            reference: text(resource, "/attributes/reference"),
            status: text(resource, "/attributes/status"),
            date: text(resource, "/attributes/date"),
            move_type: text(resource, "/attributes/move_type"),
            person_name,
            prison_number: person.and_then(|p| optional(p, "/attributes/prison_number")),
            has_profile: profile.is_some(),
            facts: move_facts(document, resource),
            profile_id: profile,
            person_id,
            from_location_id: optional(resource, "/relationships/from_location/data/id"),
            to_location_id: optional(resource, "/relationships/to_location/data/id"),
            from: location_name(document, resource, "from_location"),
            to: location_name(document, resource, "to_location"),
            allocation_id: optional(resource, "/relationships/allocation/data/id"),
            cancellation_reason: text(resource, "/attributes/cancellation_reason"),
            cancellation_reason_comment: text(resource, "/attributes/cancellation_reason_comment"),
        }
    }

    /// `DOMSANIGH CASEDY (G8133UA)`, or what is known.
    pub fn person(&self) -> String {
        match (&self.person_name, &self.prison_number) {
            (Some(name), Some(number)) => format!("{name} ({number})"),
            (Some(name), None) => name.clone(),
            (None, Some(number)) => number.clone(),
            (None, None) if self.has_profile => "Person added".to_owned(),
            (None, None) => "No person yet".to_owned(),
        }
    }

    /// The reference, or "Not known".
    pub fn reference_text(&self) -> String {
        if self.reference.is_empty() {
            "Not known".to_owned()
        } else {
            self.reference.clone()
        }
    }
}

/// The display name of the location a resource's `relationship` points to.
fn location_name(document: &Value, resource: &Value, relationship: &str) -> String {
    let Some(id) = optional(resource, &format!("/relationships/{relationship}/data/id")) else {
        return String::new();
    };
    included(document, "locations", &id)
        .map(|l| Location::from_resource(l).display())
        .unwrap_or(id)
}

/// A moves list document: the moves in the API's order, and the number of pages.
pub fn move_list(document: &Value) -> (Vec<SupplierMove>, u32) {
    let moves = document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| {
            data.iter()
                .map(|m| SupplierMove::from_resource(document, m))
                .filter(|m| !m.id.is_empty())
                .collect()
        })
        .unwrap_or_default();
    (
        moves,
        number(document, "/meta/pagination/total_pages").max(1),
    )
}

/// A move document (`GET /api/moves/:id`), or `None` when it has no move.
pub fn move_document(document: &Value) -> Option<SupplierMove> {
    let data = document.get("data")?;
    let found = SupplierMove::from_resource(document, data);
    (!found.id.is_empty()).then_some(found)
}

/// A journey of a move.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Journey {
    /// Id.
    pub id: String,
    /// `proposed`, `in_progress`, …
    pub state: String,
    /// From: name or id.
    pub from: String,
    /// To: name or id.
    pub to: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The vehicle's registration, if given.
    pub vehicle: Option<String>,
}

/// A journeys list document (`GET /api/moves/:id/journeys`).
pub fn journeys(document: &Value) -> Vec<Journey> {
    document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| {
            data.iter()
                .map(|j| Journey {
                    id: text(j, "/id"),
                    state: text(j, "/attributes/state"),
                    from: location_name(document, j, "from_location"),
                    to: location_name(document, j, "to_location"),
                    date: text(j, "/attributes/date"),
                    vehicle: optional(j, "/attributes/vehicle/registration"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The label of a journey state.
pub fn journey_state(key: &str) -> &str {
    match key {
        "proposed" => "Proposed",
        "rejected" => "Rejected",
        "in_progress" => "In progress",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn list() -> Value {
        json!({
            "data": [
                {"id": "m1", "type": "moves", "attributes": {"reference": "PFR2863M", "status": "requested",
                    "date": "2020-07-22", "move_type": "prison_transfer"},
                 "relationships": {"profile": {"data": {"id": "p1", "type": "profiles"}},
                    "from_location": {"data": {"id": "l1", "type": "locations"}},
                    "to_location": {"data": {"id": "l2", "type": "locations"}},
                    "allocation": {"data": {"id": "a1", "type": "allocations"}}}},
                {"id": "m2", "type": "moves", "attributes": {"reference": null, "status": "booked"},
                 "relationships": {"profile": {"data": null},
                    "from_location": {"data": {"id": "l1", "type": "locations"}},
                    "to_location": {"data": {"id": "lx", "type": "locations"}}}},
                {"type": "moves"}
            ],
            "included": [
                {"id": "p1", "type": "profiles", "relationships": {"person": {"data": {"id": "pe1", "type": "people"}}}},
                {"id": "pe1", "type": "people", "attributes": {"first_names": "DOMSANIGH", "last_name": "CASEDY",
                    "prison_number": "G8133UA"}},
                {"id": "l1", "type": "locations", "attributes": {"title": "BRINSFORD (HMP)", "nomis_agency_id": "BSI"}},
                {"id": "l2", "type": "locations", "attributes": {"title": "ISLE OF WIGHT (HMP)", "nomis_agency_id": "IWI"}}
            ],
            "meta": {"pagination": {"total_pages": 3}}
        })
    }

    #[test]
    fn reads_the_walkthrough_list() {
        let (moves, pages) = move_list(&list());
        assert_eq!(pages, 3);
        assert_eq!(moves.len(), 2);
        assert_eq!(moves[0].person(), "DOMSANIGH CASEDY (G8133UA)");
        assert_eq!(moves[0].from, "BRINSFORD (HMP) (BSI)");
        assert_eq!(moves[0].to, "ISLE OF WIGHT (HMP) (IWI)");
        assert_eq!(moves[0].allocation_id.as_deref(), Some("a1"));
        assert_eq!(moves[1].person(), "No person yet");
        assert_eq!(moves[1].to, "lx");
        assert_eq!(moves[1].reference_text(), "Not known");
        // What the page knows of each move, for core: a null profile is known empty.
        use basm_core::context::Member;
        let known = |s: &str| Member::Value(s.to_owned());
        assert_eq!(moves[0].facts.profile_id, known("p1"));
        assert_eq!(moves[0].facts.person_id, known("pe1"));
        assert_eq!(moves[0].facts.status, known("requested"));
        assert_eq!(moves[0].facts.allocation_id, known("a1"));
        assert_eq!(moves[0].facts.supplier_id, Member::Unknown);
        assert_eq!(moves[1].facts.profile_id, Member::Null);
        assert_eq!(moves[1].facts.person_id, Member::Null);
        assert_eq!(moves[1].facts.reference, Member::Null);
        assert_eq!(moves[1].facts.date, Member::Unknown);
        assert_eq!(moves[1].facts.allocation_id, Member::Unknown);
        assert_eq!(move_list(&json!({})), (Vec::new(), 1));
    }

    #[test]
    fn reads_one_move_and_its_journeys() {
        let document =
            json!({"data": list()["data"][0].clone(), "included": list()["included"].clone()});
        let found = move_document(&document).unwrap();
        assert_eq!(found.reference, "PFR2863M");
        assert!(move_document(&json!({"data": {}})).is_none());
        let journeys = journeys(&json!({"data": [
            {"id": "j1", "attributes": {"state": "in_progress", "date": "2020-07-22",
                "vehicle": {"id": "v", "registration": "AB12 CDE"}},
             "relationships": {"from_location": {"data": {"id": "l1"}}, "to_location": {"data": {"id": "l2"}}}}],
            "included": [{"id": "l1", "type": "locations", "attributes": {"title": "A", "nomis_agency_id": "A1"}}]}));
        assert_eq!(journeys[0].vehicle.as_deref(), Some("AB12 CDE"));
        assert_eq!(journeys[0].from, "A (A1)");
        assert_eq!(journeys[0].to, "l2");
        assert_eq!(journey_state(&journeys[0].state), "In progress");
    }
}
