using System.Text.RegularExpressions;
using Warbler.Gateway.Providers;

namespace Warbler.Chat.Attachments;

/// <summary>
/// Whether a bot's model reads images, by its name (<see cref="AttachmentsOptions.ImageModels"/>,
/// <see cref="AttachmentsOptions.TextOnlyModels"/>). A model not named is taken not to, so its bot
/// says so in words instead of passing on the provider's refusal. The offline demo reads them all.
/// </summary>
internal sealed class ImageModels(IOptions<AttachmentsOptions> options, IProviderDirectory providers)
{
    private readonly Regex[] _image = [.. options.Value.ImageModels.Select(Pattern)];
    private readonly Regex[] _textOnly = [.. options.Value.TextOnlyModels.Select(Pattern)];

    public bool ReadsImages(string model) =>
        providers.IsDemo || (_image.Any(p => p.IsMatch(model)) && !_textOnly.Any(p => p.IsMatch(model)));

    private static Regex Pattern(string glob) => new(
        "^" + Regex.Escape(glob.Trim()).Replace("\\*", ".*", StringComparison.Ordinal) + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromMilliseconds(100));
}
