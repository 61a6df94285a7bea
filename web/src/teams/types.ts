import type { components } from "../api-types";

type Schemas = components["schemas"];

export type Team = Schemas["TeamResponse"];
export type TeamMember = Schemas["TeamMemberResponse"];
export type SpendingLimits = Schemas["SpendingLimitsBody"];
export type OwnedKey = Schemas["KeyResponse"];
export type CreatedOwnedKey = Schemas["CreatedKeyResponse"];
