using System.Globalization;
using System.Text;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>
/// One gateway shared by the tests of a class: a small body limit, one provider that serves
/// only <see cref="ServedModel"/> (so other models are unknown), and an ordinary key.
/// </summary>
public sealed class ValidationGateway : IAsyncLifetime
{
    public const int MaxRequestBodyBytes = 2048;

    public const string ServedModel = "fake-model";

    public GatewayHost Host { get; private set; } = null!;

    /// <summary>A non-admin key that may use every model.</summary>
    public string Key { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Host = await GatewayHost.StartAsync(configure: settings =>
        {
            settings["Gateway:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture);
            settings["Providers:primary:Models:0"] = ServedModel;
        });
        Key = await Host.CreateKeyAsync("validation tests");
    }

    public HttpClient CreateClient() => Host.CreateClient(Key);

    /// <summary>Posts <paramref name="json"/> exactly as written, as <c>application/json</c>.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string json) =>
        PostRawAsync(client, path, Encoding.UTF8.GetBytes(json));

    public static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return client.PostAsync(path, content);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
