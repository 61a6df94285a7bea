using Warbler.Gateway.Anthropic;
using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The providers in force: those of configuration, built once, and the enabled ones stored in
/// the database, which change at run time; the built-in demo while there is no other. Readers get
/// an immutable <see cref="ProviderSnapshot"/> that each change replaces whole, so the hot path
/// never locks and a change serves the very next request.
/// </summary>
internal sealed class ProviderRegistry : IDisposable
{
    private readonly TimeProvider _time;
    private readonly DemoOptions _demoOptions;
    private readonly AnthropicOptions _anthropicOptions;
    private readonly long _maxResponseBytes;
    private readonly List<ProviderEntry> _configured = [];
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly Lock _rebuild = new();
    private List<ProviderEntry> _stored = [];
    private ProviderEntry? _demo;
    private ProviderSnapshot _snapshot;

    public ProviderRegistry(
        IOptions<ProviderSettings> settings, IOptions<DemoOptions> demoOptions, IOptions<AnthropicOptions> anthropicOptions, IOptions<GatewayOptions> gatewayOptions, TimeProvider time)
    {
        _anthropicOptions = anthropicOptions.Value;
        _maxResponseBytes = gatewayOptions.Value.MaxResponseBodyBytes;
        _time = time;
        _demoOptions = demoOptions.Value;
        foreach (var (name, options) in settings.Value.All)
        {
            var definition = new ProviderDefinition(name, ProviderSource.Configuration, options, Enabled: true);
            _configured.Add(new ProviderEntry(definition, Build(definition)));
        }

        _snapshot = Rebuild();
    }

    /// <summary>The providers serving requests now.</summary>
    public IReadOnlyList<Provider> Providers => Snapshot.Providers;

    public ProviderSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Raised with the new snapshot after every change of the stored providers; handlers must return at once (they run under the registry's lock).</summary>
    public event Action<ProviderSnapshot>? Changed;

    public bool IsConfigured(string name) =>
        _configured.Any(e => e.Definition.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Serializes changes to stored providers, so the database and the registry end in the same
    /// order when two admins change providers at once. Dispose the result to let the next in.
    /// </summary>
    public async Task<IDisposable> LockChangesAsync(CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        return new Release(_changes);
    }

    /// <summary>Puts the stored providers in force at start, replacing any before.</summary>
    /// <returns>The names that configuration also defines: configuration wins and these are not used.</returns>
    internal IReadOnlyList<string> LoadStored(IEnumerable<ProviderDefinition> stored)
    {
        var shadowed = new List<string>();
        lock (_rebuild)
        {
            var entries = new List<ProviderEntry>();
            foreach (var definition in stored)
            {
                if (IsConfigured(definition.Name))
                {
                    shadowed.Add(definition.Name);
                    continue;
                }

                entries.Add(new ProviderEntry(definition, Build(definition)));
            }

            _stored = entries;
            Publish();
        }

        return shadowed;
    }

    /// <summary>Adds a stored provider, or replaces the one of the same name; an unchanged one keeps its provider, health and connections.</summary>
    internal void PutStored(ProviderDefinition definition)
    {
        lock (_rebuild)
        {
            var stored = new List<ProviderEntry>(_stored);
            var index = stored.FindIndex(e => e.Definition.Name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0 && stored[index].Definition.SameAs(definition))
            {
                stored[index] = stored[index] with { Definition = definition };
            }
            else if (index >= 0)
            {
                stored[index] = new ProviderEntry(definition, Build(definition));
            }
            else
            {
                stored.Add(new ProviderEntry(definition, Build(definition)));
            }

            _stored = stored;
            Publish();
        }
    }

    /// <summary>
    /// Puts <paramref name="stored"/> in force as another server changed them: new and changed
    /// providers are built, unchanged ones keep their health and connections, missing ones go.
    /// </summary>
    internal void SyncStored(IReadOnlyList<ProviderDefinition> stored)
    {
        lock (_rebuild)
        {
            var entries = new List<ProviderEntry>();
            foreach (var definition in stored.Where(d => !IsConfigured(d.Name)))
            {
                var current = _stored.Find(e => e.Definition.Name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase));
                entries.Add(current is not null && current.Definition.SameAs(definition)
                    ? current with { Definition = definition }
                    : new ProviderEntry(definition, Build(definition)));
            }

            _stored = entries;
            Publish();
        }
    }

    internal void RemoveStored(string name)
    {
        lock (_rebuild)
        {
            _stored = _stored.Where(e => !e.Definition.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            Publish();
        }
    }

    /// <summary>
    /// A provider built from <paramref name="definition"/> that serves nothing, for testing one
    /// that is not in force; the caller disposes it.
    /// </summary>
    public Provider CreateDetached(ProviderDefinition definition) =>
        new(definition.Name, definition.Options, definition.Options.ApiKey, CreateInvoker(definition.Options), _time);

    // A provider that is replaced or removed is deliberately not disposed: requests routed to it a
    // moment ago may yet send through its handler (after failing over from another provider) or be
    // streaming through it, and a disposed handler would fail them. Its pooled connections close
    // once idle (PooledConnectionIdleTimeout), and the handler is collected when the last request
    // lets go of it.
    private void Publish()
    {
        var snapshot = Rebuild();
        Volatile.Write(ref _snapshot, snapshot);
        Changed?.Invoke(snapshot);
    }

    private ProviderSnapshot Rebuild()
    {
        var entries = new List<ProviderEntry>(_configured.Count + _stored.Count + 1);
        entries.AddRange(_configured);
        entries.AddRange(_stored);
        if (entries.Count == 0)
        {
            // The demo is kept once made, so its provider survives the rebuilds that bring it back.
            _demo ??= new ProviderEntry(DemoProvider.Definition, DemoProvider.Create(_demoOptions, _time));
            entries.Add(_demo);
        }

        return new ProviderSnapshot(entries.Where(e => e.Live is not null).Select(e => e.Live!).ToList(), entries);
    }

    private Provider? Build(ProviderDefinition definition) =>
        definition.Enabled && definition.Problem is null
            ? new Provider(definition.Name, definition.Options, definition.Options.ApiKey, CreateInvoker(definition.Options), _time)
            : null;

    private HttpMessageInvoker CreateInvoker(ProviderOptions options)
    {
        var sockets = CreateSocketsHandler(options.Timeouts);
        // An Anthropic provider is spoken to through a translating handler, so the relay sees an OpenAI-compatible upstream.
        HttpMessageHandler handler = options.Kind == ProviderKind.Anthropic
            ? new AnthropicUpstreamHandler(_anthropicOptions, _maxResponseBytes, _time) { InnerHandler = sockets }
            : sockets;
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private static SocketsHttpHandler CreateSocketsHandler(ProviderTimeouts timeouts) =>
        new()
        {
            ConnectTimeout = timeouts.Connect,
            // Re-resolve DNS now and then, so a provider that moves is followed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Also closes the connections of a provider that was replaced or removed, once idle.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            // An answer left unread (its reader stopped) closes the connection at once: draining
            // it would keep the upstream generating, and billing, tokens nobody reads.
            MaxResponseDrainSize = 0,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = true,
        };

    /// <summary>Disposes the providers in force when the server stops.</summary>
    public void Dispose()
    {
        foreach (var entry in Snapshot.Entries)
        {
            entry.Live?.Dispose();
        }

        if (_demo is { } demo && !Snapshot.Entries.Contains(demo))
        {
            demo.Live?.Dispose();
        }

        _changes.Dispose();
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
