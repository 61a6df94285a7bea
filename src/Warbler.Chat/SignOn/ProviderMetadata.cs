using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Warbler.Chat.SignOn;

/// <summary>
/// Reads a provider's discovery document before a sign-on starts (the handler caches it), so a
/// provider that cannot be reached sends the browser back with a message instead of a 500.
/// </summary>
internal sealed class ProviderMetadata(IOptionsMonitor<OpenIdConnectOptions> schemes, ILogger<ProviderMetadata> logger)
{
    public async Task<bool> ReachableAsync(string provider, CancellationToken cancellationToken)
    {
        var options = schemes.Get(SignOnSchemes.For(provider));
        if (options.ConfigurationManager is not { } configuration)
        {
            return true;
        }

        try
        {
            await configuration.GetConfigurationAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException)
        {
            SignOnLog.Failed(logger, provider, $"its discovery document could not be read from {options.Authority}: {exception.GetType().Name}: {exception.Message}");
            return false;
        }
    }
}
