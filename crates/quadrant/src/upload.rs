//! Bulk upload: [`UploadPoints`] and [`UploadCollection`], sent by
//! [`AsyncQdrantClient::upload_points`](crate::AsyncQdrantClient::upload_points) and
//! [`upload_collection`](crate::AsyncQdrantClient::upload_collection) (and the same methods of
//! the blocking client).
//!
//! The input is read lazily and cut into batches of `batch_size` points. Up to `parallelism`
//! batches are in flight at once, each as a task of its own, so the next batch is read and
//! encoded while the earlier ones are on the wire or being written by the server. At most
//! `parallelism` batches plus the one being filled are held in memory, whatever the size of the
//! input.
//!
//! Each batch is an upsert with explicit ids, which is safe to repeat: the client's retry policy
//! retries a batch on its own after a transient failure (never the whole upload), and the
//! summary counts those retries. Beyond the policy's few quick attempts, a batch keeps being
//! retried for the upload's *patience* ([`DEFAULT_PATIENCE`], a minute, unless set), so that an
//! upload outlasts a server restart or a rolling update. A batch that still fails stops the
//! upload: no further input is read, the batches in flight are awaited, and the error says which
//! batches were not written ([`UploadFailure`]).
//!
//! On the embedded engine the batches go to the engine as they come, and are flushed and
//! indexed once at the end ([`Transport::bulk_upsert`]); a batch is durable when the upload
//! returns.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use quadrant_models::{
    Payload, PointId, PointStruct, ShardKeySelector, UpdateMode, UpsertPoints, VectorStruct,
    WriteOrdering,
};
use quadrant_transport::layers::{count_retries, with_patience};
use quadrant_transport::{Error, ErrorKind, Result, Transport};
use tokio::task::{Id, JoinSet};

/// The batch size when none is set: a few hundred points make requests large enough to amortise
/// a round trip and small enough (about 2 MB of JSON at 768 dimensions) to retry cheaply.
pub const DEFAULT_BATCH_SIZE: usize = 256;

/// The number of batches in flight when none is set: two, so that one batch is encoded while
/// the previous one is on the wire.
pub const DEFAULT_PARALLELISM: usize = 2;

/// How long a batch keeps being retried after transient failures when no patience is set: a
/// minute, enough for a server to restart or a rolling update to move past a node, and short
/// enough that an upload into a server that is really gone fails within minutes.
pub const DEFAULT_PATIENCE: Duration = Duration::from_secs(60);

/// A progress callback.
type ProgressFn = Box<dyn FnMut(&UploadProgress) + Send>;

/// A bulk upload of points: the points, their collection, and how to send them.
///
/// ```no_run
/// # async fn run(client: quadrant::AsyncQdrantClient, points: Vec<quadrant::models::PointStruct>) -> quadrant::Result<()> {
/// use quadrant::upload::UploadPoints;
///
/// let summary = client
///     .upload_points(UploadPoints::new("docs", points).batch_size(512).parallelism(4))
///     .await?;
/// println!("{} points in {:?}", summary.points, summary.elapsed);
/// # Ok(())
/// # }
/// ```
pub struct UploadPoints {
    collection_name: String,
    points: BoxStream<'static, Result<PointStruct>>,
    options: UploadOptions,
}

/// A bulk upload of a collection given as columns: vectors, and optionally payloads and ids.
/// Points without an id get a random UUID.
///
/// ```no_run
/// # async fn run(client: quadrant::AsyncQdrantClient) -> quadrant::Result<()> {
/// use quadrant::upload::UploadCollection;
///
/// let vectors = (0..10_000).map(|i| vec![i as f32, 1.0, 0.0, 0.5]);
/// client
///     .upload_collection(UploadCollection::new("docs", vectors).parallelism(4))
///     .await?;
/// # Ok(())
/// # }
/// ```
pub struct UploadCollection {
    collection_name: String,
    vectors: Box<dyn Iterator<Item = VectorStruct> + Send>,
    payloads: Option<Box<dyn Iterator<Item = Payload> + Send>>,
    ids: Option<Box<dyn Iterator<Item = PointId> + Send>>,
    options: UploadOptions,
}

/// How an upload is sent; set through the methods of [`UploadPoints`] and [`UploadCollection`].
struct UploadOptions {
    batch_size: usize,
    parallelism: usize,
    total: Option<u64>,
    patience: Duration,
    wait: bool,
    ordering: Option<WriteOrdering>,
    shard_key: Option<ShardKeySelector>,
    update_mode: Option<UpdateMode>,
    progress: Option<ProgressFn>,
    #[cfg(feature = "progress")]
    bar: Option<indicatif::ProgressBar>,
}

impl Default for UploadOptions {
    fn default() -> Self {
        UploadOptions {
            batch_size: DEFAULT_BATCH_SIZE,
            parallelism: DEFAULT_PARALLELISM,
            total: None,
            patience: DEFAULT_PATIENCE,
            wait: true,
            ordering: None,
            shard_key: None,
            update_mode: None,
            progress: None,
            #[cfg(feature = "progress")]
            bar: None,
        }
    }
}

/// The setters both upload requests share.
macro_rules! upload_options {
    ($request:ident) => {
        impl $request {
            /// Sends `batch_size` points per request (default [`DEFAULT_BATCH_SIZE`]).
            pub fn batch_size(mut self, batch_size: usize) -> Self {
                self.options.batch_size = batch_size;
                self
            }

            /// Keeps up to `parallelism` batches in flight at once (default
            /// [`DEFAULT_PARALLELISM`]). Memory held is about `batch_size × (parallelism + 1)`
            /// points.
            pub fn parallelism(mut self, parallelism: usize) -> Self {
                self.options.parallelism = parallelism;
                self
            }

            /// The number of points to expect, for progress reports, when the input cannot
            /// tell (a stream, or an iterator without an exact size).
            pub fn total(mut self, points: u64) -> Self {
                self.options.total = Some(points);
                self
            }

            /// How long a batch keeps being retried after transient failures (the server
            /// unavailable, restarting, overloaded), counted from its first attempt; default
            /// [`DEFAULT_PATIENCE`]. Within it the retry policy's attempt limit and deadline do
            /// not apply to the batch, and its backoff and `Retry-After` handling do; errors that
            /// are not transient stop the batch at once. `Duration::ZERO` leaves batches to the
            /// retry policy alone. Each retry is counted in the summary. A client without retries
            /// at all (the embedded engine) has nothing to wait for.
            pub fn patience(mut self, patience: Duration) -> Self {
                self.options.patience = patience;
                self
            }

            /// Whether each batch is answered only once it is applied (default `true`). With
            /// `false` the server acknowledges batches as soon as it has them, and a failure
            /// while applying one is not reported to the upload.
            pub fn wait(mut self, wait: bool) -> Self {
                self.options.wait = wait;
                self
            }

            /// The write ordering of every batch, across replicas.
            pub fn ordering(mut self, ordering: WriteOrdering) -> Self {
                self.options.ordering = Some(ordering);
                self
            }

            /// The shards to write to (custom sharding).
            pub fn shard_key(mut self, shard_key: impl Into<ShardKeySelector>) -> Self {
                self.options.shard_key = Some(shard_key.into());
                self
            }

            /// Whether points are inserted, replaced, or both (the server's default).
            pub fn update_mode(mut self, update_mode: UpdateMode) -> Self {
                self.options.update_mode = Some(update_mode);
                self
            }

            /// Calls `progress` after each batch is written, with the counts so far. It runs
            /// on the task that drives the upload, so it should be quick.
            pub fn on_progress(
                mut self,
                progress: impl FnMut(&UploadProgress) + Send + 'static,
            ) -> Self {
                self.options.progress = Some(Box::new(progress));
                self
            }

            /// Shows a progress bar on standard error (hidden when it is not a terminal), sized
            /// by [`total`](Self::total) or the input's exact length when known.
            #[cfg(feature = "progress")]
            pub fn progress_bar(self) -> Self {
                let bar = default_progress_bar(self.options.total);
                self.with_progress_bar(bar)
            }

            /// Advances `bar` by the points of each batch written, and finishes it at the end.
            /// Its length is set from the input when the bar has none.
            #[cfg(feature = "progress")]
            pub fn with_progress_bar(mut self, bar: indicatif::ProgressBar) -> Self {
                self.options.bar = Some(bar);
                self
            }
        }

        impl fmt::Debug for $request {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($request))
                    .field("collection_name", &self.collection_name)
                    .field("batch_size", &self.options.batch_size)
                    .field("parallelism", &self.options.parallelism)
                    .field("total", &self.options.total)
                    .field("patience", &self.options.patience)
                    .field("wait", &self.options.wait)
                    .finish_non_exhaustive()
            }
        }
    };
}

upload_options!(UploadPoints);
upload_options!(UploadCollection);

impl UploadPoints {
    /// Uploads `points` into `collection_name`. Any iterator will do; it is read as batches are
    /// sent, on the task that drives the upload, so it should not block for long.
    pub fn new<I>(collection_name: impl Into<String>, points: I) -> Self
    where
        I: IntoIterator<Item = PointStruct>,
        I::IntoIter: Send + 'static,
    {
        let points = points.into_iter();
        let total = exact_len(points.size_hint());
        let mut upload = Self::from_results(collection_name, stream::iter(points.map(Ok)));
        upload.options.total = total;
        upload
    }

    /// Uploads the points of an async `points` stream into `collection_name`.
    pub fn from_stream(
        collection_name: impl Into<String>,
        points: impl Stream<Item = PointStruct> + Send + 'static,
    ) -> Self {
        Self::from_results(collection_name, points.map(Ok))
    }

    fn from_results(
        collection_name: impl Into<String>,
        points: impl Stream<Item = Result<PointStruct>> + Send + 'static,
    ) -> Self {
        UploadPoints {
            collection_name: collection_name.into(),
            points: points.boxed(),
            options: UploadOptions::default(),
        }
    }
}

impl UploadCollection {
    /// Uploads one point per item of `vectors` into `collection_name`, without payload and with
    /// random UUIDs unless [`payloads`](Self::payloads) and [`ids`](Self::ids) are given.
    pub fn new<I>(collection_name: impl Into<String>, vectors: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<VectorStruct> + 'static,
        I::IntoIter: Send + 'static,
    {
        let vectors = vectors.into_iter();
        let options = UploadOptions {
            total: exact_len(vectors.size_hint()),
            ..UploadOptions::default()
        };
        UploadCollection {
            collection_name: collection_name.into(),
            vectors: Box::new(vectors.map(Into::into)),
            payloads: None,
            ids: None,
            options,
        }
    }

    /// The payload of each point, in the order of the vectors; there must be one per vector.
    pub fn payloads<I>(mut self, payloads: I) -> Self
    where
        I: IntoIterator<Item = Payload>,
        I::IntoIter: Send + 'static,
    {
        self.payloads = Some(Box::new(payloads.into_iter()));
        self
    }

    /// The id of each point, in the order of the vectors; there must be one per vector.
    pub fn ids<I>(mut self, ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<PointId> + 'static,
        I::IntoIter: Send + 'static,
    {
        self.ids = Some(Box::new(ids.into_iter().map(Into::into)));
        self
    }

    /// The same upload as points: the columns zipped, ids generated where none were given.
    pub(crate) fn into_points(self) -> UploadPoints {
        let UploadCollection {
            collection_name,
            vectors,
            payloads,
            ids,
            options,
        } = self;
        let columns = Columns {
            vectors,
            payloads,
            ids,
            position: 0,
            done: false,
        };
        UploadPoints {
            collection_name,
            points: stream::iter(columns).boxed(),
            options,
        }
    }
}

/// The columns of an [`UploadCollection`], zipped into points; a column that ends before the
/// vectors, or goes on after them, is an error rather than a silently misaligned upload.
struct Columns {
    vectors: Box<dyn Iterator<Item = VectorStruct> + Send>,
    payloads: Option<Box<dyn Iterator<Item = Payload> + Send>>,
    ids: Option<Box<dyn Iterator<Item = PointId> + Send>>,
    position: u64,
    done: bool,
}

impl Iterator for Columns {
    type Item = Result<PointStruct>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let Some(vector) = self.vectors.next() else {
            self.done = true;
            let longer = [
                (
                    "payloads",
                    self.payloads.as_mut().is_some_and(|p| p.next().is_some()),
                ),
                ("ids", self.ids.as_mut().is_some_and(|i| i.next().is_some())),
            ];
            return longer
                .iter()
                .find(|(_, longer)| *longer)
                .map(|(column, _)| Err(column_mismatch(column, "more", self.position)));
        };
        let id = match self.ids.as_mut().map(Iterator::next) {
            None => PointId::Uuid(uuid::Uuid::new_v4()),
            Some(Some(id)) => id,
            Some(None) => {
                self.done = true;
                return Some(Err(column_mismatch("ids", "fewer", self.position)));
            }
        };
        let payload = match self.payloads.as_mut().map(Iterator::next) {
            None => None,
            Some(Some(payload)) => Some(payload),
            Some(None) => {
                self.done = true;
                return Some(Err(column_mismatch("payloads", "fewer", self.position)));
            }
        };
        self.position += 1;
        Some(Ok(PointStruct {
            id,
            vector,
            payload: payload.filter(|payload| !payload.is_empty()),
        }))
    }
}

fn column_mismatch(column: &str, more_or_fewer: &str, vectors: u64) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!(
            "upload_collection: there are {more_or_fewer} {column} than vectors \
             (the vectors ended after {vectors}, or the {column} did)"
        ),
    )
}

fn exact_len((low, high): (usize, Option<usize>)) -> Option<u64> {
    (Some(low) == high).then_some(low as u64)
}

/// How far an upload has got, as given to [`UploadPoints::on_progress`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UploadProgress {
    /// Points written so far.
    pub points: u64,
    /// Batches written so far.
    pub batches: u64,
    /// Retries of batches so far.
    pub retries: u64,
    /// The number of points expected, when known.
    pub total: Option<u64>,
    /// Time since the upload started.
    pub elapsed: Duration,
}

/// What a finished upload did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UploadSummary {
    /// Points written.
    pub points: u64,
    /// Batches written.
    pub batches: u64,
    /// Batches sent again after a transient failure, under the client's retry policy.
    pub retries: u64,
    /// How long the upload took, the final flush of the embedded engine included.
    pub elapsed: Duration,
}

/// A batch that was not written, with the error that stopped it.
#[derive(Debug)]
#[non_exhaustive]
pub struct FailedBatch {
    /// The batch's number, from 0, in input order.
    pub index: u64,
    /// The position in the input of the batch's first point, from 0.
    pub first_point: u64,
    /// The ids of the batch's points.
    pub ids: Vec<PointId>,
    /// Why it failed, after any retries.
    pub error: Error,
}

/// Why an upload stopped: which batches failed, which input was never sent, and what was
/// written before. It is the [`source`](std::error::Error::source) of the error an upload
/// returns; [`UploadFailure::of`] finds it.
///
/// A failed batch may have been partly applied by the server before it failed: upload its
/// points again (the writes are idempotent) rather than assume either way.
#[derive(Debug)]
#[non_exhaustive]
pub struct UploadFailure {
    /// The batches that were not written, in input order.
    pub failed: Vec<FailedBatch>,
    /// The input from this position on (from 0) was never read, or never sent: resume there.
    pub unsent_from: u64,
    /// What was written before the upload stopped.
    pub written: UploadSummary,
    /// The error the input stream gave, when it stopped the upload (no batch failed).
    input_error: Option<Error>,
}

impl UploadFailure {
    /// The failure behind an error returned by an upload, if it is one.
    pub fn of(error: &Error) -> Option<&UploadFailure> {
        std::error::Error::source(error)?.downcast_ref()
    }
}

impl fmt::Display for UploadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} points in {} batches were written; ",
            self.written.points, self.written.batches
        )?;
        if self.failed.is_empty() {
            write!(f, "no batch failed")?;
        } else {
            write!(f, "not written: batch")?;
            for (n, batch) in self.failed.iter().enumerate() {
                let separator = if n == 0 { " " } else { ", " };
                write!(
                    f,
                    "{separator}{} (points {}..{})",
                    batch.index,
                    batch.first_point,
                    batch.first_point + batch.ids.len() as u64
                )?;
            }
        }
        write!(
            f,
            "; the input from point {} on was not sent",
            self.unsent_from
        )
    }
}

/// The source is the error that stopped the upload: the first failed batch's, else the
/// input's, so that walking an upload error's sources reaches the cause.
impl std::error::Error for UploadFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.failed
            .first()
            .map(|batch| &batch.error)
            .or(self.input_error.as_ref())
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// One batch on its way: where it came from, for the report.
struct Batch {
    index: u64,
    first_point: u64,
    ids: Vec<PointId>,
}

/// Runs an upload to its end through `transport`.
pub(crate) async fn upload(
    transport: &Arc<dyn Transport>,
    request: UploadPoints,
) -> Result<UploadSummary> {
    let UploadPoints {
        collection_name,
        points,
        mut options,
    } = request;
    for (name, value) in [
        ("batch_size", options.batch_size),
        ("parallelism", options.parallelism),
    ] {
        if value == 0 {
            return Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("upload into `{collection_name}`: {name} must be at least 1"),
            ));
        }
    }
    #[cfg(feature = "progress")]
    if let (Some(bar), Some(total)) = (&options.bar, options.total)
        && bar.length().is_none()
    {
        bar.set_length(total);
    }

    let started = Instant::now();
    let retries = Arc::new(AtomicU64::new(0));
    let mut input = points.chunks(options.batch_size);
    let mut in_flight: JoinSet<Result<()>> = JoinSet::new();
    let mut batches: HashMap<Id, Batch> = HashMap::new();
    let mut written = Written::default();
    let mut failed = Vec::new();
    let mut next_index = 0;
    let mut unsent_from = 0;
    let mut input_error = None;
    let mut input_done = false;

    loop {
        // Keep `parallelism` batches in flight while the input lasts and nothing has failed.
        // The tasks already spawned make progress while the next batch is read.
        while !input_done
            && failed.is_empty()
            && input_error.is_none()
            && in_flight.len() < options.parallelism
        {
            let Some(chunk) = input.next().await else {
                input_done = true;
                break;
            };
            let mut points = Vec::with_capacity(chunk.len());
            for point in chunk {
                match point {
                    Ok(point) => points.push(point),
                    Err(error) => {
                        input_error = Some(error);
                        break;
                    }
                }
            }
            if points.is_empty() {
                continue;
            }
            let batch = Batch {
                index: next_index,
                first_point: unsent_from,
                ids: points.iter().map(|point| point.id).collect(),
            };
            next_index += 1;
            unsent_from += points.len() as u64;
            let upsert = batch_request(&collection_name, points, &options);
            let transport = Arc::clone(transport);
            let counter = Arc::clone(&retries);
            let patience = options.patience;
            let task = in_flight.spawn(async move {
                let upsert = with_patience(patience, transport.bulk_upsert(upsert));
                count_retries(counter, upsert).await.map(drop)
            });
            batches.insert(task.id(), batch);
        }

        let Some(joined) = in_flight.join_next_with_id().await else {
            break;
        };
        let (id, outcome) = match joined {
            Ok((id, outcome)) => (id, outcome),
            Err(join_error) => {
                let id = join_error.id();
                let error = Error::new(
                    ErrorKind::Usage,
                    "a batch of the upload panicked or was cancelled before it was written",
                )
                .with_source(join_error);
                (id, Err(error))
            }
        };
        let Some(batch) = batches.remove(&id) else {
            continue;
        };
        match outcome {
            Ok(()) => {
                written.points += batch.ids.len() as u64;
                written.batches += 1;
                let progress = UploadProgress {
                    points: written.points,
                    batches: written.batches,
                    retries: retries.load(Ordering::Relaxed),
                    total: options.total,
                    elapsed: started.elapsed(),
                };
                #[cfg(feature = "progress")]
                if let Some(bar) = &options.bar {
                    bar.set_position(progress.points);
                }
                if let Some(callback) = options.progress.as_mut() {
                    callback(&progress);
                }
            }
            Err(error) => failed.push(FailedBatch {
                index: batch.index,
                first_point: batch.first_point,
                ids: batch.ids,
                error,
            }),
        }
    }

    // The batches written so far are made durable even when the upload failed.
    let finished = transport.finish_bulk_upsert(collection_name.clone()).await;
    let summary = UploadSummary {
        points: written.points,
        batches: written.batches,
        retries: retries.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    };
    #[cfg(feature = "progress")]
    if let Some(bar) = &options.bar {
        if failed.is_empty() && input_error.is_none() && finished.is_ok() {
            bar.finish();
        } else {
            bar.abandon();
        }
    }

    failed.sort_by_key(|batch| batch.index);
    let first_error = match (failed.first(), &input_error) {
        (Some(batch), _) => Some((batch.error.kind(), batch.error.message().to_owned())),
        (None, Some(error)) => Some((error.kind(), error.message().to_owned())),
        (None, None) => None,
    };
    let Some((kind, cause)) = first_error else {
        finished?;
        return Ok(summary);
    };
    let failure = UploadFailure {
        failed,
        unsent_from,
        written: summary,
        input_error,
    };
    Err(Error::new(
        kind,
        format!("upload into `{collection_name}` stopped: {cause}; {failure}"),
    )
    .with_source(failure))
}

#[derive(Default)]
struct Written {
    points: u64,
    batches: u64,
}

fn batch_request(
    collection_name: &str,
    points: Vec<PointStruct>,
    options: &UploadOptions,
) -> UpsertPoints {
    let mut request = UpsertPoints::new(collection_name, points);
    request.wait = Some(options.wait);
    request.ordering = options.ordering;
    request.shard_key = options.shard_key.clone();
    request.update_mode = options.update_mode;
    request
}

#[cfg(feature = "progress")]
fn default_progress_bar(total: Option<u64>) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(total, indicatif::ProgressDrawTarget::stderr());
    // The template is fixed and known to parse; were it ever refused, the default style stays.
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} points ({per_sec}, eta {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}
