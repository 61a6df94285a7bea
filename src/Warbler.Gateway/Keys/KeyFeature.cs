namespace Warbler.Gateway.Keys;

public static class CallerKeyHttpContextExtensions
{
    private static readonly object ItemKey = new();

    public static void SetCallerKey(this HttpContext context, CallerKey key) => context.Items[ItemKey] = key;

    public static bool TryGetCallerKey(this HttpContext context, out CallerKey key)
    {
        key = context.Items[ItemKey] as CallerKey ?? null!;
        return key is not null;
    }

    /// <summary>The key that authenticated this request; set by the gateway's key filter.</summary>
    public static CallerKey GetCallerKey(this HttpContext context) =>
        context.Items[ItemKey] as CallerKey ?? throw new InvalidOperationException("The request was not authenticated with a key.");
}
