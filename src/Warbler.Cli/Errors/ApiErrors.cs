using System.ClientModel;
using System.Net.Sockets;

namespace Warbler.Cli.Errors;

/// <summary>Turns an error answer or a failed connection into the one line and exit code the user sees.</summary>
internal static class ApiErrors
{
    /// <summary>An error answer; <c>keyName</c> says what 401/403 refused and where it came from, e.g. "gateway key (from WARBLER_API_KEY)".</summary>
    public static CliException FromAnswer(int status, string? body, Func<string, string?> header, string keyName)
    {
        var message = ErrorBody.Message(body);
        return status switch
        {
            401 => new CliException(ExitCodes.KeyRefused, $"The {keyName} was refused (401): {message}"),
            403 => new CliException(ExitCodes.KeyRefused, $"The {keyName} is not allowed to do this (403): {message}"),
            429 => new CliException(ExitCodes.RateLimited, $"Rate-limited (429): {message} {RetryHint.Describe(header, DateTimeOffset.UtcNow)}"),
            _ => new CliException(ExitCodes.Failure, $"The server answered {status}: {message}"),
        };
    }

    /// <summary>No answer from <paramref name="url"/>; <paramref name="urlNote"/> may say why the URL is what it is.</summary>
    public static CliException Unreachable(Uri url, Exception exception, string? urlNote = null)
    {
        var reason = Reason(exception);
        return new CliException(ExitCodes.Unreachable, $"Cannot reach the server at {url}: {reason}. Is it running, and is the URL right?{urlNote}", exception);
    }

    /// <summary>A failure of the OpenAI package against <paramref name="baseUrl"/>: an error answer, or no answer at all.</summary>
    public static CliException FromClientResult(ClientResultException exception, Uri baseUrl, string keyName, string? urlNote = null)
    {
        if (exception.GetRawResponse() is not { } response || exception.Status == 0)
        {
            return Unreachable(baseUrl, exception, urlNote);
        }

        string? body;
        try
        {
            body = response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            // A streamed answer that was not buffered.
            body = null;
        }

        return FromAnswer(response.Status, body, name => response.Headers.TryGetValue(name, out var value) ? value : null, keyName);
    }

    public static bool IsConnectionFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or IOException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Reason(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "host not found",
                    SocketError.TimedOut => "timed out",
                    _ => socket.Message.TrimEnd('.'),
                };
            }
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or TimeoutException or IOException)
            {
                return e.Message.TrimEnd('.');
            }
        }

        return exception.Message.TrimEnd('.');
    }
}
