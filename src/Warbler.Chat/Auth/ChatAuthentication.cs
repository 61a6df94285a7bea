using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Net.Http.Headers;
using Warbler.Chat.Identity;
using Warbler.Chat.Users;
using Warbler.Data;
using Warbler.Data.Users;
using Warbler.Gateway.Keys;

namespace Warbler.Chat.Auth;

/// <summary>Users (ASP.NET Core Identity: bearer tokens and cookies), the admin key as an admin, and the chat's policies.</summary>
internal static class ChatAuthentication
{
    /// <summary>Length over composition rules: any 8 characters or more (as NIST SP 800-63B advises).</summary>
    public const int MinPasswordLength = 8;

    public static IServiceCollection AddChatAuthentication(this IServiceCollection services)
    {
        services.AddIdentityApiEndpoints<WarblerUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = MinPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;

                // Identity's defaults, said out loud: 5 wrong passwords in a row lock the account for 5 minutes.
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<WarblerDbContext>()
            .AddUserManager<WarblerUserManager>()
            .AddErrorDescriber<WarblerIdentityErrorDescriber>();

        // Tokens and cookies are signed with Data Protection, whose key ring AddWarblerDatabase keeps
        // in the database: they outlive a restart and every node accepts them.
        services.AddAuthentication()
            .AddPolicyScheme(ChatAuthSchemes.User, "Warbler user", options => options.ForwardDefaultSelector = context =>
                HubAccessToken.IsSent(context) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(ChatAuthSchemes.AdminKey, null);

        // The hub's clients may send the token in the query (see HubAccessToken); the header wins when both are sent.
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, options => options.Events.OnMessageReceived = context =>
        {
            if (!context.Request.Headers.ContainsKey(HeaderNames.Authorization))
            {
                context.Token = HubAccessToken.Find(context.HttpContext);
            }

            return Task.CompletedTask;
        });

        // No default scheme: only endpoints whose policy names a scheme authenticate anyone, so
        // /v1 and /api/admin, which check keys themselves, cost nothing more and answer as before.
        services.Configure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = null;
            options.DefaultAuthenticateScheme = null;
            options.DefaultChallengeScheme = ChatAuthSchemes.User;
            options.DefaultForbidScheme = ChatAuthSchemes.User;
        });

        // An API answers 401 and 403; it does not redirect to a login page.
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "warbler.auth";
            options.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
        });

        var signedIn = new AuthorizationPolicyBuilder(ChatAuthSchemes.User).RequireAuthenticatedUser().AddRequirements(new ExistingUserRequirement()).Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(signedIn)
            .AddPolicy(ChatPolicies.SignedIn, signedIn)
            .AddPolicy(ChatPolicies.SignedInOrAdminKey, policy => policy
                .AddAuthenticationSchemes(ChatAuthSchemes.User, ChatAuthSchemes.AdminKey)
                .RequireAuthenticatedUser())
            .AddPolicy(ChatPolicies.Admin, policy => policy
                .AddAuthenticationSchemes(ChatAuthSchemes.User, ChatAuthSchemes.AdminKey)
                .RequireAuthenticatedUser()
                .AddRequirements(new AdminRequirement()));
        services.AddSingleton<IAuthorizationHandler, AdminRequirementHandler>();
        services.AddSingleton<IAuthorizationHandler, ExistingUserRequirementHandler>();
        services.AddScoped<IAdminUserCheck, SignedInAdminCheck>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DeletedUserChallenge>();
        return services;
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
