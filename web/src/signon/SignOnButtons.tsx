import type { SignInOptions } from "./signOn";

/** One "Sign in with …" button per provider: plain links, since the sign-in is a round trip through the provider. */
export function SignOnButtons({ providers }: { providers: SignInOptions["providers"] }) {
  if (providers.length === 0) return null;
  return (
    <div class="sign-on">
      {providers.map((provider) => (
        <a key={provider.name} class="button sign-on-button" href={`/api/auth/sign-on/${encodeURIComponent(provider.name)}?returnUrl=%2F`}>
          Sign in with {provider.displayName}
        </a>
      ))}
    </div>
  );
}
