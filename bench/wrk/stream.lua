-- A streamed chat completion: the fake upstream sends 20 content chunks, a usage chunk (asked for,
-- as most clients do, so Warbler reads usage from the stream) and data: [DONE]. wrk counts one
-- request per whole stream.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request(common.stream)
done = common.done
