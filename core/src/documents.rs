//! Typed request documents for every write endpoint: build one, then send
//! [`to_body`](AllocationCreate::to_body) with [`method`](AllocationCreate::method) to
//! [`path`](AllocationCreate::path).
//!
//! Each document serialises to exactly the JSON:API body the API expects
//! (`{"data": {"type": …, "attributes": {…}, "relationships": {…}}}`, wire names), leaves
//! out absent optional members, and deserialises back to an equal value.
//!
//! ```
//! use basm_core::documents::{MoveAction, MoveUpdate};
//!
//! let assign = MoveUpdate::assign_profile("move-1", "profile-1");
//! assert_eq!(assign.method(), "PATCH");
//! assert_eq!(assign.path("move-1"), "/api/moves/move-1");
//!
//! let accept = MoveAction::accept("2020-07-20T10:47:51.589Z");
//! assert_eq!(accept.path("move-1"), "/api/moves/move-1/accept");
//! assert_eq!(
//!     String::from_utf8(accept.to_body()).unwrap(),
//!     r#"{"data":{"type":"accepts","attributes":{"timestamp":"2020-07-20T10:47:51.589Z"}}}"#
//! );
//! ```
//!
//! Upstream: `spec/allocations.md`, `spec/moves.md` §6-8, `spec/journeys.md` §3-5,
//! `spec/lodgings.md` §2-5, `spec/events.md` (events).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::events::{EventType, Eventable, Relationship, ResourceIdentifier};
use crate::values::{
    CancellationReason, DateText, DateTimeText, Estate, MoveStatus, MoveType, PrisonerCategory,
    RejectionReason, SentenceLength,
};

/// Adds `method()` and `to_body()` to a document type.
macro_rules! endpoint {
    ($($ty:ident => $method:literal),+ $(,)?) => {$(
        impl $ty {
            /// The HTTP method of its endpoint.
            pub fn method(&self) -> &'static str {
                $method
            }

            /// The request body: this document as JSON.
            pub fn to_body(&self) -> Vec<u8> {
                // Cannot fail: every map in a document has string keys.
                serde_json::to_vec(self).unwrap_or_default()
            }
        }
    )+};
}

endpoint! {
    AllocationCreate => "POST",
    AllocationUpdate => "PATCH",
    AllocationCancel => "POST",
    MoveCreate => "POST",
    MoveUpdate => "PATCH",
    MoveAction => "POST",
    PersonCreate => "POST",
    ProfileCreate => "POST",
    JourneyCreate => "POST",
    JourneyUpdate => "PATCH",
    JourneyAction => "POST",
    LodgingCreate => "POST",
    LodgingUpdate => "PATCH",
    LodgingCancel => "POST",
}

fn location(id: &str) -> Relationship {
    Relationship::to("locations", id)
}

fn resource(resource_type: &str, id: &str) -> ResourceIdentifier {
    ResourceIdentifier {
        resource_type: resource_type.to_owned(),
        id: id.to_owned(),
    }
}

/// `Option<Option<T>>` as a JSON member: `None` left out, `Some(None)` → `null`,
/// `Some(Some(v))` → `v` (use with `default` and `skip_serializing_if = "Option::is_none"`).
mod nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// A to-many relationship: `{"data": [{…}, …]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToManyRelationship {
    /// The records.
    pub data: Vec<ResourceIdentifier>,
}

/// What a PATCH does to a to-one relationship: leave it out, set it, or set it to
/// `{"data": null}` (which unlinks the record).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RelationshipChange {
    /// Left out of the request: the API keeps the current value.
    #[default]
    Unchanged,
    /// `{"data": {"type": …, "id": …}}`: link this record.
    Set(ResourceIdentifier),
    /// `{"data": null}`: unlink the current record.
    Clear,
}

impl RelationshipChange {
    /// Whether the relationship is left out of the request.
    pub fn is_unchanged(&self) -> bool {
        matches!(self, RelationshipChange::Unchanged)
    }
}

impl Serialize for RelationshipChange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let data = match self {
            RelationshipChange::Set(identifier) => Some(identifier.clone()),
            RelationshipChange::Unchanged | RelationshipChange::Clear => None,
        };
        Relationship { data }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RelationshipChange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Relationship::deserialize(deserializer)?.data {
            Some(identifier) => RelationshipChange::Set(identifier),
            None => RelationshipChange::Clear,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Allocations (allocations.md §1, §4, §5)
// ---------------------------------------------------------------------------------------------

/// `POST /api/allocations`: creates an allocation and `moves_count` requested moves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationCreate {
    /// The allocation.
    pub data: AllocationCreateData,
}

/// The `data` of [`AllocationCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationCreateData {
    /// Always `"allocations"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: AllocationCreateAttributes,
    /// The two prisons.
    pub relationships: FromToLocations,
}

/// The attributes of [`AllocationCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationCreateAttributes {
    /// Date of every move (`YYYY-MM-DD`).
    pub date: DateText,
    /// Number of people, so of moves created (the API requires an integer above 0).
    pub moves_count: u32,
    /// The estate (key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estate: Option<Estate>,
    /// Free text describing an `other_estate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estate_comment: Option<String>,
    /// The prisoner category (key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prisoner_category: Option<PrisonerCategory>,
    /// Time left to serve: `None` left out, `Some(None)` sent as `null` (any time left).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub sentence_length: Option<Option<SentenceLength>>,
    /// Free text describing an `other` sentence length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_length_comment: Option<String>,
    /// Whether every place must be filled (API default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete_in_full: Option<bool>,
    /// Free-text other criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_criteria: Option<String>,
    /// Full name of who requested it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    /// One answer per complex case of the reference list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complex_cases: Option<Vec<ComplexCaseAnswer>>,
}

/// One complex-case answer of an allocation (not validated by the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplexCaseAnswer {
    /// Reference key, e.g. `hold_separately`.
    pub key: String,
    /// Reference title, e.g. `Segregated prisoners`.
    pub title: String,
    /// Whether the case is acceptable for this allocation.
    pub answer: bool,
    /// Id of the reference record (`/api/reference/allocation_complex_cases`).
    pub allocation_complex_case_id: String,
}

/// `from_location` and `to_location` relationships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromToLocations {
    /// Where the people move from.
    pub from_location: Relationship,
    /// Where the people move to.
    pub to_location: Relationship,
}

impl AllocationCreate {
    /// An allocation of `moves_count` people from one location to another on `date`
    /// (`YYYY-MM-DD`), with no criteria.
    pub fn new(from_location_id: &str, to_location_id: &str, date: &str, moves_count: u32) -> Self {
        AllocationCreate {
            data: AllocationCreateData {
                resource_type: "allocations".to_owned(),
                attributes: AllocationCreateAttributes {
                    date: DateText::from(date),
                    moves_count,
                    estate: None,
                    estate_comment: None,
                    prisoner_category: None,
                    sentence_length: None,
                    sentence_length_comment: None,
                    complete_in_full: None,
                    other_criteria: None,
                    requested_by: None,
                    complex_cases: None,
                },
                relationships: FromToLocations {
                    from_location: location(from_location_id),
                    to_location: location(to_location_id),
                },
            },
        }
    }

    /// Sets who requested it.
    pub fn requested_by(mut self, name: &str) -> Self {
        self.data.attributes.requested_by = Some(name.to_owned());
        self
    }

    /// `/api/allocations`.
    pub fn path(&self) -> String {
        "/api/allocations".to_owned()
    }
}

/// `PATCH /api/allocations/:id`: changes the date of the allocation and of all its moves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationUpdate {
    /// The change.
    pub data: AllocationUpdateData,
}

/// The `data` of [`AllocationUpdate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationUpdateData {
    /// The allocation's id (not read by the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Always `"allocations"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The permitted attributes.
    pub attributes: AllocationUpdateAttributes,
}

/// The attributes of [`AllocationUpdate`] (the only two the API permits).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AllocationUpdateAttributes {
    /// The new date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateText>,
    /// Why the date changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_changed_reason: Option<String>,
}

impl AllocationUpdate {
    /// Moves allocation `allocation_id` to `date` (`YYYY-MM-DD`) for `reason`.
    pub fn change_date(allocation_id: &str, date: &str, reason: &str) -> Self {
        AllocationUpdate {
            data: AllocationUpdateData {
                id: Some(allocation_id.to_owned()),
                resource_type: "allocations".to_owned(),
                attributes: AllocationUpdateAttributes {
                    date: Some(DateText::from(date)),
                    date_changed_reason: Some(reason.to_owned()),
                },
            },
        }
    }

    /// `/api/allocations/:allocation_id`.
    pub fn path(&self, allocation_id: &str) -> String {
        format!("/api/allocations/{allocation_id}")
    }
}

/// `POST /api/allocations/:id/cancel`: cancels the allocation and all its moves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationCancel {
    /// The cancellation.
    pub data: AllocationCancelData,
}

/// The `data` of [`AllocationCancel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationCancelData {
    /// Documented as `"cancels"` (not checked).
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: AllocationCancelAttributes,
}

/// The attributes of [`AllocationCancel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationCancelAttributes {
    /// When it was cancelled (XML-schema date-time).
    pub timestamp: DateTimeText,
    /// Why (any of the 33 reasons).
    pub cancellation_reason: CancellationReason,
    /// Free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason_comment: Option<String>,
}

impl AllocationCancel {
    /// A cancellation at `timestamp` for `reason`.
    pub fn new(timestamp: &str, reason: CancellationReason) -> Self {
        AllocationCancel {
            data: AllocationCancelData {
                resource_type: "cancels".to_owned(),
                attributes: AllocationCancelAttributes {
                    timestamp: DateTimeText::from(timestamp),
                    cancellation_reason: reason,
                    cancellation_reason_comment: None,
                },
            },
        }
    }

    /// Adds a comment.
    pub fn with_comment(mut self, comment: &str) -> Self {
        self.data.attributes.cancellation_reason_comment = Some(comment.to_owned());
        self
    }

    /// `/api/allocations/:allocation_id/cancel`.
    pub fn path(&self, allocation_id: &str) -> String {
        format!("/api/allocations/{allocation_id}/cancel")
    }
}

// ---------------------------------------------------------------------------------------------
// Moves (moves.md §6-8)
// ---------------------------------------------------------------------------------------------

/// `POST /api/moves` (v2): creates a move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveCreate {
    /// The move.
    pub data: MoveCreateData,
}

/// The `data` of [`MoveCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveCreateData {
    /// Always `"moves"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The permitted attributes.
    pub attributes: MoveCreateAttributes,
    /// Relationships.
    pub relationships: MoveCreateRelationships,
}

/// The attributes `POST /api/moves` permits (every other attribute is dropped by the API).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveCreateAttributes {
    /// The move type (required in v2).
    pub move_type: MoveType,
    /// Date of the move (`YYYY-MM-DD`; required unless proposed or cancelled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateText>,
    /// When the person is due (date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_due: Option<DateTimeText>,
    /// Initial status (left out: `requested`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MoveStatus>,
    /// Free text for the supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    /// Why it is cancelled (only with status `cancelled`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<CancellationReason>,
    /// Comment on the cancellation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason_comment: Option<String>,
    /// Comment on the reason for the move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_comment: Option<String>,
    /// Whether the receiving location agreed the move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_agreed: Option<bool>,
    /// Who agreed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_agreed_by: Option<String>,
    /// Earliest date (`YYYY-MM-DD`; required when proposed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_from: Option<DateText>,
    /// Latest date (`YYYY-MM-DD`, on or after `date_from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_to: Option<DateText>,
    /// Recall date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall_date: Option<DateText>,
    /// Why the date changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_changed_reason: Option<String>,
    /// Section 46 move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_forty_six: Option<bool>,
}

/// The relationships of [`MoveCreate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveCreateRelationships {
    /// Where the move starts.
    pub from_location: Relationship,
    /// Where it ends (optional for `prison_recall` and `video_remand`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_location: Option<Relationship>,
    /// The person's profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Relationship>,
    /// Reason for a prison transfer (`prison_transfer_reasons`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prison_transfer_reason: Option<Relationship>,
    /// Court hearings (`court_hearings`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court_hearings: Option<ToManyRelationship>,
}

impl MoveCreate {
    /// A move of `move_type` from a location, to a location (if any), on `date`.
    pub fn new(
        move_type: MoveType,
        from_location_id: &str,
        to_location_id: Option<&str>,
        date: &str,
    ) -> Self {
        MoveCreate {
            data: MoveCreateData {
                resource_type: "moves".to_owned(),
                attributes: MoveCreateAttributes {
                    move_type,
                    date: Some(DateText::from(date)),
                    time_due: None,
                    status: None,
                    additional_information: None,
                    cancellation_reason: None,
                    cancellation_reason_comment: None,
                    reason_comment: None,
                    move_agreed: None,
                    move_agreed_by: None,
                    date_from: None,
                    date_to: None,
                    recall_date: None,
                    date_changed_reason: None,
                    section_forty_six: None,
                },
                relationships: MoveCreateRelationships {
                    from_location: location(from_location_id),
                    to_location: to_location_id.map(location),
                    profile: None,
                    prison_transfer_reason: None,
                    court_hearings: None,
                },
            },
        }
    }

    /// Links the person's profile.
    pub fn with_profile(mut self, profile_id: &str) -> Self {
        self.data.relationships.profile = Some(Relationship::to("profiles", profile_id));
        self
    }

    /// Sets the initial status.
    pub fn with_status(mut self, status: MoveStatus) -> Self {
        self.data.attributes.status = Some(status);
        self
    }

    /// `/api/moves`.
    pub fn path(&self) -> String {
        "/api/moves".to_owned()
    }
}

/// `PATCH /api/moves/:id` (v2): changes attributes and the profile of a move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveUpdate {
    /// The change.
    pub data: MoveUpdateData,
}

/// The `data` of [`MoveUpdate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveUpdateData {
    /// The move's id (not read by the API; the path names the move).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Always `"moves"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The attributes to change (always sent, `{}` when none).
    #[serde(default)]
    pub attributes: MoveUpdateAttributes,
    /// The relationships to change (left out when none).
    #[serde(default, skip_serializing_if = "MoveUpdateRelationships::is_empty")]
    pub relationships: MoveUpdateRelationships,
}

/// The attributes `PATCH /api/moves/:id` permits. Each is `None` (left out), `Some(None)`
/// (sent as `null`, clearing it) or `Some(Some(value))`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MoveUpdateAttributes {
    /// New date (an allocation's move refuses a change: use [`AllocationUpdate`]).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub date: Option<Option<DateText>>,
    /// When the person is due.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub time_due: Option<Option<DateTimeText>>,
    /// New status (applies the matching transition, see `moves.md` §7).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub status: Option<Option<MoveStatus>>,
    /// Free text for the supplier.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub additional_information: Option<Option<String>>,
    /// Why it is cancelled (with status `cancelled`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub cancellation_reason: Option<Option<CancellationReason>>,
    /// Comment on the cancellation.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub cancellation_reason_comment: Option<Option<String>>,
    /// Comment on the reason for the move.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub reason_comment: Option<Option<String>>,
    /// Whether the receiving location agreed the move.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub move_agreed: Option<Option<bool>>,
    /// Who agreed it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub move_agreed_by: Option<Option<String>>,
    /// Move type.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub move_type: Option<Option<MoveType>>,
    /// Earliest date.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub date_from: Option<Option<DateText>>,
    /// Latest date.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub date_to: Option<Option<DateText>>,
    /// Recall date.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub recall_date: Option<Option<DateText>>,
    /// Why the date changed (stored on the `MoveDateChanged` event).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub date_changed_reason: Option<Option<String>>,
    /// Section 46 move.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "nullable")]
    pub section_forty_six: Option<Option<bool>>,
}

/// The relationships `PATCH /api/moves/:id` honours (locations are ignored by the API).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MoveUpdateRelationships {
    /// The person's profile: set, removed (unfills an allocation place) or unchanged.
    #[serde(default, skip_serializing_if = "RelationshipChange::is_unchanged")]
    pub profile: RelationshipChange,
    /// Reason for a prison transfer.
    #[serde(default, skip_serializing_if = "RelationshipChange::is_unchanged")]
    pub prison_transfer_reason: RelationshipChange,
    /// Court hearings (replaces the list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court_hearings: Option<ToManyRelationship>,
}

impl MoveUpdateRelationships {
    /// Whether no relationship is changed.
    pub fn is_empty(&self) -> bool {
        self.profile.is_unchanged()
            && self.prison_transfer_reason.is_unchanged()
            && self.court_hearings.is_none()
    }
}

impl MoveUpdate {
    /// A change to move `move_id` that changes nothing yet.
    pub fn new(move_id: &str) -> Self {
        MoveUpdate {
            data: MoveUpdateData {
                id: Some(move_id.to_owned()),
                resource_type: "moves".to_owned(),
                attributes: MoveUpdateAttributes::default(),
                relationships: MoveUpdateRelationships::default(),
            },
        }
    }

    /// Puts the person with profile `profile_id` on move `move_id` (fills an allocation place).
    pub fn assign_profile(move_id: &str, profile_id: &str) -> Self {
        let mut update = MoveUpdate::new(move_id);
        update.data.relationships.profile =
            RelationshipChange::Set(resource("profiles", profile_id));
        update
    }

    /// Takes the person off move `move_id` (`{"data": null}`; unfills an allocation place).
    pub fn remove_profile(move_id: &str) -> Self {
        let mut update = MoveUpdate::new(move_id);
        update.data.relationships.profile = RelationshipChange::Clear;
        update
    }

    /// `/api/moves/:move_id`.
    pub fn path(&self, move_id: &str) -> String {
        format!("/api/moves/{move_id}")
    }
}

/// The action endpoints of a move and their documented `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MoveActionType {
    /// `/accept`, type `accepts`: requested → booked.
    #[serde(rename = "accepts")]
    Accept,
    /// `/approve`, type `approves` (also `approve`): proposed → requested.
    #[serde(rename = "approves", alias = "approve")]
    Approve,
    /// `/cancel`, type `cancels` (also `cancel`).
    #[serde(rename = "cancels", alias = "cancel")]
    Cancel,
    /// `/complete`, type `completes` (also `complete`): in_transit → completed.
    #[serde(rename = "completes", alias = "complete")]
    Complete,
    /// `/lockouts`, type `lockouts`.
    #[serde(rename = "lockouts")]
    Lockout,
    /// `/redirects`, type `redirects`.
    #[serde(rename = "redirects")]
    Redirect,
    /// `/reject`, type `rejects` (also `reject`).
    #[serde(rename = "rejects", alias = "reject")]
    Reject,
    /// `/start`, type `starts`: booked → in_transit.
    #[serde(rename = "starts")]
    Start,
}

impl MoveActionType {
    /// Every action, in path order.
    pub const ALL: &'static [MoveActionType] = &[
        MoveActionType::Accept,
        MoveActionType::Approve,
        MoveActionType::Cancel,
        MoveActionType::Complete,
        MoveActionType::Lockout,
        MoveActionType::Redirect,
        MoveActionType::Reject,
        MoveActionType::Start,
    ];

    /// The documented `data.type`.
    pub fn as_str(self) -> &'static str {
        match self {
            MoveActionType::Accept => "accepts",
            MoveActionType::Approve => "approves",
            MoveActionType::Cancel => "cancels",
            MoveActionType::Complete => "completes",
            MoveActionType::Lockout => "lockouts",
            MoveActionType::Redirect => "redirects",
            MoveActionType::Reject => "rejects",
            MoveActionType::Start => "starts",
        }
    }

    /// The last path segment (`/api/moves/:id/<segment>`).
    pub fn path_segment(self) -> &'static str {
        match self {
            MoveActionType::Accept => "accept",
            MoveActionType::Approve => "approve",
            MoveActionType::Cancel => "cancel",
            MoveActionType::Complete => "complete",
            MoveActionType::Lockout => "lockouts",
            MoveActionType::Redirect => "redirects",
            MoveActionType::Reject => "reject",
            MoveActionType::Start => "start",
        }
    }
}

/// `POST /api/moves/:id/<action>`: records a move event (204 on success).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveAction {
    /// The action.
    pub data: MoveActionData,
}

/// The `data` of [`MoveAction`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveActionData {
    /// The action's documented type (also chooses the path).
    #[serde(rename = "type")]
    pub action: MoveActionType,
    /// Attributes.
    pub attributes: MoveActionAttributes,
    /// `from_location` (lockouts) or `to_location` (redirects).
    #[serde(default, skip_serializing_if = "ActionLocations::is_empty")]
    pub relationships: ActionLocations,
}

/// The attributes of a move action; each action permits only some (`moves.md` §8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveActionAttributes {
    /// When it happened (XML-schema date-time, e.g. `2020-07-20T10:47:51.589Z`).
    pub timestamp: DateTimeText,
    /// Free text (all but approve and reject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Approve: the move's date (`YYYY-MM-DD`, required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateText>,
    /// Approve: create the move in NOMIS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_in_nomis: Option<bool>,
    /// Cancel: why (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<CancellationReason>,
    /// Cancel and reject: comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason_comment: Option<String>,
    /// Reject: why (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<RejectionReason>,
    /// Reject: rebook 7 days later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rebook: Option<bool>,
    /// Redirect: the new move type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_type: Option<MoveType>,
}

/// The location relationships of an action (`from_location` for lockouts, `to_location`
/// for redirects and journey lodgings).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionLocations {
    /// Where the vehicle was locked out from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_location: Option<Relationship>,
    /// The new destination (or the lodging's location).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_location: Option<Relationship>,
}

impl ActionLocations {
    /// Whether neither location is set.
    pub fn is_empty(&self) -> bool {
        self.from_location.is_none() && self.to_location.is_none()
    }
}

impl MoveAction {
    /// An action of `action` type at `timestamp`, with no other attributes.
    pub fn new(action: MoveActionType, timestamp: &str) -> Self {
        MoveAction {
            data: MoveActionData {
                action,
                attributes: MoveActionAttributes {
                    timestamp: DateTimeText::from(timestamp),
                    notes: None,
                    date: None,
                    create_in_nomis: None,
                    cancellation_reason: None,
                    cancellation_reason_comment: None,
                    rejection_reason: None,
                    rebook: None,
                    move_type: None,
                },
                relationships: ActionLocations::default(),
            },
        }
    }

    /// `/accept`: requested → booked.
    pub fn accept(timestamp: &str) -> Self {
        MoveAction::new(MoveActionType::Accept, timestamp)
    }

    /// `/approve`: proposed → requested on `date`.
    pub fn approve(timestamp: &str, date: &str) -> Self {
        let mut action = MoveAction::new(MoveActionType::Approve, timestamp);
        action.data.attributes.date = Some(DateText::from(date));
        action
    }

    /// `/cancel` for `reason`.
    pub fn cancel(timestamp: &str, reason: CancellationReason) -> Self {
        let mut action = MoveAction::new(MoveActionType::Cancel, timestamp);
        action.data.attributes.cancellation_reason = Some(reason);
        action
    }

    /// `/complete`: in_transit → completed.
    pub fn complete(timestamp: &str) -> Self {
        MoveAction::new(MoveActionType::Complete, timestamp)
    }

    /// `/lockouts`: locked out of location `from_location_id`.
    pub fn lockout(timestamp: &str, from_location_id: &str) -> Self {
        let mut action = MoveAction::new(MoveActionType::Lockout, timestamp);
        action.data.relationships.from_location = Some(location(from_location_id));
        action
    }

    /// `/redirects`: to location `to_location_id`.
    pub fn redirect(timestamp: &str, to_location_id: &str) -> Self {
        let mut action = MoveAction::new(MoveActionType::Redirect, timestamp);
        action.data.relationships.to_location = Some(location(to_location_id));
        action
    }

    /// `/reject` for `reason`.
    pub fn reject(timestamp: &str, reason: RejectionReason) -> Self {
        let mut action = MoveAction::new(MoveActionType::Reject, timestamp);
        action.data.attributes.rejection_reason = Some(reason);
        action
    }

    /// `/start`: booked → in_transit.
    pub fn start(timestamp: &str) -> Self {
        MoveAction::new(MoveActionType::Start, timestamp)
    }

    /// Adds notes.
    pub fn with_notes(mut self, notes: &str) -> Self {
        self.data.attributes.notes = Some(notes.to_owned());
        self
    }

    /// Adds a cancellation comment (cancel, reject).
    pub fn with_comment(mut self, comment: &str) -> Self {
        self.data.attributes.cancellation_reason_comment = Some(comment.to_owned());
        self
    }

    /// `/api/moves/:move_id/<action>`.
    pub fn path(&self, move_id: &str) -> String {
        format!("/api/moves/{move_id}/{}", self.data.action.path_segment())
    }
}

/// `POST /api/people` (v2): creates a person (`allocations.md` §3 item 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCreate {
    /// The person.
    pub data: PersonCreateData,
}

/// The `data` of [`PersonCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCreateData {
    /// Always `"people"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: PersonAttributes,
    /// `gender` and `ethnicity` (each 404 when unknown).
    #[serde(default, skip_serializing_if = "PersonRelationships::is_empty")]
    pub relationships: PersonRelationships,
}

/// The attributes `POST /api/people` permits (upstream `Api::V2::PeopleActions`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PersonAttributes {
    /// Forenames (required, not blank).
    pub first_names: String,
    /// Surname (required, not blank).
    pub last_name: String,
    /// `YYYY-MM-DD`, not before 1900.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<DateText>,
    /// NOMIS prison number (any text without `:`; surrounding whitespace is stripped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prison_number: Option<String>,
    /// CRO number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_records_office: Option<String>,
    /// PNC number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_national_computer: Option<String>,
    /// Free text about gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender_additional_information: Option<String>,
}

/// The relationships of [`PersonCreate`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PersonRelationships {
    /// A `genders` record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Relationship>,
    /// An `ethnicities` record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<Relationship>,
}

impl PersonRelationships {
    fn is_empty(&self) -> bool {
        self.gender.is_none() && self.ethnicity.is_none()
    }
}

impl PersonCreate {
    /// A person with the two required names.
    pub fn new(first_names: &str, last_name: &str) -> Self {
        PersonCreate {
            data: PersonCreateData {
                resource_type: "people".to_owned(),
                attributes: PersonAttributes {
                    first_names: first_names.to_owned(),
                    last_name: last_name.to_owned(),
                    ..PersonAttributes::default()
                },
                relationships: PersonRelationships::default(),
            },
        }
    }

    /// Sets the gender.
    pub fn gender(mut self, id: &str) -> Self {
        self.data.relationships.gender = Some(Relationship::to("genders", id));
        self
    }

    /// Sets the ethnicity.
    pub fn ethnicity(mut self, id: &str) -> Self {
        self.data.relationships.ethnicity = Some(Relationship::to("ethnicities", id));
        self
    }

    /// `/api/people`.
    pub fn path(&self) -> String {
        "/api/people".to_owned()
    }
}

/// `POST /api/people/:id/profiles`: creates a profile (alerts imported from NOMIS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileCreate {
    /// The profile.
    pub data: ProfileCreateData,
}

/// The `data` of [`ProfileCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileCreateData {
    /// Always `"profiles"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Optional attributes (left out: answers are imported from NOMIS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<ProfileAttributes>,
}

/// The attributes of [`ProfileCreate`], all optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProfileAttributes {
    /// Assessment answers (when given, nothing is imported from NOMIS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_answers: Option<Vec<AssessmentAnswer>>,
    /// Whether a youth risk assessment is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_youth_risk_assessment: Option<bool>,
    /// CSRA (the API takes it from NOMIS anyway).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csra: Option<String>,
}

/// One assessment answer of a profile (the members the API permits).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AssessmentAnswer {
    /// Question key, e.g. `violent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Category, e.g. `risk`, `health`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Question title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// Id of the assessment question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_question_id: Option<String>,
    /// NOMIS alert type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nomis_alert_type: Option<String>,
    /// NOMIS alert type description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nomis_alert_type_description: Option<String>,
    /// NOMIS alert code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nomis_alert_code: Option<String>,
    /// NOMIS alert description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nomis_alert_description: Option<String>,
    /// When the alert was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When the alert expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Whether it came from NOMIS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_from_nomis: Option<bool>,
}

impl ProfileCreate {
    /// A profile with no attributes (alerts and care needs imported from NOMIS).
    pub fn new() -> Self {
        ProfileCreate {
            data: ProfileCreateData {
                resource_type: "profiles".to_owned(),
                attributes: None,
            },
        }
    }

    /// `/api/people/:person_id/profiles`.
    pub fn path(&self, person_id: &str) -> String {
        format!("/api/people/{person_id}/profiles")
    }
}

impl Default for ProfileCreate {
    fn default() -> Self {
        ProfileCreate::new()
    }
}

// ---------------------------------------------------------------------------------------------
// Journeys (journeys.md §3-5)
// ---------------------------------------------------------------------------------------------

/// A journey's vehicle: a free JSON object, conventionally `id`, `registration`, `depot`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Vehicle {
    /// The supplier's vehicle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Registration, e.g. `AB12 CDE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    /// Depot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depot: Option<String>,
    /// Any other members, kept as sent.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// `POST /api/moves/:move_id/journeys`: creates a journey (one leg of a move).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyCreate {
    /// The journey.
    pub data: JourneyCreateData,
}

/// The `data` of [`JourneyCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyCreateData {
    /// Always `"journeys"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: JourneyCreateAttributes,
    /// Relationships.
    pub relationships: JourneyCreateRelationships,
}

/// The attributes of [`JourneyCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyCreateAttributes {
    /// Client timestamp (XML-schema date-time); orders the move's journeys.
    pub timestamp: DateTimeText,
    /// Whether the journey is billable (JSON boolean).
    pub billable: bool,
    /// Date of the journey (ISO date; left out: the move's date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateText>,
    /// The vehicle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<Vehicle>,
}

/// The relationships of [`JourneyCreate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyCreateRelationships {
    /// Start of the leg.
    pub from_location: Relationship,
    /// End of the leg (must differ from the start).
    pub to_location: Relationship,
    /// The supplier (left out: the token's owner; needed by non-supplier tokens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Relationship>,
}

impl JourneyCreate {
    /// A journey between two locations at `timestamp`.
    pub fn new(
        from_location_id: &str,
        to_location_id: &str,
        timestamp: &str,
        billable: bool,
    ) -> Self {
        JourneyCreate {
            data: JourneyCreateData {
                resource_type: "journeys".to_owned(),
                attributes: JourneyCreateAttributes {
                    timestamp: DateTimeText::from(timestamp),
                    billable,
                    date: None,
                    vehicle: None,
                },
                relationships: JourneyCreateRelationships {
                    from_location: location(from_location_id),
                    to_location: location(to_location_id),
                    supplier: None,
                },
            },
        }
    }

    /// Names the supplier.
    pub fn with_supplier(mut self, supplier_id: &str) -> Self {
        self.data.relationships.supplier = Some(Relationship::to("suppliers", supplier_id));
        self
    }

    /// `/api/moves/:move_id/journeys`.
    pub fn path(&self, move_id: &str) -> String {
        format!("/api/moves/{move_id}/journeys")
    }
}

/// `PATCH /api/moves/:move_id/journeys/:id`: changes billable, vehicle or date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyUpdate {
    /// The change.
    pub data: JourneyUpdateData,
}

/// The `data` of [`JourneyUpdate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyUpdateData {
    /// The journey's id (not read by the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Always `"journeys"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: JourneyUpdateAttributes,
    /// Only `supplier` is read (by the `JourneyUpdate` event of a non-supplier token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationships: Option<SupplierRelationship>,
}

/// The attributes of [`JourneyUpdate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyUpdateAttributes {
    /// Required and validated, then discarded.
    pub timestamp: DateTimeText,
    /// Whether the journey is billable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billable: Option<bool>,
    /// The vehicle (replaces the stored object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<Vehicle>,
    /// Date of the journey (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateText>,
}

/// A `supplier` relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierRelationship {
    /// The supplier.
    pub supplier: Relationship,
}

impl JourneyUpdate {
    /// A change to journey `journey_id` stamped `timestamp` that changes nothing yet.
    pub fn new(journey_id: &str, timestamp: &str) -> Self {
        JourneyUpdate {
            data: JourneyUpdateData {
                id: Some(journey_id.to_owned()),
                resource_type: "journeys".to_owned(),
                attributes: JourneyUpdateAttributes {
                    timestamp: DateTimeText::from(timestamp),
                    billable: None,
                    vehicle: None,
                    date: None,
                },
                relationships: None,
            },
        }
    }

    /// `/api/moves/:move_id/journeys/:journey_id`.
    pub fn path(&self, move_id: &str, journey_id: &str) -> String {
        format!("/api/moves/{move_id}/journeys/{journey_id}")
    }
}

/// The action endpoints of a journey and their documented `type` (plural only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum JourneyActionType {
    /// `/start`, type `starts`: proposed → in_progress.
    #[serde(rename = "starts")]
    Start,
    /// `/complete`, type `completes`: in_progress → completed.
    #[serde(rename = "completes")]
    Complete,
    /// `/cancel`, type `cancels`: in_progress → cancelled.
    #[serde(rename = "cancels")]
    Cancel,
    /// `/uncancel`, type `uncancels`: cancelled → in_progress.
    #[serde(rename = "uncancels")]
    Uncancel,
    /// `/reject`, type `rejects`: proposed → rejected.
    #[serde(rename = "rejects")]
    Reject,
    /// `/uncomplete`, type `uncompletes`: completed → in_progress.
    #[serde(rename = "uncompletes")]
    Uncomplete,
    /// `/lockouts`, type `lockouts`.
    #[serde(rename = "lockouts")]
    Lockout,
    /// `/lodgings`, type `lodgings`.
    #[serde(rename = "lodgings")]
    Lodging,
}

impl JourneyActionType {
    /// Every action, in the spec's order.
    pub const ALL: &'static [JourneyActionType] = &[
        JourneyActionType::Start,
        JourneyActionType::Complete,
        JourneyActionType::Cancel,
        JourneyActionType::Uncancel,
        JourneyActionType::Reject,
        JourneyActionType::Uncomplete,
        JourneyActionType::Lockout,
        JourneyActionType::Lodging,
    ];

    /// The documented `data.type`.
    pub fn as_str(self) -> &'static str {
        match self {
            JourneyActionType::Start => "starts",
            JourneyActionType::Complete => "completes",
            JourneyActionType::Cancel => "cancels",
            JourneyActionType::Uncancel => "uncancels",
            JourneyActionType::Reject => "rejects",
            JourneyActionType::Uncomplete => "uncompletes",
            JourneyActionType::Lockout => "lockouts",
            JourneyActionType::Lodging => "lodgings",
        }
    }

    /// The last path segment (`/api/moves/:move_id/journeys/:id/<segment>`).
    pub fn path_segment(self) -> &'static str {
        match self {
            JourneyActionType::Start => "start",
            JourneyActionType::Complete => "complete",
            JourneyActionType::Cancel => "cancel",
            JourneyActionType::Uncancel => "uncancel",
            JourneyActionType::Reject => "reject",
            JourneyActionType::Uncomplete => "uncomplete",
            JourneyActionType::Lockout => "lockouts",
            JourneyActionType::Lodging => "lodgings",
        }
    }
}

/// `POST /api/moves/:move_id/journeys/:id/<action>`: records a journey event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyAction {
    /// The action.
    pub data: JourneyActionData,
}

/// The `data` of [`JourneyAction`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyActionData {
    /// The action's documented type (also chooses the path).
    #[serde(rename = "type")]
    pub action: JourneyActionType,
    /// Attributes.
    pub attributes: JourneyActionAttributes,
    /// `from_location` (lockouts) or `to_location` (lodgings).
    #[serde(default, skip_serializing_if = "ActionLocations::is_empty")]
    pub relationships: ActionLocations,
}

/// The attributes of a journey action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyActionAttributes {
    /// When it happened (XML-schema date-time).
    pub timestamp: DateTimeText,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Start and complete: vehicle registration (copied onto the journey's vehicle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_reg: Option<String>,
    /// Start: vehicle depot (copied onto the journey's vehicle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_depot: Option<String>,
}

impl JourneyAction {
    /// An action of `action` type at `timestamp`, with no other attributes.
    pub fn new(action: JourneyActionType, timestamp: &str) -> Self {
        JourneyAction {
            data: JourneyActionData {
                action,
                attributes: JourneyActionAttributes {
                    timestamp: DateTimeText::from(timestamp),
                    notes: None,
                    vehicle_reg: None,
                    vehicle_depot: None,
                },
                relationships: ActionLocations::default(),
            },
        }
    }

    /// `/start`.
    pub fn start(timestamp: &str) -> Self {
        JourneyAction::new(JourneyActionType::Start, timestamp)
    }

    /// `/complete`.
    pub fn complete(timestamp: &str) -> Self {
        JourneyAction::new(JourneyActionType::Complete, timestamp)
    }

    /// `/cancel`.
    pub fn cancel(timestamp: &str) -> Self {
        JourneyAction::new(JourneyActionType::Cancel, timestamp)
    }

    /// `/uncancel`.
    pub fn uncancel(timestamp: &str) -> Self {
        JourneyAction::new(JourneyActionType::Uncancel, timestamp)
    }

    /// `/reject`.
    pub fn reject(timestamp: &str) -> Self {
        JourneyAction::new(JourneyActionType::Reject, timestamp)
    }

    /// `/uncomplete`.
    pub fn uncomplete(timestamp: &str) -> Self {
        JourneyAction::new(JourneyActionType::Uncomplete, timestamp)
    }

    /// `/lockouts`: locked out of location `from_location_id`.
    pub fn lockout(timestamp: &str, from_location_id: &str) -> Self {
        let mut action = JourneyAction::new(JourneyActionType::Lockout, timestamp);
        action.data.relationships.from_location = Some(location(from_location_id));
        action
    }

    /// `/lodgings`: lodged at location `to_location_id`.
    pub fn lodging(timestamp: &str, to_location_id: &str) -> Self {
        let mut action = JourneyAction::new(JourneyActionType::Lodging, timestamp);
        action.data.relationships.to_location = Some(location(to_location_id));
        action
    }

    /// Adds notes.
    pub fn with_notes(mut self, notes: &str) -> Self {
        self.data.attributes.notes = Some(notes.to_owned());
        self
    }

    /// Adds the vehicle registration (start, complete).
    pub fn with_vehicle_reg(mut self, registration: &str) -> Self {
        self.data.attributes.vehicle_reg = Some(registration.to_owned());
        self
    }

    /// Adds the vehicle depot (start).
    pub fn with_vehicle_depot(mut self, depot: &str) -> Self {
        self.data.attributes.vehicle_depot = Some(depot.to_owned());
        self
    }

    /// `/api/moves/:move_id/journeys/:journey_id/<action>`.
    pub fn path(&self, move_id: &str, journey_id: &str) -> String {
        format!(
            "/api/moves/{move_id}/journeys/{journey_id}/{}",
            self.data.action.path_segment()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Lodgings (lodgings.md §2-5)
// ---------------------------------------------------------------------------------------------

/// `POST /api/moves/:move_id/lodgings`: an overnight stop (non-supplier tokens only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LodgingCreate {
    /// The lodging.
    pub data: LodgingCreateData,
}

/// The `data` of [`LodgingCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LodgingCreateData {
    /// Always `"lodgings"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: LodgingDates,
    /// Relationships.
    pub relationships: LodgingLocation,
}

/// The dates of a lodging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LodgingDates {
    /// First night (ISO date).
    pub start_date: DateText,
    /// Day it ends (ISO date, after the start date).
    pub end_date: DateText,
}

/// A lodging's `location` relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LodgingLocation {
    /// Where the person lodges.
    pub location: Relationship,
}

impl LodgingCreate {
    /// A lodging at location `location_id` from `start_date` to `end_date`.
    pub fn new(location_id: &str, start_date: &str, end_date: &str) -> Self {
        LodgingCreate {
            data: LodgingCreateData {
                resource_type: "lodgings".to_owned(),
                attributes: LodgingDates {
                    start_date: DateText::from(start_date),
                    end_date: DateText::from(end_date),
                },
                relationships: LodgingLocation {
                    location: location(location_id),
                },
            },
        }
    }

    /// `/api/moves/:move_id/lodgings`.
    pub fn path(&self, move_id: &str) -> String {
        format!("/api/moves/{move_id}/lodgings")
    }
}

/// `PATCH /api/moves/:move_id/lodgings/:id`: changes the end date and/or location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LodgingUpdate {
    /// The change.
    pub data: LodgingUpdateData,
}

/// The `data` of [`LodgingUpdate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LodgingUpdateData {
    /// The lodging's id (not read by the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Always `"lodgings"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The permitted attribute (always sent, `{}` when none).
    #[serde(default)]
    pub attributes: LodgingUpdateAttributes,
    /// The new location, if it changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationships: Option<LodgingLocation>,
}

/// The attributes of [`LodgingUpdate`] (`start_date` is never applied, so not offered).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LodgingUpdateAttributes {
    /// New end date (ISO date); later lodgings of the move shift with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<DateText>,
}

impl LodgingUpdate {
    /// A change to lodging `lodging_id` that changes nothing yet.
    pub fn new(lodging_id: &str) -> Self {
        LodgingUpdate {
            data: LodgingUpdateData {
                id: Some(lodging_id.to_owned()),
                resource_type: "lodgings".to_owned(),
                attributes: LodgingUpdateAttributes::default(),
                relationships: None,
            },
        }
    }

    /// Changes the end date of lodging `lodging_id`.
    pub fn change_end_date(lodging_id: &str, end_date: &str) -> Self {
        let mut update = LodgingUpdate::new(lodging_id);
        update.data.attributes.end_date = Some(DateText::from(end_date));
        update
    }

    /// Changes the location of lodging `lodging_id`.
    pub fn change_location(lodging_id: &str, location_id: &str) -> Self {
        let mut update = LodgingUpdate::new(lodging_id);
        update.data.relationships = Some(LodgingLocation {
            location: location(location_id),
        });
        update
    }

    /// `/api/moves/:move_id/lodgings/:lodging_id`.
    pub fn path(&self, move_id: &str, lodging_id: &str) -> String {
        format!("/api/moves/{move_id}/lodgings/{lodging_id}")
    }
}

/// `POST /api/moves/:move_id/lodgings/:id/cancel` (one) or `…/lodgings/cancel` (all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LodgingCancel {
    /// The cancellation.
    pub data: LodgingCancelData,
}

/// The `data` of [`LodgingCancel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LodgingCancelData {
    /// Always `"lodgings"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: LodgingCancelAttributes,
}

/// The attributes of [`LodgingCancel`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LodgingCancelAttributes {
    /// Why (one of the 33 reasons; a bad one makes the API answer 500 or 422).
    pub cancellation_reason: CancellationReason,
    /// Free-text comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_reason_comment: Option<String>,
}

impl LodgingCancel {
    /// A cancellation for `reason`.
    pub fn new(reason: CancellationReason) -> Self {
        LodgingCancel {
            data: LodgingCancelData {
                resource_type: "lodgings".to_owned(),
                attributes: LodgingCancelAttributes {
                    cancellation_reason: reason,
                    cancellation_reason_comment: None,
                },
            },
        }
    }

    /// Adds a comment.
    pub fn with_comment(mut self, comment: &str) -> Self {
        self.data.attributes.cancellation_reason_comment = Some(comment.to_owned());
        self
    }

    /// `/api/moves/:move_id/lodgings/:lodging_id/cancel` (cancels one lodging).
    pub fn path(&self, move_id: &str, lodging_id: &str) -> String {
        format!("/api/moves/{move_id}/lodgings/{lodging_id}/cancel")
    }

    /// `/api/moves/:move_id/lodgings/cancel` (cancels every lodging of the move).
    pub fn path_all(&self, move_id: &str) -> String {
        format!("/api/moves/{move_id}/lodgings/cancel")
    }
}

// ---------------------------------------------------------------------------------------------
// Events (events.md)
// ---------------------------------------------------------------------------------------------

/// `POST /api/events`: records an event of any type about the record it is about (its
/// eventable: a move, a journey, …). The one shape of the event request: `E` is the event
/// type with its details — [`EventFields`] (the default: details as a JSON object, as a
/// form gathers them and the event form's `forms::event_details` checks them against the
/// table, one type for all 92 event types) or [`crate::Event`] (typed details per event type:
/// [`crate::EventDocument`]).
///
/// ```
/// use basm_core::EventType;
/// use basm_core::documents::EventCreate;
/// use basm_core::events::Eventable;
///
/// let start = EventCreate::new(EventType::JourneyStart, Eventable::Journey, "journey-1",
///     "2021-01-01T09:05:00+00:00")
///     .with_recorded_at("2021-01-01T09:06:00.000Z");
/// assert_eq!((start.method(), start.path()), ("POST", "/api/events".to_owned()));
/// assert_eq!(
///     String::from_utf8(start.to_body()).unwrap(),
///     concat!(r#"{"data":{"type":"events","attributes":{"event_type":"JourneyStart","#,
///         r#""occurred_at":"2021-01-01T09:05:00+00:00","recorded_at":"2021-01-01T09:06:00.000Z"},"#,
///         r#""relationships":{"eventable":{"data":{"type":"journeys","id":"journey-1"}}}}}"#)
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCreate<E = EventFields> {
    /// The event.
    pub data: EventCreateData<E>,
}

/// The `data` of [`EventCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCreateData<E = EventFields> {
    /// Always `"events"`.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Attributes.
    pub attributes: EventCreateAttributes<E>,
    /// The eventable and the event type's own relationships (`location`, …) by name.
    pub relationships: EventRelationships,
}

/// The attributes of [`EventCreate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCreateAttributes<E = EventFields> {
    /// The event type and its details (the `event_type` and `details` members).
    #[serde(flatten)]
    pub event: E,
    /// When it happened (ISO-8601 date-time).
    pub occurred_at: DateTimeText,
    /// When it was recorded (ISO-8601 date-time). The API requires it (it never compares it
    /// with `occurred_at`); a form leaves it out until the request is sent, each try being
    /// stamped with when it was first made ([`EventCreate::with_recorded_at`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<DateTimeText>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An event type with its details as a JSON object: the `E` of [`EventCreate`] that serves
/// all 92 event types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventFields {
    /// The event type.
    pub event_type: EventType,
    /// The event type's details fields by wire name (the API keeps only those the type
    /// declares); left out when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The relationships of an event request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRelationships {
    /// The record the event is about.
    pub eventable: Relationship,
    /// Event-specific relationships (`location`, `to_location`, …).
    #[serde(flatten)]
    pub other: BTreeMap<String, Relationship>,
}

impl EventCreate {
    /// An `event_type` event about the `eventable` record `eventable_id`, which happened at
    /// `occurred_at`; no details, notes or other relationships yet.
    pub fn new(
        event_type: EventType,
        eventable: Eventable,
        eventable_id: &str,
        occurred_at: &str,
    ) -> Self {
        let event = EventFields {
            event_type,
            details: None,
        };
        EventCreate::of(event, eventable, eventable_id, occurred_at)
    }

    /// Sets the details (the event type's fields by wire name).
    pub fn with_details(mut self, details: serde_json::Map<String, serde_json::Value>) -> Self {
        self.data.attributes.event.details = Some(details);
        self
    }
}

impl<E> EventCreate<E> {
    /// `event` about the `eventable` record `eventable_id`, which happened at `occurred_at`;
    /// no notes or other relationships yet, not yet recorded.
    pub fn of(event: E, eventable: Eventable, eventable_id: &str, occurred_at: &str) -> Self {
        EventCreate {
            data: EventCreateData {
                resource_type: "events".to_owned(),
                attributes: EventCreateAttributes {
                    event,
                    occurred_at: DateTimeText::from(occurred_at),
                    recorded_at: None,
                    notes: None,
                },
                relationships: EventRelationships {
                    eventable: Relationship::to(eventable.wire(), eventable_id),
                    other: BTreeMap::new(),
                },
            },
        }
    }

    /// Adds the relationship `name` to the `resource_type` record `id` (`location` to
    /// `locations`, as the event table's relationship declares it).
    pub fn with_relationship(mut self, name: &str, resource_type: &str, id: &str) -> Self {
        self.data
            .relationships
            .other
            .insert(name.to_owned(), Relationship::to(resource_type, id));
        self
    }

    /// Adds notes.
    pub fn with_notes(mut self, notes: &str) -> Self {
        self.data.attributes.notes = Some(notes.to_owned());
        self
    }

    /// Sets when it was recorded.
    pub fn with_recorded_at(mut self, recorded_at: &str) -> Self {
        self.data.attributes.recorded_at = Some(DateTimeText::from(recorded_at));
        self
    }

    /// `/api/events`.
    pub fn path(&self) -> String {
        "/api/events".to_owned()
    }

    /// The HTTP method of its endpoint.
    pub fn method(&self) -> &'static str {
        "POST"
    }
}

impl<E: Serialize> EventCreate<E> {
    /// The request body: this document as JSON.
    pub fn to_body(&self) -> Vec<u8> {
        // Cannot fail: every map in a document has string keys.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    use super::*;

    /// Serialises `doc`, checks it equals `expected`, and that it deserialises back to `doc`.
    fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
        doc: &T,
        expected: Value,
    ) {
        let value = serde_json::to_value(doc).unwrap();
        assert_eq!(value, expected);
        let back: T = serde_json::from_value(value).unwrap();
        assert_eq!(&back, doc);
    }

    fn to_value<T: Serialize>(doc: &T) -> Value {
        serde_json::to_value(doc).unwrap()
    }

    #[test]
    fn person_create_round_trip() {
        let mut doc = PersonCreate::new("DOMSANIGH", "CASEDY")
            .gender("ffac6763-26d6-4425-8005-6e5d052aed88")
            .ethnicity("a4f988ba-5ebc-4b24-9dfe-b7fa0c23c30e");
        doc.data.attributes.date_of_birth = Some(DateText::from("1995-11-17"));
        doc.data.attributes.prison_number = Some("G8133UA".to_owned());
        doc.data.attributes.police_national_computer = Some("14/120018R".to_owned());
        check(
            &doc,
            json!({ "data": { "type": "people",
                "attributes": { "first_names": "DOMSANIGH", "last_name": "CASEDY",
                    "date_of_birth": "1995-11-17", "prison_number": "G8133UA",
                    "police_national_computer": "14/120018R" },
                "relationships": {
                    "gender": { "data": { "type": "genders", "id": "ffac6763-26d6-4425-8005-6e5d052aed88" } },
                    "ethnicity": { "data": { "type": "ethnicities", "id": "a4f988ba-5ebc-4b24-9dfe-b7fa0c23c30e" } } } } }),
        );
        assert_eq!(doc.method(), "POST");
        assert_eq!(doc.path(), "/api/people");
        let request = crate::Request::new(doc.method(), &doc.path())
            .with_standard_headers()
            .body(doc.to_body());
        let verdict = crate::validate_request(&request, &crate::Context::empty());
        assert_eq!(verdict.status, 201, "{:?}", verdict.errors);
        let bare = PersonCreate::new("A", "B");
        assert_eq!(
            to_value(&bare),
            json!({ "data": { "type": "people", "attributes": { "first_names": "A", "last_name": "B" } } })
        );
    }

    #[test]
    fn walkthrough_allocation_create() {
        let mut doc = AllocationCreate::new(
            "067c2855-fa41-493d-9c80-1311a4f7ba45",
            "056eed18-772b-45b3-b64a-4d7d563641f7",
            "2020-07-22",
            2,
        )
        .requested_by("Iama Requestor");
        let attributes = &mut doc.data.attributes;
        attributes.estate = Some(Estate::AdultMale);
        attributes.estate_comment = Some("Another estate description".to_owned());
        attributes.prisoner_category = Some(PrisonerCategory::B);
        attributes.sentence_length = Some(Some(SentenceLength::Short));
        attributes.other_criteria = Some("curly hair".to_owned());
        attributes.complete_in_full = Some(true);
        attributes.complex_cases = Some(vec![ComplexCaseAnswer {
            key: "hold_separately".to_owned(),
            title: "Segregated prisoners".to_owned(),
            answer: true,
            allocation_complex_case_id: "8952537a-ecf7-4e25-93d1-2ad67651ad99".to_owned(),
        }]);
        check(
            &doc,
            json!({ "data": { "type": "allocations", "attributes": { "moves_count": 2,
                "estate": "adult_male", "estate_comment": "Another estate description",
                "prisoner_category": "b", "sentence_length": "short",
                "other_criteria": "curly hair", "requested_by": "Iama Requestor",
                "complete_in_full": true, "date": "2020-07-22",
                "complex_cases": [ { "key": "hold_separately", "title": "Segregated prisoners",
                    "answer": true,
                    "allocation_complex_case_id": "8952537a-ecf7-4e25-93d1-2ad67651ad99" } ] },
              "relationships": {
                "from_location": { "data": { "type": "locations",
                    "id": "067c2855-fa41-493d-9c80-1311a4f7ba45" } },
                "to_location": { "data": { "type": "locations",
                    "id": "056eed18-772b-45b3-b64a-4d7d563641f7" } } } } }),
        );
        assert_eq!(doc.method(), "POST");
        assert_eq!(doc.path(), "/api/allocations");
    }

    #[test]
    fn allocation_create_sentence_length_is_tri_state() {
        let mut doc = AllocationCreate::new("a", "b", "2026-01-02", 1);
        let plain = to_value(&doc);
        assert!(plain["data"]["attributes"].get("sentence_length").is_none());
        doc.data.attributes.sentence_length = Some(None);
        check(
            &doc,
            json!({"data": {"type": "allocations",
                "attributes": {"date": "2026-01-02", "moves_count": 1, "sentence_length": null},
                "relationships": {"from_location": {"data": {"type": "locations", "id": "a"}},
                    "to_location": {"data": {"type": "locations", "id": "b"}}}}}),
        );
    }

    #[test]
    fn allocation_update_and_cancel() {
        let update = AllocationUpdate::change_date("al-1", "2026-03-04", "tornado_event");
        check(
            &update,
            json!({"data": {"id": "al-1", "type": "allocations",
                "attributes": {"date": "2026-03-04", "date_changed_reason": "tornado_event"}}}),
        );
        assert_eq!(update.method(), "PATCH");
        assert_eq!(update.path("al-1"), "/api/allocations/al-1");

        // allocations.md §5.
        let cancel =
            AllocationCancel::new("2020-04-23T18:25:43.511Z", CancellationReason::MadeInError)
                .with_comment("FUBAR");
        check(
            &cancel,
            json!({"data":{"type":"cancels","attributes":{"timestamp":"2020-04-23T18:25:43.511Z",
                "cancellation_reason":"made_in_error","cancellation_reason_comment":"FUBAR"}}}),
        );
        assert_eq!(cancel.method(), "POST");
        assert_eq!(cancel.path("al-1"), "/api/allocations/al-1/cancel");
    }

    #[test]
    fn walkthrough_profile_creates() {
        let doc = ProfileCreate::new();
        check(&doc, json!({ "data": { "type": "profiles" } }));
        assert_eq!(
            doc.path("747f3914-620a-441a-847f-472c79def26c"),
            "/api/people/747f3914-620a-441a-847f-472c79def26c/profiles"
        );
        assert_eq!(
            doc.path("fee70079-08c0-4d1c-a125-bfac8caf24c1"),
            "/api/people/fee70079-08c0-4d1c-a125-bfac8caf24c1/profiles"
        );
        assert_eq!(doc.to_body(), br#"{"data":{"type":"profiles"}}"#.to_vec());

        let with_answers = ProfileCreate {
            data: ProfileCreateData {
                resource_type: "profiles".to_owned(),
                attributes: Some(ProfileAttributes {
                    assessment_answers: Some(vec![AssessmentAnswer {
                        key: Some("violent".to_owned()),
                        category: Some("risk".to_owned()),
                        imported_from_nomis: Some(true),
                        ..AssessmentAnswer::default()
                    }]),
                    requires_youth_risk_assessment: Some(false),
                    csra: None,
                }),
            },
        };
        check(
            &with_answers,
            json!({"data": {"type": "profiles", "attributes": {
                "assessment_answers": [{"key": "violent", "category": "risk",
                    "imported_from_nomis": true}],
                "requires_youth_risk_assessment": false}}}),
        );
    }

    #[test]
    fn walkthrough_move_patches() {
        for (move_id, profile_id) in [
            (
                "e9688519-92af-4715-8d88-953846f503ac",
                "98be8b71-eaf8-4563-bcd0-05af9a80f262",
            ),
            (
                "b953e392-87bc-438b-b436-8026e32e5d76",
                "ca23256f-4049-4073-a6fd-c7882c1faa24",
            ),
        ] {
            let doc = MoveUpdate::assign_profile(move_id, profile_id);
            check(
                &doc,
                json!({ "data": { "id": move_id, "type": "moves", "attributes": { },
                    "relationships": { "profile": { "data": { "type": "profiles",
                        "id": profile_id } } } } }),
            );
            assert_eq!(doc.method(), "PATCH");
            assert_eq!(doc.path(move_id), format!("/api/moves/{move_id}"));
        }
    }

    #[test]
    fn move_update_profile_tri_state() {
        let remove = MoveUpdate::remove_profile("m");
        check(
            &remove,
            json!({"data": {"id": "m", "type": "moves", "attributes": {},
                "relationships": {"profile": {"data": null}}}}),
        );
        let unchanged = MoveUpdate::new("m");
        check(
            &unchanged,
            json!({"data": {"id": "m", "type": "moves", "attributes": {}}}),
        );
        // Parsing tells the three apart.
        let parsed: MoveUpdate = serde_json::from_value(
            json!({"data": {"type": "moves", "relationships": {"profile": {"data": null}}}}),
        )
        .unwrap();
        assert_eq!(parsed.data.relationships.profile, RelationshipChange::Clear);
        let parsed: MoveUpdate =
            serde_json::from_value(json!({"data": {"type": "moves", "attributes": {}}})).unwrap();
        assert_eq!(
            parsed.data.relationships.profile,
            RelationshipChange::Unchanged
        );
    }

    #[test]
    fn move_update_attributes_can_be_cleared() {
        // The frontend's "remove person": profile and both agreement fields null.
        let mut doc = MoveUpdate::remove_profile("m");
        doc.data.attributes.move_agreed = Some(None);
        doc.data.attributes.move_agreed_by = Some(None);
        doc.data.attributes.status = Some(Some(MoveStatus::Booked));
        doc.data.relationships.court_hearings = Some(ToManyRelationship {
            data: vec![resource("court_hearings", "h1")],
        });
        check(
            &doc,
            json!({"data": {"id": "m", "type": "moves",
                "attributes": {"move_agreed": null, "move_agreed_by": null, "status": "booked"},
                "relationships": {"profile": {"data": null},
                    "court_hearings": {"data": [{"type": "court_hearings", "id": "h1"}]}}}}),
        );
    }

    #[test]
    fn move_create() {
        let mut doc = MoveCreate::new(MoveType::PrisonTransfer, "from", Some("to"), "2020-07-22")
            .with_profile("p")
            .with_status(MoveStatus::Requested);
        doc.data.attributes.time_due = Some(DateTimeText::from("2020-07-22T09:00:00Z"));
        doc.data.attributes.move_agreed = Some(true);
        doc.data.attributes.move_agreed_by = Some("Fred Bloggs".to_owned());
        doc.data.relationships.prison_transfer_reason =
            Some(Relationship::to("prison_transfer_reasons", "r"));
        doc.data.relationships.court_hearings = Some(ToManyRelationship {
            data: vec![resource("court_hearings", "h")],
        });
        check(
            &doc,
            json!({"data":{"type":"moves",
              "attributes":{"date":"2020-07-22","move_type":"prison_transfer","status":"requested",
                "time_due":"2020-07-22T09:00:00Z","move_agreed":true,"move_agreed_by":"Fred Bloggs"},
              "relationships":{
                "from_location":{"data":{"type":"locations","id":"from"}},
                "to_location":{"data":{"type":"locations","id":"to"}},
                "profile":{"data":{"type":"profiles","id":"p"}},
                "prison_transfer_reason":{"data":{"type":"prison_transfer_reasons","id":"r"}},
                "court_hearings":{"data":[{"type":"court_hearings","id":"h"}]}}}}),
        );
        assert_eq!(doc.path(), "/api/moves");
        assert_eq!(doc.method(), "POST");

        let recall = MoveCreate::new(MoveType::PrisonRecall, "police", None, "2020-07-22");
        check(
            &recall,
            json!({"data": {"type": "moves",
                "attributes": {"date": "2020-07-22", "move_type": "prison_recall"},
                "relationships": {"from_location": {"data": {"type": "locations", "id": "police"}}}}}),
        );
    }

    #[test]
    fn walkthrough_move_actions() {
        let cases = [
            (
                MoveAction::accept("2020-07-20T10:47:51.589Z"),
                json!({ "data": { "type": "accepts",
                    "attributes": { "timestamp": "2020-07-20T10:47:51.589Z" } } }),
                "accept",
            ),
            (
                MoveAction::accept("2020-07-20T10:48:03.770Z"),
                json!({ "data": { "type": "accepts",
                    "attributes": { "timestamp": "2020-07-20T10:48:03.770Z" } } }),
                "accept",
            ),
            (
                MoveAction::start("2020-07-20T11:01:59.920Z")
                    .with_notes("van on the way for person1"),
                json!({ "data": { "type": "starts", "attributes": {
                    "timestamp": "2020-07-20T11:01:59.920Z", "notes": "van on the way for person1" } } }),
                "start",
            ),
            (
                MoveAction::start("2020-07-20T11:02:26.639Z")
                    .with_notes("van on the way for person2"),
                json!({ "data": { "type": "starts", "attributes": {
                    "timestamp": "2020-07-20T11:02:26.639Z", "notes": "van on the way for person2" } } }),
                "start",
            ),
            (
                MoveAction::complete("2020-07-20T11:06:58.724Z").with_notes("all is well"),
                json!({ "data": { "type": "completes", "attributes": {
                    "timestamp": "2020-07-20T11:06:58.724Z", "notes": "all is well" } } }),
                "complete",
            ),
            (
                MoveAction::complete("2020-07-20T11:07:11.132Z").with_notes("all is well"),
                json!({ "data": { "type": "completes", "attributes": {
                    "timestamp": "2020-07-20T11:07:11.132Z", "notes": "all is well" } } }),
                "complete",
            ),
        ];
        for (doc, expected, segment) in cases {
            check(&doc, expected);
            assert_eq!(doc.method(), "POST");
            assert_eq!(doc.path("m1"), format!("/api/moves/m1/{segment}"));
        }
    }

    #[test]
    fn other_move_actions() {
        let t = "2020-07-20T10:00:00Z";
        let cases = [
            (
                MoveAction::approve(t, "2020-07-22"),
                json!({"data": {"type": "approves", "attributes": {"timestamp": t, "date": "2020-07-22"}}}),
                "/api/moves/m/approve",
            ),
            (
                MoveAction::cancel(t, CancellationReason::SupplierNoResource).with_comment("none"),
                json!({"data": {"type": "cancels", "attributes": {"timestamp": t,
                    "cancellation_reason": "supplier_no_resource",
                    "cancellation_reason_comment": "none"}}}),
                "/api/moves/m/cancel",
            ),
            (
                MoveAction::reject(t, RejectionReason::NoTransportAvailable),
                json!({"data": {"type": "rejects", "attributes": {"timestamp": t,
                    "rejection_reason": "no_transport_available"}}}),
                "/api/moves/m/reject",
            ),
            (
                MoveAction::lockout(t, "loc"),
                json!({"data": {"type": "lockouts", "attributes": {"timestamp": t},
                    "relationships": {"from_location": {"data": {"type": "locations", "id": "loc"}}}}}),
                "/api/moves/m/lockouts",
            ),
            (
                MoveAction::redirect(t, "loc"),
                json!({"data": {"type": "redirects", "attributes": {"timestamp": t},
                    "relationships": {"to_location": {"data": {"type": "locations", "id": "loc"}}}}}),
                "/api/moves/m/redirects",
            ),
        ];
        for (doc, expected, path) in cases {
            check(&doc, expected);
            assert_eq!(doc.path("m"), path);
        }
        // The singular aliases the API accepts parse too.
        let parsed: MoveAction = serde_json::from_value(
            json!({"data": {"type": "approve", "attributes": {"timestamp": t, "date": "2020-07-22"}}}),
        )
        .unwrap();
        assert_eq!(parsed.data.action, MoveActionType::Approve);
        for action in MoveActionType::ALL {
            assert_eq!(to_value(action), json!(action.as_str()));
        }
    }

    #[test]
    fn journeys() {
        let mut create = JourneyCreate::new("from", "to", "2020-05-04T09:00:00+01:00", false)
            .with_supplier("sup");
        create.data.attributes.date = Some(DateText::from("2020-05-04"));
        create.data.attributes.vehicle = Some(Vehicle {
            id: Some("12345678ABC".to_owned()),
            registration: Some("AB12 CDE".to_owned()),
            depot: None,
            other: BTreeMap::new(),
        });
        // journeys.md §3.
        check(
            &create,
            json!({"data":{"type":"journeys",
              "attributes":{"timestamp":"2020-05-04T09:00:00+01:00","billable":false,"date":"2020-05-04",
                "vehicle":{"id":"12345678ABC","registration":"AB12 CDE"}},
              "relationships":{
                "from_location":{"data":{"type":"locations","id":"from"}},
                "to_location":{"data":{"type":"locations","id":"to"}},
                "supplier":{"data":{"type":"suppliers","id":"sup"}}}}}),
        );
        assert_eq!(create.path("m"), "/api/moves/m/journeys");

        let mut update = JourneyUpdate::new("j", "2020-05-04T09:00:00Z");
        update.data.attributes.billable = Some(true);
        update.data.attributes.vehicle = Some(Vehicle {
            other: BTreeMap::from([("fleet".to_owned(), json!(7))]),
            ..Vehicle::default()
        });
        update.data.relationships = Some(SupplierRelationship {
            supplier: Relationship::to("suppliers", "sup"),
        });
        check(
            &update,
            json!({"data": {"id": "j", "type": "journeys",
                "attributes": {"timestamp": "2020-05-04T09:00:00Z", "billable": true,
                    "vehicle": {"fleet": 7}},
                "relationships": {"supplier": {"data": {"type": "suppliers", "id": "sup"}}}}}),
        );
        assert_eq!(update.method(), "PATCH");
        assert_eq!(update.path("m", "j"), "/api/moves/m/journeys/j");

        let t = "2020-05-04T09:00:00Z";
        let start = JourneyAction::start(t)
            .with_vehicle_reg("AB12 CDE")
            .with_vehicle_depot("Leeds")
            .with_notes("off");
        check(
            &start,
            json!({"data": {"type": "starts", "attributes": {"timestamp": t, "notes": "off",
                "vehicle_reg": "AB12 CDE", "vehicle_depot": "Leeds"}}}),
        );
        assert_eq!(start.path("m", "j"), "/api/moves/m/journeys/j/start");
        let lodging = JourneyAction::lodging(t, "loc");
        check(
            &lodging,
            json!({"data": {"type": "lodgings", "attributes": {"timestamp": t},
                "relationships": {"to_location": {"data": {"type": "locations", "id": "loc"}}}}}),
        );
        assert_eq!(lodging.path("m", "j"), "/api/moves/m/journeys/j/lodgings");
        let lockout = JourneyAction::lockout(t, "loc");
        assert_eq!(
            to_value(&lockout)["data"]["relationships"],
            json!({"from_location": {"data": {"type": "locations", "id": "loc"}}})
        );
        for (doc, segment) in [
            (JourneyAction::complete(t), "complete"),
            (JourneyAction::cancel(t), "cancel"),
            (JourneyAction::uncancel(t), "uncancel"),
            (JourneyAction::reject(t), "reject"),
            (JourneyAction::uncomplete(t), "uncomplete"),
        ] {
            check(
                &doc,
                json!({"data": {"type": doc.data.action.as_str(), "attributes": {"timestamp": t}}}),
            );
            assert_eq!(
                doc.path("m", "j"),
                format!("/api/moves/m/journeys/j/{segment}")
            );
        }
    }

    #[test]
    fn lodgings() {
        let create = LodgingCreate::new("loc", "2020-05-04", "2020-05-05");
        // lodgings.md §2.
        check(
            &create,
            json!({"data":{"type":"lodgings",
              "attributes":{"start_date":"2020-05-04","end_date":"2020-05-05"},
              "relationships":{"location":{"data":{"type":"locations","id":"loc"}}}}}),
        );
        assert_eq!(create.path("m"), "/api/moves/m/lodgings");

        let end = LodgingUpdate::change_end_date("l", "2020-05-06");
        check(
            &end,
            json!({"data": {"id": "l", "type": "lodgings", "attributes": {"end_date": "2020-05-06"}}}),
        );
        let moved = LodgingUpdate::change_location("l", "loc2");
        check(
            &moved,
            json!({"data": {"id": "l", "type": "lodgings", "attributes": {},
                "relationships": {"location": {"data": {"type": "locations", "id": "loc2"}}}}}),
        );
        assert_eq!(moved.method(), "PATCH");
        assert_eq!(moved.path("m", "l"), "/api/moves/m/lodgings/l");

        let cancel = LodgingCancel::new(CancellationReason::Other).with_comment("…");
        // lodgings.md §4.
        check(
            &cancel,
            json!({"data":{"type":"lodgings","attributes":{"cancellation_reason":"other",
                "cancellation_reason_comment":"…"}}}),
        );
        assert_eq!(cancel.path("m", "l"), "/api/moves/m/lodgings/l/cancel");
        assert_eq!(cancel.path_all("m"), "/api/moves/m/lodgings/cancel");
    }

    const M1: &str = "0b6e4c1e-1111-4222-8333-944455556661";
    const LOC1: &str = "0b6e4c1e-1111-4222-8333-944455556662";
    const J1: &str = "0b6e4c1e-1111-4222-8333-944455556663";

    /// What core answers to `doc` sent with its `recorded_at`.
    fn event_verdict(doc: &EventCreate) -> crate::Verdict {
        let request = crate::Request::new(doc.method(), &doc.path())
            .with_standard_headers()
            .body(doc.to_body());
        crate::validate_request(&request, &crate::Context::empty())
    }

    #[test]
    fn event_create_round_trip() {
        // The event composer's bodies (as it built them with `json!` before this type): an
        // incident with details of three kinds, notes and a location.
        let details = json!({ "supplier_personnel_numbers": ["123", "456"],
            "reported_at": "2020-07-20T12:00:00+01:00", "fault_classification": "investigation" });
        let assault = EventCreate::new(
            EventType::PersonMoveAssault,
            Eventable::Move,
            M1,
            "2020-07-20T11:01:00+01:00",
        )
        .with_notes("Seen by the nurse")
        .with_details(details.as_object().cloned().unwrap())
        .with_relationship("location", "locations", LOC1);
        check(
            &assault,
            json!({ "data": { "type": "events", "attributes": {
                "event_type": "PersonMoveAssault",
                "occurred_at": "2020-07-20T11:01:00+01:00",
                "notes": "Seen by the nurse",
                "details": details },
                "relationships": {
                    "eventable": { "data": { "type": "moves", "id": M1 } },
                    "location": { "data": { "type": "locations", "id": LOC1 } } } } }),
        );
        assert_eq!(
            (assault.method(), assault.path().as_str()),
            ("POST", "/api/events")
        );
        // Sent with `recorded_at`, which the API requires.
        let sent = assault.clone().with_recorded_at("2020-07-20T10:05:00.000Z");
        check(
            &sent,
            json!({ "data": { "type": "events", "attributes": {
                "event_type": "PersonMoveAssault",
                "occurred_at": "2020-07-20T11:01:00+01:00",
                "recorded_at": "2020-07-20T10:05:00.000Z",
                "notes": "Seen by the nurse",
                "details": details },
                "relationships": {
                    "eventable": { "data": { "type": "moves", "id": M1 } },
                    "location": { "data": { "type": "locations", "id": LOC1 } } } } }),
        );
        let verdict = event_verdict(&sent);
        assert!(verdict.valid, "{:?}", verdict.errors);
        assert!(!event_verdict(&assault).valid, "recorded_at is required");

        // A journey event without details fields: the composer sends `details` as `{}`.
        let start = EventCreate::new(
            EventType::JourneyStart,
            Eventable::Journey,
            J1,
            "2021-01-01T09:05:00+00:00",
        )
        .with_details(serde_json::Map::new());
        check(
            &start,
            json!({ "data": { "type": "events", "attributes": {
                "event_type": "JourneyStart", "occurred_at": "2021-01-01T09:05:00+00:00",
                "details": {} },
                "relationships": { "eventable": { "data": { "type": "journeys", "id": J1 } } } } }),
        );
        let verdict = event_verdict(&start.with_recorded_at("2021-01-01T09:06:00Z"));
        assert!(verdict.valid, "{:?}", verdict.errors);
        // Without details at all, `details` is left out.
        let bare = EventCreate::new(
            EventType::JourneyStart,
            Eventable::Journey,
            J1,
            "2021-01-01T09:05:00+00:00",
        );
        check(
            &bare,
            json!({ "data": { "type": "events", "attributes": {
                "event_type": "JourneyStart", "occurred_at": "2021-01-01T09:05:00+00:00" },
                "relationships": { "eventable": { "data": { "type": "journeys", "id": J1 } } } } }),
        );

        // A move event with an enum detail and the lodging's location.
        let lodging = EventCreate::new(
            EventType::MoveLodgingStart,
            Eventable::Move,
            M1,
            "2020-07-20T18:00:00+01:00",
        )
        .with_details(
            json!({ "reason": "overnight_lodging" })
                .as_object()
                .cloned()
                .unwrap(),
        )
        .with_relationship("location", "locations", LOC1)
        .with_recorded_at("2020-07-20T18:01:00+01:00");
        check(
            &lodging,
            json!({ "data": { "type": "events", "attributes": {
                "event_type": "MoveLodgingStart", "occurred_at": "2020-07-20T18:00:00+01:00",
                "recorded_at": "2020-07-20T18:01:00+01:00",
                "details": { "reason": "overnight_lodging" } },
                "relationships": {
                    "eventable": { "data": { "type": "moves", "id": M1 } },
                    "location": { "data": { "type": "locations", "id": LOC1 } } } } }),
        );
        let verdict = event_verdict(&lodging);
        assert!(verdict.valid, "{:?}", verdict.errors);
    }
}
