//! Grouped queries (`…/points/query/groups`), which the engine (0.7.2) does not have.
//!
//! The server's semantics: the query's results in rank order, each point placed in the group of
//! every value its `group_by` field holds (strings and integers; the items of an array), at
//! most `group_size` points per group; groups come in the order of their best hit, and
//! `limit` of them are returned. Points without the field are left out.
//!
//! Built by running the query with a growing limit: once the first `limit` groups of a prefix
//! of the ranking are full, a longer prefix cannot change them; and once the engine returns
//! fewer points than asked for, the ranking is complete.

use std::collections::{HashMap, HashSet};

use qdrant_edge::{JsonPath, WithPayloadInterface as EdgeWithPayload};
use quadrant_models::{
    Condition, Filter, GroupId, GroupsResult, IsEmptyCondition, PayloadField, PointGroup, PointId,
    QueryPointGroups, QueryPoints, Record, ScoredPoint, WithLookupInterface, WithPayloadInterface,
    WithVector,
};
use quadrant_transport::{Operation, Result};

use crate::convert::{self, bridge, to_usize};
use crate::database::Database;
use crate::error;
use crate::query::{self, Resolver};

/// The server's default number of points per group.
const DEFAULT_GROUP_SIZE: usize = 3;

/// How much the query's limit grows when the groups are not yet complete.
const GROWTH: usize = 4;

/// Runs a grouped query for `operation` (the query, search or recommend groups endpoint).
pub(crate) fn query_groups(
    database: &Database,
    request: QueryPointGroups,
    operation: Operation,
) -> Result<GroupsResult> {
    // Exhaustive on purpose: a field added to the model fails to compile here rather than
    // being ignored.
    let QueryPointGroups {
        collection_name,
        consistency,
        timeout,
        shard_key,
        prefetch,
        query,
        using,
        filter,
        params,
        score_threshold,
        with_vector,
        with_payload,
        lookup_from,
        group_by,
        group_size,
        limit,
        with_lookup,
    } = request;
    if shard_key.is_some() {
        return Err(error::unsupported(
            operation,
            "`shard_key` (custom sharding)",
        ));
    }
    let group_size = group_size.map_or(DEFAULT_GROUP_SIZE, to_usize);
    let groups_limit = limit.map_or(query::DEFAULT_LIMIT, to_usize);
    if group_size == 0 {
        return Err(error::wrong_input(
            "Validation error in JSON body: [group_size: value 0 invalid, must be 1 or larger]",
        ));
    }
    if groups_limit == 0 {
        return Err(error::wrong_input(
            "Validation error in JSON body: [limit: value 0 invalid, must be 1 or larger]",
        ));
    }
    let key: JsonPath = bridge(&group_by, "group_by")?;

    // Only points that have the field can be in a group.
    let has_key = Filter {
        must_not: Some(vec![Condition::IsEmpty(IsEmptyCondition {
            is_empty: PayloadField {
                key: group_by.clone(),
            },
        })]),
        must: filter.map(|filter| vec![Condition::Filter(filter)]),
        ..Filter::default()
    };
    let mut ranked = QueryPoints {
        collection_name: collection_name.clone(),
        consistency,
        timeout,
        shard_key: None,
        prefetch,
        query,
        using,
        filter: Some(has_key),
        params,
        score_threshold,
        limit: None,
        offset: None,
        with_vector: None,
        // Only the grouping field while ranking; what the user asked for is read for the
        // hits that make it into a group.
        with_payload: Some(WithPayloadInterface::Fields(vec![group_by.clone()])),
        lookup_from,
    };

    let collection = database.collection(&collection_name)?;
    let groups = collection.read(|shard| {
        let resolver = Resolver {
            shard,
            collection: &collection_name,
            database,
            operation,
        };
        let mut asked = groups_limit.saturating_mul(group_size).max(1);
        let mut groups = loop {
            ranked.limit = Some(convert::to_u64(asked));
            let points = resolver.run(&ranked)?.points;
            let complete = points.len() < asked;
            let (groups, full) = group(points, &key, group_size, groups_limit);
            if complete || full || asked == usize::MAX {
                break groups;
            }
            asked = asked.saturating_mul(GROWTH);
        };
        fill(
            shard,
            &mut groups,
            with_payload.as_ref(),
            with_vector.as_ref(),
        )?;
        Ok(groups)
    })?;

    let mut groups: Vec<PointGroup> = groups
        .into_iter()
        .map(|(id, hits)| PointGroup {
            hits,
            id,
            lookup: None,
        })
        .collect();
    if let Some(with_lookup) = with_lookup {
        lookup(database, &mut groups, with_lookup)?;
    }
    Ok(GroupsResult { groups })
}

/// Places ranked points in groups. Returns the first `limit` groups, and whether all of them
/// are full.
fn group(
    points: Vec<ScoredPoint>,
    key: &JsonPath,
    group_size: usize,
    limit: usize,
) -> (Vec<(GroupId, Vec<ScoredPoint>)>, bool) {
    let mut groups: Vec<(GroupId, Vec<ScoredPoint>)> = Vec::new();
    let mut index: HashMap<GroupId, usize> = HashMap::new();
    for point in points {
        let Some(payload) = point.payload.as_ref() else {
            continue;
        };
        let mut ids: Vec<GroupId> = Vec::new();
        for value in key.value_get(payload) {
            match value {
                serde_json::Value::Array(items) => ids.extend(items.iter().filter_map(group_id)),
                other => ids.extend(group_id(other)),
            }
        }
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id.clone()) {
                continue;
            }
            match index.get(&id) {
                Some(&at) => {
                    if let Some((_, hits)) = groups.get_mut(at)
                        && hits.len() < group_size
                    {
                        hits.push(point.clone());
                    }
                }
                None if groups.len() < limit => {
                    index.insert(id.clone(), groups.len());
                    groups.push((id, vec![point.clone()]));
                }
                None => {}
            }
        }
    }
    let full = groups.len() == limit && groups.iter().all(|(_, hits)| hits.len() >= group_size);
    (groups, full)
}

/// The group a payload value puts a point in: strings and integers only, as on the server.
fn group_id(value: &serde_json::Value) -> Option<GroupId> {
    match value {
        serde_json::Value::String(s) => Some(GroupId::String(s.clone())),
        serde_json::Value::Number(n) => n
            .as_u64()
            .map(GroupId::Unsigned)
            .or_else(|| n.as_i64().map(GroupId::Integer)),
        _ => None,
    }
}

/// Replaces the hits' grouping-field payload with the payload and vectors that were asked for.
fn fill(
    shard: &qdrant_edge::EdgeShard,
    groups: &mut [(GroupId, Vec<ScoredPoint>)],
    with_payload: Option<&WithPayloadInterface>,
    with_vector: Option<&WithVector>,
) -> Result<()> {
    let wants_payload = !matches!(with_payload, None | Some(WithPayloadInterface::Bool(false)));
    let wants_vector = !matches!(with_vector, None | Some(WithVector::Bool(false)));
    if !wants_payload && !wants_vector {
        for (_, hits) in groups.iter_mut() {
            for hit in hits {
                hit.payload = None;
            }
        }
        return Ok(());
    }
    let mut ids: Vec<qdrant_edge::PointId> = groups
        .iter()
        .flat_map(|(_, hits)| hits.iter().map(|hit| convert::point_id_to_edge(hit.id)))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let edge_payload: Option<EdgeWithPayload> = with_payload
        .map(|w| bridge(w, "with_payload"))
        .transpose()?;
    let edge_vector: Option<qdrant_edge::WithVector> =
        with_vector.map(|w| bridge(w, "with_vector")).transpose()?;
    let records: HashMap<PointId, Record> = shard
        .retrieve(&ids, edge_payload, edge_vector)
        .map_err(error::engine)?
        .into_iter()
        .map(|record| {
            let record = convert::record(record);
            (record.id, record)
        })
        .collect();
    for (_, hits) in groups.iter_mut() {
        for hit in hits {
            let record = records.get(&hit.id);
            hit.payload = if wants_payload {
                record.and_then(|r| r.payload.clone())
            } else {
                None
            };
            hit.vector = if wants_vector {
                query::select_vectors(record.and_then(|r| r.vector.clone()), with_vector)
            } else {
                None
            };
        }
    }
    Ok(())
}

/// Looks up, in another collection, the point whose id is each group's id.
fn lookup(
    database: &Database,
    groups: &mut [PointGroup],
    with_lookup: WithLookupInterface,
) -> Result<()> {
    let (collection_name, with_payload, with_vector) = match with_lookup {
        WithLookupInterface::Collection(collection) => (collection, None, None),
        WithLookupInterface::WithLookup(lookup) => {
            (lookup.collection, lookup.with_payload, lookup.with_vectors)
        }
    };
    // The server's defaults for a lookup: the whole payload, no vectors.
    let with_payload = with_payload.unwrap_or(WithPayloadInterface::Bool(true));
    let edge_payload: EdgeWithPayload = bridge(&with_payload, "with_lookup.with_payload")?;
    let edge_vector: Option<qdrant_edge::WithVector> = with_vector
        .as_ref()
        .map(|w| bridge(w, "with_lookup.with_vectors"))
        .transpose()?;
    let ids: Vec<qdrant_edge::PointId> = groups
        .iter()
        .filter_map(|group| lookup_id(&group.id))
        .map(convert::point_id_to_edge)
        .collect();
    let collection = database.collection(&collection_name)?;
    let records: HashMap<PointId, Record> = collection.read(|shard| {
        Ok(shard
            .retrieve(&ids, Some(edge_payload), edge_vector)
            .map_err(error::engine)?
            .into_iter()
            .map(|record| {
                let record = convert::record(record);
                (record.id, record)
            })
            .collect())
    })?;
    for group in groups {
        group.lookup = lookup_id(&group.id).and_then(|id| records.get(&id).cloned());
        if let Some(record) = group.lookup.as_mut() {
            record.vector = query::select_vectors(record.vector.take(), with_vector.as_ref());
        }
    }
    Ok(())
}

/// The point id a group id names: an unsigned integer, or a UUID string.
fn lookup_id(id: &GroupId) -> Option<PointId> {
    match id {
        GroupId::Unsigned(n) => Some(PointId::Num(*n)),
        GroupId::String(s) => uuid::Uuid::parse_str(s).ok().map(PointId::Uuid),
        GroupId::Integer(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: u64, score: f32, city: serde_json::Value) -> ScoredPoint {
        let mut payload = quadrant_models::Payload::new();
        payload.insert("city".to_owned(), city);
        ScoredPoint {
            id: PointId::Num(id),
            version: 0,
            score,
            payload: Some(payload),
            vector: None,
            shard_key: None,
            order_value: None,
        }
    }

    #[test]
    fn groups_follow_their_best_hit_and_stop_at_the_size() {
        let key: JsonPath = bridge(&"city", "key").unwrap();
        let points = vec![
            hit(1, 0.9, "a".into()),
            hit(2, 0.8, serde_json::json!(["b", "a", "b"])),
            hit(3, 0.7, "a".into()),
            hit(4, 0.6, 7.into()),
            hit(5, 0.5, 1.5.into()),
        ];
        let (groups, full) = group(points, &key, 2, 3);
        let shape: Vec<(GroupId, Vec<PointId>)> = groups
            .into_iter()
            .map(|(id, hits)| (id, hits.into_iter().map(|h| h.id).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (
                    GroupId::String("a".into()),
                    vec![PointId::Num(1), PointId::Num(2)]
                ),
                (GroupId::String("b".into()), vec![PointId::Num(2)]),
                (GroupId::Unsigned(7), vec![PointId::Num(4)]),
            ]
        );
        assert!(!full, "group b and group 7 are not full");
    }

    #[test]
    fn group_ids_name_points() {
        assert_eq!(lookup_id(&GroupId::Unsigned(3)), Some(PointId::Num(3)));
        assert_eq!(lookup_id(&GroupId::String("Berlin".into())), None);
        assert_eq!(lookup_id(&GroupId::Integer(-1)), None);
    }
}
