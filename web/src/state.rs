//! The app's shared state and its accessor: provided once by [`crate::app::App`], read by
//! pages and components through [`use_app`] (this module sits below both, so neither
//! imports the app).

use basm_core::forms::ComplexCase;
use leptos::prelude::*;

use crate::api::{Api, Failure};
use crate::dom;
use crate::model::{self, Location};
use crate::session::Session;

/// Storage key of the session (`sessionStorage`: gone when the tab closes).
pub const SESSION_KEY: &str = "basm:session";

/// A one-off success message shown on the next page (after cancel, change date, remove).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// The banner heading.
    pub heading: String,
    /// More text.
    pub body: Option<String>,
}

/// State shared by every page.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The signed-in user, if any.
    pub session: RwSignal<Option<Session>>,
    /// A success message for the next page.
    pub flash: RwSignal<Option<Flash>>,
    /// The reference prisons, once loaded.
    pub locations: RwSignal<Option<Vec<Location>>>,
    /// The reference complex cases, once loaded.
    pub complex_cases: RwSignal<Option<Vec<ComplexCase>>>,
}

impl AppState {
    /// The API client of the signed-in user.
    pub fn api(&self) -> Option<Api> {
        self.session.get_untracked().map(Api::new)
    }

    /// Signs in: keeps the session for this browser tab only.
    pub fn sign_in(&self, session: Session) {
        dom::save(true, SESSION_KEY, &session);
        self.session.set(Some(session));
    }

    /// Signs out and forgets the session (drafts stay: they hold no secrets).
    pub fn sign_out(&self) {
        dom::storage_remove(true, SESSION_KEY);
        self.session.set(None);
    }

    /// Loads the reference prisons and complex cases once.
    pub async fn load_reference(&self) -> Result<(), Failure> {
        let Some(api) = self.api() else {
            return Err(Failure::Network);
        };
        if self.locations.get_untracked().is_none() {
            let pages = api
                .get_every_page(
                    "/api/reference/locations?filter%5Blocation_type%5D=prison&per_page=2000",
                )
                .await?;
            self.locations
                .set(Some(pages.iter().flat_map(model::locations).collect()));
        }
        if self.complex_cases.get_untracked().is_none() {
            let document = api.get("/api/reference/allocation_complex_cases").await?;
            self.complex_cases
                .set(Some(model::complex_cases(&document)));
        }
        Ok(())
    }
}

/// The shared state.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
