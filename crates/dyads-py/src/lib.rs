//! `dyads._dyads`: the Rust side of the Python package. It exposes the same
//! `Pipeline` the CLI runs; the Python layer (`python/dyads/`) turns its JSON
//! into dicts, Arrow tables and Spark DataFrames. Events cross the boundary
//! as JSON text: one format, identical to the CLI's JSONL by construction.

use std::path::PathBuf;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;

use dyads_code::{Coder as EventCoder, CoderOptions};
use dyads_parse::{Layers, Model};
use dyads_pipeline::Pipeline;

#[pyclass(frozen, module = "dyads._dyads")]
struct Coder {
    pipeline: Pipeline,
}

fn err(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// One document's events as a JSON array, or `{"error": ...}`.
fn code_one(p: &Pipeline, text: Option<&str>, date: &str, id: &str) -> String {
    let Some(text) = text else {
        return serde_json::json!({ "error": "text is missing or not a string" }).to_string();
    };
    // A panic inside one document must not take the batch (or Python) down.
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| p.code_text(id, text.to_string(), date)));
    match r {
        Ok(Ok(c)) => serde_json::to_string(&c.events).unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string()),
        Ok(Err(e)) => serde_json::json!({ "error": e.to_string() }).to_string(),
        Err(_) => serde_json::json!({ "error": "internal error while coding this document" }).to_string(),
    }
}

#[pymethods]
impl Coder {
    /// Loads the model and dictionaries once. `model`: a model file (default:
    /// the built-in one). `dictionaries`: dyads-format files or directories
    /// holding them (default: the built-in Phoenix-derived set).
    #[new]
    #[pyo3(signature = (model=None, dictionaries=None))]
    fn new(py: Python<'_>, model: Option<PathBuf>, dictionaries: Option<Vec<PathBuf>>) -> PyResult<Coder> {
        py.detach(|| {
            let model = Model::load_or_embedded(model.as_deref()).map_err(err)?;
            let dicts = match dictionaries {
                None => dyads_code::default_dictionaries(),
                Some(paths) => {
                    let mut files = Vec::new();
                    for p in paths {
                        if p.is_dir() {
                            let mut inner: Vec<PathBuf> = std::fs::read_dir(&p)
                                .map_err(|e| err(format!("{}: {e}", p.display())))?
                                .filter_map(|e| e.ok().map(|e| e.path()))
                                .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                                .collect();
                            inner.sort();
                            files.extend(inner);
                        } else {
                            files.push(p);
                        }
                    }
                    let refs: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
                    dyads_code::load_native(&refs, false).map_err(err)?
                }
            };
            Ok(Coder { pipeline: Pipeline::new(model, EventCoder::new(dicts, CoderOptions::default())) })
        })
    }

    /// Events of one document as a JSON array (or `{"error": ...}`).
    fn code_json(&self, py: Python<'_>, text: &str, date: &str, doc_id: &str) -> String {
        let (text, date, doc_id) = (text.to_string(), date.to_string(), doc_id.to_string());
        py.detach(|| code_one(&self.pipeline, Some(&text), &date, &doc_id))
    }

    /// Many documents in parallel with the GIL released; one JSON text per
    /// document, in input order. `threads`: pool size (default: all cores).
    #[pyo3(signature = (texts, dates, ids, threads=None))]
    fn code_batch_json(
        &self,
        py: Python<'_>,
        texts: Vec<Option<String>>,
        dates: Vec<String>,
        ids: Vec<String>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        if texts.len() != dates.len() || texts.len() != ids.len() {
            return Err(err("texts, dates and ids must have the same length"));
        }
        py.detach(|| {
            let run = || -> Vec<String> {
                texts.par_iter().zip(dates.par_iter()).zip(ids.par_iter()).map(|((t, d), i)| code_one(&self.pipeline, t.as_deref(), d, i)).collect()
            };
            match threads {
                None => Ok(run()),
                Some(n) => {
                    let pool = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build().map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
                    Ok(pool.install(run))
                }
            }
        })
    }

    /// Tokenizes, tags and parses; returns CoNLL-U.
    fn parse_conllu(&self, py: Python<'_>, text: &str, doc_id: &str) -> PyResult<String> {
        let (text, doc_id) = (text.to_string(), doc_id.to_string());
        py.detach(|| {
            let mut doc = dyads_text::tokenize(doc_id, text);
            self.pipeline.annotator.annotate(&mut doc, Layers::All);
            let mut out = Vec::new();
            dyads_text::write_conllu(&doc, &mut out).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            String::from_utf8(out).map_err(|e| PyRuntimeError::new_err(e.to_string()))
        })
    }

    /// Tokenizes, tags and parses; returns token records as JSON.
    fn parse_tokens_json(&self, py: Python<'_>, text: &str) -> String {
        let text = text.to_string();
        py.detach(|| {
            let mut doc = dyads_text::tokenize("doc", text);
            self.pipeline.annotator.annotate(&mut doc, Layers::All);
            let mut rows = Vec::with_capacity(doc.len());
            for (si, s) in doc.sentences.iter().enumerate() {
                for i in s.tokens.clone() {
                    rows.push(serde_json::json!({
                        "sentence": si + 1,
                        "id": i - s.tokens.start + 1,
                        "form": doc.form(i),
                        "lemma": doc.lemma[i],
                        "upos": doc.upos[i].as_str(),
                        "xpos": doc.xpos[i],
                        "head": doc.head[i].map_or(0, |h| h as usize - s.tokens.start + 1),
                        "deprel": doc.deprel[i],
                        "start": doc.start[i],
                        "end": doc.end[i],
                    }));
                }
            }
            serde_json::Value::Array(rows).to_string()
        })
    }
}

#[pymodule]
fn _dyads(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Coder>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
