using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Data.Keys;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Admin;

/// <summary><c>/api/admin/keys</c>: create (the secret is shown once), list, revoke.</summary>
internal static class AdminKeysApi
{
    private const int MaxModels = 200;

    public static RouteGroupBuilder MapAdminKeys(this RouteGroupBuilder admin)
    {
        var keys = admin.MapGroup("/keys").WithTags("Admin: keys");
        keys.MapPost("/", CreateAsync);
        keys.MapGet("/", ListAsync);
        keys.MapPatch("/{id:guid}", UpdateAsync);
        keys.MapDelete("/{id:guid}", RevokeAsync);
        return admin;
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest request, KeyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Name, request.Models, request.ExpiresAt, time.GetUtcNow(), nameRequired: true);
        ValidateLimits(errors, request.RequestsPerMinute, request.TokensPerMinute, request.MaxConcurrentRequests, zeroRemoves: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var limits = new KeyLimits(request.RequestsPerMinute, request.TokensPerMinute, request.MaxConcurrentRequests);
        var (key, secret) = await store.CreateAsync(request.Name!.Trim(), request.Models ?? [], request.ExpiresAt, isAdmin: false, cancellationToken, limits);
        var shown = KeyResponse.From(key);
        return TypedResults.Created(
            $"/api/admin/keys/{key.Id}",
            new CreatedKeyResponse(shown.Id, shown.Name, secret, shown.Prefix, shown.Models, shown.CreatedAt, shown.ExpiresAt,
                shown.RequestsPerMinute, shown.TokensPerMinute, shown.MaxConcurrentRequests));
    }

    private static async Task<IResult> UpdateAsync(Guid id, UpdateKeyRequest request, KeyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Name, request.Models, request.ExpiresAt, time.GetUtcNow(), nameRequired: false);
        ValidateLimits(errors, request.RequestsPerMinute, request.TokensPerMinute, request.MaxConcurrentRequests, zeroRemoves: true);
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
        }, cancellationToken);
        return key is null
            ? TypedResults.Problem($"There is no live key {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Ok(KeyResponse.From(key));

        static int? Limit(int? requested, int? current) => requested switch
        {
            null => current,
            0 => null,
            _ => requested,
        };
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

    private static void ValidateLimits(Dictionary<string, string[]> errors, int? requestsPerMinute, int? tokensPerMinute, int? maxConcurrentRequests, bool zeroRemoves)
    {
        var lowest = zeroRemoves ? 0 : 1;
        foreach (var (name, value) in (ReadOnlySpan<(string, int?)>)[("requestsPerMinute", requestsPerMinute), ("tokensPerMinute", tokensPerMinute), ("maxConcurrentRequests", maxConcurrentRequests)])
        {
            if (value < lowest)
            {
                errors[name] = [zeroRemoves ? "A limit is 1 or more, or 0 to remove it." : "A limit is 1 or more; leave it out for none."];
            }
        }
    }
}
