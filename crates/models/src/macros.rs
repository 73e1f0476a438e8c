//! Crate-internal macros that write the chainable setters of requests and configs.

/// Writes one consuming setter per `Option` field: `field: T` takes a `T` as is (numbers, so
/// that literals such as `.limit(2)` infer), `field: into T` takes any `impl Into<T>`.
/// Each setter stores `Some(value)`, and each carries the doc comment written before it.
macro_rules! option_setters {
    ($ty:ty { $($body:tt)* }) => {
        impl $ty {
            option_setters!(@munch $($body)*);
        }
    };
    (@munch) => {};
    (@munch $(#[$doc:meta])* $field:ident: into $t:ty, $($rest:tt)*) => {
        $(#[$doc])*
        #[must_use]
        #[allow(deprecated, reason = "a deprecated field keeps its setter, itself deprecated")]
        pub fn $field(mut self, value: impl Into<$t>) -> Self {
            self.$field = Some(value.into());
            self
        }
        option_setters!(@munch $($rest)*);
    };
    (@munch $(#[$doc:meta])* $field:ident: $t:ty, $($rest:tt)*) => {
        $(#[$doc])*
        #[must_use]
        #[allow(deprecated, reason = "a deprecated field keeps its setter, itself deprecated")]
        pub fn $field(mut self, value: $t) -> Self {
            self.$field = Some(value);
            self
        }
        option_setters!(@munch $($rest)*);
    };
}

/// Writes `From<&str>` and `From<String>` for a request whose only required value is the
/// collection name, through its `new` constructor.
macro_rules! from_collection_name {
    ($($ty:ty),* $(,)?) => {
        $(
            impl From<&str> for $ty {
                fn from(collection_name: &str) -> Self {
                    Self::new(collection_name)
                }
            }

            impl From<String> for $ty {
                fn from(collection_name: String) -> Self {
                    Self::new(collection_name)
                }
            }
        )*
    };
}
