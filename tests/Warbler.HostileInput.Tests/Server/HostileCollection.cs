namespace Warbler.HostileInput.Tests.Server;

/// <summary>One server for all the hostile-input tests, which run one after another (the machine they run on may have two cores).</summary>
[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileServer>
{
    public const string Name = "hostile server";
}
