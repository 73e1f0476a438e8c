//! The typed collection handle of the blocking client: the async
//! [`Collection`](crate::Collection) run on the client's runtime, and its scroll as an iterator.
//!
//! The methods are generated in `collection.rs` together with the async handle's, so the two
//! have the same methods by construction.

use std::fmt;
use std::iter::FusedIterator;

use serde::de::DeserializeOwned;

use super::{QdrantClient, ScrollIter};
use crate::collection::{PointReader, TypedPoint};
use quadrant_transport::Result;

/// A typed handle on one collection, made by [`QdrantClient::collection`]: the blocking twin of
/// [`crate::Collection`], with the same methods, each returning when its call is done. See the
/// module [`collection`](crate::collection).
///
/// It is cheap to clone, and clones share the client's transport and runtime.
pub struct Collection<T> {
    /// The async handle each method runs.
    pub(crate) inner: crate::Collection<T>,
    /// The client whose runtime runs it.
    pub(crate) client: QdrantClient,
}

impl<T> Collection<T> {
    /// The collection's name.
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// The untyped blocking client, for every operation the handle does not cover.
    pub fn client(&self) -> &QdrantClient {
        &self.client
    }

    /// The async handle on the same collection, sharing this one's transport.
    pub fn as_async(&self) -> &crate::Collection<T> {
        &self.inner
    }
}

impl<T> Clone for Collection<T> {
    fn clone(&self) -> Self {
        Collection {
            inner: self.inner.clone(),
            client: self.client.clone(),
        }
    }
}

impl<T> fmt::Debug for Collection<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Collection")
            .field("name", &self.inner.name())
            .field("payload", &std::any::type_name::<T>())
            .field("client", &self.client)
            .finish()
    }
}

/// Every point a scroll request matches, with its payload read as `T`, as an [`Iterator`],
/// made by [`Collection::scroll_stream`].
///
/// A page is fetched when the points of the previous one have been taken. The iterator ends
/// after the last page, or after yielding the first error, and stays ended.
pub struct TypedScrollIter<T> {
    records: ScrollIter,
    reader: PointReader<T>,
}

impl<T> TypedScrollIter<T> {
    pub(crate) fn new(records: ScrollIter, reader: PointReader<T>) -> Self {
        TypedScrollIter { records, reader }
    }
}

impl<T: DeserializeOwned> Iterator for TypedScrollIter<T> {
    type Item = Result<TypedPoint<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.reader.is_done() {
            return None;
        }
        self.reader.next(self.records.next())
    }
}

impl<T: DeserializeOwned> FusedIterator for TypedScrollIter<T> {}

impl<T> fmt::Debug for TypedScrollIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedScrollIter")
            .field("payload", &std::any::type_name::<T>())
            .field("done", &self.reader.is_done())
            .finish_non_exhaustive()
    }
}
