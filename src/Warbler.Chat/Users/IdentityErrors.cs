using Microsoft.AspNetCore.Identity;

namespace Warbler.Chat.Users;

/// <summary>Identity's errors as a validation problem's fields: <c>password</c>, <c>email</c>.</summary>
internal static class IdentityErrors
{
    public static Dictionary<string, string[]> ByField(IdentityResult result) =>
        result.Errors
            .GroupBy(error => FieldOf(error.Code))
            .ToDictionary(group => group.Key, group => group.Select(error => error.Description).Distinct().ToArray());

    private static string FieldOf(string code) =>
        code.StartsWith("Password", StringComparison.Ordinal) ? "password"
        : code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) ? "email"
        : "user";
}
