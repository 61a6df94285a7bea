using System.Text;

namespace Warbler.Chat.Files;

/// <summary>Collects a document's text up to a number of characters, and remembers whether it had to stop.</summary>
internal sealed class TextBudget(int maxCharacters)
{
    private readonly StringBuilder _text = new();

    public bool Full => Truncated || _text.Length >= maxCharacters;

    public bool Truncated { get; private set; }

    /// <summary>Appends what fits; false once the budget is spent.</summary>
    public bool Append(ReadOnlySpan<char> text)
    {
        if (Truncated)
        {
            return false;
        }

        var room = maxCharacters - _text.Length;
        if (text.Length > room)
        {
            // Never end on half of a surrogate pair.
            var cut = room > 0 && char.IsHighSurrogate(text[room - 1]) ? room - 1 : room;
            _text.Append(text[..cut]);
            Truncated = true;
            return false;
        }

        _text.Append(text);
        return true;
    }

    /// <summary>Appends a block (paragraph, heading, page) separated from the one before by a blank line.</summary>
    public bool AppendBlock(string block)
    {
        var trimmed = block.AsSpan().TrimEnd();
        if (trimmed.IsEmpty)
        {
            return !Truncated;
        }

        return (_text.Length == 0 || Append("\n\n")) && Append(trimmed);
    }

    /// <summary>Marks the text as cut when there was more than the budget allowed.</summary>
    public void MarkTruncated() => Truncated = true;

    public ExtractedText Result() => new(_text.ToString(), Truncated);
}
