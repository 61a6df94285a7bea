namespace Warbler.Contracts.Realtime;

/// <summary>The names of the events the hub sends (<see cref="IChatHubClient"/>), for clients that listen by name.</summary>
public static class HubEventNames
{
    public const string MessageCreated = nameof(IChatHubClient.messageCreated);

    public const string MessageDelta = nameof(IChatHubClient.messageDelta);

    public const string MessageCompleted = nameof(IChatHubClient.messageCompleted);

    public const string ToolStep = nameof(IChatHubClient.toolStep);

    public const string MessageUpdated = nameof(IChatHubClient.messageUpdated);

    public const string MessageDeleted = nameof(IChatHubClient.messageDeleted);

    public const string Typing = nameof(IChatHubClient.typing);

    public const string ReadReceipt = nameof(IChatHubClient.readReceipt);

    public const string RoomUpdated = nameof(IChatHubClient.roomUpdated);

    public const string RoomRemoved = nameof(IChatHubClient.roomRemoved);

    public const string BudgetAlert = nameof(IChatHubClient.budgetAlert);
}
