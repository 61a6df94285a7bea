using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Attachments;
using Warbler.Chat.Configuration;
using Warbler.Chat.Events;
using Warbler.Chat.Files;
using Warbler.Chat.Identity;
using Warbler.Chat.Messages;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>
/// <c>/api/rooms/{id}/messages</c>: page through a room's history, send (whole or streamed),
/// edit, recall, stop a bot reply, regenerate one.
/// </summary>
internal static class MessagesApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/rooms/{roomId:guid}/messages").RequireAuthorization(ChatPolicies.SignedIn).WithTags("Messages");
        messages.MapGet("/", ListAsync)
            .WithSummary("List a room's messages")
            .WithDescription("A page, oldest first: the latest by default, or those `before` or `after` a message id; `limit` at most 200.")
            .Produces<MessagePage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapPost("/", SendAsync)
            .WithSummary("Send a message")
            .WithDescription("`clientMessageId` makes a retry safe: sending it again returns the first message (200) instead of a new one (201). `attachmentIds` sends files uploaded to the room first (`POST /api/rooms/{roomId}/attachments`); with some, `text` may be empty. Bots that are asked answer in the room; with `?stream=true` the answer is a stream of server-sent events: the message, then each bot reply as it is written.")
            .Produces<MessageResponse>(StatusCodes.Status201Created)
            .Produces<MessageResponse>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapPatch("/{messageId:long}", EditAsync)
            .WithSummary("Edit one's own message")
            .Produces<MessageResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapDelete("/{messageId:long}", RecallAsync)
            .WithSummary("Recall one's own message")
            .WithDescription("For everyone, within the recall window (`Chat:RecallWindow`); returns the tombstone left in the history.")
            .Produces<MessageResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapPost("/{messageId:long}/stop", StopAsync)
            .WithSummary("Stop a bot reply being written")
            .Produces<MessageResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        messages.MapPost("/{messageId:long}/regenerate", RegenerateAsync)
            .WithSummary("Regenerate a bot reply")
            .WithDescription("The reply is written again (202); the earlier text is kept as a version. With `?stream=true`, server-sent events as the new reply is written.")
            .Produces<MessageResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        messages.MapGet("/{messageId:long}/versions", VersionsAsync)
            .WithSummary("List a message's earlier versions")
            .Produces<List<MessageVersionResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(
        Guid roomId, long? before, long? after, int? limit, ClaimsPrincipal user, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, user.UserId(), cancellationToken))
        {
            return RoomAccess.NotFound(roomId);
        }

        if (limit is < 1 or > MaxPageSize || (before is not null && after is not null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [limit is < 1 or > MaxPageSize ? "limit" : "before"] = [$"Give at most one of 'before' and 'after', and a limit between 1 and {MaxPageSize}."],
            });
        }

        var size = limit ?? DefaultPageSize;
        var inRoom = db.Messages.AsNoTracking().Where(m => m.RoomId == roomId);
        List<Message> page;
        if (after is { } afterId)
        {
            // Catching up: the oldest messages after the cursor.
            page = await inRoom.Where(m => m.Id > afterId).OrderBy(m => m.Id).Take(size + 1).ToListAsync(cancellationToken);
        }
        else
        {
            // Scrolling back (or the newest page): the newest messages before the cursor.
            var older = before is { } beforeId ? inRoom.Where(m => m.Id < beforeId) : inRoom;
            page = await older.OrderByDescending(m => m.Id).Take(size + 1).ToListAsync(cancellationToken);
        }

        var hasMore = page.Count > size;
        page = [.. page.Take(size).OrderBy(m => m.Id)];
        var names = await ParticipantNames.LoadAsync(db, page, cancellationToken);
        return TypedResults.Ok(new MessagePage(page.Select(names.Describe).ToList(), hasMore));
    }

    private static async Task<IResult> SendAsync(
        Guid roomId, bool? stream, SendMessageRequest request, ClaimsPrincipal user, MessageStore store, ChatEvents events,
        IOptions<ChatOptions> options, IOptions<FilesOptions> files, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var withFiles = request.AttachmentIds is { Count: > 0 };
        if (!withFiles || !string.IsNullOrEmpty(request.Text))
        {
            ValidateText(errors, request.Text, options.Value.MaxMessageLength);
        }

        if (MessageRules.ClientMessageIdProblem(request.ClientMessageId) is { } problem)
        {
            errors["clientMessageId"] = [problem];
        }

        if (AttachmentRules.CountProblem(request.AttachmentIds, files.Value.MaxFilesPerMessage) is { } tooMany)
        {
            errors["attachmentIds"] = [tooMany];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Watching the room before sending, so no part of a reply is missed.
        var subscription = stream == true ? events.Subscribe(roomId) : null;
        try
        {
            var outcome = await store.SendToRoomAsync(roomId, user.UserId(), request.Text ?? "", request.ClientMessageId!, request.ReplyTo, cancellationToken, request.AttachmentIds);
            if (outcome.Sent is not { } sent)
            {
                subscription?.Dispose();
                return outcome.Result switch
                {
                    SendResult.ReplyToNotFound => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["replyTo"] = [MessageRules.NoSuchMessage(request.ReplyTo!.Value)] }),
                    SendResult.AttachmentsRefused => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["attachmentIds"] = [AttachmentClaims.NotSendable] }),
                    _ => RoomAccess.NotFound(roomId),
                };
            }

            var message = sent.Shown;
            if (subscription is not null)
            {
                return TypedResults.ServerSentEvents(ReplyStream.EventsAsync(subscription, message, sent.ShownReplies, cancellationToken));
            }

            return sent.Created ? TypedResults.Created($"/api/rooms/{roomId}/messages/{message.Id}", message) : TypedResults.Ok(message);
        }
        catch
        {
            // A send refused (the database unavailable) leaves no subscription behind, gathering the room's events for nobody.
            subscription?.Dispose();
            throw;
        }
    }

    private static async Task<IResult> EditAsync(
        Guid roomId, long messageId, EditMessageRequest request, ClaimsPrincipal user, MessageStore store, WarblerDbContext db,
        IOptions<ChatOptions> options, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateText(errors, request.Text, options.Value.MaxMessageLength);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await store.EditAsync(roomId, user.UserId(), messageId, request.Text!, cancellationToken);
        return outcome.Result switch
        {
            EditResult.RoomNotFound => RoomAccess.NotFound(roomId),
            EditResult.MessageNotFound => MessageNotFound(messageId),
            EditResult.NotYours => NotYours(),
            EditResult.ReplyInProgress => ReplyInProgress(),
            EditResult.Recalled => Conflict(MessageRules.WasRecalled),
            _ => TypedResults.Ok((await ParticipantNames.LoadAsync(db, [outcome.Message!], cancellationToken)).Describe(outcome.Message!)),
        };
    }

    /// <summary>Recalls the caller's own message for everyone, within <c>Chat:RecallWindow</c>; returns the tombstone left in the history.</summary>
    private static async Task<IResult> RecallAsync(
        Guid roomId, long messageId, ClaimsPrincipal user, MessageStore store, WarblerDbContext db, IOptions<ChatOptions> options, CancellationToken cancellationToken)
    {
        var outcome = await store.RecallAsync(roomId, user.UserId(), messageId, cancellationToken);
        return outcome.Result switch
        {
            RecallResult.RoomNotFound => RoomAccess.NotFound(roomId),
            RecallResult.MessageNotFound => MessageNotFound(messageId),
            RecallResult.NotYours => NotYours(),
            RecallResult.TooLate => Conflict(MessageRules.TooLateToRecall(options.Value.RecallWindow)),
            _ => TypedResults.Ok((await ParticipantNames.LoadAsync(db, [outcome.Message!], cancellationToken)).Describe(outcome.Message!)),
        };
    }

    private static async Task<IResult> StopAsync(Guid roomId, long messageId, ClaimsPrincipal user, MessageStore store, WarblerDbContext db, CancellationToken cancellationToken)
    {
        var reply = await store.StopAsync(roomId, user.UserId(), messageId, cancellationToken);
        if (reply is null)
        {
            return await RoomAccess.IsMemberAsync(db, roomId, user.UserId(), cancellationToken) ? MessageNotFound(messageId) : RoomAccess.NotFound(roomId);
        }

        return TypedResults.Ok((await ParticipantNames.LoadAsync(db, [reply], cancellationToken)).Describe(reply));
    }

    private static async Task<IResult> RegenerateAsync(
        Guid roomId, long messageId, bool? stream, ClaimsPrincipal user, MessageStore store, ChatEvents events, WarblerDbContext db, CancellationToken cancellationToken)
    {
        var subscription = stream == true ? events.Subscribe(roomId) : null;
        try
        {
            var outcome = await store.RegenerateAsync(roomId, user.UserId(), messageId, cancellationToken);
            if (outcome.Result != RegenerateResult.Regenerating)
            {
                subscription?.Dispose();
            }

            switch (outcome.Result)
            {
                case RegenerateResult.RoomNotFound:
                    return RoomAccess.NotFound(roomId);
                case RegenerateResult.MessageNotFound:
                    return MessageNotFound(messageId);
                case RegenerateResult.NotABotReply:
                    return TypedResults.Problem("Only a bot's reply can be regenerated.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
                case RegenerateResult.ReplyInProgress:
                    return ReplyInProgress();
            }

            var reply = (await ParticipantNames.LoadAsync(db, [outcome.Message!], cancellationToken)).Describe(outcome.Message!);
            return subscription is not null
                ? TypedResults.ServerSentEvents(ReplyStream.EventsAsync(subscription, null, [reply], cancellationToken))
                : TypedResults.Accepted($"/api/rooms/{roomId}/messages/{messageId}", reply);
        }
        catch
        {
            // As for a send: nothing left gathering the room's events for nobody.
            subscription?.Dispose();
            throw;
        }
    }

    private static async Task<IResult> VersionsAsync(Guid roomId, long messageId, ClaimsPrincipal user, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, user.UserId(), cancellationToken))
        {
            return RoomAccess.NotFound(roomId);
        }

        if (!await db.Messages.AnyAsync(m => m.RoomId == roomId && m.Id == messageId, cancellationToken))
        {
            return MessageNotFound(messageId);
        }

        var versions = await db.MessageVersions.AsNoTracking().Where(v => v.MessageId == messageId).OrderBy(v => v.Version)
            .Select(v => new { v.Version, v.Text, v.Model, v.CreatedAt })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(versions.Select(v => new MessageVersionResponse(v.Version, v.Text, v.Model, StoredTime.AsUtc(v.CreatedAt))));
    }

    private static void ValidateText(Dictionary<string, string[]> errors, string? text, int maxLength)
    {
        if (MessageRules.TextProblem(text, maxLength) is { } problem)
        {
            errors["text"] = [problem];
        }
    }

    private static IResult MessageNotFound(long messageId) =>
        TypedResults.Problem(MessageRules.NoSuchMessage(messageId), statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static IResult NotYours() =>
        TypedResults.Problem(MessageRules.NotYours, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    private static IResult ReplyInProgress() => Conflict(MessageRules.ReplyInProgress);

    private static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
