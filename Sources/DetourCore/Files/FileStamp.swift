import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension AtomicFile {
    /// What identifies the version of a file on disk, to notice edits made behind our back: the
    /// file's identity (device and inode: a `mv` over it is a new file), its size and modification
    /// time to the nanosecond, and for small files a digest of the content, which catches an edit
    /// that kept size and timestamp (a coarse clock, a tool that restores mtime).
    public struct Stamp: Sendable, Equatable {
        public let device: UInt64
        public let inode: UInt64
        public let size: Int64
        public let modifiedNanoseconds: Int64
        /// SHA-256 of the content when it was read and at most `digestLimit` bytes long.
        public private(set) var contentDigest: [UInt8]?

        init(_ st: stat, digest: [UInt8]? = nil) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
            size = Int64(st.st_size)
            #if canImport(Darwin)
                modifiedNanoseconds = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
            #else
                modifiedNanoseconds = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            #endif
            contentDigest = digest
        }

        /// The same stamp with the digest of `bytes` (the content it describes) when they are small.
        func withDigest(of bytes: UnsafeBufferPointer<UInt8>) -> Stamp {
            guard bytes.count <= AtomicFile.digestLimit else { return self }
            var copy = self
            copy.contentDigest = Array(SHA256.hash(data: UnsafeRawBufferPointer(bytes)))
            return copy
        }

        /// Whether `other` names the same file, size and modification time (digests aside).
        func sameIdentity(as other: Stamp) -> Bool {
            device == other.device && inode == other.inode && size == other.size && modifiedNanoseconds == other.modifiedNanoseconds
        }
    }

    /// Files up to this size get a content digest in their stamp: hashing them is cheap next to
    /// reading them, and re-reading them before a save costs little.
    public static let digestLimit = 4 << 20

    /// The current stamp (without digest), nil when the file does not exist.
    public static func stamp(_ path: String) -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Stamp(st)
    }

    /// Whether the file at `path` is still the version `expected` describes (nil: the file did not
    /// exist and still does not). This is the one test of "changed on disk" that every save and the
    /// editor's disk watch use.
    public static func isUnchanged(_ path: String, since expected: Stamp?) -> Bool {
        let current = stamp(path)
        guard let expected, let current else { return expected == nil && current == nil }
        guard current.sameIdentity(as: expected) else { return false }
        guard let digest = expected.contentDigest else { return true }
        guard let bytes = try? read(path) else { return false }
        return bytes.withUnsafeBufferPointer { Array(SHA256.hash(data: UnsafeRawBufferPointer($0))) } == digest
    }
}
