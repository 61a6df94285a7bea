// A console chat with a Warbler bot, written with Warbler.Client. Run Warbler, then:
//   dotnet run --project samples/ConsoleChat -- --email ann@example.com --password "correct horse battery" --register
using ConsoleChat;
using Warbler.Client;
using Warbler.Client.Errors;
using Warbler.Client.Messages;
using Warbler.Contracts.Messages;
using Warbler.Contracts.Rooms;

var (options, problem) = ChatOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(ChatOptions.Usage);
    return 2;
}

using var client = new WarblerClient(options.Url);
Room room;
try
{
    await SignInAsync(client, options);
    room = await OpenDirectRoomAsync(client, options.Bot);
}
catch (WarblerApiException refused)
{
    Console.Error.WriteLine(refused.Message);
    return 1;
}
catch (HttpRequestException unreachable)
{
    Console.Error.WriteLine($"Could not reach Warbler at {options.Url}: {unreachable.Message}");
    return 1;
}

var bot = room.Bots.Single();
var interactive = !Console.IsInputRedirected;
Console.Error.WriteLine($"Talking to @{bot.Handle} ({bot.Name}). {(interactive ? "Type a message; Ctrl+D or /exit ends, Ctrl+C stops a reply." : "")}");

// Ctrl+C stops the reply being written rather than the program.
CancellationTokenSource? replying = null;
Console.CancelKeyPress += (_, e) =>
{
    if (replying is { } current)
    {
        e.Cancel = true;
        current.Cancel();
    }
};

while (true)
{
    if (interactive)
    {
        Console.Write("you> ");
    }

    var line = Console.ReadLine();
    if (line is null || line.Trim() == "/exit")
    {
        return 0;
    }

    if (string.IsNullOrWhiteSpace(line))
    {
        continue;
    }

    using var cancellation = new CancellationTokenSource();
    replying = cancellation;
    long? replyId = null;
    try
    {
        await foreach (var replyEvent in client.SendMessageStreamingAsync(room.Id, line, cancellationToken: cancellation.Token))
        {
            switch (replyEvent)
            {
                case ReplyStarted started:
                    replyId = started.Reply.Id;
                    Console.Write($"{started.Reply.Sender.Name}> ");
                    break;
                case ReplyDelta delta:
                    Console.Write(delta.Text);
                    break;
                case ReplyCompleted { Reply.Status: MessageStatuses.Failed } failed:
                    Console.WriteLine();
                    Console.Error.WriteLine($"The bot could not answer: {failed.Reply.Error}");
                    break;
                case ReplyCompleted:
                    Console.WriteLine();
                    break;
            }
        }
    }
    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
    {
        if (replyId is { } id)
        {
            await client.StopReplyAsync(room.Id, id);
        }

        Console.WriteLine(" [stopped]");
    }
    catch (WarblerApiException refused)
    {
        Console.Error.WriteLine(refused.Message);
    }
    finally
    {
        replying = null;
    }
}

static async Task SignInAsync(WarblerClient client, ChatOptions options)
{
    try
    {
        await client.SignInAsync(options.Email, options.Password);
    }
    catch (WarblerApiException refused) when (refused.StatusCode == System.Net.HttpStatusCode.Unauthorized && options.Register)
    {
        await client.RegisterAsync(options.Email, options.Password);
        await client.SignInAsync(options.Email, options.Password);
    }
}

// The direct room with the bot from an earlier run, so the conversation goes on; or a new one.
static async Task<Room> OpenDirectRoomAsync(WarblerClient client, string botHandle)
{
    var rooms = await client.ListRoomsAsync();
    return rooms.FirstOrDefault(r => r.IsDirect && r.Members.Count == 1 && r.Bots.Count == 1 && r.Bots[0].Handle == botHandle)
        ?? await client.CreateDirectRoomWithBotAsync(botHandle);
}
