-- A database as Warbler's migrations made it before they were squashed into one initial migration
-- (src/Warbler.Data/Migrations/Sqlite at commit faf0a44): every table, index and history row, as written by
-- dotnet ef migrations script --project src/Warbler.Data --startup-project src/Warbler.Server --context SqliteWarblerDbContext

CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "api_keys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_api_keys" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "Hash" BLOB NOT NULL,
    "IsAdmin" INTEGER NOT NULL,
    "Models" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NULL,
    "RevokedAt" TEXT NULL
);

CREATE UNIQUE INDEX "IX_api_keys_Hash" ON "api_keys" ("Hash");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125125747_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "usage_records" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_usage_records" PRIMARY KEY AUTOINCREMENT,
    "RequestId" TEXT NOT NULL,
    "KeyId" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "AnsweredModel" TEXT NULL,
    "Provider" TEXT NULL,
    "Status" INTEGER NOT NULL,
    "PromptTokens" INTEGER NOT NULL,
    "CachedTokens" INTEGER NOT NULL,
    "CompletionTokens" INTEGER NOT NULL,
    "Stream" INTEGER NOT NULL,
    "Estimated" INTEGER NOT NULL,
    "LatencyMs" REAL NOT NULL,
    "TimeToFirstTokenMs" REAL NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE INDEX "IX_usage_records_CreatedAt" ON "usage_records" ("CreatedAt");

CREATE INDEX "IX_usage_records_KeyId_CreatedAt" ON "usage_records" ("KeyId", "CreatedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125140029_UsageRecords', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "api_keys" ADD "MaxConcurrentRequests" INTEGER NULL;

ALTER TABLE "api_keys" ADD "RequestsPerMinute" INTEGER NULL;

ALTER TABLE "api_keys" ADD "TokensPerMinute" INTEGER NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125143711_KeyRateLimits', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "api_keys" ADD "DailyTokenBudget" INTEGER NULL;

ALTER TABLE "api_keys" ADD "MonthlyTokenBudget" INTEGER NULL;

ALTER TABLE "api_keys" ADD "TokenBudget" INTEGER NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125144453_KeyTokenBudgets', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "usage_records" ADD "Cost" TEXT NULL;

ALTER TABLE "api_keys" ADD "CostBudget" TEXT NULL;

ALTER TABLE "api_keys" ADD "DailyCostBudget" TEXT NULL;

ALTER TABLE "api_keys" ADD "MonthlyCostBudget" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125145906_CostBudgets', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "data_protection_keys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NULL
);

CREATE TABLE "providers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_providers" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "NormalizedName" TEXT NOT NULL,
    "Enabled" INTEGER NOT NULL,
    "Settings" TEXT NOT NULL,
    "ProtectedApiKey" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_providers_NormalizedName" ON "providers" ("NormalizedName");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125150458_RuntimeProviders', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "usage_records" ADD "BotId" TEXT NULL;

ALTER TABLE "usage_records" ADD "UserId" TEXT NULL;

CREATE INDEX "IX_usage_records_UserId_CreatedAt" ON "usage_records" ("UserId", "CreatedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125150850_BotUsage', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "bots" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_bots" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Handle" TEXT NOT NULL,
    "Model" TEXT NOT NULL,
    "SystemPrompt" TEXT NOT NULL,
    "Temperature" REAL NULL,
    "TopP" REAL NULL,
    "MaxTokens" INTEGER NULL,
    "FrequencyPenalty" REAL NULL,
    "PresencePenalty" REAL NULL,
    "ContextBudget" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);

CREATE TABLE "roles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_roles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "users" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_users" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "role_claims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_role_claims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_role_claims_roles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "roles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "user_claims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_user_claims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_user_claims_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "user_logins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_user_logins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_user_logins_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "user_roles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_user_roles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_user_roles_roles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "roles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_user_roles_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "user_tokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_user_tokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_user_tokens_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_bots_Handle" ON "bots" ("Handle");

CREATE INDEX "IX_role_claims_RoleId" ON "role_claims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "roles" ("NormalizedName");

CREATE INDEX "IX_user_claims_UserId" ON "user_claims" ("UserId");

CREATE INDEX "IX_user_logins_UserId" ON "user_logins" ("UserId");

CREATE INDEX "IX_user_roles_RoleId" ON "user_roles" ("RoleId");

CREATE INDEX "EmailIndex" ON "users" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "users" ("NormalizedUserName");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125152550_ChatUsersAndBots', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "rooms" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_rooms" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NULL,
    "OwnerId" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastActivityAt" TEXT NOT NULL
);

CREATE TABLE "messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_messages" PRIMARY KEY AUTOINCREMENT,
    "RoomId" TEXT NOT NULL,
    "SenderUserId" TEXT NULL,
    "SenderBotId" TEXT NULL,
    "Text" TEXT NOT NULL,
    "ClientMessageId" TEXT NULL,
    "ReplyToId" INTEGER NULL,
    "Status" TEXT NOT NULL,
    "Error" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "EditedAt" TEXT NULL,
    "Version" INTEGER NOT NULL,
    "Model" TEXT NULL,
    "PromptTokens" INTEGER NOT NULL,
    "CompletionTokens" INTEGER NOT NULL,
    "TokensEstimated" INTEGER NOT NULL,
    CONSTRAINT "FK_messages_rooms_RoomId" FOREIGN KEY ("RoomId") REFERENCES "rooms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "room_bots" (
    "RoomId" TEXT NOT NULL,
    "BotId" TEXT NOT NULL,
    "AddedAt" TEXT NOT NULL,
    "Instructions" TEXT NULL,
    CONSTRAINT "PK_room_bots" PRIMARY KEY ("RoomId", "BotId"),
    CONSTRAINT "FK_room_bots_rooms_RoomId" FOREIGN KEY ("RoomId") REFERENCES "rooms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "room_members" (
    "RoomId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "JoinedAt" TEXT NOT NULL,
    "LastReadMessageId" INTEGER NULL,
    CONSTRAINT "PK_room_members" PRIMARY KEY ("RoomId", "UserId"),
    CONSTRAINT "FK_room_members_rooms_RoomId" FOREIGN KEY ("RoomId") REFERENCES "rooms" ("Id") ON DELETE CASCADE
);

CREATE TABLE "message_versions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_message_versions" PRIMARY KEY AUTOINCREMENT,
    "MessageId" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Model" TEXT NULL,
    CONSTRAINT "FK_message_versions_messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "messages" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_message_versions_MessageId_Version" ON "message_versions" ("MessageId", "Version");

CREATE INDEX "IX_messages_RoomId_Id" ON "messages" ("RoomId", "Id");

CREATE UNIQUE INDEX "IX_messages_RoomId_SenderUserId_ClientMessageId" ON "messages" ("RoomId", "SenderUserId", "ClientMessageId");

CREATE INDEX "IX_room_members_UserId" ON "room_members" ("UserId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125153317_Rooms', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "messages" ADD "UpdatedAt" TEXT NOT NULL DEFAULT '0001-01-01 00:00:00';

UPDATE messages SET UpdatedAt = COALESCE(EditedAt, CreatedAt);

CREATE INDEX "IX_messages_RoomId_UpdatedAt" ON "messages" ("RoomId", "UpdatedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125154204_MessageUpdatedAt', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "usage_batches" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_usage_batches" PRIMARY KEY,
    "WrittenAt" TEXT NOT NULL
);

CREATE INDEX "IX_usage_batches_WrittenAt" ON "usage_batches" ("WrittenAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261125221140_UsageBatches', '10.0.15');

COMMIT;

