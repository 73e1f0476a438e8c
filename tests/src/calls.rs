//! One typed call per operation, built from a recorded REST exchange.
//!
//! The recordings in `fixtures/conformance/` hold what the recording client sent over HTTP:
//! method, path, query and JSON body. [`Call::from_rest`] reads that back into the operation's
//! request model (the body through serde, the path and query parameters into the model's
//! skipped fields), so any transport can replay the step through the facade with
//! [`Call::send`]. A request that reaches a REST server therefore proves the models write what
//! the real client wrote; one that reaches gRPC or the embedded engine proves the same call
//! means the same thing there.

use std::collections::BTreeMap;

use quadrant::models::*;
use quadrant::{AsyncQdrantClient, Error, ErrorKind, Operation};
use serde_json::Value;

pub use crate::rest_request::route;

/// Serializes an answer the way a REST server would write it.
fn to_json(answer: impl serde::Serialize) -> quadrant::Result<Value> {
    serde_json::to_value(answer).map_err(|error| {
        Error::new(
            ErrorKind::Decode,
            format!("the answer does not serialize: {error}"),
        )
    })
}

/// Declares [`Call`] from the rows of the operation table: one variant per operation, holding
/// its request model. The REST column says which path and query parameters fill the request's
/// fields; how the facade method is called follows from the request and the answer: with no
/// argument when the request is `()`, answering a byte stream for a `download`, else with the
/// request.
macro_rules! calls {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:tt) -> $response:ty, $retry:ident,
            rest($http:ident $path:literal [$($param:ident),*] ?[$($query:ident),*]
                $($body:ident)? => $answer:ident),
            grpc($($rpc:literal, $grpc_request:ident -> $grpc_response:ident)?)
            $(, deprecated($note:literal))?;
    )*) => {
        /// One operation with its typed request, ready to send through the facade.
        #[derive(Clone)]
        #[allow(
            clippy::large_enum_variant,
            reason = "built once per recorded step; boxing would only add noise"
        )]
        pub enum Call {
            $(
                #[doc = concat!("`", stringify!($method), "`")]
                $variant($request),
            )*
        }

        impl Call {
            /// The operation this call performs.
            pub fn operation(&self) -> Operation {
                match self {
                    $(Call::$variant(_) => Operation::$variant,)*
                }
            }

            /// The request's REST body as JSON, `Null` for the operations without one.
            ///
            /// # Errors
            ///
            /// When the request does not serialize.
            pub fn body(&self) -> Result<Value, String> {
                // Through text, so that `f32` values read back as written rather than widened.
                let text = match self {
                    $(Call::$variant(request) => serde_json::to_string(request),)*
                }
                .map_err(|error| format!("the request does not serialize: {error}"))?;
                serde_json::from_str(&text).map_err(|error| format!("not JSON: {error}"))
            }

            /// Reads a recorded REST request back into its call.
            ///
            /// `path` is the request path as sent (percent-escapes are decoded), `query` its
            /// query parameters and `body` its JSON body, if any.
            ///
            /// # Errors
            ///
            /// A message naming the problem when the path matches no route of the table, a
            /// parameter is unknown or malformed, or the body does not decode into the
            /// operation's request model.
            pub fn from_rest(
                method: &str,
                path: &str,
                query: &BTreeMap<String, String>,
                body: Option<&Value>,
            ) -> Result<Call, String> {
                let (operation, params) = route(method, path)?;
                let call = match operation {
                    $(Operation::$variant => Call::$variant(
                        crate::rest_request::request_from_rest!(
                            $request, body, params, query; $($param)* $($query)*
                        )?
                    ),)*
                    other => return Err(format!("{} has no call", other.name())),
                };
                Ok(call)
            }

            /// Sends the call through the facade and returns the answer as JSON, in the shape
            /// of the REST `result`. A download answers with its length in bytes.
            ///
            /// # Errors
            ///
            /// The facade's error, unchanged.
            #[allow(deprecated, reason = "the legacy endpoints are operations too")]
            pub async fn send(self, client: &AsyncQdrantClient) -> quadrant::Result<Value> {
                match self {
                    $(Call::$variant(request) => {
                        calls!(@send $request $answer client $method request)
                    })*
                }
            }
        }
    };

    // How the facade method is called.
    (@send () $answer:ident $client:ident $method:ident $request:ident) => {{
        let () = $request;
        to_json($client.$method().await?)
    }};
    (@send $type:tt download $client:ident $method:ident $request:ident) => {{
        let download = $client.$method($request).await?;
        let length = download.write_to(&mut tokio::io::sink()).await?;
        Ok(Value::from(length))
    }};
    (@send $type:tt $answer:ident $client:ident $method:ident $request:ident) => {
        to_json($client.$method($request).await?)
    };
}

quadrant_transport::for_each_operation!(calls);

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Some requests (snapshot uploads) carry files and have no Debug of their own.
        write!(f, "Call({})", self.operation().name())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::replay::{fixtures_dir, load_rest_exchanges};

    /// Recorded requests that are deliberately not a request of Qdrant's API, and why.
    const NOT_CALLS: &[(&str, &str, &str)] = &[
        (
            "errors",
            "GET /collections/conf_errors/nope",
            "a route the server does not have, sent to record its 404",
        ),
        (
            "errors",
            "PUT /collections/conf_errors/points",
            "a body with the point id `not-a-uuid`, sent to record the server's 400; no point \
             id model can hold it",
        ),
    ];

    fn scenarios() -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        let (operation, params) = route("POST", "/collections/aliases").unwrap();
        assert_eq!(operation, Operation::UpdateAliases);
        assert!(params.is_empty());
        let (operation, params) = route("POST", "/collections/c%20d/points/delete").unwrap();
        assert_eq!(operation, Operation::DeletePoints);
        assert_eq!(params["collection_name"], "c d");
        let (operation, params) = route("GET", "/collections/c/points/7").unwrap();
        assert_eq!(operation, Operation::GetPoint);
        assert_eq!(params["id"], "7");
        assert!(route("GET", "/collections/c/nope").is_err());
    }

    #[test]
    fn path_and_query_parameters_fill_the_request() {
        let query = BTreeMap::from([
            ("wait".to_owned(), "false".to_owned()),
            ("ordering".to_owned(), "strong".to_owned()),
        ]);
        let call = Call::from_rest("DELETE", "/collections/docs/index/a.b", &query, None).unwrap();
        let Call::DeleteFieldIndex(request) = call else {
            panic!("{call:?}");
        };
        assert_eq!(request.collection_name, "docs");
        assert_eq!(request.field_name, "a.b");
        assert_eq!(request.wait, Some(false));
        assert_eq!(request.ordering, Some(WriteOrdering::Strong));

        let uuid = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26";
        let call = Call::from_rest(
            "GET",
            &format!("/collections/docs/points/{uuid}"),
            &BTreeMap::from([("consistency".to_owned(), "2".to_owned())]),
            None,
        )
        .unwrap();
        let Call::GetPoint(request) = call else {
            panic!("{call:?}");
        };
        assert_eq!(request.id, uuid.parse::<PointId>().unwrap());
        assert!(request.consistency.is_some());

        let call = Call::from_rest(
            "GET",
            "/collections/docs/optimizations",
            &BTreeMap::from([("with".to_owned(), "queued,completed".to_owned())]),
            None,
        )
        .unwrap();
        let Call::GetOptimizations(request) = call else {
            panic!("{call:?}");
        };
        assert_eq!(request.with.map(|with| with.len()), Some(2));
    }

    #[test]
    fn bad_requests_are_named() {
        let error = Call::from_rest(
            "PUT",
            "/collections/docs/points",
            &BTreeMap::from([("wiat".to_owned(), "true".to_owned())]),
            Some(&json!({"points": []})),
        )
        .unwrap_err();
        assert!(error.contains("no parameter `wiat`"), "{error}");
        let error = Call::from_rest(
            "GET",
            "/collections/docs/points/nope",
            &BTreeMap::new(),
            None,
        )
        .unwrap_err();
        assert!(error.contains("parameter `id`"), "{error}");
        let error = Call::from_rest(
            "POST",
            "/collections/docs/points/count",
            &BTreeMap::new(),
            Some(&json!({"exact": "yes"})),
        )
        .unwrap_err();
        assert!(error.contains("CountPoints"), "{error}");
        let error =
            Call::from_rest("GET", "/collections", &BTreeMap::new(), Some(&json!({}))).unwrap_err();
        assert!(error.contains("takes no body"), "{error}");
    }

    /// Every REST request of every recorded scenario reads back into a call of the operation
    /// its path names, except the deliberately malformed ones in [`NOT_CALLS`].
    #[test]
    fn every_recorded_rest_request_parses() {
        let mut failures = Vec::new();
        let mut expected_misses: Vec<(&str, &str)> =
            NOT_CALLS.iter().map(|(s, r, _)| (*s, *r)).collect();
        let mut parsed = 0;
        for scenario in scenarios() {
            for exchange in load_rest_exchanges(&scenario, None) {
                let request = format!("{} {}", exchange.method, exchange.path);
                match Call::from_rest(
                    &exchange.method,
                    &exchange.path,
                    &exchange.query,
                    exchange.request.as_ref(),
                ) {
                    Ok(call) => {
                        let (operation, _) = route(&exchange.method, &exchange.path).unwrap();
                        assert_eq!(call.operation(), operation);
                        parsed += 1;
                    }
                    Err(error) => {
                        match expected_misses
                            .iter()
                            .position(|(s, r)| *s == scenario && *r == request)
                        {
                            Some(index) => {
                                expected_misses.remove(index);
                            }
                            None => failures.push(format!("{scenario}: {request}: {error}")),
                        }
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "recorded requests that do not parse:\n  {}",
            failures.join("\n  ")
        );
        assert!(
            expected_misses.is_empty(),
            "listed as not parsing, but parsed: {expected_misses:?}"
        );
        let total: usize = scenarios()
            .iter()
            .map(|scenario| load_rest_exchanges(scenario, None).len())
            .sum();
        assert_eq!(parsed + NOT_CALLS.len(), total);
    }

    /// A call sent to REST writes the recorded body again: the request model loses nothing the
    /// recording client sent.
    #[test]
    fn parsed_bodies_serialize_back_to_the_recorded_body() {
        let mut failures = Vec::new();
        for scenario in scenarios() {
            for exchange in load_rest_exchanges(&scenario, None) {
                let Some(body) = exchange.request.as_ref().filter(|body| !body.is_null()) else {
                    continue;
                };
                let Ok(call) = Call::from_rest(
                    &exchange.method,
                    &exchange.path,
                    &exchange.query,
                    Some(body),
                ) else {
                    continue;
                };
                let written = call.body().unwrap();
                if let Some(difference) = crate::replay::body_difference(Some(body), Some(&written))
                {
                    failures.push(format!(
                        "{scenario}: {} {}: {difference}",
                        exchange.method, exchange.path
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "bodies written differently:\n  {}",
            failures.join("\n  ")
        );
    }
}
