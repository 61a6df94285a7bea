using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;

namespace Warbler.Data.Knowledge;

internal sealed class KnowledgeConfiguration :
    IEntityTypeConfiguration<KnowledgeBase>, IEntityTypeConfiguration<KnowledgeDocument>, IEntityTypeConfiguration<KnowledgeChunk>,
    IEntityTypeConfiguration<BotKnowledgeBase>, IEntityTypeConfiguration<MessageSource>
{
    public void Configure(EntityTypeBuilder<KnowledgeBase> builder)
    {
        builder.ToTable("knowledge_bases");
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(KnowledgeLimits.NameMaxLength);
        builder.Property(b => b.Description).HasMaxLength(KnowledgeLimits.DescriptionMaxLength);
        builder.Property(b => b.EmbeddingModel).HasMaxLength(KnowledgeLimits.ModelMaxLength);
    }

    public void Configure(EntityTypeBuilder<KnowledgeDocument> builder)
    {
        builder.ToTable("knowledge_documents");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.FileName).HasMaxLength(KnowledgeLimits.FileNameMaxLength);
        builder.Property(d => d.MediaType).HasMaxLength(KnowledgeLimits.MediaTypeMaxLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Error).HasMaxLength(KnowledgeLimits.ErrorMaxLength);
        builder.Property(d => d.EmbeddingModel).HasMaxLength(KnowledgeLimits.ModelMaxLength);
        builder.HasOne<KnowledgeBase>().WithMany().HasForeignKey(d => d.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.KnowledgeBaseId, d.CreatedAt });

        // Pending documents are found again at start.
        builder.HasIndex(d => d.Status);
    }

    public void Configure(EntityTypeBuilder<KnowledgeChunk> builder)
    {
        builder.ToTable("knowledge_chunks");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.HeadingPath).HasMaxLength(KnowledgeLimits.HeadingMaxLength);
        builder.HasOne<KnowledgeDocument>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.DocumentId, c.Ordinal }).IsUnique();
        builder.HasIndex(c => c.KnowledgeBaseId);
    }

    public void Configure(EntityTypeBuilder<BotKnowledgeBase> builder)
    {
        builder.ToTable("bot_knowledge_bases");
        builder.HasKey(l => new { l.BotId, l.KnowledgeBaseId });
        builder.HasOne<Bot>().WithMany().HasForeignKey(l => l.BotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KnowledgeBase>().WithMany().HasForeignKey(l => l.KnowledgeBaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.KnowledgeBaseId);
    }

    public void Configure(EntityTypeBuilder<MessageSource> builder)
    {
        builder.ToTable("message_sources");

        // The document may be deleted later; the reply's history still names it.
        builder.Property(s => s.DocumentName).HasMaxLength(KnowledgeLimits.FileNameMaxLength);
        builder.Property(s => s.Heading).HasMaxLength(KnowledgeLimits.HeadingMaxLength);
        builder.Property(s => s.Passage).HasMaxLength(KnowledgeLimits.PassageMaxLength);
        builder.HasOne<Message>().WithMany().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.MessageId, s.Index }).IsUnique();
    }
}
