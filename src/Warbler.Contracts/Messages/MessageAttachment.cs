namespace Warbler.Contracts.Messages;

/// <summary>A file uploaded to a room, sent with a message or waiting to be.</summary>
/// <param name="Id">Its id: send it in a message's <c>attachmentIds</c>, download it from <c>/api/rooms/{roomId}/attachments/{id}</c>.</param>
/// <param name="Name">Its file name as shown, without folders or control characters.</param>
/// <param name="MediaType">Its media type, found from its content.</param>
/// <param name="Kind">See <see cref="AttachmentKinds"/>: <c>image</c>, <c>document</c> or <c>text</c>.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Width">An image's width in pixels.</param>
/// <param name="Height">An image's height in pixels.</param>
public sealed record MessageAttachment(Guid Id, string Name, string MediaType, string Kind, long Size, int? Width, int? Height);
