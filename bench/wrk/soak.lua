-- The soak phase: alternates non-streaming and streamed chat completions, so both relay paths run
-- for the whole soak while the script samples Warbler's memory.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

common.alternate_chat_and_stream()
done = common.done
