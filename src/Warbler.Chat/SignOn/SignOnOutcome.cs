using Warbler.Data.Users;

namespace Warbler.Chat.SignOn;

/// <summary>A sign-on's result: the user to sign in, or the error code to show (see <see cref="SignOnErrors"/>).</summary>
internal sealed record SignOnOutcome(WarblerUser? User, string? Error)
{
    public static SignOnOutcome Refused(string error) => new(null, error);
}
