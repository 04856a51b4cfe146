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

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Failure, token_life};
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
        TokenLife::Unknown => {
            match Api::new(session)
                .get("/api/allocations?page=1&per_page=1")
                .await
            {
                Ok(_) => Ok(None),
                Err(Failure::Refused { status: 401, .. }) => Err(INVALID_TOKEN),
                Err(_) => Err("We could not reach the API. Try again"),
            }
        }
    }
}

const INVALID_TOKEN: &str =
    "The API did not accept this token. Check it, or get a new one, and try again";

/// The warning, mounted once beside the page.
#[component]
pub fn SessionTimeout() -> impl IntoView {
    let app = use_app();
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }

    // After each sign-in (a token with no known expiry), ask the API once.
    let asked = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(session) = app.session.get() else {
            return;
        };
        let known = session.expires_at.is_some()
            || asked.with_value(|a| a.as_deref() == Some(session.token.as_str()));
        if !known {
            asked.set_value(Some(session.token.clone()));
            learn_expiry(app, session);
        }
    });

    let expires_at =
        Memo::new(move |_| app.session.with(|s| s.as_ref().and_then(|s| s.expires_at)));
    let seconds_left = Memo::new(move |_| {
        expires_at
            .get()
            .map(|at| (at - now.get() + 999).div_euclid(1000))
    });
    // Escape closes the warning for this token; a new token warns again.
    let dismissed = RwSignal::new(None::<i64>);
    let open = Memo::new(move |_| {
        matches!(seconds_left.get(), Some(s) if s > 0 && s <= WARN_BEFORE_SECS)
            && dismissed.get() != expires_at.get()
    });
    Effect::new(move |_| {
        if matches!(seconds_left.get(), Some(s) if s <= 0) {
            app.expire_session();
        }
    });

    // Focus into the dialog when it opens; back where it was when it closes.
    let before = StoredValue::new_local(None::<web_sys::Element>);
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open && was_open != Some(true) {
            before.set_value(dom::focused());
            dom::after_render(|| {
                dom::inert_behind(ROOT_ID, true);
                dom::focus_id(DIALOG_ID);
            });
        } else if !is_open && was_open == Some(true) {
            dom::inert_behind(ROOT_ID, false);
            if let Some(element) = before.get_value() {
                dom::refocus(&element);
            }
        }
        is_open
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
            dismissed.set(expires_at.get_untracked());
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
    let shown = move || time_left_words(seconds_left.get().unwrap_or(0));
    let told = move || {
        format!(
            "Your sign-in to the API ends in {}.",
            time_left_announced(seconds_left.get().unwrap_or(0))
        )
    };

    view! {
        <Show when=move || open.get()>
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
        </Show>
    }
}
