using System.Diagnostics.CodeAnalysis;
using Warbler.Cluster;

namespace Warbler.Gateway.Providers;

/// <summary>The providers' topic among the servers: a stored provider was added, changed or removed; the notice is its name.</summary>
internal static class ProviderNotices
{
    public static readonly ClusterTopic<string> Topic = new("providers", name => name, ReadName);

    private static bool ReadName(string payload, [MaybeNullWhen(false)] out string name)
    {
        name = payload;
        return true;
    }
}
