namespace Warbler.Data;

/// <summary>
/// The database is at a state this build cannot migrate from: part of the way through the
/// migrations of earlier builds, which this one no longer holds. The message says what to do.
/// </summary>
public sealed class OutdatedDatabaseException(string message) : InvalidOperationException(message);
