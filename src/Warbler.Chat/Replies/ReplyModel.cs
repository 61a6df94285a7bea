using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Warbler.Chat.Tools;
using Warbler.Chat.UserQuotas;
using Warbler.Data.Bots;
using Warbler.Gateway.Errors;
using Warbler.Gateway.InProcess;
using Warbler.Gateway.Usage;
using AIChatOptions = Microsoft.Extensions.AI.ChatOptions;

namespace Warbler.Chat.Replies;

/// <summary>
/// Asks a bot's model for a reply through the gateway's <see cref="IChatClient"/>, in-process: the
/// same routing, retries, limits and usage records as API traffic, charged to the user the reply
/// is for and held to their limits (<c>Chat:UserLimits</c>).
/// </summary>
internal sealed class ReplyModel(IChatClient client, UsageEstimator estimator, IOptions<UserLimitsOptions> userLimits, TimeProvider time)
{
    /// <summary>Streams the reply, calling <c>onDelta</c> with each piece of text as it arrives; with <paramref name="tools"/>, the model may call them first.</summary>
    /// <exception cref="ReplyFailedException">The reply could not be written; the message says why, for people.</exception>
    public async Task<ReplyResult> StreamAsync(Bot bot, IReadOnlyList<ChatMessage> prompt, ReplyJob job, Action<string> onDelta, CancellationToken cancellationToken, ReplyToolbox? tools = null)
    {
        var options = new AIChatOptions
        {
            ModelId = bot.Model,
            Temperature = (float?)bot.Temperature,
            TopP = (float?)bot.TopP,
            MaxOutputTokens = bot.MaxTokens,
            FrequencyPenalty = (float?)bot.FrequencyPenalty,
            PresencePenalty = (float?)bot.PresencePenalty,
        }.WithCaller(new GatewayCaller(
            job.RequestedBy,
            bot.Id,
            $"reply_{job.ReplyId.ToString(CultureInfo.InvariantCulture)}_{Guid.CreateVersion7(time.GetUtcNow()):N}",
            userLimits.Value.ToKeyLimits()));

        var written = new StringBuilder();
        var chat = tools?.Loop(client, options) ?? client;
        try
        {
            await foreach (var update in chat.GetStreamingResponseAsync(prompt, options, cancellationToken))
            {
                var text = update.Text;
                if (text.Length > 0)
                {
                    written.Append(text);
                    onDelta(text);
                }

                if (update.FinishReason is not null || update.Contents.OfType<UsageContent>().Any())
                {
                    var usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
                    return new ReplyResult(
                        update.ModelId ?? bot.Model,
                        (int)(usage?.InputTokenCount ?? 0),
                        (int)(usage?.OutputTokenCount ?? 0),
                        update.AdditionalProperties.GetUsageEstimated(),
                        Stopped: false);
                }
            }

            throw new ReplyFailedException("The model's answer ended before it finished. Regenerate it to try again.", new ReplyFailure(ReplyFailureKind.ProviderFailed, null));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The gateway has recorded what was delivered; the message shows the same estimate.
            var promptTokens = estimator.PromptTokens(bot.Model, prompt.Select(m => m.Text));
            return new ReplyResult(bot.Model, promptTokens, estimator.TextTokens(bot.Model, written.ToString()), Estimated: true, Stopped: true);
        }
        catch (OpenAIErrorException failure)
        {
            throw new ReplyFailedException(Describe(failure, bot), Classify(failure));
        }
    }

    /// <summary>What kind of failure it is, for an API's status: the user's limits, providers that will be back, or one that failed.</summary>
    private static ReplyFailure Classify(OpenAIErrorException failure) => new(
        failure.Kind switch
        {
            GatewayErrorKind.RateLimited or GatewayErrorKind.BudgetExhausted => ReplyFailureKind.UserLimitReached,
            GatewayErrorKind.ModelNotFound => ReplyFailureKind.ModelNotServed,
            GatewayErrorKind.Refused when failure.Status is StatusCodes.Status403Forbidden => ReplyFailureKind.NotAllowed,

            // By the status /v1 gives the same failure: 503 (cooling down, unavailable) and an upstream's 429 pass; 504 is a timeout.
            GatewayErrorKind.ProvidersUnavailable or GatewayErrorKind.LimitsUnavailable when failure.Status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests
                => ReplyFailureKind.ProvidersUnavailable,
            GatewayErrorKind.ProvidersUnavailable when failure.Status is StatusCodes.Status504GatewayTimeout => ReplyFailureKind.ProvidersTimedOut,
            _ => ReplyFailureKind.ProviderFailed,
        },
        failure.RetryAfter);

    /// <summary>What went wrong, in words for the people in the room, with when to try again.</summary>
    private string Describe(OpenAIErrorException failure, Bot bot)
    {
        var retry = failure.RetryAfter is { } wait ? $" Try again {InWords(wait)}." : " Try again later.";
        return failure.Kind switch
        {
            GatewayErrorKind.RateLimited => "You have asked bots for too many replies in the last minute." + retry,
            GatewayErrorKind.BudgetExhausted => "You have used up your tokens for today; they renew at midnight UTC." + retry,
            GatewayErrorKind.ModelNotFound => $"No provider serves this bot's model '{bot.Model}'. An administrator should change the bot's model or add a provider.",
            GatewayErrorKind.ProvidersUnavailable or GatewayErrorKind.LimitsUnavailable => (failure.Provider is { } provider
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
