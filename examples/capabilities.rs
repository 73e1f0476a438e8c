//! Which operations each transport performs: every client answers `capabilities()`, and an
//! operation outside it returns `ErrorKind::Unsupported` rather than pretending to work.
//!
//! No server is contacted: remote clients connect on their first call.
//!
//! ```sh
//! cargo run --example capabilities
//! ```
//!
//! `cargo xtask api-coverage` runs this example and reads its output, one line per transport
//! and operation: `<transport> <operation> supported|unsupported`.

#![allow(clippy::print_stdout)] // An example shows its results.

use quadrant::{Operation, QdrantClient};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let clients = [
        ("rest", QdrantClient::new("http://localhost:6333")?),
        ("grpc", QdrantClient::new("http://localhost:6334")?),
        ("embedded", QdrantClient::memory()?),
    ];
    for (transport, client) in &clients {
        let capabilities = client.capabilities();
        for operation in Operation::ALL {
            let answer = if capabilities.supports(*operation) {
                "supported"
            } else {
                "unsupported"
            };
            println!("{transport} {} {answer}", operation.name());
        }
    }
    Ok(())
}
