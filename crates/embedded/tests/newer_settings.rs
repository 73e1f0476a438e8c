//! Settings of Qdrant 1.19 and 1.20, which the engine (qdrant-edge 0.7.2) does not have, are
//! refused with `Unsupported` naming the feature and the version, never silently dropped; and
//! a refused request changes nothing.

use quadrant_embedded::EmbeddedTransport;
use quadrant_models::*;
use quadrant_transport::{Error, ErrorKind, Transport};
use serde_json::json;

/// Requires `result` to be the refusal of a 1.19/1.20 feature, naming `feature` and `version`.
fn refused<T: std::fmt::Debug>(result: Result<T, Error>, feature: &str, version: &str) {
    let error = result.expect_err("the setting is refused");
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    let message = error.message();
    assert!(message.contains(feature), "`{feature}` in: {message}");
    assert!(
        message.contains(&format!("needs Qdrant {version}")),
        "{message}"
    );
    assert!(
        message.contains("the embedded engine (qdrant-edge 0.7.2) does not have it"),
        "{message}"
    );
}

fn create(body: serde_json::Value) -> CreateCollection {
    let mut request: CreateCollection = serde_json::from_value(body).expect("a create body");
    request.collection_name = "c".into();
    request
}

/// An in-memory engine holding one plain collection, `name` (4-d vectors, dot product).
async fn engine_with(name: &str) -> EmbeddedTransport {
    let transport = EmbeddedTransport::memory().expect("open");
    transport
        .create_collection(
            CreateCollection::new(name).vectors_config(VectorParams::new(4, Distance::Dot)),
        )
        .await
        .expect("create");
    transport
}

fn index(schema: serde_json::Value) -> CreateFieldIndex {
    let mut request: CreateFieldIndex =
        serde_json::from_value(json!({"field_name": "f", "field_schema": schema}))
            .expect("an index body");
    request.collection_name = "plain".into();
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_a_collection_with_a_newer_setting_is_refused() {
    let transport = EmbeddedTransport::memory().expect("open");
    let vector = json!({"size": 4, "distance": "Dot"});
    let with = |key: &str, value: serde_json::Value| {
        let mut vector = vector.clone();
        vector[key] = value;
        vector
    };
    let cases = [
        (
            json!({"vectors": with("datatype", json!("turbo8"))}),
            "vectors.datatype: turbo8",
            "1.20",
        ),
        (
            json!({"vectors": {"image": with("datatype", json!("turbo16"))}}),
            "vectors.image.datatype: turbo16",
            "1.20",
        ),
        (
            json!({"vectors": with("memory", json!("cold"))}),
            "vectors.memory",
            "1.19",
        ),
        (
            json!({"vectors": with("hnsw_config", json!({"memory": "cached"}))}),
            "vectors.hnsw_config.memory",
            "1.19",
        ),
        (
            json!({"vectors": vector, "hnsw_config": {"memory": "pinned"}}),
            "hnsw_config.memory",
            "1.19",
        ),
        (
            json!({"vectors": vector,
                   "quantization_config": {"scalar": {"type": "int8", "memory": "pinned"}}}),
            "quantization_config.memory",
            "1.19",
        ),
        (
            json!({"vectors": vector, "quantization_config": {"turbo": {"bits": "bits8"}}}),
            "quantization_config.turbo.bits: bits8",
            "1.20",
        ),
        (
            json!({"vectors": vector, "payload": {"memory": "cold"}}),
            "`payload`",
            "1.19",
        ),
        (
            json!({"vectors": vector, "id_tracker": {"memory": "cached"}}),
            "`id_tracker`",
            "1.20",
        ),
        (
            json!({"sparse_vectors": {"text": {"index": {"memory": "cold"}}}}),
            "sparse_vectors.text.index.memory",
            "1.19",
        ),
    ];
    for (body, feature, version) in cases {
        refused(
            transport.create_collection(create(body)).await,
            feature,
            version,
        );
    }
    // Nothing was created by a refused request.
    let exists = transport
        .collection_exists(CollectionExists::new("c"))
        .await
        .expect("exists");
    assert!(!exists.exists);

    // The deprecated flags the engine does have still work.
    transport
        .create_collection(create(json!({
            "vectors": {"size": 4, "distance": "Dot", "on_disk": true},
            "on_disk_payload": false
        })))
        .await
        .expect("the deprecated flags are the engine's");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updating_or_extending_with_a_newer_setting_is_refused() {
    let transport = engine_with("c").await;
    let update = |body: serde_json::Value| {
        let mut request: UpdateCollection = serde_json::from_value(body).expect("an update");
        request.collection_name = "c".into();
        request
    };
    for (body, feature, version) in [
        (
            json!({"vectors": {"": {"memory": "cold"}}}),
            "memory",
            "1.19",
        ),
        (
            json!({"params": {"payload": {"memory": "cached"}}}),
            "params.payload",
            "1.19",
        ),
        (
            json!({"params": {"id_tracker": {"memory": "pinned"}}}),
            "params.id_tracker",
            "1.20",
        ),
        (
            json!({"hnsw_config": {"memory": "cold"}}),
            "hnsw_config.memory",
            "1.19",
        ),
        (
            json!({"quantization_config": {"binary": {"memory": "pinned"}}}),
            "quantization_config.memory",
            "1.19",
        ),
    ] {
        refused(
            transport.update_collection(update(body)).await,
            feature,
            version,
        );
    }
    let info = transport
        .get_collection(GetCollection::new("c"))
        .await
        .expect("info");
    assert_eq!(info.config.quantization_config, None, "nothing was applied");
    assert_eq!(info.created_at, None);

    let turbo8 = CreateVectorName::new(
        "c",
        "turbo",
        DenseVectorConfig::new(4, Distance::Dot).datatype(Datatype::Turbo8),
    );
    refused(
        transport.create_vector_name(turbo8).await,
        "dense.datatype: turbo8",
        "1.20",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_metadata_key_set_to_null_is_removed_as_qdrant_1_19_documents() {
    let transport = EmbeddedTransport::memory().expect("open");
    transport
        .create_collection(create(json!({
            "vectors": {"size": 4, "distance": "Dot"},
            "metadata": {"owner": "search", "tier": 2}
        })))
        .await
        .expect("create");
    let mut update: UpdateCollection =
        serde_json::from_value(json!({"metadata": {"owner": null, "team": "ranking"}}))
            .expect("an update");
    update.collection_name = "c".into();
    assert!(transport.update_collection(update).await.expect("update"));
    let info = transport
        .get_collection(GetCollection::new("c"))
        .await
        .expect("info");
    assert_eq!(
        info.config.metadata.map(serde_json::Value::Object),
        Some(json!({"tier": 2, "team": "ranking"})),
        "`owner` is removed rather than stored as null"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payload_index_with_a_newer_setting_is_refused() {
    let transport = engine_with("plain").await;
    for (schema, feature, version) in [
        (
            json!({"type": "keyword", "prefix": true}),
            "field_schema.prefix",
            "1.19",
        ),
        (
            json!({"type": "keyword", "memory": "cold"}),
            "field_schema.memory",
            "1.19",
        ),
        (
            json!({"type": "integer", "nested": "offers"}),
            "field_schema.nested",
            "1.20",
        ),
        (
            json!({"type": "text", "tokenizer": "code"}),
            "tokenizer: code",
            "1.20",
        ),
        (
            json!({"type": "text", "stemmer": {"type": "none"}}),
            "the disabled stemmer",
            "1.19",
        ),
        (
            json!({"type": "text", "scoring": true}),
            "field_schema.scoring",
            "1.20",
        ),
    ] {
        refused(
            transport.create_field_index(index(schema)).await,
            feature,
            version,
        );
    }
    let info = transport
        .get_collection(GetCollection::new("plain"))
        .await
        .expect("info");
    assert!(info.payload_schema.is_empty(), "{:?}", info.payload_schema);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newer_index_settings_that_ask_for_nothing_new_are_taken_as_unset() {
    let transport = engine_with("plain").await;
    let mut keyword = index(json!({"type": "keyword", "prefix": false}));
    keyword.field_name = "tag".into();
    transport
        .create_field_index(keyword)
        .await
        .expect("`prefix: false` is no prefix matching, what the engine does");
    let mut text = index(json!({"type": "text", "scoring": false}));
    text.field_name = "body".into();
    transport
        .create_field_index(text)
        .await
        .expect("`scoring: false` is no ranking, what the engine does");

    let info = transport
        .get_collection(GetCollection::new("plain"))
        .await
        .expect("info");
    let tag = &info.payload_schema["tag"];
    assert_eq!(tag.data_type, PayloadSchemaType::Keyword, "{tag:?}");
    if let Some(PayloadSchemaParams::Keyword(params)) = &tag.params {
        assert_eq!(params.prefix, None, "{params:?}");
    }
    let body = &info.payload_schema["body"];
    assert_eq!(body.data_type, PayloadSchemaType::Text, "{body:?}");
    if let Some(PayloadSchemaParams::Text(params)) = &body.params {
        assert_eq!(params.scoring, None, "{params:?}");
    }

    // What does ask for something new is still refused.
    refused(
        transport
            .create_field_index(index(json!({"type": "text", "scoring": {"type": "bm25"}})))
            .await,
        "field_schema.scoring",
        "1.20",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turbo4_vectors_are_refused_rather_than_panicking_the_engine() {
    // qdrant-edge 0.7.2 panics creating turbo4 storage ("not yet wired up").
    let transport = EmbeddedTransport::memory().expect("open");
    let error = transport
        .create_collection(create(
            json!({"vectors": {"size": 4, "distance": "Dot", "datatype": "turbo4"}}),
        ))
        .await
        .expect_err("turbo4 is refused");
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    assert!(
        error.message().contains("vectors.datatype: turbo4"),
        "{error}"
    );
    let listed = transport.get_collections(()).await.expect("list");
    assert!(listed.collections.is_empty(), "{listed:?}");
}
