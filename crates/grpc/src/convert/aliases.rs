//! Collection aliases: changing them in one atomic call, and listing them per collection or for
//! the whole instance. REST and gRPC write them the same way.

use quadrant_models::{
    AliasDescription, AliasOperations, ChangeAliasesOperation, CollectionsAliasesResponse,
    CreateAlias, DeleteAlias, ListCollectionAliases, RenameAlias,
};
use quadrant_transport::Result;

use crate::convert::{FromProto, IntoProto, required};
use crate::proto::{self, alias_operations::Action};

impl IntoProto<proto::ChangeAliases> for ChangeAliasesOperation {
    fn into_proto(self) -> Result<proto::ChangeAliases> {
        Ok(proto::ChangeAliases {
            actions: self.actions.into_proto()?,
            timeout: self.timeout,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::ChangeAliases> for ChangeAliasesOperation {
    fn from_proto(message: proto::ChangeAliases) -> Result<Self> {
        Ok(ChangeAliasesOperation {
            timeout: message.timeout,
            actions: Vec::from_proto(message.actions)?,
        })
    }
}

impl IntoProto<proto::AliasOperations> for AliasOperations {
    fn into_proto(self) -> Result<proto::AliasOperations> {
        let action = match self {
            AliasOperations::CreateAlias(CreateAlias {
                collection_name,
                alias_name,
            }) => Action::CreateAlias(proto::CreateAlias {
                collection_name,
                alias_name,
            }),
            AliasOperations::DeleteAlias(DeleteAlias { alias_name }) => {
                Action::DeleteAlias(proto::DeleteAlias { alias_name })
            }
            AliasOperations::RenameAlias(RenameAlias {
                old_alias_name,
                new_alias_name,
            }) => Action::RenameAlias(proto::RenameAlias {
                old_alias_name,
                new_alias_name,
            }),
        };
        Ok(proto::AliasOperations {
            action: Some(action),
        })
    }
}

impl FromProto<proto::AliasOperations> for AliasOperations {
    fn from_proto(message: proto::AliasOperations) -> Result<Self> {
        Ok(match required(message.action, "AliasOperations.action")? {
            Action::CreateAlias(create) => AliasOperations::CreateAlias(CreateAlias {
                collection_name: create.collection_name,
                alias_name: create.alias_name,
            }),
            Action::RenameAlias(rename) => AliasOperations::RenameAlias(RenameAlias {
                old_alias_name: rename.old_alias_name,
                new_alias_name: rename.new_alias_name,
            }),
            Action::DeleteAlias(delete) => AliasOperations::DeleteAlias(DeleteAlias {
                alias_name: delete.alias_name,
            }),
        })
    }
}

impl IntoProto<proto::ListCollectionAliasesRequest> for ListCollectionAliases {
    fn into_proto(self) -> Result<proto::ListCollectionAliasesRequest> {
        Ok(proto::ListCollectionAliasesRequest {
            collection_name: self.collection_name,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl FromProto<proto::ListCollectionAliasesRequest> for ListCollectionAliases {
    fn from_proto(message: proto::ListCollectionAliasesRequest) -> Result<Self> {
        Ok(ListCollectionAliases::new(message.collection_name))
    }
}

/// The aliases of every collection take no parameters.
impl IntoProto<proto::ListAliasesRequest> for () {
    fn into_proto(self) -> Result<proto::ListAliasesRequest> {
        Ok(proto::ListAliasesRequest {})
    }
}

impl FromProto<proto::ListAliasesResponse> for CollectionsAliasesResponse {
    fn from_proto(message: proto::ListAliasesResponse) -> Result<Self> {
        Ok(CollectionsAliasesResponse {
            aliases: message
                .aliases
                .into_iter()
                .map(|alias| AliasDescription {
                    alias_name: alias.alias_name,
                    collection_name: alias.collection_name,
                })
                .collect(),
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::ListAliasesResponse> for CollectionsAliasesResponse {
    fn into_proto(self) -> Result<proto::ListAliasesResponse> {
        Ok(proto::ListAliasesResponse {
            aliases: self
                .aliases
                .into_iter()
                .map(|alias| proto::AliasDescription {
                    alias_name: alias.alias_name,
                    collection_name: alias.collection_name,
                })
                .collect(),
            time: 0.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_transport::ErrorKind;

    use super::*;

    #[test]
    fn changes_keep_their_order_and_kind() {
        let request = ChangeAliasesOperation::new([
            AliasOperations::create("c", "a"),
            AliasOperations::rename("a", "b"),
            AliasOperations::delete("b"),
        ])
        .timeout(7);
        let message: proto::ChangeAliases = request.clone().into_proto().unwrap();
        assert_eq!(message.timeout, Some(7));
        assert!(matches!(
            message.actions.as_slice(),
            [
                proto::AliasOperations { action: Some(Action::CreateAlias(create)) },
                proto::AliasOperations { action: Some(Action::RenameAlias(_)) },
                proto::AliasOperations { action: Some(Action::DeleteAlias(delete)) },
            ] if create.collection_name == "c" && create.alias_name == "a" && delete.alias_name == "b"
        ));
        assert_eq!(
            ChangeAliasesOperation::from_proto(message).unwrap(),
            request
        );
    }

    #[test]
    fn an_action_without_a_kind_is_a_decode_error() {
        let error =
            AliasOperations::from_proto(proto::AliasOperations { action: None }).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode);
        assert!(
            error.message().contains("AliasOperations.action"),
            "{error}"
        );
    }

    #[test]
    fn listed_aliases_read_back() {
        let listed = CollectionsAliasesResponse {
            aliases: vec![AliasDescription {
                alias_name: "a".into(),
                collection_name: "c".into(),
            }],
        };
        let message: proto::ListAliasesResponse = listed.clone().into_proto().unwrap();
        assert_eq!(
            CollectionsAliasesResponse::from_proto(message).unwrap(),
            listed
        );
    }
}
