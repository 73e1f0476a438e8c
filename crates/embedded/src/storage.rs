//! The on-disk layout of an embedded database: the lock file, the catalog of collections and
//! one directory per collection, and the checks on names before they reach the disk.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use quadrant_models::CreateCollection;
use quadrant_transport::Result;
use serde::{Deserialize, Serialize};
use tempfile::TempDir;

use crate::error;

const LOCK_FILE: &str = "quadrant.lock";
const CATALOG_FILE: &str = "catalog.json";
const COLLECTIONS_DIR: &str = "collections";
const SHARD_DIR: &str = "shard";
const OPERATION_ID_FILE: &str = "operation_id";
const CATALOG_VERSION: u32 = 1;

/// The longest collection name the server accepts, in bytes.
const MAX_NAME_LEN: usize = 255;

/// The root directory of one open database, and what keeps it ours.
///
/// ```text
/// <root>/quadrant.lock                 held (flock) while a transport has the root open
/// <root>/catalog.json                  every collection (name, directory, configuration) and alias
/// <root>/collections/<id>/shard/       the engine's shard (WAL, segments, payload indexes)
/// <root>/collections/<id>/operation_id the last operation id given to a write
/// ```
///
/// The catalog is the source of truth: a collection exists when the catalog names it. A
/// collection directory the catalog does not name is left over from a create or delete that a
/// crash interrupted, and is removed at open. Directories are named by a generated id rather
/// than by the collection name, so names that differ only in case (or Unicode normalisation)
/// cannot collide on file systems that fold them.
///
/// Every open collection holds an `Arc<Root>`, so the lock is held and a `:memory:` directory
/// exists until the last engine shard is gone, even if a blocking task outlives the transport.
#[derive(Debug)]
pub(crate) struct Root {
    path: PathBuf,
    memory: bool,
    // Field order is drop order: the lock is released before a temporary root is removed.
    _lock: Option<File>,
    _temp: Option<TempDir>,
}

impl Root {
    /// Opens (creating if needed) a persistent root and locks it against other processes.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        fs::create_dir_all(path)
            .map_err(|e| error::io(format!("cannot create {}", path.display()), e))?;
        let lock = lock(path)?;
        Ok(Root {
            path: path.to_owned(),
            memory: false,
            _lock: lock,
            _temp: None,
        })
    }

    /// Creates a private temporary root, removed when the last user of it is dropped.
    pub(crate) fn temporary() -> Result<Self> {
        let temp = tempfile::Builder::new()
            .prefix("quadrant-memory-")
            .tempdir()
            .map_err(|e| error::io("cannot create a temporary directory", e))?;
        let lock = lock(temp.path())?;
        Ok(Root {
            path: temp.path().to_owned(),
            memory: true,
            _lock: lock,
            _temp: Some(temp),
        })
    }

    /// The root directory.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this is a `:memory:` database, whose files vanish on drop.
    pub(crate) fn is_memory(&self) -> bool {
        self.memory
    }

    /// The directory that holds one directory per collection.
    pub(crate) fn collections_dir(&self) -> PathBuf {
        self.path.join(COLLECTIONS_DIR)
    }

    /// The directory of the collection stored under `id`.
    pub(crate) fn collection_dir(&self, id: &str) -> PathBuf {
        self.collections_dir().join(id)
    }

    /// Reads the catalog; an absent catalog is an empty database.
    pub(crate) fn load_catalog(&self) -> Result<Catalog> {
        let path = self.path.join(CATALOG_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Catalog::default()),
            Err(e) => return Err(error::io(format!("cannot read {}", path.display()), e)),
        };
        let catalog: CatalogFile = serde_json::from_str(&text).map_err(|e| {
            quadrant_transport::Error::new(
                quadrant_transport::ErrorKind::Io,
                format!(
                    "Service internal error: the catalog {} is damaged: {e}",
                    path.display()
                ),
            )
            .with_source(e)
        })?;
        if catalog.version != CATALOG_VERSION {
            return Err(quadrant_transport::Error::new(
                quadrant_transport::ErrorKind::Usage,
                format!(
                    "the embedded database at {} has catalog version {}; this quadrant reads version {CATALOG_VERSION}",
                    self.path.display(),
                    catalog.version
                ),
            ));
        }
        let mut collections = BTreeMap::new();
        for (name, mut entry) in catalog.collections {
            // The request's path fields are not part of its JSON body.
            entry.config.collection_name.clone_from(&name);
            collections.insert(name, entry);
        }
        let mut aliases = catalog.aliases;
        // Deleting a collection saves the catalog without its aliases; an alias naming no
        // collection could only come from an edit by hand, and would resolve to nothing.
        aliases.retain(|alias, target| {
            let known = collections.contains_key(target);
            if !known {
                tracing::warn!(
                    alias,
                    collection = target.as_str(),
                    "dropping an alias of a collection that is not in the catalog"
                );
            }
            known
        });
        Ok(Catalog {
            collections,
            aliases,
        })
    }

    /// Writes the catalog atomically: a crash leaves either the old or the new file.
    pub(crate) fn save_catalog(&self, catalog: &Catalog) -> Result<()> {
        let file = CatalogFile {
            version: CATALOG_VERSION,
            collections: catalog.collections.clone(),
            aliases: catalog.aliases.clone(),
        };
        let text = serde_json::to_vec_pretty(&file).map_err(|e| {
            quadrant_transport::Error::new(
                quadrant_transport::ErrorKind::Server,
                format!("Service internal error: cannot encode the catalog: {e}"),
            )
        })?;
        write_atomically(&self.path, CATALOG_FILE, &text, true)
    }

    /// Removes collection directories that the catalog does not name: the remains of a create
    /// or delete that a crash interrupted.
    pub(crate) fn remove_orphans(&self, catalog: &Catalog) -> Result<()> {
        let dir = self.collections_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(error::io(format!("cannot list {}", dir.display()), e)),
        };
        for entry in entries {
            let entry =
                entry.map_err(|e| error::io(format!("cannot list {}", dir.display()), e))?;
            let name = entry.file_name();
            let known = name
                .to_str()
                .is_some_and(|id| catalog.collections.values().any(|c| c.directory == id));
            if !known {
                tracing::warn!(path = %entry.path().display(), "removing a collection directory left by an interrupted create or delete");
                if let Err(e) = fs::remove_dir_all(entry.path()) {
                    tracing::warn!(path = %entry.path().display(), error = %e, "could not remove the directory");
                }
            }
        }
        Ok(())
    }
}

/// Takes the root's lock file. Returns `None` where the platform has no file locks; the
/// engine's own WAL lock still refuses a second open there.
fn lock(root: &Path) -> Result<Option<File>> {
    let path = root.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|e| error::io(format!("cannot open {}", path.display()), e))?;
    // `File::try_lock` (std, since Rust 1.89) is `flock(LOCK_EX | LOCK_NB)` on Unix and
    // `LockFileEx` on Windows. Both conflict between two opens of the file even in the same
    // process, so a second `EmbeddedTransport::open` here is refused too.
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(error::already_open(root)),
        Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
            tracing::warn!(path = %path.display(), "file locks are not supported here; relying on the engine's WAL lock");
            Ok(None)
        }
        Err(TryLockError::Error(e)) => Err(error::io(format!("cannot lock {}", path.display()), e)),
    }
}

/// Every collection of the database, as persisted in `catalog.json`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    pub(crate) collections: BTreeMap<String, CatalogEntry>,
    /// Alias name → collection name.
    pub(crate) aliases: BTreeMap<String, String>,
}

/// One collection in the catalog.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CatalogEntry {
    /// The name of its directory under `collections/`.
    pub(crate) directory: String,
    /// The request that created it, as given: reported back by `get_collection`, including the
    /// settings that have no effect in-process (shards, replication, strict mode, metadata).
    pub(crate) config: CreateCollection,
}

#[derive(Serialize, Deserialize)]
struct CatalogFile {
    version: u32,
    collections: BTreeMap<String, CatalogEntry>,
    // Optional, so that catalogs written before aliases existed still read as version 1.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    aliases: BTreeMap<String, String>,
}

/// The paths inside one collection's directory.
#[derive(Debug, Clone)]
pub(crate) struct CollectionPaths {
    pub(crate) dir: PathBuf,
}

impl CollectionPaths {
    pub(crate) fn new(dir: PathBuf) -> Self {
        CollectionPaths { dir }
    }

    /// The engine shard's directory.
    pub(crate) fn shard(&self) -> PathBuf {
        self.dir.join(SHARD_DIR)
    }

    /// Reads the last operation id handed out; 0 when none was.
    pub(crate) fn load_operation_id(&self) -> u64 {
        fs::read_to_string(self.dir.join(OPERATION_ID_FILE))
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Records the last operation id. It is not fsynced: ids only need to be unique within a
    /// run and to keep increasing across clean restarts (see the crate docs).
    pub(crate) fn save_operation_id(&self, id: u64) -> Result<()> {
        write_atomically(
            &self.dir,
            OPERATION_ID_FILE,
            id.to_string().as_bytes(),
            false,
        )
    }
}

/// A new, unused directory id for a collection.
pub(crate) fn new_directory_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Writes `dir/name` through a temporary file and a rename, so readers never see half a file.
fn write_atomically(dir: &Path, name: &str, contents: &[u8], durable: bool) -> Result<()> {
    let target = dir.join(name);
    let temp = dir.join(format!("{name}.tmp"));
    let context = || format!("cannot write {}", target.display());
    let mut file = File::create(&temp).map_err(|e| error::io(context(), e))?;
    file.write_all(contents)
        .map_err(|e| error::io(context(), e))?;
    if durable {
        file.sync_all().map_err(|e| error::io(context(), e))?;
    }
    drop(file);
    fs::rename(&temp, &target).map_err(|e| error::io(context(), e))?;
    if durable {
        sync_dir(dir).map_err(|e| error::io(context(), e))?;
    }
    Ok(())
}

/// Makes a rename or a new file in `dir` durable (a no-op where directories cannot be synced).
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Checks a collection name before it is stored, with the server's rules: 1 to 255 bytes, none
/// of the characters that are special in paths or on Windows, no control characters, and not
/// `.` or `..`.
pub(crate) fn validate_collection_name(name: &str) -> Result<()> {
    let refuse = |reason: String| {
        Err(error::wrong_input(format!(
            "Validation error in path parameters: [collection_name: {reason}]"
        )))
    };
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return refuse(format!(
            "length must be between 1 and {MAX_NAME_LEN} bytes, got {}",
            name.len()
        ));
    }
    if name == "." || name == ".." {
        return refuse(format!("collection name cannot be `{name}`"));
    }
    if let Some(c) = name.chars().find(|c| {
        matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*') || c.is_control()
    }) {
        return refuse(format!("collection name cannot contain {c:?} char"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_escape_the_root_are_refused() {
        for bad in [
            "",
            ".",
            "..",
            "a/b",
            "..\\x",
            "a\0b",
            "tab\there",
            "x?",
            &"n".repeat(256),
        ] {
            let error = validate_collection_name(bad).expect_err(bad);
            assert_eq!(
                error.kind(),
                quadrant_transport::ErrorKind::InvalidArgument,
                "{bad:?}"
            );
            assert!(error.message().starts_with("Wrong input: "), "{error}");
        }
        for good in ["my_collection", "a.b-c", "名前", "..a", &"n".repeat(255)] {
            validate_collection_name(good).expect(good);
        }
    }

    #[test]
    fn a_second_lock_on_the_same_root_is_refused() {
        let root = Root::temporary().expect("temporary root");
        let error = Root::open(root.path()).expect_err("second open");
        assert_eq!(error.kind(), quadrant_transport::ErrorKind::Usage);
        assert!(error.message().contains("already open"), "{error}");
    }
}
