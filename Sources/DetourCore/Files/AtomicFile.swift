#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File reads and crash-safe writes (`AtomicWrite.swift`): a write goes to a temporary file beside
/// the target, is fsynced and renamed over it, so a killed save leaves either the old or the new file.
public enum AtomicFile {
    public enum Failure: Error, CustomStringConvertible {
        case cannotRead(String, String)
        case cannotWrite(String, String)
        case changedOnDisk(String)
        case readOnly(String)
        public var description: String {
            switch self {
            case .cannotRead(let p, let why): return "\(p): cannot read: \(why)"
            case .cannotWrite(let p, let why): return "\(p): cannot save: \(why); the file on disk is unchanged"
            case .changedOnDisk(let p): return "\(p) changed on disk since it was read (another program wrote it); nothing was written"
            case .readOnly(let p): return "\(p) is read-only; nothing was written"
            }
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// The whole file's bytes.
    public static func read(_ path: String) throws -> [UInt8] { try readWithStamp(path).bytes }

    /// The whole file's bytes and the stamp of the version read (taken from the open file, so the
    /// stamp describes these bytes even when the file is replaced meanwhile).
    public static func readWithStamp(_ path: String) throws -> (bytes: [UInt8], stamp: Stamp) {
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
        let stamp = out.withUnsafeBufferPointer { Stamp(st).withDigest(of: $0) }
        return (out, stamp)
    }

    /// Calls `body` with the file's bytes mapped into memory (read-only, loaded up front), or read
    /// into memory when the file cannot be mapped (empty, not a regular file). The bytes are valid
    /// only during the call. Mapping skips copying the file into fresh memory, which is most of the
    /// cost of a read. As for any reader of a mapped file, another program truncating the file
    /// during the call ends the process (SIGBUS); the call lasts one parse.
    public static func withMappedBytes<T>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        try withMappedBytesAndStamp(path) { bytes, _ in try body(bytes) }
    }

    /// `withMappedBytes`, also passing the stamp of the version mapped.
    public static func withMappedBytesAndStamp<T>(_ path: String, _ body: (UnsafeBufferPointer<UInt8>, Stamp) throws -> T) throws -> T {
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
            let bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: size)
            return try body(bytes, Stamp(st).withDigest(of: bytes))
        }
        close(fd)
        let (bytes, stamp) = try readWithStamp(path)
        return try bytes.withUnsafeBufferPointer { try body($0, stamp) }
    }
}
