using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>One Warbler shared by the tests of a class (see <see cref="SharedHostFixture"/>).</summary>
public sealed class ChatHostFixture : SharedHostFixture;
