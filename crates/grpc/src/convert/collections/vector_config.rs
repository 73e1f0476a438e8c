//! The vectors of a collection: dense and sparse vector parameters, multivectors.

use super::*;

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::VectorParams> for VectorParams {
    fn into_proto(self) -> Result<proto::VectorParams> {
        Ok(proto::VectorParams {
            size: self.size,
            distance: self.distance.into_proto()?,
            hnsw_config: self.hnsw_config.into_proto()?,
            quantization_config: self.quantization_config.into_proto()?,
            on_disk: self.on_disk,
            datatype: datatype_out(self.datatype)?,
            multivector_config: self.multivector_config.into_proto()?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::VectorParams> for VectorParams {
    fn from_proto(message: proto::VectorParams) -> Result<Self> {
        Ok(VectorParams {
            size: message.size,
            distance: Distance::from_proto(message.distance)?,
            hnsw_config: Option::from_proto(message.hnsw_config)?,
            quantization_config: Option::from_proto(message.quantization_config)?,
            on_disk: message.on_disk,
            datatype: datatype_in(message.datatype)?,
            multivector_config: Option::from_proto(message.multivector_config)?,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::VectorsConfig> for VectorsConfig {
    fn into_proto(self) -> Result<proto::VectorsConfig> {
        let config = match self {
            VectorsConfig::Single(params) => vectors_config::Config::Params(params.into_proto()?),
            VectorsConfig::Multi(map) => {
                vectors_config::Config::ParamsMap(proto::VectorParamsMap {
                    map: map.into_proto()?,
                })
            }
            VectorsConfig::Unknown(raw) => {
                return Err(crate::convert::unknown_out("VectorsConfig", raw));
            }
        };
        Ok(proto::VectorsConfig {
            config: Some(config),
        })
    }
}

impl FromProto<proto::VectorsConfig> for VectorsConfig {
    fn from_proto(message: proto::VectorsConfig) -> Result<Self> {
        Ok(match required(message.config, "VectorsConfig.config")? {
            vectors_config::Config::Params(params) => {
                VectorsConfig::Single(VectorParams::from_proto(params)?)
            }
            vectors_config::Config::ParamsMap(map) => {
                VectorsConfig::Multi(BTreeMap::from_proto(map.map)?)
            }
        })
    }
}

impl IntoProto<proto::MultiVectorConfig> for MultiVectorConfig {
    fn into_proto(self) -> Result<proto::MultiVectorConfig> {
        Ok(proto::MultiVectorConfig {
            comparator: self.comparator.into_proto()?,
        })
    }
}

impl FromProto<proto::MultiVectorConfig> for MultiVectorConfig {
    fn from_proto(message: proto::MultiVectorConfig) -> Result<Self> {
        Ok(MultiVectorConfig {
            comparator: MultiVectorComparator::from_proto(message.comparator)?,
        })
    }
}

impl IntoProto<proto::SparseVectorParams> for SparseVectorParams {
    fn into_proto(self) -> Result<proto::SparseVectorParams> {
        Ok(proto::SparseVectorParams {
            index: self.index.into_proto()?,
            modifier: self.modifier.into_proto()?,
        })
    }
}

impl FromProto<proto::SparseVectorParams> for SparseVectorParams {
    fn from_proto(message: proto::SparseVectorParams) -> Result<Self> {
        Ok(SparseVectorParams {
            index: Option::from_proto(message.index)?,
            modifier: Option::from_proto(message.modifier)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::SparseIndexConfig> for SparseIndexParams {
    fn into_proto(self) -> Result<proto::SparseIndexConfig> {
        Ok(proto::SparseIndexConfig {
            full_scan_threshold: self.full_scan_threshold,
            on_disk: self.on_disk,
            datatype: datatype_out(self.datatype)?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::SparseIndexConfig> for SparseIndexParams {
    fn from_proto(message: proto::SparseIndexConfig) -> Result<Self> {
        Ok(SparseIndexParams {
            full_scan_threshold: message.full_scan_threshold,
            on_disk: message.on_disk,
            datatype: datatype_in(message.datatype)?,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

impl IntoProto<proto::SparseVectorConfig> for BTreeMap<String, SparseVectorParams> {
    fn into_proto(self) -> Result<proto::SparseVectorConfig> {
        Ok(proto::SparseVectorConfig {
            map: self.into_proto()?,
        })
    }
}

impl FromProto<proto::SparseVectorConfig> for BTreeMap<String, SparseVectorParams> {
    fn from_proto(message: proto::SparseVectorConfig) -> Result<Self> {
        BTreeMap::from_proto(message.map)
    }
}
