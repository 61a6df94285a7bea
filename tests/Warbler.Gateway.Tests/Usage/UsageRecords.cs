using Warbler.Testing;

namespace Warbler.Gateway.Tests.Usage;

/// <summary>A stored usage record, read straight from the database.</summary>
public sealed record StoredUsage(string Model, string? Provider, int Status, int PromptTokens, int CachedTokens, int CompletionTokens, bool Stream, bool Estimated, string RequestId)
{
    public Guid KeyId { get; init; }

    public Guid? UserId { get; init; }

    public Guid? BotId { get; init; }

    public decimal? Cost { get; init; }

    public string? AnsweredModel { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    public int CacheWriteTokens { get; init; }

    public double? Quantity { get; init; }

    public string? Unit { get; init; }
}

public static class UsageRecords
{
    /// <summary>Waits until the background writer has stored <paramref name="count"/> records, then returns them in order.</summary>
    public static Task<List<StoredUsage>> WaitForAsync(GatewayHost host, int count) =>
        WaitForAsync(host, count, _ => true, "usage records");

    /// <summary>
    /// As <see cref="WaitForAsync(GatewayHost, int)"/>, counting only the records of one key (from
    /// <see cref="GatewayHost.CreateKeyWithIdAsync"/>): what a test on a shared host reads back.
    /// </summary>
    public static Task<List<StoredUsage>> WaitForKeyAsync(GatewayHost host, Guid keyId, int count) =>
        WaitForAsync(host, count, r => r.KeyId == keyId, $"usage records of key {keyId}");

    /// <summary>
    /// As <see cref="WaitForAsync(GatewayHost, int)"/>, counting only the records of one request id
    /// (<c>x-request-id</c>, or a bot request's own): for calls made without a key of their own.
    /// </summary>
    public static Task<List<StoredUsage>> WaitForRequestAsync(GatewayHost host, string requestId, int count = 1) =>
        WaitForAsync(host, count, r => r.RequestId == requestId, $"usage records of request {requestId}");

    /// <summary>As <see cref="WaitForRequestAsync"/>, one record for each of these request ids, in the order stored.</summary>
    public static Task<List<StoredUsage>> WaitForRequestsAsync(GatewayHost host, params string[] requestIds) =>
        WaitForAsync(host, requestIds.Length, r => requestIds.Contains(r.RequestId), $"usage records of requests {string.Join(", ", requestIds)}");

    private static async Task<List<StoredUsage>> WaitForAsync(GatewayHost host, int count, Func<StoredUsage, bool> wanted, string what)
    {
        List<StoredUsage> records = [];
        await Eventually.UntilAsync(
            async () => (records = [.. (await ReadAsync(host.Database)).Where(wanted)]).Count >= count,
            () => $"{count} {what}, {records.Count} stored",
            TimeSpan.FromSeconds(10));
        Assert.Equal(count, records.Count);
        return records;
    }

    public static Task<List<StoredUsage>> ReadAsync(TestDatabase database) =>
        database.QueryAsync(
            """
            SELECT "Model", "Provider", "Status", "PromptTokens", "CachedTokens", "CompletionTokens", "Stream", "Estimated", "RequestId",
                   "KeyId", "UserId", "BotId", "Cost", "AnsweredModel", "TimeToFirstTokenMs", "CacheWriteTokens", "Quantity", "Unit"
            FROM usage_records ORDER BY "Id"
            """,
            reader => new StoredUsage(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetBoolean(6),
                reader.GetBoolean(7),
                reader.GetString(8))
            {
                KeyId = reader.GetGuid(9),
                UserId = reader.IsDBNull(10) ? null : reader.GetGuid(10),
                BotId = reader.IsDBNull(11) ? null : reader.GetGuid(11),
                Cost = reader.IsDBNull(12) ? null : reader.GetDecimal(12),
                AnsweredModel = reader.IsDBNull(13) ? null : reader.GetString(13),
                TimeToFirstTokenMs = reader.IsDBNull(14) ? null : reader.GetDouble(14),
                CacheWriteTokens = reader.GetInt32(15),
                Quantity = reader.IsDBNull(16) ? null : reader.GetDouble(16),
                Unit = reader.IsDBNull(17) ? null : reader.GetString(17),
            });
}
