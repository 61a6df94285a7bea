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

    private const int IdBytes = 12;

    /// <summary>Random bytes for this thread's next ids: one call into the system's generator serves 32 requests.</summary>
    [ThreadStatic]
    private static byte[]? _random;

    [ThreadStatic]
    private static int _used;

    private static string NewId()
    {
        var random = _random ??= new byte[IdBytes * 32];
        if (_used == 0 || _used == random.Length)
        {
            RandomNumberGenerator.Fill(random);
            _used = 0;
        }

        var id = "req_" + Convert.ToHexStringLower(random.AsSpan(_used, IdBytes));
        _used += IdBytes;
        return id;
    }
}
