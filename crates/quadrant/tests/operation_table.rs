//! Both front ends expose every operation of the table, under its REST operation id.
//!
//! The blocking client is generated from the async one (and `xtask`'s freshness test checks
//! that), so checking the async client's source against the table covers both.

use quadrant::Operation;

#[test]
fn async_client_has_a_method_for_every_operation() {
    let source = include_str!("../src/async_client.rs");
    let missing: Vec<&str> = Operation::ALL
        .iter()
        .map(|operation| operation.name())
        .filter(|name| !source.contains(&format!("pub async fn {name}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "AsyncQdrantClient lacks methods for: {missing:?}"
    );
}

#[test]
fn blocking_client_has_a_method_for_every_operation() {
    let source = include_str!("../src/blocking/generated.rs");
    for operation in Operation::ALL {
        let name = operation.name();
        assert!(
            source.contains(&format!("pub fn {name}(")),
            "QdrantClient lacks `{name}`"
        );
    }
}
