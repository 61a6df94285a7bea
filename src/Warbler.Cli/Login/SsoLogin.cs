using System.Net.Http.Json;
using Warbler.Cli.Admin;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;
using Warbler.Contracts.Auth;
using Warbler.Contracts.Keys;
using Warbler.Contracts.Teams;
using Warbler.Contracts.Users;

namespace Warbler.Cli.Login;

/// <summary>
/// <c>warbler login --sso NAME</c>: listens on 127.0.0.1, has the browser sign in with the server's
/// provider, receives a one-time code on the loopback address and exchanges it (with the PKCE
/// verifier only this process knows) for the user's tokens, which it saves with the login.
/// </summary>
internal static class SsoLogin
{
    /// <summary>How long the browser has to come back.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(ServerUrl server, string provider, bool openBrowser, string path, SavedLogin? saved, CancellationToken cancellationToken)
    {
        var pkce = Pkce.Create();
        using var callback = new LoopbackCallback();
        var start = new Uri(server.Root,
            $"api/auth/sign-on/{Uri.EscapeDataString(provider)}/cli?port={callback.Port}&state={pkce.State}&challenge={pkce.Challenge}");
        using var http = new HttpClient { BaseAddress = server.Root, Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.UserAgent.Add(new System.Net.Http.Headers.ProductInfoHeaderValue("warbler-cli", "1"));
        await CheckProviderAsync(http, server.Root, provider, cancellationToken);

        var opened = openBrowser && BrowserLauncher.TryOpen(start);
        Console.Error.WriteLine(opened
            ? $"Signing in with {provider} in your browser. If it did not open, open this URL:\n{start}"
            : $"Open this URL in a browser to sign in with {provider}:\n{start}");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Wait);
        Dictionary<string, string> answer;
        try
        {
            answer = await callback.WaitAsync(pkce.State, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Failure, $"The browser did not come back within {Wait.TotalMinutes:0} minutes; nothing was saved.");
        }

        if (!answer.TryGetValue("code", out var code))
        {
            throw new CliException(ExitCodes.Failure, $"The sign-in with {provider} failed ({(answer.TryGetValue("error", out var error) ? error : "no code")}); the server's log says why. Nothing was saved.");
        }

        var tokens = await ExchangeAsync(http, server.Root, new SignOnTokenRequest(code, pkce.Verifier), cancellationToken);
        var user = await MeAsync(http, server.Root, tokens, cancellationToken);
        var earlier = saved is not null && server.IsSameAs(saved.Url) ? saved : null;
        var made = earlier?.ApiKey is null ? await TryMakeKeyAsync(http, server.Root, tokens, cancellationToken) : null;
        var login = new SavedLogin(
            server.Root.ToString(), earlier?.ApiKey ?? made?.Key, earlier?.AdminKey, tokens.AccessToken, tokens.RefreshToken, DateTimeOffset.UtcNow.AddSeconds(tokens.ExpiresIn), user.Email ?? user.DisplayName);
        ConfigFile.Save(path, login);
        Console.Out.WriteLine($"Logged in to {login.Url} as {user.DisplayName}{(user.Email is null ? "" : $" ({user.Email})")} with {provider}.");
        if (made is not null)
        {
            Console.Out.WriteLine($"Made a gateway key of yours for ask and chat, {made.Prefix}… ('{made.Name}'); it counts against your limits, and 'My keys' on the web app's Teams page revokes it.");
        }
        else if (login.ApiKey is null)
        {
            Console.Error.WriteLine("No gateway key could be made for ask and chat; pass one with --api-key, or save one with 'warbler login --api-key'.");
        }

        Console.Out.WriteLine($"Saved to {path}{(OperatingSystem.IsWindows() ? "" : " (readable only by you)")}; 'warbler logout' removes it.");
    }

    /// <summary>Names the server's providers when the one asked for is not among them, before a browser is opened for nothing.</summary>
    private static async Task CheckProviderAsync(HttpClient http, Uri root, string provider, CancellationToken cancellationToken)
    {
        var text = await SendAsync(http, root, new HttpRequestMessage(HttpMethod.Get, "api/auth/providers"), cancellationToken);
        var providers = AdminClient.Read<SignOnProvidersResponse>(text).Providers;
        if (!providers.Any(p => string.Equals(p.Name, provider, StringComparison.OrdinalIgnoreCase)))
        {
            throw CliException.Usage(providers.Count == 0
                ? $"{root} has no single sign-on provider."
                : $"{root} has no single sign-on provider '{provider}'; it has: {string.Join(", ", providers.Select(p => $"{p.Name} ({p.DisplayName})"))}.");
        }
    }

    private static async Task<AccessTokens> ExchangeAsync(HttpClient http, Uri root, SignOnTokenRequest request, CancellationToken cancellationToken)
    {
        var text = await SendAsync(http, root, new HttpRequestMessage(HttpMethod.Post, "api/auth/sign-on/token") { Content = JsonContent.Create(request, options: AdminClient.Json) }, cancellationToken);
        return AdminClient.Read<AccessTokens>(text);
    }

    /// <summary>
    /// A personal gateway key (<c>POST /api/me/keys</c>), so <c>ask</c> and <c>chat</c> work after a
    /// sign-on as after a login with a key. Null when the server would not make one: the login
    /// stands all the same.
    /// </summary>
    private static async Task<CreatedKeyResponse?> TryMakeKeyAsync(HttpClient http, Uri root, AccessTokens tokens, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/me/keys")
        {
            Content = JsonContent.Create(new CreateOwnedKeyRequest($"warbler CLI on {Environment.MachineName}"), options: AdminClient.Json),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        try
        {
            return AdminClient.Read<CreatedKeyResponse>(await SendAsync(http, root, request, cancellationToken));
        }
        catch (CliException exception)
        {
            Console.Error.WriteLine($"The server did not make a gateway key: {exception.Message}");
            return null;
        }
    }

    private static async Task<User> MeAsync(HttpClient http, Uri root, AccessTokens tokens, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return AdminClient.Read<User>(await SendAsync(http, root, request, cancellationToken));
    }

    private static async Task<string> SendAsync(HttpClient http, Uri root, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                throw ApiErrors.Unreachable(root, exception, null);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return response.IsSuccessStatusCode
                    ? text
                    : throw ApiErrors.FromAnswer((int)response.StatusCode, text, name => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null, "sign-on");
            }
        }
    }
}
