//! Collection aliases: the rules of one `update_aliases` call, applied to a copy of the alias
//! table so that a call either applies as a whole or not at all.
//!
//! The table maps each alias to the collection it names. It lives in the catalog (so aliases
//! persist with the database) and in memory next to the open collections, where every
//! operation that takes a collection name resolves it (see `Database::collection`).

use std::collections::BTreeMap;

use quadrant_models::{AliasDescription, AliasOperations, CreateAlias, DeleteAlias, RenameAlias};
use quadrant_transport::{Error, ErrorKind, Resource, Result};

use crate::error;
use crate::storage;

/// Alias name → collection name.
pub(crate) type Aliases = BTreeMap<String, String>;

/// Applies `actions` in order to a copy of `aliases` and returns the new table, or the error
/// of the first action that fails (and no change at all).
///
/// `is_collection` tells whether a collection of that exact name exists. The rules are the
/// server's: an alias must name an existing collection (not another alias), and must not be
/// the name of a collection; deleting an alias that does not exist succeeds; renaming one that
/// does not exist fails. Unlike the server, a rename onto the name of a collection is refused
/// too: the alias would hide that collection.
pub(crate) fn apply(
    aliases: &Aliases,
    is_collection: impl Fn(&str) -> bool,
    actions: &[AliasOperations],
) -> Result<Aliases> {
    let mut next = aliases.clone();
    for action in actions {
        match action {
            AliasOperations::CreateAlias(CreateAlias {
                collection_name,
                alias_name,
            }) => {
                if !is_collection(collection_name) {
                    return Err(error::collection_not_found(collection_name));
                }
                check_alias_name(alias_name, &is_collection)?;
                next.insert(alias_name.clone(), collection_name.clone());
            }
            AliasOperations::DeleteAlias(DeleteAlias { alias_name }) => {
                next.remove(alias_name);
            }
            AliasOperations::RenameAlias(RenameAlias {
                old_alias_name,
                new_alias_name,
            }) => {
                let Some(collection) = next.remove(old_alias_name) else {
                    return Err(Error::new(
                        ErrorKind::NotFound,
                        format!("Not found: Alias {old_alias_name} does not exists!"),
                    )
                    .with_resource(Resource::Alias));
                };
                check_alias_name(new_alias_name, &is_collection)?;
                next.insert(new_alias_name.clone(), collection);
            }
        }
    }
    Ok(next)
}

fn check_alias_name(alias: &str, is_collection: &impl Fn(&str) -> bool) -> Result<()> {
    // An alias is used wherever a collection name is, so it follows the same rules.
    storage::validate_collection_name(alias)?;
    if is_collection(alias) {
        return Err(error::collection_exists(alias));
    }
    Ok(())
}

/// Every alias, ordered by alias name.
pub(crate) fn list(aliases: &Aliases) -> Vec<AliasDescription> {
    aliases
        .iter()
        .map(|(alias, collection)| AliasDescription {
            alias_name: alias.clone(),
            collection_name: collection.clone(),
        })
        .collect()
}

/// The aliases of the collection named exactly `collection` (as on the server, an alias given
/// here is not resolved: it has no aliases of its own), ordered by alias name.
pub(crate) fn of_collection(aliases: &Aliases, collection: &str) -> Vec<AliasDescription> {
    aliases
        .iter()
        .filter(|(_, target)| *target == collection)
        .map(|(alias, target)| AliasDescription {
            alias_name: alias.clone(),
            collection_name: target.clone(),
        })
        .collect()
}

/// Removes every alias of `collection`; returns whether any was removed.
pub(crate) fn remove_collection(aliases: &mut Aliases, collection: &str) -> bool {
    let before = aliases.len();
    aliases.retain(|_, target| target != collection);
    aliases.len() != before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collections(name: &str) -> bool {
        matches!(name, "a" | "b")
    }

    #[test]
    fn a_failing_action_leaves_every_alias_as_it_was() {
        let before: Aliases = [("x".to_owned(), "a".to_owned())].into();
        let error = apply(
            &before,
            collections,
            &[
                AliasOperations::create("b", "y"),
                AliasOperations::rename("missing", "z"),
            ],
        )
        .expect_err("rename of a missing alias");
        assert_eq!(error.kind(), ErrorKind::NotFound);
        assert_eq!(error.message(), "Not found: Alias missing does not exists!");
        assert_eq!(before.len(), 1);
    }

    #[test]
    fn actions_apply_in_order() {
        let after = apply(
            &Aliases::new(),
            collections,
            &[
                AliasOperations::create("a", "x"),
                AliasOperations::create("b", "y"),
                AliasOperations::rename("x", "z"),
                AliasOperations::delete("y"),
                AliasOperations::delete("never-existed"),
            ],
        )
        .expect("valid actions");
        assert_eq!(after, Aliases::from([("z".to_owned(), "a".to_owned())]));
    }

    #[test]
    fn aliases_name_collections_only() {
        let error = apply(
            &Aliases::new(),
            collections,
            &[AliasOperations::create("nope", "x")],
        )
        .expect_err("missing collection");
        assert_eq!(
            error.message(),
            "Not found: Collection `nope` doesn't exist!"
        );
        let error = apply(
            &Aliases::new(),
            collections,
            &[AliasOperations::create("a", "b")],
        )
        .expect_err("alias named like a collection");
        assert_eq!(error.kind(), ErrorKind::AlreadyExists);
        let error = apply(
            &Aliases::new(),
            collections,
            &[AliasOperations::create("a", "bad/name")],
        )
        .expect_err("alias with a slash");
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    }

    #[test]
    fn deleting_a_collection_drops_its_aliases() {
        let mut aliases: Aliases = [
            ("x".to_owned(), "a".to_owned()),
            ("y".to_owned(), "b".to_owned()),
            ("z".to_owned(), "a".to_owned()),
        ]
        .into();
        assert_eq!(
            of_collection(&aliases, "a")
                .iter()
                .map(|d| d.alias_name.as_str())
                .collect::<Vec<_>>(),
            ["x", "z"]
        );
        assert!(remove_collection(&mut aliases, "a"));
        assert!(!remove_collection(&mut aliases, "a"));
        assert_eq!(list(&aliases).len(), 1);
    }
}
