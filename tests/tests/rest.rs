//! The behaviour suite over REST, against a local server that answers with the exchanges a real
//! Qdrant 1.18.3 gave for the same calls.

use quadrant::{AsyncQdrantClient, ClientBuilder, RetryPolicy};
use quadrant_behaviour::replay::{ReplayServer, load_rest_exchanges};
use quadrant_behaviour::suite::{Side, Target};
use quadrant_behaviour::{Connected, behaviour_suite, recorded_suite};

async fn connect(recording: &str) -> Connected {
    let server = ReplayServer::start(load_rest_exchanges(recording, None));
    let client = replay_client(server.url()).build().expect("REST client");
    Connected {
        client,
        guard: Some(Box::new(server)),
    }
}

/// A client for a replay server, which answers each recorded request once: so no background
/// version check (it would take the recorded `GET /`) and no retries (a recorded 429 is the
/// answer the step must see, not a reason to send again).
fn replay_client(url: String) -> ClientBuilder<AsyncQdrantClient> {
    AsyncQdrantClient::builder(url)
        .rest()
        .check_compatibility(false)
        .retry(RetryPolicy::none())
}

behaviour_suite!(connect);

/// Every recorded step of `recording`, replayed over REST; each api key gets its own client.
async fn target(recording: &str) -> Target {
    let server = ReplayServer::start(load_rest_exchanges(recording, None));
    let url = server.url();
    Target::new(Side::Rest, move |key| {
        let mut builder = replay_client(url.clone());
        if let Some(key) = key {
            builder = builder.api_key(key);
        }
        builder.build().expect("REST client")
    })
    .guard(server)
}

recorded_suite!(target);
