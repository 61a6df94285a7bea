using System.Diagnostics.CodeAnalysis;

namespace Warbler.Cluster;

/// <summary>
/// One kind of notice the servers sharing a Redis send each other, defined by the feature that
/// sends and follows it: a name, unique among the topics, and how a notice is written as the text
/// that travels (and read back). Name and text are the wire format: keep them as they are, so
/// servers of the old and the new build can share a Redis while they are upgraded one by one.
/// </summary>
public sealed class ClusterTopic<T>
{
    /// <summary>Reads a notice's text, or returns false when it is not one this server understands.</summary>
    public delegate bool Parser(string payload, [MaybeNullWhen(false)] out T notice);

    private readonly Func<T, string> _format;
    private readonly Parser _parse;

    public ClusterTopic(string name, Func<T, string> format, Parser parse)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A topic's name cannot contain '|', which separates the parts of a notice.", nameof(name));
        }

        Name = name;
        _format = format;
        _parse = parse;
    }

    public string Name { get; }

    public string Format(T notice) => _format(notice);

    public bool TryParse(string payload, [MaybeNullWhen(false)] out T notice) => _parse(payload, out notice);

    public override string ToString() => Name;
}
