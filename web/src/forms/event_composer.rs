//! The event composer's logic: which event types and eventables are offered, the fields of each, the request it builds.
