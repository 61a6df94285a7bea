-- A streamed chat completion: the fake upstream sends 20 content chunks, a usage chunk (asked for,
-- as most clients do, so Warbler reads usage from the stream) and data: [DONE]. wrk counts one
-- request per whole stream.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request('{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"stream":true,"stream_options":{"include_usage":true}}')
done = common.done
