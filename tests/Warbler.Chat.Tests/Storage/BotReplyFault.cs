using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// The database refusing to store bot replies, as a busy or full database would, while it still
/// stores people's messages: a trigger on <c>messages</c>, until disposed. On PostgreSQL it raises
/// <c>cannot_connect_now</c> (57P03). A SQLite trigger can raise only a constraint error, so there it
/// inserts into a table whose AUTOINCREMENT ids are used up, which SQLite reports as SQLITE_FULL
/// ("database or disk is full").
/// </summary>
internal sealed class BotReplyFault : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private BotReplyFault(TestDatabase database) => _database = database;

    public static async Task<BotReplyFault> StartAsync(TestDatabase database)
    {
        await database.ExecuteAsync(TestDatabase.IsPostgres
            ? """
              CREATE FUNCTION test_refuse_bot_replies() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN
                  RAISE EXCEPTION 'the database system is not accepting writes' USING ERRCODE = 'cannot_connect_now';
              END $$;
              CREATE TRIGGER test_refuse_bot_replies BEFORE INSERT ON messages
                  FOR EACH ROW WHEN (NEW."SenderBotId" IS NOT NULL) EXECUTE FUNCTION test_refuse_bot_replies();
              """
            : """
              CREATE TABLE test_used_up ("Id" INTEGER PRIMARY KEY AUTOINCREMENT);
              INSERT INTO test_used_up ("Id") VALUES (9223372036854775807);
              CREATE TRIGGER test_refuse_bot_replies BEFORE INSERT ON messages WHEN NEW."SenderBotId" IS NOT NULL
              BEGIN
                  INSERT INTO test_used_up ("Id") VALUES (NULL);
              END;
              """);
        return new BotReplyFault(database);
    }

    /// <summary>Lifts the fault: bot replies are stored again.</summary>
    public async ValueTask DisposeAsync() =>
        await _database.ExecuteAsync(TestDatabase.IsPostgres
            ? "DROP TRIGGER test_refuse_bot_replies ON messages; DROP FUNCTION test_refuse_bot_replies();"
            : "DROP TRIGGER test_refuse_bot_replies; DROP TABLE test_used_up;");
}
