#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The temporary file of one atomic write, created beside its target. On Linux it is unnamed
/// (`O_TMPFILE`), so a killed process leaves nothing; it is linked under a `.NAME.detour-XXXXXX`
/// name only for the rename. Elsewhere, or on a filesystem without `O_TMPFILE`, it is named from
/// the start. Either way the writer holds an exclusive `flock` on it for its whole life: a named
/// temporary file nobody holds belongs to a dead process and is removed by the next save.
struct TempFile {
    let fd: Int32
    let dir: String
    let base: String
    /// The file's name in `dir` while it has one.
    private var name: String?
    private var published = false

    static func prefix(of base: String) -> String { ".\(base).detour-" }

    static func create(dir: String, base: String, for path: String) throws -> TempFile {
        #if os(Linux)
            // O_TMPFILE is (__O_TMPFILE | O_DIRECTORY); Glibc does not export it to Swift.
            let fd = open(dir, 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC, 0o666)
            if fd >= 0 {
                flock(fd, LOCK_EX)
                return TempFile(fd: fd, dir: dir, base: base, name: nil)
            }
            guard errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL else {
                throw AtomicFile.Failure.cannotWrite(path, "cannot create a temporary file in \(dir): \(AtomicFile.errnoText())")
            }
        #endif
        while true {
            let name = prefix(of: base) + randomSuffix()
            let fd = open(dir + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw AtomicFile.Failure.cannotWrite(path, "cannot create a temporary file in \(dir): \(AtomicFile.errnoText())")
            }
            flock(fd, LOCK_EX)
            // A cleaner may have taken the new file for a dead one before the lock: then start over.
            if isStillNamed(fd: fd, path: dir + "/" + name) { return TempFile(fd: fd, dir: dir, base: base, name: name) }
            close(fd)
        }
    }

    private init(fd: Int32, dir: String, base: String, name: String?) {
        self.fd = fd
        self.dir = dir
        self.base = base
        self.name = name
    }

    /// Renames the content onto `target` (in `dir`).
    mutating func publish(as target: String, for path: String) throws {
        if name == nil {
            while true {
                let candidate = Self.prefix(of: base) + Self.randomSuffix()
                if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, dir + "/" + candidate, AT_SYMLINK_FOLLOW) == 0 {
                    name = candidate
                    break
                }
                if errno == EEXIST { continue }
                throw AtomicFile.Failure.cannotWrite(path, "cannot name the temporary file in \(dir): \(AtomicFile.errnoText())")
            }
        }
        guard rename(dir + "/" + name!, target) == 0 else { throw AtomicFile.Failure.cannotWrite(path, AtomicFile.errnoText()) }
        published = true
    }

    /// Closes the file; an unpublished named file is removed.
    func discard() {
        if !published, let name { unlink(dir + "/" + name) }
        close(fd)
    }

    /// Removes `.BASE.detour-*` files in `dir` that no live writer holds.
    static func removeStale(dir: String, base: String) {
        guard let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        let prefix = Array(prefix(of: base).utf8)
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            guard name.count > prefix.count, name.starts(with: prefix) else { continue }
            let path = dir + "/" + String(decoding: name, as: UTF8.self)
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, flock(fd, LOCK_EX | LOCK_NB) == 0, isStillNamed(fd: fd, path: path) {
                unlink(path)
            }
            close(fd)
        }
    }

    private static func isStillNamed(fd: Int32, path: String) -> Bool {
        var byName = stat()
        var byFD = stat()
        return stat(path, &byName) == 0 && fstat(fd, &byFD) == 0 && byName.st_ino == byFD.st_ino && byName.st_dev == byFD.st_dev
    }

    private static func randomSuffix() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<6).map { _ in letters.randomElement()! })
    }
}
