//! Who is signed in: their role and the session the sign-in form creates (kept in
//! `sessionStorage` only). Below the API client, the routes and the forms, which all read it.

use serde::{Deserialize, Serialize};

/// What the signed-in user does; decides the navigation and which pages they may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Population Management Unit: creates and manages allocations.
    Pmu,
    /// Offender Categorisation and Allocation: fills allocations with people.
    Oca,
    /// A supplier: moves people.
    Supplier,
}

impl Role {
    /// Every role, in the order the sign-in page offers them.
    pub const ALL: [Role; 3] = [Role::Pmu, Role::Oca, Role::Supplier];

    /// The radio value.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pmu => "pmu",
            Role::Oca => "oca",
            Role::Supplier => "supplier",
        }
    }

    /// The role for a radio value.
    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// The label on the sign-in page.
    pub fn label(self) -> &'static str {
        match self {
            Role::Pmu => "PMU (Population Management Unit)",
            Role::Oca => "OCA (Offender Categorisation and Allocation)",
            Role::Supplier => "Supplier",
        }
    }

    /// The short name shown in the header.
    pub fn short(self) -> &'static str {
        match self {
            Role::Pmu => "PMU",
            Role::Oca => "OCA",
            Role::Supplier => "Supplier",
        }
    }

    /// Whether the role creates and changes allocations.
    pub fn manages_allocations(self) -> bool {
        self == Role::Pmu
    }

    /// Whether the role fills allocations with people.
    pub fn fills_allocations(self) -> bool {
        self == Role::Oca
    }

    /// Whether the role moves people: accepts, starts, completes moves, records events.
    pub fn moves_people(self) -> bool {
        self == Role::Supplier
    }
}

/// A signed-in user: where the API is, the token, who they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The API's base address, without a trailing slash (`http://127.0.0.1:8080`).
    pub api: String,
    /// The bearer token.
    pub token: String,
    /// The user's full name (sent as `X-Current-User`, and as `requested_by`).
    pub name: String,
    /// Their role.
    pub role: Role,
}
