using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Warbler.Cli.Completions;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;
using Warbler.Cli.Output;
using Warbler.Contracts.Keys;

namespace Warbler.Cli.Admin;

/// <summary><c>warbler keys create|list|revoke</c>, against <c>/api/admin/keys</c>.</summary>
internal static class KeysCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("keys", "Create, list and revoke gateway keys (needs the admin key)")
        {
            CreateCommand(connection),
            ListCommand(connection),
            RevokeCommand(connection),
        };

    private static Command CreateCommand(ConnectionOptions connection)
    {
        var name = new Option<string>("--name")
        {
            Description = "A name to tell the key apart (required)",
            HelpName = "text",
            Required = true,
        };
        var models = new Option<string[]>("--models")
        {
            Description = "The models the key may use, comma-separated (default: every model)",
            HelpName = "a,b",
            AllowMultipleArgumentsPerToken = false,
        };
        var expires = new Option<string?>("--expires")
        {
            Description = "When the key stops working: a date (2027-01-01), a UTC date and time, or a time from now (30d, 12h, 90m)",
            HelpName = "when",
            Validators =
            {
                result =>
                {
                    if (result.GetValueOrDefault<string?>() is { } text && !Expiry.TryParse(text, DateTimeOffset.UtcNow, out _))
                    {
                        result.AddError($"--expires must be a date such as 2027-01-01, a date and time, or a time from now such as 30d or 12h, not '{text}'.");
                    }
                },
            },
        };
        var requestsPerMinute = NumberOption.AtLeast<int>("--requests-per-minute", "Most requests a minute (default: no limit)", 1);
        var tokensPerMinute = NumberOption.AtLeast<int>("--tokens-per-minute", "Most tokens a minute (default: no limit)", 1);
        var maxConcurrent = NumberOption.AtLeast<int>("--max-concurrent-requests", "Most requests in flight at once (default: no limit)", 1);
        var tokenBudget = NumberOption.AtLeast<long>("--token-budget", "Most tokens in all (default: no limit)", 1);
        var dailyTokenBudget = NumberOption.AtLeast<long>("--daily-token-budget", "Most tokens each UTC day (default: no limit)", 1);
        var monthlyTokenBudget = NumberOption.AtLeast<long>("--monthly-token-budget", "Most tokens each UTC month (default: no limit)", 1);
        var costBudget = NumberOption.AtLeast<decimal>("--cost-budget", "Most cost in all, in the server's price currency (default: no limit)", 0m);
        var dailyCostBudget = NumberOption.AtLeast<decimal>("--daily-cost-budget", "Most cost each UTC day (default: no limit)", 0m);
        var monthlyCostBudget = NumberOption.AtLeast<decimal>("--monthly-cost-budget", "Most cost each UTC month (default: no limit)", 0m);
        var json = JsonOption("Print the server's JSON answer (it holds the secret too)");
        var quiet = new Option<bool>("--quiet", "-q")
        {
            Description = "Print only the secret, for scripts: export WARBLER_API_KEY=$(warbler keys create --name app -q)",
        };

        var command = new Command("create", "Create a key; its secret is printed once and never shown again")
        {
            name, models, expires,
            requestsPerMinute, tokensPerMinute, maxConcurrent,
            tokenBudget, dailyTokenBudget, monthlyTokenBudget,
            costBudget, dailyCostBudget, monthlyCostBudget,
            json, quiet,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(json) && parse.GetValue(quiet))
            {
                throw CliException.Usage("--json and --quiet cannot go together: --json prints the whole answer, --quiet only the secret.");
            }

            var modelList = parse.GetValue(models)?
                .SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            DateTimeOffset? expiresAt = parse.GetValue(expires) is { } text && Expiry.TryParse(text, DateTimeOffset.UtcNow, out var at) ? at : null;
            var body = new
            {
                name = parse.GetValue(name),
                models = modelList,
                expiresAt,
                requestsPerMinute = parse.GetValue(requestsPerMinute),
                tokensPerMinute = parse.GetValue(tokensPerMinute),
                maxConcurrentRequests = parse.GetValue(maxConcurrent),
                tokenBudget = parse.GetValue(tokenBudget),
                dailyTokenBudget = parse.GetValue(dailyTokenBudget),
                monthlyTokenBudget = parse.GetValue(monthlyTokenBudget),
                costBudget = parse.GetValue(costBudget),
                dailyCostBudget = parse.GetValue(dailyCostBudget),
                monthlyCostBudget = parse.GetValue(monthlyCostBudget),
            };

            using var admin = new AdminClient(connection.Admin(parse)) { FlagOf = FlagOf };
            var answer = await admin.SendAsync(HttpMethod.Post, "api/admin/keys", body, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(AdminClient.Indented(answer));
                return ExitCodes.Ok;
            }

            var created = AdminClient.Read<CreatedKeyResponse>(answer);
            if (parse.GetValue(quiet))
            {
                Console.Out.WriteLine(created.Key);
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine($"Created key \"{created.Name}\" (id {created.Id}{(created.ExpiresAt is { } e ? $", expires {Format.Time(e)}" : "")}).");
            Console.Out.WriteLine("Its secret, shown only this once:");
            Console.Out.WriteLine(created.Key);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListCommand(ConnectionOptions connection)
    {
        var json = JsonOption("Print the server's JSON answer instead of a table");
        var command = new Command("list", "List keys (never their secrets): status, models, expiry and limits") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var admin = new AdminClient(connection.Admin(parse));
            var answer = await admin.SendAsync(HttpMethod.Get, "api/admin/keys", null, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(AdminClient.Indented(answer));
                return ExitCodes.Ok;
            }

            var keys = AdminClient.Read<List<KeyResponse>>(answer);
            var console = Terminal.CreateOut();
            if (keys.Count == 0)
            {
                console.WriteLine("No keys yet; create one with 'warbler keys create --name NAME'.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("ID", "Name", "Prefix", "Status", "Models", "Created", "Expires", "Limits");
            var now = DateTimeOffset.UtcNow;
            foreach (var key in keys)
            {
                var status = key.RevokedAt is not null ? "revoked" : key.ExpiresAt <= now ? "expired" : "active";
                table.AddRow(
                    Cell(key.Id.ToString()),
                    Cell(key.Name),
                    Cell(key.Prefix),
                    Cell(status),
                    Cell(key.Models is { Count: > 0 } m ? string.Join(", ", m) : "all"),
                    Cell(Format.Time(key.CreatedAt)),
                    Cell(key.ExpiresAt is { } e ? Format.Time(e) : "never"),
                    Cell(Limits(key)));
            }

            console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeCommand(ConnectionOptions connection)
    {
        var id = new Argument<string>("id") { Description = "The key's ID, as 'warbler keys list' shows it" };
        id.Validators.Add(result =>
        {
            if (!Guid.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"The key ID must be a GUID as 'warbler keys list' shows it, not '{result.GetValueOrDefault<string>()}'.");
            }
        });
        var command = new Command("revoke", "Revoke a key at once: requests with it are refused from then on") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keyId = Guid.Parse(parse.GetValue(id)!);
            using var admin = new AdminClient(connection.Admin(parse));
            await admin.SendAsync(HttpMethod.Delete, $"api/admin/keys/{keyId}", null, cancellationToken);
            Console.Out.WriteLine($"Revoked key {keyId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    /// <summary><c>requestsPerMinute</c> → <c>--requests-per-minute</c>; <c>expiresAt</c> → <c>--expires</c>.</summary>
    private static string? FlagOf(string field)
    {
        if (field.Equals("expiresAt", StringComparison.OrdinalIgnoreCase))
        {
            return "--expires";
        }

        var flag = new System.Text.StringBuilder("--");
        foreach (var c in field)
        {
            if (char.IsUpper(c))
            {
                flag.Append('-').Append(char.ToLowerInvariant(c));
            }
            else
            {
                flag.Append(c);
            }
        }

        return flag.ToString();
    }

    private static string Limits(KeyResponse key)
    {
        var parts = new List<string>();
        void Add<T>(T? value, string label)
            where T : struct, IFormattable
        {
            if (value is { } v)
            {
                parts.Add($"{v.ToString(null, CultureInfo.InvariantCulture)} {label}");
            }
        }

        Add(key.RequestsPerMinute, "req/min");
        Add(key.TokensPerMinute, "tokens/min");
        Add(key.MaxConcurrentRequests, "concurrent");
        Add(key.TokenBudget, "tokens");
        Add(key.DailyTokenBudget, "tokens/day");
        Add(key.MonthlyTokenBudget, "tokens/month");
        Add(key.CostBudget, "cost");
        Add(key.DailyCostBudget, "cost/day");
        Add(key.MonthlyCostBudget, "cost/month");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static Markup Cell(string text) => new(Markup.Escape(text));
}
