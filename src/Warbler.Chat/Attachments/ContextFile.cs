namespace Warbler.Chat.Attachments;

/// <summary>A file of a message as a bot's context needs it: a document's text, an image's place in the store.</summary>
internal sealed record ContextFile(Guid Id, string Name, string MediaType, string Kind, string BlobKey, string? Text)
{
    public bool IsImage => Kind == Contracts.Messages.AttachmentKinds.Image;
}
