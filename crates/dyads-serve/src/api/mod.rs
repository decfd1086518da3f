//! The route handlers of the JSON API: their parameters, validation and
//! response bodies. Transport (connections, limits, the read pool) lives in
//! the crate root.

pub(crate) mod catalog;
pub(crate) mod download;
pub(crate) mod errors;
pub(crate) mod events;
pub(crate) mod params;
pub(crate) mod write;
