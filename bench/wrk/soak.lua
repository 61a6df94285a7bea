-- The soak phase: alternates non-streaming and streamed chat completions, so both relay paths run
-- for the whole soak while the script samples Warbler's memory.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

local chat = '{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"max_tokens":16}'
local stream = '{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"stream":true,"stream_options":{"include_usage":true}}'
common.setup_request(chat)

-- Formatted once per thread; request() only picks one.
local formatted = {}
local n = 0

function init(args)
  formatted[1] = wrk.format(nil, nil, nil, chat)
  formatted[2] = wrk.format(nil, nil, nil, stream)
end

function request()
  n = n + 1
  return formatted[n % 2 + 1]
end

done = common.done
