//! Book a Secure Move for PMU, OCA and supplier staff: a Leptos client-side app on the GOV.UK Design
//! System. Every form is checked in the browser by `basm-core`, on input and on submit,
//! and every request is judged by core before it is sent.
//!
//! Layout: [`routes`] declares the pages once; [`pages`] has one component per page;
//! [`components::govuk`] the GOV.UK components; [`forms`] the plain, natively tested
//! logic of every form; [`api`] the client; [`messages`] the words for API refusals.

pub mod api;
pub mod app;
pub mod components;
pub mod dom;
pub mod forms;
pub mod messages;
pub mod model;
pub mod pages;
pub mod routes;
pub mod state;

pub use app::App;
