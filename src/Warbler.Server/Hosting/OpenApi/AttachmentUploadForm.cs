using System.ComponentModel;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>The form of <c>POST /api/rooms/{roomId}/attachments</c>.</summary>
[Description("One file to upload to a room, then send with a message.")]
public sealed record AttachmentUploadForm(
    [property: Description("The file: an image (PNG, JPEG, WebP, GIF), text, Markdown, source code, PDF or Word (.docx).")] IFormFile File);
