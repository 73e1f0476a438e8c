//! Scroll as a stream: every point that matches a filter, fetched page by page.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use quadrant_models::{Record, ScrollPoints};
use quadrant_transport::{Error, ErrorKind, Result, Transport};

/// The page size when the request sets no `limit`: large enough that round trips are few,
/// small enough that a page of vectors stays a modest answer.
pub const DEFAULT_PAGE_SIZE: u32 = 256;

/// Every point a scroll request matches, as a [`Stream`] of records in id order, made by
/// [`AsyncQdrantClient::scroll_stream`](crate::AsyncQdrantClient::scroll_stream).
///
/// Pages are fetched one at a time, when the points of the previous one have been taken; the
/// request's `limit` is the page size, and its `offset` where the stream starts. The stream ends
/// after the last page, or after yielding the first error; it is fused, so it stays ended.
pub struct ScrollStream {
    inner: BoxStream<'static, Result<Record>>,
}

impl ScrollStream {
    pub(crate) fn new(transport: Arc<dyn Transport>, mut request: ScrollPoints) -> Self {
        if request.order_by.is_some() {
            let error = Error::new(
                ErrorKind::InvalidArgument,
                "scroll_stream pages by point id, and a scroll with `order_by` answers one \
                 page without a next offset: use scroll_points with `order_by.start_from`",
            );
            return ScrollStream::failed(error);
        }
        if request.limit.is_none() {
            request.limit = Some(DEFAULT_PAGE_SIZE);
        }
        let state = Pages {
            transport,
            next: Some(request),
            page: VecDeque::new(),
        };
        let inner = stream::unfold(state, Pages::next_record).fuse().boxed();
        ScrollStream { inner }
    }

    /// A stream that yields `error` and ends: a request refused before any page was asked for.
    pub(crate) fn failed(error: Error) -> Self {
        ScrollStream {
            inner: stream::iter([Err(error)]).boxed(),
        }
    }
}

/// Where a scroll is: the points of the current page not yet yielded, and the request for the
/// next page, which is `None` once the last page has come, or an error ended the scroll.
struct Pages {
    transport: Arc<dyn Transport>,
    next: Option<ScrollPoints>,
    page: VecDeque<Record>,
}

impl Pages {
    async fn next_record(mut self) -> Option<(Result<Record>, Self)> {
        loop {
            if let Some(record) = self.page.pop_front() {
                return Some((Ok(record), self));
            }
            let request = self.next.take()?;
            let offset = request.offset;
            let answer = match self.transport.scroll_points(request.clone()).await {
                Ok(answer) => answer,
                Err(error) => return Some((Err(error), self)),
            };
            match answer.next_page_offset {
                None => {}
                // A server that hands back the offset it was given would be scrolled forever.
                Some(next) if Some(next) == offset => {
                    let error = Error::new(
                        ErrorKind::Decode,
                        format!(
                            "scroll of `{}`: the server answered the page at offset {next} with \
                             the same offset as the next one",
                            request.collection_name
                        ),
                    );
                    return Some((Err(error), self));
                }
                Some(next) => {
                    let mut following = request;
                    following.offset = Some(next);
                    self.next = Some(following);
                }
            }
            self.page = answer.points.into();
        }
    }
}

impl Stream for ScrollStream {
    type Item = Result<Record>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }
}

impl fmt::Debug for ScrollStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScrollStream").finish_non_exhaustive()
    }
}
