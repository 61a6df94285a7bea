using Microsoft.AspNetCore.Authorization;

namespace Warbler.Gateway.Auth;

/// <summary>
/// The caller is an admin now. The gateway's handler accepts the admin key; the chat, which knows
/// users, registers a handler of its own for users with the admin role.
/// </summary>
public sealed class AdminRequirement : IAuthorizationRequirement;
