//! `qdrant.DenseVector`, the one protobuf message written by hand instead of generated.
//!
//! Its only field is a packed `repeated float`: the vector. prost encodes and decodes packed
//! floats one at a time through `BufMut::put_f32_le` and `Buf::get_f32_le`, each a bounds-checked
//! call, which was about half of the client's CPU when uploading 768-d points (callgrind, `cargo
//! xtask bench grpc/upload-sink`). Here the floats are converted in blocks and handed to the
//! buffer as whole slices, which the compiler turns into plain copies. The bytes on the wire are
//! the same as prost's: the tests below compare them with a prost-derived twin.
//!
//! The generated code refers to this type through `extern_path` (`xtask/src/protos.rs`), and
//! [`crate::proto`] re-exports it, so the rest of the crate sees `proto::DenseVector` as before.

use prost::DecodeError;
use prost::bytes::{Buf, BufMut};
use prost::encoding::{
    DecodeContext, WireType, decode_varint, encode_key, encode_varint, encoded_len_varint, key_len,
    skip_field,
};

/// The field number of `data`.
const DATA: u32 = 1;
/// Floats converted per block when encoding: 4 KiB of bytes on the stack.
const BLOCK: usize = 1024;

/// A dense vector: `message DenseVector { repeated float data = 1; }`.
#[derive(Clone, PartialEq, Default, Debug)]
pub struct DenseVector {
    /// The vector's values.
    pub data: Vec<f32>,
}

impl prost::Message for DenseVector {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        if self.data.is_empty() {
            return;
        }
        encode_key(DATA, WireType::LengthDelimited, buf);
        encode_varint(packed_len(&self.data) as u64, buf);
        let mut block = [0u8; BLOCK * 4];
        for floats in self.data.chunks(BLOCK) {
            let bytes = &mut block[..floats.len() * 4];
            for (slot, value) in bytes.chunks_exact_mut(4).zip(floats) {
                slot.copy_from_slice(&value.to_le_bytes());
            }
            buf.put_slice(bytes);
        }
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        if tag != DATA {
            return skip_field(wire_type, tag, buf, ctx);
        }
        match packed_floats(wire_type, buf) {
            Some(len) => {
                merge_packed(&mut self.data, len, buf);
                Ok(())
            }
            // Unpacked floats, a length that is not whole floats or one past the end: prost's
            // own decoder, which reads the first and gives its usual errors for the others.
            None => prost::encoding::float::merge_repeated(wire_type, &mut self.data, buf, ctx)
                .map_err(|mut error| {
                    error.push("DenseVector", "data");
                    error
                }),
        }
    }

    fn encoded_len(&self) -> usize {
        if self.data.is_empty() {
            0
        } else {
            let len = packed_len(&self.data);
            key_len(DATA) + encoded_len_varint(len as u64) + len
        }
    }

    fn clear(&mut self) {
        self.data.clear();
    }
}

/// The byte length of `values` packed.
fn packed_len(values: &[f32]) -> usize {
    values.len() * 4
}

/// When `buf` starts a packed field of whole floats that it holds entirely, consumes the length
/// and returns it; otherwise consumes nothing.
fn packed_floats(wire_type: WireType, buf: &mut impl Buf) -> Option<usize> {
    if wire_type != WireType::LengthDelimited {
        return None;
    }
    let mut head = buf.chunk();
    let before = head.len();
    let len = usize::try_from(decode_varint(&mut head).ok()?).ok()?;
    let prefix = before - head.len();
    if !len.is_multiple_of(4) || len > buf.remaining().saturating_sub(prefix) {
        return None;
    }
    buf.advance(prefix);
    Some(len)
}

/// Appends the `len / 4` floats at the front of `buf`, which holds at least `len` bytes.
fn merge_packed(values: &mut Vec<f32>, len: usize, buf: &mut impl Buf) {
    values.reserve(len / 4);
    let mut left = len;
    while left > 0 {
        let chunk = buf.chunk();
        let whole = chunk.len().min(left) / 4 * 4;
        if whole == 0 {
            // A float split between two chunks of a non-contiguous buffer.
            values.push(buf.get_f32_le());
            left -= 4;
            continue;
        }
        values.extend(
            chunk[..whole]
                .chunks_exact(4)
                .map(|bytes| f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])),
        );
        buf.advance(whole);
        left -= whole;
    }
}

#[cfg(test)]
mod tests {
    use prost::Message as _;
    use prost::bytes::Buf as _;

    use super::DenseVector;

    /// What prost derives for the same message: the reference for the bytes.
    #[derive(Clone, PartialEq, prost::Message)]
    struct Derived {
        #[prost(float, repeated, tag = "1")]
        data: Vec<f32>,
    }

    /// A message holding a `DenseVector`, as the generated ones do, with a field after it.
    #[derive(Clone, PartialEq, prost::Message)]
    struct Holder {
        #[prost(message, optional, tag = "101")]
        dense: Option<DenseVector>,
        #[prost(string, tag = "2")]
        name: String,
    }

    fn values(n: usize) -> Vec<f32> {
        (0..n).map(|i| (i as f32 * 0.37).sin() - 0.5).collect()
    }

    #[test]
    fn encodes_the_bytes_prost_does() {
        for n in [0, 1, 3, 255, 1024, 1025, 3000] {
            let data = values(n);
            let ours = DenseVector { data: data.clone() };
            let derived = Derived { data };
            assert_eq!(ours.encoded_len(), derived.encoded_len(), "{n} floats");
            assert_eq!(ours.encode_to_vec(), derived.encode_to_vec(), "{n} floats");
        }
    }

    #[test]
    fn decodes_what_prost_encodes_inside_a_message() {
        let holder = Holder {
            dense: Some(DenseVector { data: values(768) }),
            name: "after".into(),
        };
        let bytes = holder.encode_to_vec();
        assert_eq!(Holder::decode(bytes.as_slice()).unwrap(), holder);
    }

    #[test]
    fn decodes_across_the_chunks_of_a_split_buffer() {
        let data = values(100);
        let bytes = Derived { data: data.clone() }.encode_to_vec();
        // Split inside a float, so that one float straddles the two chunks.
        for split in [1, 2, 5, 7, 201, bytes.len() - 1] {
            let (front, back) = bytes.split_at(split);
            let decoded = DenseVector::decode(front.chain(back)).unwrap();
            assert_eq!(decoded.data, data, "split at {split}");
        }
    }

    #[test]
    fn decodes_unpacked_floats_and_repeated_fields() {
        // Unpacked floats (key 0x0d per value), then a second packed run, which appends.
        let mut bytes = Vec::new();
        for value in [1.5f32, -2.0] {
            bytes.push(0x0d);
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes.extend(Derived { data: vec![3.0] }.encode_to_vec());
        assert_eq!(
            DenseVector::decode(bytes.as_slice()).unwrap().data,
            vec![1.5, -2.0, 3.0]
        );
    }

    #[test]
    fn refuses_broken_input_instead_of_panicking() {
        // A length that is not whole floats, and one past the end of the buffer.
        let not_whole = [0x0a, 0x03, 0, 0, 0];
        assert!(DenseVector::decode(&not_whole[..]).is_err());
        let past_end = [0x0a, 0x08, 0, 0, 0, 0];
        assert!(DenseVector::decode(&past_end[..]).is_err());
        // Unknown fields are skipped, as prost does.
        let unknown = [0x10, 0x07, 0x0a, 0x04, 0, 0, 0x80, 0x3f];
        assert_eq!(DenseVector::decode(&unknown[..]).unwrap().data, vec![1.0]);
    }
}
