using System.Net;

namespace Warbler.Testing.SignOn;

/// <summary>
/// A browser without a screen for sign-on tests: it follows redirects by hand between Warbler (an
/// in-memory test server or a real port) and the identity provider (a real port), and keeps each
/// site's cookies, so a test can stop before a step, replay one or tamper with it.
/// </summary>
public sealed class SignOnBrowser : IDisposable
{
    private readonly HttpClient _warbler;
    private readonly HttpClient _web = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <param name="warbler">A client of Warbler that does not follow redirects (its base address is Warbler's).</param>
    public SignOnBrowser(HttpClient warbler)
    {
        _warbler = warbler;
        Warbler = warbler.BaseAddress ?? throw new ArgumentException("The client needs a base address.", nameof(warbler));
    }

    public Uri Warbler { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The body of the last page that was not a redirect, for a test's failure message.</summary>
    public string LastBody { get; private set; } = "";

    /// <summary>Goes to <paramref name="url"/> and follows redirects until one leads where <paramref name="stopBefore"/> says (not visited), or a page that is not a redirect.</summary>
    /// <returns>The last URL reached (or the one not visited) and the last answer's status.</returns>
    public async Task<(Uri Url, HttpStatusCode Status)> GoAsync(Uri url, Func<Uri, bool>? stopBefore = null, string? cookieHeader = null)
    {
        for (var hops = 0; hops < 20; hops++)
        {
            using var response = await GetAsync(url, cookieHeader);
            cookieHeader = null;
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                LastBody = await response.Content.ReadAsStringAsync();
                return (url, response.StatusCode);
            }

            url = new Uri(url, location);
            if (stopBefore?.Invoke(url) == true)
            {
                return (url, response.StatusCode);
            }
        }

        throw new InvalidOperationException("More than 20 redirects.");
    }

    /// <summary>Starts a sign-on at Warbler's <paramref name="path"/> and stops before the provider's answer reaches Warbler's callback.</summary>
    public async Task<Uri> ToCallbackAsync(string path)
    {
        var (url, status) = await GoAsync(new Uri(Warbler, path), IsCallback);
        Assert.True(IsCallback(url), $"The sign-on ended at {url} ({(int)status}) before reaching the callback: {LastBody}");
        return url;
    }

    /// <summary>A sign-on from start to where Warbler sends the browser at the end: a page of the web app (such as <c>/?signOnError=failed</c>).</summary>
    public async Task<Uri> SignOnAsync(string path) => (await GoAsync(new Uri(Warbler, path), IsLanding)).Url;

    /// <summary>The cookies the browser would send to <paramref name="url"/> now: to replay a step later with the same ones.</summary>
    public string CookieHeaderFor(Uri url) => Cookies.GetCookieHeader(url);

    public async Task<HttpResponseMessage> GetAsync(Uri url, string? cookieHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var cookies = cookieHeader ?? Cookies.GetCookieHeader(url);
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var response = await (url.Authority == Warbler.Authority ? _warbler : _web).SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(url, setCookie);
            }
        }

        return response;
    }

    public bool IsCallback(Uri url) => url.Authority == Warbler.Authority && url.AbsolutePath.EndsWith("/callback", StringComparison.Ordinal);

    /// <summary>A page of Warbler that is not part of the sign-on (a loopback URL of the command-line tool counts too).</summary>
    public bool IsLanding(Uri url) =>
        (url.Authority == Warbler.Authority && !url.AbsolutePath.StartsWith("/api/auth/sign-on", StringComparison.Ordinal))
        || (url.IsLoopback && url.AbsolutePath == "/callback" && url.Authority != Warbler.Authority);

    public void Dispose() => _web.Dispose();
}
