using Warbler.Contracts.Users;
using Warbler.Testing;

namespace Warbler.Client.Tests;

/// <summary>A person using the client library: their client, signed in, and who they are.</summary>
public sealed record Person(WarblerClient Client, User User, string Email) : IDisposable
{
    public Guid Id => User.Id;

    public void Dispose() => Client.Dispose();
}

/// <summary>Signs people up and in through the client library itself.</summary>
public static class SignedInClients
{
    public static async Task<Person> SignUpAsync(this GatewayHost host, string name, Uri? through = null)
    {
        var email = ChatUsers.NewEmail(name);
        var client = new WarblerClient(through ?? host.BaseAddress);
        await client.RegisterAsync(email, ChatUsers.Password);
        await client.SignInAsync(email, ChatUsers.Password);
        var user = await client.SetDisplayNameAsync(name);
        return new Person(client, user, email);
    }
}
