-- Shared by the wrk scripts: a POST with a JSON body, the same headers direct and through Warbler,
-- and a done() that prints one machine-readable line (latencies in microseconds) for the report.
local M = {}

-- The bearer key Warbler checks; the fake upstream ignores it, so both targets get identical requests.
local key = os.getenv("BENCH_KEY") or "wk-bench-admin-key-0123456789"

function M.setup_request(body)
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
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
