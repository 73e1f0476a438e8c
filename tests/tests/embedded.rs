//! The behaviour suite on the embedded engine, live: a fresh in-memory database per scenario.

use quadrant::AsyncQdrantClient;
use quadrant_behaviour::{Connected, behaviour_suite};

async fn connect(_recording: &str) -> Connected {
    Connected {
        client: AsyncQdrantClient::memory().expect("embedded client"),
        guard: None,
    }
}

behaviour_suite!(connect);
