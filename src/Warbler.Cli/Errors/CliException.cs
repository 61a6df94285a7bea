namespace Warbler.Cli.Errors;

/// <summary>A failure to report as one line on standard error, and the exit code that goes with it.</summary>
internal sealed class CliException(int exitCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
