//! The API's closed value lists, each declared once as a string enum.
//!
//! Each enum serialises to its wire string, lists its values in `VALUES` (the order the API's
//! code lists them), and is the type of the matching typed-document field.

use serde::{Deserialize, Serialize};

/// The values of a boolean inclusion (Rails' `inclusion: { in: [true, false] }`), as
/// `meta.allowed` lists them: only the JSON booleans pass.
pub const BOOLEANS: &[&str] = &["true", "false"];

/// A name list's order sorted by length, then bytes, computed at compile time, so that a wire
/// name is found by binary search ([`find_sorted`]): about log₂ n comparisons, where a `match`
/// on strings compiles to a comparison per name and a linear search of the list to n. Most
/// comparisons are of lengths only: the bytes are compared only among names as long as the one
/// sought (in wasm, each `memcmp` is a call).
pub const fn sorted_order<const N: usize>(names: &[&str; N]) -> [u8; N] {
    assert!(N <= 256, "a name list longer than u8 indexes");
    let mut order = [0u8; N];
    let mut i = 0;
    while i < N {
        order[i] = i as u8;
        i += 1;
    }
    // Insertion sort: n² comparisons at compile time (92 event types: about 4,000).
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0
            && shortlex_less(
                names[order[j] as usize].as_bytes(),
                names[order[j - 1] as usize].as_bytes(),
            )
        {
            let t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    order
}

const fn shortlex_less(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return a.len() < b.len();
    }
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// The index in `names` of `s` (exact, case-sensitive), by binary search of `order`, the
/// names' [`sorted_order`] (by length, then bytes).
pub fn find_sorted(names: &[&str], order: &[u8], s: &str) -> Option<usize> {
    let s = s.as_bytes();
    order
        .binary_search_by(|&i| {
            let name = names[i as usize].as_bytes();
            name.len().cmp(&s.len()).then_with(|| name.cmp(s))
        })
        .ok()
        .map(|at| order[at] as usize)
}

/// A field type of a typed request document, as event metadata describes it.
pub trait WireType {
    /// The JSON shape.
    const KIND: FieldKind;
    /// The allowed values, for enums.
    const VALUES: &'static [&'static str] = &[];
}

/// The JSON shape of a details field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text.
    String,
    /// One of a list of strings.
    Enum,
    /// An ISO-8601 date-time string.
    DateTime,
    /// An ISO-8601 date string.
    Date,
    /// `true` or `false`.
    Boolean,
    /// An array of strings.
    StringArray,
    /// Any JSON value.
    Any,
}

impl WireType for String {
    const KIND: FieldKind = FieldKind::String;
}
impl WireType for bool {
    const KIND: FieldKind = FieldKind::Boolean;
}
impl WireType for Vec<String> {
    const KIND: FieldKind = FieldKind::StringArray;
}

/// Any JSON value (fields the API stores without looking inside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnyJson(pub serde_json::Value);
impl WireType for AnyJson {
    const KIND: FieldKind = FieldKind::Any;
}

/// An ISO-8601 date-time, kept as the text sent (the API parses it leniently, see
/// [`crate::time::parse_lenient_datetime`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateTimeText(pub String);
impl WireType for DateTimeText {
    const KIND: FieldKind = FieldKind::DateTime;
}
impl From<&str> for DateTimeText {
    fn from(s: &str) -> Self {
        DateTimeText(s.to_owned())
    }
}

/// An ISO-8601 date, kept as the text sent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DateText(pub String);
impl WireType for DateText {
    const KIND: FieldKind = FieldKind::Date;
}
impl From<&str> for DateText {
    fn from(s: &str) -> Self {
        DateText(s.to_owned())
    }
}

macro_rules! string_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $wire:literal,)+ }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])* #[doc = concat!("`", $wire, "`")] #[serde(rename = $wire)] $variant,)+
        }
        impl $name {
            /// Every value, in the API's order.
            pub const VALUES: &'static [&'static str] = &[$($wire),+];
            /// The wire string.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }
            /// The value with this wire string (exact, case-sensitive, as the API compares),
            /// by binary search of [`Self::VALUES`] ([`find_sorted`]).
            pub fn from_wire(s: &str) -> Option<Self> {
                const ALL: &[$name] = &[$($name::$variant),+];
                const NAMES: [&str; ALL.len()] = [$($wire),+];
                const ORDER: [u8; ALL.len()] = sorted_order(&NAMES);
                find_sorted(&NAMES, &ORDER, s).map(|i| ALL[i])
            }
        }
        impl WireType for $name {
            const KIND: FieldKind = FieldKind::Enum;
            const VALUES: &'static [&'static str] = $name::VALUES;
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// Cancellation reasons of moves, allocations and lodgings: 8 legacy + 25 active
    /// (`app/models/concerns/cancellation_reasons.rb`).
    CancellationReason {
        MadeInError = "made_in_error",
        SupplierDeclinedToMove = "supplier_declined_to_move",
        Rejected = "rejected",
        DatabaseCorrection = "database_correction",
        IncompletePer = "incomplete_per",
        LackOfSpaceAtReceivingEstablishment = "lack_of_space_at_receiving_establishment",
        SendingEstablishmentFailedToFillAllocation = "sending_establishment_failed_to_fill_allocation",
        Other = "other",
        CancelledByPmu = "cancelled_by_pmu",
        AllocationCancelled = "allocation_cancelled",
        CaseNotCourtReady = "case_not_court_ready",
        CombinedWithAnotherRequest = "combined_with_another_request",
        CourtClosure = "court_closure",
        CourtNoCapacity = "court_no_capacity",
        CourtNotDdaCompliant = "court_not_dda_compliant",
        IncorrectCollectionLocation = "incorrect_collection_location",
        IncorrectFinalLocation = "incorrect_final_location",
        ListReceivedAfter5Pm = "list_received_after_5_pm",
        OperationalIssuesPrison = "operational_issues_prison",
        PoliceTransportedPrisoner = "police_transported_prisoner",
        PrisonTransportedPrisoner = "prison_transported_prisoner",
        PrisonerNoLongerRequired = "prisoner_no_longer_required",
        PrisonerRefusal = "prisoner_refusal",
        PrisonerToBeReleasedOnBail = "prisoner_to_be_released_on_bail",
        PrisonerUnfitToTravel = "prisoner_unfit_to_travel",
        PtrUnachievable = "ptr_unachievable",
        ReceiverUnableToAcceptPrisoner = "receiver_unable_to_accept_prisoner",
        SenderUnableToFulfilDraft = "sender_unable_to_fulfil_draft",
        SenderCancelledRequest = "sender_cancelled_request",
        SupplierNoResource = "supplier_no_resource",
        TornadoEvent = "tornado_event",
        UnsuitableVehicle = "unsuitable_vehicle",
        VideoLinkToBeUsed = "video_link_to_be_used",
    }
}

string_enum! {
    /// Why a move was rejected (`Move::REJECTION_REASONS`).
    RejectionReason {
        NoSpaceAtReceivingPrison = "no_space_at_receiving_prison",
        NoTransportAvailable = "no_transport_available",
        MoreInfoRequired = "more_info_required",
    }
}

string_enum! {
    /// Vehicle types (`vehicle_type_validations.rb`).
    VehicleType {
        C4 = "c4",
        ProCab = "pro_cab",
        Mpv = "mpv",
        TwoCell = "2_cell",
        ThreeCell = "3_cell",
        SixCell = "6_cell",
        TwelveCell = "12_cell",
    }
}

string_enum! {
    /// Who authorised an operation or lockout (`authoriser_validations.rb`).
    AuthorisedBy {
        Pmu = "PMU",
        Cdm = "CDM",
        Other = "Other",
    }
}

string_enum! {
    /// Why a move was locked out (MoveLockout).
    LockoutReason {
        UnachievablePtrRequest = "unachievable_ptr_request",
        NoSpace = "no_space",
        UnachievableRedirection = "unachievable_redirection",
        LateSittingCourt = "late_sitting_court",
        UnavailableResourceVehicleOrStaff = "unavailable_resource_vehicle_or_staff",
        TrafficIssues = "traffic_issues",
        MechanicalOrOtherVehicleFailure = "mechanical_or_other_vehicle_failure",
        IneffectiveRoutePlanning = "ineffective_route_planning",
        Other = "other",
    }
}

string_enum! {
    /// Why a move lodges (MoveLodgingStart).
    LodgingReason {
        OvernightLodging = "overnight_lodging",
        Lockout = "lockout",
        OperationHmcts = "operation_hmcts",
        CourtCells = "court_cells",
        OperationTornado = "operation_tornado",
        OperationSafeguard = "operation_safeguard",
        Other = "other",
    }
}

string_enum! {
    /// Why a move was redirected (MoveRedirect).
    RedirectReason {
        NoSpace = "no_space",
        SeriousIncident = "serious_incident",
        Covid = "covid",
        ReceivingPrisonRequest = "receiving_prison_request",
        ForceMajeure = "force_majeure",
        Other = "other",
    }
}

string_enum! {
    /// Move types.
    MoveType {
        CourtAppearance = "court_appearance",
        CourtOther = "court_other",
        Hospital = "hospital",
        PoliceTransfer = "police_transfer",
        PrisonRecall = "prison_recall",
        PrisonRemand = "prison_remand",
        PrisonTransfer = "prison_transfer",
        VideoRemand = "video_remand",
        ApprovedPremises = "approved_premises",
        Extradition = "extradition",
    }
}

string_enum! {
    /// Who was at fault in an incident (supplier tokens only).
    FaultClassification {
        WasNotSupplier = "was_not_supplier",
        Supplier = "supplier",
        Investigation = "investigation",
    }
}

string_enum! {
    /// PerCourtAllDocumentationProvidedToSupplier subtypes.
    DocumentationSubtype {
        ExtraditionOrder = "extradition_order",
        Warrant = "warrant",
        PlacementConfirmation = "placement_confirmation",
    }
}

string_enum! {
    /// PerCourtExcessiveDelayNotDueToSupplier subtypes.
    DelaySubtype {
        MakingPrisonerAvailableForLoading = "making_prisoner_available_for_loading",
        AccessToOrFromLocation = "access_to_or_from_location_when_collecting_dropping_off_prisoner",
    }
}

string_enum! {
    /// PerPrisonerWelfare outcomes.
    WelfareOutcome {
        Accepted = "accepted",
        Refused = "refused",
    }
}

string_enum! {
    /// PerPrisonerWelfare subtypes.
    WelfareSubtype {
        ComfortBreak = "comfort_break",
        Food = "food",
        Beverage = "beverage",
        AdditionalClothing = "additional_clothing",
        RelevantInformationGiven = "relevant_information_given",
        MiscellaneousWelfare = "miscellaneous_welfare",
    }
}

string_enum! {
    /// Move statuses.
    MoveStatus {
        Proposed = "proposed",
        Requested = "requested",
        Booked = "booked",
        InTransit = "in_transit",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// Journey states.
    JourneyState {
        Proposed = "proposed",
        Rejected = "rejected",
        InProgress = "in_progress",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// Allocation statuses.
    AllocationStatus {
        Unfilled = "unfilled",
        Filled = "filled",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// Lodging statuses.
    LodgingStatus {
        Proposed = "proposed",
        Started = "started",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// Allocation estates: keys (what the API serialises back).
    Estate {
        AdultFemale = "adult_female",
        AdultMale = "adult_male",
        JuvenileFemale = "juvenile_female",
        JuvenileMale = "juvenile_male",
        YoungOffenderFemale = "young_offender_female",
        YoungOffenderMale = "young_offender_male",
        OtherEstate = "other_estate",
    }
}

string_enum! {
    /// Allocation prisoner categories: keys.
    PrisonerCategory {
        B = "b",
        C = "c",
        D = "d",
        Open = "open",
        Closed = "closed",
    }
}

string_enum! {
    /// Allocation sentence lengths: keys.
    SentenceLength {
        Short = "short",
        Long = "long",
        Other = "other",
    }
}

/// The stored values the API also accepts for [`Estate`], in the same order.
pub const ESTATE_STORED_VALUES: &[&str] = &[
    "Adult Female",
    "Adult Male",
    "Juvenile Female",
    "Juvenile Male",
    "Young Offender Female",
    "Young Offender Male",
    "Other",
];
/// The stored values the API also accepts for [`PrisonerCategory`].
pub const PRISONER_CATEGORY_STORED_VALUES: &[&str] = &["B", "C", "D", "Open", "Closed"];
/// The stored values the API also accepts for [`SentenceLength`].
pub const SENTENCE_LENGTH_STORED_VALUES: &[&str] = &["16_or_less", "more_than_16", "other"];

/// Location types that count as prison-like for move-type rules (prison, STC, SCH).
pub const PRISON_LIKE_LOCATION_TYPES: &[&str] =
    &["prison", "secure_training_centre", "secure_childrens_home"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_the_spec_sizes() {
        assert_eq!(CancellationReason::VALUES.len(), 33);
        assert_eq!(MoveType::VALUES.len(), 10);
        assert_eq!(VehicleType::VALUES.len(), 7);
        for v in CancellationReason::VALUES {
            let parsed = CancellationReason::from_wire(v).unwrap();
            assert_eq!(parsed.as_str(), *v);
            assert_eq!(serde_json::to_string(&parsed).unwrap(), format!("\"{v}\""));
        }
    }

    /// `from_wire` finds every value of every list by binary search, and nothing else: not a
    /// prefix, an extension, another case or the empty string.
    #[test]
    fn from_wire_finds_exactly_the_values() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            values: &[&str],
            from_wire: fn(&str) -> Option<T>,
            as_str: fn(T) -> &'static str,
        ) {
            for v in values {
                assert_eq!(from_wire(v).map(as_str), Some(*v));
                assert_eq!(from_wire(&v[..v.len() - 1]), None, "{v}");
                assert_eq!(from_wire(&format!("{v}_")), None, "{v}");
                assert_eq!(from_wire(&v.to_uppercase()), None, "{v}");
            }
            assert_eq!(from_wire(""), None);
        }
        check(
            CancellationReason::VALUES,
            CancellationReason::from_wire,
            CancellationReason::as_str,
        );
        check(MoveType::VALUES, MoveType::from_wire, MoveType::as_str);
        check(
            MoveStatus::VALUES,
            MoveStatus::from_wire,
            MoveStatus::as_str,
        );
        check(Estate::VALUES, Estate::from_wire, Estate::as_str);
        check(
            DelaySubtype::VALUES,
            DelaySubtype::from_wire,
            DelaySubtype::as_str,
        );
        let names: Vec<&str> = crate::events::EventType::ALL
            .iter()
            .map(|t| t.as_str())
            .collect();
        check(
            &names,
            crate::events::EventType::from_wire,
            crate::events::EventType::as_str,
        );
    }
}
