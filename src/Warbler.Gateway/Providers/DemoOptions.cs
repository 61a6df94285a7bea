namespace Warbler.Gateway.Providers;

/// <summary>The <c>Demo</c> section: how the built-in offline provider behaves.</summary>
internal sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Pause between streamed words, so the demo looks like a real stream.</summary>
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.FromMilliseconds(30);
}
