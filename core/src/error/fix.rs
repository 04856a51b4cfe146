//! An error's `meta.fix`, made when first read where it is costly (issue 13).
//!
//! Most callers never read a fix: a portal asks `valid` and `status`, the sandbox answers with
//! the API's body, a form shows the detail. The fixes of values in the body are most of the
//! fixes' cost (the event types nearest a misspelt one are found by comparing it with the 92
//! names, which costs more than the rest of the validation). So
//! [`validate_request`](crate::validate_request) keeps, for those, copies of the values they
//! read, shared by the verdict's errors, and each error's [`FixCell`] makes them the first time
//! one is read, once, as [`ErrorText`](super::ErrorText) writes a text when read. A `FixCell` reads as an
//! `Option<Fix>` ([`Deref`]), and compares, prints and serialises as one: a caller sees the
//! fix.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Fix;

/// `meta.fix` of an error: the fix, or where it will be made from (see the module's
/// documentation).
#[derive(Clone, Default)]
pub struct FixCell {
    /// The fix (or none), made or given, when not `deferred`.
    made: Option<Fix>,
    /// Fix `.1` of the verdict's deferred fixes, made when first read (shared by the errors
    /// and their clones).
    deferred: Option<(Arc<dyn Deferred>, usize)>,
}

/// A verdict's fixes made when first read ([`crate::fixes`]'s). A trait object, so that
/// what they are made from is made, read and dropped only by the code that defers them: the
/// npm package makes its fixes at once, and its `.wasm` then carries none of it.
pub(crate) trait Deferred: Send + Sync {
    /// Fix `index`, made with the others on the first call.
    fn fix(&self, index: usize) -> &Option<Fix>;
}

impl FixCell {
    /// Fix `index` of `fixes`.
    pub(crate) fn deferred(fixes: Arc<dyn Deferred>, index: usize) -> Self {
        FixCell {
            made: None,
            deferred: Some((fixes, index)),
        }
    }

    /// The index of the fix among the verdict's deferred ones, if it is one.
    #[cfg(test)]
    pub(crate) fn deferred_index(&self) -> Option<usize> {
        self.deferred.as_ref().map(|(_, index)| *index)
    }

    /// Whether there is no fix (made now if it was not yet).
    pub fn is_none(&self) -> bool {
        (**self).is_none()
    }
}

impl Deref for FixCell {
    type Target = Option<Fix>;

    /// The fix, made now if it was not yet.
    fn deref(&self) -> &Option<Fix> {
        match &self.deferred {
            None => &self.made,
            Some((fixes, index)) => fixes.fix(*index),
        }
    }
}

impl DerefMut for FixCell {
    /// The fix to change: made now if it was not yet, and from then on the cell's own.
    fn deref_mut(&mut self) -> &mut Option<Fix> {
        if let Some((fixes, index)) = self.deferred.take() {
            self.made = fixes.fix(index).clone();
        }
        &mut self.made
    }
}

impl From<Option<Fix>> for FixCell {
    fn from(fix: Option<Fix>) -> Self {
        FixCell {
            made: fix,
            deferred: None,
        }
    }
}

impl PartialEq for FixCell {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for FixCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl Serialize for FixCell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FixCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<Fix>::deserialize(deserializer).map(FixCell::from)
    }
}
