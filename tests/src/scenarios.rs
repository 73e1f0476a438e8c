//! The scenarios: each one a flow a user runs, with assertions that hold on a real server.
//!
//! Calls are taken from a recorded scenario of the same name (see [`crate::behaviour_suite!`]),
//! in recorded order, so that the replay server can answer them; a scenario may skip recorded
//! steps but never reorders them.

use futures_util::{StreamExt, TryStreamExt};
use quadrant::models::{
    CountPoints, CreateCollection, CreateFieldIndex, DeleteCollection, DeletePoints, Distance,
    GetPoints, PointId, PointStruct, QueryPoints, ScrollPoints, UpsertPoints, VectorParams,
    VectorsConfig,
};
use quadrant::{AsyncQdrantClient, ErrorKind, Resource};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::recorded::Recording;

const SEED_POINT: &str = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26";

fn payload(value: serde_json::Value) -> quadrant::models::Payload {
    quadrant::models::payload_from_json(value).expect("a payload is a JSON object")
}

/// The seed flow's first steps: the collection is not there yet, and is created with one
/// 4-dimensional cosine vector.
async fn create_seed_collection(client: &AsyncQdrantClient, collection: &str) {
    assert!(!client.delete_collection(collection).await.expect("cleanup"));
    assert!(
        client
            .create_collection(
                CreateCollection::new(collection)
                    .vectors_config(VectorParams::new(4, Distance::Cosine))
            )
            .await
            .expect("create")
    );
}

/// The seed flow: create a collection, upsert one point, find it as its own nearest neighbour.
pub async fn seed_flow(client: &AsyncQdrantClient) {
    let collection = "my_collection";
    create_seed_collection(client, collection).await;
    let id: PointId = SEED_POINT.parse().expect("uuid");
    let point = PointStruct::new(
        id,
        vec![0.9, 0.1, 0.1, 0.5],
        payload(json!({"color": "red"})),
    );
    client
        .upsert_points(UpsertPoints::new(collection, vec![point]))
        .await
        .expect("upsert");

    let found = client
        .query_points(
            QueryPoints::new(collection)
                .query(vec![0.9, 0.1, 0.1, 0.5])
                .limit(2)
                .with_vector(false)
                .with_payload(true),
        )
        .await
        .expect("query");
    assert_eq!(found.points.len(), 1);
    let hit = &found.points[0];
    assert_eq!(hit.id, id);
    assert!((hit.score - 1.0).abs() < 1e-4, "score {}", hit.score);
    assert_eq!(
        hit.payload.as_ref().and_then(|p| p.get("color")),
        Some(&json!("red"))
    );
    assert!(client.delete_collection(collection).await.expect("drop"));
}

/// The seed flow through the typed collection handle: the calls of [`seed_flow`], with the
/// payload written from and read back into the scenario's own struct.
pub async fn typed_seed_flow(client: &AsyncQdrantClient) {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Seed {
        color: String,
    }

    let collection = "my_collection";
    create_seed_collection(client, collection).await;
    let seeds = client.collection::<Seed>(collection);
    assert_eq!(seeds.name(), collection);
    let id: PointId = SEED_POINT.parse().expect("uuid");
    let red = Seed {
        color: "red".into(),
    };
    seeds
        .upsert([(id, vec![0.9, 0.1, 0.1, 0.5], &red)])
        .await
        .expect("typed upsert");

    // The handle fills in its collection and asks for the payload.
    let hits = seeds
        .query(
            QueryPoints::default()
                .query(vec![0.9, 0.1, 0.1, 0.5])
                .limit(2)
                .with_vector(false),
        )
        .await
        .expect("typed query");
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.id, id);
    assert!((hit.score - 1.0).abs() < 1e-4, "score {}", hit.score);
    assert_eq!(hit.payload, red);
    assert!(hit.vector.is_none());
    assert!(
        seeds
            .client()
            .delete_collection(collection)
            .await
            .expect("drop")
    );
}

/// Collections: exists, create with a full configuration, read it back, list, delete.
pub async fn collections_lifecycle(client: &AsyncQdrantClient) {
    let recording = Recording::load("collections_lifecycle");
    let (plain, named) = ("conf_collections", "conf_collections_named");
    client.delete_collection(plain).await.expect("cleanup");
    client.delete_collection(named).await.expect("cleanup");
    assert!(!client.collection_exists(plain).await.expect("exists"));

    let mut create: CreateCollection = recording.request("create_full_config");
    create.collection_name = plain.into();
    assert!(client.create_collection(create).await.expect("create"));
    assert!(client.collection_exists(plain).await.expect("exists"));

    let info = client.get_collection(plain).await.expect("get");
    match &info.config.params.vectors {
        VectorsConfig::Single(params) => {
            assert_eq!(params.size, 16);
            assert_eq!(params.distance, Distance::Manhattan);
        }
        other => panic!("unexpected vectors config {other:?}"),
    }
    assert_eq!(info.points_count, Some(0));

    let mut create: CreateCollection = recording.request("create_named");
    create.collection_name = named.into();
    assert!(
        client
            .create_collection(create)
            .await
            .expect("create named")
    );
    let info = client.get_collection(named).await.expect("get named");
    match &info.config.params.vectors {
        VectorsConfig::Multi(vectors) => {
            let names: Vec<&str> = vectors.keys().map(String::as_str).collect();
            assert_eq!(names, ["colbert", "image", "text"]);
        }
        other => panic!("unexpected vectors config {other:?}"),
    }
    let sparse = info.config.params.sparse_vectors.as_ref().expect("sparse");
    assert!(sparse.contains_key("keywords"));

    let mut listed: Vec<String> = client
        .get_collections()
        .await
        .expect("list")
        .collections
        .into_iter()
        .map(|c| c.name)
        .collect();
    listed.sort();
    assert_eq!(listed, [plain, named]);

    assert!(client.delete_collection(plain).await.expect("delete"));
    assert!(client.delete_collection(named).await.expect("delete"));
    assert!(
        client
            .get_collections()
            .await
            .expect("list")
            .collections
            .is_empty()
    );
}

/// Points: upsert as a list and as a batch, count, retrieve with selectors, delete by id and by
/// filter.
pub async fn points_crud(client: &AsyncQdrantClient) {
    let recording = Recording::load("points_crud");
    let collection = "conf_points";
    client.delete_collection(collection).await.expect("cleanup");
    let mut create: CreateCollection = recording.request("create");
    create.collection_name = collection.into();
    client.create_collection(create).await.expect("create");

    for step in ["upsert_int_ids", "upsert_uuid_ids", "upsert_batch_form"] {
        let mut upsert: UpsertPoints = recording.request(step);
        upsert.collection_name = collection.into();
        client.upsert_points(upsert).await.expect(step);
    }
    let mut count: CountPoints = recording.request("count_all");
    count.collection_name = collection.into();
    assert_eq!(client.count_points(count).await.expect("count").count, 28);

    let mut get: GetPoints = recording.request("retrieve_default");
    get.collection_name = collection.into();
    let records = client.get_points(get).await.expect("retrieve");
    let ids: Vec<PointId> = records.iter().map(|r| r.id).collect();
    let uuid: PointId = "00000000-0000-0008-0000-000000000065"
        .parse()
        .expect("uuid");
    assert_eq!(
        ids,
        [PointId::from(1), PointId::from(2), uuid],
        "999999 must be left out"
    );
    assert_eq!(
        records[0].payload.as_ref().and_then(|p| p.get("city")),
        Some(&json!("Berlin"))
    );
    assert!(records.iter().all(|r| r.vector.is_none()));

    let mut get: GetPoints = recording.request("retrieve_with_vectors_payload_select");
    get.collection_name = collection.into();
    let records = client.get_points(get).await.expect("retrieve selected");
    assert_eq!(records.len(), 2);
    let first = records[0].payload.as_ref().expect("payload");
    assert_eq!(
        serde_json::Value::Object(first.clone()),
        json!({"city": "Paris", "nested": {"level": 2}})
    );
    assert!(records[0].vector.is_some());

    let mut get: GetPoints = recording.request("retrieve_exclude");
    get.collection_name = collection.into();
    let records = client.get_points(get).await.expect("retrieve excluded");
    let payload = records[0].payload.as_ref().expect("payload");
    assert!(
        payload.contains_key("city")
            && !payload.contains_key("text")
            && !payload.contains_key("nested")
    );

    let mut delete: DeletePoints = recording.request("delete_by_ids");
    delete.collection_name = collection.into();
    client.delete_points(delete).await.expect("delete ids");
    let mut delete: DeletePoints = recording.request("delete_by_filter");
    delete.collection_name = collection.into();
    client.delete_points(delete).await.expect("delete filter");
    let mut count: CountPoints = recording.request("count_after_deletes");
    count.collection_name = collection.into();
    assert_eq!(client.count_points(count).await.expect("count").count, 23);

    assert!(
        client
            .delete_collection(DeleteCollection::new(collection))
            .await
            .expect("drop")
    );
}

/// Filters over payload indexes of every type: each count and the best hit of each query.
pub async fn filters_and_indexes(client: &AsyncQdrantClient) {
    let recording = Recording::load("filters_and_indexes");
    let collection = "conf_filters";
    client.delete_collection(collection).await.expect("cleanup");
    let mut create: CreateCollection = recording.request("create");
    create.collection_name = collection.into();
    client.create_collection(create).await.expect("create");
    for step in recording.steps() {
        let name = step["name"].as_str().unwrap_or_default();
        if name.starts_with("index_") {
            let mut index: CreateFieldIndex = recording.request(name);
            index.collection_name = collection.into();
            client.create_field_index(index).await.expect(name);
        }
    }
    let mut upsert: UpsertPoints = recording.request("upsert");
    upsert.collection_name = collection.into();
    client.upsert_points(upsert).await.expect("upsert");

    let expected_counts = [
        ("count_match_keyword", 20),
        ("count_match_any", 46),
        ("count_match_text", 51),
        ("count_range_float", 37),
        ("count_datetime_range", 40),
        ("count_geo_radius", 60),
        ("count_geo_polygon", 40),
        ("count_is_null", 18),
        ("count_has_id", 4),
        ("count_min_should", 34),
        ("count_nested_object", 36),
    ];
    for (step, expected) in expected_counts {
        let mut count: CountPoints = recording.request(step);
        count.collection_name = collection.into();
        assert_eq!(
            client.count_points(count).await.expect(step).count,
            expected,
            "{step}"
        );
    }

    let mut query: QueryPoints = recording.request("query_match_keyword");
    query.collection_name = collection.into();
    let found = client.query_points(query).await.expect("query");
    assert_eq!(found.points.len(), 10);
    assert_eq!(found.points[0].id, PointId::from(31));
    assert!(
        found
            .points
            .iter()
            .all(|p| p.payload.as_ref().and_then(|p| p.get("city")) == Some(&json!("Berlin")))
    );
    assert!(
        found.points.windows(2).all(|w| w[0].score <= w[1].score),
        "Euclid scores are distances: the nearest point comes first"
    );

    let mut query: QueryPoints = recording.request("query_has_id");
    query.collection_name = collection.into();
    let found = client.query_points(query).await.expect("query has_id");
    let mut ids: Vec<PointId> = found.points.iter().map(|p| p.id).collect();
    ids.sort_by_key(|id| id.to_string());
    assert_eq!(ids.len(), 4);
}

/// The `query_api` recording's collection, made afresh as `conf_query` with its recorded
/// points; the recording, for the requests that follow, and the collection's name.
async fn load_query_api_points(client: &AsyncQdrantClient) -> (Recording, &'static str) {
    let recording = Recording::load("query_api");
    let collection = "conf_query";
    client.delete_collection(collection).await.expect("cleanup");
    let mut create: CreateCollection = recording.request("create");
    create.collection_name = collection.into();
    client.create_collection(create).await.expect("create");
    let mut upsert: UpsertPoints = recording.request("upsert");
    upsert.collection_name = collection.into();
    client.upsert_points(upsert).await.expect("upsert");
    (recording, collection)
}

/// Scrolling: pages follow `next_page_offset`, and a filtered scroll returns vectors on request.
pub async fn scroll_pages(client: &AsyncQdrantClient) {
    let (recording, collection) = load_query_api_points(client).await;

    let mut page: ScrollPoints = recording.request("scroll_page1");
    page.collection_name = collection.into();
    let first = client.scroll_points(page).await.expect("page 1");
    let ids: Vec<PointId> = first.points.iter().map(|r| r.id).collect();
    assert_eq!(ids, (1..=10).map(PointId::from).collect::<Vec<_>>());
    assert_eq!(first.next_page_offset, Some(PointId::from(11)));

    let mut page: ScrollPoints = recording.request("scroll_page2");
    page.collection_name = collection.into();
    assert_eq!(page.offset, first.next_page_offset);
    let second = client.scroll_points(page).await.expect("page 2");
    assert_eq!(second.points.first().map(|r| r.id), Some(PointId::from(11)));
    assert_eq!(second.points.len(), 10);

    let mut page: ScrollPoints = recording.request("scroll_filtered");
    page.collection_name = collection.into();
    let berlin = client.scroll_points(page).await.expect("filtered");
    assert_eq!(berlin.points.len(), 5);
    for record in &berlin.points {
        assert_eq!(
            record.payload.as_ref().and_then(|p| p.get("city")),
            Some(&json!("Berlin"))
        );
        assert!(record.vector.is_some());
    }
    client.delete_collection(collection).await.expect("drop");
}

/// A point of the `query_api` recording, read as the application's own types, nested ones
/// included; the fields it leaves out (`text`, `created`, ...) are ignored.
#[derive(Debug, PartialEq, Deserialize)]
struct Listing {
    city: String,
    count: u32,
    price: f64,
    tags: Vec<String>,
    in_stock: bool,
    location: Location,
    nested: Nested,
    uid: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Location {
    lat: f64,
    lon: f64,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Nested {
    level: u32,
    items: Vec<Item>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Item {
    sku: String,
    qty: u32,
}

/// Typed reads through the collection handle: a query, a scroll stream over two pages and a
/// filtered page, each point read as a `Listing`, with the recorded requests (which name no
/// collection: the handle fills in its own).
pub async fn typed_scroll_pages(client: &AsyncQdrantClient) {
    let (recording, collection) = load_query_api_points(client).await;
    let listings = client.collection::<Listing>(collection);

    let hits = listings
        .query(recording.request::<QueryPoints>("nearest_default"))
        .await
        .expect("typed query");
    assert_eq!(hits.len(), 10);
    assert!(hits.windows(2).all(|pair| pair[0].score >= pair[1].score));
    assert!(hits.iter().all(|hit| !hit.payload.city.is_empty()));

    // Two pages of ten, read as one stream; taking twenty never asks for the third.
    let first_twenty: Vec<quadrant::TypedPoint<Listing>> = listings
        .scroll_stream(recording.request::<ScrollPoints>("scroll_page1"))
        .take(20)
        .try_collect()
        .await
        .expect("typed scroll stream");
    let ids: Vec<PointId> = first_twenty.iter().map(|point| point.id).collect();
    assert_eq!(ids, (1..=20).map(PointId::from).collect::<Vec<_>>());
    assert_eq!(
        first_twenty[0].payload,
        Listing {
            city: "Berlin".into(),
            count: 0,
            price: 374.69,
            tags: vec!["search".into()],
            in_stock: false,
            location: Location {
                lat: 52.52,
                lon: 13.405
            },
            nested: Nested {
                level: 0,
                items: vec![Item {
                    sku: "s0-0".into(),
                    qty: 0
                }],
            },
            uid: Some("00000000-0000-0000-0000-000000000001".into()),
        }
    );
    assert!(first_twenty.iter().all(|point| point.vector.is_none()));

    let berlin = listings
        .scroll(recording.request::<ScrollPoints>("scroll_filtered"))
        .await
        .expect("typed scroll page");
    assert_eq!(berlin.points.len(), 5);
    assert_eq!(berlin.next_page_offset, Some(PointId::from(31)));
    for point in &berlin.points {
        assert_eq!(point.payload.city, "Berlin");
        assert!(point.vector.is_some());
    }
    client.delete_collection(collection).await.expect("drop");
}

/// Errors: each failure has its typed kind and the server's own message, and a not-found one
/// the resource that is missing.
pub async fn errors(client: &AsyncQdrantClient) {
    let recording = Recording::load("errors");
    let collection = "conf_errors";
    client.delete_collection(collection).await.expect("cleanup");

    let error = client
        .get_collection("conf_does_not_exist")
        .await
        .expect_err("missing");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.message(),
        "Not found: Collection `conf_does_not_exist` doesn't exist!"
    );
    assert_eq!(error.resource(), Some(Resource::Collection));

    let mut query: QueryPoints = recording.request("error_query_missing_collection");
    query.collection_name = "conf_does_not_exist".into();
    let error = client.query_points(query).await.expect_err("missing");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.resource(), Some(Resource::Collection));

    let mut create: CreateCollection = recording.request("create");
    create.collection_name = collection.into();
    client
        .create_collection(create.clone())
        .await
        .expect("create");
    let error = client.create_collection(create).await.expect_err("exists");
    assert_eq!(error.kind(), ErrorKind::AlreadyExists);
    assert_eq!(error.resource(), None);
    assert_eq!(
        error.message(),
        "Wrong input: Collection `conf_errors` already exists!"
    );

    let mut upsert: UpsertPoints = recording.request("error_wrong_dimension");
    upsert.collection_name = collection.into();
    let error = client.upsert_points(upsert).await.expect_err("dimension");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        error.message().contains("expected dim: 4, got 3"),
        "{error}"
    );

    let mut query: QueryPoints = recording.request("error_query_wrong_dimension");
    query.collection_name = collection.into();
    let error = client.query_points(query).await.expect_err("dimension");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(
        error.message().contains("expected dim: 4, got 2"),
        "{error}"
    );

    let mut query: QueryPoints = recording.request("error_unknown_vector_name");
    query.collection_name = collection.into();
    let error = client.query_points(query).await.expect_err("vector name");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert!(error.message().contains("nope"), "{error}");

    let mut query: QueryPoints = recording.request("error_query_by_missing_id");
    query.collection_name = collection.into();
    let error = client.query_points(query).await.expect_err("missing id");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.message(), "Not found: No point with id 12345 found");
    assert_eq!(error.resource(), Some(Resource::Point));

    assert!(client.delete_collection(collection).await.expect("drop"));
}
