using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Configuration;

/// <summary>
/// What an operator sees when starting Warbler: the real process, in a fresh folder. Started with no
/// database settings, it uses its default, SQLite in <c>./data</c>, whichever engine the other tests run on.
/// </summary>
public sealed partial class ServerStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("warbler-start-").FullName;

    // Two cases, one top-level and one nested variable: which settings fail, and how, is StartupValidationTests' (in process).
    [Theory]
    [InlineData("Providers__bad__Weight", "0", "Providers:bad:Weight")]
    [InlineData("WARBLER_ADMIN_KEY", "short", "WARBLER_ADMIN_KEY")]
    public async Task Start_InvalidSetting_StopsWithMessageNamingTheSetting(string variable, string value, string named)
    {
        var environment = new Dictionary<string, string> { [variable] = value };
        if (variable.StartsWith("Providers__bad__", StringComparison.Ordinal))
        {
            environment["Providers__bad__BaseUrl"] = "http://127.0.0.1:9/v1";
        }

        await using var server = ServerProcess.Start(_folder, environment);

        var exitCode = await server.WaitForExitAsync(ServerProcess.StartTimeout);
        Assert.Equal(2, exitCode);
        Assert.Contains("configuration is invalid", server.Errors, StringComparison.Ordinal);
        Assert.Contains(named, server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnAnAddressAnotherProgramHolds_StopsWithAMessageSayingSo()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        await using var server = ServerProcess.Start(_folder, new Dictionary<string, string>(), "--urls", address);

        var exitCode = await server.WaitForExitAsync(ServerProcess.StartTimeout);
        Assert.Equal(1, exitCode);
        Assert.Contains($"Warbler cannot start: Failed to bind to address {address}", server.Errors, StringComparison.Ordinal);
        Assert.Contains("choose another address with --urls", server.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FirstTimeWithoutAdminKey_PrintsGeneratedKeyOnceAndDemoNotice()
    {
        string firstOutput;
        await using (var first = ServerProcess.Start(_folder, new Dictionary<string, string>()))
        {
            await first.WaitUntilListeningAsync();
            firstOutput = first.Output;
        }

        await using var second = ServerProcess.Start(_folder, new Dictionary<string, string>());
        await second.WaitUntilListeningAsync();

        var key = AdminKeyPattern().Match(firstOutput);
        Assert.True(key.Success, firstOutput);
        Assert.Single(AdminKeyPattern().Matches(firstOutput));
        Assert.DoesNotMatch(AdminKeyPattern(), second.Output);
        Assert.Contains("only the built-in demo provider", firstOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "warbler.db")));
    }

    [Fact]
    public async Task Start_WithDotEnvInWorkingFolder_UsesItsProvider()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), "OPENAI_API_KEY=sk-dotenv\nOPENAI_BASE_URL=http://127.0.0.1:9/v1\nWARBLER_ADMIN_KEY=wk-dotenv-admin-key-0123456789\n");

        await using var server = ServerProcess.Start(_folder, new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();

        Assert.Contains("Provider openai", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("demo provider", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-dotenv", server.Output + server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithDotEnvHoldingAWarblerKeyAsOpenAIKey_StaysInDemoModeAndWarnsOnce()
    {
        const string warblerKey = "wk-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg";
        const string adminKey = "wk-dotenv-admin-key-0123456789";
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), $"OPENAI_API_KEY={warblerKey}\nWARBLER_ADMIN_KEY={adminKey}\n");

        await using var server = ServerProcess.Start(_folder, new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
        using var answer = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("[Offline demo standing in for gpt-4o-mini", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Provider openai", server.Output, StringComparison.Ordinal);
        Assert.Contains("only the built-in demo provider", server.Output, StringComparison.Ordinal);
        Assert.Single(OpenAIKeyIgnoredPattern().Matches(server.Output));
        Assert.Contains("WARBLER_API_KEY", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(warblerKey, server.Output + server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FromAnotherFolder_ReadsItsOwnAppSettingsAndLogsNothingPerRequest()
    {
        const string adminKey = "wk-process-admin-key-0123456789";
        await using var server = ServerProcess.Start(_folder, new Dictionary<string, string> { ["WARBLER_ADMIN_KEY"] = adminKey });
        await server.WaitUntilListeningAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", messages = new[] { new { role = "user", content = "hi" } } });
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, await server.StopAsync(ServerProcess.StartTimeout));

        // appsettings.json turns ASP.NET Core's per-request Information lines off; without it each request writes four.
        Assert.Contains("Application is shutting down", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.Routing.EndpointMiddleware", server.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "warbler.db")));
    }

    [Fact]
    public async Task Start_TwoNodesAtOnceOnANewDatabase_BothMigrateItAndServe()
    {
        var database = TestDatabase.CreateMissing();
        var environment = new Dictionary<string, string> { ["WARBLER_ADMIN_KEY"] = "wk-two-nodes-admin-key-0123456789" };
        database.ApplyToEnvironment(environment);
        try
        {
            await using var first = ServerProcess.Start(_folder, environment);
            await using var second = ServerProcess.Start(_folder, environment);

            await Task.WhenAll(first.WaitUntilListeningAsync(), second.WaitUntilListeningAsync());

            foreach (var node in (ServerProcess[])[first, second])
            {
                using var client = new HttpClient { BaseAddress = node.BaseAddress };
                using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }

            Assert.Single((string[])[first.Output, second.Output], output => output.Contains("Created the default bot @assistant", StringComparison.Ordinal));
        }
        finally
        {
            database.Delete();
        }
    }

    [GeneratedRegex("wk-[A-Za-z0-9_-]{43}")]
    private static partial Regex AdminKeyPattern();

    [GeneratedRegex("OPENAI_API_KEY holds a Warbler key")]
    private static partial Regex OpenAIKeyIgnoredPattern();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
