namespace Warbler.Data.Responses;

public static class StoredResponseLimits
{
    /// <summary>OpenAI's ids are <c>resp_</c> and 50 hexadecimal digits; an upstream's may be longer.</summary>
    public const int IdMaxLength = 128;
}
