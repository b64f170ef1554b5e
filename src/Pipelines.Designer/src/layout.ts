import dagre from '@dagrejs/dagre';
import type { PipelineDef } from './model';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

/** Positions for every step: the definition's layout where it has one, dagre (top to bottom) for the rest. */
export function positions(def: PipelineDef): Record<string, { x: number; y: number }> {
  const ids = Object.keys(def.steps);
  const placed = def.layout ?? {};
  const missing = ids.filter((id) => !placed[id]);
  if (missing.length === 0) return Object.fromEntries(ids.map((id) => [id, placed[id]]));

  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const [id, step] of Object.entries(def.steps)) {
    for (const need of step.needs ?? []) if (def.steps[need]) graph.setEdge(need, id);
  }
  dagre.layout(graph);

  // Laid-out nodes keep their place; the automatic ones are shifted to sit beside them.
  const offsetX = missing.length < ids.length ? Math.max(...ids.filter((id) => placed[id]).map((id) => placed[id].x)) + NODE_WIDTH + 60 : 0;
  return Object.fromEntries(
    ids.map((id) => {
      if (placed[id]) return [id, placed[id]];
      const node = graph.node(id);
      return [id, { x: Math.round(node.x - NODE_WIDTH / 2 + offsetX), y: Math.round(node.y - NODE_HEIGHT / 2) }];
    }),
  );
}
