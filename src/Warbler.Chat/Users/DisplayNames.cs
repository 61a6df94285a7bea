using Warbler.Data.Users;

namespace Warbler.Chat.Users;

internal static class DisplayNames
{
    /// <summary>Adds an error for <c>displayName</c> unless it is 1 to 100 characters once trimmed.</summary>
    public static void Validate(Dictionary<string, string[]> errors, string displayName)
    {
        var trimmed = displayName.Trim();
        if (trimmed.Length == 0 || trimmed.Length > UserLimits.DisplayNameMaxLength || trimmed.Any(char.IsControl))
        {
            errors["displayName"] = [$"A display name is 1 to {UserLimits.DisplayNameMaxLength} characters, without control characters."];
        }
    }
}
