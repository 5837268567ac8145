// The part of OpenSSL `detour probe` uses for HTTPS (Debian's libssl-dev). Functions OpenSSL
// defines as macros are wrapped here, because Swift imports functions, not macros.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

static inline long detour_ssl_set_sni(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
static inline long detour_ssl_ctx_min_tls12(SSL_CTX *ctx) { return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION); }
