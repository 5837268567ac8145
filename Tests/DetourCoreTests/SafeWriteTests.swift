import Foundation
import Testing

@testable import DetourCore

/// One write mechanism for every command and the editor (`AtomicFile.write`): it refuses when
/// another program wrote the file between load and rename, writes through symbolic links, keeps
/// mode, owner and group, refuses read-only files unless told, and leaves no temporary file.
struct SafeWriteTests {
    private func file(_ text: String, named name: String = "r.yaml") throws -> (dir: String, path: String) {
        let dir = TestSupport.tempDir()
        let path = dir + "/" + name
        try AtomicFile.write(Array(text.utf8), to: path)
        return (dir, path)
    }

    private func text(_ path: String) throws -> String { String(decoding: try AtomicFile.read(path), as: UTF8.self) }

    private func entries(_ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir).sorted() }

    @Test func anAppendBetweenTheWriteAndTheRenameIsRefusedAndKept() throws {
        let (dir, path) = try file("rules: []\n")
        let (_, stamp) = try AtomicFile.readWithStamp(path)
        let options = AtomicFile.WriteOptions(expected: stamp, checkConflict: true) {
            let handle = FileHandle(forWritingAtPath: path)!
            handle.seekToEndOfFile()
            handle.write(Data("# theirs\n".utf8))
            handle.closeFile()
        }
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write(to: path, options: options) { try $0.write("rules: [] # mine\n") } }
        #expect(try text(path) == "rules: []\n# theirs\n")
        #expect(try entries(dir) == ["r.yaml"])
    }

    @Test func aFileReplacedByMvMeanwhileIsRefusedAndKept() throws {
        let (dir, path) = try file("rules: []\n")
        let (_, stamp) = try AtomicFile.readWithStamp(path)
        let options = AtomicFile.WriteOptions(expected: stamp, checkConflict: true) {
            // Same size and content, a new inode: `mv` of another program's output.
            try! Data("rules: []\n".utf8).write(to: URL(fileURLWithPath: dir + "/other"))
            rename(dir + "/other", path)
        }
        do {
            try AtomicFile.write(to: path, options: options) { try $0.write("rules: [] # mine\n") }
            Issue.record("the write went ahead")
        } catch let failure as AtomicFile.Failure {
            #expect(failure.description == "\(path) changed on disk since it was read (another program wrote it); nothing was written")
        }
        #expect(try text(path) == "rules: []\n")
        #expect(try entries(dir) == ["r.yaml"])
    }

    @Test func anEditThatKeepsSizeAndTimestampIsCaughtByTheDigest() throws {
        let (_, path) = try file("rules: []\n# aaaa\n")
        let (_, stamp) = try AtomicFile.readWithStamp(path)
        var times = stat()
        stat(path, &times)
        let fd = open(path, O_WRONLY)
        _ = pwrite(fd, "bbbb", 4, 12)
        // Put the modification time back, as a tool that preserves timestamps does.
        var restored = [times.st_atim, times.st_mtim]
        futimens(fd, &restored)
        close(fd)
        #expect(AtomicFile.stamp(path)!.modifiedNanoseconds == stamp.modifiedNanoseconds)
        #expect(!AtomicFile.isUnchanged(path, since: stamp))
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write(Array("x\n".utf8), to: path, expected: stamp, checkConflict: true) }
        #expect(try text(path) == "rules: []\n# bbbb\n")
    }

    @Test func aFileCreatedWhereNoneWasIsRefused() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/new.yaml"
        let options = AtomicFile.WriteOptions(expected: nil, checkConflict: true) {
            try! Data("theirs\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write(to: path, options: options) { try $0.write("mine\n") } }
        #expect(try text(path) == "theirs\n")
    }

    @Test func aSymbolicLinkIsWrittenThroughAndStaysALink() throws {
        let (dir, real) = try file("rules: []\n", named: "real.yaml")
        try FileManager.default.createDirectory(atPath: dir + "/links", withIntermediateDirectories: true)
        let link = dir + "/links/link.yaml"
        symlink("../real.yaml", link)
        let (_, stamp) = try AtomicFile.readWithStamp(link)
        try AtomicFile.write(Array("rules: [] # new\n".utf8), to: link, expected: stamp, checkConflict: true)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../real.yaml")
        #expect(try text(real) == "rules: [] # new\n")
        // The temporary file was made beside the target, and none is left anywhere.
        #expect(try entries(dir) == ["links", "real.yaml"])
        #expect(try entries(dir + "/links") == ["link.yaml"])
    }

    @Test func modeOwnerAndGroupAreKept() throws {
        let (_, path) = try file("rules: []\n")
        chmod(path, 0o640)
        // Root may give the file to another owner; anyone else can only check their own stays.
        let owner: uid_t = getuid() == 0 ? 4321 : getuid()
        let group: gid_t = getuid() == 0 ? 4322 : getgid()
        chown(path, owner, group)
        try AtomicFile.write(Array("rules: [] # new\n".utf8), to: path)
        var st = stat()
        stat(path, &st)
        #expect(st.st_mode & 0o7777 == 0o640)
        #expect(st.st_uid == owner)
        #expect(st.st_gid == group)
    }

    @Test func aReadOnlyFileIsRefusedUnlessOverwritingIsAsked() throws {
        let (_, path) = try file("rules: []\n")
        chmod(path, 0o444)
        do {
            try AtomicFile.write(Array("x\n".utf8), to: path)
            Issue.record("a read-only file was replaced")
        } catch let failure as AtomicFile.Failure {
            #expect(failure.description == "\(path) is read-only; nothing was written")
        }
        #expect(try text(path) == "rules: []\n")
        try AtomicFile.write(Array("x\n".utf8), to: path, overwriteReadOnly: true)
        #expect(try text(path) == "x\n")
        var st = stat()
        stat(path, &st)
        #expect(st.st_mode & 0o7777 == 0o444)
    }

    @Test func theContentHasNoNameUntilTheRename() throws {
        let (dir, path) = try file("rules: []\n")
        var seen: [String] = []
        let options = AtomicFile.WriteOptions { seen = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] }
        try AtomicFile.write(to: path, options: options) { try $0.write("rules: [] # new\n") }
        // O_TMPFILE: a kill -9 before the rename leaves no file behind.
        #expect(seen == ["r.yaml"])
        #expect(try entries(dir) == ["r.yaml"])
    }

    @Test func staleTemporaryFilesOfDeadWritersAreRemovedAndLiveOnesKept() throws {
        let (dir, path) = try file("rules: []\n")
        let stale = dir + "/.r.yaml.detour-AbC123"
        try Data("half a file".utf8).write(to: URL(fileURLWithPath: stale))
        // A live writer holds its temporary file locked.
        let live = dir + "/.r.yaml.detour-LiVe99"
        try Data("being written".utf8).write(to: URL(fileURLWithPath: live))
        let fd = open(live, O_RDONLY)
        flock(fd, LOCK_EX)
        defer { close(fd) }
        try AtomicFile.write(Array("rules: [] # new\n".utf8), to: path)
        #expect(try entries(dir) == [".r.yaml.detour-LiVe99", "r.yaml"])
    }

    @Test func aDocumentSaveUsesTheSameCheck() throws {
        let (_, path) = try file(try text(TestSupport.example("api-migration.yaml")))
        var doc = try RuleFileDocument.load(path: path)
        let theirs = try text(path) + "# theirs\n"
        try Data(theirs.utf8).write(to: URL(fileURLWithPath: path))
        var edited = doc.ruleSet
        edited.rules.removeLast()
        #expect(throws: AtomicFile.Failure.self) { try doc.save(edited) }
        #expect(try text(path) == theirs)
    }
}
