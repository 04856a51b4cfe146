//! Sign in: API address, token, name, role. The token is checked against the API before
//! the session starts, so a wrong token is reported on the token field.

use basm_core::forms::Form;
use basm_core::forms::ids;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

use crate::api::Api;
use crate::components::govuk::{
    ErrorSummary, NotificationBanner, RadioOption, Radios, SubmitButton, TextInput,
};
use crate::components::page::use_title;
use crate::dom;
use crate::forms::errors::{from_core, message_for};
use crate::forms::sign_in::{SignInInput, sign_in};
use crate::forms::{FieldMessage, FormState};
use crate::routes::Page;
use crate::session::Role;
use crate::state::{SignInDraft, use_app};
use crate::submit::{Refusal, Request, Submit};

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let query = use_query_map();
    let location = use_location();
    let saved = SignInDraft::load();
    let input = RwSignal::new(SignInInput {
        api: if saved.api.is_empty() {
            dom::origin()
        } else {
            saved.api
        },
        token: String::new(),
        name: saved.name,
        role: saved.role,
    });
    Effect::new(move |_| {
        input.with(|i| {
            SignInDraft {
                api: i.api.clone(),
                name: i.name.clone(),
                role: i.role.clone(),
            }
            .save()
        })
    });
    // Signed out by an expired token: the page says so, and focus starts on its heading.
    if app.session_expired.get_untracked() {
        dom::focus_later("sign-in-heading");
    }
    let form = RwSignal::new(FormState::default());
    // A read (no body), so no attempt is ever kept under this key.
    let sending = Submit::new("basm:attempt:sign-in".to_owned());
    let busy = sending.busy();
    let client = Memo::new(move |_| {
        input.with(|i| match sign_in(i) {
            Ok(_) => Vec::new(),
            Err(errors) => from_core(&errors),
        })
    });
    let shown =
        Memo::new(move |_| form.with(|f| f.visible(&client.get(), &Form::SignIn.order(""))));
    let error = move |group: &'static str| {
        Signal::derive(move || shown.with(|s| message_for(s, group).map(|m| m.message.clone())))
    };
    use_title(
        || "Sign in".to_owned(),
        move || !shown.with(Vec::is_empty) || sending.has_problem(),
    );
    let set = move |field: &'static str, f: fn(&mut SignInInput, String)| {
        Callback::new(move |value: String| {
            input.update(|i| f(i, value));
            form.update(|s| s.changed(field));
        })
    };

    let on_submit = move |ev: web_sys::SubmitEvent| {
        if !sending.accept(&ev) {
            return;
        }
        form.update(FormState::submit);
        let Ok(session) = input.with_untracked(sign_in) else {
            return sending.invalid();
        };
        let next = query
            .with_untracked(|q| q.get("next"))
            .filter(|n| n.starts_with('/') && !n.starts_with("//"));
        // A cheap request that needs the token: a wrong one is a 401 on the token field.
        let api = Api::new(session.clone());
        let request = Request::new("GET", crate::api::TOKEN_PROBE.to_owned(), None);
        let refusal = Refusal::form(Form::SignIn, "", "the API")
            .onto(move |server| form.update(|f| f.server = server))
            .unanswered(FieldMessage::new(
                ids::API_ADDRESS,
                "unreachable",
                "We could not reach an API at this address. Check the address and try again",
            ));
        let navigate = navigate.clone();
        sending.send(api, request, refusal, move |_| {
            // Signed out on another page (a refused token): stay there, with the draft as it
            // was; from the home page, go where `next` says.
            let here = location.pathname.get_untracked();
            app.sign_in(session);
            if here == Page::Home.path() {
                navigate(
                    &next.unwrap_or_else(|| Page::Home.path()),
                    Default::default(),
                );
            }
            Ok(())
        });
    };

    let roles = Role::ALL
        .iter()
        .map(|r| RadioOption::new(r.as_str(), r.label()))
        .collect::<Vec<_>>();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=shown problem=sending.problem/>
                <Show when=move || app.session_expired.get()>
                    <NotificationBanner
                        heading="You were signed out because your API token expired"
                        body="Sign in again with a new token to carry on where you were: everything you typed is kept."
                    />
                </Show>
                <h1 class="govuk-heading-l" id="sign-in-heading" tabindex="-1">"Sign in"</h1>
                <p class="govuk-body">
                    "Your sign-in is kept for this browser tab only: it ends when you sign out or close the tab."
                </p>
                <form novalidate on:submit=on_submit>
                    <TextInput
                        id=ids::API_ADDRESS
                        label="API address"
                        label_class="govuk-label--s"
                        hint="The address of the Book a Secure Move API. Leave it as it is to use the API that served this page."
                        input_type="url"
                        spellcheck=false
                        autocomplete="url"
                        value=Signal::derive(move || input.with(|i| i.api.clone()))
                        on_input=set(ids::API_ADDRESS, |i, v| i.api = v)
                        error=error(ids::API_ADDRESS)
                    />
                    <TextInput
                        id=ids::TOKEN
                        label="API token"
                        label_class="govuk-label--s"
                        hint="The bearer token you were given for the API"
                        input_type="password"
                        autocomplete="off"
                        spellcheck=false
                        value=Signal::derive(move || input.with(|i| i.token.clone()))
                        on_input=set(ids::TOKEN, |i, v| i.token = v)
                        error=error(ids::TOKEN)
                    />
                    <TextInput
                        id=ids::NAME
                        label="Full name"
                        label_class="govuk-label--s"
                        hint="Shown as who requested the allocations you create"
                        autocomplete="name"
                        spellcheck=false
                        value=Signal::derive(move || input.with(|i| i.name.clone()))
                        on_input=set(ids::NAME, |i, v| i.name = v)
                        error=error(ids::NAME)
                    />
                    <Radios
                        name=ids::ROLE
                        legend="Role"
                        legend_class="govuk-fieldset__legend--s"
                        options=roles
                        value=Signal::derive(move || input.with(|i| i.role.clone()))
                        on_change=set(ids::ROLE, |i, v| i.role = v)
                        error=error(ids::ROLE)
                    />
                    <SubmitButton text="Sign in" busy_text="Signing in…" busy=busy/>
                </form>
            </div>
        </div>
    }
}
