//! The archive: writing a snapshot's tar archive, and unpacking and checking one.

use super::*;

/// Writes the archive of `collections` to `out`, holding each one's writes (after a flush)
/// until the archive is complete.
pub(super) fn write_archive<W: Write>(
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
pub(super) fn walk(
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
pub(super) fn unpack(
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
                .with_resource(Resource::Snapshot)
                .with_source(e)
            })?;
            unpack_from(BufReader::new(file), checksum, targets)
        }
    }
}

pub(super) fn unpack_from<R: Read>(
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
pub(super) fn open_unpacked(
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

pub(super) fn invalid(reason: impl std::fmt::Display) -> Error {
    error::wrong_input(format!(
        "the file is not a valid embedded snapshot: {reason}"
    ))
}

pub(super) fn bad_archive(e: io::Error) -> Error {
    invalid(format!(
        "cannot read the archive (damaged or truncated?): {e}"
    ))
}

pub(super) struct HashingWriter<W> {
    pub(super) inner: W,
    pub(super) hasher: Sha256,
    pub(super) length: u64,
}

impl<W> HashingWriter<W> {
    pub(super) fn new(inner: W) -> Self {
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

pub(super) struct HashingReader<R> {
    pub(super) inner: R,
    pub(super) hasher: Sha256,
}

impl<R> HashingReader<R> {
    pub(super) fn new(inner: R) -> Self {
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

pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}
