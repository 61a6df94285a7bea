-- A small non-streaming chat completion (the answer is ~350 bytes of JSON with a usage object).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request(common.chat)
done = common.done
