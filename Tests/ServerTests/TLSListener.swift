import Foundation

@testable import DetourCore

/// A second, TLS listener added to a standalone export for the scheme tests, with a self-signed
/// certificate for example.com made by `openssl` in the export's directory. lighttpd (no
/// mod_openssl here) and Varnish (no TLS at all) have none: they are tested through the header.
enum TLSListener {
    /// The servers this can add a TLS listener to, each with the edit of its main file.
    static let servers: [String: @Sendable (_ text: String, _ dir: String, _ host: String, _ port: Int) -> String] = [
        "nginx": { text, dir, host, port in
            text.replacingOccurrences(
                of: "server_name _;",
                with: "server_name _;\n    listen \(host):\(port) ssl;\n    ssl_certificate \(dir)/cert.pem;\n    ssl_certificate_key \(dir)/key.pem;"
            )
        },
        "apache": { text, dir, host, port in
            text.replacingOccurrences(
                of: "# Everything no rule redirects: 404.",
                with: """
                    LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
                    Listen \(host):\(port)
                    <VirtualHost \(host):\(port)>
                      SSLEngine on
                      SSLCertificateFile "\(dir)/cert.pem"
                      SSLCertificateKeyFile "\(dir)/key.pem"
                      Include "\(dir)/detour-rewrite.conf"
                      RewriteRule ^ - [R=404,L]
                    </VirtualHost>
                    # Everything no rule redirects: 404.
                    """)
        },
        "haproxy": { text, dir, host, port in
            let lines = text.components(separatedBy: "\n").map { line -> String in
                guard line.trimmingCharacters(in: .whitespaces).hasPrefix("bind ") else { return line }
                let indent = String(line.prefix { $0 == " " })
                return line + "\n" + indent + "bind \(host):\(port) ssl crt \(dir)/combined.pem"
            }
            return lines.joined(separator: "\n")
        },
        "caddy": { text, dir, host, port in
            text + """

                https://:\(port) {
                \tbind \(host)
                \ttls \(dir)/cert.pem \(dir)/key.pem
                \troute {
                \t\timport detour.caddy
                \t\trespond "no redirect" 404
                \t}
                }

                """
        }
    ]

    /// Makes the certificate and key (and their concatenation, for HAProxy) in `dir`.
    static func makeCertificate(in dir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=example.com",
            "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem"
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TLSListenerError("openssl req exited \(p.terminationStatus)") }
        let combined = try String(contentsOfFile: dir + "/cert.pem", encoding: .utf8) + String(contentsOfFile: dir + "/key.pem", encoding: .utf8)
        try combined.write(toFile: dir + "/combined.pem", atomically: true, encoding: .utf8)
        for f in ["key.pem", "combined.pem", "cert.pem"] { chmod(dir + "/" + f, 0o644) }
    }

    /// `GET https://HOST:port/path` through curl (certificate not checked, SNI = the host): the
    /// status and the Location header (nil when there is none).
    static func get(host: String, path: String, port: Int) throws -> (status: Int, location: String?) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = [
            "-sk", "-o", "/dev/null", "-D", "-", "--max-time", "10", "--resolve", "\(host):\(port):127.0.0.1", "https://\(host):\(port)\(path)"
        ]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/"), let code = Int(statusLine.split(separator: " ")[1]) else {
            throw TLSListenerError("no response over TLS (curl exited \(p.terminationStatus))")
        }
        let location = lines.first { $0.lowercased().hasPrefix("location:") }.map { String($0.dropFirst(9)).trimmingCharacters(in: .whitespaces) }
        return (code, location)
    }
}

struct TLSListenerError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
