-- A streamed Anthropic Messages request (/v1/messages) for a chat-only upstream: Warbler translates
-- it onto /chat/completions (the same 20 content chunks and usage chunk as stream.lua) and the chat
-- stream back into Anthropic's events. wrk counts one request per whole stream.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request('{"model":"bench-model","max_tokens":64,"messages":[{"role":"user","content":"Say something short."}],"stream":true}')
done = common.done
