//! Strict mode: the limits a collection enforces.

use super::*;

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::StrictModeConfig> for StrictModeConfig {
    fn into_proto(self) -> Result<proto::StrictModeConfig> {
        if let Some(percent) = self.max_disk_usage_percent {
            return Err(invalid(
                "StrictModeConfig.max_disk_usage_percent",
                format!(
                    "Qdrant's gRPC API has no such setting (set to {percent}): it is a Qdrant \
                     1.18 strict-mode setting, which only REST carries; since 1.19 the disk \
                     limit is node-wide, set with `update_quotas` \
                     (`QuotaConfig::max_disk_usage_percent`)"
                ),
            ));
        }
        let field = |name: &str| format!("StrictModeConfig.{name}");
        Ok(proto::StrictModeConfig {
            enabled: self.enabled,
            max_query_limit: to_u32_opt(self.max_query_limit, &field("max_query_limit"))?,
            max_timeout: to_u32_opt(self.max_timeout, &field("max_timeout"))?,
            unindexed_filtering_retrieve: self.unindexed_filtering_retrieve,
            unindexed_filtering_update: self.unindexed_filtering_update,
            search_max_hnsw_ef: to_u32_opt(self.search_max_hnsw_ef, &field("search_max_hnsw_ef"))?,
            search_allow_exact: self.search_allow_exact,
            search_max_oversampling: self
                .search_max_oversampling
                .map(|value| to_f32(value, &field("search_max_oversampling")))
                .transpose()?,
            upsert_max_batchsize: self.upsert_max_batchsize,
            search_max_batchsize: self.search_max_batchsize,
            max_collection_vector_size_bytes: self.max_collection_vector_size_bytes,
            read_rate_limit: to_u32_opt(self.read_rate_limit, &field("read_rate_limit"))?,
            write_rate_limit: to_u32_opt(self.write_rate_limit, &field("write_rate_limit"))?,
            max_collection_payload_size_bytes: self.max_collection_payload_size_bytes,
            filter_max_conditions: self.filter_max_conditions,
            condition_max_size: self.condition_max_size,
            multivector_config: self
                .multivector_config
                .map(|config| -> Result<_> {
                    Ok(proto::StrictModeMultivectorConfig {
                        multivector_config: config.into_proto()?,
                    })
                })
                .transpose()?,
            sparse_config: self
                .sparse_config
                .map(|config| -> Result<_> {
                    Ok(proto::StrictModeSparseConfig {
                        sparse_config: config.into_proto()?,
                    })
                })
                .transpose()?,
            max_points_count: self.max_points_count,
            max_payload_index_count: self.max_payload_index_count,
            max_resident_memory_percent: self.max_resident_memory_percent.map(u32::from),
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::StrictModeConfig> for StrictModeConfig {
    fn from_proto(message: proto::StrictModeConfig) -> Result<Self> {
        let max_resident_memory_percent = message
            .max_resident_memory_percent
            .map(|percent| {
                u8::try_from(percent).map_err(|_| {
                    undecodable(
                        "StrictModeConfig.max_resident_memory_percent",
                        format!("{percent} is not a percentage"),
                    )
                })
            })
            .transpose()?;
        Ok(StrictModeConfig {
            enabled: message.enabled,
            max_query_limit: message.max_query_limit.map(u64::from),
            max_timeout: message.max_timeout.map(u64::from),
            unindexed_filtering_retrieve: message.unindexed_filtering_retrieve,
            unindexed_filtering_update: message.unindexed_filtering_update,
            search_max_hnsw_ef: message.search_max_hnsw_ef.map(u64::from),
            search_allow_exact: message.search_allow_exact,
            search_max_oversampling: message.search_max_oversampling.map(f64::from),
            upsert_max_batchsize: message.upsert_max_batchsize,
            search_max_batchsize: message.search_max_batchsize,
            max_collection_vector_size_bytes: message.max_collection_vector_size_bytes,
            read_rate_limit: message.read_rate_limit.map(u64::from),
            write_rate_limit: message.write_rate_limit.map(u64::from),
            max_collection_payload_size_bytes: message.max_collection_payload_size_bytes,
            max_points_count: message.max_points_count,
            filter_max_conditions: message.filter_max_conditions,
            condition_max_size: message.condition_max_size,
            multivector_config: message
                .multivector_config
                .map(|config| BTreeMap::from_proto(config.multivector_config))
                .transpose()?,
            sparse_config: message
                .sparse_config
                .map(|config| BTreeMap::from_proto(config.sparse_config))
                .transpose()?,
            max_payload_index_count: message.max_payload_index_count,
            max_resident_memory_percent,
            // Not in Qdrant's gRPC API.
            max_disk_usage_percent: None,
        })
    }
}

impl IntoProto<proto::StrictModeMultivector> for StrictModeMultivector {
    fn into_proto(self) -> Result<proto::StrictModeMultivector> {
        Ok(proto::StrictModeMultivector {
            max_vectors: self.max_vectors,
        })
    }
}

impl FromProto<proto::StrictModeMultivector> for StrictModeMultivector {
    fn from_proto(message: proto::StrictModeMultivector) -> Result<Self> {
        Ok(StrictModeMultivector {
            max_vectors: message.max_vectors,
        })
    }
}

impl IntoProto<proto::StrictModeSparse> for StrictModeSparse {
    fn into_proto(self) -> Result<proto::StrictModeSparse> {
        Ok(proto::StrictModeSparse {
            max_length: self.max_length,
        })
    }
}

impl FromProto<proto::StrictModeSparse> for StrictModeSparse {
    fn from_proto(message: proto::StrictModeSparse) -> Result<Self> {
        Ok(StrictModeSparse {
            max_length: message.max_length,
        })
    }
}
