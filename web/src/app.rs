//! The app: provides the shared state ([`crate::state`]), the router, the layout, and which
//! page a path shows.

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::components::govuk::layout::SignedIn;
use crate::components::govuk::{Footer, Header, PhaseBanner, SkipLink};
use crate::components::session_timeout::SessionTimeout;
use crate::dom;
use crate::pages;
use crate::routes::{self, Page};
use crate::session::Session;
use crate::state::{AppState, SESSION_KEY, use_app};

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
        session_expired: RwSignal::new(false),
    };
    provide_context(state);
    // Core's engine is fetched once the first page is rendered, not with the app: a
    // request made later need not wait for it (one made before fetches it itself).
    dom::after_render(|| leptos::task::spawn_local(crate::api::preload_engine()));
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
        navigate(&Page::Home.path(), Default::default());
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

    // The page is rendered again when the user signs in or out or changes role, not when
    // the session only gets a new token or expiry (the session warning's "Stay signed in"
    // keeps the page and what is typed on it).
    let role = Memo::new(move |_| state.session.with(|s| s.as_ref().map(|s| s.role)));
    let content = move || {
        let page = page.get();
        // Read, not only tracked: a memo never read is never computed, so never changes.
        let _signed_in_as = role.get();
        let session = state.session.get_untracked();
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
        <SessionTimeout/>
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
