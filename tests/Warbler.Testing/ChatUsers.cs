using System.Net;
using System.Net.Http.Headers;

namespace Warbler.Testing;

/// <summary>Users of the chat API, registered and signed in the way a client does it.</summary>
public static class ChatUsers
{
    public const string Password = "correct horse battery";

    /// <summary>An email no other test uses.</summary>
    public static string NewEmail(string name = "user") => $"{name}-{Guid.NewGuid():N}@example.com";

    public static async Task RegisterAsync(this GatewayHost host, string email, string password = Password)
    {
        using var client = host.CreateClient(key: null);
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password });
        Assert.True(response.IsSuccessStatusCode, $"Registering {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Signs in for a bearer token, failing the test if that is refused.</summary>
    public static async Task<AccessTokens> LoginAsync(this GatewayHost host, string email, string password = Password)
    {
        using var client = host.CreateClient(key: null);
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Signing in {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AccessTokens>())!;
    }

    /// <summary>A client that sends the access token as its bearer token.</summary>
    public static HttpClient CreateClient(this GatewayHost host, AccessTokens tokens)
    {
        var client = host.CreateClient(key: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    /// <summary>Registers a new user and returns a client signed in as them with a bearer token.</summary>
    public static async Task<HttpClient> RegisterAndLoginAsync(this GatewayHost host, string email, string password = Password)
    {
        await host.RegisterAsync(email, password);
        return host.CreateClient(await host.LoginAsync(email, password));
    }

    /// <summary>Has the admin key create a user (an admin when <paramref name="admin"/>) and returns its id.</summary>
    public static async Task<Guid> CreateUserAsync(this GatewayHost host, string email, bool admin = false, string password = Password)
    {
        using var client = host.CreateAdminClient();
        using var response = await client.PostAsJsonAsync("/api/admin/users", new { email, password, admin });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CreatedUser>())!.Id;
    }

    /// <summary>A client signed in as a new user who has the admin role.</summary>
    public static async Task<HttpClient> CreateAdminUserClientAsync(this GatewayHost host)
    {
        var email = NewEmail("admin");
        await host.CreateUserAsync(email, admin: true);
        return host.CreateClient(await host.LoginAsync(email));
    }

    private sealed record CreatedUser(Guid Id);
}

/// <summary>The answer to <c>POST /api/auth/login</c> and <c>/refresh</c>.</summary>
public sealed record AccessTokens(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
