using System.Net;
using System.Xml.Linq;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Security;

/// <summary>
/// The Data Protection key ring in the database: a sign-in token outlives restarts, whether the key
/// that signed it was stored as Warbler stores keys now (marked unencrypted, with a line saying so)
/// or as earlier versions stored them (bare), so an upgrade signs no one out.
/// </summary>
public sealed class KeyRingTests
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    [Fact]
    public async Task Restart_TokenSignedWithKeyStoredNowOrByEarlierVersions_StillAccepted()
    {
        var databasePath = GatewayHost.NewDatabasePath();
        var log = new LogCapture();
        try
        {
            var email = ChatUsers.NewEmail("keyring");
            AccessTokens tokens;
            await using (var first = await GatewayHost.StartAsync(databasePath: databasePath, logger: log))
            {
                await first.RegisterAsync(email);
                tokens = await first.LoginAsync(email);
            }

            Assert.Contains(log.Lines, line => line.StartsWith("Information Warbler.Data.DataProtection.UnencryptedKeyRingNotice[1] Created a Data Protection key.", StringComparison.Ordinal));
            Assert.DoesNotContain(log.Lines, line => line.Contains("No XML encryptor configured", StringComparison.Ordinal));
            await AssertSignedInAsync(databasePath, tokens);

            await StoreKeysAsEarlierVersionsDidAsync(TestDatabase.Named(databasePath));
            await AssertSignedInAsync(databasePath, tokens);
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    private static async Task AssertSignedInAsync(string databasePath, AccessTokens tokens)
    {
        await using var host = await GatewayHost.StartAsync(databasePath: databasePath);
        using var client = host.CreateClient(tokens);
        using var response = await client.GetAsync("/api/me");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/api/me answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Unwraps each key's master key from its <c>encryptedSecret</c> marker: the XML earlier versions stored.</summary>
    private static async Task StoreKeysAsEarlierVersionsDidAsync(TestDatabase database)
    {
        var keys = await database.QueryAsync("SELECT \"Id\", \"Xml\" FROM data_protection_keys", reader => (Id: reader.GetInt32(0), Xml: reader.GetString(1)));
        Assert.NotEmpty(keys);
        foreach (var (id, xml) in keys)
        {
            var key = XElement.Parse(xml);
            var marker = Assert.Single(key.Descendants(DataProtection + "encryptedSecret"));
            marker.ReplaceWith(Assert.Single(marker.Descendants("masterKey")));
            Assert.Equal(1, await database.ExecuteAsync($"UPDATE data_protection_keys SET \"Xml\" = '{key.ToString(SaveOptions.DisableFormatting).Replace("'", "''", StringComparison.Ordinal)}' WHERE \"Id\" = {id}"));
        }
    }
}
