import { linkHandler } from "../router";
import { useSession } from "../session";
import { BotsPage } from "./BotsPage";
import { KeysPage } from "./KeysPage";
import { KnowledgePage } from "./KnowledgePage";
import { ProvidersPage } from "./ProvidersPage";
import { ToolsPage } from "./ToolsPage";
import { UsagePage } from "./UsagePage";

const titles = { usage: "Usage", keys: "API keys", providers: "Providers", bots: "Bots", knowledge: "Knowledge", tools: "Tools" } as const;

export function AdminPage({ page }: { page: keyof typeof titles }) {
  const session = useSession();
  return (
    <section class="admin" aria-label={titles[page]}>
      <header class="chat-head">
        <a class="back" href="/" onClick={linkHandler("/")} aria-label="Back to rooms">
          ‹
        </a>
        <div>
          <h1>{titles[page]}</h1>
          <nav class="tabs" aria-label="Admin pages">
            {(Object.keys(titles) as (keyof typeof titles)[]).map((p) => (
              <a key={p} href={`/admin/${p}`} onClick={linkHandler(`/admin/${p}`)} class={p === page ? "active" : ""}>
                {titles[p]}
              </a>
            ))}
          </nav>
        </div>
      </header>
      <div class="admin-body">
        {!session.isAdmin ? (
          <p class="error" role="alert">
            Only admins see this page. An admin key holder can make you one (PUT /api/admin/users/&#123;id&#125;/roles/admin).
          </p>
        ) : page === "bots" ? (
          <BotsPage />
        ) : page === "keys" ? (
          <KeysPage />
        ) : page === "providers" ? (
          <ProvidersPage />
        ) : page === "knowledge" ? (
          <KnowledgePage />
        ) : page === "tools" ? (
          <ToolsPage />
        ) : (
          <UsagePage />
        )}
      </div>
    </section>
  );
}
