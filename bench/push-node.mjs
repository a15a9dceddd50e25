// The Node `web-push` package preparing the same messages as Orka's push_prepare benchmark:
// encryption and a VAPID header for each (the package signs a new token every time).
import webpush from "web-push";
import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const payload = Buffer.from(input.payload, "base64");
const options = {
  vapidDetails: { subject: input.subject, publicKey: input.public_key, privateKey: input.private_key },
  TTL: input.ttl,
  urgency: "normal",
  topic: input.topic,
  contentEncoding: "aes128gcm",
};
for (const s of input.subscriptions.slice(0, 500)) webpush.generateRequestDetails(s, payload, options);
const start = process.hrtime.bigint();
let bytes = 0;
for (const s of input.subscriptions) bytes += webpush.generateRequestDetails(s, payload, options).body.length;
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`prepared ${input.subscriptions.length} messages (${Math.round(bytes / 1024)} KiB) in ${secs.toFixed(2)} s`);
console.log(`RESULT node_per_sec=${Math.round(input.subscriptions.length / secs)}`);
