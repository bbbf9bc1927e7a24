import net from 'node:net';
import { isAddressInUse, retryOnAddressInUse } from '../../src/dev/ports';

/** Binds a loopback port and returns the server (to close) and the error a second bind of the same port gives. */
async function takenPortError(): Promise<{ server: net.Server; error: unknown }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const second = net.createServer();
  const error = await new Promise((resolve) => {
    second.once('error', resolve);
    second.listen(port, '127.0.0.1');
  });
  return { server, error };
}

describe('retryOnAddressInUse', () => {
  it('recognises a taken port from Node and from the Temporal CLI, and nothing else', async () => {
    const { server, error } = await takenPortError();
    server.close();
    expect(isAddressInUse(error)).toBe(true);
    expect(
      isAddressInUse(new Error('failed listening for HTTP API on 127.0.0.1:33629: bind: address already in use')),
    ).toBe(true);
    expect(isAddressInUse(new Error('nothing listens on 127.0.0.1:7233 after 60000 ms'))).toBe(false);
  });

  it('starts again while a picked port was taken, and returns the first start that works', async () => {
    const failures = [new Error('bind: address already in use'), new Error('listen EADDRINUSE: 127.0.0.1:4000')];
    let calls = 0;
    const started = await retryOnAddressInUse(() => {
      calls++;
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : Promise.resolve('started');
    });
    expect(started).toBe('started');
    expect(calls).toBe(3);
  });

  it('gives up after the attempts with the last failure, and never retries another failure', async () => {
    let calls = 0;
    await expect(
      retryOnAddressInUse(() => {
        calls++;
        return Promise.reject(new Error(`bind: address already in use (${calls})`));
      }, 2),
    ).rejects.toThrow('address already in use (2)');
    expect(calls).toBe(2);

    calls = 0;
    await expect(
      retryOnAddressInUse(() => {
        calls++;
        return Promise.reject(new Error('temporal CLI not found'));
      }),
    ).rejects.toThrow('temporal CLI not found');
    expect(calls).toBe(1);
  });
});
