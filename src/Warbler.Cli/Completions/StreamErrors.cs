using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI.Chat;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Completions;

/// <summary>
/// A stream that breaks off after it started cannot change its status any more, so Warbler (like
/// OpenAI) ends it with an event holding <c>{"error": …}</c>. The OpenAI package reads that as an
/// empty update; this finds it, so a cut-off answer is reported instead of passing as complete.
/// </summary>
internal static class StreamErrors
{
    /// <exception cref="CliException">The update is an error event.</exception>
    public static void ThrowIfError(StreamingChatCompletionUpdate update)
    {
        if (update.ContentUpdate.Count > 0 || update.FinishReason is not null || update.Usage is not null)
        {
            return;
        }

        // Properties the package does not know are kept, and written back out with the rest.
        var json = ModelReaderWriter.Write(update, ModelReaderWriterOptions.Json);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            throw new CliException(ExitCodes.Failure, $"The answer is incomplete: {ErrorBody.Message(document.RootElement.GetRawText())}");
        }
    }
}
