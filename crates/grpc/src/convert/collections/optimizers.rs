//! A collection's HNSW, WAL and optimizer settings, in the "diff" messages that both change
//! and report them.

use super::*;

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::HnswConfigDiff> for HnswConfigDiff {
    fn into_proto(self) -> Result<proto::HnswConfigDiff> {
        crate::convert::no_extra(&self.extra, "HnswConfigDiff")?;
        Ok(proto::HnswConfigDiff {
            m: self.m,
            ef_construct: self.ef_construct,
            full_scan_threshold: self.full_scan_threshold,
            max_indexing_threads: self.max_indexing_threads,
            on_disk: self.on_disk,
            payload_m: self.payload_m,
            inline_storage: self.inline_storage,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::HnswConfigDiff> for HnswConfigDiff {
    fn from_proto(message: proto::HnswConfigDiff) -> Result<Self> {
        Ok(HnswConfigDiff {
            extra: serde_json::Map::new(),
            m: message.m,
            ef_construct: message.ef_construct,
            full_scan_threshold: message.full_scan_threshold,
            max_indexing_threads: message.max_indexing_threads,
            on_disk: message.on_disk,
            payload_m: message.payload_m,
            inline_storage: message.inline_storage,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::HnswConfigDiff> for HnswConfig {
    fn into_proto(self) -> Result<proto::HnswConfigDiff> {
        crate::convert::no_extra(&self.extra, "HnswConfig")?;
        Ok(proto::HnswConfigDiff {
            m: Some(self.m),
            ef_construct: Some(self.ef_construct),
            full_scan_threshold: Some(self.full_scan_threshold),
            max_indexing_threads: Some(self.max_indexing_threads),
            on_disk: self.on_disk,
            payload_m: self.payload_m,
            inline_storage: self.inline_storage,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::HnswConfigDiff> for HnswConfig {
    fn from_proto(message: proto::HnswConfigDiff) -> Result<Self> {
        Ok(HnswConfig {
            extra: serde_json::Map::new(),
            m: required(message.m, "CollectionConfig.hnsw_config.m")?,
            ef_construct: required(
                message.ef_construct,
                "CollectionConfig.hnsw_config.ef_construct",
            )?,
            full_scan_threshold: required(
                message.full_scan_threshold,
                "CollectionConfig.hnsw_config.full_scan_threshold",
            )?,
            max_indexing_threads: required(
                message.max_indexing_threads,
                "CollectionConfig.hnsw_config.max_indexing_threads",
            )?,
            on_disk: message.on_disk,
            payload_m: message.payload_m,
            inline_storage: message.inline_storage,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::WalConfigDiff> for WalConfigDiff {
    fn into_proto(self) -> Result<proto::WalConfigDiff> {
        crate::convert::no_extra(&self.extra, "WalConfigDiff")?;
        Ok(proto::WalConfigDiff {
            wal_capacity_mb: self.wal_capacity_mb,
            wal_segments_ahead: self.wal_segments_ahead,
            wal_retain_closed: self.wal_retain_closed,
        })
    }
}

impl FromProto<proto::WalConfigDiff> for WalConfigDiff {
    fn from_proto(message: proto::WalConfigDiff) -> Result<Self> {
        Ok(WalConfigDiff {
            extra: serde_json::Map::new(),
            wal_capacity_mb: message.wal_capacity_mb,
            wal_segments_ahead: message.wal_segments_ahead,
            wal_retain_closed: message.wal_retain_closed,
        })
    }
}

impl IntoProto<proto::WalConfigDiff> for WalConfig {
    fn into_proto(self) -> Result<proto::WalConfigDiff> {
        crate::convert::no_extra(&self.extra, "WalConfig")?;
        Ok(proto::WalConfigDiff {
            wal_capacity_mb: Some(self.wal_capacity_mb),
            wal_segments_ahead: Some(self.wal_segments_ahead),
            wal_retain_closed: Some(self.wal_retain_closed),
        })
    }
}

impl FromProto<proto::WalConfigDiff> for WalConfig {
    fn from_proto(message: proto::WalConfigDiff) -> Result<Self> {
        Ok(WalConfig {
            extra: serde_json::Map::new(),
            wal_capacity_mb: required(
                message.wal_capacity_mb,
                "CollectionConfig.wal_config.wal_capacity_mb",
            )?,
            wal_segments_ahead: required(
                message.wal_segments_ahead,
                "CollectionConfig.wal_config.wal_segments_ahead",
            )?,
            wal_retain_closed: required(
                message.wal_retain_closed,
                "CollectionConfig.wal_config.wal_retain_closed",
            )?,
        })
    }
}

impl IntoProto<proto::MaxOptimizationThreads> for MaxOptimizationThreads {
    fn into_proto(self) -> Result<proto::MaxOptimizationThreads> {
        let variant = match self {
            MaxOptimizationThreads::Threads(threads) => {
                max_optimization_threads::Variant::Value(threads)
            }
            MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Auto) => {
                max_optimization_threads::Variant::Setting(
                    max_optimization_threads::Setting::Auto as i32,
                )
            }
            MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Unknown(raw)) => {
                max_optimization_threads::Variant::Setting(crate::convert::unknown_number(
                    &raw,
                    "OptimizersConfigDiff.max_optimization_threads",
                )?)
            }
        };
        Ok(proto::MaxOptimizationThreads {
            variant: Some(variant),
        })
    }
}

impl FromProto<proto::MaxOptimizationThreads> for MaxOptimizationThreads {
    fn from_proto(message: proto::MaxOptimizationThreads) -> Result<Self> {
        let field = "OptimizersConfigDiff.max_optimization_threads";
        Ok(match required(message.variant, field)? {
            max_optimization_threads::Variant::Value(threads) => {
                MaxOptimizationThreads::Threads(threads)
            }
            max_optimization_threads::Variant::Setting(setting) => {
                // A setting a newer server added is kept by its number (see `enum_conversions!`).
                match max_optimization_threads::Setting::try_from(setting) {
                    Ok(max_optimization_threads::Setting::Auto) => {
                        MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Auto)
                    }
                    Err(_) => MaxOptimizationThreads::Setting(
                        MaxOptimizationThreadsSetting::Unknown(setting.to_string()),
                    ),
                }
            }
        })
    }
}

/// The thread count of a diff: the current field, or the deprecated plain number.
fn threads_in(
    threads: Option<proto::MaxOptimizationThreads>,
    deprecated: Option<u64>,
) -> Result<Option<MaxOptimizationThreads>> {
    match threads {
        Some(threads) => MaxOptimizationThreads::from_proto(threads).map(Some),
        None => Ok(deprecated.map(MaxOptimizationThreads::Threads)),
    }
}

impl IntoProto<proto::OptimizersConfigDiff> for OptimizersConfigDiff {
    fn into_proto(self) -> Result<proto::OptimizersConfigDiff> {
        crate::convert::no_extra(&self.extra, "OptimizersConfigDiff")?;
        Ok(proto::OptimizersConfigDiff {
            deleted_threshold: self
                .deleted_threshold
                .map(|value| finite_out(value, "OptimizersConfigDiff.deleted_threshold"))
                .transpose()?,
            vacuum_min_vector_number: self.vacuum_min_vector_number,
            default_segment_number: self.default_segment_number,
            max_segment_size: self.max_segment_size,
            memmap_threshold: self.memmap_threshold,
            indexing_threshold: self.indexing_threshold,
            flush_interval_sec: self.flush_interval_sec,
            deprecated_max_optimization_threads: None,
            max_optimization_threads: self.max_optimization_threads.into_proto()?,
            prevent_unoptimized: self.prevent_unoptimized,
        })
    }
}

impl FromProto<proto::OptimizersConfigDiff> for OptimizersConfigDiff {
    fn from_proto(message: proto::OptimizersConfigDiff) -> Result<Self> {
        Ok(OptimizersConfigDiff {
            extra: serde_json::Map::new(),
            max_optimization_threads: threads_in(
                message.max_optimization_threads,
                message.deprecated_max_optimization_threads,
            )?,
            deleted_threshold: message.deleted_threshold,
            vacuum_min_vector_number: message.vacuum_min_vector_number,
            default_segment_number: message.default_segment_number,
            max_segment_size: message.max_segment_size,
            memmap_threshold: message.memmap_threshold,
            indexing_threshold: message.indexing_threshold,
            flush_interval_sec: message.flush_interval_sec,
            prevent_unoptimized: message.prevent_unoptimized,
        })
    }
}

impl IntoProto<proto::OptimizersConfigDiff> for OptimizersConfig {
    fn into_proto(self) -> Result<proto::OptimizersConfigDiff> {
        crate::convert::no_extra(&self.extra, "OptimizersConfig")?;
        let threads = match self.max_optimization_threads {
            Some(threads) => MaxOptimizationThreads::Threads(threads),
            None => MaxOptimizationThreads::Setting(MaxOptimizationThreadsSetting::Auto),
        };
        Ok(proto::OptimizersConfigDiff {
            deleted_threshold: Some(finite_out(
                self.deleted_threshold,
                "OptimizersConfig.deleted_threshold",
            )?),
            vacuum_min_vector_number: Some(self.vacuum_min_vector_number),
            default_segment_number: Some(self.default_segment_number),
            max_segment_size: self.max_segment_size,
            memmap_threshold: self.memmap_threshold,
            indexing_threshold: self.indexing_threshold,
            flush_interval_sec: Some(self.flush_interval_sec),
            deprecated_max_optimization_threads: None,
            max_optimization_threads: Some(threads.into_proto()?),
            prevent_unoptimized: self.prevent_unoptimized,
        })
    }
}

impl FromProto<proto::OptimizersConfigDiff> for OptimizersConfig {
    fn from_proto(message: proto::OptimizersConfigDiff) -> Result<Self> {
        let field = |name: &str| format!("CollectionConfig.optimizer_config.{name}");
        let max_optimization_threads = match threads_in(
            message.max_optimization_threads,
            message.deprecated_max_optimization_threads,
        )? {
            Some(MaxOptimizationThreads::Threads(threads)) => Some(threads),
            // A named setting, known or not, is no thread count: REST's `OptimizersConfig`
            // writes every named setting (today only `auto`) as an absent count.
            Some(MaxOptimizationThreads::Setting(_)) | None => None,
        };
        Ok(OptimizersConfig {
            extra: serde_json::Map::new(),
            deleted_threshold: required(message.deleted_threshold, &field("deleted_threshold"))?,
            vacuum_min_vector_number: required(
                message.vacuum_min_vector_number,
                &field("vacuum_min_vector_number"),
            )?,
            default_segment_number: required(
                message.default_segment_number,
                &field("default_segment_number"),
            )?,
            max_segment_size: message.max_segment_size,
            memmap_threshold: message.memmap_threshold,
            indexing_threshold: message.indexing_threshold,
            flush_interval_sec: required(message.flush_interval_sec, &field("flush_interval_sec"))?,
            max_optimization_threads,
            prevent_unoptimized: message.prevent_unoptimized,
        })
    }
}
