using System.Security.Cryptography;

namespace Warbler.Server.Hosting;

/// <summary>Gives every request an id, returned as <c>x-request-id</c> and used in logs and error messages.</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "x-request-id";

    public Task InvokeAsync(HttpContext context)
    {
        var id = NewId();
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        return next(context);
    }

    private static string NewId()
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        return "req_" + Convert.ToHexStringLower(random);
    }
}
