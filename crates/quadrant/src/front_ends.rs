//! The methods of both front ends, written once.
//!
//! Every operation of the table ([`quadrant_transport::for_each_operation!`]) becomes an
//! `async fn` of [`AsyncQdrantClient`] and a blocking `fn` of [`QdrantClient`] with the same
//! name, docs, deprecation, argument and result; the blocking one drives the async one on the
//! client's runtime. The helpers beyond the table (bulk upload, scroll as a stream) are listed
//! once in `helpers!` and get their blocking twin the same way. Nothing here is written per
//! operation, except the named overrides of `operations!`:
//!
//! - `collection_exists` answers `bool` on the clients (the transport's `CollectionExistence`
//!   has nothing else);
//! - the downloads (the rows whose REST answer is `download`) hand the blocking caller a
//!   [`blocking::SnapshotDownload`](crate::blocking::SnapshotDownload), an iterator pulled on the
//!   client's runtime, where the async caller gets the stream.

use quadrant_models::*;
use quadrant_transport::{Result, SnapshotDownload};

use crate::scroll::ScrollStream;
use crate::upload::{self, UploadCollection, UploadPoints, UploadSummary};
use crate::{AsyncQdrantClient, QdrantClient};

/// The table's consumer: one method per row on each client.
///
/// Each row goes to `@async` and `@blocking` with what they use: the method, the request in
/// its own parentheses (`()` when there is none), the response, the REST answer shape, the doc
/// lines and the deprecation note. Named overrides come before the generic arms.
macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:tt) -> $response:ty, $retry:ident,
            rest($http:ident $path:literal [$($param:ident),*] ?[$($query:ident),*]
                $($body:ident)? => $answer:ident),
            grpc($($rpc:literal, $grpc_request:ident -> $grpc_response:ident)?)
            $(, deprecated($note:literal))?;
    )*) => {
        impl AsyncQdrantClient {
            $(
                operations!(@async $method($request) -> $response, $answer,
                    [$($doc)*] [$($note)?]);
            )*
        }

        impl QdrantClient {
            $(
                operations!(@blocking $method($request) -> $response, $answer,
                    [$($doc)*] [$($note)?]);
            )*
        }
    };

    // ---- AsyncQdrantClient ----------------------------------------------------------------------
    // Override: the clients answer whether the collection exists, not the transport's wrapper.
    (@async collection_exists($request:tt) -> $response:ty, $answer:ident,
        [$($doc:literal)*] [$($note:literal)?]) => {
        $(#[doc = $doc])*
        $(#[deprecated(note = $note)])?
        pub async fn collection_exists(&self, request: impl Into<$request>) -> Result<bool> {
            let existence: $response = self.transport().collection_exists(request.into()).await?;
            Ok(existence.exists)
        }
    };
    (@async $method:ident(()) -> $response:ty, $answer:ident,
        [$($doc:literal)*] [$($note:literal)?]) => {
        $(#[doc = $doc])*
        $(#[deprecated(note = $note)])?
        pub async fn $method(&self) -> Result<$response> {
            self.transport().$method(()).await
        }
    };
    (@async $method:ident($request:tt) -> $response:ty, $answer:ident,
        [$($doc:literal)*] [$($note:literal)?]) => {
        $(#[doc = $doc])*
        $(#[deprecated(note = $note)])?
        pub async fn $method(&self, request: impl Into<$request>) -> Result<$response> {
            self.transport().$method(request.into()).await
        }
    };

    // ---- QdrantClient ---------------------------------------------------------------------------
    // Override: as on the async client.
    (@blocking collection_exists($request:tt) -> $response:ty, $answer:ident,
        [$($doc:literal)*] [$($note:literal)?]) => {
        $(#[doc = $doc])*
        $(#[deprecated(note = $note)])?
        pub fn collection_exists(&self, request: impl Into<$request>) -> Result<bool> {
            self.block_on(self.as_async().collection_exists(request))
        }
    };
    // Override: a download is the blocking client's own, an iterator of chunks.
    (@blocking $method:ident($request:tt) -> $response:ty, download,
        [$($doc:literal)*] [$($note:literal)?]) => {
        $(#[doc = $doc])*
        $(#[deprecated(note = $note)])?
        #[allow(deprecated, reason = "the blocking method of a deprecated one")]
        pub fn $method(
            &self,
            request: impl Into<$request>,
        ) -> Result<crate::blocking::SnapshotDownload> {
            self.block_on(self.as_async().$method(request))
                .map(|download| self.blocking(download))
        }
    };
    (@blocking $method:ident(()) -> $response:ty, $answer:ident,
        [$($doc:literal)*] [$($note:literal)?]) => {
        $(#[doc = $doc])*
        $(#[deprecated(note = $note)])?
        #[allow(deprecated, reason = "the blocking method of a deprecated one")]
        pub fn $method(&self) -> Result<$response> {
            self.block_on(self.as_async().$method())
        }
    };
    (@blocking $method:ident($request:tt) -> $response:ty, $answer:ident,
        [$($doc:literal)*] [$($note:literal)?]) => {
        $(#[doc = $doc])*
        $(#[deprecated(note = $note)])?
        #[allow(deprecated, reason = "the blocking method of a deprecated one")]
        pub fn $method(&self, request: impl Into<$request>) -> Result<$response> {
            self.block_on(self.as_async().$method(request))
        }
    };
}

quadrant_transport::for_each_operation!(operations);

/// The helpers beyond the table, each written once for both clients.
///
/// An `async fn` helper is an async method of [`AsyncQdrantClient`], and a blocking method of
/// [`QdrantClient`] that runs it to completion. A `fn` helper that returns a stream names the
/// blocking form after `=>` (an iterator pulled on the client's runtime, made with
/// `IntoBlocking`). The docs are shared, so they speak of both forms.
macro_rules! helpers {
    ($(
        $(#[doc = $doc:literal])*
        $kind:ident fn $method:ident(&$this:ident $(, $arg:ident: $arg_ty:ty)*) -> $output:ty
            $(=> $blocking:ty)? $body:block
    )*) => {
        impl AsyncQdrantClient {
            $(
                helpers!(@async $kind $(#[doc = $doc])*
                    fn $method(&$this $(, $arg: $arg_ty)*) -> $output $body);
            )*
        }

        impl QdrantClient {
            $(
                helpers!(@blocking $kind $(#[doc = $doc])*
                    fn $method($($arg: $arg_ty),*) -> $output $(=> $blocking)?);
            )*
        }
    };
    (@async async $(#[doc = $doc:literal])*
        fn $method:ident(&$this:ident $(, $arg:ident: $arg_ty:ty)*) -> $output:ty $body:block) => {
        $(#[doc = $doc])*
        pub async fn $method(&$this $(, $arg: $arg_ty)*) -> $output $body
    };
    (@async stream $(#[doc = $doc:literal])*
        fn $method:ident(&$this:ident $(, $arg:ident: $arg_ty:ty)*) -> $output:ty $body:block) => {
        $(#[doc = $doc])*
        pub fn $method(&$this $(, $arg: $arg_ty)*) -> $output $body
    };
    (@blocking async $(#[doc = $doc:literal])*
        fn $method:ident($($arg:ident: $arg_ty:ty),*) -> $output:ty) => {
        $(#[doc = $doc])*
        pub fn $method(&self $(, $arg: $arg_ty)*) -> $output {
            self.block_on(self.as_async().$method($($arg),*))
        }
    };
    (@blocking stream $(#[doc = $doc:literal])*
        fn $method:ident($($arg:ident: $arg_ty:ty),*) -> $output:ty => $blocking:ty) => {
        $(#[doc = $doc])*
        pub fn $method(&self $(, $arg: $arg_ty)*) -> $blocking {
            self.blocking(self.as_async().$method($($arg),*))
        }
    };
}

helpers! {
    /// Uploads many points: read lazily from an iterator or a stream, sent in batches with
    /// bounded concurrency, each batch retried on its own, with progress reports. See
    /// [`UploadPoints`] and the module [`upload`](crate::upload).
    ///
    /// # Errors
    ///
    /// When a batch fails (after retries), or the input yields an error, the upload stops and
    /// returns the first batch's error, whose
    /// [`UploadFailure`](crate::upload::UploadFailure) says which batches were not
    /// written and where the unsent input begins.
    async fn upload_points(&self, request: UploadPoints) -> Result<UploadSummary> {
        upload::upload(self.transport(), request).await
    }

    /// Uploads a collection given as columns of vectors, payloads and ids (ids left out are
    /// random UUIDs), as [`upload_points`](Self::upload_points) does.
    ///
    /// # Errors
    ///
    /// As [`upload_points`](Self::upload_points); also
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) when the payloads or
    /// ids are fewer or more than the vectors.
    async fn upload_collection(&self, request: UploadCollection) -> Result<UploadSummary> {
        upload::upload(self.transport(), request.into_points()).await
    }

    /// Every point that matches a scroll request: a [`ScrollStream`] of records on the async
    /// client, a [`ScrollIter`](crate::blocking::ScrollIter) on the blocking one. Pages are
    /// fetched as the records are read, following `next_page_offset` until the last page. The
    /// request's `limit` is the page size
    /// ([`DEFAULT_PAGE_SIZE`](crate::scroll::DEFAULT_PAGE_SIZE) when unset).
    ///
    /// It yields an error once, and ends there, when a page fails; a request with `order_by`
    /// yields [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument), since such a
    /// scroll has no next page to follow.
    stream fn scroll_stream(&self, request: impl Into<ScrollPoints>) -> ScrollStream
        => crate::blocking::ScrollIter
    {
        ScrollStream::new(std::sync::Arc::clone(self.transport()), request.into())
    }
}
