//! OCA filling an allocation: the next empty place, the bulk plan and its progress.
