using System.Text;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.InProcess;

/// <summary>One in-process call in progress: who it is for, what was sent, what has come of it so far, and what to account for at the end.</summary>
internal sealed class InProcessCall(GatewayCaller caller, string model, byte[] body, long started)
{
    public GatewayCaller Caller { get; } = caller;

    /// <summary>The JSON sent upstream, for counting the prompt when the upstream reports no usage.</summary>
    public byte[] Body { get; } = body;

    /// <summary>When the call began (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Started { get; } = started;

    /// <summary>The model that answered, the provider, the usage and the first chunk's time, as for <c>/v1</c> requests.</summary>
    public GatewayCall Call { get; } = new() { Model = model, Stream = true };

    /// <summary>True once a provider's successful answer has begun, so there are tokens to count.</summary>
    public bool Answered { get; set; }

    /// <summary>The text handed to the caller so far: what a stopped answer is billed for.</summary>
    public StringBuilder Delivered { get; } = new();

    /// <summary>The tool calls the answer asks for, put together as their pieces arrive.</summary>
    public ToolCalls ToolCalls { get; } = new();

    public string? FinishReason { get; set; }

    /// <summary>The team the call is charged to, decided once at admission (see <see cref="Limits.SpendingLimitsDirectory.TeamChargedFor"/>).</summary>
    public Guid? TeamId { get; set; }

    /// <summary>The upstream's stream ended as it should.</summary>
    public bool Completed { get; set; }

    public OpenAIErrorException? Error { get; private set; }

    /// <summary>Something unforeseen went wrong (a bug): the call counts as a 500.</summary>
    public bool Faulted { get; set; }

    /// <summary>The status recorded: 200 when complete, the error's, 500 for a bug, and 499 when the caller stopped first.</summary>
    public int Status => Completed ? StatusCodes.Status200OK
        : Error is not null ? Error.Status
        : Faulted ? StatusCodes.Status500InternalServerError
        : StatusCodes.Status499ClientClosedRequest;

    public OpenAIErrorException Fail(OpenAIErrorException error)
    {
        Error = error;
        return error;
    }
}
