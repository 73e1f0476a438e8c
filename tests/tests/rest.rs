//! The behaviour suite over REST, against a local server that answers with the exchanges a real
//! Qdrant 1.18.3 gave for the same calls.

use quadrant::AsyncQdrantClient;
use quadrant_behaviour::replay::{ReplayServer, load_rest_exchanges};
use quadrant_behaviour::suite::{Side, Target};
use quadrant_behaviour::{Connected, behaviour_suite, recorded_suite};

async fn connect(recording: &str) -> Connected {
    let server = ReplayServer::start(load_rest_exchanges(recording, None));
    let client = AsyncQdrantClient::new(server.url()).expect("REST client");
    Connected {
        client,
        guard: Some(Box::new(server)),
    }
}

behaviour_suite!(connect);

/// Every recorded step of `recording`, replayed over REST; each api key gets its own client.
async fn target(recording: &str) -> Target {
    let server = ReplayServer::start(load_rest_exchanges(recording, None));
    let url = server.url();
    Target::new(Side::Rest, move |key| {
        let mut builder = AsyncQdrantClient::builder(url.clone()).rest();
        if let Some(key) = key {
            builder = builder.api_key(key);
        }
        builder.build().expect("REST client")
    })
    .guard(server)
}

recorded_suite!(target);
