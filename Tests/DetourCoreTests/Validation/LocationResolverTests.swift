import Testing

@testable import DetourCore

/// `LocationResolver.resolve` settles plain locations in one pass over their bytes; these tests
/// hold that shortcut to the full WHATWG-style parse on every location it takes.
struct LocationResolverTests {
    @Test func theShortcutAgreesWithTheFullParse() {
        // Pieces that make locations plain, and every kind of piece that must leave the shortcut.
        let pieces = [
            "/", "/", "/", "a", "b", "item-7", ".", "..", "%2e", "%41", "?", "q=1", "#", "\\", "//", "https://", "http://",
            "HTTPS://", "example.com", "Example.com", "shop.example.com.", ":8443", "@", " ", "\t", "é", "~", "x.html", "-"
        ]
        var rng = MatchingPropertyTests.SplitMix(state: 2026)
        var shortcuts = 0
        for _ in 0..<20_000 {
            // Half the locations start the way plain ones do, so both sides of every check are reached.
            let start = Bool.random(using: &rng) ? ["/", "https://shop.example.com/", "http://example.com"].randomElement(using: &rng)! : ""
            let location = start + (0..<Int.random(in: 0...7, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let basePath = ["/", "/dir/page", "/a/b/"].randomElement(using: &rng)!
            let port: Int? = Bool.random(using: &rng) ? nil : 8080
            let full = LocationResolver.resolveInFull(location, scheme: "https", host: "example.com", port: port, path: basePath)
            if let fast = LocationResolver.plainResolution(location, scheme: "https", host: "example.com", port: port) {
                shortcuts += 1
                #expect(fast == full, "location \(location.debugDescription)")
            }
            #expect(LocationResolver.resolve(location, scheme: "https", host: "example.com", port: port, path: basePath) == full)
        }
        // The generator must reach the shortcut often, or the comparison says little.
        #expect(shortcuts > 2_000)
    }

    @Test func plainLocationsResolveOnTheirOrigin() {
        let r = LocationResolver.resolve("/shop/item-1?ref=a.b", scheme: "https", host: "example.com", port: 8443)
        #expect(r == LocationResolver.Resolved(scheme: "https", host: "example.com", port: 8443, path: "/shop/item-1", query: "ref=a.b"))
        let a = LocationResolver.resolve("http://shop.example.com", scheme: "https", host: "example.com", port: 8443)
        #expect(a == LocationResolver.Resolved(scheme: "http", host: "shop.example.com", port: nil, path: "/", query: nil))
        #expect(LocationResolver.resolve("/a/../b", scheme: "https", host: "example.com")?.path == "/b")
        #expect(LocationResolver.resolve("/a/x.html", scheme: "https", host: "example.com")?.path == "/a/x.html")
    }
}
