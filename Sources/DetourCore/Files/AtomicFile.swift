#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File reads and crash-safe writes: a write goes to a temporary file in the same directory, is
/// fsynced and renamed over the target, so a killed save leaves either the old or the new file.
public enum AtomicFile {
    /// What identifies the version of a file on disk, to notice edits made behind our back.
    public struct Stamp: Sendable, Equatable {
        public let size: Int64
        public let modifiedNanoseconds: Int64
        public let inode: UInt64
    }

    public enum Failure: Error, CustomStringConvertible {
        case cannotRead(String, String)
        case cannotWrite(String, String)
        case changedOnDisk(String)
        public var description: String {
            switch self {
            case .cannotRead(let p, let why): return "\(p): cannot read: \(why)"
            case .cannotWrite(let p, let why): return "\(p): cannot save: \(why); the file on disk is unchanged"
            case .changedOnDisk(let p): return "\(p): the file changed on disk since it was loaded; reload it, or save with --force to overwrite"
            }
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// The whole file's bytes.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure.cannotRead(path, errnoText()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure.cannotRead(path, errnoText()) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure.cannotRead(path, "it is a directory") }
        // Straight into the result, whose size is known; a file that grew meanwhile is read on
        // through a bounce buffer.
        var failure: Int32 = 0
        var out = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, count in
            count = 0
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { return }
                count += n
            }
        }
        var more = [UInt8](repeating: 0, count: 1 << 16)
        while failure == 0 {
            let n = more.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            if n == 0 { break }
            out.append(contentsOf: more[0..<n])
        }
        if failure != 0 { throw Failure.cannotRead(path, String(cString: strerror(failure))) }
        return out
    }

    /// Calls `body` with the file's bytes mapped into memory (read-only, loaded up front), or read
    /// into memory when the file cannot be mapped (empty, not a regular file). The bytes are valid
    /// only during the call. Mapping skips copying the file into fresh memory, which is most of the
    /// cost of a read. As for any reader of a mapped file, another program truncating the file
    /// during the call ends the process (SIGBUS); the call lasts one parse.
    public static func withMappedBytes<T>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure.cannotRead(path, errnoText()) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let why = errnoText()
            close(fd)
            throw Failure.cannotRead(path, why)
        }
        let size = Int(st.st_size)
        if (st.st_mode & S_IFMT) == S_IFREG, size > 0,
            let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), mapped != UnsafeMutableRawPointer(bitPattern: -1)
        {
            close(fd)
            defer { munmap(mapped, size) }
            return try body(UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size))
        }
        close(fd)
        let bytes = try read(path)
        return try bytes.withUnsafeBufferPointer { try body($0) }
    }

    /// The current stamp, nil when the file does not exist.
    public static func stamp(_ path: String) -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Stamp(
            size: Int64(st.st_size), modifiedNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
            inode: UInt64(st.st_ino))
    }

    /// Writes `bytes` to `path` atomically. When `expected` is given and the file's stamp differs,
    /// refuses with `.changedOnDisk` (nothing is written). Keeps the old file's permission bits.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, expected: Stamp? = nil, checkConflict: Bool = false) throws -> Stamp {
        if checkConflict, stamp(path) != expected { throw Failure.changedOnDisk(path) }
        let dir: String
        let base: String
        if let slash = path.lastIndex(of: "/") {
            dir = slash == path.startIndex ? "/" : String(path[..<slash])
            base = String(path[path.index(after: slash)...])
        } else {
            dir = "."
            base = path
        }
        var mode: mode_t = 0o644
        var st = stat()
        if stat(path, &st) == 0 { mode = st.st_mode & 0o7777 }
        var template = Array("\(dir)/.\(base).detour-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure.cannotWrite(path, "cannot create a temporary file in \(dir): \(errnoText())") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let why = errnoText()
                close(fd)
                throw Failure.cannotWrite(path, why)
            }
            written += n
        }
        fchmod(fd, mode)
        guard fsync(fd) == 0 else {
            let why = errnoText()
            close(fd)
            throw Failure.cannotWrite(path, "fsync failed: \(why)")
        }
        close(fd)
        guard rename(tmp, path) == 0 else { throw Failure.cannotWrite(path, errnoText()) }
        ok = true
        // Make the rename itself durable.
        let dfd = open(dir, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
        return stamp(path)!
    }
}
