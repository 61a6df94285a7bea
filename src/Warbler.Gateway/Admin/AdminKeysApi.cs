using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Contracts.Keys;
using Warbler.Data;
using Warbler.Data.Keys;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Admin;

/// <summary><c>/api/admin/keys</c>: create (the secret is shown once), list, revoke.</summary>
internal static class AdminKeysApi
{
    private const int MaxModels = 200;

    public static RouteGroupBuilder MapAdminKeys(this RouteGroupBuilder admin)
    {
        var keys = admin.MapGroup("/keys").WithTags("Admin: keys");
        keys.MapPost("/", CreateAsync)
            .WithSummary("Create a gateway key")
            .WithDescription("Returns the secret (`wk-…`) once; only its prefix is shown afterwards.")
            .Produces<CreatedKeyResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        keys.MapGet("/", ListAsync)
            .WithSummary("List gateway keys")
            .Produces<List<KeyResponse>>();
        keys.MapPatch("/{id:guid}", UpdateAsync)
            .WithSummary("Change a key's name, models, expiry or limits")
            .Produces<KeyResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithSummary("Revoke a key")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest request, KeyStore store, PriceTable prices, WarblerDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Name, request.Models, request.ExpiresAt, time.GetUtcNow(), nameRequired: true);
        await KeyOwners.ValidateAsync(errors, db, request.OwnerUserId, request.TeamId, cancellationToken);
        ValidateLimits(errors, zeroRemoves: false, request.RequestsPerMinute, request.TokensPerMinute, request.MaxConcurrentRequests, request.TokenBudget, request.DailyTokenBudget, request.MonthlyTokenBudget);
        ValidateCostBudgets(errors, zeroRemoves: false, prices, request.CostBudget, request.DailyCostBudget, request.MonthlyCostBudget);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var limits = new KeyLimits(
            request.RequestsPerMinute, request.TokensPerMinute, request.MaxConcurrentRequests, request.TokenBudget, request.DailyTokenBudget, request.MonthlyTokenBudget,
            request.CostBudget, request.DailyCostBudget, request.MonthlyCostBudget);
        var (key, secret) = await store.CreateAsync(
            request.Name!.Trim(), request.Models ?? [], request.ExpiresAt, isAdmin: false, cancellationToken, limits, request.OwnerUserId, request.TeamId);
        return TypedResults.Created($"/api/admin/keys/{key.Id}", KeyResponses.Created(key, secret));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, UpdateKeyRequest request, KeyStore store, UsageQueries usage, IKeyLimiter limiter, PriceTable prices, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Name, request.Models, request.ExpiresAt, time.GetUtcNow(), nameRequired: false);
        ValidateLimits(errors, zeroRemoves: true, request.RequestsPerMinute, request.TokensPerMinute, request.MaxConcurrentRequests, request.TokenBudget, request.DailyTokenBudget, request.MonthlyTokenBudget);
        ValidateCostBudgets(errors, zeroRemoves: true, prices, request.CostBudget, request.DailyCostBudget, request.MonthlyCostBudget);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var key = await store.UpdateAsync(id, key =>
        {
            key.Name = request.Name?.Trim() ?? key.Name;
            key.Models = request.Models ?? key.Models;
            key.ExpiresAt = request.ExpiresAt?.UtcDateTime ?? key.ExpiresAt;
            key.RequestsPerMinute = Limit(request.RequestsPerMinute, key.RequestsPerMinute);
            key.TokensPerMinute = Limit(request.TokensPerMinute, key.TokensPerMinute);
            key.MaxConcurrentRequests = Limit(request.MaxConcurrentRequests, key.MaxConcurrentRequests);
            key.TokenBudget = Limit(request.TokenBudget, key.TokenBudget);
            key.DailyTokenBudget = Limit(request.DailyTokenBudget, key.DailyTokenBudget);
            key.MonthlyTokenBudget = Limit(request.MonthlyTokenBudget, key.MonthlyTokenBudget);
            key.CostBudget = Limit(request.CostBudget, key.CostBudget);
            key.DailyCostBudget = Limit(request.DailyCostBudget, key.DailyCostBudget);
            key.MonthlyCostBudget = Limit(request.MonthlyCostBudget, key.MonthlyCostBudget);
        }, cancellationToken);
        if (key is null)
        {
            return TypedResults.Problem($"There is no live key {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        // A budget counts what the key has already used.
        if (request.TokenBudget is not null || request.DailyTokenBudget is not null || request.MonthlyTokenBudget is not null ||
            request.CostBudget is not null || request.DailyCostBudget is not null || request.MonthlyCostBudget is not null)
        {
            var spent = (await usage.SpendingAsync(time.GetUtcNow(), key.Id, cancellationToken)).SingleOrDefault();
            await limiter.SetSpendingAsync(spent ?? new KeySpending(key.Id, 0, 0, 0), replace: true, cancellationToken);
        }

        return TypedResults.Ok(KeyResponse.From(key));

        static T? Limit<T>(T? requested, T? current)
            where T : struct, System.Numerics.INumber<T> =>
            requested is not { } value ? current : T.IsZero(value) ? null : value;
    }

    private static async Task<IResult> ListAsync(KeyStore store, CancellationToken cancellationToken)
    {
        var keys = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(keys.Select(KeyResponse.From).ToList());
    }

    private static async Task<IResult> RevokeAsync(Guid id, KeyStore store, CancellationToken cancellationToken) =>
        await store.RevokeAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"There is no key {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static Dictionary<string, string[]> Validate(string? name, List<string>? models, DateTimeOffset? expiresAt, DateTimeOffset now, bool nameRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name))
        {
            if (nameRequired || name is not null)
            {
                errors["name"] = ["A name is required, so you can tell keys apart."];
            }
        }
        else if (name.Trim().Length > ApiKeyLimits.NameMaxLength)
        {
            errors["name"] = [$"The name may be at most {ApiKeyLimits.NameMaxLength} characters."];
        }

        if (models is not null && (models.Count > MaxModels || models.Any(string.IsNullOrWhiteSpace)))
        {
            errors["models"] = [$"Models must be at most {MaxModels} non-empty names."];
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            errors["expiresAt"] = ["The expiry must be in the future."];
        }

        return errors;
    }

    private static void ValidateCostBudgets(
        Dictionary<string, string[]> errors, bool zeroRemoves, PriceTable prices, decimal? costBudget, decimal? dailyCostBudget, decimal? monthlyCostBudget)
    {
        foreach (var (name, value) in (ReadOnlySpan<(string, decimal?)>)[
            ("costBudget", costBudget), ("dailyCostBudget", dailyCostBudget), ("monthlyCostBudget", monthlyCostBudget)])
        {
            if (value < 0 || (value == 0 && !zeroRemoves))
            {
                errors[name] = [zeroRemoves ? "A budget is more than 0, or 0 to remove it." : "A budget is more than 0; leave it out for none."];
            }
            else if (value > ApiKeyLimits.MaxCostBudget)
            {
                errors[name] = [$"A budget is at most {ApiKeyLimits.MaxCostBudget}."];
            }
            else if (value > 0 && prices.IsEmpty)
            {
                errors[name] = [$"A cost budget needs prices: set {PricingOptions.SectionName}:Models in the server's configuration first."];
            }
        }
    }

    private static void ValidateLimits(
        Dictionary<string, string[]> errors, bool zeroRemoves, int? requestsPerMinute, int? tokensPerMinute, int? maxConcurrentRequests,
        long? tokenBudget, long? dailyTokenBudget, long? monthlyTokenBudget)
    {
        var lowest = zeroRemoves ? 0 : 1;
        foreach (var (name, value) in (ReadOnlySpan<(string, long?)>)[
            ("requestsPerMinute", requestsPerMinute), ("tokensPerMinute", tokensPerMinute), ("maxConcurrentRequests", maxConcurrentRequests),
            ("tokenBudget", tokenBudget), ("dailyTokenBudget", dailyTokenBudget), ("monthlyTokenBudget", monthlyTokenBudget)])
        {
            if (value < lowest)
            {
                errors[name] = [zeroRemoves ? "A limit is 1 or more, or 0 to remove it." : "A limit is 1 or more; leave it out for none."];
            }
        }
    }
}
