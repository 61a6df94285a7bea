using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Realtime;
using Warbler.Data;
using Warbler.Data.Spending;
using Warbler.Gateway.Budgets;

namespace Warbler.Chat.Spending;

/// <summary>
/// Records a crossing once across every node: the row's unique key makes a second insert fail, and
/// that crossing is dropped. The webhook's outbox row is written in the same save, so a crossing
/// recorded always has its delivery, and one dropped never has a second.
/// </summary>
internal sealed class BudgetAlertRecorder(WarblerDbContext db, IOptions<WebhookOptions> webhook, TimeProvider time)
{
    public const string EventType = "budget.threshold";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The alert to tell and the users to tell it to, or null when the crossing was already recorded.</summary>
    public async Task<(BudgetAlert Alert, IReadOnlyList<Guid> Recipients)?> RecordAsync(BudgetCrossing crossing, CancellationToken cancellationToken)
    {
        var subject = crossing.Subject == BudgetSubject.Team ? "team" : "user";
        var (name, recipients) = crossing.Subject == BudgetSubject.Team
            ? (await db.Teams.AsNoTracking().Where(t => t.Id == crossing.SubjectId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken) ?? "",
                (IReadOnlyList<Guid>)await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == crossing.SubjectId).Select(m => m.UserId).ToListAsync(cancellationToken))
            : (await db.Users.AsNoTracking().Where(u => u.Id == crossing.SubjectId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "",
                [crossing.SubjectId]);

        var now = time.GetUtcNow().UtcDateTime;
        var alert = new BudgetAlert(Guid.NewGuid(), subject, crossing.SubjectId, name, crossing.Budget, crossing.Period, crossing.Percent, crossing.Spent, crossing.Limit, crossing.At);
        db.BudgetAlerts.Add(new BudgetAlertRecord
        {
            Subject = subject,
            SubjectId = crossing.SubjectId,
            Budget = crossing.Budget,
            Period = crossing.Period,
            Percent = crossing.Percent,
            Spent = crossing.Spent,
            Limit = crossing.Limit,
            EventId = alert.Id,
            CreatedAt = now,
        });
        if (webhook.Value.Enabled)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery { Id = alert.Id, Body = Body(alert), NextAttemptAt = now, CreatedAt = now });
        }

        try
        {
            await SerialWrites.RunAsync(db, () => db.SaveChangesAsync(cancellationToken));
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return (alert, recipients);
    }

    /// <summary>The webhook's body, written once: every attempt sends the same bytes, which the signature covers.</summary>
    public static string Body(BudgetAlert alert) => JsonSerializer.Serialize(new
    {
        id = alert.Id,
        type = EventType,
        subject = alert.Subject,
        subjectId = alert.SubjectId,
        subjectName = alert.SubjectName,
        budget = alert.Budget,
        period = alert.Period,
        percent = alert.Percent,
        spent = alert.Spent,
        limit = alert.Limit,
        at = alert.At,
    }, Json);
}
