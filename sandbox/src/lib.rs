//! # basm-sandbox
//!
//! A local stand-in for the Book a Secure Move API v2: real HTTP on 127.0.0.1, a SQLite
//! database, and every request judged by [`basm_core::validate_request`] against facts read
//! from that database, so its statuses and error documents are exactly what core predicts.
//! Accepted requests change the database as the API would; a 2xx means committed.
//!
//! It also serves a built web app (with `index.html` for the app's own routes), so one
//! process runs app and API together.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

pub mod apply;
pub mod clock;
pub mod ctx;
pub mod db;
pub mod facts;
pub mod http;
pub mod oauth;
pub mod read;
pub mod routes;
pub mod seed;
pub mod serialize;

pub use http::{App, ErrorStyle, RawRequest, RawResponse, Tokens};

/// Bodies up to this size are read and handed to core (which refuses anything over 1 MiB
/// with its own 400); larger ones are refused by the sandbox without being read whole.
pub const MAX_BODY_BYTES: usize = 11 * 1024 * 1024;

/// Read-only connections serving GETs next to the writer (one per core here).
pub const READERS: usize = 2;

/// How the sandbox runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database file; `None` keeps it in memory.
    pub db_path: Option<PathBuf>,
    /// Address to listen on.
    pub host: String,
    /// Port (0: any free port).
    pub port: u16,
    /// The web app's built files, served at `/`.
    pub static_dir: Option<PathBuf>,
    /// Origins allowed by CORS (`*` for any).
    pub cors: Vec<String>,
    /// Which tokens are valid and which belong to suppliers.
    pub tokens: Tokens,
    /// How refusals are answered: as the API (default) or as core's documents.
    pub errors: ErrorStyle,
    /// Demo moves to add to a fresh database (for demos and benchmarks).
    pub seed_moves: usize,
}

impl Config {
    /// An in-memory sandbox on a free port of 127.0.0.1 (what tests use).
    pub fn memory() -> Self {
        Config {
            db_path: None,
            host: "127.0.0.1".into(),
            port: 0,
            static_dir: None,
            cors: Vec::new(),
            tokens: Tokens::default(),
            errors: ErrorStyle::Api,
            seed_moves: 0,
        }
    }
}

/// Opens the database, seeds it when fresh, and builds the app.
pub fn open_app(config: &Config, addr: SocketAddr) -> Result<App, String> {
    let mut conn = db::open(config.db_path.as_deref())
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let fresh = !db::is_seeded(&conn).map_err(|e| e.to_string())?;
    if fresh {
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        seed::seed(&tx).map_err(|e| format!("cannot seed the database: {e}"))?;
        if config.seed_moves > 0 {
            let now = clock::Clock::new().now();
            let today = basm_core::time::london_date_of(now.secs);
            seed::demo_moves(&tx, config.seed_moves, today, now)
                .map_err(|e| format!("cannot add demo moves: {e}"))?;
        }
        tx.commit().map_err(|e| e.to_string())?;
    }
    oauth::seed_applications(&conn).map_err(|e| format!("cannot seed the applications: {e}"))?;
    let mut readers = Vec::new();
    if let Some(path) = &config.db_path {
        for _ in 0..READERS {
            let reader =
                db::open_reader(path).map_err(|e| format!("cannot open the database: {e}"))?;
            readers.push(reader);
        }
    }
    Ok(App::new(
        conn,
        readers,
        config.tokens.clone(),
        config.errors,
        format!("http://{addr}"),
    ))
}

struct Shared {
    app: Arc<App>,
    static_dir: Option<PathBuf>,
}

/// The router: every request goes to one handler (static files for the app's paths).
pub fn router(app: Arc<App>, config: &Config) -> Router {
    let shared = Arc::new(Shared {
        app,
        static_dir: config.static_dir.clone(),
    });
    let router = Router::new().fallback(handle).with_state(shared);
    if config.cors.is_empty() {
        return router;
    }
    let origins = if config.cors.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            config
                .cors
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok()),
        )
    };
    let names = [
        "authorization",
        "content-type",
        "accept",
        "idempotency-key",
        "x-current-user",
        "x-transaction-id",
    ];
    let exposed = [
        "x-basm-warnings",
        "x-basm-real-status",
        "x-basm-api-crash",
        "x-basm-replayed",
    ];
    router.layer(
        CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::PUT,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers(names.map(HeaderName::from_static))
            .expose_headers(exposed.map(HeaderName::from_static)),
    )
}

/// Whether a path belongs to the API (core strips `/v1` segments the same way), Doorkeeper's
/// token endpoints included.
fn is_api_path(path: &str) -> bool {
    let route = basm_core::Request::new("GET", path).route_path();
    route == "/api" || route.starts_with("/api/") || oauth::is_oauth_path(&route)
}

const NO_APP_PAGE: &str = "<!doctype html><meta charset=utf-8><title>basm sandbox</title>\
<h1>basm sandbox</h1><p>The API is at <code>/api/…</code> (for example \
<a href=\"/api/reference/locations\">/api/reference/locations</a>). The web app is not built: \
start the sandbox with <code>--static DIR</code> to serve it here.</p>";

async fn handle(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let readable = matches!(parts.method, Method::GET | Method::HEAD);
    if readable && !is_api_path(&path) {
        if let Some(dir) = &shared.static_dir {
            let request = axum::http::Request::from_parts(parts, Body::empty());
            let index = dir.join("index.html");
            let service = ServeDir::new(dir).fallback(ServeFile::new(index));
            return match tower::ServiceExt::oneshot(service, request).await {
                Ok(response) => response.into_response(),
                Err(never) => match never {},
            };
        }
        if parts.uri.path() == "/" {
            return ([("content-type", "text/html; charset=utf-8")], NO_APP_PAGE).into_response();
        }
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            let detail = format!(
                "The request body is larger than {MAX_BODY_BYTES} bytes (or was cut off); the sandbox does not read it"
            );
            return to_response(http::sandbox_error(
                400,
                "body_too_large",
                "Request body too large",
                &detail,
            ));
        }
    };
    let raw = RawRequest {
        method: parts.method.as_str().to_owned(),
        path,
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: bytes.to_vec(),
    };
    let app = shared.app.clone();
    match tokio::task::spawn_blocking(move || app.handle(raw)).await {
        Ok(response) => to_response(response),
        Err(e) => {
            eprintln!("basm sandbox: a request handler failed: {e}");
            to_response(http::sandbox_error(
                500,
                "server_fault",
                "Internal server error",
                "The sandbox failed; the request changed nothing",
            ))
        }
    }
}

fn to_response(raw: RawResponse) -> Response {
    let status = StatusCode::from_u16(raw.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Body::from(raw.body));
    *response.status_mut() = status;
    for (name, value) in raw.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(HeaderName::from_static(name), v);
        }
    }
    response
}

/// A sandbox bound to its address, not yet serving.
pub struct Bound {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The app (tests move its clock).
    pub app: Arc<App>,
    listener: tokio::net::TcpListener,
    router: Router,
}

/// Binds the listener, opens and seeds the database.
pub async fn bind(config: &Config) -> Result<Bound, String> {
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = Arc::new(open_app(config, addr)?);
    let router = router(app.clone(), config);
    Ok(Bound {
        addr,
        app,
        listener,
        router,
    })
}

impl Bound {
    /// Serves until `shutdown` completes.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), String> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| e.to_string())
    }
}

/// A sandbox running on its own runtime thread (for tests and embedding).
pub struct Running {
    /// Its address.
    pub addr: SocketAddr,
    /// The app.
    pub app: Arc<App>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts a sandbox on a background thread with a 2-worker runtime.
pub fn spawn(config: Config) -> Result<Running, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let bound = runtime.block_on(bind(&config))?;
    let (addr, app) = (bound.addr, bound.app.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let result = runtime.block_on(bound.serve(async {
            let _ = stopped.await;
        }));
        if let Err(e) = result {
            eprintln!("basm sandbox: {e}");
        }
    });
    Ok(Running {
        addr,
        app,
        stop: Some(stop),
        thread: Some(thread),
    })
}
