//! Every page of the app, declared once: its path, its title and who may open it.

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
            _ => Page::NotFound,
        }
    }

    /// Whether `role` may open the page (signed-out users only see [`Page::Home`]).
    pub fn allowed(&self, role: Role) -> bool {
        match self {
            Page::Home | Page::NotFound | Page::Allocations | Page::Allocation { .. } => true,
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
    let mut items = vec![NavItem {
        text: "Allocations",
        page: Page::Allocations,
    }];
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
        ),
        _ => &item.page == page,
    }
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
        ];
        for page in pages {
            assert_eq!(Page::from_path(&page.path()), page, "{}", page.path());
        }
        assert_eq!(Page::from_path("/allocations/"), Page::Allocations);
        assert_eq!(Page::from_path("/nope"), Page::NotFound);
        assert_eq!(Page::from_path("/allocations/a/b/c"), Page::NotFound);
    }

    #[test]
    fn roles_decide_pages_and_navigation() {
        assert!(Page::AllocationNew.allowed(Role::Pmu));
        assert!(!Page::AllocationNew.allowed(Role::Oca));
        assert!(Page::Allocations.allowed(Role::Supplier));
        assert_eq!(navigation(Role::Pmu).len(), 2);
        assert_eq!(navigation(Role::Oca).len(), 1);
        let list = &navigation(Role::Pmu)[0];
        assert!(is_current(list, &Page::Allocation { id: "x".into() }));
        assert!(!is_current(list, &Page::AllocationNewCheck));
    }
}
