using System.Collections.Concurrent;

namespace Warbler.HostileInput.Tests.Server;

/// <summary>How many inputs a test tried, and how many got a server error, for its summary line.</summary>
public sealed class InputCount
{
    private readonly ConcurrentDictionary<string, int> _passedTheDoor = new();
    private readonly ConcurrentDictionary<string, int> _tried = new();
    private int _inputs;
    private int _serverErrors;

    public int Inputs => _inputs;

    public int ServerErrors => _serverErrors;

    /// <summary>
    /// Routes whose every answer was 401 or 403: there the input never reached the parser, so
    /// the test proved nothing about it.
    /// </summary>
    public IReadOnlyList<string> RoutesNeverPassed => [.. _tried.Keys.Where(route => !_passedTheDoor.ContainsKey(route)).Order(StringComparer.Ordinal)];

    public int Routes => _tried.Count;

    public void Add(string route, int status)
    {
        _tried.AddOrUpdate(route, 1, (_, n) => n + 1);
        if (status is not (401 or 403))
        {
            _passedTheDoor.AddOrUpdate(route, 1, (_, n) => n + 1);
        }

        Add(status >= 500);
    }

    public void Add(bool serverError)
    {
        Interlocked.Increment(ref _inputs);
        if (serverError)
        {
            Interlocked.Increment(ref _serverErrors);
        }
    }
}
