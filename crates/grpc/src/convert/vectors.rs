//! Point ids and vectors: dense, sparse and multi-dense vectors, named vectors, query vectors,
//! and the objects that server-side inference embeds.
//!
//! gRPC has two ways to write a vector. The current one sets one of the `dense`, `sparse` or
//! `multi_dense` oneof variants; the deprecated one puts the floats in `data`, with `indices` for
//! a sparse vector or `vectors_count` for a multivector (its rows laid end to end). Both are read;
//! only the current one is written. Vector values must be finite: JSON, and so REST, cannot carry
//! NaN or infinity.

use std::collections::HashMap;

use quadrant_models::{
    BatchVectorStruct, Document, DocumentOptions, Image, InferenceObject, Payload, PointId,
    SparseVector, Vector, VectorInput, VectorOutput, VectorStruct, VectorStructOutput,
};
use quadrant_transport::Result;
use serde_json::Value;

use crate::convert::{FromProto, IntoProto, finite_in, finite_out, invalid, required, undecodable};
use crate::proto::{
    self, point_id::PointIdOptions, vector, vector_input, vector_output, vectors, vectors_output,
};

// ---------------------------------------------------------------------------------------------
// Point ids

impl IntoProto<proto::PointId> for PointId {
    fn into_proto(self) -> Result<proto::PointId> {
        let options = match self {
            PointId::Num(id) => PointIdOptions::Num(id),
            PointId::Uuid(id) => PointIdOptions::Uuid(id.to_string()),
        };
        Ok(proto::PointId {
            point_id_options: Some(options),
        })
    }
}

impl FromProto<proto::PointId> for PointId {
    fn from_proto(message: proto::PointId) -> Result<Self> {
        match required(message.point_id_options, "PointId.point_id_options")? {
            PointIdOptions::Num(id) => Ok(PointId::Num(id)),
            PointIdOptions::Uuid(text) => text
                .parse()
                .map(PointId::Uuid)
                .map_err(|_| undecodable("PointId.uuid", format!("`{text}` is not a UUID"))),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Plain vectors

fn dense_out(data: Vec<f32>, field: &str) -> Result<proto::DenseVector> {
    if !all_finite(&data) {
        for value in &data {
            finite_out(*value, field)?;
        }
    }
    Ok(proto::DenseVector { data })
}

fn dense_in(data: Vec<f32>, field: &str) -> Result<Vec<f32>> {
    if !all_finite(&data) {
        for value in &data {
            finite_in(*value, field)?;
        }
    }
    Ok(data)
}

/// Whether every value is finite, checked without an early exit so that the loop vectorizes:
/// the common case of a vector, costing a fraction of checking one value at a time. The error
/// path then finds the first bad value.
fn all_finite(values: &[f32]) -> bool {
    values
        .iter()
        .fold(true, |all, value| all & value.is_finite())
}

fn multi_out(rows: Vec<Vec<f32>>, field: &str) -> Result<proto::MultiDenseVector> {
    Ok(proto::MultiDenseVector {
        vectors: rows
            .into_iter()
            .map(|row| dense_out(row, field))
            .collect::<Result<_>>()?,
    })
}

fn multi_in(multi: proto::MultiDenseVector, field: &str) -> Result<Vec<Vec<f32>>> {
    multi
        .vectors
        .into_iter()
        .map(|row| dense_in(row.data, field))
        .collect()
}

impl IntoProto<proto::SparseVector> for SparseVector {
    fn into_proto(self) -> Result<proto::SparseVector> {
        Ok(proto::SparseVector {
            values: dense_out(self.values, "SparseVector.values")?.data,
            indices: self.indices,
        })
    }
}

impl FromProto<proto::SparseVector> for SparseVector {
    fn from_proto(message: proto::SparseVector) -> Result<Self> {
        Ok(SparseVector::new(
            message.indices,
            dense_in(message.values, "SparseVector.values")?,
        ))
    }
}

/// A vector as the models hold it, without the objects to embed.
enum Plain {
    Dense(Vec<f32>),
    Sparse(SparseVector),
    MultiDense(Vec<Vec<f32>>),
}

/// Reads the deprecated form: `data`, with `indices` for a sparse vector or `vectors_count` for a
/// multivector whose rows are laid end to end.
fn deprecated_vector(
    data: Vec<f32>,
    indices: Option<proto::SparseIndices>,
    vectors_count: Option<u32>,
    field: &str,
) -> Result<Plain> {
    let data = dense_in(data, field)?;
    match (indices, vectors_count) {
        (Some(indices), None) => Ok(Plain::Sparse(SparseVector::new(indices.data, data))),
        (None, Some(count)) => {
            let rows = usize::try_from(count).unwrap_or(usize::MAX);
            if rows == 0 || data.len() % rows != 0 {
                return Err(undecodable(
                    field,
                    format!(
                        "{} values cannot be split into {count} vectors of one size",
                        data.len()
                    ),
                ));
            }
            let width = data.len() / rows;
            Ok(Plain::MultiDense(
                data.chunks(width.max(1)).map(<[f32]>::to_vec).collect(),
            ))
        }
        (None, None) if data.is_empty() => Err(undecodable(field, "it holds no vector")),
        (None, None) => Ok(Plain::Dense(data)),
        (Some(_), Some(_)) => Err(undecodable(
            field,
            "it has both sparse indices and a vector count",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Objects to embed

fn options_out(options: Option<Payload>) -> Result<HashMap<String, proto::Value>> {
    options.map_or_else(|| Ok(HashMap::new()), IntoProto::into_proto)
}

fn options_in(options: HashMap<String, proto::Value>) -> Result<Option<Payload>> {
    if options.is_empty() {
        Ok(None)
    } else {
        Payload::from_proto(options).map(Some)
    }
}

impl IntoProto<proto::Document> for Document {
    fn into_proto(self) -> Result<proto::Document> {
        let options = match self.options {
            None => None,
            Some(options) => match serde_json::to_value(options) {
                Ok(Value::Object(map)) => Some(map),
                Ok(other) => {
                    return Err(invalid(
                        "Document.options",
                        format!("the options must be an object, not {other}"),
                    ));
                }
                Err(error) => return Err(invalid("Document.options", error)),
            },
        };
        Ok(proto::Document {
            text: self.text,
            model: self.model,
            options: options_out(options)?,
        })
    }
}

impl FromProto<proto::Document> for Document {
    fn from_proto(message: proto::Document) -> Result<Self> {
        let options = options_in(message.options)?
            .map(|map| serde_json::from_value::<DocumentOptions>(Value::Object(map)))
            .transpose()
            .map_err(|error| undecodable("Document.options", error))?;
        Ok(Document {
            text: message.text,
            model: message.model,
            options,
        })
    }
}

impl IntoProto<proto::Image> for Image {
    fn into_proto(self) -> Result<proto::Image> {
        Ok(proto::Image {
            image: Some(self.image.into_proto()?),
            model: self.model,
            options: options_out(self.options)?,
        })
    }
}

impl FromProto<proto::Image> for Image {
    fn from_proto(message: proto::Image) -> Result<Self> {
        Ok(Image {
            image: Value::from_proto(required(message.image, "Image.image")?)?,
            model: message.model,
            options: options_in(message.options)?,
        })
    }
}

impl IntoProto<proto::InferenceObject> for InferenceObject {
    fn into_proto(self) -> Result<proto::InferenceObject> {
        Ok(proto::InferenceObject {
            object: Some(self.object.into_proto()?),
            model: self.model,
            options: options_out(self.options)?,
        })
    }
}

impl FromProto<proto::InferenceObject> for InferenceObject {
    fn from_proto(message: proto::InferenceObject) -> Result<Self> {
        Ok(InferenceObject {
            object: Value::from_proto(required(message.object, "InferenceObject.object")?)?,
            model: message.model,
            options: options_in(message.options)?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Vectors of points, as written

/// A `Vector` message in the current form: only the oneof is set.
fn vector_message(vector: vector::Vector) -> proto::Vector {
    proto::Vector {
        vector: Some(vector),
        ..proto::Vector::default()
    }
}

impl IntoProto<proto::Vector> for Vector {
    fn into_proto(self) -> Result<proto::Vector> {
        let vector = match self {
            Vector::Dense(data) => vector::Vector::Dense(dense_out(data, "Vector.dense")?),
            Vector::MultiDense(rows) => {
                vector::Vector::MultiDense(multi_out(rows, "Vector.multi_dense")?)
            }
            Vector::Sparse(sparse) => vector::Vector::Sparse(sparse.into_proto()?),
            Vector::Document(document) => vector::Vector::Document(document.into_proto()?),
            Vector::Image(image) => vector::Vector::Image(image.into_proto()?),
            Vector::InferenceObject(object) => vector::Vector::Object(object.into_proto()?),
            other => return Err(invalid("Vector", format!("{other:?} is not supported"))),
        };
        Ok(vector_message(vector))
    }
}

impl FromProto<proto::Vector> for Vector {
    #[allow(deprecated, reason = "the deprecated form is read, never written")]
    fn from_proto(message: proto::Vector) -> Result<Self> {
        Ok(match message.vector {
            Some(vector::Vector::Dense(dense)) => {
                Vector::Dense(dense_in(dense.data, "Vector.dense")?)
            }
            Some(vector::Vector::MultiDense(multi)) => {
                Vector::MultiDense(multi_in(multi, "Vector.multi_dense")?)
            }
            Some(vector::Vector::Sparse(sparse)) => {
                Vector::Sparse(SparseVector::from_proto(sparse)?)
            }
            Some(vector::Vector::Document(document)) => {
                Vector::Document(Document::from_proto(document)?)
            }
            Some(vector::Vector::Image(image)) => Vector::Image(Image::from_proto(image)?),
            Some(vector::Vector::Object(object)) => {
                Vector::InferenceObject(InferenceObject::from_proto(object)?)
            }
            None => match deprecated_vector(
                message.data,
                message.indices,
                message.vectors_count,
                "Vector.data",
            )? {
                Plain::Dense(data) => Vector::Dense(data),
                Plain::Sparse(sparse) => Vector::Sparse(sparse),
                Plain::MultiDense(rows) => Vector::MultiDense(rows),
            },
        })
    }
}

impl IntoProto<proto::Vectors> for VectorStruct {
    fn into_proto(self) -> Result<proto::Vectors> {
        let single = |vector: Vector| -> Result<vectors::VectorsOptions> {
            Ok(vectors::VectorsOptions::Vector(vector.into_proto()?))
        };
        let options = match self {
            VectorStruct::Single(data) => single(Vector::Dense(data))?,
            VectorStruct::MultiDense(rows) => single(Vector::MultiDense(rows))?,
            VectorStruct::Document(document) => single(Vector::Document(document))?,
            VectorStruct::Image(image) => single(Vector::Image(image))?,
            VectorStruct::InferenceObject(object) => single(Vector::InferenceObject(object))?,
            VectorStruct::Named(named) => vectors::VectorsOptions::Vectors(proto::NamedVectors {
                vectors: named.into_proto()?,
            }),
            other => return Err(invalid("Vectors", format!("{other:?} is not supported"))),
        };
        Ok(proto::Vectors {
            vectors_options: Some(options),
        })
    }
}

impl FromProto<proto::Vectors> for VectorStruct {
    fn from_proto(message: proto::Vectors) -> Result<Self> {
        match required(message.vectors_options, "Vectors.vectors_options")? {
            vectors::VectorsOptions::Vectors(named) => {
                Ok(VectorStruct::Named(HashMap::from_proto(named.vectors)?))
            }
            vectors::VectorsOptions::Vector(vector) => match Vector::from_proto(vector)? {
                Vector::Dense(data) => Ok(VectorStruct::Single(data)),
                Vector::MultiDense(rows) => Ok(VectorStruct::MultiDense(rows)),
                Vector::Document(document) => Ok(VectorStruct::Document(document)),
                Vector::Image(image) => Ok(VectorStruct::Image(image)),
                Vector::InferenceObject(object) => Ok(VectorStruct::InferenceObject(object)),
                other => Err(undecodable(
                    "Vectors.vector",
                    format!("an unnamed vector cannot be {other:?}; sparse vectors have names"),
                )),
            },
        }
    }
}

/// Unrolls the column form of a batch into one vector per point, in the order of the ids.
pub(crate) fn batch_vectors(
    vectors: BatchVectorStruct,
    points: usize,
) -> Result<Vec<VectorStruct>> {
    let per_point: Vec<VectorStruct> = match vectors {
        BatchVectorStruct::Single(rows) => rows.into_iter().map(VectorStruct::Single).collect(),
        BatchVectorStruct::MultiDense(multis) => {
            multis.into_iter().map(VectorStruct::MultiDense).collect()
        }
        BatchVectorStruct::Document(documents) => {
            documents.into_iter().map(VectorStruct::Document).collect()
        }
        BatchVectorStruct::Image(images) => images.into_iter().map(VectorStruct::Image).collect(),
        BatchVectorStruct::InferenceObject(objects) => objects
            .into_iter()
            .map(VectorStruct::InferenceObject)
            .collect(),
        BatchVectorStruct::Named(named) => {
            let mut per_point = vec![HashMap::new(); points];
            for (name, column) in named {
                if column.len() != points {
                    return Err(invalid(
                        "Batch.vectors",
                        format!(
                            "the vector `{name}` has {} values for {points} ids",
                            column.len()
                        ),
                    ));
                }
                for (point, vector) in per_point.iter_mut().zip(column) {
                    point.insert(name.clone(), vector);
                }
            }
            per_point.into_iter().map(VectorStruct::Named).collect()
        }
        other => {
            return Err(invalid(
                "Batch.vectors",
                format!("{other:?} is not supported"),
            ));
        }
    };
    if per_point.len() != points {
        return Err(invalid(
            "Batch.vectors",
            format!("{} vectors for {points} ids", per_point.len()),
        ));
    }
    Ok(per_point)
}

// ---------------------------------------------------------------------------------------------
// Vectors of points, as returned

/// A `VectorOutput` message in the current form: only the oneof is set.
fn vector_output_message(vector: vector_output::Vector) -> proto::VectorOutput {
    proto::VectorOutput {
        vector: Some(vector),
        ..proto::VectorOutput::default()
    }
}

impl IntoProto<proto::VectorOutput> for VectorOutput {
    fn into_proto(self) -> Result<proto::VectorOutput> {
        let vector = match self {
            VectorOutput::Dense(data) => {
                vector_output::Vector::Dense(dense_out(data, "VectorOutput.dense")?)
            }
            VectorOutput::MultiDense(rows) => {
                vector_output::Vector::MultiDense(multi_out(rows, "VectorOutput.multi_dense")?)
            }
            VectorOutput::Sparse(sparse) => vector_output::Vector::Sparse(sparse.into_proto()?),
            VectorOutput::Unknown(raw) => {
                return Err(crate::convert::unknown_out("VectorOutput", raw));
            }
        };
        Ok(vector_output_message(vector))
    }
}

impl FromProto<proto::VectorOutput> for VectorOutput {
    #[allow(deprecated, reason = "the deprecated form is read, never written")]
    fn from_proto(message: proto::VectorOutput) -> Result<Self> {
        Ok(match message.vector {
            Some(vector_output::Vector::Dense(dense)) => {
                VectorOutput::Dense(dense_in(dense.data, "VectorOutput.dense")?)
            }
            Some(vector_output::Vector::MultiDense(multi)) => {
                VectorOutput::MultiDense(multi_in(multi, "VectorOutput.multi_dense")?)
            }
            Some(vector_output::Vector::Sparse(sparse)) => {
                VectorOutput::Sparse(SparseVector::from_proto(sparse)?)
            }
            None => match deprecated_vector(
                message.data,
                message.indices,
                message.vectors_count,
                "VectorOutput.data",
            )? {
                Plain::Dense(data) => VectorOutput::Dense(data),
                Plain::Sparse(sparse) => VectorOutput::Sparse(sparse),
                Plain::MultiDense(rows) => VectorOutput::MultiDense(rows),
            },
        })
    }
}

impl IntoProto<proto::VectorsOutput> for VectorStructOutput {
    fn into_proto(self) -> Result<proto::VectorsOutput> {
        let options = match self {
            VectorStructOutput::Single(data) => {
                vectors_output::VectorsOptions::Vector(VectorOutput::Dense(data).into_proto()?)
            }
            VectorStructOutput::MultiDense(rows) => {
                vectors_output::VectorsOptions::Vector(VectorOutput::MultiDense(rows).into_proto()?)
            }
            VectorStructOutput::Named(named) => {
                vectors_output::VectorsOptions::Vectors(proto::NamedVectorsOutput {
                    vectors: named.into_proto()?,
                })
            }
            VectorStructOutput::Unknown(raw) => {
                return Err(crate::convert::unknown_out("VectorsOutput", raw));
            }
        };
        Ok(proto::VectorsOutput {
            vectors_options: Some(options),
        })
    }
}

impl FromProto<proto::VectorsOutput> for VectorStructOutput {
    fn from_proto(message: proto::VectorsOutput) -> Result<Self> {
        match required(message.vectors_options, "VectorsOutput.vectors_options")? {
            vectors_output::VectorsOptions::Vectors(named) => Ok(VectorStructOutput::Named(
                HashMap::from_proto(named.vectors)?,
            )),
            vectors_output::VectorsOptions::Vector(vector) => {
                match VectorOutput::from_proto(vector)? {
                    VectorOutput::Dense(data) => Ok(VectorStructOutput::Single(data)),
                    VectorOutput::MultiDense(rows) => Ok(VectorStructOutput::MultiDense(rows)),
                    VectorOutput::Sparse(_) => Err(undecodable(
                        "VectorsOutput.vector",
                        "an unnamed vector cannot be sparse; sparse vectors have names",
                    )),
                    VectorOutput::Unknown(raw) => Ok(VectorStructOutput::Unknown(raw)),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Query vectors

impl IntoProto<proto::VectorInput> for VectorInput {
    fn into_proto(self) -> Result<proto::VectorInput> {
        let variant = match self {
            VectorInput::Dense(data) => {
                vector_input::Variant::Dense(dense_out(data, "VectorInput.dense")?)
            }
            VectorInput::MultiDense(rows) => {
                vector_input::Variant::MultiDense(multi_out(rows, "VectorInput.multi_dense")?)
            }
            VectorInput::Sparse(sparse) => vector_input::Variant::Sparse(sparse.into_proto()?),
            VectorInput::Id(id) => vector_input::Variant::Id(id.into_proto()?),
            VectorInput::Document(document) => {
                vector_input::Variant::Document(document.into_proto()?)
            }
            VectorInput::Image(image) => vector_input::Variant::Image(image.into_proto()?),
            VectorInput::InferenceObject(object) => {
                vector_input::Variant::Object(object.into_proto()?)
            }
            other => {
                return Err(invalid(
                    "VectorInput",
                    format!("{other:?} is not supported"),
                ));
            }
        };
        Ok(proto::VectorInput {
            variant: Some(variant),
        })
    }
}

impl FromProto<proto::VectorInput> for VectorInput {
    fn from_proto(message: proto::VectorInput) -> Result<Self> {
        Ok(match required(message.variant, "VectorInput.variant")? {
            vector_input::Variant::Dense(dense) => {
                VectorInput::Dense(dense_in(dense.data, "VectorInput.dense")?)
            }
            vector_input::Variant::MultiDense(multi) => {
                VectorInput::MultiDense(multi_in(multi, "VectorInput.multi_dense")?)
            }
            vector_input::Variant::Sparse(sparse) => {
                VectorInput::Sparse(SparseVector::from_proto(sparse)?)
            }
            vector_input::Variant::Id(id) => VectorInput::Id(PointId::from_proto(id)?),
            vector_input::Variant::Document(document) => {
                VectorInput::Document(Document::from_proto(document)?)
            }
            vector_input::Variant::Image(image) => VectorInput::Image(Image::from_proto(image)?),
            vector_input::Variant::Object(object) => {
                VectorInput::InferenceObject(InferenceObject::from_proto(object)?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::{Bm25Config, TokenizerType};
    use quadrant_transport::ErrorKind;
    use serde_json::json;

    use super::*;

    fn round_trip<M, P>(model: M) -> M
    where
        M: IntoProto<P> + FromProto<P> + Clone + PartialEq + std::fmt::Debug,
    {
        let message: P = model.clone().into_proto().unwrap();
        let back = M::from_proto(message).unwrap();
        assert_eq!(back, model);
        back
    }

    #[test]
    fn num_and_uuid_ids() {
        round_trip::<_, proto::PointId>(PointId::Num(u64::MAX));
        let uuid: PointId = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26".parse().unwrap();
        let message: proto::PointId = uuid.into_proto().unwrap();
        assert_eq!(
            message.point_id_options,
            Some(PointIdOptions::Uuid(
                "5c56c793-69f3-4fbf-87e6-c4bf54c28c26".into()
            ))
        );
        round_trip::<_, proto::PointId>(uuid);
    }

    #[test]
    fn bad_ids_are_decode_errors() {
        for options in [None, Some(PointIdOptions::Uuid("not-a-uuid".into()))] {
            let error = PointId::from_proto(proto::PointId {
                point_id_options: options,
            })
            .unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Decode);
            assert!(error.message().contains("PointId"), "{error}");
        }
    }

    #[test]
    fn each_vector_kind_round_trips() {
        let document = Document {
            text: "hello".into(),
            model: "qdrant/bm25".into(),
            options: Some(DocumentOptions::Bm25(Bm25Config {
                k: Some(1.5),
                tokenizer: Some(TokenizerType::Word),
                ..Bm25Config::default()
            })),
        };
        let image = Image {
            image: json!("https://example.com/cat.png"),
            model: "clip".into(),
            options: None,
        };
        let object = InferenceObject {
            object: json!({"anything": [1, 2]}),
            model: "m".into(),
            options: Some(json!({"dimensions": 64}).as_object().unwrap().clone()),
        };
        for vector in [
            Vector::Dense(vec![0.1, 0.2]),
            Vector::MultiDense(vec![vec![1.0, 2.0], vec![3.0, 4.0]]),
            Vector::Sparse(SparseVector::new(vec![1, 7], vec![0.5, 0.25])),
            Vector::Document(document.clone()),
            Vector::Image(image.clone()),
            Vector::InferenceObject(object.clone()),
        ] {
            round_trip::<_, proto::Vector>(vector.clone());
        }
        for vectors in [
            VectorStruct::Single(vec![0.9, 0.1]),
            VectorStruct::MultiDense(vec![vec![0.9], vec![0.1]]),
            VectorStruct::Document(document.clone()),
            [
                ("image", Vector::Dense(vec![0.1])),
                (
                    "keywords",
                    Vector::Sparse(SparseVector::new(vec![3], vec![1.0])),
                ),
            ]
            .into_iter()
            .collect(),
        ] {
            round_trip::<_, proto::Vectors>(vectors);
        }
        for output in [
            VectorStructOutput::Single(vec![0.5]),
            VectorStructOutput::MultiDense(vec![vec![0.5, 0.5]]),
            VectorStructOutput::Named(HashMap::from([
                ("a".to_owned(), VectorOutput::Dense(vec![1.0])),
                (
                    "b".to_owned(),
                    VectorOutput::Sparse(SparseVector::new(vec![2], vec![0.5])),
                ),
                ("c".to_owned(), VectorOutput::MultiDense(vec![vec![1.0]])),
            ])),
        ] {
            round_trip::<_, proto::VectorsOutput>(output);
        }
        for input in [
            VectorInput::Dense(vec![1.0]),
            VectorInput::MultiDense(vec![vec![1.0]]),
            VectorInput::Sparse(SparseVector::new(vec![1], vec![1.0])),
            VectorInput::Id(PointId::Num(7)),
            VectorInput::Document(document),
            VectorInput::Image(image),
            VectorInput::InferenceObject(object),
        ] {
            round_trip::<_, proto::VectorInput>(input);
        }
    }

    #[test]
    #[allow(deprecated, reason = "the deprecated form is what is tested")]
    fn the_deprecated_form_is_read() {
        let dense = proto::VectorOutput {
            data: vec![1.0, 2.0],
            ..proto::VectorOutput::default()
        };
        assert_eq!(
            VectorOutput::from_proto(dense).unwrap(),
            VectorOutput::Dense(vec![1.0, 2.0])
        );
        let sparse = proto::Vector {
            data: vec![0.5, 0.25],
            indices: Some(proto::SparseIndices { data: vec![1, 7] }),
            ..proto::Vector::default()
        };
        assert_eq!(
            Vector::from_proto(sparse).unwrap(),
            Vector::Sparse(SparseVector::new(vec![1, 7], vec![0.5, 0.25]))
        );
        let multi = proto::VectorOutput {
            data: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            vectors_count: Some(3),
            ..proto::VectorOutput::default()
        };
        assert_eq!(
            VectorOutput::from_proto(multi).unwrap(),
            VectorOutput::MultiDense(vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]])
        );
        // The current form wins over stale deprecated fields, and is what is written.
        let both = proto::VectorOutput {
            data: vec![9.0],
            vector: Some(vector_output::Vector::Dense(proto::DenseVector {
                data: vec![1.0],
            })),
            ..proto::VectorOutput::default()
        };
        let read = VectorOutput::from_proto(both).unwrap();
        assert_eq!(read, VectorOutput::Dense(vec![1.0]));
        let written: proto::VectorOutput = read.into_proto().unwrap();
        assert!(written.data.is_empty());
    }

    #[test]
    #[allow(deprecated, reason = "the deprecated form is what is tested")]
    fn bad_vectors_are_typed_errors() {
        let uneven = proto::VectorOutput {
            data: vec![1.0, 2.0, 3.0],
            vectors_count: Some(2),
            ..proto::VectorOutput::default()
        };
        let empty = proto::VectorOutput::default();
        let nan = proto::VectorOutput {
            data: vec![f32::NAN],
            ..proto::VectorOutput::default()
        };
        for message in [uneven, empty, nan] {
            let error = VectorOutput::from_proto(message).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
        }
        let unnamed_sparse = proto::VectorsOutput {
            vectors_options: Some(vectors_output::VectorsOptions::Vector(
                VectorOutput::Sparse(SparseVector::new(vec![1], vec![1.0]))
                    .into_proto()
                    .unwrap(),
            )),
        };
        assert_eq!(
            VectorStructOutput::from_proto(unnamed_sparse)
                .unwrap_err()
                .kind(),
            ErrorKind::Decode
        );
        let infinite =
            IntoProto::<proto::Vector>::into_proto(Vector::Dense(vec![f32::INFINITY])).unwrap_err();
        assert_eq!(infinite.kind(), ErrorKind::InvalidArgument);
        assert!(infinite.message().contains("Vector.dense"), "{infinite}");
    }

    #[test]
    fn a_batch_unrolls_per_point() {
        let named = BatchVectorStruct::Named(HashMap::from([(
            "image".to_owned(),
            vec![Vector::Dense(vec![1.0]), Vector::Dense(vec![2.0])],
        )]));
        let unrolled = batch_vectors(named, 2).unwrap();
        assert_eq!(
            unrolled[1],
            [("image", Vector::Dense(vec![2.0]))].into_iter().collect()
        );
        let short = batch_vectors(BatchVectorStruct::Single(vec![vec![1.0]]), 2).unwrap_err();
        assert_eq!(short.kind(), ErrorKind::InvalidArgument);
    }
}
