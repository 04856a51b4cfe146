//! An accessible autocomplete, after the WAI-ARIA 1.2 combobox pattern (list autocomplete
//! with manual selection) and alphagov/accessible-autocomplete: an `<input
//! role="combobox">` controlling a `<ul role="listbox">`, a polite status with the number
//! of results, and the GOV.UK form-group markup around it.

use leptos::prelude::*;

use super::field_described_by;
use super::fields::ErrorMessage;
use crate::forms::autocomplete::{Choice, Combobox, Key, KeyOutcome, exact, matches, status_text};

/// The autocomplete. The input's id is `id` (the error summary's target); the page gets
/// the typed text and the id of the choice it names (or `None`) on every change.
#[component]
pub fn Autocomplete(
    /// Id and name of the input.
    id: &'static str,
    /// Label.
    #[prop(into)]
    label: String,
    /// Label classes.
    #[prop(optional)]
    label_class: &'static str,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<String>,
    /// The options.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    /// An option id to leave out of the list.
    #[prop(into)]
    exclude: Signal<Option<String>>,
    /// The text in the input.
    #[prop(into)]
    text: Signal<String>,
    /// Called with the new text and the id it names.
    on_change: Callback<(String, Option<String>)>,
    /// Error message.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// What the list says when nothing matches (default "No prisons match").
    #[prop(optional)]
    no_match: Option<&'static str>,
) -> impl IntoView {
    let no_match = no_match.unwrap_or("No prisons match");
    let state = RwSignal::new(Combobox::default());
    let listbox_id = format!("{id}-listbox");
    let label_id = format!("{id}-label");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let results = Memo::new(move |_| {
        let query = text.get();
        let excluded = exclude.get();
        choices.with(|c| matches(c, &query, excluded.as_deref()))
    });
    let choose = move |index: usize| {
        let choice = choices.with(|c| c.get(index).cloned());
        if let Some(choice) = choice {
            on_change.run((choice.display(), Some(choice.id)));
        }
        state.update(Combobox::close);
    };
    let option_id = move |position: usize| format!("{id}-option-{position}");
    let active_descendant = move || {
        state
            .with(|s| s.open.then_some(s.active).flatten())
            .map(option_id)
    };
    let describedby = field_described_by(hint_id.clone(), error_id.clone(), error);
    let input_class = move || {
        if error.with(Option::is_some) {
            "govuk-input app-autocomplete__input govuk-input--error"
        } else {
            "govuk-input app-autocomplete__input"
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(key) = Key::from_dom(&ev.key()) else {
            return;
        };
        let outcome = results.with(|r| {
            let mut combobox = state.get_untracked();
            let outcome = combobox.key(key, r);
            state.set(combobox);
            outcome
        });
        match outcome {
            KeyOutcome::Ignored => {}
            KeyOutcome::Handled => ev.prevent_default(),
            KeyOutcome::Chosen(index) => {
                ev.prevent_default();
                choose(index);
            }
        }
    };
    let on_input = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        state.update(|s| s.typed(&value));
        let named = choices.with(|c| exact(c, &value).map(|i| c[i].id.clone()));
        on_change.run((value, named));
    };
    let on_blur = move |_| {
        state.update(Combobox::close);
        // A typed name or code counts as a choice; show it in its full form.
        let current = text.get_untracked();
        let named = choices.with_untracked(|c| exact(c, &current).map(|i| c[i].clone()));
        if let Some(choice) = named
            && choice.display() != current
        {
            on_change.run((choice.display(), Some(choice.id)));
        }
    };
    let options = move || {
        let open = state.with(|s| s.open);
        let active = state.with(|s| s.active);
        let list = results.get();
        if !open {
            return Vec::new();
        }
        if list.is_empty() {
            return vec![
                view! {
                    <li class="app-autocomplete__option app-autocomplete__option--no-results" role="option" aria-disabled="true" aria-selected="false">
                        {no_match}
                    </li>
                }
                .into_any(),
            ];
        }
        list.into_iter()
            .enumerate()
            .map(|(position, index)| {
                let label = choices.with(|c| c.get(index).map(Choice::display).unwrap_or_default());
                let focused = active == Some(position);
                view! {
                    <li
                        id=option_id(position)
                        role="option"
                        aria-selected=if focused { "true" } else { "false" }
                        class=if focused { "app-autocomplete__option app-autocomplete__option--focused" } else { "app-autocomplete__option" }
                        on:mousedown=move |ev| {
                            // Keep focus in the input while choosing with a pointer.
                            ev.prevent_default();
                            choose(index);
                        }
                    >
                        {label}
                    </li>
                }
                .into_any()
            })
            .collect::<Vec<_>>()
    };
    let status = move || {
        let open = state.with(|s| s.open);
        results.with(|r| text.with(|t| status_text(open, r.len(), t)))
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class=format!("govuk-label {label_class}") for=id id=label_id.clone()>{label}</label>
            {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
            {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m/> })}
            <div class="app-autocomplete">
                <input
                    class=input_class
                    id=id
                    name=id
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-expanded=move || if state.with(|s| s.open) { "true" } else { "false" }
                    aria-controls=listbox_id.clone()
                    aria-activedescendant=active_descendant
                    aria-describedby=describedby
                    prop:value=move || text.get()
                    on:input=on_input
                    on:keydown=on_keydown
                    on:blur=on_blur
                    on:click=move |_| state.update(|s| s.open = true)
                />
                <ul
                    id=listbox_id
                    role="listbox"
                    aria-labelledby=label_id
                    class="app-autocomplete__menu"
                    hidden=move || !state.with(|s| s.open)
                >
                    {options}
                </ul>
                <div class="govuk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{status}</div>
            </div>
        </div>
    }
}
