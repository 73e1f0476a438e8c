//! What Qdrant 1.19 and 1.20 added to queries and filters, and the quota operations, sent to the
//! embedded engine (qdrant-edge 0.7.2, which has none of it): each answers `Unsupported` naming
//! the feature and the version that added it, wherever it sits in the request, and nothing is
//! silently dropped: the same request without it still runs.

use quadrant_embedded::EmbeddedTransport;
use quadrant_models::*;
use quadrant_transport::{Error, ErrorKind, Transport};
use serde_json::json;

/// 10 points in 2-d with a keyword `sku` and a number `n`.
async fn seeded() -> EmbeddedTransport {
    let transport = EmbeddedTransport::memory().expect("memory");
    transport
        .create_collection(
            CreateCollection::new("c").vectors_config(VectorParams::new(2, Distance::Dot)),
        )
        .await
        .expect("create");
    let points: Vec<_> = (1..=10_u64)
        .map(|i| {
            let payload = payload_from_json(json!({"sku": format!("AB-{i}"), "n": i})).unwrap();
            PointStruct::new(i, vec![1.0, i as f32], payload)
        })
        .collect();
    transport
        .upsert_points(UpsertPoints::new("c", points).wait(true))
        .await
        .expect("upsert");
    transport
}

/// `error` is `Unsupported`, and its message names `feature` and `version`.
fn refused(error: &Error, feature: &str, version: &str) {
    assert_eq!(error.kind(), ErrorKind::Unsupported, "{error}");
    let message = error.to_string();
    assert!(
        message.contains(feature),
        "{message} does not name {feature}"
    );
    assert!(
        message.contains(&format!("needs Qdrant {version}"))
            && message.contains("qdrant-edge 0.7.2"),
        "{message}"
    );
}

#[tokio::test]
async fn conditions_of_qdrant_1_19_and_1_20_are_refused_by_name_wherever_they_are() {
    let transport = seeded().await;
    let cases = [
        (Condition::slice(0, 2), "the `slice` condition", "1.19"),
        (
            Condition::matches_prefix("sku", "AB-1"),
            "`match.prefix`",
            "1.19",
        ),
        (
            Condition::matches_substring("sku", "B-1"),
            "`match.substring`",
            "1.20",
        ),
    ];
    for (condition, feature, version) in cases {
        // At the top of a query's filter, deep in a nested filter of a prefetch, in a count, a
        // scroll, a facet and a delete: the same refusal, and nothing is deleted.
        let query = QueryPoints::new("c")
            .query(vec![1.0, 0.0])
            .filter(Filter::must([condition.clone()]));
        let error = transport.query_points(query).await.unwrap_err();
        refused(&error, feature, version);

        let deep = Filter::should([Filter::must_not([condition.clone()]).into()]);
        let query = QueryPoints::new("c")
            .prefetch(Prefetch::new(vec![1.0_f32, 0.0]).filter(deep.clone()))
            .query(FusionQuery {
                fusion: Fusion::Rrf,
            });
        let error = transport.query_points(query).await.unwrap_err();
        refused(&error, feature, version);

        let count = CountPoints::new("c").filter(deep.clone());
        refused(
            &transport.count_points(count).await.unwrap_err(),
            feature,
            version,
        );
        let scroll = ScrollPoints::new("c").filter(deep.clone());
        refused(
            &transport.scroll_points(scroll).await.unwrap_err(),
            feature,
            version,
        );
        let facet = FacetCounts::new("c", "sku").filter(deep.clone());
        refused(&transport.facet(facet).await.unwrap_err(), feature, version);
        let delete = DeletePoints::filter("c", deep);
        refused(
            &transport.delete_points(delete).await.unwrap_err(),
            feature,
            version,
        );
    }
    let left = transport.count_points(CountPoints::new("c")).await.unwrap();
    assert_eq!(left.count, 10);
    // Without the new condition the same request runs.
    let found = transport
        .scroll_points(
            ScrollPoints::new("c").filter(Filter::must([Condition::matches("sku", "AB-1")])),
        )
        .await
        .unwrap();
    assert_eq!(found.points.len(), 1);
}

#[tokio::test]
async fn queries_and_settings_of_qdrant_1_19_and_1_20_are_refused_by_name() {
    let transport = seeded().await;
    let text = QueryPoints::new("c")
        .query(TextQuery::new("vector search"))
        .using("body");
    refused(
        &transport.query_points(text).await.unwrap_err(),
        "the BM25 `text` query",
        "1.20",
    );
    let in_prefetch = QueryPoints::new("c")
        .prefetch(Prefetch::new(TextQuery::bm25(
            "vector",
            Bm25Params {
                k: Some(1.2),
                b: None,
            },
        )))
        .query(FusionQuery {
            fusion: Fusion::Rrf,
        });
    refused(
        &transport.query_points(in_prefetch).await.unwrap_err(),
        "the BM25 `text` query",
        "1.20",
    );

    let formulas = [
        (
            Expression::max([Expression::variable("$score"), 0.5.into()]),
            "the `max` expression",
        ),
        (
            Expression::sum([
                Expression::variable("$score"),
                Expression::min(["n".into(), 3.0.into()]),
            ]),
            "the `min` expression",
        ),
        (
            Expression::negate(Expression::acosh("n".into())),
            "the `acosh` expression",
        ),
    ];
    for (formula, feature) in formulas {
        let query = QueryPoints::new("c")
            .prefetch(Prefetch::new(vec![1.0_f32, 0.0]).limit(5))
            .query(FormulaQuery {
                formula,
                defaults: None,
            });
        refused(
            &transport.query_points(query).await.unwrap_err(),
            feature,
            "1.20",
        );
    }
    // A condition inside a formula is checked too.
    let query = QueryPoints::new("c")
        .prefetch(Prefetch::new(vec![1.0_f32, 0.0]).limit(5))
        .query(FormulaQuery {
            formula: Expression::sum(["$score".into(), Condition::slice(1, 3).into()]),
            defaults: None,
        });
    refused(
        &transport.query_points(query).await.unwrap_err(),
        "the `slice` condition",
        "1.19",
    );

    let idf = SearchParams {
        idf: Some(IdfParams::Scope(IdfScope::Global)),
        ..SearchParams::default()
    };
    let query = QueryPoints::new("c").query(vec![1.0, 0.0]).params(idf);
    refused(
        &transport.query_points(query).await.unwrap_err(),
        "`params.idf`",
        "1.19",
    );

    // The same formula without the new functions runs.
    let query = QueryPoints::new("c")
        .prefetch(Prefetch::new(vec![1.0_f32, 0.0]).limit(5))
        .query(FormulaQuery {
            formula: Expression::sum(["$score".into(), "n".into()]),
            defaults: None,
        })
        .limit(5);
    let answer = transport.query_points(query).await.unwrap();
    assert_eq!(answer.points.len(), 5);
}

#[tokio::test]
async fn quotas_are_unsupported_and_not_claimed() {
    let transport = seeded().await;
    let read = transport.get_quotas(()).await.unwrap_err();
    assert_eq!(read.kind(), ErrorKind::Unsupported, "{read}");
    assert!(read.to_string().contains("get_quotas"), "{read}");
    let write = transport
        .update_quotas(UpdateQuotas::new(QuotaConfig::new().enabled(true)))
        .await
        .unwrap_err();
    assert_eq!(write.kind(), ErrorKind::Unsupported, "{write}");
    let capabilities = transport.capabilities();
    assert!(!capabilities.supports(quadrant_transport::Operation::GetQuotas));
    assert!(!capabilities.supports(quadrant_transport::Operation::UpdateQuotas));
}
