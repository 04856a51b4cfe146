//! Events as the timeline reads them.
