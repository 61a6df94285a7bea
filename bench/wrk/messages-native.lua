-- A streamed Anthropic Messages request (/v1/messages) for a model of an Anthropic provider:
-- Warbler relays it as it is to the fake upstream's own /v1/messages, whose 20 text deltas (and
-- Anthropic's opening and closing events) come back as they are, usage read from message_start and
-- message_delta. Sent directly to the fake upstream too. wrk counts one request per whole stream.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request('{"model":"bench-claude","max_tokens":64,"messages":[{"role":"user","content":"Say something short."}],"stream":true}')
done = common.done
