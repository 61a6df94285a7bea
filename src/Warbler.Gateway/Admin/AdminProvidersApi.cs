using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Contracts.Providers;
using Warbler.Data.Providers;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Models;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Admin;

/// <summary>
/// <c>/api/admin/providers</c>: list every provider, add, change and remove stored ones (in force
/// for the next request), and test any of them with a real call. Keys are taken, never shown.
/// </summary>
internal static partial class AdminProvidersApi
{
    public static RouteGroupBuilder MapAdminProviders(this RouteGroupBuilder admin)
    {
        var providers = admin.MapGroup("/providers").WithTags("Admin: providers");
        providers.MapGet("/", List)
            .WithSummary("List providers")
            .WithDescription("Configured, stored and demo providers; API keys are never shown.")
            .Produces<List<ProviderResponse>>();
        providers.MapGet("/{name}", Get)
            .WithSummary("Get a provider")
            .Produces<ProviderResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        providers.MapPost("/", CreateAsync)
            .WithSummary("Add a provider")
            .WithDescription("In force for the next request.")
            .Produces<ProviderResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        providers.MapPatch("/{name}", UpdateAsync)
            .WithSummary("Change a stored provider")
            .Produces<ProviderResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        providers.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Remove a stored provider")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        providers.MapPost("/{name}/test", TestAsync)
            .WithSummary("Test a provider with a real call")
            .WithDescription("Always 200; the body says how the call went.")
            .Produces<ProviderTestResponse>();
        return admin;
    }

    private static IResult List(ProviderRegistry registry) =>
        TypedResults.Ok(registry.Snapshot.Entries.Select(ToResponse).ToList());

    private static IResult Get(string name, ProviderRegistry registry) =>
        registry.Snapshot.Find(name) is { } entry ? TypedResults.Ok(ToResponse(entry)) : NotFound(name);

    private static async Task<IResult> CreateAsync(
        HttpRequest http, ProviderRegistry registry, ProviderStore store, IOptions<GatewayOptions> gateway, ILogger<ProviderRegistry> logger, CancellationToken cancellationToken)
    {
        var (request, problem) = await AdminJson.ReadAsync<CreateProviderRequest>(http, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        var name = request.Name ?? "";
        CheckName(name, errors);
        var options = new ProviderOptions();
        ProviderFields.Apply(request, options, errors);
        CheckRules(name, options, gateway.Value, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        ProviderDefinition? added;
        using (await registry.LockChangesAsync(cancellationToken))
        {
            if (registry.IsConfigured(name))
            {
                return NameTaken(name, "configuration defines a provider of that name");
            }

            added = await store.AddAsync(name, options, request.Enabled ?? true, cancellationToken);
        }

        if (added is null)
        {
            return NameTaken(name, "a stored provider has that name");
        }

        GatewayLog.ProviderAdded(logger, added.Name, added.Options.Kind);
        return TypedResults.Created($"/api/admin/providers/{Uri.EscapeDataString(added.Name)}", ToResponse(FindOrDetached(registry, added)));
    }

    private static async Task<IResult> UpdateAsync(
        string name, HttpRequest http, ProviderRegistry registry, ProviderStore store, IOptions<GatewayOptions> gateway, ILogger<ProviderRegistry> logger,
        CancellationToken cancellationToken)
    {
        var (request, problem) = await AdminJson.ReadAsync<UpdateProviderRequest>(http, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        if (request.Name is not null && !request.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        {
            return AdminJson.Invalid("name", "A provider cannot be renamed: add one under the new name and delete this one.");
        }

        ProviderDefinition? updated;
        using (await registry.LockChangesAsync(cancellationToken))
        {
            if (Unchangeable(name, registry) is { } refused)
            {
                return refused;
            }

            var current = await store.FindAsync(name, cancellationToken);
            if (current is null)
            {
                return NotFound(name);
            }

            var errors = new Dictionary<string, string[]>();
            var options = StoredProviderSettings.Copy(current.Options);
            var keyChanged = ProviderFields.Apply(request, options, errors);
            CheckRules(current.Name, options, gateway.Value, errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            updated = await store.UpdateAsync(current with { Options = options, Enabled = request.Enabled ?? current.Enabled }, keyChanged, cancellationToken);
        }

        if (updated is null)
        {
            return NotFound(name);
        }

        GatewayLog.ProviderUpdated(logger, updated.Name, updated.Options.Kind);
        return TypedResults.Ok(ToResponse(FindOrDetached(registry, updated)));
    }

    private static async Task<IResult> DeleteAsync(string name, ProviderRegistry registry, ProviderStore store, ILogger<ProviderRegistry> logger, CancellationToken cancellationToken)
    {
        ProviderDefinition? removed;
        using (await registry.LockChangesAsync(cancellationToken))
        {
            if (Unchangeable(name, registry) is { } refused)
            {
                return refused;
            }

            removed = await store.DeleteAsync(name, cancellationToken);
        }

        if (removed is null)
        {
            return NotFound(name);
        }

        GatewayLog.ProviderRemoved(logger, removed.Name, removed.Options.Kind);
        return TypedResults.NoContent();
    }

    /// <summary>A real call to the provider, whether it is in force or not; the answer is always 200 and says how it went.</summary>
    private static async Task<IResult> TestAsync(string name, ProviderRegistry registry, ProviderProbe probe, CancellationToken cancellationToken)
    {
        if (registry.Snapshot.Find(name) is not { } entry)
        {
            return NotFound(name);
        }

        var (definition, live) = entry;
        if (definition.Problem is not null)
        {
            return TypedResults.Ok(new ProviderTestResponse(false, null, 0, null, definition.Problem));
        }

        ProbeResult result;
        if (live is not null)
        {
            result = await probe.ProbeAsync(live, cancellationToken);
        }
        else
        {
            using var detached = registry.CreateDetached(definition);
            result = await probe.ProbeAsync(detached, cancellationToken);
        }

        return TypedResults.Ok(new ProviderTestResponse(result.Ok, result.Status, result.LatencyMs, result.Models, result.Error));
    }

    /// <summary>Configuration and demo providers are not changed through the API.</summary>
    private static IResult? Unchangeable(string name, ProviderRegistry registry)
    {
        if (registry.IsConfigured(name))
        {
            return TypedResults.Problem(
                $"The provider '{name}' is defined in configuration (the Providers section or OPENAI_API_KEY); change it there and restart the server.",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        if (ProviderRules.IsReservedName(name))
        {
            return TypedResults.Problem(
                $"'{DemoProvider.Name}' is the built-in demo provider; it cannot be changed, and it steps aside by itself once another provider exists.",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        return null;
    }

    private static void CheckName(string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Add(errors, "name", "name is required.");
        }
        else if (name.Length > StoredProviderLimits.NameMaxLength)
        {
            Add(errors, "name", $"name may be at most {StoredProviderLimits.NameMaxLength} characters.");
        }
        else if (!NamePattern().IsMatch(name))
        {
            Add(errors, "name", "name may contain only letters, digits, '-', '_' and '.'.");
        }
    }

    /// <summary>The rules configuration follows too, and what only the API refuses: link-local hosts and credentials in the URL.</summary>
    private static void CheckRules(string name, ProviderOptions options, GatewayOptions gateway, Dictionary<string, string[]> errors)
    {
        foreach (var violation in ProviderRules.Check(name, options, options.ApiKey))
        {
            Add(errors, violation.Field, violation.Setting.Length == 0 ? Capitalize(violation.Problem) : $"{violation.Field} {violation.Problem}");
        }

        if (ProviderRules.IsHttpUrl(ProviderRules.BaseUrlOf(options), out var uri))
        {
            if (!gateway.AllowLinkLocalProviderUrls && ProviderRules.HasLinkLocalHost(uri))
            {
                Add(errors, "baseUrl", $"baseUrl points at a link-local or cloud metadata address, which is refused unless {GatewayOptions.SectionName}:AllowLinkLocalProviderUrls is true.");
            }

            if (uri.UserInfo.Length > 0)
            {
                Add(errors, "baseUrl", "baseUrl must not hold a user name or password; give the provider's key as apiKey.");
            }
        }
    }

    private static ProviderResponse ToResponse(ProviderEntry entry)
    {
        var (definition, live) = entry;
        var options = definition.Options;
        var azure = options.Kind == ProviderKind.Azure;
        return new ProviderResponse(
            definition.Name,
            definition.Source switch
            {
                ProviderSource.Configuration => "configuration",
                ProviderSource.Database => "database",
                _ => "demo",
            },
            options.Kind.ToString(),
            DisplayUrl(ProviderRules.BaseUrlOf(options)),
            options.Models,
            options.Aliases,
            options.Priority,
            options.Weight,
            azure ? options.ApiVersion : null,
            azure ? options.Deployments : null,
            options.LegacyCompletions.ToString(),
            new ProviderTimeoutsResponse(options.Timeouts.Connect, options.Timeouts.FirstByte, options.Timeouts.Idle, options.Timeouts.Total),
            definition.Enabled,
            definition.HasApiKey,
            Health(definition, live),
            definition.CreatedAt,
            definition.UpdatedAt)
        {
            Responses = options.Responses.ToString(),
        };
    }

    private static ProviderHealthResponse Health(ProviderDefinition definition, Provider? live)
    {
        if (live is null)
        {
            return new ProviderHealthResponse("disabled", definition.Problem, null, null);
        }

        var health = live.Health;
        var coolingDown = health.IsCoolingDown;
        return new ProviderHealthResponse(coolingDown ? "cooling_down" : "healthy", health.LastError, health.LastErrorAt, coolingDown ? health.CoolingDownUntil : null);
    }

    /// <summary>The entry in force for a provider just saved; another change may already have replaced it.</summary>
    private static ProviderEntry FindOrDetached(ProviderRegistry registry, ProviderDefinition definition) =>
        registry.Snapshot.Find(definition.Name) is { Definition.Source: ProviderSource.Database } entry ? entry : new ProviderEntry(definition, null);

    /// <summary>A configured URL could carry a user name and password; they are not shown.</summary>
    private static string DisplayUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url ?? "";

    private static IResult NotFound(string name) =>
        TypedResults.Problem($"There is no provider '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static IResult NameTaken(string name, string reason) => TypedResults.Problem(
        $"The name '{name}' is taken: {reason}. Names are compared without regard to case.",
        statusCode: StatusCodes.Status409Conflict,
        title: "Conflict",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["name"] = [$"name '{name}' is taken: {reason}."] } });

    private static void Add(Dictionary<string, string[]> errors, string field, string message) => ProviderFields.AddError(errors, field, message);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NamePattern();
}
