using Warbler.Testing;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>A test that needs Redis: skipped with a message naming it when it is missing outside CI.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute() => Skip = RedisServer.SkipReason();
}

/// <summary>A test that stops and starts its own redis-server: skipped with a message naming it when redis-server is missing outside CI.</summary>
public sealed class OwnRedisFactAttribute : FactAttribute
{
    public OwnRedisFactAttribute() => Skip = RedisServer.SkipReason(ownServer: true);
}

/// <summary>A test of servers sharing PostgreSQL and Redis: skipped with a message naming what is missing when either is, outside CI.</summary>
public sealed class RedisAndPostgresFactAttribute : FactAttribute
{
    public RedisAndPostgresFactAttribute() => Skip = RedisServer.SkipReason() ?? TestDatabase.PostgresSkipReason;
}
