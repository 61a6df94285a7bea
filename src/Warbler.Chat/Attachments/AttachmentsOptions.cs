namespace Warbler.Chat.Attachments;

/// <summary>The <c>Chat:Attachments</c> section: how files on messages reach bots, and how long an unsent upload is kept.</summary>
public sealed class AttachmentsOptions
{
    public const string SectionName = "Chat:Attachments";

    /// <summary>An upload not sent with a message within this time is removed.</summary>
    public TimeSpan UnsentLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often uploads never sent are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What one image counts against a bot's context budget, in tokens. Providers count an image by
    /// its size (OpenAI's high detail: 765 for 1024×1024, 1,105 for 2048×1024); one figure for all
    /// keeps the budget simple and close.
    /// </summary>
    public int ImageTokens { get; set; } = 1_000;

    /// <summary>
    /// Models that read images, as names with <c>*</c> for any characters (case-insensitive). The
    /// known vision models are listed by default; entries configured here are added to them.
    /// </summary>
    public List<string> ImageModels { get; set; } =
    [
        "gpt-4o*", "chatgpt-4o*", "gpt-4.1*", "gpt-4.5*", "gpt-4-turbo*", "gpt-4-vision*", "gpt-5*", "o1", "o1-20*", "o3", "o3-20*", "o3-pro*", "o4*",
        "claude-3*", "claude-sonnet-4*", "claude-opus-4*", "claude-haiku-4*", "claude-*-4-*",
        "gemini*", "gemma-3*", "gemma3*", "pixtral*", "mistral-small-3*", "mistral-medium*", "llava*", "bakllava*", "minicpm-v*", "moondream*",
        "*vision*", "*-vl", "*-vl-*", "*-vl:*", "qwen-vl*", "qvq*", "glm-4v*", "grok-*vision*", "llama-4*", "llama4*",
    ];

    /// <summary>Models that do not read images even though a pattern of <see cref="ImageModels"/> names them.</summary>
    public List<string> TextOnlyModels { get; set; } = [];
}

internal sealed class AttachmentsOptionsValidator : IValidateOptions<AttachmentsOptions>
{
    public ValidateOptionsResult Validate(string? name, AttachmentsOptions options)
    {
        var failures = new List<string>();
        if (options.UnsentLifetime < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{AttachmentsOptions.SectionName}:UnsentLifetime must be at least 00:01:00 (it is {options.UnsentLifetime:c}).");
        }

        if (options.SweepInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{AttachmentsOptions.SectionName}:SweepInterval must be at least 00:00:01 (it is {options.SweepInterval:c}).");
        }

        if (options.ImageTokens is < 0 or > 100_000)
        {
            failures.Add($"{AttachmentsOptions.SectionName}:ImageTokens must be between 0 and 100000 (it is {options.ImageTokens}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
