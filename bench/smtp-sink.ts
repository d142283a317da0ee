/**
 * A local SMTP sink for the delivery-rate figure: smtp-server on 127.0.0.1, no auth, no TLS, every
 * message read to its end and counted, then thrown away (not parsed: tests/helpers/smtp.ts parses
 * each message with mailparser, which would make the sink, not Cairn, the thing measured).
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type BenchSmtpSink = {
  url: string;
  received: () => number;
  bytes: () => number;
  close: () => Promise<void>;
};

export async function startBenchSmtpSink(port: number): Promise<BenchSmtpSink> {
  let received = 0;
  let bytes = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    received: () => received,
    bytes: () => bytes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
