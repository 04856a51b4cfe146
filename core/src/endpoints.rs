//! Routing a request to its endpoint, and the body checks every endpoint shares.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::context::Facts;
use crate::error::{ApiError, ApiErrorObject, ErrorKind, ErrorSource};
use crate::json::{Arena, Json, ParseError};
use crate::model::Outcome;
use crate::request::{HeaderFacts, HeaderMemo, HeaderRules, Request, check_headers_reading};
use crate::verdict::{Verdict, Warning, WarningKind};

/// `?` for the endpoint steps: the value, or return the refusal the step produced.
macro_rules! try_verdict {
    ($step:expr) => {
        match $step {
            Ok(value) => value,
            Err(verdict) => return *verdict,
        }
    };
}

pub mod about;
pub(crate) mod allocations;
pub mod common;
pub(crate) mod events;
pub(crate) mod journeys;
pub(crate) mod lodgings;
pub(crate) mod moves;
pub(crate) mod people;

/// A request's body, parsed at most once per request: by the endpoint when it reads the
/// body, or after validation by [`fixes`](crate::fixes) when an error is about a value in it.
/// An endpoint that refuses before reading the body (headers, path, idempotency) never pays
/// for parsing it.
pub(crate) struct Body<'r> {
    bytes: &'r [u8],
    /// Where the parsed tree lives (and the strings [`fixes`](crate::fixes) reads).
    arena: &'r Arena,
    parsed: OnceCell<Result<Json<'r>, ParseError>>,
}

impl<'r> Body<'r> {
    /// The body of a request, not parsed yet; its tree will live in `arena`.
    pub fn new(bytes: &'r [u8], arena: &'r Arena) -> Self {
        Body {
            bytes,
            arena,
            parsed: OnceCell::new(),
        }
    }

    /// The body as sent.
    pub fn bytes(&self) -> &'r [u8] {
        self.bytes
    }

    /// The arena of the body's tree.
    pub fn arena(&self) -> &'r Arena {
        self.arena
    }

    /// The body as JSON, parsed on the first call. An empty body is `{}`: Rails parses no
    /// parameters from it (`content_length.zero?`), so `require(:data)` then answers 400
    /// `data`. One of spaces only is not JSON to Rails' parser, as to this one.
    pub fn parsed(&self) -> Result<&Json<'r>, &ParseError> {
        self.parsed
            .get_or_init(|| {
                if self.bytes.is_empty() {
                    Ok(Json::Object(&[]))
                } else {
                    Json::parse(self.bytes, self.arena)
                }
            })
            .as_ref()
    }
}

/// One request being validated by one endpoint.
pub(crate) struct Call<'r> {
    pub req: &'r Request,
    /// The request's body, parsed when the endpoint first reads it ([`parse_body`]).
    pub body: &'r Body<'r>,
    pub facts: &'r dyn Facts,
    /// Path parameters by name (`id`, `move_id`, `action`).
    pub params: Vec<(&'static str, String)>,
    /// What the shared header checks found.
    pub headers: HeaderFacts,
    /// Whether the path has a query (`?…`): without one, no parameter needs reading.
    pub has_query: bool,
    /// The route's `include=` values.
    includes: Includes,
    pub out: Outcome,
}

impl<'r> Call<'r> {
    /// The shared `include=` check ([`common::check_include`]) with the route's list for the
    /// request's version ([`Includes`]), of `params[:include]` from the query or a JSON body
    /// ([`Call::rails_param`]); one `permit` drops (a list or an object) gets a warning
    /// instead. Each handler calls it where its controller checks `include`.
    pub fn check_include(&mut self) -> Result<(), Box<Verdict>> {
        let allowed = match self.headers.version {
            1 => self.includes.v1,
            _ => self.includes.v2,
        };
        match self.rails_param("include") {
            Some(given) if !given.is_scalar() => {
                let warning = common::dropped_by_permit("include", given);
                self.out.warnings.push(warning);
                Ok(())
            }
            Some(given) => common::check_include(given, allowed),
            None => Ok(()),
        }
    }

    /// `params[name]` as the controller reads it ([`crate::rails::param`]): the query's, else
    /// the body's member when Rails parses the body; a request with neither passes at once.
    pub fn rails_param(&self, name: &str) -> Option<crate::rails::Param<'r, 'r, 'r>> {
        let query = self.has_query.then(|| self.req.query_str()).flatten();
        let body = if self.headers.json_body {
            self.body.parsed().ok()
        } else if query.is_some() {
            None
        } else {
            return None;
        };
        crate::rails::param(query, body, name)
    }

    /// A path parameter.
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

type Handler = fn(&mut Call<'_>) -> Verdict;

/// What basm does with a route's requests.
enum Judge {
    /// Its handler judges them.
    Handler(Handler),
    /// A route the API has but basm does not judge past the shared header checks: the
    /// verdict says so ([`not_judged`]) rather than guessing, and never claims the route is
    /// missing.
    NotJudged {
        /// The status the API answers when the action succeeds.
        success: u16,
        /// The upstream controller action (`Api::PeopleController#update`); its file and
        /// lines are cited beside the route.
        upstream: &'static str,
    },
}

/// One route: method, path pattern (`:name` segments are parameters), handler.
struct Route {
    method: &'static str,
    pattern: &'static str,
    /// `METHOD /pattern`, as the verdict names it.
    endpoint: &'static str,
    judge: Judge,
    no_auth: bool,
    /// The endpoint takes `multipart/form-data` instead of JSON:API (`POST /api/documents`).
    multipart: bool,
    /// Its `include=` values: the one place that says which list an endpoint checks with.
    includes: Includes,
}

/// The `include=` values an endpoint accepts (its controller's `supported_relationships`),
/// in version 2 and in version 1, where the moves and people controllers take another list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Includes {
    v2: &'static [&'static str],
    v1: &'static [&'static str],
}

impl Includes {
    /// No value: `ApiController`'s default `supported_relationships`, `[]`.
    const NONE: Includes = Includes::same(common::NO_INCLUDES);

    /// The same list in both versions.
    const fn same(list: &'static [&'static str]) -> Includes {
        Includes { v2: list, v1: list }
    }

    /// Version 2's list, and version 1's.
    const fn versioned(v2: &'static [&'static str], v1: &'static [&'static str]) -> Includes {
        Includes { v2, v1 }
    }
}

/// A route that needs authorisation.
macro_rules! route {
    ($method:literal, $pattern:literal, $handler:expr, $includes:expr) => {
        Route {
            method: $method,
            pattern: $pattern,
            endpoint: concat!($method, " ", $pattern),
            judge: Judge::Handler($handler),
            no_auth: false,
            multipart: false,
            includes: $includes,
        }
    };
}

/// A route of the API that basm does not judge (see [`Judge::NotJudged`]).
macro_rules! not_judged {
    ($method:literal, $pattern:literal, $success:literal, $upstream:literal) => {
        Route {
            method: $method,
            pattern: $pattern,
            endpoint: concat!($method, " ", $pattern),
            judge: Judge::NotJudged {
                success: $success,
                upstream: $upstream,
            },
            no_auth: false,
            multipart: false,
            includes: Includes::NONE,
        }
    };
}

/// The `include=` lists more than one route takes.
const MOVE: Includes = Includes::versioned(moves::SHOW_INCLUDES, moves::V1_INCLUDES);
const MOVE_INDEX: Includes = Includes::versioned(moves::INDEX_INCLUDES, moves::V1_INCLUDES);
const PERSON: Includes = Includes::versioned(people::CREATE_INCLUDES, people::V1_INCLUDES);
const ALLOCATION: Includes = Includes::same(allocations::SHOW_INCLUDES);
const JOURNEY: Includes = Includes::same(journeys::INCLUDES);
const LODGING: Includes = Includes::same(lodgings::INCLUDES);
const LOCATION: Includes = Includes::same(people::LOCATION_INCLUDES);

/// Every endpoint basm knows, as `config/routes.rb` declares them.
static ROUTES: &[Route] = &[
    route!(
        "POST",
        "/api/events",
        events::create,
        Includes::same(events::INCLUDES)
    ),
    route!(
        "GET",
        "/api/events/:id",
        events::show,
        Includes::same(events::INCLUDES)
    ),
    Route {
        method: "GET",
        pattern: "/api/reference/locations",
        endpoint: concat!("GET", " ", "/api/reference/locations"),
        judge: Judge::Handler(people::locations_index),
        no_auth: true,
        multipart: false,
        includes: LOCATION,
    },
    Route {
        method: "GET",
        pattern: "/api/reference/locations/:id",
        endpoint: concat!("GET", " ", "/api/reference/locations/:id"),
        judge: Judge::Handler(people::location_show),
        no_auth: true,
        multipart: false,
        includes: LOCATION,
    },
    route!(
        "GET",
        "/api/reference/allocation_complex_cases",
        people::complex_cases,
        Includes::NONE
    ),
    route!(
        "GET",
        "/api/reference/categories",
        people::categories,
        Includes::NONE
    ),
    // `AllocationsController#supported_relationships` (upstream
    // `app/controllers/api/allocations_controller.rb` L118-125) gives the index's list to the
    // action named `index` only: `filtered` takes the show's.
    route!(
        "GET",
        "/api/allocations",
        allocations::list,
        Includes::same(allocations::INDEX_INCLUDES)
    ),
    route!(
        "POST",
        "/api/allocations/filtered",
        allocations::list,
        ALLOCATION
    ),
    route!(
        "POST",
        "/api/allocations",
        allocations::create,
        Includes::NONE
    ),
    route!("GET", "/api/allocations/:id", allocations::show, ALLOCATION),
    route!(
        "PATCH",
        "/api/allocations/:id",
        allocations::update,
        Includes::NONE
    ),
    route!(
        "PUT",
        "/api/allocations/:id",
        allocations::update,
        Includes::NONE
    ),
    route!(
        "POST",
        "/api/allocations/:id/cancel",
        allocations::cancel,
        Includes::NONE
    ),
    route!(
        "GET",
        "/api/people",
        people::index,
        Includes::versioned(people::INDEX_INCLUDES, people::V1_INCLUDES)
    ),
    route!("POST", "/api/people", people::create, PERSON),
    route!("GET", "/api/people/:id", people::show, PERSON),
    route!(
        "POST",
        "/api/people/:id/profiles",
        people::create_profile,
        Includes::same(people::PROFILE_INCLUDES)
    ),
    // `filtered` takes the show's list, as the allocations do (only the action named `index`
    // takes the index's); version 1 has one list.
    route!("GET", "/api/moves", moves::list, MOVE_INDEX),
    route!("POST", "/api/moves/filtered", moves::list, MOVE),
    route!("POST", "/api/moves", moves::create, MOVE),
    route!("GET", "/api/moves/:id", moves::show, MOVE),
    route!("PATCH", "/api/moves/:id", moves::update, MOVE),
    route!("PUT", "/api/moves/:id", moves::update, MOVE),
    route!(
        "POST",
        "/api/moves/:id/:action",
        moves::action,
        Includes::NONE
    ),
    route!(
        "GET",
        "/api/moves/:move_id/journeys",
        journeys::index,
        Includes::same(journeys::INDEX_INCLUDES)
    ),
    route!(
        "POST",
        "/api/moves/:move_id/journeys",
        journeys::create,
        JOURNEY
    ),
    route!(
        "GET",
        "/api/moves/:move_id/journeys/:id",
        journeys::show,
        JOURNEY
    ),
    route!(
        "PATCH",
        "/api/moves/:move_id/journeys/:id",
        journeys::update,
        JOURNEY
    ),
    route!(
        "PUT",
        "/api/moves/:move_id/journeys/:id",
        journeys::update,
        JOURNEY
    ),
    // `JourneyEventsController` has no `supported_relationships`.
    route!(
        "POST",
        "/api/moves/:move_id/journeys/:id/:action",
        journeys::action,
        Includes::NONE
    ),
    route!(
        "GET",
        "/api/moves/:move_id/lodgings",
        lodgings::index,
        LODGING
    ),
    route!(
        "POST",
        "/api/moves/:move_id/lodgings",
        lodgings::create,
        LODGING
    ),
    route!(
        "POST",
        "/api/moves/:move_id/lodgings/cancel",
        lodgings::cancel_all,
        LODGING
    ),
    route!(
        "PATCH",
        "/api/moves/:move_id/lodgings/:id",
        lodgings::update,
        LODGING
    ),
    route!(
        "PUT",
        "/api/moves/:move_id/lodgings/:id",
        lodgings::update,
        LODGING
    ),
    route!(
        "POST",
        "/api/moves/:move_id/lodgings/:id/cancel",
        lodgings::cancel,
        LODGING
    ),
    // The API's other routes (upstream `config/routes.rb` L19–114 at 980decfc), which basm
    // does not judge past the shared header checks. Each gives the action's success status
    // and the action (paths under app/controllers/). None turns authentication off.
    // api/court_hearings_controller.rb L3, L20
    not_judged!(
        "POST",
        "/api/court_hearings",
        201,
        "Api::CourtHearingsController#create"
    ),
    Route {
        method: "POST",
        pattern: "/api/documents",
        endpoint: "POST /api/documents",
        judge: Judge::NotJudged {
            success: 201,
            // api/documents_controller.rb L7-9
            upstream: "Api::DocumentsController#create",
        },
        no_auth: false,
        // `set_restricted_request_content_type` (api/documents_controller.rb L5, L30-32).
        multipart: true,
        includes: Includes::NONE,
    },
    // api/people_controller.rb L22; v1 api/v1/people_actions.rb L45-50, v2 api/v2/people_actions.rb L25-31
    not_judged!(
        "PATCH",
        "/api/people/:id",
        200,
        "Api::PeopleController#update"
    ),
    // api/people_controller.rb L22; v1 api/v1/people_actions.rb L45-50, v2 api/v2/people_actions.rb L25-31
    not_judged!(
        "PUT",
        "/api/people/:id",
        200,
        "Api::PeopleController#update"
    ),
    // api/people_controller.rb L26-37
    not_judged!(
        "GET",
        "/api/people/:person_id/images",
        200,
        "Api::PeopleController#image"
    ),
    // api/people_controller.rb L40-47 (200 also when NOMIS fails)
    not_judged!(
        "GET",
        "/api/people/:person_id/court_cases",
        200,
        "Api::PeopleController#court_cases"
    ),
    // api/people_controller.rb L50-60 (filter[date_from] and filter[date_to] required)
    not_judged!(
        "GET",
        "/api/people/:person_id/timetable",
        200,
        "Api::PeopleController#timetable"
    ),
    // api/profiles_controller.rb L15-21
    not_judged!(
        "PATCH",
        "/api/people/:person_id/profiles/:id",
        200,
        "Api::ProfilesController#update"
    ),
    // api/profiles_controller.rb L15-21
    not_judged!(
        "PUT",
        "/api/people/:person_id/profiles/:id",
        200,
        "Api::ProfilesController#update"
    ),
    // api/moves_controller.rb L19-36 (202 instead with async=allow over 5,000 moves)
    not_judged!("POST", "/api/moves/csv", 200, "Api::MovesController#csv"),
    // api/extradition_flight_controller.rb L15-16
    not_judged!(
        "GET",
        "/api/moves/:move_id/extradition_flight",
        200,
        "Api::ExtraditionFlightController#index"
    ),
    // api/extradition_flight_controller.rb L19-21
    not_judged!(
        "POST",
        "/api/moves/:move_id/extradition_flight",
        201,
        "Api::ExtraditionFlightController#create"
    ),
    // api/extradition_flight_controller.rb L24-27
    not_judged!(
        "PATCH",
        "/api/moves/:move_id/extradition_flight/:id",
        200,
        "Api::ExtraditionFlightController#update"
    ),
    // api/extradition_flight_controller.rb L24-27
    not_judged!(
        "PUT",
        "/api/moves/:move_id/extradition_flight/:id",
        200,
        "Api::ExtraditionFlightController#update"
    ),
    // api/framework_assessments_controller.rb L16-22
    not_judged!(
        "POST",
        "/api/person_escort_records",
        201,
        "Api::PersonEscortRecordsController#create"
    ),
    // api/framework_assessments_controller.rb L32-33
    not_judged!(
        "GET",
        "/api/person_escort_records/:id",
        200,
        "Api::PersonEscortRecordsController#show"
    ),
    // api/framework_assessments_controller.rb L25-29
    not_judged!(
        "PATCH",
        "/api/person_escort_records/:id",
        200,
        "Api::PersonEscortRecordsController#update"
    ),
    // api/framework_assessments_controller.rb L25-29
    not_judged!(
        "PUT",
        "/api/person_escort_records/:id",
        200,
        "Api::PersonEscortRecordsController#update"
    ),
    // api/framework_responses_controller.rb L33-41
    not_judged!(
        "PATCH",
        "/api/person_escort_records/:id/framework_responses",
        204,
        "Api::FrameworkResponsesController#bulk_update"
    ),
    // api/framework_assessments_controller.rb L16-22
    not_judged!(
        "POST",
        "/api/youth_risk_assessments",
        201,
        "Api::YouthRiskAssessmentsController#create"
    ),
    // api/framework_assessments_controller.rb L32-33
    not_judged!(
        "GET",
        "/api/youth_risk_assessments/:id",
        200,
        "Api::YouthRiskAssessmentsController#show"
    ),
    // api/framework_assessments_controller.rb L25-29
    not_judged!(
        "PATCH",
        "/api/youth_risk_assessments/:id",
        200,
        "Api::YouthRiskAssessmentsController#update"
    ),
    // api/framework_assessments_controller.rb L25-29
    not_judged!(
        "PUT",
        "/api/youth_risk_assessments/:id",
        200,
        "Api::YouthRiskAssessmentsController#update"
    ),
    // api/framework_responses_controller.rb L33-41
    not_judged!(
        "PATCH",
        "/api/youth_risk_assessments/:id/framework_responses",
        204,
        "Api::FrameworkResponsesController#bulk_update"
    ),
    // api/framework_responses_controller.rb L23-30
    not_judged!(
        "PATCH",
        "/api/framework_responses/:id",
        200,
        "Api::FrameworkResponsesController#update"
    ),
    // api/framework_responses_controller.rb L23-30
    not_judged!(
        "PUT",
        "/api/framework_responses/:id",
        200,
        "Api::FrameworkResponsesController#update"
    ),
    // api/populations_controller.rb L15-16
    not_judged!(
        "GET",
        "/api/locations_free_spaces",
        200,
        "Api::PopulationsController#index"
    ),
    // api/populations_controller.rb L9-12
    not_judged!(
        "GET",
        "/api/populations/new",
        200,
        "Api::PopulationsController#new"
    ),
    // api/populations_controller.rb L21-22
    not_judged!(
        "GET",
        "/api/populations/:id",
        200,
        "Api::PopulationsController#show"
    ),
    // api/populations_controller.rb L25-28
    not_judged!(
        "POST",
        "/api/populations",
        201,
        "Api::PopulationsController#create"
    ),
    // api/populations_controller.rb L31-35
    not_judged!(
        "PATCH",
        "/api/populations/:id",
        200,
        "Api::PopulationsController#update"
    ),
    // api/populations_controller.rb L31-35
    not_judged!(
        "PUT",
        "/api/populations/:id",
        200,
        "Api::PopulationsController#update"
    ),
    // api/reference/assessment_questions_controller.rb L6-8
    not_judged!(
        "GET",
        "/api/reference/assessment_questions",
        200,
        "Api::Reference::AssessmentQuestionsController#index"
    ),
    // api/reference/ethnicities_controller.rb L6-8
    not_judged!(
        "GET",
        "/api/reference/ethnicities",
        200,
        "Api::Reference::EthnicitiesController#index"
    ),
    // api/reference/frameworks_controller.rb L6-7
    not_judged!(
        "GET",
        "/api/reference/frameworks",
        200,
        "Api::Reference::FrameworksController#index"
    ),
    // api/reference/frameworks_controller.rb L10-11
    not_judged!(
        "GET",
        "/api/reference/frameworks/:id",
        200,
        "Api::Reference::FrameworksController#show"
    ),
    // api/reference/genders_controller.rb L6-8
    not_judged!(
        "GET",
        "/api/reference/genders",
        200,
        "Api::Reference::GendersController#index"
    ),
    // api/reference/identifier_types_controller.rb L6-8
    not_judged!(
        "GET",
        "/api/reference/identifier_types",
        200,
        "Api::Reference::IdentifierTypesController#index"
    ),
    // api/reference/prison_transfer_reasons_controller.rb L6-8
    not_judged!(
        "GET",
        "/api/reference/prison_transfer_reasons",
        200,
        "Api::Reference::PrisonTransferReasonsController#index"
    ),
    // api/reference/regions_controller.rb L6-8
    not_judged!(
        "GET",
        "/api/reference/regions",
        200,
        "Api::Reference::RegionsController#index"
    ),
    // api/reference/regions_controller.rb L11-13
    not_judged!(
        "GET",
        "/api/reference/regions/:id",
        200,
        "Api::Reference::RegionsController#show"
    ),
    // api/reference/suppliers_controller.rb L6-8
    not_judged!(
        "GET",
        "/api/reference/suppliers",
        200,
        "Api::Reference::SuppliersController#index"
    ),
    // api/reference/suppliers_controller.rb L11-21 (the id is the supplier's key)
    not_judged!(
        "GET",
        "/api/reference/suppliers/:id",
        200,
        "Api::Reference::SuppliersController#show"
    ),
    // api/suppliers_controller.rb L5-12
    not_judged!(
        "GET",
        "/api/suppliers/:supplier_id/locations",
        200,
        "Api::SuppliersController#locations"
    ),
];

/// Whether `pattern` matches `segments` (`:name` segments match anything), and how many
/// parameters it takes. Allocates nothing: it runs for every route of every request.
///
/// One walk over the pattern's bytes (its parts are short: a byte loop costs less than
/// `split`'s search), stopping at the first part that differs.
fn route_matches(pattern: &'static str, segments: &[&str]) -> Option<usize> {
    let mut rest = pattern.as_bytes();
    let mut params = 0;
    for seg in segments {
        while let [b'/', tail @ ..] = rest {
            rest = tail;
        }
        let len = rest.iter().position(|&c| c == b'/').unwrap_or(rest.len());
        let (part, tail) = rest.split_at(len);
        match part.first() {
            None => return None,
            Some(b':') => params += 1,
            Some(_) if part != seg.as_bytes() => return None,
            Some(_) => {}
        }
        rest = tail;
    }
    rest.iter().all(|&c| c == b'/').then_some(params)
}

/// A route found for a request: the route, the path's segments as the route read them (the
/// last without its format; empty when the path is the route's literal pattern) and the
/// format the path's extension gives.
pub(crate) struct Found<'p> {
    route: &'static Route,
    segments: Vec<&'p str>,
    format: Option<&'p str>,
}

/// The segments of `path` (in [`Request::route`]'s form) as Journey matches them against the
/// API's routes, each of which ends in `(.:format)` (`routing/mapper.rb`, `optional_format?`:
/// every route the API's `config/routes.rb` draws takes one): the last segment's extension,
/// after its first `.`, is the format, and is cut from it. `None` when no route can match:
/// the path does not start with `/`, or a `.` is where none can be (a segment and a format
/// are `[^./?]+`, `DEFAULT_EXP` of `journey/nodes/node.rb:142`, and no literal part of a route
/// has a `.`), so `/api/moves/a.b` is the move `a` as `b`, and `/api/moves/a.b.c`,
/// `/api/moves/a./journeys` and `/api/moves/.json` are routed nowhere.
fn format_split(path: &str) -> Option<(Vec<&str>, Option<&str>)> {
    let rest = path.strip_prefix('/')?;
    let mut segments: Vec<&str> = rest.split('/').collect();
    let last = segments.pop()?;
    if segments.iter().any(|s| s.contains('.')) {
        return None;
    }
    let (stem, format) = match last.split_once('.') {
        Some((stem, format)) if stem.is_empty() || format.is_empty() || format.contains('.') => {
            return None;
        }
        Some((stem, format)) => (stem, Some(format)),
        None => (last, None),
    };
    segments.push(stem);
    Some((segments, format))
}

/// The route of `method` (upper case) and `path` (in [`Request::route`]'s form): the matching
/// route with the fewest parameters, the first of those in [`ROUTES`], so a literal route wins
/// over a parameter route (`lodgings/cancel` over `lodgings/:id`). A literal pattern equal to
/// the path is therefore the answer without matching segments (the common case: `POST
/// /api/events`).
fn find_route<'p>(method: &str, path: &'p str) -> Option<Found<'p>> {
    let method_matches = |r: &Route| r.method == method || (method == "HEAD" && r.method == "GET");
    if let Some(literal) = ROUTES
        .iter()
        .find(|r| r.pattern == path && method_matches(r) && !r.pattern.contains(':'))
    {
        return Some(Found {
            route: literal,
            segments: Vec::new(),
            format: None,
        });
    }
    let (segments, format) = format_split(path)?;
    let route = ROUTES
        .iter()
        .filter(|r| method_matches(r))
        .filter_map(|r| route_matches(r.pattern, &segments).map(|n| (r, n)))
        .min_by_key(|(_, n)| *n)
        .map(|(r, _)| r)?;
    Some(Found {
        route,
        segments,
        format,
    })
}

/// Whether the request's route takes `multipart/form-data` rather than JSON:API.
pub(crate) fn takes_multipart(req: &Request) -> bool {
    find_route(&req.method_name(), &req.route()).is_some_and(|f| f.route.multipart)
}

/// The format the path's extension gives `params[:format]` (`/api/moves/m1.json`: `json`),
/// as the router decodes it; `None` when it gives none, no route matches, or a path
/// parameter cannot be read (the router then sets none).
pub(crate) fn path_format(req: &Request) -> Option<String> {
    path_params(req)?
        .into_iter()
        .find_map(|(name, value)| (name == "format").then_some(value))
}

/// [`crate::path_params`].
pub(crate) fn path_params(request: &Request) -> Option<Vec<(&'static str, String)>> {
    let route = request.route();
    let found = find_route(&request.method_name(), &route)?;
    route_params(&found).ok()
}

/// The parameters of a matched route, by name, as the router decodes them (the format as
/// `format`); a 400 when one is not UTF-8 once decoded (`path_parameters=` raises
/// `BadRequest`, before the controller).
fn route_params(found: &Found<'_>) -> Result<Vec<(&'static str, String)>, Box<Verdict>> {
    let mut params = Vec::new();
    let names = found
        .route
        .pattern
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|part| part.strip_prefix(':'));
    let format = found.format.map(|f| (Some("format"), f));
    for (name, seg) in names.zip(found.segments.iter().copied()).chain(format) {
        let Some(name) = name else {
            continue;
        };
        match crate::rails::unescape_path_param(seg) {
            Ok(value) => params.push((name, value.into_owned())),
            Err(message) => {
                let kind = ErrorKind::UnreadableParameters {
                    query: false,
                    message,
                };
                let e = ApiError::from_kind(&kind, ErrorSource::parameter(name)).unverified();
                return Err(Box::new(Verdict::refused_by_rails(400, vec![e])));
            }
        }
    }
    Ok(params)
}

/// The routes basm judges.
fn judged() -> impl Iterator<Item = &'static Route> {
    ROUTES
        .iter()
        .filter(|r| matches!(r.judge, Judge::Handler(_)))
}

/// The endpoint names basm judges, as `METHOD /pattern`.
pub fn endpoints() -> Vec<String> {
    judged().map(|r| r.endpoint.to_owned()).collect()
}

/// The endpoints of the API that basm does not judge past the shared header checks, as
/// `METHOD /pattern`: their verdicts say so in `unchecked`.
pub fn endpoints_not_judged() -> Vec<String> {
    ROUTES
        .iter()
        .filter(|r| matches!(r.judge, Judge::NotJudged { .. }))
        .map(|r| r.endpoint.to_owned())
        .collect()
}

/// Every endpoint basm judges, described ([`about::EndpointInfo`]), in route order.
pub fn endpoint_infos() -> Vec<about::EndpointInfo> {
    judged()
        .map(|r| about::describe(r.method, r.pattern, r.endpoint, !r.no_auth, r.includes.v2))
        .collect()
}

/// The verdict on a request to a route basm does not judge, once the shared header checks
/// pass: the API's success status, and in `unchecked` everything the endpoint checks itself.
/// Nothing is guessed: the route exists, so no 404, and no refusal basm cannot show.
fn not_judged(route: &Route, success: u16, upstream: &'static str) -> Verdict {
    let mut verdict = Verdict::accepted(
        success,
        crate::verdict::Effect {
            summary: "Not judged by basm: what this request changes is not known".into(),
            changes: Vec::new(),
        },
    );
    verdict.unchecked.push(crate::verdict::Unchecked::new(
        crate::verdict::UncheckedKind::NotJudged {
            endpoint: route.endpoint,
            upstream,
        },
        ErrorSource::default(),
    ));
    verdict
}

/// Validates any request: routes it, runs the shared header checks (through `memo` when given),
/// then the endpoint's. `body` is the request's body, parsed by the endpoint that reads it.
pub(crate) fn validate<'r>(
    req: &'r Request,
    body: &'r Body<'r>,
    facts: &'r dyn Facts,
    memo: Option<&mut HeaderMemo>,
) -> Verdict {
    let method = req.method_name();
    let upper_cased = match &method {
        Cow::Owned(upper) => Some(upper.as_str()),
        Cow::Borrowed(_) => None,
    };
    let path = req.route();
    let found = find_route(&method, &path);
    // Puma reads the request line and the headers before the API does.
    if let Some(mut verdict) = common::past_server_limits(req)
        .then(|| common::server_limit(req))
        .flatten()
    {
        verdict.endpoint = found.map(|f| Cow::Borrowed(f.route.endpoint));
        warn_method(req, upper_cased, &mut verdict);
        return verdict;
    }
    // Then the app's first middleware, `Rack::Cors`, answers a CORS preflight itself.
    if let Some(mut verdict) = crate::rack::preflight(req, &method) {
        warn_method(req, upper_cased, &mut verdict);
        return verdict;
    }
    let Some(found) = found else {
        let mut verdict = common::route_not_found(&method, &path);
        crate::rack::deflate(req, &mut verdict, false, None);
        rails_body(&mut verdict, req, body);
        warn_method(req, upper_cased, &mut verdict);
        return verdict;
    };
    let route = found.route;
    let params = if found.segments.is_empty() {
        Ok(Vec::new())
    } else {
        route_params(&found)
    };
    let rules = HeaderRules {
        no_auth: route.no_auth,
        multipart: route.multipart,
    };
    // `route` ends where the query (or a fragment) starts; a route that had to be rebuilt is
    // compared by a scan.
    let has_query = match &path {
        Cow::Borrowed(route) => route.len() < req.path.len(),
        Cow::Owned(_) => req.path.contains('?'),
    };
    // What Rails reads before the controller's callbacks, in its order (`crate::rails`): the
    // path's parameters (the router), `Content-Type`, the query, `Accept`.
    let query = has_query
        .then(|| crate::rails::query_failure(req))
        .flatten();
    let checked = match (params, query) {
        (Err(refused), _) => Err(refused),
        (Ok(_), Some(_)) if crate::rails::content_mime(req).is_err() => {
            Err(Box::new(crate::request::invalid_content_type(req)))
        }
        (Ok(_), Some(failure)) => Err(Box::new(common::unreadable_query(failure))),
        (Ok(params), None) => {
            // Rails reads `Accept` only when the parameters give no `format`.
            let mut reads_accept = || crate::rails::reads_accept_for_format(req, body);
            match memo {
                Some(memo) => memo.check(req, rules, &mut reads_accept),
                None => check_headers_reading(req, rules, &mut reads_accept),
            }
            .map(|headers| (headers, params))
        }
    };
    // Without a bearer token, Doorkeeper looks for one in the parameters
    // (`from_access_token_param`), so a body Rails cannot parse is a 400 before the 401. With
    // one, `validate_include_params`, the last of `ApiController`'s callbacks before the
    // controllers' own, reads them: a 400 before anything the controller checks.
    let unreadable = match &checked {
        Ok((headers, _)) => (headers.json_body)
            .then(|| parse_body(body).err())
            .flatten(),
        Err(v) if v.status == 401 => unreadable_body(req, body),
        Err(_) => None,
    };
    // Read with the headers when they passed (the memo keeps it); otherwise when needed.
    let encoding = checked.as_ref().ok().map(|(headers, _)| headers.encoding);
    let mut verdict = match (checked, unreadable) {
        (_, Some(refused)) => *refused,
        (Err(v), None) => *v,
        (Ok((headers, params)), None) => {
            let mut call = Call {
                req,
                body,
                facts,
                params,
                headers,
                has_query,
                includes: route.includes,
                out: Outcome::default(),
            };
            let mut v = match route.judge {
                Judge::Handler(handler) => handler(&mut call),
                Judge::NotJudged { success, upstream } => not_judged(route, success, upstream),
            };
            append_moved(&mut v.warnings, &mut call.out.warnings);
            append_moved(&mut v.unchecked, &mut call.out.unchecked);
            v
        }
    };
    verdict.cap_warnings();
    verdict.endpoint = Some(Cow::Borrowed(route.endpoint));
    if !verdict.valid {
        // A refused request changes nothing.
        verdict.effect = None;
    } else if verdict.status == 200
        && crate::rack::may_be_not_modified(
            req,
            &method,
            encoding.unwrap_or_else(|| crate::rack::encoding(req)),
        )
    {
        verdict.unchecked.push(crate::verdict::Unchecked::new(
            crate::verdict::UncheckedKind::NotModified,
            ErrorSource::header("If-None-Match"),
        ));
    }
    // `Rack::Deflater` sees the app's answer, not Rails' own (`ShowExceptions` is outside it).
    if !verdict.answered_by_rails() {
        crate::rack::deflate(req, &mut verdict, true, encoding);
    }
    rails_body(&mut verdict, req, body);
    warn_method(req, upper_cased, &mut verdict);
    verdict
}

/// The warning `method_case` on `verdict` when `req`'s method is one `fetch()` sends as
/// written. A method is read in any case (`post` is `POST`, as `fetch()` and Node's `http`
/// send it), but Puma's parser reads a method of upper-case letters, digits, `$`, `-`, `_` and
/// `.` only (`ext/puma_http11/http11_parser_common.rl:38`), so `patch` on the wire is its 400;
/// the Fetch standard's "normalize a method" upper-cases `DELETE`, `GET`, `HEAD`, `OPTIONS`,
/// `POST` and `PUT` only.
/// `upper_cased`: the method upper-cased, when it had a lower-case letter.
fn warn_method(req: &Request, upper_cased: Option<&str>, verdict: &mut Verdict) {
    if let Some(upper) = upper_cased
        && !matches!(
            upper,
            "DELETE" | "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT"
        )
    {
        warn_method_case(req, verdict);
    }
}

#[cold]
fn warn_method_case(req: &Request, verdict: &mut Verdict) {
    verdict.warnings.push(crate::verdict::Warning::new(
        crate::verdict::WarningKind::MethodCase {
            method: req.method.clone(),
        },
        ErrorSource::default(),
    ));
}

/// The 400 Rails answers when it cannot parse a body it parses (`Content-Type` is one of the
/// JSON types, the body is not empty: `http/parameters.rb`, `parse_formatted_parameters`).
fn unreadable_body(req: &Request, body: &Body<'_>) -> Option<Box<Verdict>> {
    let parses = matches!(crate::rails::content_mime(req), Ok(Some(m)) if m.is_json());
    if !parses {
        return None;
    }
    parse_body(body).err()
}

/// Decides the body of Rails' own answer ([`Verdict::refused_by_rails`], every crash) from
/// what the request asks for. When rendering it raises again (an `Accept` whose `q`
/// overflows), `ShowExceptions` answers its failsafe 500.
fn rails_body(verdict: &mut Verdict, req: &Request, body: &Body<'_>) {
    if !verdict.answered_by_rails() {
        return;
    }
    let rendered = crate::rails::exception_body(verdict.status, req, body);
    if rendered == crate::rails::ExceptionBody::Failsafe && verdict.status != 500 {
        let reason = format!(
            "Rails fails to render its {} answer: Accept {:?} has a q too large for Ruby's \
             Float#to_i (FloatDomainError), so ShowExceptions answers its failsafe 500 in \
             plain text",
            verdict.status,
            req.header_str("Accept").unwrap_or_default()
        );
        let kind = ErrorKind::ServerError {
            reason: reason.clone(),
        };
        let mut e = ApiError::from_kind(&kind, ErrorSource::header("Accept")).unverified();
        e.meta.reason = Some(reason);
        verdict.errors.push(e);
        verdict.status = 500;
    }
    verdict.set_rails_body(rendered);
}

/// `from`'s items after `into`'s; when `into` has none, `from`'s vector is moved, not copied
/// into a new one.
fn append_moved<T>(into: &mut Vec<T>, from: &mut Vec<T>) {
    if into.is_empty() {
        std::mem::swap(into, from);
    } else {
        into.append(from);
    }
}

/// Warns that the endpoint ignores `Idempotency-Key` (so a retry repeats the action).
pub(crate) fn warn_ignored_key(call: &mut Call<'_>, consequence: &'static str) {
    if call.req.header_str("Idempotency-Key").is_some() {
        call.out.warnings.push(Warning::new(
            WarningKind::IgnoredIdempotencyKey { consequence },
            ErrorSource::header("Idempotency-Key"),
        ));
    }
}

/// Warns of each attribute a create does not permit (`params.permit` drops it silently).
pub(crate) fn warn_unpermitted_attributes(
    attributes: Option<&Json<'_>>,
    permitted: &[&str],
    out: &mut Outcome,
) {
    for (key, _) in attributes.and_then(Json::as_object).into_iter().flatten() {
        if !permitted.contains(key) {
            out.warnings.push(Warning::new(
                WarningKind::UnpermittedOnCreate {
                    key: key.to_string(),
                },
                ErrorSource::pointer(crate::pointer::attribute(key)),
            ));
        }
    }
}

/// The parsed body ([`Body::parsed`]: an empty one is `{}`), or a 400 that says why it
/// cannot be read.
pub(crate) fn parse_body<'b, 'r>(body: &'b Body<'r>) -> Result<&'b Json<'r>, Box<Verdict>> {
    body.parsed().map_err(|e| {
        let mut error = ApiError::from_kind(
            &ErrorKind::UnreadableBody { error: e.clone() },
            ErrorSource::pointer(""),
        )
        .unverified();
        if let ParseError::TooLarge { .. } = e {
            // basm's own limit, not the API's: what the API answers is not known.
            error.meta.reason = Some(
                "basm reads at most this much of a body; the API reads more, so its answer is \
                 not known"
                    .into(),
            );
            return Box::new(Verdict::refused(400, vec![error]));
        }
        error.meta.reason = Some(
            "Rails raises ParseError when it cannot parse the body, which no rescue_from of the \
             API handles: Rails' own 400 (its JSON parser's message differs from this detail)"
                .into(),
        );
        Box::new(Verdict::refused_by_rails(400, vec![error]))
    })
}

/// `params.require(:data)`: missing or blank (but not `false`) → 400.
pub(crate) fn require_data<'d, 'a>(doc: &'d Json<'a>) -> Result<&'d Json<'a>, Box<Verdict>> {
    require(doc, "data", "/data")
}

/// `params.require(key)` on `parent`.
pub(crate) fn require<'d, 'a>(
    parent: &'d Json<'a>,
    key: &str,
    pointer: &str,
) -> Result<&'d Json<'a>, Box<Verdict>> {
    match parent.get(key) {
        Some(v) if !v.is_blank() || matches!(v, Json::Bool(false)) => Ok(v),
        _ => {
            let kind = ErrorKind::ParameterMissing {
                key: key.to_owned(),
            };
            let e = ApiError::from_kind(&kind, ErrorSource::pointer(pointer.to_owned()));
            let detail = e.detail.clone();
            let e = e.with_api(ApiErrorObject {
                title: "Bad request".into(),
                detail,
                ..Default::default()
            });
            Err(Box::new(Verdict::refused(400, vec![e])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every route of upstream `config/routes.rb`'s `namespace :api` is in the table once:
    /// 36 judged, 44 not (their statuses read from the controllers), and each one routes to
    /// itself.
    /// Every route takes the path's extension as its format (`(.:format)`), and a `.` is
    /// nowhere else (`[^./?]+`).
    #[test]
    fn routes_take_a_format_and_no_other_dot() {
        for r in ROUTES {
            let path = r.pattern.replace(":action", "start").replace(':', "x");
            let with = format!("{path}.json");
            let found = find_route(r.method, &with).map(|f| (f.route.endpoint, f.format));
            assert_eq!(found, Some((r.endpoint, Some("json"))), "{with}");
            for bad in [".", ".a.b", "."].map(|tail| format!("{path}{tail}")) {
                assert!(find_route(r.method, &bad).is_none(), "{bad}");
            }
        }
        for path in ["/api/moves/a.b/journeys", "/api/moves/.json", "api/moves"] {
            assert!(find_route("GET", path).is_none(), "{path}");
        }
        let params = |path: &str| path_params(&Request::new("GET", path));
        assert_eq!(
            path_params(&Request::new("POST", "/api/moves/a/journeys/b/start")),
            Some(vec![
                ("move_id", "a".to_owned()),
                ("id", "b".to_owned()),
                ("action", "start".to_owned())
            ])
        );
        // Decoded as the router does (`+` stays), the format too; `/v1` anywhere is taken out.
        assert_eq!(
            params("/api/v1/moves/a+b%2Ec/journeys/j%31.x%6Dl?q=1"),
            Some(vec![
                ("move_id", "a+b.c".to_owned()),
                ("id", "j1".to_owned()),
                ("format", "xml".to_owned())
            ])
        );
        assert_eq!(params("/api/moves/%FF"), None);
        assert_eq!(params("/api/moves/a.b.c"), None);
        assert_eq!(
            path_format(&Request::new("GET", "/api/moves.json")).as_deref(),
            Some("json")
        );
        assert_eq!(path_format(&Request::new("GET", "/api/moves")), None);
    }

    #[test]
    fn the_route_table_is_the_apis() {
        let mut seen = std::collections::BTreeSet::new();
        for r in ROUTES {
            assert!(seen.insert(r.endpoint), "{} twice", r.endpoint);
            assert_eq!(r.endpoint, format!("{} {}", r.method, r.pattern));
            let path = r.pattern.replace(":action", "start").replace(':', "x");
            let found = find_route(r.method, &path);
            assert_eq!(found.map(|f| f.route.endpoint), Some(r.endpoint), "{path}");
            if let Judge::NotJudged { success, upstream } = r.judge {
                assert!(matches!(success, 200 | 201 | 204), "{}", r.endpoint);
                assert!(
                    upstream.starts_with("Api::") && upstream.contains('#'),
                    "{upstream}"
                );
            }
        }
        assert_eq!(endpoints().len(), 36);
        assert_eq!(endpoints_not_judged().len(), 44);
    }

    /// The literal shortcut of `find_route` chooses what matching every route does: for each
    /// pattern's own text, the pattern with ids, literal words where ids go and the reverse,
    /// in every method.
    #[test]
    fn the_literal_shortcut_chooses_as_matching_every_route() {
        let general = |method: &str, segments: &[&str]| {
            ROUTES
                .iter()
                .filter(|r| r.method == method || (method == "HEAD" && r.method == "GET"))
                .filter_map(|r| route_matches(r.pattern, segments).map(|n| (r, n)))
                .min_by_key(|(_, n)| *n)
                .map(|(r, _)| r.endpoint)
        };
        let mut paths: Vec<String> = Vec::new();
        for route in ROUTES {
            paths.push(route.pattern.to_owned());
            for stand_in in ["abc", "cancel", "filtered", "events", ":id"] {
                let path: Vec<&str> = route
                    .pattern
                    .split('/')
                    .map(|part| {
                        if part.starts_with(':') {
                            stand_in
                        } else {
                            part
                        }
                    })
                    .collect();
                paths.push(path.join("/"));
            }
        }
        let mut compared = 0;
        for path in &paths {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            for method in ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"] {
                let found = find_route(method, path).map(|f| f.route.endpoint);
                assert_eq!(found, general(method, &segments), "{method} {path}");
                compared += 1;
            }
        }
        assert!(compared > 1_000, "{compared}");
    }

    #[test]
    fn route_matches_is_the_split_definition() {
        // The definition `route_matches` replaced.
        let by_split = |pattern: &'static str, segments: &[&str]| {
            let mut parts = pattern.split('/').filter(|s| !s.is_empty());
            let mut params = 0;
            for seg in segments {
                let part = parts.next()?;
                if part.starts_with(':') {
                    params += 1;
                } else if part != *seg {
                    return None;
                }
            }
            if parts.next().is_some() {
                None
            } else {
                Some(params)
            }
        };
        let mut words: Vec<&str> = vec!["x", "", ":id", "v1", "api"];
        for r in ROUTES {
            words.extend(r.pattern.split('/'));
        }
        let mut seed = 0x0bad_5eed_u64;
        let mut matched = 0;
        for r in ROUTES {
            let own: Vec<&str> = r.pattern.split('/').filter(|s| !s.is_empty()).collect();
            for i in 0..400 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut segments = own.clone();
                match i % 4 {
                    0 => {}
                    1 => segments.truncate((seed % 6) as usize),
                    2 => segments.push(words[(seed % words.len() as u64) as usize]),
                    _ => {
                        let at = (seed % (segments.len() as u64 + 1)) as usize;
                        let word = words[((seed >> 8) % words.len() as u64) as usize];
                        if at < segments.len() {
                            segments[at] = word;
                        }
                    }
                }
                for pattern in ROUTES.iter().map(|r| r.pattern) {
                    let expected = by_split(pattern, &segments);
                    matched += usize::from(expected.is_some());
                    assert_eq!(
                        route_matches(pattern, &segments),
                        expected,
                        "{pattern} {segments:?}"
                    );
                }
            }
        }
        assert!(matched > ROUTES.len() * 100, "{matched}");
    }
}
