-- A streamed Responses request (/v1/responses) for a chat-only upstream: Warbler translates it onto
-- /chat/completions (the same 20 content chunks and usage chunk as stream.lua) and the chat stream
-- back into Responses' events. wrk counts one request per whole stream.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.setup_request('{"model":"bench-model","input":"Say something short.","stream":true,"store":false}')
done = common.done
