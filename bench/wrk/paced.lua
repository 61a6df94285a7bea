-- Gateway load at a steady pace, beside another benchmark (the soak): the soak's mix of whole and
-- streamed chat completions, each connection pausing between requests so that all of them together
-- send about BENCH_RPS requests a second.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

local chat = '{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"max_tokens":16}'
local stream = '{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"stream":true,"stream_options":{"include_usage":true}}'
common.setup_request(chat)

local formatted = {}
local n = 0
local pause_ms = 100

function init(args)
  formatted[1] = wrk.format(nil, nil, nil, chat)
  formatted[2] = wrk.format(nil, nil, nil, stream)
  local rps = tonumber(os.getenv("BENCH_RPS") or "50")
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "4")
  pause_ms = math.floor(1000 * connections / rps)
end

function request()
  n = n + 1
  return formatted[n % 2 + 1]
end

function delay()
  return pause_ms
end

done = common.done
