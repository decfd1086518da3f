//! PETRARCH2's internal coding ontology (PICO): each CAMEO code as a
//! hexadecimal number whose arithmetic carries meaning. dyads uses it for
//! one thing PETRARCH2 does with it: negation. "X did not V" codes as the
//! CAMEO code whose PICO value is V's minus 0xFFFF, when there is one:
//! 110 "disapprove" is defined as 0xFFFF + 0x0080, so "did not clash
//! (110)" is 0x0080, 050 "diplomatic cooperation"; 190 (0x00A0) has no
//! negation, so "agreed not to fire" stays no 19x event.
//!
//! File format (`PETR.Internal.Coding.Ontology.txt`): `CODE:EXPR[#EXPR...]
//! [#comment]`, where EXPR is a sum of `0x..` terms with `+`/`-`; the first
//! EXPR is the code's value, later ones are other values that read back as
//! the same code; `#` also starts comments.

use std::collections::HashMap;

use crate::dict::{DictError, Loc};

const NEGATION: i64 = 0xFFFF;

#[derive(Debug, Clone, Default)]
pub struct NegationTable {
    value: HashMap<String, i64>,
    code: HashMap<i64, String>,
}

/// `0x1000-0xFFFF+0x0080` -> its value; None when it is not such a sum.
fn eval(expr: &str) -> Option<i64> {
    let e: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
    if e.is_empty() {
        return None;
    }
    let mut total = 0i64;
    let mut sign = 1i64;
    let mut rest = e.as_str();
    if let Some(r) = rest.strip_prefix('-') {
        sign = -1;
        rest = r;
    }
    loop {
        let hex = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X"))?;
        let end = hex.find(['+', '-']).unwrap_or(hex.len());
        total += sign * i64::from_str_radix(&hex[..end], 16).ok()?;
        match hex[end..].chars().next() {
            None => return Some(total),
            Some(op) => {
                sign = if op == '+' { 1 } else { -1 };
                rest = &hex[end + 1..];
            }
        }
    }
}

impl NegationTable {
    /// Reads a PICO file; malformed lines are reported as `file:line`.
    pub fn read(text: &str, file: &str) -> (NegationTable, Vec<DictError>) {
        let mut t = NegationTable::default();
        let mut warnings = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((code, rest)) = line.split_once(':') else {
                warnings.push(DictError { loc: Loc { file: file.to_string(), line: n + 1 }, reason: "expected CODE:VALUE".into() });
                continue;
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                warnings.push(DictError { loc: Loc { file: file.to_string(), line: n + 1 }, reason: format!("bad code {code:?}") });
                continue;
            }
            let values: Vec<i64> = rest.split('#').map_while(eval).collect();
            let Some(&first) = values.first() else {
                warnings.push(DictError {
                    loc: Loc { file: file.to_string(), line: n + 1 },
                    reason: format!("bad value {:?}", rest.split('#').next().unwrap_or("")),
                });
                continue;
            };
            t.value.entry(code.to_string()).or_insert(first);
            for v in values {
                t.code.entry(v).or_insert_with(|| code.to_string());
            }
        }
        (t, warnings)
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The CAMEO code of "not `code`", when the ontology defines one.
    pub fn negate(&self, code: &str) -> Option<&str> {
        let v = *self.value.get(code)?;
        self.code.get(&(v - NEGATION)).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# PICO\n010:0x1000#Make Public Statement\n011:0x1000-0xFFFF\n050:0x0080#DiplomaticCoop\n110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove\n190:0x00A0#Fight\nbroken line\n121:-0xFFFF+0x0070\n";

    #[test]
    fn negation_follows_the_ontology_arithmetic() {
        let (t, w) = NegationTable::read(SAMPLE, "p.txt");
        assert_eq!(w.len(), 1);
        assert!(w[0].to_string().contains("p.txt:7"), "{}", w[0]);
        assert_eq!(t.negate("110"), Some("050"), "not disapprove is cooperation");
        assert_eq!(t.negate("010"), Some("011"), "not saying is declining to comment");
        assert_eq!(t.negate("190"), None, "not fighting is no event");
        assert_eq!(t.negate("999"), None);
        assert_eq!(eval("-0xFFFF+0x0070"), Some(-0xFFFF + 0x70));
        assert_eq!(eval("Fight"), None);
    }
}
