//! One event with all its evidence: every mention (document, sentence,
//! spans) and the attribution chain, for the API's event view.

use rusqlite::OptionalExtension;

use crate::event_json::{EventDetail, Mention};
use crate::query::{event_row, EVENT_COLUMNS};
use crate::{Result, Store};

impl Store {
    /// The event `id` with its first `max_mentions` mentions (in the order
    /// they were stored), or `None` when there is no such event.
    pub fn event_detail(&self, id: i64, max_mentions: usize) -> Result<Option<EventDetail>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1");
        let Some((mut event, _)) = self.conn.prepare_cached(&sql)?.query_row([id], event_row).optional()? else {
            return Ok(None);
        };
        event.evidence = self.first_evidence(id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.doc_key, d.title, d.source, d.url, d.report_date, m.sentence, m.sentence_text, m.sentence_start, m.trigger,
                    m.trigger_start, m.trigger_end, m.source_text, m.source_start, m.source_end, m.target_text, m.target_start, m.target_end,
                    m.hypothetical, m.rule, m.confidence, m.attribution_json
             FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.event_id = ?1 ORDER BY m.id LIMIT ?2",
        )?;
        let mentions = stmt
            .query_map(rusqlite::params![id, max_mentions as i64], |r| {
                let start: i64 = r.get(7)?;
                let span = |a: usize, b: usize| -> rusqlite::Result<[i64; 2]> { Ok([r.get::<_, i64>(a)? - start, r.get::<_, i64>(b)? - start]) };
                let target_start: i64 = r.get(15)?;
                let attribution: String = r.get(20)?;
                Ok(Mention {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    url: r.get(3)?,
                    report_date: r.get(4)?,
                    // Stored as the 0-based index into the document's sentences;
                    // JSON counts from 1, as `dyads code` and `# sent_id` do.
                    sentence: r.get::<_, i64>(5)? + 1,
                    sentence_text: r.get(6)?,
                    trigger: r.get(8)?,
                    trigger_in_sentence: span(9, 10)?,
                    source_text: r.get(11)?,
                    source_in_sentence: span(12, 13)?,
                    target_text: Some(r.get::<_, String>(14)?).filter(|_| target_start >= 0),
                    target_in_sentence: if target_start >= 0 { Some(span(15, 16)?) } else { None },
                    hypothetical: r.get::<_, i64>(17)? != 0,
                    rule: r.get(18)?,
                    confidence: r.get(19)?,
                    attribution: if attribution.is_empty() { Vec::new() } else { serde_json::from_str(&attribution).unwrap_or_default() },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let attribution = mentions.first().map(|m| m.attribution.clone()).unwrap_or_default();
        Ok(Some(EventDetail { event, attribution, mentions }))
    }
}
