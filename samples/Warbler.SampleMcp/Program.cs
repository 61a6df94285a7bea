namespace Warbler.SampleMcp;

/// <summary>
/// An MCP server with deterministic tools, served over Streamable HTTP at <c>/mcp</c>:
/// <c>dotnet run --project samples/Warbler.SampleMcp -- --urls http://127.0.0.1:5190</c>.
/// </summary>
public static class Program
{
    public static Task Main(string[] args) => SampleMcpServer.Build(args).RunAsync();
}
