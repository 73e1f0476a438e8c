//! Reading the recorded exchanges in `fixtures/conformance/`, copied from `../shared/conformance`.
//!
//! Scenarios take their request bodies from here, so a scenario sends exactly what the recorded
//! client sent and the replay server can answer it.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::replay::fixtures_dir;

/// One recorded scenario file, parsed.
#[derive(Debug, Clone)]
pub struct Recording {
    name: String,
    document: Value,
}

impl Recording {
    /// Loads `fixtures/conformance/<name>.json`.
    ///
    /// # Panics
    ///
    /// When the file is missing or not JSON: the fixtures are part of the repository.
    pub fn load(name: &str) -> Self {
        let path = fixtures_dir().join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        let document = serde_json::from_str(&text)
            .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()));
        Self {
            name: name.to_owned(),
            document,
        }
    }

    /// The whole recording, as JSON.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// Every step, in recorded order.
    pub fn steps(&self) -> &[Value] {
        self.document["steps"].as_array().map_or(&[], Vec::as_slice)
    }

    /// The step called `step`.
    ///
    /// # Panics
    ///
    /// When there is no such step.
    pub fn step(&self, step: &str) -> &Value {
        self.steps()
            .iter()
            .find(|candidate| candidate["name"] == step)
            .unwrap_or_else(|| panic!("{} has no step {step}", self.name))
    }

    /// The first REST exchange of `step`.
    pub fn rest_exchange(&self, step: &str) -> &Value {
        &self.step(step)["rest"]["exchanges"][0]
    }

    /// The REST request body of `step`, decoded into the request model `T`.
    ///
    /// Path and query parameters are not part of a body: the caller sets `collection_name`.
    ///
    /// # Panics
    ///
    /// When the body does not decode, which the conformance tests report in detail.
    pub fn request<T: DeserializeOwned>(&self, step: &str) -> T {
        let body = self.rest_exchange(step)["request"].clone();
        serde_json::from_value(body).unwrap_or_else(|error| {
            panic!("{}/{step}: request does not decode: {error}", self.name)
        })
    }

    /// The REST `result` of `step`, decoded into the response model `T`.
    ///
    /// # Panics
    ///
    /// When the result does not decode.
    pub fn result<T: DeserializeOwned>(&self, step: &str) -> T {
        let result = self.rest_exchange(step)["response"]["result"].clone();
        serde_json::from_value(result)
            .unwrap_or_else(|error| panic!("{}/{step}: result does not decode: {error}", self.name))
    }
}
