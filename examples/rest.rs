//! The REST transport: a tour of the common calls against a Qdrant server over HTTP/JSON.
//!
//! Needs a server: `http://localhost:6333` by default, or `QDRANT_URL`. Without one it says
//! how to start one and exits with status 2.
//!
//! ```sh
//! docker run -p 6333:6333 -p 6334:6334 qdrant/qdrant
//! cargo run --example rest
//! ```
//!
//! `examples/grpc.rs` makes exactly the same calls over gRPC (`examples/shared/tour.rs`).

#![allow(clippy::print_stdout)] // An example shows its results.

#[path = "shared/tour.rs"]
mod tour;

use std::process::ExitCode;
use std::time::Duration;

use quadrant::AsyncQdrantClient;

#[tokio::main]
async fn main() -> ExitCode {
    let url = std::env::var("QDRANT_URL").unwrap_or_else(|_| "http://localhost:6333".to_owned());
    // `.rest()` says REST whatever the port; `AsyncQdrantClient::new(url)` would pick it from
    // the port (6334 is gRPC, anything else REST).
    let client = match AsyncQdrantClient::builder(url.as_str())
        .rest()
        .connect_timeout(Duration::from_secs(3))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            eprintln!("QDRANT_URL={url}: {error}");
            return ExitCode::FAILURE;
        }
    };
    tour::run(client, &url).await
}
