//! Book a Secure Move for PMU, OCA and supplier staff: a Leptos client-side app on the GOV.UK Design
//! System. Every form is checked in the browser by `basm-core`, on input and on submit,
//! and every request is judged by core before it is sent.
//!
//! Layout: [`routes`] declares the pages once (every link comes from its `Page`); [`pages`]
//! has one component per page; [`components::govuk`] the GOV.UK components; [`state`] the
//! shared state [`app`] provides and pages and components read; [`forms`] the plain,
//! natively tested logic of every form; [`submit`] the one path every form's submit takes;
//! [`api`] the client; [`session`] who is signed in; [`url`] percent-encoding; [`messages`]
//! the words for API refusals. The modules import each other without a cycle
//! (`tests/modules.rs`).

pub mod api;
pub mod app;
pub mod components;
pub mod dom;
pub mod forms;
pub mod messages;
pub mod model;
pub mod pages;
pub mod routes;
pub mod session;
pub mod state;
pub mod submit;
pub mod url;

pub use app::App;
