#if canImport(Glibc)
    import Glibc
#endif

/// Gives memory that the C allocator holds after large frees back to the system. Once glibc has
/// seen a 10⁶-rule document's multi-megabyte arrays freed, it raises its mmap threshold and keeps
/// the next ones on its heap, where freed pages stay resident: without this, each reload of a bulk
/// file left ≈ 14 % more resident memory behind. `malloc_trim` returns those pages; Swift's Glibc
/// module does not declare it, so it is looked up by name once.
enum FreedMemory {
    /// Files at least this large are bulk files whose reload is worth a trim (a few ms).
    static let bulkFileBytes: Int64 = 8 << 20

    static func returnToSystem() {
        #if canImport(Glibc)
            _ = mallocTrim?(0)
        #endif
    }

    #if canImport(Glibc)
        private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
            guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        }()
    #endif
}
