using Microsoft.Extensions.Time.Testing;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Tests.Keys;

/// <summary>The hashes just found unknown: kept for a moment, and never more than a bounded number of them.</summary>
public sealed class RecentlyUnknownKeysTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Contains_HashAdded_HoldsUntilTheMomentHasPassed()
    {
        var unknown = new RecentlyUnknownKeys(_time);
        var hash = KeyHash.Of(KeySecret.Generate());

        unknown.Add(hash);
        var atOnce = unknown.Contains(hash);
        _time.Advance(RecentlyUnknownKeys.For - TimeSpan.FromMilliseconds(1));
        var justBefore = unknown.Contains(hash);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var after = unknown.Contains(hash);

        Assert.Equal((true, true, false), (atOnce, justBefore, after));
    }

    [Fact]
    public void Add_OneMoreThanItKeeps_StartsAfreshWithTheNewOne()
    {
        var unknown = new RecentlyUnknownKeys(_time);
        var first = KeyHash.Of(KeySecret.Generate());
        unknown.Add(first);
        for (var i = 1; i < RecentlyUnknownKeys.MaxCount; i++)
        {
            unknown.Add(new KeyHash((ulong)i, 0, 0, 0));
        }

        var fullYet = unknown.Contains(first);
        var last = KeyHash.Of(KeySecret.Generate());
        unknown.Add(last);

        Assert.True(fullYet);
        Assert.False(unknown.Contains(first));
        Assert.True(unknown.Contains(last));
    }
}
