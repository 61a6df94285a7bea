using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;
using Warbler.Cli.Output;
using Warbler.Contracts.Usage;

namespace Warbler.Cli.Admin;

/// <summary><c>warbler usage</c>: <c>GET /api/admin/usage</c> as a table.</summary>
internal static class UsageCommand
{
    private static readonly string[] Groupings = ["day", "key", "model", "provider", "user"];

    public static Command Create(ConnectionOptions connection)
    {
        var from = Time("--from", "Start of the period: a date or a UTC date and time (default: 30 days before --to)");
        var to = Time("--to", "End of the period (default: now)");
        var groupBy = new Option<string?>("--group-by", "-g")
        {
            Description = "One row per day, key, model, provider or user",
            HelpName = "day|key|model|provider|user",
        };
        groupBy.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !Groupings.Contains(value))
            {
                result.AddError($"--group-by must be one of {string.Join(", ", Groupings)}, not '{value}'.");
            }
        });
        var key = Id("--key", "Only this key's usage (its ID, as 'warbler keys list' shows it)");
        var user = Id("--user", "Only what bots answered for this user (their ID)");
        var model = new Option<string?>("--model") { Description = "Only this model's usage", HelpName = "name" };
        var json = KeysCommand.JsonOption("Print the server's JSON answer instead of a table");

        var command = new Command("usage", "Tokens, requests and cost over a period, optionally grouped (needs the admin key)")
        {
            from, to, groupBy, key, user, model, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (value is not null)
                {
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
                }
            }

            Add("from", parse.GetValue(from)?.ToString("O", CultureInfo.InvariantCulture));
            Add("to", parse.GetValue(to)?.ToString("O", CultureInfo.InvariantCulture));
            Add("groupBy", parse.GetValue(groupBy));
            Add("keyId", parse.GetValue(key)?.ToString());
            Add("userId", parse.GetValue(user)?.ToString());
            Add("model", parse.GetValue(model));

            using var admin = new AdminClient(connection.Admin(parse))
            {
                FlagOf = field => field switch { "from" => "--from", "to" => "--to", "groupBy" => "--group-by", _ => null },
            };
            var answer = await admin.SendAsync(HttpMethod.Get, "api/admin/usage" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), null, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(AdminClient.Indented(answer));
                return ExitCodes.Ok;
            }

            var report = AdminClient.Read<UsageReport>(answer);
            var console = Terminal.CreateOut();
            console.WriteLine($"Usage from {Format.Time(report.From)} to {Format.Time(report.To)}{(report.GroupBy is { } g ? $", by {g}" : "")}:");
            var table = new Table()
                .AddColumn(report.GroupBy is { } by ? char.ToUpperInvariant(by[0]) + by[1..] : "Period")
                .AddColumn(new TableColumn("Requests").RightAligned())
                .AddColumn(new TableColumn("Prompt tokens").RightAligned())
                .AddColumn(new TableColumn("Completion tokens").RightAligned())
                .AddColumn(new TableColumn("Total tokens").RightAligned())
                .AddColumn(new TableColumn("Cost").RightAligned());
            foreach (var group in report.Groups)
            {
                AddRow(table, group.Group.Length == 0 ? "(none)" : group.Group, group.Totals);
            }

            AddRow(table, "Total", report.Totals);
            console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void AddRow(Table table, string label, UsageTotals totals) => table.AddRow(
        Markup.Escape(label),
        Format.Number(totals.Requests),
        Format.Number(totals.PromptTokens),
        Format.Number(totals.CompletionTokens),
        Format.Number(totals.TotalTokens),
        Format.Money(totals.Cost));

    private static Option<Guid?> Id(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "id",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Guid.TryParse(text, out var id))
            {
                return id;
            }

            result.AddError($"{name} must be an ID such as 0197a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b, not '{text}'.");
            return null;
        },
    };

    private static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "when",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time;
            }

            result.AddError($"{name} must be a date such as 2026-01-31 or a date and time such as 2026-01-31T12:00:00Z, not '{text}'.");
            return null;
        },
    };
}
