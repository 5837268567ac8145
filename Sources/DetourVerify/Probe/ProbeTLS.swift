import COpenSSL

/// The TLS settings of one probe run, shared by every connection: certificates are checked
/// against the system's trust store, against `--ca FILE` only, or not at all (`--insecure`).
final class ProbeTLS: @unchecked Sendable {
    // SSL_CTX is safe to share between threads once configured; each connection has its own SSL.
    let context: OpaquePointer
    let verifies: Bool

    init(insecure: Bool, caFile: String?) throws {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { throw ProbeSetupError("TLS: \(Self.lastError())") }
        context = ctx
        verifies = !insecure
        _ = detour_ssl_ctx_min_tls12(ctx)
        if insecure {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        } else {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
            if let caFile {
                guard SSL_CTX_load_verify_locations(ctx, caFile, nil) == 1 else {
                    throw ProbeSetupError("\(caFile): not a readable PEM certificate file (\(Self.lastError()))")
                }
            } else {
                _ = SSL_CTX_set_default_verify_paths(ctx)
            }
        }
    }

    deinit { SSL_CTX_free(context) }

    /// Runs the TLS handshake on a connected socket. `serverName` is sent as SNI (unless it is an
    /// IP address) and is the name the certificate must carry.
    func handshake(fd: Int32, serverName: String) throws -> OpaquePointer {
        guard let ssl = SSL_new(context) else { throw ProbeTransportError("TLS: \(Self.lastError())") }
        _ = SSL_set_fd(ssl, fd)
        let isAddress = serverName.allSatisfy { $0.isNumber || $0 == "." } || serverName.contains(":")
        if !isAddress { _ = detour_ssl_set_sni(ssl, serverName) }
        if verifies { _ = SSL_set1_host(ssl, serverName) }
        guard SSL_connect(ssl) == 1 else {
            let verifyResult = SSL_get_verify_result(ssl)
            let reason =
                verifyResult != Int(X509_V_OK)
                ? "certificate not accepted for \(serverName): \(String(cString: X509_verify_cert_error_string(verifyResult)))"
                    + " (--ca FILE trusts a certificate, --insecure skips the check)"
                : "TLS handshake failed: \(Self.lastError())"
            SSL_free(ssl)
            throw ProbeTransportError(reason)
        }
        return ssl
    }

    static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "no detail from OpenSSL" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
