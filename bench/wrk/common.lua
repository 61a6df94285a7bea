-- Shared by the wrk scripts: the request bodies, a POST with a JSON body and the same headers
-- direct and through Warbler, the soak's mix of whole and streamed completions, and a done() that
-- prints one machine-readable line (latencies in microseconds) for the report.
local M = {}

-- The bearer key Warbler checks; the fake upstream ignores it, so both targets get identical requests.
local key = os.getenv("BENCH_KEY") or "wk-bench-admin-key-0123456789"

-- A small non-streaming chat completion (the answer is ~350 bytes of JSON with a usage object).
M.chat = '{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"max_tokens":16}'
-- A streamed one that asks for the usage chunk, as most clients do.
M.stream = '{"model":"bench-model","messages":[{"role":"user","content":"Say something short."}],"stream":true,"stream_options":{"include_usage":true}}'

function M.setup_request(body)
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- The soak's mix: whole and streamed chat completions in turn, so both relay paths run. Sets the
-- thread's init() and request(); the two requests are formatted once per thread.
function M.alternate_chat_and_stream()
  M.setup_request(M.chat)
  local formatted = {}
  local n = 0
  init = function(args)
    formatted[1] = wrk.format(nil, nil, nil, M.chat)
    formatted[2] = wrk.format(nil, nil, nil, M.stream)
  end
  request = function()
    n = n + 1
    return formatted[n % 2 + 1]
  end
end

-- wrk calls done() once, in its main thread, with the totals of every thread.
function M.done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f bytes=%d " ..
    "lat_mean_us=%.1f lat_p50_us=%d lat_p90_us=%d lat_p99_us=%d lat_p999_us=%d lat_max_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end

return M
