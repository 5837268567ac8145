/// The Lua half of the lighttpd export: a backtracking matcher for portable regexes (leftmost
/// match, greedy, PCRE's capture rules — the same semantics as the other servers' PCRE) and the
/// first-match loop over the rule table. lighttpd's config language has neither a hash nor a
/// clock, so mod_magnet runs every rule (cookbook §6 g/h).
enum LighttpdMatcherLua {
    static let prelude = #"""
        local r = lighty.r
        local function S(ranges)
          local t = {}
          for i = 1, #ranges, 2 do for b = ranges[i], ranges[i + 1] do t[b] = true end end
          return {t = "set", s = t}
        end

        local function m(node, s, i, caps, k)
          local t = node.t
          if t == "set" then
            local b = s:byte(i)
            if b and node.s[b] then return k(i + 1) end
            return nil
          elseif t == "cat" then
            local function step(j, idx)
              if idx > #node then return k(j) end
              return m(node[idx], s, j, caps, function(j2) return step(j2, idx + 1) end)
            end
            return step(i, 1)
          elseif t == "alt" then
            for idx = 1, #node do
              local res = m(node[idx], s, i, caps, k)
              if res then return res end
            end
            return nil
          elseif t == "grp" then
            local n = node.n
            if n == nil then return m(node[1], s, i, caps, k) end
            return m(node[1], s, i, caps, function(j)
              local ps, pe = caps[2 * n - 1], caps[2 * n]
              caps[2 * n - 1], caps[2 * n] = i, j
              local res = k(j)
              if res then return res end
              caps[2 * n - 1], caps[2 * n] = ps, pe
              return nil
            end)
          elseif t == "rep" then
            local function rep(j, count)
              if node.max == nil or count < node.max then
                local res = m(node[1], s, j, caps, function(j2)
                  if j2 == j and count >= node.min then return nil end
                  return rep(j2, count + 1)
                end)
                if res then return res end
              end
              if count >= node.min then return k(j) end
              return nil
            end
            return rep(i, 0)
          elseif t == "bol" then
            if i == 1 then return k(i) end
            return nil
          elseif t == "eol" then
            if i == #s + 1 then return k(i) end
            return nil
          end
          return k(i)
        end

        -- Leftmost match of a regex tree in s: the capture texts (false for an unset group), or nil.
        local function search(re, groups, s)
          for start = 1, #s + 1 do
            local caps = {}
            if m(re, s, start, caps, function(j) return j end) then
              local out = {}
              for n = 1, groups do
                local a, b = caps[2 * n - 1], caps[2 * n]
                out[n] = a and s:sub(a, b - 1) or ""
              end
              return out
            end
          end
          return nil
        end

        local function cookie(name)
          local h = r.req_header["Cookie"]
          if h == nil then return nil end
          for pair in string.gmatch(h, "[^;]+") do
            local eq = pair:find("=", 1, true)
            if eq then
              local k = pair:sub(1, eq - 1):gsub("^[ \t]+", ""):gsub("[ \t]+$", "")
              if k == name then return (pair:sub(eq + 1):gsub("^[ \t]+", ""):gsub("[ \t]+$", "")) end
            end
          end
          return nil
        end

        local function queryvalue(query, name)
          if query == nil then return nil end
          for pair in string.gmatch(query, "[^&]+") do
            local eq = pair:find("=", 1, true)
            if eq then
              if pair:sub(1, eq - 1) == name then return pair:sub(eq + 1) end
            elseif pair == name then
              return ""
            end
          end
          return nil
        end

        local function hostmatch(host, pats)
          for _, p in ipairs(pats) do
            if p.exact and host == p.exact then return true end
            if p.suffix and #host > #p.suffix + 1 and host:sub(-(#p.suffix + 1)) == "." .. p.suffix then return true end
          end
          return false
        end

        local function test(v, value)
          if value == nil then return false end
          if v.present then return true end
          if v.exact then return value == v.exact end
          return search(v.re, 0, value) ~= nil
        end

        local function inrollout(ro, addr)
          local value
          if ro.ip then value = addr elseif ro.cookie then value = cookie(ro.cookie) else value = r.req_header[ro.header] end
          if value == nil then return false end
          local h = tonumber(string.sub(lighty.c.md("md5", ro.salt .. value), 1, 8), 16)
          return h % 10000 < ro.bp
        end
        """#

    /// The loop over `RULES` that answers the first rule that applies.
    static let main = #"""
        local uri = r.req_attr["request.orig-uri"] or "/"
        local qpos = uri:find("?", 1, true)
        local path = qpos and uri:sub(1, qpos - 1) or uri
        local query = qpos and uri:sub(qpos + 1) or nil
        local host = (r.req_header["Host"] or ""):lower():gsub(":[0-9]*$", ""):gsub("%.$", "")
        local method = r.req_attr["request.method"]
        local scheme = r.req_attr["uri.scheme"] or "http"
        if SCHEME_HEADER then
          local v = (r.req_header[SCHEME_HEADER] or ""):lower()
          if v == "http" or v == "https" then scheme = v end
        end
        local addr = r.req_attr["request.remote-addr"]
        local now = os.time()
        local onsite = (#SITE == 0) or hostmatch(host, SITE)

        local function applies(rule)
          if rule.hosts then
            if not hostmatch(host, rule.hosts) then return nil end
          elseif not onsite then
            return nil
          end
          if rule.scheme and rule.scheme ~= scheme then return nil end
          if rule.methods and not rule.methods[method] then return nil end
          if rule.starts and now < rule.starts then return nil end
          if rule.expires and now >= rule.expires then return nil end
          local caps
          if rule.exact then
            if path ~= rule.exact then return nil end
            caps = {}
          elseif rule.prefix then
            if path:sub(1, #rule.prefix) ~= rule.prefix then return nil end
            caps = { path:sub(#rule.prefix + 1) }
          else
            caps = search(rule.re, rule.groups, path)
            if caps == nil then return nil end
          end
          for _, c in ipairs(rule.conds) do
            local value
            if c.header then value = r.req_header[c.header]
            elseif c.cookie then value = cookie(c.cookie)
            else value = queryvalue(query, c.query) end
            if not test(c, value) then return nil end
          end
          if rule.rollout and not inrollout(rule.rollout, addr) then return nil end
          return caps
        end

        local function location(rule, caps)
          local out = {}
          for _, p in ipairs(rule.target) do
            if type(p) == "string" then out[#out + 1] = p
            elseif p.cap then out[#out + 1] = caps[p.cap] or ""
            elseif p.host then out[#out + 1] = host
            elseif p.path then out[#out + 1] = path
            elseif p.query then out[#out + 1] = query or ""
            elseif p.keep then
              if query and #query > 0 then out[#out + 1] = (rule.hasq and "&" or "?") .. query end
            end
          end
          return table.concat(out)
        end

        for _, entry in ipairs(RULES) do
          local rule, caps
          if entry.list then
            if onsite and not path:find("[\t\n]") then
              local a, b = entry.list:find("\n" .. path .. "\t", 1, true)
              if a then
                local e = entry.list:find("\n", b + 1, true)
                rule = {code = entry.code, cc = entry.cc, hasq = entry.hasq, target = {entry.list:sub(b + 1, e - 1)}}
                if entry.keep then rule.target[2] = {keep = true} end
                caps = {}
              end
            end
          else
            caps = applies(entry)
            if caps then rule = entry end
          end
          if rule then
            r.resp_header["Location"] = location(rule, caps)
            if rule.cc then r.resp_header["Cache-Control"] = rule.cc end
            return rule.code
          end
        end
        return 0
        """#
}
