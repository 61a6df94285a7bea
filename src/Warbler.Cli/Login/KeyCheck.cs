using Warbler.Cli.Admin;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Login;

/// <summary>Tries each key with one harmless request before it is saved, so a login never keeps a key the server refuses.</summary>
internal static class KeyCheck
{
    /// <summary>A gateway key may list the models: <c>GET /v1/models</c>.</summary>
    public static Task ApiKeyAsync(Uri root, string key, CancellationToken cancellationToken) =>
        TryAsync(root, key, "gateway key", "v1/models", cancellationToken);

    /// <summary>The admin key may list the providers: <c>GET /api/admin/providers</c>.</summary>
    public static Task AdminKeyAsync(Uri root, string key, CancellationToken cancellationToken) =>
        TryAsync(root, key, "admin key", "api/admin/providers", cancellationToken);

    private static async Task TryAsync(Uri root, string key, string keyName, string path, CancellationToken cancellationToken)
    {
        using var client = new AdminClient(new AdminConnection(root, key, keyName));
        try
        {
            await client.SendAsync(HttpMethod.Get, path, null, cancellationToken);
        }
        catch (CliException exception)
        {
            throw new CliException(exception.ExitCode, $"{exception.Message.TrimEnd()} Nothing was saved.", exception);
        }
    }
}
