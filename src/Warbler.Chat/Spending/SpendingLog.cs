namespace Warbler.Chat.Spending;

/// <summary>The log messages of usage views and budget notifications. The webhook's secret is never logged.</summary>
internal static partial class SpendingLog
{
    [LoggerMessage(1, LogLevel.Information, "{Subject} {SubjectId} passed {Percent} % of its {Budget} budget for {Period}.")]
    public static partial void BudgetCrossed(ILogger logger, string subject, Guid subjectId, int percent, string budget, string period);

    [LoggerMessage(2, LogLevel.Error, "A budget crossing of {Subject} {SubjectId} could not be recorded; it is not told.")]
    public static partial void RecordFailed(ILogger logger, Exception exception, string subject, Guid subjectId);

    [LoggerMessage(3, LogLevel.Warning, "Budget notifications are falling behind: a crossing of {Subject} {SubjectId} was dropped.")]
    public static partial void QueueFull(ILogger logger, string subject, Guid subjectId);

    [LoggerMessage(4, LogLevel.Warning, "Webhook {EventId} attempt {Attempt} failed ({Error}); next attempt at {NextAttemptAt:O}.")]
    public static partial void AttemptFailed(ILogger logger, Guid eventId, int attempt, string error, DateTime nextAttemptAt);

    [LoggerMessage(5, LogLevel.Error, "Webhook {EventId} was not delivered after {Attempts} attempts ({Error}); it is given up.")]
    public static partial void DeliveryGivenUp(ILogger logger, Guid eventId, int attempts, string error);

    [LoggerMessage(6, LogLevel.Information, "Webhook {EventId} delivered at attempt {Attempt}.")]
    public static partial void Delivered(ILogger logger, Guid eventId, int attempt);

    [LoggerMessage(7, LogLevel.Error, "Delivering webhooks failed unexpectedly; trying again later.")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "The hub event of budget alert {EventId} could not be sent.")]
    public static partial void HubSendFailed(ILogger logger, Exception exception, Guid eventId);
}
