//! Form and page logic as plain Rust: no DOM, no signals, tested natively with `cargo test -p
//! basm-web`. The Leptos pages in [`crate::pages`] only wire these to the view.

pub mod allocation_list;
pub mod allocation_new;
pub mod autocomplete;
pub mod csv;
pub mod errors;
pub mod event_composer;
pub mod failures;
pub mod format;
pub mod journey;
pub mod moves;
pub mod people;
pub mod sign_in;
pub mod submission;

pub use errors::{FieldMessage, FormState};
