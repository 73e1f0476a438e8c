//! The operation table: every Qdrant operation quadrant knows, listed once.
//!
//! One `operation_table!` invocation below declares each operation's method name, request and
//! response models and retry safety. It expands into the [`Operation`] enum and the
//! [`Transport`] trait, so adding an operation is one entry here plus its implementations.

use std::fmt::Debug;

use crate::Result;
use crate::models::*;

/// How safe an operation is to send again after a failure whose outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retry {
    /// Reads nothing but state; always safe to repeat.
    Read,
    /// Changes state, but doing it twice leaves the same state as doing it once, for example an
    /// upsert with explicit ids or a delete.
    IdempotentWrite,
    /// Changes state in a way that a second attempt could observe or double, for example creating
    /// a collection, which fails with `AlreadyExists` the second time.
    Write,
}

impl Retry {
    /// Whether a retry layer may repeat the call after a transient failure.
    pub const fn is_safe(self) -> bool {
        matches!(self, Self::Read | Self::IdempotentWrite)
    }
}

macro_rules! operation_table {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => fn $method:ident($request:ty) -> $response:ty, $retry:ident;
    )*) => {
        /// Names one Qdrant operation. [`Operation::ALL`] lists every operation quadrant has.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Operation {
            /// Every operation, in table order.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),*];

            /// The method name, which is Qdrant's REST operation id.
            pub const fn name(self) -> &'static str {
                match self { $(Operation::$variant => stringify!($method),)* }
            }

            /// How safe the operation is to repeat.
            pub const fn retry(self) -> Retry {
                match self { $(Operation::$variant => Retry::$retry,)* }
            }

            /// The request model's type, as written in the table.
            pub const fn request_type(self) -> &'static str {
                match self { $(Operation::$variant => stringify!($request),)* }
            }

            /// The response model's type, as written in the table.
            pub const fn response_type(self) -> &'static str {
                match self { $(Operation::$variant => stringify!($response),)* }
            }
        }

        /// A way of reaching Qdrant: one async method per [`Operation`].
        ///
        /// Implementations exist for REST, gRPC and the embedded engine. Each method takes the
        /// request model and returns the response model; an operation the transport cannot
        /// perform returns an [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) error and
        /// never pretends to succeed. The trait is object safe: the facade holds an
        /// `Arc<dyn Transport>`.
        #[async_trait::async_trait]
        pub trait Transport: Debug + Send + Sync + 'static {
            /// A short name for logs and error messages: `rest`, `grpc` or `embedded`.
            fn name(&self) -> &'static str;

            $(
                $(#[doc = $doc])*
                async fn $method(&self, request: $request) -> Result<$response>;
            )*
        }
    };
}

operation_table! {
    /// Lists the names of all collections.
    GetCollections => fn get_collections(()) -> CollectionsResponse, Read;
    /// Returns a collection's configuration, status and counts.
    GetCollection => fn get_collection(GetCollection) -> CollectionInfo, Read;
    /// Creates a collection; `true` when it was created.
    CreateCollection => fn create_collection(CreateCollection) -> bool, Write;
    /// Deletes a collection; `false` when there was none to delete.
    DeleteCollection => fn delete_collection(DeleteCollection) -> bool, IdempotentWrite;
    /// Says whether a collection exists.
    CollectionExists => fn collection_exists(CollectionExists) -> CollectionExistence, Read;
    /// Creates a payload index on one field.
    CreateFieldIndex => fn create_field_index(CreateFieldIndex) -> UpdateResult, IdempotentWrite;
    /// Deletes the payload index of one field.
    DeleteFieldIndex => fn delete_field_index(DeleteFieldIndex) -> UpdateResult, IdempotentWrite;
    /// Inserts points, or replaces the points with the same ids.
    UpsertPoints => fn upsert_points(UpsertPoints) -> UpdateResult, IdempotentWrite;
    /// Retrieves points by id; ids that do not exist are left out.
    GetPoints => fn get_points(GetPoints) -> Vec<Record>, Read;
    /// Deletes points by id or by filter.
    DeletePoints => fn delete_points(DeletePoints) -> UpdateResult, IdempotentWrite;
    /// Counts the points that match a filter.
    CountPoints => fn count_points(CountPoints) -> CountResult, Read;
    /// Reads one page of the points that match a filter, in id order or by a payload field.
    ScrollPoints => fn scroll_points(ScrollPoints) -> ScrollResult, Read;
    /// Runs a universal query: nearest neighbours, fusion, order by, formulas and more.
    QueryPoints => fn query_points(QueryPoints) -> QueryResponse, Read;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_rest_ids() {
        let mut names: Vec<_> = Operation::ALL.iter().map(|op| op.name()).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "an operation is listed twice");
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not a REST operation id"
            );
        }
    }

    #[test]
    fn reads_are_safe_and_creation_is_not() {
        assert!(Operation::QueryPoints.retry().is_safe());
        assert!(Operation::UpsertPoints.retry().is_safe());
        assert!(!Operation::CreateCollection.retry().is_safe());
    }
}
