using Microsoft.AspNetCore.Authorization;

namespace Warbler.Chat.Auth;

/// <summary>Why an authorization failed: the signed-in user no longer exists.</summary>
internal sealed class UserGoneReason(IAuthorizationHandler handler) : AuthorizationFailureReason(handler, "The signed-in user no longer exists.");
