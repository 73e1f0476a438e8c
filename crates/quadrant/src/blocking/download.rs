//! Snapshot downloads for the blocking client: the async [`SnapshotDownload`] of the transport,
//! pulled chunk by chunk on the client's runtime.
//!
//! [`SnapshotDownload`]: quadrant_transport::SnapshotDownload

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use quadrant_transport::{Error, ErrorKind, Result};

use super::{IntoBlocking, OwnedRuntime};

/// A snapshot file being downloaded by a [`QdrantClient`](super::QdrantClient): an
/// [`Iterator`] of byte chunks, with helpers that write it to a file or a writer.
///
/// Each chunk is fetched when asked for, so a snapshot of any size goes to disk without being
/// held in memory. It keeps the client's runtime alive until it is dropped.
pub struct SnapshotDownload {
    inner: quadrant_transport::SnapshotDownload,
    runtime: Arc<OwnedRuntime>,
}

impl IntoBlocking for quadrant_transport::SnapshotDownload {
    type Blocking = SnapshotDownload;

    fn into_blocking(self, runtime: Arc<OwnedRuntime>) -> SnapshotDownload {
        SnapshotDownload {
            inner: self,
            runtime,
        }
    }
}

impl SnapshotDownload {
    /// The size the server announced, in bytes, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.inner.content_length()
    }

    /// Writes the whole snapshot to `writer` and returns the number of bytes written.
    ///
    /// # Errors
    ///
    /// The download's own error, or [`ErrorKind::Usage`] when writing fails.
    pub fn write_to<W: Write + ?Sized>(self, writer: &mut W) -> Result<u64> {
        let mut written = 0;
        for chunk in self {
            let chunk = chunk?;
            writer
                .write_all(&chunk)
                .map_err(|error| write_error(&error))?;
            written += chunk.len() as u64;
        }
        writer.flush().map_err(|error| write_error(&error))?;
        Ok(written)
    }

    /// Writes the whole snapshot to the file at `path`, creating or truncating it, and returns
    /// the number of bytes written. The file is synced to disk before this returns.
    ///
    /// # Errors
    ///
    /// The download's own error, or [`ErrorKind::Usage`] naming the file when it cannot be
    /// written.
    pub fn write_to_file(self, path: impl AsRef<Path>) -> Result<u64> {
        // The async download already writes files; run it on the client's runtime.
        let SnapshotDownload { inner, runtime } = self;
        super::runtime_for_blocking(&runtime)?.block_on(inner.write_to_file(path))
    }

    /// Collects the whole snapshot in memory. Prefer [`SnapshotDownload::write_to_file`] for large
    /// snapshots.
    ///
    /// # Errors
    ///
    /// The download's own error.
    pub fn bytes(self) -> Result<Vec<u8>> {
        let SnapshotDownload { inner, runtime } = self;
        super::runtime_for_blocking(&runtime)?.block_on(inner.bytes())
    }
}

fn write_error(error: &std::io::Error) -> Error {
    Error::new(
        ErrorKind::Usage,
        format!("cannot write the snapshot: {error}"),
    )
}

impl Iterator for SnapshotDownload {
    type Item = Result<Bytes>;

    fn next(&mut self) -> Option<Self::Item> {
        let runtime = match super::runtime_for_blocking(&self.runtime) {
            Ok(runtime) => runtime,
            Err(error) => return Some(Err(error)),
        };
        runtime.block_on(self.inner.next())
    }
}

impl fmt::Debug for SnapshotDownload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnapshotDownload")
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}
