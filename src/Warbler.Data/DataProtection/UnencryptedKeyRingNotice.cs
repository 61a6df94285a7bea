using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Logging;

namespace Warbler.Data.DataProtection;

/// <summary>
/// Stores a new Data Protection key as it is, and says so in plain words. Warbler keeps the key ring
/// in its own database so that every node shares it, and there is nothing it could encrypt the ring
/// with by default that does not end up beside it (a certificate or a secret in <c>./data</c> travels
/// with the database file). So instead of ASP.NET Core's warning that a key "may be persisted to
/// storage in unencrypted form", which names no place and no remedy, one Information line says where
/// the key is and how to protect it. The key is written exactly as ASP.NET Core's
/// <see cref="NullXmlEncryptor"/> writes it (read back by <see cref="NullXmlDecryptor"/>, present in
/// every version), so keys stored before and after, on any node, stay readable.
/// Used only when no <c>ProtectKeysWith*</c> encryptor was configured.
/// </summary>
internal sealed partial class UnencryptedKeyRingNotice(ILogger<UnencryptedKeyRingNotice> logger, Func<string> location) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        StoredUnencrypted(logger, location());
        var element = new XElement("unencryptedKey", new XComment(" This key is not encrypted. "), new XElement(plaintextElement));
        return new EncryptedXmlInfo(element, typeof(NullXmlDecryptor));
    }

    [LoggerMessage(1, LogLevel.Information,
        "Created a Data Protection key. It signs sign-in tokens and cookies and encrypts the API keys of stored providers, and is kept unencrypted in {Location} (table data_protection_keys), beside the data it protects: whoever can read the database or a backup of it can use it, so protect them as you protect the admin key.")]
    private static partial void StoredUnencrypted(ILogger logger, string location);
}
