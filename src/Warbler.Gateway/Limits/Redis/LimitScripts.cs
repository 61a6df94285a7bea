namespace Warbler.Gateway.Limits.Redis;

/// <summary>
/// The Lua scripts that keep a key's counters in Redis. Each runs atomically in Redis, so servers
/// admitting requests of the same key at once see each other's effects exactly. Time for the
/// per-minute buckets is Redis's own clock, so servers whose clocks differ agree.
/// </summary>
/// <remarks>
/// KEYS: 1 the bucket hash (<c>req</c>, <c>tok</c>, <c>at</c> in ms, <c>reserved</c>, <c>reservedCost</c>);
/// 2 the sorted set of requests in flight (lease id by start time); 3, 4, 5 the hashes of tokens and
/// cost spent in all, today and this month. Numbers without a limit are passed as -1.
/// </remarks>
internal static class LimitScripts
{
    private const string Refill = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local rpm, tpm = tonumber(ARGV[1]), tonumber(ARGV[2])
        local rpmv, tpmv = math.max(rpm, 0), math.max(tpm, 0)
        local b = redis.call('HMGET', KEYS[1], 'req', 'tok', 'at', 'reserved', 'reservedCost')
        local req, tok, at = tonumber(b[1]), tonumber(b[2]), tonumber(b[3])
        if at == nil then
          req, tok = rpmv, tpmv
        else
          local minutes = math.max(0, now - at) / 60000
          req = math.min(rpmv, (req or rpmv) + minutes * rpmv)
          tok = math.min(tpmv, (tok or tpmv) + minutes * tpmv)
        end
        """;

    /// <summary>
    /// ARGV: 1 requests/min, 2 tokens/min, 3 max in flight, 4 tokens reserved, 5 cost reserved,
    /// 6 lease id, 7 in-flight timeout ms, 8 has budget (1/0), 9–14 daily tokens, daily cost,
    /// monthly tokens, monthly cost, total tokens, total cost. Returns
    /// <c>{status, requests left, tokens left, spent}</c>: status 0 admitted, 1 concurrency,
    /// 2 requests, 3 too large, 4 tokens, 5–10 the budget of ARGV 9–14 that is spent.
    /// </summary>
    public const string Admit = Refill + """

        local maxc, reserved, reservedCost = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local inflight = 0
        if maxc >= 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[7]))
          inflight = redis.call('ZCARD', KEYS[2])
        end
        local status, spent = 0, 0
        if maxc >= 0 and inflight >= maxc then status = 1
        elseif rpm >= 0 and req < 1 then status = 2
        elseif tpm >= 0 and reserved > tok then
          if reserved > tpm then status = 3 else status = 4 end
        end
        if status == 0 and ARGV[8] == '1' then
          local pending = (tonumber(b[4]) or 0) + reserved
          local pendingCost = (tonumber(b[5]) or 0) + reservedCost
          local d = redis.call('HMGET', KEYS[4], 'tokens', 'cost')
          local m = redis.call('HMGET', KEYS[5], 'tokens', 'cost')
          local a = redis.call('HMGET', KEYS[3], 'tokens', 'cost')
          local checks = {
            {tonumber(d[1]) or 0, pending}, {tonumber(d[2]) or 0, pendingCost},
            {tonumber(m[1]) or 0, pending}, {tonumber(m[2]) or 0, pendingCost},
            {tonumber(a[1]) or 0, pending}, {tonumber(a[2]) or 0, pendingCost}}
          for i = 1, 6 do
            local limit = tonumber(ARGV[8 + i])
            if status == 0 and limit >= 0 and checks[i][1] + checks[i][2] > limit then
              status, spent = 4 + i, checks[i][1]
            end
          end
        end
        if status == 0 then
          if rpm >= 0 then req = req - 1 end
          if tpm >= 0 then tok = tok - reserved end
          if maxc >= 0 then
            redis.call('ZADD', KEYS[2], now, ARGV[6])
            redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[7]))
          end
          if ARGV[8] == '1' then
            redis.call('HINCRBY', KEYS[1], 'reserved', reserved)
            redis.call('HINCRBYFLOAT', KEYS[1], 'reservedCost', reservedCost)
          end
        end
        redis.call('HSET', KEYS[1], 'req', req, 'tok', tok, 'at', now)
        redis.call('PEXPIRE', KEYS[1], 86400000)
        return {status, tostring(req), tostring(tok), tostring(spent)}
        """;

    /// <summary>ARGV: 1 requests/min, 2 tokens/min. Returns <c>{requests left, tokens left}</c> without taking anything.</summary>
    public const string Peek = Refill + """

        return {tostring(req), tostring(tok)}
        """;

    /// <summary>
    /// ARGV: 1 tokens/min, 2 tokens reserved, 3 cost reserved, 4 tokens used, 5 cost, 6 lease id,
    /// 7 has budget (1/0), 8 seconds to keep today's hash, 9 seconds to keep this month's. With a
    /// budget, returns the tokens and cost spent in all, today and this month, the charge included.
    /// </summary>
    public const string Settle = """
        redis.call('ZREM', KEYS[2], ARGV[6])
        local tpm, reserved, used = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
        if tpm >= 0 then
          local tok = tonumber(redis.call('HGET', KEYS[1], 'tok')) or tpm
          redis.call('HSET', KEYS[1], 'tok', tostring(math.min(tpm, tok + reserved - used)))
        end
        if ARGV[7] == '1' then
          redis.call('HINCRBY', KEYS[1], 'reserved', -reserved)
          redis.call('HINCRBYFLOAT', KEYS[1], 'reservedCost', -tonumber(ARGV[3]))
          local spent = {}
          for i = 3, 5 do
            spent[#spent + 1] = tostring(redis.call('HINCRBY', KEYS[i], 'tokens', used))
            spent[#spent + 1] = redis.call('HINCRBYFLOAT', KEYS[i], 'cost', ARGV[5])
          end
          redis.call('EXPIRE', KEYS[4], tonumber(ARGV[8]))
          redis.call('EXPIRE', KEYS[5], tonumber(ARGV[9]))
          return spent
        end
        return 1
        """;

    /// <summary>
    /// Gives back what <see cref="Admit"/> took, charging nothing: the request was refused by
    /// another level's limits. KEYS 1–2 as there. ARGV: 1 requests/min, 2 tokens/min, 3 tokens
    /// reserved, 4 cost reserved, 5 lease id, 6 has budget (1/0).
    /// </summary>
    public const string Release = """
        redis.call('ZREM', KEYS[2], ARGV[5])
        local rpm, tpm, reserved = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        if rpm >= 0 then
          local req = tonumber(redis.call('HGET', KEYS[1], 'req')) or rpm
          redis.call('HSET', KEYS[1], 'req', tostring(math.min(rpm, req + 1)))
        end
        if tpm >= 0 then
          local tok = tonumber(redis.call('HGET', KEYS[1], 'tok')) or tpm
          redis.call('HSET', KEYS[1], 'tok', tostring(math.min(tpm, tok + reserved)))
        end
        if ARGV[6] == '1' then
          redis.call('HINCRBY', KEYS[1], 'reserved', -reserved)
          redis.call('HINCRBYFLOAT', KEYS[1], 'reservedCost', -tonumber(ARGV[4]))
        end
        return 1
        """;

    /// <summary>
    /// KEYS 1–3: the hashes of all, today and this month; 4 the mark that they were loaded. ARGV:
    /// 1 replace (1/0), 2–7 tokens and cost spent in all, today and this month, 8 and 9 seconds to
    /// keep today's and this month's. Without replace, counters another server already loaded are
    /// left alone; counters that only count use since Redis started empty get the recorded use added.
    /// </summary>
    public const string SetSpending = """
        if ARGV[1] == '1' then
          redis.call('SET', KEYS[4], '1')
          for i = 1, 3 do
            redis.call('HSET', KEYS[i], 'tokens', ARGV[2 * i], 'cost', ARGV[2 * i + 1])
          end
        else
          if not redis.call('SET', KEYS[4], '1', 'NX') then return 0 end
          for i = 1, 3 do
            redis.call('HINCRBY', KEYS[i], 'tokens', ARGV[2 * i])
            redis.call('HINCRBYFLOAT', KEYS[i], 'cost', ARGV[2 * i + 1])
          end
        end
        redis.call('EXPIRE', KEYS[2], tonumber(ARGV[8]))
        redis.call('EXPIRE', KEYS[3], tonumber(ARGV[9]))
        return 1
        """;
}
