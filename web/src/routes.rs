//! Every page of the app, declared once: its path, its title and who may open it.

use basm_core::forms::SupplierAction;

use crate::forms::allocation_list::ListQuery;
use crate::forms::allocation_new::Step;
use crate::forms::moves::MovesQuery;
use crate::session::Role;

/// The query parameter, and its value, of a step of "create allocation" opened from check
/// answers: its Continue and Back go back to check answers.
pub const RETURN_TO_CHECK: (&str, &str) = ("return", "check");

/// A page, with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/`: sign in, or the home page of the signed-in role.
    Home,
    /// `/allocations`: the list (state in the query string).
    Allocations,
    /// `/allocations/new`: create, step 1.
    AllocationNew,
    /// `/allocations/new/criteria`: create, step 2.
    AllocationNewCriteria,
    /// `/allocations/new/check`: check answers.
    AllocationNewCheck,
    /// `/allocations/:id/confirmation`.
    AllocationConfirmation {
        /// Allocation id.
        id: String,
    },
    /// `/allocations/:id`.
    Allocation {
        /// Allocation id.
        id: String,
    },
    /// `/allocations/:id/cancel`.
    AllocationCancel {
        /// Allocation id.
        id: String,
    },
    /// `/allocations/:id/edit-date`.
    AllocationEditDate {
        /// Allocation id.
        id: String,
    },
    /// `/allocations/:id/moves/:move_id/remove`.
    AllocationRemoveMove {
        /// Allocation id.
        id: String,
        /// Move id.
        move_id: String,
    },
    /// `/allocations/:id/people/new`: OCA adds one person, step 1 (prison number).
    AllocationAddPerson {
        /// Allocation id.
        id: String,
    },
    /// `/allocations/:id/people/new/:prison_number`: the person found; is it them?
    AllocationAddPersonFound {
        /// Allocation id.
        id: String,
        /// The prison number searched for.
        prison_number: String,
    },
    /// `/allocations/:id/people/new/:prison_number/check`: the risk and health answers the
    /// profile will carry; add them.
    AllocationAddPersonCheck {
        /// Allocation id.
        id: String,
        /// The person's prison number.
        prison_number: String,
    },
    /// `/allocations/:id/people/bulk`: OCA pastes several prison numbers.
    AllocationAddPeople {
        /// Allocation id.
        id: String,
    },
    /// `/allocations/:id/moves/:move_id/remove-person`: take the person off a place.
    AllocationRemovePerson {
        /// Allocation id.
        id: String,
        /// Move id.
        move_id: String,
    },
    /// `/moves`: a supplier's moves for a date (state in the query string).
    Moves,
    /// `/moves/:id`: one move, its actions and its timeline.
    Move {
        /// Move id.
        id: String,
    },
    /// `/moves/:id/:action`: record that a move was accepted, started, completed or
    /// cancelled.
    MoveAction {
        /// Move id.
        id: String,
        /// The action.
        action: SupplierAction,
    },
    /// `/moves/:id/events/new`: record an event about a move or one of its journeys.
    EventNew {
        /// Move id.
        id: String,
    },
    /// Anything else.
    NotFound,
}

impl Page {
    /// The page's path.
    pub fn path(&self) -> String {
        match self {
            Page::Home => "/".to_owned(),
            Page::Allocations => "/allocations".to_owned(),
            Page::AllocationNew => "/allocations/new".to_owned(),
            Page::AllocationNewCriteria => "/allocations/new/criteria".to_owned(),
            Page::AllocationNewCheck => "/allocations/new/check".to_owned(),
            Page::AllocationConfirmation { id } => {
                format!("/allocations/{}/confirmation", segment(id))
            }
            Page::Allocation { id } => format!("/allocations/{}", segment(id)),
            Page::AllocationCancel { id } => format!("/allocations/{}/cancel", segment(id)),
            Page::AllocationEditDate { id } => format!("/allocations/{}/edit-date", segment(id)),
            Page::AllocationRemoveMove { id, move_id } => format!(
                "/allocations/{}/moves/{}/remove",
                segment(id),
                segment(move_id)
            ),
            Page::AllocationAddPerson { id } => {
                format!("/allocations/{}/people/new", segment(id))
            }
            Page::AllocationAddPersonFound { id, prison_number } => format!(
                "/allocations/{}/people/new/{}",
                segment(id),
                segment(prison_number)
            ),
            Page::AllocationAddPersonCheck { id, prison_number } => format!(
                "/allocations/{}/people/new/{}/check",
                segment(id),
                segment(prison_number)
            ),
            Page::AllocationAddPeople { id } => {
                format!("/allocations/{}/people/bulk", segment(id))
            }
            Page::AllocationRemovePerson { id, move_id } => format!(
                "/allocations/{}/moves/{}/remove-person",
                segment(id),
                segment(move_id)
            ),
            Page::Moves => "/moves".to_owned(),
            Page::Move { id } => format!("/moves/{}", segment(id)),
            Page::MoveAction { id, action } => {
                format!("/moves/{}/{}", segment(id), action_segment(*action))
            }
            Page::EventNew { id } => format!("/moves/{}/events/new", segment(id)),
            Page::NotFound => "/not-found".to_owned(),
        }
    }

    /// The page's address with `query` (built by the page's own state, without the `?`;
    /// empty: the bare path).
    pub fn with_query(&self, query: &str) -> String {
        let mut href = self.path();
        if !query.is_empty() {
            href.push('?');
            href.push_str(query);
        }
        href
    }

    /// The page of a step of "create allocation".
    pub fn allocation_step(step: Step) -> Page {
        match step {
            Step::Details => Page::AllocationNew,
            Step::Criteria => Page::AllocationNewCriteria,
        }
    }

    /// The address of `step` of journey `journey` opened from check answers at `fragment`
    /// (a field id, or the error summary): a "Change" link, or the step with an error to fix.
    pub fn change_answer(step: Step, fragment: &str, journey: &str) -> String {
        let (name, value) = RETURN_TO_CHECK;
        crate::forms::journey::href(
            &Page::allocation_step(step).path(),
            journey,
            &format!("{name}={value}"),
            fragment,
        )
    }

    /// The page at `path` (no query, no fragment; a trailing slash is ignored).
    pub fn from_path(path: &str) -> Page {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        let id = |i: usize| s[i].to_owned();
        match s.as_slice() {
            [] => Page::Home,
            ["allocations"] => Page::Allocations,
            ["allocations", "new"] => Page::AllocationNew,
            ["allocations", "new", "criteria"] => Page::AllocationNewCriteria,
            ["allocations", "new", "check"] => Page::AllocationNewCheck,
            ["allocations", _] => Page::Allocation { id: id(1) },
            ["allocations", _, "confirmation"] => Page::AllocationConfirmation { id: id(1) },
            ["allocations", _, "cancel"] => Page::AllocationCancel { id: id(1) },
            ["allocations", _, "edit-date"] => Page::AllocationEditDate { id: id(1) },
            ["allocations", _, "moves", _, "remove"] => Page::AllocationRemoveMove {
                id: id(1),
                move_id: id(3),
            },
            ["allocations", _, "people", "new"] => Page::AllocationAddPerson { id: id(1) },
            ["allocations", _, "people", "bulk"] => Page::AllocationAddPeople { id: id(1) },
            ["allocations", _, "people", "new", _] => Page::AllocationAddPersonFound {
                id: id(1),
                prison_number: id(4),
            },
            ["allocations", _, "people", "new", _, "check"] => Page::AllocationAddPersonCheck {
                id: id(1),
                prison_number: id(4),
            },
            ["allocations", _, "moves", _, "remove-person"] => Page::AllocationRemovePerson {
                id: id(1),
                move_id: id(3),
            },
            ["moves"] => Page::Moves,
            ["moves", _] => Page::Move { id: id(1) },
            ["moves", _, "events", "new"] => Page::EventNew { id: id(1) },
            ["moves", _, action] => match parse_action(action) {
                Some(action) => Page::MoveAction { id: id(1), action },
                None => Page::NotFound,
            },
            _ => Page::NotFound,
        }
    }

    /// Whether `role` may open the page (signed-out users only see [`Page::Home`]).
    pub fn allowed(&self, role: Role) -> bool {
        match self {
            Page::Home
            | Page::NotFound
            | Page::Allocations
            | Page::Allocation { .. }
            | Page::Moves
            | Page::Move { .. } => true,
            Page::AllocationAddPerson { .. }
            | Page::AllocationAddPersonFound { .. }
            | Page::AllocationAddPersonCheck { .. }
            | Page::AllocationAddPeople { .. }
            | Page::AllocationRemovePerson { .. } => role.fills_allocations(),
            Page::MoveAction { .. } | Page::EventNew { .. } => role.moves_people(),
            Page::AllocationNew
            | Page::AllocationNewCriteria
            | Page::AllocationNewCheck
            | Page::AllocationConfirmation { .. }
            | Page::AllocationCancel { .. }
            | Page::AllocationEditDate { .. }
            | Page::AllocationRemoveMove { .. } => role.manages_allocations(),
        }
    }
}

/// The address of a list page showing the state its query string keeps.
pub trait Href {
    /// The page's path and the state's query string.
    fn href(&self) -> String;
}

impl Href for ListQuery {
    fn href(&self) -> String {
        Page::Allocations.with_query(&self.query())
    }
}

impl Href for MovesQuery {
    fn href(&self) -> String {
        Page::Moves.with_query(&self.query())
    }
}

/// One navigation link of the service navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    /// Link text.
    pub text: &'static str,
    /// Target.
    pub page: Page,
}

/// The navigation of `role`.
pub fn navigation(role: Role) -> Vec<NavItem> {
    let mut items = Vec::new();
    if role.moves_people() {
        items.push(NavItem {
            text: "Moves",
            page: Page::Moves,
        });
    }
    items.push(NavItem {
        text: "Allocations",
        page: Page::Allocations,
    });
    if role.manages_allocations() {
        items.push(NavItem {
            text: "Create allocation",
            page: Page::AllocationNew,
        });
    }
    items
}

/// Whether the nav item is the current section for `page`.
pub fn is_current(item: &NavItem, page: &Page) -> bool {
    match item.page {
        Page::AllocationNew => matches!(
            page,
            Page::AllocationNew | Page::AllocationNewCriteria | Page::AllocationNewCheck
        ),
        Page::Allocations => matches!(
            page,
            Page::Allocations
                | Page::Allocation { .. }
                | Page::AllocationCancel { .. }
                | Page::AllocationEditDate { .. }
                | Page::AllocationRemoveMove { .. }
                | Page::AllocationConfirmation { .. }
                | Page::AllocationAddPerson { .. }
                | Page::AllocationAddPersonFound { .. }
                | Page::AllocationAddPersonCheck { .. }
                | Page::AllocationAddPeople { .. }
                | Page::AllocationRemovePerson { .. }
        ),
        Page::Moves => matches!(
            page,
            Page::Moves | Page::Move { .. } | Page::MoveAction { .. } | Page::EventNew { .. }
        ),
        _ => &item.page == page,
    }
}

/// The path segment of a supplier action.
pub fn action_segment(action: SupplierAction) -> &'static str {
    match action {
        SupplierAction::Accept => "accept",
        SupplierAction::Start => "start",
        SupplierAction::Complete => "complete",
        SupplierAction::Cancel => "cancel",
    }
}

fn parse_action(segment: &str) -> Option<SupplierAction> {
    [
        SupplierAction::Accept,
        SupplierAction::Start,
        SupplierAction::Complete,
        SupplierAction::Cancel,
    ]
    .into_iter()
    .find(|a| action_segment(*a) == segment)
}

fn segment(id: &str) -> String {
    crate::url::encode(id)
}

fn decode(segment: &str) -> String {
    basm_core::request::percent_decode(&segment.replace('+', "%2B"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::allocation_list::Period;

    /// Which variant `page` is: the match makes a new variant fail to compile here until
    /// it is numbered, and [`every_page`] must then give an example of it.
    fn variant(page: &Page) -> usize {
        match page {
            Page::Home => 0,
            Page::Allocations => 1,
            Page::AllocationNew => 2,
            Page::AllocationNewCriteria => 3,
            Page::AllocationNewCheck => 4,
            Page::AllocationConfirmation { .. } => 5,
            Page::Allocation { .. } => 6,
            Page::AllocationCancel { .. } => 7,
            Page::AllocationEditDate { .. } => 8,
            Page::AllocationRemoveMove { .. } => 9,
            Page::AllocationAddPerson { .. } => 10,
            Page::AllocationAddPersonFound { .. } => 11,
            Page::AllocationAddPersonCheck { .. } => 12,
            Page::AllocationAddPeople { .. } => 13,
            Page::AllocationRemovePerson { .. } => 14,
            Page::Moves => 15,
            Page::Move { .. } => 16,
            Page::MoveAction { .. } => 17,
            Page::EventNew { .. } => 18,
            Page::NotFound => 19,
        }
    }

    /// Number of variants of [`Page`].
    const VARIANTS: usize = 20;

    /// At least one page of every variant (every supplier action), with ids that need
    /// escaping in a path: a space, `+`, `/`, `%`, `?`, `#`. (An allocation whose id is `new`
    /// would be `/allocations/new`: the API's ids are UUIDs.)
    fn every_page() -> Vec<Page> {
        let odd = "a 1+/x%?#";
        let mut pages = vec![
            Page::Home,
            Page::Allocations,
            Page::AllocationNew,
            Page::AllocationNewCriteria,
            Page::AllocationNewCheck,
            Page::AllocationConfirmation { id: "a-1".into() },
            Page::Allocation { id: odd.into() },
            Page::AllocationCancel { id: odd.into() },
            Page::AllocationEditDate { id: "a".into() },
            Page::AllocationRemoveMove {
                id: "a".into(),
                move_id: odd.into(),
            },
            Page::AllocationAddPerson { id: odd.into() },
            Page::AllocationAddPersonFound {
                id: "a".into(),
                prison_number: "G8133UA".into(),
            },
            Page::AllocationAddPersonFound {
                id: odd.into(),
                prison_number: "bulk".into(),
            },
            Page::AllocationAddPersonCheck {
                id: "a".into(),
                prison_number: odd.into(),
            },
            Page::AllocationAddPeople { id: "a".into() },
            Page::AllocationRemovePerson {
                id: odd.into(),
                move_id: "m".into(),
            },
            Page::Moves,
            Page::Move { id: odd.into() },
            Page::EventNew { id: "m".into() },
            Page::NotFound,
        ];
        for action in crate::forms::moves::ACTIONS {
            pages.push(Page::MoveAction {
                id: odd.into(),
                action,
            });
        }
        pages
    }

    #[test]
    fn every_page_round_trips_through_the_router() {
        let pages = every_page();
        for n in 0..VARIANTS {
            assert!(
                pages.iter().any(|p| variant(p) == n),
                "every_page() has no example of variant {n}"
            );
        }
        for page in pages {
            // `Page::from_path` is what the router runs on every location (`app.rs`).
            assert_eq!(Page::from_path(&page.path()), page, "{}", page.path());
            assert!(page.path().starts_with('/'), "{}", page.path());
        }
        assert_eq!(Page::from_path("/allocations/"), Page::Allocations);
        assert_eq!(Page::from_path("/nope"), Page::NotFound);
        assert_eq!(Page::from_path("/allocations/a/b/c"), Page::NotFound);
        assert_eq!(Page::from_path("/moves/m/teleport"), Page::NotFound);
    }

    #[test]
    fn queries_and_fragments_keep_the_page() {
        assert_eq!(Page::Moves.with_query(""), "/moves");
        assert_eq!(
            Page::Allocations.with_query(&Period::Day.query()),
            "/allocations?view=day"
        );
        let today = basm_core::time::parse_iso_date("2026-05-21").unwrap();
        let list = ListQuery::new(today);
        assert_eq!(
            list.href(),
            "/allocations?from=2026-05-18&to=2026-05-24&status=unfilled"
        );
        let moves = MovesQuery::from_pairs(&[], today);
        assert_eq!(moves.with_page(2).href(), "/moves?date=2026-05-21&page=2");
        assert_eq!(
            Page::change_answer(Step::Details, "date-day", "0123456789ab"),
            "/allocations/new?return=check&journey=0123456789ab#date-day"
        );
        assert_eq!(
            Page::change_answer(Step::Criteria, "error-summary", "0123456789ab"),
            "/allocations/new/criteria?return=check&journey=0123456789ab#error-summary"
        );
        for href in [
            list.href(),
            moves.href(),
            Page::change_answer(Step::Criteria, "x", "0123456789ab"),
        ] {
            let path = href.split(['?', '#']).next().unwrap();
            assert_ne!(Page::from_path(path), Page::NotFound, "{href}");
        }
    }

    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/support/rs_files.rs"
    ));

    /// Every `.rs` file under `src/`, at any depth.
    fn source_files() -> Vec<std::path::PathBuf> {
        rs_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
    }

    /// Whether the string literal that starts at `literal` (just after its `"`) addresses
    /// one of the app's pages: `/`, `/?…`, `/#…`, or a path whose first segment is a first
    /// segment of a page (`/allocations…`, `/moves…`). `//…` (another host) and `/api/…` (the
    /// API) are not pages.
    fn is_route(literal: &str, sections: &[String]) -> bool {
        let Some(rest) = literal.strip_prefix('/') else {
            return false;
        };
        let end = rest.find(['"', '/', '?', '#', '{']).unwrap_or(rest.len());
        let (segment, after) = rest.split_at(end);
        if segment.is_empty() {
            matches!(after.chars().next(), Some('"' | '?' | '#' | '{'))
        } else {
            sections.iter().any(|s| s == segment)
        }
    }

    #[test]
    fn routes_are_written_only_here() {
        let sections: Vec<String> = every_page()
            .iter()
            .filter_map(|p| p.path().split('/').nth(1).map(str::to_owned))
            .filter(|s| !s.is_empty())
            .collect();
        assert!(sections.contains(&"allocations".to_owned()), "{sections:?}");
        assert!(is_route("/allocations/new\"", &sections));
        assert!(is_route("/\"", &sections));
        assert!(is_route("/moves?date={}\"", &sections));
        assert!(!is_route("/api/moves/{}\"", &sections));
        assert!(!is_route("//\"", &sections));
        assert!(!is_route("/data/attributes\"", &sections));

        let mut found = Vec::new();
        let files = source_files();
        assert!(files.len() > 20, "{files:?}");
        for file in files {
            // This module declares the routes.
            if file.ends_with("src/routes.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for (i, _) in line.match_indices('"') {
                    if is_route(&line[i + 1..], &sections) {
                        found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                        break;
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "a route written outside routes.rs (use Page::…path(), Page::with_query or Href):\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn roles_decide_pages_and_navigation() {
        assert!(Page::AllocationNew.allowed(Role::Pmu));
        assert!(!Page::AllocationNew.allowed(Role::Oca));
        assert!(Page::Allocations.allowed(Role::Supplier));
        assert_eq!(navigation(Role::Pmu).len(), 2);
        assert_eq!(navigation(Role::Oca).len(), 1);
        assert_eq!(navigation(Role::Supplier)[0].page, Page::Moves);
        assert!(Page::AllocationAddPeople { id: "a".into() }.allowed(Role::Oca));
        assert!(!Page::AllocationAddPeople { id: "a".into() }.allowed(Role::Supplier));
        assert!(Page::EventNew { id: "m".into() }.allowed(Role::Supplier));
        assert!(!Page::EventNew { id: "m".into() }.allowed(Role::Oca));
        let list = &navigation(Role::Pmu)[0];
        assert!(is_current(list, &Page::Allocation { id: "x".into() }));
        assert!(!is_current(list, &Page::AllocationNewCheck));
    }
}
