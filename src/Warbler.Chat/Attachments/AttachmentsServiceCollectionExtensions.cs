namespace Warbler.Chat.Attachments;

internal static class AttachmentsServiceCollectionExtensions
{
    /// <summary>Files on messages: uploads, their place in bots' context, their removal, and the sweep of uploads never sent. Needs the file layer (<c>AddWarblerFiles</c>).</summary>
    public static IServiceCollection AddChatAttachments(this IServiceCollection services)
    {
        services.AddOptions<AttachmentsOptions>().BindConfiguration(AttachmentsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachmentsOptions>, AttachmentsOptionsValidator>();
        services.AddSingleton<ImageModels>();
        services.AddSingleton<AttachmentContext>();
        services.AddScoped<AttachmentUploads>();
        services.AddScoped<AttachmentRemoval>();
        services.AddHostedService<UnsentUploadsSweep>();
        return services;
    }
}
