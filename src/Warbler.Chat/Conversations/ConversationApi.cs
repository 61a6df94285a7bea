using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Configuration;
using Warbler.Chat.Events;
using Warbler.Chat.Identity;
using Warbler.Chat.Replies;
using Warbler.Chat.Rooms;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Conversations;

/// <summary>
/// <c>POST /chat</c>: the one-call endpoint of the classic web-integration example. A message in,
/// the default bot's whole reply out; the conversation (a direct room with that bot) is kept on the
/// server, so the caller only passes its id back to go on.
/// </summary>
internal static class ConversationApi
{
    private const string DefaultBotHandle = "assistant";
    private const int TitleLength = 60;

    public static IEndpointRouteBuilder MapConversationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/chat", ChatAsync).RequireAuthorization(ChatPolicies.SignedIn).WithTags("Conversation")
            .WithSummary("Chat with the default bot in one call")
            .WithDescription("A message in, the bot's whole reply out. Leave `conversationId` out to start a conversation (a direct room with the bot); pass the returned id back to go on. "
                + "A reply that fails is a problem whose `detail` says why: 429 with `Retry-After` for the user's own limits on bot replies, 503 (with `Retry-After` when known) when no provider can answer now, 504 when none answered in time, 502 when a provider failed.")
            .Produces<ConversationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return app;
    }

    private static async Task<IResult> ChatAsync(
        ConversationRequest request, ClaimsPrincipal user, WarblerDbContext db, MessageStore store, ChatEvents events, TimeProvider time,
        IOptions<ChatOptions> options, HttpResponse response, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Message) || request.Message.Length > options.Value.MaxMessageLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["message"] = [$"Send a message of 1 to {options.Value.MaxMessageLength} characters."],
            });
        }

        var me = user.UserId();
        Guid roomId;
        if (request.ConversationId is { } conversationId)
        {
            if (!await RoomAccess.IsMemberAsync(db, conversationId, me, cancellationToken))
            {
                return TypedResults.Problem($"There is no conversation {conversationId} of yours.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }

            roomId = conversationId;
        }
        else
        {
            var bot = await db.Bots.AsNoTracking().SingleOrDefaultAsync(b => b.Handle == DefaultBotHandle, cancellationToken);
            if (bot is null)
            {
                return TypedResults.Problem($"There is no default bot '@{DefaultBotHandle}'; an administrator should create it.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "No default bot");
            }

            var room = await StartConversationAsync(db, me, bot.Id, request.Message, time);
            roomId = room.Id;
            events.Publish(new MembersJoined(roomId, [me]));
            events.Publish(new RoomChanged((await RoomDescriber.DescribeAsync(db, me, [room], CancellationToken.None)).Single()));
        }

        using var subscription = events.Subscribe(roomId);
        var sent = await store.SendAsync(roomId, me, request.Message, Guid.NewGuid().ToString("N"), null, cancellationToken);
        if (sent?.Replies is not [var reply, ..])
        {
            return TypedResults.Problem("No bot answers in this conversation.", statusCode: StatusCodes.Status409Conflict, title: "No reply");
        }

        var finished = await WaitForReplyAsync(subscription, reply.Id, cancellationToken);
        if (finished.Message.Status == "failed")
        {
            return ReplyFailed(finished, response);
        }

        return TypedResults.Ok(new ConversationResponse(roomId, finished.Message.Text, finished.Message.Id));
    }

    /// <summary>
    /// A failed reply as a status the caller can act on: 429 for the user's own limits and 503 for
    /// providers that will be back (both with <c>Retry-After</c> when known), 504 for providers that
    /// did not answer in time, 403 for a call the server's rules forbid, 502 for a provider that
    /// failed. The detail is the reply's <c>error</c>.
    /// </summary>
    private static IResult ReplyFailed(MessageCompleted finished, HttpResponse response)
    {
        var failure = finished.Failure;
        var (status, title) = failure?.Kind switch
        {
            ReplyFailureKind.UserLimitReached => (StatusCodes.Status429TooManyRequests, "Your limit on bot replies is reached"),
            ReplyFailureKind.ProvidersUnavailable => (StatusCodes.Status503ServiceUnavailable, "No AI provider can answer now"),
            ReplyFailureKind.ModelNotServed => (StatusCodes.Status503ServiceUnavailable, "No AI provider serves the bot's model"),
            ReplyFailureKind.ProvidersTimedOut => (StatusCodes.Status504GatewayTimeout, "The AI provider did not answer in time"),
            ReplyFailureKind.NotAllowed => (StatusCodes.Status403Forbidden, "The bot may not answer"),
            _ => (StatusCodes.Status502BadGateway, "The bot could not reply"),
        };
        if (failure?.RetryAfter is { } wait && status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(finished.Message.Error, statusCode: status, title: title);
    }

    private static async Task<Room> StartConversationAsync(WarblerDbContext db, Guid userId, Guid botId, string firstMessage, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var title = string.Concat(firstMessage.Trim().ReplaceLineEndings(" ").Where(c => !char.IsControl(c)));
        var room = new Room
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Kind = RoomKind.Direct,
            Title = title.Length <= TitleLength ? title : title[..TitleLength] + "…",
            OwnerId = userId,
            CreatedAt = now,
            LastActivityAt = now,
        };
        room.Members.Add(new RoomMember { RoomId = room.Id, UserId = userId, JoinedAt = now });
        room.Bots.Add(new RoomBot { RoomId = room.Id, BotId = botId, AddedAt = now });
        db.Rooms.Add(room);
        await db.SaveChangesAsync(CancellationToken.None);
        return room;
    }

    private static async Task<MessageCompleted> WaitForReplyAsync(ChatSubscription subscription, long replyId, CancellationToken cancellationToken)
    {
        await foreach (var chatEvent in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            if (chatEvent is MessageCompleted completed && completed.Message.Id == replyId)
            {
                return completed;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }
}
