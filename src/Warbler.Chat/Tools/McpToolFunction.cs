using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Warbler.Data.Tools;

namespace Warbler.Chat.Tools;

/// <summary>
/// A tool of an MCP server as a function the model may call. Each call is a step of the reply; it
/// is held to <see cref="ToolsOptions.CallTimeout"/>, and its result to <see cref="ToolsOptions.MaxResultLength"/>.
/// A failure or a time-out is told to the model in words (so it can answer anyway) rather than thrown.
/// </summary>
internal sealed class McpToolFunction(McpClientTool tool, string server, ReplyToolSteps steps, ToolsOptions options, TimeProvider time)
    : DelegatingAIFunction(tool)
{
    private static readonly JsonSerializerOptions ArgumentsJson = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>The name of the MCP server the tool belongs to.</summary>
    public string Server { get; } = server;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var given = new Dictionary<string, object?>(arguments);
        var step = steps.Start(Server, Name, Cut(JsonSerializer.Serialize(given, ArgumentsJson), ToolLimits.ArgumentsMaxLength));
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.CallTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await tool.CallAsync(given, cancellationToken: linked.Token);
            var text = Cut(TextOf(result), options.MaxResultLength);
            if (result.IsError == true)
            {
                steps.End(step, ToolStepStatus.Error, text, time.GetElapsedTime(started));
                return $"The tool {Name} failed: {text}";
            }

            steps.End(step, ToolStepStatus.Ok, text, time.GetElapsedTime(started));
            return text;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            steps.End(step, ToolStepStatus.Error, "The reply was stopped before the tool answered.", time.GetElapsedTime(started));
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var seconds = options.CallTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            var text = $"The tool {Name} did not answer within {seconds} seconds.";
            steps.End(step, ToolStepStatus.TimedOut, text, time.GetElapsedTime(started));
            return text;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var text = Cut($"The tool {Name} could not be called: {exception.GetBaseException().Message}", options.MaxResultLength);
            steps.End(step, ToolStepStatus.Error, text, time.GetElapsedTime(started));
            return text;
        }
    }

    /// <summary>The result's text blocks; other blocks are named by their kind, and structured content alone is its JSON.</summary>
    private static string TextOf(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(block is TextContentBlock textBlock ? textBlock.Text : $"[{block.Type}]");
        }

        return text.Length == 0 && result.StructuredContent is { } structured ? structured.GetRawText() : text.ToString();
    }

    private static string Cut(string text, int max) =>
        text.Length <= max ? text : string.Create(CultureInfo.InvariantCulture, $"{text.AsSpan(0, max)}… (cut at {max} characters)");
}
