//! Facts only a server knows: whether a record exists, its state, a location's type.
//!
//! A check that needs a fact runs when the facts have it and is skipped (and listed in
//! [`crate::Verdict::unchecked`]) when they do not: never guessed. [`Context`] holds facts as
//! plain data (what the npm package and the app pass); the sandbox implements [`Facts`] over
//! its database so each look-up is a query.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

mod records;

pub use records::Records;
pub(crate) use records::{stable_order, stable_order_by};

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

/// One member of a facts record: absent = unknown, `null` = known empty, a value = known.
///
/// This is the one place the rule lives: a member the caller left out is [`Member::Unknown`]
/// and every check that needs it is skipped (and listed in [`crate::Verdict::unchecked`]);
/// `null` is [`Member::Null`], known to be empty (no profile, no date; `false` for a flag, no
/// items for a list); a value is [`Member::Value`]. Serialised the same way: an unknown member
/// is left out, a known empty one is `null`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Member<T> {
    /// Absent: the facts do not say.
    #[default]
    Unknown,
    /// `null`: known to be empty.
    Null,
    /// Known to be this value.
    Value(T),
}

impl<T> Member<T> {
    /// Whether the facts do not say.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Member::Unknown)
    }

    /// `None` when unknown; `Some(None)` when known empty; `Some(Some(v))` when known.
    pub fn known(&self) -> Option<Option<&T>> {
        match self {
            Member::Unknown => None,
            Member::Null => Some(None),
            Member::Value(v) => Some(Some(v)),
        }
    }

    /// The value, when known and not empty.
    pub fn value(&self) -> Option<&T> {
        match self {
            Member::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A known member from an optional value (`None` is known empty, never unknown).
    pub fn from_known(value: Option<T>) -> Self {
        match value {
            Some(v) => Member::Value(v),
            None => Member::Null,
        }
    }

    /// The member's value by reference.
    pub fn as_ref(&self) -> Member<&T> {
        match self {
            Member::Unknown => Member::Unknown,
            Member::Null => Member::Null,
            Member::Value(v) => Member::Value(v),
        }
    }

    /// The value mapped, keeping unknown and empty.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Member<U> {
        match self {
            Member::Unknown => Member::Unknown,
            Member::Null => Member::Null,
            Member::Value(v) => Member::Value(f(v)),
        }
    }

    /// The value mapped to an optional one: `None` makes it known empty.
    pub fn and_then<U>(self, f: impl FnOnce(T) -> Option<U>) -> Member<U> {
        match self {
            Member::Unknown => Member::Unknown,
            Member::Null => Member::Null,
            Member::Value(v) => Member::from_known(f(v)),
        }
    }

    /// The value, when known and not empty, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Member::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl Member<bool> {
    /// A known flag: `null` is false (Ruby's `nil` is falsy); `None` when unknown.
    pub fn flag(&self) -> Option<bool> {
        self.known().map(|v| v.copied().unwrap_or(false))
    }
}

impl<T> From<Option<T>> for Member<T> {
    /// Known: `None` is known empty.
    fn from(value: Option<T>) -> Self {
        Member::from_known(value)
    }
}

impl<T> From<T> for Member<T> {
    fn from(value: T) -> Self {
        Member::Value(value)
    }
}

impl<T: Serialize> Serialize for Member<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // An unknown member is skipped by `skip_serializing_if`; alone it is `null`.
        match self {
            Member::Value(v) => v.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Member<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // An absent member never reaches here (`#[serde(default)]` makes it `Unknown`).
        Option::<T>::deserialize(deserializer).map(Member::from_known)
    }
}

/// Whether every test holds, in three-valued logic over facts that may be unknown: known not
/// to (`Some(false)`) when any test is known to fail, known to (`Some(true)`) when every test
/// is known to hold, and unknown (`None`) otherwise — a rule over records some of whose
/// members were left out (a duplicate move, journey or lodging) is then skipped, not guessed.
pub(crate) fn all_hold(tests: &[Option<bool>]) -> Option<bool> {
    if tests.contains(&Some(false)) {
        Some(false)
    } else if tests.iter().all(|t| *t == Some(true)) {
        Some(true)
    } else {
        None
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

impl Collection {
    /// Every collection, in declaration order.
    pub const ALL: [Collection; 11] = [
        Collection::Locations,
        Collection::Moves,
        Collection::Journeys,
        Collection::Lodgings,
        Collection::Allocations,
        Collection::People,
        Collection::Profiles,
        Collection::PersonEscortRecords,
        Collection::Suppliers,
        Collection::Events,
        Collection::IdempotencyKeys,
    ];
}

/// A set of collections (a context's `complete`): one bit each, in declaration order (the
/// order a `BTreeSet<Collection>` kept, whose code it replaces in the npm .wasm); a JSON array
/// of their names.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Collections(u16);

impl Collections {
    /// No collection.
    pub const fn new() -> Self {
        Collections(0)
    }

    /// Adds `c`; whether it was not there.
    pub fn insert(&mut self, c: Collection) -> bool {
        let had = self.contains(&c);
        self.0 |= 1 << c as u16;
        !had
    }

    /// Removes `c`; whether it was there.
    pub fn remove(&mut self, c: &Collection) -> bool {
        let had = self.contains(c);
        self.0 &= !(1 << *c as u16);
        had
    }

    /// Whether `c` is in.
    pub fn contains(&self, c: &Collection) -> bool {
        self.0 & (1 << *c as u16) != 0
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The collections in, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = Collection> + '_ {
        Collection::ALL.into_iter().filter(|c| self.contains(c))
    }
}

impl FromIterator<Collection> for Collections {
    fn from_iter<I: IntoIterator<Item = Collection>>(iter: I) -> Self {
        let mut out = Collections::new();
        for c in iter {
            out.insert(c);
        }
        out
    }
}

impl std::fmt::Debug for Collections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl Serialize for Collections {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Collections {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CollectionsVisitor;
        impl<'de> serde::de::Visitor<'de> for CollectionsVisitor {
            type Value = Collections;
            // serde's words for a `BTreeSet`, which the errors have always given.
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Collections, A::Error> {
                let mut out = Collections::new();
                while let Some(c) = seq.next_element::<Collection>()? {
                    out.insert(c);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_seq(CollectionsVisitor)
    }
}

/// A location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationFacts {
    /// `prison`, `court`, `police`, `hospital`, … (the API's `location_type`).
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub location_type: Member<String>,
    /// Discarded (inactive) locations fail move-type rules.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub disabled: Member<bool>,
    /// Whether extradition moves may go there.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub extradition_capable: Member<bool>,
    /// Suppliers serving the location today.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub supplier_ids: Member<Vec<String>>,
}

/// A move.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveFacts {
    /// `proposed`, `requested`, `booked`, `in_transit`, `completed` or `cancelled`.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub status: Member<String>,
    /// The move's reference (`ABC1234D`).
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub reference: Member<String>,
    /// The move type.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub move_type: Member<String>,
    /// From location id.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub from_location_id: Member<String>,
    /// To location id.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub to_location_id: Member<String>,
    /// Profile id, when assigned.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub profile_id: Member<String>,
    /// The person of that profile.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub person_id: Member<String>,
    /// Allocation id, when the move belongs to one.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub allocation_id: Member<String>,
    /// The move's date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub date: Member<String>,
    /// `date_from`.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub date_from: Member<String>,
    /// `date_to`.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub date_to: Member<String>,
    /// Supplier id.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub supplier_id: Member<String>,
    /// The move has a MoveLockout event (relaxes location rules).
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub has_lockout: Member<bool>,
    /// Its cancellation reason.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub cancellation_reason: Member<String>,
    /// Its rejection reason.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub rejection_reason: Member<String>,
}

/// A journey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyFacts {
    /// The move it belongs to.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub move_id: Member<String>,
    /// `proposed`, `rejected`, `in_progress`, `completed` or `cancelled`.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub state: Member<String>,
    /// From location id.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub from_location_id: Member<String>,
    /// To location id.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub to_location_id: Member<String>,
    /// The supplier that owns it.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub supplier_id: Member<String>,
}

/// A lodging.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LodgingFacts {
    /// The move it belongs to.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub move_id: Member<String>,
    /// `proposed`, `started`, `completed` or `cancelled`.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub status: Member<String>,
    /// Start date as stored.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub start_date: Member<String>,
    /// End date as stored.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub end_date: Member<String>,
    /// Location id.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub location_id: Member<String>,
}

/// An allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationFacts {
    /// `unfilled`, `filled` or `cancelled`.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub status: Member<String>,
    /// Its date.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub date: Member<String>,
    /// Its moves' ids.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub move_ids: Member<Vec<String>>,
}

/// A person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    /// Prison number.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub prison_number: Member<String>,
    /// Prisoner category key (`a`, `b`, …).
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub category: Member<String>,
    /// False when the category cannot be moved with this service.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub move_supported: Member<bool>,
}

/// A profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFacts {
    /// The person it belongs to.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub person_id: Member<String>,
}

/// A person escort record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerFacts {
    /// Its status.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub status: Member<String>,
}

/// A supplier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierFacts {
    /// Its name.
    #[serde(default, skip_serializing_if = "Member::is_unknown")]
    pub name: Member<String>,
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
    /// to `to` on `date` (`YYYY-MM-DD`), other than `except`: the duplicate-move rule. `to` is
    /// `None` for a move with no `to_location` (a prison recall): the API's query then matches
    /// `to_location_id IS NULL` (upstream `app/models/move.rb` L280-293).
    fn duplicate_move(
        &self,
        _person_id: &str,
        _from: &str,
        _to: Option<&str>,
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
    /// The ids of a person's profiles, in any order: whether the person has a
    /// `latest_profile` (`profiles.max_by(&:updated_at)`, upstream `app/models/person.rb`
    /// L62-64), which version 1 moves take when they name the person and no profile.
    fn profiles_of_person(&self, _person_id: &str) -> Fact<Vec<String>> {
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
    pub locations: Records<Option<LocationFacts>>,
    /// Moves by id.
    pub moves: Records<Option<MoveFacts>>,
    /// Journeys by id.
    pub journeys: Records<Option<JourneyFacts>>,
    /// Lodgings by id.
    pub lodgings: Records<Option<LodgingFacts>>,
    /// Allocations by id.
    pub allocations: Records<Option<AllocationFacts>>,
    /// People by id.
    pub people: Records<Option<PersonFacts>>,
    /// Profiles by id.
    pub profiles: Records<Option<ProfileFacts>>,
    /// Person escort records by id.
    pub person_escort_records: Records<Option<PerFacts>>,
    /// Suppliers by id.
    pub suppliers: Records<Option<SupplierFacts>>,
    /// Stored events by eventable id.
    pub events: Records<Vec<StoredEvent>>,
    /// Idempotency keys the API remembers, by key (exactly as sent: the API does not fold case).
    pub idempotency_keys: Records<IdempotencyRecord>,
    /// Collections given in full.
    pub complete: Collections,
    /// Today's date in London (`YYYY-MM-DD`).
    pub today: Option<String>,
}

impl Context {
    /// No facts at all: every check that needs one is skipped.
    pub const EMPTY: Context = Context {
        caller: Caller::Unknown,
        supplier_id: None,
        locations: Records::new(),
        moves: Records::new(),
        journeys: Records::new(),
        lodgings: Records::new(),
        allocations: Records::new(),
        people: Records::new(),
        profiles: Records::new(),
        person_escort_records: Records::new(),
        suppliers: Records::new(),
        events: Records::new(),
        idempotency_keys: Records::new(),
        complete: Collections::new(),
        today: None,
    };

    /// No facts at all: every check that needs one is skipped.
    pub fn empty() -> Self {
        Self::EMPTY
    }

    /// [`Context::EMPTY`], borrowed: a caller without facts makes no context and drops none.
    pub fn none() -> &'static Context {
        static NONE: Context = Context::EMPTY;
        &NONE
    }

    fn lookup<T: Clone>(
        &self,
        map: &Records<Option<T>>,
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
        let found = self.moves.iter().find(|(_, m)| {
            m.as_ref()
                .and_then(|m| m.reference.value().map(String::as_str))
                == Some(reference)
        });
        // A move whose reference is not given could be the one.
        let maybe = self
            .moves
            .values()
            .any(|m| m.as_ref().is_some_and(|m| m.reference.is_unknown()));
        match found {
            Some((id, _)) => Fact::Known(id.clone()),
            None if self.complete.contains(&Collection::Moves) && !maybe => Fact::Missing,
            None => Fact::Unknown,
        }
    }
    fn duplicate_move(
        &self,
        person_id: &str,
        from: &str,
        to: Option<&str>,
        date: &str,
        except: Option<&str>,
    ) -> Fact<String> {
        // Each move is a duplicate (`Some(true)`), is not (`Some(false)`), or might be (`None`:
        // a member the rule reads is not given).
        let is =
            |m: &Member<String>, want: &str| m.known().map(|v| v.map(String::as_str) == Some(want));
        let duplicate = |id: &str, m: &MoveFacts| -> Option<bool> {
            if Some(id) == except {
                return Some(false);
            }
            let active = m
                .status
                .known()
                .map(|s| !matches!(s.map(String::as_str), Some("proposed" | "cancelled")));
            let tests = [
                active,
                is(&m.person_id, person_id),
                is(&m.from_location_id, from),
                m.to_location_id
                    .known()
                    .map(|v| v.map(String::as_str) == to),
                is(&m.date, date),
            ];
            all_hold(&tests)
        };
        let mut maybe = false;
        for (id, m) in &self.moves {
            let Some(m) = m else { continue };
            match duplicate(id, m) {
                Some(true) => return Fact::Known(id.clone()),
                None => maybe = true,
                Some(false) => {}
            }
        }
        if self.complete.contains(&Collection::Moves) && !maybe {
            Fact::Missing
        } else {
            Fact::Unknown
        }
    }
    fn journeys_of_move(&self, move_id: &str) -> Fact<Vec<(String, JourneyFacts)>> {
        of_move(
            &self.journeys,
            &self.complete,
            Collection::Journeys,
            move_id,
            |j| &j.move_id,
        )
    }
    fn lodgings_of_move(&self, move_id: &str) -> Fact<Vec<(String, LodgingFacts)>> {
        of_move(
            &self.lodgings,
            &self.complete,
            Collection::Lodgings,
            move_id,
            |l| &l.move_id,
        )
    }
    fn profiles_of_person(&self, person_id: &str) -> Fact<Vec<String>> {
        match of_move(
            &self.profiles,
            &self.complete,
            Collection::Profiles,
            person_id,
            |p| &p.person_id,
        ) {
            Fact::Known(profiles) => Fact::Known(profiles.into_iter().map(|(id, _)| id).collect()),
            _ => Fact::Unknown,
        }
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

/// The records of a collection given in full that belong to a move (or to another owner: a
/// person's profiles); unknown when the collection is not complete or one of its records does
/// not say which owner it belongs to.
fn of_move<T: Clone>(
    map: &Records<Option<T>>,
    complete: &Collections,
    collection: Collection,
    move_id: &str,
    move_of: impl Fn(&T) -> &Member<String>,
) -> Fact<Vec<(String, T)>> {
    if !complete.contains(&collection) {
        return Fact::Unknown;
    }
    let mut list = Vec::new();
    for (id, record) in map {
        let Some(record) = record else { continue };
        match move_of(record).known() {
            None => return Fact::Unknown,
            Some(Some(m)) if m == move_id => list.push((id.clone(), record.clone())),
            Some(_) => {}
        }
    }
    Fact::Known(list)
}

/// The canonical (lower-case, hyphenated) form of an id as Rails' PostgreSQL `uuid` type
/// casts it: `\A(\{)?([a-fA-F0-9]{4}-?){8}(?(1)\}|)\z`, so braces and missing hyphens are
/// fine. Anything else casts to null: a record with that id can never exist.
pub fn canonical_uuid(s: &str) -> Option<String> {
    canonical_uuid_cow(s).map(Cow::into_owned)
}

/// [`canonical_uuid`], borrowed when `s` is already canonical (the usual case), so checking
/// or looking up an id allocates nothing.
pub fn canonical_uuid_cow(s: &str) -> Option<Cow<'_, str>> {
    // The usual case: already lower-case and hyphenated.
    if is_canonical_uuid(s.as_bytes()) {
        return Some(Cow::Borrowed(s));
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
    Some(Cow::Owned(out))
}

/// Whether `b` is a UUID in canonical form: 36 bytes, lower-case hex digits in groups of 8,
/// 4, 4, 4 and 12 separated by `-`.
fn is_canonical_uuid(b: &[u8]) -> bool {
    /// 1 for the bytes a canonical UUID may hold at a digit position.
    const LOWER_HEX: [bool; 256] = {
        let mut table = [false; 256];
        let mut c = b'0';
        while c <= b'9' {
            table[c as usize] = true;
            c += 1;
        }
        let mut c = b'a';
        while c <= b'f' {
            table[c as usize] = true;
            c += 1;
        }
        table
    };
    let Ok(b) = <&[u8; 36]>::try_from(b) else {
        return false;
    };
    b[8] == b'-'
        && b[13] == b'-'
        && b[18] == b'-'
        && b[23] == b'-'
        && b[..8]
            .iter()
            .chain(&b[9..13])
            .chain(&b[14..18])
            .chain(&b[19..23])
            .chain(&b[24..])
            .all(|&c| LOWER_HEX[usize::from(c)])
}

/// Whether `s` casts to a UUID (see [`canonical_uuid`]).
pub fn is_uuid(s: &str) -> bool {
    canonical_uuid_cow(s).is_some()
}

/// Looks up a record id given in a request: ids that cannot be UUIDs are missing whatever the
/// facts say; others are looked up in canonical form.
pub fn lookup_id<T>(id: &str, fetch: impl FnOnce(&str) -> Fact<T>) -> Fact<T> {
    match canonical_uuid_cow(id) {
        Some(id) => fetch(&id),
        None => Fact::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_behave_as_a_btree_set() {
        use std::collections::BTreeSet;
        for text in [
            r#"[]"#,
            r#"["moves"]"#,
            r#"["idempotency_keys", "moves", "locations", "moves"]"#,
            r#"["events", "nope"]"#,
            r#"["moves", 1]"#,
            r#""moves""#,
            r#"{"moves": 1}"#,
            r#"null"#,
        ] {
            let set = serde_json::from_str::<BTreeSet<Collection>>(text);
            let ours = serde_json::from_str::<Collections>(text);
            match (set, ours) {
                (Ok(set), Ok(ours)) => {
                    assert_eq!(
                        serde_json::to_string(&set).ok(),
                        serde_json::to_string(&ours).ok(),
                        "{text}"
                    );
                    assert_eq!(set.len(), ours.len());
                    assert!(set.iter().copied().eq(ours.iter()), "{text}");
                    for c in Collection::ALL {
                        assert_eq!(set.contains(&c), ours.contains(&c));
                    }
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
                (a, b) => panic!("{text}: {a:?} {b:?}"),
            }
        }
    }

    #[test]
    fn members_are_unknown_null_or_known_and_serialise_back() {
        let m: MoveFacts = serde_json::from_value(serde_json::json!({
            "status": "booked", "profile_id": null, "has_lockout": false
        }))
        .expect("a move");
        assert_eq!(m.status, Member::Value("booked".to_owned()));
        assert_eq!(m.profile_id, Member::Null);
        assert_eq!(m.has_lockout.flag(), Some(false));
        assert!(m.date.is_unknown());
        assert_eq!(m.date.known(), None);
        assert_eq!(m.profile_id.known(), Some(None));
        assert_eq!(
            serde_json::to_value(&m).expect("json"),
            serde_json::json!({"status": "booked", "profile_id": null, "has_lockout": false})
        );
        let l: LocationFacts =
            serde_json::from_value(serde_json::json!({"disabled": null, "supplier_ids": null}))
                .expect("a location");
        assert_eq!(l.disabled.flag(), Some(false));
        assert_eq!(l.supplier_ids, Member::Null);
        assert_eq!(l.extradition_capable.flag(), None);
        assert_eq!(Member::<String>::from(None), Member::Null);
        assert_eq!(Member::<i32>::from(Some(1)), Member::Value(1));
        assert_eq!(Member::from(true), Member::Value(true));
    }

    #[test]
    fn a_record_whose_member_is_unknown_leaves_list_questions_open() {
        let id = "067c2855-fa41-493d-9c80-1311a4f7ba45";
        let other = "056eed18-772b-45b3-b64a-4d7d563641f7";
        let context: Context = serde_json::from_value(serde_json::json!({
            "journeys": {other: {"state": "proposed"}},
            "moves": {other: {"status": "booked", "person_id": "p", "from_location_id": "a", "to_location_id": "b"}},
            "complete": ["journeys", "moves"]
        }))
        .expect("a context");
        // The journey does not say whose it is: the move's journeys are not known.
        assert_eq!(context.journeys_of_move(id), Fact::Unknown);
        // The move does not give its date: it may be the duplicate.
        assert_eq!(
            context.duplicate_move("p", "a", Some("b"), "2020-01-01", None),
            Fact::Unknown
        );
        assert_eq!(
            context.duplicate_move("q", "a", Some("b"), "2020-01-01", None),
            Fact::Missing
        );
        assert_eq!(context.move_by_reference("ABC"), Fact::Unknown);
    }

    #[test]
    fn a_persons_profiles_are_known_only_from_complete_profiles_that_say_whose() {
        let profiles = serde_json::json!({
            "a": {"person_id": "p"}, "b": {"person_id": "q"}, "c": null
        });
        let context: Context = serde_json::from_value(serde_json::json!({
            "profiles": profiles, "complete": ["profiles"]
        }))
        .expect("a context");
        assert_eq!(
            context.profiles_of_person("p"),
            Fact::Known(vec!["a".to_owned()])
        );
        assert_eq!(context.profiles_of_person("r"), Fact::Known(Vec::new()));
        // Not given in full: the person may have others.
        let mut partial = context.clone();
        partial.complete.remove(&Collection::Profiles);
        assert_eq!(partial.profiles_of_person("p"), Fact::Unknown);
        // A profile that does not say whose it is may be the person's.
        let mut vague = context;
        vague
            .profiles
            .insert("d".to_owned(), Some(ProfileFacts::default()));
        assert_eq!(vague.profiles_of_person("r"), Fact::Unknown);
    }

    #[test]
    fn all_hold_is_three_valued() {
        assert_eq!(all_hold(&[Some(true), Some(true)]), Some(true));
        assert_eq!(all_hold(&[Some(true), None, Some(false)]), Some(false));
        assert_eq!(all_hold(&[Some(true), None]), None);
        assert_eq!(all_hold(&[]), Some(true));
    }

    #[test]
    fn uuid_cast_follows_postgres_adapter() {
        let c = "067c2855-fa41-493d-9c80-1311a4f7ba45";
        assert_eq!(canonical_uuid(c).as_deref(), Some(c));
        assert_eq!(canonical_uuid(&c.to_uppercase()).as_deref(), Some(c));
        assert_eq!(canonical_uuid(&c.replace('-', "")).as_deref(), Some(c));
        assert_eq!(canonical_uuid(&format!("{{{c}}}")).as_deref(), Some(c));
        assert!(matches!(canonical_uuid_cow(c), Some(Cow::Borrowed(_))));
        // The borrowed fast path says yes exactly where the general cast returns the input.
        let mut seed = 0x0123_4567_89ab_cdef_u64;
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut bytes = c.as_bytes().to_vec();
            let at = (seed % 37) as usize;
            let with = b"0af9-gA{}x"[((seed >> 8) % 10) as usize];
            match (seed >> 16) % 3 {
                0 if at < bytes.len() => bytes[at] = with,
                1 => bytes.insert(at, with),
                _ if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {}
            }
            let text = String::from_utf8(bytes).unwrap_or_default();
            let fast = is_canonical_uuid(text.as_bytes());
            let owned = canonical_uuid(&text);
            assert_eq!(fast, owned.as_deref() == Some(text.as_str()), "{text}");
            assert_eq!(owned.as_deref(), canonical_uuid_cow(&text).as_deref());
        }
        assert!(matches!(
            canonical_uuid_cow(&c.to_uppercase()),
            Some(Cow::Owned(_))
        ));
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
