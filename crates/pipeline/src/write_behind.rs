//! A file written front to back whose pages go to disk while it is written, so that a
//! build's gigabytes of output are never all dirty in the page cache at once.
//!
//! On Linux, each [`WINDOW`] bytes written are handed to the disk at once
//! (`sync_file_range`), and the window before that one is waited for and dropped from the
//! page cache. Writing 4 GB on the 2-core machine of BENCHMARKS.md took 2.7-6.4 s (system
//! time 1.9-5.6 s) with the page cache left to write back on its own, and 1.44-1.73 s
//! (system 1.16-1.45 s) this way. Elsewhere it is a plain file.

use std::fs::File;
use std::io::{self, Write};

/// Bytes handed to the disk at a time.
const WINDOW: u64 = 32 << 20;

/// A [`File`] that starts writing its pages to disk every [`WINDOW`] bytes.
pub(crate) struct WriteBehind {
    file: File,
    /// Bytes written so far.
    written: u64,
    /// Where the bytes not yet handed to the disk start (a multiple of [`WINDOW`]).
    handed: u64,
}

impl WriteBehind {
    /// Writes `file` from its start.
    pub(crate) fn new(file: File) -> Self {
        Self {
            file,
            written: 0,
            handed: 0,
        }
    }

    /// Hands every whole window written since the last call to the disk.
    fn hand_over(&mut self) {
        while self.written - self.handed >= WINDOW {
            start_writing(&self.file, self.handed, WINDOW);
            if let Some(before) = self.handed.checked_sub(WINDOW) {
                finish_and_forget(&self.file, before);
            }
            self.handed += WINDOW;
        }
    }
}

impl Write for WriteBehind {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        self.hand_over();
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Starts writing `len` bytes of `file` from `offset` to disk without waiting for them
/// (`len` 0: to the end of the file). Linux's `sync_file_range`; elsewhere nothing, and the
/// fsync before the output is published writes them.
pub(crate) fn start_writing(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    sync_range(file, (offset, len), libc::SYNC_FILE_RANGE_WRITE);
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

/// Waits until the window at `offset` is on disk and drops it from the page cache: nothing
/// reads it back during a build.
fn finish_and_forget(file: &File, offset: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let flags = libc::SYNC_FILE_RANGE_WAIT_BEFORE
            | libc::SYNC_FILE_RANGE_WRITE
            | libc::SYNC_FILE_RANGE_WAIT_AFTER;
        sync_range(file, (offset, WINDOW), flags);
        // SAFETY: the descriptor belongs to `file`, open for the whole call, and the call only
        // reads it. A failure is harmless: the pages stay cached until the kernel needs them.
        unsafe {
            libc::posix_fadvise(
                file.as_raw_fd(),
                offset as libc::off_t,
                WINDOW as libc::off_t,
                libc::POSIX_FADV_DONTNEED,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset);
}

/// `sync_file_range` of `len` bytes of `file` from `offset` with `flags`.
#[cfg(target_os = "linux")]
fn sync_range(file: &File, (offset, len): (u64, u64), flags: libc::c_uint) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor belongs to `file`, open for the whole call, and the call only
    // reads it. A failure is harmless: the fsync before the output is published writes
    // whatever is left.
    unsafe {
        libc::sync_file_range(
            file.as_raw_fd(),
            offset as libc::off64_t,
            len as libc::off64_t,
            flags,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_file_holds_every_byte_written_across_windows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let mut out = io::BufWriter::new(WriteBehind::new(File::create(&path).unwrap()));
        let block: Vec<u8> = (0..=255u8).cycle().take(1 << 20).collect();
        let blocks = 3 * (WINDOW >> 20) + 1;
        for _ in 0..blocks {
            out.write_all(&block).unwrap();
        }
        out.flush().unwrap();
        drop(out);
        let mut back = Vec::new();
        File::open(&path).unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back.len() as u64, blocks << 20);
        assert!(back.chunks(1 << 20).all(|c| c == block));
    }
}
