//! The model layer: what the API's models do with a request once an endpoint has read it —
//! move drafts and the move model's validations, an event's model run, the model's errors.
//!
//! It sits below the endpoints and imports none of them (`tests/layers.rs` keeps it so):
//! an endpoint reads the request and hands the model plain data.

pub(crate) mod check;
pub(crate) mod errors;
pub(crate) mod move_draft;
pub(crate) mod run;

use crate::verdict::{Unchecked, Warning};

/// Warnings and unchecked facts gathered along the way.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub warnings: Vec<Warning>,
    pub unchecked: Vec<Unchecked>,
}
