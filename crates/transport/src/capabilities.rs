//! What a transport can do: the set of operations it performs, declared up front so that
//! callers and the behaviour suite know which calls answer `Unsupported` without trying them.

use std::fmt;

use crate::Operation;

/// The operations one transport performs. Every operation outside the set answers
/// [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported) on that transport.
#[derive(Clone, PartialEq, Eq)]
pub struct Capabilities {
    supported: Vec<bool>,
}

impl Capabilities {
    /// Every operation of the table.
    pub fn all() -> Self {
        Capabilities {
            supported: vec![true; Operation::ALL.len()],
        }
    }

    /// Every operation but those in `unsupported`.
    pub fn all_except(unsupported: &[Operation]) -> Self {
        let mut capabilities = Self::all();
        for operation in unsupported {
            capabilities.supported[index(*operation)] = false;
        }
        capabilities
    }

    /// The operations that `self` or `other` performs.
    #[must_use]
    pub fn union(&self, other: &Capabilities) -> Self {
        Capabilities {
            supported: self
                .supported
                .iter()
                .zip(&other.supported)
                .map(|(ours, theirs)| *ours || *theirs)
                .collect(),
        }
    }

    /// The operations in `operations` only, for a transport that performs just these.
    pub fn only(operations: impl IntoIterator<Item = Operation>) -> Self {
        let mut supported = vec![false; Operation::ALL.len()];
        for operation in operations {
            supported[index(operation)] = true;
        }
        Capabilities { supported }
    }

    /// Whether the transport performs `operation`.
    pub fn supports(&self, operation: Operation) -> bool {
        self.supported[index(operation)]
    }

    /// The operations the transport performs, in table order.
    pub fn supported(&self) -> impl Iterator<Item = Operation> + '_ {
        Operation::ALL
            .iter()
            .copied()
            .filter(|op| self.supports(*op))
    }

    /// The operations the transport answers with `Unsupported`, in table order.
    pub fn unsupported(&self) -> impl Iterator<Item = Operation> + '_ {
        Operation::ALL
            .iter()
            .copied()
            .filter(|op| !self.supports(*op))
    }
}

/// The operation's place in [`Operation::ALL`], which lists the variants in declaration order.
fn index(operation: Operation) -> usize {
    operation as usize
}

impl fmt::Debug for Capabilities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Capabilities")
            .field("supported", &self.supported().count())
            .field(
                "unsupported",
                &self.unsupported().map(Operation::name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_except_leaves_out_exactly_the_named_operations() {
        let capabilities = Capabilities::all_except(&[Operation::RemovePeer, Operation::Metrics]);
        assert!(!capabilities.supports(Operation::RemovePeer));
        assert!(!capabilities.supports(Operation::Metrics));
        assert!(capabilities.supports(Operation::QueryPoints));
        assert_eq!(capabilities.unsupported().count(), 2);
        assert_eq!(capabilities.supported().count(), Operation::ALL.len() - 2);
    }

    #[test]
    fn index_is_the_place_in_the_table() {
        for (place, operation) in Operation::ALL.iter().enumerate() {
            assert_eq!(index(*operation), place);
        }
    }
}
