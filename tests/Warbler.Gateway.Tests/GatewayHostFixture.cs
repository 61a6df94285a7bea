using Warbler.Testing;

namespace Warbler.Gateway.Tests;

/// <summary>One gateway shared by the tests of a class (see <see cref="SharedHostFixture"/>).</summary>
public sealed class GatewayHostFixture : SharedHostFixture;
