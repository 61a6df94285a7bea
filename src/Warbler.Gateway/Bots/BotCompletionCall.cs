using System.Text;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Bots;

/// <summary>One bot reply in progress: what was asked, what has come of it so far, and what to account for at the end.</summary>
internal sealed class BotCompletionCall(BotCompletionRequest request, byte[] body, long started)
{
    public BotCompletionRequest Request { get; } = request;

    /// <summary>The JSON sent upstream, for counting the prompt when the upstream reports no usage.</summary>
    public byte[] Body { get; } = body;

    /// <summary>When the call began (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Started { get; } = started;

    /// <summary>The model that answered, the provider, the usage and the first chunk's time, as for <c>/v1</c> requests.</summary>
    public RelayOutcome Outcome { get; } = new() { Model = request.Model, Stream = true };

    public RateLimitLease? Lease { get; set; }

    /// <summary>True once a provider's successful answer has begun, so there are tokens to count.</summary>
    public bool Answered { get; set; }

    /// <summary>The text handed to the caller so far: what a stopped reply is billed for.</summary>
    public StringBuilder Delivered { get; } = new();

    public string? FinishReason { get; set; }

    /// <summary>The upstream's stream ended as it should.</summary>
    public bool Completed { get; set; }

    public BotCompletionException? Error { get; private set; }

    /// <summary>Something unforeseen went wrong (a bug): the reply counts as a 500.</summary>
    public bool Faulted { get; set; }

    /// <summary>The status recorded: 200 when complete, the error's, 500 for a bug, and 499 when the caller stopped first.</summary>
    public int Status => Completed ? StatusCodes.Status200OK
        : Error is not null ? Error.Status
        : Faulted ? StatusCodes.Status500InternalServerError
        : StatusCodes.Status499ClientClosedRequest;

    public BotCompletionException Fail(BotCompletionException error)
    {
        Error = error;
        return error;
    }
}
