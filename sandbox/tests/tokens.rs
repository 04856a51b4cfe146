//! Tokens as the API issues them (Doorkeeper, client credentials) over real HTTP:
//! `POST /oauth/token`, `GET /oauth/token/info`, expiry by the sandbox's clock,
//! `--issued-tokens-only`, and a supplier application's token seeing only its moves.

mod common;

use basm_sandbox::oauth::applications;
use basm_sandbox::{Config, Tokens, seed, spawn};
use common::{Req, Resp};
use serde_json::{Value, json};

const INVALID_CLIENT: &str = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";

fn form(body: &str) -> Req {
    Req::new("POST", "/oauth/token")
        .without("Authorization")
        .without("Accept")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
}

fn issue(addr: std::net::SocketAddr, uid: &str, secret: &str) -> Value {
    let resp = form(&format!(
        "grant_type=client_credentials&client_id={uid}&client_secret={secret}"
    ))
    .send(addr);
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    resp.json()
}

fn info(addr: std::net::SocketAddr, token: &str) -> Resp {
    Req::new("GET", "/oauth/token/info")
        .without("Accept")
        .header("Authorization", &format!("Bearer {token}"))
        .send(addr)
}

fn bearer(req: Req, token: &str) -> Req {
    req.header("Authorization", &format!("Bearer {token}"))
}

fn config(ttl_secs: i64, issued_only: bool) -> Config {
    Config {
        tokens: Tokens {
            ttl_secs,
            issued_only,
            ..Tokens::default()
        },
        ..Config::memory()
    }
}

#[test]
fn issues_and_describes_tokens_as_doorkeeper() {
    let sandbox = spawn(config(7200, false)).expect("sandbox starts");
    let addr = sandbox.addr;
    let before = sandbox.app.clock.now().secs;
    let body = issue(addr, "sandbox-front-end", "sandbox-front-end-secret");
    let keys: Vec<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "access_token",
            "created_at",
            "expires_in",
            "scope",
            "token_type"
        ]
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 7200);
    assert_eq!(body["scope"], "read");
    let created = body["created_at"].as_i64().expect("created_at");
    assert!(created >= before && created <= before + 5);
    let token = body["access_token"].as_str().expect("token").to_owned();
    assert_eq!(token.len(), 43);

    // HTTP Basic works the same, and a second token is another one.
    let basic = form("grant_type=client_credentials")
        .header(
            "Authorization",
            // sandbox-serco:sandbox-serco-secret
            "Basic c2FuZGJveC1zZXJjbzpzYW5kYm94LXNlcmNvLXNlY3JldA==",
        )
        .send(addr);
    assert_eq!(basic.status, 200);
    assert_eq!(basic.header("cache-control"), Some("no-store, no-cache"));
    assert_eq!(
        basic.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_ne!(basic.json()["access_token"], body["access_token"]);

    // A scope asked for: an optional one is given, an unknown one refused.
    let write = form("grant_type=client_credentials&client_id=sandbox-front-end&client_secret=sandbox-front-end-secret&scope=read+write").send(addr);
    assert_eq!(write.json()["scope"], "read write");
    let bad_scope = form("grant_type=client_credentials&client_id=sandbox-front-end&client_secret=sandbox-front-end-secret&scope=admin").send(addr);
    assert_eq!(bad_scope.status, 400);
    assert_eq!(
        bad_scope.json(),
        json!({ "error": "invalid_scope", "error_description": "The requested scope is invalid, unknown, or malformed." })
    );

    // Token info.
    sandbox.app.clock.advance(100);
    let described = info(addr, &token);
    assert_eq!(described.status, 200);
    let described = described.json();
    assert_eq!(
        described,
        json!({ "resource_owner_id": null, "scope": ["read"], "expires_in": described["expires_in"],
                "application": { "uid": "sandbox-front-end" }, "created_at": created })
    );
    let left = described["expires_in"].as_i64().expect("seconds left");
    assert!((7090..=7100).contains(&left), "{left}");

    // The token works on the API; by default any other token still does.
    assert_eq!(
        bearer(Req::new("GET", "/api/moves"), &token)
            .send(addr)
            .status,
        200
    );
    assert_eq!(
        bearer(Req::new("GET", "/api/moves"), "anything")
            .send(addr)
            .status,
        200
    );
    // A token the sandbox accepts without having issued it has no expiry.
    let other = info(addr, "anything").json();
    assert_eq!(other["expires_in"], Value::Null);
    assert_eq!(other["application"]["uid"], "sandbox-front-end");

    // The seeded applications are the front end and one per supplier, owned by it.
    let stored: Vec<(String, Option<String>)> = sandbox
        .app
        .with_db(|c| {
            let mut s = c
                .prepare("SELECT uid, owner_id FROM oauth_applications ORDER BY rowid")
                .expect("query");
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("rows")
                .collect::<Result<Vec<_>, _>>()
                .expect("rows")
        })
        .expect("db");
    assert_eq!(
        stored,
        applications()
            .into_iter()
            .map(|a| (a.uid, a.owner_id))
            .collect::<Vec<_>>()
    );
    assert_eq!(stored[0].1, None);
    assert_eq!(stored[2].1, Some(seed::serco_id()));
}

#[test]
fn bad_clients_grants_and_tokens_get_doorkeepers_errors() {
    let sandbox = spawn(config(7200, false)).expect("sandbox starts");
    let addr = sandbox.addr;
    let unknown =
        form("grant_type=client_credentials&client_id=sandbox-front-end&client_secret=wrong")
            .send(addr);
    assert_eq!(unknown.status, 401);
    assert_eq!(
        unknown.json(),
        json!({ "error": "invalid_client", "error_description": INVALID_CLIENT })
    );
    assert_eq!(
        unknown.header("www-authenticate"),
        Some(
            format!(
                "Bearer realm=\"Doorkeeper\", error=\"invalid_client\", error_description=\"{INVALID_CLIENT}\""
            )
            .as_str()
        )
    );
    let none = form("grant_type=client_credentials").send(addr);
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["error"], "invalid_client");

    let password = form(
        "grant_type=password&client_id=sandbox-front-end&client_secret=sandbox-front-end-secret",
    )
    .send(addr);
    assert_eq!(password.status, 400);
    assert_eq!(
        password.json(),
        json!({ "error": "unsupported_grant_type",
                "error_description": "The authorization grant type is not supported by the authorization server." })
    );
    let missing =
        form("client_id=sandbox-front-end&client_secret=sandbox-front-end-secret").send(addr);
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json(),
        json!({ "error": "invalid_request", "error_description": "Missing required parameter: grant_type." })
    );

    let invalid = info(addr, "never-issued");
    // By default any token is accepted, so only an issued token that expired, or none, is
    // invalid here.
    assert_eq!(invalid.status, 200);
    let no_token = Req::new("GET", "/oauth/token/info")
        .without("Authorization")
        .send(addr);
    assert_eq!(no_token.status, 401);
    assert_eq!(
        no_token.json(),
        json!({ "error": "invalid_token", "error_description": "The access token is invalid" })
    );
    // Another method on Doorkeeper's paths is no route (core's 404).
    assert_eq!(Req::new("GET", "/oauth/token").send(addr).status, 404);
}

#[test]
fn tokens_expire_by_the_sandbox_clock_and_issued_only_refuses_others() {
    let sandbox = spawn(config(60, true)).expect("sandbox starts");
    let (app, addr) = (&*sandbox.app, sandbox.addr);
    // Stopped, so that the requests below take no time: on a busy machine a second could pass
    // between issuing the token and asking how long it has left.
    app.clock.freeze();
    let body = issue(addr, "sandbox-front-end", "sandbox-front-end-secret");
    assert_eq!(body["expires_in"], 60);
    let token = body["access_token"].as_str().expect("token").to_owned();
    assert_eq!(
        bearer(Req::new("GET", "/api/moves"), &token)
            .send(addr)
            .status,
        200
    );
    // Only issued tokens: any other gets the API's 401.
    let other = bearer(Req::new("GET", "/api/moves"), "anything").send(addr);
    assert_eq!(other.status, 401);
    assert_eq!(other.json()["errors"][0]["title"], "Not authorized");
    assert_eq!(
        other.json()["errors"][0]["detail"],
        "Token expired or invalid"
    );
    assert_eq!(info(addr, "anything").status, 401);
    // Reference locations need no token, as the API's.
    assert_eq!(
        bearer(Req::new("GET", "/api/reference/locations"), "anything")
            .send(addr)
            .status,
        200
    );

    app.clock.advance(59);
    assert_eq!(info(addr, &token).json()["expires_in"], 1);
    app.clock.advance(1);
    let expired = bearer(Req::new("GET", "/api/moves"), &token).send(addr);
    assert_eq!(expired.status, 401);
    assert_eq!(
        expired.json()["errors"][0]["detail"],
        "Token expired or invalid"
    );
    let described = info(addr, &token);
    assert_eq!(described.status, 401);
    assert_eq!(
        described.json(),
        json!({ "error": "invalid_token", "error_description": "The access token is invalid" })
    );
    // A new token works again.
    let fresh = issue(addr, "sandbox-front-end", "sandbox-front-end-secret");
    let fresh = fresh["access_token"].as_str().expect("token");
    assert_eq!(
        bearer(Req::new("GET", "/api/moves"), fresh)
            .send(addr)
            .status,
        200
    );
}

#[test]
fn a_supplier_applications_token_sees_only_its_moves() {
    let sandbox = spawn(config(7200, true)).expect("sandbox starts");
    let addr = sandbox.addr;
    let front = issue(addr, "sandbox-front-end", "sandbox-front-end-secret");
    let front = front["access_token"].as_str().expect("token").to_owned();
    let serco = issue(addr, "sandbox-serco", "sandbox-serco-secret");
    let serco = serco["access_token"].as_str().expect("token").to_owned();
    assert_eq!(
        info(addr, &serco).json()["application"]["uid"],
        "sandbox-serco"
    );
    let loc = |id: &str| json!({ "data": { "type": "locations", "id": id } });
    let allocation = |to: &str| {
        bearer(Req::new("POST", "/api/allocations"), &front).json(&json!({ "data": {
            "attributes": { "moves_count": 1, "date": "2021-05-04" },
            "relationships": { "from_location": loc(seed::BSI_ID), "to_location": loc(to) } } }))
    };
    let first_move = |resp: Resp| {
        assert_eq!(resp.status, 201, "{}", String::from_utf8_lossy(&resp.body));
        resp.json()["data"]["relationships"]["moves"]["data"][0]["id"]
            .as_str()
            .expect("move id")
            .to_owned()
    };
    // BSI (GEOAmey) → IWI (Serco): Serco serves it; BSI → BMI (both GEOAmey): not Serco's.
    let visible = first_move(allocation(seed::IWI_ID).send(addr));
    let hidden = first_move(allocation(&seed::location_id("BMI")).send(addr));
    let listed = bearer(Req::new("GET", "/api/moves?per_page=100"), &serco)
        .send(addr)
        .json();
    let ids: Vec<&str> = listed["data"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(ids, [visible.as_str()]);
    assert_eq!(
        bearer(Req::new("GET", &format!("/api/moves/{hidden}")), &serco)
            .send(addr)
            .status,
        404
    );
    assert_eq!(
        bearer(Req::new("GET", &format!("/api/moves/{hidden}")), &front)
            .send(addr)
            .status,
        200
    );
    // No lodging permission: the API's 401.
    let lodging = bearer(
        Req::new("POST", &format!("/api/moves/{visible}/lodgings")),
        &serco,
    )
    .fresh_key()
    .json(
        &json!({ "data": { "attributes": { "start_date": "2021-05-04", "end_date": "2021-05-05" },
        "relationships": { "location": loc(&seed::location_id("BMI")) } } }),
    );
    assert_eq!(lodging.send(addr).status, 401);
}
