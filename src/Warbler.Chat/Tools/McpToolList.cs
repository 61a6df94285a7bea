using ModelContextProtocol.Client;

namespace Warbler.Chat.Tools;

/// <summary>Lists a connected MCP server's tools within a time limit.</summary>
internal static class McpToolList
{
    /// <exception cref="McpUnreachableException">The server did not list its tools in time, or failed to.</exception>
    public static async Task<IList<McpClientTool>> ListAsync(McpClient session, string server, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await session.ListToolsAsync(cancellationToken: linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new McpUnreachableException($"The MCP server '{server}' did not list its tools within {limit.TotalSeconds:0.#} seconds.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new McpUnreachableException($"The MCP server '{server}' could not list its tools: {exception.GetBaseException().Message}");
        }
    }
}
