//! The sign-in form and the session it creates (kept in `sessionStorage` only).

use basm_core::forms::FieldError;
use basm_core::forms::ids::{API_ADDRESS, NAME, ROLE, TOKEN};
use serde::{Deserialize, Serialize};

use crate::session::{Role, Session};

/// The sign-in form as typed. Field ids: `api-address`, `token`, `name`, `role`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInInput {
    /// API address.
    pub api: String,
    /// Bearer token.
    pub token: String,
    /// Full name.
    pub name: String,
    /// Role radio value.
    pub role: String,
}

/// The token rule (the sign-in form's and the session warning's): given, without spaces; a
/// pasted `Bearer ` prefix is dropped.
pub fn token(input: &str) -> Result<String, FieldError> {
    let token = input.trim();
    let token = token
        .strip_prefix("Bearer ")
        .or_else(|| token.strip_prefix("bearer "))
        .unwrap_or(token)
        .trim();
    if token.is_empty() {
        Err(FieldError::new(TOKEN, "required", "Enter your API token"))
    } else if token.chars().any(char::is_whitespace) {
        Err(FieldError::new(
            TOKEN,
            "invalid_token",
            "API token must not contain spaces",
        ))
    } else {
        Ok(token.to_owned())
    }
}

/// Checks the sign-in form. Rules: the API address is an `http(s)://host[:port][/path]`
/// address; the token is given and has no spaces (a pasted `Bearer ` prefix is dropped);
/// the name is given, at most 100 characters; a role is chosen.
pub fn sign_in(input: &SignInInput) -> Result<Session, Vec<FieldError>> {
    let mut errors = Vec::new();
    let api = input.api.trim().trim_end_matches('/');
    if api.is_empty() {
        errors.push(FieldError::new(
            API_ADDRESS,
            "required",
            "Enter the API address",
        ));
    } else if !is_http_address(api) {
        errors.push(FieldError::new(
            API_ADDRESS,
            "invalid_address",
            "Enter the API address in the correct format, like http://127.0.0.1:8080",
        ));
    }
    let token = token(&input.token).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new(NAME, "required", "Enter your full name"));
    } else if name.chars().count() > 100 {
        errors.push(FieldError::new(
            NAME,
            "too_long",
            "Full name must be 100 characters or fewer",
        ));
    }
    let role = Role::parse(input.role.trim());
    if role.is_none() {
        errors.push(FieldError::new(ROLE, "required", "Select your role"));
    }
    match role {
        Some(role) if errors.is_empty() => Ok(Session {
            api: api.to_owned(),
            token,
            name: name.to_owned(),
            role,
            expires_at: None,
        }),
        _ => Err(errors),
    }
}

fn is_http_address(text: &str) -> bool {
    let rest = text
        .strip_prefix("http://")
        .or_else(|| text.strip_prefix("https://"));
    let Some(rest) = rest else { return false };
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c == '?' || c == '#')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(api: &str, token: &str, name: &str, role: &str) -> SignInInput {
        SignInInput {
            api: api.into(),
            token: token.into(),
            name: name.into(),
            role: role.into(),
        }
    }

    #[test]
    fn valid_sign_in_is_normalised() {
        let session = sign_in(&input(
            " http://127.0.0.1:8080/ ",
            "Bearer abc123",
            " Iama Requestor ",
            "pmu",
        ))
        .unwrap();
        assert_eq!(session.api, "http://127.0.0.1:8080");
        assert_eq!(session.token, "abc123");
        assert_eq!(session.name, "Iama Requestor");
        assert_eq!(session.role, Role::Pmu);
    }

    #[test]
    fn every_rule() {
        let errors = sign_in(&input("", "", "", "")).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("api-address", "required"),
                ("token", "required"),
                ("name", "required"),
                ("role", "required")
            ]
        );
        let errors = sign_in(&input("ftp://x", "a b", &"n".repeat(101), "admin")).unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            ["invalid_address", "invalid_token", "too_long", "required"]
        );
        assert!(sign_in(&input("https://api.example/v2", "t", "n", "supplier")).is_ok());
        assert!(sign_in(&input("http://", "t", "n", "oca")).is_err());
        assert!(sign_in(&input("http://a b", "t", "n", "oca")).is_err());
    }

    #[test]
    fn every_field_is_in_core_sign_in_table() {
        let inputs = [
            input("", "", "", ""),
            input("ftp://x", "a b", &"n".repeat(101), "admin"),
            input("http://a b", "Bearer ", " ", "oca"),
        ];
        for errors in inputs.iter().filter_map(|i| sign_in(i).err()) {
            for error in errors {
                assert!(
                    basm_core::forms::Form::SignIn.field(&error.field).is_some(),
                    "{}",
                    error.field
                );
            }
        }
    }

    #[test]
    fn roles() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(Role::Pmu.manages_allocations());
        assert!(!Role::Oca.manages_allocations());
    }
}
