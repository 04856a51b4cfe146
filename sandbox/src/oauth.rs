//! Doorkeeper's token endpoints, as the API serves them (`use_doorkeeper`, upstream
//! `config/routes.rb` L4; doorkeeper 5.9, `Gemfile.lock` L167): `POST /oauth/token` gives a
//! bearer token for an application's client credentials, `GET /oauth/token/info` describes
//! a token. Upstream `config/initializers/doorkeeper.rb`: `grant_flows %w[client_credentials]`,
//! `enable_application_owner` (a supplier owns its application), `default_scopes :read`,
//! `optional_scopes :write, :'diagnostics.pii'`, and Doorkeeper's default
//! `access_token_expires_in` of 2 hours (`--token-ttl` here).
//!
//! The seeded applications ([`applications`]) are the front end (no owner) and one per
//! supplier (owned by it). Issued tokens are kept in `oauth_access_tokens`; their expiry is
//! judged by the sandbox's clock.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

use crate::db::DbResult;
use crate::http::{RawRequest, RawResponse};
use crate::seed;

/// Doorkeeper's default `access_token_expires_in`: 2 hours.
pub const DEFAULT_TTL_SECS: i64 = 7200;

/// The scopes the API's Doorkeeper knows: the default, then the optional ones.
const SERVER_SCOPES: [&str; 3] = ["read", "write", "diagnostics.pii"];
/// `default_scopes :read`.
const DEFAULT_SCOPES: &str = "read";

// Doorkeeper's messages (doorkeeper 5.9 `config/locales/en.yml`, `doorkeeper.errors.messages`).
const INVALID_CLIENT: &str = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";
const UNSUPPORTED_GRANT_TYPE: &str =
    "The authorization grant type is not supported by the authorization server.";
const INVALID_SCOPE: &str = "The requested scope is invalid, unknown, or malformed.";
const INVALID_TOKEN: &str = "The access token is invalid";

/// A Doorkeeper application (`oauth_applications`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The client id (`client_id`).
    pub uid: String,
    /// The client secret (`client_secret`).
    pub secret: String,
    /// The supplier owning it; `None` for the front end.
    pub owner_id: Option<String>,
}

/// The seeded applications: the front end (no owner), then one per seeded supplier (owned by
/// it). Their client ids and secrets are fixed, so a fresh database and an old one, tests
/// and people, all use the same ones.
pub fn applications() -> Vec<Application> {
    let mut apps = vec![Application {
        id: seed::seed_id("oauth application front end"),
        name: "Book a secure move (front end)".into(),
        uid: "sandbox-front-end".into(),
        secret: "sandbox-front-end-secret".into(),
        owner_id: None,
    }];
    for (id, key, name) in seed::suppliers() {
        apps.push(Application {
            id: seed::seed_id(&format!("oauth application {key}")),
            name: name.into(),
            uid: format!("sandbox-{key}"),
            secret: format!("sandbox-{key}-secret"),
            owner_id: Some(id),
        });
    }
    apps
}

/// Writes the seeded applications where they are missing (a database made before they
/// existed gets them too).
pub fn seed_applications(conn: &Connection) -> DbResult<()> {
    for app in applications() {
        conn.execute(
            "INSERT OR IGNORE INTO oauth_applications (id, name, uid, secret, scopes, owner_id)
             VALUES (?1, ?2, ?3, ?4, '', ?5)",
            params![app.id, app.name, app.uid, app.secret, app.owner_id],
        )?;
    }
    Ok(())
}

/// An issued token (`oauth_access_tokens`) with its application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The scopes, space-separated.
    pub scopes: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Seconds it lives.
    pub expires_in: i64,
    /// Its application's client id.
    pub uid: String,
    /// Its application's owner (a supplier), if any.
    pub owner_id: Option<String>,
}

impl AccessToken {
    /// Seconds left at `now` (0 once expired), as Doorkeeper's `expires_in_seconds`.
    pub fn seconds_left(&self, now: i64) -> i64 {
        (self.created_at + self.expires_in - now).max(0)
    }

    /// Whether it is still valid at `now` (Doorkeeper's `accessible?`: not expired).
    pub fn accessible(&self, now: i64) -> bool {
        now < self.created_at + self.expires_in
    }
}

/// The token issued as `token`, if the sandbox issued it.
pub fn find_token(conn: &Connection, token: &str) -> DbResult<Option<AccessToken>> {
    conn.query_row(
        "SELECT t.scopes, t.created_at, t.expires_in, a.uid, a.owner_id
         FROM oauth_access_tokens t JOIN oauth_applications a ON a.id = t.application_id
         WHERE t.token = ?1",
        [token],
        |r| {
            Ok(AccessToken {
                scopes: r.get(0)?,
                created_at: r.get(1)?,
                expires_in: r.get(2)?,
                uid: r.get(3)?,
                owner_id: r.get(4)?,
            })
        },
    )
    .optional()
}

/// The client id of the seeded application a token without a record stands for: the
/// supplier's when it is a supplier's token, else the front end's.
pub fn uid_for(owner_id: Option<&str>) -> String {
    applications()
        .into_iter()
        .find(|a| a.owner_id.as_deref() == owner_id)
        .map(|a| a.uid)
        .unwrap_or_default()
}

/// Whether `route` (a path without its query) is one of Doorkeeper's that the sandbox serves.
pub fn is_oauth_path(route: &str) -> bool {
    matches!(route, "/oauth/token" | "/oauth/token/info")
}

/// A body as Doorkeeper sends it: `Content-Type` as its response's `headers` (or Rails'
/// `render json:`, which the API's `config/initializers/mime_types.rb` makes
/// `application/vnd.api+json`), `Cache-Control` where Doorkeeper sets it.
fn doorkeeper_json(status: u16, body: &Value, extra: Vec<(&'static str, String)>) -> RawResponse {
    let mut headers = extra;
    headers.push(("content-type", "application/json; charset=utf-8".into()));
    RawResponse {
        status,
        headers,
        body: body.to_string().into_bytes(),
    }
}

/// Doorkeeper's `ErrorResponse`: `{"error", "error_description"}`, 401 for `invalid_client`
/// and 400 otherwise, with its `WWW-Authenticate` (realm `Doorkeeper`).
fn error(name: &str, description: &str) -> RawResponse {
    let status = if matches!(name, "invalid_client" | "invalid_token") {
        401
    } else {
        400
    };
    doorkeeper_json(
        status,
        &json!({ "error": name, "error_description": description }),
        vec![
            ("cache-control", "no-store, no-cache".into()),
            (
                "www-authenticate",
                format!(
                    "Bearer realm=\"Doorkeeper\", error=\"{name}\", error_description=\"{description}\""
                ),
            ),
        ],
    )
}

/// `application/x-www-form-urlencoded` (or a JSON object, which Rails parses into the
/// same `params`) into pairs.
fn body_params(raw: &RawRequest) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(&raw.body);
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&text) {
        return map
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                _ => None,
            })
            .collect();
    }
    basm_core::Request::new("POST", &format!("/?{}", text.trim())).query()
}

/// `Authorization: Basic base64(uid:secret)`, as Doorkeeper's `from_basic`.
fn basic_credentials(headers: &[(String, String)]) -> Option<(String, String)> {
    let value = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.trim())?;
    let encoded = value
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("basic "))
        .and_then(|_| value.get(6..))?;
    let decoded = String::from_utf8(base64_decode(encoded.trim())?).ok()?;
    let (uid, secret) = decoded.split_once(':').unwrap_or((&decoded, ""));
    Some((uid.to_owned(), secret.to_owned()))
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| *c != b'=') {
        acc = (acc << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// A new token: 32 random bytes in URL-safe base64 without padding, as Doorkeeper's
/// default generator (`SecureRandom.urlsafe_base64(32)`, 43 characters).
fn new_token() -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bytes = Vec::with_capacity(32);
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    let (mut out, mut acc, mut bits) = (String::new(), 0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            out.push(char::from(ALPHABET[((acc >> bits) & 63) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (6 - bits)) & 63) as usize]));
    }
    out
}

/// `POST /oauth/token` (Doorkeeper's `TokensController#create`): the grant type first
/// (`Doorkeeper::Request.token_strategy`: missing → `invalid_request`, any but
/// `client_credentials` → `unsupported_grant_type`), then the client (Basic, then the
/// `client_id`/`client_secret` parameters: unknown → 401 `invalid_client`), then the scopes
/// (`invalid_scope`); then a token of `ttl_secs` for that application.
pub fn token(
    conn: &Connection,
    raw: &RawRequest,
    now: i64,
    ttl_secs: i64,
) -> DbResult<RawResponse> {
    let mut params = basm_core::Request::new("POST", &raw.path).query();
    params.extend(body_params(raw));
    let param = |name: &str| {
        params
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    match param("grant_type").as_deref() {
        None => {
            return Ok(error(
                "invalid_request",
                "Missing required parameter: grant_type.",
            ));
        }
        Some("client_credentials") => {}
        Some(_) => return Ok(error("unsupported_grant_type", UNSUPPORTED_GRANT_TYPE)),
    }
    let credentials = basic_credentials(&raw.headers)
        .filter(|(uid, _)| !uid.is_empty())
        .or_else(|| {
            Some((
                param("client_id")?,
                param("client_secret").unwrap_or_default(),
            ))
        });
    let Some((uid, secret)) = credentials else {
        return Ok(error("invalid_client", INVALID_CLIENT));
    };
    let application: Option<(String, String)> = conn
        .query_row(
            "SELECT id, scopes FROM oauth_applications WHERE uid = ?1 AND secret = ?2",
            params![uid, secret],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((application_id, app_scopes)) = application else {
        return Ok(error("invalid_client", INVALID_CLIENT));
    };
    let scopes = param("scope").unwrap_or_else(|| DEFAULT_SCOPES.to_owned());
    // Doorkeeper's `ScopeChecker.valid?`: no control characters, every scope the server's,
    // and the application's when it lists any.
    let valid = !scopes.contains(['\n', '\r', '\t'])
        && scopes.split(' ').all(|s| {
            SERVER_SCOPES.contains(&s)
                && (app_scopes.trim().is_empty() || app_scopes.split(' ').any(|a| a == s))
        });
    if !valid {
        return Ok(error("invalid_scope", INVALID_SCOPE));
    }
    let token = new_token();
    conn.execute(
        "INSERT INTO oauth_access_tokens (token, application_id, scopes, created_at, expires_in)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token, application_id, scopes, now, ttl_secs],
    )?;
    // Doorkeeper's `TokenResponse#body` (blank members dropped: no refresh token).
    Ok(doorkeeper_json(
        200,
        &json!({ "access_token": token, "token_type": "Bearer", "expires_in": ttl_secs,
                 "scope": scopes, "created_at": now }),
        vec![
            ("cache-control", "no-store, no-cache".into()),
            ("pragma", "no-cache".into()),
        ],
    ))
}

/// What `GET /oauth/token/info` knows of the caller's bearer token.
#[derive(Debug, Clone)]
pub enum Described {
    /// A token the sandbox issued.
    Issued(AccessToken),
    /// A token the sandbox accepts without having issued it (any token by default,
    /// `--token`, `--supplier-token`): described as a token without expiry of the seeded
    /// application it stands for.
    Accepted {
        /// The supplier owning it, if any.
        owner_id: Option<String>,
    },
    /// None, or one that is not valid here.
    Invalid,
}

/// `GET /oauth/token/info` (Doorkeeper's `TokenInfoController#show`): the token as
/// `AccessTokenMixin#as_json` gives it, or 401 `invalid_token` ("The access token is
/// invalid", whatever the reason: the controller builds `InvalidTokenResponse.new` without
/// one).
pub fn token_info(described: &Described, now: i64) -> RawResponse {
    let body = match described {
        Described::Issued(token) if token.accessible(now) => json!({
            "resource_owner_id": null,
            "scope": token.scopes.split(' ').collect::<Vec<_>>(),
            "expires_in": token.seconds_left(now),
            "application": { "uid": token.uid },
            "created_at": token.created_at,
        }),
        Described::Accepted { owner_id } => json!({
            "resource_owner_id": null,
            "scope": [DEFAULT_SCOPES],
            "expires_in": null,
            "application": { "uid": uid_for(owner_id.as_deref()) },
            "created_at": now,
        }),
        _ => return error("invalid_token", INVALID_TOKEN),
    };
    // `render json:` with no Content-Type set: Rails' `Mime[:json]`, which the API makes
    // `application/vnd.api+json`.
    RawResponse {
        status: 200,
        headers: vec![(
            "content-type",
            "application/vnd.api+json; charset=utf-8".into(),
        )],
        body: body.to_string().into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_doorkeepers_length_and_alphabet() {
        let t = new_token();
        assert_eq!(t.len(), 43);
        assert!(
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(t, new_token());
    }

    #[test]
    fn basic_credentials_are_decoded() {
        let h = |v: &str| vec![("Authorization".to_owned(), v.to_owned())];
        // "sandbox-serco:sandbox-serco-secret"
        assert_eq!(
            basic_credentials(&h("Basic c2FuZGJveC1zZXJjbzpzYW5kYm94LXNlcmNvLXNlY3JldA==")),
            Some(("sandbox-serco".into(), "sandbox-serco-secret".into()))
        );
        assert_eq!(basic_credentials(&h("Bearer abc")), None);
        assert_eq!(basic_credentials(&h("Basic !!")), None);
    }

    #[test]
    fn seeded_applications_are_the_front_end_and_each_supplier() {
        let apps = applications();
        assert_eq!(apps[0].owner_id, None);
        assert_eq!(apps.len(), 1 + seed::suppliers().len());
        assert_eq!(uid_for(Some(&seed::serco_id())), "sandbox-serco");
        assert_eq!(uid_for(None), "sandbox-front-end");
    }
}
