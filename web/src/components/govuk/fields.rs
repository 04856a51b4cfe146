//! Form components: error summary, text input, textarea, date input, radios, checkboxes and
//! the submit button.

use basm_core::forms::{DateInput, date_reading};
use leptos::prelude::*;

use super::{described_by, field_described_by};
use crate::dom;
use crate::forms::FieldMessage;
use crate::forms::errors::date_boxes_in_error;
use crate::messages::PageProblem;
use crate::routes::Page;

/// The error summary: "There is a problem" and a link to each field in error (`#<id>`),
/// or a page-level problem with what to do next. Rendered with `id="error-summary"` and
/// `tabindex="-1"` so the page can move focus to it after a failed submit.
#[component]
pub fn ErrorSummary(
    /// Field errors, in page order.
    #[prop(into)]
    errors: Signal<Vec<FieldMessage>>,
    /// A problem with the whole request (shown above the field errors).
    #[prop(optional, into)]
    problem: Option<Signal<Option<PageProblem>>>,
    /// The link of a field's error when the field is on another page (check answers);
    /// default `#<field>`.
    #[prop(optional)]
    link: Option<Callback<String, String>>,
) -> impl IntoView {
    let problem = problem.unwrap_or_else(|| Signal::derive(|| None));
    let shown = move || !errors.with(Vec::is_empty) || problem.with(Option::is_some);
    view! {
        <Show when=shown>
            <div class="govuk-error-summary" data-module="govuk-error-summary" id="error-summary" tabindex="-1">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">
                        {move || problem.get().map(|p| p.title).unwrap_or_else(|| "There is a problem".to_owned())}
                    </h2>
                    <div class="govuk-error-summary__body">
                        {move || problem.get().map(|p| view! {
                            <p>{p.body}</p>
                            {p.sign_in_again.then(|| view! {
                                <p><SignInAgainLink/></p>
                            })}
                        })}
                        <Show when=move || !errors.with(Vec::is_empty)>
                            <ul class="govuk-list govuk-error-summary__list">
                                <For
                                    each=move || errors.get()
                                    key=|e| (e.field.clone(), e.message.clone())
                                    let:error
                                >
                                    <li>
                                        <a
                                            href=link.map(|l| l.run(error.field.clone())).unwrap_or_else(|| format!("#{}", error.field))
                                            on:click={
                                                let field = error.field.clone();
                                                move |ev| {
                                                    // Focus the field when it is on this page;
                                                    // otherwise the link goes to its page.
                                                    if dom::focus_field(&field) {
                                                        ev.prevent_default();
                                                    }
                                                }
                                            }
                                        >
                                            {error.message.clone()}
                                        </a>
                                    </li>
                                </For>
                            </ul>
                        </Show>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// "Sign in again": forgets the refused session, so this same page shows the sign-in form
/// and, once signed in, comes back with everything typed so far.
#[component]
pub fn SignInAgainLink() -> impl IntoView {
    let app = crate::state::use_app();
    view! {
        <a
            class="govuk-link"
            href=Page::Home.path()
            on:click=move |ev| {
                ev.prevent_default();
                app.end_session();
            }
        >
            "Sign in again"
        </a>
    }
}

/// `<p class="govuk-error-message">` with its visually hidden "Error:" prefix.
#[component]
pub fn ErrorMessage(
    /// `<group>-error`.
    id: String,
    /// The message.
    message: String,
) -> impl IntoView {
    view! {
        <p id=id class="govuk-error-message">
            <span class="govuk-visually-hidden">"Error:"</span>
            " "
            {message}
        </p>
    }
}

fn group_class(error: bool) -> &'static str {
    if error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

/// A text input with label, hint and error message.
#[component]
pub fn TextInput(
    /// The input's id and name.
    id: &'static str,
    /// Label text.
    #[prop(into)]
    label: String,
    /// Extra label classes (`govuk-label--m`).
    #[prop(optional)]
    label_class: &'static str,
    /// Hint text.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Input width class (`govuk-input--width-2`).
    #[prop(optional)]
    width: &'static str,
    /// `inputmode`.
    #[prop(optional)]
    input_mode: Option<&'static str>,
    /// `autocomplete`.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// `type` (default `text`).
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// `spellcheck`.
    #[prop(optional)]
    spellcheck: Option<bool>,
    /// The value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on each input.
    on_input: Callback<String>,
    /// The error message, when shown.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let input_class = move || {
        let mut class = String::from("govuk-input");
        if !width.is_empty() {
            class.push(' ');
            class.push_str(width);
        }
        if error.with(Option::is_some) {
            class.push_str(" govuk-input--error");
        }
        class
    };
    let describedby = field_described_by(hint_id.clone(), error_id.clone(), error);
    view! {
        <div class=move || group_class(error.with(Option::is_some))>
            <label class=format!("govuk-label {label_class}") for=id>{label}</label>
            {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
            {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m/> })}
            <input
                class=input_class
                id=id
                name=id
                type=input_type.unwrap_or("text")
                inputmode=input_mode
                autocomplete=autocomplete
                spellcheck=spellcheck.map(|s| s.to_string())
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            />
        </div>
    }
}

/// A textarea with label, hint and error message.
#[component]
pub fn Textarea(
    /// Id and name.
    id: &'static str,
    /// Label.
    #[prop(into)]
    label: String,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Rows.
    #[prop(optional)]
    rows: Option<u32>,
    /// Value.
    #[prop(into)]
    value: Signal<String>,
    /// Called on input.
    on_input: Callback<String>,
    /// Error message.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let describedby = field_described_by(hint_id.clone(), error_id.clone(), error);
    view! {
        <div class=move || group_class(error.with(Option::is_some))>
            <label class="govuk-label" for=id>{label}</label>
            {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
            {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m/> })}
            <textarea
                class=move || if error.with(Option::is_some) { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                id=id
                name=id
                rows=rows.unwrap_or(5).to_string()
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            ></textarea>
        </div>
    }
}

/// The GOV.UK date input: day, month and year boxes (`<id>-day`, `<id>-month`,
/// `<id>-year`) in a fieldset.
#[component]
pub fn DateFields(
    /// The date's id prefix (`date`).
    id: &'static str,
    /// The legend.
    #[prop(into)]
    legend: String,
    /// Legend classes (`govuk-fieldset__legend--m`).
    #[prop(optional)]
    legend_class: &'static str,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<String>,
    /// The boxes.
    #[prop(into)]
    value: Signal<DateInput>,
    /// Called with (`day`|`month`|`year`, new text).
    on_input: Callback<(&'static str, String)>,
    /// The error on any box of the date.
    #[prop(into)]
    error: Signal<Option<FieldMessage>>,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let reading_id = format!("{id}-reading");
    let describedby = field_described_by(hint_id.clone(), error_id.clone(), error);
    let in_error = move || value.with(|v| error.with(|e| date_boxes_in_error(e.as_ref(), v)));
    let item = move |part: &'static str, label: &'static str, index: usize| {
        let width = if part == "year" {
            "govuk-input--width-4"
        } else {
            "govuk-input--width-2"
        };
        let box_id = format!("{id}-{part}");
        view! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for=box_id.clone()>{label}</label>
                    <input
                        class=move || {
                            let error = if in_error()[index] { " govuk-input--error" } else { "" };
                            format!("govuk-input govuk-date-input__input {width}{error}")
                        }
                        id=box_id.clone()
                        name=box_id
                        type="text"
                        inputmode="numeric"
                        prop:value=move || value.with(|v| match part {
                            "day" => v.day.clone(),
                            "month" => v.month.clone(),
                            _ => v.year.clone(),
                        })
                        on:input:target=move |ev| on_input.run((part, ev.target().value()))
                    />
                </div>
            </div>
        }
    };
    view! {
        <div class=move || group_class(error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=describedby>
                <legend class=format!("govuk-fieldset__legend {legend_class}")>{legend}</legend>
                {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
                {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m.message/> })}
                <div class="govuk-date-input" id=id>
                    {item("day", "Day", 0)}
                    {item("month", "Month", 1)}
                    {item("year", "Year", 2)}
                </div>
                // The date as read, as the user types (core's `date_reading`): in a polite
                // live region that is always there, so each new reading is announced.
                <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0" id=reading_id aria-live="polite">
                    {move || value.with(date_reading).map(|reading| view! {
                        {reading.words}
                        {reading.note.map(|note| view! { " " <strong class="govuk-!-font-weight-bold">{note}</strong> })}
                    })}
                </p>
            </fieldset>
        </div>
    }
}

/// One radio: value, label, optional hint and optional conditionally revealed content.
pub struct RadioOption {
    /// The value.
    pub value: String,
    /// The label.
    pub label: String,
    /// The item hint.
    pub hint: Option<String>,
    /// Content revealed while this radio is chosen.
    pub conditional: Option<ViewFn>,
}

impl RadioOption {
    /// A plain option.
    pub fn new(value: &str, label: &str) -> Self {
        RadioOption {
            value: value.to_owned(),
            label: label.to_owned(),
            hint: None,
            conditional: None,
        }
    }

    /// With an item hint.
    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_owned());
        self
    }

    /// With content revealed when chosen.
    pub fn reveal(mut self, view: impl Fn() -> AnyView + Send + Sync + 'static) -> Self {
        self.conditional = Some(ViewFn::from(view));
        self
    }
}

/// Radios in a fieldset, with conditional reveals. The first radio's id is `name` (the
/// error summary's target), the others `name-2`, `name-3`, ….
#[component]
pub fn Radios(
    /// Name and id prefix.
    name: &'static str,
    /// Legend.
    #[prop(into)]
    legend: String,
    /// Legend classes (`govuk-fieldset__legend--m`).
    #[prop(optional)]
    legend_class: &'static str,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<String>,
    /// A hint that comes and goes (shown while `Some`; for a question without `hint`),
    /// without drawing the radios again (a keyboard user keeps their place).
    #[prop(optional, into)]
    live_hint: Option<Signal<Option<String>>>,
    /// Inline (for yes/no).
    #[prop(optional)]
    inline: bool,
    /// Small radios.
    #[prop(optional)]
    small: bool,
    /// The options.
    options: Vec<RadioOption>,
    /// The chosen value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen value.
    on_change: Callback<String>,
    /// Error message.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{name}-hint"));
    let error_id = format!("{name}-error");
    let live_hint = live_hint.unwrap_or_else(|| Signal::derive(|| None));
    let live_hint_id = format!("{name}-hint");
    let describedby = {
        let (hint_id, live_hint_id, error_id) =
            (hint_id.clone(), live_hint_id.clone(), error_id.clone());
        move || {
            described_by(&[
                hint_id.clone(),
                live_hint
                    .with(Option::is_some)
                    .then(|| live_hint_id.clone()),
                error.with(Option::is_some).then(|| error_id.clone()),
            ])
        }
    };
    let mut radios_class = String::from("govuk-radios");
    if inline {
        radios_class.push_str(" govuk-radios--inline");
    }
    if small {
        radios_class.push_str(" govuk-radios--small");
    }
    let items = options
        .into_iter()
        .enumerate()
        .map(|(index, option)| {
            let item_id = if index == 0 {
                name.to_owned()
            } else {
                format!("{name}-{}", index + 1)
            };
            let conditional_id = format!("conditional-{item_id}");
            let item_hint_id = format!("{item_id}-item-hint");
            let RadioOption {
                value: option_value,
                label,
                hint,
                conditional,
            } = option;
            let checked = {
                let option_value = option_value.clone();
                move || value.with(|v| *v == option_value)
            };
            let controls = conditional.as_ref().map(|_| conditional_id.clone());
            view! {
                <div class="govuk-radios__item">
                    <input
                        class="govuk-radios__input"
                        id=item_id.clone()
                        name=name
                        type="radio"
                        value=option_value.clone()
                        aria-controls=controls
                        aria-describedby=hint.as_ref().map(|_| item_hint_id.clone())
                        prop:checked=checked.clone()
                        on:change={
                            let option_value = option_value.clone();
                            move |_| on_change.run(option_value.clone())
                        }
                    />
                    <label class="govuk-label govuk-radios__label" for=item_id>{label}</label>
                    {hint.map(|h| view! { <div id=item_hint_id class="govuk-hint govuk-radios__hint">{h}</div> })}
                </div>
                {conditional.map(|content| {
                    let checked = checked.clone();
                    view! {
                        <div
                            class=move || if checked() { "govuk-radios__conditional" } else { "govuk-radios__conditional govuk-radios__conditional--hidden" }
                            id=conditional_id
                        >
                            {content.run()}
                        </div>
                    }
                })}
            }
        })
        .collect_view();
    view! {
        <div class=move || group_class(error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" aria-describedby=describedby>
                <legend class=format!("govuk-fieldset__legend {legend_class}")>{legend}</legend>
                {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
                {move || live_hint.get().map(|h| view! { <div id=live_hint_id.clone() class="govuk-hint">{h}</div> })}
                {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m/> })}
                <div class=radios_class data-module="govuk-radios">{items}</div>
            </fieldset>
        </div>
    }
}

/// One checkbox.
pub struct CheckboxOption {
    /// The value.
    pub value: String,
    /// The label.
    pub label: String,
}

/// Checkboxes in a fieldset. The first box's id is `name`.
#[component]
pub fn Checkboxes(
    /// Name and id prefix.
    name: &'static str,
    /// Legend.
    #[prop(into)]
    legend: String,
    /// Legend classes.
    #[prop(optional)]
    legend_class: &'static str,
    /// Hint.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Options.
    #[prop(into)]
    options: Signal<Vec<CheckboxOption>>,
    /// The ticked values.
    #[prop(into)]
    value: Signal<Vec<String>>,
    /// Called with (value, ticked).
    on_change: Callback<(String, bool)>,
    /// Error message.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The small variant (`govuk-checkboxes--small`), for filters.
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{name}-hint"));
    let error_id = format!("{name}-error");
    let describedby = field_described_by(hint_id.clone(), error_id.clone(), error);
    let boxes_class = if small {
        "govuk-checkboxes govuk-checkboxes--small"
    } else {
        "govuk-checkboxes"
    };
    let items = move || {
        options.with(|options| {
            options
                .iter()
                .enumerate()
                .map(|(index, option)| {
                    let item_id = if index == 0 {
                        name.to_owned()
                    } else {
                        format!("{name}-{}", index + 1)
                    };
                    let option_value = option.value.clone();
                    let checked = {
                        let option_value = option_value.clone();
                        move || value.with(|v| v.contains(&option_value))
                    };
                    view! {
                        <div class="govuk-checkboxes__item">
                            <input
                                class="govuk-checkboxes__input"
                                id=item_id.clone()
                                name=name
                                type="checkbox"
                                value=option_value.clone()
                                prop:checked=checked
                                on:change:target=move |ev| on_change.run((option_value.clone(), ev.target().checked()))
                            />
                            <label class="govuk-label govuk-checkboxes__label" for=item_id>{option.label.clone()}</label>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class=move || group_class(error.with(Option::is_some))>
            <fieldset class="govuk-fieldset" aria-describedby=describedby>
                <legend class=format!("govuk-fieldset__legend {legend_class}")>{legend}</legend>
                {hint.map(|h| view! { <div id=hint_id.clone() class="govuk-hint">{h}</div> })}
                {move || error.get().map(|m| view! { <ErrorMessage id=error_id.clone() message=m/> })}
                <div class=boxes_class data-module="govuk-checkboxes">{items}</div>
            </fieldset>
        </div>
    }
}

/// The form's submit button. While `busy` it says `busy_text`, is `aria-disabled` (it
/// keeps focus, unlike `disabled`), and the form handler ignores further clicks; a polite
/// status tells screen reader users the request is on its way.
#[component]
pub fn SubmitButton(
    /// Label.
    #[prop(into)]
    text: String,
    /// Label while sending.
    #[prop(into)]
    busy_text: String,
    /// A request is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Red warning button (destructive actions).
    #[prop(optional)]
    warning: bool,
    /// Grey secondary button (a search or filter beside the page's main action).
    #[prop(optional)]
    secondary: bool,
) -> impl IntoView {
    let class = match (warning, secondary) {
        (true, _) => "govuk-button govuk-button--warning",
        (false, true) => "govuk-button govuk-button--secondary",
        (false, false) => "govuk-button",
    };
    let busy_text_status = busy_text.clone();
    view! {
        <button
            type="submit"
            class=class
            data-module="govuk-button"
            data-prevent-double-click="true"
            aria-disabled=move || busy.get().then_some("true")
        >
            {move || if busy.get() { busy_text.clone() } else { text.clone() }}
        </button>
        <span class="govuk-visually-hidden" role="status">
            {move || busy.get().then(|| busy_text_status.clone())}
        </span>
    }
}
