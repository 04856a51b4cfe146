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

/// `aria-describedby` from the ids that exist (hint, error), or `None`.
pub fn described_by(ids: &[Option<String>]) -> Option<String> {
    let joined = ids.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}
