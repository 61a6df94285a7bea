using Microsoft.EntityFrameworkCore;

namespace Warbler.Testing.SignOn;

/// <summary>OpenIddict's clients and tokens, in an in-memory SQLite database: the stores are what make an authorization code single use.</summary>
internal sealed class OidcTestDbContext(DbContextOptions<OidcTestDbContext> options) : DbContext(options);
