//! Writes the package's data files from core's event table (run by `scripts/build.mjs` with
//! `cargo run --release -p basm-wasm --example data -- <dir>`): `event-types.json` (what
//! `eventTypes()` returns) and `json-schemas.json` (what `jsonSchemas()` returns). They ship
//! as JSON, loaded when those functions are first called, so the `.wasm` carries neither the
//! docs nor the schema builder. Also `verdict-members.json`, for the build only: the members a
//! verdict may leave empty, in their order ([`Verdict::MEMBERS`], the order of the packed
//! answer's bits), each with its empty value as the verdict's JSON form writes it.

use std::path::PathBuf;

use basm_core::{EVENT_TYPES, EventTypeInfo, Verdict};
use serde::Serialize;

/// An event type's metadata, with whether clients may post it.
#[derive(Serialize)]
struct Info<'a> {
    #[serde(flatten)]
    info: &'a EventTypeInfo,
    postable: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: data <output dir>")?);
    std::fs::create_dir_all(&dir)?;
    let infos: Vec<Info<'_>> = EVENT_TYPES
        .iter()
        .map(|info| Info {
            info,
            postable: info.postable(),
        })
        .collect();
    std::fs::write(dir.join("event-types.json"), serde_json::to_string(&infos)?)?;
    let schemas = basm_core::schema::event_schemas();
    std::fs::write(
        dir.join("json-schemas.json"),
        serde_json::to_string(&schemas)?,
    )?;
    // An empty verdict's members, in MEMBERS' order (serde_json's map would sort them).
    let empty: serde_json::Value =
        serde_json::from_str(&Verdict::refused(400, Vec::new()).to_json())?;
    let members: Vec<String> = Verdict::MEMBERS
        .iter()
        .map(|name| {
            Ok(format!(
                "{}:{}",
                serde_json::to_string(name)?,
                empty.get(*name).ok_or("a member is missing")?
            ))
        })
        .collect::<Result<_, Box<dyn std::error::Error>>>()?;
    std::fs::write(
        dir.join("verdict-members.json"),
        format!("{{{}}}", members.join(",")),
    )?;
    Ok(())
}
