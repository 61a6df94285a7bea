using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Logging;

/// <summary>The gateway's log messages. Request and answer text, and keys, are never logged.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Information, "Provider {Provider} ({Kind}) serves {Models}.")]
    public static partial void ProviderConfigured(ILogger logger, string provider, ProviderKind kind, string models);

    [LoggerMessage(2, LogLevel.Warning, "No provider is configured or stored, so only the built-in demo provider is active: it stands in for every model (and lists itself as 'demo'), answering offline by quoting the question. " +
        "To use a real model, set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server), add a Providers section, or add one with POST /api/admin/providers; see docs/gateway/providers.md.")]
    public static partial void OnlyDemoProvider(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "Retry {Attempt} in {Delay} after: {Reason}")]
    public static partial void Retrying(ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Provider {Provider} failed: {Error}")]
    public static partial void ProviderFailed(ILogger logger, string provider, string error);

    [LoggerMessage(5, LogLevel.Warning, "Provider {Provider} failed repeatedly and is skipped for {CoolDown}.")]
    public static partial void ProviderCoolingDown(ILogger logger, string provider, TimeSpan coolDown);

    [LoggerMessage(6, LogLevel.Debug, "Relayed via {Provider}: HTTP {Status}, {PromptTokens} prompt and {CompletionTokens} completion tokens.")]
    public static partial void Relayed(ILogger logger, string provider, int status, int? promptTokens, int? completionTokens);

    [LoggerMessage(7, LogLevel.Debug, "The client disconnected; the request to {Provider} was cancelled.")]
    public static partial void ClientDisconnected(ILogger logger, string provider);

    [LoggerMessage(8, LogLevel.Warning, "The stream from {Provider} broke off: {Reason}")]
    public static partial void StreamBroken(ILogger logger, string provider, string reason);

    [LoggerMessage(9, LogLevel.Debug, "The stream from {Provider} ended without [DONE].")]
    public static partial void StreamEndedWithoutDone(ILogger logger, string provider);

    [LoggerMessage(10, LogLevel.Warning, "Could not fetch the model list of {Provider}: {Error}")]
    public static partial void ModelListFailed(ILogger logger, string provider, string error);

    [LoggerMessage(11, LogLevel.Information, "The admin key is the one set in {Setting}.")]
    public static partial void AdminKeyFromConfiguration(ILogger logger, string setting);

    [LoggerMessage(12, LogLevel.Information, "Generated an admin key starting {Prefix}; it was printed once on the console (set WARBLER_ADMIN_KEY to choose your own).")]
    public static partial void AdminKeyGenerated(ILogger logger, string prefix);

    [LoggerMessage(13, LogLevel.Warning, "The usage queue is full ({Capacity} records): a usage record was dropped ({Dropped} so far). The database is not keeping up.")]
    public static partial void UsageRecordDropped(ILogger logger, int capacity, long dropped);

    [LoggerMessage(14, LogLevel.Error, "Writing {Count} usage records failed ({Error}); trying again in {Pause}.")]
    public static partial void UsageWriteFailed(ILogger logger, int count, string error, TimeSpan pause);

    [LoggerMessage(15, LogLevel.Information, "Provider {Provider} ({Kind}) was added through the admin API.")]
    public static partial void ProviderAdded(ILogger logger, string provider, ProviderKind kind);

    [LoggerMessage(16, LogLevel.Information, "Provider {Provider} ({Kind}) was changed through the admin API.")]
    public static partial void ProviderUpdated(ILogger logger, string provider, ProviderKind kind);

    [LoggerMessage(17, LogLevel.Information, "Provider {Provider} ({Kind}) was removed through the admin API.")]
    public static partial void ProviderRemoved(ILogger logger, string provider, ProviderKind kind);

    [LoggerMessage(18, LogLevel.Warning, "The stored provider {Provider} is not used: configuration defines a provider of the same name, which wins. Remove one of them.")]
    public static partial void StoredProviderShadowed(ILogger logger, string provider);

    [LoggerMessage(19, LogLevel.Error, "The stored provider {Provider} is not used: {Problem}")]
    public static partial void StoredProviderUnusable(ILogger logger, string provider, string problem);

    [LoggerMessage(20, LogLevel.Information, "The stored provider {Provider} is disabled.")]
    public static partial void StoredProviderDisabled(ILogger logger, string provider);

    [LoggerMessage(21, LogLevel.Warning, "Redis cannot be reached, so the keys' recorded spending is loaded into it when it connects.")]
    public static partial void SpendingNotLoaded(ILogger logger, Exception exception);

    [LoggerMessage(22, LogLevel.Information, "{Count} usage records were stored by an attempt that seemed to fail (its connection dropped as the database committed); they were not written again.")]
    public static partial void UsageRecordsAlreadyStored(ILogger logger, int count);

    [LoggerMessage(23, LogLevel.Warning, "OPENAI_API_KEY holds a Warbler key (wk-...), not a provider's key, so it was ignored and defines no provider. " +
        "The warbler CLI reads its Warbler key from WARBLER_API_KEY; for the server, OPENAI_API_KEY is the upstream provider's own key (such as OpenAI's sk-...).")]
    public static partial void WarblerKeyAsOpenAIKeyIgnored(ILogger logger);

    [LoggerMessage(24, LogLevel.Debug, "The token counts of {Models} models were prepared in {Milliseconds} ms.")]
    public static partial void TokenizersLoaded(ILogger logger, int models, long milliseconds);

    [LoggerMessage(25, LogLevel.Debug, "The usage path was warmed up in {Milliseconds} ms.")]
    public static partial void UsagePathWarmedUp(ILogger logger, long milliseconds);

    [LoggerMessage(26, LogLevel.Warning, "The usage path could not be warmed up; the first usage records may be slow to write.")]
    public static partial void UsagePathNotWarmedUp(ILogger logger, Exception exception);
}
