using System.Text.Json;
using ModelContextProtocol.Client;
using Warbler.Data.Tools;

namespace Warbler.Chat.Tools;

/// <summary>
/// Opens a session with a registered MCP server. What a server is sent is its own settings only: its
/// headers and bearer token over HTTP, and to a command a minimal environment (<c>PATH</c>, <c>HOME</c>…),
/// never Warbler's own variables (its admin key, database password) nor anything of the user's.
/// </summary>
internal sealed class McpConnector(McpSecretProtector secrets, IOptions<ToolsOptions> options, ILoggerFactory loggers, TimeProvider time) : IDisposable
{
    // Redirects are not followed: a server that moves is registered again, and its token goes nowhere else.
    private readonly SocketsHttpHandler _handler = new() { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false };

    /// <summary>Connects, within <see cref="ToolsOptions.CallTimeout"/>.</summary>
    /// <exception cref="McpUnreachableException">The server could not be reached, or refused the session; the message says why, for an admin.</exception>
    public async Task<McpClient> ConnectAsync(McpServer server, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.CallTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await McpClient.CreateAsync(Transport(server), new McpClientOptions { ClientInfo = new() { Name = "Warbler", Version = "1.0" } }, loggers, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpUnreachableException($"The MCP server '{server.Name}' did not answer within {options.Value.CallTimeout.TotalSeconds:0.#} seconds.");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new McpUnreachableException($"The stored headers or bearer token of the MCP server '{server.Name}' cannot be decrypted: the Data Protection key ring no longer holds the key that encrypted them. Set them again.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not McpUnreachableException)
        {
            throw new McpUnreachableException($"The MCP server '{server.Name}' could not be reached: {exception.GetBaseException().Message}");
        }
    }

    private IClientTransport Transport(McpServer server)
    {
        if (server.Transport == McpTransports.Stdio)
        {
            if (!options.Value.AllowStdio)
            {
                throw new McpUnreachableException($"The MCP server '{server.Name}' runs a command (stdio), and this server does not allow that: set Chat:Tools:AllowStdio to true to allow it.");
            }

            return new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = server.Name,
                    Command = server.Command!,
                    Arguments = server.Arguments is null ? [] : JsonSerializer.Deserialize<List<string>>(server.Arguments) ?? [],
                    InheritEnvironmentVariables = false,
                    EnvironmentVariables = StdioClientTransportOptions.GetDefaultEnvironmentVariables()!,
                },
                loggers);
        }

        var headers = secrets.UnprotectHeaders(server.ProtectedHeaders);
        if (secrets.UnprotectToken(server.ProtectedBearerToken) is { } token)
        {
            headers["Authorization"] = $"Bearer {token}";
        }

        return new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Name = server.Name,
                Endpoint = new Uri(server.Url!),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = headers,
                ConnectionTimeout = options.Value.CallTimeout,
            },
            new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            loggers,
            ownsHttpClient: true);
    }

    public void Dispose() => _handler.Dispose();
}

/// <summary>An MCP server that could not be reached or would not open a session; the message says why, for an admin.</summary>
internal sealed class McpUnreachableException(string message) : Exception(message);
