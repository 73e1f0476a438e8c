//! Quantization: scalar, product, binary and turbo.

use super::*;

impl IntoProto<proto::QuantizationConfig> for QuantizationConfig {
    fn into_proto(self) -> Result<proto::QuantizationConfig> {
        let quantization = match self {
            QuantizationConfig::Scalar(scalar) => Quantization::Scalar(scalar.into_proto()?),
            QuantizationConfig::Product(product) => Quantization::Product(product.into_proto()?),
            QuantizationConfig::Binary(binary) => Quantization::Binary(binary.into_proto()?),
            QuantizationConfig::Turbo(turbo) => Quantization::Turboquant(turbo.into_proto()?),
            other => {
                return Err(invalid(
                    "QuantizationConfig",
                    format!("{other:?} is not supported"),
                ));
            }
        };
        Ok(proto::QuantizationConfig {
            quantization: Some(quantization),
        })
    }
}

impl FromProto<proto::QuantizationConfig> for QuantizationConfig {
    fn from_proto(message: proto::QuantizationConfig) -> Result<Self> {
        Ok(
            match required(message.quantization, "QuantizationConfig.quantization")? {
                Quantization::Scalar(scalar) => {
                    QuantizationConfig::Scalar(ScalarQuantizationConfig::from_proto(scalar)?)
                }
                Quantization::Product(product) => {
                    QuantizationConfig::Product(ProductQuantizationConfig::from_proto(product)?)
                }
                Quantization::Binary(binary) => {
                    QuantizationConfig::Binary(BinaryQuantizationConfig::from_proto(binary)?)
                }
                Quantization::Turboquant(turbo) => {
                    QuantizationConfig::Turbo(TurboQuantQuantizationConfig::from_proto(turbo)?)
                }
            },
        )
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::ScalarQuantization> for ScalarQuantizationConfig {
    fn into_proto(self) -> Result<proto::ScalarQuantization> {
        Ok(proto::ScalarQuantization {
            r#type: self.r#type.into_proto()?,
            quantile: self
                .quantile
                .map(|quantile| finite_out(quantile, "ScalarQuantization.quantile"))
                .transpose()?,
            always_ram: self.always_ram,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::ScalarQuantization> for ScalarQuantizationConfig {
    fn from_proto(message: proto::ScalarQuantization) -> Result<Self> {
        Ok(ScalarQuantizationConfig {
            r#type: ScalarType::from_proto(message.r#type)?,
            quantile: message.quantile,
            always_ram: message.always_ram,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::ProductQuantization> for ProductQuantizationConfig {
    fn into_proto(self) -> Result<proto::ProductQuantization> {
        Ok(proto::ProductQuantization {
            compression: self.compression.into_proto()?,
            always_ram: self.always_ram,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::ProductQuantization> for ProductQuantizationConfig {
    fn from_proto(message: proto::ProductQuantization) -> Result<Self> {
        Ok(ProductQuantizationConfig {
            compression: CompressionRatio::from_proto(message.compression)?,
            always_ram: message.always_ram,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::BinaryQuantization> for BinaryQuantizationConfig {
    fn into_proto(self) -> Result<proto::BinaryQuantization> {
        Ok(proto::BinaryQuantization {
            always_ram: self.always_ram,
            encoding: self.encoding.into_proto()?,
            query_encoding: self
                .query_encoding
                .map(|setting| -> Result<_> {
                    Ok(proto::BinaryQuantizationQueryEncoding {
                        variant: Some(binary_quantization_query_encoding::Variant::Setting(
                            setting.into_proto()?,
                        )),
                    })
                })
                .transpose()?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::BinaryQuantization> for BinaryQuantizationConfig {
    fn from_proto(message: proto::BinaryQuantization) -> Result<Self> {
        let query_encoding = message
            .query_encoding
            .map(|encoding| match encoding.variant {
                Some(binary_quantization_query_encoding::Variant::Setting(setting)) => {
                    BinaryQuantizationQueryEncoding::from_proto(setting)
                }
                None => Err(missing("BinaryQuantization.query_encoding.variant")),
            })
            .transpose()?;
        Ok(BinaryQuantizationConfig {
            always_ram: message.always_ram,
            encoding: Option::from_proto(message.encoding)?,
            query_encoding,
            memory: Option::from_proto(message.memory)?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl IntoProto<proto::TurboQuantization> for TurboQuantQuantizationConfig {
    fn into_proto(self) -> Result<proto::TurboQuantization> {
        Ok(proto::TurboQuantization {
            always_ram: self.always_ram,
            bits: self.bits.into_proto()?,
            memory: self.memory.into_proto()?,
        })
    }
}

#[allow(
    deprecated,
    reason = "the fields Qdrant deprecated in 1.19/1.20 are still carried both ways"
)]
impl FromProto<proto::TurboQuantization> for TurboQuantQuantizationConfig {
    fn from_proto(message: proto::TurboQuantization) -> Result<Self> {
        Ok(TurboQuantQuantizationConfig {
            always_ram: message.always_ram,
            bits: Option::from_proto(message.bits)?,
            memory: Option::from_proto(message.memory)?,
        })
    }
}
