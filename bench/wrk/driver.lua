-- wrk driver for the Sluice benchmarks (bench/wrk.ts writes the environment).
--   WRK_MODE  bearer: GET with "Authorization: Bearer <line>"
--             client: POST {"clientId":"<line><run><counter>"} (a fresh, strong client id per request,
--                     in every run: WRK_RUN is new for each run, so no run re-joins an earlier run's clients)
--             plain:  the URL as given
--   WRK_LINES a file with one ticket or client id prefix a line, read once per thread
-- The done hook prints one line, "WRK_JSON {...}", for bench/wrk.ts to parse.
local mode = os.getenv("WRK_MODE") or "plain"
local run = os.getenv("WRK_RUN") or ""
local linesFile = os.getenv("WRK_LINES")
local lines, n, counter = {}, 0, 0
local threadIndex = 0

function setup(thread)
  thread:set("index", threadIndex)
  threadIndex = threadIndex + 1
end

function init(args)
  if linesFile then
    for line in io.lines(linesFile) do
      n = n + 1
      lines[n] = line
    end
  end
  -- Threads start at different lines so they do not send the same ids.
  counter = (tonumber(index) or 0) * 7919
end

function request()
  counter = counter + 1
  if mode == "plain" or n == 0 then return wrk.format(nil, nil, nil, nil) end
  local line = lines[(counter % n) + 1]
  if mode == "bearer" then
    return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. line }, nil)
  end
  local body = '{"clientId":"' .. line .. run .. string.format("%x", math.floor(counter / n)) .. '"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"non2xx":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
