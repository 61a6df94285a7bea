using Microsoft.Extensions.Options;

namespace Warbler.Server.Hosting;

/// <summary>
/// Keeps ASP.NET Core's "Request starting/finished" lines out of every log. They carry the whole
/// URL, and a browser's hub connection sends its access token in the URL (<c>?access_token=</c>),
/// as WebSockets allow no header; at Warning and above that category says nothing of a request.
/// The rule is added for every logger provider that has rules of its own, so no provider-specific
/// setting (such as <c>Logging:Console:LogLevel:Default</c>) lets the lines back in.
/// </summary>
internal sealed class RequestLineLogging : IPostConfigureOptions<LoggerFilterOptions>
{
    public const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        var providers = options.Rules.Select(rule => rule.ProviderName).Append(null).Distinct().ToList();
        foreach (var provider in providers)
        {
            options.Rules.Add(new LoggerFilterRule(provider, Category, LogLevel.Warning, filter: null));
        }
    }
}
