//! Snapshot uploads: a `multipart/form-data` body whose `snapshot` part is the file, streamed
//! from memory or from disk without reading a file whole.
//!
//! The form is written here rather than with reqwest's `multipart` feature: it is one part,
//! and writing it keeps the exact size known, so the request carries a `Content-Length`.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt, TryStreamExt, stream};
use quadrant_transport::models::SnapshotFile;
use quadrant_transport::{Error, ErrorKind, Result};
use tokio::io::AsyncReadExt;

/// How much of a file is read per chunk.
const CHUNK: usize = 64 * 1024;

/// The file name sent for a snapshot given as bytes.
const BYTES_FILE_NAME: &str = "snapshot.snapshot";

/// A snapshot upload ready to send: the body, its type and size, and where a failure to read
/// the file is kept, since the request only sees that its body ended early.
pub(crate) struct UploadForm {
    pub(crate) content_type: String,
    pub(crate) length: u64,
    pub(crate) parts: Parts,
    pub(crate) failure: FileFailure,
}

/// The body of the form, chunk by chunk.
pub(crate) type Parts = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send + 'static>>;

/// The first error met while reading the file, if any.
#[derive(Clone, Default)]
pub(crate) struct FileFailure(Arc<Mutex<Option<Error>>>);

impl FileFailure {
    fn set(&self, error: Error) {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        slot.get_or_insert(error);
    }

    /// Takes the error met while reading the file, if there was one.
    pub(crate) fn take(&self) -> Option<Error> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl UploadForm {
    /// The form that uploads `file` as its `snapshot` part.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] naming the path when a file cannot be opened or is not a
    /// regular file.
    pub(crate) async fn snapshot(file: SnapshotFile) -> Result<Self> {
        let boundary = boundary();
        match file {
            SnapshotFile::Bytes(bytes) => {
                let (head, tail) = frame(&boundary, BYTES_FILE_NAME);
                let length = (head.len() + bytes.len() + tail.len()) as u64;
                let parts = [head, Bytes::from(bytes), tail].map(Ok::<_, io::Error>);
                Ok(UploadForm {
                    content_type: content_type(&boundary),
                    length,
                    parts: Box::pin(stream::iter(parts)),
                    failure: FileFailure::default(),
                })
            }
            SnapshotFile::Path(path) => {
                let unreadable = |error: io::Error| {
                    Error::new(
                        ErrorKind::InvalidArgument,
                        format!("cannot read the snapshot file {}: {error}", path.display()),
                    )
                    .with_source(error)
                };
                let opened = tokio::fs::File::open(&path).await.map_err(unreadable)?;
                let metadata = opened.metadata().await.map_err(unreadable)?;
                if !metadata.is_file() {
                    return Err(Error::new(
                        ErrorKind::InvalidArgument,
                        format!("the snapshot file {} is not a regular file", path.display()),
                    ));
                }
                let name = file_name(&path);
                let (head, tail) = frame(&boundary, &name);
                let size = metadata.len();
                let length = head.len() as u64 + size + tail.len() as u64;
                let failure = FileFailure::default();
                let contents = read_file(opened, path, size, failure.clone());
                let parts = stream::iter([Ok(head)])
                    .chain(contents)
                    .chain(stream::iter([Ok(tail)]));
                Ok(UploadForm {
                    content_type: content_type(&boundary),
                    length,
                    parts: Box::pin(parts),
                    failure,
                })
            }
        }
    }
}

/// The file's chunks, checked to add up to the `size` announced in `Content-Length`. A read
/// error, or a file that changed size, is kept in `failure` and ends the stream with an error.
fn read_file(
    file: tokio::fs::File,
    path: PathBuf,
    size: u64,
    failure: FileFailure,
) -> impl futures_util::Stream<Item = io::Result<Bytes>> + Send + 'static {
    let read = stream::try_unfold((file, 0_u64), move |(mut file, sent)| async move {
        let mut buffer = BytesMut::with_capacity(CHUNK);
        let count = file.read_buf(&mut buffer).await?;
        if count == 0 {
            if sent != size {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("the file shrank from {size} to {sent} bytes while being sent"),
                ));
            }
            return Ok(None);
        }
        let sent = sent + count as u64;
        if sent > size {
            return Err(io::Error::other(format!(
                "the file grew beyond its {size} bytes while being sent"
            )));
        }
        Ok(Some((buffer.freeze(), (file, sent))))
    });
    read.map_err(move |error| {
        failure.set(Error::new(
            ErrorKind::InvalidArgument,
            format!("cannot read the snapshot file {}: {error}", path.display()),
        ));
        error
    })
}

/// A boundary that no snapshot will contain by chance: 128 random bits.
fn boundary() -> String {
    let random = || RandomState::new().build_hasher().finish();
    format!("quadrant-{:016x}{:016x}", random(), random())
}

fn content_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// What goes before and after the file's bytes in the form.
fn frame(boundary: &str, file_name: &str) -> (Bytes, Bytes) {
    let head = format!(
        "--{boundary}\r\n\
         Content-Disposition: form-data; name=\"snapshot\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    (Bytes::from(head), Bytes::from(tail))
}

/// The file name sent for `path`: its last component, without the characters that would end
/// the quoted header value or the header line.
fn file_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = name
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\r' | '\n' => '_',
            c => c,
        })
        .collect();
    if name.is_empty() {
        BYTES_FILE_NAME.to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(form: UploadForm) -> Vec<u8> {
        let mut stream = form.parts;
        let mut all = Vec::new();
        while let Some(chunk) = stream.next().await {
            all.extend_from_slice(&chunk.unwrap());
        }
        all
    }

    #[test]
    fn boundaries_differ() {
        assert_ne!(boundary(), boundary());
        assert!(boundary().len() > 40);
    }

    #[test]
    fn file_names_cannot_break_the_header() {
        assert_eq!(
            file_name(Path::new("/tmp/a\"b\r\n.snapshot")),
            "a_b__.snapshot"
        );
        assert_eq!(file_name(Path::new("/")), BYTES_FILE_NAME);
    }

    #[tokio::test]
    async fn bytes_are_framed_as_the_snapshot_part() {
        let form = UploadForm::snapshot(SnapshotFile::Bytes(b"abc".to_vec()))
            .await
            .unwrap();
        let boundary = form
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap()
            .to_owned();
        let length = form.length;
        let body = body_of(form).await;
        assert_eq!(body.len() as u64, length);
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"snapshot\"; \
             filename=\"snapshot.snapshot\"\r\nContent-Type: application/octet-stream\r\n\r\n\
             abc\r\n--{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[tokio::test]
    async fn a_missing_file_is_named() {
        let Err(error) =
            UploadForm::snapshot(SnapshotFile::Path("/no/such/dir/x.snapshot".into())).await
        else {
            panic!("a missing file cannot be uploaded");
        };
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(
            error.message().contains("/no/such/dir/x.snapshot"),
            "{error}"
        );
        let dir = tempfile::tempdir().unwrap();
        let Err(error) = UploadForm::snapshot(SnapshotFile::Path(dir.path().to_path_buf())).await
        else {
            panic!("a directory cannot be uploaded");
        };
        assert!(error.message().contains("not a regular file"), "{error}");
    }

    #[tokio::test]
    async fn a_file_that_changes_size_fails_with_its_own_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("growing.snapshot");
        std::fs::write(&path, vec![7_u8; 1000]).unwrap();
        let form = UploadForm::snapshot(SnapshotFile::Path(path.clone()))
            .await
            .unwrap();
        std::fs::write(&path, vec![7_u8; 10]).unwrap();
        let failure = form.failure.clone();
        let mut stream = form.parts;
        let mut failed = false;
        while let Some(chunk) = stream.next().await {
            failed |= chunk.is_err();
        }
        assert!(failed);
        let error = failure.take().unwrap();
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(error.message().contains("shrank"), "{error}");
    }
}
