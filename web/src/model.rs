//! What the API answers, read from its JSON:API documents into plain structs. Lenient: a
//! missing member gives an empty value, never a failure, so one odd record cannot blank a
//! page.

pub mod events;
pub mod moves;
pub mod people;

use serde_json::Value;

pub(crate) fn text(value: &Value, pointer: &str) -> String {
    match value.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

pub(crate) fn number(value: &Value, pointer: &str) -> u32 {
    match value.pointer(pointer) {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

pub(crate) fn optional(value: &Value, pointer: &str) -> Option<String> {
    Some(text(value, pointer)).filter(|s| !s.is_empty())
}

/// A location of the reference list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// Id.
    pub id: String,
    /// Name, e.g. `HMP Brinsford`.
    pub title: String,
    /// NOMIS agency code, e.g. `BSI`.
    pub code: String,
    /// `prison`, `court`, …
    pub location_type: String,
    /// Flagged by the API as a young offender institution (of the youth estate).
    pub young_offender_institution: bool,
}

/// A place as the pages name it: `HMP Brinsford (BSI)`, or the title alone without a code.
pub fn place_name(title: &str, code: &str) -> String {
    if code.is_empty() {
        title.to_owned()
    } else {
        format!("{title} ({code})")
    }
}

impl Location {
    fn from_resource(resource: &Value) -> Location {
        Location {
            id: text(resource, "/id"),
            title: text(resource, "/attributes/title"),
            code: text(resource, "/attributes/nomis_agency_id"),
            location_type: text(resource, "/attributes/location_type"),
            young_offender_institution: resource
                .pointer("/attributes/young_offender_institution")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }
    }

    /// `HMP Brinsford (BSI)`.
    pub fn display(&self) -> String {
        place_name(&self.title, &self.code)
    }
}

/// The locations of a list document (`data` array), prisons first then by name.
pub fn locations(document: &Value) -> Vec<Location> {
    let mut list: Vec<Location> = document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| data.iter().map(Location::from_resource).collect())
        .unwrap_or_default();
    list.retain(|l| !l.id.is_empty());
    list
}

/// The name of location `id` from `locations`, or the id itself.
pub fn location_name(locations: &[Location], id: &str) -> String {
    locations
        .iter()
        .find(|l| l.id == id)
        .map(Location::display)
        .unwrap_or_else(|| id.to_owned())
}

/// The path (with its query) of the next page of a list document, from its `links.next`.
/// The API makes that link absolute from its own host without the port
/// (`Serializable#url_for_page`: `request.protocol + request.host + request.path`), so only
/// the path and query are kept: the request goes to the API this app talks to.
pub fn next_page_path(document: &Value) -> Option<String> {
    let next = document.pointer("/links/next")?.as_str()?;
    let path = match next.find("://") {
        Some(scheme) => {
            let rest = &next[scheme + 3..];
            &rest[rest.find('/')?..]
        }
        None => next,
    };
    path.starts_with('/').then(|| path.to_owned())
}

/// `per_page` and paging totals of a list document.
pub fn total_pages(document: &Value) -> u32 {
    number(document, "/meta/pagination/total_pages").max(1)
}

/// Total records of a list document.
pub fn total_objects(document: &Value) -> u32 {
    number(document, "/meta/pagination/total_objects")
}

/// The reference complex cases (`GET /api/reference/allocation_complex_cases`).
pub fn complex_cases(document: &Value) -> Vec<basm_core::forms::ComplexCase> {
    document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| {
            data.iter()
                .map(|r| basm_core::forms::ComplexCase {
                    id: text(r, "/id"),
                    key: text(r, "/attributes/key"),
                    title: text(r, "/attributes/title"),
                })
                .filter(|c| !c.key.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// One complex-case answer stored on an allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexCaseAnswer {
    /// Key.
    pub key: String,
    /// Title.
    pub title: String,
    /// Whether the case is acceptable.
    pub answer: bool,
}

/// An allocation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Allocation {
    /// Id.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Places (non-cancelled moves).
    pub moves_count: u32,
    /// `unfilled`, `filled`, `cancelled`.
    pub status: String,
    /// Estate key.
    pub estate: String,
    /// Details of an other estate.
    pub estate_comment: String,
    /// Category key.
    pub prisoner_category: String,
    /// Sentence length key, empty for any.
    pub sentence_length: String,
    /// Details of an other sentence length.
    pub sentence_length_comment: String,
    /// Complex cases.
    pub complex_cases: Vec<ComplexCaseAnswer>,
    /// Must every place be filled.
    pub complete_in_full: bool,
    /// Other criteria.
    pub other_criteria: String,
    /// Who asked for it.
    pub requested_by: String,
    /// Why it was cancelled.
    pub cancellation_reason: String,
    /// Cancellation comment.
    pub cancellation_reason_comment: String,
    /// When it was created (ISO 8601), when the API says.
    pub created_at: String,
    /// From location id.
    pub from_location: String,
    /// To location id.
    pub to_location: String,
    /// Its moves' ids.
    pub move_ids: Vec<String>,
    /// Places filled (`meta.moves.filled`).
    pub filled: u32,
    /// Places in total (`meta.moves.total`, else `moves_count`).
    pub total: u32,
}

impl Allocation {
    /// How full it is, as its tag says it, with the tag's colour class: `Cancelled`,
    /// `Filled`, `None added` or `2 added`.
    pub fn progress(&self) -> (String, &'static str) {
        if self.is_cancelled() {
            ("Cancelled".to_owned(), "govuk-tag--grey")
        } else if self.total > 0 && self.filled >= self.total {
            ("Filled".to_owned(), "govuk-tag--green")
        } else if self.filled == 0 {
            ("None added".to_owned(), "govuk-tag--red")
        } else {
            (format!("{} added", self.filled), "govuk-tag--yellow")
        }
    }

    /// Reads one `allocations` resource.
    pub fn from_resource(resource: &Value) -> Allocation {
        let complex_cases = resource
            .pointer("/attributes/complex_cases")
            .and_then(Value::as_array)
            .map(|cases| {
                cases
                    .iter()
                    .map(|c| ComplexCaseAnswer {
                        key: text(c, "/key"),
                        title: text(c, "/title"),
                        answer: c.get("answer").and_then(Value::as_bool).unwrap_or(false),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let move_ids = resource
            .pointer("/relationships/moves/data")
            .and_then(Value::as_array)
            .map(|moves| moves.iter().map(|m| text(m, "/id")).collect())
            .unwrap_or_default();
        let moves_count = number(resource, "/attributes/moves_count");
        let total = match resource.pointer("/meta/moves/total") {
            Some(_) => number(resource, "/meta/moves/total"),
            None => moves_count,
        };
        Allocation {
            id: text(resource, "/id"),
            date: text(resource, "/attributes/date"),
            moves_count,
            status: text(resource, "/attributes/status"),
            estate: text(resource, "/attributes/estate"),
            estate_comment: text(resource, "/attributes/estate_comment"),
            prisoner_category: text(resource, "/attributes/prisoner_category"),
            sentence_length: text(resource, "/attributes/sentence_length"),
            sentence_length_comment: text(resource, "/attributes/sentence_length_comment"),
            complex_cases,
            complete_in_full: resource
                .pointer("/attributes/complete_in_full")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            other_criteria: text(resource, "/attributes/other_criteria"),
            requested_by: text(resource, "/attributes/requested_by"),
            cancellation_reason: text(resource, "/attributes/cancellation_reason"),
            cancellation_reason_comment: text(resource, "/attributes/cancellation_reason_comment"),
            created_at: text(resource, "/attributes/created_at"),
            from_location: text(resource, "/relationships/from_location/data/id"),
            to_location: text(resource, "/relationships/to_location/data/id"),
            move_ids,
            filled: number(resource, "/meta/moves/filled"),
            total,
        }
    }

    /// Whether it is cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.status == "cancelled"
    }
}

/// A move of an allocation: one place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Move {
    /// Id.
    pub id: String,
    /// Reference, e.g. `ABC1234D`.
    pub reference: String,
    /// Status.
    pub status: String,
    /// Whether a person is assigned (a profile).
    pub has_profile: bool,
    /// The person's name, when included.
    pub person_name: Option<String>,
    /// The person's prison number, when included.
    pub prison_number: Option<String>,
    /// What the page knows of the move, for core ([`moves::move_facts`]).
    pub facts: basm_core::context::MoveFacts,
}

impl Move {
    /// Whether this place can be removed (cancelled) by PMU: empty and still open.
    pub fn is_removable(&self) -> bool {
        !self.has_profile && matches!(self.status.as_str(), "proposed" | "requested" | "booked")
    }
}

/// The resource of `type`/`id` in `included`.
pub fn included<'a>(document: &'a Value, resource_type: &str, id: &str) -> Option<&'a Value> {
    document
        .get("included")?
        .as_array()?
        .iter()
        .find(|r| text(r, "/type") == resource_type && text(r, "/id") == id)
}

/// An allocation document (`GET /api/allocations/:id` with moves included): the
/// allocation, its moves in its order (cancelled ones left out), and the included locations.
pub fn allocation_document(document: &Value) -> Option<(Allocation, Vec<Move>, Vec<Location>)> {
    let data = document.get("data")?;
    let allocation = Allocation::from_resource(data);
    if allocation.id.is_empty() {
        return None;
    }
    let mut moves = Vec::new();
    for id in &allocation.move_ids {
        let Some(resource) = included(document, "moves", id) else {
            moves.push(Move {
                id: id.clone(),
                ..Move::default()
            });
            continue;
        };
        let profile = optional(resource, "/relationships/profile/data/id");
        let person = profile
            .as_deref()
            .and_then(|p| included(document, "profiles", p))
            .and_then(|p| optional(p, "/relationships/person/data/id"))
            .and_then(|person| included(document, "people", &person));
        let person_name = person.map(|p| {
            format!(
                "{} {}",
                text(p, "/attributes/first_names"),
                text(p, "/attributes/last_name")
            )
            .trim()
            .to_owned()
        });
        moves.push(Move {
            id: id.clone(),
            reference: text(resource, "/attributes/reference"),
            status: text(resource, "/attributes/status"),
            has_profile: profile.is_some(),
            person_name: person_name.filter(|n| !n.is_empty()),
            prison_number: person.and_then(|p| optional(p, "/attributes/prison_number")),
            facts: moves::move_facts(document, resource),
        });
    }
    moves.retain(|m| m.status != "cancelled");
    let locations = document
        .get("included")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter(|r| text(r, "/type") == "locations")
                .map(Location::from_resource)
                .collect()
        })
        .unwrap_or_default();
    Some((allocation, moves, locations))
}

/// A list document (`GET /api/allocations`): the allocations and included locations.
pub fn allocation_list(document: &Value) -> (Vec<Allocation>, Vec<Location>) {
    let allocations = document
        .get("data")
        .and_then(Value::as_array)
        .map(|data| data.iter().map(Allocation::from_resource).collect())
        .unwrap_or_default();
    let locations = document
        .get("included")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter(|r| text(r, "/type") == "locations")
                .map(Location::from_resource)
                .collect()
        })
        .unwrap_or_default();
    (allocations, locations)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document() -> Value {
        json!({
            "data": {"id": "al-1", "type": "allocations",
                "attributes": {"date": "2026-05-22", "moves_count": 2, "status": "unfilled",
                    "estate": "adult_male", "prisoner_category": "b", "sentence_length": null,
                    "complete_in_full": true, "other_criteria": "<b>tall</b>",
                    "requested_by": "Iama Requestor",
                    "complex_cases": [{"key": "self_harm", "title": "Self harm", "answer": false}]},
                "relationships": {
                    "from_location": {"data": {"id": "loc-b", "type": "locations"}},
                    "to_location": {"data": {"id": "loc-i", "type": "locations"}},
                    "moves": {"data": [{"id": "m1", "type": "moves"}, {"id": "m2", "type": "moves"},
                                       {"id": "m3", "type": "moves"}]}},
                "meta": {"moves": {"total": 2, "filled": 1, "unfilled": 1}}},
            "included": [
                {"id": "loc-b", "type": "locations", "attributes": {"title": "HMP Brinsford",
                    "nomis_agency_id": "BSI", "location_type": "prison"}},
                {"id": "m1", "type": "moves", "attributes": {"reference": "ABC1234D", "status": "requested"},
                    "relationships": {"profile": {"data": null}}},
                {"id": "m2", "type": "moves", "attributes": {"reference": "XYZ", "status": "booked"},
                    "relationships": {"profile": {"data": {"id": "p1", "type": "profiles"}}}},
                {"id": "m3", "type": "moves", "attributes": {"reference": "OLD", "status": "cancelled"}},
                {"id": "p1", "type": "profiles", "relationships": {"person": {"data": {"id": "pe1", "type": "people"}}}},
                {"id": "pe1", "type": "people", "attributes": {"first_names": "Ada", "last_name": "Lovelace",
                    "prison_number": "A1234BC"}}
            ]
        })
    }

    #[test]
    fn reads_an_allocation_with_moves() {
        let (allocation, moves, locations) = allocation_document(&document()).unwrap();
        assert_eq!(allocation.id, "al-1");
        assert_eq!(allocation.moves_count, 2);
        assert_eq!(allocation.sentence_length, "");
        assert_eq!(allocation.other_criteria, "<b>tall</b>");
        assert_eq!(allocation.filled, 1);
        assert_eq!(allocation.total, 2);
        assert_eq!(allocation.from_location, "loc-b");
        assert_eq!(allocation.complex_cases[0].key, "self_harm");
        assert_eq!(moves.len(), 2);
        assert!(moves[0].is_removable());
        assert!(!moves[1].is_removable());
        assert_eq!(moves[1].person_name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(moves[1].prison_number.as_deref(), Some("A1234BC"));
        assert_eq!(location_name(&locations, "loc-b"), "HMP Brinsford (BSI)");
        assert_eq!(location_name(&locations, "loc-x"), "loc-x");
    }

    #[test]
    fn lenient_on_odd_documents() {
        assert!(allocation_document(&json!({})).is_none());
        let a = Allocation::from_resource(&json!({"id": "x", "attributes": {"moves_count": "3"}}));
        assert_eq!((a.moves_count, a.total, a.filled), (3, 3, 0));
        let (list, locations) = allocation_list(&json!({"data": [{"id": "a"}, {"id": "b"}]}));
        assert_eq!(list.len(), 2);
        assert!(locations.is_empty());
        assert_eq!(total_pages(&json!({})), 1);
        assert_eq!(
            total_objects(&json!({"meta": {"pagination": {"total_objects": 7}}})),
            7
        );
    }

    #[test]
    fn next_pages() {
        let doc = |next: Value| json!({"data": [], "links": {"next": next}});
        assert_eq!(
            next_page_path(&doc(json!(
                "http://localhost/api/reference/locations?per_page=2000&page=2"
            )))
            .as_deref(),
            Some("/api/reference/locations?per_page=2000&page=2")
        );
        assert_eq!(
            next_page_path(&doc(json!("/api/reference/locations?page=3"))).as_deref(),
            Some("/api/reference/locations?page=3")
        );
        assert_eq!(next_page_path(&doc(Value::Null)), None);
        assert_eq!(next_page_path(&json!({})), None);
        assert_eq!(next_page_path(&doc(json!("https://host"))), None);
    }

    #[test]
    fn reference_lists() {
        let doc = json!({"data": [
            {"id": "l1", "type": "locations", "attributes": {"title": "HMP Isle of Wight", "nomis_agency_id": "IWI", "location_type": "prison"}},
            {"id": "", "type": "locations"}]});
        let list = locations(&doc);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].display(), "HMP Isle of Wight (IWI)");
        let cases = complex_cases(&json!({"data": [
            {"id": "c1", "attributes": {"key": "hold_separately", "title": "Segregated prisoners"}}]}));
        assert_eq!(cases[0].key, "hold_separately");
    }
}
