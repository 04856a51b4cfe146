//! Facts only a server knows: whether a record exists, its state, a location's type.
//!
//! A check that needs a fact runs when the facts have it and is skipped (and listed in
//! [`crate::Verdict::unchecked`]) when they do not: never guessed. [`Context`] holds facts as
//! plain data (what the npm package and the app pass); the sandbox implements [`Facts`] over
//! its database so each look-up is a query.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// What the facts say about one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact<T> {
    /// The facts do not say: the check is skipped.
    Unknown,
    /// The record does not exist.
    Missing,
    /// The record exists.
    Known(T),
}

impl<T> Fact<T> {
    /// The record, when known.
    pub fn known(self) -> Option<T> {
        match self {
            Fact::Known(t) => Some(t),
            _ => None,
        }
    }
}

/// Who is calling, as far as the API's rules differ.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Caller {
    /// Not known: checks that depend on it are skipped.
    #[default]
    Unknown,
    /// A token without an owner (PMU, OCA, the front end).
    Authority,
    /// A token owned by a supplier.
    Supplier,
}

/// The kinds of record the facts can cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// Locations.
    Locations,
    /// Moves.
    Moves,
    /// Journeys.
    Journeys,
    /// Lodgings.
    Lodgings,
    /// Allocations.
    Allocations,
    /// People.
    People,
    /// Profiles.
    Profiles,
    /// Person escort records.
    PersonEscortRecords,
    /// Suppliers.
    Suppliers,
    /// Stored events, per eventable.
    Events,
    /// Idempotency keys already used.
    IdempotencyKeys,
}

/// A location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocationFacts {
    /// `prison`, `court`, `police`, `hospital`, … (the API's `location_type`).
    pub location_type: Option<String>,
    /// Discarded (inactive) locations fail move-type rules.
    pub disabled: bool,
    /// Whether extradition moves may go there.
    pub extradition_capable: bool,
    /// Suppliers serving the location today.
    pub supplier_ids: Vec<String>,
}

/// A move.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoveFacts {
    /// `proposed`, `requested`, `booked`, `in_transit`, `completed` or `cancelled`.
    pub status: Option<String>,
    /// The move's reference (`ABC1234D`).
    pub reference: Option<String>,
    /// The move type.
    pub move_type: Option<String>,
    /// From location id.
    pub from_location_id: Option<String>,
    /// To location id.
    pub to_location_id: Option<String>,
    /// Profile id, when assigned.
    pub profile_id: Option<String>,
    /// The person of that profile.
    pub person_id: Option<String>,
    /// Allocation id, when the move belongs to one.
    pub allocation_id: Option<String>,
    /// The move's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// `date_from`.
    pub date_from: Option<String>,
    /// `date_to`.
    pub date_to: Option<String>,
    /// Supplier id.
    pub supplier_id: Option<String>,
    /// The move has a MoveLockout event (relaxes location rules).
    pub has_lockout: bool,
    /// Its cancellation reason.
    pub cancellation_reason: Option<String>,
    /// Its rejection reason.
    pub rejection_reason: Option<String>,
}

/// A journey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JourneyFacts {
    /// The move it belongs to.
    pub move_id: Option<String>,
    /// `proposed`, `rejected`, `in_progress`, `completed` or `cancelled`.
    pub state: Option<String>,
    /// From location id.
    pub from_location_id: Option<String>,
    /// To location id.
    pub to_location_id: Option<String>,
    /// The supplier that owns it.
    pub supplier_id: Option<String>,
}

/// A lodging.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LodgingFacts {
    /// The move it belongs to.
    pub move_id: Option<String>,
    /// `proposed`, `started`, `completed` or `cancelled`.
    pub status: Option<String>,
    /// Start date as stored.
    pub start_date: Option<String>,
    /// End date as stored.
    pub end_date: Option<String>,
    /// Location id.
    pub location_id: Option<String>,
}

/// An allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllocationFacts {
    /// `unfilled`, `filled` or `cancelled`.
    pub status: Option<String>,
    /// Its date.
    pub date: Option<String>,
    /// Its moves' ids.
    pub move_ids: Vec<String>,
}

/// A person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonFacts {
    /// Prison number.
    pub prison_number: Option<String>,
    /// Prisoner category key (`a`, `b`, …).
    pub category: Option<String>,
    /// False when the category cannot be moved with this service.
    pub move_supported: Option<bool>,
}

/// A profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileFacts {
    /// The person it belongs to.
    pub person_id: Option<String>,
}

/// A person escort record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PerFacts {
    /// Its status.
    pub status: Option<String>,
}

/// A supplier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupplierFacts {
    /// Its name.
    pub name: Option<String>,
}

/// An event already stored for an eventable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredEvent {
    /// Its event type.
    pub event_type: String,
    /// Its `occurred_at`, RFC 3339.
    pub occurred_at: String,
}

/// A use of an idempotency key the API remembers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdempotencyRecord {
    /// The request's method.
    pub method: String,
    /// The request's path.
    pub path: String,
    /// Fingerprint of method, path and raw body ([`crate::fingerprint`]).
    pub fingerprint: String,
    /// Whether the stored response can still be replayed (within 10 minutes).
    pub replayable: bool,
    /// The stored response's status, for a replay.
    pub status: Option<u16>,
}

/// Facts a server knows. Every method defaults to "unknown".
pub trait Facts {
    /// Who is calling.
    fn caller(&self) -> Caller {
        Caller::Unknown
    }
    /// The calling supplier's id, when the caller is a supplier.
    fn caller_supplier_id(&self) -> Option<String> {
        None
    }
    /// A location.
    fn location(&self, _id: &str) -> Fact<LocationFacts> {
        Fact::Unknown
    }
    /// A move.
    fn move_(&self, _id: &str) -> Fact<MoveFacts> {
        Fact::Unknown
    }
    /// The id of the move with this reference.
    fn move_by_reference(&self, _reference: &str) -> Fact<String> {
        Fact::Unknown
    }
    /// A journey.
    fn journey(&self, _id: &str) -> Fact<JourneyFacts> {
        Fact::Unknown
    }
    /// A lodging.
    fn lodging(&self, _id: &str) -> Fact<LodgingFacts> {
        Fact::Unknown
    }
    /// An allocation.
    fn allocation(&self, _id: &str) -> Fact<AllocationFacts> {
        Fact::Unknown
    }
    /// A person.
    fn person(&self, _id: &str) -> Fact<PersonFacts> {
        Fact::Unknown
    }
    /// A profile.
    fn profile(&self, _id: &str) -> Fact<ProfileFacts> {
        Fact::Unknown
    }
    /// A person escort record.
    fn person_escort_record(&self, _id: &str) -> Fact<PerFacts> {
        Fact::Unknown
    }
    /// A supplier.
    fn supplier(&self, _id: &str) -> Fact<SupplierFacts> {
        Fact::Unknown
    }
    /// The id of another active (not proposed, not cancelled) move of `person_id` from `from`
    /// to `to` on `date` (`YYYY-MM-DD`), other than `except`: the duplicate-move rule.
    fn duplicate_move(
        &self,
        _person_id: &str,
        _from: &str,
        _to: &str,
        _date: &str,
        _except: Option<&str>,
    ) -> Fact<String> {
        Fact::Unknown
    }
    /// The journeys of a move, by id.
    fn journeys_of_move(&self, _move_id: &str) -> Fact<Vec<(String, JourneyFacts)>> {
        Fact::Unknown
    }
    /// The lodgings of a move, by id.
    fn lodgings_of_move(&self, _move_id: &str) -> Fact<Vec<(String, LodgingFacts)>> {
        Fact::Unknown
    }
    /// The events stored for a record (`moves`/`journeys`/… and its id), in any order.
    fn events_of(&self, _eventable_type: &str, _id: &str) -> Fact<Vec<StoredEvent>> {
        Fact::Unknown
    }
    /// What the API remembers of an idempotency key.
    fn idempotency_key(&self, _key: &str) -> Fact<IdempotencyRecord> {
        Fact::Unknown
    }
    /// Today's date in London (`YYYY-MM-DD`), for form rules about the past.
    fn today(&self) -> Option<String> {
        None
    }
}

/// Facts as plain data.
///
/// Each collection maps an id to the record, or to `null` for an id known not to exist.
/// A collection listed in `complete` is the whole truth: an id absent from it does not exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Context {
    /// Who is calling.
    pub caller: Caller,
    /// The calling supplier's id.
    pub supplier_id: Option<String>,
    /// Locations by id.
    pub locations: BTreeMap<String, Option<LocationFacts>>,
    /// Moves by id.
    pub moves: BTreeMap<String, Option<MoveFacts>>,
    /// Journeys by id.
    pub journeys: BTreeMap<String, Option<JourneyFacts>>,
    /// Lodgings by id.
    pub lodgings: BTreeMap<String, Option<LodgingFacts>>,
    /// Allocations by id.
    pub allocations: BTreeMap<String, Option<AllocationFacts>>,
    /// People by id.
    pub people: BTreeMap<String, Option<PersonFacts>>,
    /// Profiles by id.
    pub profiles: BTreeMap<String, Option<ProfileFacts>>,
    /// Person escort records by id.
    pub person_escort_records: BTreeMap<String, Option<PerFacts>>,
    /// Suppliers by id.
    pub suppliers: BTreeMap<String, Option<SupplierFacts>>,
    /// Stored events by eventable id.
    pub events: BTreeMap<String, Vec<StoredEvent>>,
    /// Idempotency keys the API remembers, by key (exactly as sent: the API does not fold case).
    pub idempotency_keys: BTreeMap<String, IdempotencyRecord>,
    /// Collections given in full.
    pub complete: BTreeSet<Collection>,
    /// Today's date in London (`YYYY-MM-DD`).
    pub today: Option<String>,
}

impl Context {
    /// No facts at all: every check that needs one is skipped.
    pub fn empty() -> Self {
        Self::default()
    }

    fn lookup<T: Clone>(
        &self,
        map: &BTreeMap<String, Option<T>>,
        collection: Collection,
        id: &str,
    ) -> Fact<T> {
        match map.get(id) {
            Some(Some(t)) => Fact::Known(t.clone()),
            Some(None) => Fact::Missing,
            None if self.complete.contains(&collection) => Fact::Missing,
            None => Fact::Unknown,
        }
    }
}

impl Facts for Context {
    fn caller(&self) -> Caller {
        self.caller
    }
    fn caller_supplier_id(&self) -> Option<String> {
        self.supplier_id.clone()
    }
    fn location(&self, id: &str) -> Fact<LocationFacts> {
        self.lookup(&self.locations, Collection::Locations, id)
    }
    fn move_(&self, id: &str) -> Fact<MoveFacts> {
        self.lookup(&self.moves, Collection::Moves, id)
    }
    fn move_by_reference(&self, reference: &str) -> Fact<String> {
        let found = self
            .moves
            .iter()
            .find(|(_, m)| m.as_ref().and_then(|m| m.reference.as_deref()) == Some(reference));
        match found {
            Some((id, _)) => Fact::Known(id.clone()),
            None if self.complete.contains(&Collection::Moves) => Fact::Missing,
            None => Fact::Unknown,
        }
    }
    fn duplicate_move(
        &self,
        person_id: &str,
        from: &str,
        to: &str,
        date: &str,
        except: Option<&str>,
    ) -> Fact<String> {
        let found = self.moves.iter().find(|(id, m)| {
            let Some(m) = m else { return false };
            Some(id.as_str()) != except
                && !matches!(m.status.as_deref(), Some("proposed" | "cancelled"))
                && m.person_id.as_deref() == Some(person_id)
                && m.from_location_id.as_deref() == Some(from)
                && m.to_location_id.as_deref() == Some(to)
                && m.date.as_deref() == Some(date)
        });
        match found {
            Some((id, _)) => Fact::Known(id.clone()),
            None if self.complete.contains(&Collection::Moves) => Fact::Missing,
            None => Fact::Unknown,
        }
    }
    fn journeys_of_move(&self, move_id: &str) -> Fact<Vec<(String, JourneyFacts)>> {
        if !self.complete.contains(&Collection::Journeys) {
            return Fact::Unknown;
        }
        Fact::Known(
            self.journeys
                .iter()
                .filter_map(|(id, j)| {
                    j.as_ref()
                        .filter(|j| j.move_id.as_deref() == Some(move_id))
                        .map(|j| (id.clone(), j.clone()))
                })
                .collect(),
        )
    }
    fn lodgings_of_move(&self, move_id: &str) -> Fact<Vec<(String, LodgingFacts)>> {
        if !self.complete.contains(&Collection::Lodgings) {
            return Fact::Unknown;
        }
        Fact::Known(
            self.lodgings
                .iter()
                .filter_map(|(id, l)| {
                    l.as_ref()
                        .filter(|l| l.move_id.as_deref() == Some(move_id))
                        .map(|l| (id.clone(), l.clone()))
                })
                .collect(),
        )
    }
    fn journey(&self, id: &str) -> Fact<JourneyFacts> {
        self.lookup(&self.journeys, Collection::Journeys, id)
    }
    fn lodging(&self, id: &str) -> Fact<LodgingFacts> {
        self.lookup(&self.lodgings, Collection::Lodgings, id)
    }
    fn allocation(&self, id: &str) -> Fact<AllocationFacts> {
        self.lookup(&self.allocations, Collection::Allocations, id)
    }
    fn person(&self, id: &str) -> Fact<PersonFacts> {
        self.lookup(&self.people, Collection::People, id)
    }
    fn profile(&self, id: &str) -> Fact<ProfileFacts> {
        self.lookup(&self.profiles, Collection::Profiles, id)
    }
    fn person_escort_record(&self, id: &str) -> Fact<PerFacts> {
        self.lookup(
            &self.person_escort_records,
            Collection::PersonEscortRecords,
            id,
        )
    }
    fn supplier(&self, id: &str) -> Fact<SupplierFacts> {
        self.lookup(&self.suppliers, Collection::Suppliers, id)
    }
    fn events_of(&self, _eventable_type: &str, id: &str) -> Fact<Vec<StoredEvent>> {
        match self.events.get(id) {
            Some(events) => Fact::Known(events.clone()),
            None if self.complete.contains(&Collection::Events) => Fact::Known(Vec::new()),
            None => Fact::Unknown,
        }
    }
    fn idempotency_key(&self, key: &str) -> Fact<IdempotencyRecord> {
        match self.idempotency_keys.get(key) {
            Some(record) => Fact::Known(record.clone()),
            None if self.complete.contains(&Collection::IdempotencyKeys) => Fact::Missing,
            None => Fact::Unknown,
        }
    }
    fn today(&self) -> Option<String> {
        self.today.clone()
    }
}

/// The canonical (lower-case, hyphenated) form of an id as Rails' PostgreSQL `uuid` type
/// casts it: `\A(\{)?([a-fA-F0-9]{4}-?){8}(?(1)\}|)\z`, so braces and missing hyphens are
/// fine. Anything else casts to null: a record with that id can never exist.
pub fn canonical_uuid(s: &str) -> Option<String> {
    let b = s.as_bytes();
    // The usual case: already lower-case and hyphenated.
    if b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
    {
        return Some(s.to_owned());
    }
    let inner = match s.strip_prefix('{') {
        Some(rest) => rest.strip_suffix('}')?,
        None => s,
    };
    let b = inner.as_bytes();
    let mut out = String::with_capacity(36);
    let mut i = 0;
    for group in 0..8 {
        if (2..=5).contains(&group) {
            out.push('-');
        }
        for _ in 0..4 {
            let c = *b.get(i)?;
            if !c.is_ascii_hexdigit() {
                return None;
            }
            out.push(char::from(c.to_ascii_lowercase()));
            i += 1;
        }
        if group < 7 && b.get(i) == Some(&b'-') {
            i += 1;
        }
    }
    if i != b.len() || b.last() == Some(&b'-') {
        return None;
    }
    Some(out)
}

/// Whether `s` casts to a UUID (see [`canonical_uuid`]).
pub fn is_uuid(s: &str) -> bool {
    canonical_uuid(s).is_some()
}

/// Looks up a record id given in a request: ids that cannot be UUIDs are missing whatever the
/// facts say; others are looked up in canonical form.
pub fn lookup_id<T>(id: &str, fetch: impl FnOnce(&str) -> Fact<T>) -> Fact<T> {
    match canonical_uuid(id) {
        Some(id) => fetch(&id),
        None => Fact::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_cast_follows_postgres_adapter() {
        let c = "067c2855-fa41-493d-9c80-1311a4f7ba45";
        assert_eq!(canonical_uuid(c).as_deref(), Some(c));
        assert_eq!(canonical_uuid(&c.to_uppercase()).as_deref(), Some(c));
        assert_eq!(canonical_uuid(&c.replace('-', "")).as_deref(), Some(c));
        assert_eq!(canonical_uuid(&format!("{{{c}}}")).as_deref(), Some(c));
        for bad in [
            "",
            "foo",
            &c[..35],
            &format!("{c}0"),
            &format!("{{{c}"),
            &format!("{c}-"),
        ] {
            assert_eq!(canonical_uuid(bad), None, "{bad}");
        }
    }
}
