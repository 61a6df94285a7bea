using System.Text.Json;
using Warbler.Data.Tools;

namespace Warbler.Chat.Tools;

/// <summary>What a registered MCP server must be, each rule failing with the field it is about.</summary>
internal static class McpServerRules
{
    public const int MaxHeaders = 20;

    public const int MaxArguments = 100;

    private const int MaxHeaderValueLength = 8_000;

    private const int MaxArgumentLength = 4_000;

    private const int MaxTokenLength = 8_000;

    public static Dictionary<string, string[]> Validate(McpServer server, IReadOnlyDictionary<string, string>? headers, string? bearerToken, IReadOnlyList<string>? arguments)
    {
        var errors = new Dictionary<string, string[]>();
        if (server.Name.Length is 0 or > ToolLimits.ServerNameMaxLength)
        {
            errors["name"] = [$"A name is 1 to {ToolLimits.ServerNameMaxLength} characters."];
        }

        if (server.Transport is not (McpTransports.Http or McpTransports.Stdio))
        {
            errors["transport"] = ["transport is 'http' (Streamable HTTP) or 'stdio' (a command)."];
            return errors;
        }

        if (server.Transport == McpTransports.Http)
        {
            if (server.Url is null || server.Url.Length > ToolLimits.UrlMaxLength
                || !Uri.TryCreate(server.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.UserInfo))
            {
                errors["url"] = [$"An http MCP server needs url: an absolute http:// or https:// URL of at most {ToolLimits.UrlMaxLength} characters, without a user name or password (send a bearerToken or headers)."];
            }

            CheckHeaders(errors, headers);
            if (bearerToken is { Length: > MaxTokenLength } || bearerToken?.Any(char.IsControl) == true)
            {
                errors["bearerToken"] = [$"A bearer token is at most {MaxTokenLength} characters, without control characters."];
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(server.Command) || server.Command.Length > ToolLimits.CommandMaxLength)
            {
                errors["command"] = [$"A stdio MCP server needs command: the program to start, at most {ToolLimits.CommandMaxLength} characters."];
            }

            if (arguments is { Count: > MaxArguments } || arguments?.Any(a => a is null || a.Length > MaxArgumentLength) == true)
            {
                errors["arguments"] = [$"At most {MaxArguments} arguments, each a string of at most {MaxArgumentLength} characters."];
            }

            if (headers is { Count: > 0 } || !string.IsNullOrEmpty(bearerToken))
            {
                errors["headers"] = ["Headers and a bearer token are for http MCP servers; a stdio server is given none."];
            }
        }

        return errors;
    }

    public static string? ArgumentsJson(IReadOnlyList<string>? arguments) => arguments is null ? null : JsonSerializer.Serialize(arguments);

    public static IReadOnlyList<string>? ArgumentsOf(string? json) => json is null ? null : JsonSerializer.Deserialize<List<string>>(json);

    private static void CheckHeaders(Dictionary<string, string[]> errors, IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return;
        }

        if (headers.Count > MaxHeaders)
        {
            errors["headers"] = [$"At most {MaxHeaders} headers."];
            return;
        }

        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > 200 || !name.All(IsTokenChar))
            {
                errors["headers"] = [$"'{(name.Length > 50 ? name[..50] + "…" : name)}' is not a header name."];
                return;
            }

            if (value is null || value.Length > MaxHeaderValueLength || value.Any(char.IsControl))
            {
                errors["headers"] = [$"The value of {name} must be a string of at most {MaxHeaderValueLength} characters, without control characters."];
                return;
            }
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
