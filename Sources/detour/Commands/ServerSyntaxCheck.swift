import DetourCore
#if canImport(Glibc)
import Glibc
#endif

/// The servers' own syntax checks (cookbook §0 j), run on a standalone export directory.
enum ServerSyntaxCheck {
    static func command(_ server: ServerKind, directory dir: String) -> [String] {
        switch server {
        case .nginx: return ["nginx", "-t", "-q", "-p", dir, "-c", "nginx.conf"]
        case .apache: return ["apache2", "-t", "-d", dir, "-f", dir + "/httpd.conf"]
        case .haproxy: return ["haproxy", "-c", "-f", dir + "/haproxy.cfg"]
        case .caddy: return ["caddy", "validate", "--adapter", "caddyfile", "--config", dir + "/Caddyfile"]
        case .lighttpd: return ["lighttpd", "-tt", "-f", dir + "/lighttpd.conf"]
        case .varnish: return ["varnishd", "-C", "-f", dir + "/default.vcl", "-n", dir + "/varnish"]
        }
    }

    /// Throws with the server's message when the check fails.
    static func run(_ server: ServerKind, directory dir: String) throws {
        let (status, output) = try ProcessRunner.run(command(server, directory: dir), directory: dir)
        guard status == 0 else { throw VerifyError.syntaxCheckFailed(server, String(output.suffix(3000))) }
    }
}
