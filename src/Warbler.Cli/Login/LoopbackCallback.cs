using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Warbler.Cli.Login;

/// <summary>
/// Where the browser comes back after a single sign-on: a listener on 127.0.0.1 and a port the
/// system picks, answering the one request to <c>/callback</c> that carries the expected state.
/// </summary>
internal sealed class LoopbackCallback : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public LoopbackCallback() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Waits for <c>/callback?…&amp;state=<paramref name="state"/></c> and returns its query; other requests (a favicon) get a 404.</summary>
    public async Task<Dictionary<string, string>> WaitAsync(string state, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(cancellationToken) ?? "";
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(cancellationToken)))
            {
                // The headers are not needed.
            }

            var target = requestLine.Split(' ') is [_, var path, ..] ? path : "";
            var query = target.StartsWith("/callback?", StringComparison.Ordinal)
                ? ParseQuery(target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..])
                : null;
            if (query is null || !query.TryGetValue("state", out var returned) || returned != state)
            {
                await AnswerAsync(stream, 404, "Not a sign-in callback of this warbler login.", cancellationToken);
                continue;
            }

            var done = query.ContainsKey("code");
            await AnswerAsync(stream, 200, done ? "Signed in: you can close this tab and go back to the terminal." : "The sign-in failed: see the terminal.", cancellationToken);
            return query;
        }
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.Split('=', 2) is [var n, var v] ? (n, v) : (pair, "");
            values.TryAdd(Uri.UnescapeDataString(name.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' ')));
        }

        return values;
    }

    private static async Task AnswerAsync(Stream stream, int status, string text, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><meta charset=\"utf-8\"><title>warbler login</title><p>{WebUtility.HtmlEncode(text)}</p>\n");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    public void Dispose() => _listener.Stop();
}
