//! Reads a [`Context`] from JSON text (what the npm package receives: `JSON.stringify` of the
//! caller's object), driven by tables of members rather than serde's derived deserialisers,
//! which would put a monomorphised reader per facts struct into the `.wasm`.
//!
//! Errors name the bad member and say what was wrong in serde's words, which the package has
//! always given (`context.moves.m1.status: invalid type: integer `3`, expected a string`),
//! and refuse unknown members (a typo would silently drop a fact): `context.moves.m1.statsu is
//! not a member of a Context (see the Context type)`. Type errors anywhere come before unknown
//! members; within each, the first in document order wins. An unknown member whose value is
//! `null` is let through, as before.

use std::fmt::Write;

use crate::context::{
    AllocationFacts, Caller, Collection, Collections, Context, IdempotencyRecord, JourneyFacts,
    LocationFacts, LodgingFacts, Member, MoveFacts, PerFacts, PersonFacts, ProfileFacts, Records,
    StoredEvent, SupplierFacts, stable_order,
};
use crate::json::{Arena, Json, Number, ParseError};

/// Reads a context; the error is the whole message (`context…: …`).
pub fn context_from_json(text: &[u8]) -> Result<Context, String> {
    let arena = Arena::for_text(text.len());
    let json = match Json::parse(text, &arena) {
        Ok(json) => json,
        // Contexts are not bodies: a large one is read all the same, as serde_json::Value
        // read it before (members in key order, the last of duplicate keys kept), which
        // decides which of several errors is named.
        Err(ParseError::TooLarge { .. }) => {
            let text = std::str::from_utf8(text).map_err(|e| {
                format!(
                    "context: {}",
                    ParseError::NotUtf8 {
                        at: e.valid_up_to()
                    }
                )
            })?;
            let json = Json::parse_str_unbounded(text, &arena).map_err(|e| match e {
                ParseError::Syntax { message, .. } => format!("context: {message}"),
                ParseError::TooDeep => "context: recursion limit exceeded".to_owned(),
                other => format!("context: {other}"),
            })?;
            in_key_order(json, &arena)
        }
        Err(e) => return Err(format!("context: {e}")),
    };
    context_of(&json)
}

/// A context from its JSON: the first error, as the whole message (`context…: …`).
fn context_of(json: &Json<'_>) -> Result<Context, String> {
    let mut reader = Reader {
        path: String::new(),
        unknown: None,
    };
    let context = reader
        .context(json)
        .map_err(|message| format!("context{}: {message}", reader.path))?;
    match reader.unknown {
        Some(path) => Err(format!(
            "context{path} is not a member of a Context (see the Context type)"
        )),
        None => Ok(context),
    }
}

/// Objects' members sorted by key, the last of duplicate keys kept: the order and the members
/// of a `serde_json::Value` (a `BTreeMap`).
fn in_key_order<'a>(json: Json<'a>, arena: &'a Arena) -> Json<'a> {
    match json {
        Json::Array(items) => {
            Json::Array(arena.slice(items.iter().map(|item| in_key_order(*item, arena))))
        }
        Json::Object(members) => {
            let keys: Vec<&str> = members.iter().map(|(k, _)| *k).collect();
            let order = stable_order(&keys);
            let mut out: Vec<(&'a str, Json<'a>)> = Vec::with_capacity(members.len());
            for i in order {
                let Some(&(key, value)) = members.get(i) else {
                    continue;
                };
                let value = in_key_order(value, arena);
                match out.last_mut() {
                    Some(last) if last.0 == key => last.1 = value,
                    _ => out.push((key, value)),
                }
            }
            Json::Object(arena.copy(&out))
        }
        other => other,
    }
}

/// A member of a facts record: where it goes in the record and its JSON shape.
enum Slot<T> {
    /// A string (or `null`).
    Text(fn(&mut T) -> &mut Member<String>),
    /// A boolean (or `null`).
    Flag(fn(&mut T) -> &mut Member<bool>),
    /// An array of strings (or `null`).
    List(fn(&mut T) -> &mut Member<Vec<String>>),
}

type Table<T> = &'static [(&'static str, Slot<T>)];

const LOCATION: Table<LocationFacts> = &[
    ("location_type", Slot::Text(|r| &mut r.location_type)),
    ("disabled", Slot::Flag(|r| &mut r.disabled)),
    (
        "extradition_capable",
        Slot::Flag(|r| &mut r.extradition_capable),
    ),
    ("supplier_ids", Slot::List(|r| &mut r.supplier_ids)),
];

const MOVE: Table<MoveFacts> = &[
    ("status", Slot::Text(|r| &mut r.status)),
    ("reference", Slot::Text(|r| &mut r.reference)),
    ("move_type", Slot::Text(|r| &mut r.move_type)),
    ("from_location_id", Slot::Text(|r| &mut r.from_location_id)),
    ("to_location_id", Slot::Text(|r| &mut r.to_location_id)),
    ("profile_id", Slot::Text(|r| &mut r.profile_id)),
    ("person_id", Slot::Text(|r| &mut r.person_id)),
    ("allocation_id", Slot::Text(|r| &mut r.allocation_id)),
    ("date", Slot::Text(|r| &mut r.date)),
    ("date_from", Slot::Text(|r| &mut r.date_from)),
    ("date_to", Slot::Text(|r| &mut r.date_to)),
    ("supplier_id", Slot::Text(|r| &mut r.supplier_id)),
    ("has_lockout", Slot::Flag(|r| &mut r.has_lockout)),
    (
        "cancellation_reason",
        Slot::Text(|r| &mut r.cancellation_reason),
    ),
    ("rejection_reason", Slot::Text(|r| &mut r.rejection_reason)),
];

const JOURNEY: Table<JourneyFacts> = &[
    ("move_id", Slot::Text(|r| &mut r.move_id)),
    ("state", Slot::Text(|r| &mut r.state)),
    ("from_location_id", Slot::Text(|r| &mut r.from_location_id)),
    ("to_location_id", Slot::Text(|r| &mut r.to_location_id)),
    ("supplier_id", Slot::Text(|r| &mut r.supplier_id)),
];

const LODGING: Table<LodgingFacts> = &[
    ("move_id", Slot::Text(|r| &mut r.move_id)),
    ("status", Slot::Text(|r| &mut r.status)),
    ("start_date", Slot::Text(|r| &mut r.start_date)),
    ("end_date", Slot::Text(|r| &mut r.end_date)),
    ("location_id", Slot::Text(|r| &mut r.location_id)),
];

const ALLOCATION: Table<AllocationFacts> = &[
    ("status", Slot::Text(|r| &mut r.status)),
    ("date", Slot::Text(|r| &mut r.date)),
    ("move_ids", Slot::List(|r| &mut r.move_ids)),
];

const PERSON: Table<PersonFacts> = &[
    ("prison_number", Slot::Text(|r| &mut r.prison_number)),
    ("category", Slot::Text(|r| &mut r.category)),
    ("move_supported", Slot::Flag(|r| &mut r.move_supported)),
];

const PROFILE: Table<ProfileFacts> = &[("person_id", Slot::Text(|r| &mut r.person_id))];

const PER: Table<PerFacts> = &[("status", Slot::Text(|r| &mut r.status))];

const SUPPLIER: Table<SupplierFacts> = &[("name", Slot::Text(|r| &mut r.name))];

/// The members of a [`Context`], in its declaration order.
const CONTEXT_MEMBERS: &[&str] = &[
    "caller",
    "supplier_id",
    "locations",
    "moves",
    "journeys",
    "lodgings",
    "allocations",
    "people",
    "profiles",
    "person_escort_records",
    "suppliers",
    "events",
    "idempotency_keys",
    "complete",
    "today",
];

const CALLERS: &[(&str, Caller)] = &[
    ("unknown", Caller::Unknown),
    ("authority", Caller::Authority),
    ("supplier", Caller::Supplier),
];

const COLLECTIONS: &[(&str, Collection)] = &[
    ("locations", Collection::Locations),
    ("moves", Collection::Moves),
    ("journeys", Collection::Journeys),
    ("lodgings", Collection::Lodgings),
    ("allocations", Collection::Allocations),
    ("people", Collection::People),
    ("profiles", Collection::Profiles),
    ("person_escort_records", Collection::PersonEscortRecords),
    ("suppliers", Collection::Suppliers),
    ("events", Collection::Events),
    ("idempotency_keys", Collection::IdempotencyKeys),
];

/// What serde calls a JSON value it did not expect (`integer `3``, `string "x"`, `map`).
fn unexpected(value: &Json<'_>) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Number(Number::Unsigned(n)) => format!("integer `{n}`"),
        Json::Number(Number::Signed(n)) => format!("integer `{n}`"),
        // serde_json writes floats in its messages as it writes them in JSON.
        Json::Number(Number::Float(x)) => match serde_json::Number::from_f64(*x) {
            Some(n) => format!("floating point `{n}`"),
            // Not finite (never from JSON text): `NaN`, `inf`, `-inf`, as std writes them.
            None => format!("floating point `{}`", zmij::Buffer::new().format(*x)),
        },
        Json::String(s) => format!("string {s:?}"),
        Json::Array(_) => "sequence".to_owned(),
        Json::Object(_) => "map".to_owned(),
    }
}

fn invalid_type(value: &Json<'_>, expected: &str) -> String {
    format!("invalid type: {}, expected {expected}", unexpected(value))
}

/// The reader's position (the path of the member being read, as the messages write it) and
/// the first unknown member seen.
struct Reader {
    path: String,
    unknown: Option<String>,
}

type Read<T> = Result<T, String>;

/// An object's members, as the JSON tree holds them.
type Members<'v, 'a> = &'v [(&'a str, Json<'a>)];

/// What [`Reader::each_record`] calls with each record's id and members (None for `null`).
type EachRecord<'f> =
    dyn for<'s, 'v, 'a> FnMut(&mut Reader, &'s str, Option<Members<'v, 'a>>) -> Read<()> + 'f;

impl Reader {
    /// Reads `value` as the member `key` (the path grows by `.key` or `["key"]`); the path
    /// stays as it is on error, so the message names the member.
    fn member<T>(
        &mut self,
        key: &str,
        value: &Json<'_>,
        read: impl FnOnce(&mut Self) -> Read<T>,
    ) -> Read<T> {
        let len = self.path.len();
        push_key(&mut self.path, key);
        self.finish(len, value, read)
    }

    /// Reads `value` as the element `index` of an array.
    fn item<T>(
        &mut self,
        index: usize,
        value: &Json<'_>,
        read: impl FnOnce(&mut Self) -> Read<T>,
    ) -> Read<T> {
        let len = self.path.len();
        let _ = write!(self.path, "[{index}]");
        self.finish(len, value, read)
    }

    fn finish<T>(
        &mut self,
        len: usize,
        value: &Json<'_>,
        read: impl FnOnce(&mut Self) -> Read<T>,
    ) -> Read<T> {
        let here = self.path.len();
        match read(self) {
            Ok(out) => {
                self.path.truncate(len);
                Ok(out)
            }
            Err(message) => {
                if self.path.len() == here {
                    self.descend(value);
                }
                Err(message)
            }
        }
    }

    /// A value of the wrong type that holds others: the place named is its first leaf, as the
    /// package has always named it (it searched for the smallest member that fails alone, and
    /// such a value fails with only its first member, down to a leaf).
    fn descend(&mut self, mut value: &Json<'_>) {
        loop {
            match value {
                Json::Object(members) if !members.is_empty() => {
                    push_key(&mut self.path, members[0].0);
                    value = &members[0].1;
                }
                Json::Array(items) if !items.is_empty() => {
                    self.path.push_str("[0]");
                    value = &items[0];
                }
                _ => return,
            }
        }
    }

    /// Remembers the first unknown member (with a value other than `null`).
    fn unknown_member(&mut self, key: &str, value: &Json<'_>) {
        if self.unknown.is_none() && !matches!(value, Json::Null) {
            let mut path = self.path.clone();
            push_key(&mut path, key);
            self.unknown = Some(path);
        }
    }

    fn context(&mut self, json: &Json<'_>) -> Read<Context> {
        let Json::Object(members) = json else {
            return Err(invalid_type(json, "struct Context"));
        };
        let mut c = Context::default();
        for (key, value) in members.iter() {
            let key: &str = key;
            if !CONTEXT_MEMBERS.contains(&key) {
                self.unknown_member(key, value);
                continue;
            }
            self.member(key, value, |r| {
                match key {
                    "caller" => c.caller = variant(value, CALLERS, "Caller")?,
                    "supplier_id" => c.supplier_id = optional_text(value)?,
                    "locations" => c.locations = r.records(value, "LocationFacts", LOCATION)?,
                    "moves" => c.moves = r.records(value, "MoveFacts", MOVE)?,
                    "journeys" => c.journeys = r.records(value, "JourneyFacts", JOURNEY)?,
                    "lodgings" => c.lodgings = r.records(value, "LodgingFacts", LODGING)?,
                    "allocations" => {
                        c.allocations = r.records(value, "AllocationFacts", ALLOCATION)?;
                    }
                    "people" => c.people = r.records(value, "PersonFacts", PERSON)?,
                    "profiles" => c.profiles = r.records(value, "ProfileFacts", PROFILE)?,
                    "person_escort_records" => {
                        c.person_escort_records = r.records(value, "PerFacts", PER)?;
                    }
                    "suppliers" => c.suppliers = r.records(value, "SupplierFacts", SUPPLIER)?,
                    "events" => c.events = r.events(value)?,
                    "idempotency_keys" => c.idempotency_keys = r.idempotency_keys(value)?,
                    "complete" => c.complete = r.complete(value)?,
                    _ => c.today = optional_text(value)?,
                }
                Ok(())
            })?;
        }
        Ok(c)
    }

    /// `{ id: record | null }`. The reading is in [`Reader::each_record`] and
    /// [`Reader::record_members`], written once for every record type: only the record's
    /// making and its slots are per type (each of ten copies of the whole made this module's
    /// reader a fifth of the package's basm-core code).
    fn records<T: Default>(
        &mut self,
        value: &Json<'_>,
        name: &str,
        table: Table<T>,
    ) -> Read<Records<Option<T>>> {
        let mut out = Vec::new();
        self.each_record(value, name, &mut |r, id, members| {
            let record = match members {
                None => None,
                Some(members) => Some(r.record(members, table)?),
            };
            out.push((id.to_owned(), record));
            Ok(())
        })?;
        Ok(Records::from_pairs(out))
    }

    /// Calls `each` with every record's id and members (None for `null`).
    fn each_record(&mut self, value: &Json<'_>, name: &str, each: &mut EachRecord<'_>) -> Read<()> {
        for (id, record) in map(value)? {
            self.member(id, record, |r| match record {
                Json::Null => each(r, id, None),
                Json::Object(members) => each(r, id, Some(members)),
                other => Err(invalid_type(other, &format!("struct {name}"))),
            })?;
        }
        Ok(())
    }

    /// One facts record, member by member from its table.
    fn record<T: Default>(&mut self, members: &[(&str, Json<'_>)], table: Table<T>) -> Read<T> {
        let mut record = T::default();
        self.record_members(
            members,
            &|key| table.iter().position(|(name, _)| *name == key),
            &mut |r, slot, value| {
                match &table[slot].1 {
                    Slot::Text(at) => *at(&mut record) = optional_text(value)?.into(),
                    Slot::Flag(at) => *at(&mut record) = optional_flag(value)?.into(),
                    Slot::List(at) => {
                        *at(&mut record) = match value {
                            Json::Null => Member::Null,
                            other => Member::Value(text_list(r, other)?),
                        };
                    }
                }
                Ok(())
            },
        )?;
        Ok(record)
    }

    /// Reads each member whose slot `find` knows with `write`; remembers an unknown one.
    fn record_members(
        &mut self,
        members: &[(&str, Json<'_>)],
        find: &dyn Fn(&str) -> Option<usize>,
        write: &mut dyn FnMut(&mut Self, usize, &Json<'_>) -> Read<()>,
    ) -> Read<()> {
        for (key, value) in members.iter() {
            let Some(slot) = find(key) else {
                self.unknown_member(key, value);
                continue;
            };
            self.member(key, value, |r| write(r, slot, value))?;
        }
        Ok(())
    }

    /// `{ eventable_id: [{ event_type, occurred_at }] }`.
    fn events(&mut self, value: &Json<'_>) -> Read<Records<Vec<StoredEvent>>> {
        let mut out = Vec::new();
        for (id, list) in map(value)? {
            let events = self.member(id, list, |r| {
                let Json::Array(items) = list else {
                    return Err(invalid_type(list, "a sequence"));
                };
                let mut events = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    events.push(r.item(i, item, |r| r.stored_event(item))?);
                }
                Ok(events)
            })?;
            out.push((id.to_string(), events));
        }
        Ok(Records::from_pairs(out))
    }

    fn stored_event(&mut self, value: &Json<'_>) -> Read<StoredEvent> {
        let Json::Object(members) = value else {
            return Err(invalid_type(value, "struct StoredEvent"));
        };
        let mut event = StoredEvent::default();
        for (key, value) in members.iter() {
            match *key {
                "event_type" => event.event_type = self.member(key, value, |_| text(value))?,
                "occurred_at" => event.occurred_at = self.member(key, value, |_| text(value))?,
                other => self.unknown_member(other, value),
            }
        }
        Ok(event)
    }

    /// `{ key: { method, path, fingerprint, replayable, status } }`.
    fn idempotency_keys(&mut self, value: &Json<'_>) -> Read<Records<IdempotencyRecord>> {
        let mut pairs = Vec::new();
        for (key, record) in map(value)? {
            let record = self.member(key, record, |r| {
                let Json::Object(members) = record else {
                    return Err(invalid_type(record, "struct IdempotencyRecord"));
                };
                let mut out = IdempotencyRecord::default();
                for (key, value) in members.iter() {
                    match *key {
                        "method" => out.method = r.member(key, value, |_| text(value))?,
                        "path" => out.path = r.member(key, value, |_| text(value))?,
                        "fingerprint" => out.fingerprint = r.member(key, value, |_| text(value))?,
                        "replayable" => out.replayable = r.member(key, value, |_| flag(value))?,
                        "status" => {
                            out.status = r.member(key, value, |_| optional_status(value))?
                        }
                        other => r.unknown_member(other, value),
                    }
                }
                Ok(out)
            })?;
            pairs.push((key.to_string(), record));
        }
        Ok(Records::from_pairs(pairs))
    }

    /// `[collection, …]`.
    fn complete(&mut self, value: &Json<'_>) -> Read<Collections> {
        let Json::Array(items) = value else {
            return Err(invalid_type(value, "a sequence"));
        };
        let mut out = Collections::new();
        for (i, item) in items.iter().enumerate() {
            out.insert(self.item(i, item, |_| variant(item, COLLECTIONS, "Collection"))?);
        }
        Ok(out)
    }
}

/// `.key`, or `["key"]` when the key is not an identifier.
fn push_key(path: &mut String, key: &str) {
    let mut chars = key.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if identifier {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        crate::json::write_string(path, key);
        path.push(']');
    }
}

fn map<'a>(value: &Json<'a>) -> Read<&'a [(&'a str, Json<'a>)]> {
    match value {
        Json::Object(members) => Ok(members),
        other => Err(invalid_type(other, "a map")),
    }
}

fn text(value: &Json<'_>) -> Read<String> {
    match value {
        Json::String(s) => Ok(s.to_string()),
        other => Err(invalid_type(other, "a string")),
    }
}

fn flag(value: &Json<'_>) -> Read<bool> {
    match value {
        Json::Bool(b) => Ok(*b),
        other => Err(invalid_type(other, "a boolean")),
    }
}

fn optional_text(value: &Json<'_>) -> Read<Option<String>> {
    match value {
        Json::Null => Ok(None),
        other => text(other).map(Some),
    }
}

fn optional_flag(value: &Json<'_>) -> Read<Option<bool>> {
    match value {
        Json::Null => Ok(None),
        other => flag(other).map(Some),
    }
}

fn text_list(reader: &mut Reader, value: &Json<'_>) -> Read<Vec<String>> {
    match value {
        Json::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(reader.item(i, item, |_| text(item))?);
            }
            Ok(out)
        }
        other => Err(invalid_type(other, "a sequence")),
    }
}

fn optional_status(value: &Json<'_>) -> Read<Option<u16>> {
    match value {
        Json::Null => Ok(None),
        Json::Number(Number::Unsigned(n)) => u16::try_from(*n)
            .map(Some)
            .map_err(|_| format!("invalid value: integer `{n}`, expected u16")),
        Json::Number(Number::Signed(n)) => {
            Err(format!("invalid value: integer `{n}`, expected u16"))
        }
        other => Err(invalid_type(other, "u16")),
    }
}

/// A unit variant by its snake_case name. serde_json reads an enum from a string (or a
/// one-member object); anything else is "expected value".
fn variant<T: Copy>(value: &Json<'_>, variants: &[(&str, T)], name: &str) -> Read<T> {
    let key = match value {
        Json::String(s) => *s,
        Json::Object(members) => match members.first() {
            Some((k, _)) => *k,
            None => return Err("expected value".to_owned()),
        },
        _ => return Err("expected value".to_owned()),
    };
    match variants.iter().find(|(n, _)| *n == key) {
        Some((_, v)) => match value {
            Json::Object(members) if members.len() != 1 || members[0].1 != Json::Null => {
                Err(format!("invalid type: map, expected enum {name}"))
            }
            _ => Ok(*v),
        },
        None => {
            let names: Vec<String> = variants.iter().map(|(n, _)| format!("`{n}`")).collect();
            Err(format!(
                "unknown variant `{key}`, expected one of {}",
                names.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Context, String> {
        context_from_json(text.as_bytes())
    }

    #[test]
    fn reads_facts() {
        let c = read(r#"{"caller":"supplier","moves":{"m1":{"status":"booked","profile_id":null},"m2":null},"complete":["moves"],"events":{"m1":[{"event_type":"MoveAccept"}]}}"#)
            .expect("a context");
        assert_eq!(c.caller, Caller::Supplier);
        let m1 = c.moves["m1"].as_ref().expect("m1");
        assert_eq!(m1.status, Member::Value("booked".to_owned()));
        assert_eq!(m1.profile_id, Member::Null);
        assert_eq!(m1.date, Member::Unknown);
        assert_eq!(c.moves["m2"], None);
        assert!(c.complete.contains(&Collection::Moves));
        assert_eq!(c.events["m1"][0].event_type, "MoveAccept");
    }

    #[test]
    fn errors_name_the_member() {
        assert_eq!(
            read(r#"{"moves":{"m1":{"status":3}}}"#).err().as_deref(),
            Some("context.moves.m1.status: invalid type: integer `3`, expected a string")
        );
        assert_eq!(
            read(r#"{"caller":"nobody"}"#).err().as_deref(),
            Some(
                "context.caller: unknown variant `nobody`, expected one of `unknown`, `authority`, `supplier`"
            )
        );
        assert_eq!(
            read(r#"{"moves":{"a-b":{"statsu":"x"}}}"#).err().as_deref(),
            Some(
                r#"context.moves["a-b"].statsu is not a member of a Context (see the Context type)"#
            )
        );
        assert_eq!(
            read(r#"{"mooves":{},"caller":"nobody"}"#).err().as_deref(),
            Some(
                "context.caller: unknown variant `nobody`, expected one of `unknown`, `authority`, `supplier`"
            )
        );
        assert!(read(r#"{"mooves":null}"#).is_ok());
    }

    /// The large-context reader before `in_key_order`: serde_json::Value, then into `Json`.
    fn old_large(text: &[u8]) -> Result<Context, String> {
        fn from_value(value: serde_json::Value, arena: &Arena) -> Json<'_> {
            use serde_json::Value;
            match value {
                Value::Null => Json::Null,
                Value::Bool(b) => Json::Bool(b),
                Value::Number(n) => Json::Number(if let Some(u) = n.as_u64() {
                    Number::Unsigned(u)
                } else if let Some(i) = n.as_i64() {
                    Number::Signed(i)
                } else {
                    Number::Float(n.as_f64().unwrap_or_default())
                }),
                Value::String(s) => Json::String(arena.str(&s)),
                Value::Array(items) => {
                    Json::Array(arena.slice(items.into_iter().map(|item| from_value(item, arena))))
                }
                Value::Object(members) => {
                    let members: Vec<_> = members
                        .into_iter()
                        .map(|(k, v)| (arena.str(&k), from_value(v, arena)))
                        .collect();
                    Json::Object(arena.slice(members))
                }
            }
        }
        let value: serde_json::Value = serde_json::from_slice(text).map_err(|e| {
            let e = e.to_string();
            format!(
                "context: {}",
                e.rfind(" at line ").map_or(&e[..], |i| &e[..i])
            )
        })?;
        context_of(&from_value(value, &Arena::new()))
    }

    #[test]
    fn stable_order_is_a_stable_sort() {
        let mut state: u64 = 7;
        for len in 0..70 {
            let keys: Vec<String> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    format!("k{}", state % 9)
                })
                .collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by(|&a, &b| keys[a].cmp(keys[b]));
            assert_eq!(stable_order(&keys), expected);
        }
    }

    #[test]
    fn large_contexts_read_as_serde_json_value_read_them() {
        let pad = "x".repeat(crate::json::MAX_BODY_BYTES);
        let cases = [
            r#"{"moves": {"m1": {"status": "booked"}}, "today": "PAD"}"#.to_owned(),
            r#"{"today": "PAD", "moves": {"m2": {"status": 3}, "m1": {"status": 4}}}"#.to_owned(),
            r#"{"today": "PAD", "zebra": 1, "apple": 2}"#.to_owned(),
            r#"{"today": "PAD", "moves": {"m1": {"status": 3, "status": "booked"}}}"#.to_owned(),
            r#"{"today": "PAD", "moves": {"m1": {"status": "booked"}}, "moves": {"m2": null}}"#
                .to_owned(),
            r#"{"today": "PAD", "caller": "nobody", "complete": [1]}"#.to_owned(),
            r#"{"today": "PAD", "moves": {"m1": {"status": 1.5e300}}}"#.to_owned(),
            r#"{"today": "PAD", "moves": {"m1": {"status": -12}}}"#.to_owned(),
            r#"{"today": "PAD", "moves": {"m1": {"status": 1e400}}}"#.to_owned(),
            r#"{"today": "PAD", "moves": {"m1": {"status": "a\u00e9\ud83d\ude00"}}}"#
                .to_owned(),
            r#"{"today": "PAD", "moves": [}"#.to_owned(),
            r#"{"today": "PAD", "moves": {}} x"#.to_owned(),
            format!(r#"{{"today": "PAD", "moves": {}1{}}}"#, "[".repeat(200), "]".repeat(200)),
            r#"{"today": "PAD", "events": {"m1": [{"occurred_at": 1, "event_type": 2}]}}"#
                .to_owned(),
            r#"{"today": "PAD", "idempotency_keys": {"k": {"status": 1, "extra": 2, "method": 3}}}"#
                .to_owned(),
        ];
        for case in cases {
            let text = case.replace("PAD", &pad);
            assert!(text.len() > crate::json::MAX_BODY_BYTES);
            let (new, old) = (
                context_from_json(text.as_bytes()),
                old_large(text.as_bytes()),
            );
            assert_eq!(new, old, "{case}");
        }
    }
}
