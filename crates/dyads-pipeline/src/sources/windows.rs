//! One plain-text document of any size, read in windows of bounded size,
//! so `dyads code` and `dyads parse` hold a few windows in memory, never
//! the whole document. Windows end where a sentence cannot continue: after
//! a blank line if the window has one, else after a line break, else after
//! a sentence's final punctuation and its space, else after any space (else,
//! text with no space at all, on a character boundary). Each window knows
//! its byte offset in the whole decoded document, so offsets computed in a
//! window are shifted back into the document's.

use std::io::{BufRead, Read};

/// Windows are at most this long (bytes): a news article is one window.
pub const WINDOW_BYTES: usize = 1 << 20;

/// A piece of a document's decoded text and where it starts in the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub text: String,
    /// Byte offset of `text` in the whole document (after any byte order mark).
    pub offset: usize,
}

/// Where to end a window of `buf` (more text follows it): a cut in
/// `1..=max`, by the preference above. Cuts shorter
/// than a quarter of `max` are passed over for a worse kind of boundary, so
/// windows do not shrink to a line each.
pub fn cut_point(buf: &[u8], max: usize) -> usize {
    let max = max.max(1).min(buf.len());
    let window = &buf[..max];
    let floor = max / 4;
    let after = |pat: &dyn Fn(&[u8], usize) -> bool, len: usize| (floor..window.len().saturating_sub(len - 1)).rev().find(|&i| pat(window, i)).map(|i| i + len);
    let blank_line = after(&|w, i| w[i] == b'\n' && w[i + 1] == b'\n', 2);
    let line_break = || after(&|w, i| w[i] == b'\n', 1);
    let sentence_end = || after(&|w, i| matches!(w[i], b'.' | b'?' | b'!') && w[i + 1] == b' ', 2);
    let space = || after(&|w, i| w[i].is_ascii_whitespace(), 1);
    // No ASCII boundary: not inside a UTF-8 sequence (continuation bytes are 0b10xxxxxx).
    let char_boundary = || (1..=max).rev().find(|&i| buf.get(i).is_none_or(|b| b & 0xC0 != 0x80)).unwrap_or(max);
    blank_line.or_else(line_break).or_else(sentence_end).or_else(space).unwrap_or_else(char_boundary)
}

/// The windows of the text document read from `reader`, each decoded on
/// its own (invalid UTF-8 is an error naming its byte offset in the
/// document, or with `lossy` replaced as a whole-document decode would).
pub struct TextWindows<R> {
    reader: R,
    name: String,
    lossy: bool,
    max: usize,
    buf: Vec<u8>,
    /// Bytes of the document before `buf` (after any byte order mark).
    offset: usize,
    /// Decoded offset (differs from `offset` only with lossy replacements).
    text_offset: usize,
    started: bool,
    done: bool,
}

impl<R: BufRead> TextWindows<R> {
    pub fn new(reader: R, name: &str, lossy: bool, max: usize) -> TextWindows<R> {
        TextWindows { reader, name: name.to_string(), lossy, max: max.max(4), buf: Vec::new(), offset: 0, text_offset: 0, started: false, done: false }
    }

    /// Bytes of the document read so far (after any byte order mark).
    pub fn bytes_read(&self) -> usize {
        self.offset + self.buf.len()
    }

    fn fill(&mut self) -> std::io::Result<()> {
        while self.buf.len() < self.max && !self.done {
            let want = (self.max - self.buf.len()) as u64;
            let n = (&mut self.reader).take(want).read_to_end(&mut self.buf)?;
            if n == 0 {
                self.done = true;
            }
        }
        if !self.started {
            self.started = true;
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
                return self.fill();
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for TextWindows<R> {
    type Item = Result<Window, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Err(e) = self.fill() {
            self.done = true;
            self.buf.clear();
            return Some(Err(format!("{}: read error: {e}", self.name)));
        }
        if self.buf.is_empty() {
            return None;
        }
        let cut = if self.done && self.buf.len() <= self.max { self.buf.len() } else { cut_point(&self.buf, self.max) };
        let rest = self.buf.split_off(cut);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let at = self.offset;
        self.offset += bytes.len();
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) if self.lossy => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Err(e) => {
                self.done = true;
                self.buf.clear();
                return Some(Err(format!("{}: invalid UTF-8 at byte offset {} (use --lossy to replace it)", self.name, at + e.utf8_error().valid_up_to())));
            }
        };
        let offset = self.text_offset;
        self.text_offset += text.len();
        Some(Ok(Window { text, offset }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows(text: &[u8], max: usize) -> Vec<Window> {
        TextWindows::new(text, "t", false, max).collect::<Result<Vec<_>, _>>().unwrap()
    }

    #[test]
    fn windows_are_bounded_and_end_at_the_best_boundary() {
        assert_eq!(cut_point(b"one two.\n\nthree four. five six", 20), 10, "after the blank line");
        assert_eq!(cut_point(b"one two.\nthree four. five six", 20), 9, "after the line break");
        assert_eq!(cut_point(b"one two. three four. five six", 20), 9, "after the sentence");
        assert_eq!(cut_point(b"one two three four five six", 20), 19, "after a space");
        assert_eq!(cut_point("ééééééééééééé".as_bytes(), 9), 8, "on a character boundary");
        assert_eq!(cut_point(b"short", 20), 5);
        assert_eq!(cut_point(b"one two.\n\nthree", 16), 10, "a full buffer is cut too");
    }

    #[test]
    fn windows_cover_the_document_exactly_at_their_offsets() {
        let mut doc = String::new();
        for i in 0..2000 {
            doc.push_str(&format!("Sentence {i} of paragraph {}. ", i / 7));
            if i % 7 == 6 {
                doc.push_str("\n\n");
            }
        }
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(doc.as_bytes());
        let ws = windows(&bytes, 4096);
        assert!(ws.len() > 10, "{}", ws.len());
        let mut at = 0;
        for w in &ws {
            assert!(w.text.len() <= 4096 && !w.text.is_empty());
            assert_eq!(w.offset, at);
            assert_eq!(&doc[w.offset..w.offset + w.text.len()], w.text);
            at += w.text.len();
        }
        assert_eq!(at, doc.len());
        // All but the last end at a paragraph break.
        for w in &ws[..ws.len() - 1] {
            assert!(w.text.ends_with("\n\n"), "{:?}", &w.text[w.text.len() - 40..]);
        }
        assert_eq!(windows(doc.as_bytes(), usize::MAX / 2).len(), 1);
    }

    #[test]
    fn invalid_utf8_is_reported_at_its_document_offset() {
        let mut bytes = vec![b'a'; 100];
        bytes.push(b'\n');
        bytes.extend_from_slice(b"b \xff c");
        let r: Vec<_> = TextWindows::new(&bytes[..], "x.txt", false, 64).collect();
        assert!(matches!(&r[..], [Ok(_), Err(e)] if e.contains("byte offset 103")), "{r:?}");
        let lossy: Vec<_> = TextWindows::new(&bytes[..], "x.txt", true, 64).map(Result::unwrap).map(|w| w.text).collect();
        assert_eq!(lossy.concat(), String::from_utf8_lossy(&bytes));
    }
}
