namespace Warbler.Chat.Attachments;

/// <summary>
/// What of a message's files goes into a bot's context: documents' text (whole, or cut with a note
/// saying how much did not fit), the images the model will see, and what they cost in tokens.
/// </summary>
/// <param name="Text">The files as text, each named, to follow the message's own text; empty when there are none.</param>
/// <param name="Images">The images to send as image parts.</param>
/// <param name="Tokens">What the text and the images count against the budget.</param>
/// <param name="Cut">Whether some text did not fit: nothing older goes in after this message.</param>
internal sealed record FittedFiles(string Text, IReadOnlyList<ContextFile> Images, int Tokens, bool Cut)
{
    public static readonly FittedFiles None = new("", [], 0, false);

    public bool IsEmpty => Text.Length == 0 && Images.Count == 0;
}
