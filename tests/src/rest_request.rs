//! A request model from a recorded REST exchange: the route of its method and path, and its
//! body, path parameters and query parameters read back into the model.
//!
//! The routes are the REST column of the operation table. Both the behaviour suite (through
//! [`Call::from_rest`](crate::calls::Call::from_rest)) and the REST transport's replay test
//! (which compiles this file with `#[path]`) read recordings with it, so what fills each
//! request field is written once: `request_from_rest!`, which a consumer of
//! `for_each_operation!` calls with a row's request type and its path and query fields.

use std::collections::BTreeMap;

use quadrant_transport::Operation;
use quadrant_transport::models::{
    OptimizationsWith, PointId, ReadConsistency, SnapshotPriority, WriteOrdering,
};
use serde_json::Value;

/// The operation a REST request calls, and the values of its path parameters.
///
/// The routes are the REST column of the operation table ([`Operation::rest`]). When several
/// templates match (`/collections/aliases` and `/collections/{collection_name}`), the one with
/// more literal segments wins, as in the server's router.
///
/// # Errors
///
/// When no route of the table matches, naming the request.
pub fn route(method: &str, path: &str) -> Result<(Operation, BTreeMap<String, String>), String> {
    let segments: Vec<String> = path
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(percent_decode)
        .collect();
    let mut best: Option<(usize, Operation, BTreeMap<String, String>)> = None;
    for operation in Operation::ALL {
        let rest = operation.rest();
        if !rest.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let parts: Vec<&str> = rest.path.trim_end_matches('/').split('/').skip(1).collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut params = BTreeMap::new();
        let mut literals = 0;
        let matched = parts.iter().zip(&segments).all(|(part, segment)| {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    params.insert(name.to_owned(), segment.clone());
                    true
                }
                None => {
                    literals += 1;
                    part == segment
                }
            }
        });
        if matched && best.as_ref().is_none_or(|(most, ..)| literals > *most) {
            best = Some((literals, *operation, params));
        }
    }
    best.map(|(_, operation, params)| (operation, params))
        .ok_or_else(|| format!("no Qdrant route for {method} {path}"))
}

/// Decodes `%xx` escapes of a path segment; a malformed escape is kept as written.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A value read from a path or query parameter's text.
pub trait FromParam: Sized {
    /// The value `text` stands for.
    fn from_param(text: &str) -> Result<Self, String>;
}

impl<T: FromParam> FromParam for Option<T> {
    fn from_param(text: &str) -> Result<Self, String> {
        T::from_param(text).map(Some)
    }
}

impl<T: FromParam> FromParam for Vec<T> {
    /// Qdrant reads list parameters (`with=queued,completed`) comma-separated.
    fn from_param(text: &str) -> Result<Self, String> {
        text.split(',').map(T::from_param).collect()
    }
}

/// Parameters read through serde: as JSON first (numbers, booleans), then as a JSON string, so
/// `5` is an integer point id and `majority` a consistency name.
macro_rules! serde_param {
    ($($ty:ty),* $(,)?) => {$(
        impl FromParam for $ty {
            fn from_param(text: &str) -> Result<Self, String> {
                serde_json::from_str::<$ty>(text)
                    .or_else(|_| serde_json::from_value::<$ty>(Value::String(text.to_owned())))
                    .map_err(|error| {
                        format!("`{text}` is not a {}: {error}", stringify!($ty))
                    })
            }
        }
    )*};
}

serde_param!(
    String,
    bool,
    u32,
    u64,
    PointId,
    ReadConsistency,
    WriteOrdering,
    SnapshotPriority,
    OptimizationsWith,
);

/// The request model from a REST body; no body reads as `{}`, so that a model whose fields all
/// come from the path and the query (or have defaults) needs none.
pub fn from_body<T: serde::de::DeserializeOwned>(
    body: Option<&Value>,
    name: &str,
) -> Result<T, String> {
    let body = match body {
        None | Some(Value::Null) => Value::Object(serde_json::Map::new()),
        Some(body) => body.clone(),
    };
    serde_json::from_value(body).map_err(|error| format!("the body is not a {name}: {error}"))
}

/// Checks that an operation without a request model got neither a body nor a parameter.
pub fn no_request(
    body: Option<&Value>,
    path: &BTreeMap<String, String>,
    query: &BTreeMap<String, String>,
) -> Result<(), String> {
    if let Some(body) = body.filter(|body| !body.is_null()) {
        return Err(format!("this operation takes no body, got {body}"));
    }
    match path.keys().chain(query.keys()).next() {
        Some(name) => Err(format!("this operation takes no parameter `{name}`")),
        None => Ok(()),
    }
}

/// Reads a path or query parameter's text into the request field it fills.
pub fn param<T: FromParam>(name: &str, value: &str) -> Result<T, String> {
    T::from_param(value).map_err(|error| format!("parameter `{name}`: {error}"))
}

/// The request model `$request` (a type of the table, `()` for none) from a REST `body`, its
/// `path` parameters and its `query` parameters, as `Result<$request, String>`; `$field`s are
/// the row's path and query fields, the only parameters the request takes.
macro_rules! request_from_rest {
    ((), $body:expr, $path:expr, $query:expr;) => {
        $crate::rest_request::no_request($body, &$path, $query)
    };
    ($request:tt, $body:expr, $path:expr, $query:expr; $($field:ident)*) => {
        $crate::rest_request::from_body::<$request>($body, stringify!($request)).and_then(
            |mut request| {
                for (name, value) in $path.iter().chain($query) {
                    match name.as_str() {
                        $(stringify!($field) => {
                            request.$field = $crate::rest_request::param(name, value)?;
                        })*
                        _ => {
                            return Err(format!(
                                "{} has no parameter `{name}`",
                                stringify!($request)
                            ));
                        }
                    }
                }
                Ok(request)
            },
        )
    };
}

pub(crate) use request_from_rest;
