using Warbler.Testing;

namespace Warbler.Client.Tests.Samples;

/// <summary>The samples, built with the solution, run as a user runs them against a real Warbler on a loopback port.</summary>
public sealed class SampleTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task ConsoleChat_PrintsTheBotsReplyToALineFromStandardInput()
    {
        var email = ChatUsers.NewEmail("ann");
        await using var chat = SampleProcess.Start(
            "ConsoleChat", "--url", _host.BaseAddress.ToString(), "--email", email, "--password", ChatUsers.Password, "--register");

        await chat.Input.WriteLineAsync("What is a warbler?");
        chat.Input.Close();
        var exitCode = await chat.WaitForExitAsync();

        Assert.True(exitCode == 0, $"Exit code {exitCode}.\n{chat.Describe()}");
        Assert.Contains("Assistant> Hello from the fake upstream.", chat.Output);
        Assert.Contains("Talking to @assistant", chat.Errors);
        var asked = _host.Upstream.Requests.Select(r => r.Body).Where(body => body.Contains("What is a warbler?", StringComparison.Ordinal));
        Assert.Single(asked);
    }

    [Fact]
    public async Task ConsoleChat_WithAWrongPassword_SaysSoAndExitsWith1()
    {
        using var ann = await _host.SignUpAsync("ann");
        await using var chat = SampleProcess.Start("ConsoleChat", "--url", _host.BaseAddress.ToString(), "--email", ann.Email, "--password", "not the password");

        var exitCode = await chat.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("Warbler answered 401", chat.Errors);
    }

    [Fact]
    public async Task EchoBot_AnswersAMessageThatMentionsIt_PostedByAnotherUser()
    {
        using var ann = await _host.SignUpAsync("ann");
        var botEmail = ChatUsers.NewEmail("echo");
        await using var bot = SampleProcess.Start(
            "EchoBot", "--url", _host.BaseAddress.ToString(), "--email", botEmail, "--password", ChatUsers.Password, "--register",
            "--create-room", "Echo test", "--invite", ann.Email, "--count", "1");
        await bot.WaitForOutputAsync("Listening as @echo");
        var room = Assert.Single(await ann.Client.ListRoomsAsync("Echo test"));

        await ann.Client.SendMessageAsync(room.Id, "Just chatting, nobody mentioned");
        var question = await ann.Client.SendMessageAsync(room.Id, "@echo hello brave new world");
        var exitCode = await bot.WaitForExitAsync();
        var history = (await ann.Client.GetMessagesAsync(room.Id)).Messages;

        Assert.True(exitCode == 0, $"Exit code {exitCode}.\n{bot.Describe()}");
        var answer = Assert.Single(history, m => m.Sender.Name == "echo");
        Assert.Equal("ann: 4 words, backwards: world new brave hello", answer.Text);
        Assert.Equal(question.Id, answer.ReplyTo);
        Assert.Contains($"Answered message {question.Id}", bot.Output);
        Assert.Equal(["ann", "echo"], room.Members.Select(m => m.Name).Order());
    }

    [Fact]
    public async Task EchoBot_WithoutCredentials_PrintsItsUsageAndExitsWith2()
    {
        await using var bot = SampleProcess.Start("EchoBot", "--url", _host.BaseAddress.ToString());

        var exitCode = await bot.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("Give an email and a password", bot.Errors);
        Assert.Contains("Usage: EchoBot", bot.Errors);
    }
}
