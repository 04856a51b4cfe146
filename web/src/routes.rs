//! Every page of the app, declared once: its path, its title and who may open it.

use basm_core::forms::SupplierAction;

use crate::forms::sign_in::Role;

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
    crate::forms::allocation_list::encode(id)
}

fn decode(segment: &str) -> String {
    basm_core::request::percent_decode(&segment.replace('+', "%2B"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_round_trips() {
        let pages = [
            Page::Home,
            Page::Allocations,
            Page::AllocationNew,
            Page::AllocationNewCriteria,
            Page::AllocationNewCheck,
            Page::AllocationConfirmation { id: "a-1".into() },
            Page::Allocation {
                id: "a 1+/x".into(),
            },
            Page::AllocationCancel { id: "a".into() },
            Page::AllocationEditDate { id: "a".into() },
            Page::AllocationRemoveMove {
                id: "a".into(),
                move_id: "m".into(),
            },
            Page::AllocationAddPerson { id: "a".into() },
            Page::AllocationAddPersonFound {
                id: "a".into(),
                prison_number: "G8133UA".into(),
            },
            Page::AllocationAddPersonCheck {
                id: "a".into(),
                prison_number: "G8133UA".into(),
            },
            Page::AllocationAddPeople { id: "a".into() },
            Page::AllocationRemovePerson {
                id: "a".into(),
                move_id: "m".into(),
            },
            Page::Moves,
            Page::Move { id: "m 1".into() },
            Page::MoveAction {
                id: "m".into(),
                action: SupplierAction::Accept,
            },
            Page::MoveAction {
                id: "m".into(),
                action: SupplierAction::Cancel,
            },
            Page::EventNew { id: "m".into() },
        ];
        for page in pages {
            assert_eq!(Page::from_path(&page.path()), page, "{}", page.path());
        }
        assert_eq!(Page::from_path("/allocations/"), Page::Allocations);
        assert_eq!(Page::from_path("/nope"), Page::NotFound);
        assert_eq!(Page::from_path("/allocations/a/b/c"), Page::NotFound);
        assert_eq!(Page::from_path("/moves/m/teleport"), Page::NotFound);
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
