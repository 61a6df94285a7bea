// The chat API's records live in Warbler.Contracts, named as the client library shows them
// (Message, Room, Bot, User). Here they keep the names that tell them from the stored entities
// of the same names (Warbler.Data.Rooms.Message, Warbler.Data.Bots.Bot, …).
global using AttachmentResponse = Warbler.Contracts.Messages.MessageAttachment;
global using BotResponse = Warbler.Contracts.Bots.Bot;
global using ConversationRequest = Warbler.Contracts.Conversations.ConversationRequest;
global using ConversationResponse = Warbler.Contracts.Conversations.ConversationReply;
global using CreateBotRequest = Warbler.Contracts.Bots.CreateBotRequest;
global using CreateRoomRequest = Warbler.Contracts.Rooms.CreateRoomRequest;
global using CreateUserRequest = Warbler.Contracts.Users.CreateUserRequest;
global using EditMessageRequest = Warbler.Contracts.Messages.EditMessageRequest;
global using MarkReadRequest = Warbler.Contracts.Rooms.MarkReadRequest;
global using MessagePage = Warbler.Contracts.Messages.MessagePage;
global using MessageResponse = Warbler.Contracts.Messages.Message;
global using MessageSender = Warbler.Contracts.Messages.MessageSender;
global using MessageUsage = Warbler.Contracts.Messages.MessageUsage;
global using MessageVersionResponse = Warbler.Contracts.Messages.MessageVersion;
global using RoomBotResponse = Warbler.Contracts.Rooms.RoomBot;
global using RoomBotSettings = Warbler.Contracts.Rooms.RoomBotSettings;
global using RoomMemberResponse = Warbler.Contracts.Rooms.RoomMember;
global using RoomResponse = Warbler.Contracts.Rooms.Room;
global using SendMessageRequest = Warbler.Contracts.Messages.SendMessageRequest;
global using SessionResponse = Warbler.Contracts.Auth.SessionResponse;
global using UpdateBotRequest = Warbler.Contracts.Bots.UpdateBotRequest;
global using UpdateMeRequest = Warbler.Contracts.Users.UpdateMeRequest;
global using UpdateRoomRequest = Warbler.Contracts.Rooms.UpdateRoomRequest;
global using UserResponse = Warbler.Contracts.Users.User;
global using UserSummary = Warbler.Contracts.Users.UserSummary;
