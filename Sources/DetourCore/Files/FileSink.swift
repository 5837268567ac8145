import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffered output into an open file for `AtomicFile.write(to:options:contents:)`: writers hand it
/// text in pieces, so a big file never exists twice in memory. It digests what it writes while the
/// total stays small enough for a stamp's content digest.
public struct FileSink {
    let fd: Int32
    let path: String
    private var buffer: [UInt8] = []
    private var hasher: SHA256? = SHA256()
    private(set) var total = 0
    private static let bufferSize = 1 << 20

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(Self.bufferSize)
    }

    public mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    public mutating func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write($0) }
    }

    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        total += bytes.count
        if total > AtomicFile.digestLimit {
            hasher = nil
        } else {
            hasher?.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count >= Self.bufferSize {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The digest of everything written, when it was small enough to keep one.
    var digest: [UInt8]? { hasher.map { Array($0.finalize()) } }

    private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var written = 0
        while written < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.Failure.cannotWrite(path, AtomicFile.errnoText())
            }
            written += n
        }
    }
}
