//! GOV.UK Design System components as Leptos components. Class names and ids follow the
//! govuk-frontend 6.6.0 Nunjucks templates (`dist/govuk/components/*/template.njk`); the
//! behaviour their JavaScript would add (focus, conditional reveals) is done in Rust.

pub mod autocomplete;
pub mod content;
pub mod fields;
pub mod layout;

pub use autocomplete::Autocomplete;
pub use content::{
    BackLink, InsetText, NotificationBanner, Pagination, Panel, SubNavItem, SubNavigation,
    SummaryList, SummaryRow, Tag, WarningText,
};
pub use fields::{
    CheckboxOption, Checkboxes, DateFields, ErrorSummary, RadioOption, Radios, SubmitButton,
    TextInput, Textarea,
};
pub use layout::{Footer, Header, PhaseBanner, SkipLink};

/// The `aria-describedby` of a field: its hint (when it has one) and its error message
/// (while `error` is shown).
pub fn field_described_by<T: Send + Sync + 'static>(
    hint_id: Option<String>,
    error_id: String,
    error: leptos::prelude::Signal<Option<T>>,
) -> impl Fn() -> Option<String> + Clone + 'static {
    use leptos::prelude::With;
    move || {
        described_by(&[
            hint_id.clone(),
            error.with(Option::is_some).then(|| error_id.clone()),
        ])
    }
}

/// `aria-describedby` from the ids that exist (hint, error), or `None`.
pub fn described_by(ids: &[Option<String>]) -> Option<String> {
    let joined = ids.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}
