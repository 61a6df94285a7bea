namespace Warbler.Cli.Errors;

/// <summary>What <c>warbler</c> exits with; scripts tell the failures apart by these.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Any other failure: the server refused the request (unknown model, bad value it checked), or failed.</summary>
    public const int Failure = 1;

    /// <summary>A bad command line: an unknown command or flag, a value out of range, a missing setting.</summary>
    public const int Usage = 2;

    /// <summary>The API key or admin key was refused (401 or 403).</summary>
    public const int KeyRefused = 3;

    /// <summary>Rate-limited or out of budget (429); the message says when to retry.</summary>
    public const int RateLimited = 4;

    /// <summary>The server could not be reached; the message names the URL.</summary>
    public const int Unreachable = 5;

    /// <summary>Stopped with Ctrl+C, as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
