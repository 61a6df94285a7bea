// A bot written outside Warbler with Warbler.Client: an ordinary user that listens on the real-time
// hub and answers the messages that mention it. Anything that can sign in can join a conversation
// this way: a build server, a ticket system, a home automation hub. Run Warbler, then:
//   dotnet run --project samples/EchoBot -- --email echo@example.com --password "correct horse battery" --register
using System.Runtime.InteropServices;
using System.Threading.Channels;
using EchoBot;
using Warbler.Client;
using Warbler.Client.Errors;
using Warbler.Client.Realtime;
using Warbler.Contracts.Messages;

var (options, problem) = BotOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(BotOptions.Usage);
    return 2;
}

// Ctrl+C or a service manager's SIGTERM ends the bot cleanly.
using var stopping = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}

using var client = new WarblerClient(options.Url);
var answer = new EchoAnswer(options.Name);
try
{
    await SignInAsync(client, options, stopping.Token);
    var me = await client.SetDisplayNameAsync(options.Name, stopping.Token);
    if (options.CreateRoom is { } title)
    {
        await CreateRoomAsync(client, title, options.Invite, stopping.Token);
    }

    // Messages are queued by the event handler and answered here one at a time, in order.
    var mentions = Channel.CreateUnbounded<Message>();
    await using var realtime = new WarblerRealtime(client);
    realtime.MessageCreated += created =>
    {
        var message = created.Message;
        if (message.Sender.Id != me.Id && !message.IsFromBot && !message.IsRecalled && answer.IsFor(message.Text))
        {
            mentions.Writer.TryWrite(message);
        }
    };
    realtime.Reconnecting += error => Console.Error.WriteLine($"Connection lost ({error?.Message}); reconnecting…");
    realtime.Reconnected += () => Console.Error.WriteLine("Reconnected; answering what was missed.");
    await realtime.StartAsync(stopping.Token);

    var rooms = await client.ListRoomsAsync(cancellationToken: stopping.Token);
    Console.WriteLine($"Listening as @{options.Name} in {rooms.Count} room(s).");
    var answered = 0;
    await foreach (var message in mentions.Reader.ReadAllAsync(stopping.Token))
    {
        var text = answer.To(message.Sender.Name, message.Text);

        // The message's own id makes the answer's id: answering again after a restart stores nothing new.
        await realtime.SendMessageAsync(message.RoomId, text, clientMessageId: $"echo-{message.Id}", replyTo: message.Id, stopping.Token);
        Console.WriteLine($"Answered message {message.Id} in room {message.RoomId}: {text}");
        if (++answered == options.Count)
        {
            break;
        }
    }

    return 0;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    return 0;
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

static async Task SignInAsync(WarblerClient client, BotOptions options, CancellationToken cancellationToken)
{
    try
    {
        await client.SignInAsync(options.Email, options.Password, cancellationToken);
    }
    catch (WarblerApiException refused) when (refused.StatusCode == System.Net.HttpStatusCode.Unauthorized && options.Register)
    {
        await client.RegisterAsync(options.Email, options.Password, cancellationToken);
        await client.SignInAsync(options.Email, options.Password, cancellationToken);
    }
}

static async Task CreateRoomAsync(WarblerClient client, string title, IReadOnlyList<string> invite, CancellationToken cancellationToken)
{
    var members = new List<Guid>();
    foreach (var email in invite)
    {
        var found = await client.SearchUsersAsync(email, cancellationToken);
        if (found.Count != 1)
        {
            throw new WarblerApiException(System.Net.HttpStatusCode.NotFound, "Not found", $"There is no user with the email {email}.");
        }

        members.Add(found[0].Id);
    }

    var room = await client.CreateGroupRoomAsync(title, members, cancellationToken: cancellationToken);
    Console.WriteLine($"Created room '{title}' ({room.Id}).");
}
