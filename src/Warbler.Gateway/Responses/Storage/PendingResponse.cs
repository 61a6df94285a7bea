using Warbler.Data.Responses;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>A response saved but perhaps not yet written: findable from memory until it is.</summary>
internal sealed class PendingResponse(StoredResponse response)
{
    private volatile bool _deleted;

    public StoredResponse Response { get; } = response;

    /// <summary>Deleted before it left memory: not written, and not found meanwhile.</summary>
    public bool Deleted
    {
        get => _deleted;
        set => _deleted = value;
    }

    /// <summary>Completes when the writer is done with it (written, skipped as deleted, or failed).</summary>
    public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
