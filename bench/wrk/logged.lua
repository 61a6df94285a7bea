-- The small non-streaming chat completion of chat.lua, and every answered response's status and
-- x-request-id written to $BENCH_IDS_DIR/ids-<thread>.txt (one "status id" line each), so that
-- bench/crash-usage.sh can match answers with usage records. Responses cut off by a crash are not
-- answered: wrk counts them as errors and calls response() only for whole ones.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request(common.chat)

local dir = os.getenv("BENCH_IDS_DIR") or "."
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

local out

function init(args)
  out = io.open(string.format("%s/ids-%d.txt", dir, thread_no), "w")
end

function response(status, headers, body)
  local id = headers["x-request-id"] or headers["X-Request-Id"] or "-"
  out:write(status, " ", id, "\n")
end

done = common.done
