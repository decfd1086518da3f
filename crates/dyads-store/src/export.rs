//! Exports: GDELT 2.0 event-table layout (TSV), JSONL, Parquet.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use dyads_code::calendar::{day_number, days, first_day};
use dyads_code::Ontology;

use crate::query::{EventQuery, EventRow};
use crate::{Result, Store};

/// GDELT 2.0 event table columns, in the codebook's order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The ten GDELT actor fields of a CAMEO actor code, split into its
/// three-letter components by the ontology.
fn actor_fields(code: &str, name: &str) -> [String; 10] {
    let o = Ontology::cameo();
    let mut f: [String; 10] = Default::default();
    f[0] = code.to_string();
    f[1] = name.to_uppercase();
    let (mut religions, mut types) = (0, 0);
    let mut i = 0;
    while i + 3 <= code.len() && code.is_char_boundary(i + 3) {
        let part = &code[i..i + 3];
        if i == 0 && o.country(part).is_some() {
            f[2] = part.to_string();
        } else {
            match o.actor_component(part).map(|c| c.0) {
                Some("known group") if f[3].is_empty() => f[3] = part.to_string(),
                Some("ethnic") if f[4].is_empty() => f[4] = part.to_string(),
                Some("religion") if religions < 2 => {
                    f[5 + religions] = part.to_string();
                    religions += 1;
                }
                Some("type") if types < 3 => {
                    f[7 + types] = part.to_string();
                    types += 1;
                }
                _ => {}
            }
        }
        i += 3;
    }
    f
}

fn compact(day: &str) -> String {
    day.replace('-', "")
}

fn fraction_date(day: &str) -> String {
    let d = day_number(day);
    let doy = days(d) - days(d / 10000 * 10000 + 101);
    format!("{:.4}", (d / 10000) as f64 + doy as f64 / 365.0)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes the GDELT 2.0 event-table layout: tab-separated, a header line
/// with GDELT's column names, columns dyads does not fill left empty.
pub fn export_gdelt(store: &Store, q: &EventQuery, out: &mut dyn Write) -> Result<u64> {
    writeln!(out, "{}", GDELT_COLUMNS.join("\t"))?;
    let mut n = 0;
    store.for_each_event(q, |r| {
        let day = first_day(&r.event_date);
        let ev = r.evidence.as_ref();
        let mut cols: Vec<String> = Vec::with_capacity(61);
        cols.push(r.id.to_string());
        cols.push(compact(&day));
        cols.push(compact(&day[..7]));
        cols.push(day[..4].to_string());
        cols.push(fraction_date(&day));
        cols.extend(actor_fields(&r.source, &r.source_name));
        cols.extend(actor_fields(&r.target, &r.target_name));
        // GDELT: 1 when the event was found in the lead of the article.
        cols.push(ev.map_or("0", |e| if e.sentence == 0 { "1" } else { "0" }).to_string());
        cols.push(r.code.clone());
        cols.push(r.code.get(..3).unwrap_or(&r.code).to_string());
        cols.push(r.root.clone());
        cols.push(r.quad_class.to_string());
        cols.push(format!("{:.1}", r.goldstein));
        cols.push(r.num_mentions.to_string());
        cols.push(r.num_sources.to_string());
        cols.push(r.num_articles.to_string());
        cols.push(String::new()); // AvgTone: dyads does not score tone.
                                  // Actor geography is not coded; ActionGeo comes from the event's location.
        cols.extend(std::iter::repeat_n(String::new(), 16));
        match &r.geo {
            Some(g) => {
                let s = |k: &str| g[k].as_str().unwrap_or("").to_string();
                let fips = s("country_fips");
                let adm1 = s("admin1").split_once('.').map_or(String::new(), |(_, a)| format!("{fips}{a}"));
                let geo_type = if s("precision") == "country" {
                    "1"
                } else if fips == "US" {
                    "3"
                } else {
                    "4"
                };
                let full = if s("precision") == "country" { s("name") } else { format!("{}, {}", s("name"), s("country_iso3")) };
                cols.extend([geo_type.to_string(), full, fips, adm1, String::new(), g["lat"].to_string(), g["lon"].to_string(), g["geonames_id"].to_string()]);
            }
            None => cols.extend(std::iter::repeat_n(String::new(), 8)),
        }
        cols.push(format!("{}000000", compact(&r.first_seen)));
        cols.push(ev.map_or(String::new(), |e| if e.url.is_empty() { e.doc_id.clone() } else { e.url.clone() }));
        debug_assert_eq!(cols.len(), 61);
        let line: Vec<String> = cols.iter().map(|c| clean(c)).collect();
        writeln!(out, "{}", line.join("\t"))?;
        n += 1;
        Ok(())
    })?;
    Ok(n)
}

/// One JSON object per event, with its first mention as `evidence`.
pub fn export_jsonl(store: &Store, q: &EventQuery, out: &mut dyn Write) -> Result<u64> {
    let mut n = 0;
    store.for_each_event(q, |r| {
        serde_json::to_writer(&mut *out, &r).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        n += 1;
        Ok(())
    })?;
    Ok(n)
}

const PARQUET_SCHEMA: &str = "
message dyads_event {
  REQUIRED INT64 id;
  REQUIRED BYTE_ARRAY event_date (STRING);
  REQUIRED INT32 event_day (DATE);
  REQUIRED BYTE_ARRAY event_month (STRING);
  REQUIRED BYTE_ARRAY date_precision (STRING);
  REQUIRED BYTE_ARRAY source (STRING);
  REQUIRED BYTE_ARRAY target (STRING);
  REQUIRED BYTE_ARRAY code (STRING);
  REQUIRED BYTE_ARRAY root (STRING);
  REQUIRED INT32 quad_class;
  REQUIRED DOUBLE goldstein;
  REQUIRED BYTE_ARRAY plover (STRING);
  REQUIRED BYTE_ARRAY location (STRING);
  REQUIRED BYTE_ARRAY source_name (STRING);
  REQUIRED BYTE_ARRAY target_name (STRING);
  REQUIRED INT64 num_mentions;
  REQUIRED INT64 num_sources;
  REQUIRED INT64 num_articles;
  REQUIRED BYTE_ARRAY first_seen (STRING);
  REQUIRED BYTE_ARRAY last_seen (STRING);
  REQUIRED BYTE_ARRAY doc_id (STRING);
  REQUIRED BYTE_ARRAY url (STRING);
  REQUIRED BYTE_ARRAY sentence_text (STRING);
  REQUIRED BYTE_ARRAY trigger (STRING);
}";

const ROW_GROUP: usize = 64 * 1024;

/// Parquet (Snappy), one row group per 64k events; readable by pyarrow,
/// pandas, DuckDB and Spark.
pub fn export_parquet(store: &Store, q: &EventQuery, out: std::fs::File) -> Result<u64> {
    let schema = Arc::new(parse_message_type(PARQUET_SCHEMA)?);
    let props = Arc::new(WriterProperties::builder().set_compression(Compression::SNAPPY).build());
    let mut writer = SerializedFileWriter::new(out, schema, props)?;
    let mut buf: Vec<EventRow> = Vec::with_capacity(ROW_GROUP);
    let mut n = 0u64;
    store.for_each_event(q, |r| {
        buf.push(r);
        n += 1;
        if buf.len() == ROW_GROUP {
            write_row_group(&mut writer, &buf)?;
            buf.clear();
        }
        Ok(())
    })?;
    if !buf.is_empty() || n == 0 {
        write_row_group(&mut writer, &buf)?;
    }
    writer.close()?;
    Ok(n)
}

fn write_row_group(writer: &mut SerializedFileWriter<std::fs::File>, rows: &[EventRow]) -> Result<()> {
    let strings = |f: &dyn Fn(&EventRow) -> String| -> Vec<ByteArray> { rows.iter().map(|r| ByteArray::from(f(r).into_bytes())).collect() };
    let ev = |r: &EventRow, f: &dyn Fn(&crate::Evidence) -> String| r.evidence.as_ref().map_or(String::new(), f);
    let mut rg = writer.next_row_group()?;
    let mut col = 0;
    while let Some(mut c) = rg.next_column()? {
        match col {
            0 => {
                c.typed::<Int64Type>().write_batch(&rows.iter().map(|r| r.id).collect::<Vec<_>>(), None, None)?;
            }
            2 => {
                let days: Vec<i32> = rows.iter().map(|r| days(day_number(&r.event_date)) as i32).collect();
                c.typed::<Int32Type>().write_batch(&days, None, None)?;
            }
            9 => {
                c.typed::<Int32Type>().write_batch(&rows.iter().map(|r| r.quad_class as i32).collect::<Vec<_>>(), None, None)?;
            }
            10 => {
                c.typed::<DoubleType>().write_batch(&rows.iter().map(|r| r.goldstein).collect::<Vec<_>>(), None, None)?;
            }
            15 => {
                c.typed::<Int64Type>().write_batch(&rows.iter().map(|r| r.num_mentions).collect::<Vec<_>>(), None, None)?;
            }
            16 => {
                c.typed::<Int64Type>().write_batch(&rows.iter().map(|r| r.num_sources).collect::<Vec<_>>(), None, None)?;
            }
            17 => {
                c.typed::<Int64Type>().write_batch(&rows.iter().map(|r| r.num_articles).collect::<Vec<_>>(), None, None)?;
            }
            _ => {
                let values = match col {
                    1 => strings(&|r| r.event_date.clone()),
                    3 => strings(&|r| first_day(&r.event_date)[..7].to_string()),
                    4 => strings(&|r| r.date_precision.clone()),
                    5 => strings(&|r| r.source.clone()),
                    6 => strings(&|r| r.target.clone()),
                    7 => strings(&|r| r.code.clone()),
                    8 => strings(&|r| r.root.clone()),
                    11 => strings(&|r| r.plover.clone()),
                    12 => strings(&|r| r.location.clone()),
                    13 => strings(&|r| r.source_name.clone()),
                    14 => strings(&|r| r.target_name.clone()),
                    18 => strings(&|r| r.first_seen.clone()),
                    19 => strings(&|r| r.last_seen.clone()),
                    20 => strings(&|r| ev(r, &|e| e.doc_id.clone())),
                    21 => strings(&|r| ev(r, &|e| e.url.clone())),
                    22 => strings(&|r| ev(r, &|e| e.sentence_text.clone())),
                    23 => strings(&|r| ev(r, &|e| e.trigger.clone())),
                    _ => unreachable!("schema has 24 columns"),
                };
                c.typed::<ByteArrayType>().write_batch(&values, None, None)?;
            }
        }
        c.close()?;
        col += 1;
    }
    rg.close()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_split_into_gdelt_fields() {
        let f = actor_fields("IRNGOV", "Iranian government");
        assert_eq!((f[0].as_str(), f[1].as_str(), f[2].as_str(), f[7].as_str()), ("IRNGOV", "IRANIAN GOVERNMENT", "IRN", "GOV"));
        let f = actor_fields("IRQSHI", "Iraqi Shiites");
        assert_eq!((f[2].as_str(), f[5].as_str()), ("IRQ", "SHI"));
        assert_eq!(fraction_date("2003-01-01"), "2003.0000");
        assert_eq!(GDELT_COLUMNS.len(), 61);
    }
}
