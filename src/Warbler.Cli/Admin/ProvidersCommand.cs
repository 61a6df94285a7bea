using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;
using Warbler.Cli.Output;
using Warbler.Contracts.Providers;

namespace Warbler.Cli.Admin;

/// <summary><c>warbler providers list|test</c>, against <c>/api/admin/providers</c>.</summary>
internal static class ProvidersCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("providers", "See the upstream providers and test them (needs the admin key)")
        {
            ListCommand(connection),
            TestCommand(connection),
        };

    private static Command ListCommand(ConnectionOptions connection)
    {
        var json = KeysCommand.JsonOption("Print the server's JSON answer instead of a table");
        var command = new Command("list", "List providers with their health: healthy, cooling_down (after errors) or disabled") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var admin = new AdminClient(connection.Admin(parse));
            var answer = await admin.SendAsync(HttpMethod.Get, "api/admin/providers", null, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(AdminClient.Indented(answer));
                return ExitCodes.Ok;
            }

            var providers = AdminClient.Read<List<ProviderResponse>>(answer);
            var console = Terminal.CreateOut();
            var table = new Table().AddColumns("Name", "Health", "Source", "Kind", "Base URL", "Models", "Priority", "Key");
            foreach (var provider in providers)
            {
                var health = provider.Health.Status;
                if (provider.Health.CoolingDownUntil is { } until)
                {
                    health += $" until {Format.Time(until)}";
                }

                if (provider.Health.LastError is { } error)
                {
                    health += $" (last error: {error})";
                }

                var color = provider.Health.Status switch { "healthy" => "green", "cooling_down" => "yellow", _ => "red" };
                table.AddRow(
                    Markup.Escape(provider.Name),
                    $"[{color}]{Markup.Escape(health)}[/]",
                    Markup.Escape(provider.Source),
                    Markup.Escape(provider.Kind),
                    Markup.Escape(provider.BaseUrl),
                    Markup.Escape(provider.Models is { Count: > 0 } m ? string.Join(", ", m) : "all"),
                    provider.Priority.ToString(CultureInfo.InvariantCulture),
                    provider.HasApiKey ? "yes" : "no");
            }

            console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command TestCommand(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "The provider's name, as 'warbler providers list' shows it" };
        var json = KeysCommand.JsonOption("Print the server's JSON answer");
        var command = new Command("test", "Test a provider with a real call; exits 1 when the call fails") { name, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var provider = parse.GetValue(name)!;
            using var admin = new AdminClient(connection.Admin(parse));
            var answer = await admin.SendAsync(HttpMethod.Post, $"api/admin/providers/{Uri.EscapeDataString(provider)}/test", null, cancellationToken);
            var result = AdminClient.Read<ProviderTestResponse>(answer);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(AdminClient.Indented(answer));
            }
            else if (result.Ok)
            {
                Console.Out.WriteLine($"{provider}: ok ({result.Status}) in {result.LatencyMs.ToString("0", CultureInfo.InvariantCulture)} ms" +
                    (result.Models is { } models ? $", {models} models." : "."));
            }
            else
            {
                Console.Out.WriteLine($"{provider}: failed{(result.Status is { } status ? $" ({status})" : "")} after {result.LatencyMs.ToString("0", CultureInfo.InvariantCulture)} ms: {result.Error}");
            }

            return result.Ok ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
