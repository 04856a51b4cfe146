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
    /// When the token expires, in milliseconds since 1970 by this browser's clock, as
    /// `GET /oauth/token/info` said after sign-in; `None` when the API did not say (no such
    /// endpoint, or a token without expiry): then no warning is given.
    #[serde(default)]
    pub expires_at: Option<i64>,
}

/// How long before the token expires the app warns (the HMRC timeout warning's default, two
/// minutes; WCAG 2.2.1 asks for at least 20 seconds to act).
pub const WARN_BEFORE_SECS: i64 = 120;

/// What `GET /oauth/token/info` (Doorkeeper's `TokenInfoController#show`) said of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenLife {
    /// Valid for this many more seconds (`expires_in`).
    Expires {
        /// Seconds left.
        seconds_left: i64,
    },
    /// Valid, without expiry (`"expires_in": null`).
    NoExpiry,
    /// Not valid: 401 `invalid_token`.
    Invalid,
    /// The API did not say: no such endpoint (404), another answer, or none.
    Unknown,
}

/// Reads the answer of `GET /oauth/token/info`: 200 `{"expires_in": 7080, …}` (a number, or
/// `null` for a token without expiry), 401 for a token that is not valid; anything else says
/// nothing.
pub fn token_life(status: u16, body: &str) -> TokenLife {
    match status {
        200 => match serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .as_ref()
            .and_then(|v| v.get("expires_in"))
        {
            Some(serde_json::Value::Null) => TokenLife::NoExpiry,
            Some(v) => v
                .as_i64()
                .map_or(TokenLife::Unknown, |seconds_left| TokenLife::Expires {
                    seconds_left,
                }),
            None => TokenLife::Unknown,
        },
        401 => TokenLife::Invalid,
        _ => TokenLife::Unknown,
    }
}

/// The time left, in words, as the warning shows it (the HMRC timeout dialog's way): whole
/// minutes, rounded up, from a minute on ("2 minutes", "1 minute"), then seconds
/// ("59 seconds", "1 second").
pub fn time_left_words(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (n, unit) = if seconds >= 60 {
        ((seconds + 59) / 60, "minute")
    } else {
        (seconds, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The time left as screen readers are told it: [`time_left_words`] of the time rounded up
/// to the whole minute, and under a minute to 20 seconds, so the live region changes at
/// "2 minutes", "1 minute", "40 seconds" and "20 seconds" rather than every second.
pub fn time_left_announced(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let step = if seconds > 60 { 60 } else { 20 };
    time_left_words((seconds + step - 1) / step * step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_info_answers() {
        let info = r#"{"resource_owner_id":null,"scope":["read"],"expires_in":7080,"application":{"uid":"x"},"created_at":1}"#;
        assert_eq!(
            token_life(200, info),
            TokenLife::Expires { seconds_left: 7080 }
        );
        assert_eq!(
            token_life(200, r#"{"expires_in":null}"#),
            TokenLife::NoExpiry
        );
        assert_eq!(
            token_life(401, r#"{"error":"invalid_token"}"#),
            TokenLife::Invalid
        );
        assert_eq!(token_life(404, ""), TokenLife::Unknown);
        assert_eq!(token_life(200, "<html>"), TokenLife::Unknown);
    }

    #[test]
    fn time_left_in_words() {
        assert_eq!(time_left_words(120), "2 minutes");
        assert_eq!(time_left_words(61), "2 minutes");
        assert_eq!(time_left_words(60), "1 minute");
        assert_eq!(time_left_words(59), "59 seconds");
        assert_eq!(time_left_words(1), "1 second");
        assert_eq!(time_left_words(-3), "0 seconds");
        let announced: Vec<String> = (1..=120).rev().map(time_left_announced).collect();
        let mut changes = announced.clone();
        changes.dedup();
        assert_eq!(
            changes,
            ["2 minutes", "1 minute", "40 seconds", "20 seconds"]
        );
    }
}
