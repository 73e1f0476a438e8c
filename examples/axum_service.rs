//! A web service that shares one `AsyncQdrantClient` between all its requests.
//!
//! The client is `Clone` and cheap to clone (an `Arc` inside): every handler gets the same
//! connection pool, or the same embedded engine, and many requests are served concurrently
//! without a lock of ours around the client.
//!
//! - `POST /upsert` with `{"collection": "docs", "points": [{"id": 1, "vector": [..], "payload": {..}}]}`
//!   writes the points and answers once they are written.
//! - `POST /search` with `{"collection": "docs", "vector": [..], "limit": 3}` answers the
//!   nearest points, best first.
//!
//! Failures answer a JSON body `{"error": {"kind": "...", "message": "..."}}` with an HTTP
//! status chosen from the `quadrant::ErrorKind` (see [`status_for`]).
//!
//! Runs on the embedded engine by default; set `QDRANT_URL` to use a Qdrant server, and `PORT`
//! to listen elsewhere than 3000.
//!
//! ```sh
//! cargo run --example axum_service
//! curl -s localhost:3000/upsert -d '{"collection":"docs","points":[{"id":1,"vector":[0.9,0.1,0.1,0.5],"payload":{"color":"red"}}]}'
//! curl -s localhost:3000/search -d '{"collection":"docs","vector":[0.9,0.1,0.1,0.5],"limit":3}'
//! ```
//!
//! `crates/quadrant/tests/axum_service.rs` includes this file as a module and drives [`app`]
//! with many concurrent requests.

#![allow(clippy::print_stdout)] // An example shows its results.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use quadrant::models::{
    CreateCollection, Distance, PointStruct, QueryPoints, UpsertPoints, VectorParams,
};
use quadrant::{AsyncQdrantClient, ErrorKind};
use serde::Deserialize;
use serde_json::json;

/// The most points `/search` returns, so that one request cannot ask for the whole collection.
pub const MAX_LIMIT: u64 = 100;

/// The body of `POST /upsert`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpsertBody {
    /// The collection to write to.
    pub collection: String,
    /// The points, in Qdrant's JSON shape.
    pub points: Vec<PointStruct>,
}

/// The body of `POST /search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchBody {
    /// The collection to search.
    pub collection: String,
    /// The query vector.
    pub vector: Vec<f32>,
    /// How many points to return, 1 to [`MAX_LIMIT`]; 10 when absent.
    #[serde(default)]
    pub limit: Option<u64>,
    /// Whether to return the points' payloads.
    #[serde(default)]
    pub with_payload: bool,
}

/// The service's router, sharing `client` between all requests.
pub fn app(client: AsyncQdrantClient) -> Router {
    Router::new()
        .route("/upsert", post(upsert))
        .route("/search", post(search))
        .with_state(client)
}

/// The HTTP status that answers a failed Qdrant call of this kind.
///
/// The caller's own mistakes are 4xx; the database being away or slow is 503, so that a load
/// balancer or the caller retries later; a refusal of the service's own credentials is 502,
/// since the caller cannot fix it.
pub fn status_for(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::AlreadyExists => StatusCode::CONFLICT,
        ErrorKind::InvalidArgument => StatusCode::BAD_REQUEST,
        ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unavailable | ErrorKind::Timeout => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Unsupported => StatusCode::NOT_IMPLEMENTED,
        ErrorKind::Unauthenticated
        | ErrorKind::PermissionDenied
        | ErrorKind::Server
        | ErrorKind::Decode => StatusCode::BAD_GATEWAY,
        // `Usage` is a bug of this service, and `ErrorKind` may grow.
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A failed request: its status, and the body saying why.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    kind: String,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    /// A request the service refuses before calling Qdrant.
    fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "InvalidArgument".to_owned(),
            message: message.into(),
            retry_after: None,
        }
    }
}

impl From<quadrant::Error> for ApiError {
    fn from(error: quadrant::Error) -> Self {
        ApiError {
            status: status_for(error.kind()),
            kind: format!("{:?}", error.kind()),
            message: error.to_string(),
            // Rounded up: a client that waits the whole seconds is never early.
            retry_after: error
                .retry_after()
                .map(|delay| delay.as_secs() + u64::from(delay.subsec_nanos() > 0)),
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        ApiError {
            status: rejection.status(),
            kind: "InvalidArgument".to_owned(),
            message: rejection.body_text(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"kind": self.kind, "message": self.message}});
        let mut response = json_response(self.status, &body);
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON answer. axum's own `Json` needs its `json` feature; reading and writing the bodies
/// here keeps the dependency small and lets a malformed body answer in the same error shape.
fn json_response(status: StatusCode, body: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not write the answer: {error}"),
        )
            .into_response(),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|error| ApiError::bad_request(format!("invalid JSON body: {error}")))
}

async fn upsert(
    State(client): State<AsyncQdrantClient>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body: UpsertBody = parse(&body?)?;
    if body.points.is_empty() {
        return Err(ApiError::bad_request("`points` is empty"));
    }
    let count = body.points.len();
    // `wait` is left at the client's default, true: the answer means the points are written.
    let result = client
        .upsert_points(UpsertPoints::new(body.collection, body.points))
        .await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({"status": result.status, "points": count}),
    ))
}

async fn search(
    State(client): State<AsyncQdrantClient>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body: SearchBody = parse(&body?)?;
    let limit = body.limit.unwrap_or(10);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "`limit` must be between 1 and {MAX_LIMIT}, not {limit}"
        )));
    }
    let found = client
        .query_points(
            QueryPoints::new(body.collection)
                .query(body.vector)
                .limit(limit)
                .with_payload(body.with_payload),
        )
        .await?;
    Ok(json_response(StatusCode::OK, &found))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = match std::env::var("QDRANT_URL") {
        Ok(url) => AsyncQdrantClient::new(url)?,
        Err(_) => AsyncQdrantClient::memory()?,
    };
    // A collection to try the service with; requests may name any other.
    if !client.collection_exists("docs").await? {
        client
            .create_collection(
                CreateCollection::new("docs")
                    .vectors_config(VectorParams::new(4, Distance::Cosine)),
            )
            .await?;
    }

    let port: u16 = match std::env::var("PORT") {
        Ok(port) => port
            .parse()
            .map_err(|_| format!("PORT={port} is not a port number"))?,
        Err(_) => 3000,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "listening on http://{} (Qdrant over {}); Ctrl-C stops",
        listener.local_addr()?,
        client.transport().name()
    );
    axum::serve(listener, app(client))
        // On Ctrl-C the server stops and `client` is dropped, which removes the embedded
        // engine's temporary directory.
        .with_graceful_shutdown(async {
            // If the signal cannot be watched, the process is simply stopped the hard way.
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
