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
        keys.MapDelete("/{id:guid}", RevokeAsync);
        return admin;
    }

    private static async Task<IResult> CreateAsync(CreateKeyRequest request, KeyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (key, secret) = await store.CreateAsync(request.Name!.Trim(), request.Models ?? [], request.ExpiresAt, isAdmin: false, cancellationToken);
        var shown = KeyResponse.From(key);
        return TypedResults.Created(
            $"/api/admin/keys/{key.Id}",
            new CreatedKeyResponse(shown.Id, shown.Name, secret, shown.Prefix, shown.Models, shown.CreatedAt, shown.ExpiresAt));
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

    private static Dictionary<string, string[]> Validate(CreateKeyRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["A name is required, so you can tell keys apart."];
        }
        else if (request.Name.Trim().Length > ApiKeyLimits.NameMaxLength)
        {
            errors["name"] = [$"The name may be at most {ApiKeyLimits.NameMaxLength} characters."];
        }

        if (request.Models is { } models && (models.Count > MaxModels || models.Any(string.IsNullOrWhiteSpace)))
        {
            errors["models"] = [$"Models must be at most {MaxModels} non-empty names."];
        }

        if (request.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            errors["expiresAt"] = ["The expiry must be in the future."];
        }

        return errors;
    }
}
