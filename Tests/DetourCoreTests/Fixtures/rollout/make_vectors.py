"""Regenerates rollout-vectors.tsv from the cookbook's verified formulas (buckets.py) and the key
lists of verify_rollout.py. Every check listed here agreed 200/200 with a live server
(rollout-results.txt). Run: python3 make_vectors.py /work/shared/reference/server-cookbook-files"""
import sys
sys.path.insert(0, sys.argv[1])
import buckets
import verify_rollout

CHECKS = [l.split() for l in """
nginx /roll-uid header:X-User-Id nginx_redirected 10%
nginx /roll-ip ip nginx_redirected 25%
nginx /roll-cookie cookie:uid nginx_redirected 12.5%
apache /roll-uid header:X-User-Id apache_hex_lt md5:1999999a
apache /roll-ip ip apache_hex_lt md5:40000000
apache /roll-cookie cookie:uid apache_hex_lt sha1:20000000
haproxy /roll-crc32 header:X-User-Id haproxy_redirected crc32:mod100:lt10
haproxy /roll-djb2 header:X-User-Id haproxy_redirected djb2:mod100:lt10
haproxy /roll-sdbm header:X-User-Id haproxy_redirected sdbm:mod100:lt10
haproxy /roll-wt6 header:X-User-Id haproxy_redirected wt6:mod100:lt10
haproxy /roll-xxh32 header:X-User-Id haproxy_redirected xxh32:mod100:lt10
haproxy /roll-crc32c header:X-User-Id haproxy_redirected crc32c:mod100:lt10
haproxy /roll-crc32av header:X-User-Id haproxy_redirected crc32av:mod100:lt10
haproxy /roll-crc32raw header:X-User-Id haproxy_redirected crc32:raw:lt1073741824
haproxy /roll-cookie cookie:uid haproxy_redirected crc32:mod100:lt10
haproxy /roll-ip ip haproxy_ip_redirected crc32:mod100:lt25
haproxy /roll-ipstr ip haproxy_redirected crc32:mod100:lt25
caddy /roll-uid header:X-User-Id caddy_redirected 10:18301:18301
caddy /roll-ip ip caddy_redirected 4:18301:18301
lighttpd /roll-uid header:X-User-Id md5_prefix32_mod 100:10
lighttpd /roll-ip ip md5_prefix32_mod 100:25
varnish /roll-uid header:X-User-Id varnish_redirected 100:10
varnish /roll-ip ip varnish_redirected 100:25
varnish /roll-cookie cookie:uid varnish_redirected 100:10
varnish /roll-md5 header:X-User-Id md5_hex_lt 1999999a
""".strip().splitlines()]

print("# server\tpath\tkey kind\tformula\targument\tkey\tredirected")
for server, path, kind, formula, arg in CHECKS:
    f = getattr(buckets, formula)
    for k in verify_rollout.keys(kind):
        print(f"{server}\t{path}\t{kind}\t{formula}\t{arg}\t{k}\t{int(bool(f(k, arg)))}")
