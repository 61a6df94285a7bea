using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Primitives;

namespace Warbler.SampleMcp;

/// <summary>
/// Builds the sample server: the tools of <see cref="SampleTools"/> (and any the caller
/// adds with <c>addTools</c>) at <see cref="Path"/>. With <c>SampleMcp:BearerToken</c> set (for example the environment
/// variable <c>SampleMcp__BearerToken</c>), a request without that bearer token gets 401.
/// </summary>
public static class SampleMcpServer
{
    public const string Path = "/mcp";

    public static WebApplication Build(string[] args, Action<IMcpServerBuilder>? addTools = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.TryAddSingleton(TimeProvider.System);
        var mcp = builder.Services.AddMcpServer(options => options.ServerInfo = new() { Name = "Warbler sample tools", Version = "1.0" })
            .WithHttpTransport(http => http.Stateless = true)
            .WithTools([typeof(SampleTools)]);
        addTools?.Invoke(mcp);

        var app = builder.Build();
        var token = app.Configuration["SampleMcp:BearerToken"];
        if (!string.IsNullOrEmpty(token))
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Headers.Authorization != new StringValues($"Bearer {token}"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                await next(context);
            });
        }

        app.MapMcp(Path);
        return app;
    }
}
