using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>
/// One Warbler with a bot and the people who call the rooms API, made once for a class whose tests
/// each make their own rooms: signing in hashes passwords, which is slow.
/// </summary>
public sealed class RoomsCallersFixture : IAsyncLifetime
{
    public GatewayHost Host { get; private set; } = null!;

    /// <summary>The handle of a bot on the fake upstream's model.</summary>
    public string BotHandle { get; } = RoomsClient.NewHandle();

    /// <summary>Ann makes the rooms the tests call on.</summary>
    public HttpClient Ann { get; private set; } = null!;

    /// <summary>Bob is signed in but in none of Ann's rooms.</summary>
    public HttpClient Bob { get; private set; } = null!;

    /// <summary>A user with the admin role, in none of Ann's rooms.</summary>
    public HttpClient Admin { get; private set; } = null!;

    public Guid AnnId { get; private set; }

    public Guid BobId { get; private set; }

    public Guid AdminId { get; private set; }

    public async Task InitializeAsync()
    {
        // The tests ask for many replies as the same few people, faster than people do.
        Host = await GatewayHost.StartAsync(configure: settings => settings["Chat:UserLimits:BotRequestsPerMinute"] = "0");
        await Host.CreateBotAsync(BotHandle);
        Ann = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        Bob = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("bob"));
        Admin = await Host.CreateAdminUserClientAsync();
        AnnId = await RoomsClient.MyIdAsync(Ann);
        BobId = await RoomsClient.MyIdAsync(Bob);
        AdminId = await RoomsClient.MyIdAsync(Admin);
    }

    public async Task DisposeAsync()
    {
        Ann.Dispose();
        Bob.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}
