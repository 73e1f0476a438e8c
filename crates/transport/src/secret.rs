//! A string that must never be shown: api keys and tokens.

use std::fmt;

/// A secret value, such as an api key, whose `Debug` and `Display` never show its content.
///
/// The only way to read it is [`Secret::expose`], which transports call when they put the value
/// on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Returns the secret itself, for sending it to the server.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Secret::new("conf-admin-key");
        assert!(!format!("{secret:?}").contains("conf-admin-key"));
        assert!(!format!("{secret}").contains("conf-admin-key"));
        assert_eq!(secret.expose(), "conf-admin-key");
    }
}
