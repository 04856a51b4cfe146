//! The app's shared state and its accessor: provided once by [`crate::app::App`], read by
//! pages and components through [`use_app`] (this module sits below both, so neither
//! imports the app).

use basm_core::forms::ComplexCase;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Failure};
use crate::dom;
use crate::forms::journey;
use crate::model::{self, Location};
use crate::session::Session;

/// Storage key of the session (`sessionStorage`: gone when the tab closes).
pub const SESSION_KEY: &str = "basm:session";

/// Storage key of the prisons this browser's user chose last (`localStorage`).
const RECENT_PRISONS_KEY: &str = "basm:recent-prisons";

/// The prisons chosen on the last allocations created in this browser, newest first: the
/// prison pickers offer them first ([`crate::forms::autocomplete::recent_first`]).
pub struct RecentPrisons;

impl RecentPrisons {
    /// The ids, newest first.
    pub fn load() -> Vec<String> {
        dom::load(false, RECENT_PRISONS_KEY).unwrap_or_default()
    }

    /// Puts `chosen` (ids) at the front.
    pub fn remember(chosen: &[String]) {
        let list = crate::forms::autocomplete::remember(&RecentPrisons::load(), chosen);
        dom::save(false, RECENT_PRISONS_KEY, &list);
    }
}

/// Storage key of the user's own prison (`localStorage`).
const MY_PRISON_KEY: &str = "basm:my-prison";

/// The prison a user set as theirs (a location id): the allocations list opens filtered to
/// it.
pub struct MyPrison;

impl MyPrison {
    /// The id, if one is set.
    pub fn load() -> Option<String> {
        dom::load::<String>(false, MY_PRISON_KEY).filter(|id| !id.is_empty())
    }

    /// Sets it, or forgets it (`None`).
    pub fn set(id: Option<&str>) {
        match id {
            Some(id) => dom::save(false, MY_PRISON_KEY, &id),
            None => dom::storage_remove(false, MY_PRISON_KEY),
        }
    }
}

/// Storage key of the index of journeys (`localStorage`).
const JOURNEYS_KEY: &str = "basm:journeys";

/// The journeys of this browser, each with its id in the address
/// ([`crate::forms::journey`]): their drafts, attempts and results, and when old ones are
/// forgotten.
pub struct Journeys;

impl Journeys {
    /// Journey `kind`/`id` is opened now: it comes first in the index, and the journeys past
    /// their time are forgotten with their drafts, attempts and results.
    pub fn open(kind: &str, id: &str) {
        let now = dom::epoch_ms();
        let index: Vec<journey::Entry> = dom::load(false, JOURNEYS_KEY).unwrap_or_default();
        let (kept, dropped) = journey::prune(journey::touch(&index, kind, id, now), now);
        for entry in dropped {
            for key in [
                journey::draft_key(&entry.kind, &entry.id),
                journey::attempt_key(&entry.kind, &entry.id),
                journey::result_key(&entry.kind, &entry.id),
            ] {
                dom::storage_remove(false, &key);
            }
        }
        dom::save(false, JOURNEYS_KEY, &kept);
    }

    /// The journeys of `kind` other than `except`, newest first, that are not finished:
    /// their ids and drafts (of type `T`).
    pub fn unfinished<T: serde::de::DeserializeOwned>(
        kind: &str,
        except: &str,
    ) -> Vec<(String, T)> {
        let index: Vec<journey::Entry> = dom::load(false, JOURNEYS_KEY).unwrap_or_default();
        index
            .into_iter()
            .filter(|e| e.kind == kind && e.id != except)
            .filter(|e| dom::storage_get(false, &journey::result_key(kind, &e.id)).is_none())
            .filter_map(|e| {
                dom::load::<T>(false, &journey::draft_key(kind, &e.id)).map(|draft| (e.id, draft))
            })
            .collect()
    }

    /// What journey `kind`/`id` made, once finished.
    pub fn result<T: serde::de::DeserializeOwned>(kind: &str, id: &str) -> Option<T> {
        dom::load(false, &journey::result_key(kind, id))
    }

    /// Journey `kind`/`id` is finished with `result`: kept under its id, and its draft goes.
    pub fn finish<T: Serialize>(kind: &str, id: &str, result: &T) {
        dom::save(false, &journey::result_key(kind, id), result);
        dom::storage_remove(false, &journey::draft_key(kind, id));
    }
}

/// Storage key of the sign-in form's draft (`localStorage`).
const SIGN_IN_DRAFT_KEY: &str = "basm:draft:sign-in";

/// What the sign-in form keeps between visits: the API address, and who signed in until
/// they sign out; never the token.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInDraft {
    /// The API address.
    pub api: String,
    /// The user's name (the "Requested by" of what they create).
    pub name: String,
    /// The chosen role's radio value.
    pub role: String,
}

impl SignInDraft {
    /// The kept draft, or an empty one.
    pub fn load() -> Self {
        dom::load(false, SIGN_IN_DRAFT_KEY).unwrap_or_default()
    }

    /// Keeps the draft.
    pub fn save(&self) {
        dom::save(false, SIGN_IN_DRAFT_KEY, self);
    }
}

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
    /// The last session ended because its token expired (the sign-in page says so).
    pub session_expired: RwSignal<bool>,
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
        self.session_expired.set(false);
    }

    /// Carries on the session with a new token (the session warning's "Stay signed in"), or
    /// records when the token expires: nothing else changes, so the page stays as it is.
    pub fn renew(&self, token: String, expires_at: Option<i64>) {
        let Some(mut session) = self.session.get_untracked() else {
            return;
        };
        session.token = token;
        session.expires_at = expires_at;
        self.sign_in(session);
    }

    /// Ends a session whose token has expired, as [`AppState::end_session`]: the page the
    /// user is on shows the sign-in form, saying why, and signing in again brings them back
    /// with every draft.
    pub fn expire_session(&self) {
        self.session_expired.set(true);
        self.end_session();
    }

    /// Signs out: forgets the session, and who signed in (on a shared machine the next
    /// person must not act under this user's name and role); the API address and the
    /// forms' drafts stay (they hold no secrets).
    pub fn sign_out(&self) {
        SignInDraft {
            api: SignInDraft::load().api,
            ..SignInDraft::default()
        }
        .save();
        self.end_session();
    }

    /// Forgets a session the API refused, so the page the user is on shows the sign-in
    /// form: their name, role and every draft stay, and signing in again brings them back
    /// to where they were.
    pub fn end_session(&self) {
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
