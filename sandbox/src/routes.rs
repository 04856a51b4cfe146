//! `basm-sandbox --check-routes`: which requests the real API has no route for, judged by
//! core's route table (which mirrors upstream `config/routes.rb`). The browser tests record
//! every request the web app makes and pipe them here at the end of each test file, so an
//! app request to a route only a stand-in could answer fails the tests.

use std::io::{BufRead, Write};

use basm_core::error::codes::ROUTE_NOT_FOUND;
use basm_core::{Context, Request, validate_request};

/// Whether core answers `route_not_found` to `method path` (path with its query). Sent with
/// the standard headers, so an authentication or header check cannot answer first (a path
/// like `/api/moves/:id/:action` is only known to be unrouted once the action is read).
///
/// Doorkeeper's routes (`use_doorkeeper`, upstream `config/routes.rb` L4) are not the API's
/// controllers and not in core's table: `POST /oauth/token` and `GET /oauth/token/info`, which
/// the sandbox serves ([`crate::oauth`]), count as routed.
pub fn unrouted(method: &str, path: &str) -> bool {
    let request = Request::new(method, path).with_standard_headers();
    let route = request.route_path();
    if crate::oauth::is_oauth_path(&route) {
        let method = method.to_ascii_uppercase();
        return !matches!(
            (method.as_str(), route.as_str()),
            ("POST", "/oauth/token") | ("GET", "/oauth/token/info")
        );
    }
    let verdict = validate_request(&request, &Context::empty());
    verdict.endpoint.is_none() || verdict.errors.iter().any(|e| e.code == ROUTE_NOT_FOUND)
}

/// Reads `METHOD PATH` lines, writes `route_not_found METHOD PATH` for each request core
/// does not route, and says whether every request was routed. Blank lines are skipped; a
/// line without a path counts as unrouted.
pub fn check_lines(input: impl BufRead, mut out: impl Write) -> std::io::Result<bool> {
    let mut all_routed = true;
    for line in input.lines() {
        let line = line?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (method, path) = line.split_once(' ').unwrap_or((line, ""));
        if path.is_empty() || unrouted(method, path.trim()) {
            all_routed = false;
            writeln!(out, "{ROUTE_NOT_FOUND} {line}")?;
        }
    }
    Ok(all_routed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apis_routes_pass() {
        assert!(!unrouted("GET", "/api/moves/m-1?include=timeline_events"));
        assert!(!unrouted("POST", "/api/moves/m-1/start"));
        assert!(!unrouted(
            "GET",
            "/api/reference/locations?per_page=100&page=2"
        ));
        // The timeline route only the sandbox used to serve (upstream has none).
        assert!(unrouted("GET", "/api/moves/m-1/events"));
        assert!(unrouted("POST", "/api/moves/m-1/teleport"));
        assert!(unrouted("DELETE", "/api/allocations/a-1"));
        // Routes of the API that basm does not judge are routes all the same.
        assert!(!unrouted("PATCH", "/api/people/p-1"));
        assert!(!unrouted("GET", "/api/person_escort_records/p-1"));
        assert!(!unrouted("GET", "/api/events/e-1"));
        assert!(unrouted("GET", "/api/populations"));
        assert!(!unrouted("GET", "/oauth/token/info"));
        assert!(!unrouted("POST", "/oauth/token"));
        assert!(unrouted("GET", "/oauth/token"));
    }

    #[test]
    fn reads_lines_and_reports_the_unrouted() {
        let input = "GET /api/moves/m-1/journeys\n\nGET /api/moves/m-1/events\nGET\n";
        let mut out = Vec::new();
        assert!(!check_lines(input.as_bytes(), &mut out).unwrap());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "route_not_found GET /api/moves/m-1/events\nroute_not_found GET\n"
        );
        let mut out = Vec::new();
        assert!(check_lines("POST /api/events\n".as_bytes(), &mut out).unwrap());
        assert!(out.is_empty());
    }
}
