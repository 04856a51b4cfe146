//! View components: the GOV.UK Design System ones (classes copied verbatim from the
//! govuk-frontend 6.6.0 templates) and the app's page furniture.

pub mod govuk;
pub mod page;
pub mod session_timeout;
pub mod timeline;
