import { plural } from "@/domain";
import type { CycleTreeNode } from "@/server/get-cycle-tree-page";
import { ObjectiveCard, type ObjectiveCardData } from "./objective-tree";

/**
 * The cycle's aligned tree: each objective's aligned children sit under it inside a
 * <details open>, so any branch can be folded without JavaScript.
 */
export function CycleTree({ nodes, depth = 0 }: { nodes: CycleTreeNode[]; depth?: number }) {
  return (
    <ul
      className={
        depth === 0 ? "space-y-3" : "mt-3 ml-2 space-y-3 border-l-2 border-stone-200 pl-3 sm:ml-5 sm:pl-5"
      }
    >
      {nodes.map((n) => (
        <li key={n.id}>
          <ObjectiveCard objective={toCard(n)} context={!n.match} />
          {n.children.length > 0 && (
            <details open className="group/branch mt-2">
              <summary className="ml-2 inline-flex min-h-8 items-center gap-1 rounded text-xs font-medium text-stone-600 hover:text-stone-900 sm:ml-5">
                <span
                  aria-hidden="true"
                  className="inline-block transition-transform group-open/branch:rotate-90"
                >
                  ▸
                </span>
                {plural(n.children.length, "aligned objective")}
                <span className="sr-only"> under “{n.title}”</span>
              </summary>
              <CycleTree nodes={n.children} depth={depth + 1} />
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

function toCard(n: CycleTreeNode): ObjectiveCardData {
  return {
    id: n.id,
    title: n.title,
    level: n.level,
    ownerName: n.owner.name,
    ownerKind: n.owner.kind,
    status: n.status,
    progress: Number(n.progress),
    expectedProgress: Number(n.expectedProgress),
    statusReason: n.statusReason,
    krCount: n.krCount,
    krCompleted: n.krCompleted,
    notAligned: n.notAligned,
    alignedTo: n.alignedTo,
  };
}
