using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Warbler.Server.Hosting;

/// <summary>
/// Kestrel's header limits, raised so that an oversized credential reaches Warbler, which refuses
/// it in the API's own format (<see cref="CredentialLengthLimit"/>), instead of Kestrel's bare 431.
/// Only the total size of the header block is raised (Kestrel's default is 32 KiB); the request
/// line (8 KiB, else 414) and the number of headers (100, else 431) keep Kestrel's defaults. A
/// header block beyond <see cref="MaxRequestHeadersTotalSize"/> still gets Kestrel's 431 with an
/// empty body: that is where the server stops reading. <c>Kestrel:Limits:MaxRequestHeadersTotalSize</c>
/// (and <c>Kestrel:Limits:Http2:MaxRequestHeaderFieldSize</c>, <c>Kestrel:Limits:Http3:MaxRequestHeaderFieldSize</c>)
/// choose another bound.
/// </summary>
public static class HeaderLimits
{
    /// <summary>
    /// 96 KiB: room for a credential several times longer than any Warbler issues, and the ordinary
    /// headers beside it; three times Kestrel's default, so a connection that never ends its headers
    /// holds at most that much.
    /// </summary>
    public const int MaxRequestHeadersTotalSize = 96 * 1024;

    /// <summary>
    /// The longest credential header (<c>Authorization</c>, <c>api-key</c>) Warbler reads; a longer one
    /// is refused with 401 (<see cref="CredentialLengthLimit"/>). Gateway keys and the admin key are at
    /// most 256 characters and a user's access token under 2,000, so 8 KiB leaves ample room.
    /// </summary>
    public const int MaxCredentialLength = 8 * 1024;

    private const string LimitsSection = "Kestrel:Limits";

    public static WebApplicationBuilder AddWarblerHeaderLimits(this WebApplicationBuilder builder)
    {
        // Kestrel does not read its limits from configuration by itself; these three are read here
        // (from the final configuration, when Kestrel starts), so an operator can choose another bound.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            var limits = configuration.GetSection(LimitsSection);
            var total = limits.GetValue(nameof(KestrelServerLimits.MaxRequestHeadersTotalSize), MaxRequestHeadersTotalSize);
            options.Limits.MaxRequestHeadersTotalSize = total;

            // HTTP/2 and HTTP/3 (on endpoints that enable them) also bound each decoded header by itself, at 16 KiB.
            options.Limits.Http2.MaxRequestHeaderFieldSize = limits.GetSection("Http2").GetValue(nameof(Http2Limits.MaxRequestHeaderFieldSize), total);
            options.Limits.Http3.MaxRequestHeaderFieldSize = limits.GetSection("Http3").GetValue(nameof(Http3Limits.MaxRequestHeaderFieldSize), total);
        });
        return builder;
    }
}
