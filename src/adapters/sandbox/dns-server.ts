import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import { answerQuery, RCODE, type ZoneSource } from './dns-answer';

/**
 * The sandbox's authoritative DNS server: real DNS on UDP and TCP on one loopback port, answering from a
 * {@link ZoneSource} (normally the app database, read per query). `dig @127.0.0.1 -p PORT forum.example` works
 * against it, and migration probes can use it as their resolver for the sandbox "internet".
 */

export type { ZoneSource, SourceZone } from './dns-answer';

/** Where to listen and what to serve. Port 0 picks a free port (UDP and TCP get the same one). */
export interface SandboxDnsOptions {
  host?: string;
  port?: number;
  source: ZoneSource;
}

/** A running server. `stop` closes both sockets and any open TCP connection. */
export interface SandboxDns {
  port: number;
  host: string;
  stop(): Promise<void>;
}

const TC = 1 << 9;

function optOf(query: DecodedPacket): { udpPayloadSize?: number } | undefined {
  return query.additionals?.find((a) => a.type === 'OPT');
}

/** Encodes a response; over UDP, a response larger than the client accepts is sent truncated (TC) to force TCP. */
function encodeResponse(query: DecodedPacket, res: Packet, maxSize: number): Buffer {
  const opt = optOf(query);
  const withOpt: Packet = opt
    ? {
        ...res,
        additionals: [
          ...(res.additionals ?? []),
          { type: 'OPT', name: '.', udpPayloadSize: 1232 } as unknown as Answer,
        ],
      }
    : res;
  const buf = dnsPacket.encode(withOpt);
  if (buf.length <= maxSize) return buf;
  return dnsPacket.encode({ ...withOpt, flags: (withOpt.flags ?? 0) | TC, answers: [], authorities: [] });
}

async function handle(
  message: Buffer,
  source: ZoneSource,
  maxSize: (q: DecodedPacket) => number,
): Promise<Buffer | null> {
  let query: DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    // Not even a header we can answer to: drop it, as real servers do.
    if (message.length < 12) return null;
    const id = message.readUInt16BE(0);
    return dnsPacket.encode({ type: 'response', id, flags: RCODE.FORMERR, questions: [], answers: [] });
  }
  if (query.type === 'response') return null;
  const res = await answerQuery(query, source);
  return encodeResponse(query, res, maxSize(query));
}

function listenUdp(host: string, port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function listenTcp(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function serveTcp(socket: net.Socket, source: ZoneSource): void {
  let buffer = Buffer.alloc(0);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 2) {
      const length = buffer.readUInt16BE(0);
      if (buffer.length < 2 + length) return;
      const message = buffer.subarray(2, 2 + length);
      buffer = buffer.subarray(2 + length);
      void handle(message, source, () => 65535).then((out) => {
        if (!out || socket.destroyed) return;
        const framed = Buffer.alloc(2 + out.length);
        framed.writeUInt16BE(out.length, 0);
        out.copy(framed, 2);
        socket.write(framed);
      });
    }
  });
}

/** Starts the server; resolves once both UDP and TCP listen. */
export async function startSandboxDns(options: SandboxDnsOptions): Promise<SandboxDns> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  // With port 0 the UDP port the OS picks may be taken on TCP: try a few times.
  for (let attempt = 0; ; attempt++) {
    const udp = await listenUdp(host, options.port ?? 0);
    const port = udp.address().port;
    const tcp = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serveTcp(socket, options.source);
    });
    try {
      await listenTcp(tcp, host, port);
    } catch (err) {
      udp.close();
      if ((options.port ?? 0) !== 0 || attempt >= 5) throw err;
      continue;
    }
    udp.on('message', (msg, rinfo) => {
      void handle(msg, options.source, (q) => Math.max(512, optOf(q)?.udpPayloadSize ?? 512)).then((out) => {
        if (out) udp.send(out, rinfo.port, rinfo.address, () => undefined);
      });
    });
    udp.on('error', () => undefined);
    return {
      port,
      host,
      async stop() {
        for (const s of sockets) s.destroy();
        await Promise.all([
          new Promise<void>((resolve) => udp.close(() => resolve())),
          new Promise<void>((resolve) => tcp.close(() => resolve())),
        ]);
      },
    };
  }
}
