using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Requests;

internal static class CheckedRequest
{
    /// <summary>
    /// Checks a body read by an endpoint and notes what it asks for on the request, so that even
    /// a refused request is accounted for under its model.
    /// </summary>
    public static RequestFields Scan(HttpContext context, RequestBody body, RequestShape shape, string? pathModel = null) =>
        Scan(context, body.Span, shape, pathModel);

    /// <summary>As <see cref="Scan(HttpContext, RequestBody, RequestShape, string?)"/>, for a body the endpoint made itself (a translated one).</summary>
    public static RequestFields Scan(HttpContext context, ReadOnlySpan<byte> body, RequestShape shape, string? pathModel = null)
    {
        var fields = RequestScanner.Scan(body, shape);
        if (pathModel is not null)
        {
            fields = fields with { Model = pathModel };
        }

        context.Features.Set(new GatewayCall { Model = fields.Model!, Stream = fields.Stream });
        return fields;
    }
}
