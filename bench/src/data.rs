//! The data the benchmarks send and receive: unit-length pseudo-random vectors (the kind an
//! embedding model gives, whose coordinates print with many digits, which is the costly case
//! for JSON), small payloads, and the answers a server would give.
//!
//! Everything is generated from a fixed seed, so every run measures the same bytes.

use quadrant_models::{
    Payload, PointStruct, QueryResponse, ScoredPoint, UpsertPoints, VectorStructOutput,
};
use serde_json::json;

/// The collection every request names.
pub const COLLECTION: &str = "bench";

/// A small deterministic generator (xorshift64*): enough for benchmark data, and no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (zero is replaced, since xorshift would stay at zero).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A float in `[-1, 1)`.
    pub fn next_f32(&mut self) -> f32 {
        // The top 24 bits give every float of that grid with equal chance.
        let unit = (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
        unit * 2.0 - 1.0
    }
}

/// A vector of `dim` coordinates with length 1.
pub fn unit_vector(rng: &mut Rng, dim: usize) -> Vec<f32> {
    let mut vector: Vec<f32> = (0..dim).map(|_| rng.next_f32()).collect();
    let norm = vector
        .iter()
        .map(|x| x * x)
        .sum::<f32>()
        .sqrt()
        .max(f32::MIN_POSITIVE);
    for x in &mut vector {
        *x /= norm;
    }
    vector
}

/// The small payload of point `i`: a city, a count and a tag list, about 60 bytes of JSON.
pub fn payload(i: u64) -> Payload {
    const CITIES: [&str; 4] = ["Berlin", "Lisbon", "Nairobi", "Osaka"];
    let city = CITIES.get((i % 4) as usize).copied().unwrap_or("Berlin");
    let json = json!({"city": city, "count": i, "tags": ["news", "archived"]});
    match json {
        serde_json::Value::Object(map) => map,
        _ => Payload::new(),
    }
}

/// `count` points with ids from `first_id`, `dim`-dimensional vectors and small payloads.
pub fn points(rng: &mut Rng, first_id: u64, count: usize, dim: usize) -> Vec<PointStruct> {
    (first_id..first_id + count as u64)
        .map(|id| PointStruct::new(id, unit_vector(rng, dim), payload(id)))
        .collect()
}

/// An upsert of `count` points of `dim` dimensions into [`COLLECTION`].
pub fn upsert(rng: &mut Rng, first_id: u64, count: usize, dim: usize) -> UpsertPoints {
    UpsertPoints::new(COLLECTION, points(rng, first_id, count, dim))
}

/// A query answer of `count` points, best first, each with its payload and, when `dim` is not
/// zero, a `dim`-dimensional vector.
pub fn query_response(rng: &mut Rng, count: usize, dim: usize) -> QueryResponse {
    let points = (0..count as u64)
        .map(|i| ScoredPoint {
            id: i.into(),
            version: 3,
            score: 1.0 - i as f32 / 1000.0 - rng.next_f32().abs() / 10_000.0,
            payload: Some(payload(i)),
            vector: (dim > 0).then(|| VectorStructOutput::Single(unit_vector(rng, dim))),
            shard_key: None,
            order_value: None,
        })
        .collect();
    QueryResponse { points }
}

/// `answer` in Qdrant's REST envelope, as the server writes it.
pub fn rest_envelope(answer: &impl serde::Serialize) -> Vec<u8> {
    let body = json!({"result": answer, "status": "ok", "time": 0.001_234});
    serde_json::to_vec(&body).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_unit_length_and_repeatable() {
        let a = unit_vector(&mut Rng::new(7), 768);
        let b = unit_vector(&mut Rng::new(7), 768);
        assert_eq!(a, b);
        let norm: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        assert!(a.iter().all(|x| x.abs() < 1.0));
    }

    #[test]
    fn the_envelope_reads_back() {
        let answer = query_response(&mut Rng::new(1), 3, 4);
        let body = rest_envelope(&answer);
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["status"], "ok");
        assert_eq!(value["result"]["points"].as_array().unwrap().len(), 3);
        assert_eq!(value["result"]["points"][2]["payload"]["count"], 2);
    }
}
