//! What basm knows of each endpoint besides its handler, for describing the API (the CLI's
//! OpenAPI document): its `include=` values, filters, sorting, pagination, whether it reads
//! a body and `Idempotency-Key`, and the statuses it answers. The lists are the ones the
//! handlers check with; the statuses are those the handlers can return (shared checks
//! included), checked against the endpoint vectors by the CLI's tests.

use super::{allocations, common, journeys, moves, people};

/// Whether an endpoint reads a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyUse {
    /// It never reads one.
    None,
    /// It reads one when sent (an empty body is no parameters).
    Optional,
    /// It needs one (`params.require(:data)`: 400 without).
    Required,
}

/// How an endpoint treats `Idempotency-Key` (`api-conventions.md` §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// Required: a missing or malformed key is refused (422), a reused one replayed or 409.
    Required,
    /// Accepted and ignored (basm warns: a retry repeats the action).
    Ignored,
    /// Not read.
    NotRead,
}

/// One endpoint, described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointInfo {
    /// `GET`, `POST`, `PATCH`, `PUT`.
    pub method: &'static str,
    /// The path pattern, `:name` segments being parameters (`/api/moves/:id`).
    pub pattern: &'static str,
    /// `METHOD /pattern`, as [`crate::endpoints`] lists it.
    pub endpoint: &'static str,
    /// Whether it needs `Authorization: Bearer …` (401 without).
    pub auth: bool,
    /// What it does, in one line.
    pub summary: &'static str,
    /// The resource it belongs to (`moves`, `events`, …), for grouping.
    pub resource: &'static str,
    /// Whether it reads a body.
    pub body: BodyUse,
    /// The [`crate::documents`] type of its body, when there is one.
    pub document: Option<&'static str>,
    /// Its `include=` values (each prefix of a dotted value is accepted too); empty when it
    /// does not check `include`, or accepts no value (the events endpoints).
    pub includes: &'static [&'static str],
    /// Its filters (`filter[<name>]`, or `data.attributes.filter.<name>` when
    /// [`EndpointInfo::filters_in_body`]).
    pub filters: &'static [&'static str],
    /// Whether the filters are read from the body (the `POST …/filtered` variants).
    pub filters_in_body: bool,
    /// Its `sort[by]` values; empty when unsorted.
    pub sort_by: &'static [&'static str],
    /// Its `sort[direction]` values; empty when unsorted.
    pub sort_directions: &'static [&'static str],
    /// Whether it is paginated (`page`, `per_page`).
    pub paginated: bool,
    /// How it treats `Idempotency-Key`.
    pub idempotency_key: KeyUse,
    /// The values of its `:action` segment, when it has one.
    pub actions: Vec<&'static str>,
    /// Its success status.
    pub success: u16,
    /// The refusal statuses it can answer, ascending.
    pub refusals: &'static [u16],
    /// Whether a 400 may be plain JSON `{"error": …}` rather than a JSON:API error document.
    pub plain_400: bool,
}

/// The description of the route `endpoint` with `auth` and its version 2 `include=` values
/// (the route table's, which its handler checks with).
pub(super) fn describe(
    method: &'static str,
    pattern: &'static str,
    endpoint: &'static str,
    auth: bool,
    includes: &'static [&'static str],
) -> EndpointInfo {
    let mut info = EndpointInfo {
        method,
        pattern,
        endpoint,
        auth,
        summary: "",
        resource: "",
        body: BodyUse::None,
        document: None,
        includes,
        filters: &[],
        filters_in_body: false,
        sort_by: &[],
        sort_directions: &[],
        paginated: false,
        idempotency_key: KeyUse::NotRead,
        actions: Vec::new(),
        success: 200,
        refusals: &[],
        plain_400: false,
    };
    // Every route: 406 (malformed Content-Type) and 415 (media type, version); with
    // authentication 401; reading a body or `include` 400; `include` given as a number, `true`
    // or `false` in a JSON body, 500 (`common::check_include`).
    match endpoint {
        "POST /api/events" => {
            info.summary = "Records an event on a move, journey, person or person escort record";
            info.resource = "events";
            info.body = BodyUse::Required;
            info.idempotency_key = KeyUse::Ignored;
            info.success = 201;
            info.refusals = &[400, 401, 404, 406, 415, 422, 500];
        }
        "GET /api/events/:id" => {
            info.summary = "Shows an event";
            info.resource = "events";
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "GET /api/reference/locations" => {
            info.summary = "Lists locations (no authentication)";
            info.resource = "reference";
            info.filters = people::LOCATION_FILTERS;
            info.paginated = true;
            info.refusals = &[400, 406, 415, 500];
        }
        "GET /api/reference/locations/:id" => {
            info.summary = "Shows a location (no authentication)";
            info.resource = "reference";
            info.refusals = &[400, 404, 406, 415, 500];
        }
        "GET /api/reference/allocation_complex_cases" => {
            info.summary = "Lists the allocation complex cases";
            info.resource = "reference";
            info.refusals = &[400, 401, 406, 415, 500];
        }
        "GET /api/reference/categories" => {
            info.summary = "Lists the prisoner categories";
            info.resource = "reference";
            info.refusals = &[400, 401, 406, 415, 500];
        }
        "GET /api/allocations" | "POST /api/allocations/filtered" => {
            info.filters_in_body = method == "POST";
            info.summary = if info.filters_in_body {
                "Lists allocations, the filters in the body"
            } else {
                "Lists allocations"
            };
            info.resource = "allocations";
            info.body = if info.filters_in_body {
                BodyUse::Required
            } else {
                BodyUse::None
            };
            info.filters = allocations::FILTERS;
            info.sort_by = allocations::SORT_BY;
            info.sort_directions = common::SORT_DIRECTIONS;
            info.paginated = true;
            info.refusals = &[400, 401, 406, 415, 500];
            info.plain_400 = true;
        }
        "POST /api/allocations" => {
            info.summary = "Creates an allocation and its moves";
            info.resource = "allocations";
            info.body = BodyUse::Required;
            info.document = Some("AllocationCreate");
            info.idempotency_key = KeyUse::Ignored;
            info.success = 201;
            info.refusals = &[400, 401, 404, 406, 415, 422, 500];
        }
        "GET /api/allocations/:id" => {
            info.summary = "Shows an allocation";
            info.resource = "allocations";
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "PATCH /api/allocations/:id" | "PUT /api/allocations/:id" => {
            info.summary = "Changes an allocation's date";
            info.resource = "allocations";
            info.body = BodyUse::Required;
            info.document = Some("AllocationUpdate");
            info.idempotency_key = KeyUse::Ignored;
            info.refusals = &[400, 401, 404, 406, 415, 422, 500];
        }
        "POST /api/allocations/:id/cancel" => {
            info.summary = "Cancels an allocation and its moves";
            info.resource = "allocations";
            info.body = BodyUse::Required;
            info.document = Some("AllocationCancel");
            info.idempotency_key = KeyUse::Ignored;
            info.success = 204;
            info.refusals = &[400, 401, 404, 406, 415, 422, 500];
        }
        "GET /api/people" => {
            info.summary = "Finds people";
            info.resource = "people";
            info.filters = people::PEOPLE_FILTERS;
            info.paginated = true;
            info.refusals = &[400, 401, 406, 415, 500];
        }
        "POST /api/people" => {
            info.summary = "Creates a person";
            info.resource = "people";
            info.body = BodyUse::Required;
            info.document = Some("PersonCreate");
            info.idempotency_key = KeyUse::Ignored;
            info.success = 201;
            info.refusals = &[400, 401, 404, 406, 415, 422, 500];
        }
        "GET /api/people/:id" => {
            info.summary = "Shows a person (version 2 only: version 1 answers 406)";
            info.resource = "people";
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "POST /api/people/:id/profiles" => {
            info.summary = "Creates a profile of a person";
            info.resource = "people";
            info.body = BodyUse::Optional;
            info.document = Some("ProfileCreate");
            info.idempotency_key = KeyUse::Ignored;
            info.success = 201;
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "GET /api/moves" | "POST /api/moves/filtered" => {
            info.filters_in_body = method == "POST";
            info.summary = if info.filters_in_body {
                "Lists moves, the filters in the body"
            } else {
                "Lists moves"
            };
            info.resource = "moves";
            info.body = if info.filters_in_body {
                BodyUse::Required
            } else {
                BodyUse::None
            };
            info.filters = moves::FILTERS;
            info.sort_by = moves::SORT_BY;
            info.sort_directions = common::SORT_DIRECTIONS;
            info.paginated = true;
            info.refusals = &[400, 401, 406, 415, 422, 500];
        }
        "POST /api/moves" => {
            info.summary = "Creates a move";
            info.resource = "moves";
            info.body = BodyUse::Required;
            info.document = Some("MoveCreate");
            info.idempotency_key = KeyUse::Required;
            info.success = 201;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "GET /api/moves/:id" => {
            info.summary = "Shows a move";
            info.resource = "moves";
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "PATCH /api/moves/:id" | "PUT /api/moves/:id" => {
            info.summary = "Changes a move";
            info.resource = "moves";
            info.body = BodyUse::Required;
            info.document = Some("MoveUpdate");
            info.idempotency_key = KeyUse::Required;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "POST /api/moves/:id/:action" => {
            info.summary = "Accepts, approves, cancels, completes, locks out, redirects, rejects or starts a move";
            info.resource = "moves";
            info.body = BodyUse::Required;
            info.document = Some("MoveAction");
            info.idempotency_key = KeyUse::Required;
            info.actions = moves::action_paths();
            info.success = 204;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "GET /api/moves/:move_id/journeys" => {
            info.summary = "Lists a move's journeys";
            info.resource = "journeys";
            info.paginated = true;
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "POST /api/moves/:move_id/journeys" => {
            info.summary = "Creates a journey of a move";
            info.resource = "journeys";
            info.body = BodyUse::Required;
            info.document = Some("JourneyCreate");
            info.idempotency_key = KeyUse::Required;
            info.success = 201;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "GET /api/moves/:move_id/journeys/:id" => {
            info.summary = "Shows a journey of a move";
            info.resource = "journeys";
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "PATCH /api/moves/:move_id/journeys/:id" | "PUT /api/moves/:move_id/journeys/:id" => {
            info.summary = "Changes a journey";
            info.resource = "journeys";
            info.body = BodyUse::Required;
            info.document = Some("JourneyUpdate");
            info.idempotency_key = KeyUse::Required;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "POST /api/moves/:move_id/journeys/:id/:action" => {
            info.summary = "Starts, completes, cancels, uncancels, rejects, uncompletes, locks out or lodges a journey";
            info.resource = "journeys";
            info.body = BodyUse::Required;
            info.document = Some("JourneyAction");
            info.idempotency_key = KeyUse::Required;
            info.actions = journeys::action_paths();
            info.success = 204;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "GET /api/moves/:move_id/lodgings" => {
            info.summary = "Lists a move's lodgings";
            info.resource = "lodgings";
            info.paginated = true;
            info.refusals = &[400, 401, 404, 406, 415, 500];
        }
        "POST /api/moves/:move_id/lodgings" => {
            info.summary = "Creates a lodging of a move (not for supplier tokens)";
            info.resource = "lodgings";
            info.body = BodyUse::Required;
            info.document = Some("LodgingCreate");
            info.idempotency_key = KeyUse::Required;
            info.success = 201;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "POST /api/moves/:move_id/lodgings/cancel" => {
            info.summary = "Cancels every lodging of a move (not for supplier tokens)";
            info.resource = "lodgings";
            info.body = BodyUse::Optional;
            info.document = Some("LodgingCancel");
            info.idempotency_key = KeyUse::Ignored;
            info.success = 204;
            info.refusals = &[400, 401, 404, 406, 415, 422, 500];
        }
        "PATCH /api/moves/:move_id/lodgings/:id" | "PUT /api/moves/:move_id/lodgings/:id" => {
            info.summary = "Changes a lodging (not for supplier tokens)";
            info.resource = "lodgings";
            info.body = BodyUse::Required;
            info.document = Some("LodgingUpdate");
            info.idempotency_key = KeyUse::Required;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
        }
        "POST /api/moves/:move_id/lodgings/:id/cancel" => {
            info.summary = "Cancels a lodging (not for supplier tokens)";
            info.resource = "lodgings";
            info.body = BodyUse::Optional;
            info.document = Some("LodgingCancel");
            info.idempotency_key = KeyUse::Required;
            info.success = 204;
            info.refusals = &[400, 401, 404, 406, 409, 415, 422, 500];
            info.plain_400 = true;
        }
        // A route without a description fails the test below.
        _ => {}
    }
    info
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_described() {
        for info in crate::endpoint_infos() {
            assert!(
                !info.summary.is_empty(),
                "{} is not described",
                info.endpoint
            );
            assert!(!info.resource.is_empty(), "{}", info.endpoint);
            assert!(
                info.refusals.windows(2).all(|w| w[0] < w[1]),
                "{}",
                info.endpoint
            );
            assert_eq!(info.refusals.contains(&401), info.auth, "{}", info.endpoint);
        }
        assert_eq!(
            crate::endpoint_infos()
                .iter()
                .map(|i| i.endpoint.to_owned())
                .collect::<Vec<_>>(),
            crate::endpoints()
        );
    }
}
