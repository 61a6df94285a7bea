namespace Warbler.Chat.Tests.Files;

/// <summary>
/// The blob store tests run alone, after the others: one of them measures how much a large upload
/// allocates, which other tests running at the same time would add to.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BlobStoreCollection
{
    public const string Name = "Blob stores";
}
