-- wrk reporter for tests/load/run.sh: after the run, one line of figures that run.sh reads.
--   RESULT requests=N seconds=S rps=R p50_ms=X p99_ms=Y max_ms=Z bytes_per_response=B errors=E connect=.. read=..
--          write=.. timeout=.. status=.. non200=N codes=200:N,...
-- errors = socket errors (connect + read + write + timeout) + responses that were not 2xx/3xx (wrk's summary.errors.status).
-- With LOAD_COUNT_STATUS=1 each thread also counts every response's status code, so a 3xx or any other non-200
-- shows up as non200 (wrk itself counts 3xx as fine). That is not free: with a response() hook wrk copies every
-- body into Lua, which halves its rate on a 140 KB PDF, so run.sh counts codes during the warm-ups only.

local threads = {}

-- LOAD_PATHS="/,/timeline,…": each request takes the next path of the list (per thread), instead of the URL's.
local paths = os.getenv("LOAD_PATHS")
if paths and paths ~= "" then
    local list = {}
    for path in string.gmatch(paths, "[^,]+") do
        table.insert(list, path)
    end
    local next_path = 0
    function request()
        next_path = next_path % #list + 1
        return wrk.format(nil, list[next_path])
    end
end

function setup(thread)
    table.insert(threads, thread)
end

if os.getenv("LOAD_COUNT_STATUS") == "1" then
    statuses = {}

    function response(status, headers, body)
        statuses[status] = (statuses[status] or 0) + 1
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    local seconds = summary.duration / 1e6
    local socket = e.connect + e.read + e.write + e.timeout

    local counts = {}
    local counted = false
    for _, thread in ipairs(threads) do
        local s = thread:get("statuses")
        if s then
            counted = true
            for code, n in pairs(s) do
                counts[code] = (counts[code] or 0) + n
            end
        end
    end
    local non200 = -1
    local codes = "not-counted"
    if counted then
        non200 = 0
        local parts = {}
        for code, n in pairs(counts) do
            if code ~= 200 then
                non200 = non200 + n
            end
            table.insert(parts, string.format("%d:%d", code, n))
        end
        table.sort(parts)
        codes = (#parts > 0) and table.concat(parts, ",") or "none"
    end

    io.write(string.format(
        "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f bytes_per_response=%.0f errors=%d connect=%d read=%d write=%d timeout=%d status=%d non200=%d codes=%s\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        summary.requests > 0 and summary.bytes / summary.requests or 0,
        socket + e.status, e.connect, e.read, e.write, e.timeout, e.status, non200, codes))
end
