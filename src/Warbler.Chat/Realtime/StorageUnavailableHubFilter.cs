using Microsoft.AspNetCore.SignalR;
using Warbler.Chat.Logging;
using Warbler.Data;

namespace Warbler.Chat.Realtime;

/// <summary>
/// The hub's answer to a database that is busy or out of reach, as REST's 503: the caller gets an
/// error that says so (SignalR reports any other exception without details) and may call again with
/// the same arguments; the connection stays open. A connection that cannot read its rooms is closed
/// with the same reason.
/// </summary>
internal sealed class StorageUnavailableHubFilter(ILogger<StorageUnavailableHubFilter> logger) : IHubFilter
{
    /// <summary>Names the same wait as REST's <c>Retry-After</c>, so a client can wait as long.</summary>
    public static readonly string Message =
        $"The database is busy or unavailable. Try the same call again in {(int)StorageFailure.RetryAfter.TotalSeconds} s.";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (StorageFailure.IsUnavailable(exception))
        {
            ChatLog.HubStorageUnavailable(logger, invocationContext.HubMethodName, exception.GetBaseException().Message);
            throw new HubException(Message);
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (StorageFailure.IsUnavailable(exception))
        {
            ChatLog.HubStorageUnavailable(logger, nameof(Hub.OnConnectedAsync), exception.GetBaseException().Message);
            throw new HubException(Message);
        }
    }
}
