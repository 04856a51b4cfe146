//! Every event type `POST /api/events` accepts, each declared once in the `events!` table below.
//!
//! A row of the table gives the event type's doc line, family, classification, eventable
//! types, state-machine trigger, details fields (`req` or `opt`, with their wire type),
//! relationships, and rules in the API's declaration order (`events.md` §4). From it come:
//! the typed `<Name>Details` struct, [`EventType`], the [`Event`] enum dispatched on
//! `event_type`, the registry [`EVENT_TYPES`] (what `eventTypes()` returns and what
//! `docs/events.md` is rendered from), and the rules `model::check` runs. The doc lines become
//! the registry's `doc` members only with the `docs` feature (the validator reads none of them).
//!
//! Upstream: `app/models/generic_event/*.rb` and the wiki's Move, Journey and Lodging events
//! pages (<https://github.com/ministryofjustice/hmpps-book-secure-move-api/wiki>).

use serde::{Deserialize, Serialize};

use crate::values::{
    AnyJson, AuthorisedBy, CancellationReason, DateText, DateTimeText, DelaySubtype,
    DocumentationSubtype, FaultClassification, FieldKind, LockoutReason, LodgingReason, MoveType,
    RedirectReason, RejectionReason, VehicleType, WelfareOutcome, WelfareSubtype, WireType,
};

pub mod rules;

pub use rules::{Guard, Rule};

/// The kind of record an event is about (`relationships.eventable.data.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Eventable {
    /// `moves`.
    #[serde(rename = "moves")]
    Move,
    /// `journeys`.
    #[serde(rename = "journeys")]
    Journey,
    /// `people`.
    #[serde(rename = "people")]
    Person,
    /// `person_escort_records`.
    #[serde(rename = "person_escort_records")]
    PersonEscortRecord,
    /// `profiles` (accepted by the envelope check, by no event type).
    #[serde(rename = "profiles")]
    Profile,
    /// `lodgings` (lodging events are written by the server only).
    #[serde(rename = "lodgings")]
    Lodging,
}

impl Eventable {
    /// The five types the envelope check accepts, in the API's order.
    pub const POSTABLE: &'static [&'static str] = &[
        "moves",
        "people",
        "person_escort_records",
        "profiles",
        "journeys",
    ];

    /// The JSON:API type name.
    pub fn wire(self) -> &'static str {
        match self {
            Eventable::Move => "moves",
            Eventable::Journey => "journeys",
            Eventable::Person => "people",
            Eventable::PersonEscortRecord => "person_escort_records",
            Eventable::Profile => "profiles",
            Eventable::Lodging => "lodgings",
        }
    }

    /// The model class name, as 404 messages give it.
    pub fn class_name(self) -> &'static str {
        match self {
            Eventable::Move => "Move",
            Eventable::Journey => "Journey",
            Eventable::Person => "Person",
            Eventable::PersonEscortRecord => "PersonEscortRecord",
            Eventable::Profile => "Profile",
            Eventable::Lodging => "Lodging",
        }
    }

    /// [`Eventable::class_name`] in lower case, as an effect's summary names it.
    pub fn lower_name(self) -> &'static str {
        match self {
            Eventable::Move => "move",
            Eventable::Journey => "journey",
            Eventable::Person => "person",
            Eventable::PersonEscortRecord => "personescortrecord",
            Eventable::Profile => "profile",
            Eventable::Lodging => "lodging",
        }
    }

    /// The type with this JSON:API name.
    pub fn from_wire(s: &str) -> Option<Eventable> {
        Some(match s {
            "moves" => Eventable::Move,
            "journeys" => Eventable::Journey,
            "people" => Eventable::Person,
            "person_escort_records" => Eventable::PersonEscortRecord,
            "profiles" => Eventable::Profile,
            "lodgings" => Eventable::Lodging,
            _ => return None,
        })
    }
}

/// The family an event type belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Move events.
    Move,
    /// Journey events.
    Journey,
    /// Lodging events (server-written).
    Lodging,
    /// Person-move events (incidents, vehicle failures, booked-in).
    PersonMove,
    /// Person escort record events.
    Per,
}

/// One details field of an event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldInfo {
    /// The key inside `details`.
    pub name: &'static str,
    /// What it means (with the `docs` feature).
    #[cfg(feature = "docs")]
    pub doc: &'static str,
    /// Its JSON shape.
    pub kind: FieldKind,
    /// Whether the API refuses the event without it.
    pub required: bool,
    /// The allowed values (enums only).
    pub allowed: &'static [&'static str],
}

/// One relationship (other than `eventable`) an event type reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RelationshipInfo {
    /// The relationship's name (stored in details as `<name>_id`).
    pub name: &'static str,
    /// What it means (with the `docs` feature).
    #[cfg(feature = "docs")]
    pub doc: &'static str,
    /// The JSON:API type of the record it names.
    #[serde(rename = "type")]
    pub resource_type: &'static str,
    /// Whether the API refuses the event without it (404 `Couldn't find … without an ID`).
    pub required: bool,
}

/// Everything known about one event type.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EventTypeInfo {
    /// The `event_type` string.
    pub name: &'static str,
    /// What the event records (with the `docs` feature).
    #[cfg(feature = "docs")]
    pub doc: &'static str,
    /// Its family.
    pub family: Family,
    /// The `classification` the API gives it.
    pub classification: &'static str,
    /// The eventable types the model accepts.
    pub eventable: &'static [Eventable],
    /// Details fields the API keeps; every other key is dropped.
    pub fields: &'static [FieldInfo],
    /// Relationships it reads.
    pub relationships: &'static [RelationshipInfo],
    /// The state-machine event it fires on its eventable, if any.
    pub trigger: Option<&'static str>,
    /// Why it is deprecated, if it is.
    pub deprecated: Option<&'static str>,
    /// The name the API stores it under, when it renames it.
    pub stored_as: Option<&'static str>,
    /// The rules, in the API's order.
    #[serde(skip)]
    pub rules: &'static [Rule],
}

impl EventTypeInfo {
    /// Whether a client may post it to `/api/events` and have it accepted (lodging events
    /// are written by the server only).
    pub fn postable(&self) -> bool {
        !self.eventable.contains(&Eventable::Lodging)
    }

    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// Whether a typed field should be left out when serialising (absent optional fields).
pub trait Absent {
    /// True for `None`.
    fn is_absent(&self) -> bool;
}
impl<T: WireType> Absent for T {
    fn is_absent(&self) -> bool {
        false
    }
}
impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}
fn is_absent<T: Absent>(value: &T) -> bool {
    value.is_absent()
}

/// `Some` of the only element, for the table's optional keys.
const fn some_or_none(values: &[&'static str]) -> Option<&'static str> {
    match values {
        [one] => Some(*one),
        _ => None,
    }
}

macro_rules! field_ty {
    (req $t:ty) => { $t };
    (opt $t:ty) => { Option<$t> };
}
macro_rules! is_req {
    (req) => {
        true
    };
    (opt) => {
        false
    };
}
macro_rules! rel_type {
    (previous_move) => {
        "moves"
    };
    ($other:ident) => {
        "locations"
    };
}

macro_rules! events {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident / $details:ident : $family:ident, $class:literal, [$($eventable:ident),+]
            $(, trigger = $trigger:literal)? $(, deprecated = $dep:literal)? $(, stored_as = $stored:literal)?
        {
            $($(#[doc = $fdoc:literal])* $field:ident : $req:ident $fty:ty),* $(,)?
        }
        rel { $($(#[doc = $rdoc:literal])* $rel:ident),* $(,)? }
        rules [ $($rule:expr),* $(,)? ]
    )+) => {
        $(
            #[doc = concat!("Details of ", stringify!($name), ":", $($doc, )* )]
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $details {
                $(
                    $(#[doc = $fdoc])*
                    #[serde(skip_serializing_if = "is_absent")]
                    pub $field: field_ty!($req $fty),
                )*
            }
        )+

        /// Every event type name, as the API spells it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum EventType {
            $($(#[doc = $doc])* $name,)+
        }

        impl EventType {
            /// Every event type, in table order.
            pub const ALL: &'static [EventType] = &[$(EventType::$name),+];

            /// The `event_type` string.
            pub fn as_str(self) -> &'static str {
                match self { $(EventType::$name => stringify!($name),)+ }
            }

            /// The event type with this exact name (case-sensitive, as the API compares), by
            /// binary search of the names ([`crate::values::find_sorted`]).
            pub fn from_wire(s: &str) -> Option<EventType> {
                const NAMES: [&str; EventType::ALL.len()] = [$(stringify!($name)),+];
                const ORDER: [u8; EventType::ALL.len()] = crate::values::sorted_order(&NAMES);
                crate::values::find_sorted(&NAMES, &ORDER, s).map(|i| EventType::ALL[i])
            }

            /// Its metadata and rules.
            pub fn info(self) -> &'static EventTypeInfo {
                &EVENT_TYPES[self as usize]
            }
        }

        /// A typed event: the `event_type` with its details (serialised as the
        /// `event_type` and `details` members of `data.attributes`).
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "event_type", content = "details")]
        // One variant per event type: boxing the large ones would make them awkward to build.
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            $($(#[doc = $doc])* $name($details),)+
        }

        // `details` is optional on the wire (the API treats a missing or null one as `{}`), which
        // serde's adjacently tagged representation cannot express: dispatch by hand.
        impl<'de> Deserialize<'de> for Event {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(Deserialize)]
                struct Tagged {
                    event_type: String,
                    #[serde(default)]
                    details: serde_json::Value,
                }
                let tagged = Tagged::deserialize(deserializer)?;
                let details = match tagged.details {
                    serde_json::Value::Null => serde_json::Value::Object(serde_json::Map::new()),
                    other => other,
                };
                match tagged.event_type.as_str() {
                    $(stringify!($name) => serde_json::from_value(details).map(Event::$name).map_err(serde::de::Error::custom),)+
                    other => Err(serde::de::Error::custom(format!("unknown event_type {other:?}"))),
                }
            }
        }

        impl Event {
            /// Its event type.
            pub fn event_type(&self) -> EventType {
                match self { $(Event::$name(_) => EventType::$name,)+ }
            }
        }

        /// Every event type's metadata, in table order.
        pub static EVENT_TYPES: &[EventTypeInfo] = &[$(
            {
                const RULES: &[Rule] = &[$($rule),*];
                const FIELDS: &[FieldInfo] = &[$(FieldInfo {
                    name: stringify!($field),
                    #[cfg(feature = "docs")]
                    doc: concat!($($fdoc),*),
                    kind: <$fty as WireType>::KIND,
                    required: is_req!($req),
                    allowed: <$fty as WireType>::VALUES,
                }),*];
                const RELATIONSHIPS: &[RelationshipInfo] = &[$(RelationshipInfo {
                    name: stringify!($rel),
                    #[cfg(feature = "docs")]
                    doc: concat!($($rdoc),*),
                    resource_type: rel_type!($rel),
                    required: rules::requires_relationship(RULES, stringify!($rel)),
                }),*];
                EventTypeInfo {
                    name: stringify!($name),
                    #[cfg(feature = "docs")]
                    doc: concat!($($doc),*),
                    family: Family::$family,
                    classification: $class,
                    eventable: &[$(Eventable::$eventable),+],
                    fields: FIELDS,
                    relationships: RELATIONSHIPS,
                    trigger: some_or_none(&[$($trigger)?]),
                    deprecated: some_or_none(&[$($dep)?]),
                    stored_as: some_or_none(&[$($stored)?]),
                    rules: RULES,
                }
            },
        )+];
    };
}

use Rule::{
    Authoriser, BooleanInclusion, FaultClassificationRule, IsoDate, Location, LodgingUpdateChanges,
    MoveTypeRules, OrderWarning, Personnel, Postcode, Presence, PreviousMove, RequiredUnless,
    RespondedByCrash,
};

const fn iso_date_time(field: &'static str) -> Rule {
    Rule::IsoDateTime {
        field,
        allow_nil: false,
    }
}
const fn iso_date_time_or_nil(field: &'static str) -> Rule {
    Rule::IsoDateTime {
        field,
        allow_nil: true,
    }
}
const fn inclusion(field: &'static str, values: &'static [&'static str]) -> Rule {
    Rule::Inclusion {
        field,
        values,
        guard: Guard::Always,
    }
}

const SUPPLIER_ONLY: Rule = Personnel {
    plural: false,
    police: false,
};
const ONE_OF_SUPPLIER_OR_POLICE: Rule = Personnel {
    plural: false,
    police: true,
};

events! {
    // ---- Move events (events.md §4.1) ----

    /// The supplier accepts the move: requested → booked.
    MoveAccept / MoveAcceptDetails: Move, "default", [Move], trigger = "accept" {}
    rel {} rules []

    /// The move is approved: proposed → requested, taking the given date.
    MoveApprove / MoveApproveDetails: Move, "default", [Move], trigger = "approve" {
        /// Date on which the move is scheduled (ISO-8601 date).
        date: req DateText,
        /// Whether the move should be created in NOMIS automatically.
        create_in_nomis: opt bool,
    }
    rel {} rules [Presence("date"), IsoDate("date")]

    /// The move is cancelled, with a reason.
    MoveCancel / MoveCancelDetails: Move, "default", [Move], trigger = "cancel" {
        /// Why the move is cancelled.
        cancellation_reason: req CancellationReason,
        /// Optional comment about the cancellation.
        cancellation_reason_comment: opt String,
    }
    rel {} rules [inclusion("cancellation_reason", CancellationReason::VALUES)]

    /// The person is handed over to the supplier's custody, as signed for on the PER.
    MoveCollectionByEscort / MoveCollectionByEscortDetails: Move, "default", [Move] {
        /// The type of vehicle used for the escort.
        vehicle_type: req VehicleType,
    }
    rel {} rules [inclusion("vehicle_type", VehicleType::VALUES)]

    /// The person is handed over at the final destination: in_transit → completed.
    MoveComplete / MoveCompleteDetails: Move, "default", [Move], trigger = "complete" {}
    rel {} rules [OrderWarning { after: &["MoveStart"], before: &[] }]

    /// The sending supplier drops the person off to another supplier.
    MoveCrossSupplierDropOff / MoveCrossSupplierDropOffDetails: Move, "default", [Move] {}
    rel {} rules []

    /// The receiving supplier picks the person up from another supplier's move.
    MoveCrossSupplierPickUp / MoveCrossSupplierPickUpDetails: Move, "default", [Move] {
        /// Reference of the other supplier's move (instead of the `previous_move` relationship).
        previous_move_reference: opt String,
    }
    rel {
        /// The other supplier's move.
        previous_move
    }
    rules [PreviousMove]

    /// The move's date changed (the API writes this itself after a date change).
    MoveDateChanged / MoveDateChangedDetails: Move, "default", [Move] {
        /// The new date.
        date: req DateText,
        /// Why the date changed.
        date_changed_reason: opt String,
    }
    rel {} rules [Presence("date"), iso_date_time("date")]

    /// The vehicle was locked out of a location; the move's status does not change.
    MoveLockout / MoveLockoutDetails: Move, "default", [Move] {
        /// When the lockout was authorised.
        authorised_at: opt DateTimeText,
        /// Who authorised it.
        authorised_by: opt AuthorisedBy,
        /// Why the lockout happened.
        reason: opt LockoutReason,
    }
    rel {
        /// The location the vehicle was locked out from (not the move's from_location).
        from_location
    }
    rules [
        Authoriser,
        Location("from_location"),
        Rule::Inclusion { field: "reason", values: LockoutReason::VALUES, guard: Guard::IfTruthy },
    ]

    /// A lodging ended at a location.
    MoveLodgingEnd / MoveLodgingEndDetails: Move, "default", [Move] {}
    rel {
        /// The lodging's location.
        location
    }
    rules [Location("location")]

    /// A lodging started at a location.
    MoveLodgingStart / MoveLodgingStartDetails: Move, "default", [Move] {
        /// Why the move lodges.
        reason: req LodgingReason,
    }
    rel {
        /// The lodging's location.
        location
    }
    rules [Location("location"), Presence("reason"), inclusion("reason", LodgingReason::VALUES)]

    /// The vehicle is 30 minutes from arrival.
    MoveNotifyPremisesOfArrivalIn30Mins / MoveNotifyPremisesOfArrivalIn30MinsDetails: Move, "default", [Move] {}
    rel {} rules []

    /// Estimated time of arrival at the drop-off location.
    MoveNotifyPremisesOfDropOffEta / MoveNotifyPremisesOfDropOffEtaDetails: Move, "default", [Move] {
        /// When the vehicle is expected at the drop-off location.
        expected_at: req DateTimeText,
    }
    rel {} rules [Presence("expected_at"), iso_date_time("expected_at")]

    /// Estimated time of arrival (deprecated: stored as MoveNotifyPremisesOfDropOffEta).
    MoveNotifyPremisesOfEta / MoveNotifyPremisesOfEtaDetails: Move, "default", [Move],
        deprecated = "use MoveNotifyPremisesOfDropOffEta: the API stores this event under that name",
        stored_as = "MoveNotifyPremisesOfDropOffEta"
    {
        /// When the vehicle is expected at the premises.
        expected_at: req DateTimeText,
    }
    rel {} rules [Presence("expected_at"), iso_date_time("expected_at")]

    /// Estimated collection time at the pick-up location.
    MoveNotifyPremisesOfExpectedCollectionTime / MoveNotifyPremisesOfExpectedCollectionTimeDetails: Move, "default", [Move] {
        /// When the vehicle is expected at the collection premises.
        expected_at: req DateTimeText,
    }
    rel {} rules [Presence("expected_at"), iso_date_time("expected_at")]

    /// Estimated time of arrival at the pick-up location.
    MoveNotifyPremisesOfPickupEta / MoveNotifyPremisesOfPickupEtaDetails: Move, "default", [Move] {
        /// When the vehicle is expected at the pick-up location.
        expected_at: req DateTimeText,
    }
    rel {} rules [Presence("expected_at"), iso_date_time("expected_at")]

    /// HMCTS court cells used overnight (Operation HMCTS).
    MoveOperationHmcts / MoveOperationHmctsDetails: Move, "default", [Move] {
        /// When it was authorised.
        authorised_at: opt DateTimeText,
        /// Who authorised it.
        authorised_by: opt AuthorisedBy,
        /// The cell where the person stays.
        court_cell_number: req String,
    }
    rel {} rules [Authoriser, Presence("court_cell_number")]

    /// Operation Safeguard: detention when prison capacity is reached.
    MoveOperationSafeguard / MoveOperationSafeguardDetails: Move, "default", [Move] {
        /// When it was authorised.
        authorised_at: opt DateTimeText,
        /// Who authorised it.
        authorised_by: opt AuthorisedBy,
    }
    rel {} rules [Authoriser]

    /// Operation Tornado: decanting a prison.
    MoveOperationTornado / MoveOperationTornadoDetails: Move, "default", [Move] {
        /// When it was authorised.
        authorised_at: opt DateTimeText,
        /// Who authorised it.
        authorised_by: opt AuthorisedBy,
    }
    rel {} rules [Authoriser]

    /// A proposed move was created (written by the API on create).
    MoveProposed / MoveProposedDetails: Move, "default", [Move] {}
    rel {} rules []

    /// The move is redirected to a new to_location.
    MoveRedirect / MoveRedirectDetails: Move, "default", [Move], trigger = "redirect" {
        /// The new move type (optional).
        move_type: opt MoveType,
        /// Why the move is redirected (optional).
        reason: opt RedirectReason,
    }
    rel {
        /// The new destination.
        to_location
    }
    rules [
        Location("to_location"),
        Rule::Inclusion { field: "reason", values: RedirectReason::VALUES, guard: Guard::IfPresent },
        MoveTypeRules,
    ]

    /// The move is rejected: proposed/requested → cancelled, reason `rejected`.
    MoveReject / MoveRejectDetails: Move, "default", [Move], trigger = "reject" {
        /// Why the move is rejected.
        rejection_reason: req RejectionReason,
        /// Optional comment.
        cancellation_reason_comment: opt String,
        /// Rebook automatically 7 days later (read by truthiness: the string "false" rebooks).
        rebook: opt bool,
    }
    rel {} rules [inclusion("rejection_reason", RejectionReason::VALUES)]

    /// A requested move was created (written by the API on create).
    MoveRequested / MoveRequestedDetails: Move, "default", [Move] {}
    rel {} rules []

    /// The vehicle begins to move: booked → in_transit.
    MoveStart / MoveStartDetails: Move, "default", [Move], trigger = "start" {}
    rel {} rules [OrderWarning { after: &[], before: &["MoveComplete"] }]

    // ---- Journey events (events.md §4.2) ----

    /// The vehicle was admitted through the outer gate.
    JourneyAdmitThroughOuterGate / JourneyAdmitThroughOuterGateDetails: Journey, "default", [Journey] {
        /// Vehicle registration.
        vehicle_reg: req String,
        /// The driver's supplier personnel number.
        supplier_personnel_number: opt String,
    }
    rel {
        /// The location.
        location
    }
    rules [Presence("vehicle_reg"), Location("location")]

    /// The supplier was admitted to reception to hand over.
    JourneyAdmitToReception / JourneyAdmitToReceptionDetails: Journey, "default", [Journey] {
        /// Vehicle registration (optional).
        vehicle_reg: opt String,
    }
    rel {
        /// The location.
        location
    }
    rules [Location("location")]

    /// The vehicle arrived at the outer gate.
    JourneyArriveAtOuterGate / JourneyArriveAtOuterGateDetails: Journey, "default", [Journey] {
        /// Vehicle registration (optional).
        vehicle_reg: opt String,
    }
    rel {
        /// The location.
        location
    }
    rules [Location("location")]

    /// The journey is cancelled: in_progress → cancelled.
    JourneyCancel / JourneyCancelDetails: Journey, "default", [Journey], trigger = "cancel" {}
    rel {} rules []

    /// The vehicle was changed.
    JourneyChangeVehicle / JourneyChangeVehicleDetails: Journey, "default", [Journey] {
        /// The new vehicle's registration.
        vehicle_reg: req String,
        /// The replaced vehicle's registration.
        previous_vehicle_reg: req String,
        /// The depot of the new vehicle.
        vehicle_depot: opt String,
    }
    rel {} rules [Presence("vehicle_reg"), Presence("previous_vehicle_reg")]

    /// The journey is completed: in_progress → completed.
    JourneyComplete / JourneyCompleteDetails: Journey, "default", [Journey], trigger = "complete" {
        /// Vehicle registration (updates the journey's vehicle).
        vehicle_reg: opt String,
    }
    rel {} rules [OrderWarning { after: &["JourneyStart"], before: &[] }]

    /// A journey was created (written by the API).
    JourneyCreate / JourneyCreateDetails: Journey, "default", [Journey] {}
    rel {} rules []

    /// The vehicle exited through the outer gate.
    JourneyExitThroughOuterGate / JourneyExitThroughOuterGateDetails: Journey, "default", [Journey] {
        /// Vehicle registration (optional).
        vehicle_reg: opt String,
    }
    rel {
        /// The location.
        location
    }
    rules [Location("location")]

    /// The person was handed over at the destination.
    JourneyHandoverToDestination / JourneyHandoverToDestinationDetails: Journey, "default", [Journey] {
        /// The supplier personnel number of who handed over.
        supplier_personnel_number: opt String,
    }
    rel {} rules []

    /// The person was handed over to the supplier.
    JourneyHandoverToSupplier / JourneyHandoverToSupplierDetails: Journey, "default", [Journey] {
        /// The supplier personnel number of who took custody.
        supplier_personnel_number: opt String,
    }
    rel {} rules []

    /// Lockout on a journey (deprecated: use MoveLockout).
    JourneyLockout / JourneyLockoutDetails: Journey, "default", [Journey],
        deprecated = "the wiki marks JourneyLockout deprecated: record MoveLockout on the move"
    {}
    rel {
        /// The location the person was locked out from.
        from_location
    }
    rules [Location("from_location")]

    /// Lodging on a journey (deprecated: use the lodgings endpoints).
    JourneyLodging / JourneyLodgingDetails: Journey, "default", [Journey],
        deprecated = "the wiki marks JourneyLodging deprecated: use lodgings"
    {}
    rel {
        /// The location the person lodged in.
        to_location
    }
    rules [Location("to_location")]

    /// The person boards the vehicle.
    JourneyPersonBoardsVehicle / JourneyPersonBoardsVehicleDetails: Journey, "default", [Journey] {
        /// The type of the vehicle boarded.
        vehicle_type: req VehicleType,
        /// Registration of the vehicle boarded.
        vehicle_reg: req String,
    }
    rel {} rules [inclusion("vehicle_type", VehicleType::VALUES), Presence("vehicle_reg")]

    /// The person leaves the vehicle.
    JourneyPersonLeaveVehicle / JourneyPersonLeaveVehicleDetails: Journey, "default", [Journey] {
        /// Vehicle registration (optional).
        vehicle_reg: opt String,
    }
    rel {} rules []

    /// The vehicle is loaded and ready to exit.
    JourneyReadyToExit / JourneyReadyToExitDetails: Journey, "default", [Journey] {
        /// Vehicle registration (optional).
        vehicle_reg: opt String,
    }
    rel {
        /// The location.
        location
    }
    rules [Location("location")]

    /// The journey is rejected: proposed → rejected.
    JourneyReject / JourneyRejectDetails: Journey, "default", [Journey], trigger = "reject" {}
    rel {} rules []

    /// The vehicle begins to move: proposed → in_progress.
    JourneyStart / JourneyStartDetails: Journey, "default", [Journey], trigger = "start" {
        /// Vehicle registration (updates the journey's vehicle).
        vehicle_reg: opt String,
        /// Vehicle depot (updates the journey's vehicle).
        vehicle_depot: opt String,
    }
    rel {} rules [OrderWarning { after: &[], before: &["JourneyComplete"] }]

    /// A cancelled journey is reopened: cancelled → in_progress.
    JourneyUncancel / JourneyUncancelDetails: Journey, "default", [Journey], trigger = "uncancel" {}
    rel {} rules []

    /// A completed journey is reopened: completed → in_progress.
    JourneyUncomplete / JourneyUncompleteDetails: Journey, "default", [Journey], trigger = "uncomplete" {}
    rel {} rules []

    /// A journey was updated (written by the API).
    JourneyUpdate / JourneyUpdateDetails: Journey, "default", [Journey] {}
    rel {} rules []

    // ---- Lodging events (events.md §4.3; server-written, never accepted from clients) ----

    /// A lodging was created (written by the lodgings endpoints).
    LodgingCreate / LodgingCreateDetails: Lodging, "default", [Lodging] {
        /// First night.
        start_date: req DateText,
        /// Day the lodging ends.
        end_date: req DateText,
    }
    rel {
        /// The lodging's location.
        location
    }
    rules [
        Location("location"),
        Presence("start_date"),
        Presence("end_date"),
        IsoDate("start_date"),
        IsoDate("end_date"),
    ]

    /// A lodging changed (written by the lodgings endpoints).
    LodgingUpdate / LodgingUpdateDetails: Lodging, "default", [Lodging] {
        /// The start date before the change.
        old_start_date: opt DateText,
        /// The new start date.
        start_date: opt DateText,
        /// The end date before the change.
        old_end_date: opt DateText,
        /// The new end date.
        end_date: opt DateText,
    }
    rel {
        /// The new location.
        location,
        /// The location before the change.
        old_location
    }
    rules [LodgingUpdateChanges]

    /// A lodging was cancelled (written by the lodgings endpoints).
    LodgingCancel / LodgingCancelDetails: Lodging, "default", [Lodging] {
        /// First night.
        start_date: req DateText,
        /// Day the lodging ends.
        end_date: req DateText,
        /// Why it was cancelled.
        cancellation_reason: req CancellationReason,
        /// Optional comment.
        cancellation_reason_comment: opt String,
    }
    rel {
        /// The lodging's location.
        location
    }
    rules [
        Location("location"),
        Presence("start_date"),
        Presence("end_date"),
        inclusion("cancellation_reason", CancellationReason::VALUES),
        IsoDate("start_date"),
        IsoDate("end_date"),
    ]

    // ---- Person-move events (events.md §4.1, §4.4) ----

    /// The person was booked into the receiving prison from court.
    PersonMoveBookedIntoReceivingEstablishment / PersonMoveBookedIntoReceivingEstablishmentDetails: PersonMove, "default", [Move, Person] {
        /// The supplier representative's personnel number.
        supplier_personnel_number: req String,
    }
    rel {
        /// The receiving establishment.
        location
    }
    rules [Location("location"), SUPPLIER_ONLY]

    /// An assault during the move.
    PersonMoveAssault / PersonMoveAssaultDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// A death in custody.
    PersonMoveDeathInCustody / PersonMoveDeathInCustodyDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// Another major incident.
    PersonMoveMajorIncidentOther / PersonMoveMajorIncidentOtherDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// Another minor incident.
    PersonMoveMinorIncidentOther / PersonMoveMinorIncidentOtherDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// The person escaped.
    PersonMovePersonEscaped / PersonMovePersonEscapedDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// The person escaped (KPI record).
    PersonMovePersonEscapedKpi / PersonMovePersonEscapedKpiDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// The person was released in error.
    PersonMoveReleasedError / PersonMoveReleasedErrorDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// A road traffic accident.
    PersonMoveRoadTrafficAccident / PersonMoveRoadTrafficAccidentDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration (required).
        vehicle_reg: req String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [
        Location("location"),
        Personnel { plural: true, police: true },
        iso_date_time("reported_at"),
        FaultClassificationRule,
        Presence("vehicle_reg"),
    ]

    /// A serious injury.
    PersonMoveSeriousInjury / PersonMoveSeriousInjuryDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// Force was used.
    PersonMoveUsedForce / PersonMoveUsedForceDetails: PersonMove, "incident", [Move, Person] {
        /// Supplier personnel involved (or police, not both).
        supplier_personnel_numbers: opt Vec<String>,
        /// Police personnel involved (or supplier, not both).
        police_personnel_numbers: opt Vec<String>,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Who was at fault (required of supplier tokens).
        fault_classification: opt FaultClassification,
    }
    rel {
        /// Where it happened.
        location
    }
    rules [Location("location"), Personnel { plural: true, police: true }, iso_date_time("reported_at"), FaultClassificationRule]

    /// The vehicle broke down.
    PersonMoveVehicleBrokeDown / PersonMoveVehicleBrokeDownDetails: PersonMove, "default", [Move, Person] {
        /// Supplier personnel on board.
        supplier_personnel_numbers: req Vec<String>,
        /// Vehicle registration.
        vehicle_reg: req String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Postcode of where it happened (or a location description).
        postcode: opt String,
        /// Where it happened, in words (or a postcode).
        location_description: opt String,
    }
    rel {
        /// Nearest location.
        location
    }
    rules [
        Location("location"),
        Personnel { plural: true, police: false },
        Presence("vehicle_reg"),
        Postcode,
        Presence("reported_at"),
        iso_date_time("reported_at"),
        RequiredUnless { field: "postcode", unless: "location_description" },
        RequiredUnless { field: "location_description", unless: "postcode" },
    ]

    /// The vehicle's systems failed.
    PersonMoveVehicleSystemsFailed / PersonMoveVehicleSystemsFailedDetails: PersonMove, "default", [Move, Person] {
        /// Supplier personnel on board.
        supplier_personnel_numbers: req Vec<String>,
        /// Vehicle registration.
        vehicle_reg: req String,
        /// When it was reported.
        reported_at: req DateTimeText,
        /// Postcode of where it happened (or a location description).
        postcode: opt String,
        /// Where it happened, in words (or a postcode).
        location_description: opt String,
    }
    rel {
        /// Nearest location.
        location
    }
    rules [
        Location("location"),
        Personnel { plural: true, police: false },
        Presence("vehicle_reg"),
        Postcode,
        iso_date_time("reported_at"),
        RequiredUnless { field: "postcode", unless: "location_description" },
        RequiredUnless { field: "location_description", unless: "postcode" },
    ]

    // ---- Person escort record events (events.md §4.5) ----

    /// The PER was completed.
    PerCompletion / PerCompletionDetails: Per, "default", [PersonEscortRecord] {
        /// When it was completed.
        completed_at: req DateTimeText,
        /// Replaced by the server.
        responded_by: opt AnyJson,
    }
    rel {} rules [Presence("completed_at"), RespondedByCrash]

    /// The PER was confirmed.
    PerConfirmation / PerConfirmationDetails: Per, "default", [PersonEscortRecord] {
        /// When it was confirmed.
        confirmed_at: req DateTimeText,
    }
    rel {} rules [Presence("confirmed_at")]

    /// The PER was updated.
    PerUpdated / PerUpdatedDetails: Per, "default", [PersonEscortRecord] {
        /// Who responded (an object of section → responder).
        responded_by: opt AnyJson,
        /// The section updated.
        section: opt String,
    }
    rel {} rules []

    /// A general PER note.
    PerGeneric / PerGenericDetails: Per, "default", [PersonEscortRecord] {
        /// The stakeholder.
        stakeholder: opt String,
        /// A summary.
        summary: opt String,
        /// Further details.
        further_details: opt String,
    }
    rel {} rules []

    /// Historic self-harm.
    PerHistoricSelfHarm / PerHistoricSelfHarmDetails: Per, "default", [PersonEscortRecord] {
        /// A comment.
        comment: opt String,
    }
    rel {} rules []

    /// The PER was handed over.
    PerHandover / PerHandoverDetails: Per, "default", [PersonEscortRecord] {}
    rel {
        /// Where.
        location
    }
    rules [Location("location")]

    /// Court ready in custody.
    PerCourtReadyInCustody / PerCourtReadyInCustodyDetails: Per, "default", [PersonEscortRecord] {}
    rel {
        /// The court.
        location
    }
    rules [Location("location")]

    /// Taken from custody to the dock.
    PerCourtTakeFromCustodyToDock / PerCourtTakeFromCustodyToDockDetails: Per, "default", [PersonEscortRecord] {}
    rel {
        /// The court.
        location
    }
    rules [Location("location")]

    /// Taken to see visitors.
    PerCourtTakeToSeeVisitors / PerCourtTakeToSeeVisitorsDetails: Per, "default", [PersonEscortRecord] {}
    rel {
        /// The court.
        location
    }
    rules [Location("location")]

    /// Cell-share risk assessment at court.
    PerCourtCellShareRiskAssessment / PerCourtCellShareRiskAssessmentDetails: Per, "default", [PersonEscortRecord] {}
    rel {
        /// The court.
        location
    }
    rules [Location("location")]

    /// Returned to the custody area from the dock.
    PerCourtReturnToCustodyAreaFromDock / PerCourtReturnToCustodyAreaFromDockDetails: Per, "default", [PersonEscortRecord] {
        /// The court cell (optional).
        court_cell_number: opt String,
    }
    rel {
        /// The court.
        location
    }
    rules [Location("location")]

    /// Returned to the custody area from the visitor area.
    PerCourtReturnToCustodyAreaFromVisitorArea / PerCourtReturnToCustodyAreaFromVisitorAreaDetails: Per, "default", [PersonEscortRecord] {
        /// The court cell (optional).
        court_cell_number: opt String,
    }
    rel {
        /// The court.
        location
    }
    rules [Location("location")]

    /// A cell assigned in court custody.
    PerCourtAssignCellInCustody / PerCourtAssignCellInCustodyDetails: Per, "default", [PersonEscortRecord] {
        /// The court cell.
        court_cell_number: req String,
    }
    rel {
        /// The court.
        location
    }
    rules [Presence("court_cell_number"), Location("location")]

    /// All documentation provided to the supplier.
    PerCourtAllDocumentationProvidedToSupplier / PerCourtAllDocumentationProvidedToSupplierDetails: Per, "default", [PersonEscortRecord] {
        /// Which document.
        subtype: req DocumentationSubtype,
    }
    rel {
        /// The court.
        court_location
    }
    rules [Location("court_location"), inclusion("subtype", DocumentationSubtype::VALUES)]

    /// An excessive delay not due to the supplier.
    PerCourtExcessiveDelayNotDueToSupplier / PerCourtExcessiveDelayNotDueToSupplierDetails: Per, "default", [PersonEscortRecord] {
        /// What caused the delay.
        subtype: req DelaySubtype,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// When the delay ended.
        ended_at: req DateTimeText,
        /// Who authorised it.
        authorised_by: opt AuthorisedBy,
        /// When it was authorised.
        authorised_at: opt DateTimeText,
    }
    rel {
        /// Where.
        location
    }
    rules [
        Authoriser,
        Location("location"),
        inclusion("subtype", DelaySubtype::VALUES),
        Presence("ended_at"),
        iso_date_time("ended_at"),
    ]

    /// A court hearing.
    PerCourtHearing / PerCourtHearingDetails: Per, "default", [PersonEscortRecord] {
        /// Whether the hearing was virtual (JSON boolean).
        is_virtual: req bool,
        /// Whether it was a trial (JSON boolean).
        is_trial: req bool,
        /// When it was listed.
        court_listing_at: req DateTimeText,
        /// When it started.
        started_at: req DateTimeText,
        /// When it ended.
        ended_at: req DateTimeText,
        /// When the outcome was agreed (optional).
        agreed_at: opt DateTimeText,
        /// The outcome.
        court_outcome: req String,
    }
    rel {
        /// The court.
        location
    }
    rules [
        BooleanInclusion("is_virtual"),
        BooleanInclusion("is_trial"),
        Presence("court_listing_at"),
        iso_date_time("court_listing_at"),
        Presence("started_at"),
        iso_date_time("started_at"),
        Presence("ended_at"),
        iso_date_time("ended_at"),
        iso_date_time_or_nil("agreed_at"),
        Presence("court_outcome"),
        Location("location"),
    ]

    /// Pre-release checks completed at court.
    PerCourtPreReleaseChecksCompleted / PerCourtPreReleaseChecksCompletedDetails: Per, "default", [PersonEscortRecord] {
        /// Supplier personnel number.
        supplier_personnel_number: req String,
    }
    rel {
        /// The court.
        location
    }
    rules [SUPPLIER_ONLY, Location("location")]

    /// Released at court.
    PerCourtRelease / PerCourtReleaseDetails: Per, "default", [PersonEscortRecord] {
        /// Supplier personnel number.
        supplier_personnel_number: req String,
    }
    rel {
        /// The court.
        location
    }
    rules [SUPPLIER_ONLY, Location("location")]

    /// Released on bail at court.
    PerCourtReleaseOnBail / PerCourtReleaseOnBailDetails: Per, "default", [PersonEscortRecord] {
        /// Supplier personnel number.
        supplier_personnel_number: req String,
    }
    rel {
        /// The court.
        location
    }
    rules [SUPPLIER_ONLY, Location("location")]

    /// A task at court.
    PerCourtTask / PerCourtTaskDetails: Per, "default", [PersonEscortRecord] {
        /// Supplier personnel number.
        supplier_personnel_number: req String,
    }
    rel {
        /// The court.
        location
    }
    rules [Location("location"), SUPPLIER_ONLY]

    /// An item was concealed.
    PerConcealed / PerConcealedDetails: Per, "incident", [PersonEscortRecord] {
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location")]

    /// An escape.
    PerEscape / PerEscapeDetails: Per, "incident", [PersonEscortRecord] {
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location")]

    /// Self-harm.
    PerSelfHarm / PerSelfHarmDetails: Per, "incident", [PersonEscortRecord] {
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location")]

    /// Violent or dangerous behaviour.
    PerViolentDangerous / PerViolentDangerousDetails: Per, "incident", [PersonEscortRecord] {
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location")]

    /// A weapon.
    PerWeapons / PerWeaponsDetails: Per, "incident", [PersonEscortRecord] {
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location")]

    /// Medical aid given.
    PerMedicalAid / PerMedicalAidDetails: Per, "medical", [PersonEscortRecord] {
        /// When advice was given (optional).
        advised_at: opt DateTimeText,
        /// Who advised.
        advised_by: opt String,
        /// When treatment was given (optional).
        treated_at: opt DateTimeText,
        /// Who treated.
        treated_by: opt String,
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
        /// Vehicle registration.
        vehicle_reg: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location"), iso_date_time_or_nil("advised_at"), iso_date_time_or_nil("treated_at")]

    /// Drugs or alcohol.
    PerMedicalDrugsAlcohol / PerMedicalDrugsAlcoholDetails: Per, "medical", [PersonEscortRecord] {
        /// When advice was given (optional).
        advised_at: opt DateTimeText,
        /// Who advised.
        advised_by: opt String,
        /// When treatment was given (optional).
        treated_at: opt DateTimeText,
        /// Who treated.
        treated_by: opt String,
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
        /// Vehicle registration.
        vehicle_reg: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location"), iso_date_time_or_nil("advised_at"), iso_date_time_or_nil("treated_at")]

    /// Medication.
    PerMedicalMedication / PerMedicalMedicationDetails: Per, "medical", [PersonEscortRecord] {
        /// When advice was given (optional).
        advised_at: opt DateTimeText,
        /// Who advised.
        advised_by: opt String,
        /// When treatment was given (optional).
        treated_at: opt DateTimeText,
        /// Who treated.
        treated_by: opt String,
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
        /// Vehicle registration.
        vehicle_reg: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location"), iso_date_time_or_nil("advised_at"), iso_date_time_or_nil("treated_at")]

    /// Mental health.
    PerMedicalMentalHealth / PerMedicalMentalHealthDetails: Per, "medical", [PersonEscortRecord] {
        /// When advice was given (optional).
        advised_at: opt DateTimeText,
        /// Who advised.
        advised_by: opt String,
        /// When treatment was given (optional).
        treated_at: opt DateTimeText,
        /// Who treated.
        treated_by: opt String,
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
        /// Vehicle registration.
        vehicle_reg: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location"), iso_date_time_or_nil("advised_at"), iso_date_time_or_nil("treated_at")]

    /// Welfare offered to the prisoner.
    PerPrisonerWelfare / PerPrisonerWelfareDetails: Per, "default", [PersonEscortRecord] {
        /// When it was given.
        given_at: req DateTimeText,
        /// Whether it was accepted.
        outcome: req WelfareOutcome,
        /// What was offered.
        subtype: req WelfareSubtype,
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// Supplier personnel number.
        supplier_personnel_number: req String,
    }
    rel {
        /// Where.
        location
    }
    rules [
        Location("location"),
        SUPPLIER_ONLY,
        Presence("given_at"),
        iso_date_time("given_at"),
        inclusion("outcome", WelfareOutcome::VALUES),
        inclusion("subtype", WelfareSubtype::VALUES),
    ]

    /// Property changed hands.
    PerPropertyChange / PerPropertyChangeDetails: Per, "default", [PersonEscortRecord] {
        /// Vehicle registration.
        vehicle_reg: opt String,
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [Location("location"), ONE_OF_SUPPLIER_OR_POLICE]

    /// Suicide and self-harm warning form.
    PerSuicideAndSelfHarm / PerSuicideAndSelfHarmDetails: Per, "suicide_and_self_harm", [PersonEscortRecord] {
        /// Indication of self-harm or suicide.
        indication_of_self_harm_or_suicide: opt String,
        /// Nature of the self-harm.
        nature_of_self_harm: opt String,
        /// History of self-harm.
        history_of_self_harm: opt String,
        /// How recent.
        history_of_self_harm_recency: opt String,
        /// Method.
        history_of_self_harm_method: opt String,
        /// Details.
        history_of_self_harm_details: opt String,
        /// Actions undertaken.
        actions_of_self_harm_undertaken: opt String,
        /// Observation level.
        observation_level: opt String,
        /// Source of the information.
        source: opt String,
        /// Comments.
        comments: opt String,
        /// Reporting officer.
        reporting_officer: opt String,
        /// When the reporting officer signed (no format check).
        reporting_officer_signed_at: opt String,
        /// Reception officer.
        reception_officer: opt String,
        /// When the reception officer signed (no format check).
        reception_officer_signed_at: opt String,
        /// Supplier personnel number (or police, not both).
        supplier_personnel_number: opt String,
        /// Police personnel number (or supplier, not both).
        police_personnel_number: opt String,
    }
    rel {
        /// Where.
        location
    }
    rules [ONE_OF_SUPPLIER_OR_POLICE, Location("location")]
}

/// A resource identifier: `{"type": "locations", "id": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceIdentifier {
    /// JSON:API type.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Id.
    pub id: String,
}

/// A to-one relationship: `{"data": {…}}` or `{"data": null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    /// The record, or `null`.
    pub data: Option<ResourceIdentifier>,
}

impl Relationship {
    /// A relationship to a record.
    pub fn to(resource_type: &str, id: &str) -> Self {
        Relationship {
            data: Some(ResourceIdentifier {
                resource_type: resource_type.to_owned(),
                id: id.to_owned(),
            }),
        }
    }
}

/// A whole `POST /api/events` request body with typed details: the one event request
/// document of [`crate::documents`] over [`Event`] (the form's version carries its details as
/// a JSON object, [`crate::documents::EventFields`]).
///
/// ```
/// use basm_core::{Event, EventDocument};
/// use basm_core::events::{Eventable, MoveAcceptDetails};
///
/// let accept = EventDocument::typed(Event::MoveAccept(MoveAcceptDetails {}),
///     Eventable::Move, "move-1", "2021-01-01T09:05:00+00:00");
/// let body: serde_json::Value = serde_json::from_slice(&accept.to_body()).unwrap();
/// assert_eq!(body["data"]["attributes"]["event_type"], "MoveAccept");
/// assert_eq!(body["data"]["relationships"]["eventable"]["data"]["type"], "moves");
/// assert_eq!(body["data"]["attributes"]["recorded_at"], "2021-01-01T09:05:00+00:00");
/// let back: EventDocument = serde_json::from_value(body).unwrap();
/// assert_eq!(back, accept);
/// ```
pub type EventDocument = crate::documents::EventCreate<Event>;

impl EventDocument {
    /// A request for `event` about the `eventable` record `eventable_id` that occurred (and
    /// was recorded) at `at`.
    pub fn typed(event: Event, eventable: Eventable, eventable_id: &str, at: &str) -> Self {
        crate::documents::EventCreate::of(event, eventable, eventable_id, at).with_recorded_at(at)
    }
}

#[cfg(test)]
mod tests {
    use super::Eventable;

    #[test]
    fn lower_names_are_the_class_names_lower_cased() {
        for kind in [
            Eventable::Move,
            Eventable::Journey,
            Eventable::Person,
            Eventable::PersonEscortRecord,
            Eventable::Profile,
            Eventable::Lodging,
        ] {
            assert_eq!(kind.lower_name(), kind.class_name().to_lowercase());
        }
    }
}
