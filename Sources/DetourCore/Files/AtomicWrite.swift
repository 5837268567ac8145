#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension AtomicFile {
    /// What a write must respect besides being atomic.
    public struct WriteOptions {
        /// The version of the file the writer read (nil: there was no file). With `checkConflict`
        /// the write is refused when the file on disk is no longer that version, checked once before
        /// writing and again right before the rename.
        public var expected: Stamp?
        public var checkConflict: Bool
        /// Replace a file that has no write permission bits (otherwise `.readOnly`).
        public var overwriteReadOnly: Bool
        /// Runs after the new content is durable and before the conflict check and the rename; tests
        /// use it to act as another writer at the worst moment.
        public var beforeRename: (() -> Void)?

        public init(expected: Stamp? = nil, checkConflict: Bool = false, overwriteReadOnly: Bool = false, beforeRename: (() -> Void)? = nil) {
            self.expected = expected
            self.checkConflict = checkConflict
            self.overwriteReadOnly = overwriteReadOnly
            self.beforeRename = beforeRename
        }
    }

    /// Writes `bytes` to `path` atomically (see `write(to:options:contents:)`).
    @discardableResult
    public static func write(
        _ bytes: [UInt8], to path: String, expected: Stamp? = nil, checkConflict: Bool = false, overwriteReadOnly: Bool = false
    ) throws -> Stamp {
        let options = WriteOptions(expected: expected, checkConflict: checkConflict, overwriteReadOnly: overwriteReadOnly)
        return try write(to: path, options: options) { try $0.write(bytes) }
    }

    /// Writes what `contents` produces to `path` atomically and returns the new file's stamp.
    ///
    /// A symbolic link is written through: the temporary file goes beside the link's final target
    /// and is renamed onto it, so the link stays a link. The old file's permission bits, owner and
    /// group are kept (owner and group as far as the process may set them). On Linux the content
    /// goes to an unnamed file (`O_TMPFILE`) that gets a name only for the instant of the rename, so
    /// a killed save leaves nothing behind; where that is not supported, a named temporary file is
    /// used and the next save removes those left by dead processes. Nothing is written when the file
    /// is read-only or (with `checkConflict`) changed since `expected`.
    @discardableResult
    public static func write(to path: String, options: WriteOptions, contents: (inout FileSink) throws -> Void) throws -> Stamp {
        let target = resolvingLinks(path)
        let (dir, base) = splitPath(target)
        var old = stat()
        let exists = stat(target, &old) == 0
        if exists {
            if (old.st_mode & S_IFMT) == S_IFDIR { throw Failure.cannotWrite(path, "it is a directory") }
            if !options.overwriteReadOnly && (old.st_mode & 0o222) == 0 { throw Failure.readOnly(path) }
        }
        // Checked early too, so that a stale writer does not first spend the time of a big write.
        if options.checkConflict && !isUnchanged(target, since: options.expected) { throw Failure.changedOnDisk(path) }
        TempFile.removeStale(dir: dir, base: base)
        var temp = try TempFile.create(dir: dir, base: base, for: path)
        defer { temp.discard() }
        if exists {
            // Before any content goes in, so a private file's text is never readable by others.
            // Only root may give a file away; anyone may keep a group they belong to. chown clears
            // set-id bits, so the mode goes on after it.
            if fchown(temp.fd, old.st_uid, old.st_gid) != 0 { _ = fchown(temp.fd, uid_t.max, old.st_gid) }
            fchmod(temp.fd, old.st_mode & 0o7777)
        }
        var sink = FileSink(fd: temp.fd, path: path)
        try contents(&sink)
        try sink.flush()
        guard fsync(temp.fd) == 0 else { throw Failure.cannotWrite(path, "fsync failed: \(errnoText())") }
        options.beforeRename?()
        // The last check and the rename happen under a lock on the directory, so that of two Detour
        // writers that both passed the early check, the second sees the first one's file and refuses
        // instead of renaming over it (a check without the lock leaves that window open).
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { flock(dfd, LOCK_EX) }
        defer {
            if dfd >= 0 {
                flock(dfd, LOCK_UN)
                close(dfd)
            }
        }
        if options.checkConflict && !isUnchanged(target, since: options.expected) { throw Failure.changedOnDisk(path) }
        try temp.publish(as: target, for: path)
        // Make the rename itself durable.
        if dfd >= 0 { fsync(dfd) }
        var st = stat()
        fstat(temp.fd, &st)
        return Stamp(st, digest: sink.digest)
    }

    /// `path` with every symbolic link on its last component followed (a dangling link gives the
    /// path it points to, so writing creates the file the link names).
    static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: 4097)
            let n = readlink(current, &buffer, 4096)
            guard n > 0 else { return current }
            let destination = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = destination.hasPrefix("/") ? destination : splitPath(current).dir + "/" + destination
        }
        return current
    }

    static func splitPath(_ path: String) -> (dir: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        return (slash == path.startIndex ? "/" : String(path[..<slash]), String(path[path.index(after: slash)...]))
    }
}
