//! The supplier's moves list and move actions: the query, and which actions core would
//! accept on a move, given what the page knows of it.

use basm_core::context::MoveFacts;
use basm_core::forms::{DateInput, MoveActionInput, SupplierAction, move_action};
use basm_core::state::Machine;
use basm_core::time::{Date, london_date_of, london_time, parse_iso_date};
use basm_core::values::CancellationReason;
use basm_core::verdict::warning_codes;
use basm_core::{ApiError, Caller, Context, Request, validate_request};

use super::format::date_input;
use crate::url::encode;
use basm_core::time::long_date;

/// Moves per page of the list.
pub const PER_PAGE: u32 = 20;

/// Every supplier action, in the order the pages offer them.
pub const ACTIONS: [SupplierAction; 4] = [
    SupplierAction::Accept,
    SupplierAction::Start,
    SupplierAction::Complete,
    SupplierAction::Cancel,
];

/// The statuses the list can be filtered by (the move state machine's), `None` for all.
pub const STATUSES: [&str; 6] = [
    "proposed",
    "requested",
    "booked",
    "in_transit",
    "completed",
    "cancelled",
];

/// The moves list as in the URL (`/moves?date=YYYY-MM-DD&status=booked&page=N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovesQuery {
    /// The day shown.
    pub date: Date,
    /// Only moves with this status (one of [`STATUSES`]), or all.
    pub status: Option<&'static str>,
    /// 1-based page.
    pub page: u32,
}

impl MovesQuery {
    /// Reads the URL's query parameters; a missing or invalid date is today (London).
    pub fn from_pairs(pairs: &[(String, String)], today: Date) -> Self {
        let get = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim())
        };
        MovesQuery {
            date: get("date").and_then(parse_iso_date).unwrap_or(today),
            status: get("status").and_then(|s| STATUSES.into_iter().find(|x| *x == s)),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    /// The list's query string (the path is [`crate::routes::Page::Moves`]'s).
    pub fn query(&self) -> String {
        let mut query = format!("date={}", self.date);
        if let Some(status) = self.status {
            query.push_str("&status=");
            query.push_str(status);
        }
        if self.page > 1 {
            query.push_str(&format!("&page={}", self.page));
        }
        query
    }

    /// The first page of `date`, with the same status filter.
    pub fn on(&self, date: Date) -> Self {
        MovesQuery {
            date,
            page: 1,
            ..*self
        }
    }

    /// The day before (page 1).
    pub fn previous(&self) -> Self {
        self.on(self.date.add_days(-1))
    }

    /// The day after (page 1).
    pub fn next(&self) -> Self {
        self.on(self.date.add_days(1))
    }

    /// Another status filter (page 1).
    pub fn with_status(&self, status: Option<&'static str>) -> Self {
        MovesQuery {
            status,
            page: 1,
            ..*self
        }
    }

    /// Another page of the same day.
    pub fn with_page(&self, page: u32) -> Self {
        MovesQuery { page, ..*self }
    }

    /// The API request: exactly the walkthrough's filters and includes, plus paging (and
    /// the status filter when one is chosen).
    pub fn api_path(&self) -> String {
        let mut path = format!(
            "/api/moves?filter%5Bdate_from%5D={d}&filter%5Bdate_to%5D={d}\
             &filter%5Bhas_relationship_to_allocation%5D=true\
             &include=profile.person%2Cfrom_location%2Cto_location",
            d = self.date,
        );
        if let Some(status) = self.status {
            path.push_str("&filter%5Bstatus%5D=");
            path.push_str(status);
        }
        path.push_str(&format!("&page={}&per_page={PER_PAGE}", self.page));
        path
    }

    /// `Friday 22 May 2026`.
    pub fn date_text(&self) -> String {
        long_date(self.date)
    }
}

/// The date typed in the "go to a date" form, or the field error.
pub fn jump_date(input: &DateInput) -> Result<Date, &'static str> {
    let part = |s: &str| s.trim().parse::<i64>().ok();
    if input.day.trim().is_empty() && input.month.trim().is_empty() && input.year.trim().is_empty()
    {
        return Err("Enter a date");
    }
    let (Some(day), Some(month), Some(year)) =
        (part(&input.day), part(&input.month), part(&input.year))
    else {
        return Err("Date must be a real date, like 22 5 2026");
    };
    let (Ok(month), Ok(day)) = (u8::try_from(month), u8::try_from(day)) else {
        return Err("Date must be a real date, like 22 5 2026");
    };
    if !(1000..=9999).contains(&year) {
        return Err("Year must include 4 numbers");
    }
    Date::new(year, month, day).ok_or("Date must be a real date, like 22 5 2026")
}

/// The state-machine event an action fires.
pub fn machine_event(action: SupplierAction) -> &'static str {
    match action {
        SupplierAction::Accept => "accept",
        SupplierAction::Start => "start",
        SupplierAction::Complete => "complete",
        SupplierAction::Cancel => "cancel",
    }
}

/// Whether an action is offered on a move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// Core would accept it and the move's status would change: offered.
    Offered,
    /// Not a next step for this move: core says the API would accept it and change nothing
    /// (the state machine ignores it), or it is a cancel of a completed move (it has
    /// happened: the record stays as it is). Not offered.
    NotNext,
    /// Core would refuse it, given what the page knows of the move: shown as not
    /// available, with core's reason in words.
    Refused(String),
}

/// Whether `action` is available on move `id`, judged by core: the action's request (now,
/// London time; a cancel with a reason) through `basm_core::validate_request`, with
/// `facts` — what the page knows of the move ([`crate::model::moves::move_facts`]) — as the
/// context. What the page does not know is unknown to core, which then skips the check
/// rather than guess.
pub fn availability(
    id: &str,
    facts: &MoveFacts,
    action: SupplierAction,
    unix_seconds: i64,
) -> Availability {
    if action == SupplierAction::Cancel
        && facts.status.value().map(String::as_str) == Some("completed")
    {
        return Availability::NotNext;
    }
    let mut input = prefilled(unix_seconds);
    if action == SupplierAction::Cancel {
        input.cancellation_reason = "made_in_error".to_owned();
    }
    let today = london_date_of(unix_seconds);
    let Ok(document) = move_action(action, &input, today) else {
        return Availability::NotNext;
    };
    // As the action page sends it: the standard headers and an Idempotency-Key.
    let request = Request::new("POST", &document.path(&encode(id)))
        .with_standard_headers()
        .header("Idempotency-Key", "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b")
        .body(document.to_body());
    let mut context = Context::empty();
    context.caller = Caller::Supplier;
    context.moves.insert(id.to_owned(), Some(facts.clone()));
    let verdict = validate_request(&request, &context);
    if !verdict.valid {
        return Availability::Refused(unavailable_reason(action, &verdict.errors));
    }
    if verdict
        .warnings
        .iter()
        .any(|w| w.code() == warning_codes::NO_CHANGE)
    {
        return Availability::NotNext;
    }
    Availability::Offered
}

/// The actions offered on a move, in page order, and the ones shown as not available with
/// their reason.
pub fn actions_for(
    id: &str,
    facts: &MoveFacts,
    unix_seconds: i64,
) -> (Vec<SupplierAction>, Vec<(SupplierAction, String)>) {
    let mut offered = Vec::new();
    let mut refused = Vec::new();
    for action in ACTIONS {
        match availability(id, facts, action, unix_seconds) {
            Availability::Offered => offered.push(action),
            Availability::Refused(why) => refused.push((action, why)),
            Availability::NotNext => {}
        }
    }
    (offered, refused)
}

/// Core's reason for refusing `action`, in words a supplier can act on: a move without a
/// person cannot start or complete (`Move` validates `profile` presence when in transit or
/// completed: upstream `app/models/move.rb`); anything else in the API's own words.
pub fn unavailable_reason(action: SupplierAction, errors: &[ApiError]) -> String {
    let no_person = errors.iter().any(|e| {
        e.code == "blank" && (e.pointer().contains("profile") || e.detail.starts_with("Profile"))
    });
    if no_person {
        let can = match action {
            SupplierAction::Accept => "be accepted",
            SupplierAction::Start => "start",
            SupplierAction::Complete => "be completed",
            SupplierAction::Cancel => "be cancelled",
        };
        return format!("A move can {can} once a person is on it");
    }
    let details: Vec<&str> = errors
        .iter()
        .map(|e| e.detail.trim_end_matches('.'))
        .filter(|d| !d.is_empty())
        .collect();
    if details.is_empty() {
        "The API would refuse it".to_owned()
    } else {
        format!("The API would refuse it: {}", details.join("; "))
    }
}

/// Why `action` is not a next step for a move that is `status` (see [`Availability::NotNext`]).
pub fn refusal(status: &str, action: SupplierAction) -> String {
    let now = match status {
        "proposed" => "has not been approved yet",
        "requested" => "has not been accepted yet",
        "booked" => "has been accepted but has not started",
        "in_transit" => "is on its way",
        "completed" => "has already been completed",
        "cancelled" => "has been cancelled",
        _ => "is not in a state we know",
    };
    let only = match action {
        SupplierAction::Accept => "You can only accept a move that has been requested.",
        SupplierAction::Start => "You can only start a move that has been accepted (booked).",
        SupplierAction::Complete => "You can only complete a move that is on its way (in transit).",
        SupplierAction::Cancel => {
            "You can only cancel a move that has not been completed or cancelled."
        }
    };
    format!("This move {now}. {only}")
}

/// Whether a move that is `status` is already where `action` would take it (an earlier
/// try whose answer was lost did arrive, or someone else recorded it).
pub fn already_done(status: &str, action: SupplierAction) -> bool {
    let event = machine_event(action);
    Machine::Move
        .transitions()
        .iter()
        .any(|(e, _, to)| *e == event && *to == status)
}

/// Words of an action on the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionWords {
    /// The link and button text: `Accept`.
    pub verb: &'static str,
    /// The page's h1: `Accept this move`.
    pub title: &'static str,
    /// The success banner: `Move accepted`.
    pub done: &'static str,
    /// The busy button: `Accepting…`.
    pub busy: &'static str,
    /// The date and time question: `When was the move accepted?`.
    pub when: &'static str,
    /// The move's state after it: `accepted`.
    pub past: &'static str,
}

/// The words of `action`.
pub fn words(action: SupplierAction) -> ActionWords {
    match action {
        SupplierAction::Accept => ActionWords {
            verb: "Accept",
            past: "accepted",
            title: "Accept this move",
            done: "Move accepted",
            busy: "Accepting move…",
            when: "When was the move accepted?",
        },
        SupplierAction::Start => ActionWords {
            verb: "Start",
            past: "started",
            title: "Start this move",
            done: "Move started",
            busy: "Starting move…",
            when: "When did the move start?",
        },
        SupplierAction::Complete => ActionWords {
            verb: "Complete",
            past: "completed",
            title: "Complete this move",
            done: "Move completed",
            busy: "Completing move…",
            when: "When was the move completed?",
        },
        SupplierAction::Cancel => ActionWords {
            verb: "Cancel",
            past: "cancelled",
            title: "Cancel this move",
            done: "Move cancelled",
            busy: "Cancelling move…",
            when: "When was the move cancelled?",
        },
    }
}

/// A fresh action form: London's date and time now, the rest empty.
pub fn prefilled(unix_seconds: i64) -> MoveActionInput {
    let now = london_time(unix_seconds);
    MoveActionInput {
        date: date_input(now.date),
        time: format!("{:02}:{:02}", now.hour, now.minute),
        ..MoveActionInput::default()
    }
}

/// The cancellation reasons in the order the cancel page lists them: the ones a supplier
/// uses most, the rest by label, "Another reason" last.
pub fn cancellation_reasons() -> Vec<&'static str> {
    let first = [
        "supplier_no_resource",
        "unsuitable_vehicle",
        "prisoner_refusal",
        "prisoner_unfit_to_travel",
        "made_in_error",
        "supplier_declined_to_move",
    ];
    let mut rest: Vec<&'static str> = CancellationReason::VALUES
        .iter()
        .copied()
        .filter(|r| !first.contains(r) && *r != "other")
        .collect();
    rest.sort_by_key(|r| cancellation_reason(r));
    first
        .into_iter()
        .chain(rest)
        .chain(std::iter::once("other"))
        .collect()
}

/// The label of a move cancellation reason.
pub fn cancellation_reason(key: &str) -> &str {
    match key {
        "made_in_error" => "Made in error",
        "supplier_declined_to_move" => "Supplier declined to move",
        "rejected" => "Rejected",
        "database_correction" => "Database correction",
        "incomplete_per" => "Incomplete person escort record",
        "lack_of_space_at_receiving_establishment" => "Lack of space at the receiving prison",
        "sending_establishment_failed_to_fill_allocation" => {
            "Sending prison failed to fill the allocation"
        }
        "other" => "Another reason",
        "cancelled_by_pmu" => "Cancelled by PMU",
        "allocation_cancelled" => "Allocation cancelled",
        "case_not_court_ready" => "Case not court ready",
        "combined_with_another_request" => "Combined with another request",
        "court_closure" => "Court closure",
        "court_no_capacity" => "Court has no capacity",
        "court_not_dda_compliant" => "Court not DDA compliant",
        "incorrect_collection_location" => "Incorrect collection location",
        "incorrect_final_location" => "Incorrect final location",
        "list_received_after_5_pm" => "List received after 5pm",
        "operational_issues_prison" => "Operational issues at the prison",
        "police_transported_prisoner" => "Police transported the prisoner",
        "prison_transported_prisoner" => "Prison transported the prisoner",
        "prisoner_no_longer_required" => "Prisoner no longer required",
        "prisoner_refusal" => "Prisoner refused to move",
        "prisoner_to_be_released_on_bail" => "Prisoner to be released on bail",
        "prisoner_unfit_to_travel" => "Prisoner unfit to travel",
        "ptr_unachievable" => "Prison transfer request unachievable",
        "receiver_unable_to_accept_prisoner" => "Receiving prison unable to accept the prisoner",
        "sender_unable_to_fulfil_draft" => "Sending prison unable to fulfil the draft",
        "sender_cancelled_request" => "Sending prison cancelled the request",
        "supplier_no_resource" => "Supplier has no resource",
        "tornado_event" => "Tornado event",
        "unsuitable_vehicle" => "Unsuitable vehicle",
        "video_link_to_be_used" => "Video link to be used",
        other => other,
    }
}

/// The GOV.UK tag colour of a move status.
pub fn status_colour(status: &str) -> &'static str {
    match status {
        "proposed" => "govuk-tag--purple",
        "requested" => "govuk-tag--blue",
        "booked" => "govuk-tag--turquoise",
        "in_transit" => "govuk-tag--yellow",
        "completed" => "govuk-tag--green",
        "cancelled" => "govuk-tag--grey",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use basm_core::forms::move_action;

    use super::*;

    fn date(s: &str) -> Date {
        parse_iso_date(s).unwrap()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn query_from_the_url_and_back() {
        let today = date("2026-05-22");
        let q = MovesQuery::from_pairs(&[], today);
        assert_eq!(
            q,
            MovesQuery {
                date: today,
                status: None,
                page: 1
            }
        );
        assert_eq!(q.query(), "date=2026-05-22");
        let q = MovesQuery::from_pairs(&pairs(&[("date", "2020-07-22"), ("page", "3")]), today);
        assert_eq!(q.query(), "date=2020-07-22&page=3");
        assert_eq!(q.previous().query(), "date=2020-07-21");
        assert_eq!(q.next().query(), "date=2020-07-23");
        assert_eq!(q.with_page(2).query(), "date=2020-07-22&page=2");
        let odd = MovesQuery::from_pairs(
            &pairs(&[("date", "2020-13-45"), ("page", "0"), ("status", "lost")]),
            today,
        );
        assert_eq!(odd, MovesQuery::from_pairs(&[], today));
        let booked = q.with_status(Some("booked"));
        assert_eq!(booked.query(), "date=2020-07-22&status=booked");
        assert_eq!(booked.next().query(), "date=2020-07-23&status=booked");
        assert_eq!(
            MovesQuery::from_pairs(&pairs(&[("status", "in_transit")]), today).status,
            Some("in_transit")
        );
        assert_eq!(q.date_text(), "Wednesday 22 July 2020");
    }

    #[test]
    fn the_api_request_is_the_walkthroughs() {
        let q = MovesQuery {
            date: date("2020-07-22"),
            status: None,
            page: 1,
        };
        assert_eq!(
            q.api_path(),
            "/api/moves?filter%5Bdate_from%5D=2020-07-22&filter%5Bdate_to%5D=2020-07-22\
             &filter%5Bhas_relationship_to_allocation%5D=true\
             &include=profile.person%2Cfrom_location%2Cto_location&page=1&per_page=20"
        );
        assert!(
            q.with_status(Some("booked"))
                .with_page(2)
                .api_path()
                .ends_with("&filter%5Bstatus%5D=booked&page=2&per_page=20")
        );
    }

    #[test]
    fn jump_dates() {
        assert_eq!(
            jump_date(&DateInput::new("22", "7", "2020")),
            Ok(date("2020-07-22"))
        );
        assert_eq!(jump_date(&DateInput::default()), Err("Enter a date"));
        assert!(jump_date(&DateInput::new("31", "2", "2020")).is_err());
        assert!(jump_date(&DateInput::new("x", "2", "2020")).is_err());
        assert_eq!(
            jump_date(&DateInput::new("1", "2", "20")),
            Err("Year must include 4 numbers")
        );
    }

    #[test]
    fn actions_are_what_core_would_accept() {
        use SupplierAction::*;
        use basm_core::context::Member;
        // 2026-07-20T10:01:00Z.
        let now = 1_784_541_660;
        let id = "5f0a3c52-8e41-4f7b-9a3e-1c2d3e4f5a6b";
        let facts = |status: &str, profile: Member<String>| MoveFacts {
            status: Member::Value(status.to_owned()),
            move_type: Member::Value("prison_transfer".to_owned()),
            from_location_id: Member::Value("067c2855-fa41-493d-9c80-1311a4f7ba45".to_owned()),
            to_location_id: Member::Value("056eed18-772b-45b3-b64a-4d7d563641f7".to_owned()),
            date: Member::Value("2026-07-20".to_owned()),
            profile_id: profile,
            ..MoveFacts::default()
        };
        let person = || Member::Value("98be8b71-eaf8-4563-bcd0-05af9a80f262".to_owned());
        let cases: [(&str, &[SupplierAction]); 6] = [
            ("proposed", &[Cancel]),
            ("requested", &[Accept, Cancel]),
            ("booked", &[Start, Cancel]),
            ("in_transit", &[Complete, Cancel]),
            ("completed", &[]),
            ("cancelled", &[]),
        ];
        for (status, expected) in cases {
            let (offered, refused) = actions_for(id, &facts(status, person()), now);
            assert_eq!(offered, expected, "{status}");
            assert_eq!(refused, [], "{status}");
        }
        // Issue 12: a move with no person (known: `profile` is null) is not offered Start.
        let (offered, refused) = actions_for(id, &facts("booked", Member::Null), now);
        assert_eq!(offered, [Cancel]);
        assert_eq!(
            refused,
            [(Start, "A move can start once a person is on it".to_owned())]
        );
        let (offered, refused) = actions_for(id, &facts("in_transit", Member::Null), now);
        assert_eq!(offered, [Cancel]);
        assert_eq!(
            refused,
            [(
                Complete,
                "A move can be completed once a person is on it".to_owned()
            )]
        );
        // Not knowing whether it has a person, the page offers Start (core cannot say no).
        let (offered, _) = actions_for(id, &facts("booked", Member::Unknown), now);
        assert_eq!(offered, [Start, Cancel]);
        assert_eq!(
            availability(id, &facts("requested", Member::Null), Accept, now),
            Availability::Offered
        );
        assert!(already_done("booked", Accept));
        assert!(already_done("cancelled", Cancel));
        assert!(!already_done("in_transit", Accept));
        assert!(!already_done("requested", Accept));
        assert_eq!(
            refusal("requested", Complete),
            "This move has not been accepted yet. You can only complete a move that is on its way (in transit)."
        );
    }

    #[test]
    fn prefilled_with_london_time() {
        // 2026-07-20T10:01:00Z is 11:01 BST (the clock changes are tested with
        // `basm_core::time::london_time`).
        let input = prefilled(1_784_541_660);
        assert_eq!(input.date, DateInput::new("20", "7", "2026"));
        assert_eq!(input.time, "11:01");
        let document = move_action(SupplierAction::Accept, &input, date("2026-07-20")).unwrap();
        assert_eq!(
            document.data.attributes.timestamp.0,
            "2026-07-20T11:01:00+01:00"
        );
    }

    #[test]
    fn every_cancellation_reason_has_a_label_and_a_place() {
        let reasons = cancellation_reasons();
        assert_eq!(reasons.len(), 33);
        assert_eq!(reasons[0], "supplier_no_resource");
        assert_eq!(reasons[32], "other");
        for reason in CancellationReason::VALUES {
            assert!(reasons.contains(reason));
            assert_ne!(
                cancellation_reason(reason),
                *reason,
                "{reason} has no label"
            );
        }
    }

    #[test]
    fn words_and_colours() {
        assert_eq!(words(SupplierAction::Start).done, "Move started");
        assert_eq!(status_colour("completed"), "govuk-tag--green");
        assert_eq!(status_colour("odd"), "");
    }
}
