using Microsoft.Extensions.DependencyInjection;
using Warbler.Gateway.Bots;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Bots;

/// <summary>Bot requests and a way to read a whole reply, shared by the bot tests.</summary>
internal static class BotCalls
{
    /// <summary>Longer than any reply these tests expect; a reply still running then has hung.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    public static readonly Guid Alice = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    public static readonly Guid Bob = Guid.Parse("b0b00000-0000-4000-8000-000000000002");
    public static readonly Guid Bot = Guid.Parse("b0700000-0000-4000-8000-000000000003");

    public static BotCompletions Service(GatewayHost host) => host.Services.GetRequiredService<BotCompletions>();

    public static BotCompletionRequest Request(string model = "gpt-4o-mini", Guid? user = null, int? maxTokens = null, string content = "Hello") => new()
    {
        Model = model,
        Messages = [new BotMessage(BotMessageRole.User, content)],
        UserId = user ?? Alice,
        BotId = Bot,
        RequestId = $"bot-{Guid.NewGuid():N}",
        MaxTokens = maxTokens,
    };

    /// <summary>Reads a whole reply; the test fails instead of hanging.</summary>
    public static async Task<List<CompletionUpdate>> CollectAsync(GatewayHost host, BotCompletionRequest request)
    {
        using var hang = new CancellationTokenSource(HangLimit);
        var updates = new List<CompletionUpdate>();
        await foreach (var update in Service(host).StreamAsync(request, hang.Token))
        {
            updates.Add(update);
        }

        return updates;
    }

    public static string TextOf(IEnumerable<CompletionUpdate> updates) => string.Concat(updates.Select(u => u.Text));
}
