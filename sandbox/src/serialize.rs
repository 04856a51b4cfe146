//! JSON:API documents in the shapes the API's serializers produce today. The API renders with
//! `jsonapi-serializer` (upstream `app/controllers/concerns/serializable.rb`): each serializer
//! below is one upstream class, with its attribute and relationship lists ([`Ser::attributes`],
//! [`Ser::relationships`]); a document is built by that library's rules:
//!
//! - `included` is present (`[]` when empty) whenever `include=` names something, each record
//!   once per document (the primary data is not excluded), nested records before their parent;
//! - `has_many_if_included` relationships appear only when their name is one of the included
//!   paths' segments; `lazy_load_data` ones carry no `data` unless included at that level;
//! - sparse fieldsets (`fields:`) keep only the listed attributes and relationships of a type.

use std::collections::{BTreeMap, BTreeSet};

use basm_core::time::london_rfc3339;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use crate::db::{
    self, Allocation, DbResult, Event, Journey, Location, Lodging, Move, Person, Profile, Supplier,
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
}

/// The upstream serializer classes the sandbox renders with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ser {
    /// `V2::MoveSerializer` (a move shown, created or changed).
    Move,
    /// `V2::MovesSerializer` (moves listed).
    Moves,
    /// `AllocationSerializer`.
    Allocation,
    /// `AllocationsSerializer` (allocations listed).
    Allocations,
    /// `V2::ProfileSerializer`.
    Profile,
    /// `V2::ProfilesSerializer` (a listed move's profile).
    Profiles,
    /// `V2::PersonSerializer`.
    Person,
    /// `V2::PersonWithCategorySerializer` (a person created).
    PersonWithCategory,
    /// `LocationSerializer`.
    Location,
    /// `LocationsSerializer`.
    Locations,
    /// `SupplierSerializer`.
    Supplier,
    /// `CategorySerializer`.
    Category,
    /// `GenderSerializer`.
    Gender,
    /// `EthnicitySerializer`.
    Ethnicity,
    /// `JourneySerializer`.
    Journey,
    /// `JourneysSerializer` (journeys listed).
    Journeys,
    /// `LodgingSerializer` (and `LodgingsSerializer`, the same lists).
    Lodging,
    /// `GenericEventSerializer` (with the event class's relationships).
    Event,
    /// `TimelineEventsSerializer` (a listed move's timeline).
    TimelineEvent,
}

/// How a relationship is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    /// `belongs_to`/`has_one`: `{"data": {…}|null}`.
    One,
    /// `has_many`: `{"data": […]}`.
    Many,
    /// `has_one … lazy_load_data: true`: `{}` unless included.
    LazyOne,
    /// `has_many … lazy_load_data: true`: `{}` unless included.
    LazyMany,
    /// `has_one_if_included`: absent unless a path names it.
    OneIfIncluded,
    /// `has_many_if_included`: absent unless a path names it.
    ManyIfIncluded,
}

const MOVE_ATTRIBUTES: &[&str] = &[
    "additional_information",
    "cancellation_reason",
    "cancellation_reason_comment",
    "created_at",
    "date",
    "date_from",
    "date_to",
    "move_agreed",
    "move_agreed_by",
    "move_type",
    "reference",
    "rejection_reason",
    "status",
    "time_due",
    "updated_at",
    "is_lockout",
    "recall_date",
    "prisoner_location_description",
    "section_forty_six",
];
const ALLOCATION_ATTRIBUTES: &[&str] = &[
    "moves_count",
    "date",
    "estate",
    "estate_comment",
    "prisoner_category",
    "sentence_length",
    "sentence_length_comment",
    "complex_cases",
    "complete_in_full",
    "requested_by",
    "other_criteria",
    "status",
    "cancellation_reason",
    "cancellation_reason_comment",
    "created_at",
    "updated_at",
];
const PROFILE_ATTRIBUTES: &[&str] = &[
    "requires_youth_risk_assessment",
    "assessment_answers",
    "csra",
];
const PERSON_ATTRIBUTES: &[&str] = &[
    "first_names",
    "last_name",
    "date_of_birth",
    "gender_additional_information",
    "prison_number",
    "criminal_records_office",
    "police_national_computer",
];
const LOCATION_ATTRIBUTES: &[&str] = &[
    "key",
    "title",
    "location_type",
    "nomis_agency_id",
    "can_upload_documents",
    "young_offender_institution",
    "premise",
    "locality",
    "city",
    "country",
    "postcode",
    "latitude",
    "longitude",
    "created_at",
    "disabled_at",
    "extradition_capable",
];
const JOURNEY_ATTRIBUTES: &[&str] = &[
    "state",
    "billable",
    "vehicle",
    "date",
    "number",
    "timestamp",
];

type Rels = &'static [(&'static str, Rel, Ser)];

impl Ser {
    /// The attributes, in the serializer's order.
    pub fn attributes(self) -> &'static [&'static str] {
        match self {
            Ser::Move | Ser::Moves => MOVE_ATTRIBUTES,
            Ser::Allocation | Ser::Allocations => ALLOCATION_ATTRIBUTES,
            Ser::Profile | Ser::Profiles => PROFILE_ATTRIBUTES,
            Ser::Person | Ser::PersonWithCategory => PERSON_ATTRIBUTES,
            Ser::Location | Ser::Locations => LOCATION_ATTRIBUTES,
            Ser::Supplier => &["name", "key"],
            Ser::Category => &["key", "title", "move_supported", "created_at", "updated_at"],
            Ser::Gender => &["key", "title", "description", "disabled_at", "nomis_code"],
            Ser::Ethnicity => &["key", "title", "description", "nomis_code", "disabled_at"],
            Ser::Journey | Ser::Journeys => JOURNEY_ATTRIBUTES,
            Ser::Lodging => &["start_date", "end_date", "status"],
            Ser::Event => &[
                "event_type",
                "classification",
                "occurred_at",
                "recorded_at",
                "notes",
                "created_by",
                "details",
            ],
            Ser::TimelineEvent => &["occurred_at", "event_type", "classification"],
        }
    }

    /// The declared relationships (for events, the generic ones; each event type adds its
    /// own, see [`event_relationships`]).
    pub fn relationships(self) -> Rels {
        use Rel::*;
        match self {
            Ser::Move => &[
                ("from_location", One, Ser::Location),
                ("prison_transfer_reason", One, Ser::Supplier),
                ("profile", One, Ser::Profile),
                ("supplier", One, Ser::Supplier),
                ("to_location", One, Ser::Location),
                ("court_hearings", Many, Ser::Supplier),
                ("lodgings", ManyIfIncluded, Ser::Lodging),
                ("journeys", ManyIfIncluded, Ser::Journey),
                ("timeline_events", ManyIfIncluded, Ser::Event),
                ("important_events", ManyIfIncluded, Ser::Event),
                ("allocation", One, Ser::Allocation),
                ("original_move", One, Ser::Move),
                ("extradition_flight", OneIfIncluded, Ser::Supplier),
            ],
            Ser::Moves => &[
                ("from_location", One, Ser::Locations),
                ("to_location", One, Ser::Locations),
                ("profile", One, Ser::Profiles),
                ("prison_transfer_reason", One, Ser::Supplier),
                ("supplier", One, Ser::Supplier),
                ("allocation", One, Ser::Allocation),
                ("lodgings", ManyIfIncluded, Ser::Lodging),
                ("important_events", ManyIfIncluded, Ser::TimelineEvent),
                ("timeline_events", ManyIfIncluded, Ser::TimelineEvent),
            ],
            Ser::Allocation | Ser::Allocations => &[
                ("from_location", One, Ser::Location),
                ("to_location", One, Ser::Location),
                ("moves", Many, Ser::Move),
            ],
            Ser::Profile => &[
                ("person", One, Ser::Person),
                ("category", One, Ser::Category),
                ("documents", Many, Ser::Supplier),
                ("person_escort_record", One, Ser::Supplier),
                ("youth_risk_assessment", One, Ser::Supplier),
            ],
            Ser::Profiles => &[
                ("category", One, Ser::Category),
                ("person", One, Ser::Person),
                ("person_escort_record", OneIfIncluded, Ser::Supplier),
                ("youth_risk_assessment", OneIfIncluded, Ser::Supplier),
            ],
            Ser::Person => &[
                ("ethnicity", One, Ser::Ethnicity),
                ("gender", One, Ser::Gender),
                ("profiles", LazyMany, Ser::Profile),
            ],
            Ser::PersonWithCategory => &[
                ("ethnicity", One, Ser::Ethnicity),
                ("gender", One, Ser::Gender),
                ("profiles", LazyMany, Ser::Profile),
                ("category", LazyOne, Ser::Category),
            ],
            Ser::Location => &[("suppliers", Many, Ser::Supplier)],
            Ser::Journey => &[
                ("from_location", One, Ser::Location),
                ("to_location", One, Ser::Location),
            ],
            Ser::Journeys => &[
                ("from_location", One, Ser::Locations),
                ("to_location", One, Ser::Locations),
            ],
            Ser::Lodging => &[("move", One, Ser::Move), ("location", One, Ser::Location)],
            Ser::Event => &[
                ("eventable", One, Ser::Move),
                ("supplier", One, Ser::Supplier),
            ],
            Ser::Locations
            | Ser::Supplier
            | Ser::Category
            | Ser::Gender
            | Ser::Ethnicity
            | Ser::TimelineEvent => &[],
        }
    }
}

/// The relationships an event type adds (upstream `GenericEvent.relationship_attributes`:
/// `location_id` in details is the `location` relationship), from core's event table.
pub fn event_relationships(event_type: &str) -> Vec<(&'static str, &'static str)> {
    basm_core::EventType::from_wire(event_type)
        .map(basm_core::EventType::info)
        .map_or(Vec::new(), |info| {
            info.relationships
                .iter()
                .map(|r| (r.name, r.resource_type))
                .collect()
        })
}

/// Sparse fieldsets of a document (the controller's `fields:`): type → kept names.
pub type Fields = &'static [(&'static str, &'static [&'static str])];

/// `V2::MoveSerializer::INCLUDED_FIELDS` (upstream `app/serializers/v2/move_serializer.rb`).
pub const MOVE_FIELDS: Fields = &[(
    "allocations",
    &["to_location", "from_location", "moves_count", "created_at"],
)];

const PEOPLE_LISTED: &[&str] = &[
    "first_names",
    "last_name",
    "date_of_birth",
    "gender_additional_information",
    "prison_number",
    "criminal_records_office",
    "police_national_computer",
    "gender",
    "ethnicity",
];
const ALLOCATIONS_LISTED: &[&str] = &[
    "moves_count",
    "date",
    "estate",
    "estate_comment",
    "prisoner_category",
    "sentence_length",
    "sentence_length_comment",
    "complex_cases",
    "complete_in_full",
    "requested_by",
    "other_criteria",
    "status",
    "cancellation_reason",
    "cancellation_reason_comment",
    "created_at",
    "updated_at",
    "from_location",
    "to_location",
];

/// `V2::MovesSerializer::INCLUDED_FIELDS` (upstream `app/serializers/v2/moves_serializer.rb`).
pub const MOVES_FIELDS: Fields = &[
    ("people", PEOPLE_LISTED),
    ("locations", LOCATION_ATTRIBUTES),
];

/// `AllocationsSerializer::INCLUDED_FIELDS` (upstream `app/serializers/allocations_serializer.rb`).
pub const ALLOCATIONS_FIELDS: Fields = &[
    ("allocations", ALLOCATIONS_LISTED),
    ("locations", LOCATION_ATTRIBUTES),
];

/// A record of any kind.
#[derive(Debug, Clone)]
pub enum Rec {
    /// A move.
    Move(Move),
    /// An allocation.
    Allocation(Allocation),
    /// A profile.
    Profile(Profile),
    /// A person.
    Person(Person),
    /// A location.
    Location(Location),
    /// A supplier.
    Supplier(Supplier),
    /// A category (by key).
    Category(String),
    /// A gender (by id).
    Gender(String),
    /// An ethnicity (by id).
    Ethnicity(String),
    /// A journey.
    Journey(Journey),
    /// A lodging.
    Lodging(Lodging),
    /// An event.
    Event(Event),
}

/// A relationship's linkage: `(type, id)`.
type Link = (String, String);

enum Linkage {
    One(Option<Link>),
    Many(Vec<Link>),
}

fn link(resource_type: &str, id: Option<&str>) -> Linkage {
    Linkage::One(id.map(|id| (resource_type.to_owned(), id.to_owned())))
}

fn links<'a>(resource_type: &str, ids: impl IntoIterator<Item = &'a String>) -> Linkage {
    Linkage::Many(
        ids.into_iter()
            .map(|id| (resource_type.to_owned(), id.clone()))
            .collect(),
    )
}

fn linkage_value(l: &Linkage) -> Value {
    let one = |(t, id): &Link| json!({ "id": id, "type": t });
    match l {
        Linkage::One(Some(l)) => json!({ "data": one(l) }),
        Linkage::One(None) => json!({ "data": null }),
        Linkage::Many(ls) => json!({ "data": ls.iter().map(one).collect::<Vec<_>>() }),
    }
}

/// One document being built: its records read once each, its `included`, its fieldsets.
pub struct Doc<'c> {
    conn: &'c Connection,
    includes: Includes,
    /// Every segment of every include path (`merge_included_params`).
    segments: BTreeSet<String>,
    fields: Fields,
    included: Vec<Value>,
    known: BTreeSet<(String, String)>,
    people: BTreeMap<String, Option<Person>>,
    locations: BTreeMap<String, Option<Location>>,
    profiles: BTreeMap<String, Option<Profile>>,
}

impl<'c> Doc<'c> {
    /// A document for a request's `include=` with the controller's `fields:`.
    pub fn new(conn: &'c Connection, include: Option<&str>, fields: Fields) -> Self {
        let includes = Includes::parse(include);
        let segments = includes.paths().iter().flatten().cloned().collect();
        Doc {
            conn,
            includes,
            segments,
            fields,
            included: Vec::new(),
            known: BTreeSet::new(),
            people: BTreeMap::new(),
            locations: BTreeMap::new(),
            profiles: BTreeMap::new(),
        }
    }

    fn keeps(&self, resource_type: &str, name: &str) -> bool {
        self.fields
            .iter()
            .find(|(t, _)| *t == resource_type)
            .is_none_or(|(_, kept)| kept.contains(&name))
    }

    /// Serializes a primary record and gathers what it includes.
    pub fn primary(&mut self, ser: Ser, rec: &Rec) -> DbResult<Value> {
        let level: Vec<String> = self.includes.paths().iter().map(|p| p.join(".")).collect();
        let value = self.record(ser, rec, &level)?;
        let paths = self.includes.paths().to_vec();
        self.include(ser, rec, &paths)?;
        Ok(value)
    }

    /// `{"data": data}` with `included` when `include=` named anything.
    pub fn finish(self, data: Value) -> Value {
        let mut doc = Map::new();
        doc.insert("data".into(), data);
        if !self.includes.paths().is_empty() {
            doc.insert("included".into(), Value::Array(self.included));
        }
        Value::Object(doc)
    }

    fn person(&mut self, id: &str) -> DbResult<Option<Person>> {
        if let Some(p) = self.people.get(id) {
            return Ok(p.clone());
        }
        let p = db::person(self.conn, id)?;
        self.people.insert(id.to_owned(), p.clone());
        Ok(p)
    }

    fn location(&mut self, id: &str) -> DbResult<Option<Location>> {
        if let Some(l) = self.locations.get(id) {
            return Ok(l.clone());
        }
        let l = db::location(self.conn, id)?;
        self.locations.insert(id.to_owned(), l.clone());
        Ok(l)
    }

    fn profile(&mut self, id: &str) -> DbResult<Option<Profile>> {
        if let Some(p) = self.profiles.get(id) {
            return Ok(p.clone());
        }
        let p = db::profile(self.conn, id)?;
        self.profiles.insert(id.to_owned(), p.clone());
        Ok(p)
    }

    fn load(&mut self, (resource_type, id): &Link) -> DbResult<Option<Rec>> {
        Ok(match resource_type.as_str() {
            "moves" => db::get_move(self.conn, id)?.map(Rec::Move),
            "allocations" => db::allocation(self.conn, id)?.map(Rec::Allocation),
            "profiles" => self.profile(id)?.map(Rec::Profile),
            "people" => self.person(id)?.map(Rec::Person),
            "locations" => self.location(id)?.map(Rec::Location),
            "suppliers" => db::supplier(self.conn, id)?.map(Rec::Supplier),
            "categories" => seed::category_by_id(id).map(|c| Rec::Category(c.1.to_owned())),
            "genders" => gender(id).map(|_| Rec::Gender(id.clone())),
            "ethnicities" => ethnicity(id).map(|_| Rec::Ethnicity(id.clone())),
            "journeys" => db::journey(self.conn, id)?.map(Rec::Journey),
            "lodgings" => db::lodging(self.conn, id)?.map(Rec::Lodging),
            _ => None,
        })
    }

    /// A relationship's linkage; `None` when the record has no such relationship.
    fn linkage(&mut self, rec: &Rec, name: &str) -> DbResult<Option<Linkage>> {
        let conn = self.conn;
        Ok(Some(match (rec, name) {
            (Rec::Move(m), "from_location") => link("locations", m.from_location_id.as_deref()),
            (Rec::Move(m), "to_location") => link("locations", m.to_location_id.as_deref()),
            (Rec::Move(m), "profile") => link("profiles", m.profile_id.as_deref()),
            (Rec::Move(m), "supplier") => link("suppliers", m.supplier_id.as_deref()),
            (Rec::Move(m), "allocation") => link("allocations", m.allocation_id.as_deref()),
            (Rec::Move(m), "original_move") => link("moves", m.original_move_id.as_deref()),
            (Rec::Move(_), "prison_transfer_reason" | "extradition_flight") => link("", None),
            (Rec::Move(_), "court_hearings" | "important_events") => Linkage::Many(Vec::new()),
            (Rec::Move(m), "journeys") => {
                let ids: Vec<String> = db::journeys_of_move(conn, &m.id)?
                    .into_iter()
                    .map(|j| j.id)
                    .collect();
                links("journeys", &ids)
            }
            (Rec::Move(m), "lodgings") => {
                let ids: Vec<String> = db::lodgings_of_move(conn, &m.id)?
                    .into_iter()
                    .filter(|l| l.status != "cancelled")
                    .map(|l| l.id)
                    .collect();
                links("lodgings", &ids)
            }
            (Rec::Move(m), "timeline_events") => {
                let ids: Vec<String> = timeline(conn, m)?.into_iter().map(|e| e.id).collect();
                links("events", &ids)
            }
            (Rec::Allocation(a), "from_location") => {
                link("locations", a.from_location_id.as_deref())
            }
            (Rec::Allocation(a), "to_location") => link("locations", a.to_location_id.as_deref()),
            (Rec::Allocation(a), "moves") => {
                let ids: Vec<String> = db::moves_of_allocation(conn, &a.id)?
                    .into_iter()
                    .map(|m| m.id)
                    .collect();
                links("moves", &ids)
            }
            (Rec::Profile(p), "person") => link("people", Some(&p.person_id)),
            (Rec::Profile(p), "category") => {
                let id = p.category.as_deref().and_then(seed::category).map(|c| c.0);
                link("categories", id.as_deref())
            }
            (Rec::Profile(_), "documents") => Linkage::Many(Vec::new()),
            (Rec::Profile(_), "person_escort_record" | "youth_risk_assessment") => link("", None),
            (Rec::Person(p), "ethnicity") => link("ethnicities", p.ethnicity_id.as_deref()),
            (Rec::Person(p), "gender") => link("genders", p.gender_id.as_deref()),
            (Rec::Person(p), "profiles") => {
                links("profiles", &db::profile_ids_of_person(conn, &p.id)?)
            }
            (Rec::Person(p), "category") => {
                let id = p.category.as_deref().and_then(seed::category).map(|c| c.0);
                link("categories", id.as_deref())
            }
            (Rec::Location(l), "suppliers") => {
                links("suppliers", &db::location_supplier_ids(conn, &l.id)?)
            }
            (Rec::Journey(j), "from_location") => link("locations", Some(&j.from_location_id)),
            (Rec::Journey(j), "to_location") => link("locations", Some(&j.to_location_id)),
            (Rec::Lodging(l), "move") => link("moves", Some(&l.move_id)),
            (Rec::Lodging(l), "location") => link("locations", Some(&l.location_id)),
            (Rec::Event(e), "eventable") => link(&e.eventable_type, Some(&e.eventable_id)),
            (Rec::Event(e), "supplier") => link("suppliers", e.supplier_id.as_deref()),
            (Rec::Event(e), name) => {
                let Some((_, resource_type)) = event_relationships(&e.event_type)
                    .into_iter()
                    .find(|(n, _)| *n == name)
                else {
                    return Ok(None);
                };
                let id = e
                    .details
                    .get(&format!("{name}_id"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                link(resource_type, id.as_deref())
            }
            _ => return Ok(None),
        }))
    }

    /// The relationships of a record under a serializer: (name, kind, target serializer).
    fn relationships_of(ser: Ser, rec: &Rec) -> Vec<(&'static str, Rel, Ser)> {
        let mut rels = ser.relationships().to_vec();
        if let (Ser::Event, Rec::Event(e)) = (ser, rec) {
            if let Some(eventable) = rels.first_mut() {
                eventable.2 = match e.eventable_type.as_str() {
                    "journeys" => Ser::Journey,
                    "lodgings" => Ser::Lodging,
                    "people" => Ser::Person,
                    _ => Ser::Move,
                };
            }
            for (name, resource_type) in event_relationships(&e.event_type) {
                let target = if resource_type == "locations" {
                    Ser::Location
                } else {
                    Ser::Move
                };
                rels.push((name, Rel::One, target));
            }
        }
        rels
    }

    /// One record's resource object. `level`: the include keys at the level it appears in
    /// (what decides whether a lazily loaded relationship carries `data`).
    fn record(&mut self, ser: Ser, rec: &Rec, level: &[String]) -> DbResult<Value> {
        let (id, resource_type) = identity(rec);
        let mut out = Map::new();
        out.insert("id".into(), Value::String(id));
        out.insert("type".into(), Value::String(resource_type.to_owned()));
        let mut attributes = self.attributes(ser, rec)?;
        attributes.retain(|name, _| self.keeps(resource_type, name));
        out.insert("attributes".into(), Value::Object(attributes));
        let rels = Self::relationships_of(ser, rec);
        if !rels.is_empty() {
            let mut relationships = Map::new();
            for (name, kind, _) in rels {
                if !self.keeps(resource_type, name) {
                    continue;
                }
                let conditional = matches!(kind, Rel::OneIfIncluded | Rel::ManyIfIncluded);
                if conditional && !self.segments.contains(name) {
                    continue;
                }
                let lazy = matches!(kind, Rel::LazyOne | Rel::LazyMany);
                if lazy && !level.iter().any(|l| l == name) {
                    relationships.insert(name.into(), json!({}));
                    continue;
                }
                if let Some(linkage) = self.linkage(rec, name)? {
                    relationships.insert(name.into(), linkage_value(&linkage));
                }
            }
            out.insert("relationships".into(), Value::Object(relationships));
        }
        match ser {
            Ser::Allocation | Ser::Allocations => {
                if let Rec::Allocation(a) = rec {
                    let moves = db::moves_of_allocation(self.conn, &a.id)?;
                    out.insert("meta".into(), json!({ "moves": move_totals(a, &moves) }));
                }
            }
            Ser::Moves => {
                out.insert("meta".into(), json!({}));
            }
            _ => {}
        }
        Ok(Value::Object(out))
    }

    /// `get_included_records`: paths grouped by their first segment, in the order first
    /// asked; for each related record, its own nested records first, then itself.
    fn include(&mut self, ser: Ser, rec: &Rec, paths: &[Vec<String>]) -> DbResult<()> {
        let mut groups: Vec<(String, Vec<Vec<String>>)> = Vec::new();
        for path in paths {
            let Some((first, rest)) = path.split_first() else {
                continue;
            };
            let at = match groups.iter().position(|(name, _)| name == first) {
                Some(at) => at,
                None => {
                    groups.push((first.clone(), Vec::new()));
                    groups.len() - 1
                }
            };
            if !rest.is_empty() {
                groups[at].1.push(rest.to_vec());
            }
        }
        let level: Vec<String> = groups.iter().map(|(name, _)| name.clone()).collect();
        for (name, rest) in &groups {
            let rels = Self::relationships_of(ser, rec);
            let Some(&(_, kind, target)) = rels.iter().find(|(n, _, _)| n == name) else {
                continue;
            };
            let conditional = matches!(kind, Rel::OneIfIncluded | Rel::ManyIfIncluded);
            if conditional && !self.segments.contains(name) {
                continue;
            }
            let linked = match self.linkage(rec, name)? {
                Some(Linkage::One(Some(l))) => vec![l],
                Some(Linkage::Many(ls)) => ls,
                _ => Vec::new(),
            };
            for l in linked {
                let child = if l.0 == "events" {
                    db::event(self.conn, &l.1)?.map(Rec::Event)
                } else {
                    self.load(&l)?
                };
                let Some(child) = child else { continue };
                if !rest.is_empty() {
                    self.include(target, &child, rest)?;
                }
                if !self.known.insert(l) {
                    continue;
                }
                let value = self.record(target, &child, &level)?;
                self.included.push(value);
            }
        }
        Ok(())
    }

    fn attributes(&mut self, ser: Ser, rec: &Rec) -> DbResult<Map<String, Value>> {
        let value = match rec {
            Rec::Move(m) => json!({
                "additional_information": m.additional_information,
                "cancellation_reason": m.cancellation_reason,
                "cancellation_reason_comment": m.cancellation_reason_comment,
                "created_at": london_rfc3339(m.created_at, 0),
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
                "updated_at": london_rfc3339(m.updated_at, 0),
                // The sandbox books no lockouts (`is_lockout` defaults to false upstream,
                // `db/schema.rb`); the description comes from the Prisoner Search API, which
                // the sandbox does not have (upstream `Move#prisoner_location_description`).
                "is_lockout": false,
                "recall_date": m.recall_date,
                "prisoner_location_description": null,
                "section_forty_six": m.section_forty_six,
            }),
            Rec::Allocation(a) => json!({
                "moves_count": a.moves_count,
                "date": a.date,
                "estate": a.estate,
                "estate_comment": a.estate_comment,
                "prisoner_category": a.prisoner_category,
                "sentence_length": a.sentence_length,
                "sentence_length_comment": a.sentence_length_comment,
                "complex_cases": a.complex_cases,
                "complete_in_full": a.complete_in_full,
                "requested_by": a.requested_by,
                "other_criteria": a.other_criteria,
                "status": a.status,
                "cancellation_reason": a.cancellation_reason,
                "cancellation_reason_comment": a.cancellation_reason_comment,
                "created_at": london_rfc3339(a.created_at, 0),
                "updated_at": london_rfc3339(a.updated_at, 0),
            }),
            Rec::Profile(p) => json!({
                "requires_youth_risk_assessment": p.requires_youth_risk_assessment,
                "assessment_answers": p.assessment_answers,
                "csra": p.csra,
            }),
            Rec::Person(p) => json!({
                "first_names": p.first_names,
                "last_name": p.last_name,
                "date_of_birth": p.date_of_birth,
                "gender_additional_information": p.gender_additional_information,
                "prison_number": p.prison_number,
                "criminal_records_office": p.criminal_records_office,
                "police_national_computer": p.police_national_computer,
            }),
            Rec::Location(l) => json!({
                "key": l.key,
                "title": l.title,
                "location_type": l.location_type,
                "nomis_agency_id": l.nomis_agency_id,
                "can_upload_documents": l.can_upload_documents,
                "young_offender_institution": l.young_offender_institution,
                // Addresses and coordinates are not seeded.
                "premise": null,
                "locality": null,
                "city": null,
                "country": null,
                "postcode": null,
                "latitude": null,
                "longitude": null,
                "created_at": london_rfc3339(l.created_at, 0),
                "disabled_at": l.disabled_at,
                "extradition_capable": l.extradition_capable,
            }),
            Rec::Supplier(s) => json!({ "name": s.name, "key": s.key }),
            Rec::Category(key) => {
                let (_, key, title, supported) = seed::category(key).unwrap_or_default();
                json!({
                    "key": key,
                    "title": title,
                    "move_supported": supported,
                    "created_at": london_rfc3339(seed::SEED_TIME, 0),
                    "updated_at": london_rfc3339(seed::SEED_TIME, 0),
                })
            }
            Rec::Gender(id) => gender(id).unwrap_or(Value::Null)["attributes"].clone(),
            Rec::Ethnicity(id) => ethnicity(id).unwrap_or(Value::Null)["attributes"].clone(),
            Rec::Journey(j) => {
                // Upstream `Journey#number`: its place among the move's journeys.
                let number = db::journeys_of_move(self.conn, &j.move_id)?
                    .iter()
                    .position(|o| o.id == j.id)
                    .map_or(1, |i| i + 1);
                json!({
                    "state": j.state,
                    "billable": j.billable,
                    "vehicle": j.vehicle,
                    "date": j.date,
                    "number": number,
                    "timestamp": london_rfc3339(j.client_timestamp, 0),
                })
            }
            Rec::Lodging(l) => {
                json!({ "start_date": l.start_date, "end_date": l.end_date, "status": l.status })
            }
            Rec::Event(e) => {
                let mut details = e.details.clone();
                for (name, _) in event_relationships(&e.event_type) {
                    details.remove(&format!("{name}_id"));
                }
                json!({
                    "event_type": e.event_type,
                    "classification": e.classification,
                    "occurred_at": london_rfc3339(e.occurred_at.secs, e.occurred_at.nanos),
                    "recorded_at": london_rfc3339(e.recorded_at.secs, e.recorded_at.nanos),
                    "notes": e.notes,
                    "created_by": e.created_by,
                    "details": Value::Object(details),
                })
            }
        };
        let Value::Object(mut map) = value else {
            return Ok(Map::new());
        };
        map.retain(|name, _| ser.attributes().contains(&name.as_str()));
        Ok(map)
    }
}

/// A record's `(id, type)`.
fn identity(rec: &Rec) -> (String, &'static str) {
    match rec {
        Rec::Move(m) => (m.id.clone(), "moves"),
        Rec::Allocation(a) => (a.id.clone(), "allocations"),
        Rec::Profile(p) => (p.id.clone(), "profiles"),
        Rec::Person(p) => (p.id.clone(), "people"),
        Rec::Location(l) => (l.id.clone(), "locations"),
        Rec::Supplier(s) => (s.id.clone(), "suppliers"),
        Rec::Category(key) => (
            seed::category(key).map(|c| c.0).unwrap_or_default(),
            "categories",
        ),
        Rec::Gender(id) => (id.clone(), "genders"),
        Rec::Ethnicity(id) => (id.clone(), "ethnicities"),
        Rec::Journey(j) => (j.id.clone(), "journeys"),
        Rec::Lodging(l) => (l.id.clone(), "lodgings"),
        Rec::Event(e) => (e.id.clone(), "events"),
    }
}

/// A move's timeline (upstream `Move#all_events_for_timeline`): the events of the move, its
/// profile's person, its journeys and its lodgings, by `occurred_at`.
pub fn timeline(conn: &Connection, m: &Move) -> DbResult<Vec<Event>> {
    let person = match &m.profile_id {
        Some(pid) => db::profile(conn, pid)?.map(|p| p.person_id),
        None => None,
    };
    db::timeline_of_move(conn, &m.id, person.as_deref())
}

/// An allocation's `meta.moves` (upstream `Allocation#move_totals`).
pub fn move_totals(a: &Allocation, moves: &[Move]) -> Value {
    let counted: Vec<&Move> = if a.status == "cancelled" {
        moves.iter().collect()
    } else {
        moves.iter().filter(|m| m.status != "cancelled").collect()
    };
    let filled = counted.iter().filter(|m| m.profile_id.is_some()).count();
    json!({ "total": counted.len(), "filled": filled, "unfilled": counted.len() - filled })
}

/// A document of one record.
pub fn single(
    conn: &Connection,
    ser: Ser,
    rec: &Rec,
    include: Option<&str>,
    fields: Fields,
) -> DbResult<Value> {
    let mut doc = Doc::new(conn, include, fields);
    let data = doc.primary(ser, rec)?;
    Ok(doc.finish(data))
}

/// A supplier resource.
pub fn supplier(s: &Supplier) -> Value {
    json!({ "id": s.id, "type": "suppliers", "attributes": { "name": s.name, "key": s.key } })
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
