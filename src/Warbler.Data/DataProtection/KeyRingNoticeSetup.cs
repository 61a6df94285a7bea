using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Warbler.Data.DataProtection;

/// <summary>
/// Stores new keys through <see cref="UnencryptedKeyRingNotice"/> unless an encryptor
/// (<c>ProtectKeysWith*</c>) was configured. <paramref name="describeStore"/> names where the key
/// ring is stored.
/// </summary>
internal sealed class KeyRingNoticeSetup(ILoggerFactory loggers, Func<string> describeStore)
    : IPostConfigureOptions<KeyManagementOptions>
{
    public void PostConfigure(string? name, KeyManagementOptions options)
    {
        if (options.XmlEncryptor is not null)
        {
            return;
        }

        // Described when a key is made, after the start has validated the database settings: an
        // invalid setting must stop the server with its own message, not fail here first.
        options.XmlEncryptor = new UnencryptedKeyRingNotice(loggers.CreateLogger<UnencryptedKeyRingNotice>(), describeStore);
    }
}
