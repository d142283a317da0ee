/**
 * Who is acting. Every use case that reads or writes on someone's behalf takes an Actor and checks
 * its permissions itself (src/server/authz.ts); the edges only find the actor (src/auth/session.ts).
 */
export type Actor = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member";
};
