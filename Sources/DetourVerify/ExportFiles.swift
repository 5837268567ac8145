import DetourCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writing an export to disk, and the standalone start command of DESIGN §7.4 as a user types it.
public enum ExportFiles {
    /// `path` made absolute against the working directory (standalone configs name their files absolutely).
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buf = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buf, buf.count) != nil else { return path }
        let cwd = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return cwd + "/" + path
    }

    /// Writes every file of `out` atomically into `dir`, creating it when missing.
    public static func write(_ out: ExportOutput, to dir: String) throws {
        try makeDirectories(dir)
        for f in out.files {
            _ = try AtomicFile.write(f.bytes, to: dir + "/" + f.name)
        }
    }

    /// `mkdir -p`. An existing file that is not a directory (nor a link to one) on the way is refused
    /// before anything is written.
    public static func makeDirectories(_ path: String) throws {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 {
                guard errno == EEXIST else {
                    throw ExportError.invalidOption("cannot create directory \(current): \(String(cString: strerror(errno)))")
                }
                var st = stat()
                if stat(current, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR {
                    throw ExportError.invalidOption(
                        "\(current) is a file, not a directory; an export is written into a directory (nothing was written)")
                }
            }
        }
    }

    /// The command that runs a standalone export in the foreground (DESIGN §7.4).
    public static func startCommand(_ target: any ServerTarget, directory dir: String, listen: ListenAddress) -> String {
        target.startArguments(directory: dir, listen: listen).joined(separator: " ")
    }
}
