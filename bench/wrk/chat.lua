-- A small non-streaming chat completion (the answer is ~350 bytes of JSON with a usage object).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request('{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"max_tokens":16}')
done = common.done
