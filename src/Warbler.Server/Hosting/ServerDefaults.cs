using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Warbler.Data;

namespace Warbler.Server.Hosting;

/// <summary>What every Warbler server has, whatever areas it maps: address, errors, request ids.</summary>
public static class ServerDefaults
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// A builder whose content root is the application's own folder, so its <c>appsettings.json</c>
    /// is read wherever it is started from (the working directory keeps <c>./data</c> and
    /// <c>.env</c>). <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> still choose another.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var contentRootGiven = args.Any(arg => arg.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        var webRootGiven = args.Any(arg => arg.Contains("webroot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_WEBROOT"));
        return WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory,

            // The web app is built into wwwroot beside the server's files (and beside a test's),
            // whatever the content root.
            WebRootPath = webRootGiven ? null : Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
    }

    /// <summary>Listens on <see cref="DefaultUrl"/> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or Kestrel endpoints say otherwise.</summary>
    public static WebApplicationBuilder UseDefaultListeningAddress(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var addressGiven = !string.IsNullOrEmpty(configuration["urls"])
            || !string.IsNullOrEmpty(configuration["http_ports"])
            || !string.IsNullOrEmpty(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!addressGiven)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    public static WebApplicationBuilder AddWarblerServerDefaults(this WebApplicationBuilder builder)
    {
        builder.AddWarblerHeaderLimits();
        builder.Services.AddProblemDetails();

        // Body binding failures reach the exception handlers, which name the field at fault.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ApiBadRequestHandler>();
        builder.Services.AddExceptionHandler<StorageUnavailableHandler>();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>, RequestLineLogging>();
        return builder;
    }

    public static WebApplication UseWarblerServerDefaults(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseMiddleware<CredentialLengthLimit>();
        app.UseMiddleware<ApiBodyLimit>();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// Runs the server; a configuration error, an address another program holds, or a database this
    /// build cannot migrate stops it with a message saying so instead of a stack trace. Once it has stopped, a service that fails to close (the Redis connection, when
    /// Redis went away at the same moment) is reported in one line rather than crashing the exit.
    /// </summary>
    public static async Task<int> RunWithConfigurationCheckAsync(this WebApplication app)
    {
        var exitCode = 0;
        try
        {
            await app.StartAsync();
            await app.WaitForShutdownAsync();
        }
        catch (OptionsValidationException exception)
        {
            await Console.Error.WriteLineAsync("Warbler cannot start: the configuration is invalid.");
            foreach (var failure in exception.Failures)
            {
                await Console.Error.WriteLineAsync($"  - {failure}");
            }

            exitCode = 2;
        }
        catch (IOException exception) when (exception.InnerException is AddressInUseException)
        {
            // Most often a Warbler started earlier still runs: say so in words, not a stack trace.
            await Console.Error.WriteLineAsync($"Warbler cannot start: {exception.Message}");
            await Console.Error.WriteLineAsync(
                "  Another program (perhaps another Warbler) is listening there. Stop it, or choose another address with --urls (for example --urls http://localhost:5081) or ASPNETCORE_URLS.");
            exitCode = 1;
        }
        catch (OutdatedDatabaseException exception)
        {
            await Console.Error.WriteLineAsync($"Warbler cannot start: {exception.Message}");
            exitCode = 1;
        }

        try
        {
            await app.DisposeAsync();
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"Warbler stopped, but a service could not be closed cleanly: {exception.GetBaseException().Message}");
        }

        return exitCode;
    }
}
