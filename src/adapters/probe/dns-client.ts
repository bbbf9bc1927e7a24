import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, RecordType } from 'dns-packet';
import type { UnknownReason } from '../../domain/fingerprints/observation';
import type { ResolverAddress } from './resolver-address';

/**
 * A minimal stub resolver on dns-packet: one question, recursion desired, a hard timeout per attempt, TCP when
 * the UDP answer is truncated. It keeps the raw response code so callers can tell facts (NXDOMAIN, NODATA)
 * from "could not tell" (SERVFAIL, REFUSED, timeout), and it never caches (every probe sees the present).
 */

/** A response as received, or why none was usable. */
export type DnsQueryResult =
  | { kind: 'response'; rcode: string; authoritative: boolean; answers: Answer[]; authorities: Answer[] }
  | { kind: 'unknown'; reason: UnknownReason; detail: string };

/** Options; timeouts are per attempt, and attempts rotate over the servers. */
export interface DnsClientOptions {
  servers: ResolverAddress[];
  timeoutMs: number;
  attempts: number;
}

/** Sends DNS questions. */
export interface DnsClient {
  query(name: string, type: RecordType): Promise<DnsQueryResult>;
}

const AA = 1 << 10;
const TC = 1 << 9;
const RD = 1 << 8;

function randomId(): number {
  return Math.floor(Math.random() * 0xffff);
}

function toResult(packet: DecodedPacket): DnsQueryResult {
  return {
    kind: 'response',
    rcode: (packet as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR',
    authoritative: ((packet.flags ?? 0) & AA) !== 0,
    answers: packet.answers ?? [],
    authorities: packet.authorities ?? [],
  };
}

function timeoutResult(server: ResolverAddress, ms: number): DnsQueryResult {
  return { kind: 'unknown', reason: 'timeout', detail: `no answer from ${server.host}:${server.port} within ${ms} ms` };
}

function errorResult(server: ResolverAddress, error: Error): DnsQueryResult {
  return { kind: 'unknown', reason: 'error', detail: `${server.host}:${server.port}: ${error.message}` };
}

function queryUdp(
  server: ResolverAddress,
  message: Buffer,
  id: number,
  timeoutMs: number,
): Promise<DnsQueryResult | 'truncated'> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const finish = (result: DnsQueryResult | 'truncated'): void => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => finish(timeoutResult(server, timeoutMs)), timeoutMs);
    socket.on('error', (error) => finish(errorResult(server, error)));
    socket.on('message', (buf, rinfo) => {
      if (rinfo.port !== server.port) return;
      let packet: DecodedPacket;
      try {
        packet = dnsPacket.decode(buf);
      } catch {
        return; // not a DNS message for us: keep waiting until the timeout
      }
      if (packet.id !== id || packet.type !== 'response') return;
      finish(((packet.flags ?? 0) & TC) !== 0 ? 'truncated' : toResult(packet));
    });
    socket.send(message, server.port, server.host, (error) => {
      if (error) finish(errorResult(server, error));
    });
  });
}

function queryTcp(server: ResolverAddress, message: Buffer, id: number, timeoutMs: number): Promise<DnsQueryResult> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    const socket = net.connect({ host: server.host, port: server.port });
    const finish = (result: DnsQueryResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(timeoutResult(server, timeoutMs)), timeoutMs);
    socket.on('error', (error) => finish(errorResult(server, error)));
    socket.on('connect', () => {
      const framed = Buffer.alloc(message.length + 2);
      framed.writeUInt16BE(message.length, 0);
      message.copy(framed, 2);
      socket.write(framed);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 2 || buffer.length < 2 + buffer.readUInt16BE(0)) return;
      try {
        const packet = dnsPacket.decode(buffer.subarray(2, 2 + buffer.readUInt16BE(0)));
        finish(packet.id === id ? toResult(packet) : errorResult(server, new Error('mismatched response id')));
      } catch (error) {
        finish(errorResult(server, error as Error));
      }
    });
  });
}

/** Creates a client. Throws when no server is given (a configuration error, not an unknown answer). */
export function createDnsClient(options: DnsClientOptions): DnsClient {
  if (options.servers.length === 0) throw new Error('no DNS resolver configured');
  return {
    async query(name, type) {
      let last: DnsQueryResult = { kind: 'unknown', reason: 'error', detail: 'no attempt made' };
      for (let attempt = 0; attempt < Math.max(1, options.attempts); attempt++) {
        const server = options.servers[attempt % options.servers.length]!;
        const id = randomId();
        const message = dnsPacket.encode({ type: 'query', id, flags: RD, questions: [{ type, name }] });
        const udp = await queryUdp(server, message, id, options.timeoutMs);
        last = udp === 'truncated' ? await queryTcp(server, message, id, options.timeoutMs) : udp;
        // A response is an answer (even SERVFAIL); only silence or a socket error is worth another attempt.
        if (last.kind === 'response') return last;
      }
      return last;
    },
  };
}
