namespace Warbler.Gateway.Keys;

public static class CallerKeyHttpContextExtensions
{
    private static readonly object ItemKey = new();

    public static void SetCallerKey(this HttpContext context, CallerKey key) => context.Items[ItemKey] = key;

    /// <summary>The key that authenticated this request; set by the gateway's key filter.</summary>
    public static CallerKey GetCallerKey(this HttpContext context) =>
        context.Items[ItemKey] as CallerKey ?? throw new InvalidOperationException("The request was not authenticated with a key.");
}
