//! The session timeout warning (WCAG 2.2.1, Timing Adjustable), after the GOV.UK / HMRC
//! "timeout warning" pattern (hmrc-frontend's `timeout-dialog`): a modal dialog
//! (`role="dialog"`, `aria-modal="true"`, labelled by its heading) two minutes before the
//! API token expires, focus moved into it and kept there (the page behind is `inert`), the
//! time left in words — shown each second, told to screen readers only at 2 minutes,
//! 1 minute, 40 and 20 seconds — and a new token field to stay signed in without leaving the
//! page. Escape closes it; the session still ends at the time it said.
//!
//! After sign-in it asks `GET /oauth/token/info` how long the token has left; an API that does
//! not say (404, no answer) leaves the session without a known expiry and without warning.
//! At expiry the session ends as a refused token's does ([`AppState::expire_session`]): the
//! page shows the sign-in form, and signing in again brings the user back to it with every
//! draft.
//!
//! The timer is in the main module; the dialog itself is a split chunk of its own
//! ([`split::dialog`]), fetched once a session has a known expiry, so the first load does
//! not carry it.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{token_accepted, token_life};
use crate::components::govuk::{SubmitButton, TextInput};
use crate::dom;
use crate::routes::Page;
use crate::session::{Session, TokenLife, WARN_BEFORE_SECS, time_left_announced, time_left_words};
use crate::state::{AppState, use_app};

/// The dialog's wrapper: the only element of `<body>` left usable while it is open.
const ROOT_ID: &str = "session-timeout";
const DIALOG_ID: &str = "session-timeout-dialog";
const TOKEN_ID: &str = "session-token";
const SIGN_OUT_ID: &str = "session-timeout-sign-out";

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Asks the API how long `session`'s token has left and keeps the answer in the session.
fn learn_expiry(app: AppState, session: Session) {
    spawn_local(async move {
        let life = token_life(&session.api, &session.token).await;
        if let TokenLife::Expires { seconds_left } = life {
            let current = app
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
            if current.as_deref() == Some(session.token.as_str()) {
                app.renew(session.token, Some(now_ms() + seconds_left * 1000));
            }
        }
    });
}

/// What a new token in the dialog is worth: its expiry, or why it cannot be used.
async fn check_new_token(session: Session) -> Result<Option<i64>, &'static str> {
    match token_life(&session.api, &session.token).await {
        TokenLife::Expires { seconds_left } => Ok(Some(now_ms() + seconds_left * 1000)),
        TokenLife::NoExpiry => Ok(None),
        TokenLife::Invalid => Err(INVALID_TOKEN),
        // The API does not describe tokens: a request that needs one says whether it is good.
        TokenLife::Unknown => match token_accepted(session).await {
            Some(true) => Ok(None),
            Some(false) => Err(INVALID_TOKEN),
            None => Err("We could not reach the API. Try again"),
        },
    }
}

const INVALID_TOKEN: &str =
    "The API did not accept this token. Check it, or get a new one, and try again";

/// What the dialog (in its own chunk) shares with the timer that opens it.
#[derive(Clone, Copy)]
pub struct Warning {
    app: AppState,
    /// Now, in milliseconds since 1970, each second.
    now: RwSignal<i64>,
    /// The expiry the user closed the warning for (Escape); a new token warns again.
    dismissed: StoredValue<Option<i64>>,
    /// The token last asked about (`/oauth/token/info`).
    asked: StoredValue<Option<String>>,
    /// Looks at the time again (after the dialog changed the session or closed).
    tick: Callback<()>,
}

impl Warning {
    fn seconds_left(&self) -> Option<i64> {
        let at = self
            .app
            .session
            .with(|s| s.as_ref().and_then(|s| s.expires_at))?;
        Some((at - self.now.get() + 999).div_euclid(1000))
    }
}

/// The warning's timer, mounted once beside the page: one check a second (one closure, so
/// the main module carries little of it) asks `/oauth/token/info` after a sign-in, fetches
/// the dialog's chunk once an expiry is known, opens and closes the dialog and ends an
/// expired session.
#[component]
pub fn SessionTimeout() -> impl IntoView {
    let app = use_app();
    let now = RwSignal::new(now_ms());
    let open = RwSignal::new(false);
    let asked = StoredValue::new(None::<String>);
    let dismissed = StoredValue::new(None::<i64>);
    let fetched = StoredValue::new(false);
    let before = StoredValue::new_local(None::<web_sys::Element>);
    let tick = Callback::new(move |()| {
        now.set(now_ms());
        let Some(session) = app.session.get_untracked() else {
            return;
        };
        let Some(at) = session.expires_at else {
            // After each sign-in (a token with no known expiry), ask the API once.
            if asked.with_value(|a| a.as_deref() != Some(session.token.as_str())) {
                asked.set_value(Some(session.token.clone()));
                learn_expiry(app, session);
            }
            return;
        };
        if !fetched.get_value() {
            // The dialog's code, fetched once there is an expiry (the network may be gone
            // by the time it is needed).
            fetched.set_value(true);
            spawn_local(async {
                let _ = split::preload_dialog().await;
            });
        }
        let left = (at - now_ms() + 999).div_euclid(1000);
        let warn = left > 0 && left <= WARN_BEFORE_SECS && dismissed.get_value() != Some(at);
        if warn != open.get_untracked() {
            if warn {
                // Focus goes into the dialog (the dialog does it) and back here after.
                before.set_value(dom::focused());
            }
            open.set(warn);
            if !warn {
                dom::inert_behind(ROOT_ID, false);
                if let Some(element) = before.get_value() {
                    dom::refocus(&element);
                }
            }
        }
        if left <= 0 {
            app.expire_session();
        }
    });
    // Once now (a session kept from before a reload), then each second.
    tick.run(());
    if let Ok(handle) = set_interval_with_handle(move || tick.run(()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    let warning = Warning {
        app,
        now,
        dismissed,
        asked,
        tick,
    };
    view! {
        <Show when=move || open.get()>
            {move || {
                crate::components::page::later(async move {
                    // A chunk that cannot be fetched: no warning; the session still ends.
                    split::dialog(warning).await.unwrap_or_else(|_| ().into_any())
                })
            }}
        </Show>
    }
}

mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::{SplitLoaderError, wasm_split};

    use super::{Dialog, Warning};

    /// The dialog, in a chunk of its own.
    #[wasm_split(
        session_dialog,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_dialog)
    )]
    pub fn dialog(warning: Warning) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <Dialog warning=warning/> }.into_any())
    }
}

/// The dialog.
#[component]
fn Dialog(warning: Warning) -> impl IntoView {
    let Warning {
        app,
        dismissed,
        asked,
        tick,
        ..
    } = warning;
    dom::after_render(|| {
        dom::inert_behind(ROOT_ID, true);
        dom::focus_id(DIALOG_ID);
    });
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(mut session) = app.session.get_untracked() else {
            return;
        };
        match crate::forms::sign_in::token(&token.get_untracked()) {
            Ok(t) => session.token = t,
            Err(e) => {
                error.set(Some(e.message));
                dom::focus_id(TOKEN_ID);
                return;
            }
        }
        busy.set(true);
        spawn_local(async move {
            let checked = check_new_token(session.clone()).await;
            busy.set(false);
            match checked {
                Ok(expiry) => {
                    token.set(String::new());
                    error.set(None);
                    asked.set_value(Some(session.token.clone()));
                    app.renew(session.token, expiry);
                    tick.run(());
                }
                Err(message) => {
                    error.set(Some(message.to_owned()));
                    dom::focus_id(TOKEN_ID);
                }
            }
        });
    };
    // Tab and Shift+Tab go round the dialog's controls; Escape closes it.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            dismissed.set_value(
                app.session
                    .with_untracked(|s| s.as_ref().and_then(|s| s.expires_at)),
            );
            tick.run(());
            return;
        }
        if ev.key() != "Tab" {
            return;
        }
        let at = dom::focused().map(|e| e.id()).unwrap_or_default();
        let wrap_to = if ev.shift_key() {
            (at == TOKEN_ID || at == DIALOG_ID).then_some(SIGN_OUT_ID)
        } else {
            (at == SIGN_OUT_ID).then_some(TOKEN_ID)
        };
        if let Some(id) = wrap_to {
            ev.prevent_default();
            dom::focus_id(id);
        }
    };
    let navigate = leptos_router::hooks::use_navigate();
    let sign_out = Callback::new(move |()| {
        app.sign_out();
        navigate(&Page::Home.path(), Default::default());
    });
    let on_sign_out = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        sign_out.run(());
    };
    let shown = move || time_left_words(warning.seconds_left().unwrap_or(0));
    let told = move || {
        format!(
            "Your sign-in to the API ends in {}.",
            time_left_announced(warning.seconds_left().unwrap_or(0))
        )
    };

    view! {
            <div id=ROOT_ID class="app-timeout">
                <div class="app-timeout__overlay"></div>
                <div
                    id=DIALOG_ID
                    class="app-timeout__dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="session-timeout-heading"
                    aria-describedby="session-timeout-message"
                    tabindex="-1"
                    on:keydown=on_keydown
                >
                    <h2 class="govuk-heading-m" id="session-timeout-heading">
                        "You’re about to be signed out"
                    </h2>
                    <p class="govuk-body" aria-hidden="true">
                        "Your sign-in to the API ends in "
                        <strong class="app-timeout__countdown">{shown}</strong>
                        "."
                    </p>
                    <p class="govuk-visually-hidden" id="session-timeout-message" aria-live="polite">
                        {told}
                    </p>
                    <p class="govuk-body">
                        "To stay signed in, enter a new API token. Nothing you have typed on this page will be lost."
                    </p>
                    <form novalidate on:submit=on_submit>
                        <TextInput
                            id=TOKEN_ID
                            label="New API token"
                            label_class="govuk-label--s"
                            input_type="password"
                            autocomplete="off"
                            spellcheck=false
                            value=Signal::derive(move || token.get())
                            on_input=Callback::new(move |v: String| {
                                token.set(v);
                                error.set(None);
                            })
                            error=Signal::derive(move || error.get())
                        />
                        <div class="govuk-button-group">
                            <SubmitButton text="Stay signed in" busy_text="Checking the token…" busy=busy/>
                            <a id=SIGN_OUT_ID class="govuk-link" href=Page::Home.path() on:click=on_sign_out>
                                "Sign out"
                            </a>
                        </div>
                    </form>
                </div>
            </div>
    }
}
