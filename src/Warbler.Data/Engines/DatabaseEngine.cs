namespace Warbler.Data;

/// <summary>The database engines Warbler stores its data in.</summary>
public enum DatabaseEngine
{
    Sqlite,
    Postgres,
}
