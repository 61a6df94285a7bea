using Warbler.Cluster;

namespace Warbler.Chat.Knowledge;

internal static class KnowledgeServiceCollectionExtensions
{
    /// <summary>Registers knowledge bases: their options, ingestion in the background, the vector store and retrieval for replies.</summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>();
        services.AddSingleton<IngestionQueue>();
        services.AddScoped<DocumentIngester>();
        services.AddSingleton<InMemoryVectorStore>();
        services.AddSingleton<KnowledgeVectorStore>();
        services.AddSingleton<IVectorStore>(provider => provider.GetRequiredService<KnowledgeVectorStore>());
        services.AddClusterNoticeHandler<KnowledgeNotice, KnowledgeNoticeHandler>(KnowledgeNotice.Topic);
        services.AddSingleton<KnowledgeRetriever>();
        services.AddHostedService<VectorStoreStarter>();
        services.AddHostedService<IngestionWorker>();
        return services;
    }
}
