//! The real binary on a database file: 8 concurrent clients × 500 writes lose and duplicate
//! nothing; then the server is killed with SIGKILL in the middle of more writes and started
//! again on the same file: every write answered 2xx is there, exactly once.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{ACCEPT, AUTH, JSON, send, try_send};
use serde_json::json;

const CLIENTS: usize = 8;
const WRITES: usize = 500;
/// Each client writes to its own 5 moves in turn (100 events each, more than real moves get).
const MOVES_PER_CLIENT: usize = 5;

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(db: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_basm-sandbox"))
        .arg("--db")
        .arg(db)
        .args(["--port", "0", "--seed-moves", "40"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start basm-sandbox");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("listening line");
    let addr = line
        .trim()
        .strip_prefix("basm sandbox listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .expect("address");
    Server { child, addr }
}

fn event_body(move_id: &str, note: &str) -> Vec<u8> {
    json!({ "data": { "type": "events", "attributes": { "event_type": "MoveCrossSupplierDropOff",
        "occurred_at": "2021-06-01T10:00:00+01:00", "recorded_at": "2021-06-01T10:00:00+01:00", "notes": note },
        "relationships": { "eventable": { "data": { "type": "moves", "id": move_id } } } } })
    .to_string()
    .into_bytes()
}

/// Each client writes up to `WRITES` events to its own moves until told to stop or the server
/// goes away; returns the notes of the writes answered 201.
fn write_concurrently(
    addr: SocketAddr,
    moves: &[String],
    phase: &str,
    stop: &Arc<AtomicBool>,
) -> Vec<String> {
    let handles: Vec<_> = moves
        .chunks(MOVES_PER_CLIENT)
        .enumerate()
        .map(|(t, own)| {
            let (own, phase, stop) = (own.to_vec(), phase.to_owned(), stop.clone());
            std::thread::spawn(move || {
                let mut answered = Vec::new();
                for i in 0..WRITES {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let note = format!("{phase}-{t}-{i}");
                    let m = &own[i % own.len()];
                    match try_send(
                        addr,
                        "POST",
                        "/api/events",
                        &[ACCEPT, AUTH, JSON],
                        &event_body(m, &note),
                    ) {
                        Ok(resp) if resp.status == 201 => answered.push(note),
                        Ok(resp) => panic!(
                            "{note}: {} {}",
                            resp.status,
                            String::from_utf8_lossy(&resp.body)
                        ),
                        Err(_) => break,
                    }
                }
                answered
            })
        })
        .collect();
    handles
        .into_iter()
        .flat_map(|h| h.join().expect("client thread"))
        .collect()
}

/// How many times each note is stored, over the given moves.
fn stored_notes(addr: SocketAddr, moves: &[String]) -> BTreeMap<String, usize> {
    let mut notes = BTreeMap::new();
    for m in moves {
        let resp = send(
            addr,
            "GET",
            &format!("/api/moves/{m}?include=timeline_events"),
            &[ACCEPT, AUTH],
            b"",
        );
        assert_eq!(resp.status, 200);
        let included = resp.json()["included"].as_array().cloned();
        for e in included
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r["type"] == "events")
        {
            if let Some(n) = e["attributes"]["notes"]
                .as_str()
                .filter(|n| n.starts_with('p'))
            {
                *notes.entry(n.to_owned()).or_insert(0) += 1;
            }
        }
    }
    notes
}

fn temp_db() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("basm-sandbox-durability-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("sandbox.sqlite")
}

#[test]
fn concurrent_writes_survive_sigkill() {
    let db = temp_db();
    let server = start(&db);
    let list = send(
        server.addr,
        "GET",
        "/api/moves?per_page=100",
        &[ACCEPT, AUTH],
        b"",
    )
    .json();
    let moves: Vec<String> = list["data"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(moves.len(), CLIENTS * MOVES_PER_CLIENT);

    // Phase 1: 8 × 500 writes, all answered; none lost, none duplicated.
    let never = Arc::new(AtomicBool::new(false));
    let phase1 = write_concurrently(server.addr, &moves, "p1", &never);
    assert_eq!(phase1.len(), CLIENTS * WRITES);
    let stored = stored_notes(server.addr, &moves);
    assert_eq!(stored.len(), CLIENTS * WRITES);
    assert!(stored.values().all(|n| *n == 1), "a write was stored twice");
    assert!(phase1.iter().all(|n| stored.contains_key(n)));

    // Phase 2: the same load, killed with SIGKILL part-way through.
    let addr = server.addr;
    let stop = Arc::new(AtomicBool::new(false));
    let killer = {
        let stop = stop.clone();
        let mut server = server;
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            server.child.kill().expect("SIGKILL");
            let _ = server.child.wait();
            stop.store(true, Ordering::Relaxed);
        })
    };
    let phase2 = write_concurrently(addr, &moves, "p2", &stop);
    killer.join().expect("killer");
    assert!(
        phase2.len() < CLIENTS * WRITES,
        "the kill came after every write"
    );

    // Restarted on the same file: every answered write is there, exactly once.
    let server = start(&db);
    let stored = stored_notes(server.addr, &moves);
    for note in phase1.iter().chain(&phase2) {
        assert_eq!(stored.get(note), Some(&1), "{note} lost or duplicated");
    }
    assert!(stored.values().all(|n| *n == 1));
    // At most the writes in flight at the kill (one per client) were stored unanswered.
    assert!(
        stored.len() <= phase1.len() + phase2.len() + CLIENTS,
        "{} stored",
        stored.len()
    );
    // The sandbox still takes writes after the restart.
    let resp = send(
        server.addr,
        "POST",
        "/api/events",
        &[ACCEPT, AUTH, JSON],
        &event_body(&moves[0], "p3-0"),
    );
    assert_eq!(resp.status, 201);
    drop(server);
    if let Some(dir) = db.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}
