//! The app: shared state, the router, the layout, and which page a path shows.

use basm_core::forms::ComplexCase;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::api::{Api, Failure};
use crate::components::govuk::layout::SignedIn;
use crate::components::govuk::{Footer, Header, PhaseBanner, SkipLink};
use crate::dom;
use crate::forms::sign_in::Session;
use crate::model::{self, Location};
use crate::pages;
use crate::routes::{self, Page};

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

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    dom::mark("basm:app-start");
    dom::mark_body_supported();
    let state = AppState {
        session: RwSignal::new(dom::load::<Session>(true, SESSION_KEY)),
        flash: RwSignal::new(None),
        locations: RwSignal::new(None),
        complex_cases: RwSignal::new(None),
    };
    provide_context(state);
    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

/// The layout around every page, and the page for the current path.
#[component]
fn Shell() -> impl IntoView {
    let state = use_app();
    let location = use_location();
    let page = Memo::new(move |_| Page::from_path(&location.pathname.get()));
    let navigation = Signal::derive(move || {
        let current = page.get();
        state
            .session
            .with(|s| s.as_ref().map(|s| routes::navigation(s.role)))
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                let is_current = routes::is_current(&item, &current);
                (item, is_current)
            })
            .collect::<Vec<_>>()
    });
    let signed_in = Signal::derive(move || {
        state.session.with(|s| {
            s.as_ref().map(|s| SignedIn {
                name: s.name.clone(),
                role: s.role.short(),
            })
        })
    });
    let navigate = leptos_router::hooks::use_navigate();
    let on_sign_out = Callback::new(move |()| {
        state.sign_out();
        navigate("/", Default::default());
    });

    // After a navigation (not the first load), move focus to the new page's h1, or to the
    // field named by the URL's fragment (the "Change" links of check answers).
    let generation = StoredValue::new(0u32);
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        let search = location.search.get();
        let key = format!("{path}?{search}");
        if previous.is_some() && previous.as_deref() != Some(key.as_str()) {
            generation.update_value(|g| *g += 1);
            let hash = location.hash.get_untracked();
            let before = dom::focused();
            focus_when_ready(generation, generation.get_value(), hash, before, 0);
        }
        key
    });

    // The router puts a new path in the address bar only when told that the page for it is
    // ready (its `<Routes>` would tell it; this app picks its page itself from `Page`).
    // Without this, links changed the page but not the address: Back, reload and bookmarks
    // lost the user's place.
    Effect::new(move |_| {
        page.track();
        if let Some(browser) = use_context::<BrowserUrl>() {
            browser.ready_to_complete();
        }
    });

    let content = move || {
        let page = page.get();
        let session = state.session.get();
        untrack(move || pages::render(page, session))
    };
    view! {
        <SkipLink/>
        <Header navigation=navigation signed_in=signed_in on_sign_out=on_sign_out/>
        <div class="govuk-width-container">
            <PhaseBanner/>
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1">
                {content}
            </main>
        </div>
        <Footer/>
    }
}

/// Focuses `#hash` (a form field) or the page's h1 as soon as it is rendered (pages that
/// load data render their h1 later), giving up after about 5 seconds, when another
/// navigation happened, or when the user has already moved focus on the new page (`before`
/// is what had focus when the navigation began): a keyboard user who has tabbed to a field
/// or link keeps it, and their keys are never sent to the h1.
fn focus_when_ready(
    generation: StoredValue<u32>,
    mine: u32,
    hash: String,
    before: Option<web_sys::Element>,
    tries: u32,
) {
    dom::after_render(move || {
        if generation.try_get_value() != Some(mine) || dom::focus_moved_since(before.as_ref()) {
            return;
        }
        let id = hash.trim_start_matches('#').to_owned();
        let done = if !id.is_empty() && dom::focus_field(&id) {
            true
        } else {
            focus_h1()
        };
        if done {
            if id.is_empty() {
                dom::scroll_top();
            }
        } else if tries < 100 {
            gloo_timeout(50, move || {
                focus_when_ready(generation, mine, hash, before, tries + 1)
            });
        }
    });
}

fn focus_h1() -> bool {
    use wasm_bindgen::JsCast;
    let heading = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match heading {
        Some(h1) => {
            if h1.get_attribute("tabindex").is_none() {
                let _ = h1.set_attribute("tabindex", "-1");
            }
            let _ = h1.focus();
            true
        }
        None => false,
    }
}

fn gloo_timeout(ms: i32, f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let closure = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), ms);
    }
}
