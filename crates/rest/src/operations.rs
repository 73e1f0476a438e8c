//! `impl Transport for RestTransport`, generated from the operation table.
//!
//! Every operation's wire form is its row's REST column
//! ([`for_each_operation!`](quadrant_transport::for_each_operation)): the HTTP method, the path
//! as Qdrant's REST reference writes it with the request fields that fill its segments, the
//! request fields sent as query parameters, whether the request model is the JSON body (its path
//! and query fields are skipped by serde), and the answer's shape, which picks how the answer is
//! read. No operation is written out by hand here; the particulars that are not one operation's
//! but a field's or a shape's are the named arms of [`rest_transport!`]:
//!
//! - the query field `wait`: unset is sent as `wait=true`, so that a write is visible to the
//!   next read (the server's default is `false`);
//! - the answer `described`: `wait=false` is refused before sending (see
//!   [`must_wait_for_description`]);
//! - the answer `multipart`: the request's `snapshot` file is sent as a `multipart/form-data`
//!   upload.

use std::borrow::Cow;

use quadrant_transport::models::*;
use quadrant_transport::{
    Capabilities, Error, ErrorKind, Operation, Result, SnapshotDownload, Transport, async_trait,
    for_each_operation,
};
use reqwest::Method;

use crate::client::{Path, Query, RestTransport};
use crate::upload::UploadForm;

/// Writes `impl Transport for RestTransport` from the rows of the operation table.
macro_rules! rest_transport {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:tt) -> $response:ty, $retry:ident,
            rest($http:ident $path:literal [$($param:ident),*] ?[$($query:ident),*]
                $($body:ident)? => $answer:ident),
            grpc($($rpc:literal, $grpc_request:ident -> $grpc_response:ident)?)
            $(, deprecated($note:literal))?;
    )*) => {
        #[async_trait]
        impl Transport for RestTransport {
            fn name(&self) -> &'static str {
                "rest"
            }

            fn capabilities(&self) -> Capabilities {
                Capabilities::all()
            }

            $(
                async fn $method(&self, request: $request) -> Result<$response> {
                    let operation = Operation::$variant;
                    let path = Path::new($path, [$(PathValue::segment(&request.$param)),*]);
                    let query = Query::new();
                    $(let query = rest_transport!(@query query request $query);)*
                    rest_transport!(
                        @send $answer self operation request path query
                        Method::$http, rest_transport!(@body request $($body)?)
                    )
                }
            )*
        }
    };

    // ---- query parameters ----------------------------------------------------------------------
    // `wait` unset is sent as `wait=true`: quadrant's writes wait unless told not to.
    (@query $query:ident $request:ident wait) => {
        $query.wait($request.wait)
    };
    (@query $query:ident $request:ident $field:ident) => {
        $query.push(stringify!($field), &$request.$field)
    };

    // ---- body ----------------------------------------------------------------------------------
    (@body $request:ident body) => {
        Some(&$request)
    };
    (@body $request:ident) => {{
        let _ = &$request;
        NO_BODY
    }};

    // ---- answers -------------------------------------------------------------------------------
    (@send json $this:ident $op:ident $request:ident $path:ident $query:ident $method:expr, $body:expr) => {
        $this.json($op, $method, $path, $query, $body).await?.result()
    };
    (@send accepted $this:ident $op:ident $request:ident $path:ident $query:ident $method:expr, $body:expr) => {
        $this.json($op, $method, $path, $query, $body).await?.flag()
    };
    (@send described $this:ident $op:ident $request:ident $path:ident $query:ident $method:expr, $body:expr) => {{
        must_wait_for_description($op, $request.wait)?;
        $this.json($op, $method, $path, $query, $body).await?.result()
    }};
    (@send bare $this:ident $op:ident $request:ident $path:ident $query:ident $method:expr, $body:expr) => {
        $this.json($op, $method, $path, $query, $body).await?.plain()
    };
    (@send text $this:ident $op:ident $request:ident $path:ident $query:ident $method:expr, $body:expr) => {
        $this.json($op, $method, $path, $query, $body).await?.text()
    };
    (@send download $this:ident $op:ident $request:ident $path:ident $query:ident $method:expr, $body:expr) => {{
        let _: Option<&()> = $body;
        $this.download($op, $method, $path, $query).await
    }};
    // The request's snapshot file is the body, sent as a form.
    (@send multipart $this:ident $op:ident $request:ident $path:ident $query:ident $method:expr, $body:expr) => {{
        let _: Option<&()> = $body;
        let form = UploadForm::snapshot($request.snapshot).await?;
        $this.upload($op, $method, $path, $query, form).await
    }};
}

for_each_operation!(rest_transport);

/// The body of requests that have none.
const NO_BODY: Option<&()> = None;

/// A request field that fills a path segment: its text, which [`Path`] percent-encodes.
pub(crate) trait PathValue {
    /// The segment's text, before encoding.
    fn segment(&self) -> Cow<'_, str>;
}

impl PathValue for String {
    fn segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// Path values written with their `Display`: ids, shard ids and peer ids.
macro_rules! display_path_value {
    ($($ty:ty),*) => {$(
        impl PathValue for $ty {
            fn segment(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_path_value!(u32, u64, PointId);

/// Refuses `wait=false` for snapshot creation: Qdrant then answers `202 Accepted` without the
/// snapshot's description, which is what these operations return. Refusing before sending
/// leaves no snapshot being made behind an error.
fn must_wait_for_description(operation: Operation, wait: Option<bool>) -> Result<()> {
    if wait == Some(false) {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!(
                "`{}` with wait=false is not supported over REST: Qdrant then answers without \
                 the snapshot's description; leave `wait` unset, or list the snapshots later",
                operation.name()
            ),
        ));
    }
    Ok(())
}
