namespace Warbler.Chat.Attachments;

/// <summary>What a message's attachments must be, said the same way over REST and the hub.</summary>
internal static class AttachmentRules
{
    /// <returns>Why the list cannot be sent, or null when it can.</returns>
    public static string? CountProblem(IReadOnlyList<Guid>? attachmentIds, int maxFilesPerMessage) =>
        attachmentIds is null ? null
        : attachmentIds.Distinct().Count() > maxFilesPerMessage ? $"A message may carry at most {maxFilesPerMessage} files (this one has {attachmentIds.Distinct().Count()})."
        : attachmentIds.Distinct().Count() != attachmentIds.Count ? "Each file may be sent once in a message."
        : null;
}
