import { useState } from "preact/hooks";
import { ApiError, get, patch, post } from "../api";
import { linkHandler } from "../router";
import type { Me } from "../types";
import { SignOnButtons } from "../signon/SignOnButtons";
import { signOnErrorMessage, useSignInOptions } from "../signon/signOn";

export function AuthPage({ mode, onSignedIn }: { mode: "signin" | "signup"; onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(signOnErrorMessage);
  const [busy, setBusy] = useState(false);
  const options = useSignInOptions();
  const signup = mode === "signup" && options?.passwordSignUp !== false;
  const passwords = signup || options?.passwordSignIn !== false;

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (signup) await post("/api/auth/register", { email, password });
      await post("/api/auth/login?useCookies=true", { email, password });
      if (signup && name.trim()) await patch("/api/me", { displayName: name.trim() });
      onSignedIn(await get<Me>("/api/me"));
    } catch (e) {
      const err = e as ApiError;
      setError(
        err.status === 401 && !signup
          ? err.message === "LockedOut"
            ? "Too many wrong passwords: this account is locked for five minutes."
            : "That email and password do not match an account."
          : err.message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="auth">
      <form class="auth-card" onSubmit={submit} aria-label={signup ? "Sign up" : "Sign in"}>
        <div class="brand big">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <span>Warbler</span>
        </div>
        <h1>{signup ? "Create your account" : "Sign in"}</h1>
        {!signup && <SignOnButtons providers={options?.providers ?? []} />}
        {signup && (
          <label>
            Your name
            <input name="displayName" value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="name" placeholder="How others see you" />
          </label>
        )}
        {passwords && (
          <>
            <label>
              Email
              <input name="email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} autocomplete="email" />
            </label>
            <label>
              Password
              <input
                name="password"
                type="password"
                required
                minLength={signup ? 8 : undefined}
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
                autocomplete={signup ? "new-password" : "current-password"}
              />
            </label>
            {signup && <p class="hint">At least 8 characters. Length counts, not symbols.</p>}
          </>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {passwords && (
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "One moment…" : signup ? "Sign up" : "Sign in"}
          </button>
        )}
        <p class="switch">
          {signup ? (
            <>
              Have an account? <a href="/signin" onClick={linkHandler("/signin")}>Sign in</a>
            </>
          ) : (
            options?.passwordSignUp !== false && (
              <>
                New here? <a href="/signup" onClick={linkHandler("/signup")}>Create an account</a>
              </>
            )
          )}
        </p>
      </form>
    </div>
  );
}
