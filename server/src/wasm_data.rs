//! Fewer, larger data segments in the main wasm module.
//!
//! The browser build keeps every constant in a data segment of its own
//! (`--no-merge-data-segments`, `.cargo/config.toml`) so that the split build can move a
//! chunk's constants into that chunk. What stays in the main module is then some 1,800
//! small segments, each with a header and an address brotli cannot guess: merging
//! neighbours, with zeros over the gaps between them, took 4.6 KiB off the residents'
//! first download (measured 2026-12-07).
//!
//! Zeros over a gap are harmless in the main module only: it is instantiated first, into
//! untouched (zeroed) memory, before any code runs; a chunk writes its own constants into
//! its gaps later. A chunk's gaps may hold what is already in use, so chunks are left as
//! they are. A module whose segments are not all active at a constant address, or whose
//! code names segments (`memory.init`, `data.drop`), is left as it is too.

use std::path::Path;
use wasmparser::{Operator, Parser, Payload};

/// The widest gap filled with zeros: a run of zeros costs brotli a few bytes, a segment
/// header with its address more.
pub const MAX_GAP: u32 = 4096;

const DATA_SECTION: u8 = 11;
const DATA_COUNT_SECTION: u8 = 12;

/// One active segment: where it goes in memory, and its bytes.
struct Segment<'a> {
    at: u32,
    bytes: &'a [u8],
}

/// `wasm` with neighbouring data segments merged where at most `max_gap` bytes lie between
/// them, or `None` when it is left as it is (nothing to merge, or a module this does not
/// rewrite). Everything but the data and data-count sections is copied byte for byte.
pub fn merge_data_segments(wasm: &[u8], max_gap: u32) -> Option<Vec<u8>> {
    let sections = sections(wasm)?;
    let data = sections.iter().find(|s| s.0 == DATA_SECTION)?.1;
    let mut segments = read_segments(data)?;
    segments.sort_by_key(|s| s.at);
    let merged = merge(&segments, max_gap)?;
    if merged.len() == segments.len() || names_segments(wasm)? {
        return None;
    }
    let mut out = wasm[..8].to_vec();
    for (id, body) in sections {
        match id {
            DATA_SECTION => write_section(&mut out, id, &data_section(&merged)),
            DATA_COUNT_SECTION => write_section(&mut out, id, &uleb(merged.len() as u32)),
            _ => write_section(&mut out, id, body),
        }
    }
    Some(out)
}

/// Merges the data segments of the main module in `dir` (`<output_name>.<hash>.wasm`, or
/// unhashed), before it is compressed. The same file gives the same bytes, so its hashed
/// name still names one content. Returns whether it rewrote it.
pub fn pack_main_module(dir: &Path, output_name: &str) -> std::io::Result<bool> {
    let prefix = format!("{output_name}.");
    let is_main = |name: &str| {
        let hash = name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".wasm"));
        hash.is_some_and(|h| !h.is_empty() && !h.contains('.')) || name == format!("{output_name}.wasm")
    };
    let rewritten = crate::precompress::rewrite_files(dir, is_main, |wasm| merge_data_segments(wasm, MAX_GAP))?;
    Ok(rewritten > 0)
}

/// The module's sections as (id, contents), after checking the header.
fn sections(wasm: &[u8]) -> Option<Vec<(u8, &[u8])>> {
    if wasm.get(..8)? != b"\0asm\x01\0\0\0" {
        return None;
    }
    let (mut at, mut sections) = (8, Vec::new());
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let len = read_uleb(wasm, &mut at)? as usize;
        sections.push((id, wasm.get(at..at.checked_add(len)?)?));
        at += len;
    }
    Some(sections)
}

/// The data section's segments; `None` unless each is active in memory 0 at an
/// `i32.const` address.
fn read_segments(section: &[u8]) -> Option<Vec<Segment<'_>>> {
    let mut at = 0;
    let count = read_uleb(section, &mut at)?;
    let mut segments = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let (flags, i32_const) = (read_uleb(section, &mut at)?, *section.get(at)?);
        if flags != 0 || i32_const != 0x41 {
            return None;
        }
        at += 1;
        let address = read_sleb(section, &mut at)? as u32;
        if *section.get(at)? != 0x0b {
            return None;
        }
        at += 1;
        let len = read_uleb(section, &mut at)? as usize;
        segments.push(Segment { at: address, bytes: section.get(at..at.checked_add(len)?)? });
        at += len;
    }
    (at == section.len()).then_some(segments)
}

/// Sorted segments joined where the gap is at most `max_gap`; `None` if two overlap.
fn merge(segments: &[Segment<'_>], max_gap: u32) -> Option<Vec<(u32, Vec<u8>)>> {
    let mut merged: Vec<(u32, Vec<u8>)> = Vec::new();
    for segment in segments {
        if let Some((start, bytes)) = merged.last_mut() {
            let end = start.checked_add(bytes.len() as u32)?;
            if segment.at < end {
                return None;
            }
            if segment.at - end <= max_gap {
                bytes.resize((segment.at - *start) as usize, 0);
                bytes.extend_from_slice(segment.bytes);
                continue;
            }
        }
        merged.push((segment.at, segment.bytes.to_vec()));
    }
    Some(merged)
}

/// Whether any function names a data segment by its index, which merging changes; `None`
/// if the code cannot be read.
fn names_segments(wasm: &[u8]) -> Option<bool> {
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = payload.ok()? {
            let mut operators = body.get_operators_reader().ok()?;
            while !operators.eof() {
                if matches!(operators.read().ok()?, Operator::MemoryInit { .. } | Operator::DataDrop { .. }) {
                    return Some(true);
                }
            }
        }
    }
    Some(false)
}

fn data_section(segments: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut section = uleb(segments.len() as u32);
    for (at, bytes) in segments {
        section.extend([0, 0x41]);
        section.extend(sleb(*at as i32));
        section.push(0x0b);
        section.extend(uleb(bytes.len() as u32));
        section.extend_from_slice(bytes);
    }
    section
}

fn write_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    out.extend(uleb(body.len() as u32));
    out.extend_from_slice(body);
}

fn read_uleb(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(value).ok();
        }
        shift += 7;
        if shift > 28 {
            return None;
        }
    }
}

fn read_sleb(bytes: &[u8], at: &mut usize) -> Option<i32> {
    let (mut value, mut shift) = (0i64, 0);
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= i64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            if byte & 0x40 != 0 && shift < 64 {
                value |= -1i64 << shift;
            }
            return i32::try_from(value).ok();
        }
        if shift > 28 {
            return None;
        }
    }
}

fn uleb(mut value: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn sleb(mut value: i32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
        if done {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one page of memory, a function reading it, and `segments`;
    /// `passive` adds one passive segment and a `memory.init` of it.
    fn module(segments: &[(u32, &[u8])], passive: bool) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        write_section(&mut wasm, 1, &[1, 0x60, 0, 1, 0x7f]); // type: () -> i32
        write_section(&mut wasm, 3, &[1, 0]); // one function of that type
        write_section(&mut wasm, 5, &[1, 0, 1]); // memory: one page
        let count = segments.len() as u32 + u32::from(passive);
        write_section(&mut wasm, DATA_COUNT_SECTION, &uleb(count));
        // (i32.load offset=0 (i32.const 16)), and with `passive` a memory.init of it first.
        let mut code = Vec::new();
        if passive {
            let init = [0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x08];
            code.extend(init);
            code.extend(uleb(segments.len() as u32));
            code.push(0);
        }
        code.extend([0x41, 16, 0x28, 2, 0, 0x0b]);
        let mut body = vec![0];
        body.extend(code);
        let mut section = uleb(1);
        section.extend(uleb(body.len() as u32));
        section.extend(body);
        write_section(&mut wasm, 10, &section);
        let owned: Vec<(u32, Vec<u8>)> = segments.iter().map(|(at, b)| (*at, b.to_vec())).collect();
        let mut data = data_section(&owned);
        if passive {
            data[0] += 1;
            data.extend([1, 2, 7, 7]);
        }
        write_section(&mut wasm, DATA_SECTION, &data);
        write_section(&mut wasm, 0, b"\x04nameanything");
        wasm
    }

    fn segments_of(wasm: &[u8]) -> Vec<(u32, Vec<u8>)> {
        let sections = sections(wasm).unwrap();
        let data = sections.iter().find(|s| s.0 == DATA_SECTION).unwrap().1;
        read_segments(data).unwrap().into_iter().map(|s| (s.at, s.bytes.to_vec())).collect()
    }

    #[test]
    fn neighbours_merge_with_zeros_between_and_the_module_stays_valid() {
        let wasm = module(&[(40, b"cd"), (16, b"ab"), (20, b"x"), (9000, b"far")], false);
        wasmparser::validate(&wasm).unwrap();
        let merged = merge_data_segments(&wasm, 64).unwrap();
        wasmparser::validate(&merged).expect("the merged module is valid, data count included");
        assert_eq!(
            segments_of(&merged),
            [(16, b"ab\0\0x".iter().copied().chain([0; 19]).chain(*b"cd").collect()), (9000, b"far".to_vec())]
        );
        let (before, after) = (sections(&wasm).unwrap(), sections(&merged).unwrap());
        assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(b.0, a.0, "sections keep their order");
            if ![DATA_SECTION, DATA_COUNT_SECTION].contains(&b.0) {
                assert_eq!(b.1, a.1, "section {} is copied byte for byte", b.0);
            }
        }
        assert_eq!(after.iter().find(|s| s.0 == DATA_COUNT_SECTION).unwrap().1, [2]);
        assert_eq!(merge_data_segments(&merged, 64), None, "merging again changes nothing");
    }

    #[test]
    fn a_gap_wider_than_allowed_keeps_segments_apart() {
        let wasm = module(&[(16, b"ab"), (100, b"cd")], false);
        assert_eq!(merge_data_segments(&wasm, 81), None);
        assert_eq!(segments_of(&merge_data_segments(&wasm, 82).unwrap()).len(), 1);
    }

    #[test]
    fn modules_it_cannot_rewrite_safely_are_left_alone() {
        let named = module(&[(16, b"ab"), (20, b"cd")], true);
        wasmparser::validate(&named).unwrap();
        assert_eq!(merge_data_segments(&named, 64), None, "a passive segment, named by memory.init");
        let overlapping = module(&[(16, b"abcd"), (18, b"x")], false);
        assert_eq!(merge_data_segments(&overlapping, 64), None);
        assert_eq!(merge_data_segments(b"not wasm at all", 64), None);
        let mut cut = module(&[(16, b"ab"), (20, b"cd")], false);
        cut.truncate(cut.len() - 20);
        assert_eq!(merge_data_segments(&cut, 64), None, "a truncated module");
    }

    #[test]
    fn leb128_round_trips() {
        for n in [0u32, 1, 63, 64, 127, 128, 16_383, 16_384, 1 << 20, u32::MAX] {
            assert_eq!(read_uleb(&uleb(n), &mut 0), Some(n));
        }
        for n in [0i32, 1, -1, 63, 64, -64, -65, 1 << 20, i32::MAX, i32::MIN] {
            assert_eq!(read_sleb(&sleb(n), &mut 0), Some(n));
        }
    }

    #[test]
    fn only_the_main_module_is_packed() {
        let dir = tempfile::tempdir().unwrap();
        let wasm = module(&[(16, b"ab"), (20, b"cd")], false);
        for name in ["civico.H1.wasm", "chunk_3.H2.wasm", "split_x.H3.wasm", "civico.H1.wasm.br"] {
            std::fs::write(dir.path().join(name), &wasm).unwrap();
        }
        assert!(pack_main_module(dir.path(), "civico").unwrap());
        assert_eq!(segments_of(&std::fs::read(dir.path().join("civico.H1.wasm")).unwrap()).len(), 1);
        for other in ["chunk_3.H2.wasm", "split_x.H3.wasm", "civico.H1.wasm.br"] {
            assert_eq!(std::fs::read(dir.path().join(other)).unwrap(), wasm, "{other} is left alone");
        }
        assert!(!pack_main_module(dir.path(), "civico").unwrap(), "a packed module is not written again");
    }
}
