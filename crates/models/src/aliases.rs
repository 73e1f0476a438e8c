//! Collection aliases: other names under which a collection can be used, changed atomically
//! in groups and listed per collection or for the whole instance.

use serde::{Deserialize, Serialize};

/// Creates, deletes and renames aliases in one atomic step (`POST /collections/aliases`,
/// body `ChangeAliasesOperation`); answered by `true`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChangeAliasesOperation {
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The changes, applied in this order.
    pub actions: Vec<AliasOperations>,
}

impl ChangeAliasesOperation {
    /// A request to apply `actions`, in order and atomically.
    pub fn new(actions: impl IntoIterator<Item = AliasOperations>) -> Self {
        ChangeAliasesOperation {
            timeout: None,
            actions: actions.into_iter().collect(),
        }
    }
}

option_setters!(ChangeAliasesOperation {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// The former name of [`ChangeAliasesOperation`], which is Qdrant's own name for this body.
#[deprecated(note = "renamed to `ChangeAliasesOperation`, Qdrant's name for it")]
pub type ChangeAliases = ChangeAliasesOperation;

/// One change of a [`ChangeAliasesOperation`], written `{"create_alias": …}`, `{"delete_alias": …}`
/// or `{"rename_alias": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AliasOperations {
    /// Adds an alias.
    CreateAlias(CreateAlias),
    /// Removes an alias, if it exists.
    DeleteAlias(DeleteAlias),
    /// Renames an alias.
    RenameAlias(RenameAlias),
}

impl AliasOperations {
    /// Makes `collection_name` available as `alias_name` too.
    pub fn create(collection_name: impl Into<String>, alias_name: impl Into<String>) -> Self {
        AliasOperations::CreateAlias(CreateAlias {
            collection_name: collection_name.into(),
            alias_name: alias_name.into(),
        })
    }

    /// Removes the alias `alias_name`.
    pub fn delete(alias_name: impl Into<String>) -> Self {
        AliasOperations::DeleteAlias(DeleteAlias {
            alias_name: alias_name.into(),
        })
    }

    /// Renames the alias `old_alias_name` to `new_alias_name`.
    pub fn rename(old_alias_name: impl Into<String>, new_alias_name: impl Into<String>) -> Self {
        AliasOperations::RenameAlias(RenameAlias {
            old_alias_name: old_alias_name.into(),
            new_alias_name: new_alias_name.into(),
        })
    }
}

/// Makes a collection available under another name as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAlias {
    /// The collection.
    pub collection_name: String,
    /// The new alias.
    pub alias_name: String,
}

/// Removes an alias, if it exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteAlias {
    /// The alias.
    pub alias_name: String,
}

/// Gives an alias a new name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameAlias {
    /// The current name.
    pub old_alias_name: String,
    /// The new name.
    pub new_alias_name: String,
}

/// Lists the aliases of one collection (`GET /collections/{collection_name}/aliases`); answered
/// by [`CollectionsAliasesResponse`]. It has no body. The aliases of every collection
/// (`GET /aliases`) take no parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListCollectionAliases {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
}

impl ListCollectionAliases {
    /// A request for the aliases of `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        ListCollectionAliases {
            collection_name: collection_name.into(),
        }
    }
}

from_collection_name!(ListCollectionAliases);

/// The answer to [`ListCollectionAliases`] and to `GET /aliases`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CollectionsAliasesResponse {
    /// The aliases.
    pub aliases: Vec<AliasDescription>,
}

/// An alias and the collection it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasDescription {
    /// The alias.
    pub alias_name: String,
    /// The collection.
    pub collection_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn alias_actions() {
        let request = ChangeAliasesOperation::new([
            AliasOperations::create("c", "a"),
            AliasOperations::rename("a", "b"),
            AliasOperations::delete("b"),
        ]);
        let body = crate::to_json(&request).unwrap();
        assert_eq!(
            body,
            json!({"actions": [
                {"create_alias": {"collection_name": "c", "alias_name": "a"}},
                {"rename_alias": {"old_alias_name": "a", "new_alias_name": "b"}},
                {"delete_alias": {"alias_name": "b"}},
            ]})
        );
        assert_eq!(
            serde_json::from_value::<ChangeAliasesOperation>(body).unwrap(),
            request
        );
    }
}
