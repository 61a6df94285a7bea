using System.Net;
using System.Text.Json;
using Warbler.Gateway.Tests.ChatCompletions;

namespace Warbler.Gateway.Tests.Providers;

/// <summary>Calls to <c>/api/admin/providers</c> and to <c>/v1</c> shared by the provider tests.</summary>
internal static class ProvidersAdmin
{
    public const string Path = "/api/admin/providers";

    /// <summary>Adds a provider, failing the test unless it is created; returns the answer's JSON.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync(Path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return Parse(text);
    }

    public static async Task<JsonElement> GetAsync(HttpClient admin, string name) => Parse(await admin.GetStringAsync($"{Path}/{name}"));

    public static async Task<JsonElement> ListAsync(HttpClient admin) => Parse(await admin.GetStringAsync(Path));

    /// <summary>Changes a provider, failing the test unless the change is accepted; returns the answer's JSON.</summary>
    public static async Task<JsonElement> PatchAsync(HttpClient admin, string name, object body)
    {
        using var response = await admin.PatchAsJsonAsync($"{Path}/{name}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return Parse(text);
    }

    public static Task<HttpResponseMessage> TestAsync(HttpClient admin, string name) => admin.PostAsync($"{Path}/{name}/test", null);

    public static async Task<(HttpStatusCode Status, string Body)> ChatAsync(HttpClient client, string model, bool stream = false)
    {
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(stream: stream, model: model));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<List<string>> ModelIdsAsync(HttpClient client)
    {
        var list = Parse(await client.GetStringAsync("/v1/models"));
        return list.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
