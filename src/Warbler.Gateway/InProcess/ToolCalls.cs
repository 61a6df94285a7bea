using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Warbler.Gateway.InProcess;

/// <summary>The tool calls of an answer, put together from their pieces, handed to the caller as <see cref="FunctionCallContent"/> when the answer ends.</summary>
internal sealed class ToolCalls
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    public bool Any => _calls.Count > 0;

    /// <summary>Adds a piece; returns its text (name and arguments) for counting what was delivered.</summary>
    public string Add(ToolCallPiece piece)
    {
        if (!_calls.TryGetValue(piece.Index, out var call))
        {
            call = (null, null, new StringBuilder());
        }

        call = (call.Id ?? piece.Id, call.Name ?? piece.Name, call.Arguments.Append(piece.Arguments));
        _calls[piece.Index] = call;
        return piece.Name + piece.Arguments;
    }

    public List<AIContent> ToContents() =>
        [.. _calls.Values.Select(call => (AIContent)new FunctionCallContent(call.Id ?? "", call.Name ?? "", Parse(call.Arguments.ToString())))];

    private static Dictionary<string, object?>? Parse(string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments);
        }
        catch (JsonException)
        {
            // Arguments the model got wrong reach the caller as none; the function then says what it lacks.
            return null;
        }
    }
}
