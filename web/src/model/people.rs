//! People and profiles as the OCA pages read them.
