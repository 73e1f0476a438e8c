//! The behaviour suite on the embedded engine, live: a fresh in-memory database per scenario.

use quadrant::AsyncQdrantClient;
use quadrant_behaviour::suite::{Side, Target};
use quadrant_behaviour::{Connected, behaviour_suite, recorded_suite};

async fn connect(_recording: &str) -> Connected {
    Connected {
        client: AsyncQdrantClient::memory().expect("embedded client"),
        guard: None,
    }
}

behaviour_suite!(connect);

/// Every recorded step of `recording`, live on a fresh in-memory engine; api keys mean nothing
/// in process, so every step gets the same client.
async fn target(_recording: &str) -> Target {
    let client = AsyncQdrantClient::memory().expect("embedded client");
    Target::new(Side::Embedded, move |_key| client.clone())
}

recorded_suite!(target);
