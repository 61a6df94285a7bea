using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Warbler.Chat.Configuration;
using Warbler.Chat.Logging;

namespace Warbler.Chat.Auth;

/// <summary>
/// Limits sign-in requests per client address with ASP.NET Core's rate limiter: a token bucket
/// holding <c>Chat:Auth:LoginAttemptsPerMinute</c> that refills continuously, as the gateway's
/// per-key limits do. A refusal is a 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
internal static class LoginRateLimiting
{
    public const string PolicyName = "sign-in";

    public static IServiceCollection AddLoginRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PolicyName, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<ChatOptions>>().Value.Auth.LoginAttemptsPerMinute;
                return RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Bucket(perMinute));
            });
            options.OnRejected = RefuseAsync;
        });

    /// <summary>Holds a minute's worth; refills one at a time, or each second when that is more than one a second.</summary>
    internal static TokenBucketRateLimiterOptions Bucket(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = perMinute <= 60 ? 1 : (perMinute + 59) / 60,
        ReplenishmentPeriod = perMinute <= 60 ? TimeSpan.FromMinutes(1) / perMinute : TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        ChatLog.SignInRateLimited(context.RequestServices.GetRequiredService<ILogger<RateLimiterOptions>>(), seconds);

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many sign-in requests from this address. Try again in {seconds} s.",
            },
        });
    }
}
