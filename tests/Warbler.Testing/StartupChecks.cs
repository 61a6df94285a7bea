using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Warbler.Testing;

/// <summary>
/// The server's start-up checks on a configuration, in process: which settings stop a start, and the
/// failures naming them. What an operator then reads, and the exit code, only a real process shows
/// (<see cref="ServerProcess"/>); one or two such starts per area are enough for that.
/// </summary>
public static class StartupChecks
{
    /// <summary>
    /// Starts a <see cref="GatewayHost"/> without providers, with <paramref name="configure"/>'s settings,
    /// asserts that it does not start, and returns the failures of the server's start-up checks.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FailuresAsync(Action<Dictionary<string, string?>> configure)
    {
        IServiceCollection registered = new ServiceCollection();
        Exception? startError = null;
        try
        {
            await using var host = await GatewayHost.StartAsync(providers: [], configure: configure, services: services =>
            {
                foreach (var service in services)
                {
                    registered.Add(service);
                }
            });
        }
        catch (Exception exception)
        {
            startError = exception;
        }

        // The server catches the checks' failure to print it and stop (RunWithConfigurationCheckAsync), so
        // hosted it only fails to start: the same checks, on the services it was given, say what failed.
        Assert.NotNull(startError);
        await using var checks = registered.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => checks.GetRequiredService<IStartupValidator>().Validate()).Failures.ToList();
    }
}
