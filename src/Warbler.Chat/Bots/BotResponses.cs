using Warbler.Data;
using Warbler.Data.Bots;

namespace Warbler.Chat.Bots;

/// <summary>A stored bot as the API shows it.</summary>
internal static class BotResponses
{
    extension(BotResponse)
    {
        public static BotResponse From(Bot bot) => new(
            bot.Id,
            bot.Name,
            bot.Handle,
            bot.Model,
            bot.SystemPrompt,
            bot.Temperature,
            bot.TopP,
            bot.MaxTokens,
            bot.FrequencyPenalty,
            bot.PresencePenalty,
            bot.ContextBudget,
            StoredTime.AsUtc(bot.CreatedAt),
            StoredTime.AsUtc(bot.UpdatedAt));
    }
}
