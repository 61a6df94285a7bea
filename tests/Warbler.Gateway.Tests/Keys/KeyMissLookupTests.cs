using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Observability;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Keys;

/// <summary>
/// The lookup of keys a server has not heard of yet: the first requests of one key share one
/// database read, reads of different keys are bounded (a few at once, a short queue, then refused),
/// a hash just found unknown is not read again for a moment, and a revocation still wins.
/// </summary>
public sealed class KeyMissLookupTests : IDisposable
{
    private const int Bound = KeyMissLookup.MaxRunning + KeyMissLookup.MaxWaiting;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly KeyCache _cache = new();
    private readonly GatedKeyReader _database = new();
    private readonly CounterTotals _lookups;
    private readonly KeyMissLookup _lookup;

    public KeyMissLookupTests()
    {
        var meters = _meters.GetRequiredService<IMeterFactory>();
        _lookups = new CounterTotals(meters, "warbler.gateway.key_lookups", "outcome");
        _lookup = new KeyMissLookup(_cache, _database, new RecentlyUnknownKeys(_time), new GatewayMetrics(meters), NullLogger<KeyMissLookup>.Instance);
    }

    [Fact]
    public async Task FindAsync_TwentyConcurrentFirstRequestsOfOneKey_ShareOneDatabaseRead()
    {
        var (hash, key) = StoredKey();

        var finds = Enumerable.Range(0, 20).Select(_ => _lookup.FindAsync(hash, CancellationToken.None)).ToList();
        var readsWhileWaiting = _database.Reads;
        _database.Open();
        var found = await Task.WhenAll(finds);

        Assert.Equal(1, readsWhileWaiting);
        Assert.All(found, k => Assert.Same(key, k));
        Assert.Equal(1, _database.Reads);
        Assert.True(_cache.TryGet(hash, out var cached) && ReferenceEquals(key, cached));
        Assert.Equal(1, _lookups[KeyLookupOutcomes.Found]);
    }

    [Fact]
    public async Task FindAsync_OneOfTwoWaitingRequestsCancelled_TheOtherStillGetsTheKey()
    {
        var (hash, key) = StoredKey();
        using var leaving = new CancellationTokenSource();

        var cancelled = _lookup.FindAsync(hash, leaving.Token);
        var staying = _lookup.FindAsync(hash, CancellationToken.None);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _database.Open();

        Assert.Same(key, await staying);
        Assert.Equal(1, _database.Reads);
    }

    [Fact]
    public async Task FindAsync_MoreUnknownKeysThanTheBound_ReadsAFewAtOnceQueuesSomeAndRefusesTheRestAtOnce()
    {
        const int Over = 10;

        var finds = Enumerable.Range(0, Bound + Over).Select(_ => _lookup.FindAsync(RandomHash(), CancellationToken.None)).ToList();
        var refusedAtOnce = finds.Where(f => f.IsCompletedSuccessfully).ToList();
        var (readsWhileWaiting, runningWhileWaiting) = (_database.Reads, _database.Running);
        _database.Open();
        var found = await Task.WhenAll(finds);

        Assert.Equal(Over, refusedAtOnce.Count);
        Assert.All(refusedAtOnce, f => Assert.Null(f.Result));
        Assert.Equal(KeyMissLookup.MaxRunning, readsWhileWaiting);
        Assert.Equal(KeyMissLookup.MaxRunning, runningWhileWaiting);
        Assert.All(found, Assert.Null);
        Assert.Equal(Bound, _database.Reads);
        Assert.Equal(KeyMissLookup.MaxRunning, _database.MostAtOnce);
        Assert.Equal((Bound, Over), (_lookups[KeyLookupOutcomes.Unknown], _lookups[KeyLookupOutcomes.Busy]));
    }

    [Fact]
    public async Task FindAsync_AfterTheQueueDrains_ANewKeyIsReadAgain()
    {
        _database.Open();
        await Task.WhenAll(Enumerable.Range(0, Bound + 5).Select(_ => _lookup.FindAsync(RandomHash(), CancellationToken.None)));
        var (hash, key) = StoredKey();

        Assert.Same(key, await _lookup.FindAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_KeyJustFoundUnknown_IsNotReadAgainUntilTheMomentHasPassed()
    {
        var hash = RandomHash();
        _database.Open();

        var first = await _lookup.FindAsync(hash, CancellationToken.None);
        var again = await _lookup.FindAsync(hash, CancellationToken.None);
        var readsBefore = _database.Reads;
        _time.Advance(RecentlyUnknownKeys.For);
        var later = await _lookup.FindAsync(hash, CancellationToken.None);

        Assert.Equal((null, null, null), (first, again, later));
        Assert.Equal(1, readsBefore);
        Assert.Equal(2, _database.Reads);
    }

    [Fact]
    public async Task FindAsync_KeyFoundUnknownThenBroughtByItsNotice_IsServedWithoutARead()
    {
        var hash = RandomHash();
        _database.Open();
        Assert.Null(await _lookup.FindAsync(hash, CancellationToken.None));

        // What the key's notice does: KeyStore.ReloadAsync puts the key in the cache.
        var key = NewKey();
        _cache.Add(hash, key);

        Assert.Same(key, await _lookup.FindAsync(hash, CancellationToken.None));
        Assert.Equal(1, _database.Reads);
    }

    [Fact]
    public async Task FindAsync_KeyRevokedWhileRead_ServesTheRequestBeforeTheRevocationOnly_AndIsNotCached()
    {
        var (hash, key) = StoredKey();

        var before = _lookup.FindAsync(hash, CancellationToken.None);
        _database.Revoke(hash);
        _cache.Remove(key.Id);
        var after = _lookup.FindAsync(hash, CancellationToken.None);
        _database.Open();

        Assert.Same(key, await before);
        Assert.Null(await after);
        Assert.False(_cache.TryGet(hash, out _));
        Assert.Equal(2, _database.Reads);
    }

    [Fact]
    public async Task FindAsync_DatabaseFailing_RefusesForNow_AndReadsAgainOnTheNextRequest()
    {
        var (hash, key) = StoredKey();
        _database.Open();
        _database.Failure = new InvalidOperationException("The database is down.");

        var whileDown = await _lookup.FindAsync(hash, CancellationToken.None);
        _database.Failure = null;
        var onceBack = await _lookup.FindAsync(hash, CancellationToken.None);

        Assert.Null(whileDown);
        Assert.Same(key, onceBack);
        Assert.Equal(1, _lookups[KeyLookupOutcomes.Failed]);
    }

    public void Dispose()
    {
        _lookups.Dispose();
        _meters.Dispose();
    }

    private (KeyHash Hash, CallerKey Key) StoredKey()
    {
        var hash = RandomHash();
        var key = NewKey();
        _database.Store(hash, key);
        return (hash, key);
    }

    private static CallerKey NewKey() => new(Guid.NewGuid(), "created on another server", "wk-abcd", false, new HashSet<string>(), null, KeyLimits.None);

    private static KeyHash RandomHash() => KeyHash.Of(KeySecret.Generate());
}
