-- Gateway load at a steady pace, beside another benchmark (the soak): the soak's mix of whole and
-- streamed chat completions, each connection pausing between requests so that all of them together
-- send about BENCH_RPS requests a second. With BENCH_TIMELINE set, done() also writes there how
-- many answers of each status arrived in each second ("UNIX-SECOND STATUS COUNT" lines), so that
-- errors can be set against the times of injected faults.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.alternate_chat_and_stream()
local init_requests = init
local pause_ms = 100

function init(args)
  init_requests(args)
  local rps = tonumber(os.getenv("BENCH_RPS") or "50")
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "4")
  pause_ms = math.floor(1000 * connections / rps)
end

function delay()
  return pause_ms
end

-- Per thread: answers by "second status"; the main thread reads every thread's table in done().
answers = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local key = os.time() .. " " .. status
  answers[key] = (answers[key] or 0) + 1
end

function done(summary, latency, requests)
  common.done(summary, latency, requests)
  local path = os.getenv("BENCH_TIMELINE")
  if not path then
    return
  end
  local totals = {}
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("answers")) do
      totals[key] = (totals[key] or 0) + count
    end
  end
  local keys = {}
  for key in pairs(totals) do
    table.insert(keys, key)
  end
  table.sort(keys)
  local file = assert(io.open(path, "w"))
  for _, key in ipairs(keys) do
    file:write(key, " ", totals[key], "\n")
  end
  file:close()
end
