/// The commented rule file `detour new` writes: every field shown once, so a newcomer can learn
/// the format by editing it.
public enum StarterFile {
    public static let text = """
        # redirects.yaml — Detour rule file. Comments are kept by every save and by `detour fmt`.
        # Rules are tried top to bottom; the first that matches a request wins.
        # Check:    detour check redirects.yaml
        # Simulate: detour simulate redirects.yaml GET https://example.com/old
        site:
          hosts: [example.com, www.example.com]   # the site's own hosts: targets on them are local
          allow: [cdn.example.net]                # trusted external hosts targets may point to

        rules:
          # A page that moved for good: 301 for GET pages (use 308 when other methods must keep working).
          - id: old-page
            source: /old-page
            target: /new-page
            code: 301
            examples:
              - request: GET /old-page
                expect: 301 https://example.com/new-page

          # Everything under /blog/ moved to its own host; `*` carries the rest of the path.
          - id: blog
            source: /blog/*
            target: https://example.com/articles/*
            code: 308

          # A regex source (`~`) with a group used as $1 in the target.
          - id: product
            source: ~^/p/([0-9]+)-[a-z-]+$
            target: /products/$1
            code: 301

          # A temporary move with a 10 % rollout by client address, never cached, with an end date.
          - id: beta-home
            source: /
            target: /beta/
            code: 307
            cache: no-store
            rollout: 10%
            expires: 2030-01-01T00:00:00Z
            note: try the new home page on a tenth of visitors

        """
}
