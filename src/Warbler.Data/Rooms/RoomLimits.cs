namespace Warbler.Data.Rooms;

public static class RoomLimits
{
    public const int TitleMaxLength = 200;

    public const int ClientMessageIdMaxLength = 100;

    public const int AttachmentNameMaxLength = 200;
}
