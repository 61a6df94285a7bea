using System.Net.Http.Headers;
using Warbler.HostileInput.Tests.Inputs;

namespace Warbler.HostileInput.Tests.Server;

/// <summary>Sends generated requests exactly as generated (no escaping or tidying of the URL) and checks each answer.</summary>
public sealed class HostileClient(HostileServer server, InputCount count) : IDisposable
{
    private static readonly UriCreationOptions RawUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Sends <paramref name="request"/>, failing with the route, the input and the answer unless the answer keeps the rules.</summary>
    public async Task AssertAnswerKeepsTheRulesAsync(HostileRequest request, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(request, cancellationToken);
        count.Add(request.Route.Name, answer.Status);
        var fault = answer.Fault(request.ExpectedFormat, request.HeadersPastKestrelLimits);
        Assert.True(fault is null, $"{request.Route.Name} answered with {fault}.\nInput: {request}\nAnswer: {answer}");
    }

    public async Task<Answer> SendAsync(HostileRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Route.Method), new Uri(server.BaseAddress + request.PathAndQuery.TrimStart('/'), in RawUri));
        if (request.Route.Bearer is { } bearer && !request.OwnAuthorization)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body is { } body)
        {
            var content = new ByteArrayContent(body);
            if (request.ContentType is { } contentType)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            message.Content = content;
        }

        try
        {
            using var response = await _client.SendAsync(message, cancellationToken);
            return await Answer.ReadAsync(response, cancellationToken);
        }
        catch (HttpRequestException exception) when (request.Body is { Length: > 30 * 1024 * 1024 })
        {
            // Kestrel may answer 413 and close the connection before a body past its limit is all sent.
            _ = exception;
            return new Answer(413, null, "");
        }
    }

    public void Dispose() => _client.Dispose();
}
