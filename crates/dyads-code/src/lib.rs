//! dyads-code: the third stage of the pipeline. Reads a parsed
//! [`dyads_text::Doc`] (ours or from CoNLL-U) and codes CAMEO events.

pub mod dict;
pub mod ontology;
pub mod petrarch;

pub use dict::{DictError, Dictionaries};
pub use ontology::{EventCode, Ontology, OntologyError};
