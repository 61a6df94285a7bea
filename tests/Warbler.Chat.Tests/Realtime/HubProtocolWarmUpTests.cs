using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warbler.Chat.Realtime;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>The hub's protocols are run once, both ways, before the server takes connections; a protocol that fails does not stop the start.</summary>
public sealed class HubProtocolWarmUpTests
{
    [Fact]
    public async Task Start_WithTheJsonProtocol_ReadsASendAndWritesItsAnswerAndEvent()
    {
        var json = new CountingProtocol(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())));
        var logs = new LogCapture();

        await Start(json, logs);

        Assert.Equal(1, json.Parsed);
        Assert.Equal(["SendMessage", "Completion", "messageCreated"], json.Written);
        Assert.Contains(logs.Lines, line => line.StartsWith("Debug", StringComparison.Ordinal) && line.Contains("hub protocols were warmed up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ProtocolThatCannotReadTheCall_LogsAWarningAndTheServerStartsAllTheSame()
    {
        var logs = new LogCapture();

        await Start(new UnreadableProtocol(), logs);

        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("the first hub calls may be slow", warning, StringComparison.Ordinal);
        Assert.Contains("did not read back a SendMessage call", warning, StringComparison.Ordinal);
    }

    private static async Task Start(IHubProtocol protocol, LogCapture logs)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await new HubProtocolWarmUp([protocol], TimeProvider.System, loggers.CreateLogger<HubProtocolWarmUp>()).StartAsync(CancellationToken.None);
    }

    /// <summary>The real protocol, counting what goes through it.</summary>
    private sealed class CountingProtocol(IHubProtocol inner) : IHubProtocol
    {
        public int Parsed { get; private set; }

        public List<string> Written { get; } = [];

        public string Name => inner.Name;

        public int Version => inner.Version;

        public TransferFormat TransferFormat => inner.TransferFormat;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
        {
            var read = inner.TryParseMessage(ref input, binder, out message);
            if (read && message is InvocationMessage { Target: "SendMessage" } call && call.Arguments[1] is "warm-up")
            {
                Parsed++;
            }

            return read;
        }

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
        {
            inner.WriteMessage(message, output);
            Written.Add(message is InvocationMessage invocation ? invocation.Target : "Completion");
        }

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

        public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
    }

    private sealed class UnreadableProtocol : IHubProtocol
    {
        public string Name => "broken";

        public int Version => 1;

        public TransferFormat TransferFormat => TransferFormat.Text;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
        {
            message = null;
            return false;
        }

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
        {
        }

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => ReadOnlyMemory<byte>.Empty;

        public bool IsVersionSupported(int version) => true;
    }
}
