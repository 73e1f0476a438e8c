//! `quadrant-bench --server URL` (`cargo xtask bench --server URL`): a benchmark a user runs
//! against their own Qdrant server, comparing quadrant over REST, quadrant over gRPC and the
//! official Rust client (`qdrant-client` 1.18, gRPC, with the bench feature `official`) on the
//! same server, in the same run.
//!
//! What it does:
//!
//! 1. asks the server its version over REST (`GET /`), which also checks that it answers;
//! 2. **upload**: each client creates a collection of its own, `quadrant_bench_<random>_<client>`
//!    (`--dim`-d vectors, cosine), and writes the same `--points` points (unit vectors and a
//!    small payload) into it, in batches of `--batch` with `--parallelism` batches in flight,
//!    each batch waiting for the server to apply it: quadrant through `upload_points`, the
//!    official client through `upsert_points` of the same batches. Points per wall second;
//! 3. waits for the first collection to be green (its optimizer done), up to two minutes;
//! 4. **query**: `query_points` of a random `--dim`-d vector, limit 10, with the payload, with
//!    `--concurrency` calls in flight on a multi-threaded runtime, for `--duration` seconds per
//!    client, cut into rounds whose order rotates, after a warm-up. Queries per second. The
//!    floors take their turns too: the bare load generator of [`crate::lean`] sends the same
//!    queries, encoded before the clock starts, over `--concurrency` HTTP/1.1 connections
//!    (`bare-http1`, REST's floor) and as many streams on one HTTP/2 connection (`bare-h2`,
//!    gRPC's), and reads the answers without decoding them. Plain http only: against an https
//!    server the floors are skipped, with a note;
//! 5. deletes every collection it created, also when a step failed.
//!
//! The clients are built with their defaults (quadrant: no gzip, as issue #12 settled), except
//! that version checks and retries are off: a failure stops the run rather than hiding in the
//! timing. The table shows each rate and the ratios `…/vs_official` (quadrant's rate over the
//! official client's: above 1, quadrant is faster), `…/vs_bare` (a client's query rate over its
//! protocol's floor: 1 is the most a client can reach) and `…/rest_vs_grpc` (quadrant over
//! REST over quadrant over gRPC); the same is written as JSON to `target/bench/server.json`
//! (or `--out PATH`).
//!
//! Nothing in `cargo test` points this at a real address: its tests run it against the
//! in-process sinks of [`crate::servers`].

use std::collections::hash_map::RandomState;
use std::future::Future;
use std::hash::{BuildHasher as _, Hasher as _};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quadrant::models::{
    CollectionStatus, CreateCollection, DeleteCollection, Distance, GetCollection, PointStruct,
    QueryPoints, VectorParams,
};
use quadrant::upload::UploadPoints;
use quadrant::{AsyncQdrantClient, RetryPolicy};

use crate::data::{self, Rng};
use crate::lean::{LeanClient, LeanLane, Prepared};
#[cfg(feature = "official")]
use crate::official::OfficialClient;
use crate::servers::Protocol;
use crate::{Measurement, Report};

/// The command line of this mode.
pub const USAGE: &str = "usage: quadrant-bench --server URL [OPTIONS]

Benchmarks quadrant (REST and gRPC) and the official Rust client (gRPC) against the Qdrant
server at URL: upload points/s and query q/s. It creates collections named
quadrant_bench_<random>_<client> and deletes them at the end.

options:
  --rest-port PORT     REST port (default: the URL's port unless it is 6334, else 6333)
  --grpc-port PORT     gRPC port (default: 6334)
  --api-key KEY        the server's api key (default: $QDRANT_API_KEY)
  --points N           points uploaded by each client (default 10000)
  --dim N              vector size (default 128)
  --batch N            points per upsert (default 256)
  --parallelism N      upserts in flight (default 2)
  --concurrency N      queries in flight (default 32)
  --duration SECONDS   query time per client (default 10)
  --out PATH           JSON output (default target/bench/server.json)";

/// Qdrant's REST port.
pub const REST_PORT: u16 = 6333;
/// Qdrant's gRPC port.
pub const GRPC_PORT: u16 = 6334;

/// Hits per query.
const LIMIT: u64 = 10;
/// Query rounds per client: the measured time is cut into this many turns, in rotating order.
const ROUNDS: u32 = 3;
/// Distinct query vectors, used in turn.
const QUERY_VECTORS: usize = 256;

/// The options of `--server`.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The server, as given.
    pub url: String,
    /// `--rest-port`.
    pub rest_port: Option<u16>,
    /// `--grpc-port`.
    pub grpc_port: Option<u16>,
    /// `--api-key`, or `QDRANT_API_KEY`.
    pub api_key: Option<String>,
    /// Points uploaded by each client.
    pub points: usize,
    /// Vector size.
    pub dim: usize,
    /// Points per upsert.
    pub batch: usize,
    /// Upserts in flight.
    pub parallelism: usize,
    /// Queries in flight.
    pub concurrency: usize,
    /// Query time per client.
    pub duration: Duration,
    /// Where the JSON goes, when not the default.
    pub out: Option<PathBuf>,
}

impl Options {
    /// The defaults for the server at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Options {
            url: url.into(),
            rest_port: None,
            grpc_port: None,
            api_key: None,
            points: 10_000,
            dim: 128,
            batch: 256,
            parallelism: 2,
            concurrency: 32,
            duration: Duration::from_secs(10),
            out: None,
        }
    }

    /// Reads the command line's arguments (without the program's name), which hold
    /// `--server URL`; `api_key` is the fallback for `--api-key` (`QDRANT_API_KEY`).
    ///
    /// # Errors
    ///
    /// An unknown flag, a flag without its value, a value that is not a number or is zero, or
    /// no `--server`.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        api_key: Option<String>,
    ) -> Result<Self, String> {
        let mut options = Options::new(String::new());
        let mut url = None;
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--server" => url = Some(value()?),
                "--rest-port" => options.rest_port = Some(number(&flag, &value()?)?),
                "--grpc-port" => options.grpc_port = Some(number(&flag, &value()?)?),
                "--api-key" => options.api_key = Some(value()?),
                "--points" => options.points = number(&flag, &value()?)?,
                "--dim" => options.dim = number(&flag, &value()?)?,
                "--batch" => options.batch = number(&flag, &value()?)?,
                "--parallelism" => options.parallelism = number(&flag, &value()?)?,
                "--concurrency" => options.concurrency = number(&flag, &value()?)?,
                "--duration" => {
                    let text = value()?;
                    let seconds: f64 = text
                        .parse()
                        .map_err(|_| format!("{flag} takes seconds, not {text:?}"))?;
                    if !(seconds.is_finite() && seconds > 0.0 && seconds < 1e6) {
                        return Err(format!("{flag} takes a positive number of seconds"));
                    }
                    options.duration = Duration::from_secs_f64(seconds);
                }
                "--out" => options.out = Some(PathBuf::from(value()?)),
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        options.url = url.ok_or("--server URL is missing")?;
        if options.api_key.is_none() {
            options.api_key = api_key.filter(|key| !key.is_empty());
        }
        Ok(options)
    }

    /// The REST and gRPC urls: the URL's scheme and host, with the REST port (`--rest-port`,
    /// else the URL's port unless it is 6334, else 6333) and the gRPC port (`--grpc-port`, else
    /// 6334).
    ///
    /// # Errors
    ///
    /// When the URL does not parse, is not http(s) or has no host. A bare `host:port` is http.
    pub fn endpoints(&self) -> Result<Endpoints, String> {
        // A bare `host:port` means http, as for quadrant's builder.
        let text = if self.url.contains("://") {
            self.url.clone()
        } else {
            format!("http://{}", self.url)
        };
        let url = url::Url::parse(&text)
            .map_err(|error| format!("{:?} is not a URL: {error}", self.url))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(format!("{:?} is not an http(s) URL with a host", self.url));
        }
        let given = url.port();
        let rest = self
            .rest_port
            .or(given.filter(|port| *port != GRPC_PORT))
            .unwrap_or(REST_PORT);
        let grpc = self.grpc_port.unwrap_or(GRPC_PORT);
        let with_port = |port: u16| -> Result<String, String> {
            let mut url = url.clone();
            url.set_port(Some(port))
                .map_err(|()| format!("cannot set a port on {:?}", self.url))?;
            url.set_path("");
            url.set_query(None);
            url.set_fragment(None);
            Ok(url.as_str().trim_end_matches('/').to_owned())
        };
        Ok(Endpoints {
            rest: with_port(rest)?,
            grpc: with_port(grpc)?,
        })
    }
}

/// A positive number of `flag`.
fn number<T: std::str::FromStr + PartialOrd + Default>(
    flag: &str,
    text: &str,
) -> Result<T, String> {
    match text.parse::<T>() {
        Ok(value) if value > T::default() => Ok(value),
        _ => Err(format!("{flag} takes a positive number, not {text:?}")),
    }
}

/// Where the clients connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The REST url, such as `http://localhost:6333`.
    pub rest: String,
    /// The gRPC url, such as `http://localhost:6334`.
    pub grpc: String,
}

/// One figure per client: quadrant over REST, over gRPC, and the official client when it ran.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    /// quadrant over REST.
    pub rest: f64,
    /// quadrant over gRPC.
    pub grpc: f64,
    /// The official client (gRPC), with the feature `official`.
    pub official: Option<f64>,
}

/// The query rates of the bare load generator, each protocol's floor: `None` when it did not
/// run (an https server).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Floors {
    /// Pre-encoded REST queries over HTTP/1.1 connections.
    pub http1: Option<f64>,
    /// Pre-encoded gRPC queries over one HTTP/2 connection.
    pub h2: Option<f64>,
}

/// The table's rows for an upload rate and a query rate per client, and their ratios, with
/// `params` on each: `server/{upload,query}/{quadrant-rest,quadrant-grpc,official-grpc}/…`,
/// `server/…/quadrant-{rest,grpc}/vs_official` (quadrant's rate over the official client's:
/// above 1, quadrant is faster), `server/…/rest_vs_grpc` (quadrant over REST over quadrant
/// over gRPC), and, for the floors that ran, `server/query/bare-{http1,h2}/qps` with
/// `server/query/{quadrant-rest,quadrant-grpc,official-grpc}/vs_bare` (a client's query rate
/// over its protocol's floor).
pub fn measurements(
    upload: Rates,
    query: Rates,
    floors: Floors,
    params: &[(&str, serde_json::Value)],
) -> Vec<Measurement> {
    let with_params = |mut m: Measurement| {
        for (key, value) in params {
            m = m.param(*key, value.clone());
        }
        m
    };
    let mut rows = Vec::new();
    for (group, rates, unit) in [
        ("upload", upload, "points/s"),
        ("query", query, "queries/s"),
    ] {
        let rate = if group == "upload" {
            "points_per_s"
        } else {
            "qps"
        };
        rows.push(Measurement::new(
            format!("server/{group}/quadrant-rest/{rate}"),
            rates.rest,
            unit,
        ));
        rows.push(Measurement::new(
            format!("server/{group}/quadrant-grpc/{rate}"),
            rates.grpc,
            unit,
        ));
        if let Some(official) = rates.official {
            rows.push(Measurement::new(
                format!("server/{group}/official-grpc/{rate}"),
                official,
                unit,
            ));
            rows.push(Measurement::new(
                format!("server/{group}/quadrant-grpc/vs_official"),
                ratio(rates.grpc, official),
                "x",
            ));
            rows.push(Measurement::new(
                format!("server/{group}/quadrant-rest/vs_official"),
                ratio(rates.rest, official),
                "x",
            ));
        }
        rows.push(Measurement::new(
            format!("server/{group}/rest_vs_grpc"),
            ratio(rates.rest, rates.grpc),
            "x",
        ));
    }
    // Each floor's rate, then each client of its protocol over it.
    let over_floors = [
        (
            "bare-http1",
            floors.http1,
            &[("quadrant-rest", Some(query.rest))][..],
        ),
        (
            "bare-h2",
            floors.h2,
            &[
                ("quadrant-grpc", Some(query.grpc)),
                ("official-grpc", query.official),
            ][..],
        ),
    ];
    for (name, floor, clients) in over_floors {
        let Some(floor) = floor else {
            continue;
        };
        rows.push(Measurement::new(
            format!("server/query/{name}/qps"),
            floor,
            "queries/s",
        ));
        for (client, rate) in clients {
            if let Some(rate) = rate {
                rows.push(Measurement::new(
                    format!("server/query/{client}/vs_bare"),
                    ratio(*rate, floor),
                    "x",
                ));
            }
        }
    }
    rows.into_iter().map(with_params).collect()
}

/// `over / under`, NaN (written as `null`) when `under` is not positive.
fn ratio(over: f64, under: f64) -> f64 {
    if under > 0.0 { over / under } else { f64::NAN }
}

/// A collection name no user data has: `quadrant_bench_` and 16 random hex digits.
pub fn collection_base() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    hasher.write_u32(std::process::id());
    format!("quadrant_bench_{:016x}", hasher.finish())
}

/// Runs the benchmark against the server of `options` and returns its report; every collection
/// it created is deleted before it returns, also on error.
///
/// # Errors
///
/// When the server cannot be reached, a call fails or a runtime cannot start; the message also
/// names collections that could not be deleted.
pub fn run(options: &Options) -> Result<Report, String> {
    let endpoints = options.endpoints()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("could not start the runtime: {error}"))?;
    runtime.block_on(async {
        let rest = quadrant_client(&endpoints.rest, options, false)?;
        let base = collection_base();
        let mut created = Vec::new();
        let outcome = bench(options, &endpoints, &rest, &base, &mut created).await;
        // Deleted whatever happened; a collection that was never made answers false.
        let mut left = Vec::new();
        for name in &created {
            if let Err(error) = rest.delete_collection(DeleteCollection::new(name)).await {
                left.push(format!("{name} ({error})"));
            }
        }
        let leftover = if left.is_empty() {
            String::new()
        } else {
            format!("; could not delete {}", left.join(", "))
        };
        match outcome {
            Ok(mut report) => {
                if left.is_empty() {
                    report.note(format!("deleted the collections {}", created.join(", ")));
                    Ok(report)
                } else {
                    Err(format!("the benchmark ran{leftover}"))
                }
            }
            Err(error) => Err(format!("{error}{leftover}")),
        }
    })
}

/// quadrant's client for `url`: defaults, but no version check and no retries; over gRPC when
/// `grpc`.
fn quadrant_client(url: &str, options: &Options, grpc: bool) -> Result<AsyncQdrantClient, String> {
    let mut builder = AsyncQdrantClient::builder(url)
        .check_compatibility(false)
        .retry(RetryPolicy::none());
    if let Some(key) = &options.api_key {
        builder = builder.api_key(key.as_str());
    }
    let builder = if grpc { builder.grpc() } else { builder.rest() };
    builder
        .build()
        .map_err(|error| format!("could not build quadrant's client for {url}: {error}"))
}

async fn bench(
    options: &Options,
    endpoints: &Endpoints,
    rest: &AsyncQdrantClient,
    base: &str,
    created: &mut Vec<String>,
) -> Result<Report, String> {
    let version = rest
        .root()
        .await
        .map_err(|error| format!("the server at {} does not answer: {error}", endpoints.rest))?
        .version;
    let grpc = quadrant_client(&endpoints.grpc, options, true)?;
    #[cfg(feature = "official")]
    let official = OfficialClient::connect_with(&endpoints.grpc, options.api_key.clone())?;

    let mut rng = Rng::new(0x5e4e_4000);
    let points = data::points(&mut rng, 0, options.points, options.dim);

    // Upload: each client into a fresh collection of its own.
    let create = |name: String| async move {
        rest.create_collection(
            CreateCollection::new(&name)
                .vectors_config(VectorParams::new(options.dim as u64, Distance::Cosine)),
        )
        .await
        .map_err(|error| format!("could not create the collection {name}: {error}"))
    };
    let rest_name = format!("{base}_rest");
    created.push(rest_name.clone());
    create(rest_name.clone()).await?;
    let rest_upload = upload(rest, &rest_name, &points, options).await?;
    let grpc_name = format!("{base}_grpc");
    created.push(grpc_name.clone());
    create(grpc_name.clone()).await?;
    let grpc_upload = upload(&grpc, &grpc_name, &points, options).await?;
    #[cfg(feature = "official")]
    let official_upload = {
        let name = format!("{base}_official");
        created.push(name.clone());
        create(name.clone()).await?;
        let batches = points
            .chunks(options.batch)
            .map(|chunk| {
                official.upsert(&quadrant::models::UpsertPoints::new(&name, chunk.to_vec()))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let start = Instant::now();
        official.send_all(batches, options.parallelism).await?;
        Some(options.points as f64 / seconds(start.elapsed()))
    };
    #[cfg(not(feature = "official"))]
    let official_upload = None;
    let upload = Rates {
        rest: rest_upload,
        grpc: grpc_upload,
        official: official_upload,
    };

    // Queries, on the first collection once the server has optimized it.
    let mut report = Report::new(false);
    if !green(rest, &rest_name, Duration::from_secs(120)).await? {
        report.note(format!(
            "{rest_name} was not green after 2 minutes: queries ran while it was optimized"
        ));
    }
    let expected = (options.points as u64).min(LIMIT) as usize;
    let vectors: Vec<Vec<f32>> = (0..QUERY_VECTORS)
        .map(|_| data::unit_vector(&mut rng, options.dim))
        .collect();
    let requests: Arc<Vec<QueryPoints>> = Arc::new(
        vectors
            .iter()
            .map(|vector| {
                QueryPoints::new(&rest_name)
                    .query(vector.clone())
                    .limit(LIMIT)
                    .with_payload(true)
            })
            .collect(),
    );
    let quadrant_query = |client: AsyncQdrantClient| {
        let requests = Arc::clone(&requests);
        move |i: usize| {
            let client = client.clone();
            let requests = Arc::clone(&requests);
            async move {
                let request = nth(&requests, i)?.clone();
                let answer = client
                    .query_points(request)
                    .await
                    .map_err(|error| format!("query_points failed: {error}"))?;
                check_hits(answer.points.len(), expected)
            }
        }
    };
    let mut contenders: Vec<(Contender, Arc<dyn Queries>)> = vec![
        (
            Contender::Rest,
            Arc::new(QueryLoop(quadrant_query(rest.clone()))),
        ),
        (
            Contender::Grpc,
            Arc::new(QueryLoop(quadrant_query(grpc.clone()))),
        ),
    ];
    for (contender, protocol, url) in [
        (Contender::BareHttp1, Protocol::Rest, &endpoints.rest),
        (Contender::BareH2, Protocol::Grpc, &endpoints.grpc),
    ] {
        match bare_queries(protocol, url, options, &requests).await {
            Ok(queries) => contenders.push((contender, queries)),
            Err(error) => report.note(format!(
                "the {} floor did not run: {error}",
                contender.name()
            )),
        }
    }
    #[cfg(feature = "official")]
    {
        let requests: Arc<Vec<_>> = Arc::new(
            vectors
                .iter()
                .map(|vector| official.query(&rest_name, vector.clone(), false))
                .collect(),
        );
        let official = official.clone();
        contenders.push((
            Contender::Official,
            Arc::new(QueryLoop(move |i: usize| {
                let official = official.clone();
                let requests = Arc::clone(&requests);
                async move {
                    let request = nth(&requests, i)?.clone();
                    official.call(request, expected).await
                }
            })),
        ));
    }
    let queries: Vec<Arc<dyn Queries>> = contenders
        .iter()
        .map(|(_, queries)| Arc::clone(queries))
        .collect();
    let qps = query_rates(&queries, options).await?;
    let rate_of = |wanted: Contender| {
        contenders
            .iter()
            .zip(&qps)
            .find(|((contender, _), _)| *contender == wanted)
            .map(|(_, rate)| *rate)
    };
    let query = Rates {
        rest: rate_of(Contender::Rest).unwrap_or_default(),
        grpc: rate_of(Contender::Grpc).unwrap_or_default(),
        official: rate_of(Contender::Official),
    };
    let floors = Floors {
        http1: rate_of(Contender::BareHttp1),
        h2: rate_of(Contender::BareH2),
    };

    let params = [
        ("server_version", serde_json::Value::from(version.clone())),
        ("rest_url", endpoints.rest.clone().into()),
        ("grpc_url", endpoints.grpc.clone().into()),
        ("points", options.points.into()),
        ("dim", options.dim.into()),
        ("batch", options.batch.into()),
        ("parallelism", options.parallelism.into()),
        ("concurrency", options.concurrency.into()),
        ("duration_s", options.duration.as_secs_f64().into()),
        ("limit", LIMIT.into()),
    ];
    for measurement in measurements(upload, query, floors, &params) {
        report.push(measurement);
    }
    report.note(format!(
        "Qdrant {version} at {} (REST) and {} (gRPC); {} points of {} dims per client, \
         {} queries in flight for {:.1} s per client",
        endpoints.rest,
        endpoints.grpc,
        options.points,
        options.dim,
        options.concurrency,
        options.duration.as_secs_f64()
    ));
    report.note("vs_official: quadrant's rate over the official client's, above 1 is faster");
    report.note(
        "vs_bare: a client's query rate over the bare load generator's on its protocol \
         (pre-encoded requests, answers not decoded), at most about 1",
    );
    if upload.official.is_none() {
        report.note("the official client was not measured (bench feature `official` is off)");
    }
    Ok(report)
}

/// Query `i` of `requests`, which are used in turn.
fn nth<T>(requests: &[T], i: usize) -> Result<&T, String> {
    requests
        .get(i % requests.len().max(1))
        .ok_or_else(|| "no query".to_owned())
}

/// Whether `count` hits are the `expected` ones.
fn check_hits(count: usize, expected: usize) -> Result<(), String> {
    if count == expected {
        Ok(())
    } else {
        Err(format!("a query answered {count} hits, not {expected}"))
    }
}

/// Uploads `points` into `collection` through quadrant; points per second.
async fn upload(
    client: &AsyncQdrantClient,
    collection: &str,
    points: &[PointStruct],
    options: &Options,
) -> Result<f64, String> {
    let input = points.to_vec();
    let start = Instant::now();
    let summary = client
        .upload_points(
            UploadPoints::new(collection, input)
                .batch_size(options.batch)
                .parallelism(options.parallelism),
        )
        .await
        .map_err(|error| format!("the upload into {collection} failed: {error}"))?;
    Ok(summary.points as f64 / seconds(start.elapsed()))
}

/// Waits until `collection` is green, at most `patience`; whether it is.
async fn green(
    client: &AsyncQdrantClient,
    collection: &str,
    patience: Duration,
) -> Result<bool, String> {
    let start = Instant::now();
    loop {
        let info = client
            .get_collection(GetCollection::new(collection))
            .await
            .map_err(|error| format!("could not read the collection {collection}: {error}"))?;
        if info.status == CollectionStatus::Green {
            return Ok(true);
        }
        if start.elapsed() >= patience {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Seconds, never zero.
fn seconds(duration: Duration) -> f64 {
    crate::seconds(duration)
}

/// Who makes the queries of one turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contender {
    /// quadrant over REST.
    Rest,
    /// quadrant over gRPC.
    Grpc,
    /// The official client, over gRPC.
    #[cfg_attr(not(feature = "official"), allow(dead_code))]
    Official,
    /// The bare load generator over HTTP/1.1: REST's floor.
    BareHttp1,
    /// The bare load generator over HTTP/2: gRPC's floor.
    BareH2,
}

impl Contender {
    /// The name in the table.
    fn name(self) -> &'static str {
        match self {
            Contender::Rest => "quadrant-rest",
            Contender::Grpc => "quadrant-grpc",
            Contender::Official => "official-grpc",
            Contender::BareHttp1 => "bare-http1",
            Contender::BareH2 => "bare-h2",
        }
    }
}

/// The bare load generator's `requests` over `protocol` to `url`, `--concurrency` lanes.
async fn bare_queries(
    protocol: Protocol,
    url: &str,
    options: &Options,
    requests: &[QueryPoints],
) -> Result<Arc<dyn Queries>, String> {
    let mut client = LeanClient::connect(protocol, url, options.concurrency).await?;
    if let Some(key) = &options.api_key {
        client = client.api_key(key)?;
    }
    let prepared = requests
        .iter()
        .map(|request| client.query(request))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Arc::new(BareQueries {
        lanes: Arc::new(Mutex::new(client.into_lanes())),
        requests: Arc::new(prepared),
    }))
}

/// The bare load generator as a contender: each query takes a free lane for its exchange.
/// There are as many lanes as queries in flight, so one is always free.
struct BareQueries {
    lanes: Arc<Mutex<Vec<LeanLane>>>,
    requests: Arc<Vec<Prepared>>,
}

impl Queries for BareQueries {
    fn query(
        &self,
        i: usize,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), String>> + Send>> {
        let (lanes, requests) = (Arc::clone(&self.lanes), Arc::clone(&self.requests));
        Box::pin(async move {
            let free = lanes
                .lock()
                .map_err(|_| "a bare lane's holder panicked".to_owned())?
                .pop();
            let mut lane = free.ok_or("no free lane: more queries in flight than lanes")?;
            let request = nth(&requests, i)?;
            let answered = lane.send(request).await;
            if let Ok(mut free) = lanes.lock() {
                free.push(lane);
            }
            answered.map(drop)
        })
    }
}

/// One client's queries, behind one trait so that the clients can sit in one list: makes query
/// number `i`.
trait Queries: Send + Sync {
    /// Query `i`, resolved when its answer is checked.
    fn query(&self, i: usize)
    -> std::pin::Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
}

struct QueryLoop<F>(F);

impl<F, Fut> Queries for QueryLoop<F>
where
    F: Fn(usize) -> Fut + Send + Sync,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    fn query(
        &self,
        i: usize,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), String>> + Send>> {
        Box::pin((self.0)(i))
    }
}

/// Each contender's queries per second: a warm-up each, then [`ROUNDS`] rounds in which each
/// runs for its share of `--duration` with `--concurrency` queries in flight, in an order that
/// rotates from round to round.
async fn query_rates(shared: &[Arc<dyn Queries>], options: &Options) -> Result<Vec<f64>, String> {
    let warm_up = (options.duration / 5).min(Duration::from_secs(1));
    for contender in shared {
        burst(contender, options.concurrency, warm_up).await?;
    }
    let turn = options.duration / ROUNDS;
    let mut calls = vec![0u64; shared.len()];
    let mut time = vec![Duration::ZERO; shared.len()];
    let order: Vec<usize> = (0..shared.len()).collect();
    for round in 0..ROUNDS as usize {
        for index in crate::client::turns(&order, round) {
            let Some(contender) = shared.get(index) else {
                continue;
            };
            let (count, took) = burst(contender, options.concurrency, turn).await?;
            if let (Some(total), Some(spent)) = (calls.get_mut(index), time.get_mut(index)) {
                *total += count;
                *spent += took;
            }
        }
    }
    Ok(calls
        .iter()
        .zip(&time)
        .map(|(count, took)| *count as f64 / seconds(*took))
        .collect())
}

/// `concurrency` tasks making queries until `length` has passed: the queries answered and the
/// time until the last one was.
async fn burst(
    contender: &Arc<dyn Queries>,
    concurrency: usize,
    length: Duration,
) -> Result<(u64, Duration), String> {
    let start = Instant::now();
    let deadline = start + length;
    let mut tasks = Vec::with_capacity(concurrency);
    for lane in 0..concurrency {
        let contender = Arc::clone(contender);
        tasks.push(tokio::spawn(async move {
            let mut count = 0u64;
            let mut i = lane;
            while Instant::now() < deadline {
                contender.query(i).await?;
                count += 1;
                i += concurrency;
            }
            Ok::<u64, String>(count)
        }));
    }
    let mut total = 0;
    let mut failure = None;
    for task in tasks {
        match task.await {
            Ok(Ok(count)) => total += count,
            Ok(Err(error)) => failure = failure.or(Some(error)),
            Err(error) => failure = failure.or(Some(format!("a query task failed: {error}"))),
        }
    }
    match failure {
        Some(error) => Err(error),
        None => Ok((total, start.elapsed())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::servers::{Protocol, SinkServer};

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn options_parse_with_defaults_and_overrides() {
        let options = Options::parse(args("--server http://db:6333"), None).unwrap();
        assert_eq!(options, Options::new("http://db:6333"));
        let options = Options::parse(
            args(
                "--points 500 --server https://db.example --dim 8 --concurrency 4 \
                 --duration 0.5 --grpc-port 7334 --out x.json --batch 64 --parallelism 3",
            ),
            Some("from-env".to_owned()),
        )
        .unwrap();
        assert_eq!(options.points, 500);
        assert_eq!(options.dim, 8);
        assert_eq!(options.concurrency, 4);
        assert_eq!(options.batch, 64);
        assert_eq!(options.parallelism, 3);
        assert_eq!(options.duration, Duration::from_millis(500));
        assert_eq!(options.grpc_port, Some(7334));
        assert_eq!(options.out, Some(PathBuf::from("x.json")));
        assert_eq!(options.api_key.as_deref(), Some("from-env"));
        let keyed = Options::parse(args("--server http://a --api-key k"), Some("env".into()));
        assert_eq!(keyed.unwrap().api_key.as_deref(), Some("k"));

        for bad in [
            "--points 10",
            "--server",
            "--server http://a --points 0",
            "--server http://a --points ten",
            "--server http://a --duration -1",
            "--server http://a --duration nan",
            "--server http://a --grpc-port 70000",
            "--server http://a --frobnicate",
        ] {
            assert!(Options::parse(args(bad), None).is_err(), "{bad}");
        }
    }

    #[test]
    fn ports_derive_from_the_url_and_the_flags() {
        let endpoints = |text: &str| {
            Options::parse(args(text), None)
                .unwrap()
                .endpoints()
                .map(|e| (e.rest, e.grpc))
        };
        let pair = |rest: &str, grpc: &str| Ok((rest.to_owned(), grpc.to_owned()));
        assert_eq!(
            endpoints("--server http://localhost"),
            pair("http://localhost:6333", "http://localhost:6334")
        );
        assert_eq!(
            endpoints("--server http://localhost:6334"),
            pair("http://localhost:6333", "http://localhost:6334")
        );
        assert_eq!(
            endpoints("--server https://db.example:8443/some/path"),
            pair("https://db.example:8443", "https://db.example:6334")
        );
        assert_eq!(
            endpoints("--server http://[::1]:6333 --rest-port 9000 --grpc-port 9001"),
            pair("http://[::1]:9000", "http://[::1]:9001")
        );
        assert_eq!(
            endpoints("--server localhost:6334"),
            pair("http://localhost:6333", "http://localhost:6334")
        );
        assert!(endpoints("--server ftp://db").is_err());
        assert!(endpoints("--server http://").is_err());
    }

    #[test]
    fn the_report_has_each_rate_and_its_ratios() {
        let upload = Rates {
            rest: 20_000.0,
            grpc: 40_000.0,
            official: Some(50_000.0),
        };
        let query = Rates {
            rest: 2_000.0,
            grpc: 3_000.0,
            official: Some(2_500.0),
        };
        let floors = Floors {
            http1: Some(4_000.0),
            h2: Some(5_000.0),
        };
        let rows = measurements(upload, query, floors, &[("points", 10_000.into())]);
        let value = |name: &str| {
            rows.iter()
                .find(|m| m.name == name)
                .map(|m| m.value)
                .unwrap_or_else(|| panic!("no {name}"))
        };
        assert_eq!(rows.len(), 17);
        assert_eq!(value("server/upload/quadrant-grpc/vs_official"), 0.8);
        assert_eq!(value("server/query/bare-http1/qps"), 4_000.0);
        assert_eq!(value("server/query/quadrant-rest/vs_bare"), 0.5);
        assert_eq!(value("server/query/quadrant-grpc/vs_bare"), 0.6);
        assert_eq!(value("server/query/official-grpc/vs_bare"), 0.5);
        assert_eq!(value("server/upload/quadrant-rest/vs_official"), 0.4);
        assert_eq!(value("server/upload/rest_vs_grpc"), 0.5);
        assert_eq!(value("server/query/official-grpc/qps"), 2_500.0);
        assert_eq!(value("server/query/quadrant-grpc/vs_official"), 1.2);
        assert_eq!(value("server/query/rest_vs_grpc"), 2.0 / 3.0);
        assert!(rows.iter().all(|m| m.params["points"] == 10_000));

        // Without the official client: no vs_official, and a zero rate gives no ratio.
        let alone = Rates {
            rest: 1.0,
            grpc: 0.0,
            official: None,
        };
        let rows = measurements(alone, alone, Floors::default(), &[]);
        assert_eq!(rows.len(), 6);
        assert!(rows.iter().all(|m| !m.name.contains("bare")));
        assert!(rows.iter().all(|m| !m.name.contains("official")));
        assert!(
            rows.iter()
                .find(|m| m.name == "server/query/rest_vs_grpc")
                .unwrap()
                .value
                .is_nan()
        );

        let mut report = Report::new(false);
        for row in measurements(upload, query, floors, &[]) {
            report.push(row);
        }
        let table = report.table();
        assert!(table.contains("server/query/quadrant-grpc/qps"), "{table}");
        assert!(table.contains("queries/s"), "{table}");
        let json = report.to_json();
        assert_eq!(json["results"].as_array().map(Vec::len), Some(17));
    }

    #[test]
    fn collection_names_cannot_clash() {
        let a = collection_base();
        let b = collection_base();
        assert!(a.starts_with("quadrant_bench_") && a.len() == "quadrant_bench_".len() + 16);
        assert_ne!(a, b);
    }

    /// The collection requests a REST sink saw: each created collection is also deleted.
    fn created_and_deleted(sink: &SinkServer) -> (Vec<String>, Vec<String>) {
        let log = sink.collection_requests();
        let names = |method: &str| -> Vec<String> {
            log.iter()
                .filter_map(|line| line.strip_prefix(method))
                .map(|path| path.trim_start_matches(" /collections/").to_owned())
                .collect()
        };
        (names("PUT"), names("DELETE"))
    }

    /// The whole mode against in-process sinks (REST for quadrant's REST client, the REST floor
    /// and the collection calls, gRPC for the gRPC clients and floor): every rate and ratio is
    /// reported, both sinks read the uploaded vectors, and every collection made is deleted.
    #[test]
    fn a_run_against_sinks_reports_every_figure_and_cleans_up() {
        let answer = data::query_response(&mut Rng::new(9), 10, 0);
        let rest = SinkServer::start(Protocol::Rest, &answer).unwrap();
        let grpc = SinkServer::start(Protocol::Grpc, &answer).unwrap();
        let options = Options {
            grpc_port: Some(grpc.port()),
            points: 600,
            dim: 16,
            batch: 100,
            concurrency: 4,
            duration: Duration::from_millis(300),
            ..Options::new(rest.url())
        };
        let report = run(&options).unwrap();
        // 6 rates and ratios, 6 more for the official client; each floor's rate and ratio,
        // and the official client's over the gRPC floor.
        let expected = if cfg!(feature = "official") { 17 } else { 10 };
        assert_eq!(report.measurements.len(), expected, "{}", report.table());
        assert!(
            report
                .measurements
                .iter()
                .any(|m| m.name == "server/query/bare-http1/qps"),
            "{}",
            report.table()
        );
        assert!(
            report
                .measurements
                .iter()
                .all(|m| m.value > 0.0 && m.value.is_finite()),
            "{}",
            report.table()
        );
        let clients = if cfg!(feature = "official") { 2 } else { 1 };
        assert!(grpc.received_bytes() >= (clients * 600 * 16 * 4) as u64);
        assert!(rest.received_bytes() >= (600 * 16 * 4) as u64);
        let (created, deleted) = created_and_deleted(&rest);
        assert_eq!(created.len(), clients + 1, "{created:?}");
        assert!(
            created
                .iter()
                .all(|name| name.starts_with("quadrant_bench_"))
        );
        assert_eq!(created, deleted);
    }

    /// A failure midway (nothing listens on the gRPC port) still deletes what was created.
    #[test]
    fn a_failed_run_still_deletes_its_collections() {
        let answer = data::query_response(&mut Rng::new(9), 10, 0);
        let rest = SinkServer::start(Protocol::Rest, &answer).unwrap();
        let closed = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let options = Options {
            grpc_port: Some(closed),
            points: 100,
            dim: 4,
            duration: Duration::from_millis(100),
            ..Options::new(rest.url())
        };
        let error = run(&options).unwrap_err();
        assert!(error.contains("_grpc"), "{error}");
        let (created, deleted) = created_and_deleted(&rest);
        assert_eq!(created.len(), 2, "{created:?}");
        assert_eq!(created, deleted);
    }
}
