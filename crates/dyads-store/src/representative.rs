//! Which mention represents an event: its evidence, and the names, date
//! precision, date range and coordinates copied onto the event row. The
//! rule is an order over mentions that does not depend on when they
//! arrived: the earliest report date, then document key, then content hash
//! (unique per document), then sentence and trigger offset; within one
//! document, the one coded first. So two ingests of the same documents in
//! any order, or concurrently, store the same events.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::{precision_name, CodedDoc, Result};

/// A mention's place in the representative order (smaller wins). Fields
/// compare as SQLite's default collation does (bytes), so the migration's
/// `ORDER BY` and this order agree.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct MentionOrder {
    report_date: String,
    doc_key: String,
    hash: Vec<u8>,
    sentence: i64,
    trigger_start: i64,
}

impl MentionOrder {
    pub(crate) fn of(d: &CodedDoc, e: &dyads_code::Event) -> MentionOrder {
        MentionOrder {
            report_date: d.report_date.clone(),
            doc_key: d.key.clone(),
            hash: d.hash.to_vec(),
            sentence: e.sentence as i64,
            trigger_start: e.trigger_span[0] as i64,
        }
    }

    /// The order of `event_id`'s current representative (`None`: it has none yet).
    pub(crate) fn current(tx: &Transaction, event_id: i64) -> Result<Option<MentionOrder>> {
        let mut stmt = tx.prepare_cached(
            "SELECT d.report_date, d.doc_key, d.content_hash, m.sentence, m.trigger_start
             FROM events e JOIN mentions m ON m.id = e.evidence_mention JOIN documents d ON d.id = m.document_id
             WHERE e.id = ?1",
        )?;
        Ok(stmt
            .query_row([event_id], |r| {
                Ok(MentionOrder { report_date: r.get(0)?, doc_key: r.get(1)?, hash: r.get(2)?, sentence: r.get(3)?, trigger_start: r.get(4)? })
            })
            .optional()?)
    }
}

/// Makes `mention_id` (the mention of `e` just written) the representative
/// of `event_id`, copying what the event row shows of it.
pub(crate) fn represent(tx: &Transaction, event_id: i64, mention_id: i64, e: &dyads_code::Event) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "UPDATE events SET evidence_mention = ?2, source_name = ?3, target_name = ?4, date_precision = ?5, geo_json = ?6, date_range = ?7 WHERE id = ?1",
    )?;
    stmt.execute(params![
        event_id,
        mention_id,
        e.source_text,
        e.target_text.as_deref().unwrap_or(""),
        precision_name(e.date_precision),
        e.location.as_ref().map_or(String::new(), |l| serde_json::to_string(l).unwrap_or_default()),
        e.date_range.as_ref().map_or(String::new(), |r| serde_json::to_string(r).unwrap_or_default()),
    ])?;
    Ok(())
}
