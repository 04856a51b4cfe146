//! `basm-sandbox`: the command line. Everything else lives in the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use basm_sandbox::{Config, Tokens};

const USAGE: &str = "\
basm-sandbox: a local stand-in for the Book a Secure Move API v2 (HTTP + SQLite)

usage: basm-sandbox [options]
  --db PATH              database file (default ./basm-sandbox.sqlite; created and seeded when new)
  --memory               keep the database in memory (nothing is saved)
  --host HOST            address to listen on (default 127.0.0.1)
  --port PORT            port (default 8080; 0 = any free port)
  --static DIR           serve the web app's built files at / (default ./dist when it exists)
  --cors ORIGIN          allow a browser app on ORIGIN (repeatable; * for any)
  --token TOKEN          accept only this bearer token (repeatable; default: any non-empty token)
  --supplier-token T=ID  bearer token T belongs to supplier ID (repeatable)
  --token-ttl SECONDS    how long a token from POST /oauth/token lives (default 7200, as
                         Doorkeeper's access_token_expires_in)
  --issued-tokens-only   accept only tokens from POST /oauth/token (until they expire) and
                         those of --token and --supplier-token; any other gets the API's 401
  --basm-errors          answer refusals with core's documents (default: as the API, core's
                         extras in meta.basm)
  --seed-moves N         add N demo moves when the database is created
  --check-routes         read `METHOD PATH` lines on stdin, print the ones the real API has
                         no route for (core's route table) and exit 1 if any; serve nothing
  -h, --help             this text

Tokens as the API issues them (Doorkeeper, client credentials): POST /oauth/token with
grant_type=client_credentials and an application's client_id and client_secret (form
fields or HTTP Basic); GET /oauth/token/info describes a token. The seeded applications:
  client_id sandbox-front-end  client_secret sandbox-front-end-secret  (no owner: the front end)
  client_id sandbox-geoamey    client_secret sandbox-geoamey-secret    (owned by GEOAmey)
  client_id sandbox-serco      client_secret sandbox-serco-secret      (owned by Serco)
A supplier's token sees only that supplier's moves and journeys, as the API's ability.rb.
";

fn parse(args: &[String]) -> Result<Config, String> {
    let mut config = Config {
        db_path: Some(PathBuf::from("basm-sandbox.sqlite")),
        port: 8080,
        ..Config::memory()
    };
    let mut static_dir = None;
    let mut tokens = Tokens::default();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        let mut value = || -> Result<String, String> {
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag {
            "-h" | "--help" => return Err(String::new()),
            "--db" => config.db_path = Some(PathBuf::from(value()?)),
            "--memory" => config.db_path = None,
            "--host" => config.host = value()?,
            "--port" => {
                let v = value()?;
                config.port = v
                    .parse()
                    .map_err(|_| format!("--port {v}: not a port number"))?;
            }
            "--static" => static_dir = Some(PathBuf::from(value()?)),
            "--cors" => config.cors.push(value()?),
            "--token" => tokens.valid.push(value()?),
            "--supplier-token" => {
                let v = value()?;
                let (token, id) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--supplier-token {v}: expected TOKEN=SUPPLIER_ID"))?;
                let id = basm_core::context::canonical_uuid(id)
                    .ok_or_else(|| format!("--supplier-token {v}: {id} is not a supplier id"))?;
                tokens.suppliers.push((token.to_owned(), id));
            }
            "--token-ttl" => {
                let v = value()?;
                tokens.ttl_secs = v
                    .parse()
                    .ok()
                    .filter(|n: &i64| *n > 0)
                    .ok_or_else(|| format!("--token-ttl {v}: not a number of seconds"))?;
            }
            "--issued-tokens-only" => tokens.issued_only = true,
            "--basm-errors" => config.errors = basm_sandbox::ErrorStyle::Basm,
            "--seed-moves" => {
                let v = value()?;
                config.seed_moves = v
                    .parse()
                    .map_err(|_| format!("--seed-moves {v}: not a number"))?;
            }
            other => return Err(format!("unknown option {other}")),
        }
        i += 1;
    }
    config.tokens = tokens;
    config.static_dir = match static_dir {
        Some(dir) if dir.join("index.html").is_file() => Some(dir),
        Some(dir) => {
            eprintln!(
                "basm sandbox: {} has no index.html; serving the API only",
                dir.display()
            );
            None
        }
        None => Some(PathBuf::from("dist")).filter(|d| d.join("index.html").is_file()),
    };
    Ok(config)
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--check-routes") {
        return match basm_sandbox::routes::check_lines(std::io::stdin().lock(), std::io::stdout()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("basm-sandbox: {e}");
                ExitCode::from(2)
            }
        };
    }
    let config = match parse(&args) {
        Ok(c) => c,
        Err(e) if e.is_empty() => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("basm-sandbox: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("basm-sandbox: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let bound = basm_sandbox::bind(&config).await?;
        let where_db = match &config.db_path {
            Some(p) => format!("database {}", p.display()),
            None => "database in memory".to_owned(),
        };
        let app = match &config.static_dir {
            Some(d) => format!("app from {}", d.display()),
            None => "no app (API only)".to_owned(),
        };
        eprintln!("basm sandbox: {where_db}; {app}");
        println!("basm sandbox listening on http://{}", bound.addr);
        let _ = std::io::stdout().flush();
        bound.serve(shutdown_signal()).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("basm-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
