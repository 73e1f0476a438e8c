//! The classic search, recommend and discover operations, translated into the universal
//! query, which is how the server itself serves them today. One implementation answers both.

use quadrant_models::{
    ContextExamplePair, ContextInput, ContextPair, ContextQuery, DiscoverInput, DiscoverPoints,
    DiscoverQuery, NamedVectorStruct, NearestQuery, Query, QueryInterface, QueryPointGroups,
    QueryPoints, RecommendExample, RecommendInput, RecommendPointGroups, RecommendPoints,
    RecommendQuery, SearchPointGroups, SearchPoints, VectorInput,
};

/// A search as a nearest-neighbours query.
pub(crate) fn search(request: SearchPoints) -> QueryPoints {
    let SearchPoints {
        collection_name,
        consistency,
        timeout,
        shard_key,
        vector,
        filter,
        params,
        limit,
        offset,
        with_payload,
        with_vector,
        score_threshold,
    } = request;
    let (using, input) = named_input(vector);
    QueryPoints {
        collection_name,
        consistency,
        timeout,
        shard_key,
        prefetch: None,
        query: Some(nearest(input)),
        using,
        filter,
        params,
        score_threshold,
        limit: Some(limit),
        offset,
        with_vector,
        with_payload,
        lookup_from: None,
    }
}

/// A grouped search as a grouped nearest-neighbours query.
pub(crate) fn search_groups(request: SearchPointGroups) -> QueryPointGroups {
    let SearchPointGroups {
        collection_name,
        consistency,
        timeout,
        shard_key,
        vector,
        filter,
        params,
        with_payload,
        with_vector,
        score_threshold,
        group_by,
        group_size,
        limit,
        with_lookup,
    } = request;
    let (using, input) = named_input(vector);
    QueryPointGroups {
        collection_name,
        consistency,
        timeout,
        shard_key,
        prefetch: None,
        query: Some(nearest(input)),
        using,
        filter,
        params,
        score_threshold,
        with_vector,
        with_payload,
        lookup_from: None,
        group_by,
        group_size: Some(u64::from(group_size)),
        limit: Some(u64::from(limit)),
        with_lookup,
    }
}

/// A recommendation as a recommend query.
pub(crate) fn recommend(request: RecommendPoints) -> QueryPoints {
    let RecommendPoints {
        collection_name,
        consistency,
        timeout,
        shard_key,
        positive,
        negative,
        strategy,
        filter,
        params,
        limit,
        offset,
        with_payload,
        with_vector,
        score_threshold,
        using,
        lookup_from,
    } = request;
    QueryPoints {
        collection_name,
        consistency,
        timeout,
        shard_key,
        prefetch: None,
        query: Some(recommend_query(positive, negative, strategy)),
        using,
        filter,
        params,
        score_threshold,
        limit: Some(limit),
        offset,
        with_vector,
        with_payload,
        lookup_from,
    }
}

/// A grouped recommendation as a grouped recommend query.
pub(crate) fn recommend_groups(request: RecommendPointGroups) -> QueryPointGroups {
    let RecommendPointGroups {
        collection_name,
        consistency,
        timeout,
        shard_key,
        positive,
        negative,
        strategy,
        filter,
        params,
        with_payload,
        with_vector,
        score_threshold,
        using,
        lookup_from,
        group_by,
        group_size,
        limit,
        with_lookup,
    } = request;
    QueryPointGroups {
        collection_name,
        consistency,
        timeout,
        shard_key,
        prefetch: None,
        query: Some(recommend_query(positive, negative, strategy)),
        using,
        filter,
        params,
        score_threshold,
        with_vector,
        with_payload,
        lookup_from,
        group_by,
        group_size: Some(u64::from(group_size)),
        limit: Some(u64::from(limit)),
        with_lookup,
    }
}

/// A discovery as a discover query, or as a context query when it has no target.
pub(crate) fn discover(request: DiscoverPoints) -> QueryPoints {
    let DiscoverPoints {
        collection_name,
        consistency,
        timeout,
        shard_key,
        target,
        context,
        filter,
        params,
        limit,
        offset,
        with_payload,
        with_vector,
        using,
        lookup_from,
    } = request;
    let pairs = ContextInput::Pairs(context.unwrap_or_default().into_iter().map(pair).collect());
    let query = match target {
        Some(target) => Query::Discover(DiscoverQuery {
            discover: DiscoverInput {
                target: input(target),
                context: Some(pairs),
            },
        }),
        None => Query::Context(ContextQuery {
            context: Some(pairs),
        }),
    };
    QueryPoints {
        collection_name,
        consistency,
        timeout,
        shard_key,
        prefetch: None,
        query: Some(QueryInterface::Query(query)),
        using,
        filter,
        params,
        score_threshold: None,
        limit: Some(limit),
        offset,
        with_vector,
        with_payload,
        lookup_from,
    }
}

fn nearest(input: VectorInput) -> QueryInterface {
    QueryInterface::Query(Query::Nearest(NearestQuery {
        nearest: input,
        mmr: None,
    }))
}

fn recommend_query(
    positive: Option<Vec<RecommendExample>>,
    negative: Option<Vec<RecommendExample>>,
    strategy: Option<quadrant_models::RecommendStrategy>,
) -> QueryInterface {
    QueryInterface::Query(Query::Recommend(RecommendQuery {
        recommend: RecommendInput {
            positive: positive.map(|p| p.into_iter().map(input).collect()),
            negative: negative.map(|n| n.into_iter().map(input).collect()),
            strategy,
        },
    }))
}

/// The vector name (`None` for the unnamed one) and the vector of a search.
fn named_input(vector: NamedVectorStruct) -> (Option<String>, VectorInput) {
    match vector {
        NamedVectorStruct::Default(dense) => (None, VectorInput::Dense(dense)),
        NamedVectorStruct::Dense(named) => (Some(named.name), VectorInput::Dense(named.vector)),
        NamedVectorStruct::Sparse(named) => (Some(named.name), VectorInput::Sparse(named.vector)),
    }
}

fn input(example: RecommendExample) -> VectorInput {
    match example {
        RecommendExample::Id(id) => VectorInput::Id(id),
        RecommendExample::Dense(dense) => VectorInput::Dense(dense),
        RecommendExample::Sparse(sparse) => VectorInput::Sparse(sparse),
    }
}

fn pair(pair: ContextExamplePair) -> ContextPair {
    ContextPair {
        positive: input(pair.positive),
        negative: input(pair.negative),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quadrant_models::NamedVector;

    #[test]
    fn a_named_search_queries_that_vector() {
        let query =
            search(SearchPoints::new("c", NamedVector::new("image", vec![0.5, 0.25]), 3).offset(2));
        assert_eq!(query.using.as_deref(), Some("image"));
        assert_eq!(query.limit, Some(3));
        assert_eq!(query.offset, Some(2));
        assert_eq!(
            query.query,
            Some(nearest(VectorInput::Dense(vec![0.5, 0.25])))
        );
    }

    #[test]
    fn a_discovery_without_target_is_a_context_query() {
        let query =
            discover(DiscoverPoints::new("c", 3).context([ContextExamplePair::new(1_u64, 2_u64)]));
        let Some(QueryInterface::Query(Query::Context(context))) = query.query else {
            panic!("expected a context query, got {:?}", query.query);
        };
        assert!(matches!(context.context, Some(ContextInput::Pairs(pairs)) if pairs.len() == 1));
    }
}
