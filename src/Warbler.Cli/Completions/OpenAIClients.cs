using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Completions;

/// <summary>The official OpenAI clients, pointed at the chosen base URL.</summary>
internal static class OpenAIClients
{
    public static ChatClient Chat(ApiConnection connection, string model) => new(model, new ApiKeyCredential(connection.ApiKey), Options(connection));

    /// <summary>
    /// The model named by the flag or <c>WARBLER_MODEL</c>; otherwise the first one the server
    /// lists, so a fresh Warbler (whose only model may be <c>demo</c>) answers without setup.
    /// </summary>
    public static async Task<string> ChooseModelAsync(string? requested, Settings settings, ApiConnection connection, CancellationToken cancellationToken)
    {
        if ((requested ?? settings.Get(SettingNames.Model)?.Value) is { } model)
        {
            return model.Trim();
        }

        var client = new OpenAIModelClient(new ApiKeyCredential(connection.ApiKey), Options(connection));
        try
        {
            var models = await client.GetModelsAsync(cancellationToken);
            return models.Value.Select(m => m.Id).FirstOrDefault()
                ?? throw new CliException(ExitCodes.Failure, $"The server at {connection.BaseUrl} lists no models; name one with --model.");
        }
        catch (ClientResultException exception)
        {
            throw ApiErrors.FromClientResult(exception, connection.BaseUrl, connection.KeyName, connection.UrlNote);
        }
    }

    private static OpenAIClientOptions Options(ApiConnection connection) => new()
    {
        Endpoint = connection.BaseUrl,

        // A 429 or an outage is reported at once with when to retry, instead of the package
        // waiting and retrying silently; Warbler already retries upstreams itself.
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = TimeSpan.FromMinutes(5),
        UserAgentApplicationId = "warbler-cli",
    };
}
