// The embedded OpenID Connect provider as its own process, as an identity provider is in a deployment. It also keeps
// `oidc-provider` (ESM only) out of the stack's own module graph, which jest's CommonJS runtime cannot load on
// Node 20. Started by `startDevOidcProcess` with its options as one JSON argument; prints one ready line with what
// the console needs, and stops on SIGTERM or SIGINT.
import { startDevOidcProvider, type DevOidcOptions } from './oidc-provider';
import { OIDC_READY_PREFIX } from './oidc-process';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as DevOidcOptions;
  const provider = await startDevOidcProvider(options);
  const { issuer, clientId, clientSecret, signInFile } = provider;
  process.stdout.write(`${OIDC_READY_PREFIX}${JSON.stringify({ issuer, clientId, clientSecret, signInFile })}\n`);
  const end = (): void => void provider.stop().finally(() => process.exit(0));
  process.once('SIGTERM', end);
  process.once('SIGINT', end);
}

main().catch((err: unknown) => {
  process.stderr.write(`OIDC provider failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
