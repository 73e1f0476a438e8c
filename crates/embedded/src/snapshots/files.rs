//! Snapshot files on disk: where they live, writing one with its checksum, listing,
//! describing and deleting them.

use super::*;

pub(super) fn snapshots_dir(root: &Root) -> PathBuf {
    root.path().join(SNAPSHOTS_DIR)
}

pub(super) fn collection_snapshots_dir(root: &Root, collection: &str) -> PathBuf {
    snapshots_dir(root).join(collection)
}

pub(super) fn shard_snapshots_dir(root: &Root, collection: &str) -> PathBuf {
    collection_snapshots_dir(root, collection)
        .join(SHARDS_DIR)
        .join(LOCAL_SHARD.to_string())
}

/// Writes a new snapshot `name` in `dir` through a hidden temporary file, then its checksum
/// file, then renames it into place, so a listing never shows half a snapshot.
pub(super) fn write_snapshot(
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

pub(super) fn list(dir: &Path) -> Result<Vec<SnapshotDescription>> {
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

pub(super) fn describe(path: &Path) -> Result<SnapshotDescription> {
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

pub(super) fn delete(dir: &Path, snapshot: &str) -> Result<bool> {
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
pub(super) fn existing(dir: &Path, snapshot: &str) -> Result<PathBuf> {
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

pub(super) fn checksum_path(snapshot: &Path) -> PathBuf {
    let mut name = snapshot.as_os_str().to_owned();
    name.push(CHECKSUM_SUFFIX);
    PathBuf::from(name)
}

pub(super) fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn snapshot_not_found(name: &str) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("Not found: Snapshot {name} not found"),
    )
    .with_resource(Resource::Snapshot)
}

pub(super) fn create_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| error::io(format!("cannot create {}", dir.display()), e))
}

pub(super) fn remove_dir(dir: &Path) {
    if let Err(e) = fs::remove_dir_all(dir)
        && e.kind() != io::ErrorKind::NotFound
    {
        tracing::warn!(path = %dir.display(), error = %e, "could not remove a collection directory; the next open removes it");
    }
}

/// Makes every file and directory under `dir` durable.
pub(super) fn sync_tree(dir: &Path) -> io::Result<()> {
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
pub(super) fn snapshot_id() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0 % 10_000_000_000_000_000
}
