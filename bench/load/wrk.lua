-- wrk script for bench/load/run.sh.
--   wrk ... -s wrk.lua URL -- <threads>                 GET the URL (the bare endpoint)
--   wrk ... -s wrk.lua URL -- <threads> <bodies.tsv>    POST pre-signed bodies: one "<X-Signature>\t<JSON body>" a line.
-- wrk's Lua cannot compute HMAC, so run.sh signs the bodies beforehand. Thread k of n sends lines k, k+n, k+2n, ...
-- so no two requests carry the same messageId until a thread runs out and wraps around (counted as "wrapped").
-- Every response's status is counted; done() prints "@@" lines that loadtool.py reads.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  wrapped = 0
  local nthreads = tonumber(args[1]) or 1
  local file = args[2]
  if file == nil then return end
  sigs, bodies = {}, {}
  local n = 0
  for line in io.lines(file) do
    if n % nthreads == id - 1 then
      local tab = line:find("\t", 1, true)
      table.insert(sigs, line:sub(1, tab - 1))
      table.insert(bodies, line:sub(tab + 1))
    end
    n = n + 1
  end
  index = 1
end

function request()
  if bodies == nil then return wrk.format("GET") end
  if index > #bodies then
    index = 1
    wrapped = wrapped + 1
  end
  local i = index
  index = index + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["X-Signature"] = sigs[i] }, bodies[i])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals, wraps = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    wraps = wraps + thread:get("wrapped")
  end
  io.write(string.format("@@requests %d\n@@duration_us %d\n@@bytes %d\n", summary.requests, summary.duration, summary.bytes))
  local e = summary.errors
  io.write(string.format("@@errors connect=%d read=%d write=%d status=%d timeout=%d\n", e.connect, e.read, e.write, e.status, e.timeout))
  for status, count in pairs(totals) do io.write(string.format("@@status %d %d\n", status, count)) end
  io.write(string.format("@@wrapped %d\n", wraps))
  io.write(string.format("@@latency_us mean=%.1f p50=%d p90=%d p99=%d max=%d\n",
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
