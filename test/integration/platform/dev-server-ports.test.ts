import net from 'node:net';
import { startDevServer } from '../../../src/dev/temporal-dev-server';

// The real Temporal CLI (its path set by the global setup): a frontend port someone else holds (and which answers
// TCP, so waiting for the port alone would be fooled) is refused in seconds with the CLI's own reason, after the
// retries a lost port race gets; it is not reported as a frontend that never became ready a minute later.
it('refuses a taken frontend port at once with the dev server’s own reason, after its retries', async () => {
  const cliPath = process.env.TERMINUS_TEMPORAL_CLI;
  if (!cliPath) throw new Error('TERMINUS_TEMPORAL_CLI is not set (the jest global setup sets it)');
  const holder = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as net.AddressInfo;
  try {
    const began = Date.now();
    await expect(startDevServer({ cliPath, port, uiPort: false, startTimeoutMs: 60_000 })).rejects.toThrow(
      /temporal dev server exited .*address already in use/,
    );
    expect(Date.now() - began).toBeLessThan(45_000);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
}, 90_000);
