//! The behaviour suite over REST, against a local server that answers with the exchanges a real
//! Qdrant 1.18.3 gave for the same calls.

use quadrant::AsyncQdrantClient;
use quadrant_behaviour::replay::{ReplayServer, load_rest_exchanges};
use quadrant_behaviour::{Connected, behaviour_suite};

async fn connect(recording: &str) -> Connected {
    let server = ReplayServer::start(load_rest_exchanges(recording, None));
    let client = AsyncQdrantClient::new(server.url()).expect("REST client");
    Connected {
        client,
        guard: Some(Box::new(server)),
    }
}

behaviour_suite!(connect);
