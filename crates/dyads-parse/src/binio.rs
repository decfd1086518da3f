//! Little-endian binary encoding for model files. Reading is bounds-checked:
//! a truncated or corrupt file gives an error, never a panic.

use std::io::{self, Write};

pub struct Writer<W: Write> {
    pub inner: W,
}

impl<W: Write> Writer<W> {
    pub fn u8(&mut self, v: u8) -> io::Result<()> {
        self.inner.write_all(&[v])
    }
    pub fn u32(&mut self, v: u32) -> io::Result<()> {
        self.inner.write_all(&v.to_le_bytes())
    }
    pub fn u64(&mut self, v: u64) -> io::Result<()> {
        self.inner.write_all(&v.to_le_bytes())
    }
    pub fn f32(&mut self, v: f32) -> io::Result<()> {
        self.inner.write_all(&v.to_le_bytes())
    }
    pub fn str(&mut self, s: &str) -> io::Result<()> {
        self.u32(s.len() as u32)?;
        self.inner.write_all(s.as_bytes())
    }
    pub fn strs(&mut self, v: &[String]) -> io::Result<()> {
        self.u32(v.len() as u32)?;
        v.iter().try_for_each(|s| self.str(s))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("model file is corrupt or truncated: {0}")]
pub struct CorruptModel(pub String);

pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    pub fn bytes(&mut self, n: usize, what: &str) -> Result<&'a [u8], CorruptModel> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(|| CorruptModel(format!("{what} runs past the end at byte {}", self.pos)))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn u8(&mut self, what: &str) -> Result<u8, CorruptModel> {
        Ok(self.bytes(1, what)?[0])
    }
    pub fn u32(&mut self, what: &str) -> Result<u32, CorruptModel> {
        Ok(u32::from_le_bytes(self.bytes(4, what)?.try_into().unwrap()))
    }
    pub fn u64(&mut self, what: &str) -> Result<u64, CorruptModel> {
        Ok(u64::from_le_bytes(self.bytes(8, what)?.try_into().unwrap()))
    }
    pub fn f32(&mut self, what: &str) -> Result<f32, CorruptModel> {
        Ok(f32::from_le_bytes(self.bytes(4, what)?.try_into().unwrap()))
    }
    /// A length prefix, checked against what is left so that a corrupt length
    /// cannot make us allocate gigabytes.
    pub fn len(&mut self, elem_size: usize, what: &str) -> Result<usize, CorruptModel> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(elem_size.max(1)) > self.buf.len() - self.pos {
            return Err(CorruptModel(format!("{what}: length {n} exceeds the file")));
        }
        Ok(n)
    }
    pub fn str(&mut self, what: &str) -> Result<String, CorruptModel> {
        let n = self.len(1, what)?;
        let b = self.bytes(n, what)?;
        String::from_utf8(b.to_vec()).map_err(|_| CorruptModel(format!("{what}: invalid UTF-8")))
    }
    pub fn strs(&mut self, what: &str) -> Result<Vec<String>, CorruptModel> {
        let n = self.len(4, what)?;
        (0..n).map(|_| self.str(what)).collect()
    }
    pub fn at_end(&self) -> bool {
        self.pos == self.buf.len()
    }
}
