namespace Warbler.Contracts.Messages;

/// <summary>The values of <see cref="ToolStep.Status"/>.</summary>
public static class ToolStepStatuses
{
    /// <summary>The tool has been called and has not answered yet.</summary>
    public const string Running = "running";

    /// <summary>The tool answered; <see cref="ToolStep.Result"/> holds what it said.</summary>
    public const string Ok = "ok";

    /// <summary>The call failed; <see cref="ToolStep.Error"/> says why.</summary>
    public const string Error = "error";

    /// <summary>The tool did not answer within the server's time limit.</summary>
    public const string TimedOut = "timed-out";
}
