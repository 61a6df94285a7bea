namespace Warbler.Chat.Tests.Cluster;

/// <summary>Classes whose tests share one <see cref="SharedCluster"/>: they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedCluster>
{
    public const string Name = "Shared cluster";
}
