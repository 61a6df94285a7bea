using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Requests;

internal static class CheckedRequest
{
    /// <summary>
    /// Checks a body read by an endpoint and notes what it asks for on the request, so that even
    /// a refused request is accounted for under its model.
    /// </summary>
    public static RequestFields Scan(HttpContext context, RequestBody body, RequestShape shape, string? pathModel = null)
    {
        var fields = RequestScanner.Scan(body.Span, shape);
        if (pathModel is not null)
        {
            fields = fields with { Model = pathModel };
        }

        context.Features.Set(new GatewayCall { Model = fields.Model!, Stream = fields.Stream });
        return fields;
    }
}
