// Single sign-on on the sign-in page: the providers' buttons, whether password sign-up and sign-in
// are on, and the error a failed sign-on comes back with (/?signOnError=CODE).
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import type { components } from "../api-types";

export type SignInOptions = components["schemas"]["SignOnProvidersResponse"];

/** Read once when the app loads, before the app moves a visitor to /signin (which drops the query). */
const startError = new URLSearchParams(location.search).get("signOnError");

/** The server sends a code, never text, so a link cannot make this page say anything. */
const messages: Record<string, string> = {
  failed: "The sign-in with your identity provider did not succeed. Try again.",
  unavailable: "Your identity provider could not be reached. Try again later.",
  "storage-unavailable": "Warbler's database was busy or unavailable. Sign in again in a moment.",
  "email-taken":
    "An account already has this email, and your identity provider does not say the email is verified. Sign in with your password, or ask an admin.",
  locked: "This account is locked. Try again later, or ask an admin.",
};

export function signOnErrorMessage(): string | null {
  if (!startError) return null;
  return messages[startError] ?? messages.failed;
}

/** Null while loading; on failure, password sign-in only (as before single sign-on). */
export function useSignInOptions(): SignInOptions | null {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    get<SignInOptions>("/api/auth/providers").then(setOptions, () =>
      setOptions({ providers: [], passwordSignUp: true, passwordSignIn: true }),
    );
  }, []);
  return options;
}
