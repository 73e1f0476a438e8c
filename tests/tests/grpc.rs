//! The behaviour suite over gRPC, against a local server that answers with the gRPC exchanges a
//! real Qdrant 1.18.3 gave for the same calls.

use quadrant::{AsyncQdrantClient, RetryPolicy};
use quadrant_behaviour::grpc_replay::{self, load_grpc_calls};
use quadrant_behaviour::replay::{self, load_grpc_fallback_exchanges};
use quadrant_behaviour::suite::{Side, Target};
use quadrant_behaviour::{Connected, behaviour_suite, recorded_suite};

async fn connect(recording: &str) -> Connected {
    let server = grpc_replay::ReplayServer::start(load_grpc_calls(recording)).await;
    // A replay server answers each recorded call once: no background version check, which would
    // take a recorded health check, and no retries.
    let client = AsyncQdrantClient::builder(server.url())
        .grpc()
        .check_compatibility(false)
        .retry(RetryPolicy::none())
        .build()
        .expect("gRPC client");
    Connected {
        client,
        guard: Some(Box::new(server)),
    }
}

behaviour_suite!(connect);

/// Every recorded step of `recording`, replayed over gRPC, with a REST replay server for the
/// client's REST fallback (the operations without an RPC, and the requests gRPC cannot carry);
/// each api key gets its own client, built as a user builds one.
async fn target(recording: &str) -> Target {
    let grpc = grpc_replay::ReplayServer::start(load_grpc_calls(recording)).await;
    let rest = replay::ReplayServer::start(load_grpc_fallback_exchanges(recording));
    let (grpc_url, rest_url) = (grpc.url(), rest.url());
    Target::new(Side::Grpc, move |key| {
        let mut builder = AsyncQdrantClient::builder(grpc_url.clone())
            .grpc()
            .rest_url(rest_url.clone())
            .check_compatibility(false)
            .retry(RetryPolicy::none());
        if let Some(key) = key {
            builder = builder.api_key(key);
        }
        builder.build().expect("gRPC client")
    })
    .guard(grpc)
    .guard(rest)
}

recorded_suite!(target);
