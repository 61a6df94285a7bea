namespace Warbler.Chat.Files;

/// <summary>The kinds of file Warbler accepts.</summary>
public enum FileKind
{
    Image,
    Text,
    Pdf,
    Word,
}
