using System.Net;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>Checks that a response is OpenAI's error JSON with the expected status.</summary>
internal static class OpenAIErrorAssert
{
    /// <summary>
    /// Fails unless the status is <paramref name="status"/> and the body is
    /// <c>{"error":{"message","type","param","code"}}</c> with a message worth reading.
    /// </summary>
    public static async Task<OpenAIErrorBody> IsErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(string.IsNullOrWhiteSpace(error.Type));
        return error;
    }

    /// <summary>A 400 <c>invalid_request_error</c> naming <paramref name="param"/> (null for a body that is not valid JSON at all).</summary>
    public static async Task<OpenAIErrorBody> IsBadRequestAsync(HttpResponseMessage response, string? param)
    {
        var error = await IsErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(param, error.Param);
        return error;
    }
}
