import { useSession } from "../session";

export function Home() {
  const session = useSession();
  return (
    <div class="home">
      <div class="home-card">
        <img src="/favicon.svg" alt="" width={56} height={56} />
        <h1>Hello, {session.me.displayName}</h1>
        <p class="muted">Pick a conversation on the left, or start a new chat with a bot. In a group, mention a bot with @ to ask it.</p>
      </div>
    </div>
  );
}
