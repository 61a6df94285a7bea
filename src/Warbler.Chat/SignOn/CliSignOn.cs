using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;

namespace Warbler.Chat.SignOn;

/// <summary>
/// A sign-on started by the command-line tool: the loopback port it listens on, its state and its
/// PKCE challenge, carried through the provider in the (protected) authentication properties.
/// The server only ever redirects to 127.0.0.1 on that port.
/// </summary>
internal sealed partial record CliSignOn(int Port, string State, string Challenge)
{
    private const string PortKey = "warbler.cli.port";
    private const string StateKey = "warbler.cli.state";
    private const string ChallengeKey = "warbler.cli.challenge";

    public static Dictionary<string, string[]> Validate(int? port, string? state, string? challenge)
    {
        var errors = new Dictionary<string, string[]>();
        if (port is not (>= 1 and <= 65535))
        {
            errors["port"] = ["The loopback port the command-line tool listens on, 1 to 65535."];
        }

        if (state is null || !StateText().IsMatch(state))
        {
            errors["state"] = ["A random value of 8 to 128 letters, digits, '-', '.', '_' or '~'."];
        }

        if (challenge is null || !ChallengeText().IsMatch(challenge))
        {
            errors["challenge"] = ["The S256 PKCE challenge: 43 base64url characters."];
        }

        return errors;
    }

    public void AddTo(AuthenticationProperties properties)
    {
        properties.Items[PortKey] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        properties.Items[StateKey] = State;
        properties.Items[ChallengeKey] = Challenge;
    }

    public static CliSignOn? From(AuthenticationProperties? properties) =>
        properties is not null
        && properties.Items.TryGetValue(PortKey, out var port) && int.TryParse(port, out var number)
        && properties.Items.TryGetValue(StateKey, out var state) && state is not null
        && properties.Items.TryGetValue(ChallengeKey, out var challenge) && challenge is not null
            ? new CliSignOn(number, state, challenge)
            : null;

    public string Callback(string name, string value) =>
        $"http://127.0.0.1:{Port}/callback?{name}={Uri.EscapeDataString(value)}&state={Uri.EscapeDataString(State)}";

    [GeneratedRegex("^[A-Za-z0-9._~-]{8,128}$")]
    private static partial Regex StateText();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex ChallengeText();
}
