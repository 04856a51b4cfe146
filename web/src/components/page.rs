//! What every page shares: its title, its form's draft kept and checked by core as the user
//! types, what a form does once sent, focus on its h1 after navigation, loading and failure
//! states.

use std::future::Future;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;

use basm_core::forms::FieldError;

use crate::api::Failure;
use crate::components::govuk::fields::SignInAgainLink;
use crate::dom;
use crate::forms::errors::{FieldMessage, from_core};
use crate::messages::page_problem;
use crate::routes::Page;
use crate::state::{AppState, Flash};

/// Keeps `document.title` as "`title` – Book a secure move", with "Error: " in front while
/// `error` is true (GOV.UK's validation pattern).
pub fn use_title(title: impl Fn() -> String + 'static, error: impl Fn() -> bool + 'static) {
    Effect::new(move |_| {
        let prefix = if error() { "Error: " } else { "" };
        dom::set_title(&format!("{prefix}{} – Book a secure move", title()));
    });
}

/// A form's draft, kept in this tab's storage under `key` so that nothing typed is lost to a
/// reload or a failed send: what was kept, else `fresh()`, saved again on every change.
pub fn use_saved_draft<T>(key: String, fresh: impl FnOnce() -> T) -> RwSignal<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    let draft = RwSignal::new(dom::load(false, &key).unwrap_or_else(fresh));
    Effect::new(move |_| draft.with(|d| dom::save(false, &key, d)));
    draft
}

/// What a form page does once the API has taken what it sent: forgets the form's saved draft
/// (`draft_key`), gives the next page `flash` to show, and goes to `href`.
pub fn sent(
    app: AppState,
    draft_key: &str,
    flash: Flash,
    navigate: &impl Fn(&str, NavigateOptions),
    href: &str,
) {
    dom::storage_remove(false, draft_key);
    app.flash.set(Some(flash));
    navigate(href, NavigateOptions::default());
}

/// What core's form rules say of a page's form, run again whenever what `check` reads
/// changes (every keystroke): the messages for the fields, none when the form is fine. Each run
/// is timed as the `basm:validate` performance measure (the figures test reads it).
pub fn use_core_check<T>(
    check: impl Fn() -> Result<T, Vec<FieldError>> + Send + Sync + 'static,
) -> Memo<Vec<FieldMessage>> {
    Memo::new(move |_| {
        let start = dom::now_ms();
        let errors = match check() {
            Ok(_) => Vec::new(),
            Err(errors) => from_core(&errors),
        };
        dom::measure("basm:validate", start);
        errors
    })
}

/// A polite "loading" status, shown while a request is on its way.
#[component]
pub fn Loading(
    /// What is loading, e.g. "Loading allocations".
    #[prop(into)]
    text: String,
) -> impl IntoView {
    view! { <p class="govuk-body app-loading" role="status">{text}"…"</p> }
}

/// A page that could not load its data: what happened, and a way on (try again, sign in,
/// or back to the list). Never a dead end.
#[component]
pub fn LoadFailure(
    /// The failure.
    failure: Failure,
    /// What the page is about ("this allocation").
    thing: &'static str,
    /// Try again.
    retry: Callback<()>,
) -> impl IntoView {
    let problem = page_problem(failure.status(), failure.errors(), thing);
    view! {
        <h1 class="govuk-heading-l" tabindex="-1">{problem.title.clone()}</h1>
        <p class="govuk-body">{problem.body.clone()}</p>
        <div class="govuk-button-group">
            {(failure.status() != 404).then(|| view! {
                <button type="button" class="govuk-button" data-module="govuk-button" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
            })}
            {problem.sign_in_again.then(|| view! { <SignInAgainLink/> })}
            <a class="govuk-link" href=Page::Allocations.path()>"Go to allocations"</a>
        </div>
    }
}

/// A page's "loading" state as a view.
pub fn loading_view(text: &'static str) -> AnyView {
    view! { <Loading text=text/> }.into_any()
}

/// A page whose data did not load: a back link to `back` (when given) and the failure with
/// a way on; "Try again" loads `data` again.
pub fn failed_view<T: 'static>(
    failure: Failure,
    data: LocalResource<Result<T, Failure>>,
    thing: &'static str,
    back: Option<String>,
) -> AnyView {
    view! {
        {back.map(|href| view! { <crate::components::govuk::BackLink href=href/> })}
        <LoadFailure failure=failure thing=thing retry=Callback::new(move |()| data.refetch())/>
    }
    .into_any()
}

/// The current path and query, for "sign in again and come back".
pub fn dom_path() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!(
                "{}{}",
                location.pathname().ok()?,
                location.search().ok()?
            ))
        })
        .unwrap_or_else(|| Page::Home.path())
}

/// A page whose code is fetched when it is first shown: nothing is rendered until its
/// chunk is there (no flash of a placeholder; [`crate::app`] focuses the page's h1 once it
/// is rendered), then the page. A chunk already fetched renders at once.
///
/// The future is boxed so that every page (and the session warning, [`crate::components::session_timeout`]) shares one `Suspend`
/// rather than each instantiating its own in the main module.
pub fn later(page: impl Future<Output = AnyView> + 'static) -> AnyView {
    let page: std::pin::Pin<Box<dyn Future<Output = AnyView>>> = Box::pin(page);
    Suspend::new(SendWrapper::new(page)).into_any()
}
