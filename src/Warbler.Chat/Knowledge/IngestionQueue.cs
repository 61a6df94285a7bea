using System.Threading.Channels;

namespace Warbler.Chat.Knowledge;

/// <summary>Documents waiting to be chunked and embedded, by id, in the order they were queued.</summary>
internal sealed class IngestionQueue
{
    private readonly Channel<Guid> _documents = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(Guid documentId) => _documents.Writer.TryWrite(documentId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken cancellationToken) => _documents.Reader.ReadAllAsync(cancellationToken);
}
