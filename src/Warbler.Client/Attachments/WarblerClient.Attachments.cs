using System.Net.Http.Headers;
using Warbler.Client.Attachments;
using Warbler.Client.Json;
using Warbler.Contracts.Messages;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>
    /// Uploads a file to a room (<c>POST /api/rooms/{id}/attachments</c>), to send with a message by
    /// its id (<see cref="SendMessageWithAttachmentsAsync"/>). The server finds the file's type from its
    /// content: images (PNG, JPEG, WebP, GIF), text, Markdown and source code, PDF and Word (.docx).
    /// An upload that is never sent is removed after a while.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="content">The file's bytes, read from where it stands; a stream that can seek can be sent again if the access token must be renewed on the way.</param>
    /// <param name="fileName">The file's name, as members see it.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The stored file.</returns>
    /// <exception cref="Errors.WarblerApiException">413 for a file over the server's size limit; 415 for a type the server does not take, or content that does not match the name; 422 for a document that cannot be read; 404 for a room the caller is not in.</exception>
    public Task<MessageAttachment> UploadAttachmentAsync(Guid roomId, Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var start = content.CanSeek ? content.Position : 0;
        var sent = false;
        return SendForJsonAsync(
            () =>
            {
                if (sent)
                {
                    // Only a renewed access token sends a request twice; the stream must be read again from where it started.
                    if (!content.CanSeek)
                    {
                        throw new InvalidOperationException("The upload needs sending again with a renewed access token, and its stream cannot seek back. Upload from a seekable stream or a file path.");
                    }

                    content.Position = start;
                }

                sent = true;
                var file = new StreamContent(new NonDisposingStream(content));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return new HttpRequestMessage(HttpMethod.Post, Url($"api/rooms/{roomId}/attachments"))
                {
                    Content = new MultipartFormDataContent { { file, "file", fileName } },
                };
            },
            WarblerJsonContext.Default.MessageAttachment,
            cancellationToken);
    }

    /// <summary>Uploads the file at <paramref name="path"/> to a room, under its own name; see <see cref="UploadAttachmentAsync(Guid, Stream, string, CancellationToken)"/>.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The stored file.</returns>
    public async Task<MessageAttachment> UploadAttachmentAsync(Guid roomId, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            return await UploadAttachmentAsync(roomId, file, Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a message with files uploaded to the room first (<see cref="UploadAttachmentAsync(Guid, Stream, string, CancellationToken)"/>);
    /// with some, <paramref name="text"/> may be empty. Safe to retry with the same <paramref name="clientMessageId"/>.
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="text">The text, or empty.</param>
    /// <param name="attachmentIds">The ids of the caller's own uploads to this room that no message carries yet.</param>
    /// <param name="clientMessageId">Your own id for the message, to retry with; a new one is made when <c>null</c>.</param>
    /// <param name="replyTo">The message this one answers, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message as stored, with its <see cref="Message.Attachments"/>.</returns>
    /// <exception cref="Errors.WarblerApiException">400 for too many files, or files that are not the caller's unsent uploads to this room.</exception>
    public Task<Message> SendMessageWithAttachmentsAsync(
        Guid roomId, string text, IReadOnlyList<Guid> attachmentIds, string? clientMessageId = null, long? replyTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(attachmentIds);
        return SendJsonAsync(
            HttpMethod.Post, $"api/rooms/{roomId}/messages", new SendMessageRequest(text, clientMessageId ?? NewClientMessageId(), replyTo, attachmentIds),
            RequestJsonContext.Default.SendMessageRequest, WarblerJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>Downloads a file of a room (<c>GET /api/rooms/{id}/attachments/{attachmentId}</c>); only the room's members can.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="attachmentId">The file.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The file as it streams in; dispose it when read.</returns>
    /// <exception cref="Errors.WarblerApiException">404 for a file that is gone, or a room the caller is not in.</exception>
    public async Task<AttachmentDownload> DownloadAttachmentAsync(Guid roomId, Guid attachmentId, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Url($"api/rooms/{roomId}/attachments/{attachmentId}")),
            signedIn: true,
            cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var headers = response.Content.Headers;
            var name = headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"');
            return new AttachmentDownload(response, content, headers.ContentType?.MediaType ?? "application/octet-stream", name, headers.ContentLength);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
