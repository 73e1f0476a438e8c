//! Snapshot downloads: the file a server streams back, handed over as a stream of byte chunks
//! so that a snapshot of any size goes to disk without being held in memory.

use std::fmt;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::{Error, ErrorKind, Result};

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>;

/// A snapshot file being downloaded: a [`Stream`] of byte chunks, with helpers that write it to
/// a file or a writer.
///
/// Nothing is buffered beyond the chunk in hand. A failure part-way through (the connection
/// drops, the server stops) arrives as an `Err` item, and the helpers return it.
pub struct SnapshotDownload {
    length: Option<u64>,
    chunks: Chunks,
}

impl SnapshotDownload {
    /// A download from a stream of chunks; `length` is the size the server announced, if any.
    pub fn new(
        length: Option<u64>,
        chunks: impl Stream<Item = Result<Bytes>> + Send + 'static,
    ) -> Self {
        SnapshotDownload {
            length,
            chunks: Box::pin(chunks),
        }
    }

    /// A download of bytes already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let length = bytes.len() as u64;
        SnapshotDownload::new(
            Some(length),
            futures_util::stream::once(async { Ok(bytes) }),
        )
    }

    /// The size the server announced, in bytes, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.length
    }

    /// Writes the whole snapshot to `writer` and returns the number of bytes written.
    ///
    /// # Errors
    ///
    /// The download's own error, or [`ErrorKind::Usage`] when writing fails.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(mut self, writer: &mut W) -> Result<u64> {
        let mut written = 0;
        while let Some(chunk) = self.chunks.next().await {
            let chunk = chunk?;
            writer
                .write_all(&chunk)
                .await
                .map_err(|error| write_error(&error))?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(|error| write_error(&error))?;
        Ok(written)
    }

    /// Writes the whole snapshot to the file at `path`, creating or truncating it, and returns
    /// the number of bytes written. The file is synced to disk before this returns.
    ///
    /// # Errors
    ///
    /// The download's own error, or [`ErrorKind::Usage`] naming the file when it cannot be
    /// written.
    pub async fn write_to_file(self, path: impl AsRef<Path>) -> Result<u64> {
        let path = path.as_ref();
        let file_error = |error: std::io::Error| {
            Error::new(
                ErrorKind::Usage,
                format!("cannot write the snapshot to {}: {error}", path.display()),
            )
        };
        let mut file = tokio::fs::File::create(path).await.map_err(file_error)?;
        let written = self.write_to(&mut file).await?;
        file.sync_all().await.map_err(file_error)?;
        Ok(written)
    }

    /// Collects the whole snapshot in memory. Prefer [`SnapshotDownload::write_to_file`] for large
    /// snapshots.
    ///
    /// # Errors
    ///
    /// The download's own error.
    pub async fn bytes(mut self) -> Result<Vec<u8>> {
        let mut all = Vec::with_capacity(self.length.unwrap_or(0).min(1 << 26) as usize);
        while let Some(chunk) = self.chunks.next().await {
            all.extend_from_slice(&chunk?);
        }
        Ok(all)
    }
}

fn write_error(error: &std::io::Error) -> Error {
    Error::new(
        ErrorKind::Usage,
        format!("cannot write the snapshot: {error}"),
    )
}

impl Stream for SnapshotDownload {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for SnapshotDownload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnapshotDownload")
            .field("content_length", &self.length)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn chunks_are_written_in_order_and_counted() {
        let chunks = futures_util::stream::iter([
            Ok(Bytes::from_static(b"ab")),
            Ok(Bytes::from_static(b"cde")),
        ]);
        let mut out = Vec::new();
        let written = SnapshotDownload::new(None, chunks)
            .write_to(&mut out)
            .await
            .unwrap();
        assert_eq!(written, 5);
        assert_eq!(out, b"abcde");
    }

    #[tokio::test]
    async fn a_failure_mid_stream_is_returned() {
        let chunks = futures_util::stream::iter([
            Ok(Bytes::from_static(b"ab")),
            Err(Error::new(ErrorKind::Unavailable, "connection reset")),
        ]);
        let error = SnapshotDownload::new(None, chunks)
            .bytes()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Unavailable);
    }

    #[tokio::test]
    async fn write_to_file_writes_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snap");
        let written = SnapshotDownload::from_bytes(&b"snapshot"[..])
            .write_to_file(&path)
            .await
            .unwrap();
        assert_eq!(written, 8);
        assert_eq!(std::fs::read(&path).unwrap(), b"snapshot");
    }
}
