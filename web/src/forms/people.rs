//! OCA filling an allocation, as plain logic: which places are open, the requests that add
//! a person (create a profile, assign it to a move), and the bulk plan with its progress.
//!
//! Adding a person is two requests, and only the second is idempotent in the API: a retry
//! of `POST /api/people/:id/profiles` creates a second profile. So the app remembers the
//! profile it created, and when that request's answer was lost it compares the person's
//! profiles before and after instead of sending it again. Before assigning, it reloads the
//! allocation: a person already on one of its moves is never assigned twice.

use basm_core::context::{Member, PersonFacts, ProfileFacts};
use basm_core::documents::MoveUpdate;
use basm_core::forms::{PersonSearch, PrisonNumberStatus, bulk_prison_numbers};
use basm_core::{ApiError, Caller, Context, Request, validate_request};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::submission::Attempt;
use crate::model::Move;
use crate::model::people::Person;
use crate::url::encode;

/// Statuses of a move that can still take a person.
const OPEN: &[&str] = &["proposed", "requested", "booked"];

/// Whether the place can take a person: no profile yet, and the move not started.
pub fn is_open_place(m: &Move) -> bool {
    !m.has_profile && OPEN.contains(&m.status.as_str())
}

/// Whether the person on this place can be taken off: the move has not started.
pub fn is_removable_person(m: &Move) -> bool {
    m.has_profile && OPEN.contains(&m.status.as_str())
}

/// The index of the first open place, in the allocation's order.
pub fn next_open_place(moves: &[Move]) -> Option<usize> {
    moves.iter().position(is_open_place)
}

/// How many places can still take a person.
pub fn places_left(moves: &[Move]) -> usize {
    moves.iter().filter(|m| is_open_place(m)).count()
}

/// The prison numbers of the people already on the allocation's moves.
pub fn prison_numbers_in(moves: &[Move]) -> Vec<String> {
    moves
        .iter()
        .filter_map(|m| m.prison_number.clone())
        .collect()
}

/// The place (1-based) and move of the person with `prison_number`, if they are on one.
pub fn place_of(moves: &[Move], prison_number: &str) -> Option<(usize, Move)> {
    moves
        .iter()
        .position(|m| {
            m.prison_number
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(prison_number))
        })
        .map(|i| (i + 1, moves[i].clone()))
}

/// `GET /api/people` for these prison numbers, with their profiles.
pub fn people_path(numbers: &[String]) -> String {
    format!(
        "/api/people?filter%5Bprison_number%5D={}&include=profiles&per_page=100",
        encode(&numbers.join(","))
    )
}

/// `GET /api/people` of the people with a Police National Computer number, with their
/// profiles (the API matches the number exactly).
pub fn pnc_path(pnc: &str) -> String {
    format!(
        "/api/people?filter%5Bpolice_national_computer%5D={}&include=profiles&per_page=100",
        encode(pnc)
    )
}

/// Where a person search leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchOutcome {
    /// The next step, for this prison number.
    Found(String),
    /// A message on the search field: (code, message).
    Problem(&'static str, String),
}

/// What the people `found` by `search` lead to, given `moves` (the allocation's places): the
/// one prison number they share (several records of one number are chosen between on the
/// next page); none found, several numbers, or one already in the allocation is a message.
pub fn search_outcome(search: &PersonSearch, found: &[Person], moves: &[Move]) -> SearchOutcome {
    let mut numbers: Vec<String> = found
        .iter()
        .map(|p| p.prison_number.to_ascii_uppercase())
        .filter(|n| !n.is_empty())
        .collect();
    numbers.sort();
    numbers.dedup();
    let (kind, value) = match search {
        PersonSearch::PrisonNumber(number) => ("prison number", number),
        PersonSearch::Pnc(pnc) => ("PNC number", pnc),
    };
    match numbers.as_slice() {
        [] => SearchOutcome::Problem(
            "not_found",
            format!("No one was found with {kind} {value}. Check the number"),
        ),
        [number] => match place_of(moves, number) {
            Some((place, _)) if number == value => SearchOutcome::Problem(
                "already_in_allocation",
                format!("{number} is already in this allocation, in place {place}"),
            ),
            Some((place, _)) => SearchOutcome::Problem(
                "already_in_allocation",
                format!("{value} is {number}, already in this allocation, in place {place}"),
            ),
            None => SearchOutcome::Found(number.clone()),
        },
        several => SearchOutcome::Problem(
            "several_people",
            format!(
                "{} people with different prison numbers have {kind} {value}. Search by their \
                 prison number",
                several.len()
            ),
        ),
    }
}

/// `POST /api/people/:id/profiles`.
pub fn profile_path(person_id: &str) -> String {
    format!("/api/people/{}/profiles", encode(person_id))
}

/// The profile request body: no answers given, so the API imports them from NOMIS.
pub fn profile_body() -> String {
    json!({"data": {"type": "profiles"}}).to_string()
}

/// `PATCH /api/moves/:id` and its body: put `profile` on the move (`None` takes the person
/// off), exactly as walkthrough 6.2 does.
pub fn assign_request(move_id: &str, profile: Option<&str>) -> (String, String) {
    let data = profile.map_or(
        serde_json::Value::Null,
        |id| json!({"type": "profiles", "id": id}),
    );
    let body = json!({"data": {
        "id": move_id,
        "type": "moves",
        "attributes": {},
        "relationships": {"profile": {"data": data}}
    }});
    (format!("/api/moves/{}", encode(move_id)), body.to_string())
}

/// `PATCH /api/moves/:id?create_in_nomis=true` with nothing else changed: the API asks NOMIS
/// for the prison-to-prison transfer of a move of an allocation (`create_in_nomis` is a
/// top-level request parameter, never inside `data`: upstream
/// `app/controllers/api/v2/moves_actions.rb` L69, L99-101). The path and the body.
pub fn nomis_transfer_request(move_id: &str) -> (String, String) {
    let update = MoveUpdate::new(move_id);
    (
        format!("{}?create_in_nomis=true", update.path(&encode(move_id))),
        String::from_utf8_lossy(&update.to_body()).into_owned(),
    )
}

/// The moves of a filled allocation whose transfer NOMIS can make: those with a person, not
/// cancelled. Empty while any place is open (the offer comes once the last is filled).
pub fn nomis_transfer_moves(moves: &[Move]) -> Vec<String> {
    if places_left(moves) > 0 {
        return Vec::new();
    }
    moves
        .iter()
        .filter(|m| m.has_profile && m.status != "cancelled")
        .map(|m| m.id.clone())
        .collect()
}

/// Storage key of the moves of allocation `id` whose NOMIS transfer this browser has asked
/// for. The API does not say (`V2::MoveSerializer` has no `nomis_event_id`), so without it
/// the offer would come back on every visit.
pub fn nomis_requested_key(allocation_id: &str) -> String {
    format!("basm:nomis-requested:{allocation_id}")
}

/// Whether every move of `offered` is among those already `asked` for: the offer is then
/// answered. A place filled again later brings a move not asked for, and the offer back.
pub fn nomis_already_asked(offered: &[String], asked: &[String]) -> bool {
    !offered.is_empty() && offered.iter().all(|m| asked.contains(m))
}

/// `asked` with `more` added, each once, in order.
pub fn nomis_asked_with(mut asked: Vec<String>, more: &[String]) -> Vec<String> {
    for m in more {
        if !asked.contains(m) {
            asked.push(m.clone());
        }
    }
    asked
}

/// The record to add among the people found with one prison number: the one chosen, else
/// the only one. `None` when nobody matches, or several do and none was chosen.
pub fn chosen_person<'a>(found: &'a [Person], chosen: Option<&str>) -> Option<&'a Person> {
    match chosen {
        Some(id) => found.iter().find(|p| p.id == id),
        None if found.len() == 1 => found.first(),
        None => None,
    }
}

/// Stands for the profile adding a person creates, in core's check before anything is
/// written: it belongs to the person, like the one that will be made.
const PROFILE_TO_BE_MADE: &str = "0c0ffee0-0000-4000-8000-000000000000";

/// Core's refusal of putting `person_id` (what the page knows of them: `person`) on move
/// `place`, judged before anything is written: the assignment request, with the move's
/// and the person's facts as the context. `None` when core would accept it (or cannot
/// tell: what the page does not know, core does not check).
pub fn assignment_refusal(
    place: &Move,
    person_id: &str,
    person: &PersonFacts,
) -> Option<Vec<ApiError>> {
    let (path, body) = assign_request(&place.id, Some(PROFILE_TO_BE_MADE));
    let request = Request::new("PATCH", &path)
        .with_standard_headers()
        .header("Idempotency-Key", "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b")
        .body(body.into_bytes());
    let mut context = Context::empty();
    context.caller = Caller::Authority;
    context
        .moves
        .insert(place.id.clone(), Some(place.facts.clone()));
    context.profiles.insert(
        PROFILE_TO_BE_MADE.to_owned(),
        Some(ProfileFacts {
            person_id: Member::Value(person_id.to_owned()),
        }),
    );
    context
        .people
        .insert(person_id.to_owned(), Some(person.clone()));
    let verdict = validate_request(&request, &context);
    (!verdict.valid).then_some(verdict.errors)
}

/// The profile that appeared between `before` and `after` (the one a request whose answer
/// was lost created), if any.
pub fn new_profile(before: &[String], after: &[String]) -> Option<String> {
    after.iter().find(|id| !before.contains(id)).cloned()
}

/// Where adding one person has got to; kept in storage so a retry (or a reload) carries on
/// instead of starting again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddWork {
    /// The person record chosen (the API can hold several records with one prison number).
    pub person_id: Option<String>,
    /// The profile created for this allocation.
    pub profile_id: Option<String>,
    /// The person's profiles before a profile request whose answer was lost: the retry
    /// looks for the new one instead of creating another.
    pub profiles_before: Option<Vec<String>>,
    /// The assignment request (its key is reused by a retry, so the API replays it).
    pub assign: Option<Attempt>,
}

/// The person a bulk line found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FoundPerson {
    /// Id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Date of birth (`YYYY-MM-DD`), when known.
    pub date_of_birth: Option<String>,
}

/// What happens to one line of the bulk list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LineState {
    /// It cannot be added.
    Problem {
        /// Core's code, or `not_found`.
        code: String,
        /// What to do about it.
        message: String,
    },
    /// The person was found and can be added.
    Ready,
    /// Being added now.
    Adding,
    /// Added to this place (1-based).
    Added {
        /// The place.
        place: usize,
    },
    /// Adding failed; it can be tried again.
    Failed {
        /// Why.
        message: String,
    },
}

/// One line of the bulk list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkLine {
    /// The item as typed.
    pub input: String,
    /// The prison number, normalised, when it is one.
    pub number: Option<String>,
    /// The person found.
    pub person: Option<FoundPerson>,
    /// Where it is.
    pub state: LineState,
    /// Progress of adding it.
    #[serde(default)]
    pub work: AddWork,
}

impl BulkLine {
    /// Whether "add" should (still) work on it.
    pub fn is_to_add(&self) -> bool {
        matches!(
            self.state,
            LineState::Ready | LineState::Adding | LineState::Failed { .. }
        )
    }
}

/// The well-formed, new, distinct prison numbers of `text`: the ones to look up.
pub fn numbers_to_look_up(text: &str, moves: &[Move]) -> Vec<String> {
    bulk_prison_numbers(text, usize::MAX, &prison_numbers_in(moves))
        .into_iter()
        .filter(|l| l.status == PrisonNumberStatus::Ok)
        .filter_map(|l| l.normalised)
        .collect()
}

/// The bulk plan for `text`, given the allocation's moves and the people found for
/// [`numbers_to_look_up`]. Each line gets, in this order: core's format, already-in and
/// repeated checks; `not_found` when nobody has the number; then, counting only the people
/// found, core's over-capacity check against the open places; else `Ready`.
///
/// `facts` has what the page knows of each person found (by id): a line core would refuse
/// to assign (a category this service does not move) is refused here, before anything is
/// written.
pub fn plan(
    text: &str,
    moves: &[Move],
    found: &[Person],
    facts: &[(String, PersonFacts)],
) -> Vec<BulkLine> {
    let open_place = moves.iter().find(|m| is_open_place(m));
    let refusal_of = |p: &Person| {
        let person = facts.iter().find(|(id, _)| *id == p.id).map(|(_, f)| f)?;
        assignment_refusal(open_place?, &p.id, person)
    };
    let first = bulk_prison_numbers(text, usize::MAX, &prison_numbers_in(moves));
    let person_for = |number: &str| {
        found
            .iter()
            .find(|p| p.prison_number.eq_ignore_ascii_case(number))
    };
    let records = |n: &str| {
        found
            .iter()
            .filter(|p| p.prison_number.eq_ignore_ascii_case(n))
            .count()
    };
    // The numbers found with one record each whom core would let be added, in order,
    // checked against the places left.
    let found_numbers: Vec<String> = first
        .iter()
        .filter(|l| l.status == PrisonNumberStatus::Ok)
        .filter_map(|l| l.normalised.clone())
        .filter(|n| records(n) == 1)
        .filter(|n| person_for(n).is_some_and(|p| refusal_of(p).is_none()))
        .collect();
    let capacity = bulk_prison_numbers(&found_numbers.join("\n"), places_left(moves), &[]);
    let mut capacity = capacity.into_iter();
    first
        .into_iter()
        .map(|line| {
            let problem = |code: &str, message: String| LineState::Problem {
                code: code.to_owned(),
                message,
            };
            let number = line.normalised.clone();
            let mut person = None;
            let mut work = AddWork::default();
            let state = match (&line.status, number.as_deref()) {
                (PrisonNumberStatus::Ok, Some(n)) => match person_for(n) {
                    None => problem(
                        "not_found",
                        format!("No one was found with prison number {n}. Check the number"),
                    ),
                    Some(_) if records(n) > 1 => {
                        // Which record is meant is for OCA to choose: the single add lists
                        // every match. It takes no place in the capacity count.
                        problem(
                            "several_people",
                            format!(
                                "{} people have prison number {n}. Add them with \"Add a person\" to choose who",
                                records(n)
                            ),
                        )
                    }
                    Some(p) if refusal_of(p).is_some() => {
                        person = Some(FoundPerson {
                            id: p.id.clone(),
                            name: p.name(),
                            date_of_birth: p.date_of_birth.clone(),
                        });
                        let errors = refusal_of(p).unwrap_or_default();
                        let category = facts
                            .iter()
                            .find(|(id, _)| *id == p.id)
                            .and_then(|(_, f)| f.category.value().cloned());
                        problem(
                            errors.first().map_or("refused", |e| &*e.code),
                            crate::messages::assignment_refusal(n, category.as_deref(), &errors),
                        )
                    }
                    Some(p) => {
                        work.person_id = Some(p.id.clone());
                        person = Some(FoundPerson {
                            id: p.id.clone(),
                            name: p.name(),
                            date_of_birth: p.date_of_birth.clone(),
                        });
                        match capacity.next() {
                            Some(c) if c.status != PrisonNumberStatus::Ok => {
                                problem(c.status.code(), c.message.unwrap_or_default())
                            }
                            _ => LineState::Ready,
                        }
                    }
                },
                (status, _) => problem(status.code(), line.message.clone().unwrap_or_default()),
            };
            BulkLine {
                input: line.input,
                number,
                person,
                state,
                work,
            }
        })
        .collect()
}

/// Counts for the page: (can be added, cannot, added, failed).
pub fn counts(lines: &[BulkLine]) -> (usize, usize, usize, usize) {
    let mut counts = (0, 0, 0, 0);
    for line in lines {
        match line.state {
            LineState::Ready | LineState::Adding => counts.0 += 1,
            LineState::Problem { .. } => counts.1 += 1,
            LineState::Added { .. } => counts.2 += 1,
            LineState::Failed { .. } => counts.3 += 1,
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(id: &str, status: &str, number: Option<&str>) -> Move {
        Move {
            id: id.into(),
            reference: format!("REF{id}"),
            status: status.into(),
            has_profile: number.is_some(),
            person_name: number.map(|_| "A PERSON".to_owned()),
            prison_number: number.map(str::to_owned),
            facts: basm_core::context::MoveFacts {
                status: Member::Value(status.to_owned()),
                move_type: Member::Value("prison_transfer".to_owned()),
                from_location_id: Member::Value("067c2855-fa41-493d-9c80-1311a4f7ba45".to_owned()),
                to_location_id: Member::Value("056eed18-772b-45b3-b64a-4d7d563641f7".to_owned()),
                date: Member::Value("2026-07-20".to_owned()),
                profile_id: Member::from(
                    number.map(|_| "5f0a3c52-8e41-4f7b-9a3e-1c2d3e4f5a6b".to_owned()),
                ),
                ..basm_core::context::MoveFacts::default()
            },
        }
    }

    fn person(id: &str, number: &str) -> Person {
        Person {
            id: id.into(),
            first_names: "FIRST".into(),
            last_name: id.to_uppercase(),
            prison_number: number.into(),
            ..Person::default()
        }
    }

    #[test]
    fn search_outcomes() {
        let by_number = PersonSearch::PrisonNumber("G8133UA".into());
        let by_pnc = PersonSearch::Pnc("14/120018R".into());
        let empty = [place("m1", "requested", None)];
        let taken = [place("m1", "requested", Some("G8133UA"))];
        let two_records = [person("p1", "G8133UA"), person("p2", "g8133ua")];
        // Two records of one number: the next page chooses between them.
        assert_eq!(
            search_outcome(&by_pnc, &two_records, &empty),
            SearchOutcome::Found("G8133UA".into())
        );
        assert_eq!(
            search_outcome(&by_number, &two_records, &empty),
            SearchOutcome::Found("G8133UA".into())
        );
        assert_eq!(
            search_outcome(&by_pnc, &[], &empty),
            SearchOutcome::Problem(
                "not_found",
                "No one was found with PNC number 14/120018R. Check the number".into()
            )
        );
        assert_eq!(
            search_outcome(&by_pnc, &two_records, &taken),
            SearchOutcome::Problem(
                "already_in_allocation",
                "14/120018R is G8133UA, already in this allocation, in place 1".into()
            )
        );
        assert_eq!(
            search_outcome(&by_number, &two_records, &taken),
            SearchOutcome::Problem(
                "already_in_allocation",
                "G8133UA is already in this allocation, in place 1".into()
            )
        );
        let different = [person("p1", "G8133UA"), person("p2", "A1234BC")];
        assert_eq!(
            search_outcome(&by_pnc, &different, &empty),
            SearchOutcome::Problem(
                "several_people",
                "2 people with different prison numbers have PNC number 14/120018R. Search by \
                 their prison number"
                    .into()
            )
        );
    }

    #[test]
    fn places() {
        let moves = vec![
            place("1", "requested", Some("G8133UA")),
            place("2", "requested", None),
            place("3", "in_transit", None),
            place("4", "booked", None),
        ];
        assert_eq!(next_open_place(&moves), Some(1));
        assert_eq!(places_left(&moves), 2);
        assert_eq!(prison_numbers_in(&moves), vec!["G8133UA"]);
        assert_eq!(place_of(&moves, "g8133ua").map(|(p, _)| p), Some(1));
        assert!(is_removable_person(&moves[0]));
        assert!(!is_removable_person(&moves[1]));
        assert_eq!(next_open_place(&moves[..1]), None);
    }

    #[test]
    fn requests() {
        assert_eq!(
            people_path(&["G8133UA".into(), "A1234BC".into()]),
            "/api/people?filter%5Bprison_number%5D=G8133UA%2CA1234BC&include=profiles&per_page=100"
        );
        let (path, body) = assign_request("m-1", Some("p-1"));
        assert_eq!(path, "/api/moves/m-1");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            body["data"]["relationships"]["profile"]["data"]["id"],
            "p-1"
        );
        assert_eq!(body["data"]["id"], "m-1");
        let (_, body) = assign_request("m-1", None);
        assert!(body.contains(r#""profile":{"data":null}"#));
        assert_eq!(profile_body(), r#"{"data":{"type":"profiles"}}"#);
        assert_eq!(
            new_profile(&["a".into()], &["a".into(), "b".into()]),
            Some("b".into())
        );
        assert_eq!(new_profile(&["a".into()], &["a".into()]), None);
    }

    #[test]
    fn bulk_plan_mixes_every_outcome() {
        let moves = vec![
            place("1", "requested", Some("G8133UA")),
            place("2", "requested", None),
            place("3", "requested", None),
        ];
        let text = "G5142UX, bad\nZ9999ZZ g8133ua G5142UX A1000BC B1001CD";
        assert_eq!(
            numbers_to_look_up(text, &moves),
            vec!["G5142UX", "Z9999ZZ", "A1000BC", "B1001CD"]
        );
        let found = [
            person("p2", "G5142UX"),
            person("p3", "A1000BC"),
            person("p4", "B1001CD"),
        ];
        let lines = plan(text, &moves, &found, &[]);
        let states: Vec<(&str, String)> = lines
            .iter()
            .map(|l| {
                (
                    l.input.as_str(),
                    match &l.state {
                        LineState::Problem { code, .. } => code.clone(),
                        other => format!("{other:?}"),
                    },
                )
            })
            .collect();
        assert_eq!(
            states,
            vec![
                ("G5142UX", "Ready".to_owned()),
                ("bad", "bad_format".to_owned()),
                ("Z9999ZZ", "not_found".to_owned()),
                ("g8133ua", "already_in_allocation".to_owned()),
                ("G5142UX", "duplicate_in_list".to_owned()),
                ("A1000BC", "Ready".to_owned()),
                // Two places: the unknown number does not take one.
                ("B1001CD", "over_capacity".to_owned()),
            ]
        );
        assert_eq!(lines[0].person.as_ref().unwrap().id, "p2");
        match &lines[6].state {
            LineState::Problem { message, .. } => assert_eq!(
                message,
                "There are only 2 places left in this allocation. Remove B1001CD from the list"
            ),
            other => panic!("{other:?}"),
        }
        match &lines[2].state {
            LineState::Problem { message, .. } => assert_eq!(
                message,
                "No one was found with prison number Z9999ZZ. Check the number"
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(counts(&lines), (2, 5, 0, 0));
        assert!(lines[0].is_to_add() && !lines[1].is_to_add());
        assert_eq!(
            lines[0].work.person_id.as_deref(),
            Some("p2"),
            "a line to add names its record"
        );
        // The plan survives storage.
        let stored = serde_json::to_string(&lines).unwrap();
        let back: Vec<BulkLine> = serde_json::from_str(&stored).unwrap();
        assert_eq!(back, lines);
    }

    #[test]
    fn several_records_with_one_number_are_for_oca_to_choose() {
        let moves = vec![place("1", "requested", None), place("2", "requested", None)];
        let found = [
            person("a", "G8133UA"),
            person("b", "G8133UA"),
            person("c", "A1000BC"),
        ];
        assert_eq!(chosen_person(&found[..2], None), None);
        assert_eq!(
            chosen_person(&found[..2], Some("b")).map(|p| p.id.as_str()),
            Some("b")
        );
        assert_eq!(
            chosen_person(&found[2..], None).map(|p| p.id.as_str()),
            Some("c")
        );
        assert_eq!(chosen_person(&found[2..], Some("x")), None);
        let lines = plan("G8133UA A1000BC", &moves, &found, &[]);
        match &lines[0].state {
            LineState::Problem { code, message } => {
                assert_eq!(code, "several_people");
                assert_eq!(
                    message,
                    "2 people have prison number G8133UA. Add them with \"Add a person\" to choose who"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(lines[1].state, LineState::Ready);
        assert_eq!(lines[1].work.person_id.as_deref(), Some("c"));
    }

    #[test]
    fn a_person_core_would_not_move_is_refused_before_anything_is_written() {
        let ids = [
            "8e1c1b5e-4b8a-4f5e-9c1a-1a2b3c4d5e6f",
            "9e1c1b5e-4b8a-4f5e-9c1a-1a2b3c4d5e6f",
        ];
        let moves = vec![
            place("a6c0e1f2-1111-4222-8333-944455556666", "requested", None),
            place("b6c0e1f2-1111-4222-8333-944455556666", "requested", None),
        ];
        let found = [person(ids[0], "E1692PB"), person(ids[1], "G5142UX")];
        let category = |key: &str, supported: bool| PersonFacts {
            prison_number: Member::Unknown,
            category: Member::Value(key.to_owned()),
            move_supported: Member::Value(supported),
        };
        let facts = vec![
            (ids[0].to_owned(), category("A", false)),
            (ids[1].to_owned(), category("C", true)),
        ];
        let lines = plan("E1692PB\nG5142UX", &moves, &found, &facts);
        match &lines[0].state {
            LineState::Problem { code, message } => {
                assert_eq!(code, "unsupported_prisoner_category");
                assert_eq!(
                    message,
                    "E1692PB is a category A prisoner and cannot be moved with this service"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            lines[0].person.as_ref().map(|p| p.id.as_str()),
            Some(ids[0])
        );
        assert_eq!(lines[1].state, LineState::Ready);
        assert_eq!(counts(&lines), (1, 1, 0, 0));
        // A refused person takes no place: with one place, the other still fits.
        let lines = plan("E1692PB G5142UX", &moves[..1], &found, &facts);
        assert_eq!(lines[1].state, LineState::Ready);
        // Not knowing the category, core cannot refuse: the line can be added.
        let lines = plan("E1692PB", &moves, &found, &[]);
        assert_eq!(lines[0].state, LineState::Ready);
    }

    #[test]
    fn the_nomis_offer_comes_once_every_place_has_a_person() {
        let open = vec![
            place("1", "requested", Some("A1234BC")),
            place("2", "requested", None),
        ];
        assert!(nomis_transfer_moves(&open).is_empty());
        let filled = vec![
            place("1", "requested", Some("A1234BC")),
            place("2", "booked", Some("A1234BD")),
            place("3", "cancelled", None),
        ];
        assert_eq!(nomis_transfer_moves(&filled), ["1", "2"]);
    }

    #[test]
    fn the_nomis_request_is_a_top_level_parameter_that_core_accepts() {
        let (path, body) = nomis_transfer_request("e9688519-92af-4715-8d88-953846f503ac");
        assert_eq!(
            path,
            "/api/moves/e9688519-92af-4715-8d88-953846f503ac?create_in_nomis=true"
        );
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(parsed.get("create_in_nomis").is_none());
        assert!(
            parsed["data"]["attributes"]
                .get("create_in_nomis")
                .is_none()
        );
        let request = Request::new("PATCH", &path)
            .with_standard_headers()
            .header("Idempotency-Key", "419b5459-d88e-4e5c-ac14-0dc124ff26e9")
            .body(body.into_bytes());
        let verdict = validate_request(&request, &Context::empty());
        assert!(verdict.valid, "{:?}", verdict.errors);
        assert_eq!(verdict.status, 200);
        assert!(verdict.warnings.is_empty(), "{:?}", verdict.warnings);
    }

    #[test]
    fn the_nomis_offer_is_answered_once_every_move_offered_was_asked_for() {
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(!nomis_already_asked(&ids(&["a", "b"]), &[]));
        assert!(!nomis_already_asked(&ids(&["a", "b"]), &ids(&["a"])));
        assert!(nomis_already_asked(
            &ids(&["a", "b"]),
            &ids(&["b", "a", "c"])
        ));
        assert!(!nomis_already_asked(&[], &ids(&["a"])));
        assert_eq!(
            nomis_asked_with(ids(&["a"]), &ids(&["b", "a", "c"])),
            ids(&["a", "b", "c"])
        );
        assert_eq!(nomis_requested_key("x"), "basm:nomis-requested:x");
    }
}
