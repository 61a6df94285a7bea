using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Bots;

namespace Warbler.Chat.Rooms;

/// <summary>Finds bots named by id or by handle, as room requests name them.</summary>
internal static class BotLookup
{
    /// <summary>The most names one request may hold: more than any room's bots.</summary>
    public const int MaxNames = 1000;

    /// <returns>The bots in the order named; an unknown name adds an error under <paramref name="field"/>.</returns>
    public static async Task<List<Bot>> FindAsync(WarblerDbContext db, IReadOnlyList<string> names, Dictionary<string, string[]> errors, string field, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return [];
        }

        // Each distinct name is one query parameter, and databases cap those: a list longer than any
        // room's bots is refused before it reaches the database.
        if (names.Count > MaxNames)
        {
            errors[field] = [$"At most {MaxNames} bots may be named at once."];
            return [];
        }

        // JSON may hold null where a name belongs; it names no bot.
        names = [.. names.Select(name => name ?? "")];

        var ids = names.Select(n => Guid.TryParse(n, out var id) ? id : (Guid?)null).Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var handles = names.Select(n => n.Trim().TrimStart('@').ToLowerInvariant()).Distinct().ToList();
        var bots = await db.Bots.AsNoTracking().Where(b => ids.Contains(b.Id) || handles.Contains(b.Handle)).ToListAsync(cancellationToken);

        var found = new List<Bot>();
        var unknown = new List<string>();
        foreach (var name in names)
        {
            var handle = name.Trim().TrimStart('@').ToLowerInvariant();
            var id = Guid.TryParse(name, out var parsed) ? parsed : (Guid?)null;
            var bot = bots.Find(b => b.Id == id || b.Handle == handle);
            if (bot is null)
            {
                unknown.Add(name);
            }
            else
            {
                found.Add(bot);
            }
        }

        if (unknown.Count > 0)
        {
            errors[field] = [$"There is no bot {string.Join(", ", unknown.Select(u => $"'{u}'"))}."];
        }

        return found;
    }
}
