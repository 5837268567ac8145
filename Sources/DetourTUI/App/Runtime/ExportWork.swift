import DetourCore
import Foundation

/// The export dialog's jobs, run off the input path: the lenient preview export, writing the files
/// atomically into a directory, and `detour verify` against the real server as a child process.
enum ExportWork {
    static func preview(_ set: RuleSet, server: ServerKind, directory: String, sourceFile: String) -> Result<ExportPreview, ExportJobError> {
        do {
            return .success(try ExportPreview.make(set, server: server, directory: absolute(directory), sourceFile: sourceFile,
                                                   sourceSHA256: ExportFileHash.sha256Hex((try? AtomicFile.read(sourceFile)) ?? [])))
        } catch {
            return .failure(ExportJobError(message: "export to \(server.name): \(error)"))
        }
    }

    static func existing(names: [String], in directory: String) -> [String] {
        names.filter { FileManager.default.fileExists(atPath: absolute(directory) + "/" + $0) }
    }

    /// Exports again for the final directory (standalone paths depend on it) and writes each file
    /// atomically; returns the number of files or the error.
    static func write(_ set: RuleSet, server: ServerKind, directory: String, sourceFile: String) -> Result<Int, ExportJobError> {
        let dir = absolute(directory)
        do {
            var options = ExportOptions(directory: dir, sourceFile: sourceFile, lenient: true)
            options.sourceSHA256 = ExportFileHash.sha256Hex((try? AtomicFile.read(sourceFile)) ?? [])
            let output = try Exporters.exporter(for: server).export(set, options: options)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for f in output.files { _ = try AtomicFile.write(f.bytes, to: dir + "/" + f.name) }
            return .success(output.files.count)
        } catch {
            return .failure(ExportJobError(message: "not written to \(directory): \(error)"))
        }
    }

    /// The server's program name, as `verify` starts it.
    static func program(_ server: ServerKind) -> String {
        switch server {
        case .nginx: return "nginx"
        case .apache: return "apache2"
        case .haproxy: return "haproxy"
        case .caddy: return "caddy"
        case .lighttpd: return "lighttpd"
        case .varnish: return "varnishd"
        }
    }

    static func isInstalled(_ server: ServerKind) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin"]
        return dirs.contains { FileManager.default.isExecutableFile(atPath: $0 + "/" + program(server)) }
    }

    /// Runs `detour verify` on `rulesPath`; returns its output lines and whether every request agreed.
    static func verify(executable: String, rulesPath: String, server: ServerKind, isCancelled: () -> Bool) -> (lines: [String], agreed: Bool) {
        guard isInstalled(server) else { return (["\(program(server)) is not installed here: verify needs the real server"], false) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["verify", rulesPath, "--server", server.name, "--limit", "2000"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (["cannot run \(executable): \(error)"], false) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        return (Array(lines.suffix(20)), process.terminationStatus == 0)
    }

    /// The rules as they are in the editor, in a file `verify` can read: the file itself when it
    /// has no unsaved edits, otherwise a copy saved through the document (comments kept).
    static func rulesFile(_ set: RuleSet, document: RuleFileDocument, unsaved: Bool) throws -> String {
        guard unsaved else { return document.path }
        let name = document.path.split(separator: "/").last.map(String.init) ?? "rules.yaml"
        let dir = NSTemporaryDirectory() + "detour-verify-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let copy = dir + "/" + name
        _ = try AtomicFile.write(try AtomicFile.read(document.path), to: copy)
        var doc = try RuleFileDocument.load(path: copy)
        try doc.save(set, force: true)
        return copy
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// A failed export job, with the message for the status line.
struct ExportJobError: Error {
    let message: String
}
