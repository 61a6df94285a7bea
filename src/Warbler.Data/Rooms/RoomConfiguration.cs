using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Rooms;

internal sealed class RoomConfiguration :
    IEntityTypeConfiguration<Room>, IEntityTypeConfiguration<RoomMember>, IEntityTypeConfiguration<RoomBot>,
    IEntityTypeConfiguration<Message>, IEntityTypeConfiguration<MessageVersion>, IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<Room> builder)
    {
        builder.ToTable("rooms");
        builder.Property(r => r.Title).HasMaxLength(RoomLimits.TitleMaxLength);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(r => r.Members).WithOne().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Bots).WithOne().HasForeignKey(b => b.RoomId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RoomMember> builder)
    {
        builder.ToTable("room_members");
        builder.HasKey(m => new { m.RoomId, m.UserId });
        builder.HasIndex(m => m.UserId);
    }

    public void Configure(EntityTypeBuilder<RoomBot> builder)
    {
        builder.ToTable("room_bots");
        builder.HasKey(b => new { b.RoomId, b.BotId });
    }

    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ClientMessageId).HasMaxLength(RoomLimits.ClientMessageIdMaxLength);
        builder.Property(m => m.Model).HasMaxLength(256);
        builder.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.RoomId, m.Id });
        builder.HasIndex(m => new { m.RoomId, m.UpdatedAt });

        // A retried send finds the message it stored before; the database refuses a second one.
        builder.HasIndex(m => new { m.RoomId, m.SenderUserId, m.ClientMessageId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<MessageVersion> builder)
    {
        builder.ToTable("message_versions");
        builder.HasOne<Message>().WithMany().HasForeignKey(v => v.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.MessageId, v.Version }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<MessageAttachment> builder)
    {
        builder.ToTable("message_attachments");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FileName).HasMaxLength(RoomLimits.AttachmentNameMaxLength);
        builder.Property(a => a.MediaType).HasMaxLength(100);
        builder.Property(a => a.Kind).HasMaxLength(16);
        builder.Property(a => a.BlobKey).HasMaxLength(200);
        builder.HasOne<Room>().WithMany().HasForeignKey(a => a.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.RoomId, a.UploaderId });

        // A message's files, and the sweep of old uploads never sent (no message).
        builder.HasIndex(a => new { a.MessageId, a.CreatedAt });
    }
}
