using Microsoft.Extensions.DependencyInjection.Extensions;
using Warbler.Gateway.Budgets;

namespace Warbler.Chat.Spending;

internal static class SpendingServiceCollectionExtensions
{
    /// <summary>Usage views, and budget notifications on the hub and by webhook (in place of the gateway's silent default).</summary>
    public static IServiceCollection AddSpending(this IServiceCollection services)
    {
        services.AddScoped<SpendingQueries>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();

        // The timeout is per attempt (WebhookOptions.Timeout), not the client's.
        services.AddHttpClient(WebhookSender.ClientName, client =>
        {
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Warbler-Webhooks/1");
        });
        services.AddSingleton<WebhookSender>();
        services.AddScoped<BudgetAlertRecorder>();
        services.AddSingleton<BudgetAlertQueue>();
        services.Replace(ServiceDescriptor.Singleton<IBudgetAlerts>(provider => provider.GetRequiredService<BudgetAlertQueue>()));
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddHostedService<BudgetAlertService>();
        return services;
    }
}
