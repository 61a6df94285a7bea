namespace Warbler.Data.Knowledge;

public static class KnowledgeLimits
{
    public const int NameMaxLength = 100;

    public const int DescriptionMaxLength = 2_000;

    public const int ModelMaxLength = 256;

    public const int FileNameMaxLength = 255;

    public const int MediaTypeMaxLength = 128;

    public const int HeadingMaxLength = 1_000;

    public const int ErrorMaxLength = 2_000;

    /// <summary>What a source shows of its passage.</summary>
    public const int PassageMaxLength = 600;
}
