// Generated from examples/api-migration.yaml by the test "the bundled example matches examples/ byte for byte"
// (DETOUR_UPDATE_EXAMPLE=1 swift test --filter BundledExampleTests regenerates it). Do not edit by hand.

/// The example rule file `detour` opens when no file is given, compiled in so a copied binary
/// works in any directory (SwiftPM resources would need a bundle beside the binary).
public enum BundledExample {
    /// Where the example lives in the repository.
    public static let repositoryPath = "examples/api-migration.yaml"
    /// Its text.
    public static let text = #"""
        # api-migration.yaml — moving the orders API from v1 to v2.
        #
        # The v2 service lives on its own host. Until v1 is switched off (end of 2036), 20 % of clients (by
        # their uid cookie, so a client stays on one side) are sent there; everyone else keeps using v1.
        site:
          hosts: [example.com, www.example.com]
          allow: [api-v2.example.com]   # the only external host targets may use
          exports:
            - {to: nginx}

        rules:
          # POST must stay POST: 307 keeps method and body. no-store so no client pins the canary.
          - id: orders-v2
            source: /api/v1/orders
            target: https://api-v2.example.com/orders
            code: 307
            methods: [POST]
            cache: no-store
            rollout: {percent: 20, by: "cookie:uid"}   # `rollout: 20%` is short for {percent: 20, by: ip}
            expires: 2036-12-31T00:00:00Z
            note: phased migration to v2
            owner: team-orders
            examples:
              # uid=u10 falls inside the 20 % (nginx split_clients hash), uid=u7 outside it.
              - request: POST /api/v1/orders
                headers: {Cookie: uid=u10}
                expect: 307 https://api-v2.example.com/orders
              - request: POST /api/v1/orders
                headers: {Cookie: uid=u7}
                expect: origin

          # Reads of single orders follow for everyone; GET only, so a 302 is safe for old clients.
          - id: order-read-v2
            source: ~^/api/v1/orders/([0-9]+)$
            target: https://api-v2.example.com/orders/$1
            code: 307
            methods: [GET, HEAD]
            cache: no-store
            expires: 2036-12-31T00:00:00Z
            examples:
              - request: GET /api/v1/orders/42
                expect: 307 https://api-v2.example.com/orders/42

          # The old docs moved for good (to https, so an old http link takes one hop).
          - id: docs
            source: /docs/v1/*
            target: https://{host}/docs/v2/*
            code: 308
            cache: max-age=3600
            examples:
              - request: GET /docs/v1/orders.html
                expect: 308 https://example.com/docs/v2/orders.html

          # Plain http goes to https: one rule that only takes requests that arrived over http, so the
          # https request that follows is served (no loop). 308 keeps a POST a POST. It comes last, so
          # an old http URL above still reaches its new page in one hop. Behind a TLS-terminating proxy
          # add `scheme_header: X-Forwarded-Proto` to `site:`. Try it:
          #   detour simulate examples/api-migration.yaml GET http://www.example.com/pricing
          - id: https-only
            scheme: http
            source: /*
            target: https://{host}/*
            code: 308
            examples:
              - request: GET http://www.example.com/pricing?plan=pro
                expect: 308 https://www.example.com/pricing?plan=pro
              - request: GET https://www.example.com/pricing
                expect: origin

        """#
}
