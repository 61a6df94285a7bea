using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Warbler.Chat.Logging;
using Warbler.Data;

namespace Warbler.Chat.Realtime;

/// <summary>
/// A hub call that failed because the database is busy or out of reach (locked by another process,
/// a failover) reaches the caller as a <see cref="HubException"/> saying so and when to try again,
/// as the REST API's 503 with <c>Retry-After</c> does, instead of SignalR's "an unexpected error
/// occurred". Nothing was stored: a send tried again with the same <c>clientMessageId</c> is stored once.
/// </summary>
internal sealed class StorageUnavailableHubFilter(ILogger<StorageUnavailableHubFilter> logger) : IHubFilter
{
    public static readonly string Message = string.Create(CultureInfo.InvariantCulture,
        $"The database is busy or unavailable. Nothing was changed; try the same call again in {StorageFailure.RetryAfter.TotalSeconds:0} s.");

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (exception is not HubException && StorageFailure.IsUnavailable(exception))
        {
            ChatLog.HubStorageUnavailable(logger, invocationContext.HubMethodName, exception.GetBaseException().Message);
            throw new HubException(Message);
        }
    }
}
