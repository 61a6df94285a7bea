using Microsoft.Extensions.AI;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// Who an in-process call is for, carried on its <see cref="ChatOptions"/> (see
/// <see cref="GatewayChatOptions.WithCaller"/>): the ids its usage record names, and the limits the
/// gateway holds that caller to (the rate limiter counts callers by <see cref="UserId"/>; users'
/// and keys' ids are both random, so they do not meet).
/// </summary>
/// <param name="UserId">The user the answer is for; the usage record names them and <paramref name="Limits"/> count against them.</param>
/// <param name="BotId">The bot that asked; the usage record names it.</param>
/// <param name="RequestId">The id of the usage record (at most 64 characters), so the call can be traced from the caller to the gateway.</param>
/// <param name="Limits">Requests per minute, tokens per day… applied as a key's would be; <see cref="KeyLimits.None"/> for none.</param>
public sealed record GatewayCaller(Guid UserId, Guid BotId, string RequestId, KeyLimits Limits);
