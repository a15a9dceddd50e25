// A small native-app client of Orka's API, typed from `/api/v1/openapi.json` by
// openapi-typescript and calling it through openapi-fetch. `schema.d.ts` is generated from the
// running server when the browser tests run (api-client.spec.ts) and is not kept in the
// repository: if the document drifts from what this client needs, it fails to compile, and if it
// drifts from what the server does, the run fails.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type SubmitResult = components["schemas"]["SubmitResultDto"];
export type CheckInBody = components["schemas"]["CheckInBody"];

/** The API as a signed-in app sees it: every call carries the person's access token. */
export function orka(baseUrl: string, accessToken: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${accessToken}` } });
}

/** The ISO week of a day (`2026-W49`) as Orka counts it: in Europe/Stockholm. */
export function isoWeek(at: Date): string {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Stockholm" }).format(at);
  const date = new Date(`${day}T00:00:00Z`);
  // The Thursday of this week decides its year (ISO 8601).
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 24 * 3600 * 1000));
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The weekly check-in as an app does it: who is signed in, this week's answers, read back. */
export async function weeklyCheckIn(baseUrl: string, accessToken: string, answers: CheckInBody, now = new Date()) {
  const api = orka(baseUrl, accessToken);
  const me = await api.GET("/api/v1/me");
  if (!me.data) throw new Error(`GET /api/v1/me: ${me.response.status} ${JSON.stringify(me.error)}`);
  const week = isoWeek(now);
  const sent = await api.PUT("/api/v1/checkins/{iso_week}", { params: { path: { iso_week: week } }, body: answers });
  if (!sent.data) throw new Error(`PUT check-in: ${sent.response.status} ${JSON.stringify(sent.error)}`);
  const stored = await api.GET("/api/v1/checkins/{iso_week}", { params: { path: { iso_week: week } } });
  if (!stored.data) throw new Error(`GET check-in: ${stored.response.status} ${JSON.stringify(stored.error)}`);
  return { me: me.data, week, result: sent.data, stored: stored.data };
}
