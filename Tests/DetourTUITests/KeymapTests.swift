import Foundation
import Testing

@testable import DetourTUI

@Suite("Key table")
struct KeymapTests {
    @Test("no two bindings in one context share a key")
    func noConflicts() {
        for context in KeyContext.allCases {
            var seen: [Key: Command] = [:]
            for b in Keymap.standard.bindings(in: context) {
                for k in b.keys {
                    #expect(seen[k] == nil, "\(k.name) in \(context) is bound to \(seen[k].map { "\($0)" } ?? "") and \(b.command)")
                    seen[k] = b.command
                }
            }
        }
    }

    @Test("every command has a key")
    func everyCommandReachable() {
        let bound = Set(Keymap.standard.bindings.map(\.command))
        for c in Command.allCases { #expect(bound.contains(c), "\(c) has no key") }
    }

    @Test("key names round-trip")
    func names() {
        for b in Keymap.standard.bindings { for k in b.keys { #expect(Key(name: k.name) == k, "\(k.name)") } }
    }

    @Test("docs/keys.md is generated from the key table")
    func docsInSync() throws {
        let path = TUITestSupport.repoRoot + "/docs/keys.md"
        let generated = KeyDocs.markdown()
        if ProcessInfo.processInfo.environment["DETOUR_UPDATE_DOCS"] == "1" {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let onDisk = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(onDisk == generated, "docs/keys.md is out of date: DETOUR_UPDATE_DOCS=1 swift test --filter KeymapTests")
    }

    @Test("the help overlay lists every binding")
    func helpCoversBindings() {
        let lines = HelpOverlay.lines(.standard).map(\.text)
        for b in Keymap.standard.bindings {
            #expect(lines.contains { $0.hasPrefix(b.keys[0].name) && $0.contains(b.help) }, "\(b.command)")
        }
        #expect(lines.contains { $0.hasPrefix(":goto ID") })
    }

    @Test("curses codes decode to keys")
    func decoder() {
        // ncurses' key codes: KEY_DOWN 258, KEY_UP 259, KEY_BTAB 353, KEY_NPAGE 338, KEY_RESIZE 410.
        #expect(KeyDecoder.decode(258, isFunctionKey: true) == .key(.down))
        #expect(KeyDecoder.decode(259, isFunctionKey: true) == .key(.up))
        #expect(KeyDecoder.decode(353, isFunctionKey: true) == .key(.backTab))
        #expect(KeyDecoder.decode(338, isFunctionKey: true) == .key(.pageDown))
        #expect(KeyDecoder.decode(410, isFunctionKey: true) == .resize)
        #expect(KeyDecoder.decode(UInt32(KeyDecoder.pasteStartCode), isFunctionKey: true) == .pasteStart)
        #expect(KeyDecoder.decode(19, isFunctionKey: false) == .key(.ctrl("s")))
        #expect(KeyDecoder.decode(26, isFunctionKey: false) == .key(.ctrl("z")))
        #expect(KeyDecoder.decode(13, isFunctionKey: false) == .key(.enter))
        #expect(KeyDecoder.decode(127, isFunctionKey: false) == .key(.backspace))
        #expect(KeyDecoder.decode(27, isFunctionKey: false) == .escape)
        #expect(KeyDecoder.decode(0x4E2D, isFunctionKey: false) == .key(.char("中")))
    }

    @Test("colour pairs are reused and fall back when they run out")
    func pairs() {
        var defined: [(Int, Int, Int)] = []
        var alloc = PairAllocator(limit: 3) { defined.append(($0, $1, $2)) }
        #expect(alloc.pair(fg: -1, bg: -1) == 0)
        #expect(alloc.pair(fg: 1, bg: -1) == 1)
        #expect(alloc.pair(fg: 2, bg: -1) == 2)
        #expect(alloc.pair(fg: 1, bg: -1) == 1)
        #expect(alloc.pair(fg: 3, bg: -1) == 2)  // out of pairs: nearest foreground
        #expect(defined.count == 2)
    }
}
