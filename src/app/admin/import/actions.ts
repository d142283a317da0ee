"use server";

import { actionActor, done, failed, field } from "@/app/_forms/action";
import type { FormState, FormValues } from "@/app/_forms/form-state";
import { revalidatePath } from "@/app/_forms/revalidate";
import { getDb } from "@/db";
import { isAppError } from "@/lib/errors";
import {
  commitOkrImport,
  describeCounts,
  type ImportPreview,
  MAX_IMPORT_CHARS,
  previewOkrImport,
} from "@/server/import-okrs";
import {
  commitPeopleImport,
  describePeopleCounts,
  type PeopleImportPreview,
  previewPeopleImport,
} from "@/server/import-people";
import {
  commitTeamsImport,
  describeTeamsCounts,
  previewTeamsImport,
  type TeamsImportPreview,
} from "@/server/import-teams";

export type ImportState = {
  preview: ImportPreview | null;
  /** The file's text, sent back with "Import" so that what is committed is what was previewed. */
  csv: string;
  cycleId: string;
  committed: boolean;
};

/** A refused file: the error tone, with the preview (every row's errors) as the result. */
function invalid(values: FormValues, result: ImportState, message: string): FormState<ImportState> {
  return { status: "invalid", message, fields: {}, values, current: null, result, answeredAt: Date.now() };
}

/** The uploaded file's text (or the text sent back from the preview), at most about 2 MB. */
async function csvOf(form: FormData): Promise<string> {
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_IMPORT_CHARS * 2) return "\u0000".repeat(MAX_IMPORT_CHARS + 1);
    return await file.text();
  }
  return field(form, "csv") ?? "";
}

/** Step 1: upload → preview with every row's errors. Writes nothing. */
export async function previewImportAction(
  _: FormState<ImportState>,
  form: FormData,
): Promise<FormState<ImportState>> {
  const cycleId = field(form, "cycleId") ?? "";
  const values = { cycleId };
  try {
    const actor = await actionActor();
    const csv = await csvOf(form);
    const preview = await previewOkrImport(await getDb(), { actor, cycleId, csv });
    const result = { preview, csv, cycleId, committed: false };
    if (!preview.ok) {
      const n = preview.errors.length;
      return invalid(
        values,
        result,
        `${n} problem${n === 1 ? "" : "s"} found; fix the file and upload it again. Nothing was imported.`,
      );
    }
    return done(values, result, `Ready to import ${describeCounts(preview.counts)}.`);
  } catch (e) {
    return failed(e, values);
  }
}

/** Step 2: commit, all or nothing. */
export async function commitImportAction(
  _: FormState<ImportState>,
  form: FormData,
): Promise<FormState<ImportState>> {
  const cycleId = field(form, "cycleId") ?? "";
  const csv = field(form, "csv") ?? "";
  const values = { cycleId };
  try {
    const actor = await actionActor();
    const result = await commitOkrImport(await getDb(), { actor, cycleId, csv, now: new Date() });
    revalidatePath(`/cycles/${result.cycle.id}`);
    return done(
      values,
      { preview: null, csv: "", cycleId, committed: true },
      `Imported into ${result.cycle.name}: ${describeCounts(result.counts)}.`,
    );
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_INPUT" && e.data) {
      // The data changed since the preview: show the fresh preview with its errors.
      const preview = e.data as ImportPreview;
      return invalid(values, { preview, csv, cycleId, committed: false }, e.message);
    }
    return failed(e, values);
  }
}

// ---------------------------------------------------------------------------------------------
// People and teams: the same two steps, without a cycle.

export type DirectoryKind = "people" | "teams";

export type DirectoryImportState = {
  kind: DirectoryKind;
  preview: PeopleImportPreview | TeamsImportPreview | null;
  /** The file's text, sent back with "Import" so that what is committed is what was previewed. */
  csv: string;
  committed: boolean;
};

function kindOf(form: FormData): DirectoryKind {
  return field(form, "kind") === "teams" ? "teams" : "people";
}

/** Step 1 (people or teams): upload → preview with every row's errors. Writes nothing. */
export async function previewDirectoryImportAction(
  _: FormState<DirectoryImportState>,
  form: FormData,
): Promise<FormState<DirectoryImportState>> {
  const kind = kindOf(form);
  const values = { kind };
  try {
    const actor = await actionActor();
    const csv = await csvOf(form);
    const db = await getDb();
    const preview =
      kind === "people"
        ? await previewPeopleImport(db, { actor, csv })
        : await previewTeamsImport(db, { actor, csv });
    const result = { kind, preview, csv, committed: false };
    if (!preview.ok) {
      const n = preview.errors.length;
      return {
        status: "invalid",
        message: `${n} problem${n === 1 ? "" : "s"} found; fix the file and upload it again. Nothing was imported.`,
        fields: {},
        values,
        current: null,
        result,
        answeredAt: Date.now(),
      };
    }
    const summary =
      "people" in preview.counts ? describePeopleCounts(preview.counts) : describeTeamsCounts(preview.counts);
    return done(values, result, `Ready to import ${summary}.`);
  } catch (e) {
    return failed(e, values);
  }
}

/** Step 2 (people or teams): commit, all or nothing. */
export async function commitDirectoryImportAction(
  _: FormState<DirectoryImportState>,
  form: FormData,
): Promise<FormState<DirectoryImportState>> {
  const kind = kindOf(form);
  const csv = field(form, "csv") ?? "";
  const values = { kind };
  try {
    const actor = await actionActor();
    const db = await getDb();
    const now = new Date();
    const summary =
      kind === "people"
        ? describePeopleCounts((await commitPeopleImport(db, { actor, csv, now })).counts)
        : describeTeamsCounts((await commitTeamsImport(db, { actor, csv, now })).counts);
    revalidatePath(kind === "people" ? "/admin/people" : "/admin/teams");
    return done(values, { kind, preview: null, csv: "", committed: true }, `Imported ${kind}: ${summary}.`);
  } catch (e) {
    if (isAppError(e) && e.code === "BAD_INPUT" && e.data) {
      // The data changed since the preview: show the fresh preview with its errors.
      const preview = e.data as PeopleImportPreview | TeamsImportPreview;
      return {
        status: "invalid",
        message: e.message,
        fields: {},
        values,
        current: null,
        result: { kind, preview, csv, committed: false },
        answeredAt: Date.now(),
      };
    }
    return failed(e, values);
  }
}
