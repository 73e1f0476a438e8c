//! Typed collections: a handle on one collection whose points carry the application's own
//! payload type.
//!
//! [`AsyncQdrantClient::collection`] gives a [`Collection<T>`], and
//! [`QdrantClient::collection`] its blocking twin,
//! [`blocking::Collection<T>`](crate::blocking::Collection), with the same methods. Points are
//! written from a `T: Serialize` and read back as a `T: DeserializeOwned`: a query answers
//! [`Hit<T>`]s, a get or a scroll [`TypedPoint<T>`]s, each with its id, vectors and the other
//! fields of the untyped answer, and `payload: T`.
//!
//! The handle is a thin layer on the untyped client, which stays the base: each method fills
//! in the collection's name, calls the untyped method of the same operation, and reads the
//! payloads. So it works on every transport, and [`Collection::client`] reaches every
//! operation the handle does not cover.
//!
//! The request-taking methods ([`query`](Collection::query), [`scroll`](Collection::scroll),
//! [`scroll_stream`](Collection::scroll_stream), [`retrieve`](Collection::retrieve),
//! [`count`](Collection::count)) take the untyped request, built without a collection
//! (`QueryPoints::default()`) or naming the handle's own; a request naming another collection
//! is refused with [`ErrorKind::InvalidArgument`] before anything is sent. The reads always
//! ask for the payload (a typed answer needs it) and keep the request's choice of vectors.
//!
//! ```no_run
//! use quadrant::AsyncQdrantClient;
//! use quadrant::models::{CreateCollection, Distance, QueryPoints, VectorParams};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Doc {
//!     title: String,
//!     year: u16,
//! }
//!
//! # async fn run() -> quadrant::Result<()> {
//! let client = AsyncQdrantClient::memory()?;
//! client
//!     .create_collection(CreateCollection::new("docs").vectors_config(VectorParams::new(2, Distance::Dot)))
//!     .await?;
//! let docs = client.collection::<Doc>("docs");
//! let dune = Doc { title: "Dune".into(), year: 1965 };
//! docs.upsert([(1, vec![0.9, 0.1], &dune)]).await?;
//!
//! let hits = docs.query(QueryPoints::default().query(vec![1.0, 0.0]).limit(3)).await?;
//! for hit in hits {
//!     println!("{} {:.3} {} ({})", hit.id, hit.score, hit.payload.title, hit.payload.year);
//! }
//! # Ok(())
//! # }
//! ```

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::StreamExt;
use quadrant_models::{
    CountPoints, DeletePoints, GetPoints, OrderValue, Payload, PayloadError, PointId, PointStruct,
    QueryPoints, Record, ScoredPoint, ScrollPoints, ShardKey, UpdateResult, UpsertPoints,
    VectorStruct, VectorStructOutput, WithPayloadInterface, from_payload,
};
use quadrant_transport::{Error, ErrorKind, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::blocking::IntoBlocking;
use crate::scroll::ScrollStream;
use crate::{AsyncQdrantClient, QdrantClient};

impl AsyncQdrantClient {
    /// A handle on the collection `name` whose payloads are `T`: upsert takes `(id, vectors,
    /// &T)`, and queries, gets and scrolls answer `T`s. See the module
    /// [`collection`](crate::collection).
    ///
    /// It is cheap (a clone of the client and the name) and checks nothing: a collection that
    /// does not exist fails the first call, as the untyped methods do.
    pub fn collection<T>(&self, name: impl Into<String>) -> Collection<T> {
        Collection {
            client: self.clone(),
            name: name.into(),
            payload: PhantomData,
        }
    }
}

impl QdrantClient {
    /// A blocking handle on the collection `name` whose payloads are `T`, with the methods of
    /// [`AsyncQdrantClient::collection`]'s handle, run to completion on the client's runtime.
    pub fn collection<T>(&self, name: impl Into<String>) -> crate::blocking::Collection<T> {
        crate::blocking::Collection {
            inner: self.as_async().collection(name),
            client: self.clone(),
        }
    }
}

/// A typed handle on one collection, made by [`AsyncQdrantClient::collection`]: its points'
/// payloads are written from and read into `T`. See the module
/// [`collection`](crate::collection).
///
/// It is cheap to clone, and clones share the client's transport.
pub struct Collection<T> {
    client: AsyncQdrantClient,
    name: String,
    payload: PhantomData<fn() -> T>,
}

impl<T> Collection<T> {
    /// The collection's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The untyped client, for every operation the handle does not cover.
    pub fn client(&self) -> &AsyncQdrantClient {
        &self.client
    }

    /// Fills in the handle's collection as the request's, or refuses a request for another.
    fn claim(&self, collection_name: &mut String) -> Result<()> {
        if collection_name.is_empty() {
            collection_name.clone_from(&self.name);
            return Ok(());
        }
        if *collection_name == self.name {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "the handle of collection `{}` was given a request for collection `{}`: build \
                 the request without a collection (`QueryPoints::default()`, ...) or use that \
                 collection's own handle",
                self.name, collection_name
            ),
        ))
    }
}

impl<T> Clone for Collection<T> {
    fn clone(&self) -> Self {
        Collection {
            client: self.client.clone(),
            name: self.name.clone(),
            payload: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Collection<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Collection")
            .field("name", &self.name)
            .field("payload", &std::any::type_name::<T>())
            .field("client", &self.client)
            .finish()
    }
}

/// The methods of both handles, written once.
///
/// An `async fn` is an async method of [`Collection`] and a blocking method of
/// [`blocking::Collection`](crate::blocking::Collection) that runs it on the client's runtime.
/// A `stream fn` names its blocking form after `=>`: an iterator pulled on that runtime. The
/// optional `where T: Bound` is the payload type's bound; the docs are shared.
macro_rules! typed_methods {
    ($(
        $(#[doc = $doc:literal])*
        $kind:ident fn $method:ident(&$this:ident $(, $arg:ident: $arg_ty:ty)*) -> $output:ty
            $(=> $blocking:ty)? $(where T: $bound:path)? $body:block
    )*) => {
        impl<T> Collection<T> {
            $(
                typed_methods!(@async $kind [$($doc)*]
                    fn $method(&$this $(, $arg: $arg_ty)*) -> $output, [$($bound)?] $body);
            )*
        }

        impl<T> crate::blocking::Collection<T> {
            $(
                typed_methods!(@blocking $kind [$($doc)*]
                    fn $method($($arg: $arg_ty),*) -> $output $(=> $blocking)?, [$($bound)?]);
            )*
        }
    };
    (@async async [$($doc:literal)*]
        fn $method:ident(&$this:ident $(, $arg:ident: $arg_ty:ty)*) -> $output:ty,
        [$($bound:path)?] $body:block) => {
        $(#[doc = $doc])*
        pub async fn $method(&$this $(, $arg: $arg_ty)*) -> $output $(where T: $bound)? $body
    };
    (@async stream [$($doc:literal)*]
        fn $method:ident(&$this:ident $(, $arg:ident: $arg_ty:ty)*) -> $output:ty,
        [$($bound:path)?] $body:block) => {
        $(#[doc = $doc])*
        pub fn $method(&$this $(, $arg: $arg_ty)*) -> $output $(where T: $bound)? $body
    };
    (@blocking async [$($doc:literal)*]
        fn $method:ident($($arg:ident: $arg_ty:ty),*) -> $output:ty, [$($bound:path)?]) => {
        $(#[doc = $doc])*
        pub fn $method(&self $(, $arg: $arg_ty)*) -> $output $(where T: $bound)? {
            self.client.block_on(self.inner.$method($($arg),*))
        }
    };
    (@blocking stream [$($doc:literal)*]
        fn $method:ident($($arg:ident: $arg_ty:ty),*) -> $output:ty => $blocking:ty,
        [$($bound:path)?]) => {
        $(#[doc = $doc])*
        pub fn $method(&self $(, $arg: $arg_ty)*) -> $blocking $(where T: $bound)? {
            self.client.blocking(self.inner.$method($($arg),*))
        }
    };
}

typed_methods! {
    /// Writes points, each given as `(id, vectors, payload)` where the payload is a `T` (or a
    /// reference to one), inserting new ids and replacing existing ones, and returns once the
    /// points are written (`wait=true`), so that the next read sees them.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] naming the point id, the type and the field when a
    /// payload does not serialize as a JSON object (nothing is sent then); otherwise the errors
    /// of `upsert_points`.
    async fn upsert(
        &self,
        points: impl IntoIterator<Item = (impl Into<PointId>, impl Into<VectorStruct>, impl Borrow<T>)>
    ) -> Result<UpdateResult>
    where T: Serialize
    {
        let points = points
            .into_iter()
            .map(|(id, vector, payload)| {
                let id = id.into();
                PointStruct::try_new(id, vector, payload.borrow())
                    .map_err(|error| Error::from(error).with_context(format!("point {id}")))
            })
            .collect::<Result<Vec<_>>>()?;
        self.client
            .upsert_points(UpsertPoints::new(self.name.clone(), points).wait(true))
            .await
    }

    /// The points with these ids, with their payloads as `T` and without vectors (use
    /// [`retrieve`](Self::retrieve) to ask for them); ids that do not exist are left out.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Decode`] naming the point id, the type and the field when a payload does
    /// not read as `T`; otherwise the errors of `get_points`.
    async fn get(&self, ids: impl IntoIterator<Item = impl Into<PointId>>)
        -> Result<Vec<TypedPoint<T>>>
    where T: DeserializeOwned
    {
        self.retrieve(GetPoints::new(String::new(), ids)).await
    }

    /// The points a [`GetPoints`] request names, with its choice of vectors, consistency and
    /// shard keys, and their payloads as `T`; ids that do not exist are left out.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when the request names another collection;
    /// [`ErrorKind::Decode`] naming the point id, the type and the field when a payload does
    /// not read as `T`; otherwise the errors of `get_points`.
    async fn retrieve(&self, request: impl Into<GetPoints>) -> Result<Vec<TypedPoint<T>>>
    where T: DeserializeOwned
    {
        let mut request: GetPoints = request.into();
        self.claim(&mut request.collection_name)?;
        request.with_payload = payload_asked(request.with_payload);
        let records = self.client.get_points(request).await?;
        records
            .into_iter()
            .map(|record| TypedPoint::read(record, &self.name))
            .collect()
    }

    /// Runs a query (`QueryPoints::default().query(..)`, with any prefetch, filter and limit
    /// of the untyped one) and answers its hits, best first, with their payloads as `T`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when the request names another collection;
    /// [`ErrorKind::Decode`] naming the point id, the type and the field when a payload does
    /// not read as `T`; otherwise the errors of `query_points`.
    async fn query(&self, request: impl Into<QueryPoints>) -> Result<Vec<Hit<T>>>
    where T: DeserializeOwned
    {
        let mut request: QueryPoints = request.into();
        self.claim(&mut request.collection_name)?;
        request.with_payload = payload_asked(request.with_payload);
        let answer = self.client.query_points(request).await?;
        answer
            .points
            .into_iter()
            .map(|point| Hit::read(point, &self.name))
            .collect()
    }

    /// One page of a scroll (`ScrollPoints::default().limit(..)`, with any filter, offset or
    /// `order_by`), with the points' payloads as `T` and the offset of the next page.
    ///
    /// # Errors
    ///
    /// As [`query`](Self::query), with the errors of `scroll_points`.
    async fn scroll(&self, request: impl Into<ScrollPoints>) -> Result<Page<T>>
    where T: DeserializeOwned
    {
        let mut request: ScrollPoints = request.into();
        self.claim(&mut request.collection_name)?;
        request.with_payload = payload_asked(request.with_payload);
        let answer = self.client.scroll_points(request).await?;
        Ok(Page {
            points: answer
                .points
                .into_iter()
                .map(|record| TypedPoint::read(record, &self.name))
                .collect::<Result<_>>()?,
            next_page_offset: answer.next_page_offset,
        })
    }

    /// Every point a scroll request matches, with its payload as `T`: a
    /// [`TypedScrollStream`] on the async handle, a
    /// [`TypedScrollIter`](crate::blocking::TypedScrollIter) on the blocking one. Pages are
    /// fetched as the points are read, as the client's `scroll_stream` does; the request's
    /// `limit` is the page size.
    ///
    /// It yields an error once, and ends there: a request naming another collection or
    /// ordered by a field ([`ErrorKind::InvalidArgument`]), a page that fails, or a payload
    /// that does not read as `T` ([`ErrorKind::Decode`], naming the point id, the type and
    /// the field).
    stream fn scroll_stream(&self, request: impl Into<ScrollPoints>) -> TypedScrollStream<T>
        => crate::blocking::TypedScrollIter<T>
    where T: DeserializeOwned
    {
        let mut request: ScrollPoints = request.into();
        let records = match self.claim(&mut request.collection_name) {
            Ok(()) => {
                request.with_payload = payload_asked(request.with_payload);
                self.client.scroll_stream(request)
            }
            Err(error) => ScrollStream::failed(error),
        };
        TypedScrollStream {
            records,
            reader: PointReader::new(self.name.clone()),
        }
    }

    /// Counts the points that match a request (`CountPoints::default()` counts them all;
    /// `.filter(..)` counts those that match).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidArgument`] when the request names another collection; otherwise
    /// the errors of `count_points`.
    async fn count(&self, request: impl Into<CountPoints>) -> Result<u64> {
        let mut request: CountPoints = request.into();
        self.claim(&mut request.collection_name)?;
        Ok(self.client.count_points(request).await?.count)
    }

    /// Deletes the points with these ids, and returns once they are gone (`wait=true`).
    /// Ids that do not exist are ignored.
    ///
    /// # Errors
    ///
    /// The errors of `delete_points`.
    async fn delete(&self, ids: impl IntoIterator<Item = impl Into<PointId>>)
        -> Result<UpdateResult>
    {
        self.client
            .delete_points(DeletePoints::points(self.name.clone(), ids).wait(true))
            .await
    }
}

/// The payload selection of a typed read: the whole payload unless the request chose some of
/// its fields (a typed answer cannot be read from no payload).
fn payload_asked(choice: Option<WithPayloadInterface>) -> Option<WithPayloadInterface> {
    match choice {
        None | Some(WithPayloadInterface::Bool(false)) => Some(WithPayloadInterface::Bool(true)),
        fields => fields,
    }
}

/// The payload of a point of an answer read as `T`, the failure naming the point (and the
/// collection, when known) before the type and the field.
///
/// A handle's read (`collection` given) always asked for the payload, so an answer without one
/// is a point with an empty payload (a transport may leave an empty one out), read as `{}`: a
/// `T` whose fields are all optional reads it, another names its first missing field. An
/// untyped answer the caller converts may not have asked for it, and the error says to.
fn read_payload<T: DeserializeOwned>(
    id: PointId,
    payload: Option<&Payload>,
    collection: Option<&str>,
    untyped: impl FnOnce() -> std::result::Result<T, PayloadError>,
) -> Result<T> {
    let read = match (payload, collection) {
        (None, Some(_)) => from_payload(&Payload::new()),
        _ => untyped(),
    };
    read.map_err(|error| {
        let error = Error::from(error);
        match collection {
            Some(collection) => error.with_context(format!("point {id} of `{collection}`")),
            None => error.with_context(format!("point {id}")),
        }
    })
}

/// A point found by a typed query: the untyped [`ScoredPoint`] with its payload read as `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<T> {
    /// The point's id.
    pub id: PointId,
    /// The version of the point: the number of the last operation that changed it.
    pub version: u64,
    /// The score against the query (similarity, distance or formula, per the query).
    pub score: f32,
    /// The payload.
    pub payload: T,
    /// The vectors, when the request asked for them (`with_vector`).
    pub vector: Option<VectorStructOutput>,
    /// The shard key of the point's shard (custom sharding).
    pub shard_key: Option<ShardKey>,
    /// The value of the `order_by` field, when ordering by a field.
    pub order_value: Option<OrderValue>,
}

impl<T: DeserializeOwned> Hit<T> {
    fn read(point: ScoredPoint, collection: &str) -> Result<Self> {
        Self::read_in(point, Some(collection))
    }

    fn read_in(point: ScoredPoint, collection: Option<&str>) -> Result<Self> {
        let payload = read_payload(point.id, point.payload.as_ref(), collection, || {
            point.payload_as()
        })?;
        Ok(Hit {
            id: point.id,
            version: point.version,
            score: point.score,
            payload,
            vector: point.vector,
            shard_key: point.shard_key,
            order_value: point.order_value,
        })
    }
}

/// Reads an untyped hit, such as one of a group answer, as a typed one.
impl<T: DeserializeOwned> TryFrom<ScoredPoint> for Hit<T> {
    type Error = Error;

    /// # Errors
    ///
    /// [`ErrorKind::Decode`] naming the point id, the type and the field when the payload
    /// does not read as `T`, or when the point carries no payload.
    fn try_from(point: ScoredPoint) -> Result<Self> {
        Self::read_in(point, None)
    }
}

/// A stored point read by a typed get or scroll: the untyped [`Record`] with its payload read
/// as `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedPoint<T> {
    /// The point's id.
    pub id: PointId,
    /// The payload.
    pub payload: T,
    /// The vectors, when the request asked for them (`with_vector`).
    pub vector: Option<VectorStructOutput>,
    /// The shard key of the point's shard (custom sharding).
    pub shard_key: Option<ShardKey>,
    /// The value of the `order_by` field, when scrolling by a field.
    pub order_value: Option<OrderValue>,
}

impl<T: DeserializeOwned> TypedPoint<T> {
    fn read(record: Record, collection: &str) -> Result<Self> {
        Self::read_in(record, Some(collection))
    }

    fn read_in(record: Record, collection: Option<&str>) -> Result<Self> {
        let payload = read_payload(record.id, record.payload.as_ref(), collection, || {
            record.payload_as()
        })?;
        Ok(TypedPoint {
            id: record.id,
            payload,
            vector: record.vector,
            shard_key: record.shard_key,
            order_value: record.order_value,
        })
    }
}

/// Reads an untyped record as a typed one.
impl<T: DeserializeOwned> TryFrom<Record> for TypedPoint<T> {
    type Error = Error;

    /// # Errors
    ///
    /// [`ErrorKind::Decode`] naming the point id, the type and the field when the payload
    /// does not read as `T`, or when the record carries no payload.
    fn try_from(record: Record) -> Result<Self> {
        Self::read_in(record, None)
    }
}

/// One page of a typed scroll: its points, and where the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The points of this page, in the scroll's order.
    pub points: Vec<TypedPoint<T>>,
    /// The offset of the next page (give it to the next request's `offset`); `None` on the
    /// last page.
    pub next_page_offset: Option<PointId>,
}

/// Reads the records of a scroll as typed points, and ends the scroll after the first error,
/// whether the page or a payload failed. Shared by the stream and the blocking iterator.
pub(crate) struct PointReader<T> {
    collection: String,
    done: bool,
    payload: PhantomData<fn() -> T>,
}

impl<T> PointReader<T> {
    fn new(collection: String) -> Self {
        PointReader {
            collection,
            done: false,
            payload: PhantomData,
        }
    }

    /// Whether the scroll has ended.
    pub(crate) fn is_done(&self) -> bool {
        self.done
    }
}

impl<T: DeserializeOwned> PointReader<T> {
    /// The typed form of the scroll's next item, or `None` once the scroll has ended.
    pub(crate) fn next(&mut self, record: Option<Result<Record>>) -> Option<Result<TypedPoint<T>>> {
        if self.done {
            return None;
        }
        let next = record
            .map(|record| record.and_then(|record| TypedPoint::read(record, &self.collection)));
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
    }
}

/// Every point a scroll request matches, with its payload read as `T`, as a [`Stream`] in id
/// order, made by [`Collection::scroll_stream`].
///
/// Pages are fetched as the points are read. The stream ends after the last page, or after
/// yielding the first error, and stays ended.
pub struct TypedScrollStream<T> {
    records: ScrollStream,
    reader: PointReader<T>,
}

impl<T: DeserializeOwned> Stream for TypedScrollStream<T> {
    type Item = Result<TypedPoint<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.reader.is_done() {
            return Poll::Ready(None);
        }
        this.records
            .poll_next_unpin(cx)
            .map(|record| this.reader.next(record))
    }
}

impl<T> IntoBlocking for TypedScrollStream<T> {
    type Blocking = crate::blocking::TypedScrollIter<T>;

    fn into_blocking(
        self,
        runtime: std::sync::Arc<crate::blocking::OwnedRuntime>,
    ) -> Self::Blocking {
        crate::blocking::TypedScrollIter::new(self.records.into_blocking(runtime), self.reader)
    }
}

impl<T> fmt::Debug for TypedScrollStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedScrollStream")
            .field("collection", &self.reader.collection)
            .field("payload", &std::any::type_name::<T>())
            .field("done", &self.reader.done)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Optional {
        note: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    struct Required {
        #[allow(dead_code, reason = "read to fail")]
        note: String,
    }

    fn hit(payload: Option<Payload>) -> ScoredPoint {
        ScoredPoint {
            id: PointId::Num(4),
            version: 2,
            score: 0.5,
            payload,
            vector: None,
            shard_key: None,
            order_value: None,
        }
    }

    #[test]
    fn a_handle_reads_an_answer_without_payload_as_an_empty_one() {
        // The gRPC conversion gives no payload for an empty one.
        let read = Hit::<Optional>::read(hit(None), "docs").expect("all fields optional");
        assert_eq!(read.payload, Optional { note: None });
        assert_eq!(
            (read.id, read.version, read.score),
            (PointId::Num(4), 2, 0.5)
        );

        let error = Hit::<Required>::read(hit(None), "docs").expect_err("note is required");
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(
            error.message().starts_with("point 4 of `docs`: "),
            "{error}"
        );
        assert!(error.message().contains("missing field `note`"), "{error}");
    }

    #[test]
    fn a_converted_answer_without_payload_says_to_ask_for_it() {
        let error = Hit::<Optional>::try_from(hit(None)).expect_err("no payload asked");
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(error.message().starts_with("point 4: "), "{error}");
        assert!(error.message().contains("with_payload"), "{error}");

        let mut payload = Payload::new();
        payload.insert("note".into(), "kept".into());
        let record = Record {
            id: PointId::Num(9),
            payload: Some(payload),
            vector: None,
            shard_key: None,
            order_value: None,
        };
        let point = TypedPoint::<Optional>::try_from(record).expect("fits");
        assert_eq!(point.payload.note.as_deref(), Some("kept"));
    }
}
