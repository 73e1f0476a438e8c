//! Scroll as an iterator for the blocking client: the async [`ScrollStream`], pulled point by
//! point on the client's runtime.

use std::fmt;
use std::iter::FusedIterator;
use std::sync::Arc;

use futures_util::StreamExt;
use quadrant_models::Record;
use quadrant_transport::Result;

use super::{IntoBlocking, OwnedRuntime, runtime_for_blocking};
use crate::scroll::ScrollStream;

/// Every point a scroll request matches, as an [`Iterator`] of records, made by
/// [`QdrantClient::scroll_stream`](super::QdrantClient::scroll_stream).
///
/// A page is fetched when the points of the previous one have been taken. The iterator ends
/// after the last page, or after yielding the first error, and stays ended.
pub struct ScrollIter {
    stream: ScrollStream,
    runtime: Arc<OwnedRuntime>,
    done: bool,
}

impl IntoBlocking for ScrollStream {
    type Blocking = ScrollIter;

    fn into_blocking(self, runtime: Arc<OwnedRuntime>) -> ScrollIter {
        ScrollIter {
            stream: self,
            runtime,
            done: false,
        }
    }
}

impl Iterator for ScrollIter {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = match runtime_for_blocking(&self.runtime) {
            Ok(runtime) => runtime.block_on(self.stream.next()),
            Err(error) => Some(Err(error)),
        };
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
    }
}

impl FusedIterator for ScrollIter {}

impl fmt::Debug for ScrollIter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScrollIter")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
