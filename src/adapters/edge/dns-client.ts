import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DecodedPacket, RecordType } from 'dns-packet';

/**
 * A minimal DNS client for asking one server one question (no recursion, no caching): what the verifier needs to
 * see exactly what our authoritative server answers. UDP by default; TCP on request or when the answer is truncated.
 */

/** A server to ask. */
export interface DnsServerAddress {
  host: string;
  port: number;
}

/** The decoded answer with its response code as a string (`NOERROR`, `NXDOMAIN`, `REFUSED`, ...). */
export type DnsResponse = DecodedPacket & { rcode: string };

const TC = 1 << 9;

function udpQuery(server: DnsServerAddress, query: Buffer, id: number, timeoutMs: number): Promise<DnsResponse> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
    const done = (fn: () => void) => {
      clearTimeout(timer);
      socket.close();
      fn();
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`no answer from ${server.host}:${server.port} within ${timeoutMs} ms`))),
      timeoutMs,
    );
    socket.on('error', (err) => done(() => reject(err)));
    socket.on('message', (msg) => {
      try {
        const res = dnsPacket.decode(msg) as DnsResponse;
        if (res.id === id) done(() => resolve(res));
      } catch {
        // not a DNS message for us: keep waiting
      }
    });
    socket.send(query, server.port, server.host);
  });
}

function tcpQuery(server: DnsServerAddress, query: Buffer, timeoutMs: number): Promise<DnsResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let buffer = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer from ${server.host}:${server.port} (tcp) within ${timeoutMs} ms`)),
    );
    socket.on('error', reject);
    socket.on('connect', () => {
      const framed = Buffer.alloc(2 + query.length);
      framed.writeUInt16BE(query.length, 0);
      query.copy(framed, 2);
      socket.write(framed);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        socket.end();
        try {
          resolve(dnsPacket.decode(buffer.subarray(2, 2 + buffer.readUInt16BE(0))) as DnsResponse);
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
    });
  });
}

/** Asks `server` for `name`/`type` without recursion; falls back to TCP when the UDP answer is truncated. */
export async function queryDns(
  server: DnsServerAddress,
  name: string,
  type: RecordType,
  options: { timeoutMs?: number; transport?: 'udp' | 'tcp' } = {},
): Promise<DnsResponse> {
  const id = Math.floor(Math.random() * 65535);
  const query = dnsPacket.encode({ type: 'query', id, flags: 0, questions: [{ type, name }] });
  const timeoutMs = options.timeoutMs ?? 2000;
  if (options.transport === 'tcp') return tcpQuery(server, query, timeoutMs);
  const res = await udpQuery(server, query, id, timeoutMs);
  return (res.flags ?? 0) & TC ? tcpQuery(server, query, timeoutMs) : res;
}
