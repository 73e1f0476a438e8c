//! Snapshots: collection, shard and full snapshots, written and read by this crate, since
//! the engine (qdrant-edge 0.7.2) can restore segments but cannot take a snapshot.
//!
//! # Format
//!
//! A snapshot is a tar archive. Its first entry, `quadrant-snapshot.json`, is the manifest:
//! the kind of snapshot, and for each collection its name, its configuration from the catalog
//! and the list of every directory and file (with its size) of its shard. The shards follow,
//! `collections/<i>/shard/...` for the `i`-th collection of the manifest, copied from disk
//! after a flush while writes to that collection are held. A full snapshot also carries the
//! aliases. Files are stored sparse where the file system reports holes (Linux), so the
//! engine's preallocated, mostly empty files cost little.
//!
//! Recovery reads the manifest first, unpacks into a new collection directory, checks that
//! every listed file arrived whole (so a truncated upload is refused even when it ends on an
//! entry boundary), verifies the SHA-256 checksum when one is given, and opens the shard.
//! Only then does the catalog switch to the new directory; on any failure the existing
//! collection is untouched.
//!
//! These are not Qdrant server snapshots: a server snapshot is refused with an error saying
//! so, and a server cannot read ours.
//!
//! # Where they live
//!
//! ```text
//! <root>/snapshots/full-snapshot-<time>.snapshot                 full snapshots
//! <root>/snapshots/<collection>/<name>.snapshot                   collection snapshots
//! <root>/snapshots/<collection>/shards/0/<name>.snapshot          shard snapshots
//! <name>.snapshot.checksum                                        next to each: its SHA-256
//! ```
//!
//! For a `:memory:` database the root is its temporary directory, so its snapshots vanish with
//! it: download them to keep them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use quadrant_models::{CreateCollection, SnapshotDescription};
use quadrant_transport::{Error, ErrorKind, Resource, Result, SnapshotDownload};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::collection::Collection;
use crate::database::Database;
use crate::error;
use crate::storage::{self, Catalog, CatalogEntry, CollectionPaths, Root};

const SNAPSHOTS_DIR: &str = "snapshots";
const SHARDS_DIR: &str = "shards";
const SUFFIX: &str = ".snapshot";
const CHECKSUM_SUFFIX: &str = ".checksum";
const MANIFEST: &str = "quadrant-snapshot.json";
const FORMAT: &str = "quadrant-embedded-snapshot";
const FORMAT_VERSION: u32 = 1;
/// A manifest larger than this is not one of ours (it lists file names, not data).
const MAX_MANIFEST_LEN: u64 = 64 << 20;
/// The size of the chunks a download is read in.
const CHUNK_LEN: usize = 256 << 10;
/// The one shard of an embedded collection.
const LOCAL_SHARD: u32 = 0;

/// Where a snapshot to recover from comes from.
pub(crate) enum Source {
    /// Uploaded bytes.
    Bytes(Vec<u8>),
    /// A file on this machine, read as it is unpacked.
    Path(PathBuf),
}

impl From<quadrant_models::SnapshotFile> for Source {
    fn from(file: quadrant_models::SnapshotFile) -> Self {
        match file {
            quadrant_models::SnapshotFile::Bytes(bytes) => Source::Bytes(bytes),
            quadrant_models::SnapshotFile::Path(path) => Source::Path(path),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Collection,
    Shard,
    Full,
}

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    kind: Kind,
    collections: Vec<ManifestCollection>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    aliases: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ManifestCollection {
    name: String,
    /// The catalog's configuration (its path fields are not part of the JSON).
    config: CreateCollection,
    /// Directories of the shard, relative to it, `/`-separated.
    directories: BTreeSet<String>,
    /// Files of the shard, relative to it, with their sizes.
    files: BTreeMap<String, u64>,
}

mod archive;
mod files;
mod time;

use archive::*;
use files::*;
use time::*;

// ---------------------------------------------------------------------------------------------
// Operations

impl Database {
    pub(crate) fn create_snapshot(&self, collection_name: &str) -> Result<SnapshotDescription> {
        let name = self.resolve(collection_name);
        let collection = self.collection(&name)?;
        let dir = collection_snapshots_dir(self.root(), &name);
        let file_name = format!("{name}-{}-{}{SUFFIX}", snapshot_id(), name_time(now()));
        write_snapshot(self.root(), &dir, &file_name, |out| {
            write_archive(out, Kind::Collection, &[(name.as_str(), &collection)], None)
        })
    }

    pub(crate) fn list_snapshots(&self, collection_name: &str) -> Result<Vec<SnapshotDescription>> {
        let name = self.resolve(collection_name);
        self.collection(&name)?;
        list(&collection_snapshots_dir(self.root(), &name))
    }

    pub(crate) fn delete_snapshot(&self, collection_name: &str, snapshot: &str) -> Result<bool> {
        let name = self.resolve(collection_name);
        self.collection(&name)?;
        delete(&collection_snapshots_dir(self.root(), &name), snapshot)
    }

    /// The file of a collection snapshot, for a download.
    pub(crate) fn snapshot_path(&self, collection_name: &str, snapshot: &str) -> Result<PathBuf> {
        let name = self.resolve(collection_name);
        self.collection(&name)?;
        existing(&collection_snapshots_dir(self.root(), &name), snapshot)
    }

    pub(crate) fn create_shard_snapshot(
        &self,
        collection_name: &str,
        shard_id: u32,
    ) -> Result<SnapshotDescription> {
        let (name, collection) = self.shard(collection_name, shard_id)?;
        let dir = shard_snapshots_dir(self.root(), &name);
        let file_name = format!(
            "{name}-shard-{shard_id}-{}-{}{SUFFIX}",
            snapshot_id(),
            name_time(now())
        );
        write_snapshot(self.root(), &dir, &file_name, |out| {
            write_archive(out, Kind::Shard, &[(name.as_str(), &collection)], None)
        })
    }

    pub(crate) fn list_shard_snapshots(
        &self,
        collection_name: &str,
        shard_id: u32,
    ) -> Result<Vec<SnapshotDescription>> {
        let (name, _) = self.shard(collection_name, shard_id)?;
        list(&shard_snapshots_dir(self.root(), &name))
    }

    pub(crate) fn delete_shard_snapshot(
        &self,
        collection_name: &str,
        shard_id: u32,
        snapshot: &str,
    ) -> Result<bool> {
        let (name, _) = self.shard(collection_name, shard_id)?;
        delete(&shard_snapshots_dir(self.root(), &name), snapshot)
    }

    /// The file of a shard snapshot, for a download.
    pub(crate) fn shard_snapshot_path(
        &self,
        collection_name: &str,
        shard_id: u32,
        snapshot: &str,
    ) -> Result<PathBuf> {
        let (name, _) = self.shard(collection_name, shard_id)?;
        existing(&shard_snapshots_dir(self.root(), &name), snapshot)
    }

    /// A fresh shard snapshot in an anonymous temporary file (removed once closed), rewound,
    /// with its length: nothing is kept on disk.
    pub(crate) fn stream_shard_snapshot(
        &self,
        collection_name: &str,
        shard_id: u32,
    ) -> Result<(File, u64)> {
        let (name, collection) = self.shard(collection_name, shard_id)?;
        let dir = snapshots_dir(self.root());
        create_dir(&dir)?;
        let file = tempfile::tempfile_in(&dir).map_err(|e| {
            error::io(
                format!("cannot create a temporary file in {}", dir.display()),
                e,
            )
        })?;
        let mut out = HashingWriter::new(BufWriter::new(file));
        write_archive(&mut out, Kind::Shard, &[(name.as_str(), &collection)], None)
            .map_err(|e| error::io("cannot write the shard snapshot", e))?;
        let length = out.length;
        let mut file = out
            .inner
            .into_inner()
            .map_err(|e| error::io("cannot write the shard snapshot", e.into_error()))?;
        file.rewind()
            .map_err(|e| error::io("cannot read the shard snapshot back", e))?;
        Ok((file, length))
    }

    pub(crate) fn create_full_snapshot(&self) -> Result<SnapshotDescription> {
        // The catalog's lock keeps collections and aliases from changing while the snapshot
        // is taken; each collection's writes are held as well.
        let catalog = self.catalog();
        let collections = catalog
            .collections
            .keys()
            .map(|name| Ok((name.clone(), self.collection(name)?)))
            .collect::<Result<Vec<_>>>()?;
        let named: Vec<(&str, &Arc<Collection>)> = collections
            .iter()
            .map(|(name, collection)| (name.as_str(), collection))
            .collect();
        let dir = snapshots_dir(self.root());
        let file_name = format!("full-snapshot-{}{SUFFIX}", name_time(now()));
        write_snapshot(self.root(), &dir, &file_name, |out| {
            write_archive(out, Kind::Full, &named, Some(&catalog.aliases))
        })
    }

    pub(crate) fn list_full_snapshots(&self) -> Result<Vec<SnapshotDescription>> {
        list(&snapshots_dir(self.root()))
    }

    pub(crate) fn delete_full_snapshot(&self, snapshot: &str) -> Result<bool> {
        delete(&snapshots_dir(self.root()), snapshot)
    }

    /// The file of a full snapshot, for a download.
    pub(crate) fn full_snapshot_path(&self, snapshot: &str) -> Result<PathBuf> {
        existing(&snapshots_dir(self.root()), snapshot)
    }

    /// Recovers `collection_name` from a collection or shard snapshot, creating it when it
    /// does not exist (or, for a shard, refusing then).
    pub(crate) fn recover_snapshot(
        &self,
        collection_name: &str,
        shard_id: Option<u32>,
        source: Source,
        checksum: Option<&str>,
    ) -> Result<bool> {
        let name = match shard_id {
            Some(shard_id) => self.shard(collection_name, shard_id)?.0,
            None => collection_name.to_owned(),
        };
        storage::validate_collection_name(&name)?;
        let collections_dir = self.root().collections_dir();
        create_dir(&collections_dir)?;
        let directory = storage::new_directory_id();
        let dir = self.root().collection_dir(&directory);
        // A crash from here until the catalog names `dir` leaves an orphan that the next open
        // removes.
        let unpacked = unpack(source, checksum, |manifest| {
            if manifest.kind == Kind::Full {
                return Err(error::wrong_input(
                    "this is a full snapshot; recover a collection from a collection snapshot, \
                     or open a full snapshot with `EmbeddedTransport::open_from_snapshot`",
                ));
            }
            if manifest.collections.len() != 1 {
                return Err(invalid("it does not hold exactly one collection"));
            }
            Ok(vec![dir.clone()])
        });
        let mut manifest = match unpacked {
            Ok(manifest) => manifest,
            Err(e) => {
                remove_dir(&dir);
                return Err(e);
            }
        };
        let Some(recovered) = manifest.collections.pop() else {
            remove_dir(&dir);
            return Err(invalid("it holds no collection"));
        };
        let mut config = recovered.config;
        config.collection_name.clone_from(&name);
        self.switch_to(&name, directory, dir, config, shard_id.is_some())
    }

    /// Opens the collection unpacked in `dir` and makes it `name`, replacing (and removing)
    /// the collection of that name, if any.
    fn switch_to(
        &self,
        name: &str,
        directory: String,
        dir: PathBuf,
        mut config: CreateCollection,
        shard_only: bool,
    ) -> Result<bool> {
        if !self.root().is_memory()
            && let Err(e) = sync_tree(&dir)
        {
            remove_dir(&dir);
            return Err(error::io(format!("cannot sync {}", dir.display()), e));
        }
        let collection = match open_unpacked(self.root_handle(), name, &dir, config.clone()) {
            Ok(collection) => collection,
            Err(e) => {
                remove_dir(&dir);
                return Err(e);
            }
        };
        let fail = |collection: Collection, e: Error| {
            collection.close();
            remove_dir(&dir);
            Err(e)
        };

        let mut catalog = self.catalog();
        if catalog.aliases.contains_key(name) {
            return fail(
                collection,
                error::wrong_input(format!(
                    "Can't create collection with name {name}. Alias with the same name already exists"
                )),
            );
        }
        if shard_only {
            // A shard is recovered into its collection, whose settings stay; the snapshot's
            // vectors must be the collection's, or its data would not fit them.
            let Some(existing) = catalog.collections.get(name) else {
                return fail(collection, error::collection_not_found(name));
            };
            if existing.config.vectors != config.vectors
                || existing.config.sparse_vectors != config.sparse_vectors
            {
                return fail(
                    collection,
                    error::wrong_input(format!(
                        "the snapshot's vectors differ from those of collection `{name}`"
                    )),
                );
            }
            config = existing.config.clone();
            collection.set_created(config.clone());
        }
        let previous = catalog
            .collections
            .insert(name.to_owned(), CatalogEntry { directory, config });
        if let Err(e) = self.root().save_catalog(&catalog) {
            match previous {
                Some(previous) => catalog.collections.insert(name.to_owned(), previous),
                None => catalog.collections.remove(name),
            };
            return fail(collection, e);
        }
        let replaced = self
            .collections_mut()
            .insert(name.to_owned(), Arc::new(collection));
        drop(catalog);
        if let Some(replaced) = replaced {
            // As for a deleted collection: writes in flight finish first, and a crash before
            // the removal leaves an orphan that the next open removes.
            replaced.close();
            remove_dir(replaced.dir());
        }
        Ok(true)
    }

    /// The collection `collection_name` (resolved) and its name, when `shard_id` is its one
    /// shard.
    fn shard(&self, collection_name: &str, shard_id: u32) -> Result<(String, Arc<Collection>)> {
        let name = self.resolve(collection_name);
        let collection = self.collection(&name)?;
        if shard_id != LOCAL_SHARD {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!(
                    "Not found: shard {shard_id} of collection `{name}` doesn't exist \
                     (an embedded collection has the one shard {LOCAL_SHARD})"
                ),
            )
            .with_resource(Resource::Shard));
        }
        Ok((name, collection))
    }
}

/// Unpacks the full snapshot `snapshot` into the empty (or missing) directory `path`, which
/// then holds a database with its collections and aliases.
pub(crate) fn restore_full(path: &Path, snapshot: &Path) -> Result<Root> {
    // The lock file of an earlier attempt that failed may be there.
    let empty = match fs::read_dir(path) {
        Ok(entries) => entries
            .filter_map(std::result::Result::ok)
            .all(|entry| entry.file_name() == "quadrant.lock"),
        Err(e) if e.kind() == io::ErrorKind::NotFound => true,
        Err(e) => return Err(error::io(format!("cannot list {}", path.display()), e)),
    };
    if !empty {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "cannot restore a full snapshot into {}: the directory is not empty",
                path.display()
            ),
        ));
    }
    let root = Root::open(path)?;
    create_dir(&root.collections_dir())?;
    let mut directories = Vec::new();
    let unpacked = unpack(Source::Path(snapshot.to_owned()), None, |manifest| {
        if manifest.kind != Kind::Full {
            return Err(error::wrong_input(
                "this is a collection or shard snapshot; recover it with `recover_from_snapshot`",
            ));
        }
        directories = manifest
            .collections
            .iter()
            .map(|_| storage::new_directory_id())
            .collect();
        Ok(directories
            .iter()
            .map(|id| root.collection_dir(id))
            .collect())
    });
    let manifest = match unpacked {
        Ok(manifest) => manifest,
        Err(e) => {
            remove_dir(&root.collections_dir());
            return Err(e);
        }
    };
    let mut catalog = Catalog::default();
    for (collection, directory) in manifest.collections.into_iter().zip(directories) {
        storage::validate_collection_name(&collection.name)?;
        let mut config = collection.config;
        config.collection_name.clone_from(&collection.name);
        catalog
            .collections
            .insert(collection.name, CatalogEntry { directory, config });
    }
    catalog.aliases = manifest.aliases;
    sync_tree(&root.collections_dir())
        .map_err(|e| error::io(format!("cannot sync {}", path.display()), e))?;
    root.save_catalog(&catalog)?;
    Ok(root)
}

/// Streams `file`, from its current position, in chunks read as the download is consumed;
/// `length` is what is left to read.
pub(crate) async fn download(file: File, length: u64) -> SnapshotDownload {
    use tokio::io::AsyncReadExt as _;
    let file = tokio::fs::File::from_std(file);
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buffer = vec![0; CHUNK_LEN];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok(bytes::Bytes::from(buffer)), Some(file)))
            }
            Err(e) => Some((Err(error::io("cannot read the snapshot", e)), None)),
        }
    });
    SnapshotDownload::new(Some(length), chunks)
}

/// The local file a `file://` recovery location names. Fetching from a URL is left to the
/// caller: the embedded transport makes no network requests.
pub(crate) fn local_location(
    operation: quadrant_transport::Operation,
    location: &str,
) -> Result<PathBuf> {
    let url = url::Url::parse(location)
        .map_err(|e| error::wrong_input(format!("invalid snapshot location `{location}`: {e}")))?;
    match url.scheme() {
        "file" => url.to_file_path().map_err(|()| {
            error::wrong_input(format!(
                "invalid snapshot location `{location}`: not a local file path"
            ))
        }),
        "http" | "https" => Err(error::unsupported(
            operation,
            "an http(s) location (the embedded transport makes no network requests; download \
             the snapshot and recover it from a `file://` location or an upload)",
        )),
        scheme => Err(error::wrong_input(format!(
            "invalid snapshot location `{location}`: unsupported scheme `{scheme}`; \
             use `file://`"
        ))),
    }
}

/// Opens a snapshot file for a download, with its length.
pub(crate) fn open_for_download(path: &Path) -> Result<(File, u64)> {
    let file = File::open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            snapshot_not_found(&file_name_of(path))
        } else {
            error::io(format!("cannot open {}", path.display()), e)
        }
    })?;
    let length = file
        .metadata()
        .map_err(|e| error::io(format!("cannot read {}", path.display()), e))?
        .len();
    Ok((file, length))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates_are_utc_calendar_dates() {
        let at = |seconds: u64| UNIX_EPOCH + Duration::from_secs(seconds);
        assert_eq!(name_time(at(0)), "1970-01-01-00-00-00");
        assert_eq!(description_time(at(951_782_400)), "2000-02-29T00:00:00");
        assert_eq!(name_time(at(1_700_000_000)), "2023-11-14-22-13-20");
        assert_eq!(description_time(at(4_107_542_399)), "2100-02-28T23:59:59");
        assert_eq!(description_time(at(4_107_542_400)), "2100-03-01T00:00:00");
        // The last second of 9999, a fraction of a second (dropped), and before 1970.
        assert_eq!(name_time(at(253_402_300_799)), "9999-12-31-23-59-59");
        assert_eq!(
            description_time(at(1_700_000_000) + Duration::from_millis(999)),
            "2023-11-14T22:13:20"
        );
        assert_eq!(
            name_time(UNIX_EPOCH - Duration::from_secs(1)),
            "1970-01-01-00-00-00"
        );
    }

    #[test]
    fn snapshot_names_must_be_plain_file_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        for bad in [
            "../catalog.json",
            "a/b.snapshot",
            ".hidden.snapshot",
            "..",
            "",
        ] {
            let error = existing(dir.path(), bad).expect_err(bad);
            assert_eq!(error.kind(), ErrorKind::InvalidArgument, "{bad}");
        }
        let error = existing(dir.path(), "missing.snapshot").expect_err("missing");
        assert!(error.is_not_found());
    }

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0x00, 0x0f, 0xab]), "000fab");
        let digest = Sha256::digest(b"abc");
        assert_eq!(
            hex(&digest),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
