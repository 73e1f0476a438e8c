//! The protobuf codec of every call (and of the generated stubs): prost's encoder, and a decoder that reads each
//! answer from one contiguous slice.
//!
//! tonic hands a decoder the message as a `Buf` over its receive buffer; prost reading through
//! that `Buf` pays a bounds-checked `advance` of the buffer for every varint, tag and string,
//! about half of a small answer's decoding (callgrind, `cargo xtask bench grpc/call`). The
//! message is contiguous in that buffer whenever it arrived whole, which tonic waits for, so it
//! is decoded from a plain byte slice instead.

use std::marker::PhantomData;

use prost::Message;
use prost::bytes::Buf as _;
use tonic::Status;
use tonic::codec::{BufferSettings, Codec, DecodeBuf, Decoder};
use tonic_prost::ProstEncoder;

/// The codec of every call, also named in the generated stubs (`codec_path` in
/// `xtask/src/protos.rs`).
#[derive(Debug, Clone, Copy)]
pub struct SliceCodec<T, U> {
    _messages: PhantomData<(T, U)>,
}

impl<T, U> Default for SliceCodec<T, U> {
    fn default() -> Self {
        Self {
            _messages: PhantomData,
        }
    }
}

impl<T, U> Codec for SliceCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = SliceDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder::new(BufferSettings::default())
    }

    fn decoder(&mut self) -> Self::Decoder {
        SliceDecoder {
            _message: PhantomData,
        }
    }
}

/// Decodes a `U` from the contiguous bytes of its message when it has them, else through the
/// `Buf` as prost's own decoder does.
#[derive(Debug)]
pub struct SliceDecoder<U> {
    _message: PhantomData<U>,
}

impl<U: Message + Default> Decoder for SliceDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        let length = buf.remaining();
        let whole = buf.chunk().get(..length).map(U::decode);
        let decoded = match whole {
            Some(decoded) => {
                buf.advance(length);
                decoded
            }
            None => U::decode(&mut *buf),
        };
        // An undecodable message is an INTERNAL status, as tonic's prost codec makes it.
        decoded
            .map(Some)
            .map_err(|error| Status::internal(error.to_string()))
    }
}
