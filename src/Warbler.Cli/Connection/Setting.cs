namespace Warbler.Cli.Connection;

/// <summary>A setting's value and where it came from, in words: <c>--url</c>, <c>WARBLER_URL in ./.env</c>, <c>the saved login</c>.</summary>
internal sealed record Setting(string Value, string Source);
