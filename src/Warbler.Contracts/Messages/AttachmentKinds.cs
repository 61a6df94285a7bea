namespace Warbler.Contracts.Messages;

/// <summary>The values of <see cref="MessageAttachment.Kind"/>.</summary>
public static class AttachmentKinds
{
    /// <summary>A PNG, JPEG, WebP or GIF picture; a bot whose model reads images sees it.</summary>
    public const string Image = "image";

    /// <summary>A PDF or Word document; a bot reads its text.</summary>
    public const string Document = "document";

    /// <summary>Plain text, Markdown or source code; a bot reads it.</summary>
    public const string Text = "text";
}
