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
use quadrant_transport::{Error, ErrorKind, Result, SnapshotDownload};
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
            ));
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

// ---------------------------------------------------------------------------------------------
// Snapshot files

fn snapshots_dir(root: &Root) -> PathBuf {
    root.path().join(SNAPSHOTS_DIR)
}

fn collection_snapshots_dir(root: &Root, collection: &str) -> PathBuf {
    snapshots_dir(root).join(collection)
}

fn shard_snapshots_dir(root: &Root, collection: &str) -> PathBuf {
    collection_snapshots_dir(root, collection)
        .join(SHARDS_DIR)
        .join(LOCAL_SHARD.to_string())
}

/// Writes a new snapshot `name` in `dir` through a hidden temporary file, then its checksum
/// file, then renames it into place, so a listing never shows half a snapshot.
fn write_snapshot(
    root: &Root,
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut HashingWriter<BufWriter<File>>) -> io::Result<()>,
) -> Result<SnapshotDescription> {
    create_dir(dir)?;
    let target = dir.join(name);
    let partial = dir.join(format!(".{name}.partial"));
    let context = || format!("cannot write the snapshot {}", target.display());
    let written = (|| -> io::Result<String> {
        let mut out = HashingWriter::new(BufWriter::new(File::create(&partial)?));
        write(&mut out)?;
        let checksum = hex(&out.hasher.finalize_reset());
        let file = out
            .inner
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        if !root.is_memory() {
            file.sync_all()?;
        }
        let checksum_path = dir.join(format!("{name}{CHECKSUM_SUFFIX}"));
        fs::write(&checksum_path, &checksum)?;
        fs::rename(&partial, &target)?;
        if !root.is_memory() {
            storage::sync_dir(dir)?;
        }
        Ok(checksum)
    })();
    match written {
        Ok(_) => describe(&target),
        Err(e) => {
            let _ = fs::remove_file(&partial);
            Err(error::io(context(), e))
        }
    }
}

fn list(dir: &Path) -> Result<Vec<SnapshotDescription>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(error::io(format!("cannot list {}", dir.display()), e)),
    };
    let mut snapshots = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| error::io(format!("cannot list {}", dir.display()), e))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || name.starts_with('.') || !name.ends_with(SUFFIX) {
            continue;
        }
        match describe(&entry.path()) {
            Ok(description) => snapshots.push(description),
            // Deleted while listing.
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e),
        }
    }
    snapshots.sort_by(|a, b| {
        (a.creation_time.as_deref(), &a.name).cmp(&(b.creation_time.as_deref(), &b.name))
    });
    Ok(snapshots)
}

fn describe(path: &Path) -> Result<SnapshotDescription> {
    let name = file_name_of(path);
    let metadata = fs::metadata(path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            snapshot_not_found(&name)
        } else {
            error::io(format!("cannot read {}", path.display()), e)
        }
    })?;
    let checksum = fs::read_to_string(checksum_path(path))
        .ok()
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    Ok(SnapshotDescription {
        creation_time: metadata.modified().ok().map(description_time),
        size: metadata.len(),
        checksum,
        name,
    })
}

fn delete(dir: &Path, snapshot: &str) -> Result<bool> {
    let path = existing(dir, snapshot)?;
    fs::remove_file(&path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            snapshot_not_found(snapshot)
        } else {
            error::io(format!("cannot delete {}", path.display()), e)
        }
    })?;
    if let Err(e) = fs::remove_file(checksum_path(&path))
        && e.kind() != io::ErrorKind::NotFound
    {
        tracing::warn!(path = %path.display(), error = %e, "could not remove the checksum file of a deleted snapshot");
    }
    Ok(true)
}

/// The path of the existing snapshot `snapshot` in `dir`; the name must be a plain file name.
fn existing(dir: &Path, snapshot: &str) -> Result<PathBuf> {
    let mut components = Path::new(snapshot).components();
    let plain = matches!(components.next(), Some(Component::Normal(_)))
        && components.next().is_none()
        && !snapshot.starts_with('.')
        && !snapshot.contains(['/', '\\']);
    if !plain {
        return Err(error::wrong_input(format!(
            "invalid snapshot name `{snapshot}`: it must be a file name"
        )));
    }
    let path = dir.join(snapshot);
    if !path.is_file() || !snapshot.ends_with(SUFFIX) {
        return Err(snapshot_not_found(snapshot));
    }
    Ok(path)
}

fn checksum_path(snapshot: &Path) -> PathBuf {
    let mut name = snapshot.as_os_str().to_owned();
    name.push(CHECKSUM_SUFFIX);
    PathBuf::from(name)
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn snapshot_not_found(name: &str) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("Not found: Snapshot {name} not found"),
    )
}

fn create_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| error::io(format!("cannot create {}", dir.display()), e))
}

fn remove_dir(dir: &Path) {
    if let Err(e) = fs::remove_dir_all(dir)
        && e.kind() != io::ErrorKind::NotFound
    {
        tracing::warn!(path = %dir.display(), error = %e, "could not remove a collection directory; the next open removes it");
    }
}

/// Makes every file and directory under `dir` durable.
fn sync_tree(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            sync_tree(&entry.path())?;
        } else {
            File::open(entry.path())?.sync_all()?;
        }
    }
    storage::sync_dir(dir)
}

/// A number that tells snapshots taken in the same second apart (the server puts its peer id
/// there).
fn snapshot_id() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0 % 10_000_000_000_000_000
}

// ---------------------------------------------------------------------------------------------
// Archives

/// Writes the archive of `collections` to `out`, holding each one's writes (after a flush)
/// until the archive is complete.
fn write_archive<W: Write>(
    out: W,
    kind: Kind,
    collections: &[(&str, &Arc<Collection>)],
    aliases: Option<&BTreeMap<String, String>>,
) -> io::Result<()> {
    let mut held = Vec::with_capacity(collections.len());
    let mut manifest = Manifest {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        kind,
        collections: Vec::with_capacity(collections.len()),
        aliases: aliases.cloned().unwrap_or_default(),
    };
    let mut shard_dirs = Vec::with_capacity(collections.len());
    for (name, collection) in collections {
        held.push(collection.hold_writes().map_err(io::Error::other)?);
        let shard_dir = CollectionPaths::new(collection.dir().to_owned()).shard();
        let mut directories = BTreeSet::new();
        let mut files = BTreeMap::new();
        walk(&shard_dir, "", &mut directories, &mut files)?;
        manifest.collections.push(ManifestCollection {
            name: (*name).to_owned(),
            config: collection.created(),
            directories,
            files,
        });
        shard_dirs.push(shard_dir);
    }

    let mut builder = tar::Builder::new(out);
    builder.follow_symlinks(false);
    let text = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(text.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    builder.append_data(&mut header, MANIFEST, text.as_slice())?;
    for (index, (collection, shard_dir)) in manifest.collections.iter().zip(&shard_dirs).enumerate()
    {
        let prefix = format!("collections/{index}/shard");
        for directory in &collection.directories {
            builder.append_dir(format!("{prefix}/{directory}"), shard_dir.join(directory))?;
        }
        for file in collection.files.keys() {
            builder.append_path_with_name(shard_dir.join(file), format!("{prefix}/{file}"))?;
        }
    }
    builder.into_inner()?.flush()?;
    drop(held);
    Ok(())
}

/// Lists the directories and files under `dir`, relative to the shard, `/`-separated.
fn walk(
    dir: &Path,
    relative: &str,
    directories: &mut BTreeSet<String>,
    files: &mut BTreeMap<String, u64>,
) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_str().ok_or_else(|| {
            io::Error::other(format!(
                "{} has a name that is not UTF-8",
                entry.path().display()
            ))
        })?;
        let path = if relative.is_empty() {
            name.to_owned()
        } else {
            format!("{relative}/{name}")
        };
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk(&entry.path(), &path, directories, files)?;
            directories.insert(path);
        } else if file_type.is_file() {
            files.insert(path, entry.metadata()?.len());
        } else {
            return Err(io::Error::other(format!(
                "{} is neither a file nor a directory",
                entry.path().display()
            )));
        }
    }
    Ok(())
}

/// Unpacks a snapshot: `targets` gets the manifest and answers the directory of each of its
/// collections (their shards go to `<dir>/shard`). Checks that every file arrived whole, and
/// the checksum when one is given. On an error, the caller removes the targets.
fn unpack(
    source: Source,
    checksum: Option<&str>,
    targets: impl FnOnce(&Manifest) -> Result<Vec<PathBuf>>,
) -> Result<Manifest> {
    match source {
        Source::Bytes(bytes) => unpack_from(bytes.as_slice(), checksum, targets),
        Source::Path(path) => {
            let file = File::open(&path).map_err(|e| {
                // A missing file is the caller's wrong path, as on the server; any other
                // failure to open it is the local disk's.
                let kind = if e.kind() == io::ErrorKind::NotFound {
                    ErrorKind::NotFound
                } else {
                    ErrorKind::Io
                };
                Error::new(
                    kind,
                    format!("cannot open the snapshot file {}: {e}", path.display()),
                )
                .with_source(e)
            })?;
            unpack_from(BufReader::new(file), checksum, targets)
        }
    }
}

fn unpack_from<R: Read>(
    reader: R,
    checksum: Option<&str>,
    targets: impl FnOnce(&Manifest) -> Result<Vec<PathBuf>>,
) -> Result<Manifest> {
    let mut archive = tar::Archive::new(HashingReader::new(reader));
    let mut entries = archive.entries().map_err(bad_archive)?;
    let manifest: Manifest = {
        let mut first = entries
            .next()
            .ok_or_else(|| invalid("it is empty"))?
            .map_err(bad_archive)?;
        let path = first.path().map_err(bad_archive)?;
        if path != Path::new(MANIFEST) || first.size() > MAX_MANIFEST_LEN {
            return Err(invalid(format!(
                "it does not start with `{MANIFEST}` (a Qdrant server snapshot cannot be \
                 recovered by the embedded transport)"
            )));
        }
        let mut text = Vec::new();
        first.read_to_end(&mut text).map_err(bad_archive)?;
        serde_json::from_slice(&text).map_err(|e| invalid(format!("bad manifest: {e}")))?
    };
    if manifest.format != FORMAT || manifest.version != FORMAT_VERSION {
        return Err(invalid(format!(
            "format `{}` version {}; this quadrant reads `{FORMAT}` version {FORMAT_VERSION}",
            manifest.format, manifest.version
        )));
    }
    let dirs = targets(&manifest)?;
    let mut seen: Vec<BTreeSet<String>> = vec![BTreeSet::new(); manifest.collections.len()];
    for dir in &dirs {
        create_dir(&dir.join("shard"))?;
    }

    for entry in entries {
        let mut entry = entry.map_err(bad_archive)?;
        let path = entry.path().map_err(bad_archive)?.into_owned();
        let mut parts = Vec::new();
        for component in path.components() {
            match component {
                Component::Normal(part) => parts.push(
                    part.to_str()
                        .ok_or_else(|| invalid("an entry name is not UTF-8"))?
                        .to_owned(),
                ),
                _ => {
                    return Err(invalid(format!(
                        "entry `{}` is not a plain relative path",
                        path.display()
                    )));
                }
            }
        }
        let (index, relative) = match parts.as_slice() {
            [top, index, shard, rest @ ..] if top == "collections" && shard == "shard" => {
                let index: usize = index
                    .parse()
                    .map_err(|_| invalid(format!("unexpected entry `{}`", path.display())))?;
                (index, rest.join("/"))
            }
            _ => return Err(invalid(format!("unexpected entry `{}`", path.display()))),
        };
        let (Some(collection), Some(dir)) = (manifest.collections.get(index), dirs.get(index))
        else {
            return Err(invalid(format!("unexpected entry `{}`", path.display())));
        };
        let target = dir.join("shard").join(&relative);
        match entry.header().entry_type() {
            tar::EntryType::Directory if collection.directories.contains(&relative) => {
                create_dir(&target)?;
            }
            tar::EntryType::Regular | tar::EntryType::GNUSparse => {
                let Some(&expected) = collection.files.get(&relative) else {
                    return Err(invalid(format!("`{relative}` is not in the manifest")));
                };
                if let Some(parent) = target.parent() {
                    create_dir(parent)?;
                }
                entry.unpack(&target).map_err(bad_archive)?;
                let size = fs::metadata(&target)
                    .map_err(|e| error::io(format!("cannot read {}", target.display()), e))?
                    .len();
                if size != expected {
                    return Err(invalid(format!(
                        "`{relative}` has {size} bytes instead of {expected}"
                    )));
                }
                if let Some(seen) = seen.get_mut(index) {
                    seen.insert(relative);
                }
            }
            other => {
                return Err(invalid(format!(
                    "entry `{}` has an unexpected type ({other:?})",
                    path.display()
                )));
            }
        }
    }
    for (collection, seen) in manifest.collections.iter().zip(&seen) {
        if let Some(missing) = collection.files.keys().find(|file| !seen.contains(*file)) {
            return Err(invalid(format!(
                "it is truncated: `{missing}` of collection `{}` is missing",
                collection.name
            )));
        }
    }
    for (collection, dir) in manifest.collections.iter().zip(&dirs) {
        for directory in &collection.directories {
            if Path::new(directory)
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
            {
                return Err(invalid("a directory name in the manifest is not plain"));
            }
            create_dir(&dir.join("shard").join(directory))?;
        }
    }

    // The checksum covers the whole file, tar padding included.
    let mut reader = archive.into_inner();
    io::copy(&mut reader, &mut io::sink()).map_err(bad_archive)?;
    if let Some(expected) = checksum {
        let actual = hex(&reader.hasher.finalize_reset());
        if !expected.trim().eq_ignore_ascii_case(&actual) {
            return Err(error::wrong_input(format!(
                "Snapshot checksum mismatch: expected {expected}, got {actual}"
            )));
        }
    }
    Ok(manifest)
}

/// Opens the shard unpacked in `dir` as the collection `name`. The engine may panic on data it
/// cannot read; that, like an error, means the snapshot is unusable.
fn open_unpacked(
    root: Arc<Root>,
    name: &str,
    dir: &Path,
    config: CreateCollection,
) -> Result<Collection> {
    let paths = CollectionPaths::new(dir.to_owned());
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Collection::open(root, name.to_owned(), paths, config)
    }));
    match opened {
        Ok(Ok(collection)) => Ok(collection),
        Ok(Err(e)) => Err(invalid(format!(
            "its data cannot be opened: {}",
            e.message()
        ))),
        Err(_) => Err(invalid(
            "its data cannot be opened (the engine failed on it)",
        )),
    }
}

fn invalid(reason: impl std::fmt::Display) -> Error {
    error::wrong_input(format!(
        "the file is not a valid embedded snapshot: {reason}"
    ))
}

fn bad_archive(e: io::Error) -> Error {
    invalid(format!(
        "cannot read the archive (damaged or truncated?): {e}"
    ))
}

struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    length: u64,
}

impl<W> HashingWriter<W> {
    fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            length: 0,
        }
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        let written = buf.get(..n).unwrap_or(buf);
        self.hasher.update(written);
        self.length += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
        }
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or(buf));
        Ok(n)
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Time

fn now() -> SystemTime {
    SystemTime::now()
}

/// `YYYY-MM-DD-hh-mm-ss` in UTC, as in the server's snapshot names.
fn name_time(time: SystemTime) -> String {
    utc(time).format("%Y-%m-%d-%H-%M-%S").to_string()
}

/// `YYYY-MM-DDThh:mm:ss` in UTC, as in the server's snapshot descriptions.
fn description_time(time: SystemTime) -> String {
    utc(time).format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `time` in UTC, to the second. Times before 1970, and those past the end of chrono's
/// calendar (the year 262143), count as 1970.
fn utc(time: SystemTime) -> DateTime<Utc> {
    time.duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_secs()).ok())
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .unwrap_or(DateTime::UNIX_EPOCH)
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
