using System.Globalization;
using System.Text;
using Warbler.Data.Bots;
using Warbler.Gateway.Bots;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Replies;

/// <summary>
/// Asks a bot's model for a reply through the gateway, in-process: the same routing, retries,
/// limits and usage records as API traffic, charged to the user the reply is for.
/// </summary>
internal sealed class ReplyModel(BotCompletions completions, TokenCounter counter, TimeProvider time)
{
    /// <summary>Streams the reply, calling <c>onDelta</c> with each piece of text as it arrives.</summary>
    /// <exception cref="ReplyFailedException">The reply could not be written; the message says why, for people.</exception>
    public async Task<ReplyResult> StreamAsync(Bot bot, IReadOnlyList<BotMessage> prompt, ReplyJob job, Action<string> onDelta, CancellationToken cancellationToken)
    {
        var request = new BotCompletionRequest
        {
            Model = bot.Model,
            Messages = prompt,
            UserId = job.RequestedBy,
            BotId = bot.Id,
            RequestId = $"reply_{job.ReplyId.ToString(CultureInfo.InvariantCulture)}_{Guid.CreateVersion7(time.GetUtcNow()):N}",
            Temperature = bot.Temperature,
            TopP = bot.TopP,
            MaxTokens = bot.MaxTokens,
            FrequencyPenalty = bot.FrequencyPenalty,
            PresencePenalty = bot.PresencePenalty,
        };

        var written = new StringBuilder();
        try
        {
            await foreach (var update in completions.StreamAsync(request, cancellationToken))
            {
                if (update.Text.Length > 0)
                {
                    written.Append(update.Text);
                    onDelta(update.Text);
                }

                if (update.Finish is { } finish)
                {
                    return new ReplyResult(finish.Model, finish.Usage.PromptTokens, finish.Usage.CompletionTokens, finish.UsageEstimated, Stopped: false);
                }
            }

            throw new ReplyFailedException("The model's answer ended before it finished. Regenerate it to try again.", new ReplyFailure(ReplyFailureKind.ProviderFailed, null));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The gateway has recorded what was delivered; the message shows the same estimate.
            var promptTokens = prompt.Sum(m => 3 + counter.Count(bot.Model, m.Content)) + 3;
            return new ReplyResult(bot.Model, promptTokens, counter.Count(bot.Model, written.ToString()), Estimated: true, Stopped: true);
        }
        catch (BotCompletionException failure)
        {
            throw new ReplyFailedException(Describe(failure, bot), Classify(failure));
        }
    }

    /// <summary>What kind of failure it is, for an API's status: the user's limits, providers that will be back, or one that failed.</summary>
    private static ReplyFailure Classify(BotCompletionException failure) => new(
        failure.Kind switch
        {
            BotCompletionErrorKind.RateLimited or BotCompletionErrorKind.BudgetExhausted => ReplyFailureKind.UserLimitReached,
            BotCompletionErrorKind.ModelNotFound => ReplyFailureKind.ModelNotServed,

            // By the status /v1 gives the same failure: 503 (cooling down, unavailable) and an upstream's 429 pass; 504 is a timeout.
            BotCompletionErrorKind.ProvidersUnavailable when failure.Status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests
                => ReplyFailureKind.ProvidersUnavailable,
            BotCompletionErrorKind.ProvidersUnavailable when failure.Status is StatusCodes.Status504GatewayTimeout => ReplyFailureKind.ProvidersTimedOut,
            _ => ReplyFailureKind.ProviderFailed,
        },
        failure.RetryAfter);

    /// <summary>What went wrong, in words for the people in the room, with when to try again.</summary>
    private string Describe(BotCompletionException failure, Bot bot)
    {
        var retry = failure.RetryAfter is { } wait ? $" Try again {InWords(wait)}." : " Try again later.";
        return failure.Kind switch
        {
            BotCompletionErrorKind.RateLimited => "You have asked bots for too many replies in the last minute." + retry,
            BotCompletionErrorKind.BudgetExhausted => "You have used up your tokens for today; they renew at midnight UTC." + retry,
            BotCompletionErrorKind.ModelNotFound => $"No provider serves this bot's model '{bot.Model}'. An administrator should change the bot's model or add a provider.",
            BotCompletionErrorKind.ProvidersUnavailable => (failure.Provider is { } provider
                ? $"The AI provider '{provider}' is not available right now" + (failure.UpstreamStatus is { } status ? $" (HTTP {status})." : ".")
                : $"No AI provider of '{bot.Model}' is available right now.") + retry,
            _ => failure.Provider is { } refusing
                ? $"The AI provider '{refusing}' could not answer: {failure.ProviderMessage ?? failure.Message}"
                : failure.Message,
        };
    }

    private string InWords(TimeSpan wait) => wait.TotalSeconds switch
    {
        < 1 => "in a moment",
        < 120 => $"in {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} seconds",
        < 7200 => $"in {Math.Ceiling(wait.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes",
        _ => $"after {(time.GetUtcNow() + wait).ToString("HH:mm", CultureInfo.InvariantCulture)} UTC",
    };
}

/// <summary>How a reply ended and what it used.</summary>
internal sealed record ReplyResult(string Model, int PromptTokens, int CompletionTokens, bool Estimated, bool Stopped);
