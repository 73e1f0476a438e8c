//! The behaviour suite over gRPC, against a local server that answers with the gRPC exchanges a
//! real Qdrant 1.18.3 gave for the same calls.

use quadrant::AsyncQdrantClient;
use quadrant_behaviour::grpc_replay::{ReplayServer, load_grpc_calls};
use quadrant_behaviour::{Connected, behaviour_suite};

async fn connect(recording: &str) -> Connected {
    let server = ReplayServer::start(load_grpc_calls(recording)).await;
    let client = AsyncQdrantClient::builder(server.url())
        .grpc()
        .build()
        .expect("gRPC client");
    Connected {
        client,
        guard: Some(Box::new(server)),
    }
}

behaviour_suite!(connect);
