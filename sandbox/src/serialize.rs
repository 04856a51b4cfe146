//! JSON:API documents in the shapes the API's serializers produce (walkthrough 6.2 shows a
//! move list with `included` profiles, people and locations), with `include=` compound
//! documents built in the serializer's order: for each record, each include path in the order
//! asked, each level of a dotted path in turn, every resource once.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use serde_json::{Map, Value, json};

use crate::clock;
use crate::db::{
    self, Allocation, DbResult, Event, Journey, Location, Lodging, Move, Person, Profile,
};
use crate::seed;

/// The `include=` paths of a request, in the order asked.
#[derive(Debug, Clone, Default)]
pub struct Includes {
    paths: Vec<Vec<String>>,
}

impl Includes {
    /// From the `include` query parameter (comma-separated; core has already refused paths
    /// the endpoint does not support).
    pub fn parse(value: Option<&str>) -> Self {
        let paths = value
            .unwrap_or("")
            .split(',')
            .filter(|p| !p.is_empty())
            .map(|p| p.split('.').map(str::to_owned).collect())
            .collect();
        Includes { paths }
    }

    /// Whether `name` (a first-level relationship) is asked for, alone or as a prefix.
    pub fn has(&self, name: &str) -> bool {
        self.paths
            .iter()
            .any(|p| p.first().is_some_and(|f| f == name))
    }

    /// The paths, each as its segments.
    pub fn paths(&self) -> &[Vec<String>] {
        &self.paths
    }

    /// The paths below `name` (`moves.profile.person` → `profile.person` under `moves`).
    pub fn below(&self, name: &str) -> Includes {
        Includes {
            paths: self
                .paths
                .iter()
                .filter(|p| p.first().is_some_and(|f| f == name) && p.len() > 1)
                .map(|p| p[1..].to_vec())
                .collect(),
        }
    }
}

/// Reads the records a document refers to, once each per request.
pub struct Loader<'c> {
    /// The connection.
    pub conn: &'c Connection,
    locations: BTreeMap<String, Option<Location>>,
    location_suppliers: BTreeMap<String, Vec<String>>,
    people: BTreeMap<String, Option<Person>>,
    profiles: BTreeMap<String, Option<Profile>>,
    person_profiles: BTreeMap<String, Vec<String>>,
}

impl<'c> Loader<'c> {
    /// A loader over a connection.
    pub fn new(conn: &'c Connection) -> Self {
        Loader {
            conn,
            locations: BTreeMap::new(),
            location_suppliers: BTreeMap::new(),
            people: BTreeMap::new(),
            profiles: BTreeMap::new(),
            person_profiles: BTreeMap::new(),
        }
    }

    /// A location.
    pub fn location(&mut self, id: &str) -> DbResult<Option<Location>> {
        if let Some(l) = self.locations.get(id) {
            return Ok(l.clone());
        }
        let l = db::location(self.conn, id)?;
        self.locations.insert(id.to_owned(), l.clone());
        Ok(l)
    }

    fn suppliers_of(&mut self, location_id: &str) -> DbResult<Vec<String>> {
        if let Some(s) = self.location_suppliers.get(location_id) {
            return Ok(s.clone());
        }
        let s = db::location_supplier_ids(self.conn, location_id)?;
        self.location_suppliers
            .insert(location_id.to_owned(), s.clone());
        Ok(s)
    }

    /// A person.
    pub fn person(&mut self, id: &str) -> DbResult<Option<Person>> {
        if let Some(p) = self.people.get(id) {
            return Ok(p.clone());
        }
        let p = db::person(self.conn, id)?;
        self.people.insert(id.to_owned(), p.clone());
        Ok(p)
    }

    /// A profile.
    pub fn profile(&mut self, id: &str) -> DbResult<Option<Profile>> {
        if let Some(p) = self.profiles.get(id) {
            return Ok(p.clone());
        }
        let p = db::profile(self.conn, id)?;
        self.profiles.insert(id.to_owned(), p.clone());
        Ok(p)
    }

    fn profiles_of(&mut self, person_id: &str) -> DbResult<Vec<String>> {
        if let Some(p) = self.person_profiles.get(person_id) {
            return Ok(p.clone());
        }
        let p = db::profile_ids_of_person(self.conn, person_id)?;
        self.person_profiles.insert(person_id.to_owned(), p.clone());
        Ok(p)
    }
}

/// The `included` member being built: each resource once, in order.
#[derive(Debug, Default)]
pub struct Included {
    items: Vec<Value>,
    seen: BTreeSet<(String, String)>,
}

impl Included {
    /// Adds a resource unless it is already there (or is the primary data).
    pub fn add(&mut self, resource: Value) {
        let key = (
            resource["type"].as_str().unwrap_or_default().to_owned(),
            resource["id"].as_str().unwrap_or_default().to_owned(),
        );
        if self.seen.insert(key) {
            self.items.push(resource);
        }
    }

    /// Whether a resource is already there (saves building it again).
    pub fn contains(&self, resource_type: &str, id: &str) -> bool {
        self.seen
            .contains(&(resource_type.to_owned(), id.to_owned()))
    }

    /// Marks a primary resource so it is never repeated in `included`.
    pub fn exclude(&mut self, resource_type: &str, id: &str) {
        self.seen.insert((resource_type.to_owned(), id.to_owned()));
    }

    /// Whether anything was included.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The resources.
    pub fn into_vec(self) -> Vec<Value> {
        self.items
    }
}

/// `{"data": {"id": …, "type": …}}`, or `{"data": null}`.
pub fn to_one(resource_type: &str, id: Option<&str>) -> Value {
    match id {
        Some(id) => json!({ "data": { "id": id, "type": resource_type } }),
        None => json!({ "data": null }),
    }
}

/// `{"data": [{"id": …, "type": …}, …]}`.
pub fn to_many<'a>(resource_type: &str, ids: impl IntoIterator<Item = &'a String>) -> Value {
    let data: Vec<Value> = ids
        .into_iter()
        .map(|id| json!({ "id": id, "type": resource_type }))
        .collect();
    json!({ "data": data })
}

/// A location resource.
pub fn location(loader: &mut Loader<'_>, l: &Location) -> DbResult<Value> {
    let suppliers = loader.suppliers_of(&l.id)?;
    Ok(json!({
        "id": l.id,
        "type": "locations",
        "attributes": {
            "key": l.key,
            "title": l.title,
            "location_type": l.location_type,
            "nomis_agency_id": l.nomis_agency_id,
            "can_upload_documents": l.can_upload_documents,
            "disabled_at": l.disabled_at,
        },
        "relationships": { "suppliers": to_many("suppliers", &suppliers) }
    }))
}

/// A supplier resource.
pub fn supplier(s: &db::Supplier) -> Value {
    json!({ "id": s.id, "type": "suppliers", "attributes": { "key": s.key, "name": s.name } })
}

fn reference_item(resource_type: &str, id: &str, key: &str, title: &str, code: &str) -> Value {
    json!({
        "id": id,
        "type": resource_type,
        "attributes": { "key": key, "title": title, "description": null, "nomis_code": code, "disabled_at": null }
    })
}

/// A gender resource, when the id is a seeded gender.
pub fn gender(id: &str) -> Option<Value> {
    seed::genders()
        .into_iter()
        .find(|g| g.0 == id)
        .map(|(id, key, title, code)| reference_item("genders", &id, key, title, code))
}

/// An ethnicity resource, when the id is a seeded ethnicity.
pub fn ethnicity(id: &str) -> Option<Value> {
    seed::ethnicities()
        .into_iter()
        .find(|e| e.0 == id)
        .map(|(id, key, title, code)| reference_item("ethnicities", &id, key, title, code))
}

/// A person resource (v2).
pub fn person(loader: &mut Loader<'_>, p: &Person) -> DbResult<Value> {
    let profiles = loader.profiles_of(&p.id)?;
    Ok(json!({
        "id": p.id,
        "type": "people",
        "attributes": {
            "first_names": p.first_names,
            "last_name": p.last_name,
            "date_of_birth": p.date_of_birth,
            "gender_additional_information": p.gender_additional_information,
            "prison_number": p.prison_number,
            "criminal_records_office": p.criminal_records_office,
            "police_national_computer": p.police_national_computer,
        },
        "relationships": {
            "ethnicity": to_one("ethnicities", p.ethnicity_id.as_deref()),
            "gender": to_one("genders", p.gender_id.as_deref()),
            "profiles": to_many("profiles", &profiles),
        }
    }))
}

/// Adds a person's included relationships (`profiles`, `ethnicity`, `gender`).
pub fn include_person(
    loader: &mut Loader<'_>,
    inc: &mut Included,
    p: &Person,
    includes: &Includes,
) -> DbResult<()> {
    for path in includes.paths() {
        match path.first().map(String::as_str) {
            Some("profiles") => {
                for id in loader.profiles_of(&p.id)? {
                    if let Some(profile) = loader.profile(&id)? {
                        inc.add(self::profile(&profile));
                    }
                }
            }
            Some("ethnicity") => inc.extend(p.ethnicity_id.as_deref().and_then(ethnicity)),
            Some("gender") => inc.extend(p.gender_id.as_deref().and_then(gender)),
            _ => {}
        }
    }
    Ok(())
}

impl Included {
    fn extend(&mut self, resource: Option<Value>) {
        if let Some(r) = resource {
            self.add(r);
        }
    }
}

/// A profile resource.
pub fn profile(p: &Profile) -> Value {
    json!({
        "id": p.id,
        "type": "profiles",
        "attributes": { "assessment_answers": p.assessment_answers },
        "relationships": {
            "person": to_one("people", Some(&p.person_id)),
            "documents": { "data": [] },
        }
    })
}

/// Adds a profile's included relationships (`person` and below).
pub fn include_profile(
    loader: &mut Loader<'_>,
    inc: &mut Included,
    p: &Profile,
    path: &[String],
) -> DbResult<()> {
    if path.first().map(String::as_str) != Some("person") {
        return Ok(());
    }
    if let Some(person) = loader.person(&p.person_id)? {
        if !inc.contains("people", &person.id) {
            inc.add(self::person(loader, &person)?);
        }
        match path.get(1).map(String::as_str) {
            Some("ethnicity") => inc.extend(person.ethnicity_id.as_deref().and_then(ethnicity)),
            Some("gender") => inc.extend(person.gender_id.as_deref().and_then(gender)),
            _ => {}
        }
    }
    Ok(())
}

/// A move resource (v2), with the relationships the walkthrough shows, plus those asked for
/// in `include=` that the default serialization leaves out.
pub fn move_(conn: &Connection, m: &Move, includes: &Includes) -> DbResult<Value> {
    let mut relationships = Map::new();
    relationships.insert(
        "profile".into(),
        to_one("profiles", m.profile_id.as_deref()),
    );
    relationships.insert(
        "from_location".into(),
        to_one("locations", m.from_location_id.as_deref()),
    );
    relationships.insert(
        "to_location".into(),
        to_one("locations", m.to_location_id.as_deref()),
    );
    relationships.insert("prison_transfer_reason".into(), json!({ "data": null }));
    relationships.insert("court_hearings".into(), json!({ "data": [] }));
    relationships.insert(
        "allocation".into(),
        to_one("allocations", m.allocation_id.as_deref()),
    );
    relationships.insert(
        "original_move".into(),
        to_one("moves", m.original_move_id.as_deref()),
    );
    if includes.has("supplier") {
        relationships.insert(
            "supplier".into(),
            to_one("suppliers", m.supplier_id.as_deref()),
        );
    }
    if includes.has("important_events") {
        relationships.insert("important_events".into(), json!({ "data": [] }));
    }
    if includes.has("timeline_events") {
        let ids: Vec<String> = db::timeline_of_move(conn, &m.id)?
            .into_iter()
            .map(|e| e.id)
            .collect();
        relationships.insert("timeline_events".into(), to_many("events", &ids));
    }
    if includes.has("journeys") {
        let ids: Vec<String> = db::journeys_of_move(conn, &m.id)?
            .into_iter()
            .map(|j| j.id)
            .collect();
        relationships.insert("journeys".into(), to_many("journeys", &ids));
    }
    if includes.has("lodgings") {
        let ids: Vec<String> = db::lodgings_of_move(conn, &m.id)?
            .into_iter()
            .filter(|l| l.status != "cancelled")
            .map(|l| l.id)
            .collect();
        relationships.insert("lodgings".into(), to_many("lodgings", &ids));
    }
    Ok(json!({
        "id": m.id,
        "type": "moves",
        "attributes": {
            "additional_information": m.additional_information,
            "cancellation_reason": m.cancellation_reason,
            "cancellation_reason_comment": m.cancellation_reason_comment,
            "created_at": clock::london(m.created_at),
            "date": m.date,
            "date_from": m.date_from,
            "date_to": m.date_to,
            "move_agreed": m.move_agreed,
            "move_agreed_by": m.move_agreed_by,
            "move_type": m.move_type,
            "reference": m.reference,
            "rejection_reason": m.rejection_reason,
            "status": m.status,
            "time_due": m.time_due,
            "updated_at": clock::london(m.updated_at),
        },
        "relationships": Value::Object(relationships),
    }))
}

fn include_location(
    loader: &mut Loader<'_>,
    inc: &mut Included,
    id: Option<&str>,
    below: &[String],
) -> DbResult<()> {
    let Some(id) = id else { return Ok(()) };
    if let Some(l) = loader.location(id)? {
        if !inc.contains("locations", id) {
            inc.add(location(loader, &l)?);
        }
        if below.first().map(String::as_str) == Some("suppliers") {
            for sid in loader.suppliers_of(id)? {
                if let Some(s) = db::supplier(loader.conn, &sid)? {
                    inc.add(supplier(&s));
                }
            }
        }
    }
    Ok(())
}

/// Adds a move's included relationships, path by path in the order asked.
pub fn include_move(
    loader: &mut Loader<'_>,
    inc: &mut Included,
    m: &Move,
    includes: &Includes,
) -> DbResult<()> {
    for path in includes.paths() {
        let below = &path[1..];
        match path[0].as_str() {
            "profile" => {
                if let Some(pid) = &m.profile_id
                    && let Some(p) = loader.profile(pid)?
                {
                    if !inc.contains("profiles", pid) {
                        inc.add(profile(&p));
                    }
                    include_profile(loader, inc, &p, below)?;
                }
            }
            "from_location" => include_location(loader, inc, m.from_location_id.as_deref(), below)?,
            "to_location" => include_location(loader, inc, m.to_location_id.as_deref(), below)?,
            "allocation" => {
                if let Some(aid) = &m.allocation_id
                    && let Some(a) = db::allocation(loader.conn, aid)?
                {
                    let moves = db::moves_of_allocation(loader.conn, aid)?;
                    inc.add(allocation(&a, &moves));
                }
            }
            "original_move" => {
                if let Some(oid) = &m.original_move_id
                    && let Some(o) = db::get_move(loader.conn, oid)?
                {
                    inc.add(move_(loader.conn, &o, &Includes::default())?);
                }
            }
            "supplier" => {
                if let Some(sid) = &m.supplier_id
                    && let Some(s) = db::supplier(loader.conn, sid)?
                {
                    inc.add(supplier(&s));
                }
            }
            "timeline_events" => {
                for e in db::timeline_of_move(loader.conn, &m.id)? {
                    let resource = event(&e);
                    if let Some(name) = below.first() {
                        let id = resource["relationships"][name.as_str()]["data"]["id"]
                            .as_str()
                            .map(str::to_owned);
                        if name != "eventable" {
                            include_location(loader, inc, id.as_deref(), &[])?;
                        }
                    }
                    inc.add(resource);
                }
            }
            "journeys" => {
                for j in db::journeys_of_move(loader.conn, &m.id)? {
                    inc.add(journey(&j));
                    match below.first().map(String::as_str) {
                        Some("from_location") => {
                            include_location(loader, inc, Some(&j.from_location_id), &[])?
                        }
                        Some("to_location") => {
                            include_location(loader, inc, Some(&j.to_location_id), &[])?
                        }
                        _ => {}
                    }
                }
            }
            "lodgings" => {
                for l in db::lodgings_of_move(loader.conn, &m.id)? {
                    if l.status == "cancelled" {
                        continue;
                    }
                    inc.add(lodging(&l));
                    if below.first().map(String::as_str) == Some("location") {
                        include_location(loader, inc, Some(&l.location_id), &[])?;
                    }
                }
            }
            // prison_transfer_reason, court_hearings, important_events, PERs, … are empty here.
            _ => {}
        }
    }
    Ok(())
}

/// An allocation resource with its moves' totals in `meta.moves`.
pub fn allocation(a: &Allocation, moves: &[Move]) -> Value {
    let counted: Vec<&Move> = if a.status == "cancelled" {
        moves.iter().collect()
    } else {
        moves.iter().filter(|m| m.status != "cancelled").collect()
    };
    let filled = counted.iter().filter(|m| m.profile_id.is_some()).count();
    let ids: Vec<String> = moves.iter().map(|m| m.id.clone()).collect();
    json!({
        "id": a.id,
        "type": "allocations",
        "attributes": {
            "moves_count": a.moves_count,
            "date": a.date,
            "estate": a.estate,
            "estate_comment": a.estate_comment,
            "prisoner_category": a.prisoner_category,
            "sentence_length": a.sentence_length,
            "sentence_length_comment": a.sentence_length_comment,
            "complex_cases": a.complex_cases,
            "complete_in_full": a.complete_in_full,
            "other_criteria": a.other_criteria,
            "requested_by": a.requested_by,
            "status": a.status,
            "cancellation_reason": a.cancellation_reason,
            "cancellation_reason_comment": a.cancellation_reason_comment,
            "created_at": clock::london(a.created_at),
            "updated_at": clock::london(a.updated_at),
        },
        "relationships": {
            "from_location": to_one("locations", a.from_location_id.as_deref()),
            "to_location": to_one("locations", a.to_location_id.as_deref()),
            "moves": to_many("moves", &ids),
        },
        "meta": { "moves": { "total": counted.len(), "filled": filled, "unfilled": counted.len() - filled } }
    })
}

/// Adds an allocation's included relationships.
pub fn include_allocation(
    loader: &mut Loader<'_>,
    inc: &mut Included,
    a: &Allocation,
    moves: &[Move],
    includes: &Includes,
) -> DbResult<()> {
    for path in includes.paths() {
        match path[0].as_str() {
            "from_location" => {
                include_location(loader, inc, a.from_location_id.as_deref(), &path[1..])?
            }
            "to_location" => {
                include_location(loader, inc, a.to_location_id.as_deref(), &path[1..])?
            }
            "moves" => {
                let below = Includes {
                    paths: vec![path[1..].to_vec()],
                };
                for m in moves {
                    inc.add(move_(loader.conn, m, &Includes::default())?);
                    if path.len() > 1 {
                        include_move(loader, inc, m, &below)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A journey resource.
pub fn journey(j: &Journey) -> Value {
    json!({
        "id": j.id,
        "type": "journeys",
        "attributes": {
            "state": j.state,
            "billable": j.billable,
            "vehicle": j.vehicle,
            "date": j.date,
            "timestamp": clock::london(j.client_timestamp),
        },
        "relationships": {
            "from_location": to_one("locations", Some(&j.from_location_id)),
            "to_location": to_one("locations", Some(&j.to_location_id)),
        }
    })
}

/// Adds a journey's included locations.
pub fn include_journey(
    loader: &mut Loader<'_>,
    inc: &mut Included,
    j: &Journey,
    includes: &Includes,
) -> DbResult<()> {
    for path in includes.paths() {
        match path[0].as_str() {
            "from_location" => {
                include_location(loader, inc, Some(&j.from_location_id), &path[1..])?
            }
            "to_location" => include_location(loader, inc, Some(&j.to_location_id), &path[1..])?,
            _ => {}
        }
    }
    Ok(())
}

/// A lodging resource.
pub fn lodging(l: &Lodging) -> Value {
    json!({
        "id": l.id,
        "type": "lodgings",
        "attributes": { "start_date": l.start_date, "end_date": l.end_date, "status": l.status },
        "relationships": { "location": to_one("locations", Some(&l.location_id)) }
    })
}

/// Adds a lodging's included location.
pub fn include_lodging(
    loader: &mut Loader<'_>,
    inc: &mut Included,
    l: &Lodging,
    includes: &Includes,
) -> DbResult<()> {
    if includes.has("location") {
        include_location(loader, inc, Some(&l.location_id), &[])?;
    }
    Ok(())
}

/// An event resource: declared relationship ids leave `details` and become relationships.
pub fn event(e: &Event) -> Value {
    let info = basm_core::EventType::from_wire(&e.event_type).map(basm_core::EventType::info);
    let mut details = e.details.clone();
    let mut relationships = Map::new();
    relationships.insert(
        "eventable".into(),
        to_one(&e.eventable_type, Some(&e.eventable_id)),
    );
    for rel in info.map_or(&[][..], |i| i.relationships) {
        let key = format!("{}_id", rel.name);
        if let Some(id) = details.remove(&key) {
            let id = id.as_str().map(str::to_owned);
            relationships.insert(rel.name.into(), to_one(rel.resource_type, id.as_deref()));
        }
    }
    relationships.insert(
        "supplier".into(),
        to_one("suppliers", e.supplier_id.as_deref()),
    );
    json!({
        "id": e.id,
        "type": "events",
        "attributes": {
            "event_type": e.event_type,
            "classification": e.classification,
            "occurred_at": clock::london_with_fraction(e.occurred_at),
            "recorded_at": clock::london_with_fraction(e.recorded_at),
            "notes": e.notes,
            "created_by": e.created_by,
            "details": Value::Object(details),
        },
        "relationships": Value::Object(relationships),
    })
}

/// `{"data": resource}` with `included` when there is any.
pub fn document(data: Value, included: Included) -> Value {
    let mut doc = Map::new();
    doc.insert("data".into(), data);
    if !included.is_empty() {
        doc.insert("included".into(), Value::Array(included.into_vec()));
    }
    Value::Object(doc)
}
