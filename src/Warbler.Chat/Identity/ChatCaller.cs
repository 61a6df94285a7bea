using System.Security.Claims;

namespace Warbler.Chat.Identity;

/// <summary>Who is calling the chat API: the signed-in user's id, from the claims Identity issued.</summary>
public static class ChatCaller
{
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : throw new InvalidOperationException("The chat API was reached without a signed-in user.");
}
