using System.Net;

namespace Warbler.Client.Errors;

/// <summary>
/// Warbler refused a call: the HTTP status, and what the server said in its ProblemDetails answer
/// (title, detail, and for a 400 the fields that were wrong). A server that cannot be reached
/// throws <see cref="HttpRequestException"/> instead.
/// </summary>
public sealed class WarblerApiException : Exception
{
    /// <summary>Creates the exception for a refused call.</summary>
    /// <param name="statusCode">The HTTP status of the answer.</param>
    /// <param name="title">The problem's title, such as <c>Not found</c>.</param>
    /// <param name="detail">What went wrong, in words for people.</param>
    /// <param name="errors">For a validation problem, the messages by field name.</param>
    /// <param name="retryAfter">For 429 and 503, how long the server asked to wait.</param>
    public WarblerApiException(
        HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null, TimeSpan? retryAfter = null)
        : base(Describe(statusCode, title, detail, errors))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>();
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the answer, such as 400, 401, 404, 409 or 429.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title, such as <c>Not found</c>, when the server gave one.</summary>
    public string? Title { get; }

    /// <summary>What went wrong, in words for people, when the server said.</summary>
    public string? Detail { get; }

    /// <summary>For a validation problem (400), the messages by field name, such as <c>text</c>; empty otherwise.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>How long the server asked to wait before trying again (<c>Retry-After</c>, sent with 429).</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        var text = $"Warbler answered {(int)statusCode} {title ?? statusCode.ToString()}";
        if (!string.IsNullOrWhiteSpace(detail))
        {
            text += $": {detail}";
        }

        if (errors is { Count: > 0 })
        {
            text += " " + string.Join(" ", errors.Select(field => $"{field.Key}: {string.Join(" ", field.Value)}"));
        }

        return text;
    }
}
