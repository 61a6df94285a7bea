using Warbler.Contracts.Teams;
using Warbler.Data.Keys;

namespace Warbler.Chat.Teams;

internal static class OwnedKeyRequests
{
    private const int MaxModels = 200;

    public static Dictionary<string, string[]> Validate(CreateOwnedKeyRequest request, DateTimeOffset now)
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

        if (request.ExpiresAt is { } expiry && expiry <= now)
        {
            errors["expiresAt"] = ["The expiry must be in the future."];
        }

        return errors;
    }
}
