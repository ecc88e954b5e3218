-- wrk script of the benchmarks: one request per line of a file, each line used once.
--
--   wrk -t1 -c16 -d10s -s bench/walk.lua http://127.0.0.1:PORT -- FILE METHOD LIMIT PREFIX
--
-- FILE has one request per line: path, API key, If-None-Match value (may be empty) and,
-- optionally, a JSON body, separated by tabs. A POST also gets `Idempotency-Key:
-- PREFIX<line number>`, so every request has a key of its own. After LIMIT requests (0: no limit) the thread stops and
-- writes "walk: limit reached" on stderr, so that the runner can end wrk at once (wrk
-- would otherwise sleep out its -d). With FILE empty, wrk sends its plain static request.
-- `done` prints one line the runner parses: requests, duration and errors.

local requests, count, sent, limit = {}, 0, 0, 0

local function walk()
  sent = sent + 1
  if sent == limit then
    io.stderr:write("walk: limit reached\n")
    io.stderr:flush()
    wrk.thread:stop()
  end
  return requests[((sent - 1) % count) + 1]
end

function init(args)
  local file, method, prefix = args[1], args[2], args[4]
  limit = tonumber(args[3]) or 0
  if file == nil or file == "" then
    return
  end
  for line in io.lines(file) do
    local path, key, tag, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?([^\t]*)$")
    count = count + 1
    local headers = { ["Authorization"] = "Bearer " .. key }
    if tag ~= "" then
      headers["If-None-Match"] = tag
    end
    if method == "POST" then
      headers["Idempotency-Key"] = prefix .. count
    end
    if body ~= "" then
      headers["Content-Type"] = "application/json"
    else
      body = nil
    end
    requests[count] = wrk.format(method, path, headers, body)
  end
  request = walk -- defined only now: wrk decides after init whether requests are dynamic
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d status=%d connect=%d read=%d write=%d timeout=%d "
      .. "p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)
  ))
end
