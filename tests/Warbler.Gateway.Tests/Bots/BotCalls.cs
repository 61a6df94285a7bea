using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Warbler.Chat.UserQuotas;
using Warbler.Gateway.Metering;
using Warbler.Gateway.InProcess;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Bots;

/// <summary>What a bot asks the gateway's <see cref="IChatClient"/> for, as the chat service asks it: the model, the messages, the caller.</summary>
internal sealed record BotRequest
{
    public required string Model { get; init; }

    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    public required Guid UserId { get; init; }

    public required Guid BotId { get; init; }

    public required string RequestId { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? MaxTokens { get; init; }

    public float? FrequencyPenalty { get; init; }

    public float? PresencePenalty { get; init; }
}

/// <summary>How an in-process answer finished, read from its last update.</summary>
internal sealed record BotFinish(string? FinishReason, string Model, string? Provider, TokenUsage Usage, bool UsageEstimated, decimal? Cost);

/// <summary>Bot requests sent through the gateway's <see cref="IChatClient"/> and a way to read a whole reply, shared by the bot tests.</summary>
internal static class BotCalls
{
    /// <summary>Longer than any reply these tests expect; a reply still running then has hung.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    public static readonly Guid Alice = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    public static readonly Guid Bob = Guid.Parse("b0b00000-0000-4000-8000-000000000002");
    public static readonly Guid Bot = Guid.Parse("b0700000-0000-4000-8000-000000000003");

    public static IChatClient Service(GatewayHost host) => host.Services.GetRequiredService<IChatClient>();

    public static BotRequest Request(string model = "gpt-4o-mini", Guid? user = null, int? maxTokens = null, string content = "Hello") => new()
    {
        Model = model,
        Messages = [new ChatMessage(ChatRole.User, content)],
        UserId = user ?? Alice,
        BotId = Bot,
        RequestId = $"bot-{Guid.NewGuid():N}",
        MaxTokens = maxTokens,
    };

    /// <summary>The options the chat service would send: the bot's parameters, and the user with their limits from <c>Chat:UserLimits</c>.</summary>
    public static ChatOptions Options(GatewayHost host, BotRequest request) => new ChatOptions
    {
        ModelId = request.Model,
        Temperature = request.Temperature,
        TopP = request.TopP,
        MaxOutputTokens = request.MaxTokens,
        FrequencyPenalty = request.FrequencyPenalty,
        PresencePenalty = request.PresencePenalty,
    }.WithCaller(new GatewayCaller(
        request.UserId,
        request.BotId,
        request.RequestId,
        host.Services.GetRequiredService<IOptions<UserLimitsOptions>>().Value.ToKeyLimits()));

    public static IAsyncEnumerable<ChatResponseUpdate> Stream(GatewayHost host, BotRequest request, CancellationToken cancellationToken = default) =>
        Service(host).GetStreamingResponseAsync(request.Messages, Options(host, request), cancellationToken);

    /// <summary>Reads a whole reply; the test fails instead of hanging.</summary>
    public static async Task<List<ChatResponseUpdate>> CollectAsync(GatewayHost host, BotRequest request)
    {
        using var hang = new CancellationTokenSource(HangLimit);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Stream(host, request, hang.Token))
        {
            updates.Add(update);
        }

        return updates;
    }

    public static string TextOf(IEnumerable<ChatResponseUpdate> updates) => string.Concat(updates.Select(u => u.Text));

    /// <summary>How the answer finished, when this is its last update (the one with the usage); null for a text update.</summary>
    public static BotFinish? Finish(this ChatResponseUpdate update) =>
        update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details is not { } usage ? null : new BotFinish(
            update.FinishReason?.Value,
            update.ModelId!,
            update.AdditionalProperties.GetProvider(),
            new TokenUsage((int)usage.InputTokenCount!, (int)usage.OutputTokenCount!, (int)usage.TotalTokenCount!, (int)(usage.CachedInputTokenCount ?? 0)),
            update.AdditionalProperties.GetUsageEstimated(),
            update.AdditionalProperties.GetCost());
}
