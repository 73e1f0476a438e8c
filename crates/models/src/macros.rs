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

/// Writes an enum of names that Qdrant's answers carry (a distance, a datatype, a status),
/// open to names this client does not know: a newer server's value decodes into `Unknown`,
/// which keeps it as read and writes it back unchanged, so an answer from a newer server still
/// decodes and a read-modify-write sends back what it read.
///
/// One line per known value: `Variant = "wire_name",` (with its doc comment). Adding a value
/// Qdrant gained is one such line; the gRPC side adds the pair to its `enum_conversions!`.
/// Over gRPC, an unknown enum number reads as `Unknown` holding the number in decimal (REST
/// names are never digits, so the two cannot be confused); see `quadrant-grpc`'s `convert`.
///
/// The enum also gets `as_str` (the wire name), `Display`, `From<&str>` and `From<String>`
/// (which pick the known variant for a known name), and serde impls as a plain JSON string.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this client does not know, kept as the server wrote it (over gRPC, the
            /// enum number in decimal) and sent back unchanged.
            Unknown(String),
        }

        impl $name {
            /// The value as Qdrant's REST API writes it (an unknown value as it was read).
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(raw) => raw,
                }
            }

            /// The known value of this name, or `Unknown` holding it.
            fn from_wire(name: &str) -> Option<Self> {
                match name {
                    $( $wire => Some(Self::$variant), )*
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(name: &str) -> Self {
                Self::from_wire(name).unwrap_or_else(|| Self::Unknown(name.to_owned()))
            }
        }

        impl From<String> for $name {
            fn from(name: String) -> Self {
                Self::from_wire(&name).unwrap_or(Self::Unknown(name))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Name;

                impl ::serde::de::Visitor<'_> for Name {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " name"))
                    }

                    fn visit_str<E: ::serde::de::Error>(self, name: &str) -> Result<$name, E> {
                        Ok($name::from(name))
                    }

                    fn visit_string<E: ::serde::de::Error>(self, name: String) -> Result<$name, E> {
                        Ok($name::from(name))
                    }
                }

                deserializer.deserialize_str(Name)
            }
        }
    };
}
