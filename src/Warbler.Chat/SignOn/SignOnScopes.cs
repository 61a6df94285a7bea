namespace Warbler.Chat.SignOn;

internal static class SignOnScopes
{
    public static IReadOnlyList<string> Split(string? scopes) =>
        (scopes ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
